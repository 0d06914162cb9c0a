"""The base of every data list: a table model over plain dataclass rows, a fast search proxy and a tidy view.

Lists reach 40,000 rows (incidents), so each keystroke must filter in well under 50 ms. The work is done once per
load in :meth:`RowTableModel.prepare` (which a background load runs off the UI thread): display text and a
lower-cased search haystack per row. On a keystroke the proxy (:mod:`smgov.ui.frame.filter_proxy`) works out the
matching rows in one pass over the haystacks, with no Python call per row. After an edit,
:meth:`RowTableModel.update_rows` puts back only the records that changed. Sorting happens in the model with
``list.sort`` over raw keys (a proxy sort would call back into Python for every comparison).

A section declares its model as a subclass with named column constants and a tuple of :class:`Column`::

    class AuditTableModel(RowTableModel[AuditRow]):
        WHEN, WHO = range(2)
        columns = (Column("When", lambda r: local_time(r.at), sort_key=lambda r: r.at), Column("Who", ...))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.ui.frame import state
from smgov.ui.frame.filter_proxy import FilterProxy as FilterProxy  # where every list imports it from

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex

SortRole = Qt.ItemDataRole.UserRole + 1
"""Raw, sortable value of a cell: dates as ``date``, times as aware ``datetime``, numbers as numbers."""
RowRole = Qt.ItemDataRole.UserRole + 2
"""The row's dataclass itself (any column)."""

# Roles and flags as plain values, made once: a repaint asks data() and flags() for every visible cell, and building
# a Qt enum value (or OR-ing two) in Python costs more than the rest of the answer.
_TEXT_ROLES = frozenset(
    int(role) for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole)
)
_ALIGN_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable

SEARCH_DEBOUNCE_MS = 120


def uk_date(day: dt.date | None) -> str:
    """A date as the UK writes it: 05/03/2026 (empty for None)."""
    return "" if day is None else f"{day:%d/%m/%Y}"


