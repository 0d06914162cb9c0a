"""Fixtures the section tests share."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smgov.ui.frame.wheel import install_wheel_guard
from smgov.ui.sections.people.view import PeopleView
from smgov.ui.shell.session import AppSession


@pytest.fixture(autouse=True)
def wheel_guard(qapp: QApplication) -> None:
    """As the app does at start: the mouse wheel never edits a field that does not have the focus."""
    install_wheel_guard(qapp)


@pytest.fixture
def open_people_view(qtbot: QtBot, app_session: AppSession) -> Callable[[], PeopleView]:
    """Open the People section at 1280x800 on the test workspace, once its list has loaded; each call a new one."""

    def make() -> PeopleView:
        view = PeopleView(app_session)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        qtbot.waitUntil(lambda: view._loaded_once)
        return view

    return make
