"""Small widgets every screen uses: field errors, passphrase fields, the strength meter and UK date fields."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smgov.ui.frame.labels import _ERROR as _ERROR  # (re-exported: every screen takes these from here)
from smgov.ui.frame.labels import _GOOD as _GOOD
from smgov.ui.frame.labels import _WARNING as _WARNING
from smgov.ui.frame.labels import FieldError as FieldError
from smgov.ui.frame.labels import PassphraseEdit as PassphraseEdit
from smgov.ui.frame.labels import error_colour as error_colour
from smgov.ui.frame.labels import good_colour as good_colour
from smgov.ui.frame.labels import heading_label as heading_label
from smgov.ui.frame.labels import plain_label as plain_label
from smgov.ui.frame.labels import set_text_colour as set_text_colour
from smgov.ui.frame.labels import warning_colour as warning_colour
from smgov.ui.frame.operations import run_in_background
from smgov.ui.frame.overrides import override

if TYPE_CHECKING:  # (the strength checker is imported where a meter first needs it)
    from smgov.data import passphrases

UK_DATE_FORMAT = "dd/MM/yyyy"


def nothing_chosen_page(title: str, hint: str, *, name: str, framed: bool = False) -> QWidget:
    """What a details pane shows before a record is chosen: a heading and how to choose or add one."""
    page = QFrame()
    page.setFrameShape(QFrame.Shape.StyledPanel if framed else QFrame.Shape.NoFrame)
    page.setObjectName(name)
    heading = heading_label(title, name=f"{name}-title")
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = plain_label(hint, name=f"{name}-text")
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addWidget(heading)
    column.addWidget(text)
    column.addStretch(2)
    return page


def busy_bar(accessible: str, *, name: str = "", width: int | None = 90) -> QProgressBar:
    """A small "working…" bar (no percentage), hidden until work starts."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setAccessibleName(accessible)
    if width is not None:
        bar.setMaximumWidth(width)
    if name:
        bar.setObjectName(name)
    bar.hide()
    return bar


class _StrengthBar(QWidget):
    """Five segments, filled up to the score plus one (so "very weak" still shows one red segment)."""

    STEPS = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filled = 0
        self.setMinimumHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @override
    def sizeHint(self) -> QSize:
        return QSize(200, 8)

    def set_filled(self, filled: int) -> None:
        self.filled = max(0, min(self.STEPS, filled))
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = 4
        width = (self.width() - gap * (self.STEPS - 1)) / self.STEPS
        if self.filled <= 2:
            colour = error_colour(self)
        elif self.filled == 3:
            colour = warning_colour(self)
        else:
            colour = good_colour(self)
        empty = self.palette().color(QPalette.ColorRole.Mid)
        for step in range(self.STEPS):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour if step < self.filled else empty)
            painter.drawRoundedRect(int(step * (width + gap)), 0, int(width), self.height(), 2, 2)
        painter.end()


_warmed = False


