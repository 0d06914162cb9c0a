"""One dialog base for the whole UI, the step dialog built on it, and the rule that every window fits the screen.

- Every dialog opens within the screen's available geometry (a 1366×768 laptop leaves about 1366×728 under the
  taskbar), never partly off it (:mod:`smgov.ui.frame.screen`).
- :class:`Dialog`: title, heading, intro, a problem line, a body that scrolls inside when the screen is short, and
  the buttons, which always stay in view. Esc cancels.
- :class:`StepDialog`: a small form for one step (a decision, an action, a correction). The service checks it
  off the UI thread through :func:`~smgov.ui.frame.writes.run_write`; a refusal shows beside its field, or on the
  problem line when it is about the record as a whole.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.ui.frame.forms import stacked
from smgov.ui.frame.screen import grow_to_contents, keep_on_screen, scrolling
from smgov.ui.frame.widgets import FieldError, heading_label, plain_label
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

Buttons = QDialogButtonBox.StandardButton


class Dialog(QDialog):
    """The dialog base: heading, intro, problem line, a scrolling body and the buttons.

    Subclasses put their fields in ``self.body`` (a QVBoxLayout) or ``self.form`` (a QFormLayout inside it) and
    connect ``self.buttons``. The dialog opens at its size hint, within the screen.
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        *,
        name: str,
        intro: str = "",
        heading: str | None = None,
        buttons: QDialogButtonBox.StandardButton = Buttons.Ok | Buttons.Cancel,
        ok_text: str = "",
        min_width: int = 540,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.title_label = heading_label(heading if heading is not None else title, name=f"{name}-title")
        self.intro = plain_label(intro, name=f"{name}-intro")
        self.problem = FieldError(name=f"{name}-problem")

        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 4, 0)
        self.body.setSpacing(12)
        self.body.addWidget(self.intro)
        if not intro:
            self.intro.hide()  # (only once it has a parent: a parentless label made visible opens as a window)
        self.body.addWidget(self.problem)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(10)
        self.form.setHorizontalSpacing(14)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(self.form)
        self.scroll_area = scrolling(content, f"{name}-scroll")

        self.buttons = QDialogButtonBox(buttons)
        self.ok_button: QPushButton | None = self.buttons.button(Buttons.Ok)
        if self.ok_button is not None:
            self.ok_button.setObjectName(f"{name}-ok")
            if ok_text:
                self.ok_button.setText(ok_text)
                self.ok_button.setAccessibleName(ok_text)
        self.cancel_button: QPushButton | None = self.buttons.button(Buttons.Cancel)
        if self.cancel_button is not None:
            self.cancel_button.setObjectName(f"{name}-cancel")
        close = self.buttons.button(Buttons.Close)
        if close is not None:
            close.setObjectName(f"{name}-close")
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min_width)
        self._fitted = False

    def add_stretch(self) -> None:
        """Push the body's content to the top (call after the last field)."""
        self.body.addStretch(1)

    @override
    def sizeHint(self) -> QSize:
        # The scroll area asks for little; ask for the whole body, so the dialog opens without scrolling when the
        # screen has room, and fit_to_screen shrinks it (the body then scrolls) when it has not.
        inner = self.scroll_area.widget()
        hint = super().sizeHint()
        if inner is not None:
            extra = inner.sizeHint().height() - self.scroll_area.viewport().height()
            hint.setHeight(hint.height() + max(0, extra))
            hint.setWidth(max(hint.width(), inner.sizeHint().width() + 48))
        return hint

    @override
    def setVisible(self, visible: bool) -> None:
        if visible and not self._fitted:
            # Sized before it is shown, so Qt centres it over its window at its real size.
            self._fitted = True
            self.ensurePolished()  # the style's fonts and margins count in the size the contents ask for
            self.resize(self.sizeHint().expandedTo(self.minimumSize()))
        if visible:
            keep_on_screen(self)
        super().setVisible(visible)
        if visible:  # once laid out at its real width, wrapped text may ask for a few more pixels
            QTimer.singleShot(0, self, lambda: grow_to_contents(self))


class StepDialog(Dialog):
    """A small form for one step, saved off the UI thread; Esc cancels.

    Subclasses add fields with :meth:`add_field` and implement :meth:`prepare`, which reads the fields (on the UI
    thread) and returns the write to run, ``op(workspace) -> result``. ``changes`` says which views to refresh.

    Signals:
        recorded(object): the step was saved (whatever the service returned); the dialog then closes.
    """

    recorded = Signal(object)
    ok_text = "Save"
    changes: tuple[Change, ...] = ()

    def __init__(self, parent: QWidget, session: AppSession, title: str, intro: str = "", *, name: str) -> None:
        super().__init__(parent, title, name=name, intro=intro, ok_text=self.ok_text)
        self.session = session
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self.field_aliases: dict[str, str] = {}  # a service's field name -> the key of the field that shows it
        self.saving = False
        self.buttons.accepted.connect(self.save)
        session.locked.connect(self.reject)

    def add_field(
        self, key: str, label: str, widget: QWidget, hint: str = "", *, layout: QLayout | None = None
    ) -> QLabel:
        """A row: ``label`` (its mnemonic focuses ``widget``), the widget (or ``layout``), the hint and its error."""
        error = FieldError(for_widget=widget, name=f"{self.objectName()}-error-{key.replace('_', '-')}")
        self.errors[key] = error
        self.fields[key] = widget
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, stacked(widget if layout is None else None, error, hint, layout))
        return caption

    def prepare(self) -> Callable[[Workspace], Any]:
        """Read the fields and return the write (subclasses). Raise ValidationError for what is wrong here."""
        raise NotImplementedError

    def show_refusal(self, exc: ValidationError) -> bool:
        key = self.field_aliases.get(exc.field or "", exc.field or "")
        error = self.errors.get(key)
        if error is None:
            self.problem.show_error(str(exc))
        else:
            error.show_error(str(exc))
            field = self.fields[key]
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(field, 20, 40)
        return True

    def save(self) -> bool:
        """Check and save in the background; True when the write started (``recorded`` follows if it works)."""
        if self.saving or not self.session.is_unlocked:
            return False
        self.problem.clear()
        for error in self.errors.values():
            error.clear()
        try:
            op = self.prepare()
        except ValidationError as exc:
            self.show_refusal(exc)
            return False
        self._set_saving(True)
        return run_write(
            self,
            self.session,
            op,
            self._saved,
            changes=self.changes,
            on_refused=self.show_refusal,
            on_finished=lambda: self._set_saving(False),
        )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        if self.ok_button is not None:
            self.ok_button.setEnabled(not saving)

    def _saved(self, result: object) -> None:
        log.info("step saved: %s", type(self).__name__)
        self.recorded.emit(result)
        self.accept()
