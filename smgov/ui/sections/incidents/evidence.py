"""Screenshots kept as evidence: the thumbnail grid of an incident, adding (file, drag and drop, Ctrl+V), the viewer
and saving a copy for sharing.

The grid reads only thumbnails (one query per incident, in the background): a full screenshot is read when it is
opened in the viewer, never for the list. Pasted pictures are turned into PNG bytes in memory; nothing is ever
written to a temporary file. Every add runs in the background and the service checks the image: a broken,
truncated, oversized or "bomb" image is refused with its message shown above the grid, and nothing is added.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QListView,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import SmgovError, ValidationError, WorkspaceLocked
from smgov.data.models import EvidenceSource
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame import operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.widgets import FieldError, heading_label, plain_label
from smgov.ui.sections.incidents.canvas import ImageView, decode_upright, zoom_text
from smgov.ui.sections.incidents.common import button, hint, school_time_text, value_label
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".jfif", ".gif", ".bmp", ".webp"}
RAW_IMAGE_FORMATS = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp")
THUMB = QSize(168, 120)
InfoRole = Qt.ItemDataRole.UserRole + 10


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def image_png_bytes(image: QImage) -> bytes:
    """A picture from the clipboard as PNG bytes, in memory (never a temporary file)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs ask for bytes; PySide6 takes str
        buffer.close()
        raise ValidationError("The picture on the clipboard could not be read. Copy it again.", field="evidence")
    buffer.close()
    return bytes(array.data())


@dataclass(frozen=True)
class Incoming:
    """One picture on its way in: a file to read, raw bytes, or a clipboard image to turn into PNG (off the UI
    thread, in :meth:`read`)."""

    source: EvidenceSource
    name: str = ""
    path: Path | None = None
    data: bytes | None = None
    image: QImage | None = None

    @property
    def label(self) -> str:
        return self.name or ("The pasted picture" if self.source is EvidenceSource.CLIPBOARD else "The picture")

    def read(self) -> bytes:
        from smgov.data.images import MAX_EVIDENCE_BYTES

        if self.data is not None:
            return self.data
        if self.image is not None:
            return image_png_bytes(self.image)
        assert self.path is not None
        try:
            size = self.path.stat().st_size
            if size > MAX_EVIDENCE_BYTES:
                raise ValidationError(
                    f"The screenshot is {size / (1024 * 1024):.0f} MB; smgov takes images up to "
                    f"{MAX_EVIDENCE_BYTES // (1024 * 1024)} MB. Crop it or save it as JPEG, then add it again.",
                    field="evidence",
                )
            return self.path.read_bytes()
        except OSError as exc:
            raise SmgovError(f"{self.path.name} cannot be read ({exc.strerror or type(exc).__name__}).") from exc


def incoming_from_mime(mime: QMimeData | None, source: EvidenceSource) -> list[Incoming]:
    """The pictures in dropped or pasted data: image files first, then an image's own bytes (as a browser copies
    them, kept byte for byte), then a picture (a screenshot tool's), which becomes a PNG."""
    if mime is None:
        return []
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if files:
        return [Incoming(source, path.name, path=path) for path in files]
    for fmt in RAW_IMAGE_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt).data())
            if data:
                extension = fmt.split("/")[1].replace("jpeg", "jpg")
                return [
                    Incoming(source, f"pasted.{extension}" if source is EvidenceSource.CLIPBOARD else "", data=data)
                ]
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QPixmap):
            image = image.toImage()
        if isinstance(image, QImage) and not image.isNull():
            return [Incoming(source, image=image.copy())]
    return []


def can_take(mime: QMimeData | None) -> bool:
    """Whether dropped data may hold a picture (the service says for sure)."""
    if mime is None:
        return False
    if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
        return True
    return mime.hasImage() or any(mime.hasFormat(fmt) for fmt in RAW_IMAGE_FORMATS)


# -- the grid ----------------------------------------------------------------------------------------------------


