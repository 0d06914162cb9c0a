"""Where smgov keeps per-PC files: logs, automatic backups, the demo workspace. One module, so tests patch it.

The school's records live only in the workspace file the user chose; nothing here holds personal data.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "smgov"
_override: Path | None = Path(os.environ["SMGOV_HOME"]) if os.environ.get("SMGOV_HOME") else None


def set_base_dir(path: Path | None) -> None:
    """Put every per-PC folder under one directory (tests, portable use)."""
    global _override
    _override = path


def overridden() -> bool:
    """Whether every per-PC folder is under one directory (SMGOV_HOME, tests)."""
    return _override is not None


def _dir(kind: str) -> Path:
    if _override is not None:
        folder = _override / kind
    else:
        import platformdirs  # (when first needed: not on the way to the unlock dialog)

        if kind == "logs":
            folder = Path(platformdirs.user_log_dir(APP, appauthor=False))
        elif kind == "backups":
            folder = Path(platformdirs.user_data_dir(APP, appauthor=False)) / "backups"
        elif kind == "config":
            folder = Path(platformdirs.user_config_dir(APP, appauthor=False))
        else:
            folder = Path(platformdirs.user_data_dir(APP, appauthor=False)) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_dir() -> Path:
    return _dir("logs")


def default_backup_dir() -> Path:
    return _dir("backups")


def config_dir() -> Path:
    return _dir("config")


def demo_dir() -> Path:
    return _dir("demo")


def default_workspace_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_documents_dir())
