"""The school's term dates (its own, set in Settings, or England's usual ones) and the periods reports cover.

A year the school has not set dates for uses :func:`smgov.data.terms.usual_terms`. Saving a year's dates keeps all
three terms as the school's own; resetting it removes them, so England's usual dates apply again. Both are audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models.school import SchoolTerm
from smgov.data.terms import (
    FIRST_YEAR,
    LAST_YEAR,
    TERMS,
    Term,
    TermDates,
    academic_year_label,
    academic_year_of,
    dates_period,
    previous_period,
    previous_term,
    term_period,
    usual_terms,
    year_bounds,
    year_period,
)
from smgov.data.workspace import Workspace
from smgov.reports.pack.model import Period

__all__ = [
    "PERIOD_KINDS",
    "check_term_dates",
    "custom_years",
    "periods_for",
    "reset_term_dates",
    "save_term_dates",
    "term_dates",
]

PERIOD_KINDS = ("this-term", "last-term", "this-year", "term", "year", "dates")


def _uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_year(academic_year: int) -> int:
    if not FIRST_YEAR <= academic_year <= LAST_YEAR:
        raise ValidationError(f"Choose an academic year between {FIRST_YEAR} and {LAST_YEAR}.", field="academic_year")
    return academic_year


def _year_dates(session: Session, academic_year: int) -> list[TermDates]:
    rows = {
        row.term: row for row in session.scalars(select(SchoolTerm).where(SchoolTerm.academic_year == academic_year))
    }
    found = []
    for usual in usual_terms(academic_year):
        row = rows.get(usual.term)
        found.append(usual if row is None else TermDates(academic_year, row.term, row.starts_on, row.ends_on, True))
    return found


def term_dates(workspace: Workspace, academic_year: int) -> list[TermDates]:
    """The three terms of ``academic_year``: the school's own dates, or England's usual ones (``custom`` False)."""
    with workspace.read() as session:
        return _year_dates(session, academic_year)


def custom_years(workspace: Workspace) -> list[int]:
    """The academic years the school has set its own term dates for, oldest first."""
    with workspace.read() as session:
        return sorted(set(session.scalars(select(SchoolTerm.academic_year))))


def check_term_dates(
    academic_year: int, dates: Sequence[tuple[Term, dt.date, dt.date]]
) -> list[tuple[Term, dt.date, dt.date]]:
    """The three terms' dates, checked, in order (no database: the settings page checks them before saving).

    Raises ValidationError naming the field ("autumn.starts_on", "spring.ends_on", ...)."""
    _check_year(academic_year)
    given: dict[Term, tuple[dt.date, dt.date]] = {}
    for term, start, end in dates:
        term = Term(term)
        if term in given:
            raise ValidationError(f"The {term.label.lower()} is given twice.", field=f"{term.value}.starts_on")
        given[term] = (start, end)
    first_day, last_day = year_bounds(academic_year)
    year = academic_year_label(academic_year)
    checked: list[tuple[Term, dt.date, dt.date]] = []
    for term in TERMS:
        name = term.label.lower()
        if term not in given:
            raise ValidationError(f"Give the first and last days of the {name}.", field=f"{term.value}.starts_on")
        start, end = given[term]
        for field, day, which in ((f"{term.value}.starts_on", start, "first"), (f"{term.value}.ends_on", end, "last")):
            if not first_day <= day <= last_day:
                raise ValidationError(
                    f"The {name}'s {which} day ({_uk(day)}) is outside the {year} school year "
                    f"({_uk(first_day)} to {_uk(last_day)}).",
                    field=field,
                )
        if end < start:
            raise ValidationError(
                f"The {name} ends ({_uk(end)}) before it starts ({_uk(start)}).", field=f"{term.value}.ends_on"
            )
        if checked and start <= checked[-1][2]:
            before = checked[-1][0].label.lower()
            raise ValidationError(
                f"The {name} starts ({_uk(start)}) before the {before} has ended ({_uk(checked[-1][2])}): "
                "terms come one after another.",
                field=f"{term.value}.starts_on",
            )
        checked.append((term, start, end))
    return checked


def save_term_dates(workspace: Workspace, academic_year: int, dates: Sequence[tuple[Term, dt.date, dt.date]]) -> None:
    """Keep ``dates`` (all three terms) as the school's own for ``academic_year``; checked first, audited."""
    checked = check_term_dates(academic_year, dates)
    with workspace.write() as session:
        rows = {
            row.term: row
            for row in session.scalars(select(SchoolTerm).where(SchoolTerm.academic_year == academic_year))
        }
        changed = []
        for term, start, end in checked:
            row = rows.get(term)
            if row is None:
                session.add(SchoolTerm(academic_year=academic_year, term=term, starts_on=start, ends_on=end))
            elif (row.starts_on, row.ends_on) == (start, end):
                continue
            else:
                row.starts_on, row.ends_on = start, end
            changed.append(f"{term.label.lower()} {_uk(start)} to {_uk(end)}")
        if changed:
            audit.record(
                session,
                AuditAction.TERM_DATES_SET,
                "school_term",
                academic_year,
                f"Term dates for {academic_year_label(academic_year)}: " + "; ".join(changed),
            )


