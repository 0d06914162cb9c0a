"""Safeguarding concerns: recording that the DSL was told and acknowledged one."""

from __future__ import annotations

import datetime as dt

from smgov.data import audit, calendar
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, utcnow
from smgov.data.services.incidents.records import IncidentDetails, reference
from smgov.data.services.incidents.store import add_entry, details_of, find_incident
from smgov.data.validation import check_line, check_moment, check_text
from smgov.data.workspace import Workspace


def acknowledge_safeguarding(
    workspace: Workspace,
    incident_id: int,
    *,
    by: str,
    at: dt.datetime | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> IncidentDetails:
    """Record that the DSL has been told of, and acknowledged, a safeguarding concern."""
    who = check_line(by, "by", "DSL's name")
    moment = check_moment(at or (now or utcnow()), "at", "time the DSL acknowledged it", now=now)
    text = check_text(note, "note", "note", required=False, limit=5000)
    with workspace.write() as session:
        incident = find_incident(session, incident_id)
        if not incident.safeguarding_concern:
            raise ValidationError(
                f"{reference(incident_id)} is not marked as a safeguarding concern.", field="incident_id"
            )
        if incident.dsl_acknowledged_at is not None:
            raise ValidationError(
                f"The DSL already acknowledged it on {calendar.format_school_time(incident.dsl_acknowledged_at)}.",
                field="incident_id",
            )
        if moment < incident.received_at:
            raise ValidationError("The DSL cannot have acknowledged it before it was received.", field="at")
        incident.dsl_acknowledged_at = moment
        incident.dsl_acknowledged_by = who
        add_entry(session, incident, ActionType.DSL_ACKNOWLEDGED, text, occurred_at=moment, done_by=who)
        audit.record(
            session,
            AuditAction.INCIDENT_DSL,
            "incident",
            incident_id,
            f"{reference(incident_id)}: acknowledged by the DSL",
        )
        session.flush()
        return details_of(session, incident)
