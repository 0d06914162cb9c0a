"""The account register on the frame (issue 9): the mouse wheel never edits an account, leaving never offers Save
by default, the register keeps the columns that matter at 1366 pixels, and both application forms print through
the one print dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smgov.data.models.accounts import AccountStatus, MonitoringFrequency
from smgov.data.services import accounts, audit_log
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.sections.accounts import AccountsView, AccountTableModel
from smgov.ui.shell.session import AppSession
from tests.data.registers import make_account
from tests.ui import wheel

S = AccountStatus


@pytest.fixture
def open_view(qtbot: QtBot, app_session: AppSession) -> Iterator[object]:
    def make() -> AccountsView:
        view = AccountsView(app_session)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        qtbot.waitUntil(lambda: view.loaded_once)
        return view

    yield make
    operations.wait_for_background()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.close()


def test_scrolling_over_an_account_never_changes_its_monitoring_or_review_date(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE)
    form = accounts.get_account(workspace, account_id).form
    form.monitoring_frequency = MonitoringFrequency.WORKING_DAYS
    form.review_date = dt.date(2027, 3, 15)
    accounts.update_account(workspace, account_id, form)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    pane = view.pane
    pane.handle.setFocus()
    qtbot.waitUntil(pane.handle.hasFocus)
    date_edit = pane.review_date.edit
    for field in (pane.monitoring, pane.platform, date_edit):
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never focuses it either
        for notches in (-3, 3, -1):
            wheel.turn(field, notches)
            if field is date_edit:  # the day, month or year under the cursor would step
                wheel.turn(date_edit.lineEdit() or date_edit, notches)
    assert pane.form.value("monitoring_frequency") == MonitoringFrequency.WORKING_DAYS
    assert pane.form.value("review_date") == dt.date(2027, 3, 15)
    assert not pane.has_unsaved_changes()
    assert pane.handle.hasFocus()

    view.search.setFocus()  # with the focus outside the pane too
    wheel.turn(pane.monitoring, -2)
    wheel.turn(date_edit, 2)
    assert not pane.has_unsaved_changes()


def test_leaving_an_edited_account_offers_cancel_by_default_and_enter_saves_nothing(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE, handle="KeepAsIs")
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    view.pane.form.set_value("monitoring_frequency", MonitoringFrequency.WEEKLY)
    view.pane.form._changed()  # as the user's own edit would
    assert view.pane.has_unsaved_changes()
    left: list[bool] = []
    assert not view.confirm_leave(lambda: left.append(True))
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == "account-unsaved-question"
            for w in QApplication.topLevelWidgets()
        )
    )
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "account-unsaved-question")
    assert isinstance(box, QMessageBox)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.defaultButton() is not box.button(QMessageBox.StandardButton.Save)
    with qtbot.waitSignal(box.finished):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    operations.wait_for_background()
    assert left == []  # stayed
    assert view.pane.has_unsaved_changes()  # the edit is still there, unsaved
    saved = accounts.get_account(workspace, account_id).form.monitoring_frequency
    assert saved is not MonitoringFrequency.WEEKLY


def _visible_columns(view: AccountsView) -> set[int]:
    header = view.table.horizontalHeader()
    width = view.table.viewport().width()
    return {
        column
        for column in range(view.model.columnCount())
        if not header.isSectionHidden(column)
        and header.sectionViewportPosition(column) >= 0
        and header.sectionViewportPosition(column) + header.sectionSize(column) <= width
    }


def test_at_1366_wide_the_register_shows_the_columns_that_matter(
    qtbot: QtBot, app_session: AppSession, workspace: Workspace
) -> None:
    from smgov.ui.shell.main_window import MainWindow

    account_id, _ = make_account(workspace, S.ACTIVE, handle="WideEnough")
    window = MainWindow(app_session)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.navigate("accounts")
    view = window.page("accounts")
    assert isinstance(view, AccountsView)
    qtbot.waitUntil(lambda: view.loaded_once)
    qtbot.waitUntil(lambda: view.table.isVisible())
    model = AccountTableModel
    wanted = {model.NAME, model.PLATFORM, model.HANDLE, model.STATUS, model.REVIEW}
    assert not view.pane.isVisible()  # no "No account chosen" half until one is chosen
    shown = _visible_columns(view)
    assert wanted <= shown
    assert {model.ATTENTION, model.LEAD} <= shown  # and, with the room, what needs attention and who leads it

    view.show_record(account_id)
    qtbot.waitUntil(lambda: view.pane.isVisible())
    QApplication.processEvents()
    assert wanted <= _visible_columns(view)  # beside a chosen account too
    operations.wait_for_background()


def _dialog(name: str) -> PrintDialog:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, PrintDialog) and w.objectName() == name and w.isVisible()
    ]
    assert len(found) == 1
    return found[0]


def test_the_blank_and_the_filled_application_print_through_the_print_dialog(
    qtbot: QtBot, open_view: object, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    account_id, _ = make_account(workspace, S.SUBMITTED, handle="ForSLT")
    view = open_view()  # type: ignore[operator]
    dest = tmp_path / "blank.pdf"
    monkeypatch.setattr("smgov.ui.frame.pdf_output.choose_pdf_destination", lambda *_args, **_kw: dest)
    view.blank_button.click()
    blank = _dialog("account-blank-print")
    assert blank.isVisible()
    with qtbot.waitSignal(blank.pdf.saved, timeout=10_000):
        blank.save_button.click()
    assert dest.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(
        lambda: any(
            e.summary == "Blank account application form saved as PDF" for e in audit_log.list_events(workspace)
        )
    )
    blank.close()

    view.show_record(account_id)
    view.pane.name.setText("Changed, not saved")
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.pane.handle.setFocus()
    qtbot.keyClick(view.pane.handle, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P
    qtbot.waitUntil(
        lambda: any(
            w.objectName() == "account-application-print" and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    filled = _dialog("account-application-print")
    assert "It prints what is saved." in filled.intro.text()
    assert "save them first" in filled.intro.text()  # the unsaved name would not be on it
    assert filled.pdf.suggested_name() == "Account application - ForSLT news.pdf"  # the saved name
    filled.close()
