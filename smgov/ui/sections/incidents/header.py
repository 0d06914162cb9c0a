"""The top of an incident's pane: its reference, status and category with what can be done to it (Edit, Record
action, Change status, Print), the response deadline counting down by the minute, the first response, the
safeguarding concern with the DSL's acknowledgement, and a notice line ("INC-00034 is logged…").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from smgov.data.models import IncidentStatus
from smgov.data.services.incidents import IncidentDetails, ResponseState
from smgov.ui.frame.forms import button
from smgov.ui.frame.widgets import error_colour, heading_label, plain_label, set_text_colour, warning_colour
from smgov.ui.sections.incidents.common import response_text, school_time_text, utcnow
from smgov.ui.sections.incidents.markers import marker_icon
from smgov.ui.sections.incidents.overview import bold


class IncidentHeader(QWidget):
    """Reference, status, the buttons, the response line and the safeguarding strip of one incident."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incident-header")
        self.details: IncidentDetails | None = None

        self.reference_label = heading_label("", name="incident-reference")
        self.reference_label.setWordWrap(False)
        self.status_label = bold(plain_label("", wrap=False, name="incident-status"))
        self.status_label.setAccessibleName("Status")
        self.status_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.status_label.setMargin(3)
        self.status_label.setAutoFillBackground(True)
        self.status_label.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.category_label = plain_label("", name="incident-category")
        self.category_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.edit_button = button(
            "Edit…", "incident-edit", "Edit", "Change the incident's details (the old wording is kept)"
        )
        self.action_button = button(
            "Record action…",
            "incident-record-action",
            tooltip="Record what was done: hidden, blocked, reported, escalated…",
        )
        self.status_button = button("Change status…", "incident-change-status", tooltip="Close, reopen or escalate it")
        self.print_button = QPushButton("Print")
        self.print_button.setObjectName("incident-print")
        self.print_button.setAccessibleName("Print")
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip("The incident report for SLT, or the Appendix B form (Ctrl+P)")
        self.print_menu = QMenu(self.print_button)
        self.print_menu.setObjectName("incident-print-menu")
        self.report_action = self.print_menu.addAction("Incident report for SLT…")
        self.report_action.setObjectName("incident-print-report")
        self.print_button.setMenu(self.print_menu)

        title = QHBoxLayout()
        title.setSpacing(10)
        title.addWidget(self.reference_label)
        title.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addWidget(self.category_label, 1, Qt.AlignmentFlag.AlignVCenter)
        tools = QHBoxLayout()
        tools.setSpacing(6)
        for widget in (self.edit_button, self.action_button, self.status_button, self.print_button):
            tools.addWidget(widget)
        tools.addStretch(1)

        self.response_icon = QLabel()
        self.response_icon.setFixedWidth(18)
        self.response_label = bold(plain_label("", name="incident-response"))
        self.response_label.setAccessibleName("Response")
        self.first_label = plain_label("", name="incident-first-response")
        self.first_label.setAccessibleName("First response")
        self.first_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        response = QHBoxLayout()
        response.setSpacing(6)
        response.addWidget(self.response_icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.response_label)
        words.addWidget(self.first_label)
        response.addLayout(words, 1)

        self.safeguarding = QFrame()
        self.safeguarding.setObjectName("incident-safeguarding")
        self.safeguarding.setFrameShape(QFrame.Shape.StyledPanel)
        safeguarding_icon = QLabel()
        safeguarding_icon.setPixmap(marker_icon("safeguarding").pixmap(20, 20))
        self.safeguarding_text = plain_label("", name="incident-safeguarding-text")
        self.safeguarding_text.setAccessibleName("Safeguarding concern")
        self.dsl_button = button(
            "Record DSL acknowledgement…",
            "incident-dsl",
            tooltip="The DSL has been told and has acknowledged the concern",
        )
        strip = QHBoxLayout(self.safeguarding)
        strip.setContentsMargins(8, 5, 8, 5)
        strip.setSpacing(8)
        strip.addWidget(safeguarding_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        strip.addWidget(self.safeguarding_text, 1)
        strip.addWidget(self.dsl_button)

        self.notice = plain_label("", name="incident-notice")
        self.notice.setAccessibleName("Message")
        self.notice.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(title)
        layout.addLayout(tools)
        layout.addLayout(response)
        layout.addWidget(self.safeguarding)
        layout.addWidget(self.notice)

    # -- showing ---------------------------------------------------------------------------------------------------

    def show_details(self, details: IncidentDetails, *, dsl_name: str) -> None:
        self.details = details
        self.reference_label.setText(details.reference)
        self.status_label.setText(details.status.label)
        self.category_label.setText(details.category.label)
        closed = details.status is IncidentStatus.CLOSED
        self.action_button.setText("Add a note…" if closed else "Record action…")
        self.action_button.setAccessibleName("Add a note" if closed else "Record action")
        self._show_safeguarding(dsl_name)
        self.tick()
        self.set_enabled(True)

    def _show_safeguarding(self, dsl_name: str) -> None:
        details = self.details
        concern = details is not None and details.safeguarding_concern
        self.safeguarding.setVisible(concern)
        if details is None or not concern:
            return
        if details.dsl_acknowledged_at is not None:
            self.safeguarding_text.setText(
                f"Safeguarding concern: acknowledged by {details.dsl_acknowledged_by} (DSL) on "
                f"{school_time_text(details.dsl_acknowledged_at)}."
            )
            self.dsl_button.hide()
        else:
            who = f"the DSL, {dsl_name}," if dsl_name else "the DSL"
            self.safeguarding_text.setText(
                f"Safeguarding concern: tell {who} and record when they acknowledge it. Until then it is on the "
                "dashboard."
            )
            self.dsl_button.show()

    def tick(self) -> None:
        """Show the time left again (each minute)."""
        details = self.details
        if details is None:
            return
        now = utcnow()
        state = details.response_state(now)
        words = response_text(details.due_at, details.first_response_at, details.status, now)
        due = school_time_text(details.due_at)
        if details.first_response_at is None and details.status is not IncidentStatus.CLOSED and due:
            text = f"Response due {due}: {words.lower()}"
        elif details.first_response_at is not None:
            text = f"{words} (it was due {due})" if due else words
        else:
            text = words
        self.response_label.setText(text)
        if state is ResponseState.OVERDUE:
            self.response_icon.setPixmap(marker_icon("overdue").pixmap(16, 16))
            set_text_colour(self.response_label, error_colour(self))
        elif state is ResponseState.DUE_SOON:
            self.response_icon.setPixmap(marker_icon("due").pixmap(16, 16))
            set_text_colour(self.response_label, warning_colour(self))
        else:
            self.response_icon.clear()
            self.response_label.setPalette(self.palette())
        self.response_label.setVisible(bool(text))
        if details.first_response_at is not None:
            self.first_label.setText(
                f"First response {school_time_text(details.first_response_at)} by {details.first_response_by}"
            )
        else:
            self.first_label.setText(
                "No response recorded yet: record one with Record action…"
                if details.status is not IncidentStatus.CLOSED
                else ""
            )
        self.first_label.setVisible(bool(self.first_label.text()))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.edit_button, self.action_button, self.status_button, self.print_button, self.dsl_button):
            widget.setEnabled(enabled)

    def clear(self) -> None:
        """Show nothing: every label emptied."""
        self.details = None
        for label in (
            self.reference_label,
            self.status_label,
            self.category_label,
            self.response_label,
            self.first_label,
            self.safeguarding_text,
            self.notice,
        ):
            label.clear()
        self.response_icon.clear()
        self.notice.hide()
        self.safeguarding.hide()
        self.set_enabled(False)
