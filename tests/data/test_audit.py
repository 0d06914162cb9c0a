"""The audit chain: written by every change, and any tampering is found."""

from __future__ import annotations

from sqlalchemy import text

from smgov.data import audit, integrity
from smgov.data.models import AuditEvent
from smgov.data.services import audit_log, school
from smgov.data.verify import verify
from smgov.data.workspace import Workspace


def _changes(workspace: Workspace, n: int = 5) -> None:
    for i in range(n):
        school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=5 + i))


def test_each_change_is_recorded_with_actor_and_a_chained_hash(workspace: Workspace) -> None:
    _changes(workspace, 3)
    events = audit_log.list_events(workspace, newest_first=False)
    assert [e.action for e in events] == ["workspace.create"] + ["settings.update"] * 3
    assert all(e.actor for e in events)
    with workspace.read() as session:
        rows = session.query(AuditEvent).order_by(AuditEvent.id).all()
    assert rows[0].prev_hash == audit.GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:], strict=False))
    assert verify(workspace).ok


def test_an_edited_summary_is_detected(workspace: Workspace) -> None:
    _changes(workspace)
    with workspace.write() as session:
        session.execute(text("UPDATE audit_event SET summary = 'nothing happened' WHERE id = 3"))
    assert [f.item for f in verify(workspace).findings] == ["entry 3 was changed"]


def test_a_deleted_event_is_detected(workspace: Workspace) -> None:
    _changes(workspace)
    with workspace.write() as session:
        session.execute(text("DELETE FROM audit_event WHERE id = 2"))
    items = [f.item for f in verify(workspace).findings]
    assert items == ["entry 2 is missing", "entry 3 does not follow on"]


def test_an_event_rewritten_with_a_recomputed_hash_still_breaks_the_next_link(workspace: Workspace) -> None:
    _changes(workspace)
    with workspace.write() as session:
        event = session.get(AuditEvent, 4)
        assert event is not None
        event.actor = "someone else"
        key = integrity.chain_key(session)
        event.hash = audit.event_mac(event, key)  # a forger with the key makes event 4 consistent in itself
    assert [f.item for f in verify(workspace, this_pc=False).findings] == ["entry 5 does not follow on"]


def test_no_passphrase_appears_in_the_audit_log(workspace: Workspace) -> None:
    from smgov.data import keys

    new = "lilac otter pumpkin harbour"
    keys.change_passphrase(workspace, "correct horse battery staple", new, new)
    summaries = " ".join(e.summary for e in audit_log.list_events(workspace))
    assert "lilac" not in summaries and "horse" not in summaries
    assert "Passphrase changed" in summaries
