"""The incidents' printouts, each opened in the one print dialog (:func:`smgov.ui.frame.printing.open_print_dialog`):
the incident report for SLT and the filled Appendix B form. Redacted copies and pupils' initials unless the user
chooses otherwise, with a warning beside each choice; every save and print is audited without names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from smgov.data.audit_actions import AuditAction
from smgov.data.services.content_reports import ContentReportDetails
from smgov.ui.frame.printing import Choices, Output, PrintChoice, PrintDialog, open_print_dialog

if TYPE_CHECKING:
    from smgov.ui.shell.session import AppSession


def incident_report_dialog(parent: QWidget, session: AppSession, incident_id: int, reference: str) -> PrintDialog:
    """The incident report for SLT: its details, timeline and screenshots (redacted copies and initials unless
    chosen otherwise)."""

    def make(workspace: Any, chosen: Choices) -> bytes:
        from smgov.documents.incidents import incident_report

        return incident_report(
            workspace, incident_id, originals=chosen.get("originals", False), full_names=chosen.get("full_names", False)
        )

    def file_name(chosen: Choices) -> str:
        extra = " (original screenshots)" if chosen.get("originals") else ""
        return f"Incident report {reference}{extra}.pdf"

    def audit(chosen: Choices, how: str) -> Output:
        pictures = "original screenshots" if chosen.get("originals") else "redacted copies"
        names = "full names" if chosen.get("full_names") else "initials"
        return Output(
            AuditAction.REPORT_PRINT,
            "incident",
            incident_id,
            f"{reference} incident report for SLT {how} ({pictures}, {names})",
        )

    return open_print_dialog(
        parent,
        session,
        title=f"Incident report for SLT: {reference}",
        intro="The incident, what was done and the screenshots, on A4 with the school's name. Screenshots are "
        "printed as their redacted copies and pupils by their initials, unless you choose otherwise below.",
        choices=[
            PrintChoice(
                "originals",
                "Print the original screenshots instead of the redacted copies",
                "The originals may show pupils' names and faces and other people's details. Choose this only when "
                "everyone who will see the report needs to see them.",
            ),
            PrintChoice(
                "full_names",
                "Print pupils' full names instead of initials",
                "Governors and SLT should see a pupil's full name only when they need it.",
            ),
        ],
        make_pdf=make,
        file_name=file_name,
        audit=audit,
        name="incident-report-dialog",
    )


def content_report_dialog(parent: QWidget, session: AppSession, report: ContentReportDetails) -> PrintDialog:
    """The filled Appendix B form for one report (the pupil's initials unless chosen otherwise)."""

    def make(workspace: Any, chosen: Choices) -> bytes:
        from smgov.documents.incidents import inappropriate_content_filled

        return inappropriate_content_filled(workspace, report.id, full_names=chosen.get("full_names", False))

    def audit(_chosen: Choices, how: str) -> Output:
        return Output(
            AuditAction.FORM_PRINT,
            "content_report",
            report.id,
            f"{report.reference} inappropriate content report form (Appendix B) {how}",
        )

    choices = []
    if report.accessed_by and report.accessed_by_pupil:
        choices.append(
            PrintChoice(
                "full_names",
                "Print the pupil's full name instead of initials",
                "Give the form with the full name only to people who need it, such as the ICT technician.",
            )
        )
    return open_print_dialog(
        parent,
        session,
        title=f"Inappropriate content report (Appendix B): {report.reference}",
        intro="The policy's Appendix B form, filled in from this report, for the ICT technician and the file.",
        choices=choices,
        make_pdf=make,
        file_name=lambda _chosen: f"Inappropriate content report {report.reference}.pdf",
        audit=audit,
        name="content-report-print-dialog",
    )
