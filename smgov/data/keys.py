"""Passphrases: changing one, and slowing down guessing at the unlock screen (strength is in ``passphrases``)."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from smgov.data import audit, crypto, keystore
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import SmgovError, ValidationError, WrongPassphrase
from smgov.data.models.school import School
from smgov.data.passphrases import check_new_passphrase
from smgov.data.workspace import Workspace, check_key, export_copy


def change_passphrase(workspace: Workspace, current: str, new: str, confirmation: str) -> str:
    """Re-key the workspace for a new passphrase, keeping every record. Returns the new recovery key.

    ``current`` is the current passphrase, or the recovery key (after opening with the Emergency Kit).
    The file is copied under the new key (and a new salt) beside itself, checked, and swapped in atomically: if
    anything fails, the old file stays as it was and the old passphrase still opens it.
    """
    if not _proves_key(workspace, current):
        raise WrongPassphrase("The current passphrase (or recovery key) is not right.")
    check_new_passphrase(new, confirmation)
    salt = crypto.new_salt()
    new_key = crypto.derive_key(new, salt)
    path = workspace.path
    staged = path.with_name(f".{path.name}.rekey")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    with workspace.write() as session:
        school = session.get(School, 1)
        if school is not None:
            school.kit_printed_at = None  # the printed kit holds the old key: a new one is needed
        audit.record(
            session, AuditAction.WORKSPACE_PASSPHRASE, "workspace", None, "Passphrase changed; recovery key changed"
        )
    export_copy(workspace, staged, key=new_key, salt=salt)
    remembered = keystore.is_remembered(path)
    workspace.engine.dispose()  # closes every connection: the WAL is checkpointed into the old file
    try:
        for extra in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(str(path) + extra)
        os.replace(staged, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            staged.unlink()
        workspace.reopen_with_key(workspace.key)
        raise SmgovError(f"The passphrase could not be changed ({exc.strerror}). Nothing was changed.") from exc
    workspace.reopen_with_key(new_key)
    check_key(path, new_key)
    if remembered:
        with contextlib.suppress(SmgovError):
            keystore.remember(path, new_key)
    return crypto.format_recovery_key(new_key)


def _proves_key(workspace: Workspace, current: str) -> bool:
    """The current passphrase, or the recovery key for someone who lost the passphrase and opened with the kit."""
    with contextlib.suppress(ValidationError):
        if crypto.keys_equal(crypto.parse_recovery_key(current), workspace.key):
            return True
    if not current:
        return False
    return crypto.keys_equal(crypto.derive_key(current, workspace.salt()), workspace.key)


class Throttle:
    """Wait longer after each wrong passphrase: 0 s for the first three, then 2, 4, 8 … up to 60 s.

    Kept per workspace file in a small per-PC state file, so restarting the app does not reset it.
    """

    FREE_TRIES = 3
    MAX_WAIT = 60.0

    def __init__(self, state_file: Path | None = None) -> None:
        self.state_file = state_file
        self.failures = 0
        self.last_failure = 0.0
        if state_file is not None:
            with contextlib.suppress(OSError, ValueError):
                failures, last = state_file.read_text("ascii").split()
                self.failures, self.last_failure = int(failures), float(last)

    def wait_seconds(self, now: float | None = None) -> float:
        """How long before the next try is allowed (0 when it may go ahead)."""
        if self.failures < self.FREE_TRIES:
            return 0.0
        delay = min(self.MAX_WAIT, 2.0 ** (self.failures - self.FREE_TRIES + 1))
        elapsed = (now if now is not None else time.time()) - self.last_failure
        return max(0.0, delay - elapsed)

    def failed(self, now: float | None = None) -> None:
        self.failures += 1
        self.last_failure = now if now is not None else time.time()
        self._save()

    def succeeded(self) -> None:
        self.failures = 0
        self.last_failure = 0.0
        self._save()

    def _save(self) -> None:
        if self.state_file is None:
            return
        with contextlib.suppress(OSError):
            if self.failures:
                self.state_file.write_text(f"{self.failures} {self.last_failure}", "ascii")
            else:
                self.state_file.unlink(missing_ok=True)


def throttle_for(workspace_path: Path, state_dir: Path) -> Throttle:
    return Throttle(state_dir / f"unlock-{keystore.account_for(workspace_path)}.state")
