"""The account application form, blank (to fill in on paper) or filled from a saved account, through the one print
path (:func:`~smgov.ui.frame.printing.open_print_dialog`): Save as PDF, Open, Print preview or Print, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from smgov.data.audit_actions import AuditAction
from smgov.ui.frame.printing import Choices, Output, PrintDialog, open_print_dialog

if TYPE_CHECKING:
    from smgov.ui.shell.session import AppSession

FORM = "account-application"


def open_blank_form(parent: QWidget, session: AppSession) -> PrintDialog:
    """The application form, empty, to fill in on paper."""

    def make_pdf(workspace: Any, _choices: Choices) -> bytes:
        from smgov import documents

        head = documents.letterhead(workspace)
        return documents.blank_form(FORM, head.school_name, head.logo)

    return open_print_dialog(
        parent,
        session,
        title="Blank account application form",
        intro="The account application form with empty boxes, for someone to fill in on paper and give to you. "
        "Type it in with New account once it comes back.",
        make_pdf=make_pdf,
        file_name=lambda _choices: "Account application form (blank).pdf",
        audit=lambda _choices, how: Output(AuditAction.FORM_PRINT, FORM, None, f"Blank account application form {how}"),
        name="account-blank-print",
    )


def open_application(parent: QWidget, session: AppSession, account_id: int, name: str, unsaved: bool) -> PrintDialog:
    """Account ``account_id``'s application (its business case) for SLT, with decision and signature boxes."""

    def make_pdf(workspace: Any, _choices: Choices) -> bytes:
        from smgov import documents

        return documents.filled_form(FORM, workspace, account_id)

    intro = (
        f"The application for {name}: its business case and named staff, with boxes for SLT's decision and "
        "signature. It prints what is saved."
    )
    if unsaved:
        intro += " You have unsaved changes: save them first to include them."
    return open_print_dialog(
        parent,
        session,
        title="Print the account application",
        intro=intro,
        make_pdf=make_pdf,
        file_name=lambda _choices: f"Account application - {name}.pdf",
        audit=lambda _choices, how: Output(AuditAction.FORM_PRINT, FORM, account_id, f"Account application {how}"),
        name="account-application-print",
    )
