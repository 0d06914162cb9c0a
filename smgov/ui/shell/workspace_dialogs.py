"""Looking after the workspace file: back up now, restore from a backup, and verify."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov import paths
from smgov.data import backup, crypto, verify
from smgov.data.areas import Change
from smgov.data.errors import NotAWorkspace, SmgovError, ValidationError, WorkspaceLocked, WrongPassphrase
from smgov.data.workspace import SUFFIX, Workspace, read_salt
from smgov.ui.frame import msgbox, state
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import accept_cancel, button
from smgov.ui.frame.operations import run_in_background
from smgov.ui.frame.screen import keep_on_screen, scrolling
from smgov.ui.frame.secret_entry import BusyRow, SecretEntry
from smgov.ui.frame.widgets import BusyDialog, FieldError, heading_label, plain_label
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

WORKSPACE_FILTER = f"smgov workspace (*{SUFFIX})"
_last_backup_folder: Path | None = None


def _uk_time(value: dt.datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M")


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def _workspace(parent: QWidget | None, session: AppSession) -> Workspace | None:
    try:
        return session.workspace
    except WorkspaceLocked as exc:
        show_error(parent, exc)
        return None


# -- back up now ---------------------------------------------------------------------------------------------------


def suggested_backup_name(workspace_path: Path, today: dt.date | None = None) -> str:
    return f"{workspace_path.stem}-backup-{(today or dt.date.today()):%Y-%m-%d}{SUFFIX}"


def backup_now(parent: QWidget | None, session: AppSession) -> BusyDialog | None:
    """Ask where to save a backup, then save it in the background. Returns the busy box shown meanwhile."""
    global _last_backup_folder
    workspace = _workspace(parent, session)
    if workspace is None:
        return None
    folder = _last_backup_folder if _last_backup_folder and _last_backup_folder.is_dir() else None
    start = (folder or paths.default_workspace_dir()) / suggested_backup_name(workspace.path)
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Back up the workspace", str(start), WORKSPACE_FILTER)
    if not chosen:
        return None
    dest = Path(chosen)
    if dest.suffix.lower() != SUFFIX:
        dest = dest.with_name(dest.name + SUFFIX)
    busy = BusyDialog(parent, "Backing up", f"Saving a copy of {workspace.path.name} as {dest.name}…")
    busy.show()

    def saved(where: Path) -> None:
        global _last_backup_folder
        busy.finish()
        _last_backup_folder = where.parent
        log.info("backup saved on request")
        session.changed.emit(Change.SETTINGS.value)
        msgbox.information(
            parent,
            "Backup saved",
            f"The backup is saved as {where.name} in {where.parent}.\n\n"
            "The same passphrase and recovery key open it. Keep it somewhere away from this PC, such as a "
            "USB stick kept in the school safe.",
        )

    def failed(exc: BaseException) -> None:
        busy.finish()
        show_error(parent, exc, "Backup not saved")

    run_in_background(parent, lambda: backup.backup_to(workspace, dest), saved, failed)
    return busy


# -- verify --------------------------------------------------------------------------------------------------------


def verify_message(file_name: str, report: verify.VerifyReport) -> tuple[str, str | None]:
    """The text of the verify report for the user: what was checked, a line a kind of problem, and every problem in
    the details."""
    checked = "\n".join(f"• {item}" for item in report.checked) or "• nothing could be checked"
    if report.ok:
        return f"{file_name} passed every check.\n\nChecked:\n{checked}", None
    problems = "\n".join(f"• {line}" for line in report.problems)
    count = len(report.findings)
    text = (
        f"{file_name} has {count} problem{'s' if count != 1 else ''}:\n{problems}\n\nChecked:\n{checked}\n\n"
        "Do not delete anything. Restore the workspace from a backup made before the problem started "
        "(Settings, Restore from backup), or ask whoever supports smgov for you. Show Details lists every problem."
    )
    return text, "\n".join(report.details())


def verify_now(parent: QWidget | None, session: AppSession) -> BusyDialog | None:
    """Check the workspace (encryption, structure, audit log, records, saved passwords, screenshots and the anchors
    kept outside it) and show what was found."""
    workspace = _workspace(parent, session)
    if workspace is None:
        return None
    busy = BusyDialog(parent, "Verifying", f"Checking {workspace.path.name}. This can take a minute on a large file…")
    busy.show()
    name = workspace.path.name

    def checked(report: verify.VerifyReport) -> None:
        busy.finish()
        log.info("verify finished: %d problems", len(report.findings))
        text, details = verify_message(name, report)
        icon = QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning
        msgbox.msgbox(parent, "Verify workspace", text, icon, details=details)

    def failed(exc: BaseException) -> None:
        busy.finish()
        show_error(parent, exc, "Verify workspace")

    folders = [state.backup_dir()]
    run_in_background(parent, lambda: verify.verify(workspace, backup_folders=folders), checked, failed)
    return busy


# -- restore -------------------------------------------------------------------------------------------------------


class RestoreDialog(QDialog):
    """Replace the workspace with a backup. The replaced file is kept beside it as a "-replaced-" copy.

    The workspace is locked before anything is replaced. When the restore is done the dialog reports it and offers
    to open the restored workspace.

    Signals:
        restored(object): the user chose to open the restored workspace (its Path); unlock it as usual.
    """

    restored = Signal(object)

    def __init__(self, parent: QWidget | None, session: AppSession | None, target: Path | None = None) -> None:
        super().__init__(parent)
        if target is None:
            if session is None or not session.is_unlocked:
                raise ValueError("RestoreDialog needs the workspace path when no workspace is open")
            target = session.workspace.path
        self.setObjectName("restore-dialog")
        self.setWindowTitle("Restore from backup - smgov")
        self.session = session
        self.target = Path(target)
        self.result_info: backup.RestoreResult | None = None
        self._busy = False
        self._descriptions: dict[str, str] = {}
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_done())
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(self.pages, "restore-scroll"))  # scrolls inside when the screen is short
        self._load_backups()
        self.resize(640, 500)
        keep_on_screen(self)

    # -- layout --------------------------------------------------------------------------------------------------

    def _build_form(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading_label("Restore from a backup"))
        self.intro = plain_label(
            f"This replaces {self.target.name} with the backup you choose. Nothing is lost: the file it replaces "
            f"is kept beside it as \u201c{self.target.stem}-replaced-(date and time){SUFFIX}\u201d.\n"
            "smgov locks the workspace first; anything not yet saved is lost."
        )
        outer.addWidget(self.intro)
        list_label = QLabel("&Backups")
        outer.addWidget(list_label)
        self.backup_list = QListWidget()
        self.backup_list.setObjectName("backup-list")
        self.backup_list.setAccessibleName("Backups to restore from")
        self.backup_list.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        list_label.setBuddy(self.backup_list)
        self.backup_list.setMinimumHeight(120)
        self.backup_list.setMaximumHeight(220)
        outer.addWidget(self.backup_list)
        row = QHBoxLayout()
        self.folder_note = plain_label("", name="backup-folder-note")
        self.folder_note.setEnabled(False)
        row.addWidget(self.folder_note, 1)
        self.choose_button = button("Choose file…", "choose-backup", "Choose a backup file")
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(row)
        self.list_error = FieldError(for_widget=self.backup_list, name="backup-error")
        self.backup_list.currentItemChanged.connect(lambda _c, _p: self.list_error.clear())
        outer.addWidget(self.list_error)

        self.secret = SecretEntry(prefix="backup-", what="of the backup")
        self.secret_label = self.secret.label
        self.passphrase = self.secret.passphrase
        self.recovery_key = self.secret.recovery_key
        self.mode_button = self.secret.mode_button
        outer.addWidget(self.secret_label)
        outer.addWidget(self.secret)
        outer.addWidget(self.mode_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(plain_label("A backup opens with the passphrase the workspace had when the backup was made."))

        self.busy_row = BusyRow("Checking the backup and putting it in place…", "Restoring", name="restore-busy")
        outer.addWidget(self.busy_row)
        self.restore_error = FieldError(name="restore-error")
        outer.addWidget(self.restore_error)
        outer.addStretch(1)

        self.form_buttons, self.restore_button, self.cancel_button = accept_cancel(
            "&Restore", "restore", self.restore, self.reject
        )
        outer.addWidget(self.form_buttons)
        return page

    def _build_done(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading_label("The backup is restored"))
        self.report = plain_label("", name="restore-report")
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.report)
        outer.addStretch(1)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("&Open the restored workspace", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("open-restored")
        self.open_button.setAccessibleName("Open the restored workspace")
        self.open_button.setDefault(True)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("close")
        self.close_button.setAccessibleName("Close")
        buttons.accepted.connect(self._open_restored)
        buttons.rejected.connect(self.accept)
        outer.addWidget(buttons)
        return page

    # -- choosing ------------------------------------------------------------------------------------------------

    def _load_backups(self) -> None:
        folder = state.backup_dir()
        found = backup.list_backups(folder, self.target)
        for info in found:
            when = _uk_time(info.made_at)
            item = QListWidgetItem(f"{when}   automatic backup   {_size(info.size)}")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(str(info.path))
            self._descriptions[str(info.path)] = f"the automatic backup from {when}"
            self.backup_list.addItem(item)
        if found:
            self.backup_list.setCurrentRow(0)
            self.folder_note.setText(f"Automatic backups in {folder}")
        else:
            self.folder_note.setText(
                f"There are no automatic backups of {self.target.name} in {folder}. Choose a backup file instead."
            )

    def add_backup_file(self, path: Path) -> None:
        """List a backup file the user chose, at the top, selected."""
        path = Path(path)
        for row in range(self.backup_list.count()):
            if self.backup_list.item(row).data(Qt.ItemDataRole.UserRole) == str(path):
                self.backup_list.setCurrentRow(row)
                return
        try:
            modified = _uk_time(dt.datetime.fromtimestamp(path.stat().st_mtime))
        except OSError:
            modified = "?"
        item = QListWidgetItem(f"{path.name}   (saved {modified})")
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self._descriptions[str(path)] = f"the backup {path.name}"
        self.backup_list.insertItem(0, item)
        self.backup_list.setCurrentRow(0)
        try:
            read_salt(path)
        except NotAWorkspace as exc:
            self.list_error.show_error(str(exc))

    def choose_file(self) -> None:
        start = self.target.parent if self.target.parent.is_dir() else paths.default_workspace_dir()
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the backup to restore", str(start), f"{WORKSPACE_FILTER};;All files (*)"
        )
        if chosen:
            self.add_backup_file(Path(chosen))

    @property
    def selected_backup(self) -> Path | None:
        item = self.backup_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    @property
    def in_recovery_mode(self) -> bool:
        return self.secret.in_recovery_mode

    @property
    def secret_error(self) -> FieldError:
        """The error under the passphrase or recovery key, whichever is in use."""
        return self.secret.error

    def set_recovery_mode(self, recovery: bool) -> None:
        self.secret.set_recovery_mode(recovery)

    # -- restoring -----------------------------------------------------------------------------------------------

    def restore(self) -> None:
        if self._busy:
            return
        self.restore_error.clear()
        chosen = self.selected_backup
        if chosen is None:
            self.list_error.show_error("Choose the backup to restore (or \u201cChoose file…\u201d).")
            self.backup_list.setFocus()
            return
        passphrase: str | None = None
        key: bytes | None = None
        if self.in_recovery_mode:
            try:
                key = crypto.parse_recovery_key(self.recovery_key.text())
            except ValidationError as exc:
                self.secret_error.show_error(str(exc))
                self.recovery_key.setFocus()
                return
        else:
            passphrase = self.passphrase.text()
            if not passphrase:
                self.secret_error.show_error("Enter the passphrase the backup opens with.")
                self.passphrase.setFocus()
                return
        self._lock_target()
        self._set_busy(True)
        target = self.target
        run_in_background(
            self,
            lambda: backup.restore(chosen, target, passphrase=passphrase, key=key),
            lambda result: self._restored(chosen, result),
            self._failed,
        )

    def _lock_target(self) -> None:
        """The file is about to be replaced: close it first (restore refuses an open workspace)."""
        session = self.session
        if session is None or not session.is_unlocked:
            return
        if session.workspace.path.resolve() == self.target.resolve():
            log.info("locking the workspace before a restore")
            session.lock()

    def _restored(self, chosen: Path, result: backup.RestoreResult) -> None:
        self._set_busy(False)
        self.result_info = result
        log.info("workspace restored from a backup")
        what = self._descriptions.get(str(chosen), f"the backup {chosen.name}")
        text = f"{result.restored_to.name} now holds {what}."
        if result.replaced_copy is not None:
            text += (
                f"\n\nThe file it replaced is kept as {result.replaced_copy.name} in {result.replaced_copy.parent}. "
                "Delete it once you are sure the restored workspace is right."
            )
        text += "\n\nOpen the restored workspace with the passphrase the backup was made with."
        self.report.setText(text)
        self.secret.clear()
        self.pages.setCurrentIndex(1)
        self.open_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self.secret_error.show_error(
                "That does not open the backup. A backup opens with the passphrase (or recovery key) the workspace "
                "had when it was made."
            )
            self.secret.field.setFocus()
            if not self.in_recovery_mode:
                self.passphrase.selectAll()
        elif isinstance(exc, NotAWorkspace):
            self.list_error.show_error(str(exc))
        elif isinstance(exc, SmgovError):
            self.restore_error.show_error(f"Nothing was replaced. {exc}")
        else:
            show_error(self, exc)

    def _open_restored(self) -> None:
        self.restored.emit(self.target)
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_row.setVisible(busy)
        self.secret.set_busy(busy)
        for widget in (self.backup_list, self.choose_button, self.restore_button, self.cancel_button):
            widget.setEnabled(not busy)

    @override
    def reject(self) -> None:
        if self._busy:
            return  # the file is being replaced: stopping half way is what the copy-then-rename avoids anyway
        super().reject()
