"""The crash dialog: something unexpected happened; the user can copy the details (no record data) for support."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    """Something unexpected happened: say so calmly, and let the user copy the details for support."""

    def __init__(self, parent: QWidget | None, report: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("smgov: something went wrong")
        self.setObjectName("crash-dialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "smgov hit a problem it did not expect. What you saved before this is safe.\n"
            "If it happens again, copy the details below and send them to whoever supports smgov for you. "
            "They contain no pupil names or passwords."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Error details")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy details")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)
