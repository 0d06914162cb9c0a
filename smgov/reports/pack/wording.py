"""How the pack's figures and table cells read in print: "87.5%", "up 3 from 9, worse", "12/11/2026 14:05".

Shared by the PDF and anything else that prints a :class:`~smgov.reports.pack.model.Pack`, so both say the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smgov.reports.pack.model import Figure, Shown, TableCell
from smgov.reports.pdf import uk_date

NO_VALUE = "—"
SHORT_TEXT = 300  # a label or a detail line longer than this is cut short: the pack is a summary


def shortened(text: str, limit: int = SHORT_TEXT) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number_text(value: float) -> str:
    """A number as printed: whole numbers with thousands separators, others to one decimal place."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def shown_text(value: Shown | None, *, percent: bool = False) -> str:
    """A figure's value as printed: "1,204", "87.5%", "26/12/2026", or its text ("fewer than 5")."""
    if value is None:
        return NO_VALUE
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return uk_date(value)
    return f"{number_text(value)}%" if percent else number_text(value)


def cell_text(value: TableCell) -> str:
    """A table cell as printed: UK dates, "dd/mm/yyyy hh:mm" times, numbers as :func:`number_text`, "—" for none."""
    if value is None:
        return NO_VALUE
    if isinstance(value, dt.datetime):
        return f"{uk_date(value)} {value:%H:%M}"
    if isinstance(value, dt.date):
        return uk_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return number_text(value)
    return value


@dataclass(frozen=True)
class Change:
    """The change from the previous period in words: arrow "▲", movement "up 3", previous "9", verdict "worse"."""

    arrow: str  # "▲", "▼" or "" (no change, or not known)
    movement: str  # "up 3", "down 2.5 points", "no change", or "" when it cannot be shown
    previous: str  # the previous period's figure as printed, "" when there is none
    verdict: str  # "better", "worse" or ""

    @property
    def words(self) -> str:
        """ "up 3 from 9", "no change from 4", "was fewer than 5", or "" without a previous figure (none, or "—")."""
        if self.movement:
            return f"{self.movement} from {self.previous}"
        return f"was {self.previous}" if self.previous and self.previous != NO_VALUE else ""

    @property
    def text(self) -> str:
        """All of it on one line: "▲ up 3 from 9, worse"."""
        line = f"{self.arrow} {self.words}".strip()
        return f"{line}, {self.verdict}" if self.verdict else line


def change_of(figure: Figure) -> Change:
    """The change from the previous period; never only a colour, so it reads in greyscale."""
    if figure.previous is None:
        return Change("", "", "", "")
    previous = shown_text(figure.previous, percent=figure.percent)
    if figure.change is None:
        return Change("", "", previous, "")
    if figure.change == 0:
        return Change("", "no change", previous, "")
    direction = "up" if figure.change > 0 else "down"
    amount = number_text(abs(figure.change))
    unit = (" point" if amount == "1" else " points") if figure.percent else ""
    verdict = ""
    if figure.good_when in ("up", "down"):
        verdict = "better" if direction == figure.good_when else "worse"
    return Change("▲" if direction == "up" else "▼", f"{direction} {amount}{unit}", previous, verdict)
