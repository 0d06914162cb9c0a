"""Showing errors: one helper for errors from operations, one crash path for everything unexpected.

Known errors (``SmgovError``) carry a message written for the user and are shown as they are. Anything else is a
bug: it is logged with its traceback (to the log file, which holds no record data) and the user sees the crash
dialog, never raw traceback text in the main message.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smgov import __version__
from smgov.data.errors import SmgovError
from smgov.ui.frame import msgbox

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "smgov") -> QWidget:
    """Tell the user what went wrong. Returns the dialog shown (a message box, or the crash dialog)."""
    if isinstance(exc, SmgovError):
        log.info("user-facing error: %s", type(exc).__name__)
        return msgbox.warning(parent, title, str(exc))
    if isinstance(exc, MemoryError):
        return msgbox.warning(parent, title, "The computer ran out of memory doing that. Close other programs.")
    return show_crash(parent, type(exc), exc, exc.__traceback__)


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


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    # Only code locations and the exception type: the exception's text may quote record data, so it stays out.
    frames = traceback.format_list(traceback.extract_tb(tb)) if tb else []
    lines = [
        f"smgov {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Error: {exc_type.__module__}.{exc_type.__qualname__}",
        "",
        *frames,
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def show_crash(
    parent: QWidget | None, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> CrashDialog:
    report = crash_report(exc_type, exc, tb)
    log.critical("unexpected error\n%s", report)
    dialog = CrashDialog(parent, report)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def install_excepthook() -> None:
    """Route every uncaught exception (in Qt slots too) to the crash dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, SmgovError):
            show_error(QApplication.activeWindow(), exc)
            return
        show_crash(QApplication.activeWindow(), exc_type, exc, tb)

    sys.excepthook = hook
