"""The incident form, for logging a new incident and for editing one: everything the log holds about it.

Nothing is saved until Save (Ctrl+S); the save runs off the UI thread. The service checks every field first; a
refused one is explained beside it and nothing is saved. Editing keeps the old wording on the timeline ("details
changed"), so nothing is lost. The form is a frame step dialog: it fits the screen and its fields scroll inside.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMetaObject, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import SmgovError, ValidationError
from smgov.data.models import IncidentCategory, KeyRole
from smgov.data.services.incidents import IncidentDetails, IncidentInput
from smgov.ui.frame import msgbox
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import line_edit, text_edit
from smgov.ui.frame.tables import window_shortcut
from smgov.ui.sections.incidents.common import key_person_name
from smgov.ui.sections.incidents.datetime_field import DateTimeField
from smgov.ui.sections.incidents.people_editor import PeopleEditor, load_register_names

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
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
ACCOUNT_FIELDS = ("platform", "account_name", "account_id")  # the service's names for what the account row shows


@dataclass(frozen=True)
class AccountChoice:
    id: int
    platform: str
    name: str

    @property
    def text(self) -> str:
        return f"{self.platform}: {self.name}"


def load_accounts(workspace: Workspace) -> list[AccountChoice]:
    """The register's accounts for the picker ([] when they cannot be read: the free text still works)."""
    from smgov.data.services.accounts import list_accounts

    try:
        return [AccountChoice(a.id, a.platform.label, a.display_name) for a in list_accounts(workspace)]
    except SmgovError:
        log.exception("accounts could not be read for the incident form")
        return []


def _combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the mouse wheel never changes it unfocused
    return combo


