"""A kept consent form (scan, letter or email), shown in the app: never written to a temporary file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.errors import SmgovError
from smgov.ui.frame import pdf_output
from smgov.ui.frame.dialogs import Buttons, Dialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button
from smgov.ui.frame.widgets import plain_label

MAX_PAGES = 10
SUFFIX = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def pdf_pages(data: bytes, width: int, ratio: float = 1.0) -> list[QImage]:
    """The first pages of a PDF as pictures ``width`` points wide drawn at ``ratio`` device pixels a point (sharp at
    200 % scaling), empty when QtPdf cannot read it."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return []
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    pages = []
    for page in range(min(document.pageCount(), MAX_PAGES)):
        size = document.pagePointSize(page)
        if size.width() <= 0:
            continue
        pixels = round(width * ratio)
        image = document.render(page, QSize(pixels, round(pixels * size.height() / size.width())))
        image.setDevicePixelRatio(ratio)
        pages.append(image)
    document.close()
    return pages


def picture_page(image: QImage, width: int, ratio: float = 1.0) -> QImage:
    """A scanned form at most ``width`` points wide, keeping up to ``ratio`` of its pixels a point (a scan shown at
    200 % scaling is not first shrunk to 600 pixels and then stretched back to 1200)."""
    shown = min(width, image.width())  # points; a small picture is not enlarged
    pixels = min(image.width(), round(shown * ratio))
    scaled = image.scaledToWidth(pixels, Qt.TransformationMode.SmoothTransformation)
    scaled.setDevicePixelRatio(pixels / shown)
    return scaled


class FormViewer(Dialog):
    """The form's pages (or picture) one under another, and Save a copy…."""

    def __init__(self, parent: QWidget, title: str, media_type: str, data: bytes) -> None:
        super().__init__(parent, title, name="consent-form-viewer", buttons=Buttons.Close, min_width=640)
        self.media_type = media_type
        self.data = data
        self.pages: list[QLabel] = []
        width = 600
        ratio = parent.devicePixelRatioF()
        if media_type == "application/pdf":
            images = pdf_pages(data, width, ratio)
        else:
            image = QImage.fromData(data)
            images = [] if image.isNull() else [picture_page(image, width, ratio)]
        column = QVBoxLayout()
        if not images:
            column.addWidget(
                plain_label("This form cannot be shown here: save a copy and open it.", name="consent-form-viewer-none")
            )
        for n, image in enumerate(images):
            page = QLabel()
            page.setObjectName(f"consent-form-viewer-page-{n}")
            page.setPixmap(QPixmap.fromImage(image))
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(page)
            self.pages.append(page)
        self.body.addLayout(column)
        save = button("Save a copy…", "consent-form-viewer-save")
        save.clicked.connect(self.save_copy)
        self.buttons.addButton(save, self.buttons.ButtonRole.ActionRole)

    @override
    def sizeHint(self) -> QSize:
        return QSize(720, 900).expandedTo(self.minimumSizeHint())

    def save_copy(self) -> Path | None:
        suffix = SUFFIX.get(self.media_type, ".bin")
        dest = pdf_output.choose_save_path(self, "Save a copy of the form", self.windowTitle(), "", suffix)
        if dest is None:
            return None
        try:
            pdf_output.write_atomically(dest, self.data)
        except SmgovError as exc:
            show_error(self, exc)
            return None
        return dest
