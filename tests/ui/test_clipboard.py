"""Copying secrets: hints for clipboard managers, the 20-second countdown, and clearing only what we put there."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smgov.ui.frame.clipboard import ClipboardStatus, SecretClipboard, secret_mime_data
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SECRET = "Tq7#mVx2!pLr9@Zs-clip"


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    assert SECRET not in caplog.text
    assert all(SECRET not in str(record.args) for record in caplog.records)


@pytest.fixture
def clipboard(qtbot: QtBot) -> Iterator[SecretClipboard]:
    QGuiApplication.clipboard().clear()
    made = SecretClipboard(clear_after=3)
    made.timer.setInterval(10)  # three "seconds" of 10 ms each
    yield made
    made.timer.stop()
    made.deleteLater()
    QGuiApplication.clipboard().clear()


def _mime() -> QMimeData:
    mime = QGuiApplication.clipboard().mimeData(QClipboard.Mode.Clipboard)
    assert mime is not None
    return mime


def test_a_copy_carries_the_hints_clipboard_managers_honour(clipboard: SecretClipboard) -> None:
    clipboard.copy(SECRET, "password")
    mime = _mime()
    assert mime.text() == SECRET
    formats = set(mime.formats())
    assert "text/plain" in formats
    assert bytes(mime.data("x-kde-passwordManagerHint").data()) == b"secret"
    assert "ExcludeClipboardContentFromMonitorProcessing" in formats
    assert bytes(mime.data("CanIncludeInClipboardHistory").data()) == b"\x00\x00\x00\x00"
    assert bytes(mime.data("CanUploadToCloudClipboard").data()) == b"\x00\x00\x00\x00"
    assert "application/x-nspasteboard-concealed-type" in formats


def test_the_mime_data_helper_marks_every_copy() -> None:
    mime = secret_mime_data("abc")
    assert mime.text() == "abc"
    assert mime.hasFormat("x-kde-passwordManagerHint")


def test_the_clipboard_is_cleared_after_the_countdown(qtbot: QtBot, clipboard: SecretClipboard) -> None:
    ticks: list[int] = []
    clipboard.countdown.connect(ticks.append)
    with qtbot.waitSignal(clipboard.cleared, timeout=2000):
        clipboard.copy(SECRET, "password")
        assert QGuiApplication.clipboard().text() == SECRET
    assert ticks == [3, 2, 1]
    assert QGuiApplication.clipboard().text() == ""
    assert not clipboard.is_counting


def test_something_else_copied_meanwhile_is_left_alone(qtbot: QtBot, clipboard: SecretClipboard) -> None:
    clipboard.timer.setInterval(1000)
    clipboard.copy(SECRET, "password")
    with qtbot.waitSignal(clipboard.cleared, timeout=1000):
        QGuiApplication.clipboard().setText("minutes of the last governors' meeting")
    assert not clipboard.timer.isActive()  # nothing is left to count down to
    clipboard.clear_now()  # locking or quitting now must not wipe the user's own copy either
    assert QGuiApplication.clipboard().text() == "minutes of the last governors' meeting"


def test_the_user_copying_over_it_is_not_cleared_when_the_time_is_up(qtbot: QtBot, clipboard: SecretClipboard) -> None:
    clipboard.copy(SECRET, "password")
    QGuiApplication.clipboard().blockSignals(True)  # as if the change notice never came (some platforms only tell
    try:  # when the window gets focus back): the check when time is up must still spare the user's copy
        QGuiApplication.clipboard().setText("a newsletter paragraph")
    finally:
        QGuiApplication.clipboard().blockSignals(False)
    assert clipboard.is_counting
    with qtbot.waitSignal(clipboard.cleared, timeout=2000):
        pass
    assert QGuiApplication.clipboard().text() == "a newsletter paragraph"


def test_no_plaintext_is_kept_after_copying(clipboard: SecretClipboard) -> None:
    clipboard.copy(SECRET, "password")
    assert all(SECRET not in repr(value) for value in vars(clipboard).values())
    assert clipboard.holds_secret()


def test_locking_clears_the_secret(qtbot: QtBot, clipboard: SecretClipboard, app_session: AppSession) -> None:
    clipboard.timer.setInterval(60_000)
    clipboard.watch(app_session)
    clipboard.watch(app_session)  # watching twice connects once
    clipboard.copy(SECRET, "password")
    with qtbot.waitSignal(clipboard.cleared, timeout=1000):
        app_session.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_quitting_clears_the_secret(qtbot: QtBot, clipboard: SecretClipboard) -> None:
    clipboard.timer.setInterval(60_000)
    clipboard.copy(SECRET, "password")
    with qtbot.waitSignal(clipboard.cleared, timeout=1000):
        QApplication.instance().aboutToQuit.emit()
    assert QGuiApplication.clipboard().text() == ""


def test_the_status_line_counts_down(qtbot: QtBot, clipboard: SecretClipboard) -> None:
    clipboard.clear_after = 20
    clipboard.timer.setInterval(60_000)
    status = ClipboardStatus(clipboard)
    qtbot.addWidget(status)
    clipboard.copy(SECRET, "password")
    assert status.text() == "Copied password \u2014 clears in 20 s"
    clipboard._tick()
    assert status.text() == "Copied password \u2014 clears in 19 s"
    clipboard.clear_now()
    assert status.text() == ""
    assert SECRET not in status.text()
