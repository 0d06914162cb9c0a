"""The account register section: every official account in a sortable, filterable table, the chosen one beside it."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus, Platform
from smgov.data.services.accounts import AccountRow
from smgov.ui.frame import operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import ask_unsaved, button, hint_label, section_title
from smgov.ui.frame.tables import (
    AnyIndex,
    Column,
    FilterProxy,
    PreparedRows,
    RowTableModel,
    SearchBox,
    TableView,
    filter_bar,
    list_with_footer,
    section_splitter,
    uk_date,
    window_shortcut,
)
from smgov.ui.frame.widgets import BusyDialog, plain_label
from smgov.ui.sections.accounts.details import AccountPane, handle_text
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

S = AccountStatus
STATUS_ORDER = {status: position for position, status in enumerate(AccountStatus)}
NEEDS_ATTENTION = "attention"
EXPORT_FILTERS = {"csv": "CSV file (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}
# Areas whose changes alter what the register shows (lead names, staff counts, saved logins).
WATCHED_AREAS = {"accounts", "people", "vault"}


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
    """The register: one row per account, with what needs attention spelt out in the last column."""

    NAME, STATUS, ATTENTION, PLATFORM, HANDLE, LEAD, STAFF, PUBLIC, REVIEW, LOGINS = range(10)
    columns = (
        Column[AccountRow]("Account", lambda r: r.display_name, width=19),
        Column[AccountRow]("Status", lambda r: r.status.label, sort_key=lambda r: STATUS_ORDER[r.status], width=15),
        Column[AccountRow]("Needs attention", lambda r: ", ".join(attention_flags(r)), width=22),
        Column[AccountRow]("Platform", lambda r: r.platform.label, width=11),
        Column[AccountRow]("Handle", lambda r: handle_text(r.platform, r.handle), width=16),
        Column[AccountRow]("Lead", lambda r: r.lead, width=15),
        Column[AccountRow](
            "Staff", lambda r: str(r.current_staff), sort_key=lambda r: r.current_staff, width=4, align_right=True
        ),
        Column[AccountRow]("Public", lambda r: "Yes" if r.is_public else "No", width=5),
        Column[AccountRow]("Review", lambda r: uk_date(r.review_date), sort_key=lambda r: r.review_date, width=9),
        Column[AccountRow]("Logins", lambda r: str(r.credentials), sort_key=lambda r: r.credentials),
    )

    @classmethod
    @override
    def haystack(cls, row: AccountRow, text: tuple[str, ...]) -> str:
        # The web address and linked email are searched too (not shown: the details pane has them).
        return super().haystack(row, text) + f"\x1f{row.profile_url}\x1f{row.linked_email}".casefold()

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            if index.column() == self.ATTENTION and super().data(index):
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        return super().data(index, role)


class AccountsView(QWidget):
    """The accounts section: the register on the left, the chosen account on the right.

    Loads in the background, clears on lock, reloads on unlock and when accounts, people or the vault change.

    Signals:
        open_record(str, object): go to that section and record (a named person, in People).
    """

    open_record = Signal(str, object)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accounts-view")
        self.session = session
        self.loads = operations.LatestLoad(self, session)
        self.freshness = operations.ReloadWhenShown(self, self.reload)
        self._loaded_once = False
        self._pending_record: int | None = None
        self._selecting = False

        self.model = AccountTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)

        title = section_title("Accounts", "accounts-title")
        intro = hint_label(
            "Every official social media account the school runs, who may run it, and where it stands: "
            "from application to SLT to closing.",
            name="accounts-intro",
        )
        intro.setForegroundRole(self.foregroundRole())

        self.new_button = button("New account", "accounts-new", tooltip="Start a new account application (Ctrl+N)")
        self.new_button.clicked.connect(self.new_account)
        self.blank_button = button(
            "Blank application form",
            "accounts-blank-form",
            tooltip="The account application form, empty, to fill in on paper.",
        )
        self.export_button = button(
            "Export register",
            "accounts-export",
            tooltip="Save the register as a spreadsheet. Passwords are never in it.",
        )
        self._build_menus()

        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.blank_button)
        heading.addWidget(self.export_button)
        heading.addSpacing(6)
        heading.addWidget(self.new_button)

        self.search = SearchBox(self, "Search accounts", name="accounts-search")
        self.search.search_changed.connect(self.proxy.set_search_text)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("accounts-status-filter")
        self.status_filter.setAccessibleName("Status")
        self.status_filter.addItem("All statuses", None)
        self.status_filter.addItem("Needs attention", NEEDS_ATTENTION)
        self.status_filter.insertSeparator(2)
        for status in AccountStatus:
            self.status_filter.addItem(status.label, status)
        self.status_filter.currentIndexChanged.connect(self._status_chosen)
        self.platform_filter = QComboBox()
        self.platform_filter.setObjectName("accounts-platform-filter")
        self.platform_filter.setAccessibleName("Platform")
        self.platform_filter.addItem("All platforms", None)
        for platform in Platform:
            self.platform_filter.addItem(platform.label, platform)
        self.platform_filter.currentIndexChanged.connect(self._platform_chosen)

        filters = filter_bar(self.search, (("&Status", self.status_filter, 1), ("P&latform", self.platform_filter, 1)))

        self.table = TableView("Account register", self, name="accounts-table")
        self.table.use_model(self.proxy, AccountTableModel.NAME)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = QLabel("")
        self.count_label.setObjectName("accounts-count")
        self.count_label.setAccessibleName("Number of accounts")
        self.notice = plain_label("", name="accounts-notice")
        left = list_with_footer(self.table, self.count_label, self.notice)

        self.pane = AccountPane(session, self)
        self.pane.account_changed.connect(self._account_changed)
        self.pane.account_deleted.connect(self._account_deleted)
        self.pane.open_record.connect(self.open_record)

        self.splitter = section_splitter("accounts-splitter", left, self.pane, sizes=(600, 440))
        left.setMinimumWidth(320)
        self.pane.setMinimumWidth(440)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(intro)
        layout.addSpacing(2)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.platform_filter)
        self.setTabOrder(self.platform_filter, self.table)

        self.new_shortcut = window_shortcut(self, QKeySequence.StandardKey.New, self.new_account)

        session.locked.connect(self.clear)
        session.unlocked.connect(self.freshness.mark_stale)
        session.changed.connect(self._on_changed)
        self._set_enabled(False)
        if session.is_unlocked:
            self.reload()

    def _build_menus(self) -> None:
        from smgov.ui.frame.pdf_output import PdfActions

        self.blank_pdf = PdfActions(self, self._make_blank_form, "Account application form (blank).pdf")
        self.blank_pdf.saved.connect(lambda _path: self._audit_blank("saved as PDF"))
        self.blank_pdf.printed.connect(lambda: self._audit_blank("printed"))
        blank_menu = QMenu(self.blank_button)
        blank_menu.setObjectName("accounts-blank-menu")
        for action in self.blank_pdf.actions:
            blank_menu.addAction(action)
        self.blank_button.setMenu(blank_menu)

        export_menu = QMenu(self.export_button)
        export_menu.setObjectName("accounts-export-menu")
        self.export_csv_action = export_menu.addAction("As CSV (for any spreadsheet)…")
        self.export_csv_action.setObjectName("accounts-export-csv")
        self.export_csv_action.triggered.connect(lambda _checked=False: self.export_register("csv"))
        self.export_xlsx_action = export_menu.addAction("As Excel workbook (XLSX)…")
        self.export_xlsx_action.setObjectName("accounts-export-xlsx")
        self.export_xlsx_action.triggered.connect(lambda _checked=False: self.export_register("xlsx"))
        self.export_button.setMenu(export_menu)

    # -- loading -----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the register again in the background (the table keeps showing the old rows meanwhile)."""
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        workspace = self.session.workspace
        if not self._loaded_once:
            self.count_label.setText("Loading the register…")

        def load() -> PreparedRows[AccountRow]:
            from smgov.data.services.accounts import list_accounts

            return AccountTableModel.prepare(list_accounts(workspace))

        self.loads.start(load, self._loaded, self._failed)

    def _loaded(self, prepared: PreparedRows[AccountRow]) -> None:
        self._selecting = True
        try:
            self.model.set_rows(prepared)
        finally:
            self._selecting = False
        self._loaded_once = True
        self._set_enabled(True)
        self._show_counts(self.proxy.total_count(), self.proxy.shown_count())
        shown = self.pane.account_id
        if shown is not None and not self.pane.has_unsaved_changes() and not self.pane.reload():
            shown = None  # deleted elsewhere
        if shown is not None:
            self._select_id(shown)
        if self._pending_record is not None:
            record, self._pending_record = self._pending_record, None
            self.show_record(record)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText("The register could not be loaded.")
        show_error(self, exc)

    def clear(self) -> None:
        """Forget everything shown (the workspace locked)."""
        self.loads.cancel()
        self.freshness.stale = True
        self._loaded_once = False
        self._pending_record = None
        self.search.reset()
        for combo in (self.status_filter, self.platform_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.proxy.set_predicate("status", None)
        self.proxy.set_predicate("platform", None)
        self._selecting = True
        try:
            self.model.clear()
        finally:
            self._selecting = False
        self.pane.clear()
        self.blank_pdf.invalidate()
        self.count_label.setText("")
        self.notice.clear()
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.new_button,
            self.blank_button,
            self.export_button,
            self.status_filter,
            self.platform_filter,
            self.search,
        ):
            widget.setEnabled(enabled)
        self.new_shortcut.setEnabled(enabled)

    def _on_changed(self, area: str) -> None:
        if area not in WATCHED_AREAS:
            return
        self.freshness.mark_stale()

    # -- filters and counts ------------------------------------------------------------------------------------

    def _status_chosen(self, _index: int = 0) -> None:
        chosen = self.status_filter.currentData()
        if chosen is None:
            self.proxy.set_predicate("status", None)
        elif chosen == NEEDS_ATTENTION:
            today = dt.date.today()
            self.proxy.set_predicate("status", lambda row: bool(attention_flags(row, today)))
        else:
            status = AccountStatus(chosen)
            self.proxy.set_predicate("status", lambda row: row.status is status)

    def _platform_chosen(self, _index: int = 0) -> None:
        chosen = self.platform_filter.currentData()
        if chosen is None:
            self.proxy.set_predicate("platform", None)
        else:
            platform = Platform(chosen)
            self.proxy.set_predicate("platform", lambda row: row.platform is platform)

    def _show_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked or not self._loaded_once:
            return
        noun = "account" if total == 1 else "accounts"
        if shown == total:
            self.count_label.setText(f"{total:,} {noun}, all shown")
        else:
            self.count_label.setText(f"{total:,} {noun}, {shown:,} shown")

    def reset_filters(self) -> None:
        self.search.reset()
        self.status_filter.setCurrentIndex(0)
        self.platform_filter.setCurrentIndex(0)

    # -- choosing an account -----------------------------------------------------------------------------------

    def _proxy_row_of(self, account_id: int) -> int:
        for source_row in range(self.model.rowCount()):
            if self.model.row_at(source_row).id == account_id:
                return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
        return -1

    def _select_id(self, account_id: int | None) -> bool:
        """Make ``account_id`` the table's current row without opening it again. False when it is not shown."""
        self._selecting = True
        try:
            if account_id is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
                return False
            row = self._proxy_row_of(account_id)
            if row < 0:
                self.table.clearSelection()
                return False
            index = self.proxy.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.selectRow(row)
            self.table.scrollTo(index)
            return True
        finally:
            self._selecting = False

    def _current_changed(self, current: QModelIndex | QPersistentModelIndex, _previous: object) -> None:
        if self._selecting or not current.isValid():
            return
        row: AccountRow = self.proxy.row_at(current.row())
        if row.id == self.pane.account_id and not self.pane.is_new:
            return
        if self.pane.has_unsaved_changes():
            shown = self.pane.account_id
            QTimer.singleShot(0, lambda: self._select_id(shown))  # stay on the edited one while asking
            self._ask_unsaved(lambda: self.open_account(row.id))
            return
        self.open_account(row.id)

    def open_account(self, account_id: int) -> bool:
        """Show the account in the pane and make it the table's current row."""
        if not self.session.is_unlocked:
            return False
        from smgov.data.services.accounts import get_account

        try:
            details = get_account(self.session.workspace, account_id)
        except ValidationError as exc:
            show_error(self, exc)
            self.reload()
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        self.pane.show_account(details)
        self._select_id(account_id)
        return True

    def new_account(self) -> None:
        """Start an empty form for a new account (Ctrl+N)."""
        if not self.session.is_unlocked:
            return
        if self.pane.has_unsaved_changes():
            self._ask_unsaved(self.new_account)
            return
        self._select_id(None)
        self.pane.start_new()

    def _ask_unsaved(self, proceed: Any) -> None:
        name = "the new account" if self.pane.is_new else "this account"
        ask_unsaved(
            self,
            "accounts-unsaved-question",
            f"You have changed {name} without saving. Save the changes?",
            self.pane.save,
            self.pane.discard,
            proceed,
        )

    def _account_changed(self, account_id: int) -> None:
        self.session.changed.emit("accounts")  # this view reloads on it too, then selects the account
        if not self.isVisible():
            self.reload()

    def _account_deleted(self, account_id: int) -> None:
        self.notice.setText("The account was deleted.")
        QTimer.singleShot(8000, self.notice.clear)
        self.session.changed.emit("accounts")
        if not self.isVisible():
            self.reload()

    # -- section hooks -----------------------------------------------------------------------------------------

    def show_record(self, record_id: object) -> None:
        """Select and open account ``record_id`` (dashboard items link here); filters that hide it are cleared."""
        try:
            account_id = int(str(record_id))
        except ValueError:
            return
        if not self._loaded_once:
            self._pending_record = account_id
            return
        if self._proxy_row_of(account_id) < 0:
            if not any(row.id == account_id for row in self.model.rows()):
                self.notice.setText("That account is no longer in the register.")
                return
            self.reset_filters()
        if self.pane.account_id == account_id and not self.pane.is_new:
            self._select_id(account_id)
            return
        if self.pane.has_unsaved_changes():
            self._ask_unsaved(lambda: self.open_account(account_id))
            return
        self.open_account(account_id)

    def confirm_leave(self, proceed: Any) -> bool:
        """True when the page can be left now; otherwise ask about the unsaved account and call ``proceed`` after."""
        if not self.pane.has_unsaved_changes():
            return True
        self._ask_unsaved(proceed)
        return False

    def focus_search(self) -> None:
        self.search.focus_search()

    # -- printing and exporting --------------------------------------------------------------------------------

    def _make_blank_form(self) -> bytes:
        from smgov import documents

        workspace = self.session.workspace
        head = documents.letterhead(workspace)
        return documents.blank_form("account-application", head.school_name, head.logo)

    def _audit(self, action: str, entity_type: str, summary: str) -> None:
        from smgov.data.services.audit_log import record_output

        if not self.session.is_unlocked:
            return
        workspace = self.session.workspace
        operations.run_in_background(
            self,
            lambda: record_output(workspace, action, entity_type, None, summary),
            lambda _result: self.session.changed.emit("audit"),
        )

    def _audit_blank(self, how: str) -> None:
        self._audit("form.print", "account-application", f"Blank account application form {how}")

    def export_register(self, fmt: str, dest: Path | None = None) -> None:
        """Save the register as CSV or XLSX where the user chooses (asked when ``dest`` is None); audited."""
        from smgov.ui.frame import pdf_output

        if not self.session.is_unlocked:
            return
        if dest is None:
            start = pdf_output.default_folder() / f"Account register {dt.date.today():%Y-%m-%d}.{fmt}"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export the account register", str(start), EXPORT_FILTERS[fmt]
            )
            if not chosen:
                return
            dest = Path(chosen)
            if dest.suffix.lower() != f".{fmt}":
                dest = dest.with_name(f"{dest.name}.{fmt}")
        target = dest
        workspace = self.session.workspace
        busy = BusyDialog(self, "Exporting the register", f"Saving the account register as {target.name}…")
        busy.open()

        def export() -> Path:
            from smgov import documents
            from smgov.data.services.audit_log import record_output

            data = documents.export("accounts", workspace, fmt)
            pdf_output.write_atomically(target, data)
            record_output(workspace, "export", "accounts", None, f"Exported accounts as {fmt.upper()}")
            return target

        def done(path: Path) -> None:
            busy.finish()
            log.info("account register exported (%s)", fmt)
            self.notice.setText(f"Saved {path.name}. It holds no passwords.")
            self.session.changed.emit("audit")

        def failed(exc: BaseException) -> None:
            busy.finish()
            show_error(self, exc)

        operations.run_in_background(self, export, done, failed)
