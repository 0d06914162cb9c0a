"""Term dates: England's usual pattern, the school's own dates (saved, checked, audited, reset) and the periods a
report covers (this term, last term, a year, dates) with the period before each."""

from __future__ import annotations

import datetime as dt

import pytest

from smgov.data import audit
from smgov.data.errors import ValidationError
from smgov.data.services import terms as service
from smgov.data.services.audit_log import list_events
from smgov.data.terms import (
    Term,
    TermDates,
    academic_year_of,
    dates_period,
    easter_sunday,
    previous_period,
    term_period,
    usual_terms,
    year_period,
)
from smgov.data.verify import verify
from smgov.data.workspace import Workspace
from smgov.reports.pack.model import Period

D = dt.date


def _spans(terms: list[TermDates]) -> list[tuple[Term, dt.date, dt.date]]:
    return [(t.term, t.starts_on, t.ends_on) for t in terms]


# -- England's usual dates ------------------------------------------------------------------------------------------


def test_usual_dates_for_2025_26_match_the_published_pattern() -> None:
    assert _spans(usual_terms(2025)) == [
        (Term.AUTUMN, D(2025, 9, 3), D(2025, 12, 19)),
        (Term.SPRING, D(2026, 1, 5), D(2026, 3, 27)),
        (Term.SUMMER, D(2026, 4, 13), D(2026, 7, 21)),
    ]


def test_usual_dates_for_2026_27_follow_the_rule() -> None:
    # 2 September 2026 is a Wednesday; 20 December a Sunday; Easter Sunday is 28 March 2027.
    assert _spans(usual_terms(2026)) == [
        (Term.AUTUMN, D(2026, 9, 2), D(2026, 12, 18)),
        (Term.SPRING, D(2027, 1, 4), D(2027, 3, 19)),
        (Term.SUMMER, D(2027, 4, 5), D(2027, 7, 21)),
    ]
    assert [t.label for t in usual_terms(2026)] == ["Autumn term 2026", "Spring term 2027", "Summer term 2027"]
    assert all(not t.custom for t in usual_terms(2026))


