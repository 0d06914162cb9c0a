"""The pack's incidents part: by category, platform and month; responses within the policy's rule and the late
ones; open and overdue; escalations; safeguarding concerns and how fast the DSL acknowledged them.

The rows are the Incidents screen's (``incidents.list_incidents``) and where each stands against its deadline is
the screen's ``response_state``; the escalations and acknowledgements come from :mod:`smgov.data.services.termly`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from smgov.data import calendar
from smgov.data.models import IncidentStatus, ResponseRule
from smgov.data.models.incidents import ActionType, IncidentCategory
from smgov.data.services import school, termly
from smgov.data.services.incidents.deadlines import ResponseState, dsl_due_at
from smgov.data.services.incidents.records import IncidentRow
from smgov.documents.pack.counting import (
    AreaResult,
    Counting,
    counted,
    month_label,
    months,
    school_day,
    utc_bounds,
    within,
)
from smgov.reports.pack.model import Chart, Part, Period, Table

SHORT_CATEGORY = {
    IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT: "Abuse on a school account",
    IncidentCategory.CYBERBULLYING: "Cyberbullying",
    IncidentCategory.STAFF_CONDUCT: "Staff conduct online",
    IncidentCategory.PARENT_POST: "Parent post",
    IncidentCategory.INAPPROPRIATE_CONTENT: "Inappropriate content (school devices)",
    IncidentCategory.DATA_PROTECTION_BREACH: "Data protection breach",
    IncidentCategory.ACCOUNT_COMPROMISE: "Account compromise",
    IncidentCategory.OTHER: "Other",
}
RULE_WORDS = {
    ResponseRule.WITHIN_24_HOURS: "within 24 hours",
    ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND: "within 24 hours, or by the next working day if received at a weekend",
}
TOP_PLATFORMS = 8
MAX_MONTHS = 24
MISSED = (ResponseState.RESPONDED_LATE, ResponseState.OVERDUE, ResponseState.NOT_RESPONDED)


@dataclass(frozen=True)
class Responses:
    """Incidents received in a period against their response deadline."""

    on_time: list[IncidentRow]
    missed: list[IncidentRow]

    @property
    def due(self) -> int:
        return len(self.on_time) + len(self.missed)


def received_in(rows: Sequence[IncidentRow], period: Period) -> list[IncidentRow]:
    return [row for row in rows if within(school_day(row.received_at), period)]


def responses(rows: Sequence[IncidentRow], now: dt.datetime) -> Responses:
    """Split incidents whose response was due by ``now`` (or given) into on time and missed (late, overdue, or
    closed without one); those still within their deadline are in neither."""
    on_time: list[IncidentRow] = []
    missed: list[IncidentRow] = []
    for row in rows:
        state = row.response_state(now)
        if state is ResponseState.RESPONDED:
            on_time.append(row)
        elif state in MISSED:
            missed.append(row)
    return Responses(on_time, missed)


def _late_by(row: IncidentRow, now: dt.datetime) -> str:
    if row.due_at is None:
        return ""
    until = row.first_response_at or now
    minutes = max(0, int((until - row.due_at).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours // 24} d {hours % 24} h" if hours >= 24 else f"{hours} h"


def _refs(c: Counting, rows: Sequence[IncidentRow]) -> str:
    """ ": INC-00034, INC-00102" naming up to three incidents an action is about (SLT only: a governors' count under
    5 is never given away by a list)."""
    if c.governors or not rows or len(rows) > 3:
        return ""
    return ": " + ", ".join(row.reference for row in rows)


def incidents_area(counting: Counting) -> AreaResult:
    c = counting
    rows = c.incidents
    details = school.get_details(c.workspace)
    now_rows = received_in(rows, c.period)
    before_rows = received_in(rows, c.previous)

    categories = [SHORT_CATEGORY[category] for category in IncidentCategory]
    this_by_category = Counter(SHORT_CATEGORY[row.category] for row in now_rows)
    before_by_category = Counter(SHORT_CATEGORY[row.category] for row in before_rows)
    platforms = Counter(row.platform or "Not on a platform" for row in now_rows)
    top = [name for name, _ in platforms.most_common(TOP_PLATFORMS)]
    other = sum(count for name, count in platforms.items() if name not in top)
    platform_labels = top + (["All others"] if other else [])
    platform_values = [platforms[name] for name in top] + ([other] if other else [])
    month_keys = months(c.period)
    by_year = len(month_keys) > MAX_MONTHS  # a long run of dates is charted by year, not in 60 thin bars
    if by_year:
        month_keys = sorted({(year, 1) for year, _ in month_keys})
    by_month = Counter(
        (day.year, 1 if by_year else day.month) for day in (school_day(row.received_at) for row in now_rows)
    )

    answered = responses(now_rows, c.now)
    answered_before = responses(before_rows, c.now)
    open_rows = [row for row in rows if row.status is not IncidentStatus.CLOSED]
    overdue = [row for row in open_rows if row.response_state(c.now) is ResponseState.OVERDUE]

    start, end = utc_bounds(c.period)
    escalated = termly.escalations(c.workspace, start, end)
    escalated_before = termly.escalations(c.workspace, *utc_bounds(c.previous))

    closures = frozenset(day for day, _ in school.closure_days(c.workspace))
    acknowledged_at = termly.dsl_acknowledgements(c.workspace)
    concerns = [row for row in now_rows if row.safeguarding_concern]
    concerns_before = [row for row in before_rows if row.safeguarding_concern]
    acknowledged = [row for row in concerns if row.id in acknowledged_at]
    in_time = [row for row in acknowledged if acknowledged_at[row.id] <= dsl_due_at(row.received_at, closures)]
    waits = [(acknowledged_at[row.id] - row.received_at).total_seconds() / 3600 for row in acknowledged]
    median_wait = f"median {statistics.median(waits):.1f} hours" if waits else ""
    waiting = [row for row in concerns if row.id not in acknowledged_at]

    rule = RULE_WORDS[details.response_rule]
    figures = [
        c.figure("Incidents received", len(now_rows), len(before_rows)),
        c.percent_figure(
            "Responses within the policy's rule",
            len(answered.on_time),
            answered.due,
            (len(answered_before.on_time), answered_before.due),
            detail=c.of(len(answered.missed), answered.due, "late or missed"),
        ),
        c.figure("Open incidents (all periods)", len(open_rows)),
        c.figure("Open with the response overdue", len(overdue), good_when="down"),
        c.figure(
            "Escalated to the DSL",
            escalated[ActionType.ESCALATED_TO_DSL],
            escalated_before[ActionType.ESCALATED_TO_DSL],
        ),
        c.figure(
            "Escalated to the police",
            escalated[ActionType.ESCALATED_TO_POLICE],
            escalated_before[ActionType.ESCALATED_TO_POLICE],
        ),
        c.figure(
            "Escalated to SLT", escalated[ActionType.ESCALATED_TO_SLT], escalated_before[ActionType.ESCALATED_TO_SLT]
        ),
        c.figure("Safeguarding concerns", len(concerns), len(concerns_before)),
        c.figure(
            "Acknowledged by the DSL by the next working day",
            len(in_time),
            detail=c.of(len(acknowledged), len(concerns), "acknowledged") + (f"; {median_wait}" if median_wait else ""),
        ),
    ]
    charts = [
        Chart(
            "Incidents by category",
            categories,
            [
                (c.period.label, c.series(this_by_category.get(label, 0) for label in categories)),
                (c.previous.label, c.series(before_by_category.get(label, 0) for label in categories)),
            ],
            kind="hbar",
        ),
        Chart("Incidents by platform", platform_labels, [(c.period.label, c.series(platform_values))], kind="hbar"),
        Chart(
            "Incidents by year" if by_year else "Incidents by month",
            [str(year) if by_year else month_label(year, month) for year, month in month_keys],
            [(c.period.label, c.series(by_month.get(key, 0) for key in month_keys))],
        ),
    ]
    notes = [
        f"The policy's rule: a first response {rule}. Incidents still within their deadline are not counted yet.",
        f"Open and overdue figures are as they stand on {school_day(c.now):%d/%m/%Y}, whenever received.",
    ]
    tables: list[Table] = []
    if c.governors:
        notes.append("The incidents themselves are listed in the SLT version only, so no child can be identified.")
    else:
        tables = _slt_tables(c, answered.missed, overdue, waiting)
    result = AreaResult(
        Part("incidents", "Incidents", _intro(c), figures, charts, tables, notes),
        summary=[figures[0], figures[1], figures[3], figures[7]],
    )
    if overdue:
        late = counted(c, len(overdue), "open incident")
        result.actions.append(f"Respond to {late} whose response is overdue{_refs(c, overdue)}.")
    if waiting:
        result.actions.append(
            f"Ask the DSL to acknowledge {counted(c, len(waiting), 'safeguarding concern')} from this period."
        )
    return result


def _slt_tables(
    c: Counting, missed: list[IncidentRow], overdue: list[IncidentRow], waiting: list[IncidentRow]
) -> list[Table]:
    """The incidents behind the figures that need someone to act, newest first (SLT only)."""
    return [
        Table(
            "Responses late or missed",
            ["Reference", "Received", "Category", "Response due", "First response", "Late by"],
            [
                [
                    row.reference,
                    school_day(row.received_at),
                    SHORT_CATEGORY[row.category],
                    _when(row.due_at),
                    _when(row.first_response_at) or "No response",
                    _late_by(row, c.now),
                ]
                for row in sorted(missed, key=lambda r: r.id, reverse=True)
            ],
            empty="None: every response due was made within the rule.",
            widths=(1, 1, 2.2, 1.4, 1.4, 0.8),
        ),
        Table(
            "Open incidents with the response overdue",
            ["Reference", "Received", "Category", "Status", "Response due"],
            [
                [
                    row.reference,
                    school_day(row.received_at),
                    SHORT_CATEGORY[row.category],
                    row.status.label,
                    _when(row.due_at),
                ]
                for row in sorted(overdue, key=lambda r: r.id, reverse=True)
            ],
            empty="None.",
            widths=(1, 1, 2.4, 1, 1.4),
        ),
        Table(
            "Safeguarding concerns waiting for the DSL",
            ["Reference", "Received", "Category"],
            [[row.reference, school_day(row.received_at), SHORT_CATEGORY[row.category]] for row in waiting],
            empty="None: the DSL has acknowledged every concern.",
            widths=(1, 1, 3),
        ),
    ]


def _intro(c: Counting) -> str:
    return (
        f"Incidents received from {c.period.start:%d/%m/%Y} to {c.period.end:%d/%m/%Y}, compared with the period "
        f"before ({c.previous.label}, {c.previous.start:%d/%m/%Y} to {c.previous.end:%d/%m/%Y})."
    )


def _when(moment: dt.datetime | None) -> dt.datetime | None:
    """A moment on the school's clock, as the tables print it."""
    return None if moment is None else calendar.school_time(moment)
