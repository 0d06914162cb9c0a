"""The password history: the last 10 earlier passwords of a credential, one shown or copied on request (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QLabel, QWidget
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.services.vault import CredentialRow, HistoryRow, Purpose
from smgov.ui.frame.clipboard import ClipboardStatus, SecretClipboard, secret_clipboard
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView, local_time
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.vault.secret_field import Fetch, SecretField
from smgov.ui.sections.vault.words import credential_subtitle

if TYPE_CHECKING:
    from smgov.ui.shell.session import AppSession


class HistoryTableModel(RowTableModel[HistoryRow]):
    """Earlier passwords: when each was set, and when it was replaced."""

    SET, REPLACED = range(2)
    columns = (
        Column[HistoryRow]("Set on", lambda r: local_time(r.set_at), sort_key=lambda r: r.set_at, width=18),
        Column[HistoryRow]("Replaced on", lambda r: local_time(r.replaced_at), sort_key=lambda r: r.replaced_at),
    )


class HistoryDialog(Dialog):
    """The previous passwords of a credential (the last 10); one can be shown or copied on request (audited)."""

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        credential: CredentialRow,
        *,
        clipboard: SecretClipboard | None = None,
    ) -> None:
        from smgov.data.services import vault

        super().__init__(
            parent,
            "Password history",
            name="history-dialog",
            intro="Earlier passwords, newest first. smgov keeps the last 10, encrypted, in case a change did not go "
            "through on the platform. Showing or copying one is recorded in the audit log.",
            buttons=QDialogButtonBox.StandardButton.Close,
            min_width=560,
        )
        self.session = session
        self.credential = credential
        self.clipboard = clipboard or secret_clipboard()
        self.model = HistoryTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.model.set_rows(vault.history(session.workspace, credential.id))  # a quick read

        self.body.insertWidget(0, plain_label(credential_subtitle(credential), name="history-subtitle"))
        self.table = TableView("Earlier passwords", self, name="history-table")
        self.table.use_model(self.proxy, HistoryTableModel.REPLACED, Qt.SortOrder.DescendingOrder)
        self.table.setMinimumHeight(180)
        self.empty = plain_label(
            "No earlier passwords yet: the history fills up as the password is changed.", name="history-empty"
        )
        # Only ever hidden here: a parentless widget made visible would open as a window of its own.
        (self.empty if self.model.rowCount() else self.table).hide()
        self.field = SecretField("old password", session, self._fetch, self.clipboard, name="history-secret")
        self.field.set_enabled_buttons(False)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.clipboard_status = ClipboardStatus(self.clipboard, name="history-clipboard-status")

        chosen_row = QHBoxLayout()
        caption = QLabel("&Chosen password")
        caption.setBuddy(self.field.value)
        chosen_row.addWidget(caption)
        chosen_row.addWidget(self.field, 1)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.empty)
        self.body.addLayout(chosen_row)
        self.body.addWidget(self.clipboard_status)
        session.locked.connect(self.reject)
        if self.model.rowCount():
            self.table.selectRow(0)

    def _selected(self) -> HistoryRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def _chosen(self, *_args: object) -> None:
        self.field.conceal()
        self.field.set_enabled_buttons(self._selected() is not None)

    def _fetch(self, purpose: str) -> Fetch:
        from smgov.data.services import vault

        entry = self._selected()
        if entry is None:
            raise ValidationError("Choose an earlier password in the list first.")
        history_id = entry.id
        action: Purpose = "copy" if purpose == "copy" else "reveal"
        return lambda workspace: vault.reveal_history(workspace, history_id, action)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        self.field.conceal()
        super().hideEvent(event)
