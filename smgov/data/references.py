"""Record references as the school sees them: INC-00033, BCR-00009, ACC-00001, ICR-00001.

One width everywhere (five digits). :func:`format_reference` writes one; :func:`parse_reference` reads what a user
typed ("INC-00033", "inc-33", "INC33" or the bare number "33"), refusing a reference of another kind.
"""

from __future__ import annotations

import enum
import re

from smgov.data.errors import ValidationError
from smgov.data.validation import clean_text

__all__ = ["DIGITS", "RecordKind", "format_reference", "parse_reference"]

DIGITS = 5


class RecordKind(enum.Enum):
    """A kind of record the school knows by reference: (prefix, what it is called)."""

    INCIDENT = ("INC", "an incident")
    BLOCKED_CONTENT_REQUEST = ("BCR", "a blocked content request")
    ACCOUNT = ("ACC", "an account")
    CONTENT_REPORT = ("ICR", "an inappropriate content report")

    @property
    def prefix(self) -> str:
        return self.value[0]

    @property
    def described(self) -> str:
        return self.value[1]


_BY_PREFIX = {kind.prefix: kind for kind in RecordKind}
_PREFIXES = {kind: kind.prefix for kind in RecordKind}  # an enum's .value is slow to reach 20,000 times
_PATTERN = re.compile(r"(?:([A-Z]{3})\s*[-\u2010-\u2015]?\s*)?0*(\d{1,12})")


def format_reference(kind: RecordKind, number: int) -> str:
    """The reference of record ``number`` of ``kind``: "INC-00033"."""
    return f"{_PREFIXES[kind]}-{number:0{DIGITS}d}"


def parse_reference(text: str, kind: RecordKind, *, field: str | None = None) -> int:
    """The record number in ``text``: a reference of ``kind`` as shown (any case, leading zeros or not) or the bare
    number. A ValidationError (one sentence) for anything else, naming the right kind when another was given."""
    cleaned = " ".join(str(text).split()).upper()
    match = _PATTERN.fullmatch(cleaned)
    example = format_reference(kind, 1)
    shown = clean_text(str(text))  # quoted in the message: printable, and cut short
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    if not match:
        raise ValidationError(f"“{shown}” is not a reference. Give it as shown ({example}) or as a number.", field)
    prefix, digits = match.groups()
    if prefix is not None and prefix != kind.prefix:
        other = _BY_PREFIX.get(prefix)
        if other is None:
            raise ValidationError(
                f"“{shown}” is not a reference smgov knows. Give {kind.described} as shown ({example}) or as a number.",
                field,
            )
        raise ValidationError(
            f"{format_reference(other, int(digits))} is {other.described}, not {kind.described} ({kind.prefix}-…).",
            field,
        )
    number = int(digits)
    if number < 1:
        raise ValidationError(f"“{shown}” is not a reference: numbers start at 1 ({example}).", field)
    return number
