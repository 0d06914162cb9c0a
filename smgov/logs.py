"""Logging to a rotating file in the user's log folder.

Records carry no names, secrets or record text: code logs ids, counts, actions and exception types only.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from smgov import paths

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(level: int = logging.INFO, log_file: Path | None = None) -> Path:
    """Send smgov's logs to ``smgov.log`` (rotated at 1 MB, 5 kept). Returns the file's path."""
    log_file = log_file or paths.log_dir() / "smgov.log"
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler):
            root.removeHandler(existing)
            existing.close()
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
