"""Verify against tampering done outside smgov, as someone with the recovery key and a stock SQLCipher client would.

Each test changes the file through a raw connection (no smgov code, no audit event) and checks what verify says.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smgov.data import audit, integrity
from smgov.data.backup import backup_to
from smgov.data.errors import ValidationError
from smgov.data.services import accounts, people, school
from smgov.data.verify import ADDED, ANCHORS, CHAIN, CHANGED, DELETED, EVIDENCE, VAULT, VerifyReport, verify
from smgov.data.workspace import Workspace
from tests.data.registers import make_account, make_credential, make_person


@pytest.fixture
def register(workspace: Workspace) -> Iterator[dict[str, int]]:
    """A few records made through the services, so each has its events and digests."""
    account, staff = make_account(workspace, handle="@spixworth_pe")
    person = staff[0]
    first = make_credential(workspace, account, "Tq7#mVx2!pLr9@Zs-staple")
    other, _ = make_account(workspace, handle="@spixworth_news", staff=0)
    second = make_credential(workspace, other, "Another#Secret-99-walrus")
    assert verify(workspace).ok
    yield {"person": person, "account": account, "other": other, "first": first, "second": second}


def _sql(workspace: Workspace, statement: str, *params: Any) -> None:
    """Change the file as a SQLCipher client would: a raw connection, nothing of smgov's in between."""
    conn = workspace.raw_connection()
    try:
        conn.execute("BEGIN")
        conn.execute(statement, params)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _groups(report: VerifyReport) -> set[str]:
    return {f.group for f in report.findings}


def test_a_fresh_workspace_verifies_and_says_what_it_checked(register: dict[str, int], workspace: Workspace) -> None:
    report = verify(workspace)
    assert report.ok and report.problems == []
    checked = " | ".join(report.checked)
    for words in ("every page", "audit log's chain", "every record", "saved password", "screenshot", "this PC"):
        assert words in checked


def test_an_account_renamed_with_no_event_is_found_and_named(register: dict[str, int], workspace: Workspace) -> None:
    _sql(workspace, "UPDATE account SET name = 'Hijacked' WHERE id = ?", register["account"])
    report = verify(workspace)
    assert _groups(report) == {CHANGED}
    assert report.problems == [
        f'{CHANGED} (1): account "Hijacked" (last recorded {report.findings[0].item.split("recorded ")[1]}.'
    ]
    assert "audit log entry" in report.details()[1] and "Staff named on account" not in report.details()[1]


def test_a_named_staff_link_deleted_with_no_event_is_found(register: dict[str, int], workspace: Workspace) -> None:
    _sql(workspace, "DELETE FROM account_staff WHERE account_id = ?", register["account"])
    report = verify(workspace)
    assert _groups(report) == {DELETED}
    assert report.findings[0].item.startswith("staff link to an account no.")


def test_a_person_edited_inserted_or_deleted_is_found(register: dict[str, int], workspace: Workspace) -> None:
    _sql(workspace, "UPDATE person SET full_name = 'Someone Else' WHERE id = ?", register["person"])
    assert _groups(verify(workspace)) == {CHANGED}
    other = make_person(workspace, "Tom Brown")
    _sql(workspace, "DELETE FROM person WHERE id = ?", other)
    _sql(
        workspace,
        "INSERT INTO person (id, full_name, kind, email, role, notes, created_at, updated_at) "
        "SELECT 999, 'Ghost', kind, email, role, notes, created_at, updated_at FROM person WHERE id = ?",
        register["person"],
    )
    report = verify(workspace)
    assert _groups(report) == {CHANGED, ADDED, DELETED}
    assert "person on the register no. 999" in {f.item for f in report.findings if f.group == ADDED}
    assert all("Someone Else" not in line and "Ghost" not in line for line in report.problems + report.details())


def test_a_credential_edited_with_no_event_is_found(register: dict[str, int], workspace: Workspace) -> None:
    _sql(workspace, "UPDATE credential SET label = 'changed' WHERE id = ?", register["first"])
    report = verify(workspace)
    assert _groups(report) == {CHANGED}
    assert report.findings[0].item.startswith('the saved login "') and 'of account "' in report.findings[0].item


def test_two_credentials_ciphertexts_swapped_are_found_without_showing_either(
    register: dict[str, int], workspace: Workspace
) -> None:
    conn = workspace.raw_connection()
    try:
        rows = dict(conn.execute("SELECT id, secret_enc FROM credential").fetchall())
    finally:
        conn.close()
    first, second = register["first"], register["second"]
    _sql(workspace, "UPDATE credential SET secret_enc = ? WHERE id = ?", rows[second], first)
    _sql(workspace, "UPDATE credential SET secret_enc = ? WHERE id = ?", rows[first], second)
    report = verify(workspace)
    assert _groups(report) == {CHANGED, VAULT}
    assert len([f for f in report.findings if f.group == VAULT]) == 2
    text = " ".join(report.problems + report.details())
    assert "Tq7#" not in text and "walrus" not in text


