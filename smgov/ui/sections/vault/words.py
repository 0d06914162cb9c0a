"""How the vault says things: strength in words, ages, the health report's problems, a credential's subtitle."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QFont, QFontDatabase

from smgov.data.models.vault import CredentialKind
from smgov.data.services.accounts import AccountRow
from smgov.data.services.vault import CredentialRow

STRENGTH_WORDS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")
WEAK_BELOW = 3
PROBLEMS: dict[str, str] = {
    "leaver": "Given to someone who has left",
    "weak": "Easy to guess",
    "reused": "Used more than once",
    "old": "Too old",
}
ATTENTION = "attention"  # the "Show" filter's choice for any problem at all
KIND_SHORT = {
    CredentialKind.PLATFORM_LOGIN: "Login",
    CredentialKind.LINKED_MAILBOX: "Mailbox",
    CredentialKind.RECOVERY_CODES: "Recovery codes",
    CredentialKind.OTHER: "Other",
}


def strength_words(row: CredentialRow) -> str:
    if row.kind is CredentialKind.RECOVERY_CODES:
        return "Not rated"
    return STRENGTH_WORDS[max(0, min(4, row.strength))]


def is_weak(row: CredentialRow) -> bool:
    return row.kind is not CredentialKind.RECOVERY_CODES and row.strength < WEAK_BELOW


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def days_text(days: int) -> str:
    if days <= 0:
        return "today"
    return "1 day" if days == 1 else f"{days:,} days"


def account_text(account: AccountRow) -> str:
    return f"{account.display_name} \u2014 {account.platform.label}"


def credential_subtitle(row: CredentialRow) -> str:
    return f"{row.title} for {row.account_name}, on {row.platform.label}"


def monospace(scale: float = 1.0) -> QFont:
    """The system's fixed-width font (tells l from 1 and O from 0)."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font
