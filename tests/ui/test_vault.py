"""The Passwords section: the list, show and copy (audited, timed), the live code, changing a password, the history,
disclosures, the health report, and locking that leaves no secret anywhere on screen or on the clipboard."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smgov.data import totp as totp_module
from smgov.data.models.vault import Credential, CredentialKind
from smgov.data.services import audit_log, vault
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.sections.vault import VaultView
from smgov.ui.sections.vault.change_password import ChangePasswordDialog
from smgov.ui.sections.vault.credential_dialog import CredentialDialog
from smgov.ui.sections.vault.disclosure import DisclosureDialog
from smgov.ui.sections.vault.history import HistoryDialog
from smgov.ui.sections.vault.model import VaultTableModel
from smgov.ui.sections.vault.secret_field import SecretField
from smgov.ui.shell.session import AppSession
from tests.data.registers import make_account, make_credential, make_person

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

LOGIN_SECRET = "Tq7#mVx2!pLr9@Zs-staple"
MAILBOX_SECRET = "orbit-lantern-velvet-quarry-mango"
MAILBOX_USER = "pe.mailbox@brambleford.example.org"
NOTES = "Recovery phone is the office mobile, drawer 3"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
NEW_SECRET = "Xq8!vLm2#Rt6-pZw9@kQ"
SECRETS = (LOGIN_SECRET, MAILBOX_SECRET, MAILBOX_USER, NOTES, TOTP_SECRET, NEW_SECRET)


@dataclass
class Register:
    account_id: int
    people: list[int]
    login: int
    mailbox: int


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage()
        assert not any(secret in text for secret in SECRETS), record.name


@pytest.fixture
def register(workspace: Workspace) -> Register:
    account_id, people = make_account(workspace, handle="BramblefordPE")
    login = make_credential(workspace, account_id, LOGIN_SECRET)
    mailbox = vault.add_credential(
        workspace,
        account_id,
        vault.CredentialForm(
            CredentialKind.LINKED_MAILBOX, "Office mailbox", MAILBOX_USER, MAILBOX_SECRET, NOTES, TOTP_SECRET
        ),
    )
    return Register(account_id, people, login, mailbox)


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession, register: Register) -> Iterator[VaultView]:
    page = VaultView(app_session)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    clipboard = page.clipboard
    yield page
    operations.wait_for_background()
    clipboard.clear_after = 20
    clipboard.timer.setInterval(1000)
    clipboard.clear_now()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox | CredentialDialog | ChangePasswordDialog | DisclosureDialog | HistoryDialog):
            widget.close()


def _columns(model: QAbstractItemModel) -> int:
    return model.columnCount()


def _texts(root: QWidget) -> list[str]:
    """Every text a widget tree holds: labels, fields, buttons, tooltips, accessible names, combo items, cells."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(), widget.windowTitle()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            found.append(widget.placeholderText())
        if isinstance(widget, QPlainTextEdit):
            found.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(_columns(model)):
                    index = model.index(row, column)
                    found += [str(index.data() or ""), str(index.data(Qt.ItemDataRole.ToolTipRole) or "")]
    return found


def _secrets_shown(*roots: QWidget) -> list[str]:
    texts = [text for root in roots for text in _texts(root)]
    return [secret for secret in SECRETS if any(secret in text for text in texts)]


def _select(qtbot: QtBot, view: VaultView, credential_id: int) -> None:
    assert view.open_id(credential_id)
    assert view.pane.row is not None and view.pane.row.id == credential_id
    assert view.pane.isVisible()


def _reveal(qtbot: QtBot, field: SecretField) -> None:
    """Show a hidden value and wait for it: the audited read runs off the UI thread."""
    with qtbot.waitSignal(field.revealed, timeout=5000):
        assert field.reveal()


def _ok(dialog: QDialog) -> QPushButton:
    button = getattr(dialog, "ok_button", None)
    assert isinstance(button, QPushButton)
    return button


def _events(workspace: Workspace, action: str) -> int:
    return sum(1 for event in audit_log.list_events(workspace) if event.action == action)


# -- the list ------------------------------------------------------------------------------------------------------


