"""Changing the passphrase, backing up, restoring, verifying, and PDFs leaving the app."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smgov.data import backup
from smgov.data.areas import Change
from smgov.data.errors import WrongPassphrase
from smgov.data.services import school
from smgov.data.services.school import SettingsChange
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations, pdf_output, state
from smgov.ui.shell.passphrase import ChangePassphraseDialog
from smgov.ui.shell.session import AppSession
from smgov.ui.shell.workspace_dialogs import RestoreDialog, backup_now, suggested_backup_name, verify_now

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

PASSPHRASE = "correct horse battery staple"
NEW_PASSPHRASE = "lantern orchard pebble violin"


@pytest.fixture(autouse=True)
def dialogs_native_settings(isolated_home: Path) -> None:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(isolated_home / "qsettings"))


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def box_saying(text: str) -> QMessageBox | None:
    return next((box for box in message_boxes() if text in box.text()), None)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """The window the dialogs belong to (as the main window is in the app): it owns the message boxes."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture(autouse=True)
def close_boxes() -> Iterator[None]:
    yield None
    operations.wait_for_background()
    for box in message_boxes():
        box.close()


# -- change passphrase ---------------------------------------------------------------------------------------------


def test_changing_the_passphrase_shows_the_new_recovery_key_and_the_new_passphrase_opens_the_file(
    qtbot: QtBot, workspace: Workspace
) -> None:
    old_key = workspace.recovery_key
    dialog = ChangePassphraseDialog(None, workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.current.line_edit, PASSPHRASE)
    qtbot.keyClicks(dialog.new.line_edit, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.confirm.line_edit, NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.passphraseChanged, timeout=30_000):
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    new_key = workspace.recovery_key
    assert new_key != old_key and dialog.new_recovery_key == new_key
    assert dialog.key_label.text().split() == new_key.split()
    assert dialog.old_kit_note.isVisible() and "destroy" in dialog.old_kit_note.text()
    assert "old passphrase" in dialog.backups_note.text()
    assert dialog.kit_buttons.save_button.text() == "Save new Emergency Kit…"
    assert dialog.current.text() == dialog.new.text() == ""

    path = workspace.path
    workspace.close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(path, passphrase=PASSPHRASE)
    Workspace.open(path, passphrase=NEW_PASSPHRASE).close()


def test_a_wrong_current_passphrase_is_told_next_to_it(qtbot: QtBot, workspace: Workspace) -> None:
    old_key = workspace.recovery_key
    dialog = ChangePassphraseDialog(None, workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.current.line_edit, "not the passphrase")
    qtbot.keyClicks(dialog.new.line_edit, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.confirm.line_edit, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.current_error.message), timeout=30_000)
    assert "not the current passphrase" in dialog.current_error.message
    assert dialog.pages.currentIndex() == 0
    assert workspace.recovery_key == old_key


