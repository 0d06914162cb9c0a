"""Reading the audit log for the audit view and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, cast, select

from smgov.data.audit_actions import AuditAction
from smgov.data.models import AuditEvent
from smgov.data.models.people import Person
from smgov.data.workspace import Workspace


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    summary: str
    actor_login: str | None = None  # the computer's login behind ``actor`` (None on events before schema 0006)
    person_name: str | None = None  # the person's name, when the event is about a person still on the register


def list_events(workspace: Workspace, *, newest_first: bool = True, limit: int | None = None) -> list[AuditRow]:
    """Audit events as plain rows (the view filters them in memory: 50,000 rows are a few MB)."""
    order = AuditEvent.id.desc() if newest_first else AuditEvent.id
    query = (
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.actor,
            AuditEvent.action,
            AuditEvent.entity_type,
            AuditEvent.entity_id,
            AuditEvent.summary,
            AuditEvent.actor_login,
            Person.full_name,
        )
        .outerjoin(Person, (AuditEvent.entity_type == "person") & (Person.id == cast(AuditEvent.entity_id, Integer)))
        .order_by(order)
    )
    if limit is not None:
        query = query.limit(limit)
    with workspace.read() as session:
        return [AuditRow(*row) for row in session.execute(query)]


def current_seal(workspace: Workspace) -> str:
    """The audit seal of the history as it stands, for a printed report: ``smgov verify FILE --seal SEAL`` later
    proves that the audit log up to this print is unchanged (smgov.data.integrity)."""
    from smgov.data import integrity

    with workspace.read() as session:
        return integrity.current_seal(session)


def record_output(
    workspace: Workspace, action: AuditAction, entity_type: str, entity_id: object | None, summary: str
) -> None:
    """Audit something that left the app or was shown: a print, a PDF saved, an export (no secret in summary)."""
    from smgov.data import audit

    workspace.check_pages()  # never write into a damaged file (the export or print was refused before this)
    with workspace.write() as session:
        audit.record(session, action, entity_type, entity_id, summary)
