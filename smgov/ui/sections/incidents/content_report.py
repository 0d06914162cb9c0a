"""Inappropriate content reports (the Spixworth policy's Appendix B) on an incident: the member of staff's report,
the ICT technician's action, and the filled form printed for the ICT technician and the file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.models import KeyRole
from smgov.data.services.content_reports import ContentReportDetails, ContentReportInput
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import button, hint_label, line_edit, text_edit, value_label
from smgov.ui.frame.tables import uk_date
from smgov.ui.frame.widgets import DateField, plain_label
from smgov.ui.sections.incidents.common import forget, key_person_name

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

Write = Callable[["Workspace"], Any]

log = logging.getLogger(__name__)


class ContentReportDialog(StepDialog):
    """The reporter's part of the form: who reports it, who accessed the content (if known), when, the full URLs and
    what the content was. New (``report`` None) or a correction of a saved report."""

    changes = (Change.INCIDENTS,)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        incident_id: int,
        incident_reference: str,
        report: ContentReportDetails | None = None,
    ) -> None:
        self.ok_text = "Save report" if report is not None else "Record report"
        title = (
            f"Inappropriate content report {report.reference}"
            if report is not None
            else f"Inappropriate content report: {incident_reference}"
        )
        super().__init__(
            parent,
            session,
            title,
            "The policy's Appendix B: inappropriate content seen on a school device or the school's network, for "
            "the ICT technician to block. The ICT technician's part is recorded afterwards.",
            name="content-report-dialog",
        )
        self.incident_id = incident_id
        self.report = report
        self.staff_name = line_edit("content-report-staff", "Staff name submitting", "Your name, or who reports it")
        self.accessed_by = line_edit("content-report-accessed-by", "Individual accessing the content", "If known")
        self.pupil = QCheckBox("They are a pupil (reports for SLT show initials)")
        self.pupil.setObjectName("content-report-pupil")
        self.accessed_on = DateField(accessible_name="Date", name="content-report-date")
        self.urls = text_edit(
            "content-report-urls", "Full URLs", 3, "https://… (one a line, with https:// at the start)"
        )
        self.nature = text_edit("content-report-nature", "Nature of the content", 4, "What the content was")
        accessed = QVBoxLayout()
        accessed.setSpacing(4)
        accessed.addWidget(self.accessed_by)
        accessed.addWidget(self.pupil)
        self.add_field("staff_name", "&Staff name", self.staff_name)
        self.add_field("accessed_by", "&Accessed by", self.accessed_by, layout=accessed)
        self.add_field("accessed_on", "&Date", self.accessed_on)
        self.add_field("urls", "Full &URLs", self.urls)
        self.add_field("nature", "&Nature of the content", self.nature)
        if report is not None:
            self.staff_name.setText(report.staff_name)
            self.accessed_by.setText(report.accessed_by)
            self.pupil.setChecked(report.accessed_by_pupil)
            self.accessed_on.setDate(report.accessed_on)
            self.urls.setPlainText("\n".join(report.urls))
            self.nature.setPlainText(report.nature)
        self.add_stretch()
        self.staff_name.setFocus()

    @override
    def prepare(self) -> Write:
        from smgov.data.services.content_reports import create_content_report, update_content_report

        data = ContentReportInput(
            staff_name=self.staff_name.text(),
            accessed_on=self.accessed_on.date() or dt.date.today(),
            urls=ContentReportInput.split_urls(self.urls.toPlainText()),
            nature=self.nature.toPlainText(),
            accessed_by=self.accessed_by.text(),
            accessed_by_pupil=self.pupil.isChecked(),
        )
        incident_id, report = self.incident_id, self.report
        if report is None:
            return lambda workspace: create_content_report(workspace, incident_id, data)
        return lambda workspace: update_content_report(workspace, report.id, data)


class IctActionDialog(StepDialog):
    """The ICT technician's part: what was done (the site blocked, say), by whom and when."""

    ok_text = "Record ICT action"
    changes = (Change.INCIDENTS,)

    def __init__(self, parent: QWidget, session: AppSession, report: ContentReportDetails) -> None:
        super().__init__(
            parent,
            session,
            f"ICT action: {report.reference}",
            "What the ICT technician did about the content, so it cannot be reached again.",
            name="ict-action-dialog",
        )
        self.report = report
        self.action = text_edit("ict-action-text", "Action taken", 3, "e.g. Site added to the filter's block list")
        self.by = line_edit("ict-action-by", "ICT technician")
        self.on = DateField(accessible_name="Date of the action", name="ict-action-on")
        if report.ict_done:
            self.action.setPlainText(report.ict_action)
            self.by.setText(report.ict_action_by)
            if report.ict_action_on is not None:
                self.on.setDate(report.ict_action_on)
        else:
            self.by.setText(key_person_name(session.workspace, KeyRole.ICT_LEAD))
        self.add_field("ict_action", "&Action taken", self.action)
        self.add_field("ict_action_by", "&By", self.by)
        self.add_field("ict_action_on", "&On", self.on)
        self.add_stretch()
        self.action.setFocus()

    @override
    def prepare(self) -> Write:
        from smgov.data.services.content_reports import record_ict_action

        report_id, action, by = self.report.id, self.action.toPlainText(), self.by.text()
        on = self.on.date() or dt.date.today()
        return lambda workspace: record_ict_action(workspace, report_id, action=action, by=by, on=on)


