"""Importing staff from a CSV: the preview with its counts and problem rows, the Import button, and the result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smgov.data.services import audit_log, people, school
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.sections.people.staff_import import StaffImportDialog, StaffPreviewModel
from smgov.ui.sections.people.view import PeopleView
from smgov.ui.shell.session import AppSession
from tests.data.registers import make_person

GOOD_AND_BAD = (
    "Name,Role,Email\n"
    "Amelia Ward,Class teacher,a.ward@brambleford.sch.uk\n"
    "<b>Bold</b> & Co,=cmd|' /C calc'!A0,b.co@brambleford.sch.uk\n"
    "Known Person,Teacher,known@brambleford.sch.uk\n"
    ",Nobody,\n"
    "Sam Outside,TA,sam@gmail.com\n"
)


@pytest.fixture
def dialog(qtbot: QtBot, app_session: AppSession, workspace: Workspace) -> Iterator[StaffImportDialog]:
    school.update_settings(workspace, school.SettingsChange(email_domains=["brambleford.sch.uk"]))
    make_person(workspace, "Known Person", email="known@brambleford.sch.uk")
    import_dialog = StaffImportDialog(None, app_session)
    qtbot.addWidget(import_dialog)
    import_dialog.show()
    yield import_dialog
    operations.wait_for_background()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.close()


def _csv(tmp_path: Path, text: str, name: str = "staff.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _previewed(qtbot: QtBot, dialog: StaffImportDialog, path: Path) -> None:
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None or dialog.file_error.isVisible())


def test_the_preview_counts_rows_and_shows_problems(qtbot: QtBot, dialog: StaffImportDialog, tmp_path: Path) -> None:
    _previewed(qtbot, dialog, _csv(tmp_path, GOOD_AND_BAD))
    assert dialog.counts.text() == "2 new, 1 already there, 2 with problems (left out)"
    assert dialog.model.rowCount() == 5
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 2 new"

    proxy = dialog.proxy
    rows = {proxy.index(r, StaffPreviewModel.LINE).data(): r for r in range(proxy.rowCount())}
    problem = rows["6"]  # "Sam Outside": not a school address
    status = proxy.index(problem, StaffPreviewModel.STATUS)
    assert status.data() == "Left out"
    assert status.data(Qt.ItemDataRole.DecorationRole) is not None  # an icon, not colour alone
    assert "Use the school email address" in proxy.index(problem, StaffPreviewModel.MESSAGE).data()
    assert proxy.index(rows["5"], StaffPreviewModel.MESSAGE).data() == "Enter the person's name."
    hostile = rows["3"]
    assert proxy.index(hostile, StaffPreviewModel.NAME).data() == "<b>Bold</b> & Co"
    assert proxy.index(hostile, StaffPreviewModel.ROLE).data() == "=cmd|' /C calc'!A0"
    assert proxy.index(rows["4"], StaffPreviewModel.STATUS).data() == "Already there"


def test_import_adds_the_new_rows_only_and_says_how_many(
    qtbot: QtBot, dialog: StaffImportDialog, tmp_path: Path, workspace: Workspace
) -> None:
    _previewed(qtbot, dialog, _csv(tmp_path, GOOD_AND_BAD))
    with qtbot.waitSignal(dialog.imported) as imported:
        dialog.import_button.click()
    assert imported.args == [2]
    names = sorted(p.full_name for p in people.list_people(workspace))
    assert names == ["<b>Bold</b> & Co", "Amelia Ward", "Known Person"]
    assert not dialog.isVisible()
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "staff-import-done" and w.isVisible()]
    assert boxes and boxes[0].text() == "2 staff were added to the People register."  # type: ignore[attr-defined]
    assert any(e.action == "person.import" for e in audit_log.list_events(workspace))


def test_nothing_new_means_nothing_to_import(qtbot: QtBot, dialog: StaffImportDialog, tmp_path: Path) -> None:
    _previewed(qtbot, dialog, _csv(tmp_path, "Name,Email\nKnown Person,known@brambleford.sch.uk\n,\n"))
    assert dialog.counts.text().startswith("0 new, 1 already there")
    assert not dialog.import_button.isEnabled()


def test_a_file_without_a_name_column_is_explained_beside_the_file(
    qtbot: QtBot, dialog: StaffImportDialog, tmp_path: Path
) -> None:
    _previewed(qtbot, dialog, _csv(tmp_path, "Colour,Size\nred,big\n"))
    assert dialog.file_error.isVisible()
    assert "Name column" in dialog.file_error.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.model.rowCount() == 0


def test_a_missing_file_is_explained_beside_the_file(qtbot: QtBot, dialog: StaffImportDialog, tmp_path: Path) -> None:
    _previewed(qtbot, dialog, tmp_path / "gone.csv")
    assert dialog.file_error.text().startswith("gone.csv cannot be read")


def test_the_import_is_reached_from_the_people_section(
    qtbot: QtBot, app_session: AppSession, tmp_path: Path, workspace: Workspace
) -> None:
    view = PeopleView(app_session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view._loaded_once)
    view.import_button.click()
    dialog = view.findChild(StaffImportDialog)
    assert dialog is not None and dialog.isVisible()
    _previewed(qtbot, dialog, _csv(tmp_path, "Forename,Surname,Job title\nRhys,Jones,Caretaker\n"))
    assert dialog.counts.text() == "1 new, 0 already there"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.proxy.row_at(0).full_name == "Rhys Jones"
    assert view.notice.text() == "1 member of staff imported."
    operations.wait_for_background()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.close()


def test_locking_closes_the_preview_and_forgets_its_rows(
    qtbot: QtBot, dialog: StaffImportDialog, tmp_path: Path, app_session: AppSession
) -> None:
    _previewed(qtbot, dialog, _csv(tmp_path, GOOD_AND_BAD))
    assert dialog.model.rowCount() == 5
    app_session.lock()
    assert not dialog.isVisible()
    assert dialog.model.rowCount() == 0
