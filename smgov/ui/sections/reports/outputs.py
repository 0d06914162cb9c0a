"""What leaves the Reports section, each output audited as ``smgov report`` and ``smgov export calendar`` audit it.

- The termly pack shown in the preview: Save as PDF… and Print… (the very PDF previewed), Save as spreadsheet… and
  Open in spreadsheet program (the workbook for the same choice, made off the UI thread). Audited as
  ``report.print`` of report "slt", with the audience, the period and the format (never a name).
- Registers and reminders: the account register and the staff training matrix through the one print dialog, and the
  due dates as an iCalendar file for Outlook (audited as an export of the calendar).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QGridLayout, QGroupBox, QVBoxLayout, QWidget

from smgov.data.areas import Change
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import SmgovError
from smgov.documents.pack import PackRequest, audit_summary, file_name
from smgov.reports.pack.model import Period
from smgov.ui.frame import pdf_output
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, hint_label
from smgov.ui.frame.widgets import busy_bar, plain_label
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.frame.printing import Choices, Output, PrintDialog
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

XLSX_FILTER = "Excel workbook (*.xlsx)"
ICS_FILTER = "iCalendar file (*.ics)"
REPORT = "report"
PACK_ID = "slt"  # the pack's id in the audit log, for SLT and governors alike (as `smgov report slt` records it)
CALENDAR_SUMMARY = "Exported the due dates as a calendar (ICS)"


@dataclass(frozen=True)
class ShownPack:
    """The pack in the preview: what was asked for, the period it covers, and its PDF."""

    request: PackRequest
    period: Period
    pdf: bytes


def pack_summary(shown: ShownPack, fmt: str, *, printed: bool = False) -> str:
    """The audit log's line: "Termly report for governors, Autumn term 2026, saved as PDF" (or "printed")."""
    summary = audit_summary(shown.request, shown.period, fmt)
    if printed:
        summary = summary.rsplit(", saved as ", 1)[0] + ", printed"
    return summary


def _record(workspace: Workspace, action: AuditAction, entity_type: str, entity_id: object, summary: str) -> None:
    from smgov.data.services.audit_log import record_output

    record_output(workspace, action, entity_type, entity_id, summary)


