"""The pupil import wizard (file, columns, preview, import) and the consent returns import with its review: rows
that are not certain are never guessed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from smgov.ui.sections.consent import ConsentView
from smgov.ui.sections.consent.pupil_import import PupilImportDialog
from smgov.ui.sections.consent.returns_import import LEAVE_OUT, ReturnsImportDialog
from smgov.ui.shell.session import AppSession
from tests.ui.consent_support import HEADER, add_pupils

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def open_view(qtbot: QtBot, session: AppSession) -> ConsentView:
    view = ConsentView(session)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitUntil(lambda: view.loaded_once)
    return view


def test_the_pupil_import_shows_the_columns_and_the_preview_before_saving(
    qtbot: QtBot, app_session: AppSession, tmp_path: Path
) -> None:
    from smgov.data.services.pupils import list_pupils

    view = open_view(qtbot, app_session)
    assert view.count_label.text() == "0 pupils, all shown"
    qtbot.mouseClick(view.import_pupils_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(PupilImportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert not dialog.next_button.isEnabled()

    broken = tmp_path / "photo.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    dialog.load_file(broken)
    qtbot.waitUntil(lambda: dialog.file_error.message != "")  # said beside the file, nothing else happens
    assert dialog.pages.currentIndex() == 0

    dialog.load_file(SAMPLES / "sims-student-list-head.csv")
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    assert dialog.file_error.message == ""
    assert "SIMS" in dialog.file_label.text()
    assert dialog.combos["legal_last_name"].currentText() == "Legal Surname"
    assert dialog.combos["admission_number"].currentText() == "Adno"
    assert dialog.sample_model.rowCount() > 0 and dialog.sample_model.headerData(0, Qt.Orientation.Horizontal) == "Adno"
    dialog.combos["legal_first_name"].setCurrentIndex(0)  # "(not in the file)": the preview refuses the mapping
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.mapping_error.message != "")
    assert "legal forename" in dialog.mapping_error.message.lower() or "first name" in dialog.mapping_error.message
    dialog.combos["legal_first_name"].setCurrentIndex(dialog.combos["legal_first_name"].findText("Legal Forename"))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2)
    assert dialog.counts.text().startswith("24 new, 0 changed")
    assert dialog.model.rowCount() == 24
    assert list_pupils(app_session.workspace) == []  # nothing saved yet
    assert dialog.next_button.text() == "Import"

    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.count_label.text() == "24 pupils, all shown")
    done = view.window().findChild(QMessageBox, "pupil-import-done")
    assert done is not None and "24 new pupils added" in done.text()
    done.accept()


def test_returns_import_reviews_rows_that_are_not_certain(
    qtbot: QtBot, app_session: AppSession, tmp_path: Path
) -> None:
    from smgov.data.services import consent, pupils

    workspace = app_session.workspace
    add_pupils(workspace)
    twin = "\n".join([HEADER, "A820000000009,000109,Smith,Oliver,,Year 4,4B"]).encode()
    pupils.apply_import(workspace, pupils.preview_import(workspace, twin, "more.csv", full_export=False))
    year = consent.academic_year_of(dt.date.today())
    when = f"{year}-09-10 18:22"
    header = (SAMPLES / "consent-returns-2026-27-head.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    returns = tmp_path / "returns.csv"
    returns.write_text(
        "\n".join(
            [
                header,
                f"{when},Zofia Nowak,Year 3,3A,Yes,Yes,No,Yes,,Ada Nowak,Mother",
                f"{when},Oliver Smith,Year 4,4B,Yes,Yes,Yes,Yes,,Bo Smith,Father",
                f"{when},Nobody Known,Year 6,6Z,Yes,Yes,Yes,Yes,,Cy Known,Father",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    view = open_view(qtbot, app_session)
    qtbot.mouseClick(view.import_returns_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(ReturnsImportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.load_file(returns)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.pages.currentIndex() == 2
    assert dialog.summary.text().startswith("1 matched, 1 to review, 1 not matched")
    assert dialog.model.rowCount() == 1
    (line,) = dialog.review_combos
    choose = dialog.review_combos[line]
    assert choose.currentText() == LEAVE_OUT  # never guessed
    assert choose.count() == 3  # leave out, or one of the two Oliver Smiths
    assert dialog.import_button.text() == "Import 1"

    choose.setCurrentIndex(2)
    assert dialog.import_button.text() == "Import 2"
    chosen_id = int(choose.currentData())
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    history = consent.history(workspace, chosen_id)
    assert {e.given_by for e in history} == {"Bo Smith"}
    box = view.window().findChild(QMessageBox, "returns-import-done")
    assert box is not None and box.text().startswith("1 return and 1 amendment recorded")  # Zofia had one
    box.accept()


def test_the_columns_of_a_returns_file_can_be_corrected(qtbot: QtBot, app_session: AppSession, tmp_path: Path) -> None:
    add_pupils(app_session.workspace)
    from smgov.data.services import consent

    year = consent.academic_year_of(dt.date.today())
    returns = tmp_path / "returns.csv"
    returns.write_text(
        "Timestamp,Child's name,Year group,Class,Question A,Name of person with parental responsibility\n"
        f"{year}-09-10 18:22,Zofia Nowak,Year 3,3A,Yes,Ada Nowak\n",
        encoding="utf-8",
    )
    view = open_view(qtbot, app_session)
    dialog = view.import_returns()
    assert isinstance(dialog, ReturnsImportDialog)
    dialog.load_file(returns)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.pages.currentIndex() == 1  # no column is known to be a question: the columns first
    combo = dialog.column_combos["Question A"]
    combo.setCurrentIndex(combo.findData("website"))
    dialog.reread()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.mapping.purposes == {"Question A": "website"})
    assert dialog.import_button.isEnabled(), (dialog.summary.text(), dialog.problems.text())
