"""Pupils from the MIS: choose the export (CSV or XLSX), check the columns smgov found (and correct them), see
who is new, changed, leaving or refused, then import, all or nothing.

Reading, previewing and importing run off the UI thread, with a busy bar; nothing is saved before Import.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import SmgovError, ValidationError
from smgov.data.services.pupils import FIELD_LABELS, ColumnChoice, ImportPreview, ImportResult
from smgov.ui.frame import msgbox, operations, pdf_output
from smgov.ui.frame.dialogs import Buttons, Dialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, form_layout, hint_label
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView
from smgov.ui.frame.widgets import FieldError, busy_bar, heading_label, plain_label
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)
FILE_FILTER = "MIS exports (*.csv *.txt *.xlsx);;All files (*)"
NOT_IN_FILE = "(not in the file)"
NEW, CHANGED, LEAVING, REFUSED = "New", "Changed", "Leaving (off roll)", "Refused"
KIND_ORDER = {REFUSED: 0, LEAVING: 1, CHANGED: 2, NEW: 3}


@dataclass(frozen=True)
class PreviewLine:
    """One line of the preview: what happens to a pupil (or why a row is refused)."""

    kind: str
    line: int | None
    name: str
    reference: str
    what: str


def preview_lines(preview: ImportPreview) -> list[PreviewLine]:
    lines = [PreviewLine(REFUSED, r.line, "", "", r.reason) for r in preview.refused]
    lines += [
        PreviewLine(LEAVING, None, p.shown_name, p.reference, "Not in the file: goes off roll") for p in preview.leaving
    ]
    lines += [PreviewLine(CHANGED, c.line, c.row.shown_name, c.row.reference, c.described) for c in preview.changed]
    lines += [
        PreviewLine(NEW, r.line, r.shown_name, r.reference, f"{r.year_group} {r.class_name}".strip())
        for r in preview.new
    ]
    return lines


class PreviewModel(RowTableModel[PreviewLine]):
    KIND, LINE, NAME, REFERENCE, WHAT = range(5)
    columns = (
        Column[PreviewLine]("What", lambda r: r.kind, sort_key=lambda r: (KIND_ORDER[r.kind], r.line or 0), width=14),
        Column[PreviewLine](
            "Line", lambda r: str(r.line or ""), sort_key=lambda r: r.line or 0, width=5, align_right=True
        ),
        Column[PreviewLine]("Pupil", lambda r: r.name, width=18),
        Column[PreviewLine]("Adm. no. / UPN", lambda r: r.reference, width=12),
        Column[PreviewLine]("Details", lambda r: r.what),
    )


class PupilImportDialog(Dialog):
    """The three steps: the file, its columns, what would change; then Import.

    Signals:
        imported(object): the import was saved (the ImportResult).
    """

    imported = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession) -> None:
        super().__init__(
            parent,
            "Import pupils from the MIS",
            name="pupil-import",
            intro="Export the pupil list from SIMS, Arbor, Bromcom or another MIS as CSV or Excel. Nothing is saved "
            "until you press Import, and a file with any refused row saves nothing.",
            buttons=Buttons.Cancel,
            min_width=820,
        )
        self.session = session
        self.data: bytes = b""
        self.path: Path | None = None
        self.choice: ColumnChoice | None = None
        self.preview: ImportPreview | None = None
        self.busy_now = False
        self._closed = False
        self.finished.connect(lambda _r: setattr(self, "_closed", True))
        session.locked.connect(self._locked)

        self.step_label = heading_label("", name="pupil-import-step")
        self.body.addWidget(self.step_label)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pupil-import-pages")
        self.body.addWidget(self.pages, 1)

        # 1. the file
        file_page = QWidget()
        column = QVBoxLayout(file_page)
        self.choose_button = button("Choose the export…", "pupil-import-choose", "Choose the export file")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = plain_label("No file chosen yet.", name="pupil-import-file")
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        column.addLayout(row)
        self.file_error = FieldError(for_widget=self.choose_button, name="pupil-import-file-error")
        column.addWidget(self.file_error)
        column.addStretch(1)
        self.pages.addWidget(file_page)

        # 2. the columns
        map_page = QWidget()
        column = QVBoxLayout(map_page)
        self.found_label = plain_label("", name="pupil-import-found")
        column.addWidget(self.found_label)
        self.mapping_form: QFormLayout = form_layout()
        self.combos: dict[str, QComboBox] = {}
        for name, label in FIELD_LABELS.items():
            combo = QComboBox()
            combo.setObjectName(f"pupil-import-map-{name.replace('_', '-')}")
            combo.setAccessibleName(f"Column for the {label.lower()}")
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never changed by the mouse wheel
            self.combos[name] = combo
            self.mapping_form.addRow(label, combo)
        mapping_and_sample = QHBoxLayout()
        mapping_and_sample.addLayout(self.mapping_form, 1)
        self.sample_model: RowTableModel[list[str]] = RowTableModel(self)
        self.sample = TableView("The file's first rows", self, name="pupil-import-sample")
        self.sample.setSortingEnabled(False)
        self.sample.setModel(self.sample_model)
        mapping_and_sample.addWidget(self.sample, 1)
        column.addLayout(mapping_and_sample, 1)
        self.full_export = QCheckBox("This file lists every pupil on roll (those missing from it go off roll)")
        self.full_export.setObjectName("pupil-import-full")
        self.full_export.setChecked(True)
        column.addWidget(self.full_export)
        self.mapping_error = FieldError(name="pupil-import-mapping-error")
        column.addWidget(self.mapping_error)
        self.pages.addWidget(map_page)

        # 3. what would change
        preview_page = QWidget()
        column = QVBoxLayout(preview_page)
        self.counts = heading_label("", name="pupil-import-counts")
        column.addWidget(self.counts)
        self.warnings = plain_label("", name="pupil-import-warnings")
        column.addWidget(self.warnings)
        self.model = PreviewModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("What the import would do", self, name="pupil-import-preview")
        self.table.use_model(self.proxy, PreviewModel.KIND)
        column.addWidget(self.table, 1)
        self.pages.addWidget(preview_page)

        self.busy = busy_bar("Working", name="pupil-import-busy", width=140)
        self.back_button = button("Back", "pupil-import-back")
        self.back_button.clicked.connect(self.back)
        self.next_button = button("Next", "pupil-import-next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_step)
        self.buttons.addButton(self.back_button, self.buttons.ButtonRole.ActionRole)
        self.buttons.addButton(self.next_button, self.buttons.ButtonRole.ActionRole)
        self.body.addWidget(self.busy)
        self.body.addWidget(hint_label("Column choices are remembered for files with the same columns."))
        self.show_step(0)

    @override
    def sizeHint(self) -> QSize:
        return QSize(980, 640).expandedTo(self.minimumSizeHint())

    def _locked(self) -> None:
        self.preview = None
        self.data = b""
        self.model.clear()
        super().reject()

    @override
    def reject(self) -> None:
        if not self.busy_now:
            super().reject()

    # -- steps -------------------------------------------------------------------------------------------------

    def show_step(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        self.step_label.setText(["1. The export file", "2. Check the columns", "3. What the import would do"][step])
        self._update()

    def _update(self) -> None:
        step = self.pages.currentIndex()
        self.back_button.setEnabled(step > 0 and not self.busy_now)
        if step == 2:
            preview = self.preview
            self.next_button.setText("Import")
            ready = preview is not None and preview.can_apply
            self.next_button.setEnabled(ready and not self.busy_now)
        else:
            self.next_button.setText("Next")
            self.next_button.setEnabled(self.choice is not None and not self.busy_now)
        self.choose_button.setEnabled(not self.busy_now)

    def set_busy(self, busy: bool) -> None:
        self.busy_now = busy
        self.busy.setVisible(busy)
        self._update()

    def back(self) -> None:
        self.show_step(max(0, self.pages.currentIndex() - 1))

    def next_step(self) -> None:
        step = self.pages.currentIndex()
        if step == 0 and self.choice is not None:
            self.show_step(1)
        elif step == 1:
            self.run_preview()
        elif step == 2:
            self.run_import()

    # -- 1. the file -------------------------------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the MIS export", str(pdf_output.default_folder()), FILE_FILTER
        )
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> None:
        """Read ``path`` and find its columns, in the background."""
        if self.busy_now or not self.session.is_unlocked:
            return
        workspace = self.session.workspace
        self.path, self.choice, self.preview = path, None, None
        self.file_label.setText(path.name)
        self.file_error.clear()
        self.set_busy(True)

        def read() -> tuple[bytes, ColumnChoice]:
            from smgov.data.services.pupils import detect_columns

            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValidationError(f"{path.name} cannot be read ({exc.strerror or type(exc).__name__}).") from exc
            return data, detect_columns(workspace, data, path.name)

        operations.run_in_background(self, read, self._read, self._failed(self.file_error))

    def _failed(self, error: FieldError) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if self._closed:
                return
            self.set_busy(False)
            if isinstance(exc, SmgovError):
                error.show_error(str(exc))
            else:
                show_error(self, exc)

        return failed

    def _read(self, result: tuple[bytes, ColumnChoice]) -> None:
        if self._closed:
            return
        self.data, choice = result
        self.choice = choice
        self.set_busy(False)
        details = [choice.source, f"{choice.row_count:,} rows"]
        if choice.encoding:
            details.append(f"{choice.encoding}, {choice.delimiter}-separated")
        if choice.sheet:
            details.append(f"sheet {choice.sheet}")
        remembered = " The columns are as you chose them last time." if choice.remembered else ""
        self.file_label.setText(f"{choice.filename}: " + ", ".join(details) + ".")
        self.found_label.setText(
            f"smgov read these columns from {choice.filename}.{remembered} Correct any that are wrong; columns not "
            f"used: {', '.join(choice.ignored) or 'none'}."
        )
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IN_FILE, "")
            for header in choice.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(choice.mapping.get(name, ""))))
            combo.blockSignals(False)
        self.sample_model.beginResetModel()
        self.sample_model.columns = tuple(
            Column[list[str]](header, operator.itemgetter(n), width=12) for n, header in enumerate(choice.headers)
        )
        self.sample_model.endResetModel()
        self.sample_model.set_rows(choice.sample)
        self.show_step(1)

    # -- 2. the columns ----------------------------------------------------------------------------------------

    def mapping(self) -> dict[str, str]:
        return {name: str(combo.currentData()) for name, combo in self.combos.items() if combo.currentData()}

    def run_preview(self) -> None:
        if self.busy_now or self.choice is None or not self.session.is_unlocked:
            return
        workspace, data, mapping = self.session.workspace, self.data, self.mapping()
        filename, full = self.choice.filename, self.full_export.isChecked()
        self.mapping_error.clear()
        self.set_busy(True)

        def preview() -> ImportPreview:
            from smgov.data.services.pupils import preview_import

            return preview_import(workspace, data, filename, mapping, full_export=full)

        operations.run_in_background(self, preview, self._previewed, self._failed(self.mapping_error))

    def _previewed(self, preview: ImportPreview) -> None:
        if self._closed:
            return
        self.preview = preview
        self.set_busy(False)
        self.model.set_rows(preview_lines(preview))
        self.counts.setText(preview.counts[:1].upper() + preview.counts[1:] + ".")
        notes = list(preview.warnings)
        if preview.refused:
            notes.insert(
                0,
                "Nothing can be imported while a row is refused: correct the file (or the MIS) and "
                "choose it again. Each refused row is listed with its line number and why.",
            )
        if preview.duplicates:
            notes.append(f"{len(preview.duplicates)} repeated rows are left out.")
        self.warnings.setText("\n".join(notes))
        self.warnings.setVisible(bool(notes))
        self.show_step(2)

    # -- 3. import ---------------------------------------------------------------------------------------------

    def run_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.can_apply or self.busy_now:
            return
        self.set_busy(True)

        def work(workspace: Workspace) -> ImportResult:
            from smgov.data.services.pupils import apply_import

            return apply_import(workspace, preview)

        def done(result: ImportResult) -> None:
            log.info("pupils imported: %d new, %d changed", result.added, result.changed)
            self.imported.emit(result)
            self.accept()
            text = (
                f"{result.added:,} new pupils added, {result.changed:,} changed, {result.off_roll:,} marked off roll "
                f"({result.unchanged:,} unchanged)."
            )
            msgbox.information(self.parentWidget(), "Pupils imported", text).setObjectName("pupil-import-done")

        def refused(exc: ValidationError) -> bool:
            self.counts.setText(str(exc))
            return True

        run_write(
            self,
            self.session,
            work,
            done,
            changes=(Change.CONSENT,),
            on_refused=refused,
            on_finished=lambda: self.set_busy(False),
            refused_title="Nothing imported",
        )
