"""Background work through one helper (after Anki's aqt/operations QueryOp).

``run_in_background(parent, op, on_success)`` runs ``op()`` on a worker thread and calls ``on_success(result)`` back
on the UI thread; errors go to ``on_failure`` or, by default, to ``show_error``. The op never touches widgets.
Database writes share one worker (a single-thread pool) so they never race each other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from smgov.ui.errors import show_error

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
    relay = _Relay()
    relay.moveToThread(QApplication.instance().thread())
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


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Block until background work is done (tests and quit)."""
    return pool().waitForDone(timeout_ms)
