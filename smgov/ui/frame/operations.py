"""Background work through one helper (after Anki's aqt/operations QueryOp).

``run_in_background(parent, op, on_success)`` runs ``op()`` on a worker thread and calls ``on_success(result)`` back
on the UI thread; errors go to ``on_failure`` or, by default, to ``show_error``. The op never touches widgets.
Database writes share one worker (a single-thread pool) so they never race each other.

``LatestLoad`` is how a section loads its list: only the newest load's result is shown, and none after a lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from smgov.data.errors import WorkspaceLocked
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.overrides import override

if TYPE_CHECKING:  # for type hints only: this low-level module must never join an import cycle
    from smgov.ui.shell.session import AppSession

T = TypeVar("T")
log = logging.getLogger(__name__)

_pool: QThreadPool | None = None
_alive: set[_Relay] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class _Relay(QObject):
    """Carries the result back to the UI thread.

    Signals:
        succeeded(object): the op's return value.
        failed(object): the exception it raised.
    """

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, op: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.op = op
        self.relay = relay

    @override
    def run(self) -> None:
        try:
            result = self.op()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the UI thread
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


def run_in_background(
    parent: QWidget | None,
    op: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> None:
    app = QApplication.instance()
    assert app is not None, "background work needs the QApplication"
    relay = _Relay()
    relay.moveToThread(app.thread())
    _alive.add(relay)

    def parent_gone() -> bool:
        # A window closed and deleted while its job ran: the job's result has nowhere to go.
        return parent is not None and not shiboken6.isValid(parent)

    @Slot(object)
    def succeeded(result: Any) -> None:
        _alive.discard(relay)
        if parent_gone():
            log.debug("background result dropped: its window is gone")
            return
        on_success(result)

    @Slot(object)
    def failed(exc: BaseException) -> None:
        _alive.discard(relay)
        if parent_gone():
            log.info("background failure after its window closed: %s", type(exc).__name__)
            return
        if on_failure is not None:
            on_failure(exc)
        else:
            show_error(parent, exc)

    relay.succeeded.connect(succeeded)
    relay.failed.connect(failed)
    pool().start(_Job(op, relay))


class ReloadWhenShown(QObject):
    """Keeps a section current without loading what nobody is looking at.

    When the workspace unlocks or a section's data changes, the section calls :meth:`mark_stale`: it reloads at once
    if it is on screen, else the next time it is shown. Its ``reload`` sets ``stale`` back to False.
    """

    def __init__(self, view: QWidget, reload: Callable[[], None]) -> None:
        super().__init__(view)
        self._view = view
        self._reload = reload
        self.stale = True
        view.installEventFilter(self)

    def mark_stale(self, *_signal_args: object) -> None:
        self.stale = True
        if self._view.isVisible():
            self._reload()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() == QEvent.Type.Show and self.stale:
            self._reload()
        return False


class LatestLoad:
    """Background loads of which only the newest counts: a result that arrives after a newer load started, or after
    the workspace locked, is dropped (and so is a failure, which is shown otherwise).

    A view reloads its list whenever it is shown or its data changes, so several loads may be under way at once;
    without this, a slow older one could overwrite the newer rows, or fill a view that was cleared on lock.
    """

    def __init__(self, parent: QWidget, session: AppSession) -> None:
        self.parent = parent
        self.session = session
        self._generation = 0

    def start(
        self,
        op: Callable[[], T],
        on_loaded: Callable[[T], None],
        on_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``op()`` in the background and pass its result to ``on_loaded`` if it is still the newest load.

        A failure goes to ``on_failed`` (by default ``show_error``), unless it is stale or the workspace locked.
        """
        self._generation += 1
        generation = self._generation

        def current() -> bool:
            return generation == self._generation and self.session.is_unlocked

        def loaded(result: T) -> None:
            if current():
                on_loaded(result)

        def failed(exc: BaseException) -> None:
            if not current() or isinstance(exc, WorkspaceLocked):
                return
            if on_failed is not None:
                on_failed(exc)
            else:
                show_error(self.parent, exc)

        run_in_background(self.parent, op, loaded, failed)

    def cancel(self) -> None:
        """Forget any load under way: its result or failure will be dropped (the view cleared on lock)."""
        self._generation += 1


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Block until background work is done (tests and quit)."""
    return pool().waitForDone(timeout_ms)
