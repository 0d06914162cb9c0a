"""Export the incident log as an Excel workbook or a CSV file: pupils by their initials unless chosen, the file
written and the export audited off the UI thread."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QRadioButton,
    QWidget,
)

from smgov.data.areas import Change
from smgov.data.audit_actions import AuditAction
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.printing import warning_label
from smgov.ui.frame.widgets import busy_bar, plain_label
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

EXPORT_FILTERS = {"xlsx": "Excel workbook (*.xlsx)", "csv": "CSV file (*.csv)"}


class ExportDialog(Dialog):
    """Export the incident log as an Excel workbook or CSV file, pupils by initials unless chosen.

    Signals:
        exported(object): the file was saved (its Path).
    """

    exported = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession) -> None:
        buttons = QDialogButtonBox.StandardButton
        super().__init__(
            parent,
            "Export the incident log",
            name="incident-export-dialog",
            intro="Every incident with its details, people involved, response and outcome, for a spreadsheet. "
            "Screenshots are not included.",
            buttons=buttons.Save | buttons.Close,
            min_width=560,
        )
        self.session = session
        self.xlsx = QRadioButton("Excel workbook (.xlsx)")
        self.xlsx.setObjectName("incident-export-xlsx")
        self.xlsx.setChecked(True)
        self.csv = QRadioButton("CSV file (.csv)")
        self.csv.setObjectName("incident-export-csv")
        group = QButtonGroup(self)
        group.addButton(self.xlsx)
        group.addButton(self.csv)
        self.body.addWidget(self.xlsx)
        self.body.addWidget(self.csv)
        self.body.addSpacing(4)
        self.full_names = QCheckBox("Pupils' full names instead of initials")
        self.full_names.setObjectName("incident-export-full-names")
        self.full_names_warning = warning_label(
            "A spreadsheet is easily copied and emailed. Include full names only when whoever gets it needs them.",
            "incident-export-full-names-warning",
        )
        self.full_names_warning.setContentsMargins(24, 0, 0, 0)
        self.full_names_warning.hide()
        self.full_names.toggled.connect(self.full_names_warning.setVisible)
        self.body.addWidget(self.full_names)
        self.body.addWidget(self.full_names_warning)
        self.busy = busy_bar("Exporting", width=None)
        self.body.addWidget(self.busy)
        self.status = plain_label("", name="incident-export-status")
        self.status.hide()
        self.body.addWidget(self.status)
        self.add_stretch()
        export_button = self.buttons.button(buttons.Save)
        assert export_button is not None  # asked for above
        self.export_button = export_button
        self.export_button.setText("Export…")
        self.export_button.setObjectName("incident-export-save")
        self.export_button.setAccessibleName("Export")
        self.buttons.accepted.connect(lambda: self.export())
        session.locked.connect(self.reject)

    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "xlsx"

    def export(self, dest: Path | None = None) -> bool:
        """Ask where (unless ``dest``), then write the file in the background; audited. True when it started."""
        from smgov.ui.frame import pdf_output

        if not self.session.is_unlocked or not self.export_button.isEnabled():
            return False
        fmt = self.fmt()
        full_names = self.full_names.isChecked()
        if dest is None:
            name = f"Incident log {dt.date.today():%Y-%m-%d}"
            dest = pdf_output.choose_save_path(self, "Export the incident log", name, EXPORT_FILTERS[fmt], f".{fmt}")
            if dest is None:
                return False
        target = dest

        def export(workspace: Workspace) -> Path:
            from smgov import documents
            from smgov.data.services.audit_log import record_output

            workspace.check_pages()  # nothing is exported from, or audited into, a damaged file
            data = documents.export("incidents", workspace, fmt, full_names=full_names)
            pdf_output.write_atomically(target, data)
            names = "full names" if full_names else "initials"
            record_output(
                workspace, AuditAction.EXPORT, "incidents", None, f"Incident log exported as {fmt.upper()} ({names})"
            )
            return target

        def done(path: Path) -> None:
            log.info("incident log exported (%s)", fmt)
            self.status.setText(f"Saved {path.name}.")
            self.status.show()
            self.exported.emit(path)

        self._set_busy(True)
        return run_write(
            self,
            self.session,
            export,
            done,
            changes=(Change.AUDIT,),
            on_finished=lambda: self._set_busy(False),
            refused_title="Not exported",
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.export_button.setEnabled(not busy)

    def force_close(self) -> None:
        self.reject()
