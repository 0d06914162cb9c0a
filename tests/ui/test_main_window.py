"""The main window: sections, the dashboard's way into records, locking that leaves nothing on screen, quitting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smgov.data import backup
from smgov.data.demo import DEMO_SCHOOL
from smgov.data.models import KeyRole
from smgov.data.services import school
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations, state
from smgov.ui.sections.audit.view import AuditView
from smgov.ui.sections.dashboard.view import DashboardView
from smgov.ui.sections.settings.view import SettingsPage
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.sections import SECTIONS
from smgov.ui.shell.session import AppSession
from tests.conftest import PASSPHRASE

# The offscreen platform cannot pass size hints to a window manager and says so; that is not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def demo_session(qtbot: QtBot, demo_as_opened: Workspace) -> Iterator[AppSession]:
    session = AppSession()
    session.set_workspace(demo_as_opened, demo=True)
    yield session
    operations.wait_for_background()
    session.lock()


@pytest.fixture
def window(qtbot: QtBot, demo_session: AppSession) -> Iterator[MainWindow]:
    main = MainWindow(demo_session)
    qtbot.addWidget(main)
    main.resize(1100, 720)
    with qtbot.waitActive(main):
        main.show()
    yield main
    operations.wait_for_background()


def _dashboard(window: MainWindow) -> DashboardView:
    page = window.page("dashboard")
    assert isinstance(page, DashboardView)
    return page


def _wait_for_items(qtbot: QtBot, dashboard: DashboardView) -> None:
    qtbot.waitUntil(lambda: dashboard.model.rowCount() > 0)


def _columns(model: QAbstractItemModel) -> int:
    try:
        return model.columnCount()
    except TypeError:  # list models keep columnCount private: they have one column
        return 1


def _texts(root: QWidget) -> list[str]:
    """Every piece of text a widget tree shows: labels, fields, buttons, combo items, list and table cells."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.toolTip(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(_columns(model)):
                    found.append(str(model.index(row, column).data() or ""))
    return found


def test_sections_are_listed_and_navigate_changes_the_page(qtbot: QtBot, window: MainWindow) -> None:
    labels = [window.nav.item(row).text() for row in range(window.nav.count())]
    assert labels == [section.label for section in SECTIONS]
    assert window.current_section() == "dashboard"
    assert window.navigate("audit")
    assert isinstance(window.stack.currentWidget(), AuditView)
    assert window.nav.currentItem().text() == "Audit log"
    assert window.navigate("settings")
    assert isinstance(window.stack.currentWidget(), SettingsPage)
    assert not window.navigate("no-such-section")
    assert isinstance(window.stack.currentWidget(), SettingsPage)


def test_clicking_a_section_in_the_list_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    row = [s.key.value for s in SECTIONS].index("audit")
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == "audit"
    assert isinstance(window.stack.currentWidget(), AuditView)


