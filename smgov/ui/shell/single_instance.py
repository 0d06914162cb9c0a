"""One running app per user: a second ``smgov FILE`` (Explorer opening a ``.smgov`` file) hands the file to the
app already running and exits.

The running app listens on a local socket (a named pipe on Windows) whose name is private to the user and to the
folder smgov keeps its per-PC files in, so two users of one PC, or a portable copy, each have their own. A new start
first tries to hand over; when nobody answers it becomes the running app, clearing the socket a crashed app left
behind. ``--demo`` and ``--screenshot`` runs never take part (tests start many apps side by side).

The running app also leaves a marker file beside its settings while it listens, so a start with no app running (the
usual case) knows it without loading Qt's network module on the way to its first dialog; a marker a crashed app
left only costs that start a connection attempt.

The message is one line of UTF-8 JSON, ``{"open": "C:/.../school.smgov"}`` (or ``null``: just come to the front),
and the running app answers ``ok`` once it has taken it, so the second start exits only when the file is in hand.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from smgov import paths
from smgov.ui.frame import msgbox

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 500
ANSWER_MS = 3000
_MAX_MESSAGE = 64 * 1024  # a path, in JSON: far less than this
_ACK = b"ok\n"


def server_name() -> str:
    """The socket's name: "smgov-" and a hash of the user's login and the per-PC data folder."""
    import getpass
    import hashlib

    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment (rare service accounts)
        user = ""
    folder = str(paths.config_dir().resolve())
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"smgov-{digest}"


def _marker(name: str | None) -> Path:
    """The file that says an app is listening as ``name`` (None: the usual name, whose folder is already this user's
    and this data folder's, so it needs no hashing to tell). Under SMGOV_HOME it is in smgov's config folder; else in
    the user's own config folder for the app as Qt finds it (no import on the way to the first dialog)."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation) or "")
    if paths.overridden() or not folder.is_absolute():
        folder = paths.config_dir()
    return folder / f"{name or 'smgov'}.running"


def hand_over(path: Path | None, name: str | None = None) -> bool:
    """Give ``path`` (or None: just show yourself) to the app already running. True when it took it."""
    if not _marker(name).exists():
        return False  # no app is running: this start is the app
    import json

    from PySide6.QtNetwork import QLocalSocket

    name = name or server_name()

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False  # nobody is running (or a crashed app left its socket): this start is the app
    message = json.dumps({"open": str(path.resolve()) if path is not None else None}) + "\n"
    socket.write(message.encode("utf-8"))
    socket.flush()
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    if answer != _ACK:
        log.warning("the running smgov did not answer; starting another")
        return False
    return True


class InstanceServer(QObject):
    """Listens for later starts; emits ``openRequested(path)`` ("" to just come to the front) for each.

    Signals:
        openRequested(str): a later start asked for this workspace file ("" for none).
    """

    openRequested = Signal(str)

    def __init__(self, parent: QObject | None = None, name: str | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = name or server_name()
        self._marker = _marker(name)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # only this user may connect
        self.server.newConnection.connect(self._new_connection)

    def listen(self) -> bool:
        """Start listening; a socket left by a crashed app is removed first. False when it cannot listen."""
        if not self.server.listen(self.name):
            self.server.removeServer(self.name)  # a stale socket: hand_over already found nobody behind it
            if not self.server.listen(self.name):
                log.warning("cannot listen for later starts: %s", self.server.errorString())
                return False
        try:
            self._marker.parent.mkdir(parents=True, exist_ok=True)
            self._marker.write_text(f"{os.getpid()}\n", encoding="ascii")
        except OSError as exc:  # later starts then find it by trying to connect, as before the marker
            log.warning("the running marker was not written (%s)", exc.strerror)
        return True

    def close(self) -> None:
        if self.server.isListening():
            self._marker.unlink(missing_ok=True)
        self.server.close()

    def _new_connection(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            request = _Request(socket)  # lives and dies with its socket; holds nothing of this server
            request.understood.connect(self.openRequested)
            socket.disconnected.connect(socket.deleteLater)


class _Request(QObject):
    """One later start's message, read off its socket; ``understood`` with the path ("" for none) once whole."""

    understood = Signal(str)

    def __init__(self, socket: QLocalSocket) -> None:
        super().__init__(socket)
        self.socket = socket
        self.buffer = bytearray()
        socket.readyRead.connect(self._read)
        deadline = QTimer(self)  # a client that never finishes its line is cut off
        deadline.setSingleShot(True)
        deadline.timeout.connect(self._give_up)
        deadline.start(ANSWER_MS * 2)

    def _give_up(self) -> None:
        self.socket.abort()

    def _read(self) -> None:
        self.buffer += bytes(self.socket.readAll().data())
        if len(self.buffer) > _MAX_MESSAGE:
            self.socket.abort()
            return
        if not self.buffer.endswith(b"\n"):
            return
        import json

        try:
            wanted = json.loads(bytes(self.buffer).decode("utf-8")).get("open")
        except (ValueError, AttributeError):
            log.warning("a later start sent a message that is not understood")
            self.socket.abort()
            return
        self.socket.write(_ACK)
        self.socket.flush()
        self.understood.emit(wanted if isinstance(wanted, str) else "")


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def open_requested(window: QWidget, path: Path | None) -> None:
    """What the running app does when a later start hands it ``path``: come to the front and open the file the way
    File > Open does. An unlocked workspace is not closed without asking, and the section's unsaved-changes prompt
    comes first; a wizard or unlock dialog in progress is never thrown away."""
    from smgov.ui.shell.main_window import MainWindow

    assert isinstance(window, MainWindow)
    dialog = window.open_dialog()
    if dialog is None or window.isVisible():
        bring_to_front(window)  # (at start the unlock dialog is on screen before the window: it comes forward alone)
    if path is None or window.is_quitting():
        if dialog is not None:
            bring_to_front(dialog)
        return
    session = window.session
    if session.is_unlocked and _same_file(Path(session.workspace.path), path):
        return  # already open
    if dialog is not None:
        from smgov.ui.shell.unlock import UnlockDialog

        if isinstance(dialog, UnlockDialog):
            dialog.select_file(path)  # the unlock dialog on show now offers this file
        bring_to_front(dialog)
        return
    if not session.is_unlocked:
        window.show_unlock(path)
        return

    def unlock_it() -> None:
        window.show_unlock(path)

    def leave_then_open() -> None:
        page = window.current_page()
        if page is not None and session.is_unlocked and not page.confirm_leave(unlock_it):
            return  # the page asks about its unsaved changes and opens the file after, if the user agrees
        unlock_it()

    current = Path(session.workspace.path).name
    msgbox.ask(
        window,
        "Open another workspace",
        f"Open {path.name}? {current} will be locked once the other workspace is unlocked.",
        leave_then_open,
        yes_text="Open",
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def serve(window: QWidget, name: str | None = None) -> InstanceServer | None:
    """Become the running app for ``window``: later starts' files open in it. None when it cannot listen."""
    server = InstanceServer(window, name)
    if not server.listen():
        server.deleteLater()
        return None
    server.openRequested.connect(
        lambda text: open_requested(window, Path(text) if text else None), Qt.ConnectionType.QueuedConnection
    )
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(server.close)
    return server
