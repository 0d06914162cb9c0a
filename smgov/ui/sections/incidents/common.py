"""What every part of the incidents section shares: words for times and deadlines, markers, small builders, the
date-and-time field and the base of the small step dialogs (record an action, correct it, change the status, ...).

Times are shown on the school's clock (Europe/London), as the services work them out, in UK format.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate, QPointF, QRectF, Qt, QTime, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data import calendar
from smgov.data.errors import ValidationError
from smgov.data.models import IncidentCategory, IncidentStatus
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.widgets import FieldError, heading_label, plain_label, warning_colour
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

AREA = "incidents"
"""The ``session.changed`` area this section announces and listens to."""

SHORT_CATEGORY = {
    IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT: "Abuse on a school account",
    IncidentCategory.CYBERBULLYING: "Cyberbullying",
    IncidentCategory.STAFF_CONDUCT: "Staff conduct online",
    IncidentCategory.PARENT_POST: "Parent post",
    IncidentCategory.INAPPROPRIATE_CONTENT: "Inappropriate content on a school device",
    IncidentCategory.DATA_PROTECTION_BREACH: "Data protection breach",
    IncidentCategory.ACCOUNT_COMPROMISE: "Account compromise or impersonation",
    IncidentCategory.OTHER: "Other",
}
STATUS_ORDER = {status: position for position, status in enumerate(IncidentStatus)}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def school_time_text(moment: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM on the school's clock ("" for None)."""
    return calendar.format_school_time(moment)


def response_text(
    due_at: dt.datetime | None,
    first_response_at: dt.datetime | None,
    status: IncidentStatus,
    now: dt.datetime,
) -> str:
    """Where the response stands, in a few words: "Due in 3 h 20 min", "Overdue by 1 day 2 h", "Responded"."""
    if first_response_at is not None:
        late = due_at is not None and first_response_at > due_at
        return "Responded late" if late else "Responded"
    if status is IncidentStatus.CLOSED:
        return "Closed, no response"
    if due_at is None:
        return ""
    left = calendar.describe_time_left(due_at, now)
    if left.startswith("overdue by "):
        return "Overdue by " + left.removeprefix("overdue by ")
    return "Due in " + left.removesuffix(" left")


def is_overdue(
    due_at: dt.datetime | None, first_response_at: dt.datetime | None, status: IncidentStatus, now: dt.datetime
) -> bool:
    return first_response_at is None and status is not IncidentStatus.CLOSED and due_at is not None and now > due_at


# -- markers (an icon beside words, never colour alone) -----------------------------------------------------------


def _palette_colour(role: QPalette.ColorRole) -> QColor:
    return QApplication.palette().color(role)


def _is_dark() -> bool:
    return _palette_colour(QPalette.ColorRole.Window).lightness() < 128


def safeguarding_pixmap(size: int, ratio: float = 1.0) -> QPixmap:
    """A shield with an exclamation mark, in the warning amber that reads on light and dark windows."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    amber = QColor("#c77700") if not _is_dark() else QColor("#ffc857")
    s = float(size)
    shield = QPainterPath()
    shield.moveTo(s * 0.5, s * 0.06)
    shield.lineTo(s * 0.88, s * 0.2)
    shield.cubicTo(s * 0.88, s * 0.58, s * 0.72, s * 0.8, s * 0.5, s * 0.95)
    shield.cubicTo(s * 0.28, s * 0.8, s * 0.12, s * 0.58, s * 0.12, s * 0.2)
    shield.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(amber)
    painter.drawPath(shield)
    mark = QColor("#ffffff") if not _is_dark() else QColor("#1f1f1f")
    pen = QPen(mark, max(1.5, s * 0.12))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(s * 0.5, s * 0.28), QPointF(s * 0.5, s * 0.56))
    painter.drawPoint(QPointF(s * 0.5, s * 0.74))
    painter.end()
    return pixmap


def clock_pixmap(size: int, colour: QColor, ratio: float = 1.0) -> QPixmap:
    """A small clock face in ``colour``: a response is due."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    pen = QPen(colour, max(1.4, s * 0.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(s * 0.1, s * 0.1, s * 0.8, s * 0.8))
    painter.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.5, s * 0.26))
    painter.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.68, s * 0.6))
    painter.end()
    return pixmap


