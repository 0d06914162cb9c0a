"""A lock beside the workspace file, so a second window or PC is told who has it open instead of corrupting it.

``School.smgov.lock`` holds one JSON line: who (the login name), which PC, the process and since when. An OS lock on a
byte far past that text is what counts: a lock file left by a crash holds no OS lock and is simply taken over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from smgov.data.errors import WorkspaceInUse, is_disk_full

_LOCK_OFFSET = 1 << 20  # lock a byte past the info text, so others can still read who holds it


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: dt.datetime

    def describe(self) -> str:
        local = self.since.astimezone()
        return f"{self.user} on {self.host}, since {local:%d/%m/%Y %H:%M}"


def lock_path_for(workspace: Path) -> Path:
    return workspace.with_name(workspace.name + ".lock")


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown user"


def _try_lock(handle: IO[bytes]) -> bool:
    handle.seek(_LOCK_OFFSET)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LOCK_OFFSET)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    handle.seek(_LOCK_OFFSET)
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.lockf(handle.fileno(), fcntl.LOCK_UN, 1, _LOCK_OFFSET)


def read_holder(workspace: Path) -> Holder | None:
    try:
        text = lock_path_for(workspace).read_text("utf-8").splitlines()[0]
        info = json.loads(text)
        return Holder(info["user"], info["host"], int(info["pid"]), dt.datetime.fromisoformat(info["since"]))
    except (OSError, IndexError, ValueError, KeyError, TypeError):
        return None


class WorkspaceLock:
    """Held for as long as a workspace is open. In-process too: a second open in this process is refused."""

    _held_here: set[str] = set()

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.path = lock_path_for(workspace)
        self._handle: IO[bytes] | None = None
        self._key = os.path.normcase(str(workspace.resolve()))

    def acquire(self) -> None:
        if self._key in self._held_here:
            raise WorkspaceInUse(self._in_use_message(read_holder(self.workspace)))
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        except OSError as exc:
            if is_disk_full(exc):
                raise  # the opener says the disk is full
            raise WorkspaceInUse(
                f"smgov cannot create its lock file beside the workspace ({exc.strerror}). The folder may be "
                "read-only: copy the workspace to a folder you can write to."
            ) from exc
        if not _try_lock(handle):
            handle.close()
            raise WorkspaceInUse(self._in_use_message(read_holder(self.workspace)))
        info = {
            "user": current_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": dt.datetime.now(dt.UTC).isoformat(),
        }
        try:
            handle.seek(0)
            handle.truncate()
            handle.write((json.dumps(info) + "\n").encode("utf-8"))
            handle.flush()
        except OSError:  # a full disk, most often: leave no empty lock file behind
            self._handle = handle
            self.release()
            raise
        self._handle = handle
        self._held_here.add(self._key)

    @staticmethod
    def _in_use_message(holder: Holder | None) -> str:
        who = holder.describe() if holder else "another window or PC"
        return (
            f"This workspace is already open ({who}). Close it there first; opening it twice at once could "
            "lose changes."
        )

    def release(self) -> None:
        if self._handle is None:
            return
        self._held_here.discard(self._key)
        # POSIX: unlink while still locked, so a newcomer never has its fresh lock file deleted under it.
        # Windows cannot delete an open file, so there it goes after the unlock.
        if sys.platform != "win32":
            self._unlink()
        try:
            _unlock(self._handle)
        finally:
            with contextlib.suppress(OSError):  # closing flushes: after a failed write, it fails again
                self._handle.close()
            self._handle = None
        if sys.platform == "win32":
            self._unlink()

    def _unlink(self) -> None:
        with contextlib.suppress(OSError):  # already gone, or another process holds it now
            self.path.unlink()
