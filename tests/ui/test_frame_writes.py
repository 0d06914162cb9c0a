"""run_write: every write off the UI thread, its change announced even when the window that started it has gone."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.ui.frame import operations
from smgov.ui.frame.writes import run_write
from smgov.ui.shell.session import AppSession


def test_the_write_runs_off_the_ui_thread_and_announces_its_change(qtbot: QtBot, app_session: AppSession) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    threads: list[threading.Thread] = []
    done: list[object] = []
    with qtbot.waitSignal(app_session.changed) as changed:
        run_write(
            widget,
            app_session,
            lambda _ws: threads.append(threading.current_thread()) or 7,
            done.append,
            changes=(Change.PEOPLE,),
        )
    assert changed.args == ["people"]
    qtbot.waitUntil(lambda: done == [7])
    assert threads and threads[0] is not threading.main_thread()


def test_a_dialog_closed_while_its_write_ran_still_has_the_change_announced(
    qtbot: QtBot, app_session: AppSession
) -> None:
    dialog = QWidget()
    release = threading.Event()
    done: list[object] = []

    def slow(_workspace: object) -> str:
        release.wait(5)
        return "saved"

    run_write(dialog, app_session, slow, done.append, changes=(Change.ACCOUNTS,))
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    with qtbot.waitSignal(app_session.changed) as changed:
        release.set()
    assert changed.args == ["accounts"]
    operations.wait_for_background()
    QApplication.sendPostedEvents()
    assert done == []  # nothing handed back to a window that is gone


def test_a_refusal_goes_to_on_refused(qtbot: QtBot, app_session: AppSession) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    refused: list[str] = []

    def refuse(_workspace: object) -> None:
        raise ValidationError("Enter a name.", field="full_name")

    run_write(widget, app_session, refuse, lambda _r: None, on_refused=lambda exc: refused.append(str(exc)) or True)
    qtbot.waitUntil(lambda: refused == ["Enter a name."])


def test_a_full_disk_is_shown_as_a_full_disk_not_as_damage(
    qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLITE_FULL for real (max_page_count), through the one write path: the message box says the disk is full."""
    from sqlalchemy import event

    from smgov.data import audit
    from smgov.ui.frame import msgbox

    workspace = app_session.workspace
    conn = workspace.raw_connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    workspace.engine.dispose()
    event.listen(workspace.engine, "connect", lambda dbapi, _rec: dbapi.execute(f"PRAGMA max_page_count = {pages}"))
    shown: list[tuple[object, str]] = []
    monkeypatch.setattr(msgbox, "warning", lambda parent, _title, text: shown.append((parent, text)))
    widget = QWidget()
    qtbot.addWidget(widget)

    def fill(ws: object) -> None:
        with workspace.write() as session:
            for n in range(300):
                audit.record(session, "demo.note", "test", n, "x" * 500)

    run_write(widget, app_session, fill, lambda _result: None)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    parent, text = shown[0]
    assert parent is widget  # near the cause
    assert "disk is full" in text and "Nothing saved before was lost" in text and "damaged" not in text
