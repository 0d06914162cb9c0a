"""Working days and response deadlines, in school time (Europe/London).

A working day is a weekday that is not an England and Wales bank holiday (from the ``holidays`` package, which works
them out offline) and not one of the school's own closure days (INSET days, holidays, from its settings).

When a response is due (:func:`response_due_at`) follows the school's :class:`ResponseRule`:

* ``WITHIN_24_HOURS``: 24 hours after receipt, counted on the clock on the office wall: the same time the next day.
  On the two nights a year the clocks change that is 23 or 25 real hours. A time that does not exist the next day
  (01:30 on the last Sunday of March) moves an hour later; one that exists twice (01:30 on the last Sunday of
  October) is the first of the two, so the deadline is never later than intended.
* ``NEXT_WORKING_DAY_AT_WEEKEND``: as above when received on a working day; when received on a weekend, a bank
  holiday or a closure day, by the end of the next working day, where the end of a working day is 17:00
  (:data:`END_OF_WORKING_DAY`) school time.

Times go in and come out timezone-aware; results are in UTC, as the workspace stores them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smgov.data.models.school import ResponseRule

if TYPE_CHECKING:
    from holidays import HolidayBase

SCHOOL_TIME = ZoneInfo("Europe/London")
END_OF_WORKING_DAY = dt.time(17, 0)
_MAX_SEARCH_DAYS = 400  # a school closed for over a year is a settings mistake, not a reason to loop forever

_holidays_lock = threading.Lock()


@lru_cache(maxsize=1)
def _bank_holidays() -> HolidayBase:
    import holidays  # imported when first needed: it takes a tenth of a second

    return holidays.country_holidays("GB", subdiv="ENG")


def bank_holiday(day: dt.date) -> str | None:
    """The name of the England and Wales bank holiday on ``day``, or None."""
    with _holidays_lock:  # the holidays object fills in years as they are asked for
        name = _bank_holidays().get(day)
    return str(name) if name else None


def is_working_day(day: dt.date, closure_days: Collection[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in closure_days and bank_holiday(day) is None


def next_working_day(day: dt.date, closure_days: Collection[dt.date] = ()) -> dt.date:
    """The first working day after ``day``."""
    for offset in range(1, _MAX_SEARCH_DAYS):
        candidate = day + dt.timedelta(days=offset)
        if is_working_day(candidate, closure_days):
            return candidate
    raise ValueError("no working day within a year: check the school's closure days")


def school_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` (aware) on the school's clock."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place in school time")
    return moment.astimezone(SCHOOL_TIME)


def at_school_time(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware moment ``time`` on ``day`` on the school's clock (the first one if it happens twice)."""
    return _resolve(dt.datetime.combine(day, time, tzinfo=SCHOOL_TIME))


def _resolve(wall: dt.datetime) -> dt.datetime:
    """A wall-clock time in school time made real: moved an hour on when the clocks skipped it."""
    utc = wall.astimezone(dt.UTC)
    if utc.astimezone(SCHOOL_TIME).replace(tzinfo=None) != wall.replace(tzinfo=None, fold=0):
        # It does not exist (the spring gap): zoneinfo reads it with the old offset, which is the hour after.
        return utc.astimezone(SCHOOL_TIME)
    return wall


def response_due_at(
    received_at: dt.datetime, rule: ResponseRule, closure_days: Collection[dt.date] = ()
) -> dt.datetime:
    """When the response to something received at ``received_at`` is due (UTC), by the school's rule."""
    local = school_time(received_at)
    if rule is ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND and not is_working_day(local.date(), closure_days):
        due = at_school_time(next_working_day(local.date(), closure_days), END_OF_WORKING_DAY)
    else:
        next_day = local.date() + dt.timedelta(days=1)
        due = _resolve(dt.datetime.combine(next_day, local.timetz().replace(tzinfo=SCHOOL_TIME, fold=0)))
    return due.astimezone(dt.UTC)


def describe_time_left(due: dt.datetime, now: dt.datetime) -> str:
    """How long until ``due`` ("3 h 20 min left") or how long since ("overdue by 1 day 2 h"), to the minute."""
    seconds = int((due - now).total_seconds())
    span = _span(abs(seconds))
    if seconds >= 0:
        return f"{span} left"
    return f"overdue by {span}"


def _span(seconds: int) -> str:
    minutes = seconds // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        unit = "day" if days == 1 else "days"
        return f"{days} {unit} {hours} h" if hours else f"{days} {unit}"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def format_school_time(moment: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM on the school's clock, or "" for None."""
    return "" if moment is None else school_time(moment).strftime("%d/%m/%Y %H:%M")
