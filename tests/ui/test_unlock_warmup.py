"""The unlock dialog when it is painted before the data layer has come in (as at start-up): what needs the data
layer waits for it, and nothing the user does in the meantime is lost."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from smgov.data import keystore
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.shell import warmup
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession
from smgov.ui.shell.unlock import UnlockDialog
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours


@pytest.fixture(autouse=True)
def unlock_native_settings(isolated_home: Path) -> None:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(isolated_home / "qsettings"))


@pytest.fixture
def closed_workspace(workspace_factory: Callable[..., Workspace]) -> Path:
    workspace = workspace_factory("Spixworth.smgov")
    path = workspace.path
    workspace.close()
    return path


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], None]]:
    """As at start-up: the data layer is not in when the dialog is made, and comes in when the test says so (the
    callback the dialog gave the background import)."""
    arrivals: list[Callable[[], None]] = []
    monkeypatch.setattr(warmup, "data_layer_loaded", lambda: False)
    monkeypatch.setattr(warmup, "load_data_layer", lambda _parent, ready: arrivals.append(ready))
    return arrivals


@pytest.fixture
def dialogs() -> Iterator[list[UnlockDialog]]:
    made: list[UnlockDialog] = []
    yield made
    operations.wait_for_background()
    for dialog in made:
        if dialog.workspace is not None:
            dialog.workspace.close()


def painted_dialog(qtbot: QtBot, path: Path, made: list[UnlockDialog]) -> UnlockDialog:
    dialog = UnlockDialog(None, path)
    qtbot.addWidget(dialog)
    made.append(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)  # its first expose paints it; the background import starts after
    return dialog


def test_the_import_starts_after_the_first_paint_and_the_file_is_checked_when_it_lands(
    qtbot: QtBot, tmp_path: Path, held_back: list[Callable[[], None]], dialogs: list[UnlockDialog]
) -> None:
    not_a_workspace = tmp_path / "notes.smgov"
    not_a_workspace.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    dialog = painted_dialog(qtbot, not_a_workspace, dialogs)
    qtbot.waitUntil(lambda: len(held_back) == 1)
    assert dialog.file_error.message == ""  # not checked yet: the data layer is still coming in
    with qtbot.waitSignal(dialog.prepared):
        held_back[0]()
    assert "unencrypted SQLite database" in dialog.file_error.message


def test_a_refusing_credential_store_s_note_is_shown_whole_when_it_comes_in(
    qtbot: QtBot,
    closed_workspace: Path,
    held_back: list[Callable[[], None]],
    dialogs: list[UnlockDialog],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The note comes in after the dialog was sized (the store is looked up in the background): the dialog grows so
    all of it shows, not cut off inside the scrolling body."""
    from PySide6.QtWidgets import QScrollArea

    reason = "This PC's credential store (fail Keyring) is not secure: " + "it would keep the key unprotected. " * 3
    monkeypatch.setattr(keystore, "refusal_reason", lambda: reason)
    dialog = painted_dialog(qtbot, closed_workspace, dialogs)
    qtbot.waitUntil(lambda: len(held_back) == 1)
    with qtbot.waitSignal(dialog.prepared):
        held_back[0]()
    assert dialog.remember_note.isVisible() and dialog.remember_note.text() == reason
    body = dialog.findChild(QScrollArea, "unlock-scroll")
    assert body.viewport().height() >= body.widget().sizeHint().height()  # nothing left to scroll to


def test_enter_before_the_data_layer_is_in_unlocks_as_soon_as_it_is(
    qtbot: QtBot, closed_workspace: Path, held_back: list[Callable[[], None]], dialogs: list[UnlockDialog]
) -> None:
    dialog = painted_dialog(qtbot, closed_workspace, dialogs)
    qtbot.waitUntil(lambda: len(held_back) == 1)
    qtbot.keyClicks(dialog.passphrase.line_edit, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase.line_edit, Qt.Key.Key_Return)
    assert dialog.busy_row.isVisible() and not dialog.cancel_button.isEnabled()  # waiting, as while unlocking
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        held_back[0]()
    assert dialog.workspace is not None and dialog.workspace.is_open


def test_a_tick_given_before_the_data_layer_is_in_is_kept_and_the_key_remembered(
    qtbot: QtBot, closed_workspace: Path, held_back: list[Callable[[], None]], dialogs: list[UnlockDialog]
) -> None:
    dialog = painted_dialog(qtbot, closed_workspace, dialogs)
    qtbot.waitUntil(lambda: len(held_back) == 1)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.prepared):
        held_back[0]()
    assert dialog.remember.isChecked()
    qtbot.keyClicks(dialog.passphrase.line_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.passphrase.line_edit, Qt.Key.Key_Return)
    assert dialog.workspace is not None and keystore.recall(closed_workspace) == dialog.workspace.key


