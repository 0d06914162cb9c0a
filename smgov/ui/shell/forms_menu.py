"""The Forms menu: the policy's forms printed blank, for paper use or to fill in on screen in a PDF reader.

``install(window, session)`` adds the menu to the main window's menu bar (before Help). Each item opens the one print
dialog (:func:`smgov.ui.frame.printing.open_print_dialog`, no choices): Save as PDF, Open, Print preview and Print.
The forms carry the school's name and logo, so the items work only while the workspace is unlocked; every save and
print is audited through the dialog's Output.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from smgov.data.audit_actions import AuditAction
from smgov.documents import FormKind
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.ui.frame.printing import PrintDialog  # loads the data layer: not before the first paint

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BlankForm:
    """One form in the menu: its kind in ``smgov.documents.FORMS``, what the menu says, and what it is for."""

    kind: FormKind
    menu_text: str
    title: str
    purpose: str
    file_name: str


FORM_NOTE = (
    "The form is A4 with the school's name and logo. Print it to fill in by hand, or save it and fill it in on "
    "screen in a PDF reader."
)

BLANK_FORMS: tuple[BlankForm, ...] = (
    BlankForm(
        FormKind.BLOCKED_CONTENT,
        "&Blocked content access request (Appendix A)…",
        "Blocked content access request (Appendix A)",
        "For a member of staff who needs a website the school's filter blocks. They fill in the top half, the "
        "headteacher decides and signs, and the ICT technician records when access was given and until when. "
        "Record the request under Blocked content too, so the dashboard reminds you when access ends.",
        "Blocked content access request form (blank).pdf",
    ),
    BlankForm(
        FormKind.INAPPROPRIATE_CONTENT,
        "&Inappropriate content report (Appendix B)…",
        "Inappropriate content report (Appendix B)",
        "For reporting inappropriate content seen on a school computer or the school's network, so the ICT "
        "technician can block the site and record what they did.",
        "Inappropriate content report form (blank).pdf",
    ),
    BlankForm(
        FormKind.ACCOUNT_APPLICATION,
        "&Social media account application…",
        "Social media account application",
        "The business case for a new official social media account, for SLT to decide: its aim, audience, "
        "content plan and the staff who will run it.",
        "Social media account application (blank).pdf",
    ),
    BlankForm(
        FormKind.CONSENT,
        "Images and videos &parental consent form…",
        "Images and Videos Parental Consent Form",
        "The form parents and carers return at the start of each school year, saying which uses of their child's "
        "photos and videos they agree to. Record each return under Pupils & consent. Forms filled in for a pupil or "
        "a whole class are printed from Pupils & consent.",
        "Images and videos parental consent form (blank).pdf",
    ),
)


def open_blank_form(parent: QWidget, session: AppSession, form: BlankForm) -> PrintDialog:
    """The one print dialog (no choices) for ``form``, blank, with the school's name and logo; audited."""
    # Imported here: the menu is built with the main window, and these load the data layer (slow to import).
    from smgov.ui.frame.printing import Choices, Output, open_print_dialog

    def make_pdf(workspace: Any, _choices: Choices) -> bytes:
        from smgov import documents

        head = documents.letterhead(workspace)
        return documents.blank_form(form.kind, head.school_name, head.logo)

    def audit(_choices: Choices, how: str) -> Output:
        log.info("blank %s form %s", form.kind, how)
        return Output(AuditAction.FORM_PRINT, form.kind.value, None, f"Blank {form.title} form {how}")

    return open_print_dialog(
        parent,
        session,
        title=form.title,
        intro=f"{form.purpose}\n\n{FORM_NOTE}",
        make_pdf=make_pdf,
        file_name=lambda _choices: form.file_name,
        audit=audit,
        name="blank-form-dialog",
    )


class FormsMenu(QMenu):
    """The Forms menu. Its items are enabled only while the workspace is unlocked."""

    def __init__(self, window: QWidget, session: AppSession) -> None:
        super().__init__("F&orms", window)
        self.setObjectName("forms-menu")
        self._window = window
        self.session = session
        self.dialog: PrintDialog | None = None
        self.form_actions: dict[str, QAction] = {}
        heading = self.addSection("Blank forms, for paper use")
        heading.setObjectName("forms-menu-heading")
        for form in BLANK_FORMS:
            action = QAction(form.menu_text, self)
            action.setObjectName(f"form-{form.kind}")
            action.setToolTip(form.purpose)
            action.triggered.connect(lambda _checked=False, chosen=form: self.open_form(chosen))
            self.addAction(action)
            self.form_actions[form.kind] = action
        session.locked.connect(lambda: self._set_enabled(False))
        session.unlocked.connect(lambda _workspace: self._set_enabled(True))
        self._set_enabled(session.is_unlocked)

    def _set_enabled(self, enabled: bool) -> None:
        for action in self.form_actions.values():
            action.setEnabled(enabled)
        if not enabled:
            self.dialog = None

    def open_form(self, form: BlankForm) -> PrintDialog | None:
        """Open the print dialog for ``form`` (non-blocking) and return it; None while locked."""
        if not self.session.is_unlocked:
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()
        dialog = open_blank_form(self._window, self.session, form)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        return dialog

    def _closed(self, dialog: PrintDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def install(window: QMainWindow, session: AppSession) -> FormsMenu:
    """Add the Forms menu to ``window``'s menu bar, before Help when there is one."""
    menu = FormsMenu(window, session)
    bar = window.menuBar()
    help_menu = next(
        (action for action in bar.actions() if action.menu() is not None and action.text().replace("&", "") == "Help"),
        None,
    )
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    return menu