def reset_term_dates(workspace: Workspace, academic_year: int) -> None:
    """Forget the school's own dates for ``academic_year``: England's usual dates apply again. Audited."""
    _check_year(academic_year)
    with workspace.write() as session:
        found = session.scalars(select(SchoolTerm.id).where(SchoolTerm.academic_year == academic_year)).all()
        if not found:
            return
        session.execute(delete(SchoolTerm).where(SchoolTerm.academic_year == academic_year))
        audit.record(
            session,
            AuditAction.TERM_DATES_RESET,
            "school_term",
            academic_year,
            f"Term dates for {academic_year_label(academic_year)} back to England's usual dates",
        )


# -- periods --------------------------------------------------------------------------------------------------------


def _term_holding(session: Session, today: dt.date) -> tuple[int, Term, list[TermDates]]:
    year = academic_year_of(today)
    terms = _year_dates(session, year)
    for term in reversed(TERMS):
        if term_period(terms, term).start <= today:
            return year, term, terms
    return year, Term.AUTUMN, terms  # (the autumn period starts on 1 September: not reached)


def _resolve(
    session: Session,
    which: str,
    today: dt.date,
    term: Term | None,
    academic_year: int | None,
    start: dt.date | None,
    end: dt.date | None,
) -> tuple[Period, list[TermDates]]:
    """The period asked for, and the term dates of its year and the year before (for the previous period)."""
    if which in ("this-term", "last-term", "term"):
        if which == "term":
            if term is None or academic_year is None:
                raise ValidationError("Choose the term and its academic year.", field="term")
            year, chosen = _check_year(academic_year), Term(term)
        else:
            year, chosen, _terms = _term_holding(session, today)
            if which == "last-term":
                year, chosen = previous_term(year, chosen)
        terms = _year_dates(session, year)
        return term_period(terms, chosen), [*_year_dates(session, year - 1), *terms]
    if which in ("this-year", "year"):
        if which == "year":
            if academic_year is None:
                raise ValidationError("Choose the academic year.", field="academic_year")
            year = _check_year(academic_year)
        else:
            year = academic_year_of(today)
        return year_period(year), []
    if which == "dates":
        if start is None or end is None:
            raise ValidationError(
                "Give the first and last days of the period.", field="start" if start is None else "end"
            )
        for day, name in ((start, "start"), (end, "end")):
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValidationError(f"Choose a day between {FIRST_YEAR} and {LAST_YEAR}, not {_uk(day)}.", field=name)
        try:
            return dates_period(start, end), []
        except ValueError:
            raise ValidationError(
                f"The period ends ({_uk(end)}) before it starts ({_uk(start)}).", field="end"
            ) from None
    raise ValidationError(f"Choose a period: {', '.join(PERIOD_KINDS)}.", field="period")


def periods_for(
    workspace: Workspace,
    which: str,
    today: dt.date,
    *,
    term: Term | None = None,
    academic_year: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[Period, Period]:
    """The period a report covers, by the school's term dates, and the period before it to compare with.

    ``which``: "this-term" (the term whose period holds ``today``), "last-term" (the one before it), "this-year",
    "term" (``term`` of ``academic_year``), "year" (``academic_year``) or "dates" (``start`` to ``end``). A wrong
    choice raises ValidationError. The period before is the term before (the summer before an autumn is last
    year's), the year before, or for dates the same number of days just before.

    A period not over yet is reported up to ``today`` ("Autumn term 2026 so far"), and compared with as many days
    from the start of the period before ("Summer term 2026, first 96 days"; for a year, the same dates a year
    earlier): three months of a term are never set against a whole one, nor months to come charted as nothing."""
    with workspace.read() as session:
        period, terms = _resolve(session, which, today, term, academic_year, start, end)
    previous = _before(which, period, terms)
    if not period.start <= today < period.end:
        return period, previous
    note = f"Up to today: the period runs to {_uk(period.end)}. {period.note}".strip()
    if which == "dates":
        so_far = replace(dates_period(period.start, today), note=note)
        return so_far, previous_period(so_far)
    days = (today - period.start).days + 1
    same_end = min(previous.end, previous.start + dt.timedelta(days=days - 1))
    return (
        Period(f"{period.label} so far", period.start, today, note),
        Period(f"{previous.label}, first {days} days", previous.start, same_end, previous.note),
    )


def _before(which: str, period: Period, terms: list[TermDates]) -> Period:
    if which in ("this-term", "last-term", "term"):
        return previous_period(period, terms)
    if which in ("this-year", "year"):
        return year_period(academic_year_of(period.start) - 1)
    return previous_period(period)