def local_time(moment: dt.datetime | None) -> str:
    """An aware time in this PC's local time, dd/mm/yyyy HH:MM (empty for None)."""
    if moment is None:
        return ""
    return f"{moment.astimezone():%d/%m/%Y %H:%M}"


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a table.

    Args:
        title: the header text.
        text: what the cell shows for a row.
        sort_key: the raw value sorted on (a date, a number); defaults to the shown text, case-folded.
        searchable: whether the search box matches this column's text.
        width: a starting width in average characters (the last column stretches).
        align_right: numbers read better right-aligned.
    """

    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    searchable: bool = True
    width: int | None = None
    align_right: bool = False
    on_edit: Callable[[R, Any], None] | None = None  # set: the cell is editable, and an edit calls this


def _sortable(value: Any) -> tuple[bool, Any]:
    # Missing values sort after present ones; the flag keeps None from being compared with a date.
    return (value is None, value if value is not None else 0)


@dataclass(frozen=True)
class PreparedRows(Generic[R]):
    """Rows with their display text and search haystacks worked out (see :meth:`RowTableModel.prepare`)."""

    rows: list[R]
    text: list[tuple[str, ...]]
    haystacks: list[str]


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A table of dataclass rows, with display text, sort keys and search text precomputed per row.

    Subclasses set ``columns`` (and name their indexes as class constants), or an instance is given its columns
    (the consent grid has a column per purpose, known at run time). A column with ``on_edit`` is editable: the edit
    is handed to it, and the caller puts the saved row back with :meth:`replace_row`. Sorting is done here, not in
    the proxy.
    """

    columns: Sequence[Column[Any]] = ()
    answered_roles: frozenset[int] | None = None
    """The roles :meth:`data` can answer (None: any); a view paints 7 roles a cell, and the proxy answers the
    others (font, check state, background) without a call into Python."""

    def __init__(self, parent: QObject | None = None, columns: Sequence[Column[Any]] | None = None) -> None:
        super().__init__(parent)
        if columns is not None:
            self.columns = tuple(columns)
        self._rows: list[R] = []
        self._text: list[tuple[str, ...]] = []
        self.haystacks: list[str] = []
        self.version = 0  # changes whenever rows are replaced or reordered (proxies recompute their matches)
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- content -----------------------------------------------------------------------------------------------

    def prepare(self, rows: Sequence[R]) -> PreparedRows[R]:
        """Work out every row's display text and search haystack. Pure Python and no Qt, so a background load can
        do it off the UI thread (20,000 rows take a few hundred milliseconds) and hand the result to set_rows."""
        columns = self.columns
        text = [tuple(column.text(row) for column in columns) for row in rows]
        return PreparedRows(
            list(rows), text, [self.haystack(row, cells) for row, cells in zip(rows, text, strict=True)]
        )

    def haystack(self, row: R, text: tuple[str, ...]) -> str:
        """The lower-cased text the search box matches for ``row`` (``text``: its cells); override to add fields
        that are searched but not shown."""
        return "\x1f".join(
            cell for cell, column in zip(text, self.columns, strict=True) if column.searchable
        ).casefold()

    def set_rows(self, rows: Sequence[R] | PreparedRows[R]) -> None:
        """Show ``rows`` (in the current sort order), replacing what was shown."""
        prepared = rows if isinstance(rows, PreparedRows) else self.prepare(rows)
        self.beginResetModel()
        self._rows, self._text, self.haystacks = list(prepared.rows), list(prepared.text), list(prepared.haystacks)
        self._sort_in_place()
        self.version += 1
        self.endResetModel()

    def clear(self) -> None:
        """Show nothing (the workspace was locked)."""
        self.set_rows([])

    def rows(self) -> list[R]:
        return list(self._rows)

    def replace_row(self, source_row: int, row: R) -> None:
        """Put ``row`` in place of the one at ``source_row`` (after an edit), without reloading the others."""
        cells = tuple(column.text(row) for column in self.columns)
        self._rows[source_row] = row
        self._text[source_row] = cells
        self.haystacks[source_row] = self.haystack(row, cells)
        self.version += 1
        self.dataChanged.emit(self.index(source_row, 0), self.index(source_row, len(self.columns) - 1))

    def update_rows(self, prepared: PreparedRows[R], ids: Collection[int], id_of: Callable[[R], int]) -> None:
        """Put back the records ``ids`` after a write, leaving every other row alone (no reset).

        ``prepared``: those of them that still exist, read again. A row whose place in the sort order holds is
        replaced where it is (``dataChanged``); one that moves is removed and inserted in its new place; a new
        record is inserted where the sort puts it; a record no longer there is removed.
        """
        wanted = set(ids)
        fresh = {
            id_of(row): (row, cells, haystack)
            for row, cells, haystack in zip(prepared.rows, prepared.text, prepared.haystacks, strict=True)
        }
        old = sorted((n for n, row in enumerate(self._rows) if id_of(row) in wanted), reverse=True)
        for position in old:
            entry = fresh.pop(id_of(self._rows[position]), None)
            if entry is not None and self._fits(position, entry[0], entry[1]):
                self._rows[position], self._text[position], self.haystacks[position] = entry
                self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.columns) - 1))
                continue
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position], self._text[position], self.haystacks[position]
            self.endRemoveRows()
            if entry is not None:
                self._insert(*entry)
        for entry in fresh.values():
            self._insert(*entry)

    def _sort_key(self, row: R, cells: tuple[str, ...]) -> Any:
        key_of = self.columns[self._sort_column].sort_key
        return _sortable(key_of(row)) if key_of is not None else cells[self._sort_column].casefold()

    def _in_order(self, first: Any, second: Any) -> bool:
        """Whether sort key ``first`` may come before ``second`` in the current order."""
        return bool(first >= second if self._sort_order == Qt.SortOrder.DescendingOrder else first <= second)

    def _fits(self, position: int, row: R, cells: tuple[str, ...]) -> bool:
        """Whether ``row`` can stay at ``position`` without breaking the sort order."""
        if not 0 <= self._sort_column < len(self.columns):
            return True
        key = self._sort_key(row, cells)
        before = position == 0 or self._in_order(
            self._sort_key(self._rows[position - 1], self._text[position - 1]), key
        )
        last = len(self._rows) - 1
        after = position == last or self._in_order(
            key, self._sort_key(self._rows[position + 1], self._text[position + 1])
        )
        return before and after

    def _insert(self, row: R, cells: tuple[str, ...], haystack: str) -> None:
        """Insert one row where the sort order puts it (after its equals; at the end when unsorted)."""
        low, high = 0, len(self._rows)
        if 0 <= self._sort_column < len(self.columns):
            key = self._sort_key(row, cells)
            while low < high:
                middle = (low + high) // 2
                if self._in_order(self._sort_key(self._rows[middle], self._text[middle]), key):
                    low = middle + 1
                else:
                    high = middle
        self.beginInsertRows(QModelIndex(), low, low)
        self._rows.insert(low, row)
        self._text.insert(low, cells)
        self.haystacks.insert(low, haystack)
        self.endInsertRows()

    def source_row_of(self, predicate: Callable[[R], bool]) -> int:
        """The position of the first row for which ``predicate`` holds, or -1."""
        return next((n for n, row in enumerate(self._rows) if predicate(row)), -1)

    def row_at(self, source_row: int) -> R:
        return self._rows[source_row]

    # -- Qt model ----------------------------------------------------------------------------------------------

    @override
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.columns)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in _TEXT_ROLES:
            return self._text[row][column]
        if role == SortRole:
            spec = self.columns[column]
            return spec.sort_key(self._rows[row]) if spec.sort_key else self._text[row][column]
        if role == RowRole:
            return self._rows[row]
        if role == _ALIGN_ROLE:
            return _ALIGN_RIGHT if self.columns[column].align_right else _ALIGN_LEFT
        return None

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and section < len(self.columns):
            return self.columns[section].title
        return None

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _READ_ONLY if self.columns[index.column()].on_edit is None else _EDITABLE

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        on_edit = self.columns[index.column()].on_edit if index.isValid() else None
        if on_edit is None or role != Qt.ItemDataRole.EditRole:
            return False
        on_edit(self._rows[index.row()], value)
        return True

    # -- sorting -----------------------------------------------------------------------------------------------

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_positions = self._sort_in_place()
        self.version += 1
        # Keep selections and the current row on the same records after the reorder.
        new_position = {old: new for new, old in enumerate(old_positions)}
        after = [self.index(new_position[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sort_in_place(self) -> list[int]:
        """Sort the rows (and their precomputed text) by the current column; returns each new row's old position."""
        column = self._sort_column
        rows = self._rows
        if not 0 <= column < len(self.columns):
            return list(range(len(rows)))
        key_of = self.columns[column].sort_key
        if key_of is not None:
            keys: list[Any] = [_sortable(key_of(row)) for row in rows]
        else:
            keys = [text[column].casefold() for text in self._text]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        order = sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
        self._rows = [rows[i] for i in order]
        self._text = [self._text[i] for i in order]
        self.haystacks = [self.haystacks[i] for i in order]
        return order


def window_shortcut(parent: QWidget, keys: QKeySequence.StandardKey | str, slot: Callable[[], object]) -> QShortcut:
    """A shortcut that calls ``slot`` while ``parent``'s window is active and ``parent`` is visible.

    A window shortcut on a hidden page does not match, so each section's Ctrl+N (or Ctrl+S) never clashes with
    another's.
    """
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def buddy_label(text: str, field: QWidget) -> QLabel:
    """A label for ``field``: its mnemonic (the letter after "&") puts the cursor in the field.

    Four pixels wider than it asks for, so the last letter shows in every font.
    """
    label = QLabel(text)
    label.setBuddy(field)
    label.setMinimumWidth(label.sizeHint().width() + 4)
    return label


def list_with_footer(table: QWidget, *footer: QWidget) -> QWidget:
    """The list, and beneath it a line of its own: the count, a notice (the last widget takes the spare width)."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(table, 1)
    line = QHBoxLayout()
    for n, widget in enumerate(footer):
        line.addWidget(widget, 1 if n == len(footer) - 1 else 0)
    layout.addLayout(line)
    return column


def filter_bar(search: QWidget, fields: Sequence[tuple[str, QWidget, int]], *, gap: int = 10) -> QHBoxLayout:
    """The row above a list: the search box, then each filter as (label text, field, stretch) after a ``gap``.

    The search box takes a stretch of 3. The row is returned so the caller can add more (a checkbox, a button).
    """
    bar = QHBoxLayout()
    bar.setSpacing(6)
    bar.addWidget(search, 3)
    for text, field, stretch in fields:
        bar.addSpacing(gap)
        bar.addWidget(buddy_label(text, field))
        bar.addWidget(field, stretch)
    return bar


class SearchBox(QLineEdit):
    """A search box that reports what was typed after a short pause, so fast typing filters once.

    Ctrl+F anywhere in ``section`` (while it is the visible page) puts the cursor here; Esc clears it.

    Signals:
        search_changed(str): the text, ``SEARCH_DEBOUNCE_MS`` after the last keystroke (or at once when cleared).
    """

    search_changed = Signal(str)

    def __init__(self, section: QWidget, placeholder: str = "Search", name: str = "search") -> None:
        super().__init__(section)
        self.setObjectName(name)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(placeholder)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(160)  # room for the filters beside it on a laptop at 125 % scaling
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.search_changed.emit(self.text()))
        self.textChanged.connect(self._typed)
        self.find_shortcut = window_shortcut(section, QKeySequence.StandardKey.Find, self.focus_search)

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def reset(self) -> None:
        """Empty the box without waiting for the pause."""
        self._timer.stop()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.search_changed.emit("")

    def _typed(self, text: str) -> None:
        if not text:
            self._timer.stop()
            self.search_changed.emit("")
        else:
            self._timer.start()

    @override
    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class TableView(QTableView):
    """A read-only, sortable list of records: whole-row selection, alternating rows, the last column stretched."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None, name: str = "table") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else in the app
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._default_layout: QByteArray | None = None  # the columns as first shown, for Reset columns

    def column_menu(self) -> QMenu:
        """The columns, each ticked when shown: a right-click on the header hides or shows one (never the last)."""
        header = self.horizontalHeader()
        model = self.model()
        menu = QMenu(self)
        menu.setObjectName(f"{self.objectName()}-columns")
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        for column in range(header.count()):
            title = model.headerData(column, Qt.Orientation.Horizontal) if model is not None else None
            action = menu.addAction(str(title or f"Column {column + 1}"))
            action.setCheckable(True)
            action.setChecked(column in shown)
            action.setEnabled(not (column in shown and len(shown) == 1))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.addSeparator()
        reset = menu.addAction("Reset columns")
        reset.setEnabled(self._default_layout is not None)
        reset.triggered.connect(self.reset_columns)
        return menu

    def _column_menu(self, position: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(position))
        menu.deleteLater()

    def use_model(
        self, proxy: FilterProxy, sort_column: int = -1, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    ) -> None:
        """Show ``proxy``, size the columns from their hints and sort by ``sort_column`` first."""
        self.setModel(proxy)
        source = proxy.sourceModel()
        assert isinstance(source, RowTableModel)
        average = self.fontMetrics().averageCharWidth()
        for i, column in enumerate(source.columns):
            if column.width:
                self.setColumnWidth(i, column.width * average + 24)
        if sort_column >= 0:
            self.horizontalHeader().setSortIndicator(sort_column, order)
            self.sortByColumn(sort_column, order)  # the indicator alone does not sort when it is already there
        header = self.horizontalHeader()
        self._default_layout = header.saveState()
        if state.remember_layout(header, self.objectName()):
            self._sort_as_header_shows()

    def reset_columns(self) -> None:
        """Back to the columns as smgov first showed them: every column, default widths, order and sort."""
        if self._default_layout is not None and self.horizontalHeader().restoreState(self._default_layout):
            self._sort_as_header_shows()

    def _sort_as_header_shows(self) -> None:
        # A restored header state brings its sort indicator, but not the sort itself.
        header = self.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
