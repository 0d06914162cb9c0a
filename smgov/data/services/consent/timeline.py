"""A pupil's consent history: every entry, oldest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from smgov.data.models import ConsentChange, ConsentEntry, ConsentMethod, ConsentStatus
from smgov.data.services.consent.purpose_list import _purposes
from smgov.data.workspace import Workspace


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    academic_year: int
    purpose_id: int
    purpose: str
    change: ConsentChange
    status: ConsentStatus
    restriction: str
    effective_on: dt.date
    received_on: dt.date
    given_by: str
    relationship: str
    parental_responsibility: bool
    by_pupil: bool
    method: ConsentMethod
    form_id: int | None
    note: str
    recorded_at: dt.datetime
    recorded_by: str


_COLUMNS = (
    ConsentEntry.id,
    ConsentEntry.academic_year,
    ConsentEntry.purpose_id,
    ConsentEntry.change,
    ConsentEntry.status,
    ConsentEntry.restriction,
    ConsentEntry.effective_on,
    ConsentEntry.received_on,
    ConsentEntry.given_by,
    ConsentEntry.relationship,
    ConsentEntry.parental_responsibility,
    ConsentEntry.by_pupil,
    ConsentEntry.method,
    ConsentEntry.form_id,
    ConsentEntry.note,
    ConsentEntry.recorded_at,
    ConsentEntry.recorded_by,
)


def entries(workspace: Workspace, entry_ids: Iterable[int]) -> dict[int, HistoryEntry]:
    """The given entries by id (those that exist), read as plain columns in chunks: the sources of a register's
    standings, for the consent export."""
    wanted = sorted(set(entry_ids))
    found: dict[int, HistoryEntry] = {}
    with workspace.read() as session:
        labels = {p.id: p.label for p in _purposes(session, include_retired=True)}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for row in session.execute(select(*_COLUMNS).where(ConsentEntry.id.in_(chunk))):
                entry_id, year, purpose_id, *rest = row
                found[entry_id] = HistoryEntry(entry_id, year, purpose_id, labels.get(purpose_id, "?"), *rest)
    return found


def history(workspace: Workspace, pupil_id: int) -> list[HistoryEntry]:
    """Every consent entry of a pupil, oldest first: the timeline the pupil's pane shows."""
    with workspace.read() as session:
        labels = {p.id: p.label for p in _purposes(session, include_retired=True)}
        rows = session.scalars(
            select(ConsentEntry)
            .where(ConsentEntry.pupil_id == pupil_id)
            .order_by(ConsentEntry.academic_year, ConsentEntry.effective_on, ConsentEntry.id)
        ).all()
        return [
            HistoryEntry(
                e.id,
                e.academic_year,
                e.purpose_id,
                labels.get(e.purpose_id, "?"),
                e.change,
                e.status,
                e.restriction,
                e.effective_on,
                e.received_on,
                e.given_by,
                e.relationship,
                e.parental_responsibility,
                e.by_pupil,
                e.method,
                e.form_id,
                e.note,
                e.recorded_at,
                e.recorded_by,
            )
            for e in rows
        ]
