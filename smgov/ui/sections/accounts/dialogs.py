"""The account's step dialogs: a lifecycle step that needs a decider or a reason, and naming a person on it. Both
are saved off the UI thread (:class:`~smgov.ui.frame.dialogs.StepDialog`); a refusal shows beside its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus, StaffRole
from smgov.data.services.accounts import NEEDS_DECIDER
from smgov.data.services.people import PersonRow
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import PlainTextField, line_edit
from smgov.ui.frame.widgets import DateField
from smgov.ui.sections.accounts.steps import step_for

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

STRONG = Qt.FocusPolicy.StrongFocus  # never focused (or changed) by the mouse wheel


class TransitionDialog(StepDialog):
    """Asks for what a lifecycle step needs (decided by, decision date, reasons), then takes the step.

    Signals: ``recorded`` (the new AccountStatus), as every StepDialog.
    """

    changes = (Change.ACCOUNTS,)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        account_id: int,
        account_name: str,
        current: AccountStatus,
        to: AccountStatus,
    ) -> None:
        step = step_for(current, to)
        super().__init__(parent, session, step.title, f"{account_name}. {step.intro}", name="transition-dialog")
        self.account_id = account_id
        self.to = to
        if self.ok_button is not None:
            self.ok_button.setText(step.ok)
            self.ok_button.setAccessibleName(step.ok)
        self.decided_by = None
        self.decided_on = None
        if to in NEEDS_DECIDER:
            self.decided_by = line_edit("transition-decided-by", "Decided by", "For example: SLT meeting, or a name")
            self.add_field("decided_by", "Decided &by", self.decided_by)
            self.decided_on = DateField(accessible_name="Decision date", name="transition-decided-on")
            self.decided_on.edit.setFocusPolicy(STRONG)
            self.add_field("decided_on", "Decision &date", self.decided_on)
        self.reason = PlainTextField(4)
        self.reason.setObjectName("transition-reason")
        self.reason.setAccessibleName(step.reason_label)
        self.reason.setPlaceholderText(step.reason_hint)
        self.add_field("reason", f"&{step.reason_label}", self.reason)
        self.add_stretch()
        self.setMinimumWidth(520)
        (self.decided_by or self.reason).setFocus()

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        from smgov.data.services import accounts

        account_id, to = self.account_id, self.to
        reason = self.reason.text()
        decided_by = self.decided_by.text() if self.decided_by is not None else ""
        decided_on = self.decided_on.date() if self.decided_on is not None else None

        def take_step(workspace: Workspace) -> AccountStatus:
            accounts.transition(workspace, account_id, to, reason=reason, decided_by=decided_by, decided_on=decided_on)
            return to

        return take_step


def person_text(person: PersonRow) -> str:
    return f"{person.full_name} ({person.role or person.kind.label})"


class AddStaffDialog(StepDialog):
    """Name a person on an account: who (from the people register), their role, who authorised them and when.

    Signals: ``recorded`` (the new link's id), as every StepDialog.
    """

    ok_text = "Name on account"
    changes = (Change.ACCOUNTS,)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        account_id: int,
        account_name: str,
        people: list[PersonRow],
        authoriser: str,
    ) -> None:
        super().__init__(
            parent,
            session,
            "Name a person on the account",
            f"{account_name}. Each person who posts to or runs the account must be authorised by the headteacher, "
            "have had social media training and have signed the terms of use.",
            name="add-staff-dialog",
        )
        self.account_id = account_id
        today = dt.date.today()
        self.people = [p for p in people if not p.has_left(today)]

        self.person = QComboBox()
        self.person.setObjectName("staff-person")
        self.person.setAccessibleName("Person")
        self.person.setFocusPolicy(STRONG)
        for person in self.people:
            self.person.addItem(person_text(person), person.id)
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person.setMinimumContentsLength(30)
        self.person.setCurrentIndex(-1)
        person_edit = self.person.lineEdit()
        assert person_edit is not None  # the box is editable
        person_edit.setPlaceholderText("Type part of a name")
        completer = QCompleter(self.person.model(), self.person)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person.setCompleter(completer)
        self.add_field(
            "person",
            "&Person",
            self.person,
            "People who have left are not listed. Add someone new in the People section first.",
        )
        self.role = QComboBox()
        self.role.setObjectName("staff-role")
        self.role.setAccessibleName("Role")
        self.role.setFocusPolicy(STRONG)
        for role in StaffRole:
            self.role.addItem(role.label, role)
        self.role.setCurrentIndex(self.role.findData(StaffRole.POSTER))
        self.add_field("role", "&Role", self.role)
        self.authorised_by = line_edit("staff-authorised-by", "Authorised by", "The headteacher's name")
        self.authorised_by.setText(authoriser)
        self.add_field("authorised_by", "Authorised &by", self.authorised_by)
        self.authorised_on = DateField(
            accessible_name="Authorised on", optional=True, set_text="On", name="staff-authorised-on", default=today
        )
        self.authorised_on.edit.setFocusPolicy(STRONG)
        self.add_field("authorised_on", "Authorised &on", self.authorised_on)
        self.add_stretch()
        self.setMinimumWidth(540)
        self.person.setFocus()

    def chosen_person(self) -> int | None:
        """The person picked: the current item when its text is what the box shows, else an exact match."""
        text = self.person.currentText().strip()
        if not text:
            return None
        index = self.person.currentIndex()
        if index < 0 or self.person.itemText(index) != text:
            index = self.person.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            matches = [i for i, p in enumerate(self.people) if p.full_name.casefold() == text.casefold()]
            index = matches[0] if len(matches) == 1 else -1
        return None if index < 0 else int(self.person.itemData(index))

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        from smgov.data.services import accounts

        person_id = self.chosen_person()
        if person_id is None:
            raise ValidationError("Choose a person from the list (type part of their name).", field="person")
        account_id = self.account_id
        role = StaffRole(self.role.currentData())
        authorised_by, authorised_on = self.authorised_by.text(), self.authorised_on.date()
        return lambda workspace: accounts.add_staff(
            workspace, account_id, person_id, role, authorised_by, authorised_on
        )
