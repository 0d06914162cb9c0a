"""The append-only timeline of an incident, oldest entry first.

Nothing recorded is edited or deleted: a correction is a new entry with a reason, and the entry it corrects stays on
the timeline struck through, with "Corrected by …" and the reason beside it. The dialogs that add to it (an action,
a correction, a status change, the DSL's acknowledgement) are in :mod:`.steps`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smgov.data.services.incidents import TimelineEntry
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.incidents.common import forget, school_time_text

DETAILS_SHOWN = 600  # characters of an entry's details shown before "Show all"


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
        # A long unbroken word (a screenshot's SHA-256) is cut at the pane's edge rather than widening the timeline
        # past it, which would push every Correct… button out of sight.
        self.details.setMinimumWidth(1)
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
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