class IncidentFormDialog(StepDialog):
    """Log a new incident (``details`` None) or edit one.

    Signals:
        recorded(object): the incident was saved (its new ``IncidentDetails``); the form then closes.
    """

    changes = (Change.INCIDENTS,)

    def __init__(self, parent: QWidget, session: AppSession, details: IncidentDetails | None = None) -> None:
        self.ok_text = "Log incident" if details is None else "Save changes"
        super().__init__(
            parent,
            session,
            "Log an incident" if details is None else f"Edit {details.reference}",
            "Fill in what you know now: you can edit it later, and every change is kept on the timeline."
            if details is None
            else "Changes are added to the timeline with the old wording, so nothing is lost.",
            name="incident-form",
        )
        self.details = details
        self.is_new = details is None
        self._loaded: tuple[Any, ...] | None = None
        workspace = session.workspace
        self.accounts = load_accounts(workspace)
        dsl = key_person_name(workspace, KeyRole.DSL)
        assert self.ok_button is not None and self.cancel_button is not None  # OK and Cancel are the default buttons
        self.save_button = self.ok_button
        self.save_button.setToolTip("Save (Ctrl+S)")

        self.category = _combo("inc-form-category", "Category")
        for category in IncidentCategory:
            self.category.addItem(category.label, category.value)
        self.add_field("category", "&Category", self.category)
        self.received = DateTimeField("inc-form-received", "Received")
        self.add_field(
            "received_at",
            "&Received",
            self.received,
            "When the school first heard of it. The response is due from then.",
        )
        self.reported_by = line_edit("inc-form-reported-by", "Reported by", "Who told you, e.g. Mrs Patel (Year 4)")
        self.add_field("reported_by", "Reported &by", self.reported_by)
        self._account_row()
        self.summary = line_edit(
            "inc-form-summary", "Summary", "One line for the list, e.g. Abusive reply under the sports day post"
        )
        self.add_field("summary", "&Summary", self.summary)
        self.description = text_edit(
            "inc-form-description", "What happened", 7, "What was posted or done, where and when; who saw it."
        )
        self.add_field("description", "&What happened", self.description)
        self.safeguarding = QCheckBox("This is a safeguarding concern")
        self.safeguarding.setObjectName("inc-form-safeguarding")
        who = f"{dsl}, the DSL named in Settings," if dsl else "the DSL (name them in Settings)"
        self.add_field(
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
        self.form.addRow(people_label, self.people)
        self.outcome = text_edit(
            "inc-form-outcome", "Outcome", 3, "How it ended. Needed before the incident is closed."
        )
        self.add_field("outcome", "&Outcome", self.outcome)
        self.add_stretch()
        self.setMinimumWidth(720)

        self.save_shortcut = window_shortcut(self, QKeySequence.StandardKey.Save, self.save)
        self.recorded.connect(self._saved_now)
        self.buttons.rejected.disconnect(self.reject)
        self.buttons.rejected.connect(self.cancel)
        # On lock the step dialog closes; what was typed is forgotten first. (Connected only while open: a slot of
        # a dialog deleted after closing must not be called.)
        self._on_lock: QMetaObject.Connection | None = session.locked.connect(self.force_close)
        self.finished.connect(self._closed)
        self._fill(details.as_input() if details is not None else None)
        self.category.setFocus()

    def _account_row(self) -> None:
        """One of the register's accounts, or another platform typed in."""
        self.account = _combo("inc-form-account", "Account")
        self.account.addItem("Not one of the school's accounts", None)
        for choice in self.accounts:
            self.account.addItem(choice.text, choice.id)
        self.account.currentIndexChanged.connect(self._account_chosen)
        self.platform = _combo("inc-form-platform", "Platform")
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
        self.add_field(
            "account",
            "&Account",
            self.account,
            "Where it happened: one of the school's accounts, or another platform.",
            layout=account_box,
        )
        for field in ACCOUNT_FIELDS:
            self.field_aliases[field] = "account"

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

    # -- saving ----------------------------------------------------------------------------------------------------

    @override
    def prepare(self) -> Callable[[Workspace], IncidentDetails]:
        from smgov.data.services.incidents import log_incident, update_incident

        if self.people.pending():
            self.people.add_person()  # a name typed but not added yet is meant to be saved with the incident
        data = self.form_input()
        if self.details is None:
            return lambda workspace: log_incident(workspace, data)
        incident_id = self.details.id
        return lambda workspace: update_incident(workspace, incident_id, data)

    @override
    def show_refusal(self, exc: ValidationError) -> bool:
        field = exc.field or ""
        if field.startswith("people"):
            parts = field.split(".")
            if len(parts) > 1 and parts[1].isdigit():
                self.people.select(int(parts[1]) - 1)
            self.field_aliases[field] = "people"
        return super().show_refusal(exc)

    def _saved_now(self, details: IncidentDetails) -> None:
        log.info("incident %s %s", details.id, "logged" if self.is_new else "saved")
        self._loaded = None  # nothing unsaved: closing does not ask

    # -- closing ---------------------------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Close; asks first when something was typed (Esc, Cancel and the close box come here)."""
        if not self.has_unsaved_changes():
            self.reject()
            return
        box = msgbox.ask(
            self,
            "Discard the incident?" if self.is_new else "Discard your changes?",
            "What you typed has not been saved. Close the form and lose it?",
            self._discard,
            yes_text="Discard",
            no_text="Keep editing",
        )
        box.setObjectName("inc-form-discard-question")

    def _closed(self, _result: int) -> None:
        if self._on_lock is not None:
            QObject.disconnect(self._on_lock)
            self._on_lock = None

    def _discard(self) -> None:
        self._loaded = None
        self.reject()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_changes() and self.session.is_unlocked:
            event.ignore()
            self.cancel()
            return
        super().closeEvent(event)

    def force_close(self) -> None:
        """Close without asking, forgetting what was typed (the workspace is locking)."""
        self._loaded = None
        for box in self.findChildren(QMessageBox):
            box.reject()
        for edit in (self.description, self.outcome):
            edit.clear()
        for line in (self.summary, self.reported_by, self.account_name, self.people.name):
            line.clear()
        self.people.set_people([])
        self.reject()
