"""Reading the file: its header row, and each row's date, Yes/No answers, restriction and who filled it in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping

from smgov.data.errors import ValidationError
from smgov.data.importers import csvfile
from smgov.data.importers.consent_returns.mapping import ConsentMapping, fold
from smgov.data.importers.consent_returns.records import RefusedRow, ReturnRow
from smgov.data.models import ConsentStatus
from smgov.data.validation import clean_text

YES = {"yes", "y", "true", "1", "agree", "i agree", "granted", "consent", "x", "✓", "✔"}
NO = {"no", "n", "false", "0", "disagree", "i do not agree", "refused", "do not consent"}
NO_RESTRICTION = {"", "none", "no", "n/a", "na", "nil", "-", "--", "no restrictions", "none thank you", "nothing"}
PARENTS = {"mother", "father", "parent", "mum", "dad", "mom", "stepmother", "stepfather", "adoptive parent"}


def _headers(data: bytes) -> list[str]:
    text = csvfile.decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        first = next(csv.reader(io.StringIO(text, newline=""), dialect), [])
    except csv.Error as exc:
        raise ValidationError(f"The file is not a readable CSV ({exc}).", field="file") from exc
    headers: list[str] = []
    seen: set[str] = set()
    for title in first:
        header, key = clean_text(title), re.sub(r"[^a-z0-9]", "", title.lower())
        if key and key not in seen:
            seen.add(key)
            headers.append(header)
    return headers


def _parse_moment(text: str) -> dt.datetime | None:
    text = clean_text(text)
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.replace(tzinfo=None)
    except ValueError:
        pass
    for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def _answer(text: str) -> bool | None:
    """True for yes, False for no, None when blank; ValueError for anything else."""
    folded = fold(text)
    if not folded and not text.strip():
        return None
    if folded in YES or text.strip() in YES or folded.startswith("yes "):
        return True
    if folded in NO or folded.startswith("no "):
        return False
    raise ValueError(text)


def _relationship(text: str) -> tuple[str, bool]:
    """("Grandparent", True) from "Grandparent (PR)"; parents count as having parental responsibility."""
    cleaned = clean_text(text)
    marked = bool(re.search(r"\(\s*pr\s*\)|parental responsibility", cleaned, re.IGNORECASE))
    plain = re.sub(r"\(\s*pr\s*\)|\(?\s*(with )?parental responsibility\s*\)?", "", cleaned, flags=re.IGNORECASE)
    plain = " ".join(plain.split()).strip(" ,-")
    return plain[:100], marked or fold(plain) in PARENTS


def _read_row(
    line: int, values: Mapping[str, str], mapping: ConsentMapping, ids: Mapping[str, int]
) -> ReturnRow | RefusedRow:
    def get(name: str) -> str:
        header = mapping.fields.get(name)
        return clean_text(values.get(header, "")) if header else ""

    name = get("name") or " ".join(p for p in (get("first_name"), get("last_name")) if p)
    shown = name[:80]
    if not name:
        return RefusedRow(line, "", "The child's name is blank.")
    moment = _parse_moment(get("timestamp"))
    if moment is None:
        written = get("timestamp")[:40]
        reason = f"'{written}' is not a date (use dd/mm/yyyy or yyyy-mm-dd)." if written else "The date is blank."
        return RefusedRow(line, shown, reason)
    restriction = get("restriction")
    if fold(restriction) in NO_RESTRICTION:
        restriction = ""
    statuses: dict[int, tuple[ConsentStatus, str]] = {}
    for header, key in mapping.purposes.items():
        if key not in ids:
            continue
        written = values.get(header, "")
        try:
            yes = _answer(written)
        except ValueError:
            return RefusedRow(line, shown, f"'{clean_text(written)[:40]}' is not Yes or No ({header[:60]}).")
        if yes is not None:
            if restriction and yes:
                statuses[ids[key]] = (ConsentStatus.RESTRICTED, restriction)
            else:
                statuses[ids[key]] = (ConsentStatus.GRANTED if yes else ConsentStatus.REFUSED, "")
    if not statuses:
        return RefusedRow(line, shown, "No consent question is answered.")
    relationship, responsible = _relationship(get("relationship"))
    return ReturnRow(
        line, name, get("year_group"), get("class_name"), moment, statuses, get("given_by"), relationship, responsible
    )
