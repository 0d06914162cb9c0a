"""The chosen credential beside the list: its facts, its hidden fields, its live code, and who was given it.

It shows nothing secret by itself: Show and Copy fetch a value (audited) and it hides again; :meth:`conceal` empties
every revealed field, and :meth:`clear` forgets the credential altogether (the workspace locked, or the row is gone).
Changes are made in step dialogs (new password, details, disclosure), each saved off the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import SmgovError, ValidationError, WorkspaceLocked
from smgov.data.services.vault import CredentialRow, Field, Purpose
from smgov.ui.frame import msgbox
from smgov.ui.frame.clipboard import SecretClipboard
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, hint_label, value_label
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.screen import scrolling
from smgov.ui.frame.tables import FilterProxy, TableView, uk_date
from smgov.ui.frame.widgets import (
    error_colour,
    heading_label,
    nothing_chosen_page,
    plain_label,
    set_text_colour,
    warning_colour,
)
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.vault.model import DisclosureTableModel, VaultRow
from smgov.ui.sections.vault.secret_field import REVEAL_MS, Fetch, SecretField, fetch_secret
from smgov.ui.sections.vault.totp import CodeFetch, TotpCode
from smgov.ui.sections.vault.words import days_text, is_weak, local_date, strength_words

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


class CredentialPane(DetailsPane):
    """Everything about one credential, with its secrets hidden until the user shows or copies one (audited).

    ``lookup(id)`` finds the credential's row in the list (None when it is gone).
    """

    def __init__(
        self,
        session: AppSession,
        clipboard: SecretClipboard,
        lookup: Callable[[int], VaultRow | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("vault-details")
        self.session = session
        self.clipboard = clipboard
        self._lookup = lookup
        self.vault_row: VaultRow | None = None
        self.dialog: QDialog | None = None

        self.empty = nothing_chosen_page(
            "No password chosen", "Choose a password in the list to see its details.", name="vault-details-empty"
        )
        self.scroll_area = scrolling(self._build_content(), "vault-details-scroll")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scroll_area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setMinimumWidth(360)
        self.clear()

    # -- building ----------------------------------------------------------------------------------------------

    def _build_content(self) -> QWidget:
        content = QWidget()
        content.setObjectName("vault-details-content")
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 0, 8, 8)
        column.setSpacing(12)
        self.title = heading_label("", name="vault-details-title")
        self.subtitle = plain_label("", name="vault-details-account")
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addLayout(self._build_facts())
        column.addWidget(self._build_sign_in())

        self.change_button = button("&Change password…", "vault-change-password")
        self.change_button.clicked.connect(self.change_password)
        self.edit_button = button("&Edit details…", "vault-edit")
        self.edit_button.clicked.connect(self.edit_details)
        self.history_button = button("&History…", "vault-history", "Password history")
        self.history_button.setToolTip("Earlier passwords (the last 10 are kept)")
        self.history_button.clicked.connect(self.show_history)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for action in (self.change_button, self.edit_button, self.history_button):
            actions.addWidget(action)
        actions.addStretch(1)
        column.addLayout(actions)
        column.addWidget(self._build_disclosures())

        self.delete_button = button("&Delete this credential…", "vault-delete", "Delete this credential")
        self.delete_button.clicked.connect(self.delete)
        delete_row = QHBoxLayout()
        delete_row.addStretch(1)
        delete_row.addWidget(self.delete_button)
        column.addLayout(delete_row)
        column.addStretch(1)
        return content

    def _build_facts(self) -> QFormLayout:
        facts = QFormLayout()
        facts.setVerticalSpacing(6)
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.kind = value_label("vault-details-kind", "Kind")
        self.changed = value_label("vault-details-changed", "Last changed")
        self.age_warning = plain_label("", name="vault-details-age-warning")
        self.strength = value_label("vault-details-strength", "Strength")
        self.two_factor = value_label("vault-details-two-factor", "Two-factor")
        changed_box = QVBoxLayout()
        changed_box.setSpacing(2)
        changed_box.addWidget(self.changed)
        changed_box.addWidget(self.age_warning)
        facts.addRow("Kind", self.kind)
        facts.addRow("Last changed", changed_box)
        facts.addRow("Strength", self.strength)
        facts.addRow("Two-factor", self.two_factor)
        return facts

    def _build_sign_in(self) -> QGroupBox:
        sign_in = QGroupBox("Sign-in details")
        sign_in.setObjectName("vault-sign-in")
        grid = QGridLayout(sign_in)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        session, clipboard = self.session, self.clipboard
        self.username = SecretField("username", session, self._fetcher("username"), clipboard, name="vault-username")
        self.password = SecretField(
            "password", session, self._fetcher("secret"), clipboard, name="vault-password", monospaced=True
        )
        self.notes = SecretField(
            "notes", session, self._fetcher("notes"), clipboard, name="vault-notes", multiline=True
        )
        self.totp = TotpCode(session, self._totp, clipboard, name="vault-totp")
        self.totp_caption = QLabel("Code")
        self.totp_caption.setBuddy(self.totp.show_button)
        self.secret_fields = (self.username, self.password, self.notes)
        for row, (caption, field) in enumerate(
            (("&Username", self.username), ("&Password", self.password), ("&Notes", self.notes))
        ):
            label = QLabel(caption)
            label.setBuddy(field.value)
            align = Qt.AlignmentFlag.AlignTop if field.multiline else Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, row, 0, align)
            grid.addWidget(field, row, 1)
        grid.addWidget(self.totp_caption, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.totp, 3, 1)
        hint = hint_label(
            f"Shown details hide again after {REVEAL_MS // 1000} seconds, and a copy leaves the clipboard after 20. "
            "Each show and copy is recorded in the audit log.",
            name="vault-sign-in-hint",
        )
        grid.addWidget(hint, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return sign_in

    def _build_disclosures(self) -> QGroupBox:
        given = QGroupBox("Who has been given this password")
        given.setObjectName("vault-disclosures")
        given_layout = QVBoxLayout(given)
        given_layout.setSpacing(6)
        self.disclosure_model = DisclosureTableModel(self)
        self.disclosure_proxy = FilterProxy(self.disclosure_model, self)
        self.disclosures = TableView("Who has been given this password", self, name="vault-disclosure-table")
        self.disclosures.use_model(self.disclosure_proxy, DisclosureTableModel.GIVEN_ON, Qt.SortOrder.DescendingOrder)
        self.disclosures.setMinimumHeight(110)
        self.disclosures.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.no_disclosures = hint_label("Not recorded as given to anyone.", name="vault-no-disclosures")
        self.disclose_button = button(
            "&Record that I gave this password to…", "vault-record-disclosure", "Record that I gave this password to"
        )
        self.disclose_button.clicked.connect(self.record_disclosure)
        given_layout.addWidget(self.disclosures)
        given_layout.addWidget(self.no_disclosures)
        disclose_row = QHBoxLayout()
        disclose_row.addWidget(self.disclose_button)
        disclose_row.addStretch(1)
        given_layout.addLayout(disclose_row)
        return given

    # -- DetailsPane -------------------------------------------------------------------------------------------

    @property
    def row(self) -> CredentialRow | None:
        return self.vault_row.credential if self.vault_row is not None else None

    @property
    @override
    def record_id(self) -> int | None:
        return self.vault_row.id if self.vault_row is not None else None

    @override
    def open(self, record_id: int) -> bool:
        row = self._lookup(record_id)
        if row is None:
            self.clear()
            return False
        if row != self.vault_row:  # the same credential, unchanged: what is shown stays shown
            self.show_credential(row)
        return True

    @override
    def clear(self) -> None:
        self.conceal()
        self.vault_row = None
        for label in (self.title, self.subtitle, self.kind, self.changed, self.age_warning, self.strength):
            label.clear()
        self.two_factor.clear()
        self.disclosure_model.clear()
        self.stack.setCurrentWidget(self.empty)

    @override
    def start_new(self, values: dict[str, Any] | None = None) -> None:
        raise NotImplementedError("a credential is added in the New credential dialog")

    # -- what is shown -----------------------------------------------------------------------------------------

    def show_credential(self, vault_row: VaultRow) -> None:
        """Show ``vault_row``; anything revealed before is hidden first."""
        self.conceal()
        self.vault_row = vault_row
        row = vault_row.credential
        self.title.setText(row.title)
        self.title.setAccessibleName(row.title)
        self.subtitle.setText(f"{row.account_name}, on {row.platform.label}")
        self.kind.setText(row.kind.label)
        changed_on = uk_date(local_date(row.changed_at))
        age = vault_row.age_days
        self.changed.setText(f"{changed_on} ({days_text(age)} ago)" if age > 0 else f"{changed_on} (today)")
        self.age_warning.setText(f"Older than the school's limit of {vault_row.max_age} days: change it.")
        set_text_colour(self.age_warning, warning_colour(self))
        self.age_warning.setVisible(vault_row.too_old)
        self.strength.setText(strength_words(row))
        weak = is_weak(row)
        set_text_colour(self.strength, error_colour(self) if weak else self.palette().color(self.foregroundRole()))
        self.two_factor.setText("Live code kept here" if row.has_totp else "No code kept here")
        self.totp.setVisible(row.has_totp)
        self.totp_caption.setVisible(row.has_totp)
        self.refresh_disclosures()
        self.stack.setCurrentWidget(self.scroll_area)
        self.scroll_area.verticalScrollBar().setValue(0)

    def refresh_disclosures(self) -> None:
        row = self.row
        if row is None or not self.session.is_unlocked:
            return
        from smgov.data.services import vault

        try:
            rows = vault.disclosures(self.session.workspace, row.id)  # a quick read
        except WorkspaceLocked:
            return
        except SmgovError as exc:
            show_error(self, exc)
            rows = []
        self.disclosure_model.set_rows(rows)
        self.disclosures.setVisible(bool(rows))
        self.no_disclosures.setVisible(not rows)

    def conceal(self) -> None:
        """Hide every shown value (another row was chosen, the section was left, the workspace locked)."""
        for field in self.secret_fields:
            field.conceal()
        self.totp.hide_code()

    # -- fetching (each read audited by the service) -----------------------------------------------------------

    def _require(self) -> int:
        if self.vault_row is None:
            raise ValidationError("Choose a password in the list first.")
        return self.vault_row.id

    def _fetcher(self, field: Field) -> Callable[[str], Fetch]:
        def fetch(purpose: str) -> Fetch:
            from smgov.data.services import vault

            credential_id = self._require()
            action: Purpose = "copy" if purpose == "copy" else "reveal"
            return lambda workspace: vault.reveal(workspace, credential_id, field, action)

        return fetch

    def _totp(self) -> CodeFetch:
        from smgov.data.services import vault

        credential_id = self._require()
        return lambda workspace: vault.totp_code(workspace, credential_id)

    # -- actions -----------------------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def change_password(self) -> QDialog | None:
        from smgov.ui.sections.vault.change_password import ChangePasswordDialog

        row = self.row
        if row is None or not self.session.is_unlocked:
            return None
        self.conceal()
        return self._open(ChangePasswordDialog(self, self.session, row, clipboard=self.clipboard))

    def edit_details(self) -> bool:
        """Fetch the username and notes (audited, in the background), then open the details dialog with them."""
        from smgov.data.services import vault

        row = self.row
        if row is None or not self.session.is_unlocked:
            return False
        self.conceal()
        credential_id = row.id

        def read(workspace: Workspace) -> tuple[str, str]:
            return (
                vault.reveal(workspace, credential_id, "username", "reveal"),
                vault.reveal(workspace, credential_id, "notes", "reveal"),
            )

        return fetch_secret(self, self.session, read, lambda values: self._edit(row, values))

    def _edit(self, row: CredentialRow, values: tuple[str, str]) -> None:
        from smgov.ui.sections.vault.credential_dialog import CredentialDialog

        if self.row is None or self.row.id != row.id or not self.isVisible():
            return  # another credential was chosen, or the section left, meanwhile
        username, notes = values
        dialog = CredentialDialog(
            self, self.session, credential=row, username=username, notes=notes, clipboard=self.clipboard
        )
        del username, notes, values
        self._open(dialog)

    def show_history(self) -> QDialog | None:
        from smgov.ui.sections.vault.history import HistoryDialog

        row = self.row
        if row is None or not self.session.is_unlocked:
            return None
        self.conceal()
        try:
            dialog = HistoryDialog(self, self.session, row, clipboard=self.clipboard)
        except SmgovError as exc:
            show_error(self, exc)
            return None
        return self._open(dialog)

    def record_disclosure(self) -> QDialog | None:
        from smgov.ui.sections.vault.disclosure import DisclosureDialog

        row = self.row
        if row is None or not self.session.is_unlocked:
            return None
        try:
            dialog = DisclosureDialog(self, self.session, row)
        except SmgovError as exc:
            show_error(self, exc)
            return None
        return self._open(dialog)

    def delete(self) -> None:
        row = self.row
        if row is None:
            return
        self.conceal()
        msgbox.ask(
            self,
            "Delete this credential?",
            f"Delete \u201c{row.title}\u201d from {row.account_name}?\n\n"
            "Its password, its password history and the record of who was given it go for good. "
            "The audit log keeps a note that it was deleted.",
            lambda: self._delete(row.id),
            yes_text="Delete",
        )

    def _delete(self, credential_id: int) -> None:
        from smgov.data.services import vault

        def done(_result: object) -> None:
            log.info("credential %d deleted", credential_id)
            if self.record_id == credential_id:
                self.clear()
            self.deleted.emit(credential_id)

        run_write(
            self,
            self.session,
            lambda workspace: vault.delete_credential(workspace, credential_id),
            done,
            changes=(Change.VAULT,),
            refused_title="Not deleted",
        )
