"""Recording consent through the dialogs: a return, a withdrawal (in writing), and fast entry from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from smgov.data.models.consent import ConsentChange, ConsentStatus
from smgov.ui.sections.consent import ConsentView
from smgov.ui.sections.consent.fast_entry import FastEntryDialog
from smgov.ui.sections.consent.record import RecordConsentDialog
from smgov.ui.shell.session import AppSession
from tests.ui.consent_support import add_pupils
from tests.ui.test_consent_section import choose, column_of, shown_cells


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession) -> ConsentView:
    add_pupils(app_session.workspace)
    made = ConsentView(app_session)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    qtbot.waitUntil(lambda: made.loaded_once)
    return made


def reloaded(qtbot: QtBot, view: ConsentView, check: Callable[[], bool]) -> None:
    qtbot.waitUntil(check, timeout=5000)


def test_recording_a_return_through_the_dialog(qtbot: QtBot, view: ConsentView) -> None:
    choose(view, "Smith")
    qtbot.mouseClick(view.pane.record_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(RecordConsentDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.change.currentData() == ConsentChange.RETURN
    qtbot.mouseClick(dialog.set_all, Qt.MouseButton.LeftButton)
    videos = next(c for c in dialog.choices if c.purpose.key == "social_videos")
    videos.set(ConsentStatus.RESTRICTED)
    assert videos.restriction.isEnabled()
    dialog.given_by.setText("Sam Smith")
    dialog.relationship.setText("Father")

    assert dialog.ok_button is not None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no restriction said: refused beside the field
    qtbot.waitUntil(lambda: "restriction" in dialog.errors["statuses"].message)
    videos.restriction.setText("group photos only")
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    column = column_of(view, "Social media videos")
    reloaded(qtbot, view, lambda: shown_cells(view)["Smith"][column] == "✓* Restricted")
    assert shown_cells(view)["Smith"][column_of(view, "School website")] == "✓ Granted"
    assert "Videos" not in view.pane.history_lines[0]
    assert "Social media videos: ✓* Restricted (group photos only)" in "\n".join(view.pane.history_lines)
    assert "Sam Smith (Father)" in "\n".join(view.pane.history_lines)


def test_a_withdrawal_must_be_in_writing_and_refuses(qtbot: QtBot, view: ConsentView) -> None:
    choose(view, "Okafor")
    dialog = view.record_consent(view.pane.record_id or 0, ConsentChange.WITHDRAWAL)
    assert isinstance(dialog, RecordConsentDialog)
    qtbot.waitExposed(dialog)
    assert not dialog.set_all.isEnabled()  # a withdrawal only refuses
    photos = next(c for c in dialog.choices if c.purpose.key == "social_photos")
    photos.set(ConsentStatus.REFUSED)
    dialog.given_by.setText("Ada Parent")
    assert dialog.ok_button is not None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["note"].message != "")
    assert "in writing" in dialog.errors["note"].message
    dialog.note.setPlainText("Letter of 2 October, in the office file")
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    column = column_of(view, "Social media photos")
    reloaded(qtbot, view, lambda: shown_cells(view)["Okafor"][column] == "✗ Refused")
    assert shown_cells(view)["Okafor"][column_of(view, "School website")] == "✓ Granted"  # the others stay
    history = "\n".join(view.pane.history_lines)
    assert "Withdrawn: received" in history
    assert "Letter of 2 October" in history


def test_fast_entry_from_the_keyboard_only(qtbot: QtBot, view: ConsentView) -> None:
    qtbot.mouseClick(view.fast_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(FastEntryDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search)

    def keys(text: str) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), text)

    def key(which: Qt.Key) -> None:
        qtbot.keyClick(QApplication.focusWidget(), which)

    keys("smi")  # Oliver Smith
    assert dialog.matches.count() == 1
    key(Qt.Key.Key_Return)
    assert dialog.chosen is not None and dialog.chosen.legal_last_name == "Smith"
    assert QApplication.focusWidget() is dialog.ticks[0]
    key(Qt.Key.Key_Space)  # school displays: granted
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Space)  # website: granted
    while QApplication.focusWidget() is not dialog.given_by:
        key(Qt.Key.Key_Tab)
    keys("Jo Smith")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        key(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.search  # on to the next form
    assert dialog.chosen is None and dialog.search.text() == ""
    assert "Saved Oliver Smith: 2 granted, 4 refused." in dialog.log_label.text()

    keys("riya")  # the next form: Riya Patel, every purpose ticked with Ctrl+A, no name: refused beside it
    key(Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: all(t.isChecked() for t in dialog.ticks))  # (a button's shortcut clicks it animated)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.message != "")
    assert QApplication.focusWidget() is dialog.given_by
    keys("R Patel")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        key(Qt.Key.Key_Return)

    photos = column_of(view, "Social media photos")
    reloaded(qtbot, view, lambda: shown_cells(view)["Patel"][photos] == "✓ Granted")
    cells = shown_cells(view)
    assert cells["Smith"][column_of(view, "School website")] == "✓ Granted"
    assert cells["Smith"][photos] == "✗ Refused"
    key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_scanned_form_is_kept_and_opened_from_the_history(
    qtbot: QtBot, view: ConsentView, app_session: AppSession, tmp_path: Path
) -> None:
    from smgov.data.services.audit_log import list_events
    from smgov.ui.sections.consent.form_viewer import FormViewer

    scan = tmp_path / "form.png"
    picture = QImage(40, 60, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.white)
    assert picture.save(str(scan))
    choose(view, "Smith")
    dialog = view.record_consent(view.pane.record_id or 0)
    assert isinstance(dialog, RecordConsentDialog)
    qtbot.waitExposed(dialog)
    dialog._set_every(ConsentStatus.GRANTED)
    dialog.given_by.setText("Sam Smith")
    dialog.set_form(scan)
    assert dialog.form_label.text() == "form.png"
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        dialog.save()

    website = column_of(view, "School website")
    qtbot.waitUntil(lambda: shown_cells(view)["Smith"][website] == "✓ Granted")  # reloaded, the pane with it

    def form_button() -> QPushButton | None:  # (the history is rebuilt after the save: the shown one)
        found = view.pane.findChildren(QPushButton, f"pupil-step-{view.year}-0-form")
        return next((b for b in found if b.isVisible()), None)

    qtbot.waitUntil(lambda: form_button() is not None)
    opened = form_button()
    assert opened is not None

    def in_view() -> bool:  # the click lands where the button is on screen: scrolled to, once laid out
        view.pane.scroll_area.ensureWidgetVisible(opened)
        return not opened.visibleRegion().isEmpty()

    qtbot.waitUntil(in_view)
    qtbot.mouseClick(opened, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(FormViewer) is not None)
    viewer = view.findChild(FormViewer)
    assert viewer is not None and len(viewer.pages) == 1
    assert any(e.action == "consent.form_view" for e in list_events(app_session.workspace))
    viewer.reject()


def test_an_earlier_year_shows_that_years_consent(qtbot: QtBot, view: ConsentView) -> None:
    photos = column_of(view, "Social media photos")
    assert shown_cells(view)["Nowak"][photos] == "✗ Refused"
    view.year_combo.setCurrentIndex(view.year_combo.findData(view.year - 1))
    qtbot.waitUntil(lambda: shown_cells(view)["Nowak"][photos] == "– Not returned")
    choose(view, "Nowak")
    assert view.pane.now_group.title().startswith("Consent for ")
    label = view.pane.now_group.findChild(QLabel, "pupil-now-social_photos")
    assert isinstance(label, QLabel) and label.text() == "– Not returned"


def test_a_pupil_whose_form_is_in_gets_an_amendment_not_a_second_return(
    qtbot: QtBot, view: ConsentView, app_session: AppSession
) -> None:
    from smgov.data.services import consent

    choose(view, "Okafor")
    dialog = view.record_consent(view.pane.record_id or 0)
    assert isinstance(dialog, RecordConsentDialog)
    assert dialog.change.currentData() == ConsentChange.AMENDMENT
    dialog.reject()

    fast = view.fast_entry()
    assert isinstance(fast, FastEntryDialog)
    qtbot.waitExposed(fast)
    fast.search.setText("okafor")
    assert fast.take_pupil()
    assert "saved as an amendment" in fast.pupil_label.text()
    fast.given_by.setText("Ada Parent")
    with qtbot.waitSignal(fast.saved, timeout=5000):
        fast.save()
    pupil_id = next(r.pupil.id for r in view.grid.rows() if r.pupil.legal_last_name == "Okafor")
    assert [e.change for e in consent.history(app_session.workspace, pupil_id)][-1] is ConsentChange.AMENDMENT
