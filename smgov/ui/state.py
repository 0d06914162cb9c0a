"""Per-PC state in QSettings: recent workspaces, window geometry, the backup folder. Never school records.

Tests point QSettings at a temporary folder (see tests/conftest.py), so they never touch the user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from smgov import paths

MAX_RECENT = 8


def _settings() -> QSettings:
    # INI everywhere (not the Windows registry): one format, and tests can point it at a temporary folder.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "smgov", "smgov")


def recent_workspaces() -> list[Path]:
    value = _settings().value("recent", [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [Path(p) for p in items if p]


def add_recent_workspace(path: Path) -> None:
    resolved = str(Path(path).resolve())
    items = [str(p) for p in recent_workspaces() if str(p) != resolved]
    _settings().setValue("recent", [resolved, *items][:MAX_RECENT])


def last_workspace() -> Path | None:
    recent = recent_workspaces()
    return recent[0] if recent else None


def backup_dir() -> Path:
    value = _settings().value("backup_dir", "")
    return Path(value) if value else paths.default_backup_dir()


def set_backup_dir(path: Path | None) -> None:
    if path is None:
        _settings().remove("backup_dir")
    else:
        _settings().setValue("backup_dir", str(path))


def window_geometry() -> QByteArray | None:
    value = _settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def save_window_geometry(geometry: QByteArray) -> None:
    _settings().setValue("window/geometry", geometry)