_icons: dict[tuple[str, bool], QIcon] = {}


def marker_icon(kind: str) -> QIcon:
    """ "safeguarding", "overdue" or "due" (cached per light or dark palette)."""
    key = (kind, _is_dark())
    icon = _icons.get(key)
    if icon is None:
        icon = QIcon()
        if kind == "safeguarding":
            for size in (16, 24, 32):
                icon.addPixmap(safeguarding_pixmap(size))
        elif kind == "overdue":
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        else:
            colour = QColor("#8a5300") if not _is_dark() else QColor("#ffc857")
            for size in (16, 24, 32):
                icon.addPixmap(clock_pixmap(size, colour))
        _icons[key] = icon
    return icon


def marker_label(kind: str, text: str, name: str) -> QWidget:
    """An icon and words side by side (a chip in the details header)."""
    box = QWidget()
    box.setObjectName(name)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    icon = QLabel()
    icon.setPixmap(marker_icon(kind).pixmap(16, 16))
    words = plain_label(text, wrap=False, name=f"{name}-text")
    row.addWidget(icon)
    row.addWidget(words)
    box.setAccessibleName(text)
    return box


def forget(widget: QWidget) -> None:
    """Empty a widget that is on its way out (deleted later), so none of its text can be found meanwhile."""
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            child.clear()
        elif isinstance(child, QAbstractButton):
            child.setText("")
        child.setAccessibleName("")
        child.setToolTip("")
    widget.hide()
    widget.deleteLater()


# -- small builders ------------------------------------------------------------------------------------------------


