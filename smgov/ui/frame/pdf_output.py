"""The one place PDFs leave the app: Save as PDF, open in the PDF viewer, print preview and print.

PDFs are built in memory (smgov.reports) and only ever written where the user chose to save them: never into a
temporary folder, because they may hold names. Printing renders the pages with QtPdf straight to the printer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smgov import paths
from smgov.data.errors import SmgovError
from smgov.data.services import school
from smgov.data.workspace import Workspace
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.operations import run_in_background
from smgov.ui.frame.screen import keep_on_screen
from smgov.ui.frame.widgets import busy_bar, heading_label, plain_label

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

log = logging.getLogger(__name__)

PDF_FILTER = "PDF document (*.pdf)"
# Pages are rendered as images for printing: 300 dpi prints text crisply and keeps an A4 page near 35 MB in memory
# (a 1200 dpi printer would otherwise need over half a gigabyte per page).
MAX_PRINT_DPI = 300

_last_folder: Path | None = None
# Print previews are non-blocking; the printer and the PDF they paint from must live as long as the dialog does
# (and a dialog without a parent would otherwise be deleted as soon as the caller drops it).
_keep_alive: dict[int, tuple[object, ...]] = {}


def safe_file_name(name: str, suffix: str = ".pdf") -> str:
    """A file name that Windows, macOS and Linux all accept, ending in ``suffix``."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "-", name).strip(" .")
    cleaned = re.sub(r"\s+", " ", cleaned)[:150] or "document"
    if not cleaned.lower().endswith(suffix):
        cleaned += suffix
    return cleaned


def default_folder() -> Path:
    """Where a save or open dialog starts: the last folder used this session, else Documents (else home)."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    documents = paths.default_workspace_dir()
    return documents if documents.is_dir() else Path.home()  # never the program's own folder


def write_atomically(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` through a temporary name in the same folder, so ``dest`` is never half-written.

    Raises:
        SmgovError: with a message for the user (no space, no permission, file open elsewhere, ...).
    """
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.partial")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _save_error(dest, exc) from exc


_VIEWERS = {".pdf": "a PDF viewer", ".xlsx": "the spreadsheet program", ".csv": "the spreadsheet program"}


def _save_error(dest: Path, exc: OSError) -> SmgovError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return SmgovError(f"There is not enough space to save {dest.name}. Free some space or choose another place.")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        viewer = _VIEWERS.get(dest.suffix.lower(), "another program")
        if dest.exists():
            return SmgovError(
                f"smgov cannot save over {dest.name}. If it is open in {viewer}, close it first; otherwise choose "
                "another name or folder."
            )
        return SmgovError(f"smgov cannot save files in {dest.parent}. Choose a folder you can save files in.")
    if isinstance(exc, FileNotFoundError):
        return SmgovError(f"The folder {dest.parent} does not exist any more. Choose another place.")
    return SmgovError(f"{dest.name} could not be saved ({exc.strerror or type(exc).__name__}).")


def choose_save_path(
    parent: QWidget | None, title: str, suggested_name: str, file_filter: str, suffix: str
) -> Path | None:
    """Ask where to save a file (None when the user cancels), starting in :func:`default_folder`; a name typed
    without ``suffix`` (".pdf", ".xlsx") gets it."""
    start = default_folder() / safe_file_name(suggested_name, suffix)
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not chosen:
        return None
    dest = Path(chosen)
    return dest if dest.suffix.lower() == suffix else dest.with_name(dest.name + suffix)


def choose_pdf_destination(parent: QWidget | None, suggested_name: str, title: str = "Save as PDF") -> Path | None:
    """Ask where to save a PDF (None when the user cancels)."""
    return choose_save_path(parent, title, suggested_name, PDF_FILTER, ".pdf")


def save_pdf(parent: QWidget | None, pdf_bytes: bytes, suggested_name: str) -> Path | None:
    """Ask where to save the PDF and write it there. Returns where it went, or None (cancelled or failed: the
    user has been told why)."""
    global _last_folder
    dest = choose_pdf_destination(parent, suggested_name)
    if dest is None:
        return None
    try:
        write_atomically(dest, pdf_bytes)
    except SmgovError as exc:
        show_error(parent, exc)
        return None
    _last_folder = dest.parent
    log.info("PDF saved (%d bytes)", len(pdf_bytes))
    return dest


def save_and_open(parent: QWidget | None, pdf_bytes: bytes, suggested_name: str) -> Path | None:
    """Save where the user chooses, then open the saved file in the default PDF viewer."""
    dest = save_pdf(parent, pdf_bytes, suggested_name)
    if dest is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(dest))):
        show_error(parent, SmgovError(f"{dest.name} is saved, but no PDF viewer could be started to open it."))
    return dest


# -- printing -----------------------------------------------------------------------------------------------------


