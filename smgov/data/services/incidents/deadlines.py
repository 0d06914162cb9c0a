"""Response deadlines: when a response is due by the school's rule, and where an incident stands against it."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import calendar
from smgov.data.models import ClosureDay, IncidentStatus, ResponseRule, School

DUE_SOON = dt.timedelta(hours=4)


class ResponseState(enum.StrEnum):
    RESPONDED = "responded"
    RESPONDED_LATE = "responded_late"
    WAITING = "waiting"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_RESPONDED = "not_responded"  # closed with no response recorded

    @property
    def label(self) -> str:
        return {
            "responded": "Responded",
            "responded_late": "Responded late",
            "waiting": "Response due",
            "due_soon": "Response due soon",
            "overdue": "Response overdue",
            "not_responded": "Closed without a response",
        }[self.value]


def response_state(
    due_at: dt.datetime | None, first_response_at: dt.datetime | None, status: IncidentStatus, now: dt.datetime
) -> ResponseState:
    """Where an incident stands against its response deadline at ``now``."""
    if first_response_at is not None:
        late = due_at is not None and first_response_at > due_at
        return ResponseState.RESPONDED_LATE if late else ResponseState.RESPONDED
    if status is IncidentStatus.CLOSED or due_at is None:
        return ResponseState.NOT_RESPONDED
    if now > due_at:
        return ResponseState.OVERDUE
    if due_at - now <= DUE_SOON or calendar.school_time(due_at).date() == calendar.school_time(now).date():
        return ResponseState.DUE_SOON
    return ResponseState.WAITING


def dsl_due_at(received_at: dt.datetime, closure_days: set[dt.date] | frozenset[dt.date] = frozenset()) -> dt.datetime:
    """When the DSL should have acknowledged a safeguarding concern: by the end of the next working day after the
    day it was received (UTC). Later than that, it is overdue, not "due soon"."""
    received_day = calendar.school_time(received_at).date()
    day = calendar.next_working_day(received_day, closure_days)
    return calendar.at_school_time(day, calendar.END_OF_WORKING_DAY).astimezone(dt.UTC)


def due_at_for(session: Session, received_at: dt.datetime) -> dt.datetime:
    """The response deadline by the school's current rule and closure days."""
    rule_value = session.scalar(select(School.response_rule).limit(1))
    rule = ResponseRule(rule_value) if rule_value else ResponseRule.WITHIN_24_HOURS
    closures = set(session.scalars(select(ClosureDay.day)))
    return calendar.response_due_at(received_at, rule, closures)
