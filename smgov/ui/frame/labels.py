"""The labels and fields every dialog starts with: text shown as typed, headings, a field's error message, semantic
colours, and the passphrase field. A module of its own so the unlock dialog is built without the rest of
:mod:`smgov.ui.frame.widgets` (which offers all of these too)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolButton, QWidget

from smgov.ui.frame.overrides import override
from smgov.ui.frame.screen import grow_to_contents

# Semantic colours only, each in a shade that reads on a light and on a dark window.
_ERROR = ("#b3261e", "#ff8a80")
_WARNING = ("#8a5300", "#ffc857")
_GOOD = ("#1e6b32", "#6fdc8c")


def _is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_colour(widget: QWidget) -> QColor:
    return QColor(_ERROR[_is_dark(widget)])


def warning_colour(widget: QWidget) -> QColor:
    return QColor(_WARNING[_is_dark(widget)])


def good_colour(widget: QWidget) -> QColor:
    return QColor(_GOOD[_is_dark(widget)])


def set_text_colour(label: QLabel, colour: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


def plain_label(text: str = "", *, wrap: bool = True, name: str = "") -> QLabel:
    """A label that shows text exactly as given (never as markup): user data may hold '<' and '&'."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


def heading_label(text: str, *, name: str = "") -> QLabel:
    label = plain_label(text, name=name)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


class FieldError(QLabel):
    """A red message under a field saying what is wrong and how to fix it; hidden while there is nothing to say.

    Given the field (``for_widget``), the message is also set as the field's accessible description, so a screen
    reader says it when the field has focus.
    """

    def __init__(self, parent: QWidget | None = None, *, for_widget: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self._field = for_widget
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if name:
            self.setObjectName(name)
        self.setVisible(False)

    def show_error(self, text: str) -> None:
        text = text.strip()
        set_text_colour(self, error_colour(self))
        self.setText(text)
        self.setAccessibleName(f"Error: {text}" if text else "")
        if self._field is not None:
            self._field.setAccessibleDescription(text)
        self.setVisible(bool(text))
        window = self.window()
        if text and isinstance(window, QDialog) and window.isVisible():
            QTimer.singleShot(0, window, lambda: grow_to_contents(window))  # its buttons stay in view

    @override
    def clear(self) -> None:
        self.show_error("")

    @property
    def message(self) -> str:
        """The message shown ("" when none)."""
        return self.text() if not self.isHidden() else ""


class PassphraseEdit(QWidget):
    """A passphrase field (hidden as dots) with a Show/Hide button.

    Signals:
        textChanged(str): the text changed.
        returnPressed(): Enter was pressed in the field.
    """

    textChanged = Signal(str)
    returnPressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "Passphrase", name: str = "") -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit()
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.line_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.line_edit.setAccessibleName(accessible_name)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setText("Show")
        self.toggle.setAccessibleName(f"Show {accessible_name.lower()}")
        self.toggle.setToolTip("Show what you typed (check nobody is looking at the screen)")
        self.toggle.toggled.connect(self._set_shown)
        if name:
            self.setObjectName(name)
            self.line_edit.setObjectName(f"{name}-edit")
            self.toggle.setObjectName(f"{name}-show")
        self._accessible = accessible_name
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.toggle)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textChanged.connect(self.textChanged)
        self.line_edit.returnPressed.connect(self.returnPressed)

    def _set_shown(self, shown: bool) -> None:
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText("Hide" if shown else "Show")
        self.toggle.setAccessibleName(f"{'Hide' if shown else 'Show'} {self._accessible.lower()}")

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:
        self.line_edit.setText(text)

    def clear(self) -> None:
        self.line_edit.clear()

    def selectAll(self) -> None:
        self.line_edit.selectAll()

    def setPlaceholderText(self, text: str) -> None:
        self.line_edit.setPlaceholderText(text)

    def hide_text(self) -> None:
        """Back to dots (after the dialog was busy, or before it is shown again)."""
        self.toggle.setChecked(False)
