"""Reading the register for the grid (in the background: never touches widgets)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from smgov.data.services.consent import NOT_RETURNED, academic_year_of, year_bounds, year_label
from smgov.ui.sections.consent.model import GridRow, GridRows

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace


def grid_date(year: int, today: dt.date | None = None) -> dt.date:
    """The day a year's grid shows: today in the current year, the last day of a past one, the first of a future
    one (returns for next year collected in the summer take effect on 1 September)."""
    today = today or dt.date.today()
    start, end = year_bounds(year)
    return min(max(today, start), end)


def year_choices(today: dt.date | None = None) -> list[tuple[str, int]]:
    """Next year, this year and the three before, newest first ("2026-27 (this year)")."""
    current = academic_year_of(today or dt.date.today())
    years = range(current + 1, current - 4, -1)
    return [(year_label(y) + (" (this year)" if y == current else ""), y) for y in years]


def load_grid(workspace: Workspace, year: int, today: dt.date | None = None) -> GridRows:
    """Every pupil (off roll too: a filter hides them) with their standing for each active purpose in ``year``."""
    from smgov.data.services import consent, pupils

    on = grid_date(year, today)
    register = pupils.list_pupils(workspace, include_off_roll=True)
    found = consent.grid(workspace, year, on, include_off_roll=True)
    nothing = tuple(NOT_RETURNED for _ in found.purposes)
    rows = [GridRow(pupil, found.cells.get(pupil.id, nothing)) for pupil in register]
    return GridRows(rows, found.purposes, year, found.on)
