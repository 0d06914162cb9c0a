"""Import staff from a CSV file (name, role, email): choose the file, look at the preview, then import.

The preview says for each row whether it is new, already on the register, or has a problem (and which): rows with a
problem are left out. Nothing is added until Import, and then all the new rows are added in one go or none are.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import SmgovError, ValidationError
from smgov.data.importers.staff import RowStatus, StaffImportPreview, StaffImportRow
from smgov.ui.frame import msgbox, operations, pdf_output
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, hint_label
from smgov.ui.frame.tables import AnyIndex, Column, FilterProxy, RowTableModel, TableView
from smgov.ui.frame.widgets import FieldError, busy_bar, error_colour, heading_label, plain_label
from smgov.ui.frame.writes import run_write
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"
STATUS_WORDS = {
    RowStatus.NEW: "New",
    RowStatus.ALREADY_THERE: "Already there",
    RowStatus.ERROR: "Left out",
}
STATUS_ORDER = {RowStatus.ERROR: 0, RowStatus.NEW: 1, RowStatus.ALREADY_THERE: 2}


def preview_counts(preview: StaffImportPreview) -> str:
    """ "12 new, 3 already there, 2 with problems (left out)"."""
    new = len(preview.to_add)
    problems = len(preview.errors)
    there = len(preview.rows) - new - problems
    parts = [f"{new} new", f"{there} already there"]
    if problems:
        parts.append(f"{problems} with {'a problem' if problems == 1 else 'problems'} (left out)")
    return ", ".join(parts)


def plain_message(message: str) -> str:
    """The importer's message without the field name it appends ("Enter the person's name. (full_name)")."""
    return re.sub(r"\s*\([a-z_]+\)$", "", message)


class StaffPreviewModel(RowTableModel[StaffImportRow]):
    """The file's rows as the import sees them; rows with a problem stand out (icon, wording and colour)."""

    LINE, NAME, ROLE, EMAIL, STATUS, MESSAGE = range(6)
    columns = (
        Column[StaffImportRow]("Line", lambda r: str(r.line), sort_key=lambda r: r.line, width=5, align_right=True),
        Column[StaffImportRow]("Name", lambda r: r.full_name, width=20),
        Column[StaffImportRow]("Role", lambda r: r.role, width=14),
        Column[StaffImportRow]("Email", lambda r: r.email, width=22),
        Column[StaffImportRow](
            "Status", lambda r: STATUS_WORDS[r.status], sort_key=lambda r: STATUS_ORDER[r.status], width=12
        ),
        Column[StaffImportRow]("What is wrong", lambda r: plain_message(r.message)),
    )

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._widget = parent

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole):
            row = self.row_at(index.row())
            if row.status is not RowStatus.ERROR:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return error_colour(self._widget) if index.column() in (self.STATUS, self.MESSAGE) else None
            if index.column() == self.STATUS:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        return super().data(index, role)


