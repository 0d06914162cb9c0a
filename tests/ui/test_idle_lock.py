"""Idle lock: the workspace locks itself when the PC is left, after the school's auto-lock minutes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from smgov.data.areas import Change
from smgov.data.services import school
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.shell.idle import IdleLock
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours


@pytest.fixture
def idle(qtbot: QtBot) -> Iterator[IdleLock]:
    lock = IdleLock(10)
    yield lock
    lock.stop()


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    session = AppSession()
    session.set_workspace(workspace)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    yield main
    operations.wait_for_background()
    session.lock()


def test_idle_fires_after_the_interval(qtbot: QtBot, idle: IdleLock) -> None:
    idle.set_interval_ms(30)
    with qtbot.waitSignal(idle.idle, timeout=5_000):
        idle.start()
    assert not idle.is_running()


def test_input_restarts_the_countdown(qtbot: QtBot, idle: IdleLock) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    idle.set_interval_ms(60_000)
    idle.start()
    qtbot.waitUntil(lambda: idle.remaining_ms() < 59_950, timeout=5_000)
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert idle.remaining_ms() > 59_950


def test_a_stopped_lock_ignores_input_and_never_fires(qtbot: QtBot, idle: IdleLock) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    idle.set_interval_ms(20)
    idle.start()
    idle.stop()
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert not idle.is_running()
    with qtbot.assertNotEmitted(idle.idle, wait=100):
        pass


def test_minutes_set_the_interval(idle: IdleLock) -> None:
    idle.set_minutes(7)
    assert idle.interval_ms() == 7 * 60_000


def test_the_window_locks_when_idle(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    assert window.idle.is_running()
    window.idle.set_interval_ms(30)
    with qtbot.waitSignal(session.locked, timeout=5_000):
        pass
    assert not session.is_unlocked
    assert window.body.currentWidget() is window.locked_page
    assert not window.idle.is_running()


def test_the_interval_follows_the_schools_setting(qtbot: QtBot, window: MainWindow) -> None:
    workspace = window.session.workspace
    minutes = school.get_details(workspace).auto_lock_minutes
    assert window.idle.interval_ms() == minutes * 60_000

    # A change to the school's settings (from the settings page or anywhere) announces itself; the window follows.
    school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=3))
    window.session.changed.emit(Change.SETTINGS)
    assert window.idle.interval_ms() == 3 * 60_000
