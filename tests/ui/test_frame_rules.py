"""Rules every section keeps, checked by walking all of them on the small demo, as a user would at 1366x768:
the mouse wheel never edits a field that does not have the focus, and every window fits the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.frame.page import SectionPage
from smgov.ui.shell.main_window import SECTIONS, MainWindow
from smgov.ui.shell.session import AppSession
from tests.ui import wheel


@pytest.fixture
def window(qtbot: QtBot, demo_workspace: Workspace) -> Iterator[MainWindow]:
    session = AppSession()
    session.set_workspace(demo_workspace, demo=True)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    yield main
    operations.wait_for_background()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    session.lock()


def _fields(page: QWidget) -> list[QWidget]:
    kinds = (QComboBox, QAbstractSpinBox, QAbstractSlider)
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds) and not isinstance(w, QScrollBar) and w.isVisible() and w.isEnabled()
    ]


def _open_first_record(qtbot: QtBot, page: SectionPage) -> None:
    loaded = getattr(page, "loaded_once", True)
    qtbot.waitUntil(lambda: getattr(page, "loaded_once", loaded))
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() > 0 and view.objectName().endswith("-table"):
            view.setCurrentIndex(model.index(0, 0))
            break
    operations.wait_for_background()


def test_no_unfocused_field_changes_under_the_mouse_wheel(qtbot: QtBot, window: MainWindow) -> None:
    changed: list[str] = []
    tried = 0
    for section in SECTIONS:
        window.navigate(section.key)
        page = window.current_page()
        assert isinstance(page, SectionPage)
        _open_first_record(qtbot, page)
        window.nav.setFocus()  # the focus is somewhere else, as when the pointer passes over a form
        for field in _fields(page):
            before = wheel.value(field)
            wheel.turn(field)
            tried += 1
            if wheel.value(field) != before:
                changed.append(f"{section.key}: {field.objectName() or type(field).__name__}")
    assert tried > 10  # the walk reached the forms (settings alone has a combo box and two spin boxes)
    assert changed == []


def test_the_wheel_edits_a_field_only_once_the_user_chose_it(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("settings")
    page = window.current_page()
    assert page is not None
    spin = page.findChild(QAbstractSpinBox, "settings-auto-lock-minutes")
    assert spin is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    before = spin.value()
    spin.setFocus(Qt.FocusReason.OtherFocusReason)  # as a form does with its first field when it opens
    assert spin.hasFocus()
    wheel.turn(spin)
    assert spin.value() == before
    window.nav.setFocus(Qt.FocusReason.TabFocusReason)
    spin.setFocus(Qt.FocusReason.TabFocusReason)  # the user tabbed to it (or clicked it)
    wheel.turn(spin)
    assert spin.value() != before


def test_the_main_window_fits_the_laptop_screen_even_at_125_percent(window: MainWindow) -> None:
    for section in SECTIONS:  # the window's smallest size is that of its largest section
        window.navigate(section.key)
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert available.height() == 728  # the test screen: a 1366x768 laptop less its taskbar
    assert window.frameGeometry().width() <= available.width()
    assert window.frameGeometry().height() <= available.height()
    smallest = window.minimumSizeHint()
    assert smallest.width() <= 1366 / 1.25 and smallest.height() <= 728 / 1.25  # Windows' common 125 % scaling


def test_print_preview_opens_within_the_screen(qtbot: QtBot, window: MainWindow) -> None:
    from smgov.reports.account_application import account_application_pdf
    from smgov.reports.pdf import Letterhead
    from smgov.ui.frame.pdf_output import print_preview

    available = QGuiApplication.primaryScreen().availableGeometry()
    preview = print_preview(window, account_application_pdf(Letterhead("Spixworth Test Primary")))
    assert preview is not None
    qtbot.waitUntil(preview.isVisible)
    qtbot.waitUntil(lambda: available.contains(preview.frameGeometry()))
    preview.reject()


def test_a_refused_save_names_the_program_that_may_hold_the_file_or_the_folder(tmp_path: Path) -> None:
    import errno

    from smgov.ui.frame.pdf_output import _save_error

    denied = PermissionError(errno.EACCES, "Permission denied")
    held = tmp_path / "pack.xlsx"
    held.write_bytes(b"old")
    assert "open in the spreadsheet program" in str(_save_error(held, denied))
    assert "PDF viewer" not in str(_save_error(held, denied))
    held_pdf = tmp_path / "pack.pdf"
    held_pdf.write_bytes(b"old")
    assert "open in a PDF viewer" in str(_save_error(held_pdf, denied))
    new = tmp_path / "locked" / "pack.pdf"
    message = str(_save_error(new, denied))
    assert "viewer" not in message and "cannot save files in" in message
