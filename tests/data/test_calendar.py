"""Working days and response deadlines: weekends, bank holidays, closure days and the clocks changing."""

from __future__ import annotations

import datetime as dt

import pytest

from smgov.data import calendar
from smgov.data.calendar import SCHOOL_TIME, response_due_at
from smgov.data.models import ResponseRule

WITHIN_24 = ResponseRule.WITHIN_24_HOURS
NEXT_WORKING_DAY = ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SCHOOL_TIME)  # type: ignore[misc]


def due_local(received: dt.datetime, rule: ResponseRule, closures: set[dt.date] | None = None) -> dt.datetime:
    due = response_due_at(received, rule, closures or set())
    assert due.tzinfo is not None and due.utcoffset() == dt.timedelta(0)  # stored as UTC
    return due.astimezone(SCHOOL_TIME)


def test_bank_holidays_of_england_and_wales_are_known_offline() -> None:
    assert calendar.bank_holiday(dt.date(2025, 8, 25)) == "Late Summer Bank Holiday"
    assert calendar.bank_holiday(dt.date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert calendar.bank_holiday(dt.date(2026, 12, 28)) is not None  # Boxing Day moved off the Saturday
    assert calendar.bank_holiday(dt.date(2026, 3, 17)) is None  # St Patrick's Day: Northern Ireland only
    assert not calendar.is_working_day(dt.date(2026, 8, 31))
    assert calendar.is_working_day(dt.date(2026, 9, 1))
    assert not calendar.is_working_day(dt.date(2026, 9, 1), {dt.date(2026, 9, 1)})


def test_next_working_day_skips_weekends_bank_holidays_and_closures() -> None:
    friday = dt.date(2026, 8, 28)
    assert calendar.next_working_day(friday) == dt.date(2026, 9, 1)  # Monday 31/08 is a bank holiday
    assert calendar.next_working_day(friday, {dt.date(2026, 9, 1), dt.date(2026, 9, 2)}) == dt.date(2026, 9, 3)
    assert calendar.next_working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 29)


def test_friday_evening_is_due_saturday_evening_under_either_rule() -> None:
    # Friday is a working day: the 24 hours run into the weekend, as the policy's words say.
    received = london(2026, 11, 20, 18, 30)
    assert due_local(received, WITHIN_24) == london(2026, 11, 21, 18, 30)
    assert due_local(received, NEXT_WORKING_DAY) == london(2026, 11, 21, 18, 30)


def test_saturday_is_due_at_the_end_of_monday_under_the_weekend_rule() -> None:
    received = london(2026, 11, 21, 9, 15)
    assert due_local(received, WITHIN_24) == london(2026, 11, 22, 9, 15)
    assert due_local(received, NEXT_WORKING_DAY) == london(2026, 11, 23, 17, 0)
    assert due_local(london(2026, 11, 22, 23, 59), NEXT_WORKING_DAY) == london(2026, 11, 23, 17, 0)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (london(2025, 8, 23, 10, 0), london(2025, 8, 26, 17, 0)),  # Saturday before bank holiday Monday 25/08/2025
        (london(2025, 8, 25, 10, 0), london(2025, 8, 26, 17, 0)),  # on the bank holiday itself
        (london(2026, 8, 30, 20, 0), london(2026, 9, 1, 17, 0)),  # Sunday before bank holiday Monday 31/08/2026
    ],
)
def test_a_bank_holiday_monday_moves_the_deadline_to_tuesday(received: dt.datetime, expected: dt.datetime) -> None:
    assert due_local(received, NEXT_WORKING_DAY) == expected


def test_a_closure_day_counts_like_a_weekend() -> None:
    inset = dt.date(2026, 10, 23)  # a Friday INSET day
    received = london(2026, 10, 23, 11, 0)
    assert due_local(received, NEXT_WORKING_DAY, {inset}) == london(2026, 10, 26, 17, 0)
    assert due_local(received, NEXT_WORKING_DAY) == london(2026, 10, 24, 11, 0)  # an ordinary Friday
    # and a closure on the next working day pushes a weekend deadline further
    assert due_local(london(2026, 10, 24, 9, 0), NEXT_WORKING_DAY, {dt.date(2026, 10, 26)}) == london(
        2026, 10, 27, 17, 0
    )


def test_the_clocks_going_forward_keep_the_wall_clock_time() -> None:
    # Saturday 28/03/2026 10:00 GMT; the clocks go forward at 01:00 on Sunday 29/03/2026.
    received = london(2026, 3, 28, 10, 0)
    due = due_local(received, WITHIN_24)
    assert due == london(2026, 3, 29, 10, 0)
    assert due.tzname() == "BST"
    assert due.astimezone(dt.UTC) - received.astimezone(dt.UTC) == dt.timedelta(hours=23)  # an hour less passes
    assert due_local(received, NEXT_WORKING_DAY) == london(2026, 3, 30, 17, 0)
    assert due_local(received, NEXT_WORKING_DAY).astimezone(dt.UTC).hour == 16


def test_a_time_the_clocks_skip_moves_an_hour_later() -> None:
    due = due_local(london(2026, 3, 28, 1, 30), WITHIN_24)  # 01:30 does not exist on 29/03/2026
    assert (due.hour, due.minute, due.tzname()) == (2, 30, "BST")


def test_the_clocks_going_back_keep_the_wall_clock_time() -> None:
    received = london(2026, 10, 24, 10, 0)  # Saturday, BST; the clocks go back on Sunday 25/10/2026
    due = due_local(received, WITHIN_24)
    assert due == london(2026, 10, 25, 10, 0)
    assert due.tzname() == "GMT"
    assert due.astimezone(dt.UTC) - received.astimezone(dt.UTC) == dt.timedelta(hours=25)
    # 01:30 happens twice that night: the first (earlier) one is the deadline
    twice = due_local(london(2026, 10, 24, 1, 30), WITHIN_24)
    assert twice.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)


def test_received_times_from_other_zones_are_read_on_the_school_clock() -> None:
    # 23:30 UTC on Friday 20/11/2026 is still Friday in London (GMT), so the 24-hour rule applies
    received = dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC)
    assert due_local(received, NEXT_WORKING_DAY) == london(2026, 11, 21, 23, 30)
    # 23:30 UTC on Friday 19/06/2026 is already Saturday 00:30 in London (BST)
    summer = dt.datetime(2026, 6, 19, 23, 30, tzinfo=dt.UTC)
    assert due_local(summer, NEXT_WORKING_DAY) == london(2026, 6, 22, 17, 0)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        response_due_at(dt.datetime(2026, 1, 1, 9, 0), WITHIN_24)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (200, "3 h 20 min left"),
        (60, "1 h left"),
        (5, "5 min left"),
        (0, "0 min left"),
        (-90, "overdue by 1 h 30 min"),
        (-(26 * 60), "overdue by 1 day 2 h"),
        (3 * 24 * 60, "3 days left"),
    ],
)
def test_time_left_reads_plainly(minutes: int, expected: str) -> None:
    now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    assert calendar.describe_time_left(now + dt.timedelta(minutes=minutes), now) == expected
