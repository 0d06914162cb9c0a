"""The Details tab of an incident: the facts (category, when received, who reported it, the account, who logged it),
the people involved (pupils by initials until asked), the summary, what happened and the outcome. Read-only: the
incident is changed through its form and its timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from smgov.data.models import InvolvedKind
from smgov.data.services.incidents import IncidentDetails
from smgov.ui.frame.forms import TextBox, value_label
from smgov.ui.frame.screen import scrolling
from smgov.ui.sections.incidents.common import school_time_text

FACTS = (
    ("category", "Category"),
    ("received", "Received"),
    ("reported_by", "Reported by"),
    ("account", "Account"),
    ("logged", "Logged"),
)


def bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def caption(text: str) -> QLabel:
    """A bold caption, at the top of its row (beside values of several lines)."""
    label = bold(QLabel(text))
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def tool_button(text: str, name: str, accessible: str) -> QToolButton:
    widget = QToolButton()
    widget.setObjectName(name)
    widget.setText(text)
    widget.setAccessibleName(accessible)
    widget.setAutoRaise(True)
    return widget


class IncidentOverview(QWidget):
    """The facts and words of one incident.

    Signals:
        open_account(): Open in Accounts was pressed (the incident is on one of the register's accounts).
    """

    open_account = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incident-overview")
        self.details: IncidentDetails | None = None
        self.full_names = False

        facts = QFormLayout()
        facts.setVerticalSpacing(6)
        facts.setHorizontalSpacing(12)
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.values: dict[str, QLabel] = {}
        self.account_button = tool_button("Open in Accounts", "incident-open-account", "Open the account in Accounts")
        self.account_button.clicked.connect(self.open_account)
        for key, label in FACTS:
            value = value_label(f"incident-{key.replace('_', '-')}-value", label)
            self.values[key] = value
            if key == "account":
                row = QHBoxLayout()
                row.setSpacing(6)
                row.addWidget(value, 1)
                row.addWidget(self.account_button, 0, Qt.AlignmentFlag.AlignTop)
                facts.addRow(caption(label), row)
            else:
                facts.addRow(caption(label), value)

        self.names_button = tool_button("Show full names", "incident-show-names", "Show pupils' full names")
        self.names_button.setToolTip("Pupils are shown by initials, in case someone is looking at the screen")
        self.names_button.setCheckable(True)
        self.names_button.toggled.connect(self._names_toggled)
        people_head = QHBoxLayout()
        people_head.addWidget(bold(QLabel("People involved")))
        people_head.addStretch(1)
        people_head.addWidget(self.names_button)
        self.people_label = value_label("incident-people-value", "People involved")

        self.summary_label = bold(value_label("incident-summary-value", "Summary"))
        self.description = self._reading_box("incident-description-value", "What happened")
        self.outcome = self._reading_box("incident-outcome-value", "Outcome")

        # One column that scrolls: it reads down the pane however narrow the pane is.
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(6, 10, 12, 6)
        column.setSpacing(8)
        column.addWidget(self.summary_label)
        column.addWidget(self.description)
        column.addSpacing(4)
        column.addLayout(facts)
        column.addSpacing(4)
        column.addLayout(people_head)
        column.addWidget(self.people_label)
        column.addSpacing(4)
        column.addWidget(bold(QLabel("Outcome")))
        column.addWidget(self.outcome)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content, "incident-overview-scroll"))

    def _reading_box(self, name: str, accessible: str) -> TextBox:
        """Read-only text as tall as it is, up to ten lines; more (a 5,000-word description) scrolls inside."""
        box = TextBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setReadOnly(True)
        return box

    def show_details(self, details: IncidentDetails, *, same: bool) -> None:
        """Show ``details``; pupils go back to initials unless it is the incident already shown."""
        self.details = details
        if not same:
            self.names_button.setChecked(False)
        self.values["category"].setText(details.category.label)
        self.values["received"].setText(school_time_text(details.received_at))
        self.values["reported_by"].setText(details.reported_by)
        account = " · ".join(part for part in (details.platform, details.account_name) if part)
        self.values["account"].setText(account or "Not recorded")
        self.account_button.setVisible(details.account_id is not None)
        self.values["logged"].setText(f"{school_time_text(details.created_at)} by {details.created_by}")
        self.summary_label.setText(details.summary or "No summary")
        self.description.setPlainText(details.description)
        self.outcome.setPlainText(details.outcome)
        self.outcome.setPlaceholderText("Not recorded yet. It is needed to close the incident.")
        self._show_people()

    def _show_people(self) -> None:
        details = self.details
        if details is None:
            self.people_label.clear()
            return
        lines = [
            f"{person.shown_name(self.full_names)}: {person.role.label.lower()} ({person.kind.label.lower()})"
            for person in details.people
        ]
        self.people_label.setText("\n".join(lines) or "Nobody named")
        self.names_button.setVisible(any(person.kind is InvolvedKind.PUPIL for person in details.people))

    def _names_toggled(self, shown: bool) -> None:
        self.full_names = shown
        self.names_button.setText("Show initials" if shown else "Show full names")
        self._show_people()

    def clear(self) -> None:
        """Show nothing (every value emptied)."""
        self.details = None
        self.names_button.setChecked(False)
        for label in (self.summary_label, self.people_label, *self.values.values()):
            label.clear()
        self.description.clear()
        self.outcome.clear()
