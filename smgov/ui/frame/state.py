"""Per-PC state in QSettings: recent workspaces, window geometry, column widths and pane sizes, the backup folder.
Never school records.

Tests point QSettings at a temporary folder (see tests/conftest.py), so they never touch the user's settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer, Signal

from smgov import paths

if TYPE_CHECKING:  # (only named here; the type is made, with its enums, where a table first needs it)
    from PySide6.QtWidgets import QHeaderView

MAX_RECENT = 8


def _settings() -> QSettings:
    # INI everywhere (not the Windows registry): one format, and tests can point it at a temporary folder.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "smgov", "smgov")


def recent_workspaces() -> list[Path]:
    value = _settings().value("recent", [])
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [Path(p) for p in items if isinstance(p, str) and p]


def add_recent_workspace(path: Path) -> None:
    resolved = str(Path(path).resolve())
    items = [str(p) for p in recent_workspaces() if str(p) != resolved]
    _settings().setValue("recent", [resolved, *items][:MAX_RECENT])


def last_workspace() -> Path | None:
    recent = recent_workspaces()
    return recent[0] if recent else None


def backup_dir() -> Path:
    value = _settings().value("backup_dir", "")
    return Path(value) if isinstance(value, str) and value else paths.default_backup_dir()


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


def pane_sizes(name: str) -> list[int] | None:
    """The sizes of a section's list and pane as the user last left them on this PC (None: never moved)."""
    value = _settings().value(f"layout/{name}/sizes")
    items = value if isinstance(value, list) else []
    try:
        sizes = [int(item) for item in items]
    except (TypeError, ValueError):
        return None
    return sizes if len(sizes) == 2 and min(sizes) > 0 else None


def save_pane_sizes(name: str, sizes: list[int]) -> None:
    if len(sizes) == 2 and min(sizes) > 0:
        _settings().setValue(f"layout/{name}/sizes", [str(size) for size in sizes])


class LayoutKeeper(QObject):
    """Restores a table header's column widths, order and sort, and saves them a moment after the user changes them
    (a drag sends many changes; one write follows the last). A list section's split between list and pane is kept by
    :func:`pane_sizes` and :func:`save_pane_sizes`.

    Signals:
        saved(): the layout was written to this PC's settings.
    """

    saved = Signal()

    def __init__(self, header: QHeaderView, key: str) -> None:
        super().__init__(header)
        self._header = header
        self._key = key
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.save)
        header.sectionResized.connect(self._changed)
        header.sectionMoved.connect(self._changed)
        header.sortIndicatorChanged.connect(self._changed)

    def _changed(self) -> None:
        self._timer.start()  # not connected straight to start(): the signals' ints would become its interval

    def restore(self) -> bool:
        saved = _settings().value(self._key)
        return isinstance(saved, QByteArray) and self._header.restoreState(saved)

    def save(self) -> None:
        _settings().setValue(self._key, self._header.saveState())
        self.saved.emit()


def layout_keeper(header: QHeaderView) -> LayoutKeeper | None:
    """The keeper of ``header``'s layout, if it has one (tests wait on its ``saved``)."""
    return header.findChild(LayoutKeeper)


def remember_layout(header: QHeaderView, name: str) -> bool:
    """Give ``header`` the columns it was last left with on this PC (True when there were some), and keep each change
    the user makes. The layout is kept per column count, so a table that gains a column starts from its defaults."""
    return LayoutKeeper(header, f"layout/{name}/{header.count()}").restore()
