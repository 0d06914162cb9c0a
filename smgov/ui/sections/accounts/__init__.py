"""The account register section: the register table, the chosen account's details, lifecycle and named staff."""

from smgov.ui.sections.accounts.view import AccountsView, AccountTableModel, attention_flags

__all__ = ["AccountTableModel", "AccountsView", "attention_flags"]
