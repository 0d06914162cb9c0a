"""One running app: a second ``smgov FILE`` (Explorer opening a .smgov file) hands the file to the running app and
exits 0; the running app comes to the front and opens it as File > Open would, never losing unsaved work."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QProcess, QProcessEnvironment
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.shell import single_instance
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession
from smgov.ui.shell.unlock import UnlockDialog

# The offscreen platform cannot raise a window nor pass size hints, and says so: not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def server(qtbot: QtBot) -> Iterator[single_instance.InstanceServer]:
    running = single_instance.InstanceServer()
    assert running.listen()
    yield running
    running.close()


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    session = AppSession()
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    yield main
    operations.wait_for_background()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget is not main and widget.isWindow():
            widget.close()
    session.lock()


def _second_start(qtbot: QtBot, home: Path, *args: str, cwd: Path) -> QProcess:
    """``python -m smgov ARGS`` as Explorer would start it, with this test's per-PC folder; waits for it to end."""
    process = QProcess()
    env = QProcessEnvironment.systemEnvironment()
    env.insert("SMGOV_HOME", str(home))
    env.insert("QT_QPA_PLATFORM", "offscreen")
    process.setProcessEnvironment(env)
    process.setWorkingDirectory(str(cwd))
    try:
        with qtbot.waitSignal(process.finished, timeout=60_000):
            process.start(sys.executable, ["-m", "smgov", *args])
    finally:
        if process.state() != QProcess.ProcessState.NotRunning:  # it started an app of its own: a failure
            process.kill()
            process.waitForFinished(5000)
    return process


def test_a_second_start_hands_its_file_to_the_running_app_and_exits(
    qtbot: QtBot, server: single_instance.InstanceServer, isolated_home: Path, tmp_path: Path
) -> None:
    (tmp_path / "other school.smgov").write_bytes(b"")
    with qtbot.waitSignal(server.openRequested, timeout=60_000) as asked:
        process = _second_start(qtbot, isolated_home, "other school.smgov", cwd=tmp_path)  # a relative path
    assert process.exitStatus() == QProcess.ExitStatus.NormalExit and process.exitCode() == 0
    assert asked.args == [str((tmp_path / "other school.smgov").resolve())]  # where the second start was


def test_a_second_start_without_a_file_brings_the_running_app_forward(
    qtbot: QtBot, server: single_instance.InstanceServer, isolated_home: Path, tmp_path: Path
) -> None:
    with qtbot.waitSignal(server.openRequested, timeout=60_000) as asked:
        process = _second_start(qtbot, isolated_home, cwd=tmp_path)
    assert process.exitCode() == 0
    assert asked.args == [""]


def test_the_name_is_the_users_and_this_data_folders(tmp_path: Path) -> None:
    from smgov import paths

    first = single_instance.server_name()
    assert first.startswith("smgov-") and first == single_instance.server_name()
    paths.set_base_dir(tmp_path / "portable")  # a portable copy, or another Windows user's profile
    assert single_instance.server_name() != first


def test_nobody_running_means_this_start_is_the_app() -> None:
    assert single_instance.hand_over(Path("school.smgov")) is False


def test_the_running_app_is_marked_while_it_listens_and_not_after(qtbot: QtBot) -> None:
    """A start with no app running knows it from the marker, without loading Qt's network module."""
    running = single_instance.InstanceServer()
    marker = single_instance._marker(None)
    assert not marker.exists()
    assert running.listen()
    assert marker.exists()
    running.close()
    assert not marker.exists()
    code = (
        "import sys; from smgov.ui.shell import single_instance as s; s.hand_over(None); "
        "print('PySide6.QtNetwork' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=dict(os.environ)
    )
    assert result.stdout.strip() == "False"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX") or os.name == "nt", reason="a Unix socket file left behind")
def test_a_socket_left_by_a_crashed_app_does_not_block_the_start(qtbot: QtBot) -> None:
    name = single_instance.server_name()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(os.path.join(QDir.tempPath(), name))  # bound and never listened on: what a crash leaves
    stale.close()
    marker = single_instance._marker(None)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("12345\n")  # and its marker
    assert single_instance.hand_over(Path("school.smgov")) is False
    running = single_instance.InstanceServer()
    try:
        assert running.listen()
        client = QLocalSocket()
        client.connectToServer(name)
        assert client.waitForConnected(2000)  # the new app is the one answering now
        with qtbot.waitSignal(running.openRequested) as asked:
            client.write(b'{"open": "C:/Schools/\\u202eevil&<b>.smgov"}\n')
        assert asked.args == ["C:/Schools/\u202eevil&<b>.smgov"]
        client.abort()
    finally:
        running.close()


def test_a_message_it_does_not_understand_is_dropped(qtbot: QtBot, server: single_instance.InstanceServer) -> None:
    client = QLocalSocket()
    client.connectToServer(server.name)
    assert client.waitForConnected(2000)
    with qtbot.waitSignal(client.disconnected), qtbot.assertNotEmitted(server.openRequested):
        client.write(b"=cmd|' /C calc'!A0\n")
    long = QLocalSocket()
    long.connectToServer(server.name)
    assert long.waitForConnected(2000)
    with qtbot.waitSignal(long.disconnected), qtbot.assertNotEmitted(server.openRequested):
        long.write(b"x" * 100_000)  # no end of line, ever: cut off, not read forever


def _unlock_dialog() -> UnlockDialog:
    (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible()]
    return dialog


def _question() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    return boxes[0] if boxes else None


def test_while_locked_the_file_opens_in_the_unlock_dialog(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    first, second = tmp_path / "first.smgov", tmp_path / "second.smgov"
    single_instance.open_requested(window, first)
    dialog = _unlock_dialog()
    assert dialog.path == first
    single_instance.open_requested(window, second)  # a second file while the dialog is up: the same dialog offers it
    assert _unlock_dialog() is dialog and dialog.path == second


def test_an_unlocked_workspace_is_not_closed_without_asking(
    qtbot: QtBot, window: MainWindow, demo_workspace: Workspace, tmp_path: Path
) -> None:
    window.session.set_workspace(demo_workspace, demo=True)
    other = tmp_path / "other.smgov"
    single_instance.open_requested(window, Path(demo_workspace.path))  # the file already open: nothing to ask
    assert _question() is None
    single_instance.open_requested(window, other)
    box = _question()
    assert box is not None and "other.smgov" in box.text()
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.session.is_unlocked and not any(isinstance(w, UnlockDialog) for w in QApplication.topLevelWidgets())

    single_instance.open_requested(window, other)
    box = _question()
    assert box is not None
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert _unlock_dialog().path == other
    assert window.session.is_unlocked  # still open until the other one is unlocked


def test_unsaved_changes_are_asked_about_before_the_unlock_dialog(
    qtbot: QtBot, window: MainWindow, demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.session.set_workspace(demo_workspace, demo=True)
    page = window.current_page()
    assert page is not None
    waiting: list[object] = []

    def dirty_form(proceed: object) -> bool:  # a form with unsaved changes: it asks, and goes on after
        waiting.append(proceed)
        return False

    monkeypatch.setattr(page, "confirm_leave", dirty_form)
    single_instance.open_requested(window, tmp_path / "other.smgov")
    box = _question()
    assert box is not None
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert len(waiting) == 1  # the page's own prompt is up; no unlock dialog yet
    assert not any(isinstance(w, UnlockDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    proceed = waiting[0]
    assert callable(proceed)
    proceed()  # the user saved or discarded
    assert _unlock_dialog().path == tmp_path / "other.smgov"
