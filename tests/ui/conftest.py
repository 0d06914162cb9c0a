"""Fixtures the section tests share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QProgressBar
from pytestqt.qtbot import QtBot
from typing_extensions import override

from smgov.ui.frame.wheel import install_wheel_guard
from smgov.ui.sections.incidents.evidence import EvidencePanel
from smgov.ui.sections.people.view import PeopleView
from smgov.ui.shell.session import AppSession


@pytest.fixture(autouse=True)
def wheel_guard(qapp: QApplication) -> None:
    """As the app does at start: the mouse wheel never edits a field that does not have the focus."""
    install_wheel_guard(qapp)


class _StrayWindows(QObject):
    """Notes a label, button or progress bar shown as a window of its own: made visible before it had a parent,
    it flashes on screen and takes the activation from the main window (window shortcuts then stop working)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, (QLabel, QAbstractButton, QProgressBar))
            and watched.isWindow()
            and watched.windowType() == Qt.WindowType.Window
        ):
            self.seen.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False


@pytest.fixture(autouse=True)
def no_stray_windows(qapp: QApplication) -> Iterator[None]:
    """No widget of a dialog or page ever opens as a window of its own."""
    spy = _StrayWindows()
    qapp.installEventFilter(spy)
    yield
    qapp.removeEventFilter(spy)
    assert spy.seen == []


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


@pytest.fixture
def panel(qtbot: QtBot, app_session: AppSession) -> EvidencePanel:
    """An incident's evidence panel on its own, showing a new incident with no screenshots yet."""
    from smgov.data.models import IncidentCategory
    from smgov.data.services import incidents
    from smgov.data.services.incidents import IncidentInput

    details = incidents.log_incident(
        app_session.workspace,
        IncidentInput(
            category=IncidentCategory.CYBERBULLYING,
            received_at=dt.datetime.now(dt.UTC),
            reported_by="Mr Mensah",
            description="Messages naming a pupil.",
        ),
    )
    widget = EvidencePanel(app_session)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    widget.show_incident(details.id, details.reference)
    return widget
