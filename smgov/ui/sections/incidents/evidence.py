"""Screenshots kept as evidence: the Evidence tab of an incident, with its thumbnails and the ways in and out.

The pieces live beside it: the pictures on their way in (:mod:`.evidence_incoming`), adding them off the UI thread
(:mod:`.evidence_adding`), the thumbnail grid (:mod:`.evidence_model`), the viewer (:mod:`.viewer`), the redaction
editor (:mod:`.redaction`) and saving a copy for sharing (:mod:`.evidence_sharing`).

The grid reads only thumbnails (one query per incident, in the background, when an incident is shown): a full
screenshot is read when it is opened, never for the list, so a workspace with thousands of screenshots opens as fast
as an empty one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from smgov.data.errors import WorkspaceLocked
from smgov.data.models import EvidenceSource
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame import operations, pdf_output
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, hint_label
from smgov.ui.frame.widgets import FieldError, busy_bar, plain_label
from smgov.ui.sections.incidents.evidence_adding import EvidenceAdder
from smgov.ui.sections.incidents.evidence_incoming import (
    IMAGE_FILTER,
    Incoming,
    can_take,
    files_incoming,
    image_png_bytes,
    incoming_from_mime,
)
from smgov.ui.sections.incidents.evidence_model import EvidenceModel, evidence_grid
from smgov.ui.sections.incidents.evidence_sharing import save_copy_for_sharing
from smgov.ui.sections.incidents.redaction import RedactionDialog
from smgov.ui.sections.incidents.viewer import EvidenceViewer
from smgov.ui.shell.session import AppSession

NO_PICTURE = (
    "The clipboard holds no picture. Copy the screenshot first (for example with Windows key + Shift + S, or "
    "right-click the picture and Copy image), then paste it here."
)
NOT_A_PICTURE = "Only pictures can be dropped here: screenshot files or images from a browser."


class EvidencePanel(QWidget):
    """The Evidence tab: add screenshots, see them as thumbnails, open, redact or save a copy for sharing.

    Signals:
        evidence_changed(int): evidence was added or a redacted copy made for this incident (its id).
        busy_changed(bool): an add started or all adds finished.
    """

    evidence_changed = Signal(int)
    busy_changed = Signal(bool)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence-panel")
        self.session = session
        self.incident_id: int | None = None
        self.reference = ""
        self._generation = 0
        self._select_after_load: int | None = None
        self.dialogs: set[QDialog] = set()
        self.adder = EvidenceAdder(self, session)
        self.adder.busy_changed.connect(self._set_busy)
        self.adder.added.connect(self._added)
        self.adder.finished.connect(self._adding_finished)

        self.add_button = button(
            "Add from file…", "evidence-add-file", tooltip="Choose screenshot files to add (PNG, JPEG, GIF, BMP, WebP)"
        )
        self.add_button.clicked.connect(self.add_from_file)
        self.paste_button = button("Paste", "evidence-paste", "Paste", "Add the picture on the clipboard (Ctrl+V)")
        self.paste_button.clicked.connect(self.paste)
        self.view_button = button("View…", "evidence-view", tooltip="Open the screenshot with zoom and its details")
        self.view_button.clicked.connect(self.view_current)
        self.redact_button = button(
            "Redact…", "evidence-redact", tooltip="Cover names and faces in a copy; the original stays as it is"
        )
        self.redact_button.clicked.connect(self.redact_current)
        self.share_button = button(
            "Copy for sharing…", "evidence-share", tooltip="Save a copy as PNG, without EXIF or location data"
        )
        self.share_button.clicked.connect(self.share_current)
        self.busy = busy_bar("Adding evidence", name="evidence-busy")
        tools = QHBoxLayout()
        tools.setSpacing(6)
        for widget in (self.add_button, self.paste_button, self.busy):
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.view_button, self.redact_button, self.share_button):
            tools.addWidget(widget)

        self.hint = hint_label(
            "Paste a screenshot with Ctrl+V or drop image files anywhere on the incident. Double-click one to open it.",
            name="evidence-hint",
        )
        self.problem = FieldError(name="evidence-problem")
        self.status = plain_label("", name="evidence-status")
        self.status.setAccessibleName("Evidence messages")
        self.status.hide()

        self.model = EvidenceModel(self)
        self.grid = evidence_grid(self.model)
        self.grid.activated.connect(lambda _index: self.view_current())
        self.grid.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        self.empty = plain_label(
            "No screenshots yet.\n\nPaste one with Ctrl+V, drag image files here, or choose Add from file….",
            name="evidence-empty",
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.grid)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(tools)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addWidget(self.stack, 1)
        self._update_buttons()

    # -- showing ---------------------------------------------------------------------------------------------------

    def show_incident(self, incident_id: int | None, reference: str = "") -> None:
        """Show ``incident_id``'s evidence (thumbnails load in the background)."""
        if incident_id != self.incident_id:
            self._say("")
            self.model.clear()
        self.incident_id = incident_id
        self.reference = reference
        self.reload()

    def reload(self) -> None:
        """Read the incident's evidence and thumbnails again, in the background (never the pictures themselves)."""
        self._generation += 1
        generation = self._generation
        incident_id = self.incident_id
        if incident_id is None or not self.session.is_unlocked:
            self.model.clear()
            self._update_buttons()
            return
        workspace = self.session.workspace

        def load() -> tuple[list[EvidenceInfo], dict[int, QImage]]:
            from smgov.data.services.evidence import list_evidence, thumbnails

            items = list_evidence(workspace, incident_id)
            shown = {item.id for item in items}
            small = thumbnails(workspace, incident_id)
            return items, {eid: QImage.fromData(data) for eid, data in small.items() if eid in shown}

        def loaded(result: tuple[list[EvidenceInfo], dict[int, QImage]]) -> None:
            if generation != self._generation or not self.session.is_unlocked:
                return
            current = self.current_item()
            self.model.set_items(*result)
            wanted, self._select_after_load = self._select_after_load, None
            if wanted is None and current is not None:
                wanted = current.id
            if wanted is not None:
                self.select_evidence(wanted)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            if generation == self._generation and self.session.is_unlocked and not isinstance(exc, WorkspaceLocked):
                show_error(self, exc)

        operations.run_in_background(self, load, loaded, failed)

    def clear(self) -> None:
        """Forget everything shown and close the dialogs (the workspace locked)."""
        self._generation += 1
        self.incident_id = None
        self.reference = ""
        self.adder.cancel()
        self.model.clear()
        self._say("")
        for dialog in list(self.dialogs):
            if isinstance(dialog, EvidenceViewer | RedactionDialog):
                dialog.force_close()
            else:
                dialog.reject()
        self.dialogs.clear()
        self._update_buttons()

    def current_item(self) -> EvidenceInfo | None:
        index = self.grid.currentIndex()
        return self.model.items[index.row()] if index.isValid() and index.row() < len(self.model.items) else None

    def select_evidence(self, evidence_id: int) -> None:
        row = self.model.row_of(evidence_id)
        if row is not None:
            self.grid.setCurrentIndex(self.model.index(row, 0))

    def _update_buttons(self) -> None:
        has_incident = self.incident_id is not None and self.session.is_unlocked
        chosen = self.current_item() is not None and has_incident
        self.add_button.setEnabled(has_incident and not self.adder.is_busy())
        self.paste_button.setEnabled(has_incident and not self.adder.is_busy())
        for widget in (self.view_button, self.redact_button, self.share_button):
            widget.setEnabled(chosen)
        self.stack.setCurrentWidget(self.grid if self.model.items else self.empty)

    def _say(self, status: str, problem: str = "") -> None:
        """Show what happened above the grid: ``status`` for what worked, ``problem`` for what did not."""
        self.problem.show_error(problem)
        self.status.setText(status)
        self.status.setVisible(bool(status))

    # -- adding ------------------------------------------------------------------------------------------------

    def add_from_file(self) -> None:
        if self.incident_id is None:
            return
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Add screenshots", str(pdf_output.default_folder()), IMAGE_FILTER
        )
        self.add(files_incoming(names))

    def paste(self) -> bool:
        """Add the picture on the clipboard. False (with a message) when there is none."""
        if self.incident_id is None:
            return False
        items = incoming_from_mime(QGuiApplication.clipboard().mimeData(), EvidenceSource.CLIPBOARD)
        if not items:
            self._say("", NO_PICTURE)
            return False
        self.add(items)
        return True

    def take_mime(self, mime: QMimeData | None) -> bool:
        """Add what was dropped on the incident."""
        if self.incident_id is None:
            return False
        items = incoming_from_mime(mime, EvidenceSource.DRAG_AND_DROP)
        if not items:
            self._say("", NOT_A_PICTURE)
            return False
        self.add(items)
        return True

    def add(self, items: list[Incoming]) -> None:
        """Add pictures one after another, off the UI thread; the messages show when the last is done."""
        if self.incident_id is None or not items:
            return
        if not self.adder.is_busy():
            self._say("")
        self.adder.add(self.incident_id, items)

    def is_adding(self) -> bool:
        return self.adder.is_busy()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self._update_buttons()
        self.busy_changed.emit(busy)

    def _added(self, incident_id: int) -> None:
        if incident_id == self.incident_id:
            self.reload()
        self.evidence_changed.emit(incident_id)

    def _adding_finished(self, incident_id: int, added: list[str], refused: list[str]) -> None:
        if incident_id == self.incident_id:
            self._say(" ".join(added), "\n".join(refused))

    # -- opening -------------------------------------------------------------------------------------------------

    def _keep(self, dialog: QDialog) -> None:
        self.dialogs.add(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.dialogs.discard(dialog))
        dialog.open()

    def view_current(self) -> EvidenceViewer | None:
        """Open the chosen screenshot in the viewer (its picture is read now, in the background)."""
        item = self.current_item()
        if item is None or not self.session.is_unlocked:
            return None
        viewer = EvidenceViewer(self, self.session, item, self.reference)
        viewer.redact_requested.connect(self.redact)
        viewer.share_requested.connect(self.share)
        self._keep(viewer)
        return viewer

    def redact_current(self) -> RedactionDialog | None:
        item = self.current_item()
        return self.redact(item) if item is not None else None

    def redact(self, item: EvidenceInfo, image: QImage | None = None) -> RedactionDialog | None:
        """Open the redaction editor on ``item`` (with the viewer's ``image``, or reading it again)."""
        if not self.session.is_unlocked:
            return None
        editor = RedactionDialog(self, self.session, item, image)
        editor.redacted.connect(self._redacted)
        self._keep(editor)
        return editor

    def _redacted(self, new_id: int) -> None:
        self._say("The redacted copy is saved beside the original, which is unchanged.")
        self._select_after_load = new_id
        self.reload()
        if self.incident_id is not None:
            self.evidence_changed.emit(self.incident_id)

    def share_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.share(item)

    def share(self, item: EvidenceInfo, dest: Path | None = None) -> None:
        save_copy_for_sharing(self, self.session, item, self.reference, dest, self._shared)

    def _shared(self, path: Path) -> None:
        self._say(f"Saved {path.name}: a PNG with no EXIF or location data.")


__all__ = [
    "EvidencePanel",
    "EvidenceViewer",
    "Incoming",
    "RedactionDialog",
    "can_take",
    "image_png_bytes",
    "incoming_from_mime",
    "save_copy_for_sharing",
]
