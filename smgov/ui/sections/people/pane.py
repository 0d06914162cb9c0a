"""One person's details: the form, the accounts they are named on and, for leavers, what is still to do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.errors import ValidationError
from smgov.data.models.people import PersonKind
from smgov.data.services.people import LeaverItem, PersonForm, PersonRow
from smgov.ui.frame.forms import WarningNote
from smgov.ui.frame.pane import RecordPane
from smgov.ui.frame.tables import uk_date
from smgov.ui.sections.people.leavers import LeaverDialog, LinkList, leaver_links
from smgov.ui.sections.people.model import not_ready

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession


@dataclass(frozen=True)
class NamedOn:
    """An account a person is named on, and as what."""

    account_id: int
    account_name: str
    roles: str


@dataclass(frozen=True)
class PersonDetails:
    """A person, the open accounts they are named on, and what is still to do if they leave."""

    person: PersonRow
    named_on: list[NamedOn]
    todo: list[LeaverItem]


def read_person(workspace: Workspace, person_id: int) -> PersonDetails:
    from smgov.data.services import accounts, people

    person = people.get_person(workspace, person_id)
    items = people.leaver_items(workspace, person_id)
    named: list[NamedOn] = []
    seen: set[int] = set()
    for item in items:
        if item.credential_id is not None or item.account_id in seen:
            continue
        seen.add(item.account_id)
        try:
            details = accounts.get_account(workspace, item.account_id)
        except ValidationError:
            continue
        roles = sorted(
            {link.role.label for link in details.staff if link.person_id == person_id and link.removed_on is None}
        )
        label = details.form.name or details.form.handle
        named.append(NamedOn(details.id, f"{label} ({details.form.platform.label})", ", ".join(roles) or "named"))
    return PersonDetails(person, named, items if person.leaving_date is not None else [])


class PersonPane(RecordPane[PersonDetails]):
    """One person, edited in place; a newly set leaving date lists what must be done before they go."""

    prefix = "person"
    noun = "person"
    empty_title = "No one chosen"
    empty_hint = "Choose a person in the list to see and change their details, or press New person (Ctrl+N)."
    changes = (Change.PEOPLE,)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        self.leaver_dialog: LeaverDialog | None = None
        super().__init__(session, parent)

    # -- the page ----------------------------------------------------------------------------------------------

    @override
    def build(self) -> None:
        f = self.form
        self.todo_group = QGroupBox("Still to do because they leave")
        self.todo_group.setObjectName("person-todo")
        self.todo_list = LinkList("person-todo-list")
        self.todo_list.chosen.connect(self.open_record)
        QVBoxLayout(self.todo_group).addWidget(self.todo_list)
        self.body.addWidget(self.todo_group)

        _box, form = self.group("Person", "main")
        f.line("full_name", "Full name", "As the school writes it")
        f.add_row(form, "&Name", "full_name")
        f.combo("kind", "Kind", [(kind.label, kind) for kind in PersonKind])
        f.add_row(form, "&Kind", "kind")
        f.line("role", "Role", "Job title or position, e.g. Year 4 teacher")
        f.add_row(form, "&Role", "role")
        f.line("email", "Email", "name@school.org.uk")
        f.add_row(form, "&Email", "email", "Staff use their school address.")
        f.date("start_date", "Start date", set_text="Started on")
        f.add_row(form, "&Start", "start_date")
        f.date("leaving_date", "Leaving date", set_text="Leaves on")
        f.add_row(
            form,
            "&Leaving",
            "leaving_date",
            "Setting it lists what must be done before they go, and the dashboard keeps reminding you.",
        )

        _box, form = self.group("Training and terms of use", "training")
        f.date("social_media_training_on", "Social media training date", set_text="Done on")
        f.add_row(form, "S&ocial media training", "social_media_training_on")
        f.date("online_safety_training_on", "Online safety training date", set_text="Done on")
        f.add_row(form, "Online sa&fety training", "online_safety_training_on")
        f.date("terms_signed_on", "Terms of use signed date", set_text="Signed on")
        f.add_row(form, "&Terms of use signed", "terms_signed_on")
        self.training_warning = WarningNote(
            "Named on an account without social media training or signed terms of use: the policies require both.",
            "person-training-warning",
        )
        form.addRow(self.training_warning)

        accounts_group = QGroupBox("Accounts they are named on")
        accounts_group.setObjectName("person-accounts")
        self.accounts_list = LinkList("person-accounts-list", "Not named on any account that is still open.")
        self.accounts_list.chosen.connect(self.open_record)
        QVBoxLayout(accounts_group).addWidget(self.accounts_list)
        self.body.addWidget(accounts_group)

        notes = QGroupBox("Notes")
        notes.setObjectName("person-notes-group")
        column = QVBoxLayout(notes)
        column.addWidget(f.lines("notes", "Notes", "Anything else worth keeping with the record"))
        column.addWidget(f.errors["notes"])
        self.body.addWidget(notes)

    @override
    def read(self, workspace: Workspace, record_id: int) -> PersonDetails:
        return read_person(workspace, record_id)

    @override
    def values(self, record: PersonDetails | None) -> dict[str, Any]:
        if record is None:
            return {"kind": PersonKind.STAFF}
        return {key: getattr(record.person, key) for key in self.form.fields}

    @override
    def form_values(self) -> dict[str, Any]:
        values = super().form_values()
        values["kind"] = PersonKind(values["kind"])  # combo boxes hand enum members back as plain strings
        return values

    @override
    def show_record_details(self, record: PersonDetails | None) -> None:
        if record is None:
            self.title.setText("New person")
            self.subtitle.setText("Not saved yet.")
            self.set_state("")
            self.accounts_list.set_lines([])
            self.todo_list.set_lines([])
            self.todo_group.setVisible(False)
            self.training_warning.setVisible(False)
            return
        person, today = record.person, dt.date.today()
        self.title.setText(person.full_name)
        self.subtitle.setText("  ·  ".join(p for p in (person.kind.label, person.role) if p))
        if person.leaving_date is None:
            self.set_state("Current")
        elif person.leaving_date <= today:
            self.set_state(f"Left {uk_date(person.leaving_date)}")
        else:
            self.set_state(f"Leaving {uk_date(person.leaving_date)}")
        self.accounts_list.set_lines(
            [
                (f"{n.account_name}: {n.roles}", "Go to account", Section.ACCOUNTS, str(n.account_id))
                for n in record.named_on
            ]
        )
        show_todo = person.leaving_date is not None and bool(record.todo)
        self.todo_list.set_lines(leaver_links(record.todo) if show_todo else [])
        self.todo_group.setVisible(show_todo)
        self.training_warning.setVisible(not_ready(person) and not person.has_left(today))

    @override
    def clear(self) -> None:
        super().clear()
        self.accounts_list.clear()
        self.todo_list.clear()
        if self.leaver_dialog is not None:
            self.leaver_dialog.reject()
            self.leaver_dialog = None

    # -- writing -----------------------------------------------------------------------------------------------

    @override
    def write(self, workspace: Workspace, record_id: int | None, values: dict[str, Any]) -> Any:
        from smgov.data.services import people

        form = PersonForm(**values)
        if record_id is None:
            return people.add_person(workspace, form), [], form
        return record_id, people.update_person(workspace, record_id, form), form

    @override
    def saved_id(self, result: Any) -> int:
        return int(result[0])

    @override
    def after_save(self, result: Any, added: bool) -> None:
        _person_id, todo, form = result
        if todo and form.leaving_date is not None:
            name = self.record.person.full_name if self.record is not None else form.full_name
            self.show_leaver_dialog(name, form.leaving_date, todo)

    @override
    def remove(self, workspace: Workspace, record_id: int) -> None:
        from smgov.data.services import people

        people.delete_person(workspace, record_id)

    @override
    def delete_question(self, record: PersonDetails) -> str:
        return (
            f"Delete {record.person.full_name} from the register?\n\n"
            "Only do this for someone added by mistake. For someone who leaves, set a leaving date instead: "
            "the record of what they could access must stay."
        )

    def show_leaver_dialog(self, name: str, leaving: dt.date, items: list[LeaverItem]) -> LeaverDialog:
        dialog = LeaverDialog(self, name, leaving, items)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_record.connect(self.open_record)
        dialog.finished.connect(lambda _result: setattr(self, "leaver_dialog", None))
        self.leaver_dialog = dialog
        dialog.open()
        return dialog
