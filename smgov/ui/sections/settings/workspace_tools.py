"""The Workspace group of the settings page: the file, its passphrase and Emergency Kit, verify, backups and
remembering the key on this PC. These are actions that happen at once, not fields saved with the page."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smgov.data.areas import Change
from smgov.data.errors import SmgovError
from smgov.ui.frame import state
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, form_layout, hint_label, value_label
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class WorkspaceTools(QGroupBox):
    """The workspace file's own tools."""

    def __init__(self, session: AppSession) -> None:
        super().__init__("Workspace")
        self.setObjectName("settings-workspace")
        self.session = session
        session.changed.connect(self._on_changed)
        form = form_layout(self)
        form.setVerticalSpacing(10)

        self.path_label = value_label("settings-workspace-path", "Workspace file")
        form.addRow("File", self.path_label)

        self.passphrase_button = button("Change passphrase…", "settings-change-passphrase", "Change passphrase")
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.kit_button = button("Emergency Kit…", "settings-emergency-kit", "Emergency Kit")
        self.kit_button.clicked.connect(self.emergency_kit)
        self.verify_button = button("Verify workspace…", "settings-verify", "Verify workspace")
        self.verify_button.clicked.connect(self.verify)
        form.addRow("Security", _row(self.passphrase_button, self.kit_button, self.verify_button))

        self.backup_button = button("Back up now…", "settings-backup", "Back up now")
        self.backup_button.clicked.connect(self.backup)
        self.restore_button = button("Restore from backup…", "settings-restore", "Restore from backup")
        self.restore_button.clicked.connect(self.restore)
        form.addRow("Backups", _row(self.backup_button, self.restore_button))

        self.backup_dir_label = value_label("settings-backup-dir", "Automatic backup folder")
        self.backup_dir_button = button("Change…", "settings-backup-dir-change", "Change automatic backup folder")
        self.backup_dir_button.clicked.connect(self.choose_backup_dir)
        backup_dir = QVBoxLayout()
        backup_dir.setSpacing(4)
        dir_row = QHBoxLayout()
        dir_row.addWidget(self.backup_dir_label, 1)
        dir_row.addWidget(self.backup_dir_button, 0, Qt.AlignmentFlag.AlignTop)
        backup_dir.addLayout(dir_row)
        backup_dir.addWidget(hint_label("smgov saves a copy here each time it closes and keeps the latest ten."))
        form.addRow("Automatic backups", backup_dir)

        self.remember_label = QLabel("")
        self.remember_label.setObjectName("settings-remember-state")
        self.remember_label.setWordWrap(True)
        self.remember_button = button("Remember on this PC", "settings-remember")
        self.remember_button.clicked.connect(self.remember)
        self.forget_button = button("Forget on this PC", "settings-forget")
        self.forget_button.clicked.connect(self.forget)
        self.remember_reason = hint_label("", name="settings-remember-reason")
        remember = QVBoxLayout()
        remember.setSpacing(4)
        remember.addWidget(self.remember_label)
        remember.addLayout(_row(self.remember_button, self.forget_button))
        remember.addWidget(self.remember_reason)
        remember.addWidget(
            hint_label(
                "On Windows the key is kept in Credential Manager for your Windows account on this PC only: it "
                "does not roam to other computers with a school network profile, where smgov asks for the "
                "passphrase."
            )
        )
        form.addRow("This PC", remember)

    def show_workspace(self) -> None:
        """Fill the group from the open workspace."""
        from smgov.data import keystore

        workspace = self.session.workspace
        self.path_label.setText(str(workspace.path))
        self.backup_dir_label.setText(str(state.backup_dir()))
        self._show_remembered(keystore.is_remembered(workspace.path), keystore.refusal_reason())

    def clear(self) -> None:
        for label in (self.path_label, self.backup_dir_label, self.remember_label, self.remember_reason):
            label.clear()

    # -- actions -----------------------------------------------------------------------------------------------

    def change_passphrase(self) -> None:
        """File > Change passphrase (the main window's one path); the dialog itself where there is no such window."""
        from smgov.ui.shell.passphrase import ChangePassphraseDialog

        window_change = self.window().findChild(QAction, "action-change-passphrase")
        if window_change is not None:
            window_change.trigger()  # the window announces the change; _on_changed shows the new remembered state
            return
        dialog = ChangePassphraseDialog(self, self.session.workspace)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.refresh_remembered())
        dialog.passphraseChanged.connect(lambda: self.session.changed.emit(Change.SETTINGS.value))
        dialog.open()

    def emergency_kit(self) -> None:
        from smgov.ui.frame.pdf_output import offer_emergency_kit

        dialog = offer_emergency_kit(self, self.session.workspace)
        dialog.kitDone.connect(lambda *_args: self.session.changed.emit(Change.SETTINGS.value))

    def backup(self) -> None:
        from smgov.ui.shell.workspace_dialogs import backup_now

        backup_now(self, self.session)

    def restore(self) -> None:
        from smgov.ui.shell.workspace_dialogs import RestoreDialog

        window_restore = self.window().findChild(QAction, "action-restore")
        if window_restore is not None:
            window_restore.trigger()  # File > Restore: the main window also reopens the restored file
            return
        dialog = RestoreDialog(self, self.session)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def verify(self) -> None:
        from smgov.ui.shell.workspace_dialogs import verify_now

        verify_now(self, self.session)

    def choose_backup_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for automatic backups", str(state.backup_dir()))
        if folder:
            state.set_backup_dir(Path(folder))
            self.backup_dir_label.setText(str(state.backup_dir()))

    def remember(self) -> None:
        from smgov.data import keystore

        workspace = self.session.workspace
        try:
            keystore.remember(workspace.path, workspace.key)
        except SmgovError as exc:  # refused (an insecure store) or the store failed: both explained
            show_error(self, exc)
        self.refresh_remembered()

    def forget(self) -> None:
        from smgov.data import keystore

        try:
            keystore.forget(self.session.workspace.path)
        except SmgovError as exc:
            show_error(self, exc)
        self.refresh_remembered()

    def _on_changed(self, area: str) -> None:
        if area == Change.SETTINGS.value:
            self.refresh_remembered()  # a new passphrase may have changed (or dropped) the key remembered here

    def refresh_remembered(self) -> None:
        if not self.session.is_unlocked:
            return
        from smgov.data import keystore

        self._show_remembered(keystore.is_remembered(self.session.workspace.path), keystore.refusal_reason())

    def _show_remembered(self, remembered: bool, refusal: str | None) -> None:
        if remembered:
            self.remember_label.setText(
                "Remembered: smgov opens this workspace on this PC without asking for the passphrase."
            )
        else:
            self.remember_label.setText("Not remembered: smgov asks for the passphrase each time.")
        self.forget_button.setEnabled(remembered)
        self.remember_button.setEnabled(not remembered and refusal is None)
        self.remember_button.setVisible(not remembered)
        self.forget_button.setVisible(remembered)
        self.remember_reason.setText(refusal or "")
        self.remember_reason.setVisible(bool(refusal) and not remembered)
        if refusal:
            self.remember_button.setToolTip(refusal)
