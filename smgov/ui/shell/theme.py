"""Following the system's light or dark scheme, at start and when the user switches while smgov is open.

Qt 6 gives the application the system's palette and tells of a switch (``QStyleHints.colorSchemeChanged``); the
windows draw from the palette's roles, and icons are redrawn in the text colour on a palette change (the main
window does that). Two things Qt leaves to the app:

- Windows 10's default style ("windowsvista") ignores a dark palette and draws light; in the dark scheme the app
  uses Fusion, which draws any palette, and returns to the system's style in the light scheme.
- A label given a semantic colour (an error in red, a warning in amber: :mod:`smgov.ui.frame.labels`) keeps the
  shade chosen for the scheme it was shown in; on a switch, each such label takes the shade of the new scheme.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from smgov.ui.frame import labels
from smgov.ui.frame.overrides import override

log = logging.getLogger(__name__)

_NO_DARK_STYLES = frozenset({"windowsvista", "windows"})  # styles that draw their own light colours


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette (the application's by default) is a dark one."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _semantic_pairs() -> list[tuple[QColor, QColor]]:
    """Each semantic colour's (light scheme, dark scheme) shades."""
    pairs = (labels._ERROR, labels._WARNING, labels._GOOD)
    return [(QColor(light), QColor(dark)) for light, dark in pairs]


class SchemeFollower(QObject):
    """Installed on the application by :func:`follow_system`; keeps the style and semantic colours in step."""

    def __init__(self, app: QApplication, *, watch: bool = True) -> None:
        super().__init__(app)
        self.setObjectName("scheme-follower")
        self.app = app
        # The system's own style, read when first needed: in the dark scheme, before it gives way to Fusion (reading
        # it makes PySide build QStyle's Python types, which the start in the light scheme does without).
        self.system_style: str | None = None
        self._pending = False
        self._watching = False
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        self._scheme_changed(app.styleHints().colorScheme())
        if watch:
            self.watch()

    def watch(self) -> None:
        """Recolour the semantic labels on a palette change from now on (an application-wide event filter: at start
        it comes after the first dialog is painted, which a Python filter on every event would slow)."""
        if not self._watching:
            self._watching = True
            self.app.installEventFilter(self)

    def stop(self) -> None:
        """Follow no more (tests)."""
        self.app.styleHints().colorSchemeChanged.disconnect(self._scheme_changed)
        self.app.removeEventFilter(self)
        self._watching = False
        self.setParent(None)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.app and event.type() == QEvent.Type.ApplicationPaletteChange and not self._pending:
            self._pending = True  # once, after every widget has its new palette
            QTimer.singleShot(0, self, self.recolour)
        return False

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark:
            current = self.app.style().name()
            if self.system_style is None:
                self.system_style = current
            if current.lower() in _NO_DARK_STYLES:
                log.info("dark scheme: drawing with Fusion (%s draws light only)", current)
                self.app.setStyle(QStyleFactory.create("Fusion"))
        elif self.system_style and self.app.style().name() != self.system_style:  # back from dark to the system's
            style = QStyleFactory.create(self.system_style)
            if style is not None:
                self.app.setStyle(style)

    def recolour(self) -> None:
        """Give every label with a semantic colour the shade of the scheme now showing."""
        self._pending = False
        dark = is_dark(self.app.palette())
        swaps = {(old if dark else new).rgb(): (new if dark else old) for old, new in _semantic_pairs()}
        for widget in QApplication.allWidgets():
            if not widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
                continue
            colour = widget.palette().color(QPalette.ColorRole.WindowText)
            shade = swaps.get(colour.rgb())
            if shade is not None:
                _set_text_colour(widget, shade)


def _set_text_colour(widget: QWidget, colour: QColor) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    widget.setPalette(palette)


def follow_system(app: QApplication, *, watch: bool = True) -> SchemeFollower:
    """Follow the system's light or dark scheme from now on (once per application). With ``watch`` False the style is
    chosen now and the labels are recoloured only once :meth:`SchemeFollower.watch` is called."""
    existing = app.findChild(SchemeFollower, "scheme-follower")
    follower = existing if existing is not None else SchemeFollower(app, watch=watch)
    if watch:
        follower.watch()
    return follower
