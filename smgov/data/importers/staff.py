"""Import staff from a CSV (name, role, email) with a preview: each row new, already there, or wrong and why."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import func, select

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.importers.csvfile import read_rows
from smgov.data.models.people import Person, PersonKind
from smgov.data.services import people, school
from smgov.data.workspace import Workspace

COLUMNS = {
    "name": ("Full name", "Staff name", "Name", "Display name"),
    "first_name": ("Forename", "First name", "Preferred forename", "Given name"),
    "last_name": ("Surname", "Last name", "Legal surname", "Family name"),
    "role": ("Role", "Job title", "Position", "Post"),
    "email": ("Email", "Email address", "Work email", "School email"),
}


class RowStatus(enum.StrEnum):
    NEW = "new"
    ALREADY_THERE = "already there"
    ERROR = "error"


@dataclass(frozen=True)
class StaffImportRow:
    line: int
    full_name: str
    role: str
    email: str
    status: RowStatus
    message: str = ""


@dataclass(frozen=True)
class StaffImportPreview:
    rows: list[StaffImportRow]

    @property
    def to_add(self) -> list[StaffImportRow]:
        return [r for r in self.rows if r.status is RowStatus.NEW]

    @property
    def errors(self) -> list[StaffImportRow]:
        return [r for r in self.rows if r.status is RowStatus.ERROR]


def preview(workspace: Workspace, data: bytes) -> StaffImportPreview:
    raw = read_rows(data, COLUMNS, required=())
    if raw and not ({"name"} <= raw[0].values.keys() or {"first_name", "last_name"} <= raw[0].values.keys()):
        raise ValidationError("The file needs a Name column (or Forename and Surname columns).", field="file")
    with workspace.read() as session:
        known_emails = {e.lower() for e in session.scalars(select(Person.email).where(Person.email != ""))}
        known_names = {n.lower() for n in session.scalars(select(func.lower(Person.full_name)))}
    domains = school.get_details(workspace).email_domains
    seen: set[str] = set()
    rows: list[StaffImportRow] = []
    for row in raw:
        values = row.values
        name = values.get("name") or " ".join(p for p in (values.get("first_name"), values.get("last_name")) if p)
        role, email = values.get("role", ""), values.get("email", "")
        form = people.PersonForm(full_name=name, kind=PersonKind.STAFF, role=role, email=email)
        try:
            form = people.check_form(workspace, form, domains)
        except ValidationError as exc:
            rows.append(StaffImportRow(row.line, name, role, email, RowStatus.ERROR, f"{exc} ({exc.field})"))
            continue
        key = form.email.lower() or form.full_name.lower()
        if key in seen:
            rows.append(
                StaffImportRow(
                    row.line,
                    form.full_name,
                    form.role,
                    form.email,
                    RowStatus.ERROR,
                    "The same person appears twice in the file.",
                )
            )
            continue
        seen.add(key)
        exists = (form.email and form.email.lower() in known_emails) or (
            not form.email and form.full_name.lower() in known_names
        )
        status = RowStatus.ALREADY_THERE if exists else RowStatus.NEW
        rows.append(StaffImportRow(row.line, form.full_name, form.role, form.email, status))
    return StaffImportPreview(rows)


def import_staff(workspace: Workspace, checked: StaffImportPreview) -> int:
    """Add the previewed new rows in one unit of work: all of them or, on any error, none."""
    added = 0
    with workspace.write() as session:
        for row in checked.to_add:
            session.add(Person(full_name=row.full_name, kind=PersonKind.STAFF.value, role=row.role, email=row.email))
            added += 1
        audit.record(session, AuditAction.PERSON_IMPORT, "person", None, f"{added} staff imported from a CSV file")
    return added