class EvidenceModel(QAbstractListModel):
    """An incident's evidence with thumbnails (made into pixmaps on the UI thread)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[EvidenceInfo] = []
        self.icons: dict[int, QIcon] = {}

    def set_items(self, items: list[EvidenceInfo], thumbnails: dict[int, QImage]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.icons = {eid: QIcon(QPixmap.fromImage(image)) for eid, image in thumbnails.items() if not image.isNull()}
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([], {})

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icons.get(item.id)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return (
                f"{item.title}\n{item.width} × {item.height} pixels, {size_text(item.size_bytes)}\n"
                f"{item.source.label}, added {school_time_text(item.added_at)} by {item.added_by}"
            )
        if role == InfoRole:
            return item
        return None


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
        self._queue: list[Incoming] = []
        self._adding = False
        self._added: list[str] = []
        self._refused: list[str] = []
        self._select_after_load: int | None = None
        self.dialogs: set[QDialog] = set()

        self.add_button = button(
            "Add from file…", "evidence-add-file", "Choose screenshot files to add (PNG, JPEG, GIF, BMP or WebP)"
        )
        self.add_button.clicked.connect(self.add_from_file)
        self.paste_button = button("Paste (Ctrl+V)", "evidence-paste", "Add the picture on the clipboard")
        self.paste_button.clicked.connect(self.paste)
        self.view_button = button("View…", "evidence-view", "Open the screenshot with zoom and its details")
        self.view_button.clicked.connect(self.view_current)
        self.redact_button = button(
            "Redact…", "evidence-redact", "Cover names and faces in a copy; the original stays as it is"
        )
        self.redact_button.clicked.connect(self.redact_current)
        self.share_button = button(
            "Save a copy for sharing…", "evidence-share", "Save a PNG without EXIF or location data where you choose"
        )
        self.share_button.clicked.connect(self.share_current)
        self.busy = QProgressBar()
        self.busy.setObjectName("evidence-busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(90)
        self.busy.setAccessibleName("Adding evidence")
        self.busy.hide()
        tools = QHBoxLayout()
        tools.setSpacing(6)
        for widget in (self.add_button, self.paste_button):
            tools.addWidget(widget)
        tools.addWidget(self.busy)
        tools.addStretch(1)
        for widget in (self.view_button, self.redact_button, self.share_button):
            tools.addWidget(widget)

        self.hint = hint(
            "Paste a screenshot with Ctrl+V or drop image files anywhere on the incident. Double-click one to open it.",
            name="evidence-hint",
        )
        self.problem = FieldError(name="evidence-problem")
        self.status = plain_label("", name="evidence-status")
        self.status.setAccessibleName("Evidence messages")
        self.status.hide()

        self.model = EvidenceModel(self)
        self.grid = QListView()
        self.grid.setObjectName("evidence-grid")
        self.grid.setAccessibleName("Screenshots")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setIconSize(THUMB)
        self.grid.setGridSize(QSize(THUMB.width() + 28, THUMB.height() + self.fontMetrics().height() * 2 + 22))
        self.grid.setWordWrap(True)
        self.grid.setUniformItemSizes(True)
        self.grid.setSpacing(6)
        self.grid.setDragEnabled(False)
        self.grid.setAcceptDrops(False)  # drops go to the incident pane, which adds them
        self.grid.viewport().setAcceptDrops(False)
        self.grid.setModel(self.model)
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
        changed = incident_id != self.incident_id
        self.incident_id = incident_id
        self.reference = reference
        if changed:
            self.problem.clear()
            self.status.clear()
            self.status.hide()
            self.model.clear()
        self.reload()

    def reload(self) -> None:
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
            small = thumbnails(workspace, incident_id)
            shown = {item.id for item in items}
            return items, {eid: QImage.fromData(data) for eid, data in small.items() if eid in shown}

        def loaded(result: tuple[list[EvidenceInfo], dict[int, QImage]]) -> None:
            if generation != self._generation or not self.session.is_unlocked:
                return
            current = self.current_item()
            self.model.set_items(*result)
            wanted, self._select_after_load = self._select_after_load, None
            if wanted is not None or current is not None:
                self.select_evidence(wanted if wanted is not None else current.id if current else 0)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            if generation == self._generation and self.session.is_unlocked and not isinstance(exc, WorkspaceLocked):
                show_error(self, exc)

        operations.run_in_background(self, load, loaded, failed)

    def clear(self) -> None:
        """Forget everything shown (the workspace locked)."""
        self._generation += 1
        self.incident_id = None
        self.reference = ""
        self._queue.clear()
        self._added.clear()
        self._refused.clear()
        self.model.clear()
        self.problem.clear()
        self.status.clear()
        self.status.hide()
        for dialog in list(self.dialogs):
            closer = getattr(dialog, "force_close", None)
            if closer is not None:
                closer()
            else:
                dialog.reject()
        self.dialogs.clear()
        self._update_buttons()

    def current_item(self) -> EvidenceInfo | None:
        index = self.grid.currentIndex()
        return self.model.items[index.row()] if index.isValid() and index.row() < len(self.model.items) else None

    def select_evidence(self, evidence_id: int) -> None:
        for row, item in enumerate(self.model.items):
            if item.id == evidence_id:
                self.grid.setCurrentIndex(self.model.index(row, 0))
                return

    def _update_buttons(self) -> None:
        has_incident = self.incident_id is not None and self.session.is_unlocked
        chosen = self.current_item() is not None and has_incident
        self.add_button.setEnabled(has_incident and not self._adding)
        self.paste_button.setEnabled(has_incident and not self._adding)
        for widget in (self.view_button, self.redact_button, self.share_button):
            widget.setEnabled(chosen)
        self.stack.setCurrentWidget(self.grid if self.model.items else self.empty)

    # -- adding ------------------------------------------------------------------------------------------------

    def add_from_file(self) -> None:
        if self.incident_id is None:
            return
        from smgov.ui.frame import pdf_output

        names, _filter = QFileDialog.getOpenFileNames(
            self, "Add screenshots", str(pdf_output.default_folder()), IMAGE_FILTER
        )
        if names:
            self.add([Incoming(EvidenceSource.FILE, Path(name).name, path=Path(name)) for name in names])

    def paste(self) -> bool:
        """Add the picture on the clipboard. False (with a message) when there is none."""
        if self.incident_id is None:
            return False
        mime = QGuiApplication.clipboard().mimeData()
        items = incoming_from_mime(mime, EvidenceSource.CLIPBOARD)
        if not items:
            self._show_messages(
                [],
                [
                    "The clipboard holds no picture. Copy the screenshot first (for example with Windows key + "
                    "Shift + S, or right-click the picture and Copy image), then paste it here."
                ],
            )
            return False
        self.add(items)
        return True

    def take_mime(self, mime: QMimeData | None) -> bool:
        """Add what was dropped on the incident."""
        if self.incident_id is None:
            return False
        items = incoming_from_mime(mime, EvidenceSource.DRAG_AND_DROP)
        if not items:
            self._show_messages([], ["Only pictures can be dropped here: screenshot files or images from a browser."])
            return False
        self.add(items)
        return True

    def add(self, items: list[Incoming]) -> None:
        """Add pictures one after another, in the background; the messages show when the last is done."""
        if self.incident_id is None or not self.session.is_unlocked:
            return
        if not self._adding:
            self._added, self._refused = [], []
            self.problem.clear()
            self.status.hide()
        self._queue.extend(items)
        self._next()

    def _next(self) -> None:
        if self._adding:
            return
        if not self._queue:
            return
        item = self._queue.pop(0)
        incident_id = self.incident_id
        if incident_id is None or not self.session.is_unlocked:
            self._queue.clear()
            return
        self._set_adding(True)
        workspace = self.session.workspace
        generation = self._generation

        def add() -> EvidenceInfo:
            from smgov.data.services.evidence import add_evidence

            return add_evidence(workspace, incident_id, item.read(), source=item.source, original_filename=item.name)

        def done(info: EvidenceInfo) -> None:
            log.info("evidence %s added to incident %s (%s)", info.id, incident_id, info.source.value)
            self._added.append(f"{info.title} added ({info.width} × {info.height} pixels).")
            self._finish_one(generation, incident_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SmgovError) and not isinstance(exc, WorkspaceLocked):
                message = str(exc)
                self._refused.append(f"{item.name}: {message}" if item.path is not None else message)
            elif not isinstance(exc, WorkspaceLocked):
                show_error(self, exc)
            self._finish_one(generation, incident_id, added=False)

        operations.run_in_background(self, add, done, failed)

    def _finish_one(self, generation: int, incident_id: int, *, added: bool = True) -> None:
        self._set_adding(False)
        if generation != self._generation or not self.session.is_unlocked:
            self._queue.clear()
            return
        if added:
            self.evidence_changed.emit(incident_id)
        if self._queue:
            self._next()
            return
        self._show_messages(self._added, self._refused)
        if self._added:
            self.reload()

    def _set_adding(self, adding: bool) -> None:
        self._adding = adding
        self.busy.setVisible(adding)
        self._update_buttons()
        self.busy_changed.emit(adding)

    def _show_messages(self, added: list[str], refused: list[str]) -> None:
        self.problem.show_error("\n".join(refused))
        self.status.setText(" ".join(added))
        self.status.setVisible(bool(added))

    def is_adding(self) -> bool:
        return self._adding or bool(self._queue)

    # -- opening -------------------------------------------------------------------------------------------------

    def _keep(self, dialog: QDialog) -> None:
        self.dialogs.add(dialog)
        dialog.finished.connect(lambda _r: self.dialogs.discard(dialog))

    def view_current(self) -> EvidenceViewer | None:
        item = self.current_item()
        if item is None or not self.session.is_unlocked:
            return None
        viewer = EvidenceViewer(self, self.session, item, self.reference)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.redact_requested.connect(lambda info, image: self.redact(info, image))
        viewer.share_requested.connect(lambda info: self.share(info))
        self._keep(viewer)
        viewer.open()
        return viewer

    def redact_current(self) -> QDialog | None:
        item = self.current_item()
        return self.redact(item) if item is not None else None

    def redact(self, item: EvidenceInfo, image: QImage | None = None) -> QDialog | None:
        from smgov.ui.sections.incidents.redaction import RedactionDialog

        if not self.session.is_unlocked:
            return None
        editor = RedactionDialog(self, self.session, item, image)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.redacted.connect(self._redacted)
        self._keep(editor)
        editor.open()
        return editor

    def _redacted(self, new_id: int) -> None:
        incident_id = self.incident_id
        self.status.setText("The redacted copy is saved beside the original, which is unchanged.")
        self.status.show()
        self.problem.clear()
        self.reload()
        if incident_id is not None:
            self.evidence_changed.emit(incident_id)
        self._select_after_load = new_id

    def share_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.share(item)

    def share(self, item: EvidenceInfo, dest: Path | None = None) -> None:
        save_copy_for_sharing(self, self.session, item, self.reference, dest, self._shared)

    def _shared(self, path: Path) -> None:
        self.problem.clear()
        self.status.setText(f"Saved {path.name}: a PNG with no EXIF or location data.")
        self.status.show()


def save_copy_for_sharing(
    parent: QWidget,
    session: AppSession,
    item: EvidenceInfo,
    reference: str,
    dest: Path | None = None,
    on_saved: Callable[[Path], None] | None = None,
) -> None:
    """Ask where (unless ``dest``), then save a metadata-free PNG of the evidence there (audited by the service)."""
    from smgov.ui.frame import pdf_output

    if not session.is_unlocked:
        return
    if dest is None:
        suggested = pdf_output.safe_file_name(f"{reference} {item.title}".strip(), ".png")
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, "Save a copy for sharing", str(pdf_output.default_folder() / suggested), "PNG image (*.png)"
        )
        if not chosen:
            return
        dest = Path(chosen)
        if dest.suffix.lower() != ".png":
            dest = dest.with_name(dest.name + ".png")
    target = dest
    workspace = session.workspace

    def save() -> Path:
        from smgov.data.services.evidence import copy_for_sharing

        pdf_output.write_atomically(target, copy_for_sharing(workspace, item.id))
        return target

    def saved(path: Path) -> None:
        log.info("evidence %s saved for sharing", item.id)
        session.changed.emit("audit")
        if on_saved is not None:
            on_saved(path)

    operations.run_in_background(parent, save, saved)


# -- the viewer --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedImage:
    image: QImage
    intact: bool  # the stored bytes still have their recorded SHA-256


def load_image(workspace: Any, item: EvidenceInfo) -> LoadedImage:
    """The evidence's bytes, checked against their SHA-256 and decoded upright (off the UI thread)."""
    from smgov.data.services.evidence import get_evidence_bytes

    data = get_evidence_bytes(workspace, item.id)
    intact = hashlib.sha256(data).hexdigest() == item.sha256
    return LoadedImage(decode_upright(data, item.width, item.height), intact)


