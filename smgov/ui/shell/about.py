"""The About box: what this is, which versions, where the log files are, and the licences of what it ships."""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smgov import APP_NAME, __version__, paths
from smgov.ui.frame.screen import keep_on_screen

LICENCES = (
    "smgov prints its forms with the DejaVu fonts (free licence, based on Bitstream Vera). "
    "Its icons are Lucide icons (ISC licence). "
    "It is built with Qt for Python (LGPL), SQLCipher, SQLAlchemy and ReportLab."
)


def _value(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setWordWrap(True)
    label.setAccessibleName(name.replace("about-", "").replace("-", " "))
    return label


class AboutDialog(QDialog):
    """About smgov. Esc or Enter closes it."""

    def __init__(self, parent: QWidget | None = None, workspace_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.setWindowTitle(f"About {APP_NAME}")

        title = QLabel(APP_NAME)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel(
            "Social media governance for UK schools: accounts, passwords, incidents, blocked content and forms."
        )
        tagline.setWordWrap(True)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Version:", _value(__version__, "about-version"))
        form.addRow(
            "Built with:",
            _value(
                f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {PySide6.__version__}",
                "about-versions",
            ),
        )
        log_dir = paths.log_dir()
        self.log_label = _value(str(log_dir), "about-log-folder")
        form.addRow("Log folder:", self.log_label)
        self.workspace_label = _value(str(workspace_path) if workspace_path else "None open", "about-workspace")
        form.addRow("Workspace:", self.workspace_label)

        licences = QLabel(LICENCES)
        licences.setObjectName("about-licences")
        licences.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        open_logs = QPushButton("Open log folder")
        open_logs.setObjectName("about-open-logs")
        open_logs.setAccessibleName("Open log folder")
        open_logs.setAutoDefault(False)
        open_logs.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir))))
        buttons.addButton(open_logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setAccessibleName("Close")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(tagline)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(licences)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        keep_on_screen(self)


def show_about(parent: QWidget | None, workspace_path: Path | None = None) -> AboutDialog:
    """Open the About box (non-blocking) and return it."""
    dialog = AboutDialog(parent, workspace_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
