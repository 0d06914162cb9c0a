"""Importing passwords from a KeePassXC or Bitwarden CSV: preview, matching by hand, import, and the reminder."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from smgov.data.importers.credentials import DELETE_REMINDER, MatchStatus
from smgov.data.services import vault
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.sections.vault.credential_import import CredentialImportDialog, ImportPreviewModel
from smgov.ui.shell.session import AppSession
from tests.data.registers import make_account

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "samples"
CSV_SECRETS = (
    "Tq7#mVx2!pLr9@Zs",
    "correct-staple-orbit-lantern",
    "Summer Fair 2024!",
    "JBSWY3DPEHPK3PXP",
    "Yt!8kD2#qLw0vBn5",
    "N0t-4-Gu3ss!ng",
)


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    assert not any(secret in record.getMessage() for record in caplog.records for secret in CSV_SECRETS)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    copy = tmp_path / "exports" / "keepassxc-export.csv"
    copy.parent.mkdir()
    shutil.copyfile(SAMPLES / "keepassxc-export.csv", copy)
    return copy


@pytest.fixture
def dialog(qtbot: QtBot, app_session: AppSession) -> Iterator[CredentialImportDialog]:
    made = CredentialImportDialog(None, app_session)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    operations.wait_for_background()


def _preview(qtbot: QtBot, dialog: CredentialImportDialog, path: Path, rows: int) -> None:
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == rows and not dialog._busy)


def _cell(dialog: CredentialImportDialog, row: int, column: int) -> str:
    return str(dialog.proxy.index(row, column).data())


def test_the_preview_matches_an_account_and_imports_it(
    qtbot: QtBot, dialog: CredentialImportDialog, workspace: Workspace, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pe, _people = make_account(workspace, handle="ExampleSchoolPE")  # profile https://x.com/ExampleSchoolPE
    _preview(qtbot, dialog, export, 3)
    lines = {int(_cell(dialog, row, ImportPreviewModel.LINE)): row for row in range(3)}
    matched = lines[3]
    assert _cell(dialog, matched, ImportPreviewModel.TITLE) == "PE department X"
    assert _cell(dialog, matched, ImportPreviewModel.USERNAME) == "pe@example-school.sch.uk"
    assert _cell(dialog, matched, ImportPreviewModel.URL) == "https://x.com/ExampleSchoolPE"
    assert _cell(dialog, matched, ImportPreviewModel.STATUS) == "Matched"
    assert _cell(dialog, matched, ImportPreviewModel.ACCOUNT) == "ExampleSchoolPE news \u2014 X (Twitter)"
    assert _cell(dialog, lines[2], ImportPreviewModel.STATUS) == "Not matched"
    assert dialog.import_button.text() == "&Import 1 password"
    assert dialog.import_button.isEnabled()
    assert "3 logins in the file, 1 matched, 2 left out" in dialog.summary.text()
    # nothing in the preview shows a password
    texts = [_cell(dialog, row, column) for row in range(3) for column in range(6)]
    assert not any(secret in text for text in texts for secret in CSV_SECRETS)

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    assert dialog.imported == 1
    assert dialog.reminder.text() == DELETE_REMINDER and dialog.reminder.isVisible()
    assert "1 password was added" in dialog.done_text.text()
    assert export.exists()  # the user's file is never deleted for them
    credentials = vault.list_credentials(workspace)
    assert [(c.account_id, c.label) for c in credentials] == [(pe, "PE department X")]
    assert vault.reveal(workspace, credentials[0].id) == "correct-staple-orbit-lantern"
    assert credentials[0].has_totp
    assert dialog.model.rowCount() == 0  # the preview, with its plaintext, is gone

    qtbot.mouseClick(dialog.show_folder_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [export.parent]


def test_an_unmatched_line_can_be_given_an_account(
    qtbot: QtBot, dialog: CredentialImportDialog, workspace: Workspace, export: Path
) -> None:
    office, _people = make_account(workspace, handle="BramblefordOffice")
    _preview(qtbot, dialog, export, 3)
    assert dialog.import_button.text() == "&Import 0 passwords"
    assert not dialog.import_button.isEnabled()
    combo = dialog.table.findChild(QComboBox, "import-account-line-2")
    assert combo is not None and combo.accessibleName() == "Account for line 2"
    combo.setCurrentIndex(combo.findData(office))
    row = next(r for r in dialog.model.rows() if r.line == 2)
    assert row.account_id == office and row.status is MatchStatus.NO_MATCH
    assert dialog.import_button.text() == "&Import 1 password"
    line_2 = next(i for i in range(3) if _cell(dialog, i, ImportPreviewModel.LINE) == "2")
    assert _cell(dialog, line_2, ImportPreviewModel.STATUS) == "You chose"
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    assert [(c.account_id, c.label) for c in vault.list_credentials(workspace)] == [(office, "School Facebook page")]
    assert vault.reveal(workspace, vault.list_credentials(workspace)[0].id) == "Tq7#mVx2!pLr9@Zs"


def test_a_bitwarden_export_is_read_too(qtbot: QtBot, dialog: CredentialImportDialog, tmp_path: Path) -> None:
    copy = tmp_path / "bitwarden.csv"
    shutil.copyfile(SAMPLES / "bitwarden-export.csv", copy)
    dialog.load_file(copy)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and not dialog._busy)
    assert not dialog.file_error.isVisible()


def test_a_file_that_is_not_an_export_is_refused_next_to_the_file(
    qtbot: QtBot, dialog: CredentialImportDialog, tmp_path: Path
) -> None:
    wrong = tmp_path / "staff.csv"
    wrong.write_text("Name,Role,Email\nAnna,Teacher,anna@school.example.org\n", encoding="utf-8")
    dialog.load_file(wrong)
    qtbot.waitUntil(lambda: dialog.file_error.isVisible())
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    missing = tmp_path / "gone.csv"
    dialog.load_file(missing)
    qtbot.waitUntil(lambda: not dialog._busy)
    assert "could not read" in dialog.file_error.text()


def test_closing_drops_the_preview(qtbot: QtBot, dialog: CredentialImportDialog, export: Path) -> None:
    _preview(qtbot, dialog, export, 3)
    rows = dialog.model.rows()
    dialog.reject()
    assert dialog.model.rowCount() == 0
    assert all(row._secret == "" and row._totp == "" for row in rows)


def test_locking_closes_the_dialog(
    qtbot: QtBot, dialog: CredentialImportDialog, export: Path, app_session: AppSession
) -> None:
    _preview(qtbot, dialog, export, 3)
    app_session.lock()
    assert not dialog.isVisible()
    assert dialog.model.rowCount() == 0


def test_two_logins_for_one_account_are_flagged_and_the_user_keeps_one(
    qtbot: QtBot, dialog: CredentialImportDialog, workspace: Workspace, tmp_path: Path
) -> None:
    pe, _people = make_account(workspace, handle="ExampleSchoolPE")
    export = tmp_path / "two.csv"
    export.write_text(
        "Title,Username,Password,URL,TOTP\n"
        "PE old,pe,Summer Fair 2024!,https://x.com/ExampleSchoolPE,\n"
        "PE new,pe,correct-staple-orbit-lantern,https://x.com/ExampleSchoolPE,\n"
        "Bad code,pe,Yt!8kD2#qLw0vBn5,https://example.org,not base32!\n",
        encoding="utf-8",
    )
    _preview(qtbot, dialog, export, 3)
    lines = {int(_cell(dialog, row, ImportPreviewModel.LINE)): row for row in range(3)}
    assert "also on line 3" in _cell(dialog, lines[2], ImportPreviewModel.STATUS)
    assert "also on line 2" in _cell(dialog, lines[3], ImportPreviewModel.STATUS)
    assert _cell(dialog, lines[4], ImportPreviewModel.STATUS).startswith("Cannot import: The TOTP secret is not valid")
    summary = dialog.summary.text()
    assert "3 left out: 2 are rows for the same account" in summary
    assert "1 has a TOTP secret that is not valid" in summary and "none of them is imported" in summary
    assert not dialog.import_button.isEnabled()

    old = dialog.table.findChild(QComboBox, "import-account-line-2")
    assert old is not None
    with qtbot.waitSignal(dialog.model.dataChanged):
        old.setCurrentIndex(old.findData(None))  # Leave it out
    assert _cell(dialog, lines[3], ImportPreviewModel.STATUS) == "Matched"
    assert dialog.import_button.text() == "&Import 1 password"
    assert "2 left out: 1 matched no account, 1 has a TOTP secret" in dialog.summary.text()
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    (stored,) = vault.list_credentials(workspace)
    assert stored.account_id == pe and vault.reveal(workspace, stored.id) == "correct-staple-orbit-lantern"
