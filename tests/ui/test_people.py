"""The people section: the list and its filters, the person form, the leaver to-do list and its way to the
accounts, refusals, and what the details show about the accounts a person is named on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from smgov.data.models.accounts import AccountStatus, StaffRole
from smgov.data.models.people import PersonKind
from smgov.data.services import accounts, people, school, vault
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations, state
from smgov.ui.sections.people.leavers import LeaverDialog
from smgov.ui.sections.people.model import PersonTableModel
from smgov.ui.sections.people.view import PeopleView
from smgov.ui.shell.session import AppSession
from tests.conftest import PASSPHRASE
from tests.data.registers import make_account, make_credential, make_person

TODAY = dt.date.today()
HOSTILE = "<i>Zoë</i> & O'Brien =SUM(A1) \u202eRTL 😀"
STORED = HOSTILE.replace("\u202e", "")  # a bidi override is dropped (it would reverse the app's words)


@pytest.fixture
def open_view(open_people_view: Callable[[], PeopleView]) -> Iterator[object]:
    yield open_people_view
    operations.wait_for_background()
    for box in _boxes():
        box.close()


def _boxes(name: str | None = None) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and (name is None or w.objectName() == name)
    ]


def _one_box(qtbot: QtBot, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: len(_boxes(name)) == 1)
    return _boxes(name)[0]


def _shown_names(view: PeopleView) -> list[str]:
    return [view.proxy.row_at(row).full_name for row in range(view.proxy.rowCount())]


def test_the_list_shows_people_and_filters_current_leavers_and_everyone(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    make_person(workspace, "Amelia Ward")
    make_person(workspace, "Rhys Jones", leaving_date=TODAY + dt.timedelta(days=10))
    make_person(workspace, "Old Leaver", leaving_date=TODAY - dt.timedelta(days=10))
    make_person(workspace, "Gwen Governor", kind=PersonKind.GOVERNOR, email="")
    view = open_view()  # type: ignore[operator]

    assert view.show_filter.currentData() == "current"
    assert _shown_names(view) == ["Amelia Ward", "Gwen Governor", "Rhys Jones"]
    assert view.count_label.text() == "4 people, 3 shown"
    view.show_filter.setCurrentIndex(view.show_filter.findData("leavers"))
    assert _shown_names(view) == ["Old Leaver", "Rhys Jones"]
    view.show_filter.setCurrentIndex(view.show_filter.findData("everyone"))
    assert view.count_label.text() == "4 people, all shown"
    view.kind_filter.setCurrentIndex(view.kind_filter.findData(PersonKind.GOVERNOR))
    assert _shown_names(view) == ["Gwen Governor"]
    view.kind_filter.setCurrentIndex(0)

    qtbot.keyClicks(view.search, "jones")
    qtbot.waitUntil(lambda: _shown_names(view) == ["Rhys Jones"])
    row = 0
    assert view.proxy.index(row, PersonTableModel.LEAVING).data() == f"{TODAY + dt.timedelta(days=10):%d/%m/%Y}"
    assert view.proxy.index(row, PersonTableModel.TRAINING).data() == "10/01/2026"


def test_training_missing_for_someone_named_on_an_account_is_marked(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    account_id, _ = make_account(workspace, AccountStatus.DRAFT, staff=0)
    person = make_person(workspace, "New Starter", social_media_training_on=None, terms_signed_on=None)
    accounts.add_staff(workspace, account_id, person, StaffRole.POSTER, "Dr Head", None)
    view = open_view()  # type: ignore[operator]
    training = view.proxy.index(0, PersonTableModel.TRAINING)
    assert training.data() == "Not yet"
    assert training.data(Qt.ItemDataRole.DecorationRole) is not None
    assert view.proxy.index(0, PersonTableModel.ACCOUNTS).data() == "1"
    view.show_record(person)
    assert view.pane.training_warning.isVisible()


def test_a_new_person_is_saved_and_a_bad_email_is_explained_beside_it(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    school.update_settings(workspace, school.SettingsChange(email_domains=["brambleford.sch.uk"]))
    view = open_view()  # type: ignore[operator]
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    pane = view.pane
    assert pane.is_new
    fields = pane.form.fields
    fields["full_name"].insert(HOSTILE)  # (QTest cannot type characters beyond the BMP, like the emoji)
    qtbot.keyClicks(fields["role"], "Year 4 teacher")
    qtbot.keyClicks(fields["email"], "zoe@gmail.com")
    pane.form.set_value("social_media_training_on", TODAY - dt.timedelta(days=3))
    pane.save_button.click()
    qtbot.waitUntil(lambda: "Use the school email address" in pane.form.errors["email"].message)
    assert fields["email"].hasFocus()
    assert people.list_people(workspace) == []

    fields["email"].setText("not an email")
    pane.save_button.click()
    qtbot.waitUntil(lambda: "is not an email address" in pane.form.errors["email"].message)

    fields["email"].setText("z.obrien@brambleford.sch.uk")
    with qtbot.waitSignal(pane.saved):
        qtbot.keyClick(fields["role"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [saved] = people.list_people(workspace)
    assert (saved.full_name, saved.role, saved.email) == (STORED, "Year 4 teacher", "z.obrien@brambleford.sch.uk")
    assert saved.social_media_training_on == TODAY - dt.timedelta(days=3)
    assert not pane.form.errors["email"].isVisible()
    assert pane.title.text() == STORED and pane.title.textFormat() == Qt.TextFormat.PlainText
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.proxy.index(0, PersonTableModel.NAME).data() == STORED


def test_a_future_training_date_is_refused_beside_it(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    person = make_person(workspace, "Keen Bean")
    view = open_view()  # type: ignore[operator]
    view.show_record(str(person))
    view.pane.form.set_value("terms_signed_on", TODAY + dt.timedelta(days=5))
    view.pane.save_button.click()
    qtbot.waitUntil(lambda: "in the future" in view.pane.form.errors["terms_signed_on"].message)
    assert people.get_person(workspace, person).terms_signed_on == dt.date(2026, 1, 10)


def test_setting_a_leaving_date_shows_what_to_do_and_goes_to_the_account(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    led, (lead, _other) = make_account(workspace, AccountStatus.ACTIVE, handle="LedByThem")
    posted, _ = make_account(workspace, AccountStatus.ACTIVE, handle="PostedTo")
    accounts.add_staff(workspace, posted, lead, StaffRole.POSTER, "Dr Head", None)
    credential = make_credential(workspace, posted)
    vault.record_disclosure(
        workspace,
        credential,
        given_on=TODAY - dt.timedelta(days=30),
        authorised_by="Dr Head",
        reason="Posting",
        person_id=lead,
    )
    view = open_view()  # type: ignore[operator]
    view.show_record(lead)
    pane = view.pane
    names = {line.split(":")[0] for line in pane.accounts_list.lines}
    assert names == {"LedByThem news (X (Twitter))", "PostedTo news (X (Twitter))"}
    assert any(line.endswith(": Lead") for line in pane.accounts_list.lines)
    assert not pane.todo_group.isVisible()

    leaving = TODAY + dt.timedelta(days=14)
    pane.form.set_value("leaving_date", leaving)
    with qtbot.waitSignal(pane.saved):
        pane.save_button.click()
    dialog = pane.findChild(LeaverDialog)
    assert dialog is not None and dialog.isVisible()
    name = people.get_person(workspace, lead).full_name
    assert dialog.windowTitle() == f"Before {name} leaves"
    assert sorted(dialog.lines()) == [
        "Change the password of PostedTo news (Main login)",
        "Remove access to PostedTo news",
        "Transfer the lead of LedByThem news",
    ]
    assert people.get_person(workspace, lead).leaving_date == leaving
    assert pane.todo_group.isVisible() and len(pane.todo_list.lines) == 3  # also kept in the details

    row = dialog.lines().index("Transfer the lead of LedByThem news")
    go = dialog.findChild(QPushButton, f"leaver-items-go-{row}")
    assert go is not None and go.text() == "Go to account"
    with qtbot.waitSignal(view.open_record) as opened:
        go.click()
    assert opened.args == ["accounts", str(led)]
    assert not dialog.isVisible()


def test_a_leaver_dialog_button_takes_the_main_window_to_the_account(qtbot: QtBot, app_session: AppSession) -> None:
    from smgov.ui.sections.accounts import AccountsView
    from smgov.ui.shell.main_window import MainWindow

    workspace = app_session.workspace
    account_id, (lead, _other) = make_account(workspace, AccountStatus.ACTIVE, handle="Handover")
    window = MainWindow(app_session)
    qtbot.addWidget(window)
    window.show()
    window.navigate("people", str(lead))
    view = window.page("people")
    assert isinstance(view, PeopleView)
    qtbot.waitUntil(lambda: view.pane.record_id == lead)
    view.pane.form.set_value("leaving_date", TODAY)
    with qtbot.waitSignal(view.pane.saved):
        view.pane.save_button.click()
    dialog = view.pane.findChild(LeaverDialog)
    assert dialog is not None
    assert dialog.windowTitle().endswith("has left: still to do")
    dialog.findChild(QPushButton, "leaver-items-go-0").click()
    assert window.current_section() == "accounts"
    accounts_view = window.page("accounts")
    assert isinstance(accounts_view, AccountsView)
    qtbot.waitUntil(lambda: accounts_view.pane.record_id == account_id)
    operations.wait_for_background()


def test_deleting_someone_named_on_an_account_is_refused(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    _account, (lead, _other) = make_account(workspace, AccountStatus.DRAFT)
    view = open_view()  # type: ignore[operator]
    view.show_record(lead)
    view.pane.delete_button.click()
    box = _one_box(qtbot, "person-delete-question")
    assert "set a leaving date instead" in box.text()
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Yes).click()
    refused = _one_box(qtbot, "person-delete-refused")
    assert "cannot be deleted" in refused.text() and "Set a leaving date instead." in refused.text()
    refused.close()
    assert people.get_person(workspace, lead).id == lead
    assert view.pane.record_id == lead


def test_deleting_someone_added_by_mistake_asks_then_deletes(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    mistake = make_person(workspace, "Added By Mistake")
    make_person(workspace, "Stays Here")
    view = open_view()  # type: ignore[operator]
    view.show_record(mistake)
    view.pane.delete_button.click()
    box = _one_box(qtbot, "person-delete-question")
    with qtbot.waitSignal(view.pane.deleted):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert [p.full_name for p in people.list_people(workspace)] == ["Stays Here"]
    assert view.pane.record_id is None
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)


def test_leaving_with_unsaved_changes_asks_and_can_discard(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    first = make_person(workspace, "Aaron First")
    second = make_person(workspace, "Bella Second")
    view = open_view()  # type: ignore[operator]
    view.show_record(first)
    view.pane.form.fields["role"].setText("Changed role")
    view.show_record(second)
    box = _one_box(qtbot, "person-unsaved-question")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter never saves by mistake
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Discard).click()
    assert view.pane.record_id == second
    assert people.get_person(workspace, first).role == "Teacher"


def test_locking_clears_the_people_shown(
    qtbot: QtBot, open_view: object, workspace: Workspace, app_session: AppSession
) -> None:
    person = make_person(workspace, "Private Person")
    view = open_view()  # type: ignore[operator]
    view.show_record(person)
    operations.wait_for_background()
    app_session.lock()
    assert view.model.rowCount() == 0
    assert view.pane.title.text() == "" and view.pane.form.value("full_name") == ""


def test_the_list_has_the_room_until_someone_is_chosen_and_the_split_is_remembered(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    person = make_person(workspace, "Split Decision")
    view = open_view()  # type: ignore[operator]
    assert not view.pane.isVisible()
    assert view.table.width() > 1000  # the whole width of the 1280-pixel section, less its margins
    view.show_record(person)
    assert view.pane.isVisible()
    assert 300 < view.table.width() < 1000
    view.splitter.setSizes([900, 330])
    view.splitter.splitterMoved.emit(900, 1)
    qtbot.waitUntil(lambda: state.pane_sizes("people-splitter") is not None)  # kept once the drag rests
    again = open_view()  # type: ignore[operator]
    again.show_record(person)
    assert abs(again.splitter.sizes()[0] - view.splitter.sizes()[0]) <= 4  # within a splitter handle's width


def test_saving_with_ctrl_s_after_ctrl_n_adds_and_the_list_shows_them(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    view = open_view()  # type: ignore[operator]
    assert view.new_record()
    view.pane.form.fields["full_name"].setText("Nadia Newcomer")
    with qtbot.waitSignal(view.pane.saved) as saved:
        view.pane.save()
    assert people.get_person(workspace, saved.args[0]).full_name == "Nadia Newcomer"
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.table.currentIndex().row() == 0


def test_after_locking_and_unlocking_the_list_has_the_room_again(
    qtbot: QtBot, open_view: object, workspace: Workspace, app_session: AppSession
) -> None:
    person = make_person(workspace, "Locked Out")
    view = open_view()  # type: ignore[operator]
    view.show_record(person)
    assert not view.pane.isHidden()
    operations.wait_for_background()
    view.hide()  # as in the window: the locked page takes the section's place
    app_session.lock()
    reopened = Workspace.open(workspace.path, passphrase=PASSPHRASE)
    app_session.set_workspace(reopened)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.pane.isHidden() and view.table.width() > 1000
