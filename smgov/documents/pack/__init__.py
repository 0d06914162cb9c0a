"""The termly pack for SLT and governors, built from the workspace's services: ``build_pack`` gathers the figures
(one module per area), made safe for the audience as they are counted (:mod:`.counting`); ``pack_pdf`` and
``pack_xlsx`` lay them out (:mod:`smgov.reports.pack`).

A governors' pack holds no pupil's name or initials, no member of staff's name, no table of rows and no count
under 5; an SLT pack names pupils by initials only. Nothing here decrypts a password.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from smgov.data import calendar
from smgov.data.operators import current_operator
from smgov.data.services import audit_log, people, school, terms
from smgov.data.terms import Term
from smgov.data.workspace import Workspace
from smgov.documents.pack.consent import consent_area
from smgov.documents.pack.counting import AreaResult, Counting
from smgov.documents.pack.incidents import incidents_area
from smgov.documents.pack.register import accounts_area
from smgov.documents.pack.requests import policy_area, requests_area
from smgov.documents.pack.rows import row_sheets
from smgov.reports.pack.model import Audience, Pack, Part, Period

OFFICE = "the school office"
PRINTED_ROWS = 30  # a table longer than this is cut short on paper, newest first

__all__ = ["PackRequest", "audit_summary", "build_pack", "file_name", "make_pack", "pack_pdf", "pack_xlsx"]


def build_pack(
    workspace: Workspace,
    period: Period,
    previous: Period,
    audience: Audience,
    *,
    now: dt.datetime | None = None,
    with_rows: bool = False,
) -> Pack:
    """The pack for ``period`` (compared with ``previous``) for ``audience``, as things stand at ``now`` (the
    register's states, what is open and overdue). ``with_rows`` adds the underlying rows for the workbook (SLT only:
    a governors' pack never has them)."""
    now = now or dt.datetime.now(dt.UTC)
    today = calendar.school_time(now).date()
    counting = Counting(workspace, audience, period, previous, today, now)
    seal = audit_log.current_seal(workspace)
    areas: list[AreaResult] = [incidents_area(counting), accounts_area(counting)]
    consent = consent_area(counting)
    if consent is not None:
        areas.append(consent)
    areas += [requests_area(counting), policy_area(counting, seal)]
    details = school.get_details(workspace)
    return Pack(
        school_name=details.name,
        logo=school.get_logo(workspace),
        audience=audience,
        period=period,
        previous=previous,
        printed_on=today,
        prepared_by=_prepared_by(workspace, audience),
        summary=[figure for area in areas for figure in area.summary],
        actions=[action for area in areas for action in area.actions],
        parts=[_charted(area.part if with_rows else _shortened(area.part)) for area in areas],
        seal=seal,
        rows=row_sheets(counting) if with_rows and audience is Audience.SLT else (),
    )


def _shortened(part: Part) -> Part:
    """``part`` with each long table cut to its first rows, for paper (the spreadsheet keeps them all)."""
    tables = [
        table
        if len(table.rows) <= PRINTED_ROWS
        else replace(
            table,
            title=f"{table.title} ({PRINTED_ROWS} of {len(table.rows):,} shown; the spreadsheet lists them all)",
            rows=table.rows[:PRINTED_ROWS],
        )
        for table in part.tables
    ]
    return replace(part, tables=tables)


def _charted(part: Part) -> Part:
    """``part`` without the charts in which every value is too small to show (governors): a chart of nothing but
    "fewer than 5" bars says no more than a line of text does."""
    hidden = [
        chart
        for chart in part.charts
        if (values := [v for _, series in chart.series for v in series]) and all(v is None for v in values)
    ]
    if not hidden:
        return part
    note = "Not charted, as every count in it is under 5: " + "; ".join(chart.title.lower() for chart in hidden) + "."
    return replace(part, charts=[chart for chart in part.charts if chart not in hidden], notes=[*part.notes, note])


def _prepared_by(workspace: Workspace, audience: Audience) -> str:
    """Who prepared the pack, for its cover: the person using smgov and their role (SLT), or the role alone
    (governors); "the school office" when smgov does not know them as a person on the register (the computer's
    login name is no one's name)."""
    operator = current_operator(workspace)
    if operator.person_id is None:
        return OFFICE
    role = people.get_person(workspace, operator.person_id).role
    if audience is Audience.GOVERNORS:
        return role or OFFICE
    return f"{operator.name}, {role}" if role else operator.name


def pack_pdf(pack: Pack) -> bytes:
    from smgov.reports.pack.pdf import pack_pdf as render

    return render(pack)


def pack_xlsx(pack: Pack, exported_by: str) -> bytes:
    from smgov.reports.pack.workbook import pack_xlsx as render

    workbook: bytes = render(pack, exported_by=exported_by)
    return workbook


@dataclass(frozen=True)
class PackRequest:
    """What the Reports screen and ``smgov report slt`` ask for: a period (``which``: "this-term", "last-term",
    "this-year", "term", "year" or "dates", as :func:`smgov.data.services.terms.periods_for` takes it) and an
    audience."""

    which: str = "this-term"
    audience: Audience = Audience.SLT
    term: Term | None = None
    academic_year: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def periods(self, workspace: Workspace, today: dt.date) -> tuple[Period, Period]:
        """The period asked for and the one before it (ValidationError for a wrong choice)."""
        return terms.periods_for(
            workspace,
            self.which,
            today,
            term=self.term,
            academic_year=self.academic_year,
            start=self.start,
            end=self.end,
        )


def make_pack(
    workspace: Workspace, request: PackRequest, fmt: str, *, now: dt.datetime | None = None
) -> tuple[bytes, Period]:
    """The pack as "pdf" or "xlsx" bytes (the workbook with the rows behind the figures, for SLT), and the period
    it covers."""
    now = now or dt.datetime.now(dt.UTC)
    period, previous = request.periods(workspace, calendar.school_time(now).date())
    pack = build_pack(workspace, period, previous, request.audience, now=now, with_rows=fmt == "xlsx")
    if fmt == "xlsx":
        return pack_xlsx(pack, current_operator(workspace).name), period
    return pack_pdf(pack), period


def file_name(request: PackRequest, period: Period, fmt: str) -> str:
    """ "Social media report for governors - Autumn term 2026.pdf" """
    who = "governors" if request.audience is Audience.GOVERNORS else "SLT"
    label = "".join(ch if ch.isalnum() or ch in " -–" else "-" for ch in period.label)
    return f"Social media report for {who} - {label}.{fmt}"


def audit_summary(request: PackRequest, period: Period, fmt: str) -> str:
    who = "governors" if request.audience is Audience.GOVERNORS else "SLT"
    return f"Termly report for {who}, {period.label}, saved as {fmt.upper()}"
