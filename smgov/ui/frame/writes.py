"""Record writes through one helper (after Anki's CollectionOp): off the UI thread, one error path, a change notice.

``run_write(parent, session, op, on_done, changes=(Change.PEOPLE,))`` runs ``op(workspace)`` on the one database
worker, so the window never freezes behind a write (a background ``BEGIN IMMEDIATE`` can hold the file for
seconds). Then, on the UI thread:

- it worked: every view of ``changes`` is told (``session.changed``), then ``on_done(result)`` runs;
- the service refused it (``ValidationError``): ``on_refused(exc)`` shows it beside its field (return False to
  fall back to a message box near the cause);
- the window that started it closed meanwhile: the change is still announced, and a failure still shown;
- the workspace was locked meanwhile: nothing (every view was cleared already);
- anything else: the one error path (``show_error``), never a traceback.

While the change is announced, :func:`announcing` gives the write's result, so a list can put back just the
record it names (an edited incident) instead of reloading every row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import shiboken6
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


@dataclass(frozen=True)
class WriteNotice:
    """A finished write, as its change is announced: the areas it changed and what the service returned."""

    changes: tuple[Change, ...]
    result: object


_announcing: list[WriteNotice] = []


def announcing() -> WriteNotice | None:
    """The write whose change is being announced right now (a view's handler of ``session.changed`` runs inside
    the announcement), or None: the change came from elsewhere, so the view reloads everything."""
    return _announcing[-1] if _announcing else None


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

    def here() -> bool:
        # The dialog that started the write may have closed (and been deleted) while it ran: what it wrote is
        # still announced, but nothing is handed back to it.
        return shiboken6.isValid(parent)

    def done(result: T) -> None:
        _announcing.append(WriteNotice(notices, result))
        try:
            for change in notices:
                session.changed.emit(change.value)
        finally:
            _announcing.pop()
        if not here():
            log.debug("write done after its window closed")
            return
        if on_finished is not None:
            on_finished()
        on_done(result)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, WorkspaceLocked) or not session.is_unlocked:
            log.info("write dropped: the workspace was locked")
            return
        shown_on = parent if here() else None
        if shown_on is not None and on_finished is not None:
            on_finished()
        if isinstance(exc, ValidationError):
            if shown_on is None or on_refused is None or not on_refused(exc):
                msgbox.warning(shown_on, refused_title, str(exc))
            return
        show_error(shown_on, exc)

    run_in_background(None, lambda: op(workspace), done, failed)
    return True
