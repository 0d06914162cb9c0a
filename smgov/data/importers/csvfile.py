"""Reading CSV files as schools' software really exports them: BOMs, Windows-1252, semicolons, blank rows,
header names that vary. One reader for every importer."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from smgov.data.errors import ValidationError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line number in the file, for messages ("line 14: ...")
    values: dict[str, str]  # by canonical column name


def decode(data: bytes) -> str:
    if not data.strip():
        raise ValidationError("The file is empty.", field="file")
    if len(data) > MAX_BYTES:
        raise ValidationError("The file is too large to import (over 50 MB).", field="file")
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            "This is not a CSV file (it looks like a spreadsheet or other binary file). "
            "In Excel, use Save As → CSV UTF-8.",
            field="file",
        )
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def read_rows(data: bytes, columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]) -> list[CsvRow]:
    """Rows keyed by canonical names. ``columns`` maps each canonical name to the header spellings it accepts."""
    text = decode(data)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError("The file has no header row.", field="file") from None
    except csv.Error as exc:
        raise ValidationError(f"The file is not a readable CSV ({exc}).", field="file") from exc
    lookup = {_key(alias): name for name, aliases in columns.items() for alias in (name, *aliases)}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        name = lookup.get(_key(title))
        if name and name not in positions:
            positions[name] = index
    missing = [name for name in required if name not in positions]
    if missing:
        wanted = "; ".join(f"{name} (e.g. {', '.join(columns[name][:2]) or name})" for name in missing)
        raise ValidationError(
            f"The file has no column for: {wanted}. Its first row should name the columns.", field="file"
        )
    rows: list[CsvRow] = []
    try:
        for values in reader:
            if len(rows) >= MAX_ROWS:
                raise ValidationError(f"The file has more than {MAX_ROWS:,} rows.", field="file")
            if not any(v.strip() for v in values):
                continue
            rows.append(
                CsvRow(
                    line=reader.line_num,
                    values={name: values[i].strip() if i < len(values) else "" for name, i in positions.items()},
                )
            )
    except csv.Error as exc:
        raise ValidationError(f"Line {reader.line_num} of the file cannot be read ({exc}).", field="file") from exc
    return rows
