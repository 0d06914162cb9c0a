"""Logging a new incident and editing its details (each edit leaves a "details changed" entry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit, calendar
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import Account, ActionType, Incident, IncidentPerson, IncidentStatus, InvolvedKind, utcnow
from smgov.data.operators import actor_name
from smgov.data.services.incidents.checks import CheckedIncident, check_incident
from smgov.data.services.incidents.deadlines import due_at_for
from smgov.data.services.incidents.records import (
    IncidentDetails,
    IncidentInput,
    InvolvedPerson,
    PersonInput,
    initials,
    reference,
)
from smgov.data.services.incidents.store import add_entry, details_of, find_incident, involved_people
from smgov.data.workspace import Workspace


def _check_account_exists(session: Session, account_id: int | None) -> None:
    if account_id is not None and session.get(Account, account_id) is None:
        raise ValidationError("That account is no longer in the register: choose it again.", field="account_id")


def insert_incident(session: Session, checked: CheckedIncident) -> Incident:
    """Add a checked incident to ``session`` with its deadline, people, first timeline entry and audit event."""
    _check_account_exists(session, checked.account_id)
    now = utcnow()
    incident = Incident(
        category=checked.category,
        platform=checked.platform,
        account_name=checked.account_name,
        account_id=checked.account_id,
        received_at=checked.received_at,
        reported_by=checked.reported_by,
        summary=checked.summary,
        description=checked.description,
        safeguarding_concern=checked.safeguarding_concern,
        dsl_acknowledged_by="",
        status=IncidentStatus.OPEN,
        outcome=checked.outcome,
        due_at=due_at_for(session, checked.received_at),
        first_response_by="",
        created_at=now,
        created_by=actor_name(session),
        updated_at=now,
    )
    session.add(incident)
    session.flush()
    _save_people(session, incident.id, checked.people)
    when = calendar.format_school_time(checked.received_at)
    add_entry(
        session,
        incident,
        ActionType.LOGGED,
        f"Received {when} from {checked.reported_by}.",
        occurred_at=checked.received_at,
    )
    flag = " (safeguarding concern)" if checked.safeguarding_concern else ""
    audit.record(
        session,
        AuditAction.INCIDENT_CREATE,
        "incident",
        incident.id,
        f"{reference(incident.id)} logged: {checked.category.label}{flag}",
    )
    return incident


def log_incident(workspace: Workspace, data: IncidentInput, *, now: dt.datetime | None = None) -> IncidentDetails:
    """Log a new incident (status open) with its response deadline worked out from the school's rule."""
    checked = check_incident(data, now=now)
    with workspace.write() as session:
        incident = insert_incident(session, checked)
        session.flush()
        return details_of(session, incident)


def _save_people(session: Session, incident_id: int, people: Sequence[PersonInput]) -> None:
    for position, person in enumerate(people):
        session.add(
            IncidentPerson(
                incident_id=incident_id,
                position=position,
                kind=person.kind,
                role=person.role,
                name=person.name,
                year_group=person.year_group,
                person_id=person.person_id,
                pupil_id=None,
                notes=person.notes,
            )
        )
    if any(person.kind is InvolvedKind.PUPIL for person in people):
        from smgov.data.services.pupils import link_incident_pupils

        session.flush()
        link_incident_pupils(session)  # a pupil named here who is on the register is linked to them


def _people_text(people: Iterable[InvolvedPerson | PersonInput]) -> str:
    shown = []
    for person in people:
        name = initials(person.name) if person.kind is InvolvedKind.PUPIL else person.name
        shown.append(f"{name} ({person.kind.label.lower()}, {person.role.label.lower()})")
    return "; ".join(shown) or "nobody named"


def update_incident(
    workspace: Workspace, incident_id: int, data: IncidentInput, *, now: dt.datetime | None = None
) -> IncidentDetails:
    """Save edits to an incident's details. Nothing is silently lost: the timeline gets a "details changed" entry
    that says what changed and keeps the previous wording of any text that was replaced."""
    checked = check_incident(data, now=now)
    with workspace.write() as session:
        incident = find_incident(session, incident_id)
        old_people = involved_people(session, incident_id)
        changes: list[str] = []
        labels: list[str] = []

        def short(label: str, old: str, new: str) -> None:
            changes.append(f"{label}: {old or '(none)'} → {new or '(none)'}")
            labels.append(label.lower())

        def long(label: str, old: str) -> None:
            changes.append(f"{label} changed. It was:\n{old}" if old else f"{label} added.")
            labels.append(label.lower())

        if checked.category is not incident.category:
            short("Category", incident.category.label, checked.category.label)
            incident.category = checked.category
        if checked.received_at != incident.received_at:
            short(
                "Received",
                calendar.format_school_time(incident.received_at),
                calendar.format_school_time(checked.received_at),
            )
            incident.received_at = checked.received_at
            incident.due_at = due_at_for(session, checked.received_at)
        if checked.reported_by != incident.reported_by:
            short("Reported by", incident.reported_by, checked.reported_by)
            incident.reported_by = checked.reported_by
        if (checked.platform, checked.account_name, checked.account_id) != (
            incident.platform,
            incident.account_name,
            incident.account_id,
        ):
            if checked.account_id != incident.account_id:
                _check_account_exists(session, checked.account_id)
            short(
                "Account",
                " ".join(filter(None, (incident.platform, incident.account_name))),
                " ".join(filter(None, (checked.platform, checked.account_name))),
            )
            incident.platform, incident.account_name = checked.platform, checked.account_name
            incident.account_id = checked.account_id
        if checked.safeguarding_concern != incident.safeguarding_concern:
            short("Safeguarding concern", _yes_no(incident.safeguarding_concern), _yes_no(checked.safeguarding_concern))
            incident.safeguarding_concern = checked.safeguarding_concern
        if checked.summary != incident.summary:
            long("Summary", incident.summary)
            incident.summary = checked.summary
        if checked.description != incident.description:
            long("Description", incident.description)
            incident.description = checked.description
        if checked.outcome != incident.outcome:
            long("Outcome", incident.outcome)
            incident.outcome = checked.outcome
        new_people = [(p.kind, p.role, p.name, p.year_group, p.person_id, p.notes) for p in checked.people]
        if new_people != [(p.kind, p.role, p.name, p.year_group, p.person_id, p.notes) for p in old_people]:
            changes.append(f"People involved: {_people_text(old_people)} → {_people_text(checked.people)}")
            labels.append("people involved")
            for person in session.scalars(select(IncidentPerson).where(IncidentPerson.incident_id == incident_id)):
                session.delete(person)
            session.flush()
            _save_people(session, incident_id, checked.people)
        if changes:
            add_entry(session, incident, ActionType.DETAILS_CHANGED, "\n".join(changes))
            audit.record(
                session,
                AuditAction.INCIDENT_UPDATE,
                "incident",
                incident_id,
                f"{reference(incident_id)}: changed " + ", ".join(labels),
            )
        session.flush()
        return details_of(session, incident)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
