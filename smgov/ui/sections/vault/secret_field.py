"""A hidden value with Show and Copy: the secret is fetched only when asked for, and never kept.

A decrypted value lives in a widget only while it is shown. Show and Copy ask the service for it (which writes the
audit event, so it is a write and runs off the UI thread through run_write); the field is emptied again when the
timer runs out, when the user hides it, when another credential is chosen, when the section is left and when the
workspace locks. A value that arrives after any of those is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.ui.frame import msgbox
from smgov.ui.frame.clipboard import SecretClipboard
from smgov.ui.frame.forms import button
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.vault.words import monospace

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)
T = TypeVar("T")

REVEAL_MS = 30_000
HIDDEN_DOTS = "\u2022" * 10  # a fixed number, so the dots say nothing about the length

Fetch = Callable[["Workspace"], str]
"""Reads one secret (in the background; the service audits it)."""


def fetch_secret(
    parent: QWidget,
    session: AppSession,
    op: Callable[[Workspace], T],
    on_value: Callable[[T], None],
) -> bool:
    """Run an audited read of a secret off the UI thread; ``on_value`` gets it unless the workspace locked.

    The audit log is told (it has a new event); a refusal ("no longer in the vault") is shown near ``parent``.
    """

    def done(value: T) -> None:
        if session.is_unlocked:
            on_value(value)

    return run_write(parent, session, op, done, changes=(Change.AUDIT,), refused_title="Not shown")


class SecretField(QWidget):
    """One hidden value: dots until Show (then visible for :data:`REVEAL_MS`), and Copy to the clipboard.

    ``fetch(purpose)`` returns the read for "reveal" or "copy" (raising ValidationError when there is nothing to
    read); the service behind it writes the audit event. The value is never kept here beyond the field showing it.

    Signals:
        revealed(): the value is now shown.
        concealed(): the value is hidden again (and gone from the field).
        copied(): the value is on the clipboard.
    """

    revealed = Signal()
    concealed = Signal()
    copied = Signal()

    def __init__(
        self,
        what: str,
        session: AppSession,
        fetch: Callable[[str], Fetch],
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
        self.session = session
        self._fetch = fetch
        self.clipboard = clipboard
        self.multiline = multiline
        self._shown = False
        self._generation = 0  # a value fetched for an older generation is dropped
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
            if monospaced:
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

    @property
    def is_revealed(self) -> bool:
        return self._shown

    def toggle(self) -> None:
        if self._shown:
            self.conceal()
        else:
            self.reveal()

    def _start(self, purpose: str, on_value: Callable[[str], None]) -> bool:
        try:
            op = self._fetch(purpose)
        except ValidationError as exc:
            msgbox.warning(self, "Not shown", str(exc))
            return False
        generation = self._generation

        def arrived(value: str) -> None:
            if generation == self._generation:
                on_value(value)

        return fetch_secret(self, self.session, op, arrived)

    def reveal(self) -> bool:
        """Fetch the value (audited) in the background and show it when it comes; it hides again by itself.
        ``revealed`` follows. True when the fetch started."""
        return self._start("reveal", self._show_value)

    def _show_value(self, value: str) -> None:
        log.info("vault field shown")
        self._shown = True
        self.value.setPlaceholderText("(empty)")
        if isinstance(self.value, QPlainTextEdit):
            self.value.setPlainText(value)
        else:
            self.value.setText(value)
            self.value.setCursorPosition(0)
        self.show_button.setText("Hide")
        self.show_button.setAccessibleName(f"Hide the {self.what}")
        self.hide_timer.start()
        self.revealed.emit()

    def conceal(self) -> None:
        """Empty the field and show the dots again (a fetch still under way is dropped)."""
        self._generation += 1
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
        """Fetch the value (audited as a copy) and put it on the clipboard for 20 seconds; ``copied`` follows."""
        return self._start("copy", self._copy_value)

    def _copy_value(self, value: str) -> None:
        if not value:
            msgbox.information(self, "Nothing to copy", f"This credential has no {self.what} saved.")
            return
        self.clipboard.copy(value, self.what)
        self.copied.emit()

    def set_enabled_buttons(self, enabled: bool) -> None:
        self.show_button.setEnabled(enabled)
        self.copy_button.setEnabled(enabled)
