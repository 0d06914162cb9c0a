"""Showing a screenshot at any zoom: the stored bytes read and decoded upright, a scrollable, zoomable view of it
and its zoom controls (buttons and keys; the wheel zooms only with Ctrl held over the image itself).

Images are decoded once, by the same code (Pillow) the evidence service uses, with EXIF orientation applied, and shown
from a copy at most DISPLAY_MAX_SIDE pixels a side (a 40-megapixel screenshot is never held at full size in Qt). The
canvas measures zoom and points in the stored image's own upright pixels, so a redaction box covers what it was drawn
over whatever the size of the copy on screen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QWidget
from typing_extensions import override

from smgov.data.errors import SmgovError, ValidationError
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame.forms import button
from smgov.ui.frame.widgets import plain_label

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25


def decode_upright(data: bytes, max_side: int | None = None) -> tuple[QImage, QSize]:
    """The stored bytes as an upright image of at most ``max_side`` (default DISPLAY_MAX_SIDE) pixels a side for
    the screen, and the upright size of the stored image itself (runs off the UI thread). Decoded once, by Pillow,
    a JPEG at a reduced scale.

    Raises:
        SmgovError: the image cannot be shown.
    """
    from smgov.data.images import DISPLAY_MAX_SIDE, display_image  # Pillow: only once a picture is opened

    try:
        shown = display_image(data, max_side or DISPLAY_MAX_SIDE)
    except ValidationError as exc:
        raise SmgovError("This screenshot cannot be shown. Its bytes are kept as they were added.") from exc
    width, height = shown.info["full_size"]
    alpha = shown.mode == "RGBA"
    raw = shown.tobytes()
    channels = 4 if alpha else 3
    image = QImage(
        raw,
        shown.width,
        shown.height,
        shown.width * channels,
        QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888,
    )
    wanted = QImage.Format.Format_ARGB32_Premultiplied if alpha else QImage.Format.Format_RGB32
    converted = image.convertToFormat(wanted)  # a copy: it no longer points into ``raw``
    if converted.isNull():
        raise SmgovError("This screenshot cannot be shown. Its bytes are kept as they were added.")
    return converted, QSize(width, height)


@dataclass(frozen=True)
class LoadedImage:
    image: QImage  # for the screen: at most DISPLAY_MAX_SIDE pixels a side
    size: QSize  # the stored image's upright size, the pixels zoom and redaction boxes are measured in
    intact: bool  # the stored bytes still have their recorded SHA-256


def load_image(workspace: Workspace, item: EvidenceInfo) -> LoadedImage:
    """The evidence's bytes, read only now, checked against their SHA-256 and decoded upright (off the UI thread)."""
    from smgov.data.services.evidence import get_evidence_bytes

    data = get_evidence_bytes(workspace, item.id)
    intact = hashlib.sha256(data).hexdigest() == item.sha256
    image, size = decode_upright(data)
    return LoadedImage(image, size, intact)


