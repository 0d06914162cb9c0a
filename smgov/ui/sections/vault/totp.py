"""The live two-factor code: fetched (audited) only when asked for, refreshed once a period, hidden after a minute."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from smgov.data.errors import ValidationError
from smgov.ui.frame import msgbox
from smgov.ui.frame.clipboard import SecretClipboard
from smgov.ui.frame.forms import button
from smgov.ui.sections.vault.secret_field import fetch_secret
from smgov.ui.sections.vault.words import monospace

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

TOTP_TICK_MS = 1000
TOTP_VISIBLE_MS = 60_000

CodeFetch = Callable[["Workspace"], tuple[str, int]]


def spaced_code(code: str) -> str:
    """A two-factor code in two halves, easier to read out: 123 456."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}" if len(code) >= 6 else code


class TotpCode(QWidget):
    """The live two-factor code: Show code fetches it (audited, in the background), a bar counts down the seconds it
    stays valid, a new code is fetched once per period while it is shown, and it hides after :data:`TOTP_VISIBLE_MS`.

    ``fetch()`` returns the read (raising ValidationError when no credential is chosen).

    Signals:
        code_shown(): a code is on screen.
        code_hidden(): the code is gone from the screen.
    """

    code_shown = Signal()
    code_hidden = Signal()

    def __init__(
        self,
        session: AppSession,
        fetch: Callable[[], CodeFetch],
        clipboard: SecretClipboard,
        parent: QWidget | None = None,
        *,
        name: str = "totp",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.session = session
        self._fetch = fetch
        self.clipboard = clipboard
        self._code = ""
        self._seconds_left = 0
        self._period = 30
        self._generation = 0
        self.fetches = 0  # how many codes the service gave (each is audited)
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
        """Fetch the code in the background; ``code_shown`` follows. True when the fetch started."""
        return self._refresh(first=True)

    def hide_code(self) -> None:
        self._generation += 1
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

    def _refresh(self, *, first: bool) -> bool:
        try:
            op = self._fetch()
        except ValidationError as exc:
            msgbox.warning(self, "Not shown", str(exc))
            return False
        generation = self._generation
        self.tick_timer.stop()  # no tick counts while the next code is on its way

        def arrived(result: tuple[str, int]) -> None:
            if generation != self._generation:
                return
            self.fetches += 1
            self._code, self._seconds_left = result
            self._period = max(self._period, self._seconds_left)
            self.code_label.setText(spaced_code(self._code))
            self._show_seconds()
            self.tick_timer.start()
            if first:
                self.visible_timer.start()
                self._set_visible_parts(True)
                self.code_shown.emit()

        return fetch_secret(self, self.session, op, arrived)

    def _tick(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left <= 0:
            self._refresh(first=False)  # a new period: one new code from the service
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