def _load_document(pdf_bytes: bytes) -> tuple[QPdfDocument, QBuffer]:
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError as exc:  # the QtPdf module is a separate wheel (PySide6-Pdf)
        raise SmgovError(
            "Printing is not available in this installation of smgov. Save as PDF and print that."
        ) from exc
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise SmgovError("The document could not be prepared for printing. Save it as PDF and print that instead.")
    return document, buffer


def a4_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the PDF has its own margins; the pages are placed edge to edge
    return printer


def render_pdf(printer: QPrinter, pdf_bytes: bytes) -> int:
    """Paint every page of the PDF onto ``printer``, one page at a time. Returns the number of pages."""
    document, _buffer = _load_document(pdf_bytes)
    return _paint_pages(printer, document)


def _paint_pages(printer: QPrinter, document: QPdfDocument) -> int:
    painter = QPainter()
    if not painter.begin(printer):
        raise SmgovError("The printer could not be started. Check it is switched on and try again.")
    pages = document.pageCount()
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for page in range(pages):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
            image = document.render(page, size)
            scale = min(paper.width() / size.width(), paper.height() / size.height())
            width, height = size.width() * scale, size.height() * scale
            target = QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return pages


def print_preview(
    parent: QWidget | None, pdf_bytes: bytes, on_printed: Callable[[], None] | None = None
) -> QPrintPreviewDialog | None:
    """Show the pages in a print preview (A4) from which the user can print. Returns the dialog, already open."""
    try:
        document, buffer = _load_document(pdf_bytes)
    except SmgovError as exc:
        show_error(parent, exc)
        return None
    printer = a4_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print-preview")
    dialog.setWindowTitle("Print preview")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def paint(target: QPrinter) -> None:
        try:
            _paint_pages(target, document)
        except SmgovError as exc:
            show_error(dialog, exc)

    dialog.paintRequested.connect(paint)
    key = id(dialog)
    _keep_alive[key] = (dialog, printer, document, buffer, paint)

    def finished(result: int) -> None:
        _keep_alive.pop(key, None)
        if result == QDialog.DialogCode.Accepted and on_printed is not None:
            on_printed()

    dialog.finished.connect(finished)
    dialog.resize(900, 1000)  # a page at a readable size where the screen has room; no larger than the screen
    keep_on_screen(dialog)
    dialog.open()
    return dialog


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, on_printed: Callable[[], None] | None = None) -> bool:
    """Ask which printer (the system print dialog), then print every page. Returns True when it was printed.

    The system print dialog is modal (on Windows it is the native one, which only runs modally).
    """
    try:
        document, _buffer = _load_document(pdf_bytes)
    except SmgovError as exc:
        show_error(parent, exc)
        return False
    printer = a4_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("print-dialog")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        _paint_pages(printer, document)
    except SmgovError as exc:
        show_error(parent, exc)
        return False
    log.info("document printed (%d pages)", document.pageCount())
    if on_printed is not None:
        on_printed()
    return True


# -- one set of actions for any PDF --------------------------------------------------------------------------------


