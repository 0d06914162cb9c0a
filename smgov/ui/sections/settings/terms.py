"""Term dates on the settings page: each academic year's three terms, England's usual dates unless the school sets
its own. Edits are kept per year and saved with the rest of the page; a wrong date is explained beside its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from smgov.data.errors import ValidationError
from smgov.data.terms import TERMS, Term, TermDates, academic_year_label, academic_year_of, usual_terms
from smgov.ui.frame.forms import RecordForm, button, hint_label
from smgov.ui.frame.widgets import DateField, plain_label

Dates = tuple[tuple[Term, dt.date, dt.date], ...]
YearState = tuple[bool, Dates]  # (the school's own dates?, the three terms)
TermChange = tuple[int, Dates | None]  # (academic year, its dates; None: back to England's usual ones)

FIELDS = ("starts_on", "ends_on")


def error_key(term: Term, field: str) -> str:
    """The form's error beside a term's date: "terms.autumn.starts_on"."""
    return f"terms.{term.value}.{field}"


def _state(terms: list[TermDates]) -> YearState:
    return any(t.custom for t in terms), tuple((t.term, t.starts_on, t.ends_on) for t in terms)


class TermDatesGroup(QGroupBox):
    """The year chooser, a first and last day for each term, and "Reset to England's usual dates"."""

    def __init__(self, form: RecordForm, on_change: Callable[[], None]) -> None:
        super().__init__("Term dates")
        self.setObjectName("settings-terms")
        self._on_change = on_change
        self._filling = False
        self.saved: dict[int, YearState] = {}
        self.wanted: dict[int, YearState] = {}
        column = QVBoxLayout(self)
        column.addWidget(
            hint_label(
                "The first and last teaching days of each term. Reports for “this term” cover a term and the holiday "
                "after it. Until you change them these are England's usual dates; check them against your local "
                "authority's or trust's."
            )
        )
        chooser = QHBoxLayout()
        self.year = QComboBox()
        self.year.setObjectName("settings-terms-year")
        self.year.setAccessibleName("Academic year")
        self.year.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel
        self.year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year.currentIndexChanged.connect(self._show_year)
        caption = QLabel("&Academic year")
        caption.setBuddy(self.year)
        chooser.addWidget(caption)
        chooser.addWidget(self.year)
        self.source = plain_label("", name="settings-terms-source")
        chooser.addWidget(self.source, 1)
        self.reset_button = button(
            "Reset to England's usual dates", "settings-terms-reset", "Reset this year's term dates to England's usual"
        )
        self.reset_button.clicked.connect(self.reset)
        chooser.addWidget(self.reset_button)
        column.addLayout(chooser)

        grid = QGridLayout()
        grid.setColumnStretch(3, 1)
        grid.addWidget(plain_label("First day"), 0, 1)
        grid.addWidget(plain_label("Last day"), 0, 2)
        self.fields: dict[tuple[Term, str], DateField] = {}
        for row, term in enumerate(TERMS, start=1):
            grid.addWidget(plain_label(term.label), row * 2 - 1, 0)
            for col, field in enumerate(FIELDS, start=1):
                which = "first" if field == "starts_on" else "last"
                date = DateField(
                    accessible_name=f"{term.label}: {which} day",
                    name=f"settings-terms-{term.value}-{field.replace('_', '-')}",
                )
                date.dateChanged.connect(self._edited)
                self.fields[term, field] = date
                grid.addWidget(date, row * 2 - 1, col)
                # The message under the field, as wide as the group allows (one shows at a time).
                grid.addWidget(form.add_error(error_key(term, field), date), row * 2, col, 1, 4 - col)
        column.addLayout(grid)

    # -- showing -------------------------------------------------------------------------------------------------

    def set_years(self, years: dict[int, list[TermDates]], current: int) -> None:
        """Show the saved dates of ``years`` (no edits), on ``current`` when it is one of them."""
        self.saved = {year: _state(terms) for year, terms in years.items()}
        self.wanted = dict(self.saved)
        self._filling = True
        try:
            self.year.clear()
            for year in sorted(self.saved):
                self.year.addItem(academic_year_label(year), year)
            self.year.setCurrentIndex(max(0, self.year.findData(current)))
        finally:
            self._filling = False
        self._show_year()

    def clear(self) -> None:
        self.set_years({}, 0)

    def current_year(self) -> int | None:
        data = self.year.currentData()
        return int(data) if data is not None else None

    def choose_year(self, year: int) -> None:
        self.year.setCurrentIndex(max(0, self.year.findData(year)))

    def _show_year(self, *_args: object) -> None:
        year = self.current_year()
        state = self.wanted.get(year) if year is not None else None
        filling, self._filling = self._filling, True
        try:
            for term, start, end in state[1] if state else ():
                self.fields[term, "starts_on"].setDate(start)
                self.fields[term, "ends_on"].setDate(end)
        finally:
            self._filling = filling
        self.source.setText(
            ""
            if state is None
            else "Your school's own dates."
            if state[0]
            else "England's usual dates (approximate: check them)."
        )
        self.reset_button.setEnabled(state is not None and state[0])

    # -- editing -------------------------------------------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        year = self.current_year()
        if self._filling or year is None:
            return
        typed = tuple(
            (
                term,
                self.fields[term, "starts_on"].date() or dt.date.min,
                self.fields[term, "ends_on"].date() or dt.date.min,
            )
            for term in TERMS
        )
        saved = self.saved.get(year)
        self.wanted[year] = saved if saved is not None and saved[1] == typed else (True, typed)
        self._show_year()
        self._on_change()

    def reset(self) -> None:
        """This year back to England's usual dates (saved with the page)."""
        year = self.current_year()
        if year is None:
            return
        self.wanted[year] = _state(usual_terms(year))
        self._show_year()
        self._on_change()

    # -- saving --------------------------------------------------------------------------------------------------

    def state(self) -> tuple[tuple[int, YearState], ...]:
        """What is being edited, to compare with what was loaded."""
        return tuple(sorted(self.wanted.items()))

    def changes(self) -> list[TermChange]:
        """The years whose dates change, each checked; a wrong date shows its year and is refused by its field."""
        from smgov.data.services.terms import check_term_dates

        found: list[TermChange] = []
        for year, (custom, dates) in sorted(self.wanted.items()):
            if (custom, dates) == self.saved.get(year):
                continue
            if not custom:
                found.append((year, None))
                continue
            try:
                checked = check_term_dates(year, dates)
            except ValidationError as exc:
                self.choose_year(year)
                raise ValidationError(str(exc), field=f"terms.{exc.field}") from None
            found.append((year, tuple(checked)))
        return found


def years_to_show(today: dt.date, custom: list[int]) -> list[int]:
    """This academic year and next, and any year with the school's own dates."""
    this = academic_year_of(today)
    return sorted({this, this + 1, *custom})
