"""The Passwords section: every credential of every account, the chosen one beside the list, and the health report.

The list carries no secret at all (the service's rows hold the strength score and dates, never a value), so it
loads in the background like any other list. Values are fetched only when the user shows or copies one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QBoxLayout, QComboBox, QDialog, QStyle, QTabWidget, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.errors import SmgovError
from smgov.ui.frame import msgbox
from smgov.ui.frame.clipboard import ClipboardStatus, SecretClipboard, secret_clipboard
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.section import Filter, ListSection, Predicate, choice_filter
from smgov.ui.frame.tables import RowTableModel
from smgov.ui.frame.widgets import error_colour, warning_colour
from smgov.ui.sections.vault.health import HealthReport
from smgov.ui.sections.vault.model import VaultRow, VaultTableModel, load_rows
from smgov.ui.sections.vault.pane import CredentialPane
from smgov.ui.sections.vault.words import ATTENTION, PROBLEMS

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

NO_PASSWORDS = (
    "No passwords are kept yet: use New credential (Ctrl+N) to add one, or import them from KeePassXC or Bitwarden."
)


def _account(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    return lambda row: row.credential.account_id == chosen


def _problem(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    if chosen == ATTENTION:
        return lambda row: bool(row.problems)
    return lambda row: chosen in row.problems


class VaultView(ListSection[VaultRow]):
    """The Passwords section. Hides shown values when left; clears (and the clipboard) when locked."""

    section = Section.VAULT
    name = "vault"
    title = "Passwords"
    intro = (
        "The login details of the school's accounts, kept encrypted. Usernames and passwords stay hidden until "
        "you show or copy one, and each time is recorded in the audit log."
    )
    noun = ("password", "passwords")
    search_placeholder = "Search passwords"
    # Accounts, people (leavers) and settings (the maximum age) all change what this list shows.
    watched = frozenset({Change.VAULT, Change.ACCOUNTS, Change.PEOPLE, Change.SETTINGS})
    new_text = "New credential…"
    new_tooltip = "Add a login to an account (Ctrl+N)"
    sort_column = VaultTableModel.ACCOUNT
    gone_notice = "That password is no longer in the vault."

    ALL_TAB, HEALTH_TAB = range(2)
    pane: CredentialPane
    model: VaultTableModel

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        self._wanted: int | None = None  # a credential just added: opened once the list has it
        self.dialog: QDialog | None = None
        self.clipboard: SecretClipboard = secret_clipboard()  # the footer shows it, the pane copies to it
        self.clipboard.watch(session)  # cleared when the workspace locks
        super().__init__(session, parent)
        self.health = HealthReport(self)
        self.health.open_credential.connect(self.show_record)
        self._into_tabs()
        self._size_columns()
        self.search.find_shortcut.activated.connect(self.focus_search)  # from the health report too

    # -- building ----------------------------------------------------------------------------------------------

    def _into_tabs(self) -> None:
        """The list (with its filters) and the health report as two tabs under the heading."""
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        layout.removeItem(self.filter_bar)
        self.filter_bar.setParent(None)
        layout.removeWidget(self.splitter)
        page = QWidget()
        page.setObjectName("vault-all")
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(8)
        column.addLayout(self.filter_bar)
        column.addWidget(self.splitter, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("vault-tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(page, "All passwords")
        self.tabs.addTab(self.health, "Health report")
        self.tabs.setTabToolTip(self.HEALTH_TAB, "Passwords to change: weak, reused, too old, or known to a leaver")
        layout.addWidget(self.tabs, 1)

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(VaultTableModel.SAMPLES):
            title = VaultTableModel.columns[column].title
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 14)
            self.table.setColumnWidth(column, width + 16 + (18 if column == VaultTableModel.AGE else 0))

    @override
    def make_model(self) -> RowTableModel[VaultRow]:
        model = VaultTableModel(self)
        model.warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        model.warning = warning_colour(self)
        model.error = error_colour(self)
        return model

    @override
    def make_pane(self) -> DetailsPane:
        return CredentialPane(self.session, self.clipboard, self._lookup, self)

    @override
    def make_filters(self) -> list[Filter]:
        account = choice_filter("&Account", "vault-account-filter", "Account", [("All accounts", None)], _account)
        problems: list[tuple[str, object]] = [("All passwords", None), ("Needs attention", ATTENTION)]
        problems += [(text, key) for key, text in PROBLEMS.items()]
        problem = choice_filter("S&how", "vault-problem-filter", "Show", problems, _problem)
        account.stretch = 2
        for chosen, width in ((account.combo, 16), (problem.combo, 14)):
            chosen.setMinimumContentsLength(width)
            chosen.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            chosen.setMaxVisibleItems(20)
        self.account_filter: QComboBox = account.combo
        self.problem_filter: QComboBox = problem.combo
        return [account, problem]

    @override
    def heading_buttons(self) -> list[QWidget]:
        self.import_button = button(
            "&Import from KeePassXC or Bitwarden…",
            "vault-import",
            "Import from KeePassXC or Bitwarden",
            "Bring in passwords exported from another password manager as a CSV file",
        )
        self.import_button.clicked.connect(self.import_credentials)
        return [self.import_button]

    @override
    def footer_widgets(self) -> list[QWidget]:
        self.clipboard_status = ClipboardStatus(self.clipboard, name="vault-clipboard-status")
        return [self.clipboard_status]

    # -- loading -----------------------------------------------------------------------------------------------

    @override
    def load(self, workspace: Workspace) -> Sequence[VaultRow]:
        return load_rows(workspace)

    @override
    def after_load(self) -> None:
        rows = self.model.rows()
        self._fill_accounts(rows)
        items = [item for row in rows for item in row.health]
        self.health.set_items(items, rows[0].max_age if rows else self.health.max_age)
        self.tabs.setTabText(self.HEALTH_TAB, f"Health report ({len(items)})" if items else "Health report")
        if not rows:
            self.notice.setText(NO_PASSWORDS)
        elif self.notice.text() == NO_PASSWORDS:
            self.notice.clear()
        wanted, self._wanted = self._wanted, None
        if wanted is not None and self._lookup(wanted) is not None:
            self.show_record(wanted)  # clears a search or filter that would hide it

    def _fill_accounts(self, rows: Sequence[VaultRow]) -> None:
        combo = self.account_filter
        chosen = combo.currentData()
        names = {
            row.credential.account_id: f"{row.credential.account_name} \u2014 {row.credential.platform.label}"
            for row in rows
        }
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All accounts", None)
        for account_id, text in sorted(names.items(), key=lambda item: item[1].casefold()):
            combo.addItem(text, account_id)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if index < 0:  # the account chosen is gone: show every account again
            combo.currentIndexChanged.emit(0)

    def _lookup(self, credential_id: int) -> VaultRow | None:
        source_row = self.model.source_row_of(lambda row: row.id == credential_id)
        return self.model.row_at(source_row) if source_row >= 0 else None

    @override
    def clear(self) -> None:
        self._wanted = None
        super().clear()
        self._fill_accounts([])
        self.health.clear()
        self.tabs.setTabText(self.HEALTH_TAB, "Health report")

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the section hides whatever was shown; nothing decrypted stays behind a hidden page.
        self.pane.conceal()
        super().hideEvent(event)

    # -- section hooks -----------------------------------------------------------------------------------------

    @override
    def show_record(self, record_id: object) -> None:
        self.tabs.setCurrentIndex(self.ALL_TAB)
        super().show_record(record_id)

    @override
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(self.ALL_TAB)
        super().focus_search()

    @override
    def new_record(self) -> bool:
        """Open New credential (for the account filtered on, or the one shown)."""
        from smgov.data.services import accounts as account_service
        from smgov.ui.sections.vault.credential_dialog import CredentialDialog

        if not self.session.is_unlocked:
            return False
        try:
            accounts = account_service.list_accounts(self.session.workspace)  # a quick read
        except SmgovError as exc:
            show_error(self, exc)
            return False
        if not accounts:
            msgbox.information(
                self,
                "No accounts yet",
                "A password belongs to one of the school's accounts. Add the account in the Accounts section first.",
            )
            return True
        self.pane.conceal()
        chosen = self.account_filter.currentData()
        if chosen is None and self.pane.row is not None:
            chosen = self.pane.row.account_id
        dialog = CredentialDialog(self, self.session, accounts, account_id=chosen, clipboard=self.clipboard)
        dialog.recorded.connect(self._added)
        self._open(dialog)
        return True

    def _added(self, credential_id: object) -> None:
        self._wanted = int(str(credential_id))
        self.say("The password was added.")

    def import_credentials(self) -> QDialog | None:
        from smgov.ui.sections.vault.credential_import import CredentialImportDialog

        if not self.session.is_unlocked:
            return None
        self.pane.conceal()
        return self._open(CredentialImportDialog(self, self.session))

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(self._dialog_gone)
        dialog.open()
        return dialog

    def _dialog_gone(self, *_args: Any) -> None:
        self.dialog = None
