"""The account register section: every official account in a sortable, filterable table; the chosen one beside it.

The list has the whole width until an account is chosen. Above it: the blank application form (through the print
dialog) and the register's export (CSV or XLSX, written off the UI thread).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QMenu, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.models.accounts import AccountStatus, Platform
from smgov.data.services.accounts import AccountRow
from smgov.ui.frame.forms import button
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.frame.section import Filter, ListSection, Predicate, choice_filter
from smgov.ui.frame.tables import RowTableModel
from smgov.ui.sections.accounts.model import AccountTableModel, attention_flags
from smgov.ui.sections.accounts.pane import AccountPane

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

NEEDS_ATTENTION = "attention"


def _status(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    if chosen == NEEDS_ATTENTION:
        today = dt.date.today()
        return lambda row: bool(attention_flags(row, today))
    status = AccountStatus(str(chosen))
    return lambda row: row.status is status


def _platform(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    platform = Platform(str(chosen))
    return lambda row: row.platform is platform


class AccountsView(ListSection[AccountRow]):
    """The register on the left (all of it until an account is chosen), the chosen account on the right."""

    section = Section.ACCOUNTS
    name = "accounts"
    title = "Accounts"
    intro = (
        "Every official social media account the school runs, who may run it, and where it stands: "
        "from application to SLT to closing."
    )
    noun = ("account", "accounts")
    search_placeholder = "Search accounts"
    watched = frozenset({Change.ACCOUNTS, Change.PEOPLE, Change.VAULT})  # lead names, staff counts, saved logins
    new_text = "New account"
    new_tooltip = "Start a new account application (Ctrl+N)"
    sort_column = AccountTableModel.NAME
    gone_notice = "That account is no longer in the register."

    pane: AccountPane

    @override
    def make_model(self) -> RowTableModel[AccountRow]:
        return AccountTableModel(self)

    @override
    def make_pane(self) -> DetailsPane:
        return AccountPane(self.session, self)

    @override
    def load(self, workspace: Workspace) -> Sequence[AccountRow]:
        from smgov.data.services.accounts import list_accounts

        return list_accounts(workspace)

    @override
    def load_failed_text(self) -> str:
        return "The register could not be loaded."

    @override
    def make_filters(self) -> list[Filter]:
        statuses: list[tuple[str, object]] = [
            ("All statuses", None),
            ("Needs attention", NEEDS_ATTENTION),
            *((status.label, status) for status in AccountStatus),
        ]
        status = choice_filter("&Status", "accounts-status-filter", "Status", statuses, _status)
        status.combo.insertSeparator(2)
        platforms: list[tuple[str, object]] = [("All platforms", None), *((p.label, p) for p in Platform)]
        platform = choice_filter("P&latform", "accounts-platform-filter", "Platform", platforms, _platform)
        self.status_filter: QComboBox = status.combo
        self.platform_filter: QComboBox = platform.combo
        return [status, platform]

    @override
    def heading_buttons(self) -> list[QWidget]:
        self.blank_button = button(
            "Blank application form…",
            "accounts-blank-form",
            "Blank application form",
            "The account application form, empty, to fill in on paper.",
        )
        self.blank_button.clicked.connect(self.print_blank_form)
        self.export_button = button(
            "Export register",
            "accounts-export",
            tooltip="Save the register as a spreadsheet. Passwords are never in it.",
        )
        menu = QMenu(self.export_button)
        menu.setObjectName("accounts-export-menu")
        self.export_csv_action = menu.addAction("As CSV (for any spreadsheet)…")
        self.export_csv_action.setObjectName("accounts-export-csv")
        self.export_csv_action.triggered.connect(lambda _checked=False: self.export_register("csv"))
        self.export_xlsx_action = menu.addAction("As Excel workbook (XLSX)…")
        self.export_xlsx_action.setObjectName("accounts-export-xlsx")
        self.export_xlsx_action.triggered.connect(lambda _checked=False: self.export_register("xlsx"))
        self.export_button.setMenu(menu)
        return [self.blank_button, self.export_button]

    # -- printing and exporting --------------------------------------------------------------------------------

    def print_blank_form(self) -> PrintDialog | None:
        """The blank application form, through the print dialog."""
        if not self.session.is_unlocked:
            return None
        from smgov.ui.sections.accounts.printing import open_blank_form

        return open_blank_form(self, self.session)

    def export_register(self, fmt: str, dest: Path | None = None) -> None:
        """Save the register as CSV or XLSX where the user chooses (asked when ``dest`` is None), off the UI
        thread; audited."""
        from smgov.ui.sections.accounts.export import choose_export_file, export_register

        if not self.session.is_unlocked:
            return
        target = dest or choose_export_file(self, fmt)
        if target is not None:
            export_register(
                self, self.session, fmt, target, lambda path: self.say(f"Saved {path.name}. It holds no passwords.")
            )
