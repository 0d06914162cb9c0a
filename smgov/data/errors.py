"""Errors the data layer raises, each with a message fit to show the user as it is.

The message never carries a secret, a passphrase or a pupil's name: callers may show it, log it and print it.
"""

from __future__ import annotations


class SmgovError(Exception):
    """Base of every error the user may see; ``str(exc)`` is a complete, plain-English sentence."""


class WrongPassphrase(SmgovError):
    """The key does not read the file. smgov says the file is damaged instead wherever it can tell (see
    :func:`smgov.data.pages.key_reads_other_pages`); the default message allows for both."""

    def __init__(
        self,
        message: str = "The passphrase (or recovery key) is not right for this workspace. If you are sure it is "
        "right, the file may be damaged: try its newest backup.",
    ) -> None:
        super().__init__(message)


class NotAWorkspace(SmgovError):
    pass


class WorkspaceDamaged(SmgovError):
    pass


class WorkspaceInUse(SmgovError):
    pass


class DiskFull(SmgovError):
    """The disk (or the user's quota) is full. What was saved before is intact: the write that failed was undone."""

    def __init__(self, message: str | None = None, *, what: str = "That change") -> None:
        super().__init__(message or disk_full_message(what))


def disk_full_message(what: str = "That change") -> str:
    """The words for a full disk: what did not happen, that nothing saved was lost, and what to do."""
    return (
        f"The disk is full, so {what[:1].lower() + what[1:]} could not be saved. Nothing saved before was lost. "
        "Free some space (empty the Recycle Bin, or delete or move large files), then try again."
    )


def is_disk_full(exc: BaseException) -> bool:
    """True for an OSError of a full disk or quota, or SQLite's SQLITE_FULL ("database or disk is full")."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database or disk is full" in text or getattr(exc, "sqlite_errorcode", None) == 13


class WorkspaceLocked(SmgovError):
    """The workspace was locked (idle, Ctrl+L or quit) while something still wanted it."""

    def __init__(self, message: str = "The workspace is locked. Unlock it to carry on.") -> None:
        super().__init__(message)


class ValidationError(SmgovError):
    """A value the user typed is not acceptable; ``field`` names the input it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class KeyStoreRefused(SmgovError):
    pass


class BackupFailed(SmgovError):
    pass