def test_the_remembered_key_is_used_once_the_data_layer_is_in(
    qtbot: QtBot, closed_workspace: Path, held_back: list[Callable[[], None]], dialogs: list[UnlockDialog]
) -> None:
    with Workspace.open(closed_workspace, passphrase=PASSPHRASE) as workspace:
        keystore.remember(closed_workspace, workspace.key)
    dialog = painted_dialog(qtbot, closed_workspace, dialogs)
    qtbot.waitUntil(lambda: len(held_back) == 1)
    assert dialog.workspace is None
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        held_back[0]()
    assert dialog.workspace is not None and dialog.passphrase.text() == ""


def test_after_unlock_the_pdf_fonts_are_loaded_in_the_background(
    qtbot: QtBot, workspace_factory: Callable[..., Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    from smgov.reports import pdf

    monkeypatch.setattr(warmup, "_started", set())
    monkeypatch.setattr(pdf, "_fonts_registered", False)
    session = AppSession()
    window = MainWindow(session)
    qtbot.addWidget(window)
    session.set_workspace(workspace_factory("Fonts.smgov"))
    try:
        assert operations.wait_for_background()
        assert pdf._fonts_registered
    finally:
        session.lock()


def test_the_way_to_the_unlock_dialog_or_the_wizard_imports_no_database_library() -> None:
    """Nor anything else the dialog does without: each of these costs milliseconds before the first paint."""
    heavy = (
        "sqlalchemy",
        "sqlcipher3",
        "keyring",
        "reportlab",
        "PySide6.QtNetwork",
        "typing_extensions",
        "smgov.cli",
        "smgov.ui.shell.main_window",
        "smgov.ui.frame.forms",
        "smgov.data.passphrases",
        "smgov.ui.frame.widgets",
        "smgov.ui.frame.operations",
        "smgov.ui.frame.wheel",
        "platformdirs",
    )
    code = (
        "import sys; import smgov.__main__, smgov.ui.shell.app, smgov.ui.shell.single_instance, smgov.ui.shell.unlock, "
        "smgov.ui.shell.wizard; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# The real way in (python -m smgov FILE), driven from inside: what the user sees first, then what Enter or Cancel
# leads to. Prints one line of JSON and exits.
WAY_IN = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
seen = {}

def windows():
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "main-window"]

def finish():
    print(json.dumps(seen), flush=True)
    os._exit(0)

class Watch(QObject):
    dialog = None
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Show and watched.objectName() == "unlock-dialog" and self.dialog is None:
            self.dialog = watched
            seen["window_made_before_the_dialog"] = bool(windows())
            seen["data_layer_before_the_dialog"] = "sqlalchemy" in sys.modules
            QTimer.singleShot(0, act)
        return False

def act():
    dialog = watch.dialog
    if not windows():
        QTimer.singleShot(20, act)  # a person takes longer than this to reach for a key
        return
    seen["window_made_behind_the_dialog"] = not windows()[0].isVisible()
    if os.environ["WAY_IN_ACTION"] == "cancel":
        dialog.reject()
    elif os.environ["WAY_IN_ACTION"] == "close":
        dialog.close()  # the title bar's close button
    elif not dialog._ready:
        QTimer.singleShot(20, act)
        return
    else:
        dialog.passphrase.setText(os.environ["WAY_IN_PASSPHRASE"])
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    QTimer.singleShot(20, look)

def look():
    shown = [w for w in windows() if w.isVisible()]
    if not shown:
        QTimer.singleShot(20, look)
        return
    seen["window_shown"] = True
    seen["unlocked"] = shown[0].session.is_unlocked
    from smgov.ui.frame import wheel
    follower = app.findChild(QObject, "scheme-follower")
    seen["guards"] = bool(wheel._guard and app.findChild(QObject, "tab-guard") and follower._watching)
    finish()

watch = Watch()
app.installEventFilter(watch)
QTimer.singleShot(60_000, lambda: (seen.setdefault("timed_out", True), finish()))
from smgov.__main__ import main
main([os.environ["WAY_IN_FILE"]])
"""


@pytest.mark.real_kdf
@pytest.mark.parametrize("action", ["enter", "cancel", "close"])
def test_at_start_the_unlock_dialog_comes_first_and_the_window_after_it(
    tmp_path: Path, isolated_home: Path, action: str
) -> None:
    """The dialog is on screen before the main window is built (so it appears as fast as a bare window would); the
    window is built behind it while the user types, and appears when the dialog is done: unlocked after Enter, on
    its welcome page after Cancel or closing it (the app does not quit)."""
    import json
    import os

    from tests.conftest import SCHOOL

    path = tmp_path / "Spixworth.smgov"
    Workspace.create(path, PASSPHRASE, SCHOOL).close()  # with the real KDF: the app started opens it with that
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SMGOV_HOME=str(isolated_home / "second"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        WAY_IN_FILE=str(path),
        WAY_IN_PASSPHRASE=PASSPHRASE,
        WAY_IN_ACTION=action,
    )
    result = subprocess.run([sys.executable, "-c", WAY_IN], capture_output=True, text=True, env=env, timeout=120)
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "window_made_before_the_dialog": False,
        "data_layer_before_the_dialog": False,
        "window_made_behind_the_dialog": True,
        "window_shown": True,
        "unlocked": action == "enter",
        "guards": True,  # the wheel, Tab and scheme filters, installed once the dialog was painted
    }