class ReportBox(QGroupBox):
    """One saved report, read-only, with its buttons.

    Signals:
        edit_requested(object), ict_requested(object), print_requested(object): the report's buttons.
    """

    edit_requested = Signal(object)
    ict_requested = Signal(object)
    print_requested = Signal(object)

    def __init__(self, report: ContentReportDetails, parent: QWidget | None = None) -> None:
        super().__init__(f"{report.reference}, reported {uk_date(report.accessed_on)}", parent)
        self.setObjectName(f"content-report-{report.id}")
        self.report = report
        form = QFormLayout(self)
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(14)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def add(label: str, text: str, key: str) -> None:
            value = value_label(f"content-report-{key}", label)
            value.setText(text or "—")
            form.addRow(f"{label}:", value)

        add("Staff name", report.staff_name, "staff")
        who = report.accessed_by + (" (a pupil)" if report.accessed_by and report.accessed_by_pupil else "")
        add("Accessed by", who or "Not known", "accessed-by")
        add("Date", uk_date(report.accessed_on), "date")
        add("Full URLs", "\n".join(report.urls), "urls")
        add("Nature", report.nature, "nature")
        if report.ict_done:
            add("ICT action", report.ict_action, "ict-action")
            add("By, on", f"{report.ict_action_by}, {uk_date(report.ict_action_on)}", "ict-by")
        else:
            add("ICT action", "Waiting for the ICT technician", "ict-action")
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.edit_button = button("Edit…", "content-report-edit", tooltip="Correct the reporter's part of the form")
        self.ict_button = button(
            "Change ICT action…" if report.ict_done else "Record ICT action…",
            "content-report-ict",
            tooltip="What the ICT technician did, by whom and when",
        )
        self.print_button = button("Print form (Appendix B)…", "content-report-print", tooltip="The filled-in form")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.report))
        self.ict_button.clicked.connect(lambda: self.ict_requested.emit(self.report))
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.report))
        for widget in (self.edit_button, self.ict_button, self.print_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        form.addRow(buttons)


class ContentReportsPanel(QScrollArea):
    """The "Content report" tab: the incident's reports, and a button for a new one.

    Signals:
        new_requested(): New report… was pressed.
        edit_requested(object), ict_requested(object), print_requested(object): a report's buttons.
    """

    new_requested = Signal()
    edit_requested = Signal(object)
    ict_requested = Signal(object)
    print_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("content-reports")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.reports: list[ContentReportDetails] = []
        self.boxes: list[ReportBox] = []
        content = QWidget()
        self._column = QVBoxLayout(content)
        self._column.setContentsMargins(6, 8, 12, 8)
        self._column.setSpacing(10)
        self.intro = hint_label(
            "For inappropriate content seen on a school device or the school's network (the policy's Appendix B): "
            "the member of staff reports it, the ICT technician blocks it and records what they did.",
            name="content-reports-intro",
        )
        self.new_button = button(
            "New content report…", "content-report-new", tooltip="Record an inappropriate content report"
        )
        self.new_button.clicked.connect(self.new_requested)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        self._column.addLayout(top)
        self.empty = plain_label("No inappropriate content report on this incident.", name="content-reports-empty")
        self._column.addWidget(self.empty)
        self._column.addStretch(1)
        self.setWidget(content)

    def set_reports(self, reports: list[ContentReportDetails]) -> None:
        self.clear()
        self.reports = list(reports)
        for report in reports:
            box = ReportBox(report, self.widget())
            box.edit_requested.connect(self.edit_requested)
            box.ict_requested.connect(self.ict_requested)
            box.print_requested.connect(self.print_requested)
            self._column.insertWidget(self._column.count() - 1, box)
            self.boxes.append(box)
        self.empty.setVisible(not reports)

    def clear(self) -> None:
        self.reports = []
        for box in self.boxes:
            box.setTitle("")
            forget(box)
        self.boxes = []
        self.empty.setVisible(True)


__all__ = ["ContentReportDialog", "ContentReportsPanel", "IctActionDialog"]