def test_the_last_events_deleted_are_found_by_this_pcs_anchor(register: dict[str, int], workspace: Workspace) -> None:
    school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=7))
    for n in (1, 3):
        with workspace.read() as session:
            last = max(e.id for e in audit.iter_events(session))
        _sql(workspace, "DELETE FROM audit_event WHERE id > ?", last - n)
        report = verify(workspace)
        assert ANCHORS in _groups(report)
        assert f"the last {n} audit log entries are missing" in " ".join(report.problems)
        assert CHANGED in _groups(report)  # the settings change lost its entry: the summary says why it shows
        assert report.problems[-1].startswith("Records show as added, changed or deleted with no entry where")
        # put the history back as it was for the next round
        school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=8 + n))
        _reanchor(workspace)


def _reanchor(workspace: Workspace) -> None:
    from smgov.data import anchors

    with workspace.read() as session:
        key = integrity.chain_key(session)
        assert key is not None
        last = list(audit.iter_events(session))[-1]
    anchors.note_head(key.file_id, workspace.path, last.id, last.hash)


def _rewrite_history(workspace: Workspace, event_id: int, summary: str) -> None:
    """The strongest forger: holds the key, edits an event and recomputes every later MAC with the chain key."""
    conn = workspace.raw_connection()
    try:
        key_row = conn.execute("SELECT chain_key, keyed_from FROM audit_key").fetchone()
        key = integrity.ChainKey(bytes(key_row[0]), key_row[1])
        conn.execute("BEGIN")
        conn.execute("UPDATE audit_event SET summary = ? WHERE id = ?", (summary, event_id))
        conn.execute("COMMIT")
    finally:
        conn.close()
    with workspace.read() as session:
        events = list(audit.iter_events(session))
    prev = audit.GENESIS
    conn = workspace.raw_connection()
    try:
        conn.execute("BEGIN")
        for event in events:
            event.prev_hash = prev
            prev = audit.event_mac(event, key)
            conn.execute(
                "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?", (event.prev_hash, prev, event.id)
            )
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_history_rewritten_consistently_is_caught_by_this_pc_a_backup_and_a_seal(
    register: dict[str, int], workspace: Workspace, tmp_path: Path
) -> None:
    with workspace.read() as session:
        seal = integrity.current_seal(session)
    backup_to(workspace, tmp_path / f"{workspace.path.stem}-copy.smgov")
    _rewrite_history(workspace, 2, "nothing to see")
    # With no anchor, a forger holding the key is not caught: verify says what it checked, and the README says so.
    alone = verify(workspace, this_pc=False)
    assert _groups(alone) <= {ANCHORS}
    found = [f.item for f in verify(workspace, seals=[seal], backup_folders=[tmp_path]).findings]
    assert any(item.startswith("This PC's record of the history") and "rewritten" in item for item in found)
    assert any(item.startswith("The backup ") and "rewritten" in item for item in found)
    assert any(item == f"seal {seal} does not match" for item in found)


def test_an_edited_event_with_a_plain_sha256_recomputed_breaks_the_chain(
    register: dict[str, int], workspace: Workspace
) -> None:
    conn = workspace.raw_connection()
    try:
        row = conn.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    forged = hashlib.sha256(b"anything").hexdigest()
    _sql(workspace, "UPDATE audit_event SET summary = 'x', hash = ? WHERE id = ?", forged, row[0])
    report = verify(workspace, this_pc=False)
    assert {f.item for f in report.findings if f.group == CHAIN} == {f"entry {row[0]} was changed"}


def test_a_seal_checks_the_history_up_to_it_and_refuses_a_bad_one(
    register: dict[str, int], workspace: Workspace
) -> None:
    with workspace.read() as session:
        seal = integrity.current_seal(session)
    school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=9))
    report = verify(workspace, seals=[seal.lower().replace("-", " ")])
    assert report.ok and any(seal in line and "unchanged" in line for line in report.checked)
    count = int(seal.split("-")[0])
    wrong = f"{count}-AAAA-BBBB-CCCC"
    assert [f.item for f in verify(workspace, seals=[wrong]).findings] == [f"seal {wrong} does not match"]
    later = f"{count + 50}-{seal.split('-', 1)[1]}"
    assert "entries are missing" in verify(workspace, seals=[later]).findings[0].item
    with pytest.raises(ValidationError, match="audit seal"):
        integrity.parse_seal("12-ABC")


