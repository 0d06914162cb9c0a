"""The incident form, for logging a new incident and for editing one: everything the log holds about it.

Nothing is saved until Save (Ctrl+S). The service checks every field first; a refused one is explained beside it
and nothing is saved. Editing keeps the old wording on the timeline ("details changed"), so nothing is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.models import IncidentCategory, InvolvedKind, InvolvedRole, KeyRole
from smgov.data.services.incidents import IncidentDetails, IncidentInput, PersonInput
from smgov.ui.frame import msgbox
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView, window_shortcut
from smgov.ui.frame.widgets import FieldError, heading_label, plain_label
from smgov.ui.sections.incidents.common import (
    DateTimeField,
    button,
    hint,
    key_person_name,
    line_edit,
    stacked,
    text_edit,
)
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

OTHER_PLATFORMS = (
    "Facebook",
    "Instagram",
    "X (Twitter)",
    "TikTok",
    "YouTube",
    "WhatsApp",
    "Snapchat",
    "LinkedIn",
    "Email",
    "Website",
)


@dataclass(frozen=True)
class AccountChoice:
    id: int
    platform: str
    name: str

    @property
    def text(self) -> str:
        return f"{self.platform}: {self.name}"


def load_accounts(workspace: Any) -> list[AccountChoice]:
    """The register's accounts for the picker ([] when they cannot be read: the free text still works)."""
    try:
        from smgov.data.services.accounts import list_accounts

        return [AccountChoice(a.id, a.platform.label, a.display_name) for a in list_accounts(workspace)]
    except Exception:  # noqa: BLE001 - the picker is a convenience
        log.exception("accounts could not be read for the incident form")
        return []


