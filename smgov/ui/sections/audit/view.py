"""The audit log: every change, reveal, copy, export and print, newest first, with search and filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smgov.data.audit_actions import action_label
from smgov.data.services.audit_log import AuditRow
from smgov.data.services.blocked_content import reference as request_reference
from smgov.data.services.content_reports import reference as report_reference
from smgov.data.services.incidents import reference as incident_reference
from smgov.ui.frame import operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import (
    Column,
    FilterProxy,
    PreparedRows,
    RowTableModel,
    SearchBox,
    TableView,
    filter_bar,
    local_time,
)
from smgov.ui.shell.session import AppSession

# Records the school knows by a reference show it ("INC-00034"), as the printed forms do.
REFERENCES = {
    "incident": incident_reference,
    "blocked_content_request": request_reference,
    "content_report": report_reference,
}


def record_label(row: AuditRow) -> str:
    reference = REFERENCES.get(row.entity_type)
    if reference is not None and row.entity_id and row.entity_id.isdigit():
        return reference(int(row.entity_id))
    kind = row.entity_type.replace("_", " ").replace("-", " ")
    kind = kind[:1].upper() + kind[1:]
    return f"{kind} {row.entity_id}" if row.entity_id else kind


class AuditTableModel(RowTableModel[AuditRow]):
    """Audit events: when (local time), who, what, which record, and the summary."""

    WHEN, WHO, ACTION, RECORD, SUMMARY = range(5)
    columns = (
        Column[AuditRow]("When", lambda r: local_time(r.at), sort_key=lambda r: r.at, width=17),
        Column[AuditRow]("Who", lambda r: r.actor, width=14),
        Column[AuditRow]("Action", lambda r: action_label(r.action), width=27),
        Column[AuditRow]("Record", record_label, width=14),
        Column[AuditRow]("Summary", lambda r: r.summary),
    )


def _any_date_edit(name: str, accessible: str) -> QDateEdit:
    """A date filter that reads "Any" until a date is chosen (its minimum date means no limit)."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText("Any")
    edit.setDate(edit.minimumDate())
    edit.setMinimumWidth(120)
    return edit


def _chosen_date(edit: QDateEdit) -> dt.date | None:
    if edit.date() == edit.minimumDate():
        return None
    chosen = edit.date()
    return dt.date(chosen.year(), chosen.month(), chosen.day())


