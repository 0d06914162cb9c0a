"""The shell's navigation: Ctrl+1…9 and Ctrl+0, the File, Record, Go and Help menus, the guide and the shortcut list."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextDocument, QTextFragment
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from smgov.data.areas import Section
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.frame.page import SectionPage
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.sections import SECTIONS
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen notes


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    session = AppSession()
    session.set_workspace(workspace)
    main = MainWindow(session)
    qtbot.addWidget(main)
    with qtbot.waitActive(main):
        main.show()
    yield main
    operations.wait_for_background()
    session.lock()


def _menu(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title and action.menu() is not None:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(f"no {title} menu")


def _refreshed(menu: QMenu) -> bool:
    menu.aboutToShow.emit()  # as opening the menu does
    return True


def _texts(menu: QMenu) -> list[str]:
    # "&&" is a shown "&" (Pupils && consent); a single "&" marks the mnemonic
    return [
        a.text().replace("&&", "\0").replace("&", "").replace("\0", "&").split("\t")[0]
        for a in menu.actions()
        if not a.isSeparator()
    ]


def test_the_menus_offer_the_jobs_of_the_workspace_and_help(window: MainWindow) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Record", "Go", "Forms", "Help"]
    assert _texts(_menu(window, "File")) == [
        "New workspace…",
        "Open workspace…",
        "Change passphrase…",
        "Back up now…",
        "Restore from backup…",
        "Verify workspace…",
        "Lock",
        "Quit",
    ]
    assert _texts(_menu(window, "Help")) == ["User guide", "Keyboard shortcuts", "About smgov"]
    assert _texts(_menu(window, "Go")) == [f"{n % 10} {entry.label}" for n, entry in enumerate(SECTIONS, start=1)]
    assert _texts(_menu(window, "Go"))[-3:] == ["8 Reports", "9 Audit log", "0 Settings"]
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")


@pytest.mark.parametrize("number", range(1, len(SECTIONS) + 1))
def test_ctrl_and_a_number_goes_to_that_section_in_navigation_order(
    qtbot: QtBot, window: MainWindow, number: int
) -> None:
    key = getattr(Qt.Key, f"Key_{number % 10}")  # the tenth section (Settings) is Ctrl+0
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    entry = SECTIONS[number - 1]
    assert window.current_section() == entry.key
    assert window.stack.currentWidget() is window.page(entry.key)
    assert window.nav.currentItem().text() == entry.label


def test_ctrl_numbers_do_nothing_while_locked(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == Section.DASHBOARD
    assert not window.actions_.go[Section.ACCOUNTS].isEnabled()


ADDS = {Section.INCIDENTS, Section.ACCOUNTS, Section.PEOPLE, Section.VAULT, Section.BLOCKED_CONTENT}


def test_record_new_is_offered_only_where_the_section_can_add(qtbot: QtBot, window: MainWindow) -> None:
    record_menu = window.actions_.record_menu  # opening the menu brings New up to date
    for entry in SECTIONS:
        assert window.navigate(entry.key)
        operations.wait_for_background()
        QApplication.processEvents()
        page = window.page(entry.key)
        if entry.key in ADDS:
            qtbot.waitUntil(lambda: _refreshed(record_menu) and window.new_record_action.isEnabled())
            assert window.new_record_action.text().replace("&", "") == f"New {entry.new_noun}…"
        else:
            record_menu.aboutToShow.emit()
            assert not window.new_record_action.isEnabled(), entry.key
        # Never two shortcuts for one key in one window: the page's own Ctrl+N takes the keys while it is showing.
        own = [s for s in page.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+N") and s.isEnabled()]
        if own:
            assert window.new_record_action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
    window.lock()
    assert not window.new_record_action.isEnabled()


def test_record_new_from_the_menu_and_ctrl_n_start_a_new_person(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate(Section.PEOPLE)
    people = window.page(Section.PEOPLE)
    assert isinstance(people, SectionPage)
    calls: list[str] = []
    original = type(people).new_record

    def counting(page: SectionPage) -> bool:
        calls.append("new")
        return original(page)

    record_menu = window.actions_.record_menu
    qtbot.waitUntil(lambda: _refreshed(record_menu) and window.new_record_action.isEnabled())
    people.new_record = counting.__get__(people)  # type: ignore[method-assign]
    window.new_record_action.trigger()
    assert calls == ["new"]
    pane = getattr(people, "pane", None)
    if pane is not None:
        assert pane.isVisible() and pane.record_id is None
    # Ctrl+N reaches the section too (through its own shortcut or the window's), with no ambiguity warning.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def test_change_passphrase_opens_the_dialog_for_the_open_workspace(qtbot: QtBot, window: MainWindow) -> None:
    from smgov.ui.shell.passphrase import ChangePassphraseDialog

    action = next(a for a in _menu(window, "File").actions() if a.text() == "&Change passphrase…")
    action.trigger()
    dialog = window.findChild(ChangePassphraseDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.workspace is window.session.workspace
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    window.lock()
    assert not action.isEnabled()


def test_new_and_open_workspace_open_the_wizard_and_the_unlock_dialog(qtbot: QtBot, window: MainWindow) -> None:
    from smgov.ui.shell.unlock import UnlockDialog
    from smgov.ui.shell.wizard import FirstRunWizard

    window.actions_.new_workspace.trigger()
    wizard = window.findChild(FirstRunWizard)
    assert wizard is not None and wizard.isVisible()
    with qtbot.waitSignal(wizard.finished):
        wizard.reject()
    assert window.session.is_unlocked  # cancelling leaves the open workspace as it was

    window.actions_.open_workspace.trigger()
    dialog = next(d for d in window.findChildren(UnlockDialog) if d.isVisible())
    assert dialog.path == window.session.workspace.path
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert window.session.is_unlocked


def test_the_user_guide_covers_the_ten_jobs_offline(qtbot: QtBot, window: MainWindow) -> None:
    from smgov.ui.shell.help import UserGuideDialog

    window.actions_.guide.trigger()
    dialog = window.findChild(UserGuideDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for job in (
        "Log an incident with a screenshot",
        "Add an account and its named staff",
        "leaving",
        "Show or copy a password",
        "Print Appendix A or Appendix B",
        "blocked content",
        "Back up, and restore",
        "Change the passphrase",
        "dashboard",
        "Lock smgov",
        "Print the termly report for SLT or the governors",
    ):
        assert job in text, job
    document = dialog.browser.document()
    links = [
        fragment.charFormat().anchorHref()
        for block in _blocks(document)
        for fragment in block
        if fragment.charFormat().isAnchor() and fragment.charFormat().anchorHref()
    ]
    assert len(set(links)) == 13 and all(link.startswith("#") for link in links)
    # An anchor moves within the guide; anything else is not followed (nothing is fetched).
    dialog.browser.anchorClicked.emit(QUrl("#backup"))
    dialog.browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert dialog.browser.source().isEmpty()
    assert (
        dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("https://example.org/a.png")) is None
    )
    window.actions_.guide.trigger()
    assert len([d for d in window.findChildren(UserGuideDialog) if d.isVisible()]) == 1  # one guide at a time
    dialog.close()


def _blocks(document: QTextDocument) -> Iterator[list[QTextFragment]]:
    block = document.begin()
    while block.isValid():
        fragments: list[QTextFragment] = []
        iterator = block.begin()
        while not iterator.atEnd():
            fragments.append(iterator.fragment())
            iterator += 1
        yield fragments
        block = block.next()


def test_the_shortcut_list_is_read_from_the_actions(qtbot: QtBot, window: MainWindow) -> None:
    from smgov.ui.shell.help import ShortcutsDialog

    window.actions_.shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    listed = dict(dialog.shortcuts())
    actions: list[QAction] = [a for a in window.actions() if not a.shortcut().isEmpty()]
    shown = set(listed.values())
    for action in actions:
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in shown, action.text()
    assert listed["Lock"] == QKeySequence("Ctrl+L").toString(QKeySequence.SequenceFormat.NativeText)
    assert listed["Go to Passwords"] == QKeySequence("Ctrl+5").toString(QKeySequence.SequenceFormat.NativeText)
    assert listed["Go to Reports"] == QKeySequence("Ctrl+8").toString(QKeySequence.SequenceFormat.NativeText)
    assert listed["Go to Settings"] == QKeySequence("Ctrl+0").toString(QKeySequence.SequenceFormat.NativeText)
    assert "User guide" in listed
    native = QKeySequence.SequenceFormat.NativeText
    assert listed["Save the record shown"] == QKeySequence("Ctrl+S").toString(native)  # a page's keys too
    assert listed["Paste a screenshot onto the incident shown"] == QKeySequence("Ctrl+V").toString(native)
    dialog.close()


def test_opening_every_section_leaves_the_main_window_active(qtbot: QtBot, window: MainWindow) -> None:
    for entry in SECTIONS:
        window.navigate(entry.key)
        operations.wait_for_background()
        QApplication.processEvents()
        assert QApplication.activeWindow() is window, entry.key


def test_open_workspace_switches_to_another_file_and_closes_the_first(
    qtbot: QtBot, window: MainWindow, workspace_factory: Callable[..., Workspace]
) -> None:
    from smgov.ui.shell.unlock import UnlockDialog
    from tests.conftest import PASSPHRASE

    first = window.session.workspace
    other = workspace_factory("other.smgov")
    other_path = other.path
    other.close()
    window.actions_.open_workspace.trigger()
    dialog = next(d for d in window.findChildren(UnlockDialog) if d.isVisible())
    dialog.select_file(other_path)
    qtbot.keyClicks(dialog.passphrase.line_edit, PASSPHRASE)
    with qtbot.waitSignal(window.session.unlocked, timeout=10_000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert window.session.workspace.path == other_path
    assert not first.is_open
    assert window.workspace_path == other_path


def test_new_workspace_asks_about_unsaved_changes_first(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from smgov.ui.shell.wizard import FirstRunWizard

    window.navigate(Section.SETTINGS)
    settings = window.page(Section.SETTINGS)
    name = next(e for e in settings.findChildren(QLineEdit) if e.accessibleName() == "School name")
    qtbot.waitUntil(lambda: name.text() != "")
    name.setText("Renamed while busy")
    window.actions_.new_workspace.trigger()
    assert window.findChild(FirstRunWizard) is None  # not yet: the question comes first
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Discard).click()
    wizard = window.findChild(FirstRunWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.reject()


def test_the_navigation_icons_follow_a_switch_to_a_dark_theme(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QPalette

    def colours() -> set[str]:
        image = window.nav.item(0).icon().pixmap(QSize(20, 20)).toImage()
        return {
            image.pixelColor(x, y).name()
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 250
        }

    palette = window.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    window.setPalette(palette)
    qtbot.waitUntil(lambda: colours() == {"#eeeeee"})
