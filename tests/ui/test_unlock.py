"""The unlock screen, driven as a user would: type, click, wait."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from smgov.data import keys, keystore
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations, state
from smgov.ui.shell.unlock import UnlockDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def unlock_native_settings(isolated_home: Path) -> None:
    # state.py uses QSettings' native format, which on Linux has its own path from the INI one.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(isolated_home / "qsettings"))


@pytest.fixture
def closed_workspace(workspace_factory: Callable[..., Workspace]) -> Iterator[tuple[Path, str]]:
    """A workspace file that is not open, and its recovery key."""
    workspace = workspace_factory("Spixworth.smgov")
    path, recovery = workspace.path, workspace.recovery_key
    workspace.close()
    yield path, recovery


@pytest.fixture
def open_dialogs() -> Iterator[list[UnlockDialog]]:
    dialogs: list[UnlockDialog] = []
    yield dialogs
    operations.wait_for_background()
    for dialog in dialogs:
        if dialog.workspace is not None:
            dialog.workspace.close()


def make_dialog(qtbot: QtBot, path: Path | None, dialogs: list[UnlockDialog]) -> UnlockDialog:
    dialog = UnlockDialog(None, path)
    qtbot.addWidget(dialog)
    dialogs.append(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_and_unlock(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase.line_edit, passphrase)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def test_the_right_passphrase_opens_the_workspace(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    path, _recovery = closed_workspace
    dialog = make_dialog(qtbot, path, open_dialogs)
    assert dialog.file_combo.currentText() == "Spixworth.smgov"

    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)

    assert dialog.workspace is not None and dialog.workspace.is_open
    assert dialog.workspace.path == path
    assert state.recent_workspaces()[0] == path.resolve()
    assert not keystore.is_remembered(path)


def test_enter_in_the_passphrase_field_unlocks(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)
    qtbot.keyClicks(dialog.passphrase.line_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.passphrase.line_edit, Qt.Key.Key_Return)
    assert dialog.workspace is not None


def test_a_wrong_passphrase_is_told_next_to_the_field_and_the_dialog_stays(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)

    type_and_unlock(qtbot, dialog, "battery horse staple correct")
    qtbot.waitUntil(lambda: bool(dialog.passphrase_error.message), timeout=20_000)

    assert "does not open Spixworth.smgov" in dialog.passphrase_error.message
    assert dialog.passphrase_error.isVisible()
    assert dialog.isVisible() and dialog.workspace is None
    assert dialog.passphrase.line_edit.selectedText() == "battery horse staple correct"
    assert dialog.focusWidget() is dialog.passphrase.line_edit
    assert not dialog.file_error.message
    # Typing again clears the message.
    qtbot.keyClicks(dialog.passphrase.line_edit, "x")
    assert not dialog.passphrase_error.isVisible()


def test_an_empty_passphrase_is_refused_without_counting_a_try(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)

    assert dialog.passphrase_error.message == "Enter the passphrase."
    assert dialog.throttle is not None and dialog.throttle.failures == 0
    assert not dialog.busy_row.isVisible()


def test_three_wrong_passphrases_make_the_user_wait_with_a_countdown(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    path = closed_workspace[0]
    dialog = make_dialog(qtbot, path, open_dialogs)
    for attempt in range(1, 4):
        type_and_unlock(qtbot, dialog, f"wrong guess number {attempt}")
        qtbot.waitUntil(lambda attempt=attempt: dialog.throttle.failures == attempt, timeout=20_000)
        qtbot.waitUntil(lambda: not dialog.busy_row.isVisible())
        if attempt < 3:
            assert dialog.unlock_button.isEnabled()

    assert not dialog.unlock_button.isEnabled()
    assert dialog.unlock_button.text() in ("Try again in 2 s", "Try again in 1 s")
    # The wait is kept per file, so a new window does not reset it.
    again = make_dialog(qtbot, path, open_dialogs)
    assert not again.unlock_button.isEnabled()
    assert keys.throttle_for(path, again.throttle.state_file.parent).failures == 3

    # Move the clock on (through the throttle, not by sleeping): the button comes back by itself.
    dialog.throttle.last_failure -= 60
    qtbot.waitUntil(dialog.unlock_button.isEnabled, timeout=5_000)
    assert dialog.unlock_button.text() == "&Unlock"

    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert keys.throttle_for(path, dialog.throttle.state_file.parent).failures == 0


def test_a_file_that_is_not_a_workspace_is_told_beside_the_file_chooser(
    qtbot: QtBot,
    tmp_path: Path,
    closed_workspace: tuple[Path, str],
    open_dialogs: list[UnlockDialog],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = tmp_path / "register.smgov"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE pupils (name TEXT)")
    conn.close()
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(plain), ""))

    qtbot.mouseClick(dialog.open_other, Qt.MouseButton.LeftButton)

    assert dialog.path == plain
    assert "unencrypted SQLite database, not an smgov workspace" in dialog.file_error.message
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    qtbot.waitUntil(lambda: not dialog.busy_row.isVisible(), timeout=20_000)
    assert "not an smgov workspace" in dialog.file_error.message
    assert not dialog.passphrase_error.message
    assert dialog.isVisible() and dialog.workspace is None


def test_a_workspace_open_elsewhere_is_told_beside_the_file_chooser(
    qtbot: QtBot, workspace_factory: Callable[..., Workspace], open_dialogs: list[UnlockDialog]
) -> None:
    workspace = workspace_factory("InUse.smgov")  # stays open: its lock is held
    dialog = make_dialog(qtbot, workspace.path, open_dialogs)
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    qtbot.waitUntil(lambda: bool(dialog.file_error.message), timeout=20_000)
    assert dialog.workspace is None
    assert not dialog.passphrase_error.message


def test_remember_is_refused_with_the_reason_on_an_insecure_store(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)

    assert not dialog.remember.isEnabled()
    reason = keystore.refusal_reason()
    assert reason and "not secure" in reason
    assert dialog.remember.toolTip() == reason
    assert dialog.remember_note.isVisible() and dialog.remember_note.text() == reason

    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert not dialog.remember.isEnabled()  # still refused after the busy spell


def test_remembered_key_opens_without_the_passphrase(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    path = closed_workspace[0]
    first = make_dialog(qtbot, path, open_dialogs)
    first.remember.setChecked(True)
    with qtbot.waitSignal(first.accepted, timeout=20_000):
        type_and_unlock(qtbot, first, PASSPHRASE)
    assert first.workspace is not None
    assert keystore.recall(path) == first.workspace.key
    first.workspace.close()

    second = UnlockDialog(None, path)
    qtbot.addWidget(second)
    open_dialogs.append(second)
    assert second.remember.isChecked()
    with qtbot.waitSignal(second.accepted, timeout=20_000):
        second.show()
    assert second.workspace is not None and second.workspace.is_open
    assert second.passphrase.text() == ""


def test_a_remembered_key_that_no_longer_works_asks_for_the_passphrase(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    path = closed_workspace[0]
    keystore.remember(path, bytes(32))
    dialog = make_dialog(qtbot, path, open_dialogs)

    qtbot.waitUntil(lambda: "no longer opens" in dialog.passphrase_error.message, timeout=20_000)
    assert keystore.recall(path) is None
    assert dialog.isVisible() and dialog.workspace is None
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert keystore.recall(path) is not None  # the box stayed ticked, so the new key is remembered


def test_the_recovery_key_opens_the_workspace(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    path, recovery = closed_workspace
    dialog = make_dialog(qtbot, path, open_dialogs)
    qtbot.mouseClick(dialog.mode_button, Qt.MouseButton.LeftButton)
    assert dialog.in_recovery_mode and dialog.recovery_key.isVisible()
    assert not dialog.passphrase.isVisible()

    qtbot.keyClicks(dialog.recovery_key, "1234 abcd")
    qtbot.keyClick(dialog.recovery_key, Qt.Key.Key_Return)
    assert "64 characters" in dialog.recovery_error.message
    assert not dialog.busy_row.isVisible()

    dialog.recovery_key.clear()
    qtbot.keyClicks(dialog.recovery_key, recovery.lower().replace(" ", "-"))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.recovery_key, Qt.Key.Key_Return)
    assert dialog.workspace is not None and dialog.workspace.recovery_key == recovery


def test_a_wrong_recovery_key_is_told_next_to_its_field(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)
    dialog.set_recovery_mode(True)
    qtbot.keyClicks(dialog.recovery_key, "AB" * 32)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.recovery_error.message), timeout=20_000)
    assert "does not open Spixworth.smgov" in dialog.recovery_error.message
    assert dialog.throttle is not None and dialog.throttle.failures == 0


def test_create_a_new_workspace_hands_back_to_the_caller(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)
    with qtbot.waitSignal(dialog.createRequested):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == UnlockDialog.CREATE_NEW
    assert not dialog.isVisible()


def test_recent_workspaces_are_offered(
    qtbot: QtBot, workspace_factory: Callable[..., Workspace], open_dialogs: list[UnlockDialog]
) -> None:
    for name in ("Infant.smgov", "Junior.smgov"):
        workspace = workspace_factory(name)
        state.add_recent_workspace(workspace.path)
        workspace.close()
    dialog = make_dialog(qtbot, None, open_dialogs)
    assert [dialog.file_combo.itemText(i) for i in range(dialog.file_combo.count())] == [
        "Junior.smgov",
        "Infant.smgov",
    ]
    assert dialog.path is not None and dialog.path.name == "Junior.smgov"


def test_the_recovery_key_is_typed_without_input_method_help(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)
    hints = Qt.InputMethodHint
    wanted = hints.ImhSensitiveData | hints.ImhNoPredictiveText | hints.ImhNoAutoUppercase
    for field in (dialog.recovery_key, dialog.passphrase.line_edit):
        assert field.inputMethodHints() & wanted == wanted, field.objectName()


def test_damage_to_the_first_page_is_told_as_damage_not_a_wrong_passphrase(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog]
) -> None:
    path = closed_workspace[0]
    with open(path, "r+b") as handle:
        handle.seek(16)
        handle.write(b"\x00" * 1008)
    dialog = make_dialog(qtbot, path, open_dialogs)

    type_and_unlock(qtbot, dialog, PASSPHRASE)
    qtbot.waitUntil(lambda: bool(dialog.file_error.message), timeout=20_000)

    assert "Spixworth.smgov is damaged" in dialog.file_error.message
    assert "newest backup" in dialog.file_error.message
    assert not dialog.passphrase_error.message
    assert dialog.throttle is not None and dialog.throttle.failures == 0  # the right passphrase is no wrong try


def test_a_broken_keyring_setting_is_shown_on_screen_and_unlocking_still_works(
    qtbot: QtBot, closed_workspace: tuple[Path, str], open_dialogs: list[UnlockDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> keyring.backend.KeyringBackend:
        raise ModuleNotFoundError("No module named 'nonexistent'")  # PYTHON_KEYRING_BACKEND=nonexistent.Class

    monkeypatch.setattr(keyring, "get_keyring", broken)
    dialog = make_dialog(qtbot, closed_workspace[0], open_dialogs)

    assert not dialog.remember.isEnabled()
    assert dialog.remember_note.isVisible() and "could not be started" in dialog.remember_note.text()
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert dialog.workspace is not None
