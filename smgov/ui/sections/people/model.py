"""The people list: everyone with their training and terms of use, and what a leaver must still have done."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyle
from typing_extensions import override

from smgov.data.services.people import LeaverItem, PersonRow
from smgov.ui.frame.tables import AnyIndex, Column, RowTableModel, uk_date

LEAVER_WORDS = {
    "transfer lead": "Transfer the lead of",
    "remove access": "Remove access to",
    "rotate password": "Change the password of",
}


def leaver_text(item: LeaverItem) -> str:
    """One to-do in words: "Transfer the lead of Brambleford PE"."""
    words = LEAVER_WORDS.get(item.action, item.action.capitalize())
    if item.credential_id is not None:
        return f"{words} {item.account_name} ({item.credential_label})"
    return f"{words} {item.account_name}"


def not_ready(person: PersonRow) -> bool:
    """Named on an account without the training or signed terms of use the policies require."""
    return bool(person.accounts_named) and not person.is_ready_to_post


def _date_or_not_yet(title: str, attribute: str) -> Column[PersonRow]:
    return Column[PersonRow](
        title,
        lambda p: uk_date(getattr(p, attribute)) or "Not yet",
        sort_key=lambda p: getattr(p, attribute),
        width=10,
    )


class PersonTableModel(RowTableModel[PersonRow]):
    """Everyone on the register, with their training and terms of use and how many accounts they are named on."""

    NAME, KIND, ROLE, ACCOUNTS, TRAINING, TERMS, SAFETY, LEAVING, EMAIL = range(9)
    columns = (
        Column[PersonRow]("Name", lambda p: p.full_name, width=18),
        Column[PersonRow]("Kind", lambda p: p.kind.label, width=8),
        Column[PersonRow]("Role", lambda p: p.role, width=15),
        Column[PersonRow](
            "Accounts", lambda p: str(p.accounts_named), sort_key=lambda p: p.accounts_named, width=6, align_right=True
        ),
        _date_or_not_yet("Training", "social_media_training_on"),
        _date_or_not_yet("Terms signed", "terms_signed_on"),
        _date_or_not_yet("Online safety", "online_safety_training_on"),
        Column[PersonRow]("Leaving", lambda p: uk_date(p.leaving_date), sort_key=lambda p: p.leaving_date, width=10),
        Column[PersonRow]("Email", lambda p: p.email),
    )

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            person = self.row_at(index.row())
            column = index.column()
            missing = (column == self.TRAINING and person.social_media_training_on is None) or (
                column == self.TERMS and person.terms_signed_on is None
            )
            if missing and not_ready(person) and not person.has_left():
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            if self.row_at(index.row()).has_left():
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        return super().data(index, role)
