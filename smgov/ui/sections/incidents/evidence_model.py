"""An incident's evidence as a grid of thumbnails: the list model and the grid view.

Only the thumbnails are read for the grid (one query per incident, in the background): a full screenshot is read
when it is opened, never for the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView
from typing_extensions import override

from smgov.data import calendar
from smgov.data.services.evidence import EvidenceInfo

THUMB = QSize(168, 120)
InfoRole = Qt.ItemDataRole.UserRole + 10


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def added_text(item: EvidenceInfo) -> str:
    """When and by whom, on the school's clock."""
    return f"{calendar.format_school_time(item.added_at)} by {item.added_by}"


class EvidenceModel(QAbstractListModel):
    """An incident's evidence with thumbnails (made into pixmaps on the UI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[EvidenceInfo] = []
        self.icons: dict[int, QIcon] = {}

    def set_items(self, items: list[EvidenceInfo], thumbnails: dict[int, QImage]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.icons = {eid: QIcon(QPixmap.fromImage(image)) for eid, image in thumbnails.items() if not image.isNull()}
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([], {})

    def row_of(self, evidence_id: int) -> int | None:
        return next((row for row, item in enumerate(self.items) if item.id == evidence_id), None)

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icons.get(item.id)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return (
                f"{item.title}\n{item.width} × {item.height} pixels, {size_text(item.size_bytes)}\n"
                f"{item.source.label}, added {added_text(item)}"
            )
        if role == InfoRole:
            return item
        return None


def evidence_grid(model: EvidenceModel) -> QListView:
    """The thumbnails in rows that wrap with the width; drops go to the incident pane, which adds them."""
    grid = QListView()
    grid.setObjectName("evidence-grid")
    grid.setAccessibleName("Screenshots")
    grid.setViewMode(QListView.ViewMode.IconMode)
    grid.setMovement(QListView.Movement.Static)
    grid.setResizeMode(QListView.ResizeMode.Adjust)
    grid.setIconSize(THUMB)
    grid.setGridSize(QSize(THUMB.width() + 28, THUMB.height() + grid.fontMetrics().height() * 2 + 22))
    grid.setWordWrap(True)
    grid.setUniformItemSizes(True)
    grid.setSpacing(6)
    grid.setDragEnabled(False)
    grid.setAcceptDrops(False)
    grid.viewport().setAcceptDrops(False)
    grid.setModel(model)
    return grid


__all__ = ["THUMB", "EvidenceModel", "InfoRole", "added_text", "evidence_grid", "size_text"]
