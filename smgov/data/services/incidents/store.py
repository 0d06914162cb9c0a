"""Reading and writing one incident inside a unit of work: shared by the functions that log, edit and close."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, Evidence, Incident, IncidentAction, IncidentPerson, utcnow
from smgov.data.models.incidents import RESPONSE_ACTIONS
from smgov.data.operators import actor_name
from smgov.data.services.incidents.records import IncidentDetails, InvolvedPerson, TimelineEntry, reference


def find_incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise ValidationError(f"There is no incident {reference(incident_id)}.", field="incident_id")
    return incident


def involved_people(session: Session, incident_id: int) -> tuple[InvolvedPerson, ...]:
    rows = session.scalars(
        select(IncidentPerson)
        .where(IncidentPerson.incident_id == incident_id)
        .order_by(IncidentPerson.position, IncidentPerson.id)
    )
    return tuple(InvolvedPerson(p.id, p.kind, p.role, p.name, p.year_group, p.person_id, p.notes) for p in rows)


def timeline_entries(session: Session, incident_id: int) -> tuple[TimelineEntry, ...]:
    entries = list(session.scalars(select(IncidentAction).where(IncidentAction.incident_id == incident_id)))
    corrected_by = {e.corrects_id: e.id for e in sorted(entries, key=lambda e: e.id) if e.corrects_id is not None}
    result = [
        TimelineEntry(
            id=e.id,
            incident_id=e.incident_id,
            action=e.action,
            occurred_at=e.occurred_at,
            done_by=e.done_by,
            details=e.details,
            recorded_at=e.recorded_at,
            recorded_by=e.recorded_by,
            corrects_id=e.corrects_id,
            reason=e.reason,
            withdrawn=e.withdrawn,
            corrected_by_id=corrected_by.get(e.id),
        )
        for e in entries
    ]
    return tuple(sorted(result, key=lambda e: (e.occurred_at, e.id)))


def details_of(session: Session, incident: Incident) -> IncidentDetails:
    evidence_count = session.scalar(
        select(func.count(Evidence.id)).where(Evidence.incident_id == incident.id, Evidence.withdrawn_at.is_(None))
    )
    return IncidentDetails(
        id=incident.id,
        category=incident.category,
        received_at=incident.received_at,
        reported_by=incident.reported_by,
        summary=incident.summary,
        description=incident.description,
        platform=incident.platform,
        account_name=incident.account_name,
        account_id=incident.account_id,
        safeguarding_concern=incident.safeguarding_concern,
        dsl_acknowledged_at=incident.dsl_acknowledged_at,
        dsl_acknowledged_by=incident.dsl_acknowledged_by,
        status=incident.status,
        outcome=incident.outcome,
        due_at=incident.due_at,
        first_response_at=incident.first_response_at,
        first_response_by=incident.first_response_by,
        closed_at=incident.closed_at,
        created_at=incident.created_at,
        created_by=incident.created_by,
        updated_at=incident.updated_at,
        people=involved_people(session, incident.id),
        timeline=timeline_entries(session, incident.id),
        evidence_count=int(evidence_count or 0),
    )


def add_entry(
    session: Session,
    incident: Incident,
    action: ActionType,
    details: str = "",
    *,
    occurred_at: dt.datetime | None = None,
    done_by: str = "",
) -> IncidentAction:
    """Append a timeline entry that smgov writes itself (evidence added, status changed, ...)."""
    now = utcnow()
    entry = IncidentAction(
        incident_id=incident.id,
        action=action,
        occurred_at=occurred_at or now,
        done_by=done_by,
        details=details,
        recorded_at=now,
        recorded_by=actor_name(session),
        corrects_id=None,
        reason="",
        withdrawn=False,
    )
    session.add(entry)
    incident.updated_at = now
    return entry


def entry_of(session: Session, incident_id: int, entry_id: int) -> TimelineEntry:
    return next(e for e in timeline_entries(session, incident_id) if e.id == entry_id)


def refresh_first_response(session: Session, incident: Incident) -> None:
    """The first response is the earliest current entry that counts as one (corrections taken into account)."""
    responses = [e for e in timeline_entries(session, incident.id) if e.current and e.action in RESPONSE_ACTIONS]
    first = min(responses, key=lambda e: (e.occurred_at, e.id), default=None)
    incident.first_response_at = first.occurred_at if first else None
    incident.first_response_by = first.done_by if first else ""
