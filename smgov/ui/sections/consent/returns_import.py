"""Online-form returns: choose the CSV, check which purpose each Yes/No column answers, then review. Rows matched
to one pupil are listed; rows that are ambiguous or match nobody are never guessed: each is left out unless the
user picks the pupil from the candidates. Import records all of it in one unit of work."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import SmgovError, ValidationError
from smgov.data.importers.consent_returns import (
    FIELD_LABELS,
    Candidate,
    ConsentMapping,
    ConsentPreview,
    ImportResult,
    MatchedRow,
    ReviewRow,
    UnmatchedRow,
)
from smgov.data.services.consent import year_label
from smgov.ui.frame import msgbox, operations, pdf_output
from smgov.ui.frame.dialogs import Buttons, Dialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, form_layout
from smgov.ui.frame.screen import scrolling
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView, uk_date
from smgov.ui.frame.widgets import FieldError, busy_bar, heading_label, plain_label
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)
CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"
LEAVE_OUT = "Leave out (not imported)"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def candidate_text(candidate: Candidate) -> str:
    where = f"{candidate.year_group} {candidate.class_name}".strip()
    roll = "" if candidate.on_roll else ", off roll"
    return f"{candidate.name} ({where}{roll}) {candidate.reference}".strip()


class MatchedModel(RowTableModel[MatchedRow]):
    LINE, WRITTEN, PUPIL, RECEIVED, CHANGE = range(5)
    columns = (
        Column[MatchedRow]("Line", lambda m: str(m.row.line), sort_key=lambda m: m.row.line, width=5, align_right=True),
        Column[MatchedRow]("Name on the form", lambda m: m.row.name, width=18),
        Column[MatchedRow]("Pupil", lambda m: candidate_text(m.pupil), width=26),
        Column[MatchedRow](
            "Sent", lambda m: uk_date(m.row.received_on), sort_key=lambda m: m.row.received_at, width=10
        ),
        Column[MatchedRow]("Recorded as", lambda m: m.note or m.change.label),
    )


class ReturnsImportDialog(Dialog):
    """The file, its columns, the review; then Import.

    Signals:
        imported(object): the returns were recorded (the ImportResult).
    """

    imported = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession, year: int) -> None:
        super().__init__(
            parent,
            "Import consent returns",
            name="returns-import",
            intro="Returns from an online form (a CSV with the child's name, year, class and a Yes/No column per "
            "question). Each row is matched to a pupil; rows that are not certain are for you to decide.",
            buttons=Buttons.Cancel,
            min_width=820,
        )
        self.session = session
        self.year = year
        self.data = b""
        self.path: Path | None = None
        self.preview: ConsentPreview | None = None
        self.busy_now = False
        self._closed = False
        self.finished.connect(lambda _r: setattr(self, "_closed", True))
        session.locked.connect(self._locked)
        self.review_combos: dict[int, QComboBox] = {}

        self.choose_button = button("Choose the CSV…", "returns-import-choose", "Choose the returns file")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = plain_label("No file chosen yet.", name="returns-import-file")
        self.form.addRow(self.choose_button, self.file_label)
        self.file_error = FieldError(for_widget=self.choose_button, name="returns-import-file-error")
        self.body.addWidget(self.file_error)

        self.pages = QStackedWidget()
        self.pages.setObjectName("returns-import-pages")
        self.pages.addWidget(QWidget())  # nothing until a file is read

        columns_page = QWidget()
        column = QVBoxLayout(columns_page)
        self.columns_note = plain_label("", name="returns-import-columns-note")
        column.addWidget(self.columns_note)
        self.purpose_form: QFormLayout = form_layout()
        holder = QWidget()
        holder.setLayout(self.purpose_form)
        column.addWidget(scrolling(holder, "returns-import-columns-scroll"), 1)
        self.reread_button = button("Read the file again with these columns", "returns-import-reread")
        self.reread_button.clicked.connect(self.reread)
        column.addWidget(self.reread_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(columns_page)

        review_page = QWidget()
        column = QVBoxLayout(review_page)
        self.summary = heading_label("", name="returns-import-summary")
        column.addWidget(self.summary)
        self.problems = plain_label("", name="returns-import-problems")
        column.addWidget(self.problems)
        self.review_title = plain_label("", name="returns-import-review-title")
        column.addWidget(self.review_title)
        self.review_form: QFormLayout = form_layout()
        review_holder = QWidget()
        review_holder.setObjectName("returns-import-review")
        review_holder.setLayout(self.review_form)
        self.review_scroll = scrolling(review_holder, "returns-import-review-scroll")
        column.addWidget(self.review_scroll, 3)
        self.model = MatchedModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("Matched returns", self, name="returns-import-matched")
        self.table.use_model(self.proxy, MatchedModel.LINE)
        column.addWidget(self.table, 2)
        self.pages.addWidget(review_page)
        self.body.addWidget(self.pages, 1)

        self.busy = busy_bar("Working", name="returns-import-busy", width=140)
        self.body.addWidget(self.busy)
        self.columns_button = button("Columns…", "returns-import-columns", "Check the columns")
        self.columns_button.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        self.import_button = button("Import", "returns-import-import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.addButton(self.columns_button, self.buttons.ButtonRole.ActionRole)
        self.buttons.addButton(self.import_button, self.buttons.ButtonRole.ActionRole)
        self._update()

    @override
    def sizeHint(self) -> QSize:
        return QSize(980, 660).expandedTo(self.minimumSizeHint())

    def _locked(self) -> None:
        self.preview, self.data = None, b""
        self.model.clear()
        super().reject()

    @override
    def reject(self) -> None:
        if not self.busy_now:
            super().reject()

    def set_busy(self, busy: bool) -> None:
        self.busy_now = busy
        self.busy.setVisible(busy)
        self._update()

    def _update(self) -> None:
        preview = self.preview
        count = len(preview.matched) + len(self.choices()) if preview is not None else 0
        self.import_button.setEnabled(count > 0 and not self.busy_now)
        self.import_button.setText(f"Import {count}" if count else "Import")
        self.columns_button.setEnabled(preview is not None and not self.busy_now)
        self.choose_button.setEnabled(not self.busy_now)
        self.reread_button.setEnabled(preview is not None and not self.busy_now)

    # -- reading -----------------------------------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the returns file", str(pdf_output.default_folder()), CSV_FILTER
        )
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> None:
        if self.busy_now or not self.session.is_unlocked:
            return
        self.path, self.preview = path, None
        self.file_label.setText(path.name)
        self.file_error.clear()
        try:
            self.data = path.read_bytes()
        except OSError as exc:
            self.file_error.show_error(f"{path.name} cannot be read ({exc.strerror or type(exc).__name__}).")
            return
        self.read(None)

    def read(self, mapping: ConsentMapping | None) -> None:
        """Match the file's rows in the background (with the user's columns, when given)."""
        workspace, data = self.session.workspace, self.data
        year = self.year if mapping is None else (self.preview.academic_year if self.preview else self.year)
        self.set_busy(True)

        def work() -> ConsentPreview:
            from smgov.data.importers.consent_returns import preview

            return preview(workspace, data, mapping=mapping, academic_year=year)

        def failed(exc: BaseException) -> None:
            if self._closed:
                return
            self.set_busy(False)
            if isinstance(exc, SmgovError):
                self.file_error.show_error(str(exc))
            else:
                show_error(self, exc)

        operations.run_in_background(self, work, self.show_preview, failed)

    def show_preview(self, preview: ConsentPreview) -> None:
        if self._closed:
            return
        self.preview = preview
        self.set_busy(False)
        label = year_label(preview.academic_year)
        self.file_label.setText(f"{self.path.name if self.path else ''}: returns for {label}.")
        self._fill_columns(preview)
        self._fill_review(preview)
        self.model.set_rows(preview.matched)
        self.summary.setText(preview.summary()[:1].upper() + preview.summary()[1:] + ".")
        notes = list(preview.problems)
        if preview.refused:
            notes.append("Left out: " + "; ".join(f"line {r.line} ({r.name}): {r.reason}" for r in preview.refused))
        self.problems.setText("\n".join(notes))
        self.problems.setVisible(bool(notes))
        self.pages.setCurrentIndex(1 if preview.problems else 2)
        self._update()

    # -- the columns -------------------------------------------------------------------------------------------

    def _fill_columns(self, preview: ConsentPreview) -> None:
        while self.purpose_form.rowCount():
            self.purpose_form.removeRow(0)
        used = {header: name for name, header in preview.mapping.fields.items()}
        self.column_combos: dict[str, QComboBox] = {}
        for header in preview.headers:
            if header in used:
                self.purpose_form.addRow(header, QLabel(FIELD_LABELS.get(used[header], used[header])))
                continue
            combo = QComboBox()
            combo.setObjectName(f"returns-import-column-{len(self.column_combos)}")
            combo.setAccessibleName(f"Purpose of the column {header}")
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never changed by the mouse wheel
            combo.addItem("Not imported", "")
            for purpose in preview.purposes:
                combo.addItem(purpose.label, purpose.key)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.purposes.get(header, ""))))
            self.column_combos[header] = combo
            self.purpose_form.addRow(header, combo)
        self.columns_note.setText(
            "Which purpose each Yes/No column answers"
            + (" (as you chose last time)." if preview.remembered else ".")
            + " Change any that are wrong, then read the file again."
        )

    def reread(self) -> None:
        preview = self.preview
        if preview is None:
            return
        purposes = {header: str(c.currentData()) for header, c in self.column_combos.items() if c.currentData()}
        self.read(dataclasses.replace(preview.mapping, purposes=purposes))

    # -- the review --------------------------------------------------------------------------------------------

    def _fill_review(self, preview: ConsentPreview) -> None:
        while self.review_form.rowCount():
            self.review_form.removeRow(0)
        self.review_combos = {}
        rows: list[ReviewRow | UnmatchedRow] = [*preview.to_review, *preview.unmatched]
        for item in sorted(rows, key=lambda r: r.row.line):
            row = item.row
            candidates = item.candidates if isinstance(item, ReviewRow) else []
            where = f"{row.year_group} {row.class_name}".strip()
            text = QLabel(f"Line {row.line}: {row.name} ({where})\n{item.reason}")
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            if not candidates:
                self.review_form.addRow(text, QLabel("Not imported: no pupil on roll fits."))
                continue
            combo = QComboBox()
            combo.setObjectName(f"returns-import-choose-{row.line}")
            combo.setAccessibleName(f"The pupil for line {row.line}")
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never changed by the mouse wheel
            combo.addItem(LEAVE_OUT, None)  # never guessed: nothing is chosen until the user chooses
            for candidate in candidates:
                combo.addItem(candidate_text(candidate), candidate.pupil_id)
            combo.currentIndexChanged.connect(lambda _i: self._update())
            self.review_combos[row.line] = combo
            self.review_form.addRow(text, combo)
        count = len(rows)
        to_decide = len(self.review_combos)
        parts = []
        if to_decide:
            parts.append(
                f"{to_decide} row{'s' if to_decide != 1 else ''} to decide: choose the pupil, or leave the row out."
            )
        if count - to_decide:
            parts.append(f"{count - to_decide} not matched to anyone on roll: not imported.")
        self.review_title.setText(" ".join(parts) or "Every row matched one pupil.")
        self.review_scroll.setVisible(bool(count))

    def choices(self) -> dict[int, int]:
        """Line -> the pupil the user chose for it."""
        return {line: int(c.currentData()) for line, c in self.review_combos.items() if c.currentData() is not None}

    # -- importing ---------------------------------------------------------------------------------------------

    def run_import(self) -> None:
        preview = self.preview
        if preview is None or self.busy_now:
            return
        choices = self.choices()
        self.set_busy(True)

        def work(workspace: Workspace) -> ImportResult:
            from smgov.data.importers.consent_returns import import_returns

            return import_returns(workspace, preview, choices)

        def done(result: ImportResult) -> None:
            log.info("consent returns imported: %d", result.total)
            self.imported.emit(result)
            self.accept()
            msgbox.information(
                self.parentWidget(),
                "Returns imported",
                f"{_count(result.returns, 'return')} and {_count(result.amendments, 'amendment')} recorded "
                f"({result.chosen:,} matched by you).",
            ).setObjectName("returns-import-done")

        def refused(exc: ValidationError) -> bool:
            self.problems.setText(str(exc))
            self.problems.show()
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
