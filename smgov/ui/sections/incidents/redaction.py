"""The redaction editor: draw boxes over names and faces, then save a redacted copy beside the original.

The copy is a new PNG with black boxes and no metadata, made by the service off the UI thread (through
:func:`~smgov.ui.frame.writes.run_write`); the original stays byte for byte as it was. The editor opens at 1080×760
where the screen has room and within the screen where it has not; the picture then scrolls or fits inside.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame import msgbox
from smgov.ui.frame.dialogs import Buttons
from smgov.ui.frame.forms import button
from smgov.ui.frame.widgets import plain_label
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.incidents.canvas import ImageView, LoadedImage, ZoomControls
from smgov.ui.sections.incidents.evidence_dialog import PictureDialog
from smgov.ui.sections.incidents.redaction_canvas import RedactionCanvas
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

INTRO = (
    "Drag over each name, face or detail to cover. The copy gets solid black boxes and no metadata; the original "
    "screenshot is kept exactly as it was."
)


class RedactionDialog(PictureDialog):
    """Draw boxes over a screenshot and save a redacted copy. Esc, Cancel or closing the window ask first when
    boxes were drawn.

    Signals:
        redacted(int): the copy was saved (its new evidence id).
    """

    redacted = Signal(int)
    preferred = QSize(1080, 760)

    def __init__(self, parent: QWidget, session: AppSession, item: EvidenceInfo, image: QImage | None = None) -> None:
        super().__init__(
            parent,
            session,
            item,
            f"Redact {item.title}",
            prefix="redaction",
            name="redaction-editor",
            intro=INTRO,
            buttons=Buttons.Save | Buttons.Cancel,
        )
        self._saving = False
        self.title_label.setObjectName("redaction-title")
        self.intro.setObjectName("redaction-intro")
        self.problem.setObjectName("redaction-problem")

        self.canvas = RedactionCanvas()
        self.view = ImageView(self.canvas)
        self.view.setObjectName("redaction-view")
        self.zoom = ZoomControls(self.view, "redaction", self)
        self.zoom_label = self.zoom.label
        self.undo_button = button("Undo last box", "redaction-undo", tooltip="Remove the last box drawn (Ctrl+Z)")
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = button("Clear all", "redaction-clear", tooltip="Remove every box")
        self.clear_button.clicked.connect(self.canvas.clear_boxes)
        self.count = plain_label("", wrap=False, name="redaction-count")
        self.count.setAccessibleName("Boxes drawn")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("999 boxes drawn") + 8)
        tools = QHBoxLayout()
        tools.setSpacing(6)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.clear_button)
        tools.addSpacing(10)
        tools.addWidget(self.count)
        tools.addStretch(1)
        tools.addWidget(self.zoom)
        self.body.addLayout(tools)
        self.body.addWidget(self.loading)
        self.body.addWidget(self.view, 1)

        save = self.buttons.button(Buttons.Save)
        assert save is not None and self.cancel_button is not None
        self.save_button = save
        self.save_button.setText("Save redacted copy")
        self.save_button.setObjectName("redaction-save")
        self.save_button.setAccessibleName("Save redacted copy")
        self.cancel_button.setObjectName("redaction-cancel")
        self.buttons.accepted.connect(self.save)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self).activated.connect(self.canvas.undo)
        self.canvas.boxes_changed.connect(self._boxes_changed)
        self._boxes_changed(0)
        if image is not None:
            self._show(image)
        else:
            self.load_picture()

    @override
    def show_picture(self, result: LoadedImage) -> None:
        self._show(result.image)

    def _show(self, image: QImage) -> None:
        self.view.set_image(image, QSize(self.item.width, self.item.height))
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

    def save(self) -> bool:
        """Save the redacted copy in the background (the original is not touched); True when the save started."""
        if self._saving or not self.session.is_unlocked:
            return False
        boxes = self.canvas.box_tuples()
        if not boxes:
            self.problem.show_error("Draw at least one box over what should be covered.")
            return False
        evidence_id = self.item.id

        def redact(workspace: Workspace) -> int:
            from smgov.data.services.evidence import redact as make_copy

            return make_copy(workspace, evidence_id, boxes)

        def done(new_id: int) -> None:
            log.info("redacted copy %s of evidence %s saved (%d boxes)", new_id, evidence_id, len(boxes))
            self.redacted.emit(new_id)
            self.canvas.boxes.clear()
            self.accept()

        self._set_saving(True)
        self.problem.clear()
        self.loading.setText("Saving the redacted copy…")
        self.loading.show()
        started = run_write(
            self,
            self.session,
            redact,
            done,
            changes=(Change.INCIDENTS,),
            on_refused=self._refused,
            on_finished=lambda: self._set_saving(False),
        )
        if not started:
            self._set_saving(False)
        return started

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        if not saving:
            self.loading.hide()
        self._boxes_changed(len(self.canvas.boxes))

    def _refused(self, exc: ValidationError) -> bool:
        self.problem.show_error(str(exc))
        return True

    @override
    def reject(self) -> None:
        """Esc, Cancel or the window's close: ask first when boxes were drawn and not saved."""
        if self._saving:
            return
        if not self.canvas.boxes:
            self._discard()
            return
        box = msgbox.ask(
            self,
            "Discard the boxes?",
            "The boxes you drew have not been saved as a redacted copy. Close and lose them?",
            self._discard,
            yes_text="Discard",
            no_text="Keep drawing",
        )
        box.setObjectName("redaction-discard-question")

    def cancel(self) -> None:
        self.reject()

    def _discard(self) -> None:
        super().reject()

    @override
    def forget(self) -> None:
        self.canvas.boxes.clear()
        self._saving = False
        super().forget()


__all__ = ["RedactionDialog"]
