"""The register of blocked content requests as a table: newest first, access about to end marked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle
from typing_extensions import override

from smgov.data.models import RequestStatus
from smgov.data.services.blocked_content import RequestDetails
from smgov.data.services.incidents import school_today
from smgov.ui.frame.tables import AnyIndex, Column, RowTableModel, uk_date
from smgov.ui.sections.blocked_content.words import expiry_needs_attention, expiry_text, requested_by, site_of

STATUS_ORDER = {status: position for position, status in enumerate(RequestStatus)}


class RequestTableModel(RowTableModel[RequestDetails]):
    """One row per request. The columns that matter come first (reference, site, who asked, status, expiry), so
    they stay in view when the pane beside the list is open."""

    REFERENCE, SITE, REQUESTER, STATUS, EXPIRES, DATE, DECIDED_BY = range(7)
    columns = (
        Column[RequestDetails]("Reference", lambda r: r.reference, sort_key=lambda r: r.id, width=9),
        Column[RequestDetails]("Site", lambda r: site_of(r.url), width=21),
        Column[RequestDetails]("Requester", requested_by, sort_key=lambda r: r.staff_name.casefold(), width=34),
        Column[RequestDetails]("Status", lambda r: r.status.label, sort_key=lambda r: STATUS_ORDER[r.status], width=19),
        Column[RequestDetails](
            "Access expires", lambda r: expiry_text(r, school_today()), sort_key=lambda r: r.expires_on, width=26
        ),
        Column[RequestDetails](
            "Requested on", lambda r: uk_date(r.requested_on), sort_key=lambda r: r.requested_on, width=11
        ),
        Column[RequestDetails]("Decided by", lambda r: r.decision_by),
    )

    @override
    def haystack(self, row: RequestDetails, text: tuple[str, ...]) -> str:
        # The full address and what the site is for are searched too (the pane shows them).
        extra = "\x1f".join((row.url, row.site_content, row.authoriser, row.implemented_by))
        return f"{super().haystack(row, text)}\x1f{extra.casefold()}"

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole and index.column() == self.REQUESTER:
            return requested_by(self.row_at(index.row()))  # the whole of it, when the column is narrow
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            if index.column() == self.EXPIRES and expiry_needs_attention(self.row_at(index.row()), school_today()):
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        return super().data(index, role)
