"""The Reports section's chooser: the period the pack covers (this term, last term, this academic year, a term, an
academic year or dates) and its audience (SLT or governors), with the dates the period covers and the period it is
compared with, and a wrong choice's message beside its field.

It holds no data: :meth:`PeriodChooser.request` is the :class:`~smgov.documents.pack.PackRequest` chosen, and the
view shows the periods the service resolved (:meth:`PeriodChooser.show_periods`) or its refusal
(:meth:`PeriodChooser.show_error`).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smgov.data.errors import ValidationError
from smgov.data.terms import FIRST_YEAR, LAST_YEAR, TERMS, Term, academic_year_label, academic_year_of
from smgov.documents.pack import PackRequest
from smgov.reports.pack.model import Audience, Period
from smgov.ui.frame.forms import RecordForm, form_layout, hint_label, stacked
from smgov.ui.frame.widgets import plain_label

PERIODS = (
    ("This term", "this-term"),
    ("Last term", "last-term"),
    ("This academic year", "this-year"),
    ("A term", "term"),
    ("An academic year", "year"),
    ("Dates", "dates"),
)
YEARS_BACK, YEARS_AHEAD = 6, 1  # the academic years offered, around this one
# The days a period of dates may run between, as the service takes them. A calendar's own range (1752 to 9999) let a
# period start so early that the period before it fell off the calendar: an unexpected error.
EARLIEST, LATEST = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
GOVERNORS_NOTE = (
    "The governors' version names no pupil and no member of staff, lists no rows, and shows any count under 5 as "
    "“fewer than 5”."
)


def uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def covers_text(period: Period) -> str:
    """ "Autumn term 2026: 01/09/2026 to 03/01/2027" (dates chosen by the user are said once)."""
    span = f"{uk(period.start)} to {uk(period.end)}"
    return span if period.label == span else f"{period.label}: {span}"


class PeriodChooser(QWidget):
    """The period and audience of the pack.

    Signals:
        changed(): the user changed a choice (the view rebuilds the pack after a short pause).
    """

    changed = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports-chooser")
        self.today = today
        form = self.form = RecordForm("reports", on_change=self._edited)
        this_year = academic_year_of(today)
        self.period = form.combo("period", "Period", PERIODS)
        self.term = form.combo("term", "Term", [(term.label, term.value) for term in TERMS])
        years = range(this_year + YEARS_AHEAD, this_year - YEARS_BACK - 1, -1)
        self.year = form.combo("academic_year", "Academic year", [(academic_year_label(y), y) for y in years])
        self.start = form.date("start", "From", optional=False)
        self.end = form.date("end", "To", optional=False)
        for field in (self.start, self.end):
            field.edit.setDateRange(QDate(EARLIEST.year, EARLIEST.month, EARLIEST.day), QDate(LATEST.year, 12, 31))
        form.fill(
            {
                "period": "this-term",
                "term": Term.AUTUMN.value,
                "academic_year": this_year,
                "start": dt.date(this_year, 9, 1),
                "end": today,
            }
        )

        period_box = QGroupBox("Period")
        period_box.setObjectName("reports-period-group")
        rows = self.rows = form_layout()
        self.period_caption = form.add_row(rows, "&Period", "period")
        term_row = QHBoxLayout()
        term_row.setContentsMargins(0, 0, 0, 0)
        term_row.addWidget(self.term)
        year_caption = QLabel("of")
        year_caption.setBuddy(self.year)
        term_row.addWidget(year_caption)
        self.year_caption = year_caption
        term_row.addWidget(self.year)
        term_row.addStretch(1)
        self.term_box = stacked(None, form.errors["term"], layout=term_row, extra=form.errors["academic_year"])
        self.term_caption = QLabel("&Term")
        self.term_caption.setBuddy(self.term)
        rows.addRow(self.term_caption, self.term_box)
        self.start_caption = form.add_row(rows, "&From", "start")
        self.end_caption = form.add_row(rows, "&To", "end")

        self.covers = plain_label("", name="reports-covers")
        self.covers.setAccessibleName("The report covers")
        self.note = hint_label("", "reports-period-note")
        self.compared = hint_label("", "reports-compared")
        column = QVBoxLayout(period_box)
        column.addLayout(rows)
        for label in (self.covers, self.note, self.compared):
            column.addWidget(label)

        audience_box = QGroupBox("Who it is for")
        audience_box.setObjectName("reports-audience-group")
        self.slt = QRadioButton("&SLT (Senior Leadership Team)")
        self.slt.setObjectName("reports-audience-slt")
        self.governors = QRadioButton("&Governors")
        self.governors.setObjectName("reports-audience-governors")
        self.slt.setChecked(True)
        self.audiences = QButtonGroup(self)
        self.audiences.addButton(self.slt)
        self.audiences.addButton(self.governors)
        self.governors.toggled.connect(lambda _on: self._edited())
        self.governors_note = hint_label(GOVERNORS_NOTE, "reports-governors-note")
        audience_column = QVBoxLayout(audience_box)
        audience_column.addWidget(self.slt)
        audience_column.addWidget(self.governors)
        audience_column.addWidget(self.governors_note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(period_box)
        layout.addWidget(audience_box)
        self._show_rows()

    # -- the choice ------------------------------------------------------------------------------------------------

    def which(self) -> str:
        return str(self.period.currentData())

    def audience(self) -> Audience:
        return Audience.GOVERNORS if self.governors.isChecked() else Audience.SLT

    def request(self) -> PackRequest:
        which = self.which()
        term = Term(self.term.currentData()) if which == "term" else None
        year = int(self.year.currentData()) if which in ("term", "year") else None
        dates = which == "dates"
        return PackRequest(
            which,
            self.audience(),
            term=term,
            academic_year=year,
            start=self.start.date() if dates else None,
            end=self.end.date() if dates else None,
        )

    def choose(
        self,
        which: str,
        *,
        term: Term | None = None,
        academic_year: int | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        audience: Audience | None = None,
    ) -> None:
        """Make a choice as the user would (tests and a remembered choice): one ``changed`` for all of it."""
        self.form.fill(
            {
                "period": which,
                "term": term.value if term is not None else self.term.currentData(),
                "academic_year": academic_year or self.year.currentData(),
                "start": start or self.start.date(),
                "end": end or self.end.date(),
            }
        )
        if audience is not None:
            (self.governors if audience is Audience.GOVERNORS else self.slt).setChecked(True)
        self._edited()

    def _edited(self) -> None:
        self._show_rows()
        self.form.clear_errors()
        self.changed.emit()

    def _show_rows(self) -> None:
        which = self.which()
        self.rows.setRowVisible(self.term_box, which in ("term", "year"))
        self.term_caption.setText("&Year" if which == "year" else "&Term")
        self.term_caption.setBuddy(self.year if which == "year" else self.term)
        self.term.setVisible(which == "term")
        self.year_caption.setVisible(which == "term")
        for field in (self.start, self.end):
            box = field.parentWidget()  # the field with its error under it: the row's field
            if box is not None:
                self.rows.setRowVisible(box, which == "dates")

    # -- what the service made of it -------------------------------------------------------------------------------

    def show_periods(self, period: Period, previous: Period) -> None:
        self.form.clear_errors()
        self.covers.setText(covers_text(period))
        self.note.setText(period.note)
        self.note.setVisible(bool(period.note))
        self.compared.setText(f"Compared with {covers_text(previous)}")
        self.compared.setVisible(True)

    def show_error(self, exc: ValidationError) -> bool:
        """The service's refusal beside its field (False when no field here has that name: the view says it)."""
        self.covers.setText("")
        self.note.setVisible(False)
        self.compared.setVisible(False)
        return self.form.show_error(exc)

    def error_text(self) -> str:
        """The message shown beside a field ("" when none)."""
        return next((error.message for error in self.form.errors.values() if error.message), "")
