"""The skeleton every list section is built on: heading, intro, search, filters, table, count, footer, and the
chosen record's pane beside the list.

A :class:`ListSection` owns the parts that are the same everywhere: loading the list in the background (only the
newest load counts, and none after a lock), reloading when its areas change (at once if on screen, else when next
shown), clearing on lock, the count line, choosing a row (asking first about unsaved changes), opening a record
asked for by another section (clearing filters that hide it), Ctrl+N, Ctrl+F, and the split between list and
pane: the list has the whole width until a record is chosen, then the split the user last left, on this PC.

After a write that names its records (``changed_records``, from what the write returned), a section that can read
single rows (``load_rows``) reads just those again in one query and puts them back in place (changed, added or
gone) instead of reloading thousands: the selection, the scroll and the search stay as they were.

A section supplies its columns, filters, pane and service calls::

    class PeopleView(ListSection[PersonRow]):
        section = Section.PEOPLE
        name = "people"                     # object names: people-search, people-table, people-count...
        title, intro = "People", "Staff, governors..."
        noun = ("person", "people")
        watched = frozenset({Change.PEOPLE, Change.ACCOUNTS, Change.VAULT})
        new_text = "New person"

        def make_model(self) -> RowTableModel[PersonRow]
        def make_pane(self) -> DetailsPane | None
        def load(self, workspace) -> Sequence[PersonRow]        # in the background
        def make_filters(self) -> list[Filter]                  # optional
        record_change = Change.PEOPLE                           # optional, with the two below: rows updated
        def changed_records(self, result) -> Collection[int] | None   # the records a write's result names
        def load_rows(self, workspace, ids) -> Sequence[PersonRow]     # those rows, in the background
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.ui.frame import operations, state, writes
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.filters import ChoiceFilter as ChoiceFilter  # sections import the filters from here
from smgov.ui.frame.filters import DateFilter as DateFilter
from smgov.ui.frame.filters import Filter as Filter
from smgov.ui.frame.filters import Predicate as Predicate
from smgov.ui.frame.filters import choice_filter as choice_filter
from smgov.ui.frame.forms import button, hint_label, section_title
from smgov.ui.frame.page import SectionPage
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.tables import (
    FilterProxy,
    PreparedRows,
    RowTableModel,
    SearchBox,
    TableView,
    filter_bar,
    list_with_footer,
    window_shortcut,
)
from smgov.ui.frame.widgets import plain_label

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

R = TypeVar("R")
log = logging.getLogger(__name__)
NOTICE_MS = 8000


class ListSection(SectionPage, Generic[R]):
    """A section that lists records and shows the chosen one beside the list."""

    name = "records"
    title = ""
    intro = ""
    noun = ("record", "records")
    search_placeholder = "Search"
    watched: frozenset[Change] = frozenset()
    new_text: str | None = None  # the New button's text; None: the section adds nothing from here
    new_tooltip = ""
    sort_column = 0
    sort_order = Qt.SortOrder.AscendingOrder
    vertical = False  # the pane under the list instead of beside it
    split = (3, 2)  # the first split, before the user moves it
    gone_notice = "That record is no longer on the register."
    record_change: Change | None = None  # the area of this section's records, when single rows can be updated

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.loads = operations.LatestLoad(self, session)
        self.freshness = operations.ReloadWhenShown(self, self.reload)
        self._loaded_once = False
        self._pending_record: int | None = None
        self._selecting = False
        self._full_loading = False  # a load of every row is under way
        self._refreshing: frozenset[int] = frozenset()  # the records a row update under way reads again

        self.model: RowTableModel[R] = self.make_model()
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)

        self.heading = QHBoxLayout()
        self.heading.addWidget(section_title(self.title, f"{self.name}-title"), 1)
        self.controls: list[QWidget] = []
        for extra in self.heading_buttons():
            self.heading.addWidget(extra)
            self.controls.append(extra)
        self.new_button: QPushButton | None = None
        if self.new_text is not None:
            self.new_button = button(
                self.new_text, f"{self.name}-new", tooltip=self.new_tooltip or f"{self.new_text} (Ctrl+N)"
            )
            self.new_button.clicked.connect(self.new_record)
            self.heading.addSpacing(6)
            self.heading.addWidget(self.new_button)
            self.controls.append(self.new_button)
        self.intro_label = hint_label(self.intro, name=f"{self.name}-intro")
        self.intro_label.setForegroundRole(self.foregroundRole())

        self.search = SearchBox(self, self.search_placeholder, name=f"{self.name}-search")
        self.search.search_changed.connect(self.proxy.set_search_text)
        self.filters = self.make_filters()
        for n, chosen in enumerate(self.filters):
            chosen.on_change(functools.partial(self._filter_chosen, n, chosen))
            self._filter_chosen(n, chosen)
        self.filter_bar = filter_bar(self.search, [(f.label, f.widget, f.stretch) for f in self.filters])
        self.controls += [self.search, *(f.widget for f in self.filters)]

        self.table = TableView(self.title, self, name=f"{self.name}-table")
        self.table.use_model(self.proxy, self.sort_column, self.sort_order)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = QLabel("")
        self.count_label.setObjectName(f"{self.name}-count")
        self.count_label.setAccessibleName(f"Number of {self.noun[1]}")
        self.notice = plain_label("", name=f"{self.name}-notice")
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.clear)
        self.list_part = list_with_footer(self.table, self.count_label, *self.footer_widgets(), self.notice)
        self.list_part.setMinimumWidth(320)

        self.pane = self.make_pane()
        self.splitter = QSplitter(Qt.Orientation.Vertical if self.vertical else Qt.Orientation.Horizontal)
        self.splitter.setObjectName(f"{self.name}-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_part)
        if self.pane is not None:
            self.splitter.addWidget(self.pane)
            self.splitter.setStretchFactor(0, self.split[0])
            self.splitter.setStretchFactor(1, self.split[1])
            self.pane.setVisible(False)  # the list has the room until a record is chosen
            self.pane.saved.connect(self._record_saved)
            self.pane.deleted.connect(self._record_deleted)
            self.pane.closed.connect(lambda: self._show_pane(False))
            self.pane.open_record.connect(self._go)
            self.splitter.splitterMoved.connect(self._split_moved)
        self._split_timer = QTimer(self)
        self._split_timer.setSingleShot(True)
        self._split_timer.setInterval(400)
        self._split_timer.timeout.connect(self._keep_split)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(self.heading)
        layout.addWidget(self.intro_label)
        self.intro_label.setVisible(bool(self.intro))
        layout.addSpacing(2)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        previous: QWidget = self.search
        for widget in [*(f.widget for f in self.filters), self.table]:
            self.setTabOrder(previous, widget)
            previous = widget

        self.new_shortcut = window_shortcut(self, QKeySequence.StandardKey.New, self.new_record)
        self.new_shortcut.setEnabled(False)
        session.locked.connect(self.clear)
        session.unlocked.connect(self.freshness.mark_stale)
        session.changed.connect(self._on_changed)
        self.set_enabled(False)
        if session.is_unlocked:
            self.reload()

    # -- what a section supplies -------------------------------------------------------------------------------

    def make_model(self) -> RowTableModel[R]:
        raise NotImplementedError

    def make_pane(self) -> DetailsPane | None:
        """The pane beside the list (None: a list on its own, such as the audit log)."""
        return None

    def load(self, workspace: Workspace) -> Sequence[R]:
        """The rows, read in the background (never touch widgets here)."""
        raise NotImplementedError

    def make_filters(self) -> list[Filter]:
        return []

    def heading_buttons(self) -> list[QWidget]:
        """Buttons beside the title, before New (Import, Export, Print...)."""
        return []

    def footer_widgets(self) -> list[QWidget]:
        """Widgets on the count line, between the count and the notice."""
        return []

    def changed_records(self, result: object) -> Collection[int] | None:
        """The ids of this section's records that a write of ``record_change`` changed, from what it returned;
        None (the default): not known, so every row is read again."""
        return None

    def load_rows(self, workspace: Workspace, ids: Sequence[int]) -> Sequence[R]:
        """The rows of just the records ``ids`` that still exist, read in the background (with
        :meth:`changed_records`)."""
        raise NotImplementedError

    def row_id(self, row: R) -> int:
        record_id: int = getattr(row, "id")  # noqa: B009 - rows are dataclasses with an id; override otherwise
        return record_id

    def after_load(self) -> None:
        """After the rows are shown (update a summary, say something in the notice)."""

    def load_failed_text(self) -> str:
        return f"The {self.noun[1]} could not be loaded."

    # -- loading -----------------------------------------------------------------------------------------------

    @property
    def loaded_once(self) -> bool:
        return self._loaded_once

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        self._full_loading, self._refreshing = True, frozenset()
        workspace = self.session.workspace
        if not self._loaded_once:
            self.count_label.setText(f"Loading {self.noun[1]}…")
        model = self.model

        def load() -> PreparedRows[R]:
            prepared: PreparedRows[R] = model.prepare(self.load(workspace))
            return prepared

        self.loads.start(load, self._loaded, self._failed)

    def _loaded(self, prepared: PreparedRows[R]) -> None:
        self._full_loading = False
        self._selecting = True
        try:
            self.model.set_rows(prepared)
        finally:
            self._selecting = False
        self._loaded_once = True
        self.set_enabled(True)
        self._show_counts(self.proxy.total_count(), self.proxy.shown_count())
        pane = self.pane
        shown = pane.record_id if pane is not None else None
        if pane is not None and shown is not None and not pane.has_unsaved_changes() and not pane.open(shown):
            shown = None
            self._show_pane(False)
        if shown is not None:
            self._select_id(shown)
        self.after_load()
        if self._pending_record is not None:
            record, self._pending_record = self._pending_record, None
            self.show_record(record)

    def _failed(self, exc: BaseException) -> None:
        self._full_loading, self._refreshing = False, frozenset()
        self.count_label.setText(self.load_failed_text())
        show_error(self, exc)

    def clear(self) -> None:
        """Forget everything shown (the workspace locked)."""
        self.loads.cancel()
        self.freshness.stale = True
        self._full_loading, self._refreshing = False, frozenset()
        self._loaded_once = False
        self._pending_record = None
        self.search.reset()
        self._selecting = True
        try:
            self.model.clear()
        finally:
            self._selecting = False
        if self.pane is not None:
            self.pane.clear()
            self._show_pane(False)
        self.count_label.setText("")
        self.notice.clear()
        self.set_enabled(False)

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.controls:
            widget.setEnabled(enabled)
        self.new_shortcut.setEnabled(enabled and self.new_text is not None)

    def _on_changed(self, area: str) -> None:
        if area != Change.EVERYTHING and area not in self.watched:
            return
        ids = self._changed_ids(area)
        if ids is None:
            self.freshness.mark_stale()
        else:
            self.refresh_rows(ids)

    def _changed_ids(self, area: str) -> Collection[int] | None:
        """The records of this section a write named, when that is all it changed here (else None: reload)."""
        notice = writes.announcing()
        if notice is None or self.record_change is None or area != self.record_change:
            return None
        if {c for c in notice.changes if c == Change.EVERYTHING or c in self.watched} != {self.record_change}:
            return None  # it changed something else shown here too (an account's name on its incidents)
        return self.changed_records(notice.result)

    def refresh_rows(self, ids: Collection[int]) -> None:
        """Read the records ``ids`` again and put their rows back (changed, added or removed), leaving the others,
        the selection and the scroll alone. While every row is due to be read anyway, that happens instead."""
        if not self.session.is_unlocked:
            return
        if not self._loaded_once or self._full_loading or self.freshness.stale:
            self.freshness.mark_stale()
            return
        wanted = self._refreshing | frozenset(ids)  # a newer update supersedes one under way: it reads both
        if not wanted:
            return  # the write changed none of them (every screenshot refused)
        self._refreshing = wanted
        workspace, model = self.session.workspace, self.model

        def load() -> PreparedRows[R]:
            prepared: PreparedRows[R] = model.prepare(self.load_rows(workspace, sorted(wanted)))
            return prepared

        self.loads.start(load, functools.partial(self._rows_loaded, wanted), self._failed)

    def _rows_loaded(self, wanted: frozenset[int], prepared: PreparedRows[R]) -> None:
        self._refreshing = frozenset()
        self._selecting = True
        try:
            self.model.update_rows(prepared, wanted, self.row_id)
        finally:
            self._selecting = False
        self._show_counts(self.proxy.total_count(), self.proxy.shown_count())
        pane = self.pane
        shown = pane.record_id if pane is not None and not pane.is_new else None
        if pane is not None and shown in wanted and not pane.has_unsaved_changes() and not pane.open(shown):
            shown = None
            self._show_pane(False)
        current = self.table.currentIndex()
        if shown is not None and (not current.isValid() or self.row_id(self.proxy.row_at(current.row())) != shown):
            self._select_id(shown)  # its row moved (or is new): the selection follows it
        self.after_load()

    def say(self, text: str) -> None:
        """A notice under the list for a few seconds ("The person was deleted.")."""
        self.notice.setText(text)
        self._notice_timer.start()

    # -- filters and counts ------------------------------------------------------------------------------------

    def _filter_chosen(self, key: int, chosen: Filter) -> None:
        self.proxy.set_predicate(f"filter-{key}", chosen.predicate())

    def _show_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked or not self._loaded_once:
            return
        noun = self.noun[0] if total == 1 else self.noun[1]
        if shown == total:
            self.count_label.setText(f"{total:,} {noun}, all shown")
        else:
            self.count_label.setText(f"{total:,} {noun}, {shown:,} shown")

    def reset_filters(self) -> None:
        """Show every record (another section asked for one the filters hide)."""
        self.search.reset()
        for chosen in self.filters:
            chosen.reset()

    # -- the pane and the split --------------------------------------------------------------------------------

    def _show_pane(self, shown: bool) -> None:
        pane = self.pane
        # isHidden, not isVisible: while the section itself is hidden (locked, another section on show) the pane
        # is not visible either, yet it must still be put away.
        if pane is None or pane.isHidden() != shown:
            return
        pane.setHidden(not shown)
        if shown:
            sizes = state.pane_sizes(self.splitter.objectName())
            if sizes is None:
                whole = sum(self.splitter.sizes()) or (self.height() if self.vertical else self.width())
                first = whole * self.split[0] // sum(self.split)
                sizes = [first, whole - first]
            self.splitter.setSizes(sizes)

    def _split_moved(self, _position: int, _index: int) -> None:
        if self.pane is not None and not self.pane.isHidden():
            self._split_timer.start()  # a drag moves it many times: the sizes are kept once it rests

    def _keep_split(self) -> None:
        if self.pane is not None and not self.pane.isHidden():
            state.save_pane_sizes(self.splitter.objectName(), self.splitter.sizes())

    # -- choosing ----------------------------------------------------------------------------------------------

    def _proxy_row_of(self, record_id: int) -> int:
        source_row = self.model.source_row_of(lambda row: self.row_id(row) == record_id)
        if source_row < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()

    def _select_id(self, record_id: int | None) -> bool:
        self._selecting = True
        try:
            if record_id is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
                return False
            row = self._proxy_row_of(record_id)
            if row < 0:
                self.table.clearSelection()
                return False
            index = self.proxy.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.selectRow(row)
            self.table.scrollTo(index)
            return True
        finally:
            self._selecting = False

    def _current_changed(self, current: QModelIndex | QPersistentModelIndex, _previous: object) -> None:
        pane = self.pane
        if self._selecting or not current.isValid() or pane is None:
            return
        record_id = self.row_id(self.proxy.row_at(current.row()))
        if record_id == pane.record_id and not pane.is_new:
            return
        if pane.has_unsaved_changes():
            shown = pane.record_id
            QTimer.singleShot(0, lambda: self._select_id(shown))
            pane.ask_unsaved(lambda: self.open_id(record_id))
            return
        self.open_id(record_id)

    def open_id(self, record_id: int) -> bool:
        """Show record ``record_id`` in the pane and select its row. False when it is gone (the list reloads)."""
        if self.pane is None:
            return self._select_id(record_id)
        if not self.pane.open(record_id):
            self._show_pane(False)
            self.reload()
            return False
        self._show_pane(True)
        self._select_id(record_id)
        return True

    @override
    def can_add(self) -> bool:
        return self.new_text is not None

    @override
    def new_record(self) -> bool:
        pane = self.pane
        if self.new_text is None or pane is None or not self.session.is_unlocked:
            return False
        if pane.has_unsaved_changes():
            pane.ask_unsaved(self.new_record)
            return True
        self._select_id(None)
        self._show_pane(True)
        pane.start_new()
        return True

    def _record_saved(self, record_id: int) -> None:
        self._show_pane(True)
        if not self.isVisible():
            self.reload()
        else:
            self._select_id(record_id)

    def _record_deleted(self, _record_id: int) -> None:
        self._show_pane(False)
        self.say(f"The {self.noun[0]} was deleted.")
        if not self.isVisible():
            self.reload()

    def _go(self, section: str, record: object) -> None:
        if section == self.section:
            self.show_record(record)
        else:
            self.open_record.emit(section, record)

    # -- section hooks -----------------------------------------------------------------------------------------

    @override
    def show_record(self, record_id: object) -> None:
        """Select and open record ``record_id`` (links from the dashboard and other sections); filters that hide
        it are cleared."""
        try:
            wanted = int(str(record_id))
        except ValueError:
            return
        if not self._loaded_once:
            self._pending_record = wanted
            return
        if self._proxy_row_of(wanted) < 0:
            if self.model.source_row_of(lambda row: self.row_id(row) == wanted) < 0:
                self.say(self.gone_notice)
                return
            self.reset_filters()
        pane = self.pane
        if pane is not None and pane.record_id == wanted and not pane.is_new:
            self._show_pane(True)
            self._select_id(wanted)
            return
        if pane is not None and pane.has_unsaved_changes():
            pane.ask_unsaved(lambda: self.open_id(wanted))
            return
        self.open_id(wanted)

    @override
    def confirm_leave(self, proceed: Callable[[], Any]) -> bool:
        if self.pane is None or not self.pane.has_unsaved_changes():
            return True
        self.pane.ask_unsaved(proceed)
        return False

    @override
    def can_search(self) -> bool:
        return True

    @override
    def focus_search(self) -> None:
        self.search.focus_search()