class StaffImportDialog(QDialog):
    """Choose a staff CSV, see the preview with counts, import the new rows.

    Signals:
        imported(int): staff were added (how many).
    """

    imported = Signal(int)

    def __init__(self, parent: QWidget | None, session: AppSession) -> None:
        super().__init__(parent)
        self.setObjectName("staff-import-dialog")
        self.setWindowTitle("Import staff from CSV")
        self.session = session
        self.preview: StaffImportPreview | None = None
        self.path: Path | None = None
        self._busy = False

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading_label("Import staff from a CSV file", name="staff-import-title"))
        intro = hint_label(
            "Save the staff list from your MIS or a spreadsheet as CSV. smgov reads a Name column (or Forename and "
            "Surname), and Role and Email columns if there are any. Nothing is added until you press Import.",
            name="staff-import-intro",
        )
        intro.setForegroundRole(self.foregroundRole())
        layout.addWidget(intro)

        self.choose_button = button("Choose CSV file…", "staff-import-choose", "Choose CSV file")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = plain_label("No file chosen yet.", wrap=True, name="staff-import-file")
        self.file_label.setAccessibleName("Chosen file")
        self.busy = busy_bar("Reading the file", width=120)
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.busy)
        layout.addLayout(file_row)
        self.file_error = FieldError(for_widget=self.choose_button, name="staff-import-error")
        layout.addWidget(self.file_error)

        self.counts = plain_label("", name="staff-import-counts")
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        layout.addWidget(self.counts)
        self.model = StaffPreviewModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("Preview of the rows", self, name="staff-import-table")
        self.table.use_model(self.proxy, StaffPreviewModel.STATUS)
        self.table.setMinimumHeight(260)
        layout.addWidget(self.table, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = button("Import", "staff-import-import", "Import the new staff")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900, 600)
        self.choose_button.setFocus()
        self._closed = False
        session.locked.connect(self._locked)
        self.finished.connect(lambda _result: setattr(self, "_closed", True))

    def _locked(self) -> None:
        """The workspace locked: forget the file's rows and close, even half way through (nothing was added)."""
        self._busy = False
        self.preview = None
        self.model.clear()
        super().reject()

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the staff CSV file", str(pdf_output.default_folder()), CSV_FILTER
        )
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> None:
        """Read ``path`` and preview it in the background."""
        if self._busy or not self.session.is_unlocked:
            return
        workspace = self.session.workspace
        self.path = path
        self.preview = None
        self.model.clear()
        self.counts.clear()
        self.file_error.clear()
        self.file_label.setText(path.name)
        self._set_busy(True)

        def read() -> StaffImportPreview:
            from smgov.data.importers.staff import preview

            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    f"{path.name} cannot be read ({exc.strerror or type(exc).__name__}).", field="file"
                ) from exc
            return preview(workspace, data)

        operations.run_in_background(self, read, self._previewed, self._preview_failed)

    def _previewed(self, preview: StaffImportPreview) -> None:
        if self._closed:
            return
        self._set_busy(False)
        self.preview = preview
        self.model.set_rows(preview.rows)
        if not preview.rows:
            self.counts.setText("The file has no rows of staff.")
        else:
            self.counts.setText(preview_counts(preview))
        self._update_import()
        log.info("staff CSV previewed (%d rows)", len(preview.rows))

    def _preview_failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self._set_busy(False)
        if isinstance(exc, SmgovError):
            self.file_error.show_error(str(exc))
        else:
            show_error(self, exc)
        self._update_import()

    def _update_import(self) -> None:
        new = len(self.preview.to_add) if self.preview is not None else 0
        self.import_button.setEnabled(new > 0 and not self._busy)
        self.import_button.setText(f"Import {new} new" if new else "Import")
        self.import_button.setDefault(new > 0)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        self.import_button.setEnabled(False)

    def run_import(self) -> None:
        """Add the new rows (all or none) in the background, then say how many."""
        preview = self.preview
        if preview is None or not preview.to_add or self._busy or not self.session.is_unlocked:
            return
        self._set_busy(True)

        def work(workspace: Workspace) -> int:
            from smgov.data.importers.staff import import_staff

            return import_staff(workspace, preview)

        def done(count: int) -> None:
            log.info("staff imported (%d)", count)
            self.imported.emit(count)
            self.accept()
            noun = "member of staff was" if count == 1 else "staff were"
            msgbox.information(
                self.parentWidget(), "Staff imported", f"{count} {noun} added to the People register."
            ).setObjectName("staff-import-done")

        def refused(exc: ValidationError) -> bool:
            self._update_import()
            return False  # shown in a message box near the cause

        run_write(
            self,
            self.session,
            work,
            done,
            changes=(Change.PEOPLE,),
            on_refused=refused,
            on_finished=lambda: self._set_busy(False),
            refused_title="Nothing imported",
        )

    @override
    def reject(self) -> None:
        if not self._busy:
            super().reject()