def test_the_list_shows_each_credential_without_its_secrets(view: VaultView, register: Register) -> None:
    rows = {view.proxy.row_at(i).id: i for i in range(view.proxy.rowCount())}
    login = rows[register.login]
    cell = lambda column: view.proxy.index(login, column).data()  # noqa: E731
    assert cell(VaultTableModel.ACCOUNT) == "BramblefordPE news"
    assert cell(VaultTableModel.PLATFORM) == "X (Twitter)"
    assert cell(VaultTableModel.KIND) == "Login"
    assert cell(VaultTableModel.LABEL) == "Main login"
    assert cell(VaultTableModel.TWO_FACTOR) == "No"
    assert cell(VaultTableModel.STRENGTH) in ("Strong", "Very strong")
    assert cell(VaultTableModel.CHANGED) == dt.date.today().strftime("%d/%m/%Y")
    assert cell(VaultTableModel.AGE) == "0 days"
    assert view.proxy.index(rows[register.mailbox], VaultTableModel.TWO_FACTOR).data() == "Yes"
    assert view.count_label.text() == "2 passwords, all shown"
    assert _secrets_shown(view) == []


def test_search_and_the_account_filter(qtbot: QtBot, view: VaultView, workspace: Workspace) -> None:
    other, _people = make_account(workspace, handle="HollinsMusic")
    make_credential(workspace, other, "Another-Long-Password-77!")
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    qtbot.keyClicks(view.search, "mailbox")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    view.search.clear()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3)
    view.account_filter.setCurrentIndex(view.account_filter.findData(other))
    assert view.proxy.rowCount() == 1
    assert view.count_label.text() == "3 passwords, 1 shown"


