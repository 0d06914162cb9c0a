"""Reading the incident log: the table's rows (written for 20,000), the search filter, one incident, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import String, case, func, select, type_coerce

from smgov.data.models import Evidence, Incident, IncidentCategory, IncidentPerson, IncidentStatus
from smgov.data.services.incidents.records import (
    SUMMARY_CHARS,
    IncidentDetails,
    IncidentRecord,
    IncidentRow,
    InvolvedPerson,
    TimelineEntry,
    first_words,
)
from smgov.data.services.incidents.store import details_of, find_incident, timeline_entries
from smgov.data.workspace import Workspace


def list_incidents(workspace: Workspace, *, for_search: bool = True) -> list[IncidentRow]:
    """Every incident for the table, newest first: one query, no descriptions or evidence loaded (``for_search``:
    each row's search text worked out now, for :func:`filter_rows`; the table builds its own, exports never search).

    Written for 20,000 rows: plain column values through SQLAlchemy Core (no ORM objects), times parsed directly,
    and sorted here (SQLite walking the time index costs more than sorting the rows in memory).
    """
    return _read_rows(workspace, None, for_search=for_search)


def get_rows(workspace: Workspace, ids: Collection[int]) -> list[IncidentRow]:
    """The table's rows of just the incidents ``ids`` (after a write), newest first, in one query; an id with no
    incident is left out (a list then drops its row)."""
    wanted = sorted(set(ids))
    rows: list[IncidentRow] = []
    for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters, with room to spare
        rows += _read_rows(workspace, wanted[start : start + 500], for_search=False)
    rows.sort(key=lambda row: (row.received_at, row.id), reverse=True)
    return rows


def _read_rows(workspace: Workspace, ids: Sequence[int] | None, *, for_search: bool) -> list[IncidentRow]:
    counted = select(Evidence.incident_id, func.count(Evidence.id).label("n")).where(Evidence.withdrawn_at.is_(None))
    if ids is not None:
        counted = counted.where(Evidence.incident_id.in_(ids))
    evidence = counted.group_by(Evidence.incident_id).subquery()
    as_text = String()
    statement = select(
        Incident.id,
        type_coerce(Incident.received_at, as_text),
        Incident.category,
        Incident.platform,
        Incident.account_name,
        Incident.account_id,
        Incident.reported_by,
        Incident.status,
        type_coerce(Incident.due_at, as_text),
        type_coerce(Incident.first_response_at, as_text),
        Incident.safeguarding_concern,
        Incident.dsl_acknowledged_at.is_not(None),
        Incident.summary,
        # the description's start only where there is no summary to show instead
        case((Incident.summary == "", func.substr(Incident.description, 1, SUMMARY_CHARS + 40)), else_=""),
        func.coalesce(evidence.c.n, 0),
    ).outerjoin(evidence, evidence.c.incident_id == Incident.id)
    if ids is not None:
        statement = statement.where(Incident.id.in_(ids))
    categories = {c.value: c for c in IncidentCategory}
    statuses = {s.value: s for s in IncidentStatus}
    with workspace.read() as session:
        fetched = list(session.connection().execute(statement).all())
    fetched.sort(key=lambda row: (row[1], row[0]), reverse=True)  # ISO UTC text sorts as time does
    # Stored times are UTC ISO text ending "+00:00": fromisoformat gives aware UTC datetimes directly.
    fromiso = dt.datetime.fromisoformat
    return [
        IncidentRow.from_values(
            (
                row[0],
                fromiso(row[1]),
                categories[row[2]],
                row[3],
                row[4],
                row[5],
                row[6],
                statuses[row[7]],
                row[8] and fromiso(row[8]),
                row[9] and fromiso(row[9]),
                bool(row[10]),
                bool(row[11]),
                row[12] or first_words(row[13] or ""),
                row[14],
            ),
            for_search=for_search,
        )
        for row in fetched
    ]


def filter_rows(
    rows: Iterable[IncidentRow],
    text: str = "",
    *,
    statuses: Sequence[IncidentStatus] = (),
    categories: Sequence[IncidentCategory] = (),
    safeguarding_only: bool = False,
    open_only: bool = False,
) -> list[IncidentRow]:
    """The rows a search box and filter chips leave: every word of ``text`` must appear (any case)."""
    words = text.casefold().split()
    wanted_status, wanted_category = set(statuses), set(categories)
    result = []
    for row in rows:
        if wanted_status and row.status not in wanted_status:
            continue
        if wanted_category and row.category not in wanted_category:
            continue
        if safeguarding_only and not row.safeguarding_concern:
            continue
        if open_only and row.status is IncidentStatus.CLOSED:
            continue
        if words:
            haystack = row.search_text
            if not all(word in haystack for word in words):
                continue
        result.append(row)
    return result


def get_incident(workspace: Workspace, incident_id: int) -> IncidentDetails:
    """One incident with its people and timeline (evidence is listed by the evidence service)."""
    with workspace.read() as session:
        return details_of(session, find_incident(session, incident_id))


def timeline(workspace: Workspace, incident_id: int) -> list[TimelineEntry]:
    with workspace.read() as session:
        find_incident(session, incident_id)
        return list(timeline_entries(session, incident_id))


def all_records(workspace: Workspace, rows: Sequence[IncidentRow] | None = None) -> list[IncidentRecord]:
    """Incidents with their description, outcome and people, for an export: every incident, or only ``rows``
    (already listed by :func:`list_incidents`). Plain column values, a few queries in all."""
    if rows is None:
        rows = list_incidents(workspace, for_search=False)
        chunks: list[list[int] | None] = [None]
    else:
        ids = [row.id for row in rows]
        chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    extra: dict[int, tuple[str, str, str, dt.datetime | None]] = {}
    people: dict[int, list[InvolvedPerson]] = {}
    details = select(
        Incident.id, Incident.description, Incident.outcome, Incident.first_response_by, Incident.closed_at
    )
    involved = select(
        IncidentPerson.incident_id,
        IncidentPerson.id,
        IncidentPerson.kind,
        IncidentPerson.role,
        IncidentPerson.name,
        IncidentPerson.year_group,
        IncidentPerson.person_id,
        IncidentPerson.notes,
    ).order_by(IncidentPerson.incident_id, IncidentPerson.position)
    with workspace.read() as session:
        connection = session.connection()  # Core rows: the ORM's result machinery costs a third more on 20,000
        for chunk in chunks:
            some_details = details if chunk is None else details.where(Incident.id.in_(chunk))
            some_people = involved if chunk is None else involved.where(IncidentPerson.incident_id.in_(chunk))
            extra.update({r[0]: (r[1], r[2], r[3], r[4]) for r in connection.execute(some_details)})
            for incident_id, person_id, kind, role, name, year_group, register_id, notes in connection.execute(
                some_people
            ):
                found = InvolvedPerson(person_id, kind, role, name, year_group, register_id, notes)
                people.setdefault(incident_id, []).append(found)
    return [IncidentRecord(row, *extra[row.id], people=tuple(people.get(row.id, ()))) for row in rows]
