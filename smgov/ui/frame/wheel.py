"""The mouse wheel scrolls the page; it never edits a field the user has not chosen.

Qt lets a combo box, spin box, date edit or slider take a wheel event as soon as the pointer is over it, so a user
scrolling down a form changes whatever passes under the pointer. :class:`WheelGuard`, installed once on the
application, hands such a wheel event to the nearest scroll area instead unless the field has the keyboard focus
(a click or Tab gives it); fields are also set to take focus only by click or Tab, never by the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)
from typing_extensions import override

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


class WheelGuard(QObject):
    """Application event filter: a wheel over an unfocused field scrolls the page around it instead."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        field = _guarded_field(watched)
        if field is None or field.hasFocus():
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