class PackOutputs(QGroupBox):
    """Save as PDF…, Print…, Save as spreadsheet… and Open in spreadsheet program for the pack in the preview.

    Signals:
        done(str): an output was made and its audit event written; the text says what happened.
    """

    done = Signal(str)

    def __init__(self, session: AppSession, shown: Callable[[], ShownPack | None], parent: QWidget | None = None):
        super().__init__("This report", parent)
        self.setObjectName("reports-outputs")
        self.session = session
        self._shown = shown
        self.save_pdf = button("Save as P&DF…", "reports-save-pdf")
        self.print_pdf = button("P&rint…", "reports-print")
        self.save_xlsx = button("Sa&ve as spreadsheet…", "reports-save-xlsx")
        self.open_xlsx = button("&Open in spreadsheet program", "reports-open-xlsx")
        self.save_pdf.clicked.connect(self.save_as_pdf)
        self.print_pdf.clicked.connect(self.print)
        self.save_xlsx.clicked.connect(lambda: self.save_spreadsheet(open_it=False))
        self.open_xlsx.clicked.connect(lambda: self.save_spreadsheet(open_it=True))
        self.busy = busy_bar("Making the spreadsheet", name="reports-outputs-busy", width=None)
        self.status = plain_label("", name="reports-outputs-status")
        self.status.hide()
        grid = QGridLayout(self)
        grid.addWidget(self.save_pdf, 0, 0)
        grid.addWidget(self.print_pdf, 0, 1)
        grid.addWidget(self.save_xlsx, 1, 0)
        grid.addWidget(self.open_xlsx, 1, 1)
        grid.addWidget(self.busy, 2, 0, 1, 2)
        grid.addWidget(self.status, 3, 0, 1, 2)
        self._working = False
        self.set_ready(False)

    def set_ready(self, ready: bool) -> None:
        """Enable the buttons while a pack is shown (and nothing is being saved)."""
        for widget in (self.save_pdf, self.print_pdf, self.save_xlsx, self.open_xlsx):
            widget.setEnabled(ready and not self._working)

    def forget_status(self) -> None:
        """Take down the last output's line ("Saved …", "Sent to the printer."): it was about another pack."""
        self.status.clear()
        self.status.hide()

    def _audited(self, summary: str, told: str) -> None:
        run_write(
            self,
            self.session,
            lambda workspace: _record(workspace, AuditAction.REPORT_PRINT, REPORT, PACK_ID, summary),
            lambda _none: self._tell(told),
            changes=(Change.AUDIT,),
        )

    def _tell(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        self.done.emit(text)

    def save_as_pdf(self) -> None:
        shown = self._shown()
        if shown is None or not self.session.is_unlocked:
            return
        self.forget_status()  # a failed save must not leave the last one's "Saved …" under the buttons
        dest = pdf_output.save_pdf(self, shown.pdf, file_name(shown.request, shown.period, "pdf"))
        if dest is not None:
            self._audited(pack_summary(shown, "pdf"), f"Saved {dest.name}.")

    def print(self) -> None:
        shown = self._shown()
        if shown is None or not self.session.is_unlocked:
            return
        self.forget_status()  # a failed save must not leave the last one's "Saved …" under the buttons
        pdf_output.print_pdf(
            self, shown.pdf, lambda: self._audited(pack_summary(shown, "pdf", printed=True), "Sent to the printer.")
        )

    def save_spreadsheet(self, *, open_it: bool) -> None:
        """Ask where, then make the workbook for the shown choice and save it off the UI thread (and open it)."""
        shown = self._shown()
        if shown is None or not self.session.is_unlocked:
            return
        self.forget_status()  # a failed save must not leave the last one's "Saved …" under the buttons
        title = "Open the report in the spreadsheet program" if open_it else "Save the report as a spreadsheet"
        suggested = file_name(shown.request, shown.period, "xlsx")
        dest = pdf_output.choose_save_path(self, title, suggested, XLSX_FILTER, ".xlsx")
        if dest is None:
            return
        request, summary = shown.request, pack_summary(shown, "xlsx")

        def save(workspace: Workspace) -> Path:
            from smgov.documents.pack import make_pack

            workspace.check_pages()  # nothing is exported from, or audited into, a damaged file
            data, _period = make_pack(workspace, request, "xlsx")
            pdf_output.write_atomically(dest, data)
            _record(workspace, AuditAction.REPORT_PRINT, REPORT, PACK_ID, summary)
            return dest

        def saved(path: Path) -> None:
            log.info("report saved as a spreadsheet")
            self._tell(f"Saved {path.name}.")
            if open_it and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                show_error(self, SmgovError(f"{path.name} is saved, but no spreadsheet program could open it."))

        self._working = True
        self.busy.show()
        self.set_ready(False)
        run_write(self, self.session, save, saved, changes=(Change.AUDIT,), on_finished=self._finished)

    def _finished(self) -> None:
        self._working = False
        self.busy.hide()
        self.set_ready(self._shown() is not None)


REGISTER_INTRO = (
    "Every official account and who runs it, on landscape A4 for the governors' file. It holds no password: it says "
    "who runs each account, not how to log in to it."
)
TRAINING_INTRO = (
    "Each member of staff named on an account, with their training and whether they have signed the terms of use. "
    "Anyone not yet trained or not yet signed stands out in bold."
)


class RegistersAndReminders(QGroupBox):
    """The account register and the staff training matrix (the one print dialog), and the due dates for Outlook.

    Signals:
        done(str): the calendar file was saved and audited (the text says where).
    """

    done = Signal(str)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__("Registers and reminders", parent)
        self.setObjectName("reports-registers")
        self.session = session
        self.dialog: PrintDialog | None = None
        self.register_button = button("&Account register (PDF)…", "reports-register")
        self.training_button = button("Staff training &matrix (PDF)…", "reports-training")
        self.calendar_button = button("&Export due dates to Outlook (.ics)…", "reports-calendar")
        self.register_button.clicked.connect(self.open_register)
        self.training_button.clicked.connect(self.open_training)
        self.calendar_button.clicked.connect(self.export_calendar)
        self.busy = busy_bar("Saving the calendar", name="reports-calendar-busy", width=None)
        self.status = plain_label("", name="reports-registers-status")
        self.status.hide()
        column = QVBoxLayout(self)
        for widget in (self.register_button, self.training_button, self.calendar_button):
            column.addWidget(widget)
        column.addWidget(
            hint_label("Reviews, leaving days, access that ends and takedowns due. No pupil is named in it.")
        )
        column.addWidget(self.busy)
        column.addWidget(self.status)

    def _print_dialog(
        self, title: str, intro: str, make: Callable[[Any], bytes], entity: str, file_stem: str
    ) -> PrintDialog:
        from smgov.ui.frame.printing import Output, open_print_dialog

        def make_pdf(workspace: Any, _choices: Choices) -> bytes:
            return make(workspace)

        def audit(_choices: Choices, how: str) -> Output:
            log.info("%s %s", entity, how)
            return Output(AuditAction.REPORT_PRINT, REPORT, entity, f"{title} {how}")  # as smgov report records it

        self.dialog = open_print_dialog(
            self,
            self.session,
            title=title,
            intro=intro,
            make_pdf=make_pdf,
            file_name=lambda _choices: f"{file_stem} {dt.date.today():%Y-%m-%d}.pdf",
            audit=audit,
            name=f"{entity}-print-dialog",
        )
        return self.dialog

    def open_register(self) -> PrintDialog | None:
        if not self.session.is_unlocked:
            return None

        def make(workspace: Any) -> bytes:
            from smgov.documents.register import account_register_pdf

            return account_register_pdf(workspace)

        return self._print_dialog("Account register", REGISTER_INTRO, make, "register", "Account register")

    def open_training(self) -> PrintDialog | None:
        if not self.session.is_unlocked:
            return None

        def make(workspace: Any) -> bytes:
            from smgov.documents.register import training_matrix_pdf

            return training_matrix_pdf(workspace)

        return self._print_dialog("Staff training matrix", TRAINING_INTRO, make, "training", "Staff training matrix")

    def export_calendar(self) -> None:
        """Ask where, then save the due dates as an iCalendar file off the UI thread; audited."""
        if not self.session.is_unlocked:
            return
        today = dt.date.today()
        dest = pdf_output.choose_save_path(
            self, "Export due dates to Outlook", f"smgov due dates {today:%Y-%m-%d}", ICS_FILTER, ".ics"
        )
        if dest is None:
            return

        def save(workspace: Workspace) -> Path:
            from smgov.documents.calendar import due_dates_ics

            workspace.check_pages()
            pdf_output.write_atomically(dest, due_dates_ics(workspace, today))
            _record(workspace, AuditAction.EXPORT, "calendar", None, CALENDAR_SUMMARY)
            return dest

        def saved(path: Path) -> None:
            text = f"Saved {path.name}. Open it to add the dates to Outlook's calendar."
            self.status.setText(text)
            self.status.show()
            self.done.emit(text)

        def finished() -> None:
            self.busy.hide()
            self.calendar_button.setEnabled(True)

        self.busy.show()
        self.calendar_button.setEnabled(False)
        run_write(self, self.session, save, saved, changes=(Change.AUDIT,), on_finished=finished)
