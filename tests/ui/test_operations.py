"""Background work: results come back on the UI thread, failures are shown, and a closed window gets nothing;
a section's loads show only the newest result, and nothing after a lock."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smgov.data.errors import WorkspaceLocked
from smgov.ui.frame import operations
from smgov.ui.shell.session import AppSession


def test_the_result_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    seen: list[tuple[int, bool]] = []
    operations.run_in_background(
        widget,
        lambda: threading.current_thread() is threading.main_thread(),
        lambda on_main: seen.append((1, on_main and threading.current_thread() is threading.main_thread())),
    )
    qtbot.waitUntil(lambda: bool(seen))
    # The op ran off the UI thread (False), the callback on it (so the pair is (1, False)).
    assert seen == [(1, False)]


def test_a_failure_goes_to_the_failure_callback(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    failures: list[BaseException] = []

    def broken() -> None:
        raise ValueError("nope")

    operations.run_in_background(widget, broken, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ValueError)


def test_a_window_deleted_while_its_job_ran_gets_no_callback(qtbot: QtBot) -> None:
    widget = QWidget()
    release = threading.Event()
    results: list[object] = []

    def slow() -> str:
        release.wait(5)
        return "done"

    operations.run_in_background(widget, slow, results.append, results.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget))
    release.set()
    operations.wait_for_background()
    QApplication.sendPostedEvents()  # the job's result, queued to the UI thread, is delivered (or dropped) now
    assert results == []


def _latest_load(qtbot: QtBot, session: AppSession) -> operations.LatestLoad:
    widget = QWidget()
    qtbot.addWidget(widget)
    return operations.LatestLoad(widget, session)


def _settle(qtbot: QtBot) -> None:
    """Let every background job finish and its callback (if any) arrive: the callbacks are events queued to the UI
    thread before each job ends, so delivering the queued events delivers them all."""
    operations.wait_for_background()
    QApplication.sendPostedEvents()


def test_an_older_load_is_dropped_once_a_newer_one_started(qtbot: QtBot, app_session: AppSession) -> None:
    loads = _latest_load(qtbot, app_session)
    shown: list[str] = []
    loads.start(lambda: "older", shown.append)
    loads.start(lambda: "newer", shown.append)
    qtbot.waitUntil(lambda: bool(shown))
    _settle(qtbot)
    assert shown == ["newer"]


def test_a_result_that_arrives_after_the_lock_is_dropped(qtbot: QtBot, app_session: AppSession) -> None:
    loads = _latest_load(qtbot, app_session)
    release = threading.Event()
    shown: list[str] = []
    failures: list[BaseException] = []

    def slow() -> str:
        release.wait(5)
        return "rows"

    loads.start(slow, shown.append, failures.append)
    app_session.lock()
    release.set()
    _settle(qtbot)
    assert shown == []
    assert failures == []


def test_cancel_drops_the_load_under_way(qtbot: QtBot, app_session: AppSession) -> None:
    loads = _latest_load(qtbot, app_session)
    shown: list[str] = []
    failures: list[BaseException] = []
    loads.start(lambda: "rows", shown.append, failures.append)
    loads.cancel()
    _settle(qtbot)
    assert shown == []
    assert failures == []


def test_a_failure_of_the_newest_load_goes_to_on_failed(qtbot: QtBot, app_session: AppSession) -> None:
    loads = _latest_load(qtbot, app_session)
    failures: list[BaseException] = []

    def broken() -> str:
        raise ValueError("nope")

    loads.start(broken, lambda _rows: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ValueError)


def test_a_failure_because_the_workspace_locked_is_not_reported(qtbot: QtBot, app_session: AppSession) -> None:
    loads = _latest_load(qtbot, app_session)
    failures: list[BaseException] = []

    def locked() -> str:
        raise WorkspaceLocked()

    loads.start(locked, lambda _rows: None, failures.append)
    _settle(qtbot)
    assert failures == []


def test_a_hidden_section_reloads_when_next_shown_and_a_shown_one_at_once(qtbot: QtBot) -> None:
    from smgov.ui.frame.operations import ReloadWhenShown

    view = QWidget()
    qtbot.addWidget(view)
    reloads: list[int] = []

    def reload() -> None:
        reloads.append(1)
        freshness.stale = False

    freshness = ReloadWhenShown(view, reload)
    freshness.mark_stale("accounts")  # hidden: nothing is loaded for nobody
    assert reloads == []
    view.show()
    assert reloads == [1]
    view.hide()
    view.show()
    assert reloads == [1]  # shown again with nothing changed: no reload
    freshness.mark_stale("accounts")
    assert reloads == [1, 1]  # on screen: at once
