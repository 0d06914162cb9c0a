"""The health report, the section's second tab: passwords to change (given to a leaver, easy to guess, used twice,
too old), each a double-click from its credential."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smgov.data.services.vault import HealthItem
from smgov.ui.frame.forms import button
from smgov.ui.frame.tables import FilterProxy, TableView, buddy_label
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.vault.model import HealthTableModel
from smgov.ui.sections.vault.words import PROBLEMS


class HealthReport(QWidget):
    """The report's filter, table and count, and Go to this password.

    Signals:
        open_credential(int): the user chose an item: show its credential.
    """

    open_credential = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vault-health")
        self.max_age = 365
        self.loaded = False
        self.model = HealthTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)
        self.intro = plain_label("", name="vault-health-intro")
        self.filter = QComboBox()
        self.filter.setObjectName("vault-health-filter")
        self.filter.setAccessibleName("Problem")
        self.filter.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.filter.setMinimumContentsLength(24)
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter.addItem("Every problem", None)
        self.filter.currentIndexChanged.connect(self._problem_chosen)
        filters = QHBoxLayout()
        filters.addWidget(buddy_label("&Problem", self.filter))
        filters.addWidget(self.filter)
        filters.addStretch(1)

        self.table = TableView("Health report", self, name="vault-health-table")
        self.table.use_model(self.proxy, HealthTableModel.PROBLEM)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count = QLabel("")
        self.count.setObjectName("vault-health-count")
        self.count.setAccessibleName("Number of problems")
        self.open_button = button("&Go to this password", "vault-health-open", tooltip="Or double-click it, or Enter")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._activated(self.table.currentIndex()))
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self._show_intro()

    def set_items(self, items: Sequence[HealthItem], max_age: int) -> None:
        self.loaded = True
        self.max_age = max_age
        self.model.set_rows(items)
        chosen = self.filter.currentData()
        counts: dict[str, int] = defaultdict(int)
        for item in items:
            counts[item.problem] += 1
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(f"Every problem ({len(items)})", None)
        for key, text in PROBLEMS.items():
            self.filter.addItem(f"{text} ({counts.get(key, 0)})", key)
        self.filter.setCurrentIndex(max(self.filter.findData(chosen) if chosen is not None else 0, 0))
        self.filter.blockSignals(False)
        self._problem_chosen()
        self._show_intro()

    def clear(self) -> None:
        self.loaded = False
        self.model.clear()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem("Every problem", None)
        self.filter.blockSignals(False)
        self.proxy.set_predicate("problem", None)
        self.count.setText("")
        self._show_intro()

    def _problem_chosen(self, _index: int = 0) -> None:
        wanted = self.filter.currentData()
        self.proxy.set_predicate("problem", None if wanted is None else (lambda i: i.problem == wanted))

    def _show_counts(self, total: int, shown: int) -> None:
        if total == 0:
            self.count.setText("")
        elif shown == total:
            self.count.setText(f"{total:,} to put right")
        else:
            self.count.setText(f"{total:,} to put right, {shown:,} shown")

    def _show_intro(self) -> None:
        if self.loaded and self.model.rowCount() == 0:
            self.intro.setText(
                "Nothing to put right: no password is weak, used twice, older than the school's limit "
                f"({self.max_age} days) or known to someone who has left."
            )
        else:
            self.intro.setText(
                "Passwords to change: given to someone who has left, easy to guess, used on more than one account, "
                f"or older than the school's limit of {self.max_age} days. Double-click one to open it."
            )

    def _current_changed(self, current: QModelIndex | QPersistentModelIndex, _previous: object) -> None:
        self.open_button.setEnabled(current.isValid())

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            item: HealthItem = self.proxy.row_at(index.row())
            self.open_credential.emit(item.credential.id)
