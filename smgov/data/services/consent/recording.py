"""Recording a return, amendment or withdrawal (checked, then appended in one unit of work), and the kept forms."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import ConsentChange, ConsentEntry, ConsentForm, ConsentMethod, ConsentStatus, Pupil
from smgov.data.operators import actor_name
from smgov.data.services.consent.purpose_list import _purposes
from smgov.data.services.consent.status import year_bounds, year_label
from smgov.data.validation import check_line, check_text
from smgov.data.workspace import Workspace

MAX_RESTRICTION = 500
MAX_NOTE = 5000
MAX_FORM_BYTES = 20 * 1024 * 1024
FORM_TYPES = {b"%PDF": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass
class ConsentInput:
    """A return, amendment or withdrawal for one pupil and academic year: a status for each purpose it covers."""

    pupil_id: int
    academic_year: int
    change: ConsentChange
    statuses: Mapping[int, tuple[ConsentStatus, str]]  # purpose id -> (status, restriction)
    received_on: dt.date
    method: ConsentMethod
    effective_on: dt.date | None = None  # default: the day it was received
    given_by: str = ""
    relationship: str = ""
    parental_responsibility: bool = True
    by_pupil: bool = False
    note: str = ""
    form_bytes: bytes | None = None  # the scanned form, letter or email (PDF, PNG or JPEG)
    form_filename: str = ""


def check_input(form: ConsentInput, today: dt.date | None = None) -> ConsentInput:
    """The input tidied, or ValidationError naming the field."""
    today = today or dt.date.today()
    if not form.statuses:
        raise ValidationError("Choose the consent for at least one purpose.", field="statuses")
    if form.received_on > today:
        raise ValidationError("The date it was received cannot be in the future.", field="received_on")
    effective = form.effective_on or form.received_on
    if effective < form.received_on:
        raise ValidationError(
            "A change takes effect from the day it was received or later, never before: it is not retroactive.",
            field="effective_on",
        )
    start, end = year_bounds(form.academic_year)
    if effective > end:
        raise ValidationError(f"That date is after the {year_label(form.academic_year)} school year.", "effective_on")
    if form.change is ConsentChange.WITHDRAWAL and not form.note.strip() and form.form_bytes is None:
        raise ValidationError(
            "A withdrawal must be in writing: attach the letter or email, or say where it is kept.", field="note"
        )
    statuses: dict[int, tuple[ConsentStatus, str]] = {}
    for purpose_id, (status, restriction) in form.statuses.items():
        if status is ConsentStatus.NOT_RETURNED:
            raise ValidationError("Choose granted, refused or granted with restrictions.", field="statuses")
        text = check_text(restriction, "restriction", "restriction", required=False, limit=MAX_RESTRICTION)
        if status is ConsentStatus.RESTRICTED and not text:
            raise ValidationError("Say what the restriction is (for example: first name only).", "restriction")
        statuses[purpose_id] = (status, text if status is ConsentStatus.RESTRICTED else "")
    if form.change is ConsentChange.WITHDRAWAL and any(s.allows for s, _ in statuses.values()):
        raise ValidationError("A withdrawal refuses consent: use an amendment to change a restriction.", "statuses")
    given_by = "" if form.by_pupil else check_line(form.given_by, "given_by", "name", required=True, limit=200)
    return ConsentInput(
        pupil_id=form.pupil_id,
        academic_year=form.academic_year,
        change=form.change,
        statuses=statuses,
        received_on=form.received_on,
        method=form.method,
        effective_on=max(effective, start) if form.change is ConsentChange.RETURN else effective,
        given_by=given_by,
        relationship=check_line(form.relationship, "relationship", "relationship", required=False, limit=100),
        parental_responsibility=form.parental_responsibility,
        by_pupil=form.by_pupil,
        note=check_text(form.note, "note", "note", required=False, limit=MAX_NOTE),
        form_bytes=form.form_bytes,
        form_filename=form.form_filename,
    )


def _form_type(data: bytes) -> str:
    if len(data) > MAX_FORM_BYTES:
        raise ValidationError("That file is over 20 MB: scan the form at a lower resolution.", field="form")
    for magic, media_type in FORM_TYPES.items():
        if data.startswith(magic):
            return media_type
    raise ValidationError("Attach the form as a PDF, PNG or JPEG file.", field="form")


def record_consent(workspace: Workspace, form: ConsentInput, today: dt.date | None = None) -> list[int]:
    """Append the entries of a return, amendment or withdrawal (one unit of work). Returns the new entries' ids.

    A withdrawal (or an amendment that takes consent away) opens a takedown for every logged post showing the
    pupil that the new consent no longer allows (smgov.data.services.posting)."""
    form = check_input(form, today)
    with workspace.write() as session:
        pupil = session.get(Pupil, form.pupil_id)
        if pupil is None:
            raise ValidationError("That pupil is not on the register.", field="pupil")
        known = {p.id: p for p in _purposes(session, include_retired=True)}
        if any(purpose_id not in known for purpose_id in form.statuses):
            raise ValidationError("One of the purposes no longer exists.", field="statuses")
        form_id = _add_form(session, form) if form.form_bytes is not None else None
        who = actor_name(session)
        entries = [
            ConsentEntry(
                pupil_id=form.pupil_id,
                academic_year=form.academic_year,
                purpose_id=purpose_id,
                change=form.change,
                status=status,
                restriction=restriction,
                effective_on=form.effective_on,
                given_by=form.given_by,
                relationship=form.relationship,
                parental_responsibility=form.parental_responsibility,
                by_pupil=form.by_pupil,
                method=form.method,
                received_on=form.received_on,
                form_id=form_id,
                note=form.note,
                recorded_by=who,
            )
            for purpose_id, (status, restriction) in sorted(form.statuses.items())
        ]
        session.add_all(entries)
        session.flush()
        action = {
            ConsentChange.RETURN: AuditAction.CONSENT_RETURN,
            ConsentChange.AMENDMENT: AuditAction.CONSENT_AMEND,
            ConsentChange.WITHDRAWAL: AuditAction.CONSENT_WITHDRAW,
        }[form.change]
        summary = (
            f"{form.change.label} for {year_label(form.academic_year)}, effective {form.effective_on:%d/%m/%Y}: "
            + "; ".join(f"{known[p].label}: {s.label}" for p, (s, _) in sorted(form.statuses.items()))
        )
        audit.record(session, action, "pupil", form.pupil_id, summary)
        from smgov.data.services import posting

        posting.open_takedowns(session, form.pupil_id, entries)
        return [e.id for e in entries]


def _add_form(session: Session, form: ConsentInput) -> int:
    assert form.form_bytes is not None
    data = form.form_bytes
    row = ConsentForm(
        pupil_id=form.pupil_id,
        original_filename=form.form_filename.replace("\\", "/").rsplit("/", 1)[-1][:255],
        media_type=_form_type(data),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        data=data,
        added_by=actor_name(session),
    )
    session.add(row)
    session.flush()
    return row.id


def form_bytes(workspace: Workspace, form_id: int) -> tuple[str, bytes]:
    """(media type, bytes) of a kept consent form. Audited: it holds a parent's signature and a child's name."""
    with workspace.write() as session:
        row = session.get(ConsentForm, form_id)
        if row is None:
            raise ValidationError("That form is not in the workspace.")
        audit.record(session, AuditAction.CONSENT_FORM_VIEW, "pupil", row.pupil_id, "Consent form opened")
        return row.media_type, bytes(row.data)