def test_a_weak_or_mismatched_new_passphrase_is_refused_before_any_work(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = ChangePassphraseDialog(None, workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.current.line_edit, PASSPHRASE)
    qtbot.keyClicks(dialog.new.line_edit, "password123456")
    qtbot.keyClicks(dialog.confirm.line_edit, "password123456")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert "too easy to guess" in dialog.new_error.message
    dialog.new.clear()
    qtbot.keyClicks(dialog.new.line_edit, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert "different" in dialog.confirm_error.message
    assert not dialog.busy_row.isVisible()


# -- restore -------------------------------------------------------------------------------------------------------


def test_restore_replaces_the_file_and_keeps_the_replaced_copy(
    qtbot: QtBot, workspace: Workspace, app_session: AppSession
) -> None:
    path = workspace.path
    school.update_settings(workspace, SettingsChange(name="Spixworth Before"))
    backup.rolling_backup(workspace, state.backup_dir())
    school.update_settings(workspace, SettingsChange(name="Spixworth After"))

    dialog = RestoreDialog(None, app_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.backup_list.count() == 1
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d ", dialog.backup_list.item(0).text())
    assert f"{path.stem}-replaced-" in dialog.intro.text()
    qtbot.keyClicks(dialog.passphrase.line_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not app_session.is_unlocked  # locked before anything was replaced
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30_000)

    result = dialog.result_info
    assert result is not None and result.replaced_copy is not None
    assert result.replaced_copy.exists() and "-replaced-" in result.replaced_copy.name
    assert result.replaced_copy.name in dialog.report.text()
    with Workspace.open(path, passphrase=PASSPHRASE) as restored:
        assert school.get_details(restored).name == "Spixworth Before"
    with Workspace.open(result.replaced_copy, passphrase=PASSPHRASE) as replaced:
        assert school.get_details(replaced).name == "Spixworth After"

    with qtbot.waitSignal(dialog.restored) as signal:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert signal.args == [path]


def test_restore_with_the_wrong_passphrase_replaces_nothing(
    qtbot: QtBot, workspace: Workspace, app_session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace.path
    chosen = tmp_path / "usb-copy.smgov"
    backup.backup_to(workspace, chosen)
    school.update_settings(workspace, SettingsChange(name="Spixworth Today"))
    dialog = RestoreDialog(None, app_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.backup_list.count() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(chosen), ""))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.selected_backup == chosen

    qtbot.keyClicks(dialog.passphrase.line_edit, "not the passphrase")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.secret_error.message), timeout=30_000)
    assert "does not open the backup" in dialog.secret_error.message
    assert dialog.pages.currentIndex() == 0
    assert not list(tmp_path.glob("*-replaced-*"))
    with Workspace.open(path, passphrase=PASSPHRASE) as kept:
        assert school.get_details(kept).name == "Spixworth Today"


def test_restore_by_recovery_key(qtbot: QtBot, workspace: Workspace, app_session: AppSession) -> None:
    recovery = workspace.recovery_key
    backup.rolling_backup(workspace, state.backup_dir())
    dialog = RestoreDialog(None, app_session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.mode_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.recovery_key, recovery)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30_000)


# -- back up and verify --------------------------------------------------------------------------------------------


def test_backup_now_saves_where_the_user_chose(
    qtbot: QtBot,
    window: QWidget,
    workspace: Workspace,
    app_session: AppSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered: list[str] = []
    dest = tmp_path / "usb" / "copy"
    dest.parent.mkdir()

    def choose(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        offered.append(start)
        return str(dest), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    busy = backup_now(window, app_session)
    assert busy is not None
    qtbot.waitUntil(lambda: box_saying("The backup is saved") is not None, timeout=30_000)

    assert Path(offered[0]).name == f"school-backup-{dt.date.today():%Y-%m-%d}.smgov"
    saved = dest.with_name("copy.smgov")
    Workspace.open(saved, passphrase=PASSPHRASE, migrate=False).close()
    assert school.get_details(workspace).last_backup_at is not None


def test_backup_into_a_missing_folder_says_so(
    qtbot: QtBot, window: QWidget, app_session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gone" / "copy.smgov"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(missing), ""))
    backup_now(window, app_session)
    qtbot.waitUntil(lambda: box_saying("does not exist") is not None, timeout=30_000)


def test_suggested_backup_name() -> None:
    assert suggested_backup_name(Path("Spixworth.smgov"), dt.date(2025, 3, 7)) == "Spixworth-backup-2025-03-07.smgov"


def test_verify_now_reports_what_was_checked(qtbot: QtBot, window: QWidget, app_session: AppSession) -> None:
    verify_now(window, app_session)
    qtbot.waitUntil(lambda: box_saying("passed every check") is not None, timeout=30_000)
    box = box_saying("passed every check")
    assert box is not None
    assert "audit log's chain" in box.text() and "encryption check on every page" in box.text()
    assert "every record against the audit log" in box.text()


def test_verify_now_names_what_was_changed_outside_smgov(
    qtbot: QtBot, window: QWidget, app_session: AppSession
) -> None:
    conn = app_session.workspace.raw_connection()
    try:
        conn.execute("UPDATE school SET name = 'Changed Elsewhere' WHERE id = 1")
    finally:
        conn.close()
    verify_now(window, app_session)
    qtbot.waitUntil(lambda: box_saying("has 1 problem") is not None, timeout=30_000)
    box = box_saying("has 1 problem")
    assert box is not None
    assert "Records changed with no entry in the audit log (1): the school's settings" in box.text()
    assert "audit log entry 1" in box.detailedText()


# -- PDFs ----------------------------------------------------------------------------------------------------------


def test_save_pdf_writes_the_bytes_where_the_user_chose(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []

    def choose(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        offered.append(start)
        return str(tmp_path / "Incident 12"), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    data = b"%PDF-1.4 test bytes\n%%EOF\n"
    saved = pdf_output.save_pdf(None, data, "Incident 12: Year 6/parent post")

    assert saved == tmp_path / "Incident 12.pdf"
    assert saved.read_bytes() == data
    assert Path(offered[0]).name == "Incident 12- Year 6-parent post.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Incident 12.pdf"]  # no temporary file left


def test_save_pdf_cancelled_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    assert pdf_output.save_pdf(None, b"%PDF", "x") is None


def test_save_pdf_failure_is_shown_and_leaves_nothing(
    qtbot: QtBot, window: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(dest), ""))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf_output.os, "replace", full)
    assert pdf_output.save_pdf(window, b"%PDF", "report") is None
    assert box_saying("not enough space") is not None
    assert list(tmp_path.iterdir()) == []


def test_the_emergency_kit_holds_the_key_and_school(workspace: Workspace) -> None:
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf_output.emergency_kit_bytes(workspace))).pages
    )
    for group in workspace.recovery_key.split():
        assert group in text
    assert school.get_details(workspace).name in text
    assert workspace.path.name in text


