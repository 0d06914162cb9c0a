"""A pupil's consent history: every entry, oldest first."""

from __future__ import annotations

import datetime as dt
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
