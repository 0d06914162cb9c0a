"""The redaction editor's canvas: the screenshot with the boxes drawn over it, kept in the image's own upright pixels
(whatever the zoom), which is what the evidence service's ``redact`` takes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from smgov.ui.sections.incidents.canvas import ImageCanvas, rect_from_points

MIN_BOX = 2.0  # pixels of the image: a click without a drag draws nothing


class RedactionCanvas(ImageCanvas):
    """The image with the boxes drawn so far (solid black, as the copy will have them) and the one being drawn.

    Signals:
        boxes_changed(int): the number of boxes now drawn.
    """

    boxes_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redaction-canvas")
        self.setAccessibleName("Screenshot: drag to draw a box over what to cover")
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMouseTracking(False)
        self.boxes: list[QRectF] = []
        self._start: QPointF | None = None
        self._current: QRectF | None = None

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.pixmap is not None:
            self._start = self.to_image(event.position())
            self._current = QRectF(self._start, self._start)
            event.accept()
            return
        super().mousePressEvent(event)

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._current = rect_from_points(self._start, self.to_image(event.position()))
            self.update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._start is not None:
            box = rect_from_points(self._start, self.to_image(event.position()))
            self._start, self._current = None, None
            if box.width() >= MIN_BOX and box.height() >= MIN_BOX:
                self.add_box(box)
            self.update()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def add_box(self, box: QRectF) -> None:
        self.boxes.append(box)
        self.update()
        self.boxes_changed.emit(len(self.boxes))

    def undo(self) -> None:
        if self.boxes:
            self.boxes.pop()
            self.update()
            self.boxes_changed.emit(len(self.boxes))

    def clear_boxes(self) -> None:
        if self.boxes:
            self.boxes.clear()
            self.update()
            self.boxes_changed.emit(0)

    def box_tuples(self) -> list[tuple[int, int, int, int]]:
        """The boxes as (x, y, width, height) in the image's upright pixels, grown to whole pixels (so a box
        never covers less than was drawn)."""
        result = []
        for box in self.boxes:
            left, top = int(box.left()), int(box.top())
            right, bottom = -int(-box.right() // 1), -int(-box.bottom() // 1)
            result.append((left, top, max(1, right - left), max(1, bottom - top)))
        return result

    @override
    def paint_over(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        edge = QPen(self.palette().color(QPalette.ColorRole.Highlight), 1)
        for box in self.boxes:
            shown = self.to_widget(box)
            painter.fillRect(shown, QColor(0, 0, 0))
            painter.setPen(edge)
            painter.drawRect(shown)
        if self._current is not None:
            shown = self.to_widget(self._current)
            painter.fillRect(shown, QColor(0, 0, 0, 150))
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(shown)


__all__ = ["MIN_BOX", "RedactionCanvas"]
