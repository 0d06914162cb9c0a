"""Errors the data layer raises, each with a message fit to show the user as it is.

The message never carries a secret, a passphrase or a pupil's name: callers may show it, log it and print it.
"""

from __future__ import annotations


class SmgovError(Exception):
    """Base of every error the user may see; ``str(exc)`` is a complete, plain-English sentence."""


class WrongPassphrase(SmgovError):
    def __init__(self, message: str = "The passphrase (or recovery key) is not right for this workspace.") -> None:
        super().__init__(message)


class NotAWorkspace(SmgovError):
    pass


class WorkspaceDamaged(SmgovError):
    pass


class WorkspaceInUse(SmgovError):
    pass


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
