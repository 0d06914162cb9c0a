"""A new password for a credential, typed twice or generated; the old one goes into the history."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.services.vault import CredentialRow
from smgov.ui.frame import msgbox
from smgov.ui.frame.clipboard import SecretClipboard, secret_clipboard
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import button
from smgov.ui.frame.widgets import PassphraseEdit, StrengthMeter, plain_label
from smgov.ui.sections.vault.credential_dialog import open_generator, with_button
from smgov.ui.sections.vault.words import credential_subtitle

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.sections.vault.generator import PasswordGeneratorDialog
    from smgov.ui.shell.session import AppSession


class ChangePasswordDialog(StepDialog):
    """The new password, typed twice (or generated); an easy one is questioned first.

    Signals: ``recorded(object)``: the credential's id, once the new password is saved.
    """

    ok_text = "Save new password"
    changes = (Change.VAULT,)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        credential: CredentialRow,
        *,
        clipboard: SecretClipboard | None = None,
    ) -> None:
        super().__init__(
            parent,
            session,
            "Change the password",
            "Change it on the platform first, then save the new one here. The old password is kept in the "
            "password history (the last 10 are kept), in case the change did not go through.",
            name="change-password-dialog",
        )
        self.credential = credential
        self.clipboard = clipboard or secret_clipboard()
        self.generator: PasswordGeneratorDialog | None = None
        self._asked = False
        self.body.insertWidget(0, plain_label(credential_subtitle(credential), name="change-password-subtitle"))

        self.new = PassphraseEdit(accessible_name="New password", name="change-password-new")
        self.new.line_edit.setMaxLength(10_000)
        self.generate_button = button("&Generate…", "change-password-generate", "Generate a password")
        self.generate_button.clicked.connect(self.generate)
        self.add_field("secret", "&New password", self.new, layout=with_button(self.new, self.generate_button))
        self.meter = StrengthMeter(name="change-password-strength")
        from smgov.data.services import vault

        # Judged as it will be when saved: the school's and the account's names count.
        self.meter.set_user_inputs(vault.strength_inputs(session.workspace, credential.account_id))
        self.new.textChanged.connect(self.meter.set_passphrase)
        self.form.addRow("", self.meter)
        self.confirm = PassphraseEdit(accessible_name="New password again", name="change-password-confirm")
        self.confirm.line_edit.setMaxLength(10_000)
        self.add_field("confirmation", "Type it &again", self.confirm)
        self.new.returnPressed.connect(self.confirm.setFocus)
        self.confirm.returnPressed.connect(self.save)
        self.add_stretch()

    def generate(self) -> None:
        self.generator = open_generator(self, self.clipboard, self._generated)

    def _generated(self, password: str) -> None:
        self.new.setText(password)
        self.confirm.setText(password)

    @override
    def save(self) -> bool:
        """Check the two match, question an easy one, then save in the background."""
        if self.saving or self._asked:
            return False
        try:
            self._check()
        except ValidationError as exc:
            self.problem.clear()
            for error in self.errors.values():
                error.clear()
            self.show_refusal(exc)
            return False
        if self.meter.update_now().score < 3:
            self._asked = True
            msgbox.ask(
                self,
                "An easy password",
                "This password is easy to guess. Anyone who guesses it can post as the school.\n\n"
                "Use it anyway? (Generate… makes a strong one.)",
                self._save_anyway,
                yes_text="Use it anyway",
                no_text="Choose another",
            ).finished.connect(self._answered)
            return False
        return super().save()

    def _save_anyway(self) -> None:
        StepDialog.save(self)

    def _answered(self, _result: int) -> None:
        self._asked = False

    def _check(self) -> str:
        new, confirmation = self.new.text(), self.confirm.text()
        if not new:
            raise ValidationError("Enter the new password.", field="secret")
        if new != confirmation:
            raise ValidationError("The two passwords are different. Type the same one twice.", field="confirmation")
        return new

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        from smgov.data.services import vault

        new = self._check()
        credential_id = self.credential.id

        def change(workspace: Workspace) -> int:
            vault.change_secret(workspace, credential_id, new)
            return credential_id

        return change

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        for field in (self.new, self.confirm):
            field.clear()
            field.hide_text()
        super().hideEvent(event)
