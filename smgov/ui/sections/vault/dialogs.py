"""The vault's dialogs: a new credential or its details, a new password, a disclosure, and the password history.

Each dialog checks its fields through the service and shows what is wrong next to the field; nothing is saved until
the service accepts it. Every field holding a secret is emptied when the dialog hides, and each dialog closes
itself when the workspace locks.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.models.vault import CredentialKind
from smgov.data.services.accounts import AccountRow
from smgov.data.services.vault import CredentialForm, CredentialRow, HistoryRow
from smgov.ui.frame import msgbox
from smgov.ui.frame.clipboard import ClipboardStatus, SecretClipboard, secret_clipboard
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView, local_time
from smgov.ui.frame.widgets import DateField, FieldError, PassphraseEdit, StrengthMeter, heading_label, plain_label
from smgov.ui.sections.vault.common import SecretField, button
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


def account_text(account: AccountRow) -> str:
    return f"{account.display_name} \u2014 {account.platform.label}"


def credential_subtitle(row: CredentialRow) -> str:
    return f"{row.title} for {row.account_name}, on {row.platform.label}"


class _FormDialog(QDialog):
    """A dialog of fields with an error line under each, Save and Cancel; closes when the workspace locks."""

    PREFIX = "vault"

    def __init__(self, parent: QWidget | None, session: AppSession, title: str, heading: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} - smgov")
        self.session = session
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.heading = heading_label(heading, name=f"{self.PREFIX}-heading")
        self.general_error = FieldError(name=f"{self.PREFIX}-error")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName(f"{self.PREFIX}-save")
        self.save_button.setAccessibleName("Save")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName(f"{self.PREFIX}-cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 18, 20, 14)
        self.layout_.setSpacing(10)
        self.layout_.addWidget(self.heading)
        session.locked.connect(self.reject)

    def finish_layout(self, *intro: QWidget) -> None:
        for widget in intro:
            self.layout_.addWidget(widget)
        self.layout_.addSpacing(4)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.general_error)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.buttons)

    def add_field(self, label: str, key: str, field: QWidget, extra: QWidget | None = None) -> FieldError:
        """A labelled row: the field (and ``extra`` beside it), with its error line under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if extra is None:
            column.addWidget(field)
        else:
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addWidget(field, 1)
            row.addWidget(extra)
            column.addLayout(row)
        error = FieldError(for_widget=field, name=f"{self.PREFIX}-error-{key}")
        column.addWidget(error)
        self.errors[key] = error
        self.fields[key] = field
        caption = QLabel(label)
        caption.setBuddy(field)
        self.form.addRow(caption, box)
        return error

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear()
        self.general_error.clear()

    def show_validation(self, exc: ValidationError) -> None:
        error = self.errors.get(exc.field or "")
        if error is None:
            self.general_error.show_error(str(exc))
            return
        error.show_error(str(exc))
        self.fields[exc.field or ""].setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError

    def clear_secrets(self) -> None:
        """Empty every field that held a secret (the dialog is hiding)."""

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        self.clear_secrets()
        super().hideEvent(event)


def _line_edit(name: str, accessible: str, placeholder: str = "", max_length: int = 500) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


