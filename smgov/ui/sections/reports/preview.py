"""The built-in preview of the termly pack: every page, fit to the width, with zoom buttons.

The PDF is held in memory (a :class:`QBuffer`), never written to a temporary file: a pack for SLT holds pupils'
initials. While a pack is being made the preview says so with a busy bar; a pack that could not be made leaves a
short message in its place.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from smgov.ui.frame.forms import button
from smgov.ui.frame.widgets import busy_bar, plain_label

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0


class PackPreview(QWidget):
    """The pages of one PDF (:meth:`show_pdf`), or a message (:meth:`show_message`), or "working" (:meth:`busy`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports-preview")
        self._buffer: QBuffer | None = None
        self.document: QPdfDocument | None = None

        self.pages_label = plain_label("", wrap=False, name="reports-preview-pages")
        self.busy_indicator = busy_bar("Making the report", name="reports-preview-busy", width=120)
        self.zoom_out = button("−", "reports-zoom-out", "Zoom out", "Zoom out")
        self.fit_width = button("Fit width", "reports-fit-width", tooltip="Fit the pages to the width of the preview")
        self.zoom_in = button("+", "reports-zoom-in", "Zoom in", "Zoom in")
        self.previous_page = button("‹", "reports-previous-page", "Previous page", "Previous page (Page Up)")
        self.next_page = button("›", "reports-next-page", "Next page", "Next page (Page Down)")
        self.previous_page.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_page.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        for small in (self.zoom_out, self.zoom_in, self.previous_page, self.next_page):
            small.setFixedWidth(max(32, small.sizeHint().height()))
        self.zoom_out.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.fit_width.clicked.connect(self.fit_to_width)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_page)
        bar.addWidget(self.pages_label)
        bar.addWidget(self.next_page)
        bar.addWidget(self.busy_indicator)
        bar.addStretch(1)
        for widget in (self.zoom_out, self.fit_width, self.zoom_in):
            bar.addWidget(widget)

        self.view = QPdfView()
        self.view.setObjectName("reports-pdf-view")
        self.view.setAccessibleName("Report preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.view.setMinimumSize(280, 200)
        self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._say_page())
        self._empty = QPdfDocument(self)  # what the view holds while no pack is shown
        self.view.setDocument(self._empty)

        self.message = QLabel("")
        self.message.setObjectName("reports-preview-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setFrameShape(QFrame.Shape.StyledPanel)
        self.message.setMargin(24)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.show_message("The report appears here.")

    # -- what it shows ---------------------------------------------------------------------------------------------

    def busy(self, busy: bool) -> None:
        self.busy_indicator.setVisible(busy)
        if busy and self.document is None:
            self.show_message("Making the report…")

    def show_pdf(self, pdf: bytes) -> int:
        """Show every page of ``pdf`` (held in memory). Returns the number of pages; 0 if it could not be read."""
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            log.warning("the report's PDF could not be shown (status %s)", document.status().name)
            document.deleteLater()
            self.show_message("The report was made but cannot be shown here. Save it as PDF to read it.")
            return 0
        old, self.document, self._buffer = self.document, document, buffer
        self.view.setDocument(document)
        if old is not None:
            old.deleteLater()
        pages = document.pageCount()
        self.stack.setCurrentWidget(self.view)
        self._say_page()
        self._set_zoom_enabled(True)
        return pages

    def show_message(self, text: str) -> None:
        """Show ``text`` where the pages go (nothing chosen yet, a wrong choice, a failed build); forget the PDF."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self._set_zoom_enabled(False)
        self._drop_document()
        self._say_page()

    def clear(self) -> None:
        """Forget the pages shown (the workspace locked)."""
        self.busy_indicator.hide()
        self.show_message("The report appears here.")

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    # -- paging ------------------------------------------------------------------------------------------------------

    def current_page(self) -> int:
        """The page at the top of the preview (0 for the first)."""
        return self.view.pageNavigator().currentPage() if self.document is not None else 0

    def go_to_page(self, page: int) -> None:
        """Scroll so that ``page`` (0 for the first; kept within the pack) is at the top."""
        pages = self.page_count()
        if pages < 1:
            return
        navigator = self.view.pageNavigator()
        navigator.jump(max(0, min(pages - 1, page)), QPointF(), navigator.currentZoom())

    def _say_page(self) -> None:
        """ "Page 2 of 9" beside the arrows, which are on only where there is a page to go to."""
        pages, page = self.page_count(), self.current_page()
        self.pages_label.setText(f"Page {page + 1} of {pages}" if pages else "")
        self.previous_page.setEnabled(pages > 0 and page > 0)
        self.next_page.setEnabled(pages > 0 and page < pages - 1)

    def _drop_document(self) -> None:
        if self.document is None:
            return
        self.view.setDocument(self._empty)  # (not None: QPdfView warns of a null document)
        self.document.close()
        self.document.deleteLater()
        self.document = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer = None

    # -- zoom --------------------------------------------------------------------------------------------------------

    def _set_zoom_enabled(self, enabled: bool) -> None:
        for widget in (self.zoom_out, self.fit_width, self.zoom_in):
            widget.setEnabled(enabled)

    def zoom_by(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._fitted_factor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(ZOOM_MAX, max(ZOOM_MIN, current * factor)))

    def fit_to_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _fitted_factor(self) -> float:
        """The zoom that fitting to the width gives now (so + and − start from what the user sees)."""
        if self.document is None or self.document.pageCount() < 1:
            return 1.0
        points = self.document.pagePointSize(0)
        dpi = self.logicalDpiX() or 96
        page_width = points.width() * dpi / 72
        room = self.view.viewport().width() - 2 * 6
        return max(ZOOM_MIN, min(ZOOM_MAX, room / page_width)) if page_width > 0 else 1.0
