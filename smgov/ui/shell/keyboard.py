"""The keyboard alone: Tab always moves on.

A date field that shows a word instead of a date (a filter's "Any": Qt's special value text) keeps Tab for itself
(``QDateTimeEdit`` tries to step to the next part of a date it does not show), so the focus never leaves it: a
keyboard trap. The guard, installed on the application at start, moves the focus on from such a field as from any
other.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QWidget

from smgov.ui.frame.overrides import override

_TABS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
_NOT_TAB = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier  # Ctrl+Tab is the tabs' key


class TabGuard(QObject):
    """Moves the focus on when Tab (or Shift+Tab) is pressed in a date field showing its special value text."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QDateTimeEdit)
            and isinstance(event, QKeyEvent)
            and event.key() in _TABS
            and not event.modifiers() & _NOT_TAB
            and watched.specialValueText()
            and watched.dateTime() == watched.minimumDateTime()  # showing the word, not a date
        ):
            back = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            QWidget.focusNextPrevChild(watched, not back)  # the plain widget's move, not the date parts'
            return True
        return False


def install_tab_guard(app: QApplication) -> TabGuard:
    """Install the guard on ``app`` (once)."""
    existing = app.findChild(TabGuard, "tab-guard")
    if existing is not None:
        return existing
    guard = TabGuard(app)
    guard.setObjectName("tab-guard")
    app.installEventFilter(guard)
    return guard
