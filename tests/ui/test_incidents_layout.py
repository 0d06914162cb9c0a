"""Incidents at 1366x768 (the tests' screen is 1366x728, a laptop less its taskbar): the list has the room until an
incident is chosen, then the incident opens beside it with the columns that matter still in view; the form and
every step dialog fit the screen with their buttons in view; the mouse wheel never changes an unfocused field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot

from smgov.data.areas import Section
from smgov.data.models import IncidentCategory
from smgov.data.services import incidents
from smgov.data.services.incidents import IncidentInput
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.sections.incidents import IncidentsView
from smgov.ui.sections.incidents.model import IncidentTableModel
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession
from tests.ui import wheel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

IN_VIEW_WHEN_CHOSEN = (IncidentTableModel.REFERENCE, IncidentTableModel.RECEIVED, IncidentTableModel.RESPONSE)


@pytest.fixture
def window(qtbot: QtBot, demo_workspace: Workspace) -> Iterator[MainWindow]:
    """The main window on the small demo, at the size it opens on the laptop, showing Incidents."""
    session = AppSession()
    session.set_workspace(demo_workspace, demo=True)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.resize(1366, 728 - 31)  # the laptop's room less the title bar, as the screenshot tool sizes it
    main.show()
    main.navigate(Section.INCIDENTS.value)
    view = main.current_page()
    assert isinstance(view, IncidentsView)
    qtbot.waitUntil(lambda: view.loaded_once)
    yield main
    operations.wait_for_background()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    session.lock()


def _view(window: MainWindow) -> IncidentsView:
    view = window.current_page()
    assert isinstance(view, IncidentsView)
    return view


def _in_view(view: IncidentsView, column: int, at_least: int | None = None) -> bool:
    """Column ``column`` is in sight (``at_least`` pixels of it, or all of it)."""
    table = view.table
    left = table.columnViewportPosition(column)
    shown = table.viewport().width() - left
    return not table.isColumnHidden(column) and left >= 0 and shown >= (at_least or table.columnWidth(column))


def test_the_list_has_the_room_until_an_incident_is_chosen_then_the_incident_opens_beside_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = _view(window)
    assert not view.pane.isVisible() and view.pane.record_id is None  # nothing is opened for the user
    whole = view.table.width()
    assert whole > 1000
    assert all(_in_view(view, column) for column in range(view.model.columnCount() - 1))

    view.show_record(view.shown_rows()[0].id)
    qtbot.waitUntil(lambda: view.table.width() < whole)  # laid out again
    assert view.pane.isVisible()
    assert view.splitter.orientation() == Qt.Orientation.Horizontal  # beside the list, at the section's height
    assert view.pane.height() > 400 and view.pane.width() > 450
    assert 450 < view.table.width() < whole
    assert all(_in_view(view, column) for column in IN_VIEW_WHEN_CHOSEN)
    status = view.table.fontMetrics().horizontalAdvance("In progress") + 16 + 4 + 8  # the marker and the word
    assert _in_view(view, IncidentTableModel.STATUS, at_least=status)
    assert view.table.verticalHeader().count() > 15  # the list still shows plenty of rows


def _fits(dialog: QDialog) -> None:
    """Within the screen's available room, with its buttons inside the window."""
    room = QGuiApplication.primaryScreen().availableGeometry()
    frame = dialog.frameGeometry()
    assert room.contains(frame), f"{dialog.objectName()}: {frame} is not within {room}"
    buttons = dialog.findChildren(QWidget, options=Qt.FindChildOption.FindChildrenRecursively)
    ok = next(b for b in buttons if b.objectName().endswith(("-ok", "-close", "-save")) and b.isVisible())
    corner = ok.mapTo(dialog, QPoint(ok.width(), ok.height()))
    assert dialog.rect().contains(corner - QPoint(1, 1)), f"{dialog.objectName()}: its button is out of sight"


def _settle(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.waitExposed(dialog)
    return dialog


def test_the_form_and_every_step_fit_the_laptop_screen(qtbot: QtBot, window: MainWindow) -> None:
    view = _view(window)
    safeguarding = next(row for row in view.shown_rows() if row.safeguarding_concern)
    view.show_record(safeguarding.id)
    pane = view.pane
    details = pane.details
    assert details is not None
    openers = {
        "log": view.new_incident,
        "edit": pane.edit,
        "action": pane.record_action,
        "status": pane.change_status,
        "dsl": pane.acknowledge,
        "correct": lambda: pane.correct(details.timeline[0]),
        "content report": lambda: pane.content_report(None),
        "print": pane.print_report,
        "export": view.export,
    }
    for name, opener in openers.items():
        dialog = opener()
        assert isinstance(dialog, QDialog), name
        _fits(_settle(qtbot, dialog))
        dialog.done(QDialog.DialogCode.Rejected)
    form = view.new_incident()
    assert form is not None
    _settle(qtbot, form)
    assert form.height() < 768 - 40  # was 860x780: Save below a laptop's screen
    assert form.scroll_area.verticalScrollBar().maximum() > 0  # the fields scroll inside instead
    form.done(QDialog.DialogCode.Rejected)


def test_the_wheel_never_changes_an_unfocused_field_of_the_form_or_a_step(
    qtbot: QtBot, app_session: AppSession
) -> None:
    details = incidents.log_incident(
        app_session.workspace,
        IncidentInput(
            category=IncidentCategory.PARENT_POST,
            received_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3),
            reported_by="Mrs Patel",
            description="A post about the school trip.",
        ),
    )
    view = IncidentsView(app_session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.loaded_once)
    view.show_record(details.id)
    dialogs = [view.new_incident(), view.pane.record_action(), view.pane.change_status()]
    fields: list[QWidget] = list(view.findChildren(QComboBox))  # the filters
    for dialog in dialogs:
        assert dialog is not None
        qtbot.waitExposed(dialog)
        fields += [*dialog.findChildren(QComboBox), *dialog.findChildren(QAbstractSpinBox)]
    assert len(fields) > 8
    changed = []
    for field in fields:
        field.clearFocus()
        before = wheel.value(field)
        wheel.turn(field)
        if wheel.value(field) != before:
            changed.append(field.objectName() or type(field).__name__)
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, field.objectName()
    assert changed == []
    for dialog in dialogs:
        assert dialog is not None
        dialog.done(QDialog.DialogCode.Rejected)
