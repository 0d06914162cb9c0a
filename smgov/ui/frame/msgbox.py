"""The one place message boxes are made (after qutebrowser's misc/msgbox.py).

Each function returns the box, already shown (window-modal, not blocking), so tests can inspect it and wait on
``finished`` instead of patching ``exec()``. Text is always plain, so user data can never be read as markup.
``QMessageBox`` is imported when a box is first made: making its type costs about 20 ms, which the way to the first
dialog does not pay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

_open_boxes: set[QMessageBox] = set()  # boxes without a parent stay alive until they are closed


def msgbox(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon | None = None,
    buttons: QMessageBox.StandardButton | None = None,
    on_finished: Callable[[int], None] | None = None,
    details: str | None = None,
) -> QMessageBox:
    """A message box (an information one with OK unless ``icon`` and ``buttons`` say otherwise), shown."""
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Information if icon is None else icon
    buttons = QMessageBox.StandardButton.Ok if buttons is None else buttons
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("smgov-msgbox")
    if details:
        box.setDetailedText(details)
    if on_finished is not None:
        box.finished.connect(on_finished)
    box.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
    if parent is None:
        _open_boxes.add(box)
        box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.show()
    return box


def information(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    return msgbox(parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    return msgbox(parent, title, text, QMessageBox.Icon.Warning)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    yes_text: str = "Yes",
    no_text: str = "Cancel",
) -> QMessageBox:
    """A question with two buttons; ``on_yes`` runs only when the user accepts. Esc and No do nothing."""
    from PySide6.QtWidgets import QMessageBox

    box = msgbox(
        parent,
        title,
        text,
        QMessageBox.Icon.Question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
    )
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.button(QMessageBox.StandardButton.Cancel).setText(no_text)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            on_yes()

    box.finished.connect(finished)
    return box
