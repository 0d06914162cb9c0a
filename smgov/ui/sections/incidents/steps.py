"""The steps that add to an incident's timeline, each one small dialog and one service call off the UI thread:
record an action, correct an entry (or withdraw it), change the status, record the DSL's acknowledgement.

Nothing recorded is edited: a correction is a new entry with its reason. Each dialog is a frame
:class:`~smgov.ui.frame.dialogs.StepDialog`: the service checks the step and a refusal shows beside its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.models import ActionType, IncidentStatus, KeyRole
from smgov.data.services.incidents import USER_ACTIONS, IncidentDetails, TimelineEntry
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import hint_label, line_edit, text_edit
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.incidents.common import key_person_name, school_time_text
from smgov.ui.sections.incidents.datetime_field import DateTimeField
from smgov.ui.sections.incidents.timeline import entry_heading

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

Write = Callable[["Workspace"], Any]


class _Remembered:
    """Who did the last action recorded in this run of smgov: usually the same person again."""

    done_by = ""


class IncidentStep(StepDialog):
    """A step on an incident: it changes the incidents (and so the dashboard)."""

    changes = (Change.INCIDENTS,)


def _action_combo(name: str, actions: Sequence[ActionType]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName("What was done")
    combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the mouse wheel never changes it unfocused
    for action in actions:
        combo.addItem(action.label, action.value)
    return combo


class RecordActionDialog(IncidentStep):
    """Record something that was done: a comment hidden, a user blocked, reported, escalated, a parent contacted…"""

    ok_text = "Record"

    def __init__(self, parent: QWidget, session: AppSession, details: IncidentDetails) -> None:
        closed = details.status is IncidentStatus.CLOSED
        intro = (
            f"{details.reference} is closed: only a note can be added. Reopen it (Change status…) to record more."
            if closed
            else "What was done about the incident, when and by whom. Once recorded, an entry is never changed: "
            "a mistake is put right later with a correction."
        )
        super().__init__(parent, session, f"Record an action: {details.reference}", intro, name="inc-action-dialog")
        self.details = details
        actions = [ActionType.NOTE] if closed else list(USER_ACTIONS)
        self.action = _action_combo("inc-action-type", actions)
        self.action.currentIndexChanged.connect(self._action_chosen)
        self.when = DateTimeField("inc-action-when", "When it was done")
        self.done_by = line_edit("inc-action-by", "Done by", "Your name, or who did it")
        self.done_by.setText(_Remembered.done_by)
        self.details_edit = text_edit(
            "inc-action-details", "Details", 4, "What exactly was done, and anything said or agreed"
        )
        self.add_field("action", "&What was done", self.action)
        self.add_field("occurred_at", "Wh&en", self.when)
        self.add_field("done_by", "Done &by", self.done_by, "Leave empty if you did it yourself.")
        self.add_field("details", "&Details", self.details_edit)
        self.closing_hint = hint_label("", name="inc-action-closing-hint")
        self.form.addRow("", self.closing_hint)
        self.add_stretch()
        self.recorded.connect(lambda _entry: setattr(_Remembered, "done_by", self.done_by.text().strip()))
        self._action_chosen()
        self.action.setFocus()

    def _action_chosen(self, _index: int = 0) -> None:
        closing = self.action.currentData() == ActionType.CLOSED.value
        if closing and not self.details.outcome:
            self.closing_hint.setText("This closes the incident. Write the outcome in the details.")
        elif closing:
            self.closing_hint.setText("This closes the incident.")
        elif self.action.currentData() in {a.value for a in (ActionType.NOTE, ActionType.SCREENSHOT_TAKEN)}:
            self.closing_hint.setText("A note or a screenshot does not count as the response.")
        else:
            self.closing_hint.setText("")
        self.closing_hint.setVisible(bool(self.closing_hint.text()))

    @override
    def prepare(self) -> Write:
        from smgov.data.services.incidents import add_action

        incident_id, action = self.details.id, ActionType(self.action.currentData())
        occurred_at, done_by, details = self.when.value(), self.done_by.text(), self.details_edit.toPlainText()
        return lambda workspace: add_action(
            workspace, incident_id, action, occurred_at=occurred_at, done_by=done_by, details=details
        )


class CorrectDialog(IncidentStep):
    """Correct a timeline entry: a new entry with the right values and the reason; the old one stays, struck
    through. Or withdraw it, when it should never have been recorded."""

    ok_text = "Save correction"

    def __init__(self, parent: QWidget, session: AppSession, entry: TimelineEntry) -> None:
        intro = (
            "The entry stays on the timeline, struck through, with your correction and its reason beside it. "
            "Change what was wrong below."
        )
        super().__init__(parent, session, "Correct a timeline entry", intro, name="inc-correct-dialog")
        self.entry = entry
        original = plain_label(
            f"{school_time_text(entry.occurred_at)} · {entry_heading(entry)}"
            + (f"\n{entry.details[:300]}" if entry.details else ""),
            name="inc-correct-original",
        )
        original.setFrameShape(QFrame.Shape.StyledPanel)
        original.setMargin(8)
        original.setAccessibleName("The entry being corrected")
        self.form.addRow("The entry", original)

        self.action = _action_combo("inc-correct-action", USER_ACTIONS)
        self.action.setCurrentIndex(max(0, self.action.findData(entry.action.value)))
        self.when = DateTimeField("inc-correct-when", "When it was done")
        self.when.set_value(entry.occurred_at)
        self._when_shown = self.when.wall_clock()
        self.done_by = line_edit("inc-correct-by", "Done by")
        self.done_by.setText(entry.done_by)
        self.details_edit = text_edit("inc-correct-details", "Details", 3)
        self.details_edit.setPlainText(entry.details)
        self.reason = text_edit("inc-correct-reason", "Reason for the correction", 2, "Why the entry was wrong")
        self.withdraw = QCheckBox("Withdraw the entry: it should never have been recorded")
        self.withdraw.setObjectName("inc-correct-withdraw")
        self.withdraw.toggled.connect(self._withdraw_toggled)
        self.add_field("action", "&What was done", self.action)
        self.add_field("occurred_at", "Wh&en", self.when)
        self.add_field("done_by", "Done &by", self.done_by)
        self.add_field("details", "&Details", self.details_edit)
        self.add_field("reason", "&Reason", self.reason, "Required. It is shown beside both entries and printed.")
        self.form.addRow("", self.withdraw)
        self.add_stretch()
        self.field_aliases["entry_id"] = ""
        self.reason.setFocus()

    def _withdraw_toggled(self, withdraw: bool) -> None:
        for widget in (self.action, self.when, self.done_by, self.details_edit):
            widget.setEnabled(not withdraw)

    @override
    def prepare(self) -> Write:
        from smgov.data.services.incidents import correct_action

        entry = self.entry
        withdraw = self.withdraw.isChecked()
        action = ActionType(self.action.currentData())
        when: dt.datetime | None = None
        if not withdraw and self.when.wall_clock() != self._when_shown:
            when = self.when.value()  # only when changed: the shown time has no seconds, the entry's may
        done_by = self.done_by.text()
        details = self.details_edit.toPlainText()
        reason = self.reason.toPlainText()
        return lambda workspace: correct_action(
            workspace,
            entry.id,
            reason=reason,
            action=None if withdraw or action is entry.action else action,
            occurred_at=when,
            done_by=None if withdraw or done_by.strip() == entry.done_by else done_by,
            details=None if withdraw or details.strip() == entry.details else details,
            withdraw=withdraw,
        )


class StatusDialog(IncidentStep):
    """Move the incident on: in progress, escalated, closed (needs the outcome) or reopened (needs a reason)."""

    ok_text = "Change status"

    def __init__(self, parent: QWidget, session: AppSession, details: IncidentDetails) -> None:
        from smgov.data.services.incidents import STATUS_CHANGES

        super().__init__(
            parent,
            session,
            f"Change the status: {details.reference}",
            f"It is {details.status.label.lower()} now. The change is added to the timeline.",
            name="inc-status-dialog",
        )
        self.details = details
        self.status = QComboBox()
        self.status.setObjectName("inc-status-choice")
        self.status.setAccessibleName("New status")
        self.status.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for status in IncidentStatus:
            if status in STATUS_CHANGES[details.status]:
                self.status.addItem(status.label, status.value)
        self.status.currentIndexChanged.connect(self._chosen)
        self.reason = text_edit("inc-status-reason", "Reason", 2, "Why (needed to reopen a closed incident)")
        self.outcome = text_edit("inc-status-outcome", "Outcome", 4, "How it ended: needed to close the incident")
        self.outcome.setPlainText(details.outcome)
        self.add_field("status", "&New status", self.status)
        self.add_field("reason", "&Reason", self.reason)
        self.add_field("outcome", "&Outcome", self.outcome)
        self.status_hint = hint_label("", name="inc-status-hint")
        self.form.addRow("", self.status_hint)
        self.add_stretch()
        if details.status is not IncidentStatus.CLOSED:
            index = self.status.findData(IncidentStatus.CLOSED.value)
            if index >= 0:
                self.status.setCurrentIndex(index)
        self._chosen()
        self.status.setFocus()

    def _chosen(self, _index: int = 0) -> None:
        chosen = self.status.currentData()
        if chosen == IncidentStatus.CLOSED.value:
            text = "Closing needs the outcome: what was done in the end and what was decided."
        elif self.details.status is IncidentStatus.CLOSED:
            text = "Reopening needs a reason."
        elif chosen == IncidentStatus.ESCALATED.value:
            text = "To record who it was escalated to (SLT, the DSL, the police), use Record action… instead."
        else:
            text = ""
        self.status_hint.setText(text)
        self.status_hint.setVisible(bool(text))

    @override
    def prepare(self) -> Write:
        from smgov.data.services.incidents import set_status

        incident_id, status = self.details.id, IncidentStatus(self.status.currentData())
        reason, outcome = self.reason.toPlainText(), self.outcome.toPlainText()
        return lambda workspace: set_status(workspace, incident_id, status, reason=reason, outcome=outcome)


class DslAcknowledgementDialog(IncidentStep):
    """Record that the DSL has been told of the safeguarding concern and acknowledged it."""

    ok_text = "Record acknowledgement"

    def __init__(self, parent: QWidget, session: AppSession, details: IncidentDetails) -> None:
        super().__init__(
            parent,
            session,
            f"DSL acknowledgement: {details.reference}",
            "The Designated Safeguarding Lead has been told of this concern and has acknowledged it. The dashboard "
            "stops reminding you once this is recorded.",
            name="inc-dsl-dialog",
        )
        self.details = details
        self.by = line_edit("inc-dsl-by", "The DSL's name")
        self.by.setText(key_person_name(session.workspace, KeyRole.DSL))
        self.at = DateTimeField("inc-dsl-at", "When they acknowledged it")
        self.note = text_edit("inc-dsl-note", "Note", 2, "Anything they asked for or said they would do")
        self.add_field("by", "The &DSL", self.by)
        self.add_field("at", "&When", self.at)
        self.add_field("note", "&Note", self.note)
        self.add_stretch()
        self.field_aliases["incident_id"] = ""
        self.by.setFocus()

    @override
    def prepare(self) -> Write:
        from smgov.data.services.incidents import acknowledge_safeguarding

        incident_id, by, at, note = self.details.id, self.by.text(), self.at.value(), self.note.toPlainText()
        return lambda workspace: acknowledge_safeguarding(workspace, incident_id, by=by, at=at, note=note)
