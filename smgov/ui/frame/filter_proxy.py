"""The search and filters over a :class:`~smgov.ui.frame.tables.RowTableModel`, without a Python call per row.

A ``QSortFilterProxyModel`` asks ``filterAcceptsRow`` once per source row on every change of filter: 40,000 calls
from C++ into Python took 53 ms a keystroke. This proxy keeps the answer itself, as the list of source rows shown
(ascending, so a source row's place is a bisection away), and works it out in one pass over the model's
precomputed search texts with ``str.__contains__`` mapped over the list (C loops, no Python frame per row). A
keystroke that extends the last search (``cy`` after ``c``) looks only through the rows the last one matched. The
view is then told once (a layout change, which keeps the selection on the same records).

Edits to single rows arrive as the source's ``dataChanged``, ``rowsInserted`` and ``rowsRemoved``: only those rows
are tested again, and the view hears of just those rows. A reset or a sort recomputes everything in one pass.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Sequence
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from typing_extensions import override

if TYPE_CHECKING:
    from smgov.ui.frame.tables import RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
Predicate = Callable[[Any], bool]
_NO_INDEX = QModelIndex()
_MANY = 64  # changed rows past which a data change is refiltered in one pass


def _narrows(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether every row matching the words ``new`` also matches ``old`` (each old word is inside a new one)."""
    return bool(old) and all(any(word in longer for longer in new) for word in old)


