"""The one form-builder module of the UI: a form whose fields each have their error beside them, the
"unsaved changes" question, and the small builders every section uses (buttons, line and text edits, hints, a
field stacked with its hint and error, read-only values). Sections never write their own copies.

A :class:`RecordForm` owns the inputs of one record by key, the key being the service form's field name, so a
``ValidationError.field`` finds its input and message directly::

    form = RecordForm("account", on_change=self._changed)
    handle = form.line("handle", "Handle", "@name as the platform shows it")
    form.add_row(layout, "&Handle", "handle")
    ...
    except ValidationError as exc:
        form.show_error(exc)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.ui.frame import msgbox
from smgov.ui.frame.controls import accept_cancel as accept_cancel  # (re-exported: sections build forms from here)
from smgov.ui.frame.controls import button as button
from smgov.ui.frame.controls import hint_label as hint_label
from smgov.ui.frame.controls import line_edit as line_edit
from smgov.ui.frame.controls import stacked as stacked
from smgov.ui.frame.widgets import DateField, FieldError, plain_label, set_text_colour, warning_colour


class PlainTextField(QPlainTextEdit):
    """A few lines of plain text (pasted formatting is dropped); Tab moves on to the next field, as elsewhere."""

    def __init__(self, rows: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        line = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + 2 * int(self.document().documentMargin()) + margins.top() + margins.bottom()
        self.setFixedHeight(rows * line + frame + 2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)


class TextBox(QPlainTextEdit):
    """Several lines of text. While editable it is ``lines`` lines tall (longer text scrolls inside); read-only, it
    is as tall as its text, up to ``READ_ONLY_LINES``, so a record reads without empty boxes."""

    READ_ONLY_LINES = 10

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.textChanged.connect(self._fit)
        self._fit()

    @override
    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self._fit()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isReadOnly():
            self._fit()

    def _fit(self) -> None:
        lines = self._lines
        margin = round(self.document().documentMargin())
        frame = self.frameWidth() * 2 + margin * 2
        metrics = self.fontMetrics()
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded
        if self.isReadOnly():
            # Measured on the box's whole width (not the viewport's, which a scroll bar would narrow and widen again).
            width = self.width() - frame
            if width > 40:
                box = QRect(0, 0, width, 1_000_000)
                height = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, self.toPlainText() or " ").height()
                lines = max(1, -(-height // metrics.lineSpacing()))
            if lines <= self.READ_ONLY_LINES:
                policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            lines = min(lines, self.READ_ONLY_LINES)
        self.setVerticalScrollBarPolicy(policy)
        self.setFixedHeight(metrics.lineSpacing() * lines + frame + 2)


def text_edit(name: str, accessible: str, lines: int = 3, placeholder: str = "") -> TextBox:
    """A several-line field (see :class:`TextBox`) with its object and accessible names."""
    edit = TextBox(lines)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def value_label(name: str, accessible: str) -> QLabel:
    """A read-only value on a record page: plain text, selectable, wrapped."""
    label = plain_label("", name=name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form of labelled rows whose fields take the spare width."""
    layout = QFormLayout(parent) if parent is not None else QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setVerticalSpacing(8)
    return layout


