"""The small building blocks every dialog uses (a named field, a button, the OK/Cancel row, a field with its hint
and error under it), in a module of their own: the unlock dialog and the wizard's first page are built from them
before the rest of the form builder (:mod:`smgov.ui.frame.forms`, which offers them too) is imported."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from smgov.ui.frame.labels import FieldError, plain_label


def line_edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    """A one-line field with its object and accessible names."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def stacked(
    widget: QWidget | None,
    error: FieldError,
    hint: str = "",
    layout: QLayout | None = None,
    extra: QWidget | None = None,
) -> QWidget:
    """A field (or a ``layout`` of several) with an ``extra`` widget, its hint and its error message under it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if widget is not None:
        column.addWidget(widget)
    if layout is not None:
        column.addLayout(layout)
    if extra is not None:
        column.addWidget(extra)
    if hint:
        column.addWidget(hint_label(hint))
    column.addWidget(error)
    return box


def hint_label(text: str, name: str = "") -> QLabel:
    """Quieter help text under a field (plain text, wrapped)."""
    label = plain_label(text, name=name)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def button(text: str, name: str, accessible: str | None = None, tooltip: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAccessibleName(accessible or text.replace("&", "").rstrip("…"))
    widget.setAutoDefault(False)
    if tooltip:
        widget.setToolTip(tooltip)
    return widget


def accept_cancel(
    text: str, name: str, on_accept: Callable[[], object], on_cancel: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A dialog's button row: the action (``text``, the default button) and Cancel (Esc), already connected."""
    box = QDialogButtonBox()
    accept = box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setObjectName(name)
    accept.setAccessibleName(text.replace("&", ""))
    accept.setDefault(True)
    cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
    cancel.setObjectName("cancel")
    cancel.setAccessibleName("Cancel")
    box.accepted.connect(on_accept)
    box.rejected.connect(on_cancel)
    return box, accept, cancel
