"""The append-only timeline: record what was done, and correct an entry by adding one that points at it.

There is no function to edit or delete an entry (and the database refuses it too)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, IncidentAction, IncidentStatus, utcnow
from smgov.data.operators import actor_name, current_operator
from smgov.data.services.incidents.records import TimelineEntry, reference
from smgov.data.services.incidents.status import move_to
from smgov.data.services.incidents.store import add_entry, entry_of, find_incident, refresh_first_response
from smgov.data.validation import check_choice, check_line, check_moment, check_text
from smgov.data.workspace import Workspace

# Entries that leave an open incident open: nothing has been done about it yet.
KEEPS_OPEN = frozenset({ActionType.NOTE, ActionType.SCREENSHOT_TAKEN, ActionType.RESPONDED})


def _entry_values(
    action: ActionType,
    occurred_at: dt.datetime | None,
    done_by: str,
    details: str,
    *,
    now: dt.datetime | None,
    operator: str,
) -> tuple[ActionType, dt.datetime, str, str]:
    kind = check_choice(ActionType, action, "action", "action")
    if not kind.user_recordable:
        raise ValidationError(f"“{kind.label}” entries are written by smgov itself.", field="action")
    moment = check_moment(occurred_at or (now or utcnow()), "occurred_at", "time it was done", now=now)
    who = check_line(done_by, "done_by", "name of who did it", required=False) or operator
    text = check_text(details, "details", "details", required=False, limit=50_000)
    return kind, moment, who, text


def add_action(
    workspace: Workspace,
    incident_id: int,
    action: ActionType,
    *,
    occurred_at: dt.datetime | None = None,
    done_by: str = "",
    details: str = "",
    now: dt.datetime | None = None,
) -> TimelineEntry:
    """Record something that was done (comment hidden, user blocked, escalated, ...) on the timeline.

    An open incident becomes in progress (a note, a screenshot or acknowledging receipt leave it open); an
    escalation makes it escalated; "closed" closes it (its details become
    the outcome when none is saved). The first entry that counts as a response fills in the first response.
    On a closed incident only a note can be added: reopen it first for anything else.
    """
    operator = current_operator(workspace).name
    kind, moment, who, text = _entry_values(action, occurred_at, done_by, details, now=now, operator=operator)
    with workspace.write() as session:
        incident = find_incident(session, incident_id)
        status = incident.status
        if status is IncidentStatus.CLOSED and kind is not ActionType.NOTE:
            raise ValidationError(
                f"{reference(incident_id)} is closed. Reopen it to record more actions (a note can still be added).",
                field="action",
            )
        if kind is ActionType.CLOSED and not (incident.outcome or text):
            raise ValidationError("Write the outcome (in the details) to close the incident.", field="details")
        entry = add_entry(session, incident, kind, text, occurred_at=moment, done_by=who)
        session.flush()
        if kind is ActionType.CLOSED:
            if not incident.outcome:
                incident.outcome = text
            move_to(session, incident, IncidentStatus.CLOSED, "", entry=False)
        elif kind in (ActionType.ESCALATED_TO_SLT, ActionType.ESCALATED_TO_DSL, ActionType.ESCALATED_TO_POLICE):
            if status is not IncidentStatus.ESCALATED:
                move_to(session, incident, IncidentStatus.ESCALATED, "", entry=False)
        elif status is IncidentStatus.OPEN and kind not in KEEPS_OPEN:
            move_to(session, incident, IncidentStatus.IN_PROGRESS, "", entry=False)
        refresh_first_response(session, incident)
        audit.record(
            session, AuditAction.INCIDENT_ACTION, "incident", incident_id, f"{reference(incident_id)}: {kind.label}"
        )
        return entry_of(session, incident_id, entry.id)


def correct_action(
    workspace: Workspace,
    entry_id: int,
    *,
    reason: str,
    action: ActionType | None = None,
    occurred_at: dt.datetime | None = None,
    done_by: str | None = None,
    details: str | None = None,
    withdraw: bool = False,
    now: dt.datetime | None = None,
) -> TimelineEntry:
    """Correct a timeline entry by adding a new one that points at it, with the reason; the original stays as it
    was. Values not given are kept from the entry corrected. ``withdraw`` says it should never have been recorded.
    """
    reason = check_text(reason, "reason", "reason for the correction", limit=5000)
    with workspace.write() as session:
        target = session.get(IncidentAction, entry_id)
        if target is None:
            raise ValidationError(f"There is no timeline entry {entry_id}.", field="entry_id")
        old_kind = target.action
        if not old_kind.user_recordable:
            raise ValidationError(
                f"“{old_kind.label}” was written by smgov and cannot be corrected; add a note instead.",
                field="entry_id",
            )
        later = session.scalar(select(IncidentAction.id).where(IncidentAction.corrects_id == entry_id).limit(1))
        if later is not None:
            raise ValidationError(
                f"This entry was already corrected by entry {later}. Correct that one instead.", field="entry_id"
            )
        if target.withdrawn:
            raise ValidationError("This entry withdrew an earlier one; it cannot be corrected.", field="entry_id")
        kind, moment, who, text = _entry_values(
            action if action is not None else old_kind,
            occurred_at if occurred_at is not None else target.occurred_at,
            done_by if done_by is not None else target.done_by,
            details if details is not None else target.details,
            now=now,
            operator=actor_name(session),
        )
        before = (target.action, target.occurred_at, target.done_by, target.details)
        unchanged = (kind, moment, who, text) == before
        if unchanged and not withdraw:
            raise ValidationError(
                "Nothing is different from the entry. Change the action, time, who or details, or withdraw it.",
                field="reason",
            )
        incident = find_incident(session, target.incident_id)
        now_utc = utcnow()
        entry = IncidentAction(
            incident_id=target.incident_id,
            action=kind,
            occurred_at=moment,
            done_by=who,
            details=text,
            recorded_at=now_utc,
            recorded_by=actor_name(session),
            corrects_id=target.id,
            reason=reason,
            withdrawn=withdraw,
        )
        session.add(entry)
        incident.updated_at = now_utc
        session.flush()
        refresh_first_response(session, incident)
        what = "withdrawn" if withdraw else "corrected"
        audit.record(
            session,
            AuditAction.INCIDENT_CORRECT,
            "incident",
            incident.id,
            f"{reference(incident.id)}: timeline entry {target.id} {what}",
        )
        return entry_of(session, incident.id, entry.id)
