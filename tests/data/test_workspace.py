"""Opening, creating and refusing workspace files; what is (not) readable in the file's bytes."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

from smgov.data import crypto
from smgov.data.errors import (
    NotAWorkspace,
    SmgovError,
    ValidationError,
    WorkspaceDamaged,
    WorkspaceInUse,
    WrongPassphrase,
)
from smgov.data.filelock import lock_path_for
from smgov.data.models import KeyRole
from smgov.data.services import school
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE, SCHOOL


def test_created_workspace_reopens_with_its_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "new.smgov"
    Workspace.create(path, PASSPHRASE, "Ysgol Gymraeg Llanfair").close()
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace:
        assert school.get_details(workspace).name == "Ysgol Gymraeg Llanfair"


def test_create_refuses_an_existing_file_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "taken.smgov"
    path.write_bytes(b"precious")
    with pytest.raises(SmgovError, match="already exists"):
        Workspace.create(path, PASSPHRASE, SCHOOL)
    assert path.read_bytes() == b"precious"


def test_create_with_an_empty_school_name_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Workspace.create(tmp_path / "x.smgov", PASSPHRASE, "   ")
    assert list(tmp_path.iterdir()) == []


def test_wrong_passphrase_is_refused(workspace: Workspace) -> None:
    path = workspace.path
    workspace.close()
    with pytest.raises(WrongPassphrase, match="not right"):
        Workspace.open(path, passphrase="correct horse battery stable")
    assert not lock_path_for(path).exists()


def test_empty_passphrase_is_refused_with_a_message(workspace: Workspace) -> None:
    path = workspace.path
    workspace.close()
    with pytest.raises(ValidationError, match="Enter the passphrase"):
        Workspace.open(path, passphrase="")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,role\nA,B\n", "not an smgov workspace"),
        (b"", "not an smgov workspace"),
        (os.urandom(4096), "not right"),  # random bytes look like an encrypted file with another key
    ],
)
def test_a_file_that_is_not_a_workspace_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "other.smgov"
    path.write_bytes(content)
    with pytest.raises((NotAWorkspace, WrongPassphrase), match=message):
        Workspace.open(path, passphrase=PASSPHRASE)
    assert path.read_bytes() == content


def test_a_plain_sqlite_database_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(NotAWorkspace, match="unencrypted SQLite"):
        Workspace.open(path, passphrase=PASSPHRASE)


def test_another_sqlcipher_database_is_not_taken_for_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    salt = crypto.new_salt()
    key = crypto.derive_key(PASSPHRASE, salt)
    conn = sqlcipher3.connect(str(path))
    conn.execute(crypto.sqlcipher_key_pragma(key, salt))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorkspace, match="not an smgov workspace"):
        Workspace.open(path, passphrase=PASSPHRASE)


def test_missing_file_and_folder_are_reported(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspace, match="no file"):
        Workspace.open(tmp_path / "missing.smgov", passphrase=PASSPHRASE)
    with pytest.raises(NotAWorkspace, match="folder"):
        Workspace.open(tmp_path, passphrase=PASSPHRASE)


def test_a_truncated_workspace_is_reported_as_damaged(workspace: Workspace) -> None:
    path = workspace.path
    with workspace.write() as session:  # grow the file past a few pages
        for n in range(200):
            from smgov.data import audit

            audit.record(session, "demo.note", "test", n, "x" * 500)
    workspace.close()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size - 4096 * 3)
    with pytest.raises(WorkspaceDamaged, match="damaged"):
        Workspace.open(path, passphrase=PASSPHRASE)


def test_flipped_bytes_in_the_first_page_cannot_be_opened(workspace: Workspace) -> None:
    path = workspace.path
    workspace.close()
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises((WrongPassphrase, WorkspaceDamaged)):
        Workspace.open(path, passphrase=PASSPHRASE)


def test_a_second_opener_is_told_who_has_it(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceInUse) as caught:
        Workspace.open(workspace.path, passphrase=PASSPHRASE)
    message = str(caught.value)
    assert "already open" in message
    assert "since" in message
    # the first opener is unharmed
    assert school.get_details(workspace).name == SCHOOL


def test_a_stale_lock_file_from_a_crash_is_taken_over(workspace: Workspace) -> None:
    path = workspace.path
    workspace.close()
    lock_path_for(path).write_text('{"user": "someone", "host": "OFFICE-PC", "pid": 1, "since": "2026-01-01"}\n')
    with Workspace.open(path, passphrase=PASSPHRASE) as reopened:
        assert reopened.is_open


def test_the_recovery_key_opens_the_workspace(workspace: Workspace) -> None:
    path, recovery = workspace.path, workspace.recovery_key
    workspace.close()
    with Workspace.open(path, key=crypto.parse_recovery_key(recovery.lower().replace(" ", "-"))) as reopened:
        assert school.get_details(reopened).name == SCHOOL


def test_a_stock_sqlcipher_client_opens_the_file_with_the_recovery_key(workspace: Workspace) -> None:
    path, recovery = workspace.path, workspace.recovery_key
    workspace.close()
    bare_hex = recovery.replace(" ", "")
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{bare_hex}'\"")
    assert conn.execute("SELECT name FROM school").fetchone() == (SCHOOL,)
    conn.close()


def test_stock_sqlite_cannot_read_the_file(workspace: Workspace) -> None:
    path = workspace.path
    workspace.close()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"), sqlite3.connect(path) as conn:
        conn.execute("SELECT * FROM sqlite_master").fetchall()


def test_no_school_or_person_name_appears_in_the_file_bytes(workspace: Workspace) -> None:
    school.update_settings(
        workspace,
        school.SettingsChange(
            key_people=[school.KeyPersonDetails(KeyRole.DSL, "Gwenllian Przybylski", "dsl@example.sch.uk")]
        ),
    )
    path = workspace.path
    on_disk = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # the WAL too, while open
    workspace.close()
    on_disk += path.read_bytes()
    for secret in (SCHOOL, "Gwenllian", "Przybylski", "dsl@example", "key_person", "CREATE TABLE"):
        assert secret.encode() not in on_disk
        assert secret.encode("utf-16-le") not in on_disk


def test_a_read_only_folder_gets_a_clear_message_and_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse writes as a network share would
        real_open = open

        def refusing_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
            if str(file).startswith(str(folder)) and any(m in mode for m in "wa+"):
                raise PermissionError(13, "Permission denied")
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr("builtins.open", refusing_open)
    try:
        with pytest.raises(SmgovError, match="read-only|writable|cannot"):
            Workspace.create(folder / "x.smgov", PASSPHRASE, SCHOOL)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_closing_forgets_the_key_and_refuses_further_work(workspace: Workspace) -> None:
    from smgov.data.errors import WorkspaceLocked

    workspace.close()
    assert not workspace.is_open
    with pytest.raises(WorkspaceLocked):
        school.get_details(workspace)
    with pytest.raises(WorkspaceLocked):
        _ = workspace.key


def test_copy_of_an_open_workspace_is_consistent(workspace: Workspace, tmp_path: Path) -> None:
    from smgov.data.workspace import export_copy

    dest = tmp_path / "copy.smgov"
    export_copy(workspace, dest)
    assert not list(tmp_path.glob(".*partial"))
    with Workspace.open(dest, passphrase=PASSPHRASE) as copy:
        assert school.get_details(copy).name == SCHOOL


def test_template_copy_helper_keeps_files_independent(workspace_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = workspace_factory("a.smgov")
    second = workspace_factory("b.smgov")
    school.update_settings(first, school.SettingsChange(name="First School"))
    assert school.get_details(second).name == SCHOOL
    shutil.rmtree(tmp_path / "nothing", ignore_errors=True)


def test_a_read_only_workspace_file_gets_a_clear_message(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workspace.path
    workspace.close()
    path.chmod(0o444)
    real_access = os.access
    if os.geteuid() == 0:  # root may write anything: answer as the OS would for an ordinary user
        monkeypatch.setattr(
            "smgov.data.workspace.os.access",
            lambda p, mode: False if Path(p) == path and mode == os.W_OK else real_access(p, mode),
        )
    try:
        with pytest.raises(NotAWorkspace, match="read-only"):
            Workspace.open(path, passphrase=PASSPHRASE)
    finally:
        path.chmod(0o644)


# -- faults that must get the right message ------------------------------------------------------------------------


def _fill_the_disk(workspace: Workspace) -> None:
    """Make SQLITE_FULL happen for real: no connection may grow the file past its current size plus one page."""
    from sqlalchemy import event

    conn = workspace.raw_connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    workspace.engine.dispose()

    @event.listens_for(workspace.engine, "connect")
    def _limit(dbapi: sqlcipher3.Connection, _record: object) -> None:
        dbapi.execute(f"PRAGMA max_page_count = {pages + 1}")


def test_a_full_disk_during_a_write_says_so_and_loses_nothing(workspace: Workspace) -> None:
    from smgov.data import audit
    from smgov.data.errors import DiskFull

    school.update_settings(workspace, school.SettingsChange(name="Saved Before The Disk Filled"))
    path = workspace.path
    _fill_the_disk(workspace)
    with pytest.raises(DiskFull) as caught, workspace.write() as session:
        for n in range(300):
            audit.record(session, "demo.note", "test", n, "x" * 500)
    message = str(caught.value)
    assert "disk is full" in message and "Nothing saved before was lost" in message and "Free some space" in message
    assert "damaged" not in message and "backup" not in message
    workspace.close()
    with Workspace.open(path, passphrase=PASSPHRASE) as reopened:
        assert school.get_details(reopened).name == "Saved Before The Disk Filled"
        conn = reopened.raw_connection()
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM audit_event WHERE action = 'demo.note'").fetchone()[0] == 0
        conn.close()


class _FullDiskFile:
    """A file whose writes fail as on a full disk (the file itself is created, empty, as the OS would)."""

    def __init__(self, path: Path, mode: str) -> None:
        import builtins
        from typing import IO, Any

        self._real: IO[Any] = builtins.open(path, mode)  # noqa: SIM115 - closed by close()

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    def write(self, _data: bytes) -> int:
        import errno

        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        self.write(b"")

    def close(self) -> None:
        self._real.close()


def test_opening_on_a_full_disk_says_so_and_leaves_no_lock_file(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smgov.data.errors import DiskFull

    path = workspace.path
    workspace.close()
    with monkeypatch.context() as patched:
        patched.setattr("smgov.data.filelock.open", _FullDiskFile, raising=False)
        with pytest.raises(DiskFull, match=f"disk is full, so smgov cannot open {path.name}") as caught:
            Workspace.open(path, passphrase=PASSPHRASE)
    assert "Nothing in the file was lost" in str(caught.value)
    assert not lock_path_for(path).exists()
    with Workspace.open(path, passphrase=PASSPHRASE) as reopened:  # space freed: it opens as before
        assert school.get_details(reopened).name == SCHOOL


def _damage(path: Path, start: int, end: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(b"\x00" * (end - start))


@pytest.mark.parametrize(("start", "end"), [(16, 1024), (100, 101), (1000, 4096)])
def test_damage_to_the_first_page_with_the_right_key_is_called_damage(
    workspace: Workspace, start: int, end: int
) -> None:
    path, recovery = workspace.path, workspace.recovery_key
    workspace.close()
    _damage(path, start, end)
    with pytest.raises(WorkspaceDamaged) as by_passphrase:
        Workspace.open(path, passphrase=PASSPHRASE)
    assert "damaged" in str(by_passphrase.value) and "newest backup" in str(by_passphrase.value)
    assert "not right" not in str(by_passphrase.value)
    with pytest.raises(WorkspaceDamaged):
        Workspace.open(path, key=crypto.parse_recovery_key(recovery))
    # A wrong passphrase is still called wrong, and the message allows for damage it cannot rule out.
    with pytest.raises(WrongPassphrase) as wrong:
        Workspace.open(path, passphrase="battery horse staple correct")
    assert "not right" in str(wrong.value) and "may be damaged" in str(wrong.value)


def test_damage_to_the_salt_cannot_be_told_from_a_wrong_passphrase_so_both_are_said(workspace: Workspace) -> None:
    path = workspace.path
    workspace.close()
    _damage(path, 0, 16)
    with pytest.raises(WrongPassphrase, match="not right.*may be damaged: try its newest backup"):
        Workspace.open(path, passphrase=PASSPHRASE)


def test_an_undamaged_file_with_a_wrong_key_reads_no_pages(workspace: Workspace) -> None:
    from smgov.data.pages import key_reads_other_pages

    assert key_reads_other_pages(workspace.path, workspace.key)
    assert not key_reads_other_pages(workspace.path, os.urandom(32))


def test_check_pages_refuses_a_file_damaged_in_the_middle(workspace: Workspace) -> None:
    from smgov.data import audit

    with workspace.write() as session:
        for n in range(100):
            audit.record(session, "demo.note", "test", n, "x" * 500)
    workspace.check_pages()  # an intact file passes
    path = workspace.path
    workspace.close()
    pages = path.stat().st_size // 4096
    _damage(path, (pages // 2) * 4096 + 200, (pages // 2) * 4096 + 300)
    with (
        Workspace.open(path, passphrase=PASSPHRASE) as damaged,
        pytest.raises(WorkspaceDamaged, match="will not export or print from it. Nothing was saved"),
    ):
        damaged.check_pages()