def zoom_buttons(view: ImageView, prefix: str, owner: QWidget) -> tuple[QHBoxLayout, Any]:
    """Fit, 100%, − and + buttons with a zoom label; +, -, 0 and Ctrl+wheel also zoom."""
    fit = button("Fit", f"{prefix}-fit", "Show the whole screenshot (F)")
    actual = button("100%", f"{prefix}-actual", "Show the screenshot pixel for pixel (0)")
    smaller = button("−", f"{prefix}-zoom-out", "Zoom out (-)")
    smaller.setAccessibleName("Zoom out")
    bigger = button("+", f"{prefix}-zoom-in", "Zoom in (+)")
    bigger.setAccessibleName("Zoom in")
    for small in (smaller, bigger):
        small.setFixedWidth(small.fontMetrics().horizontalAdvance("+") + 28)
    label = plain_label("100%", wrap=False, name=f"{prefix}-zoom")
    label.setAccessibleName("Zoom")
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("800%") + 8)
    fit.clicked.connect(view.fit)
    actual.clicked.connect(view.actual_size)
    smaller.clicked.connect(view.zoom_out)
    bigger.clicked.connect(view.zoom_in)
    view.zoom_changed.connect(lambda zoom: label.setText(zoom_text(zoom)))
    for keys, slot in (
        (("+", "=", QKeySequence.StandardKey.ZoomIn), view.zoom_in),
        (("-", QKeySequence.StandardKey.ZoomOut), view.zoom_out),
        (("0", "Ctrl+0"), view.actual_size),
        (("F",), view.fit),
    ):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), owner)
            shortcut.activated.connect(slot)
    row = QHBoxLayout()
    row.setSpacing(6)
    for widget in (fit, actual, smaller, label, bigger):
        row.addWidget(widget)
    return row, label


