"""Logging to a rotating file in the user's log folder.

Records carry no names, secrets or record text: code logs ids, counts, actions and exception types only.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import traceback
from pathlib import Path
from types import TracebackType

from typing_extensions import override

from smgov import paths

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]

MODULE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


class WithholdingFormatter(logging.Formatter):
    """Writes a traceback as code locations and the exception's type only: an exception's text may quote record
    data (a database error its parameters, a validation error the value refused), so it never reaches the file.
    The one exception is a failed import, logged with the module's name (never its message)."""

    @override
    def format(self, record: logging.LogRecord) -> str:
        cached, record.exc_text = record.exc_text, None  # another handler may have cached the full traceback
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    @override
    def formatException(self, ei: ExcInfo) -> str:
        exc_type, exc, tb = ei
        frames = traceback.format_list(traceback.extract_tb(tb)) if tb is not None else []
        kind = f"{exc_type.__module__}.{exc_type.__qualname__}" if exc_type is not None else "unknown"
        return "Traceback (most recent call last):\n" + "".join(frames) + f"{kind}{_safe_detail(exc)}"


def _safe_detail(exc: BaseException | None) -> str:
    """What of an exception's message may be logged: for an import that failed, the module's name (what support
    needs to tell a broken build from a broken install; taken from ``exc.name``, never the message, and only when it
    is a dotted name); for anything else, nothing."""
    if isinstance(exc, ImportError) and isinstance(exc.name, str) and MODULE_NAME.fullmatch(exc.name):
        if isinstance(exc, ModuleNotFoundError):
            return f": no module named {exc.name!r}"
        return f": importing from module {exc.name!r} failed (the rest of its message is not logged)"
    return " (its message is not logged)"


def setup(level: int = logging.INFO, log_file: Path | None = None) -> Path:
    """Send smgov's logs to ``smgov.log`` (rotated at 1 MB, 5 kept). Returns the file's path."""
    log_file = log_file or paths.log_dir() / "smgov.log"
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(WithholdingFormatter(FORMAT))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler):
            root.removeHandler(existing)
            existing.close()
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
