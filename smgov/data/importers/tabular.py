"""Reading a table out of a CSV or XLSX file as schools' software really exports them.

CSV: UTF-8 with or without a BOM, Windows-1252, UTF-16 ("Unicode text", with or without a BOM); comma, semicolon,
tab or bar between cells; blank rows skipped. XLSX: every sheet is read (the caller picks the one with its headers),
numbers come back as written (a number formatted 000000 keeps its leading zeros; 464.0 is "464"), dates as ISO.
Anything else (a spreadsheet saved as .xls, a PDF, a picture, a Word file named .csv) is refused with a message
that says what to do instead.

Cells are returned as text, stripped; nothing here judges what they mean (smgov.data.importers.mis does).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from smgov.data.errors import ValidationError
from smgov.data.importers.csvfile import MAX_BYTES, MAX_ROWS, decode

SAVE_AS = "In Excel, open it and use File → Save As → CSV UTF-8 (or Excel Workbook .xlsx)."
_DELIMITERS = (",", ";", "\t", "|")
_ZEROS = re.compile(r"^0+$")
_DECIMALS = re.compile(r"^0\.(0+)$")
# Signatures of files that are certainly not a table of text.
_MAGIC = {
    b"\xd0\xcf\x11\xe0": "an old-style Excel or Word file (.xls or .doc), or a password-protected workbook",
    b"%PDF": "a PDF",
    b"\x89PNG": "a picture (PNG)",
    b"\xff\xd8\xff": "a picture (JPEG)",
    b"GIF8": "a picture (GIF)",
    b"\x1f\x8b": "a compressed (gzip) file",
    b"Rar!": "a compressed (RAR) file",
    b"7z\xbc\xaf": "a compressed (7-Zip) file",
}


@dataclass(frozen=True)
class Row:
    line: int  # the line in a CSV file, or the row number in a sheet, for messages ("line 14: ...")
    cells: list[str]


@dataclass(frozen=True)
class Sheet:
    name: str  # "" for a CSV file
    rows: list[Row]  # blank rows left out


@dataclass(frozen=True)
class TabularFile:
    kind: str  # "csv" or "xlsx"
    sheets: list[Sheet]
    encoding: str = ""  # how a CSV file was read: "UTF-8", "Windows-1252", "UTF-16"
    delimiter: str = ""  # a CSV file's separator
    notes: list[str] = field(default_factory=list)


def read_tabular(data: bytes, filename: str = "") -> TabularFile:
    """The rows of a CSV or XLSX file (judged by its content, not its name). Raises ValidationError with a message
    for the user when the file is empty, too large, or not a table."""
    if not data.strip(b" \t\r\n\0"):
        raise ValidationError("The file is empty.", field="file")
    if len(data) > MAX_BYTES:
        raise ValidationError("The file is too large to import (over 50 MB).", field="file")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ValidationError(f"This file is {what}, not a CSV or XLSX file. {SAVE_AS}", field="file")
    return _read_csv(data)


# -- CSV ------------------------------------------------------------------------------------------------------------


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 with no BOM: every other byte of plain ASCII text is zero."""
    head = data[:4096]
    if len(head) < 4 or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) > len(zeros) * 0.9:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _text(data: bytes) -> tuple[str, str]:
    bare = _utf16_without_bom(data)
    if bare is not None:
        return bare, "UTF-16"
    text = decode(data)  # BOMs, UTF-8, UTF-16 with a BOM, Windows-1252; refuses NULs (binary)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    else:
        try:
            data.decode("utf-8")
            encoding = "UTF-8"
        except UnicodeDecodeError:
            encoding = "Windows-1252"
    # A binary file without NULs near its start still shows itself by control characters and replacement marks.
    sample = text[:20000]
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t") or ch == "\ufffd")
    if sample and odd > max(3, len(sample) // 200):
        raise ValidationError(
            f"This is not a CSV file (it looks like a spreadsheet or other binary file). {SAVE_AS}", field="file"
        )
    return text, encoding


def _delimiter(text: str) -> str:
    """The separator: the one the first non-blank line (the headers, usually) holds most of."""
    for line in text.splitlines()[:20]:
        if line.strip(" ,;\t|"):
            counts = {d: line.count(d) for d in _DELIMITERS}
            best = max(_DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _read_csv(data: bytes) -> TabularFile:
    text, encoding = _text(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', skipinitialspace=False)
    rows: list[Row] = []
    start = 1
    try:
        for values in reader:
            line, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if len(rows) > MAX_ROWS:
                raise ValidationError(f"The file has more than {MAX_ROWS:,} rows.", field="file")
            rows.append(Row(line, [v.strip() for v in values]))
    except csv.Error as exc:
        raise ValidationError(f"Line {reader.line_num} of the file cannot be read ({exc}).", field="file") from exc
    if not rows:
        raise ValidationError("The file is empty.", field="file")
    names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
    return TabularFile("csv", [Sheet("", rows)], encoding=encoding, delimiter=names[delimiter])


# -- XLSX -----------------------------------------------------------------------------------------------------------


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as the sheet shows it: 464 (not 464.0); 000464 under a 000000 format; dates as yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        fmt = (number_format or "General").split(";")[0].strip().strip('"')
        if _ZEROS.match(fmt) and float(value).is_integer():
            return str(int(value)).zfill(len(fmt))
        decimals = _DECIMALS.match(fmt)
        if decimals:
            return f"{value:.{len(decimals.group(1))}f}"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)
    return str(value).strip()


def _read_xlsx(data: bytes) -> TabularFile:
    import openpyxl  # imported here: only an XLSX import pays for it
    from openpyxl.cell.read_only import EmptyCell

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"This file is damaged or not a spreadsheet. {SAVE_AS}", field="file") from exc
    if "xl/workbook.xml" not in names:
        what = "a Word document" if "word/document.xml" in names else "a zip file"
        raise ValidationError(f"This file is {what}, not a CSV or XLSX file. {SAVE_AS}", field="file")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(f"This workbook cannot be read (it may be damaged). {SAVE_AS}", field="file") from exc
    sheets: list[Sheet] = []
    try:
        for worksheet in book.worksheets:
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()  # some writers record a wrong size; read what is there
            rows: list[Row] = []
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                values = [
                    "" if isinstance(cell, EmptyCell) else cell_text(cell.value, cell.number_format) for cell in cells
                ]
                if not any(values):
                    continue
                if len(rows) > MAX_ROWS:
                    raise ValidationError(f"The sheet has more than {MAX_ROWS:,} rows.", field="file")
                rows.append(Row(number, values))
            sheets.append(Sheet(worksheet.title, rows))
    finally:
        book.close()
    if not any(sheet.rows for sheet in sheets):
        raise ValidationError("The workbook is empty.", field="file")
    return TabularFile("xlsx", sheets)
