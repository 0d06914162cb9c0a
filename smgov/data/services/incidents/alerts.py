"""What the dashboard shows for incidents: responses due or overdue, concerns the DSL has not acknowledged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from smgov.data import calendar
from smgov.data.models import ClosureDay, Incident, IncidentCategory, IncidentStatus, KeyPerson, KeyRole, utcnow
from smgov.data.services.attention import AttentionItem, Urgency
from smgov.data.services.incidents.deadlines import ResponseState, dsl_due_at, response_state
from smgov.data.services.incidents.records import reference
from smgov.data.workspace import Workspace


def attention(workspace: Workspace, now: dt.datetime) -> list[AttentionItem]:
    """Responses due soon or overdue (with the time left), and safeguarding concerns the DSL has not acknowledged."""
    items: list[AttentionItem] = []
    with workspace.read() as session:
        waiting = session.execute(
            select(Incident.id, Incident.category, Incident.platform, Incident.due_at, Incident.status)
            .where(
                Incident.status != IncidentStatus.CLOSED,
                Incident.first_response_at.is_(None),
                Incident.due_at.is_not(None),
            )
            .order_by(Incident.due_at)
        ).all()
        concerns = session.execute(
            select(Incident.id, Incident.received_at)
            # "= 1", not "IS 1": the form the partial index ix_incident_dsl_unacknowledged is written in
            .where(Incident.safeguarding_concern == True, Incident.dsl_acknowledged_at.is_(None))  # noqa: E712
            .order_by(Incident.received_at)
        ).all()
        dsl = session.get(KeyPerson, KeyRole.DSL)
        dsl_name = dsl.name if dsl is not None else ""
        closures = set(session.scalars(select(ClosureDay.day))) if concerns else set()
    for incident_id, category, platform, due_at, status in waiting:
        if due_at is None:  # excluded by the query; keeps the type checker sure
            continue
        state = response_state(due_at, None, IncidentStatus(status), now)
        what = IncidentCategory(category).label + (f" ({platform})" if platform else "")
        due_text = calendar.format_school_time(due_at)
        left = calendar.describe_time_left(due_at, now)
        due_day = calendar.school_time(due_at).date()
        if state is ResponseState.OVERDUE:
            items.append(
                AttentionItem(
                    Urgency.OVERDUE,
                    f"Response overdue: {reference(incident_id)}",
                    f"{what}. It was due {due_text}: {left}.",
                    "incidents",
                    str(incident_id),
                    due_day,
                )
            )
        else:
            items.append(
                AttentionItem(
                    Urgency.DUE_SOON if state is ResponseState.DUE_SOON else Urgency.TO_DO,
                    f"Respond to {reference(incident_id)}",
                    f"{what}. Due {due_text} ({left}).",
                    "incidents",
                    str(incident_id),
                    due_day,
                    kind="Responses due",
                )
            )
    for incident_id, received_at in concerns:
        who = f"Tell {dsl_name} (the DSL)" if dsl_name else "Name the DSL in settings, tell them"
        received = calendar.format_school_time(received_at)
        due = dsl_due_at(received_at, closures)
        overdue = now > due
        items.append(
            AttentionItem(
                Urgency.OVERDUE if overdue else Urgency.DUE_SOON,
                f"Safeguarding concern for the DSL: {reference(incident_id)}",
                f"{who} and record when they acknowledge it. Received {received}; "
                f"{'it was ' if overdue else ''}due by {calendar.format_school_time(due)}"
                f" ({calendar.describe_time_left(due, now)}).",
                "incidents",
                str(incident_id),
                calendar.school_time(due).date(),
            )
        )
    return items


def dashboard_now(today: dt.date) -> dt.datetime:
    """The moment the dashboard measures time left from: now, or midday of ``today`` when it is another day."""
    now = utcnow()
    if calendar.school_time(now).date() == today:
        return now
    return calendar.at_school_time(today, dt.time(12, 0)).astimezone(dt.UTC)


def dashboard_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    return attention(workspace, dashboard_now(today))
