"""The audit log: every change, reveal, copy, export and print, newest first, with search and filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.audit_actions import action_label
from smgov.data.models import KeyRole
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.audit_log import AuditRow
from smgov.data.services.blocked_content import reference as request_reference
from smgov.data.services.content_reports import reference as report_reference
from smgov.data.services.incidents import reference as incident_reference
from smgov.ui.frame.forms import button
from smgov.ui.frame.section import DateFilter, Filter, ListSection, Predicate, choice_filter
from smgov.ui.frame.tables import Column, RowTableModel, local_time

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

KEY_ROLES = frozenset(role.value for role in KeyRole)


def _account_reference(number: int) -> str:
    return format_reference(RecordKind.ACCOUNT, number)


# Records the school knows by a reference show it ("INC-00034"), as the printed forms do.
REFERENCES: dict[str, Callable[[int], str]] = {
    "incident": incident_reference,
    "blocked_content_request": request_reference,
    "content_report": report_reference,
    "account": _account_reference,
}


def record_label(row: AuditRow) -> str:
    """The record an event is about as the school knows it: a reference, a person's name, "School settings"."""
    reference = REFERENCES.get(row.entity_type)
    if reference is not None and row.entity_id and row.entity_id.isdigit():
        return reference(int(row.entity_id))
    if row.entity_type == "person" and row.person_name:
        return row.person_name
    if row.entity_type == "school":
        return "School settings"
    if row.entity_type == "key_person" and row.entity_id in KEY_ROLES:
        return KeyRole(row.entity_id).label
    if row.entity_type == "closure_day" and row.entity_id:
        try:
            return f"Closure day {dt.date.fromisoformat(row.entity_id):%d/%m/%Y}"
        except ValueError:
            pass
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


def _from(day: object) -> Predicate | None:
    if not isinstance(day, dt.date):
        return None
    return lambda row: row.at.astimezone().date() >= day


def _to(day: object) -> Predicate | None:
    if not isinstance(day, dt.date):
        return None
    return lambda row: row.at.astimezone().date() <= day


def _action(action: object) -> Predicate | None:
    return None if action is None else (lambda row: row.action == action)


class AuditView(ListSection[AuditRow]):
    """The audit log section: a list on its own, newest first; every change anywhere adds to it."""

    section = Section.AUDIT
    name = "audit"
    title = "Audit log"
    intro = "Every change, print, export and backup is recorded here and chained together, so any tampering shows."
    noun = ("event", "events")
    search_placeholder = "Search the audit log"
    watched = frozenset(Change)  # every change writes an audit event, whatever its area
    sort_column = AuditTableModel.WHEN
    sort_order = Qt.SortOrder.DescendingOrder

    @override
    def make_model(self) -> RowTableModel[AuditRow]:
        return AuditTableModel(self)

    @override
    def load(self, workspace: Workspace) -> Sequence[AuditRow]:
        from smgov.data.services.audit_log import list_events

        return list_events(workspace)

    @override
    def make_filters(self) -> list[Filter]:
        action = choice_filter("&Action", "audit-action-filter", "Action", [("All actions", None)], _action)
        action.stretch = 2
        self.action_filter: QComboBox = action.combo
        self.action_filter.setMinimumContentsLength(18)
        self.action_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        start = DateFilter("&From", "audit-date-from", "From date", _from)
        end = DateFilter("&To", "audit-date-to", "To date", _to)
        self.date_from, self.date_to = start.edit, end.edit
        return [action, start, end]

    @override
    def footer_widgets(self) -> list[QWidget]:
        self.verify_button = button("Verify audit chain…", "audit-verify", "Verify audit chain")
        self.verify_button.setToolTip("Check that no event has been changed or removed since it was recorded.")
        self.verify_button.clicked.connect(self.verify)
        return [self.verify_button]

    @override
    def after_load(self) -> None:
        """Offer the actions that appear in the log, by their labels (keeping the one chosen)."""
        chosen = self.action_filter.currentData()
        actions = sorted({row.action for row in self.model.rows()}, key=action_label)
        self.action_filter.blockSignals(True)
        self.action_filter.clear()
        self.action_filter.addItem("All actions", None)
        for action in actions:
            self.action_filter.addItem(action_label(action), action)
        index = self.action_filter.findData(chosen) if chosen else 0
        self.action_filter.setCurrentIndex(max(index, 0))
        self.action_filter.blockSignals(False)
        if chosen and index < 0:
            self.action_filter.currentIndexChanged.emit(0)  # the chosen action is gone: show every action

    @override
    def clear(self) -> None:
        super().clear()
        self.reset_filters()
        self.action_filter.clear()
        self.action_filter.addItem("All actions", None)

    def verify(self) -> None:
        from smgov.ui.shell.workspace_dialogs import verify_now

        verify_now(self, self.session)
