"""The app's icons: Lucide line icons (ISC licence, ``resources/icons/LICENSE-lucide.txt``), drawn in the palette's
text colour so they read on light and dark themes, and sharp at 100 % and 200 % scaling.

``icon("key-round", widget)`` gives a QIcon drawn from the SVG in ``widget``'s text colour at the size and device pixel
ratio it is shown at (so 200 % scaling gets a sharp 2x pixmap), each size rendered once, when first shown. Icons are
cached per name and colour, so asking again is cheap; a widget whose palette changes (the system switched to dark)
asks again.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from smgov import resources

DISABLED_OPACITY = 0.4


@functools.cache
def _svg(name: str) -> bytes:
    return resources.read_bytes(f"icons/{name}.svg")


def exists(name: str) -> bool:
    """True when ``name`` is an icon smgov ships."""
    try:
        _svg(name)
    except FileNotFoundError:
        return False
    return True


def _colour(widget: QWidget | None, role: QPalette.ColorRole) -> QColor:
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return palette.color(role)


def render(name: str, size: int, colour: QColor, ratio: float = 1.0) -> QPixmap:
    """Icon ``name`` as a ``size``-point square pixmap in ``colour``, with ``ratio`` device pixels a point."""
    # Lucide strokes and fills with currentColor: give it the colour, then its alpha to the icon as a whole (strokes
    # overlap at their joins, so an alpha per stroke would show the joins darker).
    svg = _svg(name).replace(b"currentColor", colour.name(QColor.NameFormat.HexRgb).encode("ascii"))
    renderer = QSvgRenderer(QByteArray(svg))
    opaque = _blank(size, ratio)
    painter = QPainter(opaque)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    if colour.alpha() == 255:
        return opaque
    faded = _blank(size, ratio)
    painter = QPainter(faded)
    painter.setOpacity(colour.alphaF())
    painter.drawPixmap(0, 0, opaque)
    painter.end()
    return faded


def _blank(size: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap


class _TintedSvgEngine(QIconEngine):
    """Draws one icon in one colour, at whatever size and device pixel ratio is asked for, when it is asked for.

    Rendering every size up front would cost start-up about 5 ms an icon; this renders only what is shown.
    A disabled icon is the same shape, faded.
    """

    def __init__(self, name: str, colour: QColor) -> None:
        super().__init__()
        self._name = name
        self._colour = QColor(colour)
        self._made: dict[tuple[int, int, QIcon.Mode, float], QPixmap] = {}

    @override
    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._name, self._colour)

    @override
    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    @override
    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        key = (size.width(), size.height(), mode, scale)
        made = self._made.get(key)
        if made is None:
            colour = QColor(self._colour)
            if mode == QIcon.Mode.Selected:  # on the selection's highlight (the chosen section in the navigation)
                colour = QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText)
            if mode == QIcon.Mode.Disabled:
                colour.setAlphaF(colour.alphaF() * DISABLED_OPACITY)
            made = render(self._name, min(size.width(), size.height()), colour, scale)
            self._made[key] = made
        return made

    @override
    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, ratio))


@functools.lru_cache(maxsize=512)
def _icon(name: str, rgba: int) -> QIcon:
    _svg(name)  # a missing icon fails here, where it is asked for, not at paint time
    return QIcon(_TintedSvgEngine(name, QColor.fromRgba(rgba)))


def icon(name: str, widget: QWidget | None = None, role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> QIcon:
    """Icon ``name`` (a file stem under ``resources/icons``) in ``widget``'s text colour (the app's without one)."""
    return _icon(name, _colour(widget, role).rgba())


def pixmap(name: str, size: int, widget: QWidget, colour: QColor | None = None) -> QPixmap:
    """Icon ``name`` as one pixmap for a label, at ``widget``'s device pixel ratio."""
    return render(name, size, colour or _colour(widget, QPalette.ColorRole.WindowText), widget.devicePixelRatioF())
