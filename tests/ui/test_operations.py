"""Background work: results come back on the UI thread, failures are shown, and a closed window gets nothing."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from smgov.ui import operations


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
    qtbot.wait(50)
    assert results == []