def test_evidence_bytes_swapped_are_found(workspace: Workspace) -> None:
    import datetime as dt

    from smgov.data.models import EvidenceSource, IncidentCategory
    from smgov.data.services import evidence, incidents
    from tests.data.test_evidence import png

    incident = incidents.log_incident(
        workspace,
        incidents.IncidentInput(
            category=IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT,
            received_at=dt.datetime(2025, 11, 14, 18, 0, tzinfo=dt.UTC),
            reported_by="Karen O'Neill",
            description="Abusive comment.",
        ),
    ).id
    added = evidence.add_evidence(workspace, incident, png(), source=EvidenceSource.FILE).id
    conn = workspace.raw_connection()
    try:
        conn.execute("BEGIN")
        conn.execute("DROP TRIGGER evidence_blob_no_update")
        conn.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (b"\x89PNG not the same", added))
        conn.execute("COMMIT")
    finally:
        conn.close()
    report = verify(workspace)
    assert _groups(report) == {EVIDENCE}


def test_a_changed_records_field_breaks_the_event(register: dict[str, int], workspace: Workspace) -> None:
    conn = workspace.raw_connection()
    try:
        event_id, records = conn.execute(
            "SELECT id, records FROM audit_event WHERE records != '[]' ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    forged = json.dumps([[t, pk, "0" * 32] for t, pk, _ in json.loads(records)])
    _sql(workspace, "UPDATE audit_event SET records = ? WHERE id = ?", forged, event_id)
    assert f"entry {event_id} was changed" in {f.item for f in verify(workspace, this_pc=False).findings}


def test_changes_smgov_makes_never_look_like_tampering(register: dict[str, int], workspace: Workspace) -> None:
    """Deleting an account deletes its credentials and links in the database (ON DELETE CASCADE): still recorded."""
    row = people.get_person(workspace, register["person"])
    people.update_person(workspace, register["person"], people.PersonForm(full_name=row.full_name, notes="Left"))
    accounts.delete_account(workspace, register["other"])
    report = verify(workspace)
    assert report.ok, report.details()


def test_every_tracked_table_has_a_one_column_key() -> None:
    for table in integrity.tracked_tables():
        assert len(table.primary_key.columns) == 1, table.name


def test_verify_names_a_record_of_every_tracked_table_in_words() -> None:
    """A problem found in any table reads as the user's words ("term dates entry no. 3"), never a table name."""
    from smgov.data.verify import _NOUNS, _REFERENCES

    special = {"account", "credential"}
    unnamed = [t.name for t in integrity.tracked_tables() if t.name not in {*_NOUNS, *_REFERENCES, *special}]
    assert unnamed == []


def test_digests_are_keyed(register: dict[str, int], workspace: Workspace) -> None:
    with workspace.read() as session:
        key = integrity.chain_key(session)
        assert key is not None
        digests = {(t, pk): d for t, pk, d in integrity.current_digests(session, key)}
    assert len(next(iter(digests.values()))) == 32
    other = integrity.ChainKey(b"\x00" * 32, key.keyed_from)
    with workspace.read() as session:
        assert all(digests[(t, pk)] != d for t, pk, d in integrity.current_digests(session, other))
    assert hmac.compare_digest(key.file_id, key.file_id)


def test_a_backup_under_an_old_key_is_counted_not_failed(
    register: dict[str, int], workspace: Workspace, tmp_path: Path
) -> None:
    stale = tmp_path / f"{workspace.path.stem}-old.smgov"
    shutil.copyfile(workspace.path, stale)
    with stale.open("r+b") as handle:  # same name pattern, but another key: cannot be opened with this one
        handle.seek(0)
        handle.write(b"\x01" * 16)
    report = verify(workspace, backup_folders=[tmp_path])
    assert report.ok
    assert any("could not be opened with this key" in line for line in report.checked)


def test_a_copy_changed_elsewhere_on_this_pc_is_no_false_alarm(
    register: dict[str, int], workspace: Workspace, tmp_path: Path
) -> None:
    """Anchors hold for the file at one path: a copy opened from another folder goes its own way."""
    from tests.conftest import PASSPHRASE

    copy = tmp_path / "elsewhere" / workspace.path.name
    copy.parent.mkdir()
    backup_to(workspace, copy)
    with Workspace.open(copy, passphrase=PASSPHRASE) as other:
        school.update_settings(other, school.SettingsChange(auto_lock_minutes=12))
        assert verify(other).ok
    school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=11))
    assert verify(workspace, backup_folders=[copy.parent]).ok
    opened_backup = copy.with_name(f"{workspace.path.stem}-backup-2026-12-01.smgov")
    copy.rename(opened_backup)  # a backup that was opened and changed: its history parted ways with the file's
    (finding,) = verify(workspace, backup_folders=[copy.parent]).findings
    assert "or the backup was opened and changed itself" in finding.detail
