"""The record pane every section's details are built on (after KeePassXC's EditWidget).

A :class:`RecordPane` owns what every record page does the same way: the header (title, subtitle, state chip), a
body that scrolls, the footer (Delete, a status message, Discard changes, Save), dirty tracking against what was
loaded, Ctrl+S, field errors beside the field, the unsaved-changes question, and saving off the UI thread through
:func:`~smgov.ui.frame.writes.run_write`. A section's pane adds its fields and says how to read, write and delete
its record::

    class PersonPane(RecordPane[PersonDetails]):
        prefix, noun = "person", "person"
        changes = (Change.PEOPLE,)

        def build(self) -> None:            # fields, in groups, into self.body
        def read(self, workspace, record_id) -> PersonDetails
        def values(self, record) -> dict    # what the form shows for it
        def write(self, workspace, record_id, values) -> int   # in the background; returns the record's id
        def remove(self, workspace, record_id) -> None          # optional: Delete is shown only if overridden
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.ui.frame import msgbox
from smgov.ui.frame.forms import Divider, RecordForm, ask_unsaved, button, form_layout
from smgov.ui.frame.screen import scrolling
from smgov.ui.frame.tables import window_shortcut
from smgov.ui.frame.widgets import nothing_chosen_page, plain_label
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFormLayout

    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

D = TypeVar("D")
log = logging.getLogger(__name__)
MESSAGE_MS = 6000


class DetailsPane(QWidget):
    """What a list section needs of the pane beside its list. :class:`RecordPane` is the one for editable records;
    a pane that only shows a record (its changes made through step dialogs) subclasses this directly.

    Signals:
        saved(int): the record was added or changed (its id); the write has already announced its changes.
        deleted(int): the record was deleted.
        open_record(str, object): go to that section and record (a link on the page).
        closed(): the pane shows nothing any more (a new record was given up): the list takes the room back.
    """

    saved = Signal(int)
    deleted = Signal(int)
    open_record = Signal(str, object)
    closed = Signal()

    @property
    def record_id(self) -> int | None:
        raise NotImplementedError

    @property
    def is_new(self) -> bool:
        return False

    def open(self, record_id: int) -> bool:
        """Read record ``record_id`` and show it; False when it is gone."""
        raise NotImplementedError

    def clear(self) -> None:
        """Show nothing (no record chosen, or the workspace locked)."""
        raise NotImplementedError

    def start_new(self, values: dict[str, Any] | None = None) -> None:
        """Start a new record (only for sections that add records in the pane)."""
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        return False

    def ask_unsaved(self, proceed: Callable[[], object]) -> QMessageBox | None:
        """Ask about unsaved changes before ``proceed()``; a pane without edits just proceeds."""
        proceed()
        return None


class RecordPane(DetailsPane, Generic[D]):
    """One record's details, edited in place and saved with Save (Ctrl+S).

    Signals: those of :class:`DetailsPane`.
    """

    prefix = "record"  # object names: "<prefix>-save", "<prefix>-title", ...
    noun = "record"  # in messages: "You have changed this <noun> without saving."
    empty_title = "Nothing chosen"
    empty_hint = "Choose a record in the list."
    changes: tuple[Change, ...] = ()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.prefix}-pane")
        self.session = session
        self.record: D | None = None
        self._record_id: int | None = None
        self._is_new = False
        self._loaded: tuple[Any, ...] | None = None
        self._saving = False
        self.form = RecordForm(self.prefix, self._update_dirty)

        self.title = plain_label("", name=f"{self.prefix}-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = plain_label("", name=f"{self.prefix}-subtitle")
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.state_chip = QLabel("")
        self.state_chip.setObjectName(f"{self.prefix}-state-chip")
        self.state_chip.setTextFormat(Qt.TextFormat.PlainText)
        self.state_chip.setFrameShape(QFrame.Shape.StyledPanel)
        self.state_chip.setAutoFillBackground(True)
        self.state_chip.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.state_chip.setMargin(4)
        chip_font = self.state_chip.font()
        chip_font.setBold(True)
        self.state_chip.setFont(chip_font)
        self.state_chip.hide()  # until a state is set (set_state)
        header_text = QVBoxLayout()
        header_text.setSpacing(2)
        header_text.addWidget(self.title)
        header_text.addWidget(self.subtitle)
        self.header = QHBoxLayout()
        self.header.addLayout(header_text, 1)
        self.header.addWidget(self.state_chip, 0, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        content.setObjectName(f"{self.prefix}-body")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 8, 8)
        self.body.setSpacing(12)
        self.scroll_area: QScrollArea = scrolling(content, f"{self.prefix}-scroll")
        self.form.scroll_area = self.scroll_area

        self.message = plain_label("", name=f"{self.prefix}-message")
        self.message.setAccessibleName("Save status")
        self.delete_button = button("Delete…", f"{self.prefix}-delete", f"Delete {self.noun}")
        self.delete_button.clicked.connect(self.delete)
        self.discard_button = button("Discard changes", f"{self.prefix}-discard")
        self.discard_button.clicked.connect(self.discard)
        self.save_button = button("Save", f"{self.prefix}-save", tooltip=f"Save this {self.noun} (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.footer = QHBoxLayout()
        self.footer.addWidget(self.delete_button)
        self.footer.addWidget(self.message, 1)
        self.footer.addWidget(self.discard_button)
        self.footer.addWidget(self.save_button)
        if type(self).remove is RecordPane.remove:
            self.delete_button.hide()  # (never show() a parentless widget: it would open as a window of its own)

        self.details_page = QWidget()
        page = QVBoxLayout(self.details_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(8)
        page.addLayout(self.header)
        page.addWidget(Divider())
        page.addWidget(self.scroll_area, 1)
        page.addWidget(Divider())
        page.addLayout(self.footer)

        self.empty = nothing_chosen_page(self.empty_title, self.empty_hint, name=f"{self.prefix}-empty")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.details_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.save_shortcut = window_shortcut(self, QKeySequence.StandardKey.Save, lambda: self.save())
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(MESSAGE_MS)
        self._message_timer.timeout.connect(self._show_dirty)

        self.build()
        self.body.addStretch(1)
        self.clear()

    # -- what a section supplies -------------------------------------------------------------------------------

    def build(self) -> None:
        """Add the fields (``self.form``) and anything else to ``self.body``."""
        raise NotImplementedError

    def read(self, workspace: Workspace, record_id: int) -> D:
        """The record to show (on the UI thread: a read is quick). ValidationError when it is gone."""
        raise NotImplementedError

    def values(self, record: D | None) -> dict[str, Any]:
        """What the form shows for ``record``, by field key (``None``: a new record's defaults)."""
        raise NotImplementedError

    def write(self, workspace: Workspace, record_id: int | None, values: dict[str, Any]) -> Any:
        """Add (``record_id`` None) or save the record, in the background; returns what :meth:`saved_id` reads."""
        raise NotImplementedError

    def remove(self, workspace: Workspace, record_id: int) -> None:
        """Delete the record, in the background (the Delete button shows only where a section overrides this)."""
        raise NotImplementedError

    def show_record_details(self, record: D | None) -> None:
        """Fill the header and the parts of the page that are not form fields (``None``: a new record)."""

    def form_values(self) -> dict[str, Any]:
        """The form's values as the service wants them (override to convert, e.g. a combo box's enum)."""
        return {key: self.form.value(key) for key in self.form.fields}

    def saved_id(self, result: Any) -> int:
        """The record id in what :meth:`write` returned."""
        return int(result)

    def after_save(self, result: Any, added: bool) -> None:
        """After a save worked and the record was read again (e.g. offer what follows from the change)."""

    def delete_question(self, record: D) -> str:
        return f"Delete this {self.noun}?"

    # -- building helpers --------------------------------------------------------------------------------------

    def group(self, title: str, name: str) -> tuple[QGroupBox, QFormLayout]:
        """A titled group of labelled rows, added to the body."""
        box = QGroupBox(title)
        box.setObjectName(f"{self.prefix}-{name}")
        layout = form_layout(box)
        self.body.addWidget(box)
        return box, layout

    # -- state -------------------------------------------------------------------------------------------------

    @property
    @override
    def record_id(self) -> int | None:
        return self._record_id

    @property
    @override
    def is_new(self) -> bool:
        return self._is_new

    @property
    def is_saving(self) -> bool:
        return self._saving

    @override
    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self._snapshot() != self._loaded

    def extra_state(self) -> tuple[Any, ...]:
        """What the user can change on the page besides the form's fields (a chosen logo, a list being edited),
        compared with what was loaded like the fields are. Call ``changed()`` when it changes."""
        return ()

    def changed(self) -> None:
        """Something in :meth:`extra_state` changed: update Save, Discard and the message."""
        self._update_dirty()

    def _snapshot(self) -> tuple[Any, ...]:
        return (self.form.snapshot(), self.extra_state())

    def _update_dirty(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty and not self._saving)
        self.discard_button.setEnabled((dirty or self._is_new) and not self._saving)
        if dirty:
            self._message_timer.stop()  # an edit after "Saved." is what the footer says now
        if not self._message_timer.isActive():
            self._show_dirty()
        self.edited()

    def edited(self) -> None:
        """After every edit (and after a record is shown): a part of the page that follows the typing, such as a
        checklist, updates here."""

    def _show_dirty(self) -> None:
        self.message.setText("Unsaved changes." if self.has_unsaved_changes() else "")

    def say(self, text: str) -> None:
        """A short message in the footer, for a few seconds."""
        self.message.setText(text)
        self._message_timer.start()

    def set_enabled(self, enabled: bool) -> None:
        content = self.scroll_area.widget()
        if content is not None:
            content.setEnabled(enabled)  # links and buttons on the page too, not only the form's fields
        self.form.set_enabled(enabled)
        self.save_shortcut.setEnabled(enabled)
        if not enabled:
            self.save_button.setEnabled(False)
            self.discard_button.setEnabled(False)
            self.delete_button.setEnabled(False)

    # -- showing -----------------------------------------------------------------------------------------------

    @override
    def open(self, record_id: int) -> bool:
        """Read record ``record_id`` and show it. False when it is gone (or the workspace is locked)."""
        if not self.session.is_unlocked:
            return False
        try:
            record = self.read(self.session.workspace, record_id)
        except ValidationError:
            self.clear()
            return False
        self.display(record, record_id)
        return True

    def display(self, record: D, record_id: int) -> None:
        """Show ``record`` (read already) as the saved state."""
        self.record = record
        self._record_id = record_id
        self._is_new = False
        self.form.fill(self.values(record))
        self._loaded = self._snapshot()
        self.show_record_details(record)
        self.stack.setCurrentWidget(self.details_page)
        self.set_enabled(True)
        self.delete_button.setEnabled(True)
        self._update_dirty()

    @override
    def start_new(self, values: dict[str, Any] | None = None) -> None:
        """An empty record to fill in (``values`` overrides the defaults); nothing is saved until Save."""
        self.record = None
        self._record_id = None
        self._is_new = True
        self.form.fill({**self.values(None), **(values or {})})
        self._loaded = self._snapshot()
        self.show_record_details(None)
        self.stack.setCurrentWidget(self.details_page)
        self.set_enabled(True)
        self.delete_button.setEnabled(False)
        self._update_dirty()
        self.scroll_area.verticalScrollBar().setValue(0)
        first = next(iter(self.form.fields.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    @override
    def clear(self) -> None:
        """Show nothing (no record chosen, or the workspace locked)."""
        self.record = None
        self._record_id = None
        self._is_new = False
        self.form.fill({})
        self._loaded = None
        self.title.clear()
        self.subtitle.clear()
        self.set_state("")
        self.message.clear()
        self.stack.setCurrentWidget(self.empty)
        self.set_enabled(False)

    def set_state(self, text: str) -> None:
        """The chip beside the title ("Active", "Left 31/08/2026"); hidden when empty."""
        self.state_chip.setText(text)
        self.state_chip.setAccessibleName(text)
        self.state_chip.setVisible(bool(text))

    # -- saving, discarding, deleting --------------------------------------------------------------------------

    def save(self, then: Callable[[], object] | None = None) -> bool:
        """Check and save in the background; ``saved`` follows when it worked, then ``then()``. A refused field is
        explained beside it and nothing is saved. True when a save started or there was nothing to save."""
        if not self.session.is_unlocked or self._loaded is None or self._saving:
            return False
        if not self.has_unsaved_changes() and not self._is_new:
            if then is not None:
                then()
            return True
        self.form.clear_errors()
        try:
            values = self.form_values()
        except ValidationError as exc:
            self._refused(exc)
            return False
        record_id, added = self._record_id, self._is_new

        def done(result: Any) -> None:
            saved_id = self.saved_id(result)
            log.info("%s %s %s", self.noun, saved_id, "added" if added else "saved")
            if self._record_id != record_id or self._is_new != added:
                return  # the user moved on to another record while it saved: stay there
            self._record_id = saved_id
            self.open(saved_id)
            self.say("Added." if added else "Saved.")
            self.saved.emit(saved_id)
            self.after_save(result, added)
            if then is not None:
                then()

        self._set_saving(True)
        return run_write(
            self,
            self.session,
            lambda workspace: self.write(workspace, record_id, values),
            done,
            changes=self.changes,
            on_refused=self._refused,
            on_finished=lambda: self._set_saving(False),
        )

    def _refused(self, exc: ValidationError) -> bool:
        if not self.form.show_error(exc):
            box = msgbox.warning(self, "Not saved", str(exc))
            box.setObjectName(f"{self.prefix}-refused")
        return True

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self._update_dirty()

    def discard(self) -> None:
        """Forget the changes: show the record as saved (a new one is dropped)."""
        if self._is_new or self._record_id is None:
            self.clear()
            self.closed.emit()
            return
        self.open(self._record_id)

    def which(self) -> str:
        """The record in a sentence: "this person", "the new person" ("the settings" for the one of its kind)."""
        return f"the new {self.noun}" if self._is_new else f"this {self.noun}"

    @override
    def ask_unsaved(self, proceed: Callable[[], object]) -> QMessageBox:
        """Save, Discard or Cancel before ``proceed()`` (leaving the record, the section or the app)."""
        which = self.which()
        return ask_unsaved(
            self,
            f"{self.prefix}-unsaved-question",
            f"You have changed {which} without saving. Save the changes?",
            lambda then: self.save(then),
            self.discard,
            proceed,
        )

    def delete(self) -> QMessageBox | None:
        """Ask, then delete the record in the background."""
        record, record_id = self.record, self._record_id
        if record is None or record_id is None or not self.session.is_unlocked:
            return None
        box = msgbox.ask(
            self,
            f"Delete {self.noun}",
            self.delete_question(record),
            lambda: self._delete_now(record_id),
            yes_text=f"Delete {self.noun}",
        )
        box.setObjectName(f"{self.prefix}-delete-question")
        return box

    def _delete_now(self, record_id: int) -> None:
        def refused(exc: ValidationError) -> bool:
            box = msgbox.warning(self, "Cannot delete", str(exc))
            box.setObjectName(f"{self.prefix}-delete-refused")
            return True

        def done(_result: object) -> None:
            log.info("%s %s deleted", self.noun, record_id)
            self.clear()
            self.deleted.emit(record_id)

        run_write(
            self,
            self.session,
            lambda workspace: self.remove(workspace, record_id),
            done,
            changes=self.changes,
            on_refused=refused,
        )
