"""The mouse wheel scrolls the page; it never edits a field the user has not chosen.

Qt lets a combo box, spin box, date edit or slider take a wheel event as soon as the pointer is over it, so a user
scrolling down a form changes whatever passes under the pointer. :class:`WheelGuard`, installed once on the
application, hands such a wheel event to the nearest scroll area instead, unless the user chose the field: it has
the keyboard focus and got it by a click, Tab or a shortcut. A field focused by the program (the first field of a
form that just opened) does not count: scrolling over it scrolls. Fields are also set to take focus only by click or
Tab, never by the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

from smgov.ui.frame.overrides import override

GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)


def _guarded_field(widget: QWidget) -> QWidget | None:
    """The combo box, spin box (date edits included) or slider that ``widget`` is or belongs to."""
    candidate: QWidget | None = widget
    for _depth in range(3):  # the field itself, or the line edit inside a spin box or an editable combo box
        if candidate is None or isinstance(candidate, QScrollBar):
            return None  # a scroll bar scrolls, as it should
        if isinstance(candidate, GUARDED):
            return candidate
        candidate = candidate.parentWidget()
    return None


# How a field came to have the focus: these mean the user chose it; a field focused by the program did not.
CHOSEN = (
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)
# These hand the focus back to the field that had it (a popup closed, the window came back): nothing changes.
RETURNED = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
CHOSEN_PROPERTY = "smgov-chosen-by-user"


def chosen_by_user(field: QWidget) -> bool:
    """Whether the user gave ``field`` the focus (by a click, Tab or a shortcut) and it still has it."""
    return field.hasFocus() and bool(field.property(CHOSEN_PROPERTY))


class WheelGuard(QObject):
    """Application event filter: a wheel over a field the user has not chosen scrolls the page around it instead."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut) and isinstance(watched, GUARDED):
            assert isinstance(event, QFocusEvent)
            if event.reason() not in RETURNED:
                watched.setProperty(CHOSEN_PROPERTY, kind == QEvent.Type.FocusIn and event.reason() in CHOSEN)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        field = _guarded_field(watched)
        if field is None or chosen_by_user(field):
            return False
        if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        area = _scroll_area_around(field)
        if area is not None:
            bar = area.verticalScrollBar()
            if not bar.isVisible() and area.horizontalScrollBar().isVisible():
                bar = area.horizontalScrollBar()
            QCoreApplication.sendEvent(bar, event)
        event.accept()
        return True  # the field never sees it


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


_guard: WheelGuard | None = None


def install_wheel_guard(app: QApplication | QCoreApplication) -> None:
    """Install the guard on ``app`` (once; later calls do nothing)."""
    global _guard
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