def _plain_text(name: str, accessible: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def _kind_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName("Kind")
    for kind in CredentialKind:
        combo.addItem(kind.label, kind)
    return combo


# -- a new credential, or its details ------------------------------------------------------------------------------


class CredentialDialog(_FormDialog):
    """Add a credential to an account (with its password), or change the details kept beside the password.

    For editing, pass ``credential`` and the current ``username`` and ``notes`` (revealed, so audited, by the
    caller); the password itself is changed with :class:`ChangePasswordDialog`.

    Signals:
        saved(int): the credential's id, once saved.
    """

    PREFIX = "credential"
    saved = Signal(int)

    KEEP_TOTP, REPLACE_TOTP, REMOVE_TOTP = range(3)

    def __init__(
        self,
        parent: QWidget | None,
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
            "Edit details" if editing else "New credential",
            "Edit the details" if editing else "A new credential",
        )
        self.setObjectName("credential-dialog")
        self.credential = credential
        self.clipboard = clipboard or secret_clipboard()

        self.account: QComboBox | None = None
        if credential is None:
            self.account = QComboBox()
            self.account.setObjectName("credential-account")
            self.account.setAccessibleName("Account")
            self.account.setMaxVisibleItems(20)
            self.account.addItem("Choose an account…", None)
            for row in sorted(accounts, key=lambda a: a.display_name.casefold()):
                self.account.addItem(account_text(row), row.id)
            if account_id is not None:
                self.account.setCurrentIndex(max(0, self.account.findData(account_id)))
            self.add_field("&Account", "account", self.account)
        else:
            account_label = plain_label(f"{credential.account_name} \u2014 {credential.platform.label}", wrap=False)
            account_label.setObjectName("credential-account-name")
            self.form.addRow("Account", account_label)

        self.kind = _kind_combo("credential-kind")
        if credential is not None:
            self.kind.setCurrentIndex(self.kind.findData(credential.kind))
        self.add_field("&Kind", "kind", self.kind)
        self.label = _line_edit("credential-label", "Label", "For example: Main login, or Office mailbox", 200)
        if credential is not None:
            self.label.setText(credential.label)
        self.add_field("&Label", "label", self.label)
        self.username = _line_edit("credential-username", "Username", "The email address or name used to sign in")
        self.username.setText(username)
        self.add_field("&Username", "username", self.username)

        self.secret: PassphraseEdit | None = None
        self.meter: StrengthMeter | None = None
        if credential is None:
            self.secret = PassphraseEdit(accessible_name="Password", name="credential-secret")
            self.secret.line_edit.setMaxLength(10_000)
            self.generate_button = button("&Generate…", "credential-generate", "Generate a password")
            self.generate_button.clicked.connect(self.generate)
            self.add_field("&Password", "secret", self.secret, self.generate_button)
            self.meter = StrengthMeter(name="credential-strength")
            self.secret.textChanged.connect(self.meter.set_passphrase)
            self.form.addRow("", self.meter)
            self.kind.currentIndexChanged.connect(self._kind_changed)

        self.notes = _plain_text("credential-notes", "Notes", "Anything else: where two-factor codes go, who set it up")
        self.notes.setPlainText(notes)
        self.add_field("&Notes", "notes", self.notes)

        self.totp_choice: QComboBox | None = None
        self.totp = PassphraseEdit(accessible_name="Two-factor secret or link", name="credential-totp")
        self.totp.setPlaceholderText("Optional: the secret key, or an otpauth:// link")
        self.totp.line_edit.setMaxLength(2000)
        if credential is not None and credential.has_totp:
            self.totp_choice = QComboBox()
            self.totp_choice.setObjectName("credential-totp-choice")
            self.totp_choice.setAccessibleName("Two-factor secret")
            self.totp_choice.addItems(["Keep the current one", "Replace it with a new one", "Remove it"])
            self.totp_choice.currentIndexChanged.connect(self._totp_choice_changed)
            self.add_field("&Two-factor", "totp_choice", self.totp_choice)
            self.add_field("New &secret", "totp", self.totp)
            self._totp_choice_changed(self.KEEP_TOTP)
        else:
            self.add_field("&Two-factor", "totp", self.totp)

        if credential is None:
            self.finish_layout(
                plain_label(
                    "The login details of one of the school's accounts. Everything here is kept encrypted.",
                    name="credential-intro",
                )
            )
        else:
            self.finish_layout(
                plain_label(credential_subtitle(credential), name="credential-subtitle"),
                plain_label("To change the password itself, use Change password instead.", name="credential-intro"),
            )
        self.resize(620, self.sizeHint().height())

    def _kind_changed(self, _index: int = 0) -> None:
        box = self.errors["secret"].parentWidget()
        caption = self.form.labelForField(box) if box is not None else None
        recovery = self.kind.currentData() is CredentialKind.RECOVERY_CODES
        if isinstance(caption, QLabel):
            caption.setText("Recovery &codes" if recovery else "&Password")
        if self.secret is not None:
            self.secret.line_edit.setAccessibleName("Recovery codes" if recovery else "Password")

    def _totp_choice_changed(self, index: int) -> None:
        self.totp.setEnabled(index == self.REPLACE_TOTP)
        if index != self.REPLACE_TOTP:
            self.totp.clear()

    def generate(self) -> None:
        from smgov.ui.sections.vault.generator import PasswordGeneratorDialog

        dialog = PasswordGeneratorDialog(self, clipboard=self.clipboard)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.password_chosen.connect(self._generated)
        dialog.open()
        self.generator = dialog

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

    def save(self) -> None:
        from smgov.data.services import vault

        self.clear_errors()
        kind = self.kind.currentData()
        try:
            workspace = self.session.workspace
            if self.credential is None:
                assert self.account is not None and self.secret is not None
                account_id = self.account.currentData()
                if account_id is None:
                    raise ValidationError("Choose the account this login belongs to.", field="account")
                form = CredentialForm(
                    kind=kind,
                    label=self.label.text(),
                    username=self.username.text(),
                    secret=self.secret.text(),
                    notes=self.notes.toPlainText(),
                    totp=self.totp.text(),
                )
                credential_id = vault.add_credential(workspace, account_id, form)
                log.info("credential %d added", credential_id)
            else:
                totp = self.totp_value()
                replacing = self.totp_choice is not None and self.totp_choice.currentIndex() == self.REPLACE_TOTP
                if replacing and not (totp or "").strip():
                    raise ValidationError("Enter the new two-factor secret, or keep the current one.", field="totp")
                credential_id = self.credential.id
                vault.update_details(
                    workspace,
                    credential_id,
                    kind=kind,
                    label=self.label.text(),
                    username=self.username.text(),
                    notes=self.notes.toPlainText(),
                    totp=totp,
                )
                log.info("credential %d details changed", credential_id)
        except ValidationError as exc:
            self.show_validation(exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            return
        self.saved.emit(credential_id)
        self.session.changed.emit("vault")
        self.accept()

    @override
    def clear_secrets(self) -> None:
        self.username.clear()
        self.notes.clear()
        self.totp.clear()
        if self.secret is not None:
            self.secret.clear()
            self.secret.hide_text()


# -- a new password ------------------------------------------------------------------------------------------------


class ChangePasswordDialog(_FormDialog):
    """A new password for a credential, typed twice or generated; the old one goes into the history.

    Signals:
        changed(int): the credential's id, once the new password is saved.
    """

    PREFIX = "change-password"
    changed = Signal(int)

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        credential: CredentialRow,
        *,
        clipboard: SecretClipboard | None = None,
    ) -> None:
        super().__init__(parent, session, "Change password", "Change the password")
        self.setObjectName("change-password-dialog")
        self.credential = credential
        self.clipboard = clipboard or secret_clipboard()
        self._asked = False

        self.new = PassphraseEdit(accessible_name="New password", name="change-password-new")
        self.new.line_edit.setMaxLength(10_000)
        self.generate_button = button("&Generate…", "change-password-generate", "Generate a password")
        self.generate_button.clicked.connect(self.generate)
        self.add_field("&New password", "secret", self.new, self.generate_button)
        self.meter = StrengthMeter(name="change-password-strength")
        self.new.textChanged.connect(self.meter.set_passphrase)
        self.form.addRow("", self.meter)
        self.confirm = PassphraseEdit(accessible_name="New password again", name="change-password-confirm")
        self.confirm.line_edit.setMaxLength(10_000)
        self.add_field("Type it &again", "confirmation", self.confirm)
        self.new.returnPressed.connect(self.confirm.setFocus)
        self.confirm.returnPressed.connect(self.save)

        subtitle = plain_label(credential_subtitle(credential), name="change-password-subtitle")
        intro = plain_label(
            "Change it on the platform first, then save the new one here. The old password is kept in the "
            "password history (the last 10 are kept), in case the change did not go through.",
            name="change-password-intro",
        )
        self.save_button.setText("Save new password")
        self.finish_layout(subtitle, intro)
        self.resize(600, self.sizeHint().height())

    def generate(self) -> None:
        from smgov.ui.sections.vault.generator import PasswordGeneratorDialog

        dialog = PasswordGeneratorDialog(self, clipboard=self.clipboard)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.password_chosen.connect(self._generated)
        dialog.open()
        self.generator = dialog

    def _generated(self, password: str) -> None:
        self.new.setText(password)
        self.confirm.setText(password)

    def save(self) -> None:
        self.clear_errors()
        new, confirmation = self.new.text(), self.confirm.text()
        if not new:
            self.show_validation(ValidationError("Enter the new password.", field="secret"))
            return
        if new != confirmation:
            self.show_validation(
                ValidationError("The two passwords are different. Type the same one twice.", field="confirmation")
            )
            return
        verdict = self.meter.update_now()
        if verdict.score < 3 and not self._asked:
            self._asked = True
            msgbox.ask(
                self,
                "An easy password",
                "This password is easy to guess. Anyone who guesses it can post as the school.\n\n"
                "Use it anyway? (Generate… makes a strong one.)",
                self._store,
                yes_text="Use it anyway",
                no_text="Choose another",
            ).finished.connect(self._answered)
            return
        self._store()

    def _answered(self, _result: int) -> None:
        self._asked = False

    def _store(self) -> None:
        from smgov.data.services import vault

        try:
            vault.change_secret(self.session.workspace, self.credential.id, self.new.text())
        except ValidationError as exc:
            self.show_validation(exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            return
        log.info("credential %d password changed", self.credential.id)
        self.changed.emit(self.credential.id)
        self.session.changed.emit("vault")
        self.accept()

    @override
    def clear_secrets(self) -> None:
        for field in (self.new, self.confirm):
            field.clear()
            field.hide_text()


# -- a disclosure --------------------------------------------------------------------------------------------------


class DisclosureDialog(_FormDialog):
    """Record that the password was given to someone: who, when, who authorised it, and why.

    Signals:
        recorded(int): the credential's id, once the disclosure is saved.
    """

    PREFIX = "disclosure"
    recorded = Signal(int)

    def __init__(self, parent: QWidget | None, session: AppSession, credential: CredentialRow) -> None:
        from smgov.data.models import KeyRole
        from smgov.data.services import people, school

        super().__init__(parent, session, "Record who was given a password", "Record that you gave this password")
        self.setObjectName("disclosure-dialog")
        self.credential = credential
        workspace = session.workspace
        register = people.list_people(workspace)
        headteacher = school.key_people(workspace).get(KeyRole.HEADTEACHER)
        today = dt.date.today()

        self.on_register = QRadioButton("Someone on the &people register")
        self.on_register.setObjectName("disclosure-on-register")
        self.on_register.setAccessibleName("Someone on the people register")
        self.someone_else = QRadioButton("Someone &else")
        self.someone_else.setObjectName("disclosure-someone-else")
        self.someone_else.setAccessibleName("Someone else")
        group = QButtonGroup(self)
        group.addButton(self.on_register)
        group.addButton(self.someone_else)
        self.person = QComboBox()
        self.person.setObjectName("disclosure-person")
        self.person.setAccessibleName("Person")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setMaxVisibleItems(20)
        for row in register:
            text = row.full_name + (f", {row.role}" if row.role else "")
            if row.has_left(today) and row.leaving_date is not None:
                text += f" (left {row.leaving_date:%d/%m/%Y})"
            self.person.addItem(text, row.id)
        completer = self.person.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person.setCurrentIndex(-1)
        person_edit = self.person.lineEdit()
        if person_edit is not None:
            person_edit.setPlaceholderText("Type a name to find them")
        self.given_to = _line_edit("disclosure-given-to", "Name", "Their full name, and who they are", 200)

        who = QWidget()
        who_layout = QVBoxLayout(who)
        who_layout.setContentsMargins(0, 0, 0, 0)
        who_layout.setSpacing(4)
        who_layout.addWidget(self.on_register)
        who_layout.addWidget(self.person)
        who_layout.addWidget(self.someone_else)
        who_layout.addWidget(self.given_to)
        self.add_field("Given &to", "person", who)
        self.fields["person"] = self.person
        self.on_register.toggled.connect(self._who_changed)
        if register:
            self.on_register.setChecked(True)
        else:
            self.on_register.setEnabled(False)
            self.someone_else.setChecked(True)
        self._who_changed()

        self.given_on = DateField(accessible_name="Date given", name="disclosure-given-on", default=today)
        self.given_on.edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.add_field("&On", "given_on", self.given_on)
        self.authorised_by = _line_edit("disclosure-authorised-by", "Authorised by", "Usually the headteacher", 200)
        if headteacher is not None:
            self.authorised_by.setText(headteacher.name)
        self.add_field("&Authorised by", "authorised_by", self.authorised_by)
        self.reason = _plain_text("disclosure-reason", "Why", "For example: new lead for the account", lines=3)
        self.add_field("&Why", "reason", self.reason)

        subtitle = plain_label(credential_subtitle(credential), name="disclosure-subtitle")
        intro = plain_label(
            "The policy says passwords are shared only with people the headteacher has authorised. Recording it "
            "here means the password is flagged for a change when that person leaves.",
            name="disclosure-intro",
        )
        self.finish_layout(subtitle, intro)
        self.resize(600, self.sizeHint().height())

    def _who_changed(self, _checked: bool = False) -> None:
        register = self.on_register.isChecked()
        self.person.setEnabled(register)
        self.given_to.setEnabled(not register)

    def chosen_person(self) -> int | None:
        index = self.person.currentIndex()
        if index < 0 or self.person.currentText() != self.person.itemText(index):
            index = self.person.findText(self.person.currentText())
        return self.person.itemData(index) if index >= 0 else None

    def save(self) -> None:
        from smgov.data.services import vault

        self.clear_errors()
        person_id: int | None = None
        given_to = ""
        if self.on_register.isChecked():
            person_id = self.chosen_person()
            if person_id is None:
                self.show_validation(
                    ValidationError("Choose the person from the list, or choose Someone else.", field="person")
                )
                return
        else:
            given_to = self.given_to.text()
        given_on = self.given_on.date()
        assert given_on is not None
        try:
            vault.record_disclosure(
                self.session.workspace,
                self.credential.id,
                given_on=given_on,
                authorised_by=self.authorised_by.text(),
                reason=self.reason.toPlainText(),
                person_id=person_id,
                given_to=given_to,
            )
        except ValidationError as exc:
            self.fields["person"] = self.person if self.on_register.isChecked() else self.given_to
            self.show_validation(exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            return
        log.info("disclosure recorded for credential %d", self.credential.id)
        self.recorded.emit(self.credential.id)
        self.session.changed.emit("vault")
        self.accept()


# -- the history ---------------------------------------------------------------------------------------------------


class HistoryTableModel(RowTableModel[HistoryRow]):
    """Earlier passwords: when each was set, and when it was replaced."""

    SET, REPLACED = range(2)
    columns = (
        Column[HistoryRow]("Set on", lambda r: local_time(r.set_at), sort_key=lambda r: r.set_at, width=18),
        Column[HistoryRow]("Replaced on", lambda r: local_time(r.replaced_at), sort_key=lambda r: r.replaced_at),
    )


class HistoryDialog(QDialog):
    """The previous passwords of a credential (the last 10); one can be shown or copied on request (audited)."""

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        credential: CredentialRow,
        *,
        clipboard: SecretClipboard | None = None,
    ) -> None:
        from smgov.data.services import vault

        super().__init__(parent)
        self.setObjectName("history-dialog")
        self.setWindowTitle("Password history - smgov")
        self.session = session
        self.credential = credential
        self.clipboard = clipboard or secret_clipboard()
        self.model = HistoryTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.model.set_rows(vault.history(session.workspace, credential.id))

        heading = heading_label("Password history", name="history-heading")
        subtitle = plain_label(credential_subtitle(credential), name="history-subtitle")
        intro = plain_label(
            "Earlier passwords, newest first. smgov keeps the last 10, encrypted, in case a change did not go "
            "through on the platform. Showing or copying one is recorded in the audit log.",
            name="history-intro",
        )
        self.table = TableView("Earlier passwords", self, name="history-table")
        self.table.use_model(self.proxy, HistoryTableModel.REPLACED, Qt.SortOrder.DescendingOrder)
        self.table.setMinimumHeight(180)
        self.empty = plain_label(
            "No earlier passwords yet: the history fills up as the password is changed.", name="history-empty"
        )
        self.empty.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)
        self.field = SecretField("old password", self._fetch, self.clipboard, name="history-secret")
        self.field.set_enabled_buttons(False)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.clipboard_status = ClipboardStatus(self.clipboard, name="history-clipboard-status")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("history-close")
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)

        chosen_row = QHBoxLayout()
        caption = QLabel("&Chosen password")
        caption.setBuddy(self.field.value)
        chosen_row.addWidget(caption)
        chosen_row.addWidget(self.field, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(chosen_row)
        layout.addWidget(self.clipboard_status)
        layout.addWidget(buttons)
        session.locked.connect(self.reject)
        self.resize(600, 440)
        if self.model.rowCount():
            self.table.selectRow(0)

    def _selected(self) -> HistoryRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def _chosen(self, *_args: object) -> None:
        self.field.conceal()
        self.field.set_enabled_buttons(self._selected() is not None)

    def _fetch(self, purpose: str) -> str:
        from smgov.data.services import vault

        entry = self._selected()
        if entry is None:
            raise ValidationError("Choose an earlier password in the list first.")
        return vault.reveal_history(self.session.workspace, entry.id, "copy" if purpose == "copy" else "reveal")

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        self.field.conceal()
        super().hideEvent(event)
