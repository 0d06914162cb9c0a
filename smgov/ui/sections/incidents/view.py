"""The incidents section: the incident log (search and filters) above the chosen incident's details.

The log loads in the background (20,000 incidents take a fraction of a second), filters in memory as you type, and
counts each response down by the minute. Log incident (Ctrl+N) opens the form; Ctrl+V pastes a screenshot onto the
chosen incident; Ctrl+P prints its report for SLT. Locking clears everything shown, dialogs included.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.models import IncidentCategory, IncidentStatus
from smgov.data.services.incidents import IncidentDetails, IncidentRow
from smgov.ui.frame import operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import (
    FilterProxy,
    PreparedRows,
    SearchBox,
    TableView,
    filter_bar,
    section_splitter,
    window_shortcut,
)
from smgov.ui.frame.widgets import heading_label, plain_label
from smgov.ui.sections.incidents.common import AREA, SHORT_CATEGORY, button, school_time_text
from smgov.ui.sections.incidents.details import IncidentPane
from smgov.ui.sections.incidents.model import IncidentTableModel, load_incidents
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

TICK_MS = 60_000


class IncidentsView(QWidget):
    """The incidents section. Loads in the background, clears on lock, reloads on unlock and on changes.

    Signals:
        open_record(str, object): show another section's record (an incident's account in the register).
    """

    open_record = Signal(str, object)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidents-view")
        self.session = session
        self.loads = operations.LatestLoad(self, session)
        self.freshness = operations.ReloadWhenShown(self, self.reload)
        self._loaded_once = False
        self._pending_record: int | None = None
        self._selecting = False
        self._announcing = False
        self._resetting = False
        self.dialogs: set[QDialog] = set()

        self.model = IncidentTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)

        title = heading_label("Incidents", name="incidents-title")
        font = title.font()
        font.setPointSizeF(self.font().pointSizeF() * 1.5)
        title.setFont(font)
        intro = plain_label(
            "What went wrong online and what was done about it: each response is due within the time set in "
            "Settings. Paste a screenshot onto an incident with Ctrl+V.",
            name="incidents-intro",
        )
        self.new_button = button("Log incident", "incidents-new", "Log a new incident (Ctrl+N)")
        self.new_button.clicked.connect(self.new_incident)
        self.new_button.setDefault(False)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.search = SearchBox(self, "Search incidents", name="incidents-search")
        self.search.search_changed.connect(self.proxy.set_search_text)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("incidents-status-filter")
        self.status_filter.setAccessibleName("Status")
        self.status_filter.addItem("All", None)
        for status in IncidentStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("incidents-category-filter")
        self.category_filter.setAccessibleName("Category")
        self.category_filter.addItem("All categories", None)
        for category in IncidentCategory:
            self.category_filter.addItem(SHORT_CATEGORY[category], category.value)
            self.category_filter.setItemData(
                self.category_filter.count() - 1, category.label, Qt.ItemDataRole.ToolTipRole
            )
        self.category_filter.setMinimumContentsLength(16)
        self.category_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category_filter.currentIndexChanged.connect(self.apply_filters)
        self.open_only = QCheckBox("Open only")
        self.open_only.setObjectName("incidents-open-only")
        self.open_only.setToolTip("Hide closed incidents")
        self.open_only.toggled.connect(self.apply_filters)
        self.safeguarding_only = QCheckBox("Safeguarding only")
        self.safeguarding_only.setObjectName("incidents-safeguarding-only")
        self.safeguarding_only.setToolTip("Only incidents marked as safeguarding concerns")
        self.safeguarding_only.toggled.connect(self.apply_filters)
        filters = filter_bar(self.search, (("S&tatus", self.status_filter, 0), ("C&ategory", self.category_filter, 1)))
        filters.addSpacing(10)
        filters.addWidget(self.open_only)
        filters.addWidget(self.safeguarding_only)

        self.table = TableView("Incidents", self, name="incidents-table")
        self.table.use_model(self.proxy, IncidentTableModel.RECEIVED, Qt.SortOrder.DescendingOrder)
        metrics = self.table.fontMetrics()
        icon_room = 16 + 4 + 18  # the marker icon, its gap and the cell's padding
        for column, widest in (
            (IncidentTableModel.STATUS, "Escalated · Safeguarding"),
            (IncidentTableModel.RESPONSE, "Overdue by 1 day 23 h"),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(widest) + icon_room)
        self.model.palette_widget = self.table
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = plain_label("", wrap=False, name="incidents-count")
        self.count_label.setAccessibleName("Number of incidents")
        self.notice = plain_label("", name="incidents-notice")
        self.notice.setAccessibleName("Message")
        self.export_button = button("Export…", "incidents-export", "Save the incident log as a spreadsheet")
        self.export_button.clicked.connect(self.export)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addSpacing(12)
        footer.addWidget(self.notice, 1)
        footer.addWidget(self.export_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 6)
        top_layout.setSpacing(6)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(footer)

        self.pane = IncidentPane(session, self)
        self.pane.changed.connect(self._incident_changed)
        self.pane.edit_requested.connect(self.edit_incident)
        self.pane.open_record.connect(self.open_record)

        self.splitter = section_splitter("incidents-splitter", top, self.pane, vertical=True, stretch=(2, 3))
        self.splitter.setHandleWidth(10)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(intro)
        layout.addSpacing(2)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.new_button, self.search)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.category_filter)
        self.setTabOrder(self.category_filter, self.open_only)
        self.setTabOrder(self.open_only, self.safeguarding_only)
        self.setTabOrder(self.safeguarding_only, self.table)
        self.setTabOrder(self.table, self.export_button)

        # Window shortcuts on a hidden page do not match, so these never clash with another section's.
        self.shortcuts = [
            window_shortcut(self, QKeySequence.StandardKey.New, self.new_incident),
            window_shortcut(self, QKeySequence.StandardKey.Paste, self.paste),
            window_shortcut(self, QKeySequence.StandardKey.Print, self.print_report),
        ]
        self.new_shortcut, self.paste_shortcut, self.print_shortcut = self.shortcuts

        self.clock = QTimer(self)
        self.clock.setInterval(TICK_MS)
        self.clock.timeout.connect(self.tick)

        session.locked.connect(self.clear)
        session.unlocked.connect(self._on_unlocked)
        session.changed.connect(self._on_changed)
        self._set_enabled(session.is_unlocked)
        if session.is_unlocked:
            self.reload()

    # -- loading -----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the log again in the background (the table keeps showing the old rows meanwhile)."""
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        workspace = self.session.workspace
        if not self.model.rowCount():
            self.count_label.setText("Loading the incident log…")
        self.loads.start(lambda: load_incidents(workspace), self._loaded, self._failed)

    def _loaded(self, prepared: PreparedRows[IncidentRow]) -> None:
        self.model.tick()
        self._selecting = True
        try:
            self.model.set_rows(prepared)
        finally:
            self._selecting = False
        first = not self._loaded_once
        self._loaded_once = True
        self._show_counts(self.proxy.total_count(), self.proxy.shown_count())
        self.clock.start()
        pending, self._pending_record = self._pending_record, None
        if pending is not None:
            self.show_record(pending)
        elif self.pane.incident_id is not None:
            self._select_row(self.pane.incident_id)
        elif first and self.proxy.rowCount():
            self.open_incident(self.proxy.row_at(0).id)  # the newest, so the pane is never empty to start with

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText("The incident log could not be loaded.")
        show_error(self, exc)

    def clear(self) -> None:
        """Forget everything shown (the workspace locked): the log, the chosen incident and any open dialog."""
        self.loads.cancel()
        self.freshness.stale = True
        self._loaded_once = False
        self._pending_record = None
        self.clock.stop()
        for dialog in list(self.dialogs):
            closer = getattr(dialog, "force_close", None)
            if closer is not None:
                closer()
            else:
                dialog.reject()
        self.dialogs.clear()
        self.search.reset()
        self.reset_filters()
        self.model.clear()
        self.pane.clear()
        self.count_label.clear()
        self.notice.clear()
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.new_button,
            self.search,
            self.status_filter,
            self.category_filter,
            self.open_only,
            self.safeguarding_only,
            self.table,
            self.export_button,
            self.pane,
        ):
            widget.setEnabled(enabled)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(enabled)

    def _on_unlocked(self, _workspace: object) -> None:
        self._set_enabled(True)
        self.freshness.mark_stale()

    def _on_changed(self, area: str) -> None:
        if area not in (AREA, "accounts") or self._announcing:
            return
        self.freshness.mark_stale()
        if self.isVisible():
            self.pane.refresh()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()

    def tick(self) -> None:
        """A minute passed: the time left in the table and the pane counts down."""
        self.model.tick()
        self.table.viewport().update()
        self.pane.tick()

    # -- filters -----------------------------------------------------------------------------------------------

    def apply_filters(self, *_args: object) -> None:
        """Filter by the status, category and tick boxes chosen: one predicate for all of them, so each row costs
        one call (20,000 rows filter well within a keystroke)."""
        if self._resetting:
            return
        status_value, category_value = self.status_filter.currentData(), self.category_filter.currentData()
        status = IncidentStatus(status_value) if status_value is not None else None
        category = IncidentCategory(category_value) if category_value is not None else None
        open_only, safeguarding_only = self.open_only.isChecked(), self.safeguarding_only.isChecked()
        if status is None and category is None and not open_only and not safeguarding_only:
            self.proxy.set_predicate("filters", None)
            return
        closed = IncidentStatus.CLOSED

        def wanted(row: IncidentRow) -> bool:
            return (
                (status is None or row.status is status)
                and (category is None or row.category is category)
                and (not open_only or row.status is not closed)
                and (not safeguarding_only or row.safeguarding_concern)
            )

        self.proxy.set_predicate("filters", wanted)

    def reset_filters(self) -> None:
        """Show every incident again (search, status, category and the tick boxes cleared)."""
        self._resetting = True
        try:
            for combo in (self.status_filter, self.category_filter):
                combo.setCurrentIndex(0)
            self.open_only.setChecked(False)
            self.safeguarding_only.setChecked(False)
        finally:
            self._resetting = False
        self.proxy.set_predicate("filters", None)
        self.search.reset()

    def _show_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked or not self._loaded_once:
            if self.session.is_unlocked and not total:
                return  # still loading: keep "Loading…"
            self.count_label.setText("")
            return
        noun = "incident" if total == 1 else "incidents"
        if total == 0:
            self.count_label.setText("No incidents yet. Press Log incident to record the first.")
        elif shown == total:
            self.count_label.setText(f"{total:,} {noun}, all shown")
        else:
            self.count_label.setText(f"{total:,} {noun}, {shown:,} shown")

    # -- choosing ----------------------------------------------------------------------------------------------

    def _proxy_row(self, incident_id: int) -> int:
        source = self.model
        for row in range(source.rowCount()):
            if source.row_at(row).id == incident_id:
                index = self.proxy.mapFromSource(source.index(row, 0))
                return index.row() if index.isValid() else -1
        return -1

    def _select_row(self, incident_id: int | None) -> None:
        """Mark ``incident_id`` in the table without opening it again (None: no row)."""
        self._selecting = True
        try:
            row = -1 if incident_id is None else self._proxy_row(incident_id)
            if row < 0:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
        finally:
            self._selecting = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        incident_id = self.proxy.row_at(current.row()).id
        if incident_id != self.pane.incident_id:
            self.open_incident(incident_id)

    def open_incident(self, incident_id: int) -> bool:
        """Show incident ``incident_id`` in the pane and mark it in the table."""
        if not self.session.is_unlocked:
            return False
        if not self.pane.show_incident(incident_id):
            return False
        self.notice.clear()
        self._select_row(incident_id)
        return True

    def show_record(self, record_id: object) -> None:
        """Bring incident ``record_id`` (a dashboard item's id, "7" or 7) into view."""
        try:
            incident_id = int(str(record_id))
        except ValueError:
            log.warning("not an incident id: %r", type(record_id).__name__)
            return
        if not self._loaded_once:
            self._pending_record = incident_id
            if self.session.is_unlocked and self.freshness.stale:
                self.reload()
            return
        if self._proxy_row(incident_id) < 0:
            self.reset_filters()
        self.open_incident(incident_id)

    # -- logging and editing -------------------------------------------------------------------------------------

    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.add(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.dialogs.discard(dialog))
        dialog.open()
        return dialog

    def new_incident(self) -> QDialog | None:
        """Open the form for a new incident (Ctrl+N)."""
        from smgov.ui.sections.incidents.form import IncidentFormDialog

        if not self.session.is_unlocked:
            return None
        for dialog in self.dialogs:
            if isinstance(dialog, IncidentFormDialog) and dialog.isVisible():
                dialog.raise_()
                return dialog
        form = IncidentFormDialog(self, self.session)
        form.saved.connect(self._logged)
        return self._keep(form)

    def edit_incident(self, details: IncidentDetails) -> QDialog | None:
        from smgov.ui.sections.incidents.form import IncidentFormDialog

        if not self.session.is_unlocked:
            return None
        form = IncidentFormDialog(self, self.session, details)
        form.saved.connect(self._edited)
        return self._keep(form)

    def _logged(self, details: IncidentDetails) -> None:
        self._after_save(details.id)
        due = school_time_text(details.due_at)
        self.pane.show_notice(
            f"{details.reference} is logged"
            + (f"; the response is due {due}" if due else "")
            + ". Paste the screenshot now with Ctrl+V, or drop the file here."
        )

    def _edited(self, details: IncidentDetails) -> None:
        self._after_save(details.id)
        self.pane.show_notice(f"{details.reference} is saved. The changes are on its timeline.")

    def _after_save(self, incident_id: int) -> None:
        self.pane.show_incident(incident_id)
        self._pending_record = None
        self._incident_changed(incident_id)

    def _incident_changed(self, incident_id: int) -> None:
        """The pane changed an incident: reload the log (it selects the incident again) and tell the others."""
        self.reload()
        self._announcing = True
        try:
            self.session.changed.emit(AREA)
        finally:
            self._announcing = False

    # -- the chosen incident's shortcuts -----------------------------------------------------------------------

    def paste(self) -> bool:
        """Ctrl+V: add the clipboard's picture to the chosen incident."""
        if self.pane.incident_id is None:
            self.notice.setText("Choose an incident first (or log one with Ctrl+N), then paste the screenshot.")
            return False
        return self.pane.paste()

    def print_report(self) -> QDialog | None:
        return self.pane.print_report()

    def export(self) -> QDialog | None:
        from smgov.ui.sections.incidents.printing import ExportDialog

        if not self.session.is_unlocked:
            return None
        dialog = ExportDialog(self, self.session)
        dialog.exported.connect(lambda path: self.notice.setText(f"Saved {path.name}."))
        return self._keep(dialog)

    # -- section hooks -------------------------------------------------------------------------------------------

    def confirm_leave(self, proceed: Callable[[], None]) -> bool:
        """The section keeps nothing unsaved of its own (forms are dialogs that ask for themselves)."""
        return True

    def focus_search(self) -> None:
        self.search.focus_search()

    def shown_rows(self) -> list[IncidentRow]:
        return [self.proxy.row_at(row) for row in range(self.proxy.rowCount())]
