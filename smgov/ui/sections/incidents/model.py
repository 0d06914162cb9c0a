"""The incident table: one row per incident, newest first, with the response deadline shown as time left.

The "Response" column reads the clock when it is painted (``IncidentTableModel.now``, moved on each minute by the
view), so "Due in 3 h" counts down without reloading 20,000 rows. Overdue responses and safeguarding concerns carry
an icon beside their words, never colour alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from smgov.data.models import IncidentStatus
from smgov.data.services.incidents import IncidentRow, ResponseState
from smgov.ui.frame.tables import AnyIndex, Column, RowRole, RowTableModel, SortRole
from smgov.ui.frame.widgets import error_colour, warning_colour
from smgov.ui.sections.incidents.common import SHORT_CATEGORY, STATUS_ORDER, response_text, school_time_text, utcnow
from smgov.ui.sections.incidents.markers import marker_icon


def account_text(row: IncidentRow) -> str:
    return " · ".join(part for part in (row.platform, row.account_name) if part)


def status_text(row: IncidentRow) -> str:
    return f"{row.status.label} · Safeguarding" if row.safeguarding_concern else row.status.label


def _response_key(row: IncidentRow) -> Any:
    """Waiting responses by deadline first; answered or closed ones after them."""
    if row.first_response_at is None and row.status is not IncidentStatus.CLOSED and row.due_at is not None:
        return row.due_at
    return None


_DECORATION = int(Qt.ItemDataRole.DecorationRole)  # (plain values: data() is asked for every visible cell)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


class IncidentTableModel(RowTableModel[IncidentRow]):
    """Incidents: reference, when received, response, status, summary, category, evidence, platform and account.

    The columns that tell incidents apart and say how each response and incident stands come first: with an
    incident open beside the list, those are the ones in view (the status's marker and first word at least).
    """

    REFERENCE, RECEIVED, RESPONSE, STATUS, SUMMARY, CATEGORY, EVIDENCE, ACCOUNT = range(8)
    columns = (
        Column[IncidentRow]("Reference", lambda r: r.reference, sort_key=lambda r: r.id, width=9),
        Column[IncidentRow](
            "Received", lambda r: school_time_text(r.received_at), sort_key=lambda r: r.received_at, width=15
        ),
        Column[IncidentRow](
            "Response",
            lambda r: response_text(r.due_at, r.first_response_at, r.status, utcnow()),
            sort_key=_response_key,
            searchable=False,  # it changes by the minute; the words are read when painted
            width=19,
        ),
        Column[IncidentRow](
            "Status", status_text, sort_key=lambda r: (STATUS_ORDER[r.status], not r.safeguarding_concern), width=19
        ),
        Column[IncidentRow]("Summary", lambda r: r.summary, width=40),
        Column[IncidentRow]("Category", lambda r: SHORT_CATEGORY[r.category], width=14),
        Column[IncidentRow](
            "Evidence",
            lambda r: str(r.evidence_count) if r.evidence_count else "",
            sort_key=lambda r: r.evidence_count,
            searchable=False,
            width=7,
            align_right=True,
        ),
        Column[IncidentRow]("Platform / account", account_text),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.now = utcnow()
        self.palette_widget: QWidget | None = None  # whose palette picks the overdue red (light or dark)

    answered_roles = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.TextAlignmentRole,
            SortRole,
            RowRole,
        }
    )

    @override
    def haystack(self, row: IncidentRow, text: tuple[str, ...]) -> str:
        # The shown text (reference, received, status, summary, category, platform and account), then the full
        # category and who reported it: what row.search_text holds, each once (a keystroke reads every haystack).
        return "\x1f".join((super().haystack(row, text), row.category.label.casefold(), row.reported_by.casefold()))

    def tick(self, now: dt.datetime | None = None) -> None:
        """Move the clock the Response column reads (the view repaints after)."""
        self.now = now or utcnow()

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if column == self.RESPONSE:
            return self._response_data(self.row_at(index.row()), role)
        if column == self.STATUS and role == _DECORATION:
            row = self.row_at(index.row())
            return marker_icon("safeguarding") if row.safeguarding_concern else None
        if role == _TOOLTIP:
            row = self.row_at(index.row())
            if column == self.CATEGORY:
                return row.category.label
            if column == self.STATUS and row.safeguarding_concern:
                told = "acknowledged by the DSL" if row.dsl_acknowledged else "not yet acknowledged by the DSL"
                return f"{row.status.label}. A safeguarding concern, {told}."
        return super().data(index, role)

    def _response_data(self, row: IncidentRow, role: int) -> Any:
        now = self.now
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return response_text(row.due_at, row.first_response_at, row.status, now)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = response_text(row.due_at, row.first_response_at, row.status, now)
            if row.due_at is None:
                return text
            return f"{text}. The response was due {school_time_text(row.due_at)}."
        state = row.response_state(now)
        if role == Qt.ItemDataRole.DecorationRole:
            if state is ResponseState.OVERDUE:
                return marker_icon("overdue")
            if state is ResponseState.DUE_SOON:
                return marker_icon("due")
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.palette_widget is None:
                return None
            if state is ResponseState.OVERDUE:
                return error_colour(self.palette_widget)
            if state is ResponseState.DUE_SOON:
                return warning_colour(self.palette_widget)
            return None
        if role == RowRole:
            return row
        if role == SortRole:
            return _response_key(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None
