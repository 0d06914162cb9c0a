"""Pieces the vault's screens share: hidden fields with Show and Copy, the live two-factor code, small helpers.

A decrypted value lives in a widget only while it is shown: it is fetched from the service (which audits it) when
the user presses Show or Copy, and the field is emptied again when the timer runs out, when the user hides it, when
another credential is chosen, when the section is left and when the workspace locks.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smgov.data.models.vault import CredentialKind
from smgov.data.services.vault import CredentialRow
from smgov.ui.frame.clipboard import SecretClipboard
from smgov.ui.frame.errors import show_error

log = logging.getLogger(__name__)

REVEAL_MS = 30_000
TOTP_TICK_MS = 1000
TOTP_VISIBLE_MS = 60_000
HIDDEN_DOTS = "\u2022" * 10  # a fixed number, so the dots say nothing about the length
STRENGTH_WORDS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")
WEAK_BELOW = 3


def strength_words(row: CredentialRow) -> str:
    if row.kind is CredentialKind.RECOVERY_CODES:
        return "Not rated"
    return STRENGTH_WORDS[max(0, min(4, row.strength))]


def is_weak(row: CredentialRow) -> bool:
    return row.kind is not CredentialKind.RECOVERY_CODES and row.strength < WEAK_BELOW


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def days_text(days: int) -> str:
    if days <= 0:
        return "today"
    return "1 day" if days == 1 else f"{days:,} days"


def button(text: str, name: str, accessible: str | None = None, tooltip: str = "") -> QPushButton:
    made = QPushButton(text)
    made.setObjectName(name)
    made.setAccessibleName(accessible or text.replace("&", "").rstrip("…"))
    made.setAutoDefault(False)
    if tooltip:
        made.setToolTip(tooltip)
    return made


def monospace(scale: float = 1.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


class SecretField(QWidget):
    """One hidden value: dots until Show (then visible for :data:`REVEAL_MS`), and Copy to the clipboard.

    ``fetch(purpose)`` returns the plaintext for "reveal" or "copy"; the service behind it writes the audit event.
    The value is never kept here beyond the field showing it.

    Signals:
        revealed(): the value is now shown.
        concealed(): the value is hidden again (and gone from the field).
    """

    revealed = Signal()
    concealed = Signal()

    def __init__(
        self,
        what: str,
        fetch: Callable[[str], str],
        clipboard: SecretClipboard,
        parent: QWidget | None = None,
        *,
        name: str,
        multiline: bool = False,
        monospaced: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.what = what
        self._fetch = fetch
        self.clipboard = clipboard
        self.multiline = multiline
        self.hide_timer = QTimer(self)
        self.hide_timer.setSingleShot(True)
        self.hide_timer.setInterval(REVEAL_MS)  # tests shorten it
        self.hide_timer.timeout.connect(self.conceal)

        if multiline:
            self.value: QLineEdit | QPlainTextEdit = QPlainTextEdit()
            self.value.setReadOnly(True)
            self.value.setTabChangesFocus(True)
            self.value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.value.setFixedHeight(self.value.fontMetrics().lineSpacing() * 3 + 14)
        else:
            self.value = QLineEdit()
            self.value.setReadOnly(True)
            if monospaced:  # tells l from 1 and O from 0
                self.value.setFont(monospace())
        self.value.setObjectName(f"{name}-value")
        self.value.setAccessibleName(what.capitalize())
        self.value.setPlaceholderText(HIDDEN_DOTS)
        self.value.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        self.show_button = button("Show", f"{name}-reveal", f"Show the {what}")
        self.show_button.setToolTip(f"Show the {what} for {REVEAL_MS // 1000} seconds (recorded in the audit log)")
        self.show_button.clicked.connect(self.toggle)
        self.copy_button = button("Copy", f"{name}-copy", f"Copy the {what}")
        self.copy_button.setToolTip(f"Copy the {what}; the clipboard clears again after 20 seconds")
        self.copy_button.clicked.connect(self.copy)
        # Narrower than the style's usual minimum, so the value keeps the room; wide enough for Show and Hide.
        metrics = self.show_button.fontMetrics()
        width = max(metrics.horizontalAdvance(text) for text in ("Show", "Hide", "Copy")) + 28
        self.show_button.setFixedWidth(width)
        self.copy_button.setFixedWidth(width)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.value, 1, Qt.AlignmentFlag.AlignTop if multiline else Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self._shown = False

    def set_fetch(self, fetch: Callable[[str], str]) -> None:
        """Point at another value (another credential or history entry); whatever was shown is hidden."""
        self.conceal()
        self._fetch = fetch

    @property
    def is_revealed(self) -> bool:
        return self._shown

    def toggle(self) -> None:
        if self._shown:
            self.conceal()
        else:
            self.reveal()

    def reveal(self) -> bool:
        """Fetch the value (audited) and show it; it hides again by itself."""
        try:
            value = self._fetch("reveal")
        except Exception as exc:  # noqa: BLE001 - shown to the user; SmgovError text is written for them
            show_error(self, exc)
            return False
        log.info("vault field shown")
        self._shown = True
        self.value.setPlaceholderText("(empty)")
        if isinstance(self.value, QPlainTextEdit):
            self.value.setPlainText(value)
        else:
            self.value.setText(value)
            self.value.setCursorPosition(0)
        del value
        self.show_button.setText("Hide")
        self.show_button.setAccessibleName(f"Hide the {self.what}")
        self.hide_timer.start()
        self.revealed.emit()
        return True

    def conceal(self) -> None:
        """Empty the field and show the dots again."""
        self.hide_timer.stop()
        was_shown = self._shown
        self._shown = False
        self.value.clear()
        self.value.setPlaceholderText(HIDDEN_DOTS)
        self.show_button.setText("Show")
        self.show_button.setAccessibleName(f"Show the {self.what}")
        if was_shown:
            self.concealed.emit()

    def copy(self) -> bool:
        """Fetch the value (audited as a copy) and put it on the clipboard for 20 seconds."""
        try:
            value = self._fetch("copy")
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return False
        if not value:
            from smgov.ui.frame import msgbox

            msgbox.information(self, "Nothing to copy", f"This credential has no {self.what} saved.")
            return False
        self.clipboard.copy(value, self.what)
        del value
        return True

    def set_enabled_buttons(self, enabled: bool) -> None:
        self.show_button.setEnabled(enabled)
        self.copy_button.setEnabled(enabled)


def spaced_code(code: str) -> str:
    """A two-factor code in two halves, easier to read out: 123 456."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}" if len(code) >= 6 else code


