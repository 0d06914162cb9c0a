"""The termly pack as plain values: what the PDF and the workbook print, already made safe for its audience.

:mod:`smgov.documents.pack` builds a :class:`Pack` from the workspace's services; the renderers in this package
(:mod:`smgov.reports.pack.pdf`, :mod:`smgov.reports.pack.workbook`) only lay it out. Suppression for governors is
done when the pack is built, never by a renderer: in a governors' pack every count under 5 is already the text
"fewer than 5" (:data:`FEWER_THAN_5`), a chart's small values are None, and no table holds a pupil's name or
initials or a member of staff's name (roles only). A renderer cannot leak what the pack does not hold.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

FEWER_THAN_5 = "fewer than 5"
SMALL_COUNT = 5  # in a governors' pack, a count under this is shown as FEWER_THAN_5


class Audience(enum.StrEnum):
    SLT = "slt"
    GOVERNORS = "governors"

    @property
    def label(self) -> str:
        return {Audience.SLT: "Senior Leadership Team", Audience.GOVERNORS: "Governors"}[self]

    @property
    def marking(self) -> str:
        """Printed on every page (and at the top of every sheet)."""
        if self is Audience.GOVERNORS:
            return "Governors' version: no pupil is named; counts under 5 are shown as “fewer than 5”"
        return "SLT version: CONFIDENTIAL; pupils appear as initials only"


Shown = int | float | str | dt.date
"""A figure as printed: a whole number, a percentage (float, 0–100), a date (the policy's next review), or text
("fewer than 5", "—")."""

TableCell = str | int | float | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Period:
    """The dates a pack covers, both ends included."""

    label: str  # "Autumn term 2026", "Academic year 2026–27", "01/09/2026 to 31/10/2026"
    start: dt.date
    end: dt.date
    note: str = ""  # e.g. "Teaching days 03/09/2026 to 18/12/2026; the holiday after the term is included"


@dataclass(frozen=True)
class Figure:
    """A key figure with the change from the previous period.

    ``value`` and ``previous`` are as printed (already suppressed for governors); ``change`` is the signed
    difference when both are whole numbers that may be shown, else None. ``percent`` marks a percentage.
    ``good_when`` says which way is better ("down" for overdue incidents), for the arrow's wording only.
    """

    label: str
    value: Shown
    previous: Shown | None = None
    change: int | float | None = None
    percent: bool = False
    good_when: str = ""  # "up", "down" or "" (neither)
    detail: str = ""  # a short line under the figure ("3 of 41 late")


@dataclass(frozen=True)
class Chart:
    """A bar chart of counts, one group per label, one bar per series.

    ``series`` pairs a name ("This term", "Last term") with one value per label; a value is None where it is too
    small to show (governors): the chart draws it as a hatched "fewer than 5" bar. ``kind`` is "bar" (vertical
    grouped bars), "hbar" (horizontal, for long labels) or "stacked".
    """

    title: str
    labels: Sequence[str]
    series: Sequence[tuple[str, Sequence[int | None]]]
    kind: str = "bar"
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A table of rows (late responses, accounts with fewer than two staff...). ``empty`` is printed instead of
    an empty table ("None this term.")."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[TableCell]]
    empty: str = "None."
    widths: Sequence[float] = ()  # relative column widths; equal when empty


@dataclass(frozen=True)
class Part:
    """One area of the pack: incidents, accounts, consent, blocked content, policy and audit."""

    key: str  # "incidents", "accounts", "consent", "requests", "policy"
    title: str
    intro: str = ""
    figures: Sequence[Figure] = ()
    charts: Sequence[Chart] = ()
    tables: Sequence[Table] = ()
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class RowSheet:
    """Underlying rows for the workbook (one sheet each); SLT version only."""

    name: str  # the sheet's tab ("Incidents")
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[TableCell]]
    wrap: Sequence[int] = ()  # the columns of long text (wrapped)


@dataclass(frozen=True)
class Pack:
    school_name: str
    logo: bytes | None
    audience: Audience
    period: Period
    previous: Period
    printed_on: dt.date
    prepared_by: str  # "Jane Smith, School business manager" (a role for governors)
    summary: Sequence[Figure]
    actions: Sequence[str]  # the actions needed, most urgent first
    parts: Sequence[Part]
    seal: str = ""  # the audit seal (smgov verify FILE --seal SEAL)
    rows: Sequence[RowSheet] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return "Social media governance: termly report"