class AuditView(QWidget):
    """The audit log section. Loads in the background; clears when the workspace locks."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit-view")
        self.session = session
        self.loads = operations.LatestLoad(self, session)
        self.freshness = operations.ReloadWhenShown(self, self.reload)

        self.model = AuditTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)

        title = QLabel("Audit log")
        title.setObjectName("section-title")
        title.setAccessibleName("Audit log")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Every change, print, export and backup is recorded here and chained together, so any tampering shows."
        )
        intro.setWordWrap(True)
        intro.setObjectName("audit-intro")

        self.search = SearchBox(self, "Search the audit log", name="audit-search")
        self.search.search_changed.connect(self.proxy.set_search_text)

        self.action_filter = QComboBox()
        self.action_filter.setObjectName("audit-action-filter")
        self.action_filter.setAccessibleName("Action")
        self.action_filter.setMinimumContentsLength(18)
        self.action_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.action_filter.addItem("All actions", None)
        self.action_filter.currentIndexChanged.connect(self._action_chosen)

        self.date_from = _any_date_edit("audit-date-from", "From date")
        self.date_to = _any_date_edit("audit-date-to", "To date")
        self.date_from.dateChanged.connect(self._dates_chosen)
        self.date_to.dateChanged.connect(self._dates_chosen)

        self.verify_button = QPushButton("Verify audit chain…")
        self.verify_button.setObjectName("audit-verify")
        self.verify_button.setAccessibleName("Verify audit chain")
        self.verify_button.setToolTip("Check that no event has been changed or removed since it was recorded.")
        self.verify_button.clicked.connect(self.verify)

        filters = filter_bar(
            self.search, (("&Action", self.action_filter, 2), ("&From", self.date_from, 0), ("&To", self.date_to, 0))
        )

        self.table = TableView("Audit events", self, name="audit-table")
        self.table.use_model(self.proxy, AuditTableModel.WHEN, Qt.SortOrder.DescendingOrder)

        self.count_label = QLabel("")
        self.count_label.setObjectName("audit-count")
        self.count_label.setAccessibleName("Number of events")

        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.verify_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self.setTabOrder(self.search, self.action_filter)
        self.setTabOrder(self.action_filter, self.date_from)
        self.setTabOrder(self.date_from, self.date_to)
        self.setTabOrder(self.date_to, self.table)
        self.setTabOrder(self.table, self.verify_button)

        session.locked.connect(self.clear)
        session.unlocked.connect(self.freshness.mark_stale)
        # Every change writes an audit event, whatever its area.
        session.changed.connect(self.freshness.mark_stale)
        if session.is_unlocked:
            self.reload()

    # -- loading -----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the events again in the background (the table keeps showing the old ones meanwhile)."""
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        workspace = self.session.workspace
        if not self.model.rowCount():
            self.count_label.setText("Loading the audit log…")

        def load() -> PreparedRows[AuditRow]:
            from smgov.data.services.audit_log import list_events

            prepared: PreparedRows[AuditRow] = AuditTableModel.prepare(list_events(workspace))
            return prepared

        self.loads.start(load, self._loaded, self._failed)

    def _loaded(self, prepared: PreparedRows[AuditRow]) -> None:
        self._fill_actions(prepared.rows)
        self.model.set_rows(prepared)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText("The audit log could not be loaded.")
        show_error(self, exc)

    def _fill_actions(self, rows: list[AuditRow]) -> None:
        chosen = self.action_filter.currentData()
        actions = sorted({row.action for row in rows}, key=action_label)
        self.action_filter.blockSignals(True)
        self.action_filter.clear()
        self.action_filter.addItem("All actions", None)
        for action in actions:
            self.action_filter.addItem(action_label(action), action)
        index = self.action_filter.findData(chosen) if chosen else 0
        self.action_filter.setCurrentIndex(max(index, 0))
        self.action_filter.blockSignals(False)
        if chosen and index < 0:
            self._action_chosen()

    def clear(self) -> None:
        """Forget every event shown (the workspace locked)."""
        self.loads.cancel()
        self.freshness.stale = True
        self.search.reset()
        self.model.clear()
        self.action_filter.blockSignals(True)
        self.action_filter.clear()
        self.action_filter.addItem("All actions", None)
        self.action_filter.blockSignals(False)
        self.proxy.set_predicate("action", None)
        self.date_from.setDate(self.date_from.minimumDate())
        self.date_to.setDate(self.date_to.minimumDate())
        self.count_label.setText("")

    # -- filters -----------------------------------------------------------------------------------------------

    def _action_chosen(self, _index: int = 0) -> None:
        action = self.action_filter.currentData()
        self.proxy.set_predicate("action", None if action is None else (lambda row: row.action == action))

    def _dates_chosen(self, _date: Any = None) -> None:
        start, end = _chosen_date(self.date_from), _chosen_date(self.date_to)
        if start is None and end is None:
            self.proxy.set_predicate("dates", None)
            return
        first = start or dt.date.min
        last = end or dt.date.max

        def within(row: AuditRow) -> bool:
            return first <= row.at.astimezone().date() <= last

        self.proxy.set_predicate("dates", within)

    def _show_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked:
            self.count_label.setText("")
            return
        noun = "event" if total == 1 else "events"
        if shown == total:
            self.count_label.setText(f"{total:,} {noun}, all shown")
        else:
            self.count_label.setText(f"{total:,} {noun}, {shown:,} shown")

    # -- section hooks -----------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.focus_search()

    def verify(self) -> None:
        from smgov.ui.shell.workspace_dialogs import verify_now

        verify_now(self, self.session)
