"""The chosen incident beside the list: its header (see :mod:`.header`) and tabs for its details, timeline,
evidence and inappropriate content reports.

The pane only shows the incident: every change is one step dialog saved off the UI thread (edit the details, record
an action, correct an entry, change the status, the DSL's acknowledgement, a content report), and the timeline is
append-only. After a step the pane reads the incident again and says ``saved``; the step announced the change, so
the list reloads. Screenshots dropped anywhere on the pane, or pasted with Ctrl+V, are added to the incident.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QStackedWidget, QTabWidget, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Section
from smgov.data.errors import ValidationError
from smgov.data.models import KeyRole
from smgov.data.services.content_reports import ContentReportDetails
from smgov.data.services.incidents import IncidentDetails, TimelineEntry
from smgov.ui.frame.forms import button
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.widgets import nothing_chosen_page, plain_label
from smgov.ui.sections.incidents.common import key_person_name
from smgov.ui.sections.incidents.content_report import ContentReportDialog, ContentReportsPanel, IctActionDialog
from smgov.ui.sections.incidents.evidence import EvidencePanel, can_take
from smgov.ui.sections.incidents.header import IncidentHeader
from smgov.ui.sections.incidents.overview import IncidentOverview
from smgov.ui.sections.incidents.steps import CorrectDialog, DslAcknowledgementDialog, RecordActionDialog, StatusDialog
from smgov.ui.sections.incidents.timeline import TimelineView

if TYPE_CHECKING:
    from smgov.ui.frame.printing import PrintDialog
    from smgov.ui.sections.incidents.form import IncidentFormDialog
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


class IncidentPane(DetailsPane):
    """One incident, with everything that can be done to it.

    Signals: those of :class:`~smgov.ui.frame.pane.DetailsPane` (``saved`` after each step, ``open_record`` for
    the incident's account in the register).
    """

    DETAILS_TAB, TIMELINE_TAB, EVIDENCE_TAB, REPORTS_TAB = range(4)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incident-pane")
        self.session = session
        self.details: IncidentDetails | None = None
        self.reports: list[ContentReportDetails] = []
        self.dialogs: set[QDialog] = set()
        self.setAcceptDrops(True)

        self.header = IncidentHeader()
        self.header.edit_button.clicked.connect(self.edit)
        self.header.action_button.clicked.connect(self.record_action)
        self.header.status_button.clicked.connect(self.change_status)
        self.header.dsl_button.clicked.connect(self.acknowledge)
        self.header.report_action.triggered.connect(lambda _checked=False: self.print_report())
        self.header.print_menu.aboutToShow.connect(self._fill_print_menu)

        self.overview = IncidentOverview()
        self.overview.open_account.connect(self._open_account)
        self.timeline = TimelineView()
        self.timeline.correct_requested.connect(self.correct)
        self.evidence = EvidencePanel(self.session)
        self.evidence.evidence_changed.connect(self._evidence_changed)
        self.reports_panel = ContentReportsPanel()
        self.reports_panel.new_requested.connect(lambda: self.content_report(None))
        self.reports_panel.edit_requested.connect(self.content_report)
        self.reports_panel.ict_requested.connect(self.ict_action)
        self.reports_panel.print_requested.connect(self.print_content_report)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("incident-tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.overview, "Details")
        self.tabs.addTab(self._timeline_page(), "Timeline")
        self.tabs.addTab(self.evidence, "Evidence")
        self.tabs.addTab(self.reports_panel, "Content report")

        self.record_page = QWidget()
        self.record_page.setObjectName("incident-record")
        page = QVBoxLayout(self.record_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(6)
        page.addWidget(self.header)
        page.addWidget(self.tabs, 1)
        self.empty = nothing_chosen_page(
            "No incident chosen",
            "Choose an incident in the list to see what was done about it, or press Log incident (Ctrl+N).",
            name="incident-empty",
            framed=True,
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.record_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.clear()

    def _timeline_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(6, 8, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(
            plain_label(
                "Every entry stays as recorded. To put one right, use Correct… beside it.",
                name="incident-timeline-hint",
            ),
            1,
        )
        self.timeline_action_button = button(
            "Record action…", "incident-timeline-record", tooltip="Record what was done"
        )
        self.timeline_action_button.clicked.connect(self.record_action)
        tools.addWidget(self.timeline_action_button)
        column.addLayout(tools)
        column.addWidget(self.timeline, 1)
        return page

    # -- DetailsPane ---------------------------------------------------------------------------------------------

    @property
    @override
    def record_id(self) -> int | None:
        return self.details.id if self.details is not None else None

    @property
    def incident_id(self) -> int | None:
        return self.record_id

    @override
    def open(self, record_id: int) -> bool:
        """Read the incident and its content reports and show them (a read is quick). False when it is gone."""
        from smgov.data.services.content_reports import list_content_reports
        from smgov.data.services.incidents import get_incident

        if not self.session.is_unlocked:
            return False
        workspace = self.session.workspace
        try:
            details = get_incident(workspace, record_id)
            reports = list_content_reports(workspace, record_id)
        except ValidationError:
            self.clear()
            return False
        shown = self.details
        same = shown is not None and shown.id == record_id
        self.details, self.reports = details, reports
        if not same:
            self.header.show_notice("")
            self.tabs.setCurrentIndex(self.DETAILS_TAB)
        told = not details.safeguarding_concern or details.dsl_acknowledged_at is not None
        self.header.show_details(details, dsl_name="" if told else key_person_name(workspace, KeyRole.DSL))
        self.overview.show_details(details, same=same)
        self.timeline.set_entries(details.timeline)
        self.reports_panel.set_reports(reports)
        self.tabs.setTabText(self.TIMELINE_TAB, f"Timeline ({len(details.timeline)})")
        self.tabs.setTabText(self.EVIDENCE_TAB, f"Evidence ({details.evidence_count})")
        self.tabs.setTabText(self.REPORTS_TAB, f"Content report ({len(reports)})" if reports else "Content report")
        self.timeline_action_button.setEnabled(True)
        if not same or shown is None or shown.evidence_count != details.evidence_count:
            self.evidence.show_incident(details.id, details.reference)  # the thumbnails load in the background
        self.stack.setCurrentWidget(self.record_page)
        return True

    def refresh(self) -> None:
        """Read the shown incident again (after a change)."""
        if self.details is not None:
            self.open(self.details.id)

    @override
    def clear(self) -> None:
        """Show nothing (no incident chosen, or the workspace locked): every field is emptied, dialogs closed."""
        for dialog in list(self.dialogs):
            closer = getattr(dialog, "force_close", None)
            if closer is not None:
                closer()
            else:
                dialog.reject()
        self.dialogs.clear()
        self.details = None
        self.reports = []
        self.header.clear()
        self.overview.clear()
        self.timeline.clear()
        self.reports_panel.clear()
        self.evidence.clear()
        self.timeline_action_button.setEnabled(False)
        self.tabs.setCurrentIndex(self.DETAILS_TAB)
        self.stack.setCurrentWidget(self.empty)

    def tick(self) -> None:
        """A minute passed: the response line counts down."""
        self.header.tick()

    def show_notice(self, text: str) -> None:
        self.header.show_notice(text)

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
        self.saved.emit(incident_id)

    # -- steps -----------------------------------------------------------------------------------------------------

    def _keep(self, dialog: QDialog, tab: int | None = None) -> QDialog:
        """Open ``dialog`` (it deletes itself when closed); after its step the incident is shown again, on ``tab``."""
        self.dialogs.add(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.dialogs.discard(dialog))
        recorded = getattr(dialog, "recorded", None)
        if recorded is not None:
            recorded.connect(lambda _result: self._recorded(tab))
        dialog.open()
        return dialog

    def _recorded(self, tab: int | None) -> None:
        if self.details is None:
            return
        incident_id = self.details.id
        self.refresh()
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        self.saved.emit(incident_id)

    def edit(self) -> IncidentFormDialog | None:
        """Open the incident's form (the old wording is kept on the timeline)."""
        from smgov.ui.sections.incidents.form import IncidentFormDialog

        if self.details is None or not self.session.is_unlocked:
            return None
        form = IncidentFormDialog(self, self.session, self.details)
        reference = self.details.reference
        form.recorded.connect(
            lambda _details: self.show_notice(f"{reference} is saved. The changes are on its timeline.")
        )
        self._keep(form)
        return form

    def record_action(self) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        return self._keep(RecordActionDialog(self, self.session, self.details), self.TIMELINE_TAB)

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
        return self._keep(dialog, self.REPORTS_TAB)

    def ict_action(self, report: ContentReportDetails) -> QDialog | None:
        if self.details is None or not self.session.is_unlocked:
            return None
        return self._keep(IctActionDialog(self, self.session, report))

    # -- printing: a menu of the printouts, each opening the print dialog ----------------------------------------

    def _fill_print_menu(self) -> None:
        menu = self.header.print_menu
        for action in menu.actions():
            if action is not self.header.report_action:
                menu.removeAction(action)
                action.deleteLater()
        for report in self.reports:
            action = menu.addAction(f"Inappropriate content report {report.reference} (Appendix B)…")
            action.triggered.connect(lambda _checked=False, r=report: self.print_content_report(r))

    def _printing(self, dialog: PrintDialog) -> PrintDialog:
        self.dialogs.add(dialog)
        dialog.finished.connect(lambda _result: self.dialogs.discard(dialog))
        return dialog

    def print_report(self) -> PrintDialog | None:
        from smgov.ui.sections.incidents.printing import incident_report_dialog

        if self.details is None or not self.session.is_unlocked:
            return None
        return self._printing(incident_report_dialog(self, self.session, self.details.id, self.details.reference))

    def print_content_report(self, report: ContentReportDetails) -> PrintDialog | None:
        from smgov.ui.sections.incidents.printing import content_report_dialog

        if not self.session.is_unlocked:
            return None
        return self._printing(content_report_dialog(self, self.session, report))

    def _open_account(self) -> None:
        if self.details is not None and self.details.account_id is not None:
            self.open_record.emit(Section.ACCOUNTS.value, self.details.account_id)
