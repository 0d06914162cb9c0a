"""Showing errors: one helper for errors from operations, one crash path for everything unexpected.

Known errors (``SmgovError``) carry a message written for the user and are shown as they are. Anything else is a
bug: it is logged with its traceback (to the log file, which holds no record data) and the user sees the crash
dialog, never raw traceback text in the main message.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from smgov import __version__
from smgov.data.errors import SmgovError
from smgov.ui.frame import msgbox

if TYPE_CHECKING:  # the crash dialog's widgets are made when it is first needed, not on the way to the first window
    from PySide6.QtWidgets import QWidget

    from smgov.ui.frame.crash_dialog import CrashDialog

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "smgov") -> QWidget:
    """Tell the user what went wrong. Returns the dialog shown (a message box, or the crash dialog)."""
    if isinstance(exc, SmgovError):
        log.info("user-facing error: %s", type(exc).__name__)
        return msgbox.warning(parent, title, str(exc))
    if isinstance(exc, MemoryError):
        return msgbox.warning(parent, title, "The computer ran out of memory doing that. Close other programs.")
    return show_crash(parent, type(exc), exc, exc.__traceback__)


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    # Only code locations and the exception type: the exception's text may quote record data, so it stays out.
    import platform

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
    from PySide6.QtCore import Qt

    from smgov.ui.frame.crash_dialog import CrashDialog

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
