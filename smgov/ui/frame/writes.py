"""Record writes through one helper (after Anki's CollectionOp): off the UI thread, one error path, a change notice.

``run_write(parent, session, op, on_done, changes=(Change.PEOPLE,))`` runs ``op(workspace)`` on the one database
worker, so the window never freezes behind a write (a background ``BEGIN IMMEDIATE`` can hold the file for
seconds). Then, on the UI thread:

- it worked: every view of ``changes`` is told (``session.changed``), then ``on_done(result)`` runs;
- the service refused it (``ValidationError``): ``on_refused(exc)`` shows it beside its field (return False to
  fall back to a message box near the cause);
- the workspace was locked meanwhile: nothing (every view was cleared already);
- anything else: the one error path (``show_error``), never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

from smgov.data.areas import Change
from smgov.data.errors import ValidationError, WorkspaceLocked
from smgov.ui.frame import msgbox
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.operations import run_in_background

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

T = TypeVar("T")
log = logging.getLogger(__name__)


def run_write(
    parent: QWidget,
    session: AppSession,
    op: Callable[[Workspace], T],
    on_done: Callable[[T], None],
    *,
    changes: Iterable[Change] = (),
    on_refused: Callable[[ValidationError], bool] | None = None,
    on_finished: Callable[[], None] | None = None,
    refused_title: str = "Not saved",
) -> bool:
    """Run ``op(workspace)`` in the background; False (and nothing run) when the workspace is locked.

    ``on_finished`` runs after either outcome (to end a busy state) before ``on_done`` or the error.
    """
    if not session.is_unlocked:
        return False
    workspace = session.workspace
    notices = tuple(changes)

    def done(result: T) -> None:
        if on_finished is not None:
            on_finished()
        for change in notices:
            session.changed.emit(change.value)
        on_done(result)

    def failed(exc: BaseException) -> None:
        if on_finished is not None:
            on_finished()
        if isinstance(exc, WorkspaceLocked) or not session.is_unlocked:
            log.info("write dropped: the workspace was locked")
            return
        if isinstance(exc, ValidationError):
            if on_refused is None or not on_refused(exc):
                msgbox.warning(parent, refused_title, str(exc))
            return
        show_error(parent, exc)

    run_in_background(parent, lambda: op(workspace), done, failed)
    return True
