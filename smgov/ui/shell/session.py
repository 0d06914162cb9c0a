"""The unlocked workspace the app is working on, and the one place that locks it.

Views never keep the Workspace for themselves beyond a call: they ask ``session.workspace`` each time, and clear
what they show when ``locked`` is emitted.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from smgov.data.errors import WorkspaceLocked

if TYPE_CHECKING:  # the import (with SQLAlchemy) waits until a workspace is opened, after the first paint
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)


class AppSession(QObject):
    """Holds the open workspace.

    Signals:
        unlocked(object): a workspace was opened (the Workspace).
        locked(): the workspace was closed; every view must clear what it shows.
        changed(str): data in an area changed ("settings", "audit", ...); views of that area refresh.
    """

    unlocked = Signal(object)
    locked = Signal()
    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace: Workspace | None = None
        self.is_demo = False
        self._demo_path: str | None = None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None or not self._workspace.is_open:
            raise WorkspaceLocked()
        return self._workspace

    @property
    def is_unlocked(self) -> bool:
        return self._workspace is not None and self._workspace.is_open

    def set_workspace(self, workspace: Workspace, *, demo: bool = False) -> None:
        """Work on ``workspace``. The demo stays the demo when it is unlocked again after a lock (never backed up
        into the school's backups, no question about who is using it)."""
        if self._workspace is not None and self._workspace is not workspace:
            self.lock()
        if demo:
            self._demo_path = str(workspace.path)
        self._workspace = workspace
        self.is_demo = demo or str(workspace.path) == self._demo_path
        self.unlocked.emit(workspace)

    def lock(self) -> None:
        """Close the workspace (engine disposed, keys dropped) and tell every view to clear itself."""
        workspace, self._workspace = self._workspace, None
        if workspace is None:
            return
        self.locked.emit()
        workspace.close()
        log.info("workspace locked")
