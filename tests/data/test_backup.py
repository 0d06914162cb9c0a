"""Backups and restore: consistent copies, rolling automatic backups, restore that checks before replacing."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from sqlalchemy import text

from smgov.data import backup
from smgov.data.errors import BackupFailed, DiskFull, SmgovError, WrongPassphrase
from smgov.data.services import school
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE, SCHOOL


def test_backup_while_open_opens_with_the_same_passphrase(workspace: Workspace, tmp_path: Path) -> None:
    school.update_settings(workspace, school.SettingsChange(name="Backed Up School"))
    dest = backup.backup_to(workspace, tmp_path / "copy.smgov")
    assert school.get_details(workspace).last_backup_at is not None
    with Workspace.open(dest, passphrase=PASSPHRASE) as copy:
        assert school.get_details(copy).name == "Backed Up School"


def test_backup_onto_the_workspace_itself_is_refused(workspace: Workspace) -> None:
    with pytest.raises(BackupFailed, match="workspace itself"):
        backup.backup_to(workspace, workspace.path)


def test_a_full_disk_leaves_the_old_backup_untouched(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "copy.smgov"
    dest.write_bytes(b"yesterday's backup")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("smgov.data.workspace.os.fsync", full)
    with pytest.raises(DiskFull, match="disk is full, so copy.smgov could not be saved. Nothing saved before was lost"):
        backup.backup_to(workspace, dest)
    assert dest.read_bytes() == b"yesterday's backup"
    assert not list(tmp_path.glob(".*partial"))


def test_rolling_backups_keep_the_newest_ten(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    for day in range(1, 13):
        (folder / f"school-202601{day:02d}-120000.smgov").write_bytes(b"old")
    (folder / "unrelated-20260101-120000.smgov").write_bytes(b"keep me")
    made = backup.rolling_backup(workspace, folder)
    kept = backup.list_backups(folder, workspace.path)
    assert len(kept) == 10
    assert kept[0].path == made
    assert (folder / "school-20260112-120000.smgov").exists()
    assert not (folder / "school-20260103-120000.smgov").exists()
    assert (folder / "unrelated-20260101-120000.smgov").read_bytes() == b"keep me"


def _backup_then_change(workspace: Workspace, tmp_path: Path) -> Path:
    dest = backup.backup_to(workspace, tmp_path / "monday.smgov")
    school.update_settings(workspace, school.SettingsChange(name="Changed After Backup"))
    return dest


def test_restore_replaces_the_workspace_and_keeps_the_replaced_file(workspace: Workspace, tmp_path: Path) -> None:
    saved = _backup_then_change(workspace, tmp_path)
    path = workspace.path
    workspace.close()
    result = backup.restore(saved, path, passphrase=PASSPHRASE)
    with Workspace.open(path, passphrase=PASSPHRASE) as restored:
        assert school.get_details(restored).name == SCHOOL
    assert result.replaced_copy is not None
    with Workspace.open(result.replaced_copy, passphrase=PASSPHRASE) as replaced:
        assert school.get_details(replaced).name == "Changed After Backup"


def test_restore_is_refused_while_the_workspace_is_open(workspace: Workspace, tmp_path: Path) -> None:
    saved = _backup_then_change(workspace, tmp_path)
    with pytest.raises(SmgovError, match="is open"):
        backup.restore(saved, workspace.path, passphrase=PASSPHRASE)
    assert school.get_details(workspace).name == "Changed After Backup"


def test_restore_with_a_wrong_passphrase_replaces_nothing(workspace: Workspace, tmp_path: Path) -> None:
    saved = _backup_then_change(workspace, tmp_path)
    path = workspace.path
    workspace.close()
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase):
        backup.restore(saved, path, passphrase="not the passphrase")
    assert path.read_bytes() == before


def test_a_backup_that_fails_verification_is_not_restored(workspace: Workspace, tmp_path: Path) -> None:
    saved = _backup_then_change(workspace, tmp_path)
    with Workspace.open(saved, passphrase=PASSPHRASE) as broken, broken.write() as session:
        session.execute(text("UPDATE audit_event SET summary = 'forged'"))
    path = workspace.path
    workspace.close()
    before = path.read_bytes()
    with pytest.raises(SmgovError, match="did not pass its checks"):
        backup.restore(saved, path, passphrase=PASSPHRASE)
    assert path.read_bytes() == before


def test_a_backup_with_flipped_bytes_is_not_restored(workspace: Workspace, tmp_path: Path) -> None:
    saved = _backup_then_change(workspace, tmp_path)
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0x55
    saved.write_bytes(bytes(data))
    path = workspace.path
    workspace.close()
    before = path.read_bytes()
    with pytest.raises(SmgovError):
        backup.restore(saved, path, passphrase=PASSPHRASE)
    assert path.read_bytes() == before


def test_a_file_open_in_another_process_is_backed_up_beside_it(workspace: Workspace, tmp_path: Path) -> None:
    """The app holds the file (its lock, and a write in progress in another process): the backup reads with the key
    in one read transaction and holds every change committed before it began."""
    import subprocess
    import sys
    import textwrap

    from smgov.data.filelock import read_holder

    path, key = workspace.path, workspace.key
    school.update_settings(workspace, school.SettingsChange(name="Before The Backup"))
    workspace.close()
    holder = textwrap.dedent(
        f"""
        import sys
        from smgov.data import crypto
        crypto.KDF = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
        from smgov.data.workspace import Workspace
        ws = Workspace.open({str(path)!r}, key=bytes.fromhex({key.hex()!r}))
        print("open", flush=True)
        sys.stdin.readline()
        ws.close()
        """
    )
    app = subprocess.Popen([sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None and app.stdout.readline().strip() == "open"
        assert read_holder(path) is not None  # the other process has it
        with pytest.raises(SmgovError, match="already open"):
            Workspace.open(path, key=key)
        dest = backup.backup_file(path, tmp_path / "while-open.smgov", key)
    finally:
        app.communicate("\n", timeout=30)
    assert app.returncode == 0
    with Workspace.open(dest, passphrase=PASSPHRASE) as copy:
        assert school.get_details(copy).name == "Before The Backup"
    with Workspace.open(path, passphrase=PASSPHRASE) as original:  # the original is untouched and opens
        assert school.get_details(original).name == "Before The Backup"


def test_a_backup_beside_an_open_workspace_in_this_process_sees_its_committed_changes(
    workspace: Workspace, tmp_path: Path
) -> None:
    school.update_settings(workspace, school.SettingsChange(name="Committed Name"))
    dest = backup.backup_file(workspace.path, tmp_path / "copy.smgov", workspace.key)
    school.update_settings(workspace, school.SettingsChange(name="Changed After"))
    with Workspace.open(dest, passphrase=PASSPHRASE) as copy:
        assert school.get_details(copy).name == "Committed Name"


def test_a_backup_without_the_lock_needs_the_right_key(workspace: Workspace, tmp_path: Path) -> None:
    import os

    with pytest.raises(WrongPassphrase):
        backup.backup_file(workspace.path, tmp_path / "copy.smgov", os.urandom(32))
    assert not (tmp_path / "copy.smgov").exists()