def section_title(text: str, name: str) -> QLabel:
    """The big title at the top of a section, as the audit log and settings have."""
    title = QLabel(text)
    title.setObjectName(name)
    title.setAccessibleName(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    title.setFont(font)
    return title


class WarningNote(QWidget):
    """A warning icon and a short sentence in the warning colour: never colour alone."""

    def __init__(self, text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.icon = QLabel()
        size = self.fontMetrics().height()
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = plain_label(text, name=f"{name}-text")
        self.label.setAccessibleName(f"Warning: {text}")
        set_text_colour(self.label, warning_colour(self))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(6)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.text()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(f"Warning: {text}")


class RecordForm:
    """The inputs of one record, by the service form's field names, each with a :class:`FieldError` beside it.

    ``on_change`` is called whenever the user edits a field (not while :meth:`fill` sets them in code).
    """

    def __init__(self, prefix: str, on_change: Callable[[], None]) -> None:
        self.prefix = prefix
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        self.scroll_area: QScrollArea | None = None
        self._focus_of: dict[str, QWidget] = {}
        self._on_change = on_change
        self._filling = False

    # -- making inputs -----------------------------------------------------------------------------------------

    def _register(self, key: str, widget: QWidget, accessible: str) -> None:
        widget.setObjectName(f"{self.prefix}-{key.replace('_', '-').replace('.', '-')}")
        if not isinstance(widget, DateField):
            widget.setAccessibleName(accessible)
        self.fields[key] = widget
        self.add_error(key, widget)

    def add_error(self, key: str, widget: QWidget) -> FieldError:
        """A message beside ``widget`` for the service's field ``key``, for a part of the page that is not one of
        the form's values (a logo's Choose button)."""
        name = f"{self.prefix}-error-{key.replace('_', '-').replace('.', '-')}"
        error = self.errors[key] = FieldError(for_widget=widget, name=name)
        self._focus_of[key] = widget
        return error

    def _changed(self, *_args: object) -> None:
        if not self._filling:
            self._on_change()

    def line(self, key: str, accessible: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self._register(key, edit, accessible)
        edit.textChanged.connect(self._changed)
        return edit

    def lines(self, key: str, accessible: str, placeholder: str = "", rows: int = 3) -> PlainTextField:
        edit = PlainTextField(rows)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self._register(key, edit, accessible)
        edit.textChanged.connect(self._changed)
        return edit

    def text(self, key: str, accessible: str, placeholder: str = "", lines: int = 3) -> TextBox:
        """Several lines that, read-only, are as tall as their text (a decided record reads without empty boxes)."""
        edit = TextBox(lines)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self._register(key, edit, accessible)
        edit.textChanged.connect(self._changed)
        return edit

    def combo(self, key: str, accessible: str, choices: Iterable[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        for text, data in choices:
            combo.addItem(text, data)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel
        self._register(key, combo, accessible)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    def spin(
        self, key: str, accessible: str, minimum: int, maximum: int, *, step: int = 1, suffix: str = ""
    ) -> QSpinBox:
        box = QSpinBox()
        box.setRange(minimum, maximum)
        box.setSingleStep(step)
        box.setSuffix(suffix)
        box.setMaximumWidth(160)
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel
        self._register(key, box, accessible)
        box.valueChanged.connect(self._changed)
        return box

    def check(self, key: str, text: str, accessible: str | None = None) -> QCheckBox:
        box = QCheckBox(text)
        self._register(key, box, accessible or text)
        box.toggled.connect(self._changed)
        return box

    def date(self, key: str, accessible: str, *, optional: bool = True, set_text: str = "Set a date") -> DateField:
        name = f"{self.prefix}-{key.replace('_', '-')}"
        field = DateField(accessible_name=accessible, optional=optional, set_text=set_text, name=name)
        self._register(key, field, accessible)
        field.dateChanged.connect(self._changed)
        return field

    def add_row(
        self,
        layout: QFormLayout,
        label: str,
        key: str,
        hint: str = "",
        extra: QWidget | None = None,
    ) -> QLabel:
        """Put field ``key`` in ``layout`` with its label, optional hint and ``extra`` widget, and its error."""
        caption = QLabel(label)
        caption.setBuddy(self.fields[key])
        layout.addRow(caption, stacked(self.fields[key], self.errors[key], hint, extra=extra))
        return caption

    # -- values ------------------------------------------------------------------------------------------------

    def value(self, key: str) -> Any:
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, DateField):
            return widget.date()
        if isinstance(widget, QSpinBox):
            return widget.value()
        raise TypeError(key)

    def set_value(self, key: str, value: Any) -> None:
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            widget.setText(str(value or ""))
            widget.setCursorPosition(0)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value or ""))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value) if value is not None else widget.minimum())
        elif isinstance(widget, DateField):
            if value is None:
                # An unset date starts from today when ticked, not from the last record shown.
                widget.edit.setDate(QDate.currentDate())
                if widget.check is None:
                    return
            widget.setDate(value)

    def fill(self, values: dict[str, Any]) -> None:
        """Set every field from ``values`` (missing keys are emptied) without it counting as the user's edit."""
        self._filling = True
        try:
            self.clear_errors()
            for key in self.fields:
                self.set_value(key, values.get(key))
        finally:
            self._filling = False

    def snapshot(self) -> tuple[Any, ...]:
        """The values as typed, to compare with what was loaded (unsaved changes)."""
        return tuple(self.value(key) for key in self.fields)

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.fields.values():
            widget.setEnabled(enabled)

    # -- errors ------------------------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear()

    def show_error(self, exc: ValidationError) -> bool:
        """Show ``exc`` beside its field and put the cursor there; False when no field here has that name."""
        error = self.errors.get(exc.field or "")
        if error is None:
            return False
        error.show_error(str(exc))
        widget = self._focus_of[exc.field or ""]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.scroll_area is not None:
            self.scroll_area.ensureWidgetVisible(widget, 40, 80)
        return True


def ask_unsaved(
    parent: QWidget,
    name: str,
    text: str,
    save: Callable[[Callable[[], object]], object],
    discard: Callable[[], None],
    proceed: Callable[[], object],
) -> QMessageBox:
    """Save, Discard or Cancel for unsaved changes. ``save(then)`` saves (in the background) and calls ``then``
    once it worked; after Discard, ``proceed()`` runs at once.

    Cancel is the default button: Enter after a stray click or scroll never saves or throws work away.
    """
    buttons = QMessageBox.StandardButton
    box = msgbox.msgbox(
        parent, "Unsaved changes", text, QMessageBox.Icon.Question, buttons.Save | buttons.Discard | buttons.Cancel
    )
    box.setObjectName(name)
    box.setDefaultButton(buttons.Cancel)
    box.setEscapeButton(buttons.Cancel)

    def answered(_result: int) -> None:
        clicked = box.clickedButton()
        choice = box.standardButton(clicked) if clicked is not None else buttons.Cancel
        if choice == buttons.Save:
            save(proceed)
        elif choice == buttons.Discard:
            discard()
            proceed()

    box.finished.connect(answered)
    return box


class Divider(QFrame):
    """A thin horizontal line between a page's body and its buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.HLine)
        self.setFrameShadow(QFrame.Shadow.Sunken)
