"""The import's preview: one line per login in the file, how it matched, and the account it will go to (chosen in
the table for a login that matched nothing). No password is ever shown in it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget
from typing_extensions import override

from smgov.data.importers.credentials import CredentialImportRow, MatchStatus, mark_duplicates
from smgov.data.services.accounts import AccountRow
from smgov.ui.frame.tables import AnyIndex, Column, RowTableModel

LEAVE_OUT = "Leave it out"


def _status_text(row: CredentialImportRow) -> str:
    if row.status is MatchStatus.ERROR:
        return f"Cannot import: {row.reason_text()}"
    if row.is_duplicate:
        return f"Not imported yet: {row.reason_text()}"
    if row.status is MatchStatus.MATCHED:
        return "Matched"
    return "You chose" if row.account_id is not None else "Not matched"


def will_import(row: CredentialImportRow) -> bool:
    return row.will_import


class ImportPreviewModel(RowTableModel[CredentialImportRow]):
    """The preview: one line per login in the file, with how it matched and the account it will go to.

    The account of a row that matched nothing can be chosen in the table (the Account column is editable there).
    """

    LINE, TITLE, USERNAME, URL, STATUS, ACCOUNT = range(6)
    columns = (
        Column[CredentialImportRow](
            "Line", lambda r: str(r.line), sort_key=lambda r: r.line, width=4, align_right=True
        ),
        Column[CredentialImportRow]("Title", lambda r: r.title, width=20),
        Column[CredentialImportRow]("Username", lambda r: r.username, width=18),
        Column[CredentialImportRow]("Web address", lambda r: r.url, width=22),
        Column[CredentialImportRow]("Match", _status_text, width=20),
        Column[CredentialImportRow]("Account", lambda r: r.account_name),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account_names: dict[int, str] = {}

    def account_text(self, row: CredentialImportRow) -> str:
        if row.account_id is None:
            return LEAVE_OUT if row.status is not MatchStatus.ERROR else ""
        return self.account_names.get(row.account_id, row.account_name)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row_at(index.row())
            if index.column() == self.STATUS:
                return _status_text(row)
            if index.column() == self.ACCOUNT:
                return self.account_text(row)
        if index.isValid() and role == Qt.ItemDataRole.EditRole and index.column() == self.ACCOUNT:
            return self.row_at(index.row()).account_id
        return super().data(index, role)

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.ACCOUNT and self.is_choosable(index.row()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def is_choosable(self, source_row: int) -> bool:
        """Any login that can be imported: its account can be chosen or changed, or it can be left out (how the
        user picks one of several rows for the same account)."""
        return self.row_at(source_row).status is not MatchStatus.ERROR

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.ACCOUNT or not self.is_choosable(index.row()):
            return False
        row = self.row_at(index.row())
        chosen = value if isinstance(value, int) else None
        if chosen == row.account_id:
            return True
        row.account_id = chosen
        row.status = MatchStatus.NO_MATCH  # chosen by the user now, not matched by smgov
        row.account_name = self.account_names.get(chosen, "") if chosen is not None else ""
        mark_duplicates(self.rows())  # leaving one row out may settle which of several goes to an account
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.STATUS), self.index(self.rowCount() - 1, self.ACCOUNT))
        return True


class AccountChoiceDelegate(QStyledItemDelegate):
    """A list of the register's accounts in the Account cell of a row that matched nothing."""

    def __init__(self, accounts: list[AccountRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = sorted(accounts, key=lambda a: a.display_name.casefold())

    @override
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        line = index.model().index(index.row(), ImportPreviewModel.LINE).data()
        combo.setObjectName(f"import-account-line-{line}")
        combo.setAccessibleName(f"Account for line {line}")
        combo.setMaxVisibleItems(20)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel scrolls the table, never changes the choice
        combo.addItem(LEAVE_OUT, None)
        for account in self.accounts:
            combo.addItem(f"{account.display_name} \u2014 {account.platform.label}", account.id)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    @override
    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.blockSignals(True)
        editor.setCurrentIndex(max(found, 0))
        editor.blockSignals(False)

    @override
    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    @override
    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        editor.setGeometry(option.rect.adjusted(1, 1, -1, -1))


def forget_secret(row: CredentialImportRow) -> None:
    """Drop the plaintext a preview row carries."""
    row._secret = row._notes = row._totp = ""