def test_ctrl_f_finds_the_search_box(qtbot: QtBot, view: VaultView) -> None:
    view.tabs.setCurrentIndex(view.HEALTH_TAB)
    view.health.table.setFocus()
    qtbot.keyClick(view.health.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentIndex() == view.ALL_TAB
    assert view.search.hasFocus()


# -- show and copy -------------------------------------------------------------------------------------------------


def test_show_reveals_the_password_then_hides_it_again(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    _select(qtbot, view, register.login)
    field = view.pane.password
    field.hide_timer.setInterval(50)
    before = _events(workspace, "vault.reveal")
    assert field.value.text() == ""
    with qtbot.waitSignal(field.revealed, timeout=5000):
        qtbot.mouseClick(field.show_button, Qt.MouseButton.LeftButton)
    assert field.value.text() == LOGIN_SECRET
    assert field.show_button.text() == "Hide"
    assert _events(workspace, "vault.reveal") == before + 1
    assert LOGIN_SECRET not in field.toolTip() + field.value.accessibleName() + field.show_button.toolTip()
    qtbot.waitUntil(lambda: field.value.text() == "", timeout=2000)
    assert field.show_button.text() == "Show"
    assert not field.is_revealed


def test_choosing_another_credential_hides_what_was_shown(qtbot: QtBot, view: VaultView, register: Register) -> None:
    _select(qtbot, view, register.mailbox)
    _reveal(qtbot, view.pane.username)
    _reveal(qtbot, view.pane.notes)
    assert view.pane.username.value.text() == MAILBOX_USER
    assert view.pane.notes.value.toPlainText() == NOTES
    _select(qtbot, view, register.login)
    assert _secrets_shown(view) == []


def test_a_value_that_arrives_after_another_choice_is_dropped(
    qtbot: QtBot, view: VaultView, register: Register, app_session: AppSession, workspace: Workspace
) -> None:
    _select(qtbot, view, register.login)
    before = _events(workspace, "vault.reveal")
    shown: list[bool] = []
    view.pane.password.revealed.connect(lambda: shown.append(True))
    with qtbot.waitSignal(app_session.changed, timeout=5000):  # the audited read is done
        assert view.pane.password.reveal()
        _select(qtbot, view, register.mailbox)  # before the value arrives
    assert _events(workspace, "vault.reveal") == before + 1
    assert shown == [] and not view.pane.password.is_revealed
    assert _secrets_shown(view) == []


def test_leaving_the_section_hides_what_was_shown(qtbot: QtBot, view: VaultView, register: Register) -> None:
    _select(qtbot, view, register.login)
    _reveal(qtbot, view.pane.password)
    view.hide()
    assert view.pane.password.value.text() == ""


def test_copy_marks_the_copy_and_clears_it_after_the_countdown(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    _select(qtbot, view, register.login)
    view.clipboard.clear_after = 3
    view.clipboard.timer.setInterval(20)
    before = _events(workspace, "vault.copy")
    with qtbot.waitSignal(view.pane.password.copied, timeout=5000):
        qtbot.mouseClick(view.pane.password.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime is not None and mime.text() == LOGIN_SECRET
    assert bytes(mime.data("x-kde-passwordManagerHint").data()) == b"secret"
    assert mime.hasFormat("ExcludeClipboardContentFromMonitorProcessing")
    assert mime.hasFormat("CanIncludeInClipboardHistory")
    assert view.clipboard_status.text() == "Copied password \u2014 clears in 3 s"
    assert view.pane.password.value.text() == ""  # copying does not show it
    with qtbot.waitSignal(view.clipboard.cleared, timeout=3000):
        pass
    assert QGuiApplication.clipboard().text() == ""
    assert view.clipboard_status.text() == ""
    assert _events(workspace, "vault.copy") == before + 1


def test_a_later_copy_of_something_else_is_not_cleared(qtbot: QtBot, view: VaultView, register: Register) -> None:
    _select(qtbot, view, register.login)
    view.clipboard.clear_after = 3
    view.clipboard.timer.setInterval(20)
    with qtbot.waitSignal(view.pane.password.copied, timeout=5000):
        view.pane.password.copy()
    with qtbot.waitSignal(view.clipboard.cleared, timeout=3000):
        QGuiApplication.clipboard().setText("Sports day is on Friday")
    assert QGuiApplication.clipboard().text() == "Sports day is on Friday"
    view.clipboard.clear_now()
    assert QGuiApplication.clipboard().text() == "Sports day is on Friday"


# -- the live two-factor code --------------------------------------------------------------------------------------


def test_show_code_shows_the_live_code_and_is_audited(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    _select(qtbot, view, register.login)
    assert not view.pane.totp.isVisible()  # no two-factor secret on this one
    _select(qtbot, view, register.mailbox)
    totp = view.pane.totp
    assert totp.isVisible() and not totp.code_label.isVisible()
    before = _events(workspace, "vault.reveal")
    with qtbot.waitSignal(totp.code_shown, timeout=5000):
        qtbot.mouseClick(totp.show_button, Qt.MouseButton.LeftButton)
    code = totp.code_label.text().replace(" ", "")
    assert len(code) == 6 and code.isdigit()
    now = dt.datetime.now(dt.UTC)
    assert code in {totp_module.code(TOTP_SECRET, now - dt.timedelta(seconds=back))[0] for back in (0, 2)}
    assert _events(workspace, "vault.reveal") >= before + 1
    assert totp.seconds.text().startswith("valid for ")
    qtbot.mouseClick(totp.show_button, Qt.MouseButton.LeftButton)
    assert totp.code_label.text() == "" and not totp.code_label.isVisible()


def test_the_code_is_fetched_once_a_period_and_hides_after_a_minute(
    qtbot: QtBot, view: VaultView, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fake_code(_workspace: Workspace, credential_id: int, at: object = None) -> tuple[str, int]:
        calls.append(credential_id)
        return f"{100000 + len(calls)}", 3  # a three-second period left

    monkeypatch.setattr(vault, "totp_code", fake_code)
    _select(qtbot, view, register.mailbox)
    totp = view.pane.totp
    totp.tick_timer.setInterval(5)
    totp.visible_timer.setInterval(300)
    ticks: list[int] = []
    totp.tick_timer.timeout.connect(lambda: ticks.append(1))
    with qtbot.waitSignal(totp.code_shown, timeout=5000):
        totp.show_code()
    assert calls == [register.mailbox]
    assert totp.code_label.text() == "100 001"
    with qtbot.waitSignal(totp.code_hidden, timeout=3000):
        pass
    assert len(ticks) >= 6
    assert len(calls) == 1 + len(ticks) // 3  # one new code each time a period ran out, never on every tick
    assert totp.code_label.text() == "" and not totp.tick_timer.isActive()


# -- changing the password, and its history ------------------------------------------------------------------------


def test_changing_the_password_keeps_the_old_one_in_the_history(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    _select(qtbot, view, register.login)
    qtbot.mouseClick(view.pane.change_button, Qt.MouseButton.LeftButton)
    dialog = view.pane.dialog
    assert isinstance(dialog, ChangePasswordDialog)
    qtbot.keyClicks(dialog.new.line_edit, NEW_SECRET)
    qtbot.keyClicks(dialog.confirm.line_edit, NEW_SECRET[:-1] + "x")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.errors["confirmation"].isVisible()  # mismatch: nothing saved
    assert vault.history(workspace, register.login) == []
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm.line_edit, NEW_SECRET)
    before = view.pane.row
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.new.text() == "" and dialog.confirm.text() == ""
    assert vault.reveal(workspace, register.login) == NEW_SECRET
    assert len(vault.history(workspace, register.login)) == 1

    qtbot.waitUntil(lambda: view.pane.row is not None and view.pane.row != before)  # the list reloaded
    assert view.pane.row is not None and view.pane.row.id == register.login
    qtbot.mouseClick(view.pane.history_button, Qt.MouseButton.LeftButton)
    history = view.pane.dialog
    assert isinstance(history, HistoryDialog)
    assert history.model.rowCount() == 1
    history.field.hide_timer.setInterval(50)
    with qtbot.waitSignal(history.field.revealed, timeout=5000):
        qtbot.mouseClick(history.field.show_button, Qt.MouseButton.LeftButton)
    assert history.field.value.text() == LOGIN_SECRET
    qtbot.waitUntil(lambda: history.field.value.text() == "", timeout=2000)
    history.close()


def test_the_generator_fills_the_new_password(qtbot: QtBot, view: VaultView, register: Register) -> None:
    _select(qtbot, view, register.login)
    view.pane.change_password()
    dialog = view.pane.dialog
    assert isinstance(dialog, ChangePasswordDialog)
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    generator = dialog.generator
    generated = generator.password()
    assert len(generated) == 20
    assert generator.use_button is not None
    qtbot.mouseClick(generator.use_button, Qt.MouseButton.LeftButton)
    assert dialog.new.text() == generated == dialog.confirm.text()
    dialog.reject()
    assert dialog.new.text() == ""


def test_an_easy_password_is_questioned_first(qtbot: QtBot, view: VaultView, register: Register) -> None:
    _select(qtbot, view, register.login)
    view.pane.change_password()
    dialog = view.pane.dialog
    assert isinstance(dialog, ChangePasswordDialog)
    dialog.new.setText("password1")
    dialog.confirm.setText("password1")
    dialog.save()
    box = dialog.findChild(QMessageBox, "smgov-msgbox")
    assert box is not None and "easy to guess" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible()


def test_the_meter_judges_a_password_against_the_schools_name(
    qtbot: QtBot, view: VaultView, register: Register
) -> None:
    _select(qtbot, view, register.login)
    view.pane.change_password()
    dialog = view.pane.dialog
    assert isinstance(dialog, ChangePasswordDialog)
    dialog.meter.set_passphrase("Spixworth2019!")  # the school is Spixworth Test Primary
    assert dialog.meter.update_now().score < 3
    dialog.reject()


# -- disclosures ---------------------------------------------------------------------------------------------------


def test_recording_a_disclosure_shows_in_the_log(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    person = make_person(workspace, "Chloé Ward")
    _select(qtbot, view, register.login)
    assert view.pane.no_disclosures.isVisible()
    qtbot.mouseClick(view.pane.disclose_button, Qt.MouseButton.LeftButton)
    dialog = view.pane.dialog
    assert isinstance(dialog, DisclosureDialog)
    dialog.person.setCurrentIndex(dialog.person.findData(person))
    dialog.authorised_by.setText("Dr Amara Okafor")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["reason"].isVisible())  # why it was given is required
    assert "why" in dialog.errors["reason"].text().lower()
    qtbot.keyClicks(dialog.reason, "New lead for the account")
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: view.pane.disclosure_model.rowCount() == 1)
    shown = view.pane.disclosure_proxy.row_at(0)
    assert (shown.given_to, shown.authorised_by, shown.reason) == (
        "Chloé Ward",
        "Dr Amara Okafor",
        "New lead for the account",
    )
    assert view.pane.disclosures.isVisible()
    row = next(view.proxy.row_at(i) for i in range(view.proxy.rowCount()) if view.proxy.row_at(i).id == register.login)
    assert row.credential.disclosures == 1


def test_someone_not_on_the_register_can_be_named(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    _select(qtbot, view, register.login)
    view.pane.record_disclosure()
    dialog = view.pane.dialog
    assert isinstance(dialog, DisclosureDialog)
    near_the_text = QPoint(8, dialog.someone_else.height() // 2)
    qtbot.mouseClick(dialog.someone_else, Qt.MouseButton.LeftButton, pos=near_the_text)
    assert dialog.given_to.isEnabled() and not dialog.person.isEnabled()
    qtbot.keyClicks(dialog.given_to, "Sam Patel, ICT contractor")
    dialog.authorised_by.setText("Dr Amara Okafor")
    qtbot.keyClicks(dialog.reason, "Setting up two-factor sign-in")
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        assert dialog.save()
    assert [d.given_to for d in vault.disclosures(workspace, register.login)] == ["Sam Patel, ICT contractor"]


# -- the health report ---------------------------------------------------------------------------------------------


def test_the_health_report_lists_weak_reused_and_old_passwords(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    other, _people = make_account(workspace, handle="HollinsMusic")
    weak = make_credential(workspace, other, "password1")
    reused = make_credential(workspace, other, LOGIN_SECRET)
    with workspace.write() as session:
        row = session.get(Credential, register.mailbox)
        assert row is not None
        row.changed_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=500)
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)

    items = [view.health.proxy.row_at(i) for i in range(view.health.proxy.rowCount())]
    problems = {(item.problem, item.credential.id) for item in items}
    assert ("weak", weak) in problems
    assert ("reused", reused) in problems and ("reused", register.login) in problems
    assert ("old", register.mailbox) in problems
    assert view.tabs.tabText(view.HEALTH_TAB) == f"Health report ({len(items)})"
    assert [item.problem for item in items] == sorted(
        (item.problem for item in items), key=["leaver", "weak", "reused", "old"].index
    )

    # the list marks them too, and its "Show" filter finds them
    old_row = next(i for i in range(view.proxy.rowCount()) if view.proxy.row_at(i).id == register.mailbox)
    age = view.proxy.index(old_row, VaultTableModel.AGE)
    assert age.data() == "500 days"
    assert age.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "limit" in age.data(Qt.ItemDataRole.ToolTipRole)
    view.problem_filter.setCurrentIndex(view.problem_filter.findData("weak"))
    assert [view.proxy.row_at(i).id for i in range(view.proxy.rowCount())] == [weak]
    view.problem_filter.setCurrentIndex(view.problem_filter.findData("attention"))
    assert view.proxy.rowCount() == 4

    # a click (Enter) on an item opens its credential
    view.tabs.setCurrentIndex(view.HEALTH_TAB)
    view.health.filter.setCurrentIndex(view.health.filter.findData("weak"))
    assert view.health.proxy.rowCount() == 1
    view.health.table.setFocus()
    view.health.table.setCurrentIndex(view.health.proxy.index(0, 0))
    qtbot.keyClick(view.health.table, Qt.Key.Key_Return)
    assert view.tabs.currentIndex() == view.ALL_TAB
    assert view.pane.row is not None and view.pane.row.id == weak


# -- new, edit, delete ---------------------------------------------------------------------------------------------


def test_ctrl_n_adds_a_credential_with_a_generated_password(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, CredentialDialog)
    assert dialog.account is not None
    dialog.account.setCurrentIndex(0)
    qtbot.keyClicks(dialog.label, "Recovery codes")
    dialog.kind.setCurrentIndex(dialog.kind.findData(CredentialKind.RECOVERY_CODES))
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.errors["account"].isVisible()
    dialog.account.setCurrentIndex(dialog.account.findData(register.account_id))
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["secret"].isVisible())  # no password yet: nothing saved
    assert len(vault.list_credentials(workspace)) == 2
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert dialog.generator.use_button is not None
    dialog.generator.use_button.click()
    assert dialog.secret is not None and len(dialog.secret.text()) == 20
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    added = next(c for c in vault.list_credentials(workspace) if c.label == "Recovery codes")
    assert added.kind is CredentialKind.RECOVERY_CODES
    qtbot.waitUntil(lambda: view.model.rowCount() == 3 and view.pane.record_id == added.id)
    assert view.pane.isVisible()


def test_edit_details_keeps_the_password(
    qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace
) -> None:
    _select(qtbot, view, register.mailbox)
    qtbot.mouseClick(view.pane.edit_button, Qt.MouseButton.LeftButton)  # fetches the username and notes first
    qtbot.waitUntil(lambda: isinstance(view.pane.dialog, CredentialDialog))
    dialog = view.pane.dialog
    assert isinstance(dialog, CredentialDialog)
    assert dialog.username.text() == MAILBOX_USER
    assert dialog.notes.toPlainText() == NOTES
    assert dialog.totp_choice is not None
    dialog.label.setText("Head's mailbox")
    dialog.totp_choice.setCurrentIndex(dialog.REMOVE_TOTP)
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.username.text() == "" and dialog.notes.toPlainText() == ""
    row = next(c for c in vault.list_credentials(workspace) if c.id == register.mailbox)
    assert row.label == "Head's mailbox" and not row.has_totp
    assert vault.reveal(workspace, register.mailbox) == MAILBOX_SECRET


def test_deleting_asks_first(qtbot: QtBot, view: VaultView, register: Register, workspace: Workspace) -> None:
    _select(qtbot, view, register.login)
    qtbot.mouseClick(view.pane.delete_button, Qt.MouseButton.LeftButton)
    box = view.pane.findChild(QMessageBox, "smgov-msgbox")
    assert box is not None and "Main login" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(vault.list_credentials(workspace)) == 2
    view.pane.delete()
    box = next(b for b in view.pane.findChildren(QMessageBox, "smgov-msgbox") if b.isVisible())
    with qtbot.waitSignal(view.pane.deleted, timeout=5000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert [c.id for c in vault.list_credentials(workspace)] == [register.mailbox]
    assert view.pane.row is None and not view.pane.isVisible()  # the list has the room again
    assert view.notice.text() == "The password was deleted."
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)


def test_show_record_opens_the_credential(qtbot: QtBot, view: VaultView, register: Register) -> None:
    qtbot.keyClicks(view.search, "main login")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    view.show_record(str(register.mailbox))  # hidden by the search: the search is cleared to show it
    assert view.pane.row is not None and view.pane.row.id == register.mailbox
    assert view.search.text() == ""
    view.show_record("999999")
    assert view.notice.text() == "That password is no longer in the vault."


def test_show_record_before_the_list_has_loaded(qtbot: QtBot, app_session: AppSession, register: Register) -> None:
    page = VaultView(app_session)
    qtbot.addWidget(page)
    page.show_record(str(register.mailbox))
    page.show()
    qtbot.waitUntil(lambda: page.pane.row is not None)
    assert page.pane.row is not None and page.pane.row.id == register.mailbox
    operations.wait_for_background()


# -- locking -------------------------------------------------------------------------------------------------------


def test_locking_clears_the_clipboard_and_every_widget(
    qtbot: QtBot, view: VaultView, register: Register, app_session: AppSession
) -> None:
    _select(qtbot, view, register.mailbox)
    details = view.pane
    for field in (details.username, details.password, details.notes):
        _reveal(qtbot, field)
    with qtbot.waitSignal(details.totp.code_shown, timeout=5000):
        assert details.totp.show_code()
    assert _secrets_shown(view) == [MAILBOX_SECRET, MAILBOX_USER, NOTES]
    view.clipboard.timer.setInterval(60_000)
    with qtbot.waitSignal(details.password.copied, timeout=5000):
        details.password.copy()
    assert QGuiApplication.clipboard().text() == MAILBOX_SECRET
    assert details.edit_details()  # a dialog holding the username and notes
    qtbot.waitUntil(lambda: isinstance(details.dialog, CredentialDialog))
    edit = details.dialog
    assert isinstance(edit, CredentialDialog) and edit.isVisible()

    app_session.lock()

    assert QGuiApplication.clipboard().text() == ""
    assert not edit.isVisible()
    assert _secrets_shown(view, edit) == []
    assert details.totp.code_label.text() == ""
    assert view.model.rowCount() == 0 and view.health.model.rowCount() == 0
    assert details.row is None
    assert view.account_filter.count() == 1
    assert view.clipboard_status.text() == ""