class FilterProxy(QAbstractTableModel):
    """Filters a :class:`RowTableModel` by search words and extra predicates; sorting is delegated to the model.

    Every word typed must appear in a row's haystack (in any column, any order). Predicates are named, so a view
    can replace or drop one ("action", "dates") without touching the others. It offers what views and sections use
    of a proxy: ``mapToSource``, ``mapFromSource``, ``sourceModel``, ``sort``.

    Signals:
        counts_changed(int, int): the number of rows loaded, and the number shown after filtering.
    """

    counts_changed = Signal(int, int)

    def __init__(self, source: RowTableModel[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._roles = source.answered_roles
        self._words: tuple[str, ...] = ()
        self._predicates: dict[str, Predicate] = {}
        # Source rows passing the predicates (None: no predicates, every row), and those also matching the words;
        # both ascending.
        self._base: list[int] | None = None
        self._shown: list[int] = list(range(source.rowCount()))
        self._held: list[tuple[QModelIndex, QPersistentModelIndex]] = []  # across a source layout change
        self._removing: tuple[int, int, bool] | None = None
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._source_reset)
        source.layoutAboutToBeChanged.connect(self._source_layout_changing)
        source.layoutChanged.connect(self._source_layout_changed)
        source.dataChanged.connect(self._source_data_changed)
        source.rowsInserted.connect(self._source_rows_inserted)
        source.rowsAboutToBeRemoved.connect(self._source_rows_removing)
        source.rowsRemoved.connect(self._source_rows_removed)
        source.headerDataChanged.connect(self.headerDataChanged)

    # -- what sections ask -------------------------------------------------------------------------------------

    def sourceModel(self) -> RowTableModel[Any]:
        return self._source

    def set_search_text(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words == self._words:
            return
        old, self._words = self._words, words
        candidates = self._shown if _narrows(old, words) else self._base
        self._show(self._search(candidates))

    def search_text(self) -> str:
        return " ".join(self._words)

    def set_predicate(self, name: str, predicate: Predicate | None) -> None:
        """Add, replace or (with None) remove the extra filter called ``name``; it gets the row's dataclass."""
        if predicate is None:
            if name not in self._predicates:
                return
            del self._predicates[name]
        else:
            self._predicates[name] = predicate
        self._base = self._passing()
        self._show(self._search(self._base))

    def total_count(self) -> int:
        return self._source.rowCount()

    def shown_count(self) -> int:
        return len(self._shown)

    def row_at(self, proxy_row: int) -> Any:
        return self._source.row_at(self._shown[proxy_row])

    def mapToSource(self, index: AnyIndex) -> QModelIndex:
        if not index.isValid() or index.model() is not self:
            return QModelIndex()
        return self._source.createIndex(self._shown[index.row()], index.column())

    def mapFromSource(self, index: AnyIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        return self._index_of(index.row(), index.column())

    # -- working out the rows shown ----------------------------------------------------------------------------

    def _passing(self) -> list[int] | None:
        """The source rows every predicate accepts (one Python call per row and predicate, on a filter change)."""
        predicates = list(self._predicates.values())
        if not predicates:
            return None
        rows = self._source.rows()
        return [n for n, row in enumerate(rows) if all(predicate(row) for predicate in predicates)]

    def _search(self, candidates: list[int] | None) -> list[int]:
        """The rows among ``candidates`` (None: all) whose haystack holds every word, in one C loop per word."""
        haystacks = self._source.haystacks
        found = candidates
        for word in self._words:
            if found is None:
                found = list(compress(range(len(haystacks)), map(operator.contains, haystacks, repeat(word))))
            else:
                texts = map(haystacks.__getitem__, found)
                found = list(compress(found, map(operator.contains, texts, repeat(word))))
        return list(range(len(haystacks))) if found is None else list(found)

    def _accepts(self, source_row: int) -> bool:
        haystack = self._source.haystacks[source_row]
        if not all(word in haystack for word in self._words):
            return False
        if not self._predicates:
            return True
        row = self._source.row_at(source_row)
        return all(predicate(row) for predicate in self._predicates.values())

    def _index_of(self, source_row: int, column: int) -> QModelIndex:
        shown = self._shown
        position = bisect.bisect_left(shown, source_row)
        if position < len(shown) and shown[position] == source_row:
            return self.index(position, column)
        return QModelIndex()

    def _show(self, rows: list[int]) -> None:
        """Show ``rows`` instead: one layout change, the selection and current row kept on the same records."""
        if rows != self._shown:
            self.layoutAboutToBeChanged.emit()
            before = self.persistentIndexList()
            sources = [(self._shown[index.row()], index.column()) for index in before]
            self._shown = rows
            self.changePersistentIndexList(before, [self._index_of(row, column) for row, column in sources])
            self.layoutChanged.emit()
        self._emit_counts()

    def _recompute(self) -> None:
        self._base = self._passing()
        self._shown = self._search(self._base)

    def _emit_counts(self) -> None:
        self.counts_changed.emit(self.total_count(), self.shown_count())

    # -- following the source ----------------------------------------------------------------------------------

    def _source_reset(self) -> None:
        self._recompute()
        self.endResetModel()
        self._emit_counts()

    def _source_layout_changing(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._held = [
            (QModelIndex(index), QPersistentModelIndex(self.mapToSource(index))) for index in self.persistentIndexList()
        ]

    def _source_layout_changed(self) -> None:
        held, self._held = self._held, []
        self._recompute()
        self.changePersistentIndexList(
            [index for index, _ in held],
            [self._index_of(source.row(), source.column()) if source.isValid() else _NO_INDEX for _, source in held],
        )
        self.layoutChanged.emit()
        self._emit_counts()

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()) -> None:
        first, last, last_column = top_left.row(), bottom_right.row(), self.columnCount() - 1
        if last - first >= _MANY:  # a whole column changed (a tick, a grid): one pass, not a call per row
            self._base = self._passing()
            self._show(self._search(self._base))
            if self._shown:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, last_column), list(roles))
            return
        predicates = list(self._predicates.values())
        for source_row in range(first, last + 1):
            accepted = self._accepts(source_row)
            if self._base is not None:
                row = self._source.row_at(source_row)
                self._set_member(self._base, source_row, all(predicate(row) for predicate in predicates))
            position = bisect.bisect_left(self._shown, source_row)
            shown = position < len(self._shown) and self._shown[position] == source_row
            if shown and accepted:
                self.dataChanged.emit(self.index(position, 0), self.index(position, last_column), list(roles))
            elif shown:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._shown[position]
                self.endRemoveRows()
            elif accepted:
                self.beginInsertRows(QModelIndex(), position, position)
                self._shown.insert(position, source_row)
                self.endInsertRows()
        self._emit_counts()

    @staticmethod
    def _set_member(rows: list[int], source_row: int, member: bool) -> None:
        position = bisect.bisect_left(rows, source_row)
        present = position < len(rows) and rows[position] == source_row
        if member and not present:
            rows.insert(position, source_row)
        elif present and not member:
            del rows[position]

    def _source_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        if self._base is not None:
            at = bisect.bisect_left(self._base, first)
            predicates = list(self._predicates.values())
            rows = [self._source.row_at(n) for n in range(first, last + 1)]
            passing = [first + n for n, row in enumerate(rows) if all(p(row) for p in predicates)]
            self._base[at:] = passing + [row + count for row in self._base[at:]]
        position = bisect.bisect_left(self._shown, first)
        added = [row for row in range(first, last + 1) if self._accepts(row)]
        moved = [row + count for row in self._shown[position:]]
        if added:
            self.beginInsertRows(QModelIndex(), position, position + len(added) - 1)
        self._shown[position:] = added + moved
        if added:
            self.endInsertRows()
        self._emit_counts()

    def _source_rows_removing(self, _parent: QModelIndex, first: int, last: int) -> None:
        low = bisect.bisect_left(self._shown, first)
        high = bisect.bisect_right(self._shown, last)
        self._removing = (first, last, low < high)
        if low < high:
            self.beginRemoveRows(QModelIndex(), low, high - 1)

    def _source_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        for rows in (self._shown, self._base):
            if rows is not None:
                low, high = bisect.bisect_left(rows, first), bisect.bisect_right(rows, last)
                rows[low:] = [row - count for row in rows[high:]]
        removing, self._removing = self._removing, None
        if removing is not None and removing[2]:
            self.endRemoveRows()
        self._emit_counts()

    # -- the Qt model ------------------------------------------------------------------------------------------

    @override
    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._shown)

    @override
    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:
        return 0 if parent.isValid() else self._source.columnCount()

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or (self._roles is not None and role not in self._roles):
            return None  # a role the model never answers (a font, a check box): no call into Python for it
        # createIndex, not index: the latter asks the source's rowCount and columnCount (Python) for every cell.
        return self._source.data(self._source.createIndex(self._shown[index.row()], index.column()), role)

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return index.isValid() and self._source.setData(self.mapToSource(index), value, role)

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._source.flags(self._source.createIndex(self._shown[index.row()], index.column()))  # (as data)

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            # A header restored from saved state may ask past the columns loaded so far (the consent grid's
            # purposes come with its first load); an exception here would reach Qt's C++ and end the process.
            if not 0 <= section < self._source.columnCount():
                return None
            return self._source.headerData(section, orientation, role)
        return section + 1 if role == Qt.ItemDataRole.DisplayRole else None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The model sorts with precomputed keys; this proxy keeps source order.
        self._source.sort(column, order)
