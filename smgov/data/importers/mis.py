"""The columns of pupil lists exported from a school's MIS (SIMS, Arbor, Bromcom, Scholarpack and others).

Exports vary by product, report and school: the headers are matched against a table of synonyms (case, spaces and
punctuation ignored), the header row is the first row (of the first sheet that has one) naming at least two known
columns, and the result is a mapping field -> header that the user can correct. A confirmed mapping is remembered
per source by the file's signature: a hash of its normalised headers (smgov.data.models.ImportMapping).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from smgov.data.errors import ValidationError
from smgov.data.importers.tabular import Row, TabularFile

# The register's fields, in the order the mapping preview shows them, with their labels.
FIELDS: dict[str, str] = {
    "upn": "UPN",
    "admission_number": "Admission number",
    "legal_last_name": "Legal surname",
    "legal_first_name": "Legal first name",
    "preferred_first_name": "Preferred first name",
    "year_group": "Year group",
    "class_name": "Class or registration group",
    "date_of_birth": "Date of birth",
}
REQUIRED = ("legal_last_name", "legal_first_name")
IDENTIFIERS = ("upn", "admission_number")  # at least one must be mapped

# Header spellings per field, best first: when a file has two that fit a field, the earlier one wins (so "Legal
# Surname" beats "Surname", and "Preferred Forename" never stands in for the legal one).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Unique Pupil Number", "Pupil UPN", "Student UPN"),
    "admission_number": (
        "Adno",
        "Adm No",
        "Admission No",
        "Admission Number",
        "Admission No.",
        "Admissions Number",
        "Adm Number",
        "Admission",
        "Pupil Number",
        "Student Number",
        "MIS ID",
    ),
    "legal_last_name": (
        "Legal Surname",
        "Legal Last Name",
        "Legal Family Name",
        "Surname",
        "Last Name",
        "Family Name",
        "Student Surname",
        "Pupil Surname",
    ),
    "legal_first_name": (
        "Legal Forename",
        "Legal First Name",
        "Legal Forenames",
        "Legal Given Name",
        "Forename",
        "Forenames",
        "First Name",
        "Given Name",
        "Student Forename",
        "Pupil Forename",
    ),
    "preferred_first_name": (
        "Preferred Forename",
        "Preferred First Name",
        "Preferred Name",
        "Known As",
        "Chosen Name",
    ),
    "year_group": ("Year Group", "Year", "NC Year", "NCY", "National Curriculum Year", "Curriculum Year", "Yr"),
    "class_name": (
        "Reg Group",
        "Registration Group",
        "Registration Form",
        "Reg",
        "Reg Form",
        "Form",
        "Form Group",
        "Tutor Group",
        "Class",
        "Class Name",
        "Registration Class",
    ),
    "date_of_birth": ("DOB", "Date of Birth", "Birth Date", "Birthdate", "D.O.B."),
}

# Headers by which a product's export is recognised (normalised), for the preview's "looks like a SIMS export".
_SOURCES = (
    ("SIMS", {"adno", "legalsurname", "legalforename", "reg"}),
    ("Arbor", {"legalfirstname", "legallastname", "registrationform"}),
    ("Bromcom", {"legalsurname", "legalforename", "registrationgroup", "admissionnumber"}),
)


def normalise_header(header: str) -> str:
    """ "Legal Surname", "legal_surname", "LEGAL SURNAME " -> "legalsurname"."""
    return re.sub(r"[^a-z0-9]", "", header.casefold())


_LOOKUP: dict[str, tuple[str, int]] = {}
for _field, _spellings in SYNONYMS.items():
    for _rank, _spelling in enumerate(_spellings):
        _LOOKUP.setdefault(normalise_header(_spelling), (_field, _rank))


def signature(headers: list[str]) -> str:
    """The same for any file with the same headers in any order (a hash, so it holds no data)."""
    names = sorted({normalise_header(h) for h in headers if normalise_header(h)})
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header for every field a header fits (the best spelling where several do)."""
    best: dict[str, tuple[int, str]] = {}
    for header in headers:
        found = _LOOKUP.get(normalise_header(header))
        if found is None:
            continue
        name, rank = found
        if name not in best or rank < best[name][0]:
            best[name] = (rank, header)
    return {name: best[name][1] for name in FIELDS if name in best}


def guess_source(headers: list[str]) -> str:
    keys = {normalise_header(h) for h in headers}
    for name, marks in _SOURCES:
        if len(marks & keys) >= len(marks) - 1:
            return name
    return "MIS export"


@dataclass(frozen=True)
class Located:
    """Where the table is in a file: the sheet, its header row and the rows under it."""

    sheet: str
    header_line: int
    headers: list[str]
    rows: list[Row]


def locate(table: TabularFile) -> Located:
    """The first sheet whose first rows include a header row naming two or more known columns; else the first row
    of the first sheet with rows (a file of unknown columns still previews, for the user to map)."""
    for sheet in table.sheets:
        for index, row in enumerate(sheet.rows[:15]):
            if len(guess_mapping(row.cells)) >= 2:
                return Located(sheet.name, row.line, _headers(row.cells), sheet.rows[index + 1 :])
    for sheet in table.sheets:
        if sheet.rows:
            return Located(sheet.name, sheet.rows[0].line, _headers(sheet.rows[0].cells), sheet.rows[1:])
    raise ValidationError("The file has no rows.", field="file")  # pragma: no cover - read_tabular refuses it


def _headers(cells: list[str]) -> list[str]:
    """Headers as given; a blank or repeated one is named by its column so each can be chosen."""
    names: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = " ".join(cell.split()) or f"Column {index}"
        while name in names:
            name = f"{name} (column {index})"
        names.append(name)
    while names and names[-1].startswith("Column ") and not cells[len(names) - 1].strip():
        names.pop()  # trailing empty headers
    return names


def check_mapping(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """A mapping the user chose, checked: known fields, headers in the file, the names and an identifier mapped."""
    checked: dict[str, str] = {}
    for name, header in mapping.items():
        if not header:
            continue
        if name not in FIELDS:
            raise ValidationError(f"'{name[:40]}' is not a pupil field.", field="mapping")
        if header not in headers:
            raise ValidationError(f"The file has no column '{header[:60]}'.", field="mapping")
        checked[name] = header
    missing = [FIELDS[name].lower() for name in REQUIRED if name not in checked]
    if missing:
        raise ValidationError(
            f"Choose the column for the {' and the '.join(missing)}. The file's columns are: {_listed(headers)}.",
            field="mapping",
        )
    if not any(name in checked for name in IDENTIFIERS):
        raise ValidationError(
            "Choose the column for the UPN or the admission number (pupils are matched by them on the next import).",
            field="mapping",
        )
    return checked


def _listed(headers: list[str]) -> str:
    shown = ", ".join(h[:40] for h in headers[:12])
    return shown + (f" and {len(headers) - 12} more" if len(headers) > 12 else "")
