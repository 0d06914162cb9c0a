"""The app's icons: Lucide line icons (ISC licence, ``resources/icons/LICENSE-lucide.txt``), drawn in the palette's
text colour so they read on light and dark themes, and sharp at 100 % and 200 % scaling.

``icon("key-round", widget)`` gives a QIcon whose pixmaps are rendered from the SVG at each common size, for device
pixel ratios 1 and 2, in ``widget``'s text colour. Icons are cached per name and colour, so asking again is cheap;
a widget whose palette changes (the system switched to dark) asks again.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from smgov import resources

SIZES = (16, 20, 24, 32, 48, 64)
RATIOS = (1.0, 2.0)


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
    # Lucide strokes and fills with currentColor: give it the colour (and its alpha) before rendering.
    svg = _svg(name).replace(b"currentColor", colour.name(QColor.NameFormat.HexRgb).encode("ascii"))
    renderer = QSvgRenderer(QByteArray(svg))
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setOpacity(colour.alphaF())
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


@functools.lru_cache(maxsize=512)
def _icon(name: str, rgba: int) -> QIcon:
    colour = QColor.fromRgba(rgba)
    result = QIcon()
    for size in SIZES:
        for ratio in RATIOS:
            result.addPixmap(render(name, size, colour, ratio))
    return result


def icon(name: str, widget: QWidget | None = None, role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> QIcon:
    """Icon ``name`` (a file stem under ``resources/icons``) in ``widget``'s text colour (the app's without one)."""
    return _icon(name, _colour(widget, role).rgba())


def pixmap(name: str, size: int, widget: QWidget, colour: QColor | None = None) -> QPixmap:
    """Icon ``name`` as one pixmap for a label, at ``widget``'s device pixel ratio."""
    return render(name, size, colour or _colour(widget, QPalette.ColorRole.WindowText), widget.devicePixelRatioF())
