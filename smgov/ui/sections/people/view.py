"""The people section: staff, governors, volunteers and contractors who run or touch the school's accounts.

The table lists everyone with their training and terms of use; the pane beside it edits one person, lists the
accounts they are named on and, once a leaving date is set, what must be done before they go (transfer the lead,
remove access, change passwords they were given), each a click away from the account.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.models.people import PersonKind
from smgov.data.services.people import LeaverItem, PersonForm, PersonRow
from smgov.ui.frame import msgbox, operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import Divider, RecordForm, WarningNote, ask_unsaved, button, hint_label, section_title
from smgov.ui.frame.tables import (
    AnyIndex,
    Column,
    FilterProxy,
    PreparedRows,
    RowTableModel,
    SearchBox,
    TableView,
    filter_bar,
    list_with_footer,
    section_splitter,
    uk_date,
    window_shortcut,
)
from smgov.ui.frame.widgets import heading_label, nothing_chosen_page, plain_label
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

CURRENT, LEAVERS, EVERYONE = "current", "leavers", "everyone"
SHOW_CHOICES = (
    ("Current people", CURRENT),
    ("Leavers (left or leaving)", LEAVERS),
    ("Everyone", EVERYONE),
)
# Areas whose changes alter what this page shows (how many accounts each person is named on, leaver to-dos).
WATCHED_AREAS = {"people", "accounts", "vault"}
LEAVER_WORDS = {
    "transfer lead": "Transfer the lead of",
    "remove access": "Remove access to",
    "rotate password": "Change the password of",
}


def leaver_text(item: LeaverItem) -> str:
    """One to-do in words: "Transfer the lead of Brambleford PE"."""
    words = LEAVER_WORDS.get(item.action, item.action.capitalize())
    if item.credential_id is not None:
        return f"{words} {item.account_name} ({item.credential_label})"
    return f"{words} {item.account_name}"


def not_ready(person: PersonRow) -> bool:
    """Named on an account without the training or signed terms of use the policies require."""
    return bool(person.accounts_named) and not person.is_ready_to_post


class PersonTableModel(RowTableModel[PersonRow]):
    """Everyone on the register, with their training and terms of use and how many accounts they are named on."""

    NAME, KIND, ROLE, ACCOUNTS, TRAINING, TERMS, SAFETY, LEAVING, EMAIL = range(9)
    columns = (
        Column[PersonRow]("Name", lambda p: p.full_name, width=18),
        Column[PersonRow]("Kind", lambda p: p.kind.label, width=8),
        Column[PersonRow]("Role", lambda p: p.role, width=15),
        Column[PersonRow](
            "Accounts", lambda p: str(p.accounts_named), sort_key=lambda p: p.accounts_named, width=6, align_right=True
        ),
        Column[PersonRow](
            "Training",
            lambda p: uk_date(p.social_media_training_on) or "Not yet",
            sort_key=lambda p: p.social_media_training_on,
            width=10,
        ),
        Column[PersonRow](
            "Terms signed",
            lambda p: uk_date(p.terms_signed_on) or "Not yet",
            sort_key=lambda p: p.terms_signed_on,
            width=10,
        ),
        Column[PersonRow](
            "Online safety",
            lambda p: uk_date(p.online_safety_training_on) or "Not yet",
            sort_key=lambda p: p.online_safety_training_on,
            width=10,
        ),
        Column[PersonRow]("Leaving", lambda p: uk_date(p.leaving_date), sort_key=lambda p: p.leaving_date, width=10),
        Column[PersonRow]("Email", lambda p: p.email),
    )

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            person = self.row_at(index.row())
            column = index.column()
            missing = (column == self.TRAINING and person.social_media_training_on is None) or (
                column == self.TERMS and person.terms_signed_on is None
            )
            if missing and not_ready(person) and not person.has_left():
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            if self.row_at(index.row()).has_left():
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        return super().data(index, role)


@dataclass(frozen=True)
class NamedOn:
    """An account a person is named on, and as what."""

    account_id: int
    account_name: str
    roles: str


class LinkList(QWidget):
    """A short list of lines, each with a button that goes somewhere (an account, a password).

    Signals:
        chosen(str, object): the section and record id of the line whose button was pressed.
    """

    chosen = Signal(str, object)

    def __init__(self, name: str, empty_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._empty_text = empty_text
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)
        self.lines: list[str] = []

    def set_lines(self, lines: list[tuple[str, str, str, object]]) -> None:
        """``lines``: (text, button text, section, record id) each."""
        self.clear()
        self.lines = [text for text, _button, _section, _record in lines]
        if not lines and self._empty_text:
            empty = hint_label(self._empty_text)
            self._rows.addWidget(empty)
            empty.show()
        for index, (text, button_text, section, record) in enumerate(lines):
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            label = plain_label(text, name=f"{self.objectName()}-text-{index}")
            go = button(button_text, f"{self.objectName()}-go-{index}", f"{button_text}: {text}")
            go.clicked.connect(lambda _checked=False, s=section, r=record: self.chosen.emit(s, r))
            row_layout.addWidget(label, 1)
            row_layout.addWidget(go, 0, Qt.AlignmentFlag.AlignTop)
            self._rows.addWidget(row)
            row.show()

    def clear(self) -> None:
        self.lines = []
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def _leaver_lines(items: list[LeaverItem]) -> list[tuple[str, str, str, object]]:
    lines: list[tuple[str, str, str, object]] = []
    for item in items:
        if item.credential_id is not None:
            lines.append((leaver_text(item), "Go to password", "vault", str(item.credential_id)))
        else:
            lines.append((leaver_text(item), "Go to account", "accounts", str(item.account_id)))
    return lines


class LeaverDialog(QDialog):
    """What must be done because someone leaves, each with a button to the account or password.

    Signals:
        open_record(str, object): the user chose a line: go to that section and record.
    """

    open_record = Signal(str, object)

    def __init__(self, parent: QWidget | None, name: str, leaving: dt.date, items: list[LeaverItem]) -> None:
        super().__init__(parent)
        self.setObjectName("leaver-dialog")
        self.items = list(items)
        left = leaving <= dt.date.today()
        title = f"{name} has left: still to do" if left else f"Before {name} leaves"
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading_label(title, name="leaver-title"))
        when = f"left on {uk_date(leaving)}" if left else f"leaves on {uk_date(leaving)}"
        layout.addWidget(
            plain_label(
                f"{name} {when}. So that no account is left without its lead and no leaver keeps a way in, "
                "do each of these:",
                name="leaver-intro",
            )
        )
        self.list = LinkList("leaver-items")
        self.list.set_lines(_leaver_lines(items))
        self.list.chosen.connect(self._chosen)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list)
        scroll.setMaximumHeight(320)
        scroll.setMinimumHeight(min(320, self.list.sizeHint().height() + 8))
        layout.addWidget(scroll)
        layout.addWidget(hint_label("Each stays on the dashboard until it is done.", name="leaver-note"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("leaver-close")
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def lines(self) -> list[str]:
        return list(self.list.lines)

    def _chosen(self, section: str, record: object) -> None:
        self.accept()
        self.open_record.emit(section, record)


class PersonPane(QWidget):
    """One person's details: the form, the accounts they are named on and, for leavers, what is still to do.

    Signals:
        person_changed(int): the person was added or saved (their id): reload the list.
        person_deleted(int): the person was deleted.
        open_record(str, object): go to that section and record (an account, a password).
    """

    person_changed = Signal(int)
    person_deleted = Signal(int)
    open_record = Signal(str, object)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person-pane")
        self.session = session
        self.person: PersonRow | None = None
        self._person_id: int | None = None
        self._is_new = False
        self._loaded: tuple[Any, ...] | None = None
        self.leaver_dialog: LeaverDialog | None = None
        self.form = RecordForm("person", self._update_dirty)

        self.title = plain_label("", name="person-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = plain_label("", name="person-subtitle")
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.state_chip = QLabel("")
        self.state_chip.setObjectName("person-state-chip")
        self.state_chip.setTextFormat(Qt.TextFormat.PlainText)
        self.state_chip.setFrameShape(QFrame.Shape.StyledPanel)
        self.state_chip.setAutoFillBackground(True)
        self.state_chip.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.state_chip.setMargin(4)
        chip_font = self.state_chip.font()
        chip_font.setBold(True)
        self.state_chip.setFont(chip_font)
        header_text = QVBoxLayout()
        header_text.setSpacing(2)
        header_text.addWidget(self.title)
        header_text.addWidget(self.subtitle)
        header = QHBoxLayout()
        header.addLayout(header_text, 1)
        header.addWidget(self.state_chip, 0, Qt.AlignmentFlag.AlignTop)

        body = QWidget()
        body.setObjectName("person-body")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 8)
        column.setSpacing(12)
        column.addWidget(self._todo_group())
        column.addWidget(self._person_group())
        column.addWidget(self._training_group())
        column.addWidget(self._accounts_group())
        column.addWidget(self._notes_group())
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("person-scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        self.form.scroll_area = self.scroll_area

        self.message = plain_label("", name="person-message")
        self.message.setAccessibleName("Save status")
        self.delete_button = button("Delete…", "person-delete", "Delete person")
        self.delete_button.clicked.connect(self.delete)
        self.discard_button = button("Discard changes", "person-discard")
        self.discard_button.clicked.connect(self.discard)
        self.save_button = button("Save", "person-save", tooltip="Save this person (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        footer = QHBoxLayout()
        footer.addWidget(self.delete_button)
        footer.addWidget(self.message, 1)
        footer.addWidget(self.discard_button)
        footer.addWidget(self.save_button)

        self.details_page = QWidget()
        page = QVBoxLayout(self.details_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(8)
        page.addLayout(header)
        page.addWidget(Divider())
        page.addWidget(self.scroll_area, 1)
        page.addWidget(Divider())
        page.addLayout(footer)

        self.empty = nothing_chosen_page(
            "No one chosen",
            "Choose a person in the list to see and change their details, or press New person (Ctrl+N).",
            name="person-empty",
        )

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.details_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.save_shortcut = window_shortcut(self, QKeySequence.StandardKey.Save, self.save)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(6000)
        self._message_timer.timeout.connect(self._show_dirty)
        self.clear()

    # -- building ----------------------------------------------------------------------------------------------

    @staticmethod
    def _form_layout(group: QGroupBox) -> QFormLayout:
        layout = QFormLayout(group)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setVerticalSpacing(8)
        return layout

    def _person_group(self) -> QGroupBox:
        group = QGroupBox("Person")
        group.setObjectName("person-main")
        form = self._form_layout(group)
        f = self.form
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
        return group

    def _training_group(self) -> QGroupBox:
        group = QGroupBox("Training and terms of use")
        group.setObjectName("person-training")
        form = self._form_layout(group)
        f = self.form
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
        return group

    def _accounts_group(self) -> QGroupBox:
        group = QGroupBox("Accounts they are named on")
        group.setObjectName("person-accounts")
        column = QVBoxLayout(group)
        self.accounts_list = LinkList("person-accounts-list", "Not named on any account that is still open.")
        self.accounts_list.chosen.connect(self.open_record)
        column.addWidget(self.accounts_list)
        return group

    def _todo_group(self) -> QGroupBox:
        group = QGroupBox("Still to do because they leave")
        group.setObjectName("person-todo")
        self.todo_group = group
        column = QVBoxLayout(group)
        self.todo_list = LinkList("person-todo-list")
        self.todo_list.chosen.connect(self.open_record)
        column.addWidget(self.todo_list)
        return group

    def _notes_group(self) -> QGroupBox:
        group = QGroupBox("Notes")
        group.setObjectName("person-notes-group")
        column = QVBoxLayout(group)
        column.addWidget(self.form.lines("notes", "Notes", "Anything else worth keeping with the record"))
        column.addWidget(self.form.errors["notes"])
        return group

    # -- showing -----------------------------------------------------------------------------------------------

    @property
    def person_id(self) -> int | None:
        return self._person_id

    @property
    def is_new(self) -> bool:
        return self._is_new

    def show_person(self, person: PersonRow, named_on: list[NamedOn], todo: list[LeaverItem]) -> None:
        self.person = person
        self._person_id = person.id
        self._is_new = False
        self.form.fill({key: getattr(person, key) for key in self.form.fields})
        self._loaded = self.form.snapshot()
        self.title.setText(person.full_name)
        self.subtitle.setText("  ·  ".join(p for p in (person.kind.label, person.role) if p))
        today = dt.date.today()
        if person.leaving_date is None:
            state = "Current"
        elif person.leaving_date <= today:
            state = f"Left {uk_date(person.leaving_date)}"
        else:
            state = f"Leaving {uk_date(person.leaving_date)}"
        self.state_chip.setText(state)
        self.state_chip.setAccessibleName(state)
        self.state_chip.setVisible(True)
        self.accounts_list.set_lines(
            [(f"{n.account_name}: {n.roles}", "Go to account", "accounts", str(n.account_id)) for n in named_on]
        )
        show_todo = person.leaving_date is not None and bool(todo)
        self.todo_list.set_lines(_leaver_lines(todo) if show_todo else [])
        self.todo_group.setVisible(show_todo)
        self.training_warning.setVisible(not_ready(person) and not person.has_left(today))
        self.delete_button.setEnabled(True)
        self.stack.setCurrentWidget(self.details_page)
        self._set_enabled(True)
        self._update_dirty()

    def start_new(self) -> None:
        self.person = None
        self._person_id = None
        self._is_new = True
        self.form.fill({"kind": PersonKind.STAFF})
        self._loaded = self.form.snapshot()
        self.title.setText("New person")
        self.subtitle.setText("Not saved yet.")
        self.state_chip.setVisible(False)
        self.accounts_list.set_lines([])
        self.todo_list.set_lines([])
        self.todo_group.setVisible(False)
        self.training_warning.setVisible(False)
        self.delete_button.setEnabled(False)
        self.stack.setCurrentWidget(self.details_page)
        self._set_enabled(True)
        self._update_dirty()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.form.fields["full_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Show no one (nobody chosen, or the workspace locked)."""
        self.person = None
        self._person_id = None
        self._is_new = False
        self.form.fill({})
        self._loaded = None
        self.title.clear()
        self.subtitle.clear()
        self.state_chip.clear()
        self.accounts_list.clear()
        self.todo_list.clear()
        self.message.clear()
        if self.leaver_dialog is not None:
            self.leaver_dialog.reject()
            self.leaver_dialog = None
        self.stack.setCurrentWidget(self.empty)
        self._set_enabled(False)

    def open_person(self, person_id: int) -> bool:
        """Read the person (and the accounts they are on) and show them. False when they are gone."""
        if not self.session.is_unlocked:
            return False
        try:
            person, named_on, todo = read_person(self.session.workspace, person_id)
        except ValidationError:
            self.clear()
            return False
        self.show_person(person, named_on, todo)
        return True

    # -- state -------------------------------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self.form.snapshot() != self._loaded

    def _update_dirty(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty or self._is_new)
        if not self._message_timer.isActive():
            self._show_dirty()

    def _show_dirty(self) -> None:
        self.message.setText("Unsaved changes." if self.has_unsaved_changes() else "")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self._message_timer.start()

    def _set_enabled(self, enabled: bool) -> None:
        self.form.set_enabled(enabled)
        self.save_shortcut.setEnabled(enabled)
        if not enabled:
            self.save_button.setEnabled(False)
            self.discard_button.setEnabled(False)
            self.delete_button.setEnabled(False)

    def _typed_form(self) -> PersonForm:
        values = {key: self.form.value(key) for key in self.form.fields}
        values["kind"] = PersonKind(values["kind"])  # combo boxes hand enum members back as plain strings
        return PersonForm(**values)

    # -- saving and deleting -----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Check and save; a wrong field is explained beside it and nothing is saved. A newly set leaving date
        shows what must be done before the person goes."""
        if not self.session.is_unlocked or self._loaded is None:
            return False
        if not self.has_unsaved_changes():
            return True
        from smgov.data.services import people

        self.form.clear_errors()
        form = self._typed_form()
        workspace = self.session.workspace
        todo: list[LeaverItem] = []
        try:
            if self._person_id is None:
                person_id = people.add_person(workspace, form)
            else:
                person_id = self._person_id
                todo = people.update_person(workspace, person_id, form)
        except ValidationError as exc:
            if not self.form.show_error(exc):
                show_error(self, exc)
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        added = self._is_new
        log.info("person %s %s", person_id, "added" if added else "saved")
        self._person_id = person_id
        self.open_person(person_id)
        self._say("Added to the register." if added else "Saved.")
        self.person_changed.emit(person_id)
        if todo and form.leaving_date is not None:
            self.show_leaver_dialog(self.person.full_name if self.person else form.full_name, form.leaving_date, todo)
        return True

    def show_leaver_dialog(self, name: str, leaving: dt.date, items: list[LeaverItem]) -> LeaverDialog:
        dialog = LeaverDialog(self, name, leaving, items)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_record.connect(self.open_record)
        dialog.finished.connect(lambda _result: setattr(self, "leaver_dialog", None))
        self.leaver_dialog = dialog
        dialog.open()
        return dialog

    def discard(self) -> None:
        if self._is_new or self._person_id is None:
            self.clear()
            return
        self.open_person(self._person_id)

    def delete(self) -> QWidget | None:
        person = self.person
        if person is None or not self.session.is_unlocked:
            return None
        box = msgbox.ask(
            self,
            "Delete person",
            f"Delete {person.full_name} from the register?\n\n"
            "Only do this for someone added by mistake. For someone who leaves, set a leaving date instead: "
            "the record of what they could access must stay.",
            lambda: self._delete_now(person.id),
            yes_text="Delete person",
        )
        box.setObjectName("person-delete-question")
        return box

    def _delete_now(self, person_id: int) -> None:
        from smgov.data.services import people

        if not self.session.is_unlocked:
            return
        try:
            people.delete_person(self.session.workspace, person_id)
        except ValidationError as exc:
            box = msgbox.warning(self, "Cannot delete", str(exc))
            box.setObjectName("person-delete-refused")
            return
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return
        log.info("person %s deleted", person_id)
        self.clear()
        self.person_deleted.emit(person_id)


def read_person(workspace: Any, person_id: int) -> tuple[PersonRow, list[NamedOn], list[LeaverItem]]:
    """A person, the open accounts they are named on (with their roles) and what is still to do if they leave."""
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
    todo = items if person.leaving_date is not None else []
    return person, named, todo


class PeopleView(QWidget):
    """The people section: everyone on the left, the chosen person on the right; staff import from a CSV.

    Signals:
        open_record(str, object): go to that section and record (an account from a person's list, a password).
    """

    open_record = Signal(str, object)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people-view")
        self.session = session
        self.loads = operations.LatestLoad(self, session)
        self.freshness = operations.ReloadWhenShown(self, self.reload)
        self._loaded_once = False
        self._pending_record: int | None = None
        self._selecting = False

        self.model = PersonTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)

        title = section_title("People", "people-title")
        intro = hint_label(
            "Staff, governors, volunteers and contractors who run or touch the school's accounts, with their "
            "training and terms of use.",
            name="people-intro",
        )
        intro.setForegroundRole(self.foregroundRole())
        self.new_button = button("New person", "people-new", tooltip="Add someone to the register (Ctrl+N)")
        self.new_button.clicked.connect(self.new_person)
        self.import_button = button("Import staff from CSV…", "people-import", "Import staff from CSV")
        self.import_button.setToolTip("Add staff from a spreadsheet saved as CSV (name, role, email), with a preview.")
        self.import_button.clicked.connect(self.import_staff)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.import_button)
        heading.addSpacing(6)
        heading.addWidget(self.new_button)

        self.search = SearchBox(self, "Search people", name="people-search")
        self.search.search_changed.connect(self.proxy.set_search_text)
        self.show_filter = QComboBox()
        self.show_filter.setObjectName("people-show-filter")
        self.show_filter.setAccessibleName("Show")
        for text, value in SHOW_CHOICES:
            self.show_filter.addItem(text, value)
        self.show_filter.currentIndexChanged.connect(self._show_chosen)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("people-kind-filter")
        self.kind_filter.setAccessibleName("Kind")
        self.kind_filter.addItem("Every kind", None)
        for kind in PersonKind:
            self.kind_filter.addItem(kind.label, kind)
        self.kind_filter.currentIndexChanged.connect(self._kind_chosen)
        filters = filter_bar(self.search, (("S&how", self.show_filter, 1), ("&Kind", self.kind_filter, 1)))

        self.table = TableView("People", self, name="people-table")
        self.table.use_model(self.proxy, PersonTableModel.NAME)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = QLabel("")
        self.count_label.setObjectName("people-count")
        self.count_label.setAccessibleName("Number of people")
        self.notice = plain_label("", name="people-notice")
        left = list_with_footer(self.table, self.count_label, self.notice)

        self.pane = PersonPane(session, self)
        self.pane.person_changed.connect(self._person_changed)
        self.pane.person_deleted.connect(self._person_deleted)
        self.pane.open_record.connect(self._go)

        self.splitter = section_splitter("people-splitter", left, self.pane, sizes=(600, 440))
        left.setMinimumWidth(320)
        self.pane.setMinimumWidth(440)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(intro)
        layout.addSpacing(2)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search, self.show_filter)
        self.setTabOrder(self.show_filter, self.kind_filter)
        self.setTabOrder(self.kind_filter, self.table)

        self.new_shortcut = window_shortcut(self, QKeySequence.StandardKey.New, self.new_person)

        self._show_chosen()
        session.locked.connect(self.clear)
        session.unlocked.connect(self.freshness.mark_stale)
        session.changed.connect(self._on_changed)
        self._set_enabled(False)
        if session.is_unlocked:
            self.reload()

    # -- loading -----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        workspace = self.session.workspace
        if not self._loaded_once:
            self.count_label.setText("Loading people…")

        def load() -> PreparedRows[PersonRow]:
            from smgov.data.services.people import list_people

            return PersonTableModel.prepare(list_people(workspace))

        self.loads.start(load, self._loaded, self._failed)

    def _loaded(self, prepared: PreparedRows[PersonRow]) -> None:
        self._selecting = True
        try:
            self.model.set_rows(prepared)
        finally:
            self._selecting = False
        self._loaded_once = True
        self._set_enabled(True)
        self._show_counts(self.proxy.total_count(), self.proxy.shown_count())
        shown = self.pane.person_id
        if shown is not None and not self.pane.has_unsaved_changes() and not self.pane.open_person(shown):
            shown = None
        if shown is not None:
            self._select_id(shown)
        if self._pending_record is not None:
            record, self._pending_record = self._pending_record, None
            self.show_record(record)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText("The people register could not be loaded.")
        show_error(self, exc)

    def clear(self) -> None:
        """Forget everyone shown (the workspace locked)."""
        self.loads.cancel()
        self.freshness.stale = True
        self._loaded_once = False
        self._pending_record = None
        self.search.reset()
        self._selecting = True
        try:
            self.model.clear()
        finally:
            self._selecting = False
        self.pane.clear()
        self.count_label.setText("")
        self.notice.clear()
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.import_button, self.search, self.show_filter, self.kind_filter):
            widget.setEnabled(enabled)
        self.new_shortcut.setEnabled(enabled)

    def _on_changed(self, area: str) -> None:
        if area not in WATCHED_AREAS:
            return
        self.freshness.mark_stale()

    # -- filters -----------------------------------------------------------------------------------------------

    def _show_chosen(self, _index: int = 0) -> None:
        chosen = self.show_filter.currentData()
        today = dt.date.today()
        if chosen == CURRENT:
            self.proxy.set_predicate("show", lambda person: not person.has_left(today))
        elif chosen == LEAVERS:
            self.proxy.set_predicate("show", lambda person: person.leaving_date is not None)
        else:
            self.proxy.set_predicate("show", None)

    def _kind_chosen(self, _index: int = 0) -> None:
        chosen = self.kind_filter.currentData()
        if chosen is None:
            self.proxy.set_predicate("kind", None)
        else:
            kind = PersonKind(chosen)
            self.proxy.set_predicate("kind", lambda person: person.kind is kind)

    def _show_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked or not self._loaded_once:
            return
        noun = "person" if total == 1 else "people"
        if shown == total:
            self.count_label.setText(f"{total:,} {noun}, all shown")
        else:
            self.count_label.setText(f"{total:,} {noun}, {shown:,} shown")

    def reset_filters(self) -> None:
        self.search.reset()
        self.show_filter.setCurrentIndex(self.show_filter.findData(EVERYONE))
        self.kind_filter.setCurrentIndex(0)

    # -- choosing ----------------------------------------------------------------------------------------------

    def _proxy_row_of(self, person_id: int) -> int:
        for source_row in range(self.model.rowCount()):
            if self.model.row_at(source_row).id == person_id:
                return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
        return -1

    def _select_id(self, person_id: int | None) -> bool:
        self._selecting = True
        try:
            if person_id is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
                return False
            row = self._proxy_row_of(person_id)
            if row < 0:
                self.table.clearSelection()
                return False
            index = self.proxy.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.selectRow(row)
            self.table.scrollTo(index)
            return True
        finally:
            self._selecting = False

    def _current_changed(self, current: QModelIndex | QPersistentModelIndex, _previous: object) -> None:
        if self._selecting or not current.isValid():
            return
        person: PersonRow = self.proxy.row_at(current.row())
        if person.id == self.pane.person_id and not self.pane.is_new:
            return
        if self.pane.has_unsaved_changes():
            shown = self.pane.person_id
            QTimer.singleShot(0, lambda: self._select_id(shown))
            self._ask_unsaved(lambda: self.open_person(person.id))
            return
        self.open_person(person.id)

    def open_person(self, person_id: int) -> bool:
        if not self.pane.open_person(person_id):
            self.reload()
            return False
        self._select_id(person_id)
        return True

    def new_person(self) -> None:
        if not self.session.is_unlocked:
            return
        if self.pane.has_unsaved_changes():
            self._ask_unsaved(self.new_person)
            return
        self._select_id(None)
        self.pane.start_new()

    def _ask_unsaved(self, proceed: Callable[[], Any]) -> None:
        who = "the new person" if self.pane.is_new else "this person"
        ask_unsaved(
            self,
            "people-unsaved-question",
            f"You have changed {who} without saving. Save the changes?",
            self.pane.save,
            self.pane.discard,
            proceed,
        )

    def _person_changed(self, _person_id: int) -> None:
        self.session.changed.emit("people")
        if not self.isVisible():
            self.reload()

    def _person_deleted(self, _person_id: int) -> None:
        self.notice.setText("The person was deleted.")
        QTimer.singleShot(8000, self.notice.clear)
        self.session.changed.emit("people")
        if not self.isVisible():
            self.reload()

    def _go(self, section: str, record: object) -> None:
        if section == "people":
            self.show_record(record)
        else:
            self.open_record.emit(section, record)

    # -- staff import ------------------------------------------------------------------------------------------

    def import_staff(self) -> QDialog | None:
        """Open the staff CSV import (preview first, then import)."""
        if not self.session.is_unlocked:
            return None
        from smgov.ui.sections.people.staff_import import StaffImportDialog

        dialog = StaffImportDialog(self, self.session)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, count: int) -> None:
        self.notice.setText(f"{count} staff imported." if count != 1 else "1 member of staff imported.")
        self.session.changed.emit("people")

    # -- section hooks -----------------------------------------------------------------------------------------

    def show_record(self, record_id: object) -> None:
        """Select and open person ``record_id`` (dashboard items link here); filters that hide them are cleared."""
        try:
            person_id = int(str(record_id))
        except ValueError:
            return
        if not self._loaded_once:
            self._pending_record = person_id
            return
        if self._proxy_row_of(person_id) < 0:
            if not any(row.id == person_id for row in self.model.rows()):
                self.notice.setText("That person is no longer on the register.")
                return
            self.reset_filters()
        if self.pane.person_id == person_id and not self.pane.is_new:
            self._select_id(person_id)
            return
        if self.pane.has_unsaved_changes():
            self._ask_unsaved(lambda: self.open_person(person_id))
            return
        self.open_person(person_id)

    def confirm_leave(self, proceed: Callable[[], Any]) -> bool:
        if not self.pane.has_unsaved_changes():
            return True
        self._ask_unsaved(proceed)
        return False

    def focus_search(self) -> None:
        self.search.focus_search()