def test_pages_render_to_a_printer(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtPdf")
    printer = pdf_output.a4_printer(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = pdf_output.render_pdf(printer, pdf_output.emergency_kit_bytes(workspace))
    assert pages == 1
    assert len(PdfReader(str(out)).pages) == 1


def test_the_emergency_kit_dialog_marks_the_kit_printed_once_saved(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(dest), ""))
    dialog = pdf_output.offer_emergency_kit(None, workspace)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.kitDone, timeout=30_000) as signal:
        qtbot.mouseClick(dialog.buttons.save_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["saved"]
    assert dest.read_bytes().startswith(b"%PDF")
    assert school.get_details(workspace).kit_printed_at is not None
    assert "saved" in dialog.status.text()


def test_print_sends_every_page_to_the_chosen_printer(
    qtbot: QtBot, window: QWidget, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("PySide6.QtPdf")
    out = tmp_path / "printer-output.pdf"

    def file_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(pdf_output, "a4_printer", file_printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    printed: list[bool] = []
    assert pdf_output.print_pdf(window, pdf_output.emergency_kit_bytes(workspace), lambda: printed.append(True))
    assert printed == [True]
    assert len(PdfReader(str(out)).pages) == 1

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert not pdf_output.print_pdf(window, b"%PDF", lambda: printed.append(True))  # broken bytes: told, not printed
    assert printed == [True]


def test_the_backups_recovery_key_is_typed_without_input_method_help_as_on_unlock(
    qtbot: QtBot, app_session: AppSession
) -> None:
    from smgov.ui.frame.secret_entry import SecretEntry

    dialog = RestoreDialog(None, app_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert isinstance(dialog.secret, SecretEntry)  # the one passphrase-or-recovery-key entry, as unlock has
    hints = Qt.InputMethodHint
    wanted = hints.ImhSensitiveData | hints.ImhNoPredictiveText | hints.ImhNoAutoUppercase
    for field in (dialog.recovery_key, dialog.passphrase.line_edit):
        assert field.inputMethodHints() & wanted == wanted, field.objectName()
    qtbot.mouseClick(dialog.mode_button, Qt.MouseButton.LeftButton)
    assert dialog.in_recovery_mode and dialog.recovery_key.isVisible() and not dialog.passphrase.isVisible()
    assert dialog.secret_label.buddy() is dialog.recovery_key
    assert dialog.secret_label.text() == "Recovery &key of the backup"


def test_a_backup_made_on_request_is_announced_as_a_settings_change(
    qtbot: QtBot, window: QWidget, app_session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "copy.smgov"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(dest), ""))
    with qtbot.waitSignal(app_session.changed, timeout=30_000) as notice:
        backup_now(window, app_session)
    assert notice.args == [Change.SETTINGS.value]
    qtbot.waitUntil(lambda: box_saying("The backup is saved") is not None)
