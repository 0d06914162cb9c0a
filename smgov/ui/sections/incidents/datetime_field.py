"""A date (dd/mm/yyyy) and a time (HH:MM) on the school's clock, with a Now button: when an incident was received,
when an action was done, when the DSL acknowledged a concern."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QTimeEdit, QWidget

from smgov.data import calendar
from smgov.ui.frame.forms import button
from smgov.ui.sections.incidents.common import utcnow


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
        self.date_edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the mouse wheel never changes it unfocused
        self.time_edit = QTimeEdit()
        self.time_edit.setObjectName(f"{name}-time")
        self.time_edit.setAccessibleName(f"{accessible}: time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.now_button = button("Now", f"{name}-now", f"{accessible}: now", "Set to the date and time now")
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