class PdfActions(QObject):
    """Save as PDF, Open in PDF viewer, Print preview and Print for one document, as QActions for menus and buttons.

    ``make_pdf`` builds the PDF bytes; it runs in the background, so it must not touch widgets. The bytes are built
    once and reused until :meth:`invalidate` (call it when the record changes).

    Signals:
        saved(object): the PDF was saved (the Path).
        printed(): the PDF was sent to a printer.
        busyChanged(bool): building the PDF started (True) or ended (False).
    """

    saved = Signal(object)
    printed = Signal()
    busyChanged = Signal(bool)

    def __init__(
        self,
        parent: QWidget,
        make_pdf: Callable[[], bytes],
        suggested_name: str | Callable[[], str],
    ) -> None:
        super().__init__(parent)
        self._widget = parent
        self._make_pdf = make_pdf
        self._suggested_name = suggested_name
        self._pdf: bytes | None = None
        self._busy = False
        self.save_action = self._action("Save as PDF…", "pdf-save", self.save)
        self.open_action = self._action("Open in PDF viewer…", "pdf-open", self.save_and_open)
        self.preview_action = self._action("Print preview…", "pdf-preview", self.preview)
        self.print_action = self._action("Print…", "pdf-print", self.print)

    def _action(self, text: str, name: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def actions(self) -> list[QAction]:
        return [self.save_action, self.open_action, self.preview_action, self.print_action]

    def invalidate(self) -> None:
        self._pdf = None

    def suggested_name(self) -> str:
        name = self._suggested_name
        return name() if callable(name) else name

    def _with_pdf(self, then: Callable[[bytes], None]) -> None:
        if self._busy:
            return
        if self._pdf is not None:
            then(self._pdf)
            return
        self._set_busy(True)

        def built(pdf: bytes) -> None:
            self._set_busy(False)
            self._pdf = pdf
            then(pdf)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            show_error(self._widget, exc)

        run_in_background(self._widget, self._make_pdf, built, failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for action in self.actions:
            action.setEnabled(not busy)
        self.busyChanged.emit(busy)

    def save(self) -> None:
        def then(pdf: bytes) -> None:
            dest = save_pdf(self._widget, pdf, self.suggested_name())
            if dest is not None:
                self.saved.emit(dest)

        self._with_pdf(then)

    def save_and_open(self) -> None:
        def then(pdf: bytes) -> None:
            dest = save_and_open(self._widget, pdf, self.suggested_name())
            if dest is not None:
                self.saved.emit(dest)

        self._with_pdf(then)

    def preview(self) -> None:
        def then(pdf: bytes) -> None:
            print_preview(self._widget, pdf, self.printed.emit)

        self._with_pdf(then)

    def print(self) -> None:
        def then(pdf: bytes) -> None:
            print_pdf(self._widget, pdf, self.printed.emit)

        self._with_pdf(then)


# -- the Emergency Kit ---------------------------------------------------------------------------------------------


def emergency_kit_bytes(workspace: Workspace) -> bytes:
    """The Emergency Kit PDF for the open workspace (its current recovery key)."""
    from smgov.reports.emergency_kit import emergency_kit_pdf
    from smgov.reports.pdf import Letterhead

    details = school.get_details(workspace)
    logo = school.get_logo(workspace)
    return emergency_kit_pdf(
        letterhead=Letterhead(details.name, logo),
        workspace_file_name=workspace.path.name,
        recovery_key=workspace.recovery_key,
        created_on=dt.date.today(),
    )


def emergency_kit_file_name(workspace: Workspace) -> str:
    return f"Emergency Kit - {workspace.path.stem}.pdf"


class EmergencyKitButtons(QWidget):
    """The buttons that save or print the Emergency Kit, marking the kit printed once it was saved or printed.

    Signals:
        kitDone(str): "saved" or "printed", after the school's record says the kit was printed.
    """

    kitDone = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        save_text: str = "Save Emergency Kit as PDF…",
        print_text: str = "Print…",
        preview: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emergency-kit-buttons")
        self._workspace = workspace
        self.pdf = PdfActions(self, lambda: emergency_kit_bytes(workspace), emergency_kit_file_name(workspace))
        self.save_button = self._button(save_text, "kit-save", self.pdf.save)
        self.preview_button = self._button("Print preview…", "kit-preview", self.pdf.preview) if preview else None
        self.print_button = self._button(print_text, "kit-print", self.pdf.print)
        self.busy = busy_bar("Preparing the Emergency Kit", width=80)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.save_button, self.preview_button, self.print_button):
            if button is not None:
                layout.addWidget(button)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        self.pdf.busyChanged.connect(self._busy)
        self.pdf.saved.connect(lambda _path: self._mark("saved"))
        self.pdf.printed.connect(lambda: self._mark("printed"))

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.save_button, self.preview_button, self.print_button):
            if button is not None:
                button.setEnabled(not busy)

    def _mark(self, how: str) -> None:
        workspace = self._workspace
        run_in_background(self, lambda: school.mark_kit_printed(workspace), lambda _r: self.kitDone.emit(how))


class EmergencyKitDialog(QDialog):
    """Save or print the Emergency Kit (settings page, after a passphrase change).

    Signals:
        kitDone(str): "saved" or "printed".
    """

    kitDone = Signal(str)

    def __init__(self, parent: QWidget | None, workspace: Workspace) -> None:
        super().__init__(parent)
        self.setObjectName("emergency-kit-dialog")
        self.setWindowTitle("Emergency Kit")
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Emergency Kit"))
        layout.addWidget(
            plain_label(
                "The Emergency Kit is one page with the workspace's recovery key. With it, the school can open "
                f"{workspace.path.name} if the passphrase is forgotten or the business manager is away.\n\n"
                "Print it, put it in the headteacher's safe, and destroy any older kit. If you save it as PDF, "
                "print that file and then delete it: anyone with the key and a copy of the workspace can read it."
            )
        )
        self.buttons = EmergencyKitButtons(workspace, self, save_text="Save as PDF…")
        self.buttons.kitDone.connect(self.kitDone)
        layout.addWidget(self.buttons)
        self.status = plain_label("", name="kit-status")
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.kitDone.connect(self._done)
        self.setMinimumWidth(520)

    def _done(self, how: str) -> None:
        self.status.setText(
            "The Emergency Kit is saved. Print it and keep it in a safe place."
            if how == "saved"
            else "The Emergency Kit was sent to the printer."
        )


def offer_emergency_kit(parent: QWidget | None, workspace: Workspace) -> EmergencyKitDialog:
    """Show the Emergency Kit dialog (non-blocking) and return it."""
    dialog = EmergencyKitDialog(parent, workspace)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
