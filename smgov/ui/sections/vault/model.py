"""The vault's lists: the credentials (never a secret in them), the health report, and who was given a password.

The list's rows are read in the background: each carries the service's row (strength score and dates, never a
value), its age, the school's age limit and what the health report says about it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from smgov.data.models.vault import CredentialKind
from smgov.data.services.vault import CredentialRow, DisclosureRow, HealthItem
from smgov.ui.frame.tables import AnyIndex, Column, RowTableModel, uk_date
from smgov.ui.sections.vault.words import KIND_SHORT, PROBLEMS, is_weak, local_date, strength_words

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace


@dataclass(frozen=True)
class VaultRow:
    """One line of the list: the service's row, its age, and what the health report says about it."""

    credential: CredentialRow
    age_days: int
    too_old: bool
    max_age: int
    health: tuple[HealthItem, ...] = ()

    @property
    def id(self) -> int:
        return self.credential.id

    @property
    def problems(self) -> frozenset[str]:
        return frozenset(item.problem for item in self.health)


def load_rows(workspace: Workspace, today: dt.date | None = None) -> list[VaultRow]:
    """Every credential with its health, read in one go (runs off the UI thread; no secret is decrypted)."""
    from smgov.data.services import school, vault

    today = today or dt.date.today()
    max_age = school.get_details(workspace).password_max_age_days
    found: dict[int, list[HealthItem]] = defaultdict(list)
    for item in vault.health_report(workspace, today):
        found[item.credential.id].append(item)
    rows = []
    for credential in vault.list_credentials(workspace):
        age = credential.age_days(today)
        too_old = credential.kind is not CredentialKind.RECOVERY_CODES and age > max_age
        rows.append(VaultRow(credential, age, too_old, max_age, tuple(found.get(credential.id, ()))))
    return rows


def _given(row: VaultRow) -> str:
    count = row.credential.disclosures
    if not count:
        return ""
    return "1 person" if count == 1 else f"{count} people"


class VaultTableModel(RowTableModel[VaultRow]):
    """Credentials: account, label, strength, last changed and age first (they must show beside the pane), then
    platform, two-factor, kind, and who was given it."""

    ACCOUNT, LABEL, STRENGTH, CHANGED, AGE, PLATFORM, TWO_FACTOR, KIND, GIVEN = range(9)
    columns = (
        Column[VaultRow]("Account", lambda r: r.credential.account_name, width=18),
        Column[VaultRow]("Label", lambda r: r.credential.label, width=11),
        Column[VaultRow](
            "Strength", lambda r: strength_words(r.credential), sort_key=lambda r: r.credential.strength, width=9
        ),
        Column[VaultRow](
            "Changed",
            lambda r: uk_date(local_date(r.credential.changed_at)),
            sort_key=lambda r: r.credential.changed_at,
            searchable=False,
            width=9,
        ),
        Column[VaultRow](
            "Age",
            lambda r: "1 day" if r.age_days == 1 else f"{r.age_days:,} days",
            sort_key=lambda r: r.age_days,
            searchable=False,
            width=6,
            align_right=True,
        ),
        Column[VaultRow]("Platform", lambda r: r.credential.platform.label, width=10),
        Column[VaultRow]("2FA", lambda r: "Yes" if r.credential.has_totp else "No", width=4),
        Column[VaultRow]("Kind", lambda r: KIND_SHORT[r.credential.kind], width=9),
        Column[VaultRow]("Given to", _given, sort_key=lambda r: r.credential.disclosures, searchable=False, width=8),
    )
    # What a wide usual cell of each column looks like, for starting widths that fit without wasting room.
    SAMPLES = (
        "Brambleford Primary",
        "Platform login",
        "Very strong",
        "22/11/2026",
        "1,234 days",
        "X (Twitter)",
        "Yes",
        "Recovery codes",
        "2 people",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.warning_icon = QIcon()
        self.warning = QColor()
        self.error = QColor()

    @override
    def haystack(self, row: VaultRow, text: tuple[str, ...]) -> str:
        words = [super().haystack(row, text), row.credential.kind.label.casefold()]
        words.extend(PROBLEMS[problem].casefold() for problem in row.problems if problem in PROBLEMS)
        return "\x1f".join(words)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            row = self.row_at(index.row())
            column = index.column()
            if column == self.AGE and row.too_old:
                if role == Qt.ItemDataRole.DecorationRole:
                    return self.warning_icon
                if role == Qt.ItemDataRole.ForegroundRole:
                    return self.warning
                return f"Not changed for {row.age_days:,} days: the school's limit is {row.max_age} days."
            if column == self.STRENGTH and is_weak(row.credential):
                if role == Qt.ItemDataRole.ForegroundRole:
                    return self.error
                if role == Qt.ItemDataRole.ToolTipRole:
                    return "Easy to guess: change it for a generated one."
            if role != Qt.ItemDataRole.ToolTipRole:
                return None
        return super().data(index, role)


class HealthTableModel(RowTableModel[HealthItem]):
    """Health report items: the problem, the account, the credential, and what to do."""

    PROBLEM, ACCOUNT, CREDENTIAL, DETAIL = range(4)
    ORDER = {"leaver": 0, "weak": 1, "reused": 2, "old": 3}
    columns = (
        Column[HealthItem](
            "Problem",
            lambda i: PROBLEMS.get(i.problem, i.problem),
            sort_key=lambda i: (HealthTableModel.ORDER.get(i.problem, 9), i.credential.account_name.casefold()),
            width=26,
        ),
        Column[HealthItem]("Account", lambda i: i.credential.account_name, width=24),
        Column[HealthItem]("Password", lambda i: i.credential.title, width=16),
        Column[HealthItem]("What to do", lambda i: i.detail),
    )


class DisclosureTableModel(RowTableModel[DisclosureRow]):
    """Who was given the password, when, authorised by whom, and why."""

    GIVEN_TO, GIVEN_ON, AUTHORISED_BY, REASON = range(4)
    columns = (
        Column[DisclosureRow]("Given to", lambda r: r.given_to, width=16),
        Column[DisclosureRow]("On", lambda r: uk_date(r.given_on), sort_key=lambda r: r.given_on, width=9),
        Column[DisclosureRow]("Authorised by", lambda r: r.authorised_by, width=14),
        Column[DisclosureRow]("Why", lambda r: " ".join(r.reason.split())),
    )
