"""Importing passwords from a KeePassXC or Bitwarden CSV export, in steps: choose the file, check the preview, import.

Each login is matched to an account by its web address or title; the user chooses the account for any the importer
could not match (or leaves it out). Reading the file runs in the background; the import is one write through
run_write. The CSV holds every password in plain text, so afterwards the user is told, prominently, to delete it:
smgov never deletes the user's file itself, but offers to show it in its folder.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QHideEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError, WorkspaceLocked
from smgov.data.importers.credentials import DELETE_REMINDER, CredentialImportRow, MatchStatus, left_out_text
from smgov.data.services.accounts import AccountRow
from smgov.ui.frame import operations, pdf_output
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button
from smgov.ui.frame.tables import FilterProxy, TableView
from smgov.ui.frame.widgets import FieldError, heading_label, plain_label
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.vault.import_preview import (
    AccountChoiceDelegate,
    ImportPreviewModel,
    forget_secret,
    will_import,
)

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

CSV_FILTER = "CSV export (*.csv);;All files (*)"
Buttons = QDialogButtonBox.StandardButton


class CredentialImportDialog(Dialog):
    """Import logins from a password manager's CSV export, with a preview, then the reminder to delete the file."""

    PREVIEW, DONE = range(2)

    def __init__(self, parent: QWidget | None, session: AppSession) -> None:
        super().__init__(
            parent,
            "Import passwords from KeePassXC or Bitwarden",
            name="credential-import-dialog",
            intro="Export the passwords as a CSV file first: in KeePassXC choose Database, Export, CSV file; in "
            "Bitwarden choose Tools, Export vault, .csv. smgov matches each login to an account in the register "
            "by its web address or title. Choose the account for any it could not match, or leave them out.",
            buttons=Buttons.Cancel | Buttons.Close,
            min_width=900,
        )
        self.title_label.setObjectName("import-heading")
        self.intro.setObjectName("import-intro")
        self.session = session
        self.path: Path | None = None
        self.imported = 0
        self._busy = False
        self._generation = 0
        self.model = ImportPreviewModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_preview_page())
        self.pages.addWidget(self._build_done_page())
        self.body.addWidget(self.pages, 1)

        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import-run")
        self.import_button.setAccessibleName("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.run_import)
        cancel, close = self.buttons.button(Buttons.Cancel), self.buttons.button(Buttons.Close)
        assert cancel is not None and close is not None
        cancel.setObjectName("import-cancel")
        close.setObjectName("import-close")
        close.setVisible(False)
        self.close_button = close
        session.locked.connect(self.reject)

    # -- building ----------------------------------------------------------------------------------------------

    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.file_field = QLineEdit()
        self.file_field.setObjectName("import-file")
        self.file_field.setAccessibleName("CSV file")
        self.file_field.setReadOnly(True)
        self.file_field.setPlaceholderText("No file chosen yet")
        self.choose_button = button("&Choose file…", "import-choose")
        self.choose_button.setDefault(True)
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        caption = QLabel("&File")
        caption.setBuddy(self.file_field)
        file_row.addWidget(caption)
        file_row.addWidget(self.file_field, 1)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)
        self.file_error = FieldError(for_widget=self.file_field, name="import-file-error")
        layout.addWidget(self.file_error)

        self.table = TableView("Logins in the file", self, name="import-table")
        self.table.use_model(self.proxy)
        self.table.setSortingEnabled(False)
        self.table.setEditTriggers(
            self.table.EditTrigger.CurrentChanged
            | self.table.EditTrigger.SelectedClicked
            | self.table.EditTrigger.DoubleClicked
        )
        combo_height = QComboBox().sizeHint().height()
        self.table.verticalHeader().setDefaultSectionSize(max(self.table.fontMetrics().height() + 10, combo_height + 4))
        self.table.setMinimumHeight(240)
        layout.addWidget(self.table, 1)
        self.summary = plain_label("", name="import-summary")
        layout.addWidget(self.summary)
        self.model.dataChanged.connect(lambda *_args: self._update_summary())
        return page

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.done_heading = heading_label("Passwords imported", name="import-done-heading")
        layout.addWidget(self.done_heading)
        self.done_text = plain_label("", name="import-done-text")
        layout.addWidget(self.done_text)

        frame = QFrame()
        frame.setObjectName("import-delete-reminder-frame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setAutoFillBackground(True)
        frame.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        row = QHBoxLayout(frame)
        row.setContentsMargins(16, 14, 16, 14)
        row.setSpacing(14)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text_column = QVBoxLayout()
        self.reminder = plain_label(DELETE_REMINDER, name="import-delete-reminder")
        self.reminder.setAccessibleName(DELETE_REMINDER)
        font = QFont(self.reminder.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.reminder.setFont(font)
        text_column.addWidget(self.reminder)
        self.file_note = plain_label("", name="import-file-note")
        text_column.addWidget(self.file_note)
        self.show_folder_button = button("&Show the file in its folder", "import-show-folder")
        self.show_folder_button.clicked.connect(self.show_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.show_folder_button)
        folder_row.addStretch(1)
        text_column.addLayout(folder_row)
        row.addLayout(text_column, 1)
        layout.addWidget(frame)
        layout.addStretch(1)
        return page

    # -- step 1 and 2: the file, and its preview ---------------------------------------------------------------

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the CSV export", str(pdf_output.default_folder()), CSV_FILTER
        )
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> None:
        """Read ``path`` and match its logins to accounts in the background (a read), then show the preview."""
        if self._busy or not self.session.is_unlocked:
            return
        self.path = chosen = Path(path)
        self.file_field.setText(str(chosen))
        self.file_error.clear()
        self._forget_rows()
        self._set_busy(True, "Reading the file…")
        workspace = self.session.workspace
        self._generation += 1
        generation = self._generation

        def work() -> tuple[list[CredentialImportRow], list[AccountRow]]:
            from smgov.data.importers import credentials
            from smgov.data.services import accounts

            data = chosen.read_bytes()
            try:
                return credentials.preview(workspace, data), accounts.list_accounts(workspace)
            finally:
                del data

        operations.run_in_background(
            self, work, lambda result: self._previewed(generation, *result), lambda exc: self._failed(generation, exc)
        )

    def _previewed(self, generation: int, rows: list[CredentialImportRow], accounts: list[AccountRow]) -> None:
        if generation != self._generation or not self.session.is_unlocked:
            for row in rows:
                forget_secret(row)
            return
        self._set_busy(False)
        log.info("credential import preview: %d rows", len(rows))
        self.model.account_names = {a.id: f"{a.display_name} \u2014 {a.platform.label}" for a in accounts}
        self.table.setItemDelegateForColumn(ImportPreviewModel.ACCOUNT, AccountChoiceDelegate(accounts, self.table))
        self.model.set_rows(rows)
        for proxy_row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
            if self.model.is_choosable(source):
                self.table.openPersistentEditor(self.proxy.index(proxy_row, ImportPreviewModel.ACCOUNT))
        if not rows:
            self.file_error.show_error("There are no logins in this file to import.")
        self._update_summary()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        if isinstance(exc, WorkspaceLocked):
            return
        if isinstance(exc, ValidationError):
            self.file_error.show_error(str(exc))
        elif isinstance(exc, OSError):
            self.file_error.show_error("smgov could not read that file. Check it is not open in another program.")
        else:
            show_error(self, exc)
        self._update_summary()

    def _update_summary(self) -> None:
        rows = self.model.rows()
        if not rows:
            self.summary.setText("")
            self.import_button.setEnabled(False)
            self.import_button.setText("&Import")
            return
        matched = sum(1 for r in rows if r.status is MatchStatus.MATCHED and r.will_import)
        chosen = sum(1 for r in rows if r.status is MatchStatus.NO_MATCH and r.will_import)
        count = sum(1 for r in rows if will_import(r))
        parts = [f"{len(rows)} login{'s' if len(rows) != 1 else ''} in the file", f"{matched} matched"]
        if chosen:
            parts.append(f"{chosen} chosen by you")
        left_out = left_out_text(rows)
        if left_out:
            parts.append(left_out)
        text = ", ".join(parts) + "."
        if any(r.is_duplicate for r in rows):
            text += (
                " Where several logins go to one account, none of them is imported: choose Leave it out for all but"
                " the one to keep."
            )
        self.summary.setText(text)
        self.import_button.setText(f"&Import {count} password{'s' if count != 1 else ''}")
        self.import_button.setAccessibleName(f"Import {count} passwords")
        self.import_button.setEnabled(count > 0 and not self._busy)

    # -- step 3: importing -------------------------------------------------------------------------------------

    def run_import(self) -> bool:
        """Import the chosen logins in one write, in the background; True when it started."""
        if self._busy or not any(will_import(row) for row in self.model.rows()):
            return False
        all_rows = self.model.rows()
        self._generation += 1
        generation = self._generation

        def work(workspace: Workspace) -> int:
            from smgov.data.importers import credentials

            return credentials.import_credentials(workspace, all_rows)

        def refused(exc: ValidationError) -> bool:
            self.summary.setText(f"Nothing was imported. {exc}")
            return True

        self._set_busy(True, "Importing…")
        started = run_write(
            self,
            self.session,
            work,
            lambda count: self._imported(generation, count),
            changes=(Change.VAULT,),
            on_refused=refused,
            on_finished=lambda: self._set_busy(False),
        )
        if not started:
            self._set_busy(False)
        return started

    def _imported(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return  # the dialog was closed meanwhile (the workspace locked)
        self.imported = count
        log.info("credentials imported: %d", count)
        self._forget_rows()
        self.done_text.setText(
            "1 password was added to the vault, on its account."
            if count == 1
            else f"{count} passwords were added to the vault, each on its account."
        )
        name = self.path.name if self.path is not None else "the CSV file"
        folder = str(self.path.parent) if self.path is not None else ""
        self.file_note.setText(f"The file is {name}, in {folder}." if folder else "")
        self.intro.setVisible(False)
        self.pages.setCurrentIndex(self.DONE)
        self.import_button.setVisible(False)
        cancel = self.buttons.button(Buttons.Cancel)
        if cancel is not None:
            cancel.setVisible(False)
        self.close_button.setVisible(True)
        self.show_folder_button.setFocus()

    def show_folder(self) -> None:
        """Open the folder holding the CSV in the file manager, so the user can delete it there."""
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    # -- housekeeping ------------------------------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.choose_button.setEnabled(not busy)
        self.table.setEnabled(not busy)
        self.import_button.setEnabled(not busy and any(will_import(r) for r in self.model.rows()))
        if busy:
            self.summary.setText(text)

    def _forget_rows(self) -> None:
        """Drop the preview, and the plaintext it carries, from memory."""
        for row in self.model.rows():
            forget_secret(row)
        self.model.clear()

    @override
    def reject(self) -> None:
        if self._busy and self.session.is_unlocked:
            return  # the file is being read or the import saved: it takes a moment and must not be cut off
        super().reject()

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        self._generation += 1
        if not self._busy:
            self._forget_rows()
        super().hideEvent(event)
