"""Enum columns: typed as their enums in the models, stored as the same strings as ever."""

from __future__ import annotations

import datetime as dt
import enum

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from smgov.data.models import Base, Incident, IncidentCategory, IncidentStatus, InvolvedKind, InvolvedRole
from smgov.data.models.base import StoredEnum
from smgov.data.services import incidents
from smgov.data.services.incidents import IncidentInput, PersonInput
from smgov.data.workspace import Workspace


def _enum_columns() -> list[tuple[str, StoredEnum[enum.StrEnum]]]:
    return [
        (f"{table.name}.{column.name}", column.type)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, StoredEnum)
    ]


def test_every_enum_column_fits_its_longest_value() -> None:
    columns = _enum_columns()
    assert len(columns) >= 14
    for name, kind in columns:
        longest = max(len(member.value) for member in kind.enum_class)
        assert longest <= kind.length, f"{name}: {longest} > {kind.length}"


def _log(workspace: Workspace) -> incidents.IncidentDetails:
    return incidents.log_incident(
        workspace,
        IncidentInput(
            category=IncidentCategory.CYBERBULLYING,
            received_at=dt.datetime(2024, 3, 4, 9, 30, tzinfo=dt.UTC),
            reported_by="Ms Hughes",
            description="Comments under the sports day post.",
            people=[PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, "Ada Lovelace", "Year 5")],
        ),
    )


def test_members_are_written_as_their_values_and_read_back_as_members(workspace: Workspace) -> None:
    made = _log(workspace)
    with workspace.read() as session:
        stored = session.execute(text("SELECT category, status FROM incident WHERE id = :id"), {"id": made.id}).one()
        assert tuple(stored) == ("cyberbullying", "open")
        assert type(stored[0]) is str
        incident = session.scalars(select(Incident).where(Incident.id == made.id)).one()
        assert incident.category is IncidentCategory.CYBERBULLYING and incident.status is IncidentStatus.OPEN
        person_kind = session.execute(text("SELECT kind FROM incident_person")).scalar_one()
        assert person_kind == "pupil"
        # a query may still compare with the stored text
        assert session.scalar(select(Incident.id).where(Incident.status == "open")) == made.id


def test_a_string_that_is_not_a_member_is_refused_before_it_is_written(workspace: Workspace) -> None:
    made = _log(workspace)
    with pytest.raises(StatementError, match="'lost' is not a IncidentStatus"), workspace.write() as session:
        incident = session.get(Incident, made.id)
        assert incident is not None
        incident.status = "lost"  # type: ignore[assignment]
        session.flush()
    assert incidents.get_incident(workspace, made.id).status is IncidentStatus.OPEN
