"""The shell fits a 1366×768 laptop: the main window and its dialogs stay within the screen's available geometry and
scroll inside when short; no field in them takes focus from the mouse wheel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDialog, QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from typing_extensions import override

from smgov.data.workspace import Workspace
from smgov.ui.frame import operations, state
from smgov.ui.frame.screen import TYPICAL_FRAME, clamped
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px taskbar


def _within(window: QWidget) -> bool:
    area = window.screen().availableGeometry()
    return area.contains(window.frameGeometry())


def test_a_window_too_big_or_off_screen_is_shrunk_and_moved_onto_the_laptop() -> None:
    geometry = clamped(QRect(-200, 500, 1180, 760), LAPTOP, TYPICAL_FRAME)
    framed = geometry.adjusted(-8, -31, 8, 8)  # the typical frame: 8 px borders, a 31 px title bar
    assert geometry.height() <= 728 - TYPICAL_FRAME.height()
    assert LAPTOP.contains(framed)
    assert clamped(QRect(100, 100, 800, 500), LAPTOP, TYPICAL_FRAME) == QRect(100, 100, 800, 500)


@pytest.fixture
def session(qtbot: QtBot, workspace: Workspace) -> Iterator[AppSession]:
    session = AppSession()
    session.set_workspace(workspace)
    yield session
    operations.wait_for_background()
    session.lock()


def test_the_main_window_opens_within_the_screen_by_default(qtbot: QtBot, session: AppSession) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert _within(window)


def test_a_remembered_geometry_larger_than_the_screen_is_brought_within_it(qtbot: QtBot, session: AppSession) -> None:
    big = MainWindow(session)
    qtbot.addWidget(big)
    big.setGeometry(3000, 2000, 2400, 1600)  # left on a large second monitor that is no longer there
    state.save_window_geometry(big.saveGeometry())
    big.close()
    assert isinstance(state.window_geometry(), QByteArray)

    window = MainWindow(session)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert _within(window)


def _dialogs(parent: QWidget, session: AppSession, tmp_path: Path) -> list[QDialog]:
    from smgov.ui.shell.about import AboutDialog
    from smgov.ui.shell.help import ShortcutsDialog, UserGuideDialog
    from smgov.ui.shell.operator_choice import OperatorDialog
    from smgov.ui.shell.passphrase import ChangePassphraseDialog
    from smgov.ui.shell.unlock import UnlockDialog
    from smgov.ui.shell.wizard import FirstRunWizard
    from smgov.ui.shell.workspace_dialogs import RestoreDialog

    return [
        FirstRunWizard(parent, folder=tmp_path),
        UnlockDialog(parent, session.workspace.path),
        RestoreDialog(parent, session),
        ChangePassphraseDialog(parent, session.workspace),
        AboutDialog(parent),
        UserGuideDialog(parent),
        ShortcutsDialog(parent, [("File", "Lock", "Ctrl+L")]),
        OperatorDialog(parent, [], None),
    ]


def test_every_shell_dialog_fits_a_1366_by_728_screen_and_no_field_takes_the_wheel(
    qtbot: QtBot, session: AppSession, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    room = LAPTOP.size() - TYPICAL_FRAME
    for dialog in _dialogs(parent, session, tmp_path):
        name = dialog.objectName()
        dialog.show()
        assert dialog.width() <= room.width() and dialog.height() <= room.height(), name
        least = dialog.minimumSize().expandedTo(dialog.minimumSizeHint())
        assert least.width() <= room.width() and least.height() <= room.height(), name
        for field in dialog.findChildren(QComboBox) + dialog.findChildren(QAbstractSpinBox):
            assert field.focusPolicy() != Qt.FocusPolicy.WheelFocus, f"{name}: {field.objectName()}"
        dialog.reject()


def test_the_wizard_scrolls_inside_a_short_window(qtbot: QtBot, tmp_path: Path) -> None:
    from smgov.ui.shell.wizard import FirstRunWizard
    from smgov.ui.shell.wizard_steps import PAGE_PEOPLE

    wizard = FirstRunWizard(folder=tmp_path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.resize(QSize(700, 260))  # 125 % scaling on a short laptop leaves little more
    qtbot.waitUntil(lambda: wizard.height() <= 300)
    people = wizard.page(PAGE_PEOPLE)
    area = people.findChild(QScrollArea)
    assert area is not None
    wizard.setStartId(PAGE_PEOPLE)
    wizard.restart()
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)  # the key people are there, below the fold
    wizard.reject()


class _WindowsShown(QObject):
    """Every widget shown as a window of its own that is not a dialog (a child made visible before it had a parent
    flashes on screen as a little window)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not isinstance(watched, QDialog)
        ):
            self.seen.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False


def test_no_shell_dialog_flashes_a_widget_as_a_window_of_its_own(
    qtbot: QtBot, qapp: QApplication, session: AppSession, tmp_path: Path
) -> None:
    from smgov.ui.frame.secret_entry import BusyRow, SecretEntry
    from smgov.ui.shell.forms_menu import BLANK_FORMS, open_blank_form

    parent = QWidget()
    qtbot.addWidget(parent)
    spy = _WindowsShown()
    qapp.installEventFilter(spy)
    try:
        dialogs: list[QWidget] = [
            *_dialogs(parent, session, tmp_path),
            open_blank_form(parent, session, BLANK_FORMS[0]),
        ]
        dialogs += [SecretEntry(parent=parent), BusyRow("Working…", "Working", parent=parent)]
        for dialog in dialogs:
            if isinstance(dialog, QDialog):
                dialog.show()
                dialog.reject()
    finally:
        qapp.removeEventFilter(spy)
    assert spy.seen == []