def test_a_summer_ending_at_a_weekend_ends_the_friday_before() -> None:
    assert D(2029, 7, 21).weekday() == 5  # a Saturday
    assert usual_terms(2028)[2].ends_on == D(2029, 7, 20)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter_sunday(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


def test_academic_year_runs_from_september_to_august() -> None:
    assert academic_year_of(D(2026, 9, 1)) == 2026
    assert academic_year_of(D(2026, 8, 31)) == 2025
    assert academic_year_of(D(2027, 1, 15)) == 2026


# -- periods --------------------------------------------------------------------------------------------------------


def test_the_three_term_periods_cover_the_year_with_no_gap() -> None:
    for year in range(2020, 2040):
        terms = usual_terms(year)
        periods = [term_period(terms, term) for term in Term]
        assert periods[0].start == D(year, 9, 1) and periods[-1].end == D(year + 1, 8, 31)
        for before, after in zip(periods, periods[1:], strict=False):
            assert after.start == before.end + dt.timedelta(days=1)
        for dates, period in zip(terms, periods, strict=True):
            assert period.start <= dates.starts_on <= dates.ends_on <= period.end


def test_a_term_period_includes_the_holiday_after_and_says_so() -> None:
    period = term_period(usual_terms(2025), Term.AUTUMN)
    assert (period.label, period.start, period.end) == ("Autumn term 2025", D(2025, 9, 1), D(2026, 1, 4))
    assert period.note == "Teaching 03/09/2025 to 19/12/2025; the holiday after the term is included"
    spring = term_period(usual_terms(2025), Term.SPRING)
    assert (spring.label, spring.start, spring.end) == ("Spring term 2026", D(2026, 1, 5), D(2026, 4, 12))


def test_year_and_dates_periods() -> None:
    year = year_period(2026)
    assert (year.label, year.start, year.end) == ("Academic year 2026–27", D(2026, 9, 1), D(2027, 8, 31))
    span = dates_period(D(2026, 9, 1), D(2026, 10, 31))
    assert span.label == "01/09/2026 to 31/10/2026"
    with pytest.raises(ValueError, match="before it starts"):
        dates_period(D(2026, 10, 31), D(2026, 9, 1))


def test_the_period_before() -> None:
    both = [*usual_terms(2025), *usual_terms(2026)]
    autumn = term_period(usual_terms(2026), Term.AUTUMN)
    assert previous_period(autumn, both) == term_period(usual_terms(2025), Term.SUMMER)
    spring = term_period(usual_terms(2026), Term.SPRING)
    assert previous_period(spring, both) == autumn
    assert previous_period(year_period(2026)) == year_period(2025)
    before = previous_period(dates_period(D(2026, 9, 1), D(2026, 10, 31)))  # 61 days
    assert (before.start, before.end) == (D(2026, 7, 2), D(2026, 8, 31))


# -- the school's own dates -----------------------------------------------------------------------------------------

OWN = [
    (Term.AUTUMN, D(2026, 9, 3), D(2026, 12, 18)),
    (Term.SPRING, D(2027, 1, 5), D(2027, 3, 26)),
    (Term.SUMMER, D(2027, 4, 12), D(2027, 7, 20)),
]


def test_saved_dates_replace_the_usual_ones_for_that_year_only_and_are_audited(workspace: Workspace) -> None:
    assert service.term_dates(workspace, 2026) == usual_terms(2026)
    service.save_term_dates(workspace, 2026, OWN)
    saved = service.term_dates(workspace, 2026)
    assert _spans(saved) == OWN and all(t.custom for t in saved)
    assert service.term_dates(workspace, 2027) == usual_terms(2027)
    assert service.custom_years(workspace) == [2026]
    event = list_events(workspace, limit=1)[0]
    assert event.action == "term_dates.set"
    assert event.summary.startswith("Term dates for 2026–27: autumn term 03/09/2026 to 18/12/2026")

    changed = [OWN[0], (Term.SPRING, D(2027, 1, 6), D(2027, 3, 26)), OWN[2]]
    service.save_term_dates(workspace, 2026, changed)
    event = list_events(workspace, limit=1)[0]
    assert event.summary == "Term dates for 2026–27: spring term 06/01/2027 to 26/03/2027"  # only what changed
    count = len(list_events(workspace))
    service.save_term_dates(workspace, 2026, changed)
    assert len(list_events(workspace)) == count  # nothing changed: nothing recorded

    service.reset_term_dates(workspace, 2026)
    assert service.term_dates(workspace, 2026) == usual_terms(2026)
    assert list_events(workspace, limit=1)[0].action == "term_dates.reset"
    assert service.custom_years(workspace) == []
    with workspace.read() as session:
        assert audit.verify_chain(session) == []
    assert verify(workspace).ok  # every change smgov made carries its record check points


def test_a_period_uses_the_schools_own_dates(workspace: Workspace) -> None:
    service.save_term_dates(workspace, 2026, OWN)
    period = service.periods_for(workspace, "this-term", D(2027, 1, 4))[0]  # the last day of the Christmas holiday
    assert (period.label, period.start, period.end) == ("Autumn term 2026", D(2026, 9, 1), D(2027, 1, 4))
    period = service.periods_for(workspace, "this-term", D(2027, 4, 11))[0]  # the spring period's last day
    assert (period.label, period.start, period.end) == ("Spring term 2027", D(2027, 1, 5), D(2027, 4, 11))
    assert service.periods_for(workspace, "this-term", D(2027, 4, 11))[1] == period_of(workspace, "autumn", 2026)
    last = service.periods_for(workspace, "last-term", D(2026, 10, 1))[0]
    assert (last.label, last.start, last.end) == ("Summer term 2026", D(2026, 4, 13), D(2026, 8, 31))
    assert service.periods_for(workspace, "last-term", D(2026, 10, 1))[1].label == "Spring term 2026"
    assert service.periods_for(workspace, "this-year", D(2027, 8, 31))[0] == year_period(2026)
    assert service.periods_for(workspace, "this-year", D(2027, 8, 31))[1] == year_period(2025)
    assert service.periods_for(workspace, "year", D(2020, 1, 1), academic_year=2030)[0] == year_period(2030)
    chosen = service.periods_for(workspace, "dates", D(2026, 1, 1), start=D(2026, 9, 1), end=D(2026, 9, 30))[0]
    assert chosen.label == "01/09/2026 to 30/09/2026"
    earlier = service.periods_for(workspace, "dates", D(2026, 1, 1), start=D(2026, 9, 1), end=D(2026, 9, 30))[1]
    assert (earlier.start, earlier.end) == (D(2026, 8, 2), D(2026, 8, 31))


def test_a_period_not_over_yet_runs_to_today_against_as_many_days_before(workspace: Workspace) -> None:
    service.save_term_dates(workspace, 2026, OWN)
    term, before = service.periods_for(workspace, "this-term", D(2026, 12, 5))
    assert (term.label, term.start, term.end) == ("Autumn term 2026 so far", D(2026, 9, 1), D(2026, 12, 5))
    assert "runs to 04/01/2027" in term.note
    summer = period_of(workspace, "summer", 2025)
    assert isinstance(summer, Period)
    assert (before.start, before.end) == (summer.start, summer.start + dt.timedelta(days=95))  # 96 days each
    assert before.label == "Summer term 2026, first 96 days"
    chosen, year_before = service.periods_for(workspace, "year", D(2026, 12, 5), academic_year=2026)
    assert (chosen.label, chosen.end) == ("Academic year 2026–27 so far", D(2026, 12, 5))
    assert (year_before.start, year_before.end) == (D(2025, 9, 1), D(2025, 12, 5))  # the same dates a year before
    dates, days_before = service.periods_for(workspace, "dates", D(2026, 9, 10), start=D(2026, 9, 1), end=D(2027, 1, 1))
    assert (dates.label, days_before.start, days_before.end) == (
        "01/09/2026 to 10/09/2026",
        D(2026, 8, 22),
        D(2026, 8, 31),
    )
    first_day = service.periods_for(workspace, "this-term", D(2026, 9, 1))[0]
    assert (first_day.start, first_day.end) == (D(2026, 9, 1), D(2026, 9, 1))
    over = service.periods_for(workspace, "last-term", D(2026, 12, 5))[0]
    assert over.label == "Summer term 2026" and "to date" not in over.note  # a period over is whole


def period_of(workspace: Workspace, term: str, year: int) -> object:
    return service.periods_for(workspace, "term", D(2000, 1, 1), term=Term(term), academic_year=year)[0]


@pytest.mark.parametrize(
    ("which", "kwargs", "field"),
    [
        ("term", {"academic_year": 2026}, "term"),
        ("year", {}, "academic_year"),
        ("dates", {"start": D(2026, 9, 2), "end": D(2026, 9, 1)}, "end"),
        ("dates", {"start": D(2026, 9, 2)}, "end"),
        ("fortnight", {}, "period"),
        ("dates", {"start": D(1, 1, 1), "end": D(2026, 9, 1)}, "start"),  # the period before would be off the calendar
        ("dates", {"start": D(2026, 9, 1), "end": D(9999, 12, 31)}, "end"),
    ],
)
def test_a_period_asked_for_wrongly_is_refused(
    workspace: Workspace, which: str, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        service.periods_for(workspace, which, D(2026, 9, 1), **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("dates", "field", "words"),
    [
        (
            [(Term.AUTUMN, D(2026, 9, 3), D(2026, 9, 2)), *OWN[1:]],
            "autumn.ends_on",
            "ends (02/09/2026) before it starts",
        ),
        ([(Term.AUTUMN, D(2026, 8, 31), D(2026, 12, 18)), *OWN[1:]], "autumn.starts_on", "outside the 2026–27"),
        ([*OWN[:2], (Term.SUMMER, D(2027, 4, 12), D(2027, 9, 1))], "summer.ends_on", "31/08/2027"),
        ([OWN[0], (Term.SPRING, D(2026, 12, 18), D(2027, 3, 26)), OWN[2]], "spring.starts_on", "before the autumn"),
        ([OWN[0], OWN[2], OWN[1]], "summer.starts_on", None),  # given out of order: checked in term order
        (OWN[:2], "summer.starts_on", "Give the first and last days of the summer term"),
        ([*OWN, OWN[0]], "autumn.starts_on", "given twice"),
    ],
)
def test_wrong_term_dates_are_refused_by_field_and_nothing_is_saved(
    workspace: Workspace, dates: list[tuple[Term, dt.date, dt.date]], field: str, words: str | None
) -> None:
    if words is None:
        service.save_term_dates(workspace, 2026, dates)  # the order given does not matter
        assert _spans(service.term_dates(workspace, 2026)) == OWN
        return
    with pytest.raises(ValidationError) as caught:
        service.save_term_dates(workspace, 2026, dates)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert service.custom_years(workspace) == []


def test_an_impossible_year_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as caught:
        service.save_term_dates(workspace, 1066, OWN)
    assert caught.value.field == "academic_year"
