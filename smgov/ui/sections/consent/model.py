"""The consent register as a grid: one row per pupil, one column per purpose, each status as a symbol and a word.

The grid is worked out once per load (off the UI thread); filters and the search then run in memory over the
prepared rows, so a keystroke stays well under 50 ms with 10,000 pupils (benchmarks/consent_grid.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from typing_extensions import override

from smgov.data.models.consent import ConsentStatus
from smgov.data.services.consent import PurposeRow, Standing
from smgov.data.services.pupils import PupilRow, year_order
from smgov.ui.frame.tables import AnyIndex, Column, PreparedRows, RowTableModel

SYMBOLS = {
    ConsentStatus.GRANTED: "✓",
    ConsentStatus.RESTRICTED: "✓*",
    ConsentStatus.REFUSED: "✗",
    ConsentStatus.NOT_RETURNED: "–",
}
SHORT_WORDS = {
    ConsentStatus.GRANTED: "Granted",
    ConsentStatus.RESTRICTED: "Restricted",
    ConsentStatus.REFUSED: "Refused",
    ConsentStatus.NOT_RETURNED: "Not returned",
}
# Sorting a purpose's column puts those that may not be used first.
STATUS_ORDER = {
    ConsentStatus.NOT_RETURNED: 0,
    ConsentStatus.REFUSED: 1,
    ConsentStatus.RESTRICTED: 2,
    ConsentStatus.GRANTED: 3,
}
ALLOWING = frozenset({ConsentStatus.GRANTED, ConsentStatus.RESTRICTED})
GRANTED_ONLY = frozenset({ConsentStatus.GRANTED})
NEVER_PUBLISH_TEXT = "⊘ Never publish"


def status_text(status: ConsentStatus) -> str:
    """ "✓ Granted", "✗ Refused", "– Not returned", "✓* Restricted": a symbol and a word, never colour alone."""
    return f"{SYMBOLS[status]} {SHORT_WORDS[status]}"


def standing_text(standing: Standing) -> str:
    return status_text(standing.status)


@dataclass(frozen=True)
class GridRow:
    """A pupil and their standing for each purpose of the grid (in the grid's purpose order)."""

    pupil: PupilRow
    standings: tuple[Standing, ...]
    statuses: frozenset[ConsentStatus] = field(init=False)  # worked out once: the filters test it per keystroke

    def __post_init__(self) -> None:
        object.__setattr__(self, "statuses", frozenset(s.status for s in self.standings))

    @property
    def id(self) -> int:
        return self.pupil.id

    def has(self, status: ConsentStatus) -> bool:
        return status in self.statuses

    @property
    def not_given(self) -> bool:
        """Some purpose is refused or not returned."""
        return not self.statuses <= ALLOWING

    @property
    def all_granted(self) -> bool:
        return self.statuses <= GRANTED_ONLY


class GridRows(list[GridRow]):
    """The rows of one load, and the purposes (columns) and academic year they are for."""

    def __init__(self, rows: Sequence[GridRow], purposes: Sequence[PurposeRow], year: int, on: dt.date) -> None:
        super().__init__(rows)
        self.purposes = tuple(purposes)
        self.year = year
        self.on = on


@dataclass(frozen=True)
class PreparedGrid(PreparedRows[GridRow]):
    columns: tuple[Column[GridRow], ...]
    purposes: tuple[PurposeRow, ...]


def _roll_text(pupil: PupilRow) -> str:
    return "" if pupil.on_roll else "Off roll"


FIXED_COLUMNS: tuple[Column[GridRow], ...] = (
    Column[GridRow](
        "Name",
        lambda r: f"{r.pupil.legal_last_name}, {r.pupil.first_name}",
        sort_key=lambda r: (r.pupil.legal_last_name.casefold(), r.pupil.first_name.casefold()),
        width=20,
    ),
    Column[GridRow]("Adm. no.", lambda r: r.pupil.admission_number, width=8),
    Column[GridRow](
        "Year",
        lambda r: r.pupil.year_group,
        sort_key=lambda r: (year_order(r.pupil.year_group), r.pupil.year_group, r.pupil.class_name),
        width=8,
    ),
    Column[GridRow]("Class", lambda r: r.pupil.class_name, width=6),
    Column[GridRow](
        "Never publish",
        lambda r: NEVER_PUBLISH_TEXT if r.pupil.never_publish else "",
        sort_key=lambda r: not r.pupil.never_publish,
        searchable=False,
        width=15,
    ),
)
NAME, ADMISSION, YEAR, CLASS, NEVER = range(len(FIXED_COLUMNS))


def purpose_column(position: int, purpose: PurposeRow) -> Column[GridRow]:
    def text(row: GridRow) -> str:
        return status_text(row.standings[position].status)

    def key(row: GridRow) -> int:
        return STATUS_ORDER[row.standings[position].status]

    return Column[GridRow](purpose.label, text, sort_key=key, searchable=False, width=13)


def grid_columns(purposes: Sequence[PurposeRow]) -> tuple[Column[GridRow], ...]:
    return (*FIXED_COLUMNS, *(purpose_column(n, p) for n, p in enumerate(purposes)))


class ConsentGridModel(RowTableModel[GridRow]):
    """Pupils × purposes. The purpose columns come with each load (they are edited in Settings)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, FIXED_COLUMNS)
        self.purposes: tuple[PurposeRow, ...] = ()

    @override
    def prepare(self, rows: Sequence[GridRow]) -> PreparedGrid:
        purposes = rows.purposes if isinstance(rows, GridRows) else self.purposes
        columns = grid_columns(purposes)
        text = [tuple(column.text(row) for column in columns) for row in rows]
        haystacks = [self.haystack(row, cells) for row, cells in zip(rows, text, strict=True)]
        return PreparedGrid(list(rows), text, haystacks, columns, tuple(purposes))

    @override
    def haystack(self, row: GridRow, text: tuple[str, ...]) -> str:
        # Name, admission number and UPN; the legal first name too, where the pupil goes by another.
        pupil = row.pupil
        return "\x1f".join(
            (
                pupil.legal_first_name,
                pupil.preferred_first_name,
                pupil.legal_last_name,
                pupil.admission_number,
                pupil.upn,
            )
        ).casefold()

    @override
    def set_rows(self, rows: Sequence[GridRow] | PreparedRows[GridRow]) -> None:
        prepared = rows if isinstance(rows, PreparedRows) else self.prepare(rows)
        self.beginResetModel()
        if isinstance(prepared, PreparedGrid):
            self.columns = prepared.columns
            self.purposes = prepared.purposes
        self._rows, self._text, self.haystacks = list(prepared.rows), list(prepared.text), list(prepared.haystacks)
        self._sort_in_place()
        self.version += 1
        self.endResetModel()

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            # A purpose's name may be longer than its column.
            return self.columns[section].title if section < len(self.columns) else None
        return super().headerData(section, orientation, role)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            row = self.row_at(index.row())
            if not row.pupil.on_roll:
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole and index.column() >= len(FIXED_COLUMNS):
            standing = self.row_at(index.row()).standings[index.column() - len(FIXED_COLUMNS)]
            tip = standing.status.label
            if standing.restriction:
                tip += f": {standing.restriction}"
            if standing.effective_on is not None:
                tip += f" (from {standing.effective_on:%d/%m/%Y})"
            return tip
        return super().data(index, role)
