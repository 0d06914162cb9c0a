"""The dashboard's incident questions are answered from small partial indexes, not by reading the whole log."""

from __future__ import annotations

from sqlalchemy import text

from smgov.data.workspace import Workspace

WAITING = (
    "SELECT id FROM incident WHERE status != 'closed' AND first_response_at IS NULL AND due_at IS NOT NULL "
    "ORDER BY due_at"
)
CONCERNS = "SELECT id FROM incident WHERE safeguarding_concern = 1 AND dsl_acknowledged_at IS NULL ORDER BY received_at"


def _plan(workspace: Workspace, query: str) -> str:
    with workspace.read() as session:
        return " ".join(str(row[-1]) for row in session.execute(text(f"EXPLAIN QUERY PLAN {query}")))


def test_incidents_waiting_for_a_response_come_from_their_partial_index(workspace: Workspace) -> None:
    assert "ix_incident_awaiting_response" in _plan(workspace, WAITING)


def test_concerns_waiting_for_the_dsl_come_from_their_partial_index(workspace: Workspace) -> None:
    assert "ix_incident_dsl_unacknowledged" in _plan(workspace, CONCERNS)


def test_the_service_asks_in_the_form_the_index_is_written_in() -> None:
    from sqlalchemy.dialects import sqlite

    from smgov.data.models import Incident

    clause = (Incident.safeguarding_concern == True).compile(dialect=sqlite.dialect())  # noqa: E712
    assert str(clause) == "incident.safeguarding_concern = 1"


def test_an_item_says_today_tomorrow_or_in_so_many_days() -> None:
    from smgov.data.services.dashboard import days_away

    assert [days_away(n) for n in (0, 1, 2, 30)] == ["today", "tomorrow", "in 2 days", "in 30 days"]
