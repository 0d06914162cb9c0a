"""A new credential (with its password), or the details kept beside a password: a step dialog saved off the UI
thread. Every field that held a secret is emptied when the dialog hides; it closes when the workspace locks."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.models.vault import CredentialKind
from smgov.data.services.accounts import AccountRow
from smgov.data.services.vault import CredentialForm, CredentialRow
from smgov.ui.frame.clipboard import SecretClipboard, secret_clipboard
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import button, line_edit, text_edit
from smgov.ui.frame.widgets import PassphraseEdit, StrengthMeter, plain_label
from smgov.ui.sections.vault.words import account_text, credential_subtitle

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.sections.vault.generator import PasswordGeneratorDialog
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


def combo(name: str, accessible: str) -> QComboBox:
    """A drop-down that the mouse wheel never changes unless it has the focus."""
    made = QComboBox()
    made.setObjectName(name)
    made.setAccessibleName(accessible)
    made.setMaxVisibleItems(20)
    made.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return made


def open_generator(parent: QWidget, clipboard: SecretClipboard, use: Callable[[str], None]) -> PasswordGeneratorDialog:
    from smgov.ui.sections.vault.generator import PasswordGeneratorDialog

    dialog = PasswordGeneratorDialog(parent, clipboard=clipboard)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.password_chosen.connect(use)
    dialog.open()
    return dialog


def with_button(field: QWidget, extra: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    row.addWidget(field, 1)
    row.addWidget(extra)
    return row


class CredentialDialog(StepDialog):
    """Add a credential to an account (with its password), or change the details kept beside the password.

    For editing, pass ``credential`` and the current ``username`` and ``notes`` (revealed, so audited, by the
    caller); the password itself is changed with the Change password dialog.

    Signals: ``recorded(object)``: the credential's id, once saved.
    """

    changes = (Change.VAULT,)
    KEEP_TOTP, REPLACE_TOTP, REMOVE_TOTP = range(3)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        accounts: Sequence[AccountRow] = (),
        *,
        credential: CredentialRow | None = None,
        account_id: int | None = None,
        username: str = "",
        notes: str = "",
        clipboard: SecretClipboard | None = None,
    ) -> None:
        editing = credential is not None
        super().__init__(
            parent,
            session,
            "Edit the details" if editing else "A new credential",
            "To change the password itself, use Change password instead."
            if editing
            else "The login details of one of the school's accounts. Everything here is kept encrypted.",
            name="credential-dialog",
        )
        self.credential = credential
        self.clipboard = clipboard or secret_clipboard()
        self.generator: PasswordGeneratorDialog | None = None

        self.account: QComboBox | None = None
        if credential is None:
            self.account = combo("credential-account", "Account")
            self.account.addItem("Choose an account…", None)
            for row in sorted(accounts, key=lambda a: a.display_name.casefold()):
                self.account.addItem(account_text(row), row.id)
            if account_id is not None:
                self.account.setCurrentIndex(max(0, self.account.findData(account_id)))
            self.add_field("account", "&Account", self.account)
        else:
            self.body.insertWidget(0, plain_label(credential_subtitle(credential), name="credential-subtitle"))
            account_label = plain_label(f"{credential.account_name} \u2014 {credential.platform.label}", wrap=False)
            account_label.setObjectName("credential-account-name")
            self.form.addRow("Account", account_label)

        self.kind = combo("credential-kind", "Kind")
        for kind in CredentialKind:
            self.kind.addItem(kind.label, kind)
        if credential is not None:
            self.kind.setCurrentIndex(self.kind.findData(credential.kind))
        self.add_field("kind", "&Kind", self.kind)
        self.label = line_edit("credential-label", "Label", "For example: Main login, or Office mailbox")
        self.label.setMaxLength(200)
        if credential is not None:
            self.label.setText(credential.label)
        self.add_field("label", "&Label", self.label)
        self.username = line_edit("credential-username", "Username", "The email address or name used to sign in")
        self.username.setMaxLength(500)
        self.username.setText(username)
        self.add_field("username", "&Username", self.username)

        self.secret: PassphraseEdit | None = None
        self.meter: StrengthMeter | None = None
        self.secret_caption: QLabel | None = None
        if credential is None:
            self.secret = PassphraseEdit(accessible_name="Password", name="credential-secret")
            self.secret.line_edit.setMaxLength(10_000)
            self.generate_button = button("&Generate…", "credential-generate", "Generate a password")
            self.generate_button.clicked.connect(self.generate)
            self.secret_caption = self.add_field(
                "secret", "&Password", self.secret, layout=with_button(self.secret, self.generate_button)
            )
            self.meter = StrengthMeter(name="credential-strength")
            self.secret.textChanged.connect(self.meter.set_passphrase)
            self.form.addRow("", self.meter)
            self.kind.currentIndexChanged.connect(self._kind_changed)
            if self.account is not None:
                self.account.currentIndexChanged.connect(lambda _index: self._judge_against_account())
            self._judge_against_account()

        self.notes = text_edit(
            "credential-notes", "Notes", placeholder="Anything else: where two-factor codes go, who set it up"
        )
        self.notes.setPlainText(notes)
        self.add_field("notes", "&Notes", self.notes)

        self.totp_choice: QComboBox | None = None
        self.totp = PassphraseEdit(accessible_name="Two-factor secret or link", name="credential-totp")
        self.totp.setPlaceholderText("Optional: the secret key, or an otpauth:// link")
        self.totp.line_edit.setMaxLength(2000)
        if credential is not None and credential.has_totp:
            self.totp_choice = combo("credential-totp-choice", "Two-factor secret")
            self.totp_choice.addItems(["Keep the current one", "Replace it with a new one", "Remove it"])
            self.totp_choice.currentIndexChanged.connect(self._totp_choice_changed)
            self.add_field("totp_choice", "&Two-factor", self.totp_choice)
            self.add_field("totp", "New &secret", self.totp)
            self._totp_choice_changed(self.KEEP_TOTP)
        else:
            self.add_field("totp", "&Two-factor", self.totp)
        self.add_stretch()

    def _judge_against_account(self) -> None:
        """The meter judges the password as it will be judged when saved: the school's and account's names count."""
        from smgov.data.services import vault

        if self.meter is None or not self.session.is_unlocked:
            return
        account_id = self.account.currentData() if self.account is not None else None
        self.meter.set_user_inputs(vault.strength_inputs(self.session.workspace, account_id))  # a quick read

    def _kind_changed(self, _index: int = 0) -> None:
        recovery = self.kind.currentData() is CredentialKind.RECOVERY_CODES
        if self.secret_caption is not None:
            self.secret_caption.setText("Recovery &codes" if recovery else "&Password")
        if self.secret is not None:
            self.secret.line_edit.setAccessibleName("Recovery codes" if recovery else "Password")

    def _totp_choice_changed(self, index: int) -> None:
        self.totp.setEnabled(index == self.REPLACE_TOTP)
        if index != self.REPLACE_TOTP:
            self.totp.clear()

    def generate(self) -> None:
        self.generator = open_generator(self, self.clipboard, self._generated)

    def _generated(self, password: str) -> None:
        if self.secret is not None:
            self.secret.setText(password)

    def totp_value(self) -> str | None:
        """What to save for the two-factor secret: None keeps it, "" removes it."""
        if self.totp_choice is None:
            return self.totp.text()
        choice = self.totp_choice.currentIndex()
        if choice == self.KEEP_TOTP:
            return None
        if choice == self.REMOVE_TOTP:
            return ""
        return self.totp.text()

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        from smgov.data.services import vault

        kind = self.kind.currentData()
        label, username, notes = self.label.text(), self.username.text(), self.notes.toPlainText()
        if self.credential is None:
            assert self.account is not None and self.secret is not None
            account_id = self.account.currentData()
            if account_id is None:
                raise ValidationError("Choose the account this login belongs to.", field="account")
            form = CredentialForm(kind, label, username, self.secret.text(), notes, self.totp.text())
            return lambda workspace: vault.add_credential(workspace, account_id, form)
        totp = self.totp_value()
        replacing = self.totp_choice is not None and self.totp_choice.currentIndex() == self.REPLACE_TOTP
        if replacing and not (totp or "").strip():
            raise ValidationError("Enter the new two-factor secret, or keep the current one.", field="totp")
        credential_id = self.credential.id

        def update(workspace: Workspace) -> int:
            vault.update_details(
                workspace, credential_id, kind=kind, label=label, username=username, notes=notes, totp=totp
            )
            return credential_id

        return update

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        # Nothing secret stays in a widget once the dialog is gone.
        self.username.clear()
        self.notes.clear()
        self.totp.clear()
        if self.secret is not None:
            self.secret.clear()
            self.secret.hide_text()
        super().hideEvent(event)