class TotpCode(QWidget):
    """The live two-factor code: Show code fetches it (audited), a bar counts down the seconds it stays valid, a
    new code is fetched once per period while it is shown, and it hides again after :data:`TOTP_VISIBLE_MS`.

    Signals:
        code_shown(): a code is on screen.
        code_hidden(): the code is gone from the screen.
    """

    code_shown = Signal()
    code_hidden = Signal()

    def __init__(
        self,
        fetch: Callable[[], tuple[str, int]],
        clipboard: SecretClipboard,
        parent: QWidget | None = None,
        *,
        name: str = "totp",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._fetch = fetch
        self.clipboard = clipboard
        self._code = ""
        self._seconds_left = 0
        self._period = 30
        self.fetches = 0  # how many times the service was asked (each is audited)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TOTP_TICK_MS)
        self.tick_timer.timeout.connect(self._tick)
        self.visible_timer = QTimer(self)
        self.visible_timer.setSingleShot(True)
        self.visible_timer.setInterval(TOTP_VISIBLE_MS)
        self.visible_timer.timeout.connect(self.hide_code)

        self.code_label = QLabel("")
        self.code_label.setObjectName(f"{name}-code")
        self.code_label.setAccessibleName("Two-factor code")
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setFont(monospace(1.6))
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setObjectName(f"{name}-countdown")
        self.bar.setAccessibleName("Seconds the code stays valid")
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.bar.setMinimumWidth(60)
        self.seconds = QLabel("")
        self.seconds.setObjectName(f"{name}-seconds")
        self.seconds.setObjectName(f"{name}-seconds")
        self.seconds.setAccessibleName("Seconds left")
        self.seconds.setMinimumWidth(self.seconds.fontMetrics().horizontalAdvance("valid for 30 s") + 4)
        self.show_button = button("Show code", f"{name}-reveal", "Show the two-factor code")
        self.show_button.setToolTip("Show the current code for a minute (recorded in the audit log)")
        self.show_button.clicked.connect(self.toggle)
        self.copy_button = button("Copy", f"{name}-copy", "Copy the two-factor code")
        self.copy_button.clicked.connect(self.copy)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.code_label)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        top.addWidget(self.show_button)
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        bottom.addWidget(self.bar, 1)
        bottom.addWidget(self.seconds)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self._set_visible_parts(False)

    @property
    def is_showing(self) -> bool:
        return bool(self._code)

    def toggle(self) -> None:
        if self.is_showing:
            self.hide_code()
        else:
            self.show_code()

    def show_code(self) -> bool:
        if not self._refresh():
            return False
        self.visible_timer.start()
        self.tick_timer.start()
        self._set_visible_parts(True)
        self.code_shown.emit()
        return True

    def hide_code(self) -> None:
        self.tick_timer.stop()
        self.visible_timer.stop()
        was_showing = self.is_showing
        self._code = ""
        self.code_label.clear()
        self.seconds.clear()
        self.bar.reset()
        self._set_visible_parts(False)
        if was_showing:
            self.code_hidden.emit()

    def copy(self) -> None:
        if self._code:
            self.clipboard.copy(self._code, "two-factor code")

    def _refresh(self) -> bool:
        try:
            code, seconds_left = self._fetch()
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.hide_code()
            show_error(self, exc)
            return False
        self.fetches += 1
        self._code = code
        self._seconds_left = seconds_left
        self._period = max(self._period, seconds_left)
        self.code_label.setText(spaced_code(code))
        self._show_seconds()
        return True

    def _tick(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left <= 0:
            self._refresh()  # a new period: one new code from the service
            return
        self._show_seconds()

    def _show_seconds(self) -> None:
        self.bar.setRange(0, self._period)
        self.bar.setValue(self._seconds_left)
        self.seconds.setText(f"valid for {self._seconds_left} s")

    def _set_visible_parts(self, showing: bool) -> None:
        self.code_label.setVisible(showing)
        self.bar.setVisible(showing)
        self.seconds.setVisible(showing)
        self.copy_button.setVisible(showing)
        self.show_button.setText("Hide code" if showing else "Show code")
        self.show_button.setAccessibleName("Hide the two-factor code" if showing else "Show the two-factor code")