class EvidenceViewer(QDialog):
    """One screenshot, zoomable, with what the record says about it (SHA-256, size, source, added by and when).

    Signals:
        redact_requested(object, object): Redact… was pressed (the EvidenceInfo and the decoded QImage).
        share_requested(object): Save a copy for sharing… was pressed (the EvidenceInfo).
    """

    redact_requested = Signal(object, object)
    share_requested = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession, item: EvidenceInfo, reference: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("evidence-viewer")
        self.session = session
        self.item = item
        self.image: QImage | None = None
        self._closed = False
        self.setWindowTitle(f"{reference} {item.title}".strip())

        self.view = ImageView()
        self.view.setObjectName("evidence-viewer-image")
        zooms, self.zoom_label = zoom_buttons(self.view, "evidence-viewer", self)
        self.loading = plain_label("Opening the screenshot…", name="evidence-viewer-loading")
        top = QHBoxLayout()
        top.addWidget(self.loading, 1)
        top.addLayout(zooms)

        info = QWidget()
        info.setObjectName("evidence-viewer-info")
        info.setMinimumWidth(270)
        info.setMaximumWidth(360)
        form = QFormLayout(info)
        form.setContentsMargins(12, 0, 0, 0)
        form.setVerticalSpacing(8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(heading_label(item.title, name="evidence-viewer-title"))
        self.values: dict[str, Any] = {}

        def add(key: str, label: str, text: str) -> None:
            value = value_label(f"evidence-viewer-{key}", label)
            value.setText(text)
            self.values[key] = value
            form.addRow(f"{label}:", value)

        add("added", "Added", f"{school_time_text(item.added_at)} by {item.added_by}")
        how = item.source.label + (f" ({item.original_filename})" if item.original_filename else "")
        add("source", "How", how)
        add("size", "Size", f"{item.width:,} × {item.height:,} pixels, {size_text(item.size_bytes)}")
        add("sha256", "SHA-256", item.sha256)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.values["sha256"].setFont(mono)
        self.values["sha256"].setText(f"{item.sha256[:32]}\n{item.sha256[32:]}")
        self.values["sha256"].setAccessibleDescription(item.sha256)
        add("integrity", "Check", "Checking the stored bytes…")
        sharing = (
            "A redacted copy: no metadata, fine to share."
            if item.is_redacted_copy
            else "Cleared to share as it is."
            if item.cleared_for_sharing
            else "Not cleared: share a redacted copy."
        )
        add("sharing", "Sharing", sharing)
        if item.has_metadata:
            add(
                "metadata",
                "Metadata",
                "The original carries EXIF or location data. Copies saved for sharing and printed reports never do.",
            )
        if item.caption:
            add("caption", "Caption", item.caption)

        self.redact_button = button("Redact…", "evidence-viewer-redact", "Cover names and faces in a copy")
        self.redact_button.clicked.connect(self._redact)
        self.redact_button.setEnabled(False)
        self.share_button = button("Save a copy for sharing…", "evidence-viewer-share", "Save a PNG without EXIF")
        self.share_button.clicked.connect(lambda: self.share_requested.emit(self.item))
        actions = QVBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.redact_button)
        actions.addWidget(self.share_button)
        form.addRow(actions)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(info)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("evidence-viewer-buttons")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.resize(1080, 720)
        self._load()

    def _load(self) -> None:
        workspace = self.session.workspace
        item = self.item

        def loaded(result: LoadedImage) -> None:
            if not self.session.is_unlocked or self._closed:
                return
            self.image = result.image
            self.view.set_image(result.image)
            self.loading.setText("Ctrl+wheel or + and − to zoom.")
            self.values["integrity"].setText(
                "✓ The stored bytes match their SHA-256: unchanged since added."
                if result.intact
                else "✗ The stored bytes do not match their SHA-256. Run File > Verify workspace."
            )
            self.redact_button.setEnabled(True)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WorkspaceLocked):
                return
            self.loading.setText(str(exc) if isinstance(exc, SmgovError) else "This screenshot cannot be shown.")
            if not isinstance(exc, SmgovError):
                show_error(self, exc)

        operations.run_in_background(self, lambda: load_image(workspace, item), loaded, failed)

    def _redact(self) -> None:
        if self.image is not None:
            self.redact_requested.emit(self.item, self.image)
            self.accept()

    @override
    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def force_close(self) -> None:
        """Drop the picture and close (the workspace is locking)."""
        self.image = None
        self.view.set_image(None)
        self.reject()


__all__ = [
    "EvidencePanel",
    "EvidenceViewer",
    "Incoming",
    "can_take",
    "image_png_bytes",
    "incoming_from_mime",
    "save_copy_for_sharing",
]
