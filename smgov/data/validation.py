"""Checking what users type: one text cleaner and the validators every service uses.

Each check returns the tidy value or raises :class:`~smgov.data.errors.ValidationError` naming the field, with a
message that says what is wrong and how to put it right. Text goes through :func:`clean_text` first: Unicode NFC (so
"é" typed two ways is stored one way and searches find it), no control characters (a NUL or an escape pasted from a
web page breaks printouts and exports) nor bidi overrides, and, for one-line fields, no line breaks or runs of spaces.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from typing import TypeVar

from smgov.data import calendar
from smgov.data.errors import ValidationError
from smgov.data.models.base import utcnow

__all__ = [
    "CLOCK_SKEW",
    "EARLIEST",
    "EMAIL_RE",
    "MAX_LINE",
    "MAX_NAME",
    "MAX_TEXT",
    "check_choice",
    "check_email",
    "check_line",
    "check_moment",
    "check_past_day",
    "check_school_name",
    "check_text",
    "clean_text",
    "school_today",
]

MAX_LINE = 200
MAX_TEXT = 200_000  # a 5,000-word description is about 30,000 characters
MAX_NAME = 200  # the school's name
CLOCK_SKEW = dt.timedelta(minutes=5)  # the office PC's clock and a phone's may differ a little
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")

# Line breaks in all their forms (Windows, old Mac, Unicode's own separators, NEL), made "\n".
_NEWLINES = re.compile("\r\n|[\r\x85\u2028\u2029]")
# C0 and C1 control characters and DEL, except tab and newline (what multi-line text keeps), and lone surrogates
# (half an emoji from a broken paste, or bytes that are not UTF-8 in a command-line argument): no file can store one.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): a name holding U+202E reverses
# the app's own words around it ("Delete ... ?retsiger eht morf"). The marks U+200E/U+200F stay: they are
# legitimate in names that mix Arabic or Hebrew with Latin letters.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")

E = TypeVar("E", bound=enum.StrEnum)


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """``value`` in Unicode NFC without control characters, surrounding space stripped.

    ``multiline`` keeps line breaks (as "\\n") and tabs; otherwise every run of white space or control characters
    becomes one space, so a pasted line break or tab cannot hide inside a name.
    """
    text = _BIDI_CONTROL.sub("", _NEWLINES.sub("\n", value or ""))
    text = _CONTROL.sub("", text) if multiline else " ".join(_CONTROL.sub(" ", text).split())
    return unicodedata.normalize("NFC", text).strip()


def _check_length(cleaned: str, field_name: str, label: str, limit: int, advice: str = "") -> None:
    if len(cleaned) > limit:
        raise ValidationError(
            f"The {label} is too long ({len(cleaned):,} characters; at most {limit:,}).{advice}", field=field_name
        )


def check_line(value: str, field_name: str, label: str, *, required: bool = True, limit: int = MAX_LINE) -> str:
    """One line of text, spaces tidied; refused when empty (if required) or too long, with a message that says so."""
    cleaned = clean_text(value)
    if required and not cleaned:
        raise ValidationError(f"Enter the {label}.", field=field_name)
    _check_length(cleaned, field_name, label, limit)
    return cleaned


def check_text(value: str, field_name: str, label: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Text of several lines or paragraphs, kept as typed apart from control characters and surrounding space."""
    cleaned = clean_text(value, multiline=True)
    if required and not cleaned:
        raise ValidationError(f"Enter the {label}.", field=field_name)
    _check_length(cleaned, field_name, label, limit, " Attach long documents as evidence instead.")
    return cleaned


def check_choice(kind: type[E], value: object, field_name: str, label: str) -> E:
    """A member of ``kind`` (given as itself or its stored value), or "Choose the … from the list"."""
    try:
        return kind(str(value))
    except ValueError as exc:
        raise ValidationError(f"Choose the {label} from the list.", field=field_name) from exc


def check_email(email: str, field_name: str = "email") -> str:
    """An email address (or nothing), refused with an example when it cannot be one."""
    cleaned = clean_text(email)
    if cleaned and not EMAIL_RE.match(cleaned):
        raise ValidationError(f"'{cleaned[:60]}' is not an email address (name@school.org.uk).", field=field_name)
    return cleaned


def check_school_name(name: str) -> str:
    """The school's name as it heads every printout."""
    cleaned = clean_text(name)
    if not cleaned:
        raise ValidationError("Enter the school's name.", field="name")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(f"The school's name is too long (at most {MAX_NAME} characters).", field="name")
    return cleaned


def check_moment(value: dt.datetime, field_name: str, label: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """An aware UTC datetime not in the future (a naive one is school time)."""
    if not isinstance(value, dt.datetime):
        raise ValidationError(f"Enter the {label} as a date and time.", field=field_name)
    if value.tzinfo is None:
        value = calendar.at_school_time(value.date(), value.time())
    value = value.astimezone(dt.UTC)
    now = now or utcnow()
    if value > now + CLOCK_SKEW:
        raise ValidationError(
            f"The {label} ({calendar.format_school_time(value)}) is in the future. Check the date and time.",
            field=field_name,
        )
    if value < EARLIEST:
        raise ValidationError(f"The {label} is before the year 2000. Check the date.", field=field_name)
    return value


def check_past_day(value: dt.date, field_name: str, label: str, *, today: dt.date | None = None) -> dt.date:
    """A date not after today (and not before 2000)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(f"Enter the {label} as a date.", field=field_name)
    today = today or school_today()
    if value > today:
        raise ValidationError(f"The {label} ({value:%d/%m/%Y}) is in the future. Check the date.", field=field_name)
    if value.year < 2000:
        raise ValidationError(f"The {label} is before the year 2000. Check the date.", field=field_name)
    return value


def school_today() -> dt.date:
    """Today's date at the school (Europe/London), whatever the PC's time zone."""
    return calendar.school_time(utcnow()).date()
