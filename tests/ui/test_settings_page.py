"""The settings page: one Save for everything, errors beside their fields, nothing half-saved."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from smgov.data import keystore
from smgov.data.models import KeyRole, ResponseRule
from smgov.data.services import school
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations, state
from smgov.ui.sections.settings.view import SettingsPage
from smgov.ui.shell.session import AppSession
from tests.conftest import SCHOOL

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours


@pytest.fixture
def session(qtbot: QtBot, workspace: Workspace) -> Iterator[AppSession]:
    app_session = AppSession()
    app_session.set_workspace(workspace)
    yield app_session
    operations.wait_for_background()
    app_session.lock()


@pytest.fixture
def page(qtbot: QtBot, session: AppSession) -> SettingsPage:
    settings = SettingsPage(session)
    qtbot.addWidget(settings)
    settings.resize(1000, 800)
    with qtbot.waitActive(settings):
        settings.show()
    return settings


def _retype(qtbot: QtBot, edit: object, text: str) -> None:
    edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, text)


def _save(qtbot: QtBot, page: SettingsPage) -> None:
    """Ctrl+S, and wait for the save to end (it runs off the UI thread), whether it worked or was refused."""
    qtbot.keyClick(page.pane.form.fields["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.pane.is_saving)


def test_the_page_shows_the_saved_settings(page: SettingsPage, session: AppSession) -> None:
    details = school.get_details(session.workspace)
    assert page.pane.form.fields["name"].text() == SCHOOL
    assert page.pane.form.fields["auto_lock_minutes"].value() == details.auto_lock_minutes
    assert page.pane.form.fields["password_max_age_days"].value() == details.password_max_age_days
    assert page.pane.form.fields["policy_review_date"].date() is None
    assert page.pane.workspace_tools.path_label.text() == str(session.workspace.path)
    assert page.pane.workspace_tools.backup_dir_label.text() == str(state.backup_dir())
    assert not page.pane.save_button.isEnabled()
    assert not page.pane.demo_banner.isVisible()


def test_save_is_enabled_only_when_something_changed(qtbot: QtBot, page: SettingsPage) -> None:
    assert not page.pane.save_button.isEnabled()
    qtbot.keyClicks(page.pane.form.fields["name"], " Academy")
    assert page.pane.save_button.isEnabled()
    assert page.pane.has_unsaved_changes()
    qtbot.keyClick(page.pane.form.fields["name"], Qt.Key.Key_Backspace)
    for _ in range(len(" Academ")):
        qtbot.keyClick(page.pane.form.fields["name"], Qt.Key.Key_Backspace)
    assert page.pane.form.fields["name"].text() == SCHOOL
    assert not page.pane.save_button.isEnabled()


def test_ctrl_s_saves_everything_and_it_reads_back(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    _retype(qtbot, page.pane.form.fields["name"], "Spixworth & Hevingham Federation")
    name, email, phone = page.pane.people[KeyRole.DSL]
    qtbot.keyClicks(name, "Jo Bloggs")
    qtbot.keyClicks(email, "dsl@spixworth.norfolk.sch.uk")
    qtbot.keyClicks(phone, "01603 123456")
    page.pane.form.fields["policy_review_date"].setDate(dt.date(2027, 3, 1))
    page.pane.form.fields["auto_lock_minutes"].setValue(5)
    page.pane.form.fields["response_rule"].setCurrentIndex(
        page.pane.form.fields["response_rule"].findData(ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND)
    )
    page.pane.form.fields["password_max_age_days"].setValue(180)
    _retype(qtbot, page.pane.form.fields["email_domains"], "spixworth.norfolk.sch.uk, Hevingham.norfolk.sch.uk")

    with qtbot.waitSignal(session.changed) as changed:
        _save(qtbot, page)
    assert changed.args == ["settings"]

    details = school.get_details(session.workspace)
    assert details.name == "Spixworth & Hevingham Federation"
    assert details.policy_review_date == dt.date(2027, 3, 1)
    assert details.auto_lock_minutes == 5
    assert details.response_rule == ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND
    assert details.password_max_age_days == 180
    assert details.email_domains == ("spixworth.norfolk.sch.uk", "hevingham.norfolk.sch.uk")
    dsl = school.key_people(session.workspace)[KeyRole.DSL]
    assert (dsl.name, dsl.email, dsl.phone) == ("Jo Bloggs", "dsl@spixworth.norfolk.sch.uk", "01603 123456")
    assert not page.pane.save_button.isEnabled()
    assert page.pane.message.text() == "Saved."


def test_a_bad_email_is_shown_beside_its_field_and_nothing_is_saved(
    qtbot: QtBot, page: SettingsPage, session: AppSession
) -> None:
    _retype(qtbot, page.pane.form.fields["name"], "A Name That Must Not Be Saved")
    name, email, _phone = page.pane.people[KeyRole.HEADTEACHER]
    qtbot.keyClicks(name, "Mrs Head")
    qtbot.keyClicks(email, "head at school")
    _save(qtbot, page)

    error = page.pane.form.errors[f"{KeyRole.HEADTEACHER.value}.email"]
    assert error.isVisible()
    assert "is not an email address" in error.text()
    assert email.hasFocus()
    assert email.accessibleDescription() == error.text()
    assert [key for key, e in page.pane.form.errors.items() if e.isVisible()] == [f"{KeyRole.HEADTEACHER.value}.email"]
    assert school.get_details(session.workspace).name == SCHOOL
    assert KeyRole.HEADTEACHER not in school.key_people(session.workspace)
    assert page.pane.save_button.isEnabled()  # the edits are still there to fix

    _retype(qtbot, email, "head@school.org.uk")
    _save(qtbot, page)
    assert not error.isVisible()
    assert school.get_details(session.workspace).name == "A Name That Must Not Be Saved"


def test_an_empty_school_name_is_refused_beside_the_name(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    page.pane.form.fields["name"].clear()
    _save(qtbot, page)
    assert page.pane.form.errors["name"].isVisible()
    assert "Enter the school's name" in page.pane.form.errors["name"].text()
    assert school.get_details(session.workspace).name == SCHOOL


def test_a_bad_domain_is_refused_beside_the_domains(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    qtbot.keyClicks(page.pane.form.fields["email_domains"], "not a domain!")
    _save(qtbot, page)
    assert page.pane.form.errors["email_domains"].isVisible()
    assert school.get_details(session.workspace).email_domains == ()


def test_a_contact_without_a_name_is_questioned(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    _name, email, _phone = page.pane.people[KeyRole.DPO]
    qtbot.keyClicks(email, "dpo@school.org.uk")
    _save(qtbot, page)
    assert page.pane.form.errors[f"{KeyRole.DPO.value}.name"].isVisible()
    assert KeyRole.DPO not in school.key_people(session.workspace)


def _png(width: int = 300, height: int = 120) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def test_a_bad_logo_is_explained_beside_it_and_a_good_one_is_saved(
    qtbot: QtBot, page: SettingsPage, session: AppSession, tmp_path: Path
) -> None:
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"this is not an image")
    assert not page.pane.use_logo_file(bad)
    assert page.pane.form.errors["logo"].isVisible()
    assert "not an image" in page.pane.form.errors["logo"].text()
    assert not page.pane.save_button.isEnabled()

    good = tmp_path / "crest.png"
    good.write_bytes(_png())
    assert page.pane.use_logo_file(good)
    assert not page.pane.form.errors["logo"].isVisible()
    assert page.pane.logo.preview.pixmap() is not None and not page.pane.logo.preview.pixmap().isNull()
    assert not school.get_details(session.workspace).has_logo  # not until Save
    _save(qtbot, page)
    assert school.get_details(session.workspace).has_logo

    qtbot.mouseClick(page.pane.logo.remove, Qt.MouseButton.LeftButton)
    assert page.pane.logo.preview.text() == "No logo"
    _save(qtbot, page)
    assert not school.get_details(session.workspace).has_logo


def test_closure_days_are_added_and_removed_on_save(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    page.pane.closures.date.setDate(dt.date(2026, 10, 23))
    qtbot.keyClicks(page.pane.closures.reason, "INSET day")
    qtbot.keyClick(page.pane.closures.reason, Qt.Key.Key_Return)
    assert page.pane.closures.model.rowCount() == 1
    assert page.pane.closures.model.index(0, 0).data() == "Fri 23/10/2026"
    assert school.closure_days(session.workspace) == []
    _save(qtbot, page)
    assert school.closure_days(session.workspace) == [(dt.date(2026, 10, 23), "INSET day")]

    page.pane.closures.table.selectRow(0)
    qtbot.mouseClick(page.pane.closures.remove_button, Qt.MouseButton.LeftButton)
    assert page.pane.closures.model.rowCount() == 0
    _save(qtbot, page)
    assert school.closure_days(session.workspace) == []


def test_discard_puts_the_saved_values_back(qtbot: QtBot, page: SettingsPage) -> None:
    _retype(qtbot, page.pane.form.fields["name"], "Something else")
    qtbot.mouseClick(page.pane.discard_button, Qt.MouseButton.LeftButton)
    assert page.pane.form.fields["name"].text() == SCHOOL
    assert not page.pane.save_button.isEnabled()


def test_leaving_with_unsaved_changes_can_save_them(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    _retype(qtbot, page.pane.form.fields["name"], "Saved On The Way Out")
    left: list[bool] = []
    assert not page.confirm_leave(lambda: left.append(True))
    box = page.findChild(QMessageBox, "settings-unsaved-question")
    assert box is not None
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter never saves by mistake
    with qtbot.waitSignal(page.pane.saved):
        box.button(QMessageBox.StandardButton.Save).click()
    assert left == [True]
    assert school.get_details(session.workspace).name == "Saved On The Way Out"
    assert page.confirm_leave(lambda: None)  # nothing unsaved now: no question


def test_cancelling_the_question_stays_with_the_edits(qtbot: QtBot, page: SettingsPage) -> None:
    _retype(qtbot, page.pane.form.fields["name"], "Still Editing")
    left: list[bool] = []
    page.confirm_leave(lambda: left.append(True))
    box = page.findChild(QMessageBox, "settings-unsaved-question")
    assert box is not None
    with qtbot.waitSignal(box.finished):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert left == []
    assert page.pane.form.fields["name"].text() == "Still Editing"


def test_remember_and_forget_on_this_pc(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    path = session.workspace.path
    assert not keystore.is_remembered(path)
    assert (
        page.pane.workspace_tools.remember_button.isEnabled()
        and not page.pane.workspace_tools.forget_button.isVisible()
    )
    qtbot.mouseClick(page.pane.workspace_tools.remember_button, Qt.MouseButton.LeftButton)
    assert keystore.recall(path) == session.workspace.key
    assert (
        page.pane.workspace_tools.forget_button.isVisible()
        and page.pane.workspace_tools.remember_label.text().startswith("Remembered")
    )
    qtbot.mouseClick(page.pane.workspace_tools.forget_button, Qt.MouseButton.LeftButton)
    assert not keystore.is_remembered(path)
    assert page.pane.workspace_tools.remember_label.text().startswith("Not remembered")


def test_remembering_is_disabled_with_the_reason_on_an_insecure_store(qtbot: QtBot, session: AppSession) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        settings = SettingsPage(session)
        qtbot.addWidget(settings)
        settings.show()
        assert not settings.pane.workspace_tools.remember_button.isEnabled()
        reason = keystore.refusal_reason()
        assert (
            reason
            and settings.pane.workspace_tools.remember_reason.text() == reason
            and settings.pane.workspace_tools.remember_reason.isVisible()
        )
    finally:
        keyring.set_keyring(previous)


def test_demo_mode_says_so(qtbot: QtBot, workspace: Workspace) -> None:
    demo = AppSession()
    demo.set_workspace(workspace, demo=True)
    settings = SettingsPage(demo)
    qtbot.addWidget(settings)
    settings.show()
    assert settings.pane.demo_banner.isVisible()
    assert "demo" in settings.pane.demo_banner.text()
    demo.lock()


def test_locking_empties_every_field(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    name, email, _phone = page.pane.people[KeyRole.CHAIR_OF_GOVERNORS]
    qtbot.keyClicks(name, "Cllr Chair")
    qtbot.keyClicks(email, "chair@school.org.uk")
    _save(qtbot, page)
    session.lock()
    texts = [label.text() for label in page.findChildren(QLabel)] + [name.text(), email.text()]
    assert not any(SCHOOL in text or "Cllr Chair" in text for text in texts)
    assert page.pane.form.fields["name"].text() == "" and not page.pane.save_button.isEnabled()
    assert not page.pane.scroll_area.widget().isEnabled()


def test_restore_goes_through_the_windows_file_restore(qtbot: QtBot, session: AppSession) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    restore = QAction("Restore", window)
    restore.setObjectName("action-restore")
    settings = SettingsPage(session)
    window.setCentralWidget(settings)
    with qtbot.waitSignal(restore.triggered):
        settings.pane.workspace_tools.restore_button.click()


def test_change_passphrase_goes_through_the_windows_file_change_passphrase(qtbot: QtBot, session: AppSession) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    change = QAction("Change passphrase", window)
    change.setObjectName("action-change-passphrase")
    settings = SettingsPage(session)
    window.setCentralWidget(settings)
    with qtbot.waitSignal(change.triggered):
        settings.pane.workspace_tools.passphrase_button.click()
    assert window.findChildren(QDialog, "change-passphrase-dialog") == []  # the window's path opens it, not a copy


def test_without_a_window_change_passphrase_opens_its_dialog_and_announces_a_settings_change(
    qtbot: QtBot, page: SettingsPage, session: AppSession
) -> None:
    from smgov.data.areas import Change
    from smgov.ui.shell.passphrase import ChangePassphraseDialog

    page.pane.workspace_tools.passphrase_button.click()
    dialog = page.findChild(ChangePassphraseDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(session.changed) as notice:
        dialog.passphraseChanged.emit()
    assert notice.args == [Change.SETTINGS.value]
    dialog.reject()


def test_an_edit_after_saved_says_unsaved_and_the_question_reads_right(qtbot: QtBot, page: SettingsPage) -> None:
    _retype(qtbot, page.pane.form.fields["name"], "Renamed Primary")
    _save(qtbot, page)
    assert page.pane.message.text() == "Saved."
    qtbot.keyClicks(page.pane.form.fields["name"], " School")
    assert page.pane.message.text() == "Unsaved changes."
    assert not page.confirm_leave(lambda: None)
    box = page.findChild(QMessageBox, "settings-unsaved-question")
    assert box is not None and "You have changed the settings without saving." in box.text()
    box.reject()


def test_the_chase_date_is_typed_as_a_uk_day_and_month(qtbot: QtBot, page: SettingsPage, session: AppSession) -> None:
    field = page.pane.form.fields["consent_chase_after"]
    assert field.text() == "1 October"  # type: ignore[attr-defined]
    _retype(qtbot, field, "15/10")
    _save(qtbot, page)
    assert school.get_details(session.workspace).consent_chase_after == "10-15"
    qtbot.waitUntil(lambda: field.text() == "15 October")  # type: ignore[attr-defined]
    _retype(qtbot, field, "31 February")
    _save(qtbot, page)
    assert page.pane.form.errors["consent_chase_after"].isVisible()
    assert school.get_details(session.workspace).consent_chase_after == "10-15"


def test_consent_purposes_are_added_changed_moved_and_retired_at_once(
    qtbot: QtBot, page: SettingsPage, session: AppSession
) -> None:
    from smgov.data.services import consent
    from smgov.ui.sections.settings.purposes import PurposeDialog

    purposes = page.pane.purposes
    qtbot.waitUntil(lambda: len(purposes.rows) == 6)
    dialog = purposes.add()
    assert isinstance(dialog, PurposeDialog)
    qtbot.keyClicks(dialog.label, "Class blog <b>&")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        dialog.save()
    qtbot.waitUntil(lambda: len(purposes.rows) == 7)
    assert purposes.rows[-1].label == "Class blog <b>&" and purposes.model.index(6, 0).data() == "Class blog <b>&"
    assert purposes.current() == purposes.rows[-1]
    purposes.up_button.click()
    qtbot.waitUntil(lambda: [r.label for r in purposes.rows][5] == "Class blog <b>&")
    purposes.retire_button.click()
    qtbot.waitUntil(lambda: not purposes.rows[5].active)
    assert purposes.retire_button.text() == "Restore"
    assert "Class blog <b>&" not in [p.label for p in consent.purposes(session.workspace)]
    again = purposes.add()
    qtbot.keyClicks(again.label, "school displays")  # the name of one in use: refused beside the field
    again.save()
    qtbot.waitUntil(lambda: again.errors["label"].isVisible(), timeout=10_000)
    again.reject()
