"""Idle detection: lock the workspace when nobody has touched the keyboard or mouse for a while.

The business manager's office is busy and the screen is often in view of others; locking after the school's
``auto_lock_minutes`` keeps records out of sight when the PC is left.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from typing_extensions import override

# Events that mean a person is at the PC. Paint, timer and focus events do not count.
USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


class IdleLock(QObject):
    """An application event filter that restarts a timer on user input and says when the PC has been left.

    Call :meth:`start` when a workspace unlocks and :meth:`stop` when it locks.

    Signals:
        idle(): no user input for the whole interval.
    """

    idle = Signal()

    def __init__(self, minutes: float = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # one timer: exactness costs nothing here
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        self._installed = False

    def set_minutes(self, minutes: float) -> None:
        """Lock after ``minutes`` without input (the school's auto-lock setting)."""
        self.set_interval_ms(round(minutes * 60_000))

    def set_interval_ms(self, milliseconds: int) -> None:
        self._timer.setInterval(max(1, milliseconds))
        if self._timer.isActive():
            self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    def remaining_ms(self) -> int:
        """Milliseconds until ``idle`` (-1 when not counting down)."""
        return self._timer.remainingTime()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if not self._installed and app is not None:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if self._installed and app is not None:
            app.removeEventFilter(self)
        self._installed = False

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT and self._timer.isActive():
            self._timer.start()
        return False
