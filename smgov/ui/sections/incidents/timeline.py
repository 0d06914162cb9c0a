"""The append-only timeline of an incident, and the small dialogs that add to it.

Nothing recorded is edited or deleted: a correction is a new entry with a reason, and the entry it corrects stays on
the timeline struck through, with "Corrected by …" and the reason beside it. Status changes, the DSL's
acknowledgement and actions (comment hidden, user blocked, escalated, …) are each one dialog and one service call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smgov.data.models import ActionType, IncidentStatus, KeyRole
from smgov.data.services.incidents import USER_ACTIONS, IncidentDetails, TimelineEntry
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.incidents.common import (
    DateTimeField,
    StepDialog,
    forget,
    hint,
    key_person_name,
    line_edit,
    school_time_text,
    text_edit,
)
from smgov.ui.shell.session import AppSession

DETAILS_SHOWN = 600  # characters of an entry's details shown before "Show all"
_last_done_by = ""  # who did the last action recorded in this run of smgov: usually the same person again


def entry_heading(entry: TimelineEntry) -> str:
    who = entry.done_by or entry.recorded_by
    label = f"Withdrawn: {entry.label}" if entry.withdrawn else entry.label
    return f"{label} · by {who}" if who else label


def entry_notes(entry: TimelineEntry, by_id: dict[int, TimelineEntry]) -> list[str]:
    """What a reader must know about an entry beyond its words: corrections either way, with their reasons."""
    notes = []
    if entry.corrects_id is not None:
        target = by_id.get(entry.corrects_id)
        what = f"the entry of {school_time_text(target.occurred_at)} ({target.label})" if target else "an earlier entry"
        verb = "Withdraws" if entry.withdrawn else "Corrects"
        notes.append(f"{verb} {what}. Reason: {entry.reason}")
    if entry.corrected_by_id is not None:
        later = by_id.get(entry.corrected_by_id)
        if later is not None:
            verb = "Withdrawn" if later.withdrawn else "Corrected"
            notes.append(
                f"{verb} by the entry recorded {school_time_text(later.recorded_at)} by {later.recorded_by}. "
                f"Reason: {later.reason}"
            )
        else:
            notes.append("Corrected by a later entry.")
    return notes


class EntryWidget(QFrame):
    """One timeline entry: when, what and who; the details; any correction note; a Correct… button.

    Signals:
        correct_requested(object): the user wants to correct this entry (the TimelineEntry).
    """

    correct_requested = Signal(object)

    def __init__(self, entry: TimelineEntry, notes: list[str], can_correct: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = entry
        self.setObjectName(f"timeline-entry-{entry.id}")
        corrected = entry.corrected_by_id is not None
        self.when = plain_label(school_time_text(entry.occurred_at), wrap=False, name="timeline-when")
        self.heading = plain_label(entry_heading(entry), name="timeline-heading")
        font = self.heading.font()
        font.setBold(True)
        font.setStrikeOut(corrected)
        self.heading.setFont(font)
        self.details = plain_label("", name="timeline-details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if corrected:
            details_font = self.details.font()
            details_font.setStrikeOut(True)
            self.details.setFont(details_font)
        self.more: QToolButton | None = None
        self._full = entry.details
        if len(entry.details) > DETAILS_SHOWN:
            self.details.setText(entry.details[:DETAILS_SHOWN].rstrip() + " …")
            self.more = QToolButton()
            self.more.setObjectName("timeline-more")
            self.more.setText("Show all")
            self.more.setAccessibleName("Show all the details")
            self.more.setCheckable(True)
            self.more.setAutoRaise(True)
            self.more.toggled.connect(self._show_all)
        else:
            self.details.setText(entry.details)
        if not entry.details:
            self.details.hide()  # (never show() a widget before it has a parent: it would open as a window)
        self.note = plain_label("\n".join(notes), name="timeline-note")
        note_font = self.note.font()
        note_font.setItalic(True)
        self.note.setFont(note_font)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        if not notes:
            self.note.hide()

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 8, 4, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(3)
        self.when.setMinimumWidth(self.when.fontMetrics().horizontalAdvance("00/00/0000 00:00") + 4)
        grid.addWidget(self.when, 0, 0, Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.heading, 1)
        self.correct_button: QToolButton | None = None
        if can_correct and entry.correctable:
            self.correct_button = QToolButton()
            self.correct_button.setObjectName("timeline-correct")
            self.correct_button.setText("Correct…")
            self.correct_button.setAccessibleName(f"Correct the entry {entry.label} of {self.when.text()}")
            self.correct_button.setToolTip("Add a correction with its reason; this entry stays on the timeline.")
            self.correct_button.setAutoRaise(True)
            self.correct_button.clicked.connect(lambda: self.correct_requested.emit(self.entry))
            top.addWidget(self.correct_button, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(top, 0, 1)
        grid.addWidget(self.details, 1, 1)
        row = 2
        if self.more is not None:
            grid.addWidget(self.more, row, 1, Qt.AlignmentFlag.AlignLeft)
            row += 1
        grid.addWidget(self.note, row, 1)
        grid.setColumnStretch(1, 1)
        state = " (corrected)" if corrected else ""
        self.setAccessibleName(f"{self.when.text()}: {entry_heading(entry)}{state}")

    def _show_all(self, shown: bool) -> None:
        if shown:
            self.details.setText(self._full)
        else:
            self.details.setText(self._full[:DETAILS_SHOWN].rstrip() + " …")
        if self.more is not None:
            self.more.setText("Show less" if shown else "Show all")


class TimelineView(QScrollArea):
    """The timeline, oldest entry first.

    Signals:
        correct_requested(object): Correct… was pressed on an entry (the TimelineEntry).
    """

    correct_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incident-timeline")
        self.setAccessibleName("Timeline")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.entries: list[EntryWidget] = []
        self._content = QWidget()
        self._column = QVBoxLayout(self._content)
        self._column.setContentsMargins(4, 0, 12, 8)
        self._column.setSpacing(0)
        self._column.addStretch(1)
        self.setWidget(self._content)

    def set_entries(self, entries: Sequence[TimelineEntry], *, can_correct: bool = True) -> None:
        self.clear()
        by_id = {entry.id: entry for entry in entries}
        for position, entry in enumerate(entries):
            if position:
                line = QFrame(self._content)
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                self._column.insertWidget(self._column.count() - 1, line)
            # Made inside the timeline: a parentless widget would briefly be a window of its own (and take the
            # main window's activation, and its shortcuts, with it).
            widget = EntryWidget(entry, entry_notes(entry, by_id), can_correct, self._content)
            widget.correct_requested.connect(self.correct_requested)
            self._column.insertWidget(self._column.count() - 1, widget)
            self.entries.append(widget)

    def clear(self) -> None:
        """Remove every entry (the incident changed, or the workspace locked)."""
        self.entries = []
        while self._column.count() > 1:
            item = self._column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                forget(widget)

    def texts(self) -> list[str]:
        """Every line the timeline shows (tests and screen readers)."""
        lines = []
        for entry in self.entries:
            lines += [entry.when.text(), entry.heading.text(), entry.details.text(), entry.note.text()]
        return [line for line in lines if line]


# -- recording ---------------------------------------------------------------------------------------------------


def _action_combo(name: str, actions: Sequence[ActionType]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName("What was done")
    for action in actions:
        combo.addItem(action.label, action.value)
    return combo


class RecordActionDialog(StepDialog):
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
        self.done_by.setText(_last_done_by)
        self.details_edit = text_edit(
            "inc-action-details", "Details", 4, "What exactly was done, and anything said or agreed", grow=3
        )
        self.add_field("action", "&What was done", self.action)
        self.add_field("occurred_at", "Wh&en", self.when)
        self.add_field("done_by", "Done &by", self.done_by, "Leave empty if you did it yourself.")
        self.add_field("details", "&Details", self.details_edit)
        self.closing_hint = hint("", name="inc-action-closing-hint")
        self.form.addRow("", self.closing_hint)
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

    def record(self) -> TimelineEntry:
        from smgov.data.services.incidents import add_action

        global _last_done_by
        entry = add_action(
            self.session.workspace,
            self.details.id,
            ActionType(self.action.currentData()),
            occurred_at=self.when.value(),
            done_by=self.done_by.text(),
            details=self.details_edit.toPlainText(),
        )
        _last_done_by = self.done_by.text().strip()
        return entry


class CorrectDialog(StepDialog):
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
        self.details_edit = text_edit("inc-correct-details", "Details", 3, grow=2)
        self.details_edit.setPlainText(entry.details)
        self.reason = text_edit("inc-correct-reason", "Reason for the correction", 2, "Why the entry was wrong", grow=1)
        self.withdraw = QCheckBox("Withdraw the entry: it should never have been recorded")
        self.withdraw.setObjectName("inc-correct-withdraw")
        self.withdraw.toggled.connect(self._withdraw_toggled)
        self.add_field("action", "&What was done", self.action)
        self.add_field("occurred_at", "Wh&en", self.when)
        self.add_field("done_by", "Done &by", self.done_by)
        self.add_field("details", "&Details", self.details_edit)
        self.add_field("reason", "&Reason", self.reason, "Required. It is shown beside both entries and printed.")
        self.form.addRow("", self.withdraw)
        self.field_aliases["entry_id"] = ""
        self.reason.setFocus()

    def _withdraw_toggled(self, withdraw: bool) -> None:
        for widget in (self.action, self.when, self.done_by, self.details_edit):
            widget.setEnabled(not withdraw)

    def record(self) -> TimelineEntry:
        from smgov.data.services.incidents import correct_action

        entry = self.entry
        withdraw = self.withdraw.isChecked()
        action = ActionType(self.action.currentData())
        when: dt.datetime | None = None
        if not withdraw and self.when.wall_clock() != self._when_shown:
            when = self.when.value()  # only when changed: the shown time has no seconds, the entry's may
        done_by = self.done_by.text()
        details = self.details_edit.toPlainText()
        return correct_action(
            self.session.workspace,
            entry.id,
            reason=self.reason.toPlainText(),
            action=None if withdraw or action is entry.action else action,
            occurred_at=when,
            done_by=None if withdraw or done_by.strip() == entry.done_by else done_by,
            details=None if withdraw or details.strip() == entry.details else details,
            withdraw=withdraw,
        )


class StatusDialog(StepDialog):
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
        for status in IncidentStatus:
            if status in STATUS_CHANGES[details.status]:
                self.status.addItem(status.label, status.value)
        self.status.currentIndexChanged.connect(self._chosen)
        self.reason = text_edit("inc-status-reason", "Reason", 2, "Why (needed to reopen a closed incident)", grow=1)
        self.outcome = text_edit(
            "inc-status-outcome", "Outcome", 3, "How it ended: needed to close the incident", grow=3
        )
        self.outcome.setPlainText(details.outcome)
        self.add_field("status", "&New status", self.status)
        self.add_field("reason", "&Reason", self.reason)
        self.add_field("outcome", "&Outcome", self.outcome)
        self.status_hint = hint("", name="inc-status-hint")
        self.form.addRow("", self.status_hint)
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

    def record(self) -> IncidentDetails:
        from smgov.data.services.incidents import set_status

        return set_status(
            self.session.workspace,
            self.details.id,
            IncidentStatus(self.status.currentData()),
            reason=self.reason.toPlainText(),
            outcome=self.outcome.toPlainText(),
        )


class DslAcknowledgementDialog(StepDialog):
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
        self.note = text_edit("inc-dsl-note", "Note", 2, "Anything they asked for or said they would do", grow=1)
        self.add_field("by", "The &DSL", self.by)
        self.add_field("at", "&When", self.at)
        self.add_field("note", "&Note", self.note)
        self.field_aliases["incident_id"] = ""
        self.by.setFocus()

    def record(self) -> IncidentDetails:
        from smgov.data.services.incidents import acknowledge_safeguarding

        return acknowledge_safeguarding(
            self.session.workspace,
            self.details.id,
            by=self.by.text(),
            at=self.at.value(),
            note=self.note.toPlainText(),
        )
