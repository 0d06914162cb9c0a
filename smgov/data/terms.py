"""Term dates and the periods a report covers (pure: no database).

An academic year runs from 1 September to 31 August and is named by the year it starts in (2026 for 2026–27). It has
three terms. England's usual dates, which :func:`usual_terms` works out and the school edits in Settings (its own
dates are kept in the workspace; see :mod:`smgov.data.services.terms`), follow this pattern:

* Autumn term: from the first Wednesday on or after 2 September to the Friday on or before 20 December.
* Spring term: from the first Monday on or after 4 January to the Friday before Holy Week (the Friday before the
  Monday before Good Friday). The Easter holiday is the fortnight from the Monday before Good Friday.
* Summer term: from the Monday two weeks after the Monday before Good Friday to 21 July (the Friday before, when
  21 July falls at a weekend).

Easter Sunday comes from the usual Gregorian computus (:func:`easter_sunday`). The pattern is approximate: local
authorities and trusts set their own dates, which is why the school can change them.

A term's *period* (what a report for "this term" covers) runs from its first day to the day before the next term
starts, so the holiday after it is included; the autumn period starts on 1 September and the summer one ends on
31 August. The three periods cover the academic year with no gap and no overlap.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from smgov.reports.pack.model import Period

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years a school's term dates and a report's period may fall in (the period before a day far outside them
would fall off the calendar)."""

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Term",
    "TermDates",
    "academic_year_label",
    "academic_year_of",
    "dates_period",
    "easter_sunday",
    "previous_period",
    "previous_term",
    "term_period",
    "usual_terms",
    "year_bounds",
    "year_period",
]


class Term(enum.StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"

    @property
    def label(self) -> str:
        """ "Autumn term"."""
        return f"{self.value.capitalize()} term"


TERMS = (Term.AUTUMN, Term.SPRING, Term.SUMMER)


@dataclass(frozen=True)
class TermDates:
    academic_year: int  # 2026 for 2026–27 (1 September to 31 August)
    term: Term
    starts_on: dt.date  # first teaching day
    ends_on: dt.date  # last teaching day
    custom: bool = False  # set by the school in Settings (else England's usual dates)

    @property
    def label(self) -> str:
        """ "Autumn term 2026", "Spring term 2027": the calendar year the term is in."""
        return f"{self.term.label} {self.starts_on.year}"


def academic_year_of(day: dt.date) -> int:
    """The academic year ``day`` is in: 2026 for any day from 1 September 2026 to 31 August 2027."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_label(academic_year: int) -> str:
    """ "2026–27"."""
    return f"{academic_year}–{(academic_year + 1) % 100:02d}"


def year_bounds(academic_year: int) -> tuple[dt.date, dt.date]:
    """1 September and 31 August of ``academic_year``."""
    return dt.date(academic_year, 9, 1), dt.date(academic_year + 1, 8, 31)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * m + 90) // 25
    day = (h + ell - 7 * m + 33 * month + 19) % 32
    return dt.date(year, month, day)


def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


_MONDAY, _WEDNESDAY, _FRIDAY = 0, 2, 4


def usual_terms(academic_year: int) -> list[TermDates]:
    """England's usual term dates for ``academic_year`` (the pattern in this module's docstring)."""
    spring_year = academic_year + 1
    holy_monday = easter_sunday(spring_year) - dt.timedelta(days=6)  # the Monday before Good Friday
    july_21 = dt.date(spring_year, 7, 21)
    summer_end = _on_or_before(july_21, _FRIDAY) if july_21.weekday() >= 5 else july_21
    return [
        TermDates(
            academic_year,
            Term.AUTUMN,
            _on_or_after(dt.date(academic_year, 9, 2), _WEDNESDAY),
            _on_or_before(dt.date(academic_year, 12, 20), _FRIDAY),
        ),
        TermDates(
            academic_year,
            Term.SPRING,
            _on_or_after(dt.date(spring_year, 1, 4), _MONDAY),
            holy_monday - dt.timedelta(days=3),
        ),
        TermDates(academic_year, Term.SUMMER, holy_monday + dt.timedelta(days=14), summer_end),
    ]


def _uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _find(terms: Sequence[TermDates], term: Term) -> TermDates:
    for dates in terms:
        if dates.term is term:
            return dates
    raise ValueError(f"no dates for the {term.label.lower()}")


def term_period(terms: Sequence[TermDates], term: Term) -> Period:
    """The period of ``term`` (from ``terms``, one academic year's): its teaching days and the holiday after it."""
    dates = _find(terms, term)
    first, last = year_bounds(dates.academic_year)
    start = first if term is Term.AUTUMN else dates.starts_on
    following = None if term is Term.SUMMER else _find(terms, TERMS[TERMS.index(term) + 1])
    end = last if following is None else following.starts_on - dt.timedelta(days=1)
    note = f"Teaching {_uk(dates.starts_on)} to {_uk(dates.ends_on)}; the holiday after the term is included"
    return Period(dates.label, start, end, note)


def year_period(academic_year: int) -> Period:
    """ "Academic year 2026–27", 1 September to 31 August."""
    start, end = year_bounds(academic_year)
    return Period(f"Academic year {academic_year_label(academic_year)}", start, end)


def dates_period(start: dt.date, end: dt.date) -> Period:
    """ "01/09/2026 to 31/10/2026" (both days included); ValueError when ``end`` is before ``start``."""
    if end < start:
        raise ValueError(f"the period ends ({_uk(end)}) before it starts ({_uk(start)})")
    return Period(f"{_uk(start)} to {_uk(end)}", start, end)


def previous_term(academic_year: int, term: Term) -> tuple[int, Term]:
    """The term before: (2026, SPRING) -> (2026, AUTUMN); (2026, AUTUMN) -> (2025, SUMMER)."""
    if term is Term.AUTUMN:
        return academic_year - 1, Term.SUMMER
    return academic_year, TERMS[TERMS.index(term) - 1]


def previous_period(period: Period, terms: Sequence[TermDates] = ()) -> Period:
    """The period before ``period``, to compare with.

    When ``period`` is a term's period (of one of the years in ``terms``, which should hold the year before too), the
    term before's; when it is an academic year, the year before; otherwise (dates), the same number of days just
    before it."""
    years = sorted({t.academic_year for t in terms})
    for year in years:
        in_year = [t for t in terms if t.academic_year == year]
        if len(in_year) != len(TERMS):
            continue
        for term in TERMS:
            if term_period(in_year, term) == period:
                before_year, before_term = previous_term(year, term)
                before = [t for t in terms if t.academic_year == before_year]
                if len(before) != len(TERMS):
                    before = usual_terms(before_year)
                return term_period(before, before_term)
    first = academic_year_of(period.start)
    if year_period(first) == period:
        return year_period(first - 1)
    days = (period.end - period.start).days + 1
    end = period.start - dt.timedelta(days=1)
    return dates_period(end - dt.timedelta(days=days - 1), end)
