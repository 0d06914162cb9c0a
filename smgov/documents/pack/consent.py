"""The pack's consent part (when the register has pupils): forms returned and consent granted per purpose by year
group, withdrawals, and takedowns of posts showing a pupil whose consent was withdrawn.

The figures are the Pupils & consent screen's: its grid (``consent.grid``) on the last day of the period (or today,
if sooner) and the pupils' year groups from ``pupils.list_pupils``; takedowns from ``posting.list_takedowns``.
No pupil is named: year groups and counts only (the SLT rows sheet names a takedown's pupil by initials).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from smgov.data.models.consent import ConsentStatus, TakedownState
from smgov.data.services import consent, posting, termly
from smgov.data.terms import academic_year_label
from smgov.documents.pack.counting import AreaResult, Counting, counted, school_day, within
from smgov.reports.pack.model import Chart, Part, Period, Table


def consent_area(counting: Counting) -> AreaResult | None:
    """None when the school keeps no consent register in smgov (no pupil on roll)."""
    c = counting
    on = min(c.period.end, c.today)
    year = consent.academic_year_of(on)
    grid = consent.grid(c.workspace, year, on)
    if not grid.pupil_ids:
        return None
    year_groups = {pupil_id: group or "No year group" for pupil_id, group in grid.year_groups.items()}
    order = list(dict.fromkeys(year_groups[pupil_id] for pupil_id in grid.pupil_ids))  # the grid's school order
    pupils_in = Counter(year_groups[pupil_id] for pupil_id in grid.pupil_ids)
    returned: dict[str, int] = Counter()
    granted: dict[tuple[str, int], int] = defaultdict(int)
    for pupil_id in grid.pupil_ids:
        group = year_groups[pupil_id]
        line = grid.cells[pupil_id]
        if any(standing.status is not ConsentStatus.NOT_RETURNED for standing in line):
            returned[group] += 1
        for purpose, standing in zip(grid.purposes, line, strict=True):
            if standing.allows:
                granted[group, purpose.id] += 1

    withdrawals = termly.consent_withdrawals(c.workspace, c.period.start, c.period.end)
    withdrawals_before = termly.consent_withdrawals(c.workspace, c.previous.start, c.previous.end)
    takedowns = posting.list_takedowns(c.workspace, open_only=False)

    def opened(period: Period) -> int:
        return sum(1 for t in takedowns if within(school_day(t.created_at), period))

    def done(period: Period) -> int:
        return sum(1 for t in takedowns if t.state is TakedownState.REMOVED and within(t.done_on, period))

    outstanding = [t for t in takedowns if t.state is TakedownState.OPEN]

    total = len(grid.pupil_ids)
    any_returned = sum(returned.values())
    figures = [
        c.figure("Pupils on roll", total),
        c.percent_figure(
            f"Consent forms returned for {academic_year_label(year)}",
            any_returned,
            total,
            detail=c.of(any_returned, total, "pupils"),
        ),
        c.figure("Withdrawals of consent", withdrawals, withdrawals_before),
        c.figure("Takedowns opened", opened(c.period), opened(c.previous)),
        c.figure("Takedowns done", done(c.period), done(c.previous)),
        c.figure("Takedowns still to do (all periods)", len(outstanding), good_when="down"),
    ]
    counts = grid.counts
    labels = [purpose.label for purpose in grid.purposes]
    charts = [
        Chart(
            "Consent by purpose (pupils)",
            labels,
            [
                (
                    "Granted",
                    c.series(
                        counts[p.id][ConsentStatus.GRANTED] + counts[p.id][ConsentStatus.RESTRICTED]
                        for p in grid.purposes
                    ),
                ),
                ("Refused", c.series(counts[p.id][ConsentStatus.REFUSED] for p in grid.purposes)),
                ("Not returned", c.series(counts[p.id][ConsentStatus.NOT_RETURNED] for p in grid.purposes)),
            ],
            kind="stacked",
        )
    ]
    headers = ["Year group", "Pupils", "Forms returned", *(p.label for p in grid.purposes)]
    table = Table(
        f"Forms returned, and consent granted for each purpose, by year group, {academic_year_label(year)}",
        headers,
        [
            [
                group,
                c.count(pupils_in[group]),
                c.count(returned[group]),
                *(c.count(granted[group, p.id]) for p in grid.purposes),
            ]
            for group in order
        ],
        empty="No pupils on roll.",
        widths=(1.2, 0.8, 1, *(1.0 for _ in grid.purposes)),
    )
    notes = [
        f"Consent as it stood on {on:%d/%m/%Y}. A form not returned counts as refused. Restricted consent "
        "(for example, first name only) counts as granted.",
    ]
    result = AreaResult(
        Part("consent", "Photo and video consent", _intro(), figures, charts, [table], notes),
        summary=[figures[1], figures[2], figures[5]],
    )
    missing = total - any_returned
    if missing:
        result.actions.append(f"Chase {counted(c, missing, 'consent form')} not yet returned.")
    if outstanding:
        result.actions.append(f"Take down {counted(c, len(outstanding), 'post')} after consent was withdrawn.")
    return result


def _intro() -> str:
    return (
        "Parents' consent to photos and videos of their children, per purpose, for the academic year; withdrawals "
        "take effect from the date received and are never backdated."
    )
