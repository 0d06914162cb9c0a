"""Academic years, and the status entries give: a pupil's Standing for each purpose on a date, and the register grid.

The status of a pupil's consent for a purpose on a date is the latest entry of that academic year effective on or
before the date (entries of one day in the order recorded); with none, it is "not returned", treated as refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.models import ConsentEntry, ConsentStatus, Pupil
from smgov.data.services.consent.purpose_list import PurposeRow, _purposes
from smgov.data.workspace import Workspace


def academic_year_of(day: dt.date) -> int:
    """The academic year ``day`` falls in, named by the year it starts (1 September to 31 August)."""
    return day.year if day.month >= 9 else day.year - 1


def year_label(year: int) -> str:
    """2026 -> "2026-27"."""
    return f"{year}-{(year + 1) % 100:02d}"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


@dataclass(frozen=True)
class Standing:
    """A pupil's consent for one purpose on a date, and the entry it comes from (None: not returned)."""

    status: ConsentStatus
    restriction: str = ""
    entry_id: int | None = None
    effective_on: dt.date | None = None

    @property
    def allows(self) -> bool:
        return self.status.allows


NOT_RETURNED = Standing(ConsentStatus.NOT_RETURNED)


def _fold(
    entries: Iterable[tuple[int, int, int, ConsentStatus, str, dt.date]], on: dt.date
) -> dict[int, dict[int, Standing]]:
    """pupil -> purpose -> standing on ``on``, from entries (id, pupil, purpose, status, restriction, effective)
    sorted by effective date and id."""
    found: dict[int, dict[int, Standing]] = {}
    for entry_id, pupil_id, purpose_id, status, restriction, effective in entries:
        if effective <= on:
            found.setdefault(pupil_id, {})[purpose_id] = Standing(status, restriction, entry_id, effective)
    return found


def _entries_query(year: int, pupil_ids: list[int] | None = None):  # type: ignore[no-untyped-def]
    query = (
        select(
            ConsentEntry.id,
            ConsentEntry.pupil_id,
            ConsentEntry.purpose_id,
            ConsentEntry.status,
            ConsentEntry.restriction,
            ConsentEntry.effective_on,
        )
        .where(ConsentEntry.academic_year == year)
        .order_by(ConsentEntry.effective_on, ConsentEntry.id)
    )
    if pupil_ids is not None:
        query = query.where(ConsentEntry.pupil_id.in_(pupil_ids))
    return query


def standings(session: Session, pupil_ids: list[int] | None, on: dt.date) -> dict[int, dict[int, Standing]]:
    """pupil -> purpose -> standing on ``on`` (in the academic year of ``on``); pupils and purposes without an
    entry are absent: they are not returned."""
    year = academic_year_of(on)
    found: dict[int, dict[int, Standing]] = {}
    ids = pupil_ids
    chunks = [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        found.update(_fold(session.execute(_entries_query(year, chunk)), on))
    return found


def standings_of(workspace: Workspace, pupil_ids: list[int], on: dt.date) -> dict[int, dict[int, Standing]]:
    """:func:`standings` for the given pupils, in a read of its own."""
    with workspace.read() as session:
        return standings(session, pupil_ids, on)


def standing_on(workspace: Workspace, pupil_id: int, on: dt.date) -> dict[int, Standing]:
    """purpose -> standing of one pupil on ``on``, for every active purpose."""
    with workspace.read() as session:
        found = standings(session, [pupil_id], on).get(pupil_id, {})
        return {p.id: found.get(p.id, NOT_RETURNED) for p in _purposes(session)}


# -- the register grid --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentGrid:
    """Every pupil x every active purpose for a year on a date: ``cells[pupil id]`` is a tuple of Standings in the
    order of ``purposes``."""

    academic_year: int
    on: dt.date
    purposes: list[PurposeRow]
    pupil_ids: list[int]  # in school order (year group, class, surname)
    cells: dict[int, tuple[Standing, ...]]
    counts: dict[int, dict[ConsentStatus, int]]  # purpose id -> status -> pupils
    totals: dict[ConsentStatus, int]  # status -> cells
    year_groups: dict[int, str] = field(default_factory=dict)  # pupil id -> year group

    def standing(self, pupil_id: int, purpose_id: int) -> Standing:
        index = next(i for i, p in enumerate(self.purposes) if p.id == purpose_id)
        return self.cells[pupil_id][index]


def grid(workspace: Workspace, year: int, on: dt.date, *, include_off_roll: bool = False) -> ConsentGrid:
    """The register view's grid: one query of the year's entries folded in Python. ``on`` is kept within the
    year (before 1 September shows the year as it will start; after 31 August, as it ended)."""
    start, end = year_bounds(year)
    on = min(max(on, start), end)
    with workspace.read() as session:
        active = _purposes(session)
        query = select(Pupil.id, Pupil.year_group, Pupil.class_name, Pupil.legal_last_name, Pupil.legal_first_name)
        if not include_off_roll:
            query = query.where(Pupil.on_roll.is_(True))
        register = list(session.execute(query).all())
        found = _fold(session.execute(_entries_query(year)), on)
    from smgov.data.services.pupils import year_order

    register.sort(key=lambda r: (year_order(r[1]), r[1], r[2], r[3].casefold(), r[4].casefold(), r[0]))
    counts: dict[int, dict[ConsentStatus, int]] = {p.id: dict.fromkeys(ConsentStatus, 0) for p in active}
    totals = dict.fromkeys(ConsentStatus, 0)
    cells: dict[int, tuple[Standing, ...]] = {}
    for row in register:
        mine = found.get(row[0], {})
        line = tuple(mine.get(p.id, NOT_RETURNED) for p in active)
        cells[row[0]] = line
        for purpose, standing in zip(active, line, strict=True):
            counts[purpose.id][standing.status] += 1
            totals[standing.status] += 1
    year_groups = {r[0]: r[1] for r in register}
    return ConsentGrid(year, on, active, [r[0] for r in register], cells, counts, totals, year_groups)
