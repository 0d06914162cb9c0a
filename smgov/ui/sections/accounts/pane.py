"""One account beside the register: its form (saved with Save), where it stands in its lifecycle, its named staff,
its history and its application for SLT.

Nothing in the form is saved until Save (Ctrl+S), off the UI thread: every field is checked first and a wrong one
is explained beside it. Lifecycle steps and named staff are changed at once through step dialogs or a single write
(unsaved edits are saved first, so a step never judges an out-of-date form).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.accounts import AccountDetails, StaffLink
from smgov.ui.frame import msgbox
from smgov.ui.frame.forms import button
from smgov.ui.frame.pane import RecordPane
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.frame.tables import window_shortcut
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.accounts.dialogs import AddStaffDialog, TransitionDialog
from smgov.ui.sections.accounts.fields import (
    NEW_ACCOUNT,
    account_fields,
    case_fields,
    precheck,
    typed_form,
    wheel_proof,
)
from smgov.ui.sections.accounts.lifecycle import HistoryBox, LifecycleBox
from smgov.ui.sections.accounts.model import handle_text
from smgov.ui.sections.accounts.staff import StaffBox
from smgov.ui.sections.accounts.steps import after_step, asks_first, step_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

S = AccountStatus


def account_name(details: AccountDetails) -> str:
    return details.form.name or handle_text(details.form.platform, details.form.handle)


class AccountPane(RecordPane[AccountDetails]):
    """One account: its form, lifecycle, named staff and history (or a new account's empty form)."""

    prefix = "account"
    noun = "account"
    empty_title = "No account chosen"
    empty_hint = "Choose an account in the list to see and change it, or press New account (Ctrl+N)."
    changes = (Change.ACCOUNTS,)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setMinimumWidth(440)

    # -- the page ----------------------------------------------------------------------------------------------

    @override
    def build(self) -> None:
        self.lifecycle = LifecycleBox()
        self.lifecycle.step_chosen.connect(self.take_step)
        self.print_button = button(
            "Print application…",
            "account-print",
            "Print application",
            "The application (business case) for SLT, with decision and signature boxes (Ctrl+P).",
        )
        self.print_button.clicked.connect(self.print_application)
        self.print_shortcut = window_shortcut(self, QKeySequence.StandardKey.Print, self.print_application)
        self.lifecycle.add_row(
            self.print_button, "The application for SLT, with boxes for the decision. It prints what is saved."
        )
        self.body.addWidget(self.lifecycle)
        (
            self.platform,
            self.handle,
            self.name,
            self.profile_url,
            self.linked_email,
            self.is_public,
            self.public_warning,
            self.monitoring,
            self.review_date,
        ) = account_fields(self.form, self.group("The account", "main")[1])
        case_fields(self.form, self.group("Business case for SLT", "case")[1])
        self.staff = StaffBox()
        self.staff.add_chosen.connect(self.add_staff)
        self.staff.remove_chosen.connect(self.remove_staff)
        self.staff.person_chosen.connect(lambda person: self.open_record.emit(Section.PEOPLE, str(person)))
        self.body.addWidget(self.staff)
        notes = self.group("Notes", "notes-group")[1]
        notes.addRow(self.form.lines("notes", "Notes", "Anything else worth keeping with the record", rows=3))
        notes.addRow(self.form.errors["notes"])
        self.history = HistoryBox()
        self.body.addWidget(self.history)
        wheel_proof(self.form)

    # -- reading and showing -----------------------------------------------------------------------------------

    @override
    def read(self, workspace: Workspace, record_id: int) -> AccountDetails:
        from smgov.data.services import accounts

        return accounts.get_account(workspace, record_id)

    @override
    def values(self, record: AccountDetails | None) -> dict[str, Any]:
        if record is None:
            return dict(NEW_ACCOUNT)
        return {key: getattr(record.form, key) for key in self.form.fields}

    @override
    def show_record_details(self, record: AccountDetails | None) -> None:
        self.staff.show_details(record)
        self.print_button.setEnabled(record is not None)
        if record is None:
            self.title.setText("New account")
            self.subtitle.setText("Not saved yet: it becomes a draft application when you save it.")
            self.set_state("New")
            self.lifecycle.setVisible(False)
            self.history.setVisible(False)
            self.public_warning.setVisible(False)
            return
        form = record.form
        self.title.setText(account_name(record))
        parts = [form.platform.label, handle_text(form.platform, form.handle)]
        reference = format_reference(RecordKind.ACCOUNT, record.id)
        self.subtitle.setText("  ·  ".join([*(p for p in parts if p), reference]))
        self.set_state(record.status.label)
        self.state_chip.setAccessibleName(f"Status: {record.status.label}")
        self.lifecycle.show_details(record)
        self.history.show_details(record)
        self.public_warning.setVisible(not form.is_public)
        self._show_checklist()

    @override
    def clear(self) -> None:
        super().clear()
        self.lifecycle.clear()
        self.staff.clear()
        self.history.clear()
        self.public_warning.setVisible(False)

    @override
    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        self.lifecycle.set_enabled(enabled)
        self.staff.set_enabled(enabled and self.record is not None)
        self.print_button.setEnabled(enabled and self.record is not None)
        self.print_shortcut.setEnabled(enabled)

    @override
    @override
    def edited(self) -> None:
        self._show_checklist()  # a draft's checklist follows the typing

    def _show_checklist(self) -> None:
        record = self.record
        if record is None or not hasattr(self, "lifecycle"):
            return
        self.lifecycle.show_checklist(record.status, typed_form(self.form), len(record.current_staff))

    def missing_items(self) -> list[str]:
        """What a draft still lacks before it can go to SLT, as shown."""
        return self.lifecycle.missing_items()

    @property
    def step_buttons(self) -> dict[AccountStatus, QPushButton]:
        return self.lifecycle.step_buttons

    def history_lines(self) -> list[str]:
        return self.history.lines()

    # -- saving ------------------------------------------------------------------------------------------------

    @override
    def form_values(self) -> dict[str, Any]:
        form = typed_form(self.form)
        wrong = precheck(form)
        for refusal in reversed(wrong[1:]):  # the first wrong one is shown last, and keeps the cursor
            self.form.show_error(refusal)
        if wrong:
            raise wrong[0]
        return {"form": form}

    @override
    def write(self, workspace: Workspace, record_id: int | None, values: dict[str, Any]) -> Any:
        from smgov.data.services import accounts

        if record_id is None:
            return accounts.add_account(workspace, values["form"])
        accounts.update_account(workspace, record_id, values["form"])
        return record_id

    @override
    def after_save(self, result: Any, added: bool) -> None:
        if added:
            self.say("Added to the register as a draft application.")

    @override
    def remove(self, workspace: Workspace, record_id: int) -> None:
        from smgov.data.services import accounts

        accounts.delete_account(workspace, record_id)

    @override
    def delete_question(self, record: AccountDetails) -> str:
        from smgov.data.services import vault

        logins = len(vault.list_credentials(self.session.workspace, record.id))
        saved = (
            f"its {logins} saved login{'s' if logins != 1 else ''} (the passwords cannot be recovered afterwards)"
            if logins
            else "no saved logins"
        )
        return (
            f"Delete {account_name(record)} ({record.form.platform.label}) from the register?\n\n"
            f"Its named staff, its history and {saved} will be deleted. "
            "The audit log keeps a record that it was deleted, but no passwords.\n\n"
            "To keep the record of an account that no longer runs, close it instead."
        )

    # -- changes made at once ----------------------------------------------------------------------------------

    def _ready(self, then: Callable[[], object]) -> AccountDetails | None:
        """The account, when a change can be made now; unsaved edits are saved first, then ``then()`` runs."""
        record = self.record
        if record is None or self.record_id is None or not self.session.is_unlocked or self.is_saving:
            return None
        if self.has_unsaved_changes():
            self.save(then)
            return None
        return record

    def _changed_elsewhere(self, account_id: int, message: str) -> None:
        """A step or a staff change was written: show the account as it is now."""
        if self.record_id != account_id or not self.session.is_unlocked:
            return
        if self.has_unsaved_changes():  # typed meanwhile: keep the typing, refresh the rest
            try:
                record = self.read(self.session.workspace, account_id)
            except ValidationError:
                return
            self.record = record
            self.show_record_details(record)
        elif not self.open(account_id):
            return
        self.say(message)
        self.saved.emit(account_id)

    def _write(self, op: Callable[[Workspace], object], message: str, refused_title: str, refused_name: str) -> None:
        account_id = self.record_id
        if account_id is None:
            return

        def refused(exc: ValidationError) -> bool:
            box = msgbox.warning(self, refused_title, str(exc))
            box.setObjectName(refused_name)
            return True

        run_write(
            self,
            self.session,
            op,
            lambda _result: self._changed_elsewhere(account_id, message),
            changes=self.changes,
            on_refused=refused,
        )

    def take_step(self, to: AccountStatus) -> QWidget | None:
        """Move the account to ``to``: steps that need a decider or reason ask first; closing asks to be sure.
        Returns the dialog or box shown, if any."""
        record = self._ready(lambda: self.take_step(to))
        if record is None:
            return None
        from smgov.data.services import accounts

        account_id, step = record.id, step_for(record.status, to)
        if asks_first(to):
            dialog = TransitionDialog(self, self.session, account_id, account_name(record), record.status, to)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.recorded.connect(lambda _new: self._changed_elsewhere(account_id, after_step(to)))
            dialog.open()
            return dialog

        def move() -> None:
            self._write(
                lambda workspace: accounts.transition(workspace, account_id, to),
                after_step(to),
                step.button,
                "account-step-refused",
            )

        if to is not S.CLOSED:
            move()
            return None
        box = msgbox.ask(
            self,
            "Mark closed",
            f"Mark {account_name(record)} as closed?\n\nDo this once the account no longer exists on the platform. "
            "A closed account stays in the register but cannot be changed any more.",
            move,
            yes_text="Mark closed",
        )
        box.setObjectName("account-close-question")
        return box

    def add_staff(self) -> AddStaffDialog | None:
        """Name a person on the account (a step dialog)."""
        record = self._ready(self.add_staff)
        if record is None:
            return None
        from smgov.data.models import KeyRole
        from smgov.data.services import people, school

        workspace = self.session.workspace
        everyone = people.list_people(workspace)
        head = school.key_people(workspace).get(KeyRole.HEADTEACHER)
        dialog = AddStaffDialog(
            self, self.session, record.id, account_name(record), everyone, head.name if head else ""
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(lambda _link: self._changed_elsewhere(record.id, "Named on the account."))
        dialog.open()
        return dialog

    def remove_staff(self, link: StaffLink | None = None) -> None:
        """Take ``link`` (default: the chosen person) off the account; their history stays."""
        link = link or self.staff.selected()
        if link is None or self._ready(lambda: self.remove_staff(link)) is None:
            return
        from smgov.data.services import accounts

        account_id, link_id = self.record_id, link.id
        assert account_id is not None
        self._write(
            lambda workspace: accounts.remove_staff(workspace, account_id, link_id),
            f"{link.person_name} was taken off the account. The history keeps them.",
            "Cannot take this person off",
            "account-staff-refused",
        )

    # -- the application ---------------------------------------------------------------------------------------

    def print_application(self) -> PrintDialog | None:
        """The application for SLT through the print dialog (it prints what is saved)."""
        record = self.record
        if record is None or not self.session.is_unlocked:
            return None
        from smgov.ui.sections.accounts.printing import open_application

        name = record.form.name or record.form.handle
        return open_application(self, self.session, record.id, name, self.has_unsaved_changes())
