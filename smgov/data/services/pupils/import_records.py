"""What the MIS import sends and gets: the columns found, the rows checked, the changes previewed and the
result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from smgov.data.importers import mis
from smgov.data.services.pupils.register import PupilRow

MAPPING_KIND = "pupils"
FIELD_LABELS = mis.FIELDS  # field -> label, in the order the mapping preview shows them


@dataclass(frozen=True)
class ColumnChoice:
    """What a file holds, for the mapping step: its headers, the mapping to show (field -> header, fields without a
    column left out), and its first rows (cells in header order) so the user can see that the columns fit."""

    filename: str
    source: str  # "SIMS", "Arbor", "Bromcom" or "MIS export"
    signature: str
    sheet: str  # the XLSX sheet read ("" for a CSV)
    header_line: int
    headers: list[str]
    mapping: dict[str, str]
    remembered: bool  # the mapping is one the user confirmed for files with these headers
    sample: list[list[str]]
    row_count: int
    encoding: str = ""  # a CSV file's: "UTF-8", "Windows-1252", "UTF-16"
    delimiter: str = ""  # a CSV file's: "comma", "semicolon", "tab"

    @property
    def ignored(self) -> list[str]:
        """The file's columns that no field uses (Gender, Ethnicity...): not imported."""
        used = set(self.mapping.values())
        return [h for h in self.headers if h not in used]

    @property
    def missing(self) -> list[str]:
        """Labels of the fields that must have a column and have none."""
        labels = [FIELD_LABELS[name] for name in mis.REQUIRED if name not in self.mapping]
        if not any(name in self.mapping for name in mis.IDENTIFIERS):
            labels.append("UPN or admission number")
        return labels


@dataclass(frozen=True)
class ImportedPupil:
    """One row of the file, checked: identifiers upper-case with leading zeros kept, names cleaned, the year group
    normalised. Fields the file has no column for are "" (and None) and leave the register's value alone."""

    line: int
    upn: str
    admission_number: str
    legal_first_name: str
    legal_last_name: str
    preferred_first_name: str
    year_group: str
    class_name: str
    date_of_birth: dt.date | None

    @property
    def reference(self) -> str:
        return self.admission_number or self.upn

    @property
    def shown_name(self) -> str:
        return f"{self.preferred_first_name or self.legal_first_name} {self.legal_last_name}".strip()

    def values(self) -> tuple[object, ...]:
        return (
            self.upn,
            self.admission_number,
            self.legal_first_name,
            self.legal_last_name,
            self.preferred_first_name,
            self.year_group,
            self.class_name,
            self.date_of_birth,
        )


@dataclass(frozen=True)
class PupilChange:
    """A pupil on the register whose row differs: which fields (keys of FIELD_LABELS, or "on_roll" for a pupil
    coming back on roll), with the values before and after, as text."""

    pupil_id: int
    line: int
    row: ImportedPupil
    fields: tuple[str, ...]
    before: dict[str, str]
    after: dict[str, str]

    @property
    def described(self) -> str:
        """ "class 4A → 4B; year group Year 3 → Year 4" (no names: these appear in the preview next to the pupil)."""
        parts = []
        for name in self.fields:
            if name == "on_roll":
                parts.append("back on roll")
            else:
                label = FIELD_LABELS[name].lower()
                parts.append(f"{label} {self.before[name] or '(blank)'} → {self.after[name] or '(blank)'}")
        return "; ".join(parts)


@dataclass(frozen=True)
class RefusedRow:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do, before anything is saved. ``leaving`` lists pupils on roll who are not in the
    file, filled only when the user said the file is a full export (``full_export``): applying marks them off roll.

    Applying is refused while any row is refused (``can_apply``): a file with errors saves nothing."""

    filename: str
    source: str
    signature: str
    mapping: dict[str, str]
    full_export: bool
    rows: list[ImportedPupil]  # every row accepted (what apply_import works from)
    new: list[ImportedPupil]
    changed: list[PupilChange]
    unchanged: int
    leaving: list[PupilRow]
    refused: list[RefusedRow]
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (line, the earlier identical line): skipped
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return not self.refused

    @property
    def counts(self) -> str:
        """ "12 new, 3 changed, 400 unchanged, 2 leaving, 0 refused"."""
        leaving = f"{len(self.leaving)} leaving" if self.full_export else "leaving not checked (not a full export)"
        return (
            f"{len(self.new)} new, {len(self.changed)} changed, {self.unchanged} unchanged, {leaving}, "
            f"{len(self.refused)} refused"
        )


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int
    off_roll: int
    incident_pupils_linked: int
