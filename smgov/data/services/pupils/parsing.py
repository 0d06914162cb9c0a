"""Reading an export's rows: each checked (identifiers, names, year group, date of birth), then checked against
each other."""

from __future__ import annotations

import datetime as dt
import re

from smgov.data.importers.tabular import Row
from smgov.data.services.pupils.import_records import FIELD_LABELS, ImportedPupil, RefusedRow
from smgov.data.services.pupils.register import normalise_year_group
from smgov.data.validation import clean_text

_IDENTIFIER = re.compile(r"^[A-Z0-9][A-Z0-9/\-]{0,19}$")
_UPN = re.compile(r"^[A-Z0-9]{1,20}$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_LIMITS = {"legal_first_name": 100, "legal_last_name": 100, "preferred_first_name": 100, "class_name": 40}


def aligned(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy, two-digit years), yyyy-mm-dd (with a time, as spreadsheets give it),
    or "6 Jun 2017". Raises ValueError."""
    text = text.strip()
    match = _ISO.match(text)
    if match:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= (today or dt.date.today()).year % 100 else 1900
        return dt.date(year, month, day)
    for pattern in ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _shown(value: str) -> str:
    """A cell quoted in a message: short, and plain text."""
    value = clean_text(value)
    return f"'{value[:30]}…'" if len(value) > 30 else f"'{value}'"


def _parse_row(row: Row, positions: dict[str, int]) -> ImportedPupil:
    """One row checked; raises ValueError with the reason."""
    cells = row.cells

    def cell(name: str) -> str:
        index = positions.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    values: dict[str, str] = {}
    for name, limit in _LIMITS.items():
        text = clean_text(cell(name))
        if len(text) > limit:
            raise ValueError(f"the {FIELD_LABELS[name].lower()} is too long ({len(text)} characters; at most {limit})")
        values[name] = text
    if not values["legal_last_name"]:
        raise ValueError("no surname")
    if not values["legal_first_name"]:
        raise ValueError("no first name")
    upn = "".join(clean_text(cell("upn")).split()).upper()
    admission = "".join(clean_text(cell("admission_number")).split()).upper()
    if upn and not _UPN.match(upn):
        raise ValueError(f"the UPN {_shown(upn)} is not a UPN (letters and digits, 13 of them)")
    if admission and not _IDENTIFIER.match(admission):
        raise ValueError(f"the admission number {_shown(admission)} is not one (letters and digits, at most 20)")
    if not upn and not admission:
        raise ValueError("no UPN and no admission number")
    year = normalise_year_group(clean_text(cell("year_group")))
    if len(year) > 20:
        raise ValueError(f"the year group {_shown(year)} is not one (Reception, Year 1 to Year 13, Y4, 4...)")
    born: dt.date | None = None
    dob = clean_text(cell("date_of_birth"))
    if dob:
        try:
            born = parse_date(dob)
        except ValueError:
            raise ValueError(f"the date of birth {_shown(dob)} is not a date (use dd/mm/yyyy)") from None
        if not dt.date(1900, 1, 1) <= born <= dt.date.today():
            raise ValueError(f"the date of birth {_shown(dob)} cannot be right")
    return ImportedPupil(
        row.line,
        upn,
        admission,
        values["legal_first_name"],
        values["legal_last_name"],
        values["preferred_first_name"],
        year,
        values["class_name"],
        born,
    )


def parse_rows(
    rows: list[Row], positions: dict[str, int]
) -> tuple[list[ImportedPupil], list[RefusedRow], list[tuple[int, int]]]:
    """Rows checked, and checked against each other: an identical row again is skipped; a UPN or admission number
    given twice with different details is refused, naming both lines."""
    accepted: list[ImportedPupil] = []
    refused: list[RefusedRow] = []
    duplicates: list[tuple[int, int]] = []
    by_upn: dict[str, ImportedPupil] = {}
    by_admission: dict[str, ImportedPupil] = {}
    for row in rows:
        try:
            pupil = _parse_row(row, positions)
        except ValueError as exc:
            refused.append(RefusedRow(row.line, _sentence(str(exc))))
            continue
        earlier = (by_upn.get(pupil.upn) if pupil.upn else None) or (
            by_admission.get(pupil.admission_number) if pupil.admission_number else None
        )
        if earlier is not None:
            if earlier.values() == pupil.values():
                duplicates.append((pupil.line, earlier.line))
                continue
            what = (
                f"the UPN {pupil.upn}"
                if pupil.upn and earlier.upn == pupil.upn
                else f"the admission number {pupil.admission_number}"
            )
            refused.append(
                RefusedRow(
                    pupil.line,
                    _sentence(f"{what} is also on line {earlier.line}, with different details"),
                )
            )
            continue
        if pupil.upn:
            by_upn[pupil.upn] = pupil
        if pupil.admission_number:
            by_admission[pupil.admission_number] = pupil
        accepted.append(pupil)
    return accepted, refused, duplicates


def rows_text(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def pupils_text(count: int) -> str:
    return f"{count} pupil{'s' if count != 1 else ''}"


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + "."
