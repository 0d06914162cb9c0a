"""Markers for the incident list and pane: an icon beside words, never colour alone (a safeguarding shield, a
clock for a response falling due, the critical sign for one overdue), drawn for light and dark palettes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle


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


_icons: dict[tuple[str, bool], QIcon] = {}


def marker_icon(kind: str) -> QIcon:
    """ "safeguarding", "overdue" or "due" (cached per light or dark palette)."""
    key = (kind, _is_dark())
    icon = _icons.get(key)
    if icon is None:
        icon = QIcon()
        if kind == "safeguarding":
            for size in (16, 24, 32):
                icon.addPixmap(safeguarding_pixmap(size))
        elif kind == "overdue":
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        else:
            colour = QColor("#8a5300") if not _is_dark() else QColor("#ffc857")
            for size in (16, 24, 32):
                icon.addPixmap(clock_pixmap(size, colour))
        _icons[key] = icon
    return icon
