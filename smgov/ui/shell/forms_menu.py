"""The Forms menu: the policy's forms printed blank, for paper use or to fill in on screen in a PDF reader.

``install(window, session)`` adds the menu to the main window's menu bar (before Help). Each item opens a small
dialog with Save as PDF, Print preview and Print. The forms carry the school's name and logo, so the items work only
while the workspace is unlocked; every save and print is audited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smgov.data.audit_actions import AuditAction
from smgov.documents import FormKind
from smgov.ui.frame import operations
from smgov.ui.frame.screen import keep_on_screen
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BlankForm:
    """One form in the menu: its kind in ``smgov.documents.FORMS``, what the menu says, and what it is for."""

    kind: FormKind
    menu_text: str
    title: str
    purpose: str
    file_name: str


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
)


class BlankFormDialog(QDialog):
    """Save, preview or print one blank form. The PDF is made once, in the background, with the school's name
    and logo; each save and print is audited."""

    def __init__(self, parent: QWidget, session: AppSession, form: BlankForm) -> None:
        # Imported here: the menu is built with the main window, and these load the data layer (slow to import).
        from smgov.ui.frame.pdf_output import PdfActions
        from smgov.ui.frame.widgets import heading_label, plain_label

        super().__init__(parent)
        self.setObjectName("blank-form-dialog")
        self.setWindowTitle(form.title)
        self.session = session
        self.form = form
        workspace = session.workspace  # read now: the PDF is made off the UI thread

        def make_pdf() -> bytes:
            from smgov import documents

            head = documents.letterhead(workspace)
            return documents.blank_form(form.kind, head.school_name, head.logo)

        self.pdf = PdfActions(self, make_pdf, form.file_name)
        self.pdf.saved.connect(lambda _path: self._audit("saved as PDF"))
        self.pdf.printed.connect(lambda: self._audit("printed"))
        self.pdf.busyChanged.connect(self._busy)

        self.save_button = self._button("Save as PDF…", "blank-form-save", self.pdf.save)
        self.preview_button = self._button("Print preview…", "blank-form-preview", self.pdf.preview)
        self.print_button = self._button("Print…", "blank-form-print", self.pdf.print)
        self.save_button.setDefault(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(80)
        self.busy.setAccessibleName("Preparing the form")
        self.busy.hide()
        row = QHBoxLayout()
        row.setSpacing(6)
        for button in (self.save_button, self.preview_button, self.print_button):
            row.addWidget(button)
        row.addWidget(self.busy)
        row.addStretch(1)

        self.status = plain_label("", name="blank-form-status")
        self.status.setVisible(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("blank-form-close")
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addWidget(heading_label(form.title, name="blank-form-title"))
        layout.addWidget(plain_label(form.purpose, name="blank-form-purpose"))
        layout.addWidget(
            plain_label(
                "The form is A4 with the school's name and logo. Print it to fill in by hand, or save it and fill "
                "it in on screen in a PDF reader."
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.setMinimumWidth(520)
        keep_on_screen(self)
        session.locked.connect(self.reject)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.save_button, self.preview_button, self.print_button):
            button.setEnabled(not busy)

    def _audit(self, how: str) -> None:
        from smgov.data.services.audit_log import record_output

        self.status.setText("Saved." if how == "saved as PDF" else "Sent to the printer.")
        self.status.setVisible(True)
        if not self.session.is_unlocked:
            return
        workspace, session, form = self.session.workspace, self.session, self.form
        log.info("blank %s form %s", form.kind, how)
        operations.run_in_background(
            None,
            lambda: record_output(workspace, AuditAction.FORM_PRINT, form.kind, None, f"Blank {form.title} form {how}"),
            lambda _result: session.changed.emit("audit") if session.is_unlocked else None,
        )


class FormsMenu(QMenu):
    """The Forms menu. Its items are enabled only while the workspace is unlocked."""

    def __init__(self, window: QWidget, session: AppSession) -> None:
        super().__init__("F&orms", window)
        self.setObjectName("forms-menu")
        self._window = window
        self.session = session
        self.dialog: BlankFormDialog | None = None
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

    def open_form(self, form: BlankForm) -> BlankFormDialog | None:
        """Open the dialog for ``form`` (non-blocking) and return it; None while locked."""
        if not self.session.is_unlocked:
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()
        dialog = BlankFormDialog(self._window, self.session, form)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.adjustSize()
        dialog.open()
        return dialog

    def _closed(self, dialog: BlankFormDialog) -> None:
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
