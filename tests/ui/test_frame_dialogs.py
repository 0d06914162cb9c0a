"""The Dialog base: it opens at the size its contents ask for, within the screen, and grows when a message appears
so its buttons stay in view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.widgets import FieldError


def test_a_message_under_a_field_grows_the_dialog_and_keeps_its_buttons_in_view(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    dialog = Dialog(window, "Unlock", name="test-dialog", intro="Enter the passphrase.")
    field = QLineEdit()
    error = FieldError(for_widget=field, name="test-error")
    dialog.form.addRow("Passphrase", field)
    dialog.form.addRow("", error)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    before = dialog.height()
    error.show_error(" ".join(["That passphrase does not open this workspace."] * 12))
    qtbot.waitUntil(lambda: dialog.height() > before)
    ok = dialog.ok_button
    assert ok is not None
    bottom = ok.mapTo(dialog, ok.rect().bottomLeft()).y()
    assert bottom <= dialog.height()
    assert QGuiApplication.primaryScreen().availableGeometry().contains(dialog.frameGeometry())
    dialog.reject()


def test_the_unlock_dialog_grows_when_it_says_the_passphrase_is_wrong(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QPushButton

    from smgov.ui.shell.unlock import UnlockDialog

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    file = tmp_path / "school.smgov"
    file.write_bytes(b"x" * 4096)
    dialog = UnlockDialog(window, file)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    [error] = [e for e in dialog.findChildren(FieldError) if e.objectName() == "passphrase-error"]
    error.show_error("That passphrase does not open this workspace. " * 3)
    unlock = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Unlock")
    qtbot.waitUntil(lambda: unlock.mapTo(dialog, unlock.rect().bottomLeft()).y() <= dialog.height())
    dialog.reject()
