"""The people involved in an incident, on its form: a small table of them and a row of fields to add (or change)
one. Pupils are named in full here and shown by initials elsewhere unless the user asks."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.errors import SmgovError
from smgov.data.models import InvolvedKind, InvolvedRole
from smgov.data.services.incidents import PersonInput
from smgov.ui.frame.forms import button, hint_label, line_edit
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView
from smgov.ui.frame.widgets import FieldError

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)


def load_register_names(workspace: Workspace) -> dict[str, int]:
    """Everyone on the register by name, for completing a name in People (empty when it cannot be read)."""
    from smgov.data.services.people import list_people

    try:
        return {p.full_name: p.id for p in list_people(workspace)}
    except SmgovError:
        log.exception("people could not be read for the incident form")
        return {}


class PeopleModel(RowTableModel[PersonInput]):
    """The people named on the form (as typed; saved with the incident)."""

    KIND, ROLE, NAME, YEAR = range(4)
    columns = (
        Column[PersonInput]("Who", lambda p: p.kind.label, width=14),
        Column[PersonInput]("Role", lambda p: p.role.label, width=9),
        Column[PersonInput]("Name", lambda p: p.name, width=22),
        Column[PersonInput]("Year group", lambda p: p.year_group),
    )


class PeopleEditor(QWidget):
    """A small table of the people involved, with a row of fields to add (or change) one.

    Signals:
        changed(): a person was added, changed or removed.
    """

    changed = Signal()

    def __init__(self, register: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inc-form-people")
        self.register = register
        self.people: list[PersonInput] = []
        self.editing: int | None = None

        self.model = PeopleModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("People involved", self, name="inc-form-people-table")
        self.table.setSortingEnabled(False)
        self.table.use_model(self.proxy)
        rows = 3
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * rows + 30)
        self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * (rows + 2) + 30)
        self.table.doubleClicked.connect(self._edit_row)
        self.table.activated.connect(self._edit_row)

        self.kind = QComboBox()
        self.kind.setObjectName("inc-form-person-kind")
        self.kind.setAccessibleName("Who the person is")
        self.kind.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the mouse wheel never changes it unfocused
        for kind in InvolvedKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.role = QComboBox()
        self.role.setObjectName("inc-form-person-role")
        self.role.setAccessibleName("Their role in the incident")
        self.role.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for role in InvolvedRole:
            self.role.addItem(role.label, role.value)
        self.name = line_edit("inc-form-person-name", "Person's name", "Full name")
        self.completer = QCompleter(sorted(register), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.year = line_edit("inc-form-person-year", "Year group", "Year group")
        self.year.setMaximumWidth(110)
        self.add_button = button("Add", "inc-form-person-add", tooltip="Add this person to the list (Enter)")
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = button(
            "Remove", "inc-form-person-remove", tooltip="Remove the chosen person from the list"
        )
        self.remove_button.clicked.connect(self.remove_person)
        self.error = FieldError(for_widget=self.name, name="inc-form-error-people")
        for edit in (self.name, self.year):
            edit.installEventFilter(self)

        editor = QHBoxLayout()
        editor.setSpacing(6)
        editor.addWidget(self.kind)
        editor.addWidget(self.role)
        editor.addWidget(self.name, 1)
        editor.addWidget(self.year)
        editor.addWidget(self.add_button)
        under = QHBoxLayout()
        under.addWidget(
            hint_label(
                "Pupils are shown by initials in lists, reports and exports unless you choose otherwise. "
                "Double-click a person to change them."
            ),
            1,
        )
        under.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.table)
        column.addLayout(under)
        column.addLayout(editor)
        column.addWidget(self.error)
        self._kind_chosen()
        self._refresh()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the person's row adds the person; it must not reach the dialog and save the whole incident.
        if (
            watched in (self.name, self.year)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self._suggestions_open()
        ):
            self.add_person()
            return True
        return super().eventFilter(watched, event)

    def _suggestions_open(self) -> bool:
        popup = self.completer.popup()
        return popup is not None and popup.isVisible()

    def _kind_chosen(self, _index: int = 0) -> None:
        kind = InvolvedKind(self.kind.currentData())
        self.year.setEnabled(kind is InvolvedKind.PUPIL)
        self.name.setCompleter(self.completer if kind is InvolvedKind.REGISTER_PERSON else None)  # type: ignore[arg-type]  # None removes it
        self.name.setPlaceholderText(
            {
                InvolvedKind.PUPIL: "Pupil's full name",
                InvolvedKind.REGISTER_PERSON: "Start typing a name from People",
                InvolvedKind.OUTSIDER: "Name, or how they appear online",
            }[kind]
        )

    def set_people(self, people: list[PersonInput]) -> None:
        self.people = list(people)
        self.editing = None
        self.name.clear()
        self.year.clear()
        self.error.clear()
        self._refresh()

    def _refresh(self) -> None:
        self.model.set_rows(self.people)
        self.remove_button.setEnabled(bool(self.people))
        self.add_button.setText("Save person" if self.editing is not None else "Add")

    def pending(self) -> bool:
        """True when a name is typed in the row but not added yet."""
        return bool(self.name.text().strip())

    def add_person(self) -> bool:
        name = " ".join(self.name.text().split())
        if not name:
            self.error.show_error("Type the person's name, then Add.")
            self.name.setFocus()
            return False
        kind = InvolvedKind(self.kind.currentData())
        person = PersonInput(
            kind=kind,
            role=InvolvedRole(self.role.currentData()),
            name=name,
            year_group=self.year.text().strip() if kind is InvolvedKind.PUPIL else "",
            person_id=self.register.get(name) if kind is InvolvedKind.REGISTER_PERSON else None,
        )
        if self.editing is not None and 0 <= self.editing < len(self.people):
            person.notes = self.people[self.editing].notes
            self.people[self.editing] = person
        else:
            self.people.append(person)
        self.editing = None
        self.name.clear()
        self.year.clear()
        self.error.clear()
        self._refresh()
        self.changed.emit()
        self.name.setFocus()
        return True

    def _edit_row(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.proxy.mapToSource(index).row()
        person = self.people[row]
        self.editing = row
        self.kind.setCurrentIndex(self.kind.findData(person.kind.value))
        self.role.setCurrentIndex(self.role.findData(person.role.value))
        self.name.setText(person.name)
        self.year.setText(person.year_group)
        self._refresh()
        self.name.setFocus()

    def remove_person(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.error.show_error("Choose the person to remove in the list first.")
            return
        row = self.proxy.mapToSource(index).row()
        del self.people[row]
        self.editing = None
        self._refresh()
        self.changed.emit()

    def select(self, position: int) -> None:
        if 0 <= position < self.proxy.rowCount():
            self.table.selectRow(position)
