"""The Appendix A form, filled in from a request or blank for paper use, through the one print path (the frame's
print dialog: Save as PDF, Open, Print preview, Print; each audited without names)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from smgov.data.audit_actions import AuditAction
from smgov.data.services.blocked_content import RequestDetails
from smgov.documents import FormKind
from smgov.ui.frame.printing import Choices, Output, PrintDialog, open_print_dialog

if TYPE_CHECKING:
    from smgov.ui.shell.session import AppSession

AUDIT_ACTION = AuditAction.FORM_PRINT
ENTITY_TYPE = "blocked_content_request"


def print_request_form(
    parent: QWidget, session: AppSession, details: RequestDetails, *, unsaved: bool = False
) -> PrintDialog:
    """The print dialog for request ``details``'s Appendix A form (as saved: ``unsaved`` says so in the intro)."""
    request_id, reference = details.id, details.reference

    def make_pdf(workspace: Any, _choices: Choices) -> bytes:
        from smgov import documents

        return documents.filled_form(FormKind.BLOCKED_CONTENT, workspace, request_id)

    intro = f"The policy's Appendix A form filled in from request {reference}, for the authoriser to sign and to file."
    if unsaved:
        intro += " It prints the request as saved: save your changes first to include them."
    return open_print_dialog(
        parent,
        session,
        title=f"Print the request form: {reference}",
        intro=intro,
        make_pdf=make_pdf,
        file_name=lambda _choices: f"Blocked content request {reference}.pdf",
        audit=lambda _choices, how: Output(
            AUDIT_ACTION, ENTITY_TYPE, request_id, f"{reference} request form (Appendix A) {how}"
        ),
        name="request-print-dialog",
    )


def print_blank_form(parent: QWidget, session: AppSession) -> PrintDialog:
    """The print dialog for the blank Appendix A form, with the school's name and logo."""

    def make_pdf(workspace: Any, _choices: Choices) -> bytes:
        from smgov import documents

        head = documents.letterhead(workspace)
        return documents.blank_form(FormKind.BLOCKED_CONTENT, head.school_name, head.logo)

    return open_print_dialog(
        parent,
        session,
        title="Blank request form (Appendix A)",
        intro=(
            "For a member of staff who needs a website the school's filter blocks: they fill in the top half, the "
            "headteacher decides and signs, and the ICT technician records when access was given and until when. "
            "Print it to fill in by hand, or save it and fill it in on screen in a PDF reader."
        ),
        make_pdf=make_pdf,
        file_name=lambda _choices: "Blocked content access request form (blank).pdf",
        audit=lambda _choices, how: Output(
            AUDIT_ACTION, FormKind.BLOCKED_CONTENT.value, None, f"Blank blocked content access request form {how}"
        ),
        name="request-blank-form-dialog",
    )