def warm_strength_checker() -> None:
    """Load zxcvbn's dictionaries in the background once, so the first keystroke in a meter is not slow."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    from smgov.data import passphrases

    warm = lambda: passphrases.strength("warm up the dictionaries")  # noqa: E731
    run_in_background(None, warm, lambda _result: None, lambda _exc: None)


class StrengthMeter(QWidget):
    """How hard a new passphrase is to guess: a five-step bar, a label and advice, updated as the user types.

    Signals:
        strengthChanged(object): the new ``passphrases.Strength`` (after the short typing pause).
    """

    strengthChanged = Signal(object)
    DEBOUNCE_MS = 150

    def __init__(self, parent: QWidget | None = None, *, name: str = "strength-meter") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._passphrase = ""
        self._user_inputs: list[str] = []
        self._strength: passphrases.Strength | None = None
        self.bar = _StrengthBar()
        self.bar.setAccessibleName("Passphrase strength")
        self.label = plain_label("", wrap=False, name=f"{name}-label")
        self.feedback = plain_label("", name=f"{name}-feedback")
        self.feedback.setAccessibleName("Passphrase advice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addSpacing(8)
        row.addWidget(self.label)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("Very strong") + 4)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.update_now)
        self._show(None)
        warm_strength_checker()

    def set_user_inputs(self, words: list[str]) -> None:
        """Words a guesser would try first (the school's name): they make a passphrase weaker."""
        self._user_inputs = [w for w in words if w]
        self._strength = None
        if self._passphrase:
            self._timer.start()

    def set_passphrase(self, passphrase: str) -> None:
        """Schedule an update (the check runs once typing pauses for a moment)."""
        self._passphrase = passphrase
        self._strength = None
        self._timer.start()

    def update_now(self) -> passphrases.Strength:
        """Check at once (Next/OK use it so they never judge a stale result)."""
        self._timer.stop()
        if self._strength is None:
            from smgov.data import passphrases

            self._strength = passphrases.strength(self._passphrase, self._user_inputs)
            self._show(self._strength if self._passphrase else None)
            self.strengthChanged.emit(self._strength)
        return self._strength

    def strength(self) -> passphrases.Strength:
        return self.update_now()

    def _show(self, verdict: passphrases.Strength | None) -> None:
        from smgov.data import passphrases

        if verdict is None:
            self.bar.set_filled(0)
            self.label.setText("")
            self.feedback.setText(
                f"Use at least {passphrases.MIN_LENGTH} characters: three or four unrelated words work well."
            )
            self.bar.setAccessibleDescription("No passphrase yet")
            return
        self.bar.set_filled(verdict.score + 1)
        self.label.setText(verdict.label)
        self.bar.setAccessibleDescription(verdict.label)
        if verdict.acceptable:
            set_text_colour(self.label, good_colour(self))
            self.feedback.setText(verdict.feedback or "Good: this passphrase is hard to guess.")
        else:
            set_text_colour(self.label, error_colour(self) if verdict.score < 2 else warning_colour(self))
            self.feedback.setText(verdict.feedback or "Add another word or two.")


class DateField(QWidget):
    """A UK date (dd/mm/yyyy) with a calendar; optional fields have a tick box for "no date".

    Signals:
        dateChanged(object): the new date, or None when it is not set.
    """

    dateChanged = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        accessible_name: str = "Date",
        optional: bool = False,
        set_text: str = "Set a date",
        name: str = "",
        default: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(UK_DATE_FORMAT)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setDate(_qdate(default or dt.date.today()))
        self.edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel
        self.check: QCheckBox | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if optional:
            self.check = QCheckBox(set_text)
            self.check.setAccessibleName(f"{accessible_name}: {set_text.lower()}")
            self.check.setChecked(default is not None)
            self.check.toggled.connect(self._toggled)
            layout.addWidget(self.check)
            self.edit.setEnabled(default is not None)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        if name:
            self.setObjectName(name)
            self.edit.setObjectName(f"{name}-edit")
            if self.check is not None:
                self.check.setObjectName(f"{name}-set")
        self.setFocusProxy(self.check or self.edit)
        self.edit.dateChanged.connect(lambda _d: self.dateChanged.emit(self.date()))

    def _toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        self.dateChanged.emit(self.date())

    def is_set(self) -> bool:
        return self.check is None or self.check.isChecked()

    def date(self) -> dt.date | None:
        if not self.is_set():
            return None
        value = self.edit.date()
        return dt.date(value.year(), value.month(), value.day())

    def setDate(self, value: dt.date | None) -> None:
        if value is None:
            if self.check is None:
                raise ValueError("this date field must have a date")
            self.check.setChecked(False)
            return
        self.edit.setDate(_qdate(value))
        if self.check is not None:
            self.check.setChecked(True)


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class BusyDialog(QDialog):
    """A small window-modal "working…" box with an indeterminate bar, for work the user waits for (backup, verify).

    It cannot be cancelled: the work it covers finishes in seconds and must not be left half done. Close it with
    :meth:`finish`.
    """

    def __init__(self, parent: QWidget | None, title: str, text: str) -> None:
        super().__init__(parent)
        self.setObjectName("busy-dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        self.label = plain_label(text, name="busy-text")
        layout.addWidget(self.label)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setAccessibleName(title)
        layout.addWidget(bar)
        self.resize(420, self.sizeHint().height())
        self._finished = False

    def finish(self) -> None:
        self._finished = True
        self.close()

    @override
    def reject(self) -> None:
        if self._finished:
            super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._finished:
            event.ignore()
            return
        super().closeEvent(event)
