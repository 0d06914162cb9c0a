"""Markers for the incident list and pane: an icon beside words, never colour alone (a safeguarding shield, a
clock for a response falling due, the critical sign for one overdue), drawn for light and dark palettes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle
from typing_extensions import override


def _palette_colour(role: QPalette.ColorRole) -> QColor:
    return QApplication.palette().color(role)


def _is_dark() -> bool:
    return _palette_colour(QPalette.ColorRole.Window).lightness() < 128


def safeguarding_pixmap(size: int, ratio: float = 1.0) -> QPixmap:
    """A shield with an exclamation mark, in the warning amber that reads on light and dark windows."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    amber = QColor("#c77700") if not _is_dark() else QColor("#ffc857")
    s = float(size)
    shield = QPainterPath()
    shield.moveTo(s * 0.5, s * 0.06)
    shield.lineTo(s * 0.88, s * 0.2)
    shield.cubicTo(s * 0.88, s * 0.58, s * 0.72, s * 0.8, s * 0.5, s * 0.95)
    shield.cubicTo(s * 0.28, s * 0.8, s * 0.12, s * 0.58, s * 0.12, s * 0.2)
    shield.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(amber)
    painter.drawPath(shield)
    mark = QColor("#ffffff") if not _is_dark() else QColor("#1f1f1f")
    pen = QPen(mark, max(1.5, s * 0.12))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(s * 0.5, s * 0.28), QPointF(s * 0.5, s * 0.56))
    painter.drawPoint(QPointF(s * 0.5, s * 0.74))
    painter.end()
    return pixmap


def clock_pixmap(size: int, colour: QColor, ratio: float = 1.0) -> QPixmap:
    """A small clock face in ``colour``: a response is due."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    pen = QPen(colour, max(1.4, s * 0.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(s * 0.1, s * 0.1, s * 0.8, s * 0.8))
    painter.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.5, s * 0.26))
    painter.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.68, s * 0.6))
    painter.end()
    return pixmap


class _DrawnEngine(QIconEngine):
    """A marker drawn at the size and device pixel ratio it is shown at (sharp at 200 % scaling, where a 20-point
    marker needs 40 pixels), each once."""

    def __init__(self, draw: Callable[[int, float], QPixmap]) -> None:
        super().__init__()
        self._draw = draw
        self._made: dict[tuple[int, float], QPixmap] = {}

    @override
    def clone(self) -> QIconEngine:
        return _DrawnEngine(self._draw)

    @override
    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    @override
    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        key = (min(size.width(), size.height()), scale)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._draw(key[0], scale)
        return made

    @override
    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, ratio))


_icons: dict[tuple[str, bool], QIcon] = {}


def marker_icon(kind: str) -> QIcon:
    """ "safeguarding", "overdue" or "due" (cached per light or dark palette)."""
    key = (kind, _is_dark())
    icon = _icons.get(key)
    if icon is None:
        if kind == "safeguarding":
            icon = QIcon(_DrawnEngine(safeguarding_pixmap))
        elif kind == "overdue":
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        else:
            colour = QColor("#8a5300") if not _is_dark() else QColor("#ffc857")
            icon = QIcon(_DrawnEngine(lambda size, ratio: clock_pixmap(size, colour, ratio)))
        _icons[key] = icon
    return icon
