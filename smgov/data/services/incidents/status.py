"""Moving an incident between open, in progress, escalated and closed, each move on the timeline."""

from __future__ import annotations

from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, Incident, IncidentStatus, utcnow
from smgov.data.services.incidents.records import IncidentDetails, reference
from smgov.data.services.incidents.store import add_entry, details_of, find_incident
from smgov.data.validation import check_choice, check_text
from smgov.data.workspace import Workspace

STATUS_CHANGES = {
    IncidentStatus.OPEN: {IncidentStatus.IN_PROGRESS, IncidentStatus.ESCALATED, IncidentStatus.CLOSED},
    IncidentStatus.IN_PROGRESS: {IncidentStatus.ESCALATED, IncidentStatus.CLOSED, IncidentStatus.OPEN},
    IncidentStatus.ESCALATED: {IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED},
    IncidentStatus.CLOSED: {IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS},
}


def set_status(
    workspace: Workspace,
    incident_id: int,
    status: IncidentStatus,
    *,
    reason: str = "",
    outcome: str | None = None,
) -> IncidentDetails:
    """Move an incident to ``status``. Closing needs the outcome (given here or already saved); reopening a closed
    incident needs a reason. Each change is a timeline entry."""
    new = check_choice(IncidentStatus, status, "status", "status")
    reason = check_text(reason, "reason", "reason", required=False, limit=5000)
    outcome_text = None if outcome is None else check_text(outcome, "outcome", "outcome", required=False, limit=50_000)
    with workspace.write() as session:
        incident = find_incident(session, incident_id)
        old = incident.status
        if new is old:
            raise ValidationError(f"{reference(incident_id)} is already {old.label.lower()}.", field="status")
        if new not in STATUS_CHANGES[old]:
            raise ValidationError(
                f"An incident that is {old.label.lower()} cannot be moved to {new.label.lower()}.", field="status"
            )
        if old is IncidentStatus.CLOSED and not reason:
            raise ValidationError("Give the reason for reopening the incident.", field="reason")
        if outcome_text is not None and outcome_text != incident.outcome:
            if incident.outcome:
                was = f"Outcome changed. It was:\n{incident.outcome}"
                add_entry(session, incident, ActionType.DETAILS_CHANGED, was)
            incident.outcome = outcome_text
        if new is IncidentStatus.CLOSED and not incident.outcome:
            raise ValidationError("Write the outcome before closing the incident.", field="outcome")
        move_to(session, incident, new, reason)
        session.flush()
        return details_of(session, incident)


def move_to(session: Session, incident: Incident, new: IncidentStatus, reason: str, *, entry: bool = True) -> None:
    old = incident.status
    incident.status = new
    incident.closed_at = utcnow() if new is IncidentStatus.CLOSED else None
    if entry:
        text = f"{old.label} → {new.label}" + (f". {reason}" if reason else "")
        add_entry(session, incident, ActionType.STATUS_CHANGED, text)
    audit.record(
        session,
        AuditAction.INCIDENT_STATUS,
        "incident",
        incident.id,
        f"{reference(incident.id)}: {old.label} → {new.label}",
    )
