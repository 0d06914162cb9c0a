"""The redaction editor: draw boxes over names and faces, then save a redacted copy beside the original.

Boxes are kept in the image's own upright pixels (whatever the zoom), which is what the evidence service's
``redact`` takes. The copy is a new PNG with black boxes and no metadata; the original stays byte for byte as it was.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.errors import SmgovError, ValidationError, WorkspaceLocked
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame import msgbox, operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.widgets import FieldError, heading_label, plain_label
from smgov.ui.sections.incidents.canvas import ImageCanvas, ImageView, rect_from_points
from smgov.ui.sections.incidents.common import button
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

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


class RedactionDialog(QDialog):
    """Draw boxes over a screenshot and save a redacted copy. Esc cancels (asking when boxes were drawn).

    Signals:
        redacted(int): the copy was saved (its new evidence id).
    """

    redacted = Signal(int)

    def __init__(self, parent: QWidget, session: AppSession, item: EvidenceInfo, image: QImage | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redaction-editor")
        self.session = session
        self.item = item
        self._saving = False
        self._closed = False
        self.setWindowTitle(f"Redact {item.title}")

        self.canvas = RedactionCanvas()
        self.view = ImageView(self.canvas)
        self.view.setObjectName("redaction-view")
        from smgov.ui.sections.incidents.evidence import zoom_buttons

        zooms, self.zoom_label = zoom_buttons(self.view, "redaction", self)
        self.undo_button = button("Undo last box", "redaction-undo", "Remove the last box drawn (Ctrl+Z)")
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = button("Clear all", "redaction-clear", "Remove every box")
        self.clear_button.clicked.connect(self.canvas.clear_boxes)
        self.count = plain_label("", wrap=False, name="redaction-count")
        self.count.setAccessibleName("Boxes drawn")
        tools = QHBoxLayout()
        tools.setSpacing(6)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.clear_button)
        tools.addSpacing(10)
        tools.addWidget(self.count)
        tools.addStretch(1)
        tools.addLayout(zooms)

        intro = plain_label(
            "Drag over each name, face or detail to cover. The copy gets solid black boxes and no metadata; the "
            "original screenshot is kept exactly as it was.",
            name="redaction-intro",
        )
        self.loading = plain_label("Opening the screenshot…", name="redaction-loading")
        self.problem = FieldError(name="redaction-problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save redacted copy")
        self.save_button.setObjectName("redaction-save")
        self.save_button.setAccessibleName("Save redacted copy")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("redaction-cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(heading_label(f"Redact {item.title}", name="redaction-title"))
        layout.addWidget(intro)
        layout.addLayout(tools)
        layout.addWidget(self.loading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.activated.connect(self.canvas.undo)
        self.canvas.boxes_changed.connect(self._boxes_changed)
        self._boxes_changed(0)
        self.resize(1080, 760)
        if image is not None:
            self._show(image)
        else:
            self._load()

    def _load(self) -> None:
        from smgov.ui.sections.incidents.evidence import load_image

        workspace = self.session.workspace
        item = self.item

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WorkspaceLocked) or self._closed:
                return
            self.loading.setText(str(exc) if isinstance(exc, SmgovError) else "This screenshot cannot be shown.")
            if not isinstance(exc, SmgovError):
                show_error(self, exc)

        operations.run_in_background(
            self, lambda: load_image(workspace, item), lambda result: self._show(result.image), failed
        )

    def _show(self, image: QImage) -> None:
        if self._closed or not self.session.is_unlocked:
            return
        self.view.set_image(image)
        self.loading.hide()
        self._boxes_changed(len(self.canvas.boxes))

    def _boxes_changed(self, count: int) -> None:
        self.count.setText(
            "No boxes yet" if count == 0 else f"{count} box drawn" if count == 1 else f"{count} boxes drawn"
        )
        self.undo_button.setEnabled(count > 0 and not self._saving)
        self.clear_button.setEnabled(count > 0 and not self._saving)
        self.save_button.setEnabled(count > 0 and not self._saving and self.canvas.pixmap is not None)
        if count:
            self.problem.clear()

    def save(self) -> None:
        """Save the redacted copy in the background; the original is not touched."""
        if self._saving or not self.session.is_unlocked:
            return
        boxes = self.canvas.box_tuples()
        if not boxes:
            self.problem.show_error("Draw at least one box over what should be covered.")
            return
        self._saving = True
        self._boxes_changed(len(boxes))
        self.problem.clear()
        self.loading.setText("Saving the redacted copy…")
        self.loading.show()
        workspace = self.session.workspace
        evidence_id = self.item.id

        def redact() -> int:
            from smgov.data.services.evidence import redact as make_copy

            return make_copy(workspace, evidence_id, boxes)

        def done(new_id: int) -> None:
            self._saving = False
            log.info("redacted copy %s of evidence %s saved (%d boxes)", new_id, evidence_id, len(boxes))
            self.redacted.emit(new_id)
            self.canvas.boxes.clear()
            self.accept()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.loading.hide()
            self._boxes_changed(len(self.canvas.boxes))
            if isinstance(exc, ValidationError):
                self.problem.show_error(str(exc))
            elif not isinstance(exc, WorkspaceLocked):
                show_error(self, exc)

        operations.run_in_background(self, redact, done, failed)

    def cancel(self) -> None:
        if not self.canvas.boxes or self._saving:
            if not self._saving:
                self.reject()
            return
        box = msgbox.ask(
            self,
            "Discard the boxes?",
            "The boxes you drew have not been saved as a redacted copy. Close and lose them?",
            self.reject,
            yes_text="Discard",
            no_text="Keep drawing",
        )
        box.setObjectName("redaction-discard-question")

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    @override
    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def force_close(self) -> None:
        """Drop the picture and the boxes and close (the workspace is locking)."""
        self.canvas.boxes.clear()
        self.view.set_image(None)
        self.reject()
