"""The chase list: pupils on roll with no return for the year, by class, and whether the chase date has passed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from smgov.data.models import ConsentEntry, Pupil
from smgov.data.workspace import Workspace

DEFAULT_CHASE_AFTER = "10-01"


def chase_date(year: int, month_day: str) -> dt.date:
    """The day to chase forms from in academic year ``year``: "10-01" -> 1 October (of ``year``; January to August
    fall in ``year`` + 1). A stored value that is not a date falls back to 1 October."""
    try:
        month, day = (int(part) for part in month_day.split("-"))
        return dt.date(year if month >= 9 else year + 1, month, day)
    except (ValueError, TypeError):
        return dt.date(year, 10, 1)


def returned_pupils(workspace: Workspace, year: int) -> set[int]:
    """The ids of the pupils (on roll or not) with at least one consent entry for ``year``."""
    with workspace.read() as session:
        return set(session.scalars(select(ConsentEntry.pupil_id).where(ConsentEntry.academic_year == year).distinct()))


@dataclass(frozen=True)
class ChaseClass:
    """A class's pupils on roll with no return for the year."""

    year_group: str
    class_name: str
    on_roll: int
    returned: int
    missing: list[tuple[int, str]]  # (pupil id, preferred first name and surname), by surname

    @property
    def not_returned(self) -> int:
        return len(self.missing)


@dataclass(frozen=True)
class ChaseList:
    academic_year: int
    chase_from: dt.date
    due: bool  # the chase date has passed (dashboard: show it)
    classes: list[ChaseClass]  # only classes with someone to chase, in school order

    @property
    def not_returned(self) -> int:
        return sum(c.not_returned for c in self.classes)


def chase_list(workspace: Workspace, year: int, today: dt.date | None = None) -> ChaseList:
    """Pupils on roll with no consent entry for ``year``, by class (Nursery, Reception, Year 1 ... then others),
    and whether the chase date in Settings has passed."""
    from smgov.data.models import School
    from smgov.data.services import pupils as pupil_service

    today = today or dt.date.today()
    with workspace.read() as session:
        setting = session.scalar(select(School.consent_chase_after).limit(1)) or DEFAULT_CHASE_AFTER
        returned = set(session.scalars(select(ConsentEntry.pupil_id).where(ConsentEntry.academic_year == year)))
        rows = session.execute(
            select(
                Pupil.id,
                Pupil.year_group,
                Pupil.class_name,
                Pupil.legal_first_name,
                Pupil.preferred_first_name,
                Pupil.legal_last_name,
            ).where(Pupil.on_roll.is_(True))
        ).all()
    groups: dict[tuple[str, str], list[tuple[int, str, str, bool]]] = {}
    for pupil_id, year_group, class_name, legal, preferred, last in rows:
        name = f"{preferred or legal} {last}".strip()
        groups.setdefault((year_group, class_name), []).append((pupil_id, name, last.casefold(), pupil_id in returned))
    classes = []
    for (year_group, class_name), members in sorted(
        groups.items(), key=lambda g: (pupil_service.year_order(g[0][0]), g[0][0], g[0][1])
    ):
        missing = sorted((m for m in members if not m[3]), key=lambda m: (m[2], m[1]))
        if missing:
            classes.append(
                ChaseClass(year_group, class_name, len(members), len(members) - len(missing), [m[:2] for m in missing])
            )
    start = chase_date(year, setting)
    return ChaseList(year, start, today >= start, classes)


@dataclass(frozen=True)
class ChaseCount:
    """A class's pupils on roll and how many have no return for the year (the dashboard's figures, no names)."""

    year_group: str
    class_name: str
    on_roll: int
    not_returned: int


def chase_counts(workspace: Workspace, year: int, today: dt.date | None = None) -> tuple[dt.date, list[ChaseCount]]:
    """When chasing starts in ``year``, and, once it has, the classes with forms not back, counted by the database
    (as :func:`chase_list` finds them, in the same order; before the chase date the list is empty)."""
    from smgov.data.models import School
    from smgov.data.services import pupils as pupil_service

    today = today or dt.date.today()
    with workspace.read() as session:
        start = chase_date(year, session.scalar(select(School.consent_chase_after).limit(1)) or DEFAULT_CHASE_AFTER)
        if today < start:
            return start, []
        returned = select(ConsentEntry.pupil_id).where(ConsentEntry.academic_year == year)
        rows = session.execute(
            select(
                Pupil.year_group,
                Pupil.class_name,
                func.count(Pupil.id),
                func.sum(case((Pupil.id.in_(returned), 0), else_=1)),
            )
            .where(Pupil.on_roll.is_(True))
            .group_by(Pupil.year_group, Pupil.class_name)
        ).all()
    counts = [ChaseCount(year_group, class_name, on_roll, missing) for year_group, class_name, on_roll, missing in rows]
    order = sorted(counts, key=lambda c: (pupil_service.year_order(c.year_group), c.year_group, c.class_name))
    return start, [c for c in order if c.not_returned]
