"""The account register section: the table and its filters, the details form, lifecycle steps, named staff,
deleting, printing and exporting, and what a user relies on when something is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smgov.data.models import KeyRole
from smgov.data.models.accounts import AccountStatus, Platform, StaffRole
from smgov.data.services import accounts, audit_log, school, vault
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.sections.accounts import AccountsView, AccountTableModel
from smgov.ui.sections.accounts.dialogs import AddStaffDialog, TransitionDialog
from smgov.ui.shell.session import AppSession
from tests.data.registers import complete_form, make_account, make_credential, make_person

S = AccountStatus
HOSTILE = "<b>Bold</b> & \"quotes\" =cmd|' /C calc'!A0 \u200fRTL\u200f 😀"


@pytest.fixture
def open_view(qtbot: QtBot, app_session: AppSession) -> Iterator[object]:
    """Open the section once the test has made its records: ``view = open_view()``."""
    made: list[AccountsView] = []

    def make() -> AccountsView:
        view = AccountsView(app_session)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        qtbot.waitUntil(lambda: view._loaded_once)
        made.append(view)
        return view

    yield make
    operations.wait_for_background()
    for box in _boxes():
        box.close()


def _boxes(name: str | None = None) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and (name is None or w.objectName() == name)
    ]


def _one_box(qtbot: QtBot, name: str | None = None) -> QMessageBox:
    qtbot.waitUntil(lambda: len(_boxes(name)) == 1)
    return _boxes(name)[0]


def _shown_ids(view: AccountsView) -> list[int]:
    return [view.proxy.row_at(row).id for row in range(view.proxy.rowCount())]


def _reloaded(qtbot: QtBot, view: AccountsView, count: int) -> None:
    qtbot.waitUntil(lambda: view.model.rowCount() == count)
    operations.wait_for_background()
    QApplication.processEvents()


def _cell(view: AccountsView, account_id: int, column: int) -> str:
    row = _shown_ids(view).index(account_id)
    return str(view.proxy.index(row, column).data())


# -- the register table ------------------------------------------------------------------------------------------


def test_the_register_lists_every_account_and_flags_what_stands_out(open_view: object, workspace: Workspace) -> None:
    active, _ = make_account(workspace, S.ACTIVE, handle="MainPage")
    draft, _ = make_account(workspace, S.DRAFT, staff=1, handle="DraftPage")
    private = accounts.add_account(workspace, complete_form("SecretClub"))
    form = accounts.get_account(workspace, private).form
    form.is_public = False
    form.review_date = dt.date.today() - dt.timedelta(days=3)
    accounts.update_account(workspace, private, form)
    view = open_view()  # type: ignore[operator]

    assert view.model.rowCount() == 3
    assert view.count_label.text() == "3 accounts, all shown"
    assert _cell(view, active, AccountTableModel.STATUS) == "Active"
    assert _cell(view, active, AccountTableModel.STAFF) == "2"
    assert _cell(view, active, AccountTableModel.HANDLE) == "@MainPage"
    assert _cell(view, active, AccountTableModel.ATTENTION) == ""
    assert _cell(view, draft, AccountTableModel.ATTENTION) == "1 named staff"
    flags = _cell(view, private, AccountTableModel.ATTENTION)
    assert flags == "Private, No named staff, Review overdue"  # words, not colour alone
    row = _shown_ids(view).index(private)
    assert view.proxy.index(row, AccountTableModel.ATTENTION).data(Qt.ItemDataRole.DecorationRole) is not None
    assert _cell(view, private, AccountTableModel.PUBLIC) == "No"


def test_search_and_the_status_and_platform_filters_narrow_the_list(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    active, _ = make_account(workspace, S.ACTIVE, handle="BramblePE")
    submitted, _ = make_account(workspace, S.SUBMITTED, handle="HollinsMusic")
    youtube = accounts.add_account(workspace, complete_form("EcoClubTV", Platform.YOUTUBE))
    view = open_view()  # type: ignore[operator]

    qtbot.keyClicks(view.search, "bramble")
    qtbot.waitUntil(lambda: _shown_ids(view) == [active])
    assert view.count_label.text() == "3 accounts, 1 shown"
    view.search.clear()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3)

    view.status_filter.setCurrentIndex(view.status_filter.findData(S.SUBMITTED))
    assert _shown_ids(view) == [submitted]
    view.status_filter.setCurrentIndex(view.status_filter.findData("attention"))
    assert _shown_ids(view) == [youtube]  # a draft with nobody named on it
    view.status_filter.setCurrentIndex(0)
    view.platform_filter.setCurrentIndex(view.platform_filter.findData(Platform.YOUTUBE))
    assert _shown_ids(view) == [youtube]
    assert view.count_label.text() == "3 accounts, 1 shown"
    view.platform_filter.setCurrentIndex(0)
    assert view.count_label.text() == "3 accounts, all shown"


def test_ctrl_f_goes_to_the_search_box(qtbot: QtBot, open_view: object) -> None:
    view = open_view()  # type: ignore[operator]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_clicking_a_row_opens_the_account_beside_the_table(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    make_account(workspace, S.DRAFT, handle="AAAFirst")
    second, _ = make_account(workspace, S.ACTIVE, handle="BBBSecond")
    view = open_view()  # type: ignore[operator]
    row = _shown_ids(view).index(second)
    rect = view.table.visualRect(view.proxy.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.pane.record_id == second
    assert view.pane.handle.text() == "BBBSecond"
    assert view.pane.state_chip.text() == "Active"
    assert view.pane.lifecycle.status_label.text() == "Status: Active"


# -- the form ------------------------------------------------------------------------------------------------------


def _fill_new(qtbot: QtBot, view: AccountsView, platform: Platform, handle: str, url: str = "") -> None:
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert view.pane.is_new
    view.pane.platform.setCurrentIndex(view.pane.platform.findData(platform))
    qtbot.keyClicks(view.pane.handle, handle)
    if url:
        qtbot.keyClicks(view.pane.profile_url, url)


def test_a_new_account_is_typed_in_and_saved_with_ctrl_s(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    view = open_view()  # type: ignore[operator]
    _fill_new(qtbot, view, Platform.INSTAGRAM, "hollins.art", "https://www.instagram.com/hollins.art")
    qtbot.keyClicks(view.pane.name, "Hollins art club")
    qtbot.keyClicks(view.pane.linked_email, "art@hollins.example.org")
    qtbot.keyClicks(view.pane.form.fields["aim"], "Show pupils' art to families")
    assert view.pane.save_button.isEnabled()
    with qtbot.waitSignal(view.pane.saved):
        qtbot.keyClick(view.pane.handle, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    rows = accounts.list_accounts(workspace)
    assert [(r.platform, r.handle, r.name, r.status) for r in rows] == [
        (Platform.INSTAGRAM, "hollins.art", "Hollins art club", S.DRAFT)
    ]
    details = accounts.get_account(workspace, rows[0].id)
    assert details.form.aim == "Show pupils' art to families"
    assert details.form.linked_email == "art@hollins.example.org"
    assert not view.pane.is_new and view.pane.record_id == rows[0].id
    assert view.pane.state_chip.text() == "Draft"
    assert not view.pane.save_button.isEnabled()
    _reloaded(qtbot, view, 1)
    assert view.table.currentIndex().row() == _shown_ids(view).index(rows[0].id)  # the new one is selected
    assert "account.add" in {event.action for event in audit_log.list_events(workspace)}


def test_a_bad_web_address_is_explained_beside_it_and_nothing_is_saved(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    view = open_view()  # type: ignore[operator]
    _fill_new(qtbot, view, Platform.FACEBOOK, "BramblePTA", "facebook.com/BramblePTA")
    view.pane.save_button.click()
    url_error = view.pane.form.errors["profile_url"]
    assert url_error.isVisible()
    assert url_error.text().startswith("Add https:// at the start")
    assert view.pane.profile_url.hasFocus()
    assert view.pane.profile_url.accessibleDescription() == url_error.text()
    assert accounts.list_accounts(workspace) == []

    view.pane.profile_url.setText("https://www.instagram.com/BramblePTA")  # not Facebook
    view.pane.save_button.click()
    assert "not a Facebook address" in url_error.text()
    assert accounts.list_accounts(workspace) == []

    view.pane.profile_url.setText("https://www.facebook.com/BramblePTA")
    with qtbot.waitSignal(view.pane.saved):
        view.pane.save_button.click()
    assert not url_error.isVisible()
    assert [r.handle for r in accounts.list_accounts(workspace)] == ["BramblePTA"]


def test_every_wrong_field_is_pointed_out_at_once(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    view = open_view()  # type: ignore[operator]
    _fill_new(qtbot, view, Platform.X, "school news", "not a url")
    qtbot.keyClicks(view.pane.linked_email, "office at school")
    view.pane.save_button.click()
    errors = view.pane.form.errors
    assert "no spaces" in errors["handle"].message
    assert "no spaces" in errors["profile_url"].message
    assert "is not an email address" in errors["linked_email"].message
    assert view.pane.handle.hasFocus()  # the first wrong field
    assert accounts.list_accounts(workspace) == []


def test_pasting_ten_thousand_characters_is_refused_beside_the_field(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    view = open_view()  # type: ignore[operator]
    _fill_new(qtbot, view, Platform.X, "LongAim")
    aim = view.pane.form.fields["aim"]
    QGuiApplication.clipboard().setText("x" * 10_000)
    aim.setFocus()
    qtbot.keyClick(aim, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(view.pane.form.value("aim")) == 10_000
    view.pane.save_button.click()
    qtbot.waitUntil(lambda: "too long" in view.pane.form.errors["aim"].message)
    assert view.pane.form.errors["aim"].isVisible()
    assert accounts.list_accounts(workspace) == []
    QGuiApplication.clipboard().clear()


def test_a_duplicate_account_is_refused_beside_the_handle(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    accounts.add_account(workspace, complete_form("BramblePE"))
    view = open_view()  # type: ignore[operator]
    _fill_new(qtbot, view, Platform.X, "@bramblepe")
    view.pane.save_button.click()
    qtbot.waitUntil(lambda: "already has the X (Twitter) account @bramblepe" in view.pane.form.errors["handle"].message)
    assert len(accounts.list_accounts(workspace)) == 1


def test_unticking_public_shows_the_policy_warning(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.DRAFT)
    view = open_view()  # type: ignore[operator]
    view.show_record(str(account_id))
    warning = view.pane.public_warning
    assert not warning.isVisible()
    view.pane.is_public.click()
    assert warning.isVisible()
    assert warning.text() == "The policy requires school accounts to be public."
    assert "the account must be public, not private or closed" in view.pane.missing_items()


def test_hostile_text_shows_literally(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    form = complete_form("Hostile")
    form.name = HOSTILE
    account_id = accounts.add_account(workspace, form)
    view = open_view()  # type: ignore[operator]
    assert _cell(view, account_id, AccountTableModel.NAME) == HOSTILE
    view.show_record(account_id)
    assert view.pane.title.text() == HOSTILE
    assert view.pane.title.textFormat() == Qt.TextFormat.PlainText
    assert view.pane.name.text() == HOSTILE


def test_switching_account_with_unsaved_changes_asks_first(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    first, _ = make_account(workspace, S.DRAFT, handle="AAAFirst")
    second, _ = make_account(workspace, S.DRAFT, handle="BBBSecond")
    view = open_view()  # type: ignore[operator]
    view.show_record(first)
    view.pane.name.setText("Changed name")
    assert not view.confirm_leave(lambda: None)
    box = _one_box(qtbot, "account-unsaved-question")
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Cancel).click()

    view.show_record(second)
    box = _one_box(qtbot, "account-unsaved-question")
    assert view.pane.record_id == first  # nothing lost while it asks
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter never saves by mistake
    with qtbot.waitSignal(view.pane.saved):
        box.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.pane.record_id == second)
    assert accounts.get_account(workspace, first).form.name == "Changed name"


# -- lifecycle -----------------------------------------------------------------------------------------------------


def test_only_the_allowed_steps_are_offered_in_plain_words(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    active, _ = make_account(workspace, S.ACTIVE)
    submitted, _ = make_account(workspace, S.SUBMITTED)
    view = open_view()  # type: ignore[operator]
    view.show_record(active)
    assert {to: b.text() for to, b in view.pane.step_buttons.items()} == {
        S.UNDER_REVIEW: "Start review…",
        S.CLOSING: "Close account…",
        S.TRANSFERRED: "Transfer…",
    }
    view.show_record(submitted)
    assert {to: b.text() for to, b in view.pane.step_buttons.items()} == {
        S.APPROVED: "Record approval…",
        S.REJECTED: "Record rejection…",
        S.DRAFT: "Return to draft",
    }
    assert all(b.isVisible() for b in view.pane.step_buttons.values())


def test_submitting_an_incomplete_application_shows_what_is_missing(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    form = complete_form("HalfDone")
    form.aim = ""
    account_id = accounts.add_account(workspace, form)
    accounts.add_staff(workspace, account_id, make_person(workspace), StaffRole.LEAD, "Dr Head", None)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    assert list(view.pane.step_buttons) == [S.SUBMITTED]
    assert view.pane.step_buttons[S.SUBMITTED].text() == "Submit to SLT"
    assert view.pane.missing_items() == ["the aim of the account", "at least two named staff (it has 1)"]

    view.pane.step_buttons[S.SUBMITTED].click()
    box = _one_box(qtbot, "account-step-refused")
    assert box.text() == (
        "The application is not complete. It still needs: the aim of the account; at least two named staff (it has 1)."
    )
    box.close()
    assert accounts.get_account(workspace, account_id).status is S.DRAFT

    qtbot.keyClicks(view.pane.form.fields["aim"], "Celebrate reading")  # the checklist follows the typing
    assert view.pane.missing_items() == ["at least two named staff (it has 1)"]


def test_submitting_a_complete_application_moves_it_on(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.DRAFT)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    assert view.pane.missing_items() == []
    assert "complete" in view.pane.lifecycle.ready_note.text()
    with qtbot.waitSignal(view.pane.saved):
        view.pane.step_buttons[S.SUBMITTED].click()
    assert accounts.get_account(workspace, account_id).status is S.SUBMITTED
    assert view.pane.state_chip.text() == "Submitted to SLT"
    assert set(view.pane.step_buttons) == {S.APPROVED, S.REJECTED, S.DRAFT}
    _reloaded(qtbot, view, 1)
    qtbot.waitUntil(lambda: _cell(view, account_id, AccountTableModel.STATUS) == "Submitted to SLT")


def test_approving_asks_who_decided_and_records_it(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.SUBMITTED)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    view.pane.step_buttons[S.APPROVED].click()
    dialog = view.pane.findChild(TransitionDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Record SLT's approval"

    dialog.ok_button.click()  # nobody named yet
    qtbot.waitUntil(lambda: dialog.errors["decided_by"].message == "Say who made the decision (for SLT).")
    assert dialog.isVisible()
    assert accounts.get_account(workspace, account_id).status is S.SUBMITTED

    decider = "Governors' panel <b>&"
    qtbot.keyClicks(dialog.decided_by, decider)
    dialog.decided_on.setDate(dt.date.today() - dt.timedelta(days=2))
    qtbot.keyClicks(dialog.reason, "Review after a term")
    with qtbot.waitSignal(view.pane.saved):
        dialog.ok_button.click()
    assert not dialog.isVisible()

    details = accounts.get_account(workspace, account_id)
    assert details.status is S.APPROVED
    assert details.decided_by == decider
    assert details.decided_on == dt.date.today() - dt.timedelta(days=2)
    assert details.decision_reasons == "Review after a term"
    assert view.pane.lifecycle.status_label.text() == "Status: Approved"
    assert view.pane.lifecycle.story.text().startswith(f"Approved by {decider} on ")
    assert list(view.pane.step_buttons) == [S.ACTIVE]
    assert view.pane.step_buttons[S.ACTIVE].text() == "Mark active"
    newest = view.pane.history_lines()[0]
    assert "Submitted to SLT → Approved" in newest
    assert f"decided by {decider}" in newest
    assert "Why: Review after a term" in newest


def test_starting_a_review_needs_a_reason(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    view.pane.step_buttons[S.UNDER_REVIEW].click()
    dialog = view.pane.findChild(TransitionDialog)
    assert dialog is not None and dialog.decided_by is None  # a review has no SLT decider
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Say why" in dialog.errors["reason"].message)
    qtbot.keyClicks(dialog.reason, "Termly review")
    with qtbot.waitSignal(view.pane.saved):
        qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Space)
    assert accounts.get_account(workspace, account_id).status is S.UNDER_REVIEW
    assert view.pane.lifecycle.story.text() == "Being reviewed. Why: Termly review"


def test_marking_closed_asks_first(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE)
    accounts.transition(workspace, account_id, S.CLOSING, reason="No longer needed")
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    view.pane.step_buttons[S.CLOSED].click()
    box = _one_box(qtbot, "account-close-question")
    with qtbot.waitSignal(view.pane.saved):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert accounts.get_account(workspace, account_id).status is S.CLOSED
    assert view.pane.step_buttons == {}
    assert view.pane.lifecycle.steps_hint.text() == "A closed account has no further steps."


# -- named staff ---------------------------------------------------------------------------------------------------


# Typing into the person box opens its completer popup; the offscreen platform notes it cannot raise or grab.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_naming_a_person_defaults_to_the_headteacher_as_authoriser(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    school.update_settings(
        workspace, school.SettingsChange(key_people=[school.KeyPersonDetails(KeyRole.HEADTEACHER, "Dr Amara Okafor")])
    )
    account_id = accounts.add_account(workspace, complete_form("NoStaffYet"))
    person = make_person(workspace, "Zofia Nowak")
    make_person(workspace, "Old Leaver", leaving_date=dt.date.today() - dt.timedelta(days=1))
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    view.pane.staff.add_button.click()
    dialog = view.pane.findChild(AddStaffDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.authorised_by.text() == "Dr Amara Okafor"
    assert dialog.authorised_on.date() == dt.date.today()
    assert [p.full_name for p in dialog.people] == ["Zofia Nowak"]  # leavers are not offered

    dialog.ok_button.click()
    assert "Choose a person" in dialog.errors["person"].message
    qtbot.keyClicks(dialog.person.lineEdit(), "Zofia Nowak")
    dialog.role.setCurrentIndex(dialog.role.findData(StaffRole.LEAD))
    with qtbot.waitSignal(view.pane.saved):
        dialog.ok_button.click()

    link = accounts.get_account(workspace, account_id).current_staff[0]
    assert (link.person_id, link.role, link.authorised_by) == (person, StaffRole.LEAD, "Dr Amara Okafor")
    assert view.pane.staff.model.rowCount() == 1
    assert view.pane.staff.summary.text() == "1 current named staff; lead: Zofia Nowak"
    assert "at least two" in view.pane.staff.warning.text()


def test_missing_training_is_marked_in_the_staff_table(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id = accounts.add_account(workspace, complete_form("Untrained"))
    person = make_person(workspace, "New Starter", social_media_training_on=None, terms_signed_on=None)
    accounts.add_staff(workspace, account_id, person, StaffRole.POSTER, "Dr Head", None)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    model = view.pane.staff.model
    trained = model.index(0, model.TRAINED)
    assert trained.data() == "No"
    assert trained.data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, model.TERMS).data() == "No"
    assert "New Starter" in view.pane.staff.warning.text()


def test_removing_the_last_person_of_a_running_account_is_refused(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    account_id, _people = make_account(workspace, S.ACTIVE)
    first = accounts.get_account(workspace, account_id).current_staff[0]
    accounts.remove_staff(workspace, account_id, first.id)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    table = view.pane.staff.table
    assert view.pane.staff.proxy.rowCount() == 1  # the removed one is history, hidden
    table.selectRow(0)
    table.setCurrentIndex(view.pane.staff.proxy.index(0, 0))
    view.pane.staff.remove_button.click()
    box = _one_box(qtbot, "account-staff-refused")
    assert box.text().startswith("This is the last person named on a running account.")
    box.close()
    assert len(accounts.get_account(workspace, account_id).current_staff) == 1

    view.pane.staff.show_removed.click()
    assert view.pane.staff.proxy.rowCount() == 2
    names = {view.pane.staff.proxy.index(r, 0).data() for r in range(2)}
    assert any(name.endswith(f"(removed {dt.date.today():%d/%m/%Y})") for name in names)


def test_taking_someone_off_an_account_keeps_the_history(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id, _people = make_account(workspace, S.ACTIVE, staff=3)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    view.pane.staff.table.setCurrentIndex(view.pane.staff.proxy.index(2, 0))
    with qtbot.waitSignal(view.pane.saved):
        view.pane.staff.remove_button.click()
    assert len(accounts.get_account(workspace, account_id).current_staff) == 2
    assert view.pane.staff.proxy.rowCount() == 2
    assert "taken off the account" in view.pane.message.text()


# -- deleting ------------------------------------------------------------------------------------------------------


def test_deleting_an_account_asks_naming_its_logins_then_deletes_it(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE, handle="Doomed")
    keep, _ = make_account(workspace, S.ACTIVE, handle="Kept")
    make_credential(workspace, account_id)
    make_credential(workspace, account_id, secret="Another-secret-9#x")
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)

    view.pane.delete_button.click()
    box = _one_box(qtbot, "account-delete-question")
    assert "its 2 saved logins" in box.text()
    assert "The audit log keeps a record that it was deleted, but no passwords." in box.text()
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(accounts.list_accounts(workspace)) == 2

    view.pane.delete_button.click()
    box = _one_box(qtbot, "account-delete-question")
    with qtbot.waitSignal(view.pane.deleted):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert [r.id for r in accounts.list_accounts(workspace)] == [keep]
    assert vault.list_credentials(workspace, account_id) == []
    assert view.pane.record_id is None and view.pane.stack.currentWidget() is view.pane.empty
    _reloaded(qtbot, view, 1)
    event = next(e for e in audit_log.list_events(workspace) if e.action == "account.delete")
    assert "2 credential(s)" in event.summary and "Another-secret" not in event.summary


# -- section hooks, printing, exporting, locking -------------------------------------------------------------------


def test_show_record_selects_the_account_even_when_filtered_out(
    qtbot: QtBot, open_view: object, workspace: Workspace
) -> None:
    wanted, _ = make_account(workspace, S.ACTIVE, handle="Wanted")
    make_account(workspace, S.DRAFT, handle="Other")
    view = open_view()  # type: ignore[operator]
    qtbot.keyClicks(view.search, "other")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    view.status_filter.setCurrentIndex(view.status_filter.findData(S.DRAFT))
    view.show_record(str(wanted))
    assert view.search.text() == "" and view.status_filter.currentIndex() == 0
    assert view.pane.record_id == wanted
    assert view.proxy.row_at(view.table.currentIndex().row()).id == wanted


def test_a_dashboard_item_opens_the_account_in_the_main_window(qtbot: QtBot, app_session: AppSession) -> None:
    from smgov.ui.shell.main_window import MainWindow

    account_id, _ = make_account(app_session.workspace, S.SUBMITTED)
    window = MainWindow(app_session)
    qtbot.addWidget(window)
    window.show()
    dashboard = window.page("dashboard")
    dashboard.open_record.emit("accounts", str(account_id))  # type: ignore[attr-defined]
    assert window.current_section() == "accounts"
    view = window.page("accounts")
    assert isinstance(view, AccountsView)
    qtbot.waitUntil(lambda: view.pane.record_id == account_id)
    operations.wait_for_background()


def test_the_register_exports_as_csv_with_an_audit_entry_and_no_secrets(
    qtbot: QtBot, open_view: object, workspace: Workspace, tmp_path: Path
) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE, handle="Exported")
    make_credential(workspace, account_id, secret="Never-In-The-Export-42!")
    view = open_view()  # type: ignore[operator]
    folder = tmp_path / "exports"
    folder.mkdir()
    dest = folder / "register.csv"
    view.export_register("csv", dest)
    qtbot.waitUntil(lambda: "Saved register.csv" in view.notice.text())
    text = dest.read_text(encoding="utf-8-sig")
    assert "Exported" in text and "Never-In-The-Export" not in text
    assert [p.name for p in folder.iterdir()] == ["register.csv"]  # no partial file left behind
    event = next(e for e in audit_log.list_events(workspace) if e.action == "export")
    assert event.entity_type == "accounts" and event.summary == "Exported accounts as CSV"


def test_saving_the_application_pdf_is_audited(
    qtbot: QtBot, open_view: object, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    account_id, _ = make_account(workspace, S.SUBMITTED, handle="Printed")
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    dest = tmp_path / "application.pdf"
    monkeypatch.setattr("smgov.ui.frame.pdf_output.choose_pdf_destination", lambda *_args, **_kw: dest)
    dialog = view.pane.print_application()
    assert dialog is not None and dialog.objectName() == "account-application-print"
    with qtbot.waitSignal(dialog.pdf.saved, timeout=10_000):
        dialog.save_button.click()
    assert dest.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(
        lambda: any(
            e.action == "form.print" and e.entity_id == str(account_id) for e in audit_log.list_events(workspace)
        )
    )


def test_locking_clears_the_register_and_the_details(
    qtbot: QtBot, open_view: object, workspace: Workspace, app_session: AppSession
) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE, handle="Secretive")
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    assert view.pane.handle.text() == "Secretive"
    operations.wait_for_background()
    app_session.lock()
    assert view.model.rowCount() == 0
    assert view.pane.handle.text() == "" and view.pane.title.text() == ""
    assert view.pane.staff.model.rowCount() == 0
    assert not view.new_button.isEnabled()


def test_the_header_sorts_by_status_in_lifecycle_order(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    active, _ = make_account(workspace, S.ACTIVE, handle="AAA")
    draft, _ = make_account(workspace, S.DRAFT, handle="BBB")
    submitted, _ = make_account(workspace, S.SUBMITTED, handle="CCC")
    view = open_view()  # type: ignore[operator]
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(AccountTableModel.STATUS) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert _shown_ids(view) == [draft, submitted, active]


def test_enter_on_a_named_person_opens_them_in_people(qtbot: QtBot, open_view: object, workspace: Workspace) -> None:
    account_id, (lead, _other) = make_account(workspace, S.ACTIVE)
    view = open_view()  # type: ignore[operator]
    view.show_record(account_id)
    table = view.pane.staff.table
    row = next(r for r in range(view.pane.staff.proxy.rowCount()) if view.pane.staff.proxy.row_at(r).person_id == lead)
    table.setFocus()
    table.setCurrentIndex(view.pane.staff.proxy.index(row, 0))
    with qtbot.waitSignal(view.open_record) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == ["people", str(lead)]
