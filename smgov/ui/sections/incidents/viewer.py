"""The evidence viewer: one screenshot, zoomable, beside what the record says about it (when and how it was added,
its size, its SHA-256 and whether the stored bytes still match it, whether it may be shared).

The picture is read only when the viewer opens (off the UI thread). The dialog opens at 1080×720 where the screen
has room and within the screen where it has not; the picture then has less room and scrolls or fits inside.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QImage
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame.dialogs import Buttons
from smgov.ui.frame.forms import button, value_label
from smgov.ui.sections.incidents.canvas import ImageView, LoadedImage, ZoomControls
from smgov.ui.sections.incidents.evidence_dialog import PictureDialog
from smgov.ui.sections.incidents.evidence_model import added_text, size_text
from smgov.ui.shell.session import AppSession


def sharing_text(item: EvidenceInfo) -> str:
    if item.is_redacted_copy:
        return "A redacted copy: no metadata, fine to share."
    if item.cleared_for_sharing:
        return "Cleared to share as it is."
    return "Not cleared: share a redacted copy."


class EvidenceViewer(PictureDialog):
    """One screenshot, zoomable, with what the record says about it.

    Signals:
        redact_requested(object, object): Redact… was pressed (the EvidenceInfo and the decoded QImage).
        share_requested(object): Save a copy for sharing… was pressed (the EvidenceInfo).
    """

    redact_requested = Signal(object, object)
    share_requested = Signal(object)
    preferred = QSize(1080, 720)

    def __init__(self, parent: QWidget, session: AppSession, item: EvidenceInfo, reference: str = "") -> None:
        title = f"{reference} {item.title}".strip()
        super().__init__(
            parent,
            session,
            item,
            title,
            prefix="evidence-viewer",
            name="evidence-viewer",
            heading=item.title,
            buttons=Buttons.Close,
        )
        self.image: QImage | None = None
        self.view = ImageView()
        self.view.setObjectName("evidence-viewer-image")
        self.zoom = ZoomControls(self.view, "evidence-viewer", self)
        self.zoom_label = self.zoom.label
        top = QHBoxLayout()
        top.addWidget(self.loading, 1)
        top.addWidget(self.zoom)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("evidence-viewer-splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self._info())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        self.body.addLayout(top)
        self.body.addWidget(splitter, 1)
        self.load_picture()

    def _info(self) -> QWidget:
        item = self.item
        info = QWidget()
        info.setObjectName("evidence-viewer-info")
        info.setMinimumWidth(240)
        info.setMaximumWidth(360)
        form = QFormLayout(info)
        form.setContentsMargins(12, 0, 0, 0)
        form.setVerticalSpacing(8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.values: dict[str, QLabel] = {}

        def add(key: str, label: str, text: str) -> None:
            value = value_label(f"evidence-viewer-{key}", label)
            value.setText(text)
            self.values[key] = value
            form.addRow(f"{label}:", value)

        add("added", "Added", added_text(item))
        add("source", "How", item.source.label + (f" ({item.original_filename})" if item.original_filename else ""))
        add("size", "Size", f"{item.width:,} × {item.height:,} pixels, {size_text(item.size_bytes)}")
        add("sha256", "SHA-256", f"{item.sha256[:32]}\n{item.sha256[32:]}")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.values["sha256"].setFont(mono)
        self.values["sha256"].setAccessibleDescription(item.sha256)
        add("integrity", "Check", "Checking the stored bytes…")
        add("sharing", "Sharing", sharing_text(item))
        if item.has_metadata:
            add(
                "metadata",
                "Metadata",
                "The original carries EXIF or location data. Copies saved for sharing and printed reports never do.",
            )
        if item.caption:
            add("caption", "Caption", item.caption)

        self.redact_button = button(
            "Redact…", "evidence-viewer-redact", "Redact", "Cover names and faces in a copy; the original stays"
        )
        self.redact_button.clicked.connect(self._redact)
        self.redact_button.setEnabled(False)
        self.share_button = button(
            "Save a copy for sharing…", "evidence-viewer-share", "Save a copy for sharing", "Save a PNG without EXIF"
        )
        self.share_button.clicked.connect(lambda: self.share_requested.emit(self.item))
        actions = QVBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.redact_button)
        actions.addWidget(self.share_button)
        form.addRow(actions)
        return info

    @override
    def show_picture(self, result: LoadedImage) -> None:
        self.image = result.image
        self.view.set_image(result.image, result.size)
        self.loading.setText("Ctrl+wheel over the picture, or + and −, to zoom.")
        self.values["integrity"].setText(
            "✓ The stored bytes match their SHA-256: unchanged since added."
            if result.intact
            else "✗ The stored bytes do not match their SHA-256. Run File > Verify workspace."
        )
        self.redact_button.setEnabled(True)

    def _redact(self) -> None:
        if self.image is not None:
            self.redact_requested.emit(self.item, self.image)
            self.accept()

    @override
    def forget(self) -> None:
        self.image = None
        super().forget()


__all__ = ["EvidenceViewer", "sharing_text"]
