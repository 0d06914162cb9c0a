"""The account register section: the register table, the chosen account's details, lifecycle and named staff."""

from smgov.ui.sections.accounts.model import AccountTableModel, attention_flags
from smgov.ui.sections.accounts.view import AccountsView

__all__ = ["AccountTableModel", "AccountsView", "attention_flags"]
