"""Record that a password was given to someone: who, when, who authorised it, and why (a step dialog)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QButtonGroup, QCompleter, QRadioButton, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.services.vault import CredentialRow
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import line_edit, text_edit
from smgov.ui.frame.widgets import DateField, plain_label
from smgov.ui.sections.vault.credential_dialog import combo
from smgov.ui.sections.vault.words import credential_subtitle

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession


def _radio(text: str, name: str) -> QRadioButton:
    radio = QRadioButton(text)
    radio.setObjectName(name)
    radio.setAccessibleName(text.replace("&", ""))
    return radio


class DisclosureDialog(StepDialog):
    """Who was given the password (someone on the people register, or named here), on which day, who authorised
    it and why. Recorded, the password is flagged for a change when that person leaves.

    Signals: ``recorded(object)``: the credential's id, once the disclosure is saved.
    """

    changes = (Change.VAULT,)

    def __init__(self, parent: QWidget, session: AppSession, credential: CredentialRow) -> None:
        from smgov.data.models import KeyRole
        from smgov.data.services import people, school

        super().__init__(
            parent,
            session,
            "Record that you gave this password",
            "The policy says passwords are shared only with people the headteacher has authorised. Recording it "
            "here means the password is flagged for a change when that person leaves.",
            name="disclosure-dialog",
        )
        self.credential = credential
        workspace = session.workspace
        register = people.list_people(workspace)  # quick reads
        headteacher = school.key_people(workspace).get(KeyRole.HEADTEACHER)
        today = dt.date.today()
        self.body.insertWidget(0, plain_label(credential_subtitle(credential), name="disclosure-subtitle"))

        self.on_register = _radio("Someone on the &people register", "disclosure-on-register")
        self.someone_else = _radio("Someone &else", "disclosure-someone-else")
        group = QButtonGroup(self)
        group.addButton(self.on_register)
        group.addButton(self.someone_else)
        self.person = combo("disclosure-person", "Person")
        self.person.setEditable(True)
        self.person.setInsertPolicy(self.person.InsertPolicy.NoInsert)
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
        self.given_to = line_edit("disclosure-given-to", "Name", "Their full name, and who they are")
        self.given_to.setMaxLength(200)

        who = QVBoxLayout()
        who.setContentsMargins(0, 0, 0, 0)
        who.setSpacing(4)
        for widget in (self.on_register, self.person, self.someone_else, self.given_to):
            who.addWidget(widget)
        self.add_field("person", "Given &to", self.person, layout=who)
        self.on_register.toggled.connect(self._who_changed)
        if register:
            self.on_register.setChecked(True)
        else:
            self.on_register.setEnabled(False)
            self.someone_else.setChecked(True)
        self._who_changed()

        self.given_on = DateField(accessible_name="Date given", name="disclosure-given-on", default=today)
        self.given_on.edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.add_field("given_on", "&On", self.given_on)
        self.authorised_by = line_edit("disclosure-authorised-by", "Authorised by", "Usually the headteacher")
        self.authorised_by.setMaxLength(200)
        if headteacher is not None:
            self.authorised_by.setText(headteacher.name)
        self.add_field("authorised_by", "&Authorised by", self.authorised_by)
        self.reason = text_edit("disclosure-reason", "Why", placeholder="For example: new lead for the account")
        self.add_field("reason", "&Why", self.reason)
        self.add_stretch()

    def _who_changed(self, _checked: bool = False) -> None:
        register = self.on_register.isChecked()
        self.person.setEnabled(register)
        self.given_to.setEnabled(not register)
        # a refusal about "person" is shown at (and puts the cursor in) whichever field names them
        self.fields["person"] = self.person if register else self.given_to

    def chosen_person(self) -> int | None:
        index = self.person.currentIndex()
        if index < 0 or self.person.currentText() != self.person.itemText(index):
            index = self.person.findText(self.person.currentText())
        data = self.person.itemData(index) if index >= 0 else None
        return int(data) if data is not None else None

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        from smgov.data.services import vault

        person_id: int | None = None
        given_to = ""
        if self.on_register.isChecked():
            person_id = self.chosen_person()
            if person_id is None:
                raise ValidationError("Choose the person from the list, or choose Someone else.", field="person")
        else:
            given_to = self.given_to.text()
        given_on = self.given_on.date()
        if given_on is None:
            raise ValidationError("Enter the date it was given.", field="given_on")
        credential_id = self.credential.id
        authorised_by, reason = self.authorised_by.text(), self.reason.toPlainText()

        def record(workspace: Workspace) -> int:
            vault.record_disclosure(
                workspace,
                credential_id,
                given_on=given_on,
                authorised_by=authorised_by,
                reason=reason,
                person_id=person_id,
                given_to=given_to,
            )
            return credential_id

        return record
