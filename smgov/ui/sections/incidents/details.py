"""The chosen incident: its header (reference, status, the response deadline counting down, the first response, the
safeguarding concern), and tabs for its details, timeline, evidence and inappropriate content report.

Every change is one dialog and one service call; afterwards the pane reads the incident again and says the table
should reload. Screenshots dropped anywhere on the pane, or pasted with Ctrl+V, are added to the incident.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.models import IncidentStatus, KeyRole
from smgov.data.services.content_reports import ContentReportDetails
from smgov.data.services.incidents import IncidentDetails, ResponseState, TimelineEntry
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.widgets import (
    error_colour,
    heading_label,
    nothing_chosen_page,
    plain_label,
    set_text_colour,
    warning_colour,
)
from smgov.ui.sections.incidents.common import (
    button,
    key_person_name,
    marker_icon,
    response_text,
    school_time_text,
    utcnow,
    value_label,
)
from smgov.ui.sections.incidents.content_report import ContentReportDialog, ContentReportsPanel, IctActionDialog
from smgov.ui.sections.incidents.evidence import EvidencePanel, can_take
from smgov.ui.sections.incidents.timeline import (
    CorrectDialog,
    DslAcknowledgementDialog,
    RecordActionDialog,
    StatusDialog,
    TimelineView,
)
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


def _caption(text: str) -> QLabel:
    """A bold caption, at the top of its row (beside values of several lines)."""
    label = _bold(QLabel(text))
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class IncidentPane(QWidget):
    """One incident, with everything that can be done to it.

    Signals:
        changed(int): the incident was changed (its id): the table should reload.
        edit_requested(object): Edit… was pressed (the IncidentDetails); the view opens the form.
        open_record(str, object): go to another section's record (the account in the register).
    """

    changed = Signal(int)
    edit_requested = Signal(object)
    open_record = Signal(str, object)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incident-pane")
        self.session = session
        self.details: IncidentDetails | None = None
        self.reports: list[ContentReportDetails] = []
        self.dialogs: set[QDialog] = set()
        self.full_names = False
        self.setAcceptDrops(True)

        self.stack = QStackedWidget()
        self.empty = self._empty_page()
        self.record_page = self._record_page()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.record_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.clear()

    # -- building ------------------------------------------------------------------------------------------------

    def _empty_page(self) -> QWidget:
        return nothing_chosen_page(
            "No incident chosen",
            "Choose an incident in the list to see what was done about it, or press Log incident (Ctrl+N).",
            name="incident-empty",
            framed=True,
        )

    def _record_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("incident-record")

        self.reference_label = heading_label("", name="incident-reference")
        self.reference_label.setWordWrap(False)
        self.status_label = _bold(plain_label("", wrap=False, name="incident-status"))
        self.status_label.setAccessibleName("Status")
        self.status_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.status_label.setMargin(3)
        self.status_label.setAutoFillBackground(True)
        self.status_label.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.category_label = plain_label("", wrap=False, name="incident-category")
        self.category_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.edit_button = button("Edit…", "incident-edit", "Change the incident's details (the old wording is kept)")
        self.edit_button.clicked.connect(self.edit)
        self.action_button = button(
            "Record action…", "incident-record-action", "Record what was done: hidden, blocked, reported, escalated…"
        )
        self.action_button.clicked.connect(self.record_action)
        self.status_button = button("Change status…", "incident-change-status", "Close, reopen or escalate it")
        self.status_button.clicked.connect(self.change_status)
        self.print_button = QPushButton("Print")
        self.print_button.setObjectName("incident-print")
        self.print_button.setAccessibleName("Print")
        self.print_button.setAutoDefault(False)
        self.print_menu = QMenu(self.print_button)
        self.print_menu.setObjectName("incident-print-menu")
        self.report_action = self.print_menu.addAction("Incident report for SLT…")
        self.report_action.setObjectName("incident-print-report")
        self.report_action.triggered.connect(lambda _checked=False: self.print_report())
        self.print_menu.aboutToShow.connect(self._fill_print_menu)
        self.print_button.setMenu(self.print_menu)
        self.print_button.setToolTip("The incident report for SLT, or the Appendix B form (Ctrl+P)")

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.reference_label)
        top.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.category_label, 1, Qt.AlignmentFlag.AlignVCenter)
        for widget in (self.edit_button, self.action_button, self.status_button, self.print_button):
            top.addWidget(widget)

        self.response_icon = QLabel()
        self.response_icon.setFixedWidth(18)
        self.response_label = _bold(plain_label("", wrap=False, name="incident-response"))
        self.response_label.setAccessibleName("Response")
        self.first_label = plain_label("", name="incident-first-response")
        self.first_label.setAccessibleName("First response")
        self.first_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        response = QHBoxLayout()
        response.setSpacing(6)
        response.addWidget(self.response_icon, 0, Qt.AlignmentFlag.AlignTop)
        response.addWidget(self.response_label)
        response.addSpacing(12)
        response.addWidget(self.first_label, 1)

        self.safeguarding = QFrame()
        self.safeguarding.setObjectName("incident-safeguarding")
        self.safeguarding.setFrameShape(QFrame.Shape.StyledPanel)
        self.safeguarding_icon = QLabel()
        self.safeguarding_icon.setPixmap(marker_icon("safeguarding").pixmap(20, 20))
        self.safeguarding_text = plain_label("", name="incident-safeguarding-text")
        self.safeguarding_text.setAccessibleName("Safeguarding concern")
        self.dsl_button = button(
            "Record DSL acknowledgement…", "incident-dsl", "The DSL has been told and has acknowledged the concern"
        )
        self.dsl_button.clicked.connect(self.acknowledge)
        row = QHBoxLayout(self.safeguarding)
        row.setContentsMargins(8, 5, 8, 5)
        row.setSpacing(8)
        row.addWidget(self.safeguarding_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.safeguarding_text, 1)
        row.addWidget(self.dsl_button)

        self.notice = plain_label("", name="incident-notice")
        self.notice.setAccessibleName("Message")
        self.notice.hide()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("incident-tabs")
        self.tabs.setDocumentMode(True)
        self.overview = self._overview()
        self.timeline = TimelineView()
        self.timeline.correct_requested.connect(self.correct)
        timeline_page = QWidget()
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.setContentsMargins(6, 8, 0, 0)
        timeline_tools = QHBoxLayout()
        timeline_tools.addWidget(
            plain_label(
                "Every entry stays as recorded. To put one right, use Correct… beside it.",
                name="incident-timeline-hint",
            ),
            1,
        )
        self.timeline_action_button = button("Record action…", "incident-timeline-record", "Record what was done")
        self.timeline_action_button.clicked.connect(self.record_action)
        timeline_tools.addWidget(self.timeline_action_button)
        timeline_layout.addLayout(timeline_tools)
        timeline_layout.addWidget(self.timeline, 1)
        self.evidence = EvidencePanel(self.session)
        self.evidence.evidence_changed.connect(self._evidence_changed)
        self.reports_panel = ContentReportsPanel()
        self.reports_panel.new_requested.connect(lambda: self.content_report(None))
        self.reports_panel.edit_requested.connect(self.content_report)
        self.reports_panel.ict_requested.connect(self.ict_action)
        self.reports_panel.print_requested.connect(self.print_content_report)
        self.tabs.addTab(self.overview, "Details")
        self.tabs.addTab(timeline_page, "Timeline")
        self.tabs.addTab(self.evidence, "Evidence")
        self.tabs.addTab(self.reports_panel, "Content report")
        self.TIMELINE_TAB, self.EVIDENCE_TAB, self.REPORTS_TAB = 1, 2, 3

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(response)
        layout.addWidget(self.safeguarding)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        return page

    def _overview(self) -> QWidget:
        content = QWidget()
        content.setObjectName("incident-overview")
        grid = QGridLayout(content)
        grid.setContentsMargins(6, 10, 6, 6)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(8)

        facts = QFormLayout()
        facts.setVerticalSpacing(6)
        facts.setHorizontalSpacing(12)
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("category", "Category"),
            ("received", "Received"),
            ("reported_by", "Reported by"),
            ("account", "Account"),
            ("logged", "Logged"),
        ):
            value = value_label(f"incident-{key}-value", label)
            self.values[key] = value
            if key == "account":
                self.account_button = QToolButton()
                self.account_button.setObjectName("incident-open-account")
                self.account_button.setText("Open in Accounts")
                self.account_button.setAccessibleName("Open the account in Accounts")
                self.account_button.setAutoRaise(True)
                self.account_button.clicked.connect(self._open_account)
                row = QHBoxLayout()
                row.setSpacing(6)
                row.addWidget(value, 1)
                row.addWidget(self.account_button, 0, Qt.AlignmentFlag.AlignTop)
                facts.addRow(_caption(label), row)
            else:
                facts.addRow(_caption(label), value)

        people_head = QHBoxLayout()
        people_head.addWidget(_bold(QLabel("People involved")))
        people_head.addStretch(1)
        self.names_button = QToolButton()
        self.names_button.setObjectName("incident-show-names")
        self.names_button.setText("Show full names")
        self.names_button.setAccessibleName("Show pupils' full names")
        self.names_button.setToolTip("Pupils are shown by initials, in case someone is looking at the screen")
        self.names_button.setCheckable(True)
        self.names_button.setAutoRaise(True)
        self.names_button.toggled.connect(self._names_toggled)
        people_head.addWidget(self.names_button)
        self.people_label = value_label("incident-people-value", "People involved")

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(facts)
        left.addSpacing(6)
        left.addLayout(people_head)
        left.addWidget(self.people_label)
        left.addStretch(1)

        self.summary_label = _bold(value_label("incident-summary-value", "Summary"))
        self.description = self._reading_box("incident-description-value", "What happened", 4)
        self.outcome = self._reading_box("incident-outcome-value", "Outcome", 2)
        self.outcome.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.summary_label)
        right.addWidget(self.description, 3)
        right.addSpacing(6)
        right.addWidget(_bold(QLabel("Outcome")))
        right.addWidget(self.outcome, 1)

        facts_box = QWidget()
        facts_box.setLayout(left)
        scroll = QScrollArea()
        scroll.setObjectName("incident-overview-scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(facts_box)
        grid.addWidget(scroll, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        return content

    def _reading_box(self, name: str, accessible: str, lines: int) -> QPlainTextEdit:
        """Read-only text of any length (a 5,000-word description scrolls inside it)."""
        box = QPlainTextEdit()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setReadOnly(True)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 14)
        box.setTabChangesFocus(True)
        return box

    # -- showing ---------------------------------------------------------------------------------------------------

    @property
    def incident_id(self) -> int | None:
        return self.details.id if self.details is not None else None

    def show_incident(self, incident_id: int) -> bool:
        """Read the incident and show it. False (and a message) when it cannot be read."""
        from smgov.data.services.content_reports import list_content_reports
        from smgov.data.services.incidents import get_incident

        if not self.session.is_unlocked:
            return False
        workspace = self.session.workspace
        try:
            details = get_incident(workspace, incident_id)
            reports = list_content_reports(workspace, incident_id)
        except ValidationError as exc:
            self.clear()
            self.notice.setText(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        same = self.details is not None and self.details.id == incident_id
        self.details = details
        self.reports = reports
        if not same:
            self.notice.hide()
            self.names_button.setChecked(False)
        self._fill()
        self.evidence.show_incident(details.id, details.reference)
        self.stack.setCurrentWidget(self.record_page)
        return True

    def refresh(self) -> None:
        """Read the shown incident again (after a change)."""
        if self.details is not None:
            self.show_incident(self.details.id)

    def _fill(self) -> None:
        details = self.details
        if details is None:
            return
        self.reference_label.setText(details.reference)
        self.status_label.setText(details.status.label)
        self.category_label.setText(details.category.label)
        self.values["category"].setText(details.category.label)
        self.values["received"].setText(school_time_text(details.received_at))
        self.values["reported_by"].setText(details.reported_by)
        account = " · ".join(part for part in (details.platform, details.account_name) if part)
        self.values["account"].setText(account or "Not recorded")
        self.account_button.setVisible(details.account_id is not None)
        self.values["logged"].setText(f"{school_time_text(details.created_at)} by {details.created_by}")
        self.summary_label.setText(details.summary or "No summary")
        self.summary_label.setVisible(True)
        self.description.setPlainText(details.description)
        self.outcome.setPlainText(details.outcome)
        self.outcome.setPlaceholderText("Not recorded yet. It is needed to close the incident.")
        self._show_people()
        self.timeline.set_entries(details.timeline)
        self.reports_panel.set_reports(self.reports)
        self.tabs.setTabText(self.TIMELINE_TAB, f"Timeline ({len(details.timeline)})")
        self.tabs.setTabText(self.EVIDENCE_TAB, f"Evidence ({details.evidence_count})")
        self.tabs.setTabText(
            self.REPORTS_TAB, f"Content report ({len(self.reports)})" if self.reports else "Content report"
        )
        self._show_safeguarding()
        self.tick()
        self._enable(True)

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
        has_pupils = any(person.kind.value == "pupil" for person in details.people)
        self.names_button.setVisible(has_pupils)

    def _names_toggled(self, shown: bool) -> None:
        self.full_names = shown
        self.names_button.setText("Show initials" if shown else "Show full names")
        self._show_people()

    def _show_safeguarding(self) -> None:
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
            dsl = key_person_name(self.session.workspace, KeyRole.DSL) if self.session.is_unlocked else ""
            who = f"the DSL, {dsl}," if dsl else "the DSL"
            self.safeguarding_text.setText(
                f"Safeguarding concern: tell {who} and record when they acknowledge it. Until then it is on the "
                "dashboard."
            )
            self.dsl_button.show()

    def tick(self) -> None:
        """Show the time left again (the view calls this each minute)."""
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

    def _enable(self, enabled: bool) -> None:
        closed = self.details is not None and self.details.status is IncidentStatus.CLOSED
        for widget in (
            self.edit_button,
            self.action_button,
            self.status_button,
            self.print_button,
            self.timeline_action_button,
            self.dsl_button,
        ):
            widget.setEnabled(enabled)
        self.action_button.setText("Add a note…" if closed else "Record action…")
        self.action_button.setAccessibleName("Add a note" if closed else "Record action")

    def clear(self) -> None:
        """Show nothing (no incident chosen, or the workspace locked): every field is emptied."""
        for dialog in list(self.dialogs):
            closer = getattr(dialog, "force_close", None)
            if closer is not None:
                closer()
            else:
                dialog.reject()
        self.dialogs.clear()
        self.details = None
        self.reports = []
        self.full_names = False
        self.names_button.setChecked(False)
        for label in (
            self.reference_label,
            self.status_label,
            self.category_label,
            self.response_label,
            self.first_label,
            self.safeguarding_text,
            self.summary_label,
            self.people_label,
            self.notice,
            *self.values.values(),
        ):
            label.clear()
        self.response_icon.clear()
        self.description.clear()
        self.outcome.clear()
        self.timeline.clear()
        self.reports_panel.clear()
        self.evidence.clear()
        self.notice.hide()
        self.safeguarding.hide()
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(self.empty)
        self._enable(False)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- drops and pastes -------------------------------------------------------------------------------------------

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.details is not None and can_take(event.mimeData()):
            event.acceptProposedAction()
            return
        event.ignore()

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.details is not None and can_take(event.mimeData()):
            event.acceptProposedAction()
            return
        event.ignore()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        if self.details is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.tabs.setCurrentIndex(self.EVIDENCE_TAB)
        self.evidence.take_mime(event.mimeData())

    def paste(self) -> bool:
        """Add the clipboard's picture to the incident (Ctrl+V)."""
        if self.details is None:
            return False
        self.tabs.setCurrentIndex(self.EVIDENCE_TAB)
        return self.evidence.paste()

    def _evidence_changed(self, incident_id: int) -> None:
        if self.details is not None and self.details.id == incident_id:
            self.refresh()
            self.tabs.setCurrentIndex(self.EVIDENCE_TAB)
        self.changed.emit(incident_id)

    # -- steps -----------------------------------------------------------------------------------------------------

    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.add(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.dialogs.discard(dialog))
        recorded = getattr(dialog, "recorded", None)
        if recorded is not None:
            recorded.connect(self._recorded)
        dialog.open()
        return dialog

    def _recorded(self, _result: Any) -> None:
        if self.details is None:
            return
        incident_id = self.details.id
        self.refresh()
        self.changed.emit(incident_id)

    def edit(self) -> None:
        if self.details is not None:
            self.edit_requested.emit(self.details)

    def record_action(self) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        dialog = self._keep(RecordActionDialog(self, self.session, self.details))
        dialog.finished.connect(lambda result: self._after_action(result))
        return dialog

    def _after_action(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            self.tabs.setCurrentIndex(self.TIMELINE_TAB)

    def correct(self, entry: TimelineEntry) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        return self._keep(CorrectDialog(self, self.session, entry))

    def change_status(self) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        return self._keep(StatusDialog(self, self.session, self.details))

    def acknowledge(self) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        return self._keep(DslAcknowledgementDialog(self, self.session, self.details))

    def content_report(self, report: ContentReportDetails | None) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        dialog = ContentReportDialog(self, self.session, self.details.id, self.details.reference, report)
        self._keep(dialog)
        dialog.finished.connect(
            lambda result: (
                self.tabs.setCurrentIndex(self.REPORTS_TAB) if result == QDialog.DialogCode.Accepted else None
            )
        )
        return dialog

    def ict_action(self, report: ContentReportDetails) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        return self._keep(IctActionDialog(self, self.session, report))

    # -- printing --------------------------------------------------------------------------------------------------

    def _fill_print_menu(self) -> None:
        for action in self.print_menu.actions():
            if action is not self.report_action:
                self.print_menu.removeAction(action)
                action.deleteLater()
        for report in self.reports:
            action = self.print_menu.addAction(f"Inappropriate content report {report.reference} (Appendix B)…")
            action.triggered.connect(lambda _checked=False, r=report: self.print_content_report(r))

    def print_report(self) -> QDialog | None:
        from smgov.ui.sections.incidents.printing import incident_report_dialog

        if self.details is None or not self.session.is_unlocked:
            return None
        dialog = incident_report_dialog(self, self.session, self.details.id, self.details.reference)
        self.dialogs.add(dialog)
        dialog.finished.connect(lambda _r: self.dialogs.discard(dialog))
        return dialog

    def print_content_report(self, report: ContentReportDetails) -> QDialog | None:
        from smgov.ui.sections.incidents.printing import content_report_dialog

        if not self.session.is_unlocked:
            return None
        dialog = content_report_dialog(self, self.session, report)
        self.dialogs.add(dialog)
        dialog.finished.connect(lambda _r: self.dialogs.discard(dialog))
        return dialog

    def _open_account(self) -> None:
        if self.details is not None and self.details.account_id is not None:
            self.open_record.emit("accounts", self.details.account_id)
