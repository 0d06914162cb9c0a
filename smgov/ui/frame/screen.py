"""Windows that fit the screen: a 1366×768 laptop leaves about 1366×728 under the taskbar.

The one place for it: every dialog (the :class:`~smgov.ui.frame.dialogs.Dialog` base and the shell's own) and the
main window's default and restored geometry. Qt only and light, so the main window can use it before its first
paint without loading the data layer.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from smgov.ui.frame.overrides import override

# Before a window is shown its frame is unknown: allow for a typical title bar and border (Windows 10/11 at 100 %).
TYPICAL_FRAME = QSize(16, 39)


def _screen(widget: QWidget) -> QScreen:
    return widget.screen() or QGuiApplication.primaryScreen()


def frame_extra(widget: QWidget) -> QSize:
    """How much the window frame adds to ``widget``'s size (a typical frame before it is shown)."""
    if widget.isVisible():
        extra = widget.frameGeometry().size() - widget.geometry().size()
        if extra.width() > 0 or extra.height() > 0:
            return extra
    return TYPICAL_FRAME


def clamped(geometry: QRect, area: QRect, extra: QSize) -> QRect:
    """``geometry`` (a window's client rectangle) shrunk to fit ``area`` with its frame, and moved onto it."""
    width = min(geometry.width(), area.width() - extra.width())
    height = min(geometry.height(), area.height() - extra.height())
    left_frame = extra.width() // 2
    top_frame = extra.height() - left_frame  # the title bar is on top
    x = min(max(geometry.x(), area.x() + left_frame), area.right() + 1 - left_frame - width)
    y = min(max(geometry.y(), area.y() + top_frame), area.bottom() + 1 - left_frame - height)
    return QRect(x, y, width, height)


def fit_to_screen(widget: QWidget) -> None:
    """Shrink ``widget`` (a top-level window) to the screen's available room and move it fully onto the screen."""
    geometry = clamped(widget.geometry(), _screen(widget).availableGeometry(), frame_extra(widget))
    if geometry.size() != widget.size():
        widget.resize(geometry.size())
    if widget.isVisible() and geometry.topLeft() != widget.geometry().topLeft():
        widget.setGeometry(geometry)


def grow_to_contents(window: QWidget) -> None:
    """Make a dialog as large as its contents now ask for (a message appeared under a field), within the screen, so
    its buttons stay in view; it never shrinks here."""
    wanted = window.size().expandedTo(window.sizeHint())
    for area in window.findChildren(QScrollArea):  # a body that scrolls asks for no more room: measure it
        inner = area.widget()
        if inner is not None and area.isVisible():
            missing = inner.sizeHint().height() - area.viewport().height()
            if missing > 0:
                wanted.setHeight(max(wanted.height(), window.height() + missing))
    if wanted != window.size():
        window.resize(wanted)
        fit_to_screen(window)


class _FitWhenShown(QObject):
    """Fits a window each time it is shown, once it is placed (Qt centres a dialog over its window, the window
    manager places the rest): it is moved only if it is partly off the screen."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            QTimer.singleShot(0, self, lambda: fit_to_screen(watched))
        return False


def keep_on_screen(widget: QWidget) -> None:
    """Shrink ``widget`` to the screen now (before it is shown, so it is placed at its real size), and keep it on
    the screen whenever it is shown. Calling it again does nothing more."""
    fit_to_screen(widget)
    if widget.findChild(_FitWhenShown) is None:
        widget.installEventFilter(_FitWhenShown(widget))


def scrolling(content: QWidget, name: str = "") -> QScrollArea:
    """``content`` in a frameless scroll area that scrolls only when the window is too short for it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    if name:
        area.setObjectName(name)
    return area
