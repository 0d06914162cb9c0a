"""The pupil register: pupils as the MIS exports them (imported, never typed in), and the never-publish flag.

Pupils are never deleted: one missing from a full export goes off roll, and their consent history stays.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.importers import mis
from smgov.data.importers.tabular import Row, read_tabular
from smgov.data.models import ImportMapping, IncidentPerson, InvolvedKind, NeverPublishReason, Pupil
from smgov.data.validation import check_text, clean_text
from smgov.data.workspace import Workspace

YEAR_GROUPS = ["Nursery", "Reception", *(f"Year {n}" for n in range(1, 14))]
_YEAR = re.compile(r"^(?:y(?:ea)?r?\s*|year\s*|ncy\s*)?(\d{1,2})$")


def normalise_year_group(text: str) -> str:
    """ "Y4", "4", "yr 4", "Year 04", "NCY 4" -> "Year 4"; "R", "Rec", "YR" -> "Reception"; "N", "N1", "Nur" ->
    "Nursery". Anything else is kept as given (tidied), so nothing is lost."""
    cleaned = " ".join(str(text).split()).strip()
    key = cleaned.lower().replace(".", "")
    if key in ("r", "rec", "reception", "yr", "year r", "fs2", "f2", "foundation 2", "year 0", "0"):
        return "Reception"
    if key in ("n", "n1", "n2", "nur", "nursery", "fs1", "f1", "foundation 1", "pre-school", "preschool"):
        return "Nursery"
    match = _YEAR.match(key)
    if match and 1 <= int(match.group(1)) <= 13:
        return f"Year {int(match.group(1))}"
    return cleaned


def year_order(year_group: str) -> int:
    """Where a year group sorts: Nursery, Reception, Year 1 ... Year 13, then anything else."""
    try:
        return YEAR_GROUPS.index(year_group)
    except ValueError:
        return len(YEAR_GROUPS)


@dataclass(frozen=True)
class PupilRow:
    id: int
    upn: str
    admission_number: str
    legal_first_name: str
    legal_last_name: str
    preferred_first_name: str
    year_group: str
    class_name: str
    date_of_birth: dt.date | None
    on_roll: bool
    off_roll_on: dt.date | None
    never_publish: bool

    @property
    def first_name(self) -> str:
        """The name the pupil goes by."""
        return self.preferred_first_name or self.legal_first_name

    @property
    def shown_name(self) -> str:
        """Preferred first name and surname, as staff know the pupil."""
        return f"{self.first_name} {self.legal_last_name}".strip()

    @property
    def sort_key(self) -> tuple[int, str, str, str]:
        return (year_order(self.year_group), self.class_name, self.legal_last_name.casefold(), self.first_name)

    @property
    def reference(self) -> str:
        """How the pupil is named where a name must not be: the admission number, else the UPN."""
        return self.admission_number or self.upn or f"pupil {self.id}"


def _row(pupil: Pupil) -> PupilRow:
    return PupilRow(
        pupil.id,
        pupil.upn,
        pupil.admission_number,
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.preferred_first_name,
        pupil.year_group,
        pupil.class_name,
        pupil.date_of_birth,
        pupil.on_roll,
        pupil.off_roll_on,
        pupil.never_publish,
    )


def list_pupils(workspace: Workspace, *, include_off_roll: bool = False) -> list[PupilRow]:
    """Every pupil (on roll unless asked), in year, class and name order. The views filter in memory."""
    with workspace.read() as session:
        return _list(session, include_off_roll=include_off_roll)


def _list(session: Session, *, include_off_roll: bool = False) -> list[PupilRow]:
    query = select(Pupil)
    if not include_off_roll:
        query = query.where(Pupil.on_roll.is_(True))
    return sorted((_row(p) for p in session.scalars(query)), key=lambda r: r.sort_key)


def get_pupil(workspace: Workspace, pupil_id: int) -> PupilRow:
    with workspace.read() as session:
        return _row(_get(session, pupil_id))


def _get(session: Session, pupil_id: int) -> Pupil:
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise ValidationError("That pupil is not on the register.", field="pupil")
    return pupil


def find_pupil(workspace: Workspace, reference: str) -> PupilRow:
    """A pupil by admission number or UPN, as typed (case and spaces do not matter; leading zeros do)."""
    wanted = "".join(str(reference).split()).upper()
    if not wanted:
        raise ValidationError("Give the pupil's admission number or UPN.", field="pupil")
    with workspace.read() as session:
        found = session.scalars(select(Pupil).where((Pupil.admission_number == wanted) | (Pupil.upn == wanted))).all()
    if not found:
        raise ValidationError(f"No pupil has the admission number or UPN {wanted[:40]}.", field="pupil")
    if len(found) > 1:
        raise ValidationError(f"{len(found)} pupils match {wanted[:40]}: use the UPN.", field="pupil")
    return _row(found[0])


def classes(workspace: Workspace) -> list[tuple[str, str]]:
    """(year group, class) of the pupils on roll, in school order."""
    with workspace.read() as session:
        pairs = {
            (row[0], row[1])
            for row in session.execute(select(Pupil.year_group, Pupil.class_name).where(Pupil.on_roll.is_(True)))
        }
    return sorted(pairs, key=lambda pair: (year_order(pair[0]), pair[1]))


# -- never publish ------------------------------------------------------------------------------------------------


def set_never_publish(workspace: Workspace, pupil_id: int, reason: NeverPublishReason | None, note: str = "") -> None:
    """Flag a pupil whose image must never be published (``reason`` None clears the flag). The reason is kept but
    shown only on request (:func:`never_publish_reason`), and that is audited; the audit log never holds it."""
    note = check_text(note, "never_publish_note", "note", required=False, limit=2000)
    with workspace.write() as session:
        pupil = _get(session, pupil_id)
        pupil.never_publish = reason is not None
        pupil.never_publish_reason = reason
        pupil.never_publish_note = note if reason is not None else ""
        what = "set" if reason is not None else "cleared"
        audit.record(session, AuditAction.PUPIL_NEVER_PUBLISH, "pupil", pupil_id, f"Never-publish flag {what}")


def never_publish_reason(workspace: Workspace, pupil_id: int) -> tuple[NeverPublishReason | None, str]:
    """Why a pupil must never be published, for someone who asked to see it (audited)."""
    with workspace.write() as session:
        pupil = _get(session, pupil_id)
        audit.record(session, AuditAction.PUPIL_NEVER_PUBLISH_REVEAL, "pupil", pupil_id, "Never-publish reason shown")
        return pupil.never_publish_reason, pupil.never_publish_note


# -- import from the MIS --------------------------------------------------------------------------------------------
#
# The GUI's import wizard and ``smgov import pupils`` use the same three steps:
#   1. detect_columns(data, filename)  -> ColumnChoice: the headers, the mapping found (or remembered), sample rows;
#   2. preview_import(workspace, data, filename, mapping, full_export) -> ImportPreview: new, changed, leaving and
#      refused rows, nothing saved;
#   3. apply_import(workspace, preview) -> ImportResult: all of it in one unit of work, or nothing.

MAPPING_KIND = "pupils"
FIELD_LABELS = mis.FIELDS  # field -> label, in the order the mapping preview shows them
_IDENTIFIER = re.compile(r"^[A-Z0-9][A-Z0-9/\-]{0,19}$")
_UPN = re.compile(r"^[A-Z0-9]{1,20}$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_LIMITS = {"legal_first_name": 100, "legal_last_name": 100, "preferred_first_name": 100, "class_name": 40}
_SAMPLE_ROWS = 8


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


def detect_columns(workspace: Workspace, data: bytes, filename: str = "") -> ColumnChoice:
    """Read a CSV or XLSX export and find its columns: the mapping the user confirmed before for files with these
    headers, else the one the synonyms give. Raises ValidationError (field "file") when the file cannot be read."""
    table = read_tabular(data, filename)
    located = mis.locate(table)
    sig = mis.signature(located.headers)
    remembered = _remembered(workspace, sig, located.headers)
    mapping = remembered if remembered is not None else mis.guess_mapping(located.headers)
    return ColumnChoice(
        filename=filename,
        source=mis.guess_source(located.headers),
        signature=sig,
        sheet=located.sheet,
        header_line=located.header_line,
        headers=located.headers,
        mapping=mapping,
        remembered=remembered is not None,
        sample=[_aligned(row.cells, len(located.headers)) for row in located.rows[:_SAMPLE_ROWS]],
        row_count=len(located.rows),
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def preview_import(
    workspace: Workspace,
    data: bytes,
    filename: str = "",
    mapping: dict[str, str] | None = None,
    *,
    full_export: bool = True,
) -> ImportPreview:
    """What importing ``data`` (a CSV or XLSX export) would do, saving nothing.

    ``mapping`` (field -> header, as ColumnChoice.mapping) is the user's; None uses the remembered or detected one.
    ``full_export`` is the user's word that the file lists every pupil on roll: pupils missing from it are listed
    as leaving. Raises ValidationError (field "file" or "mapping") when the file or the mapping cannot be used."""
    table = read_tabular(data, filename)
    located = mis.locate(table)
    sig = mis.signature(located.headers)
    if mapping is None:
        mapping = _remembered(workspace, sig, located.headers) or mis.guess_mapping(located.headers)
    mapping = mis.check_mapping(mapping, located.headers)
    positions = {name: located.headers.index(header) for name, header in mapping.items()}
    rows, refused, duplicates = _parse_rows(located.rows, positions)
    with workspace.read() as session:
        existing = [_row(p) for p in session.scalars(select(Pupil))]
    plan = _plan(rows, existing, set(mapping), full_export)
    refused = sorted(refused + plan.refused, key=lambda r: r.line)
    warnings: list[str] = []
    on_roll = sum(1 for p in existing if p.on_roll)
    if full_export and on_roll >= 10 and len(plan.leaving) > on_roll // 2:
        warnings.append(
            f"{len(plan.leaving)} of the {on_roll} pupils on roll are not in this file. If it is not the whole "
            "school's list, untick 'this is a full export' so nobody goes off roll."
        )
    return ImportPreview(
        filename=filename,
        source=mis.guess_source(located.headers),
        signature=sig,
        mapping=mapping,
        full_export=full_export,
        rows=plan.accepted,
        new=plan.new,
        changed=plan.changed,
        unchanged=plan.unchanged,
        leaving=plan.leaving,
        refused=refused,
        duplicates=duplicates,
        ignored_columns=[h for h in located.headers if h not in set(mapping.values())],
        warnings=warnings,
    )


def apply_import(workspace: Workspace, preview: ImportPreview, *, today: dt.date | None = None) -> ImportResult:
    """Save a previewed import in one unit of work: new pupils added, changed ones updated, and (for a full export)
    those leaving marked off roll today, never deleted; incidents' pupils linked to the register; the mapping
    remembered for files with these headers. Refused when any row was refused, or when the register changed since
    the preview (preview again); nothing is saved then."""
    if preview.refused:
        count = len(preview.refused)
        raise ValidationError(
            f"{_rows(count)} of the file cannot be imported (listed with line numbers and reasons). Nothing was "
            "saved: correct the file or the MIS and import it again.",
            field="file",
        )
    today = today or dt.date.today()
    with workspace.write() as session:
        pupils = {p.id: p for p in session.scalars(select(Pupil))}
        plan = _plan(preview.rows, [_row(p) for p in pupils.values()], set(preview.mapping), preview.full_export)
        if (
            plan.refused
            or len(plan.new) != len(preview.new)
            or [c.pupil_id for c in plan.changed] != [c.pupil_id for c in preview.changed]
            or [p.id for p in plan.leaving] != [p.id for p in preview.leaving]
        ):
            raise ValidationError(
                "The pupil register changed since this preview. Nothing was saved: preview the file again.",
                field="file",
            )
        if plan.new:  # one bulk INSERT (digested by the audited unit like any other)
            session.execute(
                insert(Pupil),
                [
                    {
                        "upn": r.upn,
                        "admission_number": r.admission_number,
                        "legal_first_name": r.legal_first_name,
                        "legal_last_name": r.legal_last_name,
                        "preferred_first_name": r.preferred_first_name,
                        "year_group": r.year_group,
                        "class_name": r.class_name,
                        "date_of_birth": r.date_of_birth,
                    }
                    for r in plan.new
                ],
            )
        for change in plan.changed:
            pupil = pupils[change.pupil_id]
            for name in change.fields:
                if name == "on_roll":
                    pupil.on_roll, pupil.off_roll_on = True, None
                else:
                    setattr(pupil, name, getattr(change.row, name))
        for leaving in plan.leaving:
            pupils[leaving.id].on_roll = False
            pupils[leaving.id].off_roll_on = today
        _remember(session, preview)
        session.flush()
        linked = link_incident_pupils(session)
        summary = (
            f"{preview.source} import: {len(plan.new)} new, {len(plan.changed)} changed, {plan.unchanged} unchanged"
        )
        if linked:
            summary += f"; {linked} incident pupil record(s) linked to the register"
        audit.record(session, AuditAction.PUPIL_IMPORT, "pupil", None, summary)
        if plan.leaving:
            audit.record(
                session,
                AuditAction.PUPIL_OFF_ROLL,
                "pupil",
                None,
                f"{_pupils(len(plan.leaving))} marked off roll (not in a full export)",
            )
    return ImportResult(len(plan.new), len(plan.changed), plan.unchanged, len(plan.leaving), linked)


# -- parsing rows ---------------------------------------------------------------------------------------------------


def _aligned(cells: list[str], width: int) -> list[str]:
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


def _parse_rows(
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


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _pupils(count: int) -> str:
    return f"{count} pupil{'s' if count != 1 else ''}"


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + "."


# -- matching against the register ----------------------------------------------------------------------------------


@dataclass
class _Plan:
    accepted: list[ImportedPupil] = field(default_factory=list)
    new: list[ImportedPupil] = field(default_factory=list)
    changed: list[PupilChange] = field(default_factory=list)
    unchanged: int = 0
    leaving: list[PupilRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value or "")


def _plan(rows: list[ImportedPupil], existing: list[PupilRow], mapped: set[str], full_export: bool) -> _Plan:
    """Match each row to the register (by UPN, then admission number) and say what would change. Identifiers are
    never cleared by a blank cell; other fields the file has a column for follow the file."""
    by_upn: dict[str, list[PupilRow]] = {}
    by_admission: dict[str, list[PupilRow]] = {}
    for known in existing:
        if known.upn:
            by_upn.setdefault(known.upn, []).append(known)
        if known.admission_number:
            by_admission.setdefault(known.admission_number, []).append(known)
    plan = _Plan()
    matched: dict[int, int] = {}  # pupil id -> line
    compared = [name for name in FIELD_LABELS if name in mapped]
    for row in rows:
        by_u = by_upn.get(row.upn, []) if row.upn else []
        by_a = by_admission.get(row.admission_number, []) if row.admission_number else []
        if len(by_u) > 1 or (not by_u and len(by_a) > 1):
            plan.refused.append(RefusedRow(row.line, f"{len(by_u) or len(by_a)} pupils on the register match it."))
            continue
        pupil = by_u[0] if by_u else (by_a[0] if by_a else None)
        if by_u and by_a and by_a[0].id != by_u[0].id:
            plan.refused.append(
                RefusedRow(row.line, "Its UPN and its admission number belong to two different pupils on the register.")
            )
            continue
        # Matched by admission number with another UPN on the register: a temporary UPN replaced, so it changes.
        if pupil is not None and pupil.id in matched:
            plan.refused.append(RefusedRow(row.line, f"It is the same pupil as line {matched[pupil.id]}."))
            continue
        plan.accepted.append(row)
        if pupil is None:
            plan.new.append(row)
            continue
        matched[pupil.id] = row.line
        fields: list[str] = []
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        for name in compared:
            old, new = getattr(pupil, name), getattr(row, name)
            if name in mis.IDENTIFIERS and not new:
                continue
            if old != new:
                fields.append(name)
                before[name], after[name] = _text(old), _text(new)
        if not pupil.on_roll:
            fields.append("on_roll")
            before["on_roll"], after["on_roll"] = "off roll", "on roll"
        if fields:
            plan.changed.append(PupilChange(pupil.id, row.line, row, tuple(fields), before, after))
        else:
            plan.unchanged += 1
    if full_export:
        plan.leaving = sorted((p for p in existing if p.on_roll and p.id not in matched), key=lambda p: p.sort_key)
    return plan


# -- remembered mappings --------------------------------------------------------------------------------------------


def _remembered(workspace: Workspace, sig: str, headers: list[str]) -> dict[str, str] | None:
    with workspace.read() as session:
        stored = session.scalars(
            select(ImportMapping.mapping).where(ImportMapping.kind == MAPPING_KIND, ImportMapping.signature == sig)
        ).first()
    if stored is None:
        return None
    try:
        mapping = json.loads(stored)
        return mis.check_mapping({str(k): str(v) for k, v in dict(mapping).items()}, headers)
    except (ValueError, TypeError, ValidationError):
        return None  # a mapping that no longer fits: detect again


def _remember(session: Session, preview: ImportPreview) -> None:
    stored = session.scalars(
        select(ImportMapping).where(ImportMapping.kind == MAPPING_KIND, ImportMapping.signature == preview.signature)
    ).first()
    text = json.dumps(preview.mapping, sort_keys=True)
    if stored is None:
        session.add(
            ImportMapping(kind=MAPPING_KIND, signature=preview.signature, source=preview.source[:60], mapping=text)
        )
    elif stored.mapping != text or stored.source != preview.source[:60]:
        stored.mapping, stored.source = text, preview.source[:60]


# -- incidents' pupils ----------------------------------------------------------------------------------------------


def name_key(text: str) -> str:
    """A name compared without case, accents, hyphens, apostrophes or extra spaces: "Oisín O'Neill-Khan" and
    "oisin oneill khan" are the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’`.]", "", plain)
    return " ".join(re.sub(r"[^\w]", " ", plain).split())


def _name_keys(pupil: Pupil) -> Iterable[str]:
    yield name_key(f"{pupil.legal_first_name} {pupil.legal_last_name}")
    if pupil.preferred_first_name:
        yield name_key(f"{pupil.preferred_first_name} {pupil.legal_last_name}")


def link_incident_pupils(session: Session) -> int:
    """Link each incident's pupil (kept by name and year group) that has no link yet to the register, where exactly
    one pupil on roll has that full name (legal or preferred first name and surname; case and accents aside) and,
    when the incident gives one, that year group. Names stay where no single pupil matches. Returns how many were
    linked. Runs inside the caller's unit of work (which records the audit event)."""
    unlinked = list(
        session.scalars(
            select(IncidentPerson).where(IncidentPerson.kind == InvolvedKind.PUPIL, IncidentPerson.pupil_id.is_(None))
        )
    )
    if not unlinked:
        return 0
    by_name: dict[str, dict[int, str]] = {}
    for pupil in session.scalars(select(Pupil).where(Pupil.on_roll.is_(True))):
        for key in _name_keys(pupil):
            by_name.setdefault(key, {})[pupil.id] = pupil.year_group
    linked = 0
    for person in unlinked:
        candidates = by_name.get(name_key(person.name), {})
        if person.year_group.strip():
            year = normalise_year_group(person.year_group)
            candidates = {pid: y for pid, y in candidates.items() if y == year}
        if len(candidates) == 1:
            person.pupil_id = next(iter(candidates))
            linked += 1
    return linked
