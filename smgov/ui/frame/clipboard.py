"""Copying secrets: marked so clipboard-history tools skip them, and cleared again after 20 seconds.

Everything that copies a password goes through :func:`secret_clipboard`, one :class:`SecretClipboard` for the whole
application, so a second copy replaces the first countdown and locking or quitting clears whatever is still there.
The secret itself is not kept: only a keyed hash of it, to tell later whether the clipboard still holds it (the
user may have copied something else meanwhile, which must never be wiped).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)

CLEAR_AFTER_SECONDS = 20
TICK_MS = 1000

_DWORD_ZERO = b"\x00\x00\x00\x00"
# What clipboard managers and the Windows clipboard history look for before keeping a copy.
HINT_FORMATS: dict[str, bytes | None] = {
    # Windows: skip monitoring tools; keep out of Win+V history and the cloud clipboard.
    "ExcludeClipboardContentFromMonitorProcessing": _DWORD_ZERO,
    "CanIncludeInClipboardHistory": _DWORD_ZERO,
    "CanUploadToCloudClipboard": _DWORD_ZERO,
    # KDE Klipper (and tools that follow it).
    "x-kde-passwordManagerHint": b"secret",
    # macOS (nspasteboard.org): the concealed type carries the text itself.
    "application/x-nspasteboard-concealed-type": None,
}


def secret_mime_data(text: str) -> QMimeData:
    """The text as plain text, with every hint that asks clipboard managers not to keep it."""
    mime = QMimeData()
    mime.setText(text)
    for name, value in HINT_FORMATS.items():
        mime.setData(name, text.encode("utf-8") if value is None else value)
    return mime


class SecretClipboard(QObject):
    """Puts a secret on the clipboard and takes it off again ``clear_after`` seconds later (if it is still there).

    Also clears at once when a watched session locks and when the application quits.

    Signals:
        countdown(int): seconds left before the clipboard is cleared (emitted on copy and every second after).
        cleared(): the countdown is over: the secret was taken off the clipboard, or was no longer on it.
        message_changed(str): a line for a status bar ("Copied password — clears in 17 s"), "" when there is none.
    """

    countdown = Signal(int)
    cleared = Signal()
    message_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, clear_after: int = CLEAR_AFTER_SECONDS) -> None:
        super().__init__(parent)
        self.clear_after = clear_after
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)  # tests shorten this to run the countdown quickly
        self.timer.timeout.connect(self._tick)
        self._key = b""
        self._digest: bytes | None = None  # keyed hash of what we put there; never the text itself
        self._label = ""
        self._seconds_left = 0
        self._clipboard().dataChanged.connect(self._clipboard_changed)
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_now)

    # -- copying -----------------------------------------------------------------------------------------------

    def copy(self, text: str, label: str = "password") -> None:
        """Copy ``text`` (a secret) and start the countdown; ``label`` says what it was ("password")."""
        self._key = secrets.token_bytes(32)
        self._digest = self._hash(text)
        self._label = label
        self._seconds_left = self.clear_after
        self._clipboard().setMimeData(secret_mime_data(text), QClipboard.Mode.Clipboard)
        log.info("secret copied to the clipboard")
        self.timer.start()
        self.countdown.emit(self._seconds_left)
        self.message_changed.emit(self.message())

    def watch(self, session: QObject) -> None:
        """Clear the clipboard as soon as ``session`` (an AppSession) locks."""
        # Marked on the session itself, so watching keeps no reference to it.
        marker = f"smgov-clipboard-{id(self)}"
        if session.property(marker):
            return
        session.setProperty(marker, True)
        session.locked.connect(self.clear_now)  # type: ignore[attr-defined]

    # -- state -------------------------------------------------------------------------------------------------

    @property
    def is_counting(self) -> bool:
        return self._digest is not None

    def message(self) -> str:
        if not self.is_counting:
            return ""
        return f"Copied {self._label} \u2014 clears in {self._seconds_left} s"

    def holds_secret(self) -> bool:
        """Whether the clipboard still holds what was last copied here."""
        if self._digest is None:
            return False
        mime = self._clipboard().mimeData(QClipboard.Mode.Clipboard)
        if mime is None or not mime.hasText():
            return False
        return hmac.compare_digest(self._hash(mime.text()), self._digest)

    # -- clearing ----------------------------------------------------------------------------------------------

    def clear_now(self) -> None:
        """Take the secret off the clipboard now (lock, quit), unless something else was copied since."""
        if self._digest is None:
            return
        if self.holds_secret():
            self._clipboard().clear(QClipboard.Mode.Clipboard)
            log.info("clipboard cleared")
        self._finish()

    def _tick(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left <= 0:
            self.clear_now()
            return
        self.countdown.emit(self._seconds_left)
        self.message_changed.emit(self.message())

    def _clipboard_changed(self) -> None:
        # Something else was copied: it is the user's now, so nothing is left to clear.
        if self._digest is not None and not self.holds_secret():
            self._finish()

    def _finish(self) -> None:
        self.timer.stop()
        self._digest = None
        self._key = b""
        self._seconds_left = 0
        self.cleared.emit()
        self.message_changed.emit("")

    def _hash(self, text: str) -> bytes:
        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).digest()

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()


_instance: SecretClipboard | None = None


def secret_clipboard() -> SecretClipboard:
    """The application's one :class:`SecretClipboard` (made on first use, owned by the application)."""
    global _instance
    if _instance is None:
        _instance = SecretClipboard(QGuiApplication.instance())
        _instance.destroyed.connect(_forget_instance)
    return _instance


def _forget_instance(_obj: object = None) -> None:
    global _instance
    _instance = None


class ClipboardStatus(QLabel):
    """A quiet line that follows a :class:`SecretClipboard`: "Copied password — clears in 17 s"."""

    def __init__(self, clipboard: SecretClipboard, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(name or "clipboard-status")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Clipboard")
        self.setText(clipboard.message())
        clipboard.message_changed.connect(self.setText)
