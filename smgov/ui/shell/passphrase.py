"""Changing the workspace passphrase, which also changes the recovery key (so a new Emergency Kit is needed)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data import keys
from smgov.data.errors import SmgovError, ValidationError, WrongPassphrase
from smgov.data.services import school
from smgov.data.workspace import Workspace
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import accept_cancel, form_layout, stacked
from smgov.ui.frame.operations import run_in_background
from smgov.ui.frame.pdf_output import EmergencyKitButtons
from smgov.ui.frame.screen import keep_on_screen, scrolling
from smgov.ui.frame.secret_entry import BusyRow, RecoveryKeyLabel
from smgov.ui.frame.widgets import FieldError, PassphraseEdit, StrengthMeter, heading_label, plain_label

log = logging.getLogger(__name__)


class ChangePassphraseDialog(QDialog):
    """Change the passphrase; then show the new recovery key and offer the new Emergency Kit.

    Signals:
        passphraseChanged(): the workspace now opens with the new passphrase (settings views refresh).
    """

    passphraseChanged = Signal()

    def __init__(self, parent: QWidget | None, workspace: Workspace) -> None:
        super().__init__(parent)
        self.setObjectName("change-passphrase-dialog")
        self.setWindowTitle("Change passphrase - smgov")
        self.workspace = workspace
        self.new_recovery_key: str | None = None
        self._busy = False
        try:
            school_name = school.get_details(workspace).name
        except SmgovError:
            school_name = ""
        self._user_inputs = [*school_name.split(), school_name, "smgov"]

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_done())
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(self.pages, "change-passphrase-scroll"))  # scrolls inside when the screen is short
        self.resize(600, 420)
        keep_on_screen(self)

    # -- the form ------------------------------------------------------------------------------------------------

    def _build_form(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading_label("Change the passphrase"))
        outer.addWidget(
            plain_label(
                "Changing the passphrase also changes the recovery key, so you will print a new Emergency Kit at "
                "the end. Everything in the workspace stays as it is."
            )
        )
        self.current = PassphraseEdit(accessible_name="Current passphrase", name="current-passphrase")
        self.current_error = FieldError(for_widget=self.current.line_edit, name="current-passphrase-error")
        self.new = PassphraseEdit(accessible_name="New passphrase", name="new-passphrase")
        self.meter = StrengthMeter()
        self.meter.set_user_inputs(self._user_inputs)
        self.new_error = FieldError(for_widget=self.new.line_edit, name="new-passphrase-error")
        self.confirm = PassphraseEdit(accessible_name="Type the new passphrase again", name="confirm-passphrase")
        self.confirm_error = FieldError(for_widget=self.confirm.line_edit, name="confirm-passphrase-error")
        self.new.textChanged.connect(self.meter.set_passphrase)
        for edit, error in (
            (self.current, self.current_error),
            (self.new, self.new_error),
            (self.confirm, self.confirm_error),
        ):
            edit.textChanged.connect(lambda _t, error=error: error.clear())

        form = form_layout()
        for text, edit, error, extra in (
            ("&Current passphrase", self.current, self.current_error, None),
            ("&New passphrase", self.new, self.new_error, self.meter),
            ("Type it &again", self.confirm, self.confirm_error, None),
        ):
            caption = QLabel(text)
            caption.setBuddy(edit.line_edit)
            form.addRow(caption, stacked(edit, error, extra=extra))
        outer.addLayout(form)

        self.busy_row = BusyRow(
            "Changing the passphrase and re-encrypting the file…", "Changing the passphrase", name="change-busy"
        )
        outer.addWidget(self.busy_row)
        outer.addStretch(1)

        self.form_buttons, self.change_button, self.cancel_button = accept_cancel(
            "C&hange passphrase", "change-passphrase", self.change, self.reject
        )
        outer.addWidget(self.form_buttons)
        return page

    # -- after the change ----------------------------------------------------------------------------------------

    def _build_done(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        outer.addWidget(heading_label("The passphrase is changed"))
        outer.addWidget(
            plain_label(
                f"From now on {self.workspace.path.name} opens with the new passphrase. The recovery key changed "
                "too; this is the new one:"
            )
        )
        self.key_label = RecoveryKeyLabel("new-recovery-key", "New recovery key")
        outer.addWidget(self.key_label)
        self.old_kit_note = plain_label(
            "The old Emergency Kit no longer opens this workspace: find it and destroy it (shred it). Save or print "
            "the new Emergency Kit now and put it in the headteacher's safe.",
            name="old-kit-note",
        )
        outer.addWidget(self.old_kit_note)
        self.backups_note = plain_label(
            "Backups made before now still open with the old passphrase (and the old recovery key), not the new one.",
            name="backups-note",
        )
        outer.addWidget(self.backups_note)
        self.kit_row = QVBoxLayout()
        outer.addLayout(self.kit_row)
        self.kit_status = plain_label("", name="kit-status")
        outer.addWidget(self.kit_status)
        outer.addStretch(1)
        done_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = done_buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("close")
        self.close_button.setAccessibleName("Close")
        done_buttons.rejected.connect(self.accept)
        outer.addWidget(done_buttons)
        return page

    # -- doing it ------------------------------------------------------------------------------------------------

    def change(self) -> None:
        if self._busy:
            return
        current, new, confirmation = self.current.text(), self.new.text(), self.confirm.text()
        problem: PassphraseEdit | None = None
        if not current:
            self.current_error.show_error("Enter the passphrase you use now.")
            problem = self.current
        if not new:
            self.new_error.show_error("Choose the new passphrase: three or four unrelated words work well.")
            problem = problem or self.new
        elif not self.meter.update_now().acceptable:
            self.new_error.show_error("This passphrase is too easy to guess. Follow the advice above it.")
            problem = problem or self.new
        elif new != confirmation:
            self.confirm_error.show_error("The two new passphrases are different. Type the same one twice.")
            problem = problem or self.confirm
        elif new == current:
            self.new_error.show_error("The new passphrase is the same as the current one. Choose a different one.")
            problem = problem or self.new
        if problem is not None:
            problem.setFocus()
            return
        workspace = self.workspace
        self._set_busy(True)
        run_in_background(
            self, lambda: keys.change_passphrase(workspace, current, new, confirmation), self._changed, self._failed
        )

    def _changed(self, recovery_key: str) -> None:
        self._set_busy(False)
        log.info("passphrase changed")
        self.new_recovery_key = recovery_key
        for edit in (self.current, self.new, self.confirm):
            edit.clear()
        self.key_label.show_key(recovery_key)
        self.kit_buttons = EmergencyKitButtons(self.workspace, self, save_text="Save new Emergency Kit…")
        self.kit_buttons.kitDone.connect(self._kit_done)
        self.kit_row.addWidget(self.kit_buttons)
        self.pages.setCurrentIndex(1)
        self.kit_buttons.save_button.setFocus()
        self.passphraseChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self.current_error.show_error("That is not the current passphrase. Check Caps Lock and try again.")
            self.current.selectAll()
            self.current.setFocus()
        elif isinstance(exc, ValidationError) and exc.field in ("passphrase", "confirmation"):
            (self.confirm_error if exc.field == "confirmation" else self.new_error).show_error(str(exc))
        else:
            show_error(self, exc)

    def _kit_done(self, how: str) -> None:
        self.kit_status.setText(
            "The new Emergency Kit is saved. Print it, then delete the file."
            if how == "saved"
            else "The new Emergency Kit was sent to the printer."
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_row.setVisible(busy)
        for widget in (self.current, self.new, self.confirm, self.change_button, self.cancel_button):
            widget.setEnabled(not busy)
        if busy:
            for edit in (self.current, self.new, self.confirm):
                edit.hide_text()

    @override
    def reject(self) -> None:
        if self._busy:
            return  # the file is being re-encrypted: it finishes in a few seconds either way
        if self.pages.currentIndex() == 1:
            self.accept()  # done: Esc just closes
            return
        super().reject()

    @override
    def done(self, result: int) -> None:
        self.key_label.clear()
        super().done(result)
