"""The person using smgov: chosen after unlock from the school's people, remembered on this PC per workspace, shown
and changed from the status bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smgov.data import operators
from smgov.data.filelock import current_user
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.operator_choice import (
    LOGIN_ONLY,
    OperatorDialog,
    remember_operator,
    remembered_operator,
)
from smgov.ui.shell.session import AppSession
from tests.data.registers import make_person

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

Opener = Callable[[], MainWindow]


@pytest.fixture
def people(workspace: Workspace) -> dict[str, int]:
    return {
        "Ada Okafor": make_person(workspace, "Ada Okafor"),
        "Tom Ng": make_person(workspace, "Tom Ng"),
        "Gone Before": make_person(workspace, "Gone Before", leaving_date=dt.date.today() - dt.timedelta(days=3)),
    }


@pytest.fixture
def open_window(qtbot: QtBot, workspace: Workspace) -> Iterator[Opener]:
    session = AppSession()

    def make() -> MainWindow:
        session.set_workspace(workspace)
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.show()
        return window

    yield make
    operations.wait_for_background()
    session.lock()


def _chooser(qtbot: QtBot, window: MainWindow) -> OperatorDialog:
    qtbot.waitUntil(lambda: window.operator.dialog is not None and window.operator.dialog.isVisible())
    dialog = window.operator.dialog
    assert dialog is not None
    return dialog


def _names(dialog: OperatorDialog) -> list[str]:
    return [dialog.proxy.index(row, 0).data() for row in range(dialog.proxy.rowCount())]


def test_after_unlock_the_chooser_lists_the_people_still_here_and_the_choice_is_applied_and_remembered(
    qtbot: QtBot, open_window: Opener, people: dict[str, int], workspace: Workspace
) -> None:
    window = open_window()
    assert window.operator.button.text() == f"Working as: {current_user()}"  # until someone is chosen
    dialog = _chooser(qtbot, window)
    assert _names(dialog) == ["Ada Okafor", "Tom Ng"]  # someone who has left is not offered
    qtbot.keyClicks(dialog.search, "tom")
    assert _names(dialog) == ["Tom Ng"]
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert operators.current_operator(workspace).person_id == people["Tom Ng"]
    assert window.operator.button.text() == "Working as: Tom Ng"
    assert remembered_operator(workspace.path) == people["Tom Ng"]


def test_a_remembered_person_is_applied_at_once_without_asking(
    qtbot: QtBot, open_window: Opener, people: dict[str, int], workspace: Workspace
) -> None:
    remember_operator(workspace.path, people["Ada Okafor"])
    window = open_window()
    qtbot.waitUntil(lambda: window.operator.button.text() == "Working as: Ada Okafor")
    assert operators.current_operator(workspace).name == "Ada Okafor"
    assert window.operator.dialog is None


def test_a_remembered_person_who_has_left_is_not_applied_and_the_chooser_asks(
    qtbot: QtBot, open_window: Opener, people: dict[str, int], workspace: Workspace
) -> None:
    remember_operator(workspace.path, people["Gone Before"])
    window = open_window()
    dialog = _chooser(qtbot, window)
    assert "Gone Before" not in _names(dialog)
    assert not operators.current_operator(workspace).chosen


def test_not_on_the_list_records_the_login_only_and_is_remembered(
    qtbot: QtBot, open_window: Opener, people: dict[str, int], workspace: Workspace
) -> None:
    window = open_window()
    dialog = _chooser(qtbot, window)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert not operators.current_operator(workspace).chosen
    assert remembered_operator(workspace.path) == LOGIN_ONLY
    assert window.operator.button.text() == f"Working as: {current_user()}"


def test_the_status_bar_button_changes_who_is_working_and_locking_leaves_no_names(
    qtbot: QtBot, open_window: Opener, people: dict[str, int], workspace: Workspace
) -> None:
    remember_operator(workspace.path, people["Ada Okafor"])
    window = open_window()
    qtbot.waitUntil(lambda: window.operator.button.text() == "Working as: Ada Okafor")
    qtbot.mouseClick(window.operator.button, Qt.MouseButton.LeftButton)
    dialog = _chooser(qtbot, window)
    assert dialog.list.currentIndex().data() == "Ada Okafor"  # the current choice is where the list starts
    dialog.select(people["Tom Ng"])
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert window.operator.button.text() == "Working as: Tom Ng"

    qtbot.mouseClick(window.operator.button, Qt.MouseButton.LeftButton)
    dialog = _chooser(qtbot, window)
    rows_when_closed: list[int] = []
    dialog.finished.connect(lambda _result: rows_when_closed.append(dialog.model.rowCount()))
    window.lock()
    assert rows_when_closed == [0]  # the names were cleared before it closed
    assert window.operator.dialog is None
    assert not [d for d in window.findChildren(OperatorDialog) if d.isVisible()]
    assert not window.operator.button.isVisible()


def test_an_empty_register_asks_nothing(qtbot: QtBot, open_window: Opener, workspace: Workspace) -> None:
    window = open_window()
    operations.wait_for_background()
    QApplication.processEvents()
    assert window.operator.dialog is None
    assert window.operator.button.isVisible()


def test_nobody_is_chosen_for_the_user_so_enter_picks_no_one(
    qtbot: QtBot, open_window: Opener, people: dict[str, int], workspace: Workspace
) -> None:
    window = open_window()
    dialog = _chooser(qtbot, window)
    assert not dialog.list.currentIndex().isValid()
    assert not dialog.use_button.isEnabled()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible() and operators.current_operator(workspace).person_id is None
    qtbot.keyClicks(dialog.search, "ada")  # typing a name picks the first that matches
    assert dialog.list.currentIndex().data() == "Ada Okafor" and dialog.use_button.isEnabled()
    dialog.reject()


def test_the_demo_stays_the_demo_with_its_person_after_a_lock(qtbot: QtBot, demo_workspace: Workspace) -> None:
    from tests.conftest import PASSPHRASE

    [karen] = [p for p in operators.candidates(demo_workspace) if p.name == "Karen O'Neill"]
    operators.set_operator(demo_workspace, karen.person_id)  # as the demo is made
    session = AppSession()
    session.set_workspace(demo_workspace, demo=True)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    session.lock()
    again = Workspace.open(demo_workspace.path, passphrase=PASSPHRASE)
    session.set_workspace(again)  # as the unlock dialog does
    assert session.is_demo
    qtbot.waitUntil(lambda: operators.current_operator(again).person_id == karen.person_id)
    assert window.operator.dialog is None  # nobody is asked who they are
    assert window.lock_state.text() == "Demo workspace, unlocked"
    operations.wait_for_background()
    session.lock()
