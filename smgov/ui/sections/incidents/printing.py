"""Printing and exporting incidents: the incident report for SLT, the filled Appendix B form, and the incident log
as a spreadsheet.

Each printout is one small dialog with its choices (redacted copies and pupils' initials unless the user chooses
otherwise, with a warning beside each choice) and the usual Save as PDF, Open, Print preview and Print. Every save,
print and export is audited, without names.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smgov.data.services.content_reports import ContentReportDetails
from smgov.ui.frame import operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.widgets import heading_label, plain_label
from smgov.ui.sections.incidents.common import button, warning_label
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

Choices = dict[str, bool]


@dataclass(frozen=True)
class PrintChoice:
    """A tick box on a print dialog (off by default), with the caution shown while it is ticked."""

    key: str
    text: str
    warning: str


@dataclass(frozen=True)
class Output:
    """What the audit log records for a printout: no names, only references and the choices made."""

    action: str
    entity_type: str
    entity_id: int | None
    summary: str


class PrintDialog(QDialog):
    """Choices, then Save as PDF, Open in PDF viewer, Print preview or Print. The PDF is built in the background.

    Signals:
        output(str): the PDF was "saved as PDF" or "printed" (the audit event is written in the background).
    """

    output = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        *,
        title: str,
        intro: str,
        choices: list[PrintChoice],
        make_pdf: Callable[[Any, Choices], bytes],
        file_name: Callable[[Choices], str],
        audit: Callable[[Choices, str], Output],
        name: str,
    ) -> None:
        from smgov.ui.frame.pdf_output import PdfActions

        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.session = session
        self._audit = audit
        self.chosen: Choices = {choice.key: False for choice in choices}
        workspace = session.workspace
        self.pdf = PdfActions(self, lambda: make_pdf(workspace, dict(self.chosen)), lambda: file_name(self.chosen))
        self.pdf.saved.connect(lambda _path: self._done("saved as PDF"))
        self.pdf.printed.connect(lambda: self._done("printed"))
        self.pdf.busyChanged.connect(self._busy)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(10)
        layout.addWidget(heading_label(title, name=f"{name}-title"))
        layout.addWidget(plain_label(intro, name=f"{name}-intro"))
        self.boxes: dict[str, QCheckBox] = {}
        self.warnings: dict[str, QLabel] = {}
        for choice in choices:
            box = QCheckBox(choice.text)
            box.setObjectName(f"{name}-{choice.key}")
            box.setAccessibleName(choice.text)
            caution = warning_label(choice.warning, f"{name}-{choice.key}-warning")
            caution.setContentsMargins(24, 0, 0, 0)
            caution.setVisible(False)
            box.toggled.connect(lambda on, key=choice.key: self._chose(key, on))
            self.boxes[choice.key] = box
            self.warnings[choice.key] = caution
            layout.addWidget(box)
            layout.addWidget(caution)
        layout.addSpacing(6)

        self.save_button = button("Save as PDF…", f"{name}-save")
        self.open_button = button("Open in PDF viewer…", f"{name}-open")
        self.preview_button = button("Print preview…", f"{name}-preview")
        self.print_button = button("Print…", f"{name}-print")
        self.save_button.clicked.connect(self.pdf.save)
        self.open_button.clicked.connect(self.pdf.save_and_open)
        self.preview_button.clicked.connect(self.pdf.preview)
        self.print_button.clicked.connect(self.pdf.print)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(80)
        self.busy.setAccessibleName("Preparing the PDF")
        self.busy.hide()
        row = QHBoxLayout()
        row.setSpacing(6)
        for widget in (self.save_button, self.open_button, self.preview_button, self.print_button):
            row.addWidget(widget)
        row.addWidget(self.busy)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = plain_label("", name=f"{name}-status")
        self.status.hide()
        layout.addWidget(self.status)
        layout.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.setMinimumWidth(600)
        self.preview_button.setFocus()

    def _chose(self, key: str, on: bool) -> None:
        self.chosen[key] = on
        self.warnings[key].setVisible(on)
        self.pdf.invalidate()
        self.adjustSize()

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (
            *self.boxes.values(),
            self.save_button,
            self.open_button,
            self.preview_button,
            self.print_button,
        ):
            widget.setEnabled(not busy)

    def _done(self, how: str) -> None:
        from smgov.data.services.audit_log import record_output

        self.status.setText("Saved." if how == "saved as PDF" else "Sent to the printer.")
        self.status.show()
        self.output.emit(how)
        if not self.session.is_unlocked:
            return
        workspace, session = self.session.workspace, self.session
        entry = self._audit(dict(self.chosen), how)
        operations.run_in_background(
            None,
            lambda: record_output(workspace, entry.action, entry.entity_type, entry.entity_id, entry.summary),
            lambda _result: session.changed.emit("audit") if session.is_unlocked else None,
        )

    def force_close(self) -> None:
        self.reject()


def _open(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


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
            "report.print", "incident", incident_id, f"{reference} incident report for SLT {how} ({pictures}, {names})"
        )

    dialog = PrintDialog(
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
    _open(dialog)
    return dialog


def content_report_dialog(parent: QWidget, session: AppSession, report: ContentReportDetails) -> PrintDialog:
    """The filled Appendix B form for one report."""

    def make(workspace: Any, chosen: Choices) -> bytes:
        from smgov.documents.incidents import inappropriate_content_filled

        return inappropriate_content_filled(workspace, report.id, full_names=chosen.get("full_names", False))

    def audit(_chosen: Choices, how: str) -> Output:
        return Output(
            "form.print",
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
    dialog = PrintDialog(
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
    _open(dialog)
    return dialog


# -- the export ---------------------------------------------------------------------------------------------------

EXPORT_FILTERS = {"xlsx": "Excel workbook (*.xlsx)", "csv": "CSV file (*.csv)"}


class ExportDialog(QDialog):
    """Export the incident log as an Excel workbook or CSV file, pupils by initials unless chosen.

    Signals:
        exported(object): the file was saved (its Path).
    """

    exported = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession) -> None:
        super().__init__(parent)
        self.setObjectName("incident-export-dialog")
        self.setWindowTitle("Export the incident log")
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(10)
        layout.addWidget(heading_label("Export the incident log", name="incident-export-title"))
        layout.addWidget(
            plain_label(
                "Every incident with its details, people involved, response and outcome, for a spreadsheet. "
                "Screenshots are not included.",
                name="incident-export-intro",
            )
        )
        self.xlsx = QRadioButton("Excel workbook (.xlsx)")
        self.xlsx.setObjectName("incident-export-xlsx")
        self.xlsx.setChecked(True)
        self.csv = QRadioButton("CSV file (.csv)")
        self.csv.setObjectName("incident-export-csv")
        group = QButtonGroup(self)
        group.addButton(self.xlsx)
        group.addButton(self.csv)
        layout.addWidget(self.xlsx)
        layout.addWidget(self.csv)
        layout.addSpacing(4)
        self.full_names = QCheckBox("Pupils' full names instead of initials")
        self.full_names.setObjectName("incident-export-full-names")
        self.full_names_warning = warning_label(
            "A spreadsheet is easily copied and emailed. Include full names only when whoever gets it needs them.",
            "incident-export-full-names-warning",
        )
        self.full_names_warning.setContentsMargins(24, 0, 0, 0)
        self.full_names_warning.hide()
        self.full_names.toggled.connect(self._full_names_toggled)
        layout.addWidget(self.full_names)
        layout.addWidget(self.full_names_warning)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Exporting")
        self.busy.hide()
        layout.addWidget(self.busy)
        self.status = plain_label("", name="incident-export-status")
        self.status.hide()
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.export_button.setText("Export…")
        self.export_button.setObjectName("incident-export-save")
        self.export_button.setAccessibleName("Export")
        self.buttons.accepted.connect(lambda: self.export())
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _full_names_toggled(self, on: bool) -> None:
        self.full_names_warning.setVisible(on)
        self.adjustSize()

    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "xlsx"

    def export(self, dest: Path | None = None) -> None:
        """Ask where (unless ``dest``), then write the file in the background; audited."""
        from smgov.ui.frame import pdf_output

        if not self.session.is_unlocked:
            return
        fmt = self.fmt()
        full_names = self.full_names.isChecked()
        if dest is None:
            start = pdf_output.default_folder() / f"Incident log {dt.date.today():%Y-%m-%d}.{fmt}"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export the incident log", str(start), EXPORT_FILTERS[fmt]
            )
            if not chosen:
                return
            dest = Path(chosen)
            if dest.suffix.lower() != f".{fmt}":
                dest = dest.with_name(f"{dest.name}.{fmt}")
        target = dest
        workspace = self.session.workspace
        self.busy.show()
        self.export_button.setEnabled(False)

        def export() -> Path:
            from smgov import documents
            from smgov.data.services.audit_log import record_output

            data = documents.export("incidents", workspace, fmt, full_names=full_names)
            pdf_output.write_atomically(target, data)
            names = "full names" if full_names else "initials"
            record_output(workspace, "export", "incidents", None, f"Incident log exported as {fmt.upper()} ({names})")
            return target

        def done(path: Path) -> None:
            self.busy.hide()
            self.export_button.setEnabled(True)
            log.info("incident log exported (%s)", fmt)
            self.status.setText(f"Saved {path.name}.")
            self.status.show()
            self.session.changed.emit("audit")
            self.exported.emit(path)

        def failed(exc: BaseException) -> None:
            self.busy.hide()
            self.export_button.setEnabled(True)
            show_error(self, exc)

        operations.run_in_background(self, export, done, failed)

    def force_close(self) -> None:
        self.reject()
