"""The one passphrase-or-recovery-key entry (unlocking a workspace, restoring a backup), the recovery key shown once
(the first-run wizard, a passphrase change), and the busy row a dialog shows while it works.

:class:`SecretEntry` is a passphrase field with a "use the recovery key instead" switch: the two fields share one
place (only one is shown; a hidden one takes no room), each with its error under it, and the caller lays out
:attr:`SecretEntry.label` and :attr:`SecretEntry.mode_button` where its dialog wants them. Both fields are typed
without input-method help: no prediction, no auto capitals, marked sensitive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smgov.ui.frame.controls import button, hint_label, line_edit
from smgov.ui.frame.labels import FieldError, PassphraseEdit, plain_label

SECRET_HINTS = (
    Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhNoAutoUppercase
)
RECOVERY_PLACEHOLDER = "XXXXXXXX XXXXXXXX … (64 characters, 0-9 and A-F)"


def recovery_key_edit(name: str, accessible: str) -> QLineEdit:
    """A field to type a recovery key into: fixed-width, long enough for spaces and dashes, no input-method help."""
    edit = line_edit(name, accessible, RECOVERY_PLACEHOLDER)
    edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    edit.setMaxLength(120)
    edit.setInputMethodHints(SECRET_HINTS)
    return edit


def format_recovery_key(key: str) -> str:
    """A recovery key ("XXXXXXXX XXXXXXXX …", eight groups) on two lines of four groups, as the Emergency Kit has."""
    groups = key.split()
    return " ".join(groups[:4]) + "\n" + " ".join(groups[4:])


class RecoveryKeyLabel(QLabel):
    """A recovery key shown (once) in large fixed-width type, selectable, framed; :meth:`show_key` lays it out."""

    def __init__(self, name: str, accessible: str, *, scale: float = 1.3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * scale)
        self.setFont(font)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(10)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_key(self, key: str) -> None:
        self.setText(format_recovery_key(key))


class BusyRow(QWidget):
    """An endless progress bar and what is happening, for a dialog that works in the background. Starts hidden."""

    def __init__(self, text: str, accessible: str, *, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(120)
        self.bar.setAccessibleName(accessible)
        self.label = plain_label(text, wrap=False, name=f"{name}-label" if name else "")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar)
        row.addWidget(self.label)
        row.addStretch(1)
        self.setHidden(True)  # never shown as a window of its own before a dialog takes it

    def set_text(self, text: str) -> None:
        self.label.setText(text)


class SecretEntry(QWidget):
    """A passphrase, or on request a recovery key, with an error under each and the switch between them.

    The widget itself holds the two panes (one shown); the caller places :attr:`label` (its mnemonic focuses the
    field on show) and :attr:`mode_button`. ``prefix`` names the parts: ``{prefix}passphrase``,
    ``{prefix}recovery-key``, ``{prefix}recovery-mode``; ``what`` ends the accessible names ("of the backup").
    """

    def __init__(
        self,
        *,
        prefix: str = "",
        what: str = "",
        to_recovery_text: str = "Use the recovery key instead…",
        recovery_hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        suffix = f" {what}" if what else ""
        self._suffix = suffix
        self._to_recovery_text = to_recovery_text
        self.label = QLabel()
        self.label.setContentsMargins(0, 4, 0, 0)  # level with the text in the field beside it

        self.passphrase_pane = QWidget(self)
        column = QVBoxLayout(self.passphrase_pane)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.passphrase = PassphraseEdit(accessible_name=f"Passphrase{suffix}", name=f"{prefix}passphrase")
        self.passphrase_error = FieldError(for_widget=self.passphrase.line_edit, name=f"{prefix}passphrase-error")
        self.passphrase.textChanged.connect(lambda _t: self.passphrase_error.clear())
        column.addWidget(self.passphrase)
        column.addWidget(self.passphrase_error)

        self.recovery_pane = QWidget(self)
        column = QVBoxLayout(self.recovery_pane)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.recovery_key = recovery_key_edit(f"{prefix}recovery-key", f"Recovery key{suffix}")
        self.recovery_error = FieldError(for_widget=self.recovery_key, name=f"{prefix}recovery-error")
        self.recovery_key.textChanged.connect(lambda _t: self.recovery_error.clear())
        column.addWidget(self.recovery_key)
        if recovery_hint:
            column.addWidget(hint_label(recovery_hint))
        column.addWidget(self.recovery_error)

        cell = QVBoxLayout(self)
        cell.setContentsMargins(0, 0, 0, 0)
        cell.addWidget(self.passphrase_pane)
        cell.addWidget(self.recovery_pane)

        self.mode_button: QPushButton = button("", f"{prefix}recovery-mode")
        self.mode_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.mode_button.clicked.connect(lambda: self.set_recovery_mode(not self.in_recovery_mode))
        self.set_recovery_mode(False)

    @property
    def in_recovery_mode(self) -> bool:
        return not self.recovery_pane.isHidden()

    @property
    def field(self) -> QWidget:
        """The input now in use (the passphrase's line edit or the recovery key)."""
        return self.recovery_key if self.in_recovery_mode else self.passphrase.line_edit

    @property
    def error(self) -> FieldError:
        """The error under the input now in use."""
        return self.recovery_error if self.in_recovery_mode else self.passphrase_error

    def set_recovery_mode(self, recovery: bool) -> None:
        self.passphrase_pane.setHidden(recovery)
        self.recovery_pane.setHidden(not recovery)
        self.label.setText(f"Recovery &key{self._suffix}" if recovery else f"&Passphrase{self._suffix}")
        self.label.setBuddy(self.field)
        self.clear_errors()
        text = "Use the passphrase instead" if recovery else self._to_recovery_text
        self.mode_button.setText(text)
        self.mode_button.setAccessibleName(text.rstrip("…"))
        if self.isVisible():
            self.field.setFocus()

    def clear_errors(self) -> None:
        self.passphrase_error.clear()
        self.recovery_error.clear()

    def clear(self) -> None:
        """Empty both fields (after use: nothing secret is left in the dialog)."""
        self.passphrase.clear()
        self.recovery_key.clear()

    def set_busy(self, busy: bool) -> None:
        """Greyed while the dialog works; the passphrase goes back to dots."""
        for widget in (self.passphrase_pane, self.recovery_pane, self.mode_button):
            widget.setEnabled(not busy)
        if busy:
            self.passphrase.hide_text()
