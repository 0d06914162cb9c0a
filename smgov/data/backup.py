"""Backups: a copy on demand, rolling copies on close, and a restore that checks before it replaces anything.

Every backup is encrypted exactly as the workspace is (same key, same salt), so the same passphrase and the same
recovery key open it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from smgov.data import crypto
from smgov.data.errors import BackupFailed, SmgovError
from smgov.data.services import school as school_service
from smgov.data.verify import verify
from smgov.data.workspace import (
    SUFFIX,
    Workspace,
    copy_file_durably,
    copy_while_open,
    export_copy,
    in_use_by,
    read_salt,
)

KEEP = 10
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    size: int


def backup_to(workspace: Workspace, dest: Path) -> Path:
    """A consistent encrypted copy of the open workspace at ``dest``. An existing ``dest`` is replaced only once
    the new copy is complete and checked."""
    dest = Path(dest)
    if dest.resolve() == workspace.path.resolve():
        raise BackupFailed("Choose another file for the backup: that is the workspace itself.")
    if not dest.parent.is_dir():
        raise BackupFailed(f"The folder {dest.parent} does not exist.")
    export_copy(workspace, dest)
    anchor_history(dest, workspace.key, source=workspace.path)
    school_service.mark_backup(workspace, dest.name)
    return dest


def backup_file(path: Path, dest: Path, key: bytes) -> Path:
    """A consistent encrypted copy of the workspace file ``path`` at ``dest``, opened with ``key``, without taking
    its lock: it works while the app (or another command) has the file open, and leaves that window undisturbed.

    The backup is not recorded in the workspace (that would be a second writer beside the window that has it open).
    """
    path, dest = Path(path), Path(dest)
    if dest.resolve() == path.resolve():
        raise BackupFailed("Choose another file for the backup: that is the workspace itself.")
    if not dest.parent.is_dir():
        raise BackupFailed(f"The folder {dest.parent} does not exist.")
    copy_while_open(path, key, dest)
    anchor_history(dest, key, source=path)
    return dest


def rolling_backup(workspace: Workspace, folder: Path, keep: int = KEEP) -> Path:
    """Today's automatic backup into ``folder``, keeping the newest ``keep`` of this workspace's backups."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupFailed(f"The backup folder {folder} cannot be made ({exc.strerror}).") from exc
    stamp = dt.datetime.now().strftime(_STAMP)
    dest = folder / f"{workspace.path.stem}-{stamp}{SUFFIX}"
    backup_to(workspace, dest)
    for old in list_backups(folder, workspace.path)[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
    return dest


def list_backups(folder: Path, workspace_path: Path) -> list[BackupInfo]:
    """This workspace's automatic backups in ``folder``, newest first."""
    pattern = re.compile(re.escape(workspace_path.stem) + r"-(\d{8}-\d{6})" + re.escape(SUFFIX) + "$")
    found: list[BackupInfo] = []
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            match = pattern.match(entry.name)
            if match and entry.is_file():
                made = dt.datetime.strptime(match.group(1), _STAMP)
                found.append(BackupInfo(entry, made, entry.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


@dataclass(frozen=True)
class RestoreResult:
    restored_to: Path
    replaced_copy: Path | None


def restore(backup: Path, target: Path, *, passphrase: str | None = None, key: bytes | None = None) -> RestoreResult:
    """Replace ``target`` with ``backup``, after checking the backup opens and verifies.

    The file that is replaced is kept beside it as ``NAME-replaced-STAMP.smgov``. Refused while ``target`` is open.
    """
    backup, target = Path(backup), Path(target)
    if backup.resolve() == target.resolve():
        raise SmgovError("The backup and the workspace are the same file.")
    holder = in_use_by(target) if target.exists() else None
    if holder:
        raise SmgovError(f"The workspace is open ({holder}). Close it before restoring over it.")
    if key is None:
        if passphrase is None:
            raise SmgovError("Give the passphrase (or recovery key) of the backup.")
        key = crypto.derive_key(passphrase, read_salt(backup))
    with Workspace.open(backup, key=key, migrate=False) as opened:
        report = verify(opened, this_pc=False)  # a backup is meant to be behind what this PC saw
    if not report.ok:
        raise SmgovError(
            "The backup did not pass its checks, so nothing was replaced: " + "; ".join(report.problems[:3])
        )
    replaced: Path | None = None
    if target.exists():
        stamp = dt.datetime.now().strftime(_STAMP)
        replaced = target.with_name(f"{target.stem}-replaced-{stamp}{target.suffix or SUFFIX}")
        try:
            os.replace(target, replaced)
            for extra in ("-wal", "-shm"):  # a stale WAL must never be applied to the restored file
                side = target.with_name(target.name + extra)
                if side.exists():
                    os.replace(side, replaced.with_name(replaced.name + extra))
        except OSError as exc:
            raise SmgovError(f"The workspace could not be moved aside ({exc.strerror}); nothing was replaced.") from exc
    try:
        copy_file_durably(backup, target)
    except OSError as exc:
        if replaced is not None:
            with contextlib.suppress(OSError):
                os.replace(replaced, target)
        raise BackupFailed(f"The backup could not be copied into place ({exc.strerror}). Nothing was changed.") from exc
    anchor_history(target, key)  # the history is now the backup's: this PC's anchor moves back to it
    return RestoreResult(target, replaced)


def anchor_history(path: Path, key: bytes, *, source: Path | None = None) -> None:
    """Keep on this PC how far the history in ``path`` goes: as the history of a backup of ``source``, or without
    a source, as the workspace's own (after a restore). See smgov.data.anchors; a file that cannot be read for it is
    left unanchored."""
    from smgov.data import anchors, integrity
    from smgov.data.workspace import read_only

    try:
        with read_only(path, key) as session:
            chain = integrity.chain_key(session, fresh=True)
            head = integrity.head(session)
    except (SmgovError, OSError):
        return
    if chain is None or head is None:
        return
    if source is not None:
        anchors.note_backup(chain.file_id, source, path, *head)
    else:
        anchors.note_head(chain.file_id, path, *head)
