"""Screen readers and the keyboard alone: every control in every section has a name a screen reader can say, and
every section, its list and its pane can be reached without the mouse (Ctrl+1..0, then Tab)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.frame.page import SectionPage
from smgov.ui.shell.keyboard import install_tab_guard
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.sections import SECTIONS
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

_CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractItemView,
    QAbstractSlider,
    QTabBar,
)
_KEYS = tuple(Qt.Key(Qt.Key.Key_0.value + digit % 10) for digit in range(1, 11))  # Ctrl+1 .. Ctrl+9, Ctrl+0


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, demo_workspace: Workspace) -> Iterator[MainWindow]:
    install_tab_guard(qapp)  # as the app does at start
    session = AppSession()
    session.set_workspace(demo_workspace, demo=True)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.resize(1366, 697)
    with qtbot.waitActive(main):
        main.show()
    yield main
    operations.wait_for_background()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    session.lock()


def _spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the widget: its accessible name, else its buddy label's or button's text."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _controls(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` a user can reach with Tab now: visible, enabled, taking the focus by Tab."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _CONTROLS) or isinstance(widget, QScrollBar):
            continue
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue  # the line edit inside an editable combo box or a spin box: named by its owner
        found.append(widget)
    return found


def _address(widget: QWidget) -> int:
    """The widget itself (Python may wrap a widget Qt made in a new object each time it is asked for)."""
    return int(shiboken6.getCppPointer(widget)[0])


def _describe(section: str, widget: QWidget) -> str:
    return f"{section}: {type(widget).__name__} {widget.objectName()!r}"


def _settle() -> None:
    """Let the page's background loads finish and land (their results come back as queued signals)."""
    for _ in range(2):
        operations.wait_for_background()
        QApplication.processEvents()


def _open_first_record(qtbot: QtBot, page: SectionPage) -> None:
    loaded = getattr(page, "loaded_once", True)
    qtbot.waitUntil(lambda: getattr(page, "loaded_once", loaded))
    _settle()
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() > 0 and view.objectName().endswith("-table"):
            view.setCurrentIndex(model.index(0, 0))
            break
    _settle()


def test_every_control_in_every_section_has_a_name_a_screen_reader_can_say(qtbot: QtBot, window: MainWindow) -> None:
    unnamed: list[str] = []
    checked = 0
    for section in SECTIONS:
        window.navigate(section.key)
        page = window.current_page()
        assert isinstance(page, SectionPage)
        _open_first_record(qtbot, page)  # the pane's form too, not only the list
        for widget in _controls(page):
            checked += 1
            if not _spoken_name(widget):
                unnamed.append(_describe(section.key, widget))
    for widget in _controls(window.statusBar()) + [window.nav]:
        checked += 1
        if not _spoken_name(widget):
            unnamed.append(_describe("window", widget))
    assert checked > 100  # the walk reached the lists and the forms of every section
    assert unnamed == []


def test_every_section_is_reached_by_its_keys_and_its_list_and_pane_by_tab(qtbot: QtBot, window: MainWindow) -> None:
    unreached: list[str] = []
    for section, key in zip(SECTIONS, _KEYS, strict=True):
        window.nav.setFocus(Qt.FocusReason.OtherFocusReason)
        QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_section() == section.key, f"Ctrl+{key.name[-1]} did not open {section.label}"
        page = window.current_page()
        assert isinstance(page, SectionPage)
        _open_first_record(qtbot, page)
        window.nav.setFocus(Qt.FocusReason.OtherFocusReason)
        reached: set[int] = set()
        for _ in range(120):  # Tab from the navigation through the page, as far as the focus goes round
            QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if focused is None or focused is window.nav:
                break
            reached.add(_address(focused))
        assert QApplication.focusWidget() is window.nav, f"{section.key}: Tab does not come round to the navigation"
        lists = [v for v in _controls(page) if isinstance(v, QAbstractItemView) and v.objectName().endswith("-table")]
        for control in _controls(page):
            if _address(control) not in reached and (control in lists or not isinstance(control, QAbstractItemView)):
                unreached.append(_describe(section.key, control))
        assert any(_address(control) in reached for control in _controls(page)), f"{section.key}: Tab never enters it"
    assert unreached == []
