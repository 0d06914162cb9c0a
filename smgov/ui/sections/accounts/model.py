"""The register's table: one row per account, the columns that matter first, and what needs attention in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle
from typing_extensions import override

from smgov.data.models.accounts import AccountStatus, Platform
from smgov.data.services.accounts import AccountRow
from smgov.ui.frame.tables import AnyIndex, Column, RowTableModel, uk_date

S = AccountStatus
STATUS_ORDER = {status: position for position, status in enumerate(AccountStatus)}


def handle_text(platform: Platform, handle: str) -> str:
    """A handle as people write it: @name on social platforms, as it is for blogs and others."""
    if not handle or platform in (Platform.BLOG, Platform.OTHER):
        return handle
    return f"@{handle}"


def attention_flags(row: AccountRow, today: dt.date | None = None) -> list[str]:
    """What stands out about an account, in words: private, too few named staff, review overdue."""
    if row.status in (S.CLOSED, S.REJECTED):
        return []
    today = today or dt.date.today()
    flags = []
    if not row.is_public:
        flags.append("Private")
    if row.current_staff < 2:
        flags.append("No named staff" if row.current_staff == 0 else "1 named staff")
    if row.review_date is not None and row.review_date < today:
        flags.append("Review overdue")
    return flags


class AccountTableModel(RowTableModel[AccountRow]):
    """The register: which account (name, platform, handle), where it stands (status, review), then what needs
    attention, who runs it and the rest. The first five columns fit beside a chosen account's details."""

    NAME, PLATFORM, HANDLE, STATUS, REVIEW, ATTENTION, LEAD, STAFF, PUBLIC, LOGINS = range(10)
    columns = (
        Column[AccountRow]("Account", lambda r: r.display_name, width=18),
        Column[AccountRow]("Platform", lambda r: r.platform.label, width=11),
        Column[AccountRow]("Handle", lambda r: handle_text(r.platform, r.handle), width=20),
        Column[AccountRow]("Status", lambda r: r.status.label, sort_key=lambda r: STATUS_ORDER[r.status], width=14),
        Column[AccountRow]("Review", lambda r: uk_date(r.review_date), sort_key=lambda r: r.review_date, width=9),
        Column[AccountRow]("Needs attention", lambda r: ", ".join(attention_flags(r)), width=27),
        Column[AccountRow]("Lead", lambda r: r.lead, width=15),
        Column[AccountRow](
            "Staff", lambda r: str(r.current_staff), sort_key=lambda r: r.current_staff, width=4, align_right=True
        ),
        Column[AccountRow]("Public", lambda r: "Yes" if r.is_public else "No", width=5),
        Column[AccountRow]("Logins", lambda r: str(r.credentials), sort_key=lambda r: r.credentials),
    )

    @override
    def haystack(self, row: AccountRow, text: tuple[str, ...]) -> str:
        # The web address and linked email are searched too (not shown: the details pane has them).
        shown: str = super().haystack(row, text)
        return shown + f"\x1f{row.profile_url}\x1f{row.linked_email}".casefold()

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            if index.column() == self.ATTENTION and super().data(index):
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        return super().data(index, role)
