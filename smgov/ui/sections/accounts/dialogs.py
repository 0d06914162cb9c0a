"""Small dialogs of the account register: a lifecycle step that needs a decider or a reason, and naming staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus, StaffRole
from smgov.data.services import accounts
from smgov.data.services.accounts import NEEDS_DECIDER, NEEDS_REASON
from smgov.data.services.people import PersonRow
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import RecordForm, hint_label
from smgov.ui.frame.widgets import FieldError, heading_label
from smgov.ui.shell.session import AppSession

S = AccountStatus


@dataclass(frozen=True)
class Step:
    """How one lifecycle step reads: its button, and (for steps that ask) its dialog."""

    button: str
    help: str
    title: str = ""
    intro: str = ""
    ok: str = ""
    reason_label: str = "Why"
    reason_hint: str = ""


def step_for(current: AccountStatus, to: AccountStatus) -> Step:
    """The plain words for moving an account from ``current`` to ``to``."""
    if to is S.SUBMITTED:
        return Step("Submit to SLT", "Send the application (business case) to SLT for a decision.")
    if to is S.APPROVED:
        return Step(
            "Record approval…",
            "SLT approved the application: record who decided, when, and any conditions.",
            "Record SLT's approval",
            "Record the decision as SLT made it. It appears on the printed application and in the history.",
            "Record approval",
            "Conditions or notes",
            "Optional: anything SLT asked for.",
        )
    if to is S.REJECTED:
        return Step(
            "Record rejection…",
            "SLT turned the application down: record who decided, when and why.",
            "Record SLT's rejection",
            "Record the decision as SLT made it. The account can go back to draft to be changed and sent again.",
            "Record rejection",
            "Reasons",
            "Why SLT turned it down.",
        )
    if to is S.DRAFT:
        return Step("Return to draft", "Take the application back to change it before it goes to SLT again.")
    if to is S.ACTIVE:
        if current is S.UNDER_REVIEW:
            return Step("Finish review", "The review is done and the account carries on as it is.")
        if current is S.TRANSFERRED:
            return Step("Mark active again", "The school runs this account again.")
        return Step("Mark active", "The account is set up and running.")
    if to is S.UNDER_REVIEW:
        return Step(
            "Start review…",
            "Review whether the account still meets its aim and the policy.",
            "Start a review",
            "Say why the account is being reviewed (for example the termly review, or a concern).",
            "Start review",
            "Why it is reviewed",
        )
    if to is S.CLOSING:
        return Step(
            "Close account…",
            "Start closing the account (on the platform too).",
            "Close the account",
            "Say why the account is closing. Mark it closed once the platform has deleted it.",
            "Start closing",
            "Why it closes",
        )
    if to is S.TRANSFERRED:
        return Step(
            "Transfer…",
            "Hand the account over to someone else (another school, the PTA, …).",
            "Transfer the account",
            "Say who the account goes to and why.",
            "Transfer",
            "To whom, and why",
        )
    if to is S.CLOSED:
        return Step("Mark closed", "The account no longer exists on the platform.")
    return Step(to.label, "")


def asks_first(to: AccountStatus) -> bool:
    """Whether the step opens a dialog (it needs a reason or a decider)."""
    return to in NEEDS_REASON or to in NEEDS_DECIDER


class TransitionDialog(QDialog):
    """Asks for what a lifecycle step needs (decided by, decision date, reasons), then takes the step.

    The service's refusal shows in the dialog, beside the field it names or at the top.

    Signals:
        step_taken(object): the step was taken (the new AccountStatus).
    """

    step_taken = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        account_id: int,
        account_name: str,
        current: AccountStatus,
        to: AccountStatus,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transition-dialog")
        session.locked.connect(self.reject)  # nothing of the school stays on screen once locked
        self.session = session
        self.account_id = account_id
        self.to = to
        step = step_for(current, to)
        self.setWindowTitle(step.title)
        self.form = RecordForm("transition", lambda: None)
        self.general_error = FieldError(name="transition-error")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading_label(step.title, name="transition-title"))
        intro = hint_label(f"{account_name}. {step.intro}", name="transition-intro")
        intro.setForegroundRole(self.foregroundRole())
        layout.addWidget(intro)
        layout.addWidget(self.general_error)
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.setVerticalSpacing(8)
        self.decided_by = None
        self.decided_on = None
        if to in NEEDS_DECIDER:
            self.decided_by = self.form.line("decided_by", "Decided by", "For example: SLT meeting, or a name")
            self.form.add_row(fields, "Decided &by", "decided_by")
            self.decided_on = self.form.date("decided_on", "Decision date", optional=False)
            self.form.add_row(fields, "Decision &date", "decided_on")
        self.reason = self.form.lines("reason", step.reason_label, step.reason_hint, rows=4)
        self.form.add_row(fields, f"&{step.reason_label}", "reason")
        layout.addLayout(fields)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(step.ok)
        self.ok_button.setObjectName("transition-ok")
        self.ok_button.setAccessibleName(step.ok)
        self.buttons.accepted.connect(self.take_step)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        first = self.decided_by or self.reason
        first.setFocus()

    def take_step(self) -> bool:
        """Take the step with what was typed; on a refusal say why and stay open."""
        self.form.clear_errors()
        self.general_error.clear()
        try:
            accounts.transition(
                self.session.workspace,
                self.account_id,
                self.to,
                reason=self.reason.text(),
                decided_by=self.decided_by.text() if self.decided_by is not None else "",
                decided_on=self.decided_on.date() if self.decided_on is not None else None,
            )
        except ValidationError as exc:
            if not self.form.show_error(exc):
                self.general_error.show_error(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        self.step_taken.emit(self.to)
        self.accept()
        return True


class AddStaffDialog(QDialog):
    """Name a person on an account: who (from the people register), their role, who authorised them and when.

    Signals:
        added(int): the person was named (the new link's id).
    """

    added = Signal(int)

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        account_id: int,
        account_name: str,
        people: list[PersonRow],
        authoriser: str,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("add-staff-dialog")
        session.locked.connect(self.reject)  # nothing of the school stays on screen once locked
        self.setWindowTitle("Name a person on the account")
        self.session = session
        self.account_id = account_id
        today = dt.date.today()
        self.people = [p for p in people if not p.has_left(today)]
        self.form = RecordForm("staff", lambda: None)
        self.general_error = FieldError(name="staff-error")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading_label("Name a person on the account", name="add-staff-title"))
        intro = hint_label(
            f"{account_name}. Each person who posts to or runs the account must be authorised by the headteacher, "
            "have had social media training and have signed the terms of use.",
            name="add-staff-intro",
        )
        intro.setForegroundRole(self.foregroundRole())
        layout.addWidget(intro)
        layout.addWidget(self.general_error)

        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.setVerticalSpacing(8)
        self.person = self.form.combo("person", "Person", [(self._label(p), p.id) for p in self.people])
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
        self.form.add_row(
            fields,
            "&Person",
            "person",
            "People who have left are not listed. Add someone new in the People section first.",
        )
        self.role = self.form.combo("role", "Role", [(role.label, role) for role in StaffRole])
        self.role.setCurrentIndex(self.role.findData(StaffRole.POSTER))
        self.form.add_row(fields, "&Role", "role")
        self.authorised_by = self.form.line("authorised_by", "Authorised by", "The headteacher's name")
        self.authorised_by.setText(authoriser)
        self.form.add_row(fields, "Authorised &by", "authorised_by")
        self.authorised_on = self.form.date("authorised_on", "Authorised on", set_text="On")
        self.authorised_on.setDate(today)
        self.form.add_row(fields, "Authorised &on", "authorised_on")
        layout.addLayout(fields)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Name on account")
        self.ok_button.setObjectName("add-staff-ok")
        self.ok_button.setAccessibleName("Name on account")
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)
        self.person.setFocus()

    @staticmethod
    def _label(person: PersonRow) -> str:
        extra = person.role or person.kind.label
        return f"{person.full_name} ({extra})"

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

    def add(self) -> bool:
        self.form.clear_errors()
        self.general_error.clear()
        person_id = self.chosen_person()
        if person_id is None:
            self.form.show_error(
                ValidationError("Choose a person from the list (type part of their name).", field="person")
            )
            return False
        try:
            link = accounts.add_staff(
                self.session.workspace,
                self.account_id,
                person_id,
                StaffRole(self.role.currentData()),
                self.authorised_by.text(),
                self.authorised_on.date(),
            )
        except ValidationError as exc:
            if not self.form.show_error(exc):
                self.general_error.show_error(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        self.added.emit(link)
        self.accept()
        return True
