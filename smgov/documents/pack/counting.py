"""Counting for the pack: the period in school time, and figures made safe for their audience.

Every count, percentage and chart value goes through a :class:`Counting` before it enters the pack. For governors
any count under 5 becomes "fewer than 5", none included ("no pupil in Year 3 has consent" says something about every
child in it); a percentage needs at least 5 on both sides of its fraction (85% of 20 is 3 who did not); a change is
shown only between two counts that may both be shown; and a chart's small values become None. For SLT the numbers
go in as they are.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from smgov.data import calendar
from smgov.data.services import incidents
from smgov.data.services.incidents.records import IncidentRow
from smgov.data.words import plural
from smgov.data.workspace import Workspace
from smgov.reports.pack.model import FEWER_THAN_5, SMALL_COUNT, Audience, Figure, Part, Period, Shown

TOO_FEW = "—"  # a percentage of too few to show


def utc_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as UTC moments [start, end): from midnight of its first day to midnight after its last, on the
    school's clock."""
    start = calendar.at_school_time(period.start, dt.time(0, 0)).astimezone(dt.UTC)
    end = calendar.at_school_time(period.end + dt.timedelta(days=1), dt.time(0, 0)).astimezone(dt.UTC)
    return start, end


def school_day(moment: dt.datetime) -> dt.date:
    return calendar.school_time(moment).date()


def within(day: dt.date | None, period: Period) -> bool:
    return day is not None and period.start <= day <= period.end


@dataclass(frozen=True)
class Counting:
    """The audience's rules for showing numbers, and what the pack is about (the workspace, the two periods)."""

    workspace: Workspace
    audience: Audience
    period: Period
    previous: Period
    today: dt.date
    now: dt.datetime  # the end of the period, or now if the period has not ended

    @functools.cached_property
    def incidents(self) -> list[IncidentRow]:
        """The Incidents screen's rows, read once for the whole pack."""
        return incidents.list_incidents(self.workspace, for_search=False)

    @property
    def governors(self) -> bool:
        return self.audience is Audience.GOVERNORS

    def count(self, value: int) -> int | str:
        """A count as the audience may see it."""
        if self.governors and value < SMALL_COUNT:
            return FEWER_THAN_5
        return value

    def percent(self, part: int, whole: int) -> Shown:
        """``part`` of ``whole`` as a percentage (one decimal place), or "—" when there is nothing to divide or,
        for governors, too few on either side to show without revealing a small count."""
        if whole == 0:
            return TOO_FEW
        if self.governors and (part < SMALL_COUNT or whole - part < SMALL_COUNT):
            return TOO_FEW
        return round(100 * part / whole, 1)

    def series(self, values: Iterable[int]) -> list[int | None]:
        """Chart values: None where a governor may not see the count (drawn as "fewer than 5")."""
        return [None if self.governors and value < SMALL_COUNT else value for value in values]

    def figure(
        self,
        label: str,
        value: int,
        previous: int | None = None,
        *,
        good_when: str = "",
        detail: str = "",
    ) -> Figure:
        """A count with the change from the previous period (when there is one to compare)."""
        shown, before = self.count(value), None if previous is None else self.count(previous)
        change = (
            value - previous if isinstance(shown, int) and isinstance(before, int) and previous is not None else None
        )
        return Figure(label, shown, before, change, good_when=good_when, detail=detail)

    def percent_figure(
        self,
        label: str,
        part: int,
        whole: int,
        previous: tuple[int, int] | None = None,
        *,
        good_when: str = "up",
        detail: str = "",
    ) -> Figure:
        shown = self.percent(part, whole)
        before = None if previous is None else self.percent(*previous)
        change = round(shown - before, 1) if isinstance(shown, float) and isinstance(before, float) else None
        return Figure(label, shown, before, change, percent=True, good_when=good_when, detail=detail)

    def of(self, part: int, whole: int, what: str) -> str:
        """ "3 of 41 late" for SLT; for governors the same with counts as they may be shown."""
        return f"{_text(self.count(part))} of {_text(self.count(whole))} {what}"


def _text(value: Shown) -> str:
    return value if isinstance(value, str) else f"{value:,}"


def shown_text(counting: Counting, value: int) -> str:
    """A count as words in a sentence ("12", "1,204", "fewer than 5")."""
    return _text(counting.count(value))


def counted(counting: Counting, value: int, one: str, many: str = "") -> str:
    """A count with its noun, as the audience may see it: "1 open incident", "12 open incidents", "fewer than 5
    open incidents" (``many`` defaults to ``one`` + "s")."""
    return plural(counting.count(value), one, many)


@dataclass
class AreaResult:
    """What an area adds to the pack: its part, its key figures for the summary page, and its actions."""

    part: Part
    summary: list[Figure] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def by_label(counts: dict[str, int], order: Sequence[str]) -> list[int]:
    return [counts.get(label, 0) for label in order]


def months(period: Period) -> list[tuple[int, int]]:
    """The (year, month) of every month the period touches, in order."""
    found: list[tuple[int, int]] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def month_label(year: int, month: int) -> str:
    return dt.date(year, month, 1).strftime("%b %Y")
