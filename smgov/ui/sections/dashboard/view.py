"""The dashboard: a greeting, and what needs attention today, each item one click (or Enter) from its record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QFrame, QLabel, QStyle, QVBoxLayout, QWidget

from smgov.data.areas import Section
from smgov.data.services.dashboard import AttentionItem
from smgov.ui.frame import operations
from smgov.ui.frame.page import SectionPage
from smgov.ui.sections.dashboard.attention import (
    GROUP_LIMIT,
    URGENCY,
    AttentionList,
    ItemRole,
    MoreItems,
    MoreRole,
    greeting,
    scaled,
)
from smgov.ui.shell.session import AppSession


class DashboardView(SectionPage):
    """The first page after unlocking. Refreshes when data changes or the workspace unlocks; clears on lock.
    Choosing an item emits ``open_record`` with its section and record."""

    section = Section.DASHBOARD

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.loads = operations.LatestLoad(self, session)
        self._items: list[AttentionItem] = []
        self._unfolded: set[str] = set()  # groups the user chose to see in full

        self.greeting_label = QLabel("")
        self.greeting_label.setObjectName("dashboard-greeting")
        self.greeting_label.setTextFormat(Qt.TextFormat.PlainText)
        self.greeting_label.setFont(scaled(self.font(), 1.7, bold=True))
        self.greeting_label.setWordWrap(True)
        self.date_label = QLabel("")
        self.date_label.setObjectName("dashboard-date")
        self.date_label.setTextFormat(Qt.TextFormat.PlainText)
        self.date_label.setFont(scaled(self.font(), 1.1))
        self.status_label = QLabel("")
        self.status_label.setObjectName("dashboard-status")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.heading = heading = QLabel("Needs attention")
        heading.setObjectName("attention-heading")
        heading.setFont(scaled(self.font(), 1.25, bold=True))

        self.model = QStandardItemModel(self)
        self.attention = AttentionList(self)
        self.attention.setModel(self.model)
        heading.setBuddy(self.attention)
        self.attention.clicked.connect(self._activated)
        self.attention.activated.connect(self._activated)

        self.empty = self._make_empty_state()
        self.loading = QLabel("Checking what needs attention…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.loading.setObjectName("attention-loading")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(6)
        layout.addWidget(self.greeting_label)
        layout.addWidget(self.date_label)
        layout.addWidget(self.status_label)
        layout.addSpacing(18)
        layout.addWidget(heading)
        layout.addSpacing(4)
        layout.addWidget(self.loading)
        layout.addWidget(self.attention)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self._show_part(self.loading)

        session.locked.connect(self.clear)
        # Every write announces its change (run_write): any change anywhere may change what needs attention. It
        # reloads at once when on screen, else the next time it is shown, and once per change, not per event.
        self.freshness = operations.ReloadWhenShown(self, self.reload)
        session.unlocked.connect(self.freshness.mark_stale)
        session.changed.connect(self.freshness.mark_stale)
        if session.is_unlocked and self.isVisible():
            self.reload()

    def _make_empty_state(self) -> QWidget:
        box = QFrame()
        box.setObjectName("attention-empty")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("Nothing needs your attention today")
        title.setObjectName("attention-empty-title")
        title.setFont(scaled(self.font(), 1.2, bold=True))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message = QLabel(
            "Everything is up to date. When a review falls due or something needs doing, it will show here."
        )
        message.setWordWrap(True)
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(box)
        column.setContentsMargins(24, 28, 24, 28)
        column.setSpacing(8)
        column.addWidget(icon)
        column.addWidget(title)
        column.addWidget(message)
        return box

    # -- loading -----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        workspace = self.session.workspace
        today = dt.date.today()

        def load() -> tuple[str, str, list[AttentionItem]]:
            from smgov.data.services import school
            from smgov.data.services.dashboard import attention_items

            details = school.get_details(workspace)
            return details.name, self._status_text(details, today), attention_items(workspace, today)

        if not self._items:
            self._show_part(self.loading)
        self.loads.start(load, lambda result: self._loaded(today, *result))  # a failure is shown (show_error)

    @staticmethod
    def _status_text(details: Any, today: dt.date) -> str:
        parts = []
        if details.last_backup_at is None:
            parts.append("No backup yet")
        else:
            parts.append(f"Last backup {details.last_backup_at.astimezone():%d/%m/%Y %H:%M}")
        if details.policy_review_date is not None:
            parts.append(f"Policy review due {details.policy_review_date:%d/%m/%Y}")
        parts.append("Emergency Kit printed" if details.kit_printed_at is not None else "Emergency Kit not printed yet")
        return "  ·  ".join(parts)

    def _loaded(self, today: dt.date, school_name: str, status: str, items: list[Any]) -> None:
        self.greeting_label.setText(f"{greeting()}. This is {school_name}.")
        self.date_label.setText(f"Today is {today:%A} {today:%d/%m/%Y}.")
        self.status_label.setText(status)
        self.show_items(items)

    def show_items(self, items: list[AttentionItem]) -> None:
        """Show ``items`` (most urgent first, as the service sorts them), or the calm empty state.

        Past :data:`GROUP_LIMIT` items of one group, the rest fold into a "Show N more" row after the last one shown.
        """
        self._items = list(items)
        sizes: dict[str, int] = {}
        for item in items:
            sizes[item.group] = sizes.get(item.group, 0) + 1
        shown: dict[str, int] = {}
        self.model.clear()
        for item in items:
            group = item.group
            folded = sizes[group] > GROUP_LIMIT and group not in self._unfolded
            if folded and shown.get(group, 0) >= GROUP_LIMIT:
                continue
            shown[group] = shown.get(group, 0) + 1
            self.model.appendRow(self._row(item))
            if folded and shown[group] == GROUP_LIMIT:
                self.model.appendRow(self._more_row(MoreItems(group, sizes[group] - GROUP_LIMIT)))
        self.heading.setText(f"Needs attention ({len(items)})" if items else "Needs attention")
        self._show_part(self.attention if items else self.empty)
        self.attention.updateGeometry()
        if items and not self.attention.currentIndex().isValid():
            # Current (for the keyboard) but not selected, so no item looks chosen before the user acts.
            self.attention.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    @staticmethod
    def _row(item: AttentionItem) -> QStandardItem:
        word = URGENCY[item.urgency][0]
        row = QStandardItem(item.title)
        row.setData(item, ItemRole)
        row.setData(f"{word}: {item.title}. {item.detail}", Qt.ItemDataRole.AccessibleTextRole)
        row.setToolTip(item.detail)
        row.setEditable(False)
        return row

    @staticmethod
    def _more_row(more: MoreItems) -> QStandardItem:
        row = QStandardItem(more.text)
        row.setData(more, MoreRole)
        row.setData(more.text, Qt.ItemDataRole.AccessibleTextRole)
        row.setToolTip("Show every item of this kind")
        row.setEditable(False)
        return row

    def unfold(self, group: str) -> None:
        """Show every item of ``group``, keeping the keyboard on the first one that was folded away."""
        if group in self._unfolded:
            return
        self._unfolded.add(group)
        first_hidden = [item for item in self._items if item.group == group][GROUP_LIMIT:][:1]
        self.show_items(self._items)
        for row in range(self.model.rowCount()):
            if first_hidden and self.model.item(row).data(ItemRole) == first_hidden[0]:
                index = self.model.index(row, 0)
                self.attention.setCurrentIndex(index)
                self.attention.scrollTo(index)
                break

    def clear(self) -> None:
        """Forget everything shown (the workspace locked)."""
        self.loads.cancel()
        self.freshness.stale = True
        self._items = []
        self._unfolded.clear()
        self.model.clear()
        self.greeting_label.clear()
        self.date_label.clear()
        self.status_label.clear()
        self.heading.setText("Needs attention")
        self._show_part(self.loading)

    def _show_part(self, part: QWidget) -> None:
        for widget in (self.loading, self.attention, self.empty):
            widget.setVisible(widget is part)

    def items(self) -> list[AttentionItem]:
        return list(self._items)

    def _activated(self, index: QModelIndex) -> None:
        more: MoreItems | None = index.data(MoreRole)
        if more is not None:
            self.unfold(more.group)
            return
        item: AttentionItem | None = index.data(ItemRole)
        if item is not None:
            self.open_record.emit(item.section, item.record_id)