def button(text: str, name: str, tooltip: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAccessibleName(text.replace("&", "").rstrip("…"))
    widget.setAutoDefault(False)
    if tooltip:
        widget.setToolTip(tooltip)
    return widget


def line_edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def text_edit(name: str, accessible: str, lines: int = 4, placeholder: str = "", grow: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    line = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(line * lines + 14)
    if grow >= 0:
        edit.setMaximumHeight(line * (lines + grow) + 14)
    return edit


def hint(text: str, name: str = "") -> QLabel:
    label = plain_label(text, name=name)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def stacked(widget: QWidget | None, error: FieldError, hint_text: str = "", layout: Any = None) -> QWidget:
    """A field with its hint and error under it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if widget is not None:
        column.addWidget(widget)
    if layout is not None:
        column.addLayout(layout)
    if hint_text:
        column.addWidget(hint(hint_text))
    column.addWidget(error)
    return box


def value_label(name: str, accessible: str) -> QLabel:
    """A read-only value in the details pane: plain text, selectable, wrapped."""
    label = plain_label("", name=name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def warning_label(text: str, name: str) -> QLabel:
    """A caution in the warning amber, with a warning sign in front (the words say it, not only the colour)."""
    label = plain_label(f"⚠ {text}", name=name)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, warning_colour(label))
    label.setPalette(palette)
    return label


def key_person_name(workspace: Any, role: Any) -> str:
    """A key person's name from settings ("" when none is named or it cannot be read)."""
    from smgov.data.services import school

    try:
        person = school.key_people(workspace).get(role)
    except Exception:  # noqa: BLE001 - a default name is a convenience; the form works without it
        log.exception("key people could not be read")
        return ""
    return person.name if person is not None else ""


# -- a date and a time -------------------------------------------------------------------------------------------


class DateTimeField(QWidget):
    """A date (dd/mm/yyyy) and a time (HH:MM) on the school's clock, with a Now button.

    Signals:
        changed(): the date or time was changed.
    """

    changed = Signal()

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName(f"{name}-date")
        self.date_edit.setAccessibleName(f"{accessible}: date")
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.time_edit = QTimeEdit()
        self.time_edit.setObjectName(f"{name}-time")
        self.time_edit.setAccessibleName(f"{accessible}: time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.now_button = QPushButton("Now")
        self.now_button.setObjectName(f"{name}-now")
        self.now_button.setAccessibleName(f"{accessible}: now")
        self.now_button.setAutoDefault(False)
        self.now_button.setToolTip("Set to the date and time now")
        self.now_button.clicked.connect(self.set_now)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.now_button)
        row.addStretch(1)
        self.setFocusProxy(self.date_edit)
        self.date_edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.time_edit.timeChanged.connect(lambda _t: self.changed.emit())
        self.set_now()

    def set_now(self) -> None:
        self.set_value(utcnow())

    def set_value(self, moment: dt.datetime) -> None:
        local = calendar.school_time(moment)
        self.date_edit.setDate(QDate(local.year, local.month, local.day))
        self.time_edit.setTime(QTime(local.hour, local.minute))

    def wall_clock(self) -> tuple[dt.date, dt.time]:
        day, time = self.date_edit.date(), self.time_edit.time()
        return dt.date(day.year(), day.month(), day.day()), dt.time(time.hour(), time.minute())

    def value(self) -> dt.datetime:
        """The moment chosen, as an aware UTC datetime."""
        day, time = self.wall_clock()
        return calendar.at_school_time(day, time).astimezone(dt.UTC)


# -- a small dialog for one step ------------------------------------------------------------------------------------


class StepDialog(QDialog):
    """A small form for one step (record an action, correct it, change the status, ...). The service checks it; a
    refusal shows beside its field, or at the top when it is about the incident as a whole. Esc cancels.

    Signals:
        recorded(object): the step was saved (whatever the service returned).
    """

    recorded = Signal(object)
    ok_text = "Save"

    def __init__(self, parent: QWidget, session: AppSession, title: str, intro: str, *, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.session = session
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self.field_aliases: dict[str, str] = {}

        self.title_label = heading_label(title, name=f"{name}-title")
        self.intro = plain_label(intro, name=f"{name}-intro")
        if not intro:
            self.intro.hide()  # (never show() a widget before it has a parent: it would open as a window)
        self.problem = FieldError(name=f"{name}-problem")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(10)
        self.form.setHorizontalSpacing(14)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.ok_text)
        self.ok_button.setObjectName(f"{name}-ok")
        self.ok_button.setAccessibleName(self.ok_text)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName(f"{name}-cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def add_field(self, key: str, label: str, widget: QWidget, hint_text: str = "", *, layout: Any = None) -> None:
        error = FieldError(for_widget=widget, name=f"{self.objectName()}-error-{key}")
        self.errors[key] = error
        self.fields[key] = widget
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, stacked(None if layout is not None else widget, error, hint_text, layout))

    def record(self) -> Any:
        """Call the service (subclasses); raise ValidationError for what it refuses."""
        raise NotImplementedError

    def save(self) -> bool:
        self.problem.clear()
        for error in self.errors.values():
            error.clear()
        if not self.session.is_unlocked:
            return False
        try:
            result = self.record()
        except ValidationError as exc:
            key = self.field_aliases.get(exc.field or "", exc.field or "")
            field_error = self.errors.get(key)
            if field_error is None:
                self.problem.show_error(str(exc))
            else:
                field_error.show_error(str(exc))
                self.fields[key].setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        log.info("incident step saved: %s", type(self).__name__)
        self.recorded.emit(result)
        self.accept()
        return True

    @override
    def sizeHint(self) -> Any:
        hint_size = super().sizeHint()
        hint_size.setWidth(max(hint_size.width(), 600))
        return hint_size
