"""The staff named on an account: their table (past staff greyed, missing training marked) and the box around it
with the summary, the policy warnings and the Add / Take off buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QGroupBox, QHBoxLayout, QSizePolicy, QStyle, QVBoxLayout
from typing_extensions import override

from smgov.data.models.accounts import AccountStatus, StaffRole
from smgov.data.services.accounts import AccountDetails, StaffLink
from smgov.ui.frame.forms import WarningNote, button, hint_label
from smgov.ui.frame.tables import AnyIndex, Column, FilterProxy, RowTableModel, TableView, uk_date
from smgov.ui.frame.widgets import plain_label

S = AccountStatus


def staff_name(link: StaffLink) -> str:
    if link.removed_on is not None:
        return f"{link.person_name} (removed {uk_date(link.removed_on)})"
    if link.has_left:
        return f"{link.person_name} (has left)"
    return link.person_name


def authorised_text(link: StaffLink) -> str:
    """Who authorised the person, and when: "Dr Okafor, 08/01/2026"."""
    return ", ".join(part for part in (link.authorised_by, uk_date(link.authorised_on)) if part)


class StaffTableModel(RowTableModel[StaffLink]):
    """The staff named on one account; people taken off it or who left are greyed."""

    NAME, ROLE, TRAINED, TERMS, AUTHORISED = range(5)
    columns = (
        Column[StaffLink]("Name", staff_name, width=15),
        Column[StaffLink]("Role", lambda s: s.role.label, width=7),
        Column[StaffLink]("Trained", lambda s: "Yes" if s.trained else "No", width=7),
        Column[StaffLink]("Terms", lambda s: "Signed" if s.terms_signed else "No", width=7),
        Column[StaffLink]("Authorised", authorised_text, sort_key=lambda s: s.authorised_on),
    )

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole):
            link = self.row_at(index.row())
            if role == Qt.ItemDataRole.ForegroundRole:
                if not link.is_current:
                    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
                return None
            missing = (index.column() == self.TRAINED and not link.trained) or (
                index.column() == self.TERMS and not link.terms_signed
            )
            if missing and link.is_current:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if index.isValid() and role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index)
        return super().data(index, role)


def staff_warnings(details: AccountDetails) -> list[str]:
    """What the policy asks for that the account's named staff lack."""
    if details.status in (S.CLOSED, S.REJECTED):
        return []
    current = details.current_staff
    warnings = []
    if len(current) < 2:
        warnings.append("The policy asks for at least two named staff on each account.")
    not_ready = [s.person_name for s in current if not (s.trained and s.terms_signed)]
    if not_ready:
        warnings.append(
            "Training or signed terms of use missing for: " + ", ".join(not_ready) + ". Record them in People."
        )
    return warnings


class StaffBox(QGroupBox):
    """The named staff of the account shown (none until it is saved).

    Signals:
        add_chosen(): Add person… was pressed.
        remove_chosen(object): Take off account was pressed (the chosen StaffLink).
        person_chosen(int): a person was opened (double-click or Enter): their person id.
    """

    add_chosen = Signal()
    remove_chosen = Signal(object)
    person_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__("Named staff")
        self.setObjectName("account-staff")
        self.details: AccountDetails | None = None
        column = QVBoxLayout(self)
        column.setSpacing(6)
        self.summary = plain_label("", name="account-staff-summary")
        self.warning = WarningNote("", "account-staff-warning")
        self.model = StaffTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("Named staff", self, name="account-staff-table")
        self.table.use_model(self.proxy)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(rows * 4 + 8)
        self.table.setMaximumHeight(rows * 7 + 8)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.table.activated.connect(self._activated)
        self.table.setToolTip("Double-click or press Enter to open the person in People.")
        self.show_removed = QCheckBox("Show past staff")
        self.show_removed.setObjectName("account-staff-history")
        self.show_removed.setAccessibleName("Show people taken off the account and leavers")
        self.show_removed.toggled.connect(self._filter)
        self.add_button = button("Add person…", "account-staff-add", "Name a person on the account")
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button = button("Take off account", "account-staff-remove", "Take the person off the account")
        self.remove_button.clicked.connect(self._remove)
        self.hint = hint_label("Save the account first, then name the staff who will run it.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_removed)
        column.addWidget(self.summary)
        column.addWidget(self.warning)
        column.addWidget(self.table)
        column.addLayout(buttons)
        column.addWidget(self.hint)
        self._filter(False)

    def show_details(self, details: AccountDetails | None) -> None:
        """The staff of ``details`` (None: a new account, not saved yet)."""
        self.details = details
        saved = details is not None
        for widget in (self.table, self.show_removed, self.add_button, self.remove_button, self.summary):
            widget.setVisible(saved)
        self.hint.setVisible(not saved)
        if details is None:
            self.model.clear()
            self.summary.clear()
            self.warning.set_text("")
            self.warning.setVisible(False)
        else:
            self.model.set_rows(details.staff)
            current = details.current_staff
            leads = [s for s in current if s.role is StaffRole.LEAD]
            lead = f"; lead: {leads[0].person_name}" if leads else "; no lead named"
            self.summary.setText(f"{len(current)} current named staff{lead}")
            warnings = staff_warnings(details)
            self.warning.set_text(" ".join(warnings))
            self.warning.setVisible(bool(warnings))
        self._update_buttons()

    def clear(self) -> None:
        self.show_details(None)
        self.hint.setVisible(False)

    def selected(self) -> StaffLink | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        link: StaffLink = self.proxy.row_at(index.row())
        return link

    def set_enabled(self, enabled: bool) -> None:
        self.add_button.setEnabled(enabled)
        self.remove_button.setEnabled(enabled)
        if enabled:
            self._update_buttons()

    def _filter(self, show_all: bool) -> None:
        self.proxy.set_predicate("current", None if show_all else (lambda link: link.is_current))

    def _update_buttons(self) -> None:
        link = self.selected()
        details = self.details
        self.add_button.setEnabled(details is not None and details.status is not S.CLOSED)
        self.remove_button.setEnabled(link is not None and link.removed_on is None)

    def _remove(self) -> None:
        link = self.selected()
        if link is not None:
            self.remove_chosen.emit(link)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            link: StaffLink = self.proxy.row_at(index.row())
            self.person_chosen.emit(link.person_id)
