"""The Forms menu: each blank form saves as a PDF with its title and the school's name, audited; locked, disabled."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from smgov.data.services import audit_log
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.shell.forms_menu import BLANK_FORMS, FormsMenu
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession
from tests.conftest import PASSPHRASE, SCHOOL

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

TITLES = {
    "blocked-content": "Blocked content access request form",
    "inappropriate-content": "Inappropriate content report form",
    "account-application": "Social media account application",
    "consent": "Images and Videos Parental Consent Form",
}


@pytest.fixture
def window(qtbot: QtBot, app_session: AppSession) -> Iterator[MainWindow]:
    main = MainWindow(app_session)
    qtbot.addWidget(main)
    main.resize(1100, 720)
    with qtbot.waitActive(main):
        main.show()
    yield main
    operations.wait_for_background()


def _menu(window: MainWindow) -> FormsMenu:
    menu = window.findChild(QMenu, "forms-menu")
    assert isinstance(menu, FormsMenu)
    return menu


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_the_forms_menu_sits_before_help_with_the_four_blank_forms(window: MainWindow) -> None:
    titles = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert titles.index("Forms") == titles.index("Help") - 1
    texts = [action.text().replace("&", "") for action in _menu(window).actions() if not action.isSeparator()]
    assert texts == [
        "Blocked content access request (Appendix A)…",
        "Inappropriate content report (Appendix B)…",
        "Social media account application…",
        "Images and videos parental consent form…",
    ]


def test_each_blank_form_saves_as_a_pdf_with_its_title_and_is_audited(
    qtbot: QtBot, window: MainWindow, app_session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    menu = _menu(window)
    chosen: list[Path] = []

    def ask(*_args: object, **_kwargs: object) -> tuple[str, str]:
        return str(chosen[-1]), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    for form in BLANK_FORMS:
        menu.form_actions[form.kind].trigger()
        dialog = menu.dialog
        assert isinstance(dialog, PrintDialog) and dialog.windowTitle() == form.title
        assert not dialog.boxes  # the one print dialog, with no choices
        qtbot.waitExposed(dialog)
        chosen.append(tmp_path / f"{form.kind}.pdf")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(chosen[-1].exists)
        text = _pdf_text(chosen[-1])
        assert TITLES[form.kind] in text
        assert SCHOOL in text  # the school's letterhead
        qtbot.waitUntil(lambda shown=dialog: shown.status.text() == "Saved.")
        dialog.reject()

    operations.wait_for_background()
    events = [e for e in audit_log.list_events(app_session.workspace) if e.action == "form.print"]
    assert sorted(e.entity_type for e in events) == sorted(TITLES)
    assert all(e.summary.startswith("Blank ") and e.summary.endswith("saved as PDF") for e in events)


def test_the_forms_are_disabled_while_locked_and_an_open_one_closes(
    qtbot: QtBot, window: MainWindow, app_session: AppSession
) -> None:
    menu = _menu(window)
    assert all(action.isEnabled() for action in menu.form_actions.values())
    earlier = menu.open_form(BLANK_FORMS[2])
    assert earlier is not None
    earlier.reject()  # closed and deleted before the lock: the lock must not reach it
    qtbot.waitUntil(lambda: not isValid(earlier))
    dialog = menu.open_form(BLANK_FORMS[0])
    assert dialog is not None
    qtbot.waitExposed(dialog)
    workspace = app_session.workspace

    with qtbot.waitSignal(app_session.locked):
        window.lock()
    assert not any(action.isEnabled() for action in menu.form_actions.values())
    assert not isValid(dialog) or not dialog.isVisible()
    assert menu.open_form(BLANK_FORMS[1]) is None  # nothing opens while locked

    with qtbot.waitSignal(app_session.unlocked):
        app_session.set_workspace(Workspace.open(workspace.path, passphrase=PASSPHRASE))
    assert all(action.isEnabled() for action in menu.form_actions.values())