def load_register_names(workspace: Any) -> dict[str, int]:
    try:
        from smgov.data.services.people import list_people

        return {p.full_name: p.id for p in list_people(workspace)}
    except Exception:  # noqa: BLE001 - completion is a convenience
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
        for kind in InvolvedKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.role = QComboBox()
        self.role.setObjectName("inc-form-person-role")
        self.role.setAccessibleName("Their role in the incident")
        for role in InvolvedRole:
            self.role.addItem(role.label, role.value)
        self.name = line_edit("inc-form-person-name", "Person's name", "Full name")
        self.completer = QCompleter(sorted(register), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.year = line_edit("inc-form-person-year", "Year group", "Year group")
        self.year.setMaximumWidth(110)
        self.add_button = button("Add", "inc-form-person-add", "Add this person to the list (Enter)")
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = button("Remove", "inc-form-person-remove", "Remove the chosen person from the list")
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
            hint(
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


class IncidentFormDialog(QDialog):
    """Log a new incident (``details`` None) or edit one.

    Signals:
        saved(object): the incident was saved (its new ``IncidentDetails``).
    """

    saved = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession, details: IncidentDetails | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incident-form")
        self.session = session
        self.details = details
        self.is_new = details is None
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self._loaded: tuple[Any, ...] | None = None
        workspace = session.workspace
        self.accounts = load_accounts(workspace)
        dsl = key_person_name(workspace, KeyRole.DSL)
        title = "Log an incident" if self.is_new else f"Edit {details.reference if details else ''}"
        self.setWindowTitle(title)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(16)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.category = QComboBox()
        self.category.setObjectName("inc-form-category")
        self.category.setAccessibleName("Category")
        for category in IncidentCategory:
            self.category.addItem(category.label, category.value)
        self._add(form, "category", "&Category", self.category)

        self.received = DateTimeField("inc-form-received", "Received")
        self._add(
            form,
            "received_at",
            "&Received",
            self.received,
            "When the school first heard of it. The response is due from this time.",
        )

        self.reported_by = line_edit("inc-form-reported-by", "Reported by", "Who told you, e.g. Mrs Patel (Year 4)")
        self._add(form, "reported_by", "Reported &by", self.reported_by)

        self.account = QComboBox()
        self.account.setObjectName("inc-form-account")
        self.account.setAccessibleName("Account")
        self.account.addItem("Not one of the school's accounts", None)
        for choice in self.accounts:
            self.account.addItem(choice.text, choice.id)
        self.account.currentIndexChanged.connect(self._account_chosen)
        self.platform = QComboBox()
        self.platform.setObjectName("inc-form-platform")
        self.platform.setAccessibleName("Platform")
        self.platform.setEditable(True)
        self.platform.addItem("")
        self.platform.addItems(OTHER_PLATFORMS)
        self.platform.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        platform_text = self.platform.lineEdit()
        assert platform_text is not None  # an editable combo box has one
        platform_text.setPlaceholderText("Platform")
        self.platform.setMinimumContentsLength(12)
        self.account_name = line_edit("inc-form-account-name", "Account, page or group", "Account, page or group")
        self.free_row = QWidget()
        free = QHBoxLayout(self.free_row)
        free.setContentsMargins(0, 0, 0, 0)
        free.setSpacing(6)
        free.addWidget(self.platform)
        free.addWidget(self.account_name, 1)
        account_box = QVBoxLayout()
        account_box.setSpacing(6)
        account_box.addWidget(self.account)
        account_box.addWidget(self.free_row)
        account_error = FieldError(for_widget=self.account, name="inc-form-error-account")
        self.errors["account"] = account_error
        self.fields["account"] = self.account
        account_label = QLabel("&Account")
        account_label.setBuddy(self.account)
        form.addRow(
            account_label,
            stacked(
                None,
                account_error,
                "Where it happened: one of the school's accounts, or another platform.",
                account_box,
            ),
        )

        self.summary = line_edit(
            "inc-form-summary", "Summary", "One line for the list, e.g. Abusive reply under the sports day post"
        )
        self._add(form, "summary", "&Summary", self.summary)

        self.description = text_edit(
            "inc-form-description", "What happened", 6, "What was posted or done, where and when; who saw it.", grow=-1
        )
        self._add(form, "description", "&What happened", self.description)

        self.safeguarding = QCheckBox("This is a safeguarding concern")
        self.safeguarding.setObjectName("inc-form-safeguarding")
        who = f"{dsl}, the DSL named in Settings," if dsl else "the DSL (name them in Settings)"
        self._add(
            form,
            "safeguarding_concern",
            "Sa&feguarding",
            self.safeguarding,
            f"Tick it if a child may be at risk. The dashboard asks {who} to acknowledge it until they have.",
        )

        self.people = PeopleEditor(load_register_names(workspace))
        self.errors["people"] = self.people.error
        self.fields["people"] = self.people.name
        people_label = QLabel("&People involved")
        people_label.setBuddy(self.people.kind)
        form.addRow(people_label, self.people)

        self.outcome = text_edit(
            "inc-form-outcome", "Outcome", 3, "How it ended. Needed before the incident is closed.", grow=6
        )
        self._add(form, "outcome", "&Outcome", self.outcome)

        content = QWidget()
        content.setObjectName("inc-form-content")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 14, 0)
        content_layout.addLayout(form)
        content_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("inc-form-scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)

        self.problem = FieldError(name="inc-form-problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Log incident" if self.is_new else "Save changes")
        self.save_button.setObjectName("inc-form-save")
        self.save_button.setAccessibleName(self.save_button.text())
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("inc-form-cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.cancel)

        intro = plain_label(
            "Fill in what you know now: you can edit it later, and every change is kept on the timeline."
            if self.is_new
            else "Changes are added to the timeline with the old wording, so nothing is lost.",
            name="inc-form-intro",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(10)
        layout.addWidget(heading_label(title, name="inc-form-title"))
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)

        self.save_shortcut = window_shortcut(self, QKeySequence.StandardKey.Save, self.save)

        self._fill(details.as_input() if details is not None else None)
        for signal in (
            self.category.currentIndexChanged,
            self.account.currentIndexChanged,
            self.platform.currentTextChanged,
            self.account_name.textChanged,
            self.received.changed,
            self.reported_by.textChanged,
            self.summary.textChanged,
            self.description.textChanged,
            self.safeguarding.toggled,
            self.outcome.textChanged,
            self.people.changed,
        ):
            signal.connect(self._changed)
        self.resize(860, 780)
        self.category.setFocus()

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget, hint_text: str = "") -> None:
        error = FieldError(for_widget=widget, name=f"inc-form-error-{key}")
        self.errors[key] = error
        self.fields[key] = widget
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, stacked(widget, error, hint_text))

    # -- filling and reading -------------------------------------------------------------------------------------

    def _fill(self, data: IncidentInput | None) -> None:
        if data is None:
            self.received.set_now()
            self._account_chosen()
            self._loaded = self._snapshot()
            return
        self.category.setCurrentIndex(max(0, self.category.findData(data.category.value)))
        self.received.set_value(data.received_at)
        self.reported_by.setText(data.reported_by)
        index = self.account.findData(data.account_id) if data.account_id is not None else 0
        if data.account_id is not None and index < 0:
            # An account no longer in the register: keep it as the incident has it.
            self.account.addItem(" · ".join(p for p in (data.platform, data.account_name) if p), data.account_id)
            index = self.account.count() - 1
        self.account.setCurrentIndex(index)
        if data.account_id is None:
            self.platform.setCurrentText(data.platform)
            self.account_name.setText(data.account_name)
        self.summary.setText(data.summary)
        self.description.setPlainText(data.description)
        self.safeguarding.setChecked(data.safeguarding_concern)
        self.people.set_people(data.people)
        self.outcome.setPlainText(data.outcome)
        self._account_chosen()
        self._loaded = self._snapshot()

    def _account_chosen(self, _index: int = 0) -> None:
        self.free_row.setVisible(self.account.currentData() is None)

    def form_input(self) -> IncidentInput:
        account_id = self.account.currentData()
        if account_id is not None:
            choice = next((c for c in self.accounts if c.id == account_id), None)
            platform = choice.platform if choice else (self.details.platform if self.details else "")
            account_name = choice.name if choice else (self.details.account_name if self.details else "")
        else:
            platform, account_name = self.platform.currentText(), self.account_name.text()
        return IncidentInput(
            category=IncidentCategory(self.category.currentData()),
            received_at=self.received.value(),
            reported_by=self.reported_by.text(),
            description=self.description.toPlainText(),
            summary=self.summary.text(),
            platform=platform,
            account_name=account_name,
            account_id=account_id,
            safeguarding_concern=self.safeguarding.isChecked(),
            outcome=self.outcome.toPlainText(),
            people=list(self.people.people),
        )

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            self.category.currentData(),
            self.received.wall_clock(),
            self.reported_by.text().strip(),
            self.account.currentData(),
            self.platform.currentText().strip(),
            self.account_name.text().strip(),
            self.summary.text().strip(),
            self.description.toPlainText().strip(),
            self.safeguarding.isChecked(),
            self.outcome.toPlainText().strip(),
            tuple((p.kind, p.role, p.name, p.year_group) for p in self.people.people),
            self.people.name.text().strip(),
        )

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self._snapshot() != self._loaded

    def _changed(self, *_args: object) -> None:
        self.problem.clear()

    # -- saving ----------------------------------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        self.problem.clear()
        for error in self.errors.values():
            error.clear()

    def show_field_error(self, exc: ValidationError) -> None:
        field = exc.field or ""
        key = field
        if field.startswith("people"):
            key = "people"
            parts = field.split(".")
            if len(parts) > 1 and parts[1].isdigit():
                self.people.select(int(parts[1]) - 1)
        elif field in ("platform", "account_name", "account_id"):
            key = "account"
        error = self.errors.get(key)
        if error is None:
            self.problem.show_error(str(exc))
            return
        error.show_error(str(exc))
        widget = self.fields[key]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(widget, 40, 60)

    def save(self) -> bool:
        """Check and save the incident; on a refused field, say so beside it and save nothing."""
        from smgov.data.services.incidents import log_incident, update_incident

        self._clear_errors()
        if not self.session.is_unlocked:
            return False
        if self.people.pending() and not self.people.add_person():
            return False
        try:
            data = self.form_input()
            workspace = self.session.workspace
            if self.details is None:
                details = log_incident(workspace, data)
            else:
                details = update_incident(workspace, self.details.id, data)
        except ValidationError as exc:
            self.show_field_error(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        log.info("incident %s %s", details.id, "logged" if self.is_new else "saved")
        self._loaded = self._snapshot()
        self.saved.emit(details)
        self.accept()
        return True

    def cancel(self) -> None:
        """Close; asks first when something was typed (Esc and Cancel come here)."""
        if not self.has_unsaved_changes():
            self.reject()
            return
        box = msgbox.ask(
            self,
            "Discard the incident?" if self.is_new else "Discard your changes?",
            "What you typed has not been saved. Close the form and lose it?",
            self.reject,
            yes_text="Discard",
            no_text="Keep editing",
        )
        box.setObjectName("inc-form-discard-question")

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_changes() and self.session.is_unlocked and self.result() != QDialog.DialogCode.Rejected:
            event.ignore()
            self.cancel()
            return
        super().closeEvent(event)

    def force_close(self) -> None:
        """Close without asking, forgetting what was typed (the workspace is locking)."""
        self._loaded = None
        for box in self.findChildren(QMessageBox):
            box.reject()
        self.description.clear()
        self.summary.clear()
        self.outcome.clear()
        self.reject()