class ImageCanvas(QWidget):
    """The image painted at ``zoom``; the widget is exactly the size of the zoomed image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("image-canvas")
        self.pixmap: QPixmap | None = None
        self.full_size = QSize(0, 0)  # the stored image's pixels: the pixmap may be a smaller copy of it
        self.zoom = 1.0
        self._scaled: QPixmap | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def set_image(self, image: QImage | None, size: QSize | None = None) -> None:
        """Show ``image``, a copy (perhaps smaller) of a picture of ``size`` pixels (default: the image's own)."""
        self.pixmap = QPixmap.fromImage(image) if image is not None and not image.isNull() else None
        self.full_size = QSize(0, 0) if self.pixmap is None else QSize(size or self.pixmap.size())
        self._scaled = None
        self._resize()

    def image_size(self) -> QSize:
        return self.full_size

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._scaled = None
        self._resize()

    def _resize(self) -> None:
        size = self.image_size()
        self.resize(max(1, round(size.width() * self.zoom)), max(1, round(size.height() * self.zoom)))
        self.update()

    @override
    def sizeHint(self) -> QSize:
        return self.size()

    def to_image(self, point: QPointF | QPoint) -> QPointF:
        """A point on the widget in the image's own pixels (clamped to the image)."""
        size = self.image_size()
        x = min(max(point.x() / self.zoom, 0.0), float(size.width()))
        y = min(max(point.y() / self.zoom, 0.0), float(size.height()))
        return QPointF(x, y)

    def to_widget(self, rect: QRectF) -> QRectF:
        z = self.zoom
        return QRectF(rect.x() * z, rect.y() * z, rect.width() * z, rect.height() * z)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.pixmap is None:
            painter.end()
            return
        exposed = event.rect()
        if self.zoom < 1.0:
            scaled = self.scaled_copy()
            ratio = scaled.devicePixelRatio()
            source = QRectF(exposed.x() * ratio, exposed.y() * ratio, exposed.width() * ratio, exposed.height() * ratio)
            painter.drawPixmap(QRectF(exposed), scaled, source)  # (a pixmap's source rect is in its own pixels)
        else:
            # Only the exposed part, magnified: a whole screenshot at 400% would take gigabytes.
            z = self.zoom * self.full_size.width() / max(1, self.pixmap.width())  # widget px per pixmap px
            source = QRectF(exposed.x() / z, exposed.y() / z, exposed.width() / z, exposed.height() / z)
            painter.drawPixmap(QRectF(exposed), self.pixmap, source)
        self.paint_over(painter)
        painter.end()

    def scaled_copy(self) -> QPixmap:
        """The picture shrunk to the widget's size in device pixels (twice its points at 200 % scaling, so it is
        as sharp as the screen allows), made once per zoom level and kept: scaling a large screenshot on every
        paint would be slow."""
        assert self.pixmap is not None
        ratio = self.devicePixelRatioF()
        if self._scaled is None or self._scaled.devicePixelRatio() != ratio:
            wanted = QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
            self._scaled = self.pixmap.scaled(
                wanted, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            self._scaled.setDevicePixelRatio(ratio)
        return self._scaled

    def paint_over(self, painter: QPainter) -> None:
        """Draw on top of the image (the redaction editor's boxes)."""


class ImageView(QScrollArea):
    """A zoomable, scrollable image: Fit, 100%, zoom in and out (buttons, +/- keys, Ctrl+wheel).

    Signals:
        zoom_changed(float): the zoom now shown (1.0 is 100%).
    """

    zoom_changed = Signal(float)

    def __init__(self, canvas: ImageCanvas | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("image-view")
        self.setAccessibleName("Screenshot")
        self.canvas = canvas or ImageCanvas()
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.fitting = True

    def set_image(self, image: QImage | None, size: QSize | None = None) -> None:
        self.canvas.set_image(image, size)
        self.fit()

    def fit_zoom(self) -> float:
        size = self.canvas.image_size()
        if size.isEmpty():
            return 1.0
        area = self.viewport().size()
        return min(1.0, (area.width() - 4) / size.width(), (area.height() - 4) / size.height())

    def fit(self) -> None:
        self.fitting = True
        self._apply(self.fit_zoom(), None)

    def actual_size(self) -> None:
        self.fitting = False
        self._apply(1.0, None)

    def zoom_in(self) -> None:
        self.fitting = False
        self._apply(self.canvas.zoom * ZOOM_STEP, None)

    def zoom_out(self) -> None:
        self.fitting = False
        self._apply(self.canvas.zoom / ZOOM_STEP, None)

    def _apply(self, zoom: float, anchor: QPointF | None) -> None:
        """Zoom, keeping the image point under ``anchor`` (viewport coordinates; default the middle) in place."""
        old = self.canvas.zoom
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        on_canvas = QPointF(
            anchor.x() + h.value() - self.canvas.x() * (h.maximum() == 0),
            anchor.y() + v.value() - self.canvas.y() * (v.maximum() == 0),
        )
        image_point = QPointF(on_canvas.x() / old, on_canvas.y() / old)
        self.canvas.set_zoom(zoom)
        new = self.canvas.zoom
        h.setValue(round(image_point.x() * new - anchor.x()))
        v.setValue(round(image_point.y() * new - anchor.y()))
        self.zoom_changed.emit(new)

    @override
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.fitting = False
                self._apply(self.canvas.zoom * (ZOOM_STEP**steps), event.position())
            event.accept()
            return
        super().wheelEvent(event)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self._apply(self.fit_zoom(), None)


def zoom_text(zoom: float) -> str:
    return f"{round(zoom * 100)}%"


def rect_from_points(a: QPointF, b: QPointF) -> QRectF:
    return QRectF(a, b).normalized()


class ZoomControls(QWidget):
    """Fit, 100%, − and + buttons with the zoom shown between them; +, -, 0 and F do the same in ``owner``'s window.

    Buttons only: nothing here changes under the mouse wheel (Ctrl+wheel over the image zooms, as the view does).
    """

    def __init__(self, view: ImageView, prefix: str, owner: QWidget) -> None:
        super().__init__()
        self.setObjectName(f"{prefix}-zoom-controls")
        self.fit = button("Fit", f"{prefix}-fit", "Fit", "Show the whole screenshot (F)")
        self.actual = button("100%", f"{prefix}-actual", "Actual size", "Show the screenshot pixel for pixel (0)")
        self.smaller = button("−", f"{prefix}-zoom-out", "Zoom out", "Zoom out (-)")
        self.bigger = button("+", f"{prefix}-zoom-in", "Zoom in", "Zoom in (+)")
        for small in (self.smaller, self.bigger):
            small.setFixedWidth(small.fontMetrics().horizontalAdvance("+") + 28)
        self.label = plain_label(zoom_text(view.canvas.zoom), wrap=False, name=f"{prefix}-zoom")
        self.label.setAccessibleName("Zoom")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("800%") + 8)
        self.fit.clicked.connect(view.fit)
        self.actual.clicked.connect(view.actual_size)
        self.smaller.clicked.connect(view.zoom_out)
        self.bigger.clicked.connect(view.zoom_in)
        view.zoom_changed.connect(lambda zoom: self.label.setText(zoom_text(zoom)))
        for keys, slot in (
            (("+", "=", QKeySequence.StandardKey.ZoomIn), view.zoom_in),
            (("-", QKeySequence.StandardKey.ZoomOut), view.zoom_out),
            (("0", "Ctrl+0"), view.actual_size),
            (("F",), view.fit),
        ):
            for key in keys:
                QShortcut(QKeySequence(key), owner).activated.connect(slot)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for widget in (self.fit, self.actual, self.smaller, self.label, self.bigger):
            row.addWidget(widget)


__all__ = [
    "ImageCanvas",
    "ImageView",
    "LoadedImage",
    "ZoomControls",
    "decode_upright",
    "load_image",
    "rect_from_points",
    "zoom_text",
]