def test_dashboard_lists_the_demo_items_and_a_click_opens_the_record(qtbot: QtBot, window: MainWindow) -> None:
    dashboard = _dashboard(window)
    _wait_for_items(qtbot, dashboard)
    expected = school.get_details(window.session.workspace)
    items = dashboard.items()
    titles = [item.title for item in items]
    assert "Print the Emergency Kit" in titles and "Back up the workspace" in titles
    assert "Social media policy review is due soon" in titles  # the demo's review is three weeks away
    assert dashboard.greeting_label.text().endswith(f"This is {expected.name}.")
    assert dt.date.today().strftime("%d/%m/%Y") in dashboard.date_label.text()
    assert dashboard.heading.text() == f"Needs attention ({len(items)})"

    shown = [dashboard.model.item(r).text() for r in range(dashboard.model.rowCount())]  # folded runs included
    row = shown.index("Print the Emergency Kit")
    rect = dashboard.attention.visualRect(dashboard.model.index(row, 0))
    qtbot.mouseClick(dashboard.attention.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == "settings"
    settings = window.stack.currentWidget()
    assert isinstance(settings, SettingsPage)
    qtbot.waitUntil(lambda: settings.pane.workspace_tools.kit_button.hasFocus())


def test_enter_on_a_dashboard_item_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    dashboard = _dashboard(window)
    _wait_for_items(qtbot, dashboard)
    from smgov.ui.sections.dashboard.view import ItemRole

    row = next(r for r in range(dashboard.model.rowCount()) if dashboard.model.item(r).data(ItemRole) is not None)
    item = dashboard.model.item(row).data(ItemRole)
    dashboard.attention.setFocus()
    dashboard.attention.setCurrentIndex(dashboard.model.index(row, 0))
    qtbot.keyClick(dashboard.attention, Qt.Key.Key_Return)
    assert window.current_section() == item.section != "dashboard"


def test_a_long_run_of_one_check_folds_into_show_more_and_unfolds_on_click(qtbot: QtBot, workspace: Workspace) -> None:
    from smgov.data.services.dashboard import AttentionItem, Urgency
    from smgov.ui.sections.dashboard.view import GROUP_LIMIT, MoreRole

    untrained = [
        AttentionItem(Urgency.TO_DO, f"Training or terms missing: Person {n:02}", "Named on 1 account(s).", "people")
        for n in range(12)
    ]
    overdue = AttentionItem(
        Urgency.OVERDUE, "Password too old: Eco club (Mailbox)", "Last changed 500 days ago.", "vault"
    )
    session = AppSession()
    session.set_workspace(workspace)
    view = DashboardView(session)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    operations.wait_for_background()
    view.show_items([overdue, *untrained])

    def texts() -> list[str]:
        return [view.model.item(row).text() for row in range(view.model.rowCount())]

    assert texts() == [
        overdue.title,
        *[i.title for i in untrained[:GROUP_LIMIT]],
        "Show 7 more: Training or terms missing",
    ]
    assert view.heading.text() == "Needs attention (13)"
    more = view.model.index(GROUP_LIMIT + 1, 0)
    assert more.data(MoreRole).count == 7
    rect = view.attention.visualRect(more)
    qtbot.mouseClick(view.attention.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert texts() == [overdue.title, *[i.title for i in untrained]]
    assert view.attention.currentIndex().data() == untrained[GROUP_LIMIT].title  # the keyboard is on the first new one
    view.clear()  # as locking does
    assert view.model.rowCount() == 0
    view.show_items(untrained)
    assert texts()[-1] == "Show 7 more: Training or terms missing"  # unfolding lasts until the workspace locks
    operations.wait_for_background()
    session.lock()


def test_dashboard_shows_a_calm_empty_state_when_nothing_needs_attention(qtbot: QtBot, workspace: Workspace) -> None:
    people = [school.KeyPersonDetails(role, f"Person {n}") for n, role in enumerate(KeyRole)]
    school.update_settings(
        workspace,
        school.SettingsChange(policy_review_date=dt.date.today() + dt.timedelta(days=200), key_people=people),
    )
    school.mark_kit_printed(workspace)
    school.mark_backup(workspace, "test")
    session = AppSession()
    session.set_workspace(workspace)
    view = DashboardView(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.empty.isVisible())
    assert not view.attention.isVisible()
    assert view.items() == []
    labels = [label.text() for label in view.empty.findChildren(QLabel)]
    assert "Nothing needs your attention today" in labels
    operations.wait_for_background()
    session.lock()


def test_ctrl_l_locks_and_leaves_no_school_data_on_screen(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    workspace = session.workspace
    people = school.key_people(workspace)
    secrets = [DEMO_SCHOOL] + [p.name for p in people.values()] + [p.email for p in people.values()]
    # Open every section so each has something to forget.
    for section in SECTIONS:
        window.navigate(section.key)
        operations.wait_for_background()
        QApplication.processEvents()
    audit = window.page("audit")
    assert isinstance(audit, AuditView)
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0)
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage)
    qtbot.waitUntil(lambda: settings.pane.form.value("name") == DEMO_SCHOOL)
    shown = "\n".join(_texts(window))
    assert DEMO_SCHOOL in shown and people[KeyRole.DSL].name in shown  # the check below can fail

    window.activateWindow()  # a section's page may have flashed a stray window (see test_shell_navigation)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(session.locked):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert not workspace.is_open
    assert not session.is_unlocked
    assert window.body.currentWidget() is window.locked_page
    assert window.lock_state.text() == "Locked"
    operations.wait_for_background()
    QApplication.processEvents()
    shown = "\n".join(_texts(window))
    for secret in secrets:
        assert secret not in shown


def test_the_lock_button_locks_and_unlock_opens_the_same_file_then_views_reload(
    qtbot: QtBot, workspace: Workspace
) -> None:
    path = workspace.path
    session = AppSession()
    session.set_workspace(workspace)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    dashboard = _dashboard(main)
    _wait_for_items(qtbot, dashboard)

    qtbot.mouseClick(main.lock_button, Qt.MouseButton.LeftButton)
    assert not session.is_unlocked
    assert dashboard.model.rowCount() == 0
    assert main.locked_page.unlock_button.isVisible()

    qtbot.mouseClick(main.locked_page.unlock_button, Qt.MouseButton.LeftButton)
    from smgov.ui.shell.unlock import UnlockDialog

    dialog = main.findChild(UnlockDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.path == path
    qtbot.keyClicks(dialog.passphrase.line_edit, PASSPHRASE)
    with qtbot.waitSignal(session.unlocked, timeout=10_000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert main.body.currentWidget() is main.app_page
    assert main.lock_state.text() == "Unlocked"
    qtbot.waitUntil(lambda: dashboard.model.rowCount() > 0)
    operations.wait_for_background()
    session.lock()


def test_ctrl_f_puts_the_cursor_in_the_current_sections_search(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("audit")
    audit = window.page("audit")
    assert isinstance(audit, AuditView)
    qtbot.waitUntil(audit.search.isEnabled)  # once the log has loaded
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert audit.search.hasFocus()


def test_leaving_settings_with_unsaved_changes_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("settings")
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage)
    name = settings.pane.form.fields["name"]
    assert isinstance(name, QLineEdit)
    qtbot.waitUntil(lambda: name.text() == DEMO_SCHOOL)
    name.clear()
    qtbot.keyClicks(name, "Renamed Federation")
    assert not window.navigate("audit")
    assert window.current_section() == "settings"
    box = window.findChild(QWidget, "settings-unsaved-question")
    assert box is not None and box.isVisible()
    from PySide6.QtWidgets import QMessageBox

    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Discard).click()
    assert window.current_section() == "audit"
    assert school.get_details(window.session.workspace).name == DEMO_SCHOOL
    assert name.text() == DEMO_SCHOOL


def test_closing_makes_a_rolling_backup_of_a_real_workspace_then_locks(qtbot: QtBot, workspace: Workspace) -> None:
    session = AppSession()
    session.set_workspace(workspace)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    assert backup.list_backups(state.backup_dir(), workspace.path) == []
    main.close()
    qtbot.waitUntil(lambda: not session.is_unlocked, timeout=10_000)
    made = backup.list_backups(state.backup_dir(), workspace.path)
    assert len(made) == 1
    assert not main.isVisible()
    assert not workspace.is_open
    assert state.window_geometry() is not None


def test_closing_the_demo_makes_no_backup(qtbot: QtBot, window: MainWindow) -> None:
    path = window.session.workspace.path
    window.close()
    qtbot.waitUntil(lambda: not window.session.is_unlocked)
    assert backup.list_backups(state.backup_dir(), path) == []


def test_a_failed_backup_on_close_is_shown_and_quitting_goes_on(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be")
    state.set_backup_dir(blocker)
    session = AppSession()
    session.set_workspace(workspace)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    main.close()
    qtbot.waitUntil(lambda: not session.is_unlocked, timeout=10_000)
    assert not main.isVisible()
    from PySide6.QtWidgets import QMessageBox

    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == "smgov-msgbox"
    ]
    assert boxes and "automatic backup" in boxes[0].text()
    for box in boxes:
        box.close()


def test_an_item_for_a_section_this_build_lacks_is_ignored(qtbot: QtBot, window: MainWindow) -> None:
    # An item for a section this build does not have (a newer area's) must not break the window.
    dashboard = _dashboard(window)
    dashboard.open_record.emit("no-such-section", 7)
    assert window.current_section() == "dashboard"


def test_restore_opens_for_the_workspace_file_even_when_locked(qtbot: QtBot, window: MainWindow) -> None:
    from smgov.ui.shell.workspace_dialogs import RestoreDialog

    path = window.session.workspace.path
    window.restore_action.trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.target == path
    dialog.reject()

    window.lock()
    assert window.restore_action.isEnabled() and not window.backup_action.isEnabled()
    window.restore_action.trigger()
    dialog = next(d for d in window.findChildren(RestoreDialog) if d.isVisible())
    assert dialog.target == path
    dialog.reject()


@pytest.mark.parametrize("section", ["dashboard", "audit", "settings"])
def test_screenshot_mode_saves_each_section_of_the_demo_and_cleans_up(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, section: str
) -> None:
    import logging
    import sys

    from PySide6.QtGui import QImage

    from smgov import paths
    from smgov.ui.shell.app import SCREENSHOT_SIZE, run

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; keep pytest's after the test
    handlers = list(logging.getLogger().handlers)
    level = logging.getLogger().level
    shot = tmp_path / f"{section}.png"
    try:
        assert run(None, demo=True, screenshot=shot, section=section) == 0
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
    image = QImage(str(shot))
    assert (image.width(), image.height()) == SCREENSHOT_SIZE  # a 1366x768 laptop's maximised window
    assert QSize(32, 32) in QApplication.windowIcon().availableSizes()  # smgov's icon on title bars and taskbar
    assert list(paths.demo_dir().iterdir()) == []  # the demo workspace is deleted on exit
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_screenshot_section_is_named_by_key_or_label_and_an_unknown_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smgov.ui.shell.app import run, section_key

    assert section_key("passwords") == "vault"
    assert section_key("Blocked content") == section_key("blocked-content") == "blocked_content"
    assert section_key("AUDIT") == "audit"
    assert section_key("pupils") is None
    shot = tmp_path / "out.png"
    assert run(None, demo=True, screenshot=shot, section="pupils") == 2
    err = capsys.readouterr().err
    assert "no section called 'pupils'" in err and "passwords" in err and "blocked-content" in err
    assert not shot.exists()


def test_screenshot_of_a_workspace_file_unlocks_it_with_smgov_passphrase(
    qtbot: QtBot,
    workspace_factory: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging
    import sys

    from PySide6.QtGui import QImage

    from smgov.ui.shell.app import run
    from tests.conftest import PASSPHRASE

    workspace = workspace_factory("ours.smgov")
    path = workspace.path
    workspace.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    handlers = list(logging.getLogger().handlers)
    shot = path.with_name("shot.png")
    try:
        monkeypatch.delenv("SMGOV_PASSPHRASE", raising=False)
        assert run(path, demo=False, screenshot=shot, section="audit") == 2
        assert "set SMGOV_PASSPHRASE" in capsys.readouterr().err
        monkeypatch.setenv("SMGOV_PASSPHRASE", "not the passphrase")
        assert run(path, demo=False, screenshot=shot, section="audit") == 2
        assert "not right" in capsys.readouterr().err and not shot.exists()
        monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)
        assert run(path, demo=False, screenshot=shot, section="audit") == 0
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
    assert QImage(str(shot)).width() == 1366


def test_the_status_bar_logs_only_the_kind_of_a_known_error_and_lets_a_bug_through(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from smgov.data.errors import ValidationError

    def refused(_workspace: object) -> object:
        raise ValidationError("Pupil Jane Doe's details are missing.")

    monkeypatch.setattr(school, "get_details", refused)
    with caplog.at_level("DEBUG"):
        window._refresh_school()
    assert "ValidationError" in caplog.text
    assert "Jane Doe" not in caplog.text  # no exception text (it may name someone), no traceback
    assert all(record.exc_info is None for record in caplog.records)

    def broken(_workspace: object) -> object:
        raise KeyError("a bug")

    monkeypatch.setattr(school, "get_details", broken)
    with pytest.raises(KeyError):
        window._refresh_school()  # a bug is not hidden in the log: the crash path reports it
