"""The filters above a list (a drop-down, a date), each giving the row test the list's proxy applies.

:class:`~smgov.ui.frame.section.ListSection` reads them through :meth:`Filter.predicate`; "show me that record"
clears them with :meth:`Filter.reset`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget
from typing_extensions import override

Predicate = Callable[[Any], bool]


class Filter:
    """A filter above the list: a field whose value gives the row test (None: every row).

    Subclasses say how to read the field, when it changes and how to show everything again ("show me that record"
    clears the filters that hide it).
    """

    def __init__(self, label: str, widget: QWidget, predicate_for: Callable[[Any], Predicate | None], stretch: int):
        self.label = label
        self.widget = widget
        self.predicate_for = predicate_for
        self.stretch = stretch
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel

    def value(self) -> object:
        raise NotImplementedError

    def on_change(self, callback: Callable[[], None]) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError

    def predicate(self) -> Predicate | None:
        return self.predicate_for(self.value())


class ChoiceFilter(Filter):
    """A drop-down of choices; ``reset_to`` is the index that shows everything."""

    def __init__(
        self,
        label: str,
        combo: QComboBox,
        predicate_for: Callable[[Any], Predicate | None],
        *,
        stretch: int = 1,
        reset_to: int = 0,
    ) -> None:
        super().__init__(label, combo, predicate_for, stretch)
        self.combo = combo
        self.reset_to = reset_to

    @override
    def value(self) -> object:
        return self.combo.currentData()

    @override
    def on_change(self, callback: Callable[[], None]) -> None:
        self.combo.currentIndexChanged.connect(lambda _index: callback())

    @override
    def reset(self) -> None:
        self.combo.setCurrentIndex(self.reset_to)


class DateFilter(Filter):
    """A date that reads "Any" until one is chosen (the field's minimum date means no limit)."""

    def __init__(
        self, label: str, name: str, accessible: str, predicate_for: Callable[[Any], Predicate | None]
    ) -> None:
        self.edit = QDateEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(accessible)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(QDate(2000, 1, 1))
        self.edit.setSpecialValueText("Any")
        self.edit.setDate(self.edit.minimumDate())
        self.edit.setMinimumWidth(120)
        super().__init__(label, self.edit, predicate_for, 0)

    @override
    def value(self) -> dt.date | None:
        if self.edit.date() == self.edit.minimumDate():
            return None
        chosen = self.edit.date()
        return dt.date(chosen.year(), chosen.month(), chosen.day())

    @override
    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.dateChanged.connect(lambda _date: callback())

    @override
    def reset(self) -> None:
        self.edit.setDate(self.edit.minimumDate())


def choice_filter(
    label: str,
    name: str,
    accessible: str,
    choices: Sequence[tuple[str, object]],
    predicate_for: Callable[[Any], Predicate | None],
    *,
    reset_to: int = 0,
    initial: int = 0,
) -> ChoiceFilter:
    """A :class:`ChoiceFilter` from (text, data) choices."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for text, data in choices:
        combo.addItem(text, data)
    combo.setCurrentIndex(initial)
    return ChoiceFilter(label, combo, predicate_for, reset_to=reset_to)
