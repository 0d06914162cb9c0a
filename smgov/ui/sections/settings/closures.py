"""Closure days on the settings page: INSET days and other days the school is closed (not working days)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout

from smgov.ui.frame.forms import button, hint_label, line_edit
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView, uk_date
from smgov.ui.frame.widgets import DateField


@dataclass(frozen=True)
class ClosureRow:
    day: dt.date
    reason: str


class ClosureDayModel(RowTableModel[ClosureRow]):
    DATE, REASON = range(2)
    columns = (
        Column[ClosureRow]("Date", lambda r: f"{r.day:%a} {uk_date(r.day)}", sort_key=lambda r: r.day, width=15),
        Column[ClosureRow]("Reason", lambda r: r.reason),
    )


class ClosureDays(QGroupBox):
    """The list of closure days being edited; they are saved with the rest of the page."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        super().__init__("Closure days")
        self.setObjectName("settings-closures")
        self._on_change = on_change
        self.rows: list[ClosureRow] = []
        column = QVBoxLayout(self)
        column.addWidget(
            hint_label("INSET days and other days the school is closed. They do not count as working days.")
        )
        self.model = ClosureDayModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("Closure days", self, name="settings-closure-table")
        self.table.use_model(self.proxy, ClosureDayModel.DATE)
        self.table.setMinimumHeight(150)
        self.table.setMaximumHeight(220)
        column.addWidget(self.table)

        self.date = DateField(accessible_name="Closure date", name="settings-closure-date")
        self.reason = line_edit("settings-closure-reason", "Closure reason", "Reason, e.g. INSET day")
        self.reason.returnPressed.connect(self.add)
        self.add_button = button("Add", "settings-closure-add", "Add closure day")
        self.add_button.clicked.connect(self.add)
        self.remove_button = button("Remove", "settings-closure-remove", "Remove closure day")
        self.remove_button.clicked.connect(self.remove)
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(self.reason, 1)
        row.addWidget(self.add_button)
        row.addSpacing(16)
        row.addWidget(self.remove_button)
        column.addLayout(row)

    def set_rows(self, rows: list[ClosureRow]) -> None:
        self.rows = sorted(rows, key=lambda r: r.day)
        self.model.set_rows(self.rows)
        self.reason.clear()

    def add(self) -> None:
        day = self.date.date()
        if day is None:
            return
        reason = " ".join(self.reason.text().split())
        self.set_rows([*(row for row in self.rows if row.day != day), ClosureRow(day, reason or "Closed")])
        self._on_change()

    def remove(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        chosen: ClosureRow = self.proxy.row_at(index.row())
        self.set_rows([row for row in self.rows if row.day != chosen.day])
        self._on_change()
