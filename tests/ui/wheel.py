"""Turning the mouse wheel over a widget, and reading the value a wheel could change: for the tests that check the
wheel never edits a field the user has not chosen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QWidget


def turn(widget: QWidget, *notches: int, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Turn the wheel over the middle of ``widget``, a notch at a time (negative: towards the user, scrolling down).
    With no notches given: two down and one up, so a field that takes the wheel ends somewhere else."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    scene = QPointF(widget.mapToGlobal(centre.toPoint()))
    for notch in notches or (-1, -1, 1):
        event = QWheelEvent(
            centre,
            scene,
            QPoint(0, 0),
            QPoint(0, 120 * notch),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


def value(widget: QWidget) -> object:
    """What a wheel would change in ``widget`` (None for a widget it cannot change)."""
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractSlider):
        return widget.value()
    return None
