"""The Passwords section: every credential of every account, its details beside it, and the health report.

The list carries no secret at all (the service's rows hold the strength score and dates, never a value), so it can
load in the background like any other list. Values are fetched only when the user shows or copies one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QHideEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.models.vault import CredentialKind
from smgov.data.services.accounts import AccountRow
from smgov.data.services.vault import CredentialRow, HealthItem
from smgov.ui.frame import operations
from smgov.ui.frame.clipboard import ClipboardStatus, secret_clipboard
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import (
    Column,
    FilterProxy,
    PreparedRows,
    RowTableModel,
    SearchBox,
    TableView,
    buddy_label,
    filter_bar,
    section_splitter,
    uk_date,
    window_shortcut,
)
from smgov.ui.frame.widgets import error_colour, plain_label, warning_colour
from smgov.ui.sections.vault.common import button, is_weak, local_date, strength_words
from smgov.ui.sections.vault.details import CredentialDetails
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

PROBLEMS: dict[str, str] = {
    "leaver": "Given to someone who has left",
    "weak": "Easy to guess",
    "reused": "Used more than once",
    "old": "Too old",
}
KIND_SHORT = {
    CredentialKind.PLATFORM_LOGIN: "Login",
    CredentialKind.LINKED_MAILBOX: "Mailbox",
    CredentialKind.RECOVERY_CODES: "Recovery codes",
    CredentialKind.OTHER: "Other",
}
ATTENTION = "attention"


@dataclass(frozen=True)
class VaultRow:
    """One line of the list: the service's row, its age, and what the health report says about it."""

    credential: CredentialRow
    age_days: int
    too_old: bool
    problems: frozenset[str]

    @property
    def id(self) -> int:
        return self.credential.id


def _given(row: VaultRow) -> str:
    count = row.credential.disclosures
    if not count:
        return ""
    return "1 person" if count == 1 else f"{count} people"


class VaultTableModel(RowTableModel[VaultRow]):
    """Credentials: account, platform, kind, label, two-factor, strength, last changed, age, and who was given it."""

    ACCOUNT, PLATFORM, LABEL, STRENGTH, AGE, CHANGED, TWO_FACTOR, KIND, GIVEN = range(9)
    columns = (
        Column[VaultRow]("Account", lambda r: r.credential.account_name, width=18),
        Column[VaultRow]("Platform", lambda r: r.credential.platform.label, width=10),
        Column[VaultRow]("Label", lambda r: r.credential.label, width=11),
        Column[VaultRow](
            "Strength", lambda r: strength_words(r.credential), sort_key=lambda r: r.credential.strength, width=9
        ),
        Column[VaultRow](
            "Age",
            lambda r: "1 day" if r.age_days == 1 else f"{r.age_days:,} days",
            sort_key=lambda r: r.age_days,
            searchable=False,
            width=6,
            align_right=True,
        ),
        Column[VaultRow](
            "Changed",
            lambda r: uk_date(local_date(r.credential.changed_at)),
            sort_key=lambda r: r.credential.changed_at,
            searchable=False,
            width=9,
        ),
        Column[VaultRow]("2FA", lambda r: "Yes" if r.credential.has_totp else "No", width=4),
        Column[VaultRow]("Kind", lambda r: KIND_SHORT[r.credential.kind], width=9),
        Column[VaultRow]("Given to", _given, sort_key=lambda r: r.credential.disclosures, searchable=False, width=8),
    )
    # What a wide usual cell of each column looks like, for starting widths that fit without wasting room.
    SAMPLES = (
        "Brambleford Primary",
        "X (Twitter)",
        "Platform login",
        "Very strong",
        "1,234 days",
        "22/11/2026",
        "Yes",
        "Recovery codes",
        "2 people",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_age = 365
        self.warning_icon = QIcon()
        self.warning = QColor()
        self.error = QColor()

    @classmethod
    @override
    def haystack(cls, row: VaultRow, text: tuple[str, ...]) -> str:
        words = [super().haystack(row, text), row.credential.kind.label.casefold()]
        words.extend(PROBLEMS[problem].casefold() for problem in row.problems)
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
                return f"Not changed for {row.age_days:,} days: the school's limit is {self.max_age} days."
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


@dataclass(frozen=True)
class VaultLoad:
    rows: PreparedRows[VaultRow]
    health: PreparedRows[HealthItem]
    accounts: list[AccountRow]
    max_age: int


def load_vault(workspace: Any, today: dt.date | None = None) -> VaultLoad:
    """Everything the section shows, read in one go (runs off the UI thread; no secret is decrypted)."""
    from smgov.data.services import accounts, school, vault

    today = today or dt.date.today()
    max_age = school.get_details(workspace).password_max_age_days
    credentials = vault.list_credentials(workspace)
    health = vault.health_report(workspace, today)
    problems: dict[int, set[str]] = defaultdict(set)
    for item in health:
        problems[item.credential.id].add(item.problem)
    rows = []
    for credential in credentials:
        age = credential.age_days(today)
        too_old = credential.kind is not CredentialKind.RECOVERY_CODES and age > max_age
        rows.append(VaultRow(credential, age, too_old, frozenset(problems.get(credential.id, ()))))
    return VaultLoad(
        VaultTableModel.prepare(rows), HealthTableModel.prepare(health), accounts.list_accounts(workspace), max_age
    )


def _section_title(text: str) -> QLabel:
    title = QLabel(text)
    title.setObjectName("section-title")
    title.setAccessibleName(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    title.setFont(font)
    return title


def _combo(name: str, accessible: str, width: int) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setMinimumContentsLength(width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMaxVisibleItems(20)
    return combo


class VaultView(QWidget):
    """The Passwords section. Loads in the background; hides shown values when left; clears when locked."""

    ALL_TAB, HEALTH_TAB = range(2)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vault-view")
        self.session = session
        self.clipboard = secret_clipboard()
        self.clipboard.watch(session)
        self.loads = operations.LatestLoad(self, session)
        self.freshness = operations.ReloadWhenShown(self, self.reload)
        self._loading = False
        self._loaded_once = False
        self._pending_id: int | None = None
        self._selected_id: int | None = None
        self.max_age = 365
        self.accounts: list[AccountRow] = []
        self.dialog: QWidget | None = None

        self.model = VaultTableModel(self)
        self.model.warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.model.warning = warning_colour(self)
        self.model.error = error_colour(self)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)
        self.health_model = HealthTableModel(self)
        self.health_proxy = FilterProxy(self.health_model, self)
        self.health_proxy.counts_changed.connect(self._show_health_counts)

        title = _section_title("Passwords")
        intro = plain_label(
            "The login details of the school's accounts, kept encrypted. Usernames and passwords stay hidden until "
            "you show or copy one, and each time is recorded in the audit log.",
            name="vault-intro",
        )

        self.tabs = QTabWidget()
        self.tabs.setObjectName("vault-tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_all_tab(), "All passwords")
        self.tabs.addTab(self._build_health_tab(), "Health report")
        self.tabs.setTabToolTip(self.HEALTH_TAB, "Passwords to change: weak, reused, too old, or known to a leaver")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(2)
        layout.addWidget(self.tabs, 1)

        self.new_shortcut = window_shortcut(self, QKeySequence.StandardKey.New, self.new_credential)
        self.search.find_shortcut.activated.connect(self.focus_search)

        session.locked.connect(self.clear)
        session.unlocked.connect(self.freshness.mark_stale)
        # Accounts, people (leavers) and settings (the maximum age) all change what this list shows.
        session.changed.connect(self.freshness.mark_stale)
        if session.is_unlocked:
            self.reload()

    # -- building ----------------------------------------------------------------------------------------------

    def _build_all_tab(self) -> QWidget:
        page = QWidget()
        page.setObjectName("vault-all")
        self.search = SearchBox(self, "Search passwords", name="vault-search")
        self.search.search_changed.connect(self.proxy.set_search_text)
        self.search.setMinimumWidth(220)
        self.account_filter = _combo("vault-account-filter", "Account", 16)
        self.account_filter.addItem("All accounts", None)
        self.account_filter.currentIndexChanged.connect(self._account_chosen)
        self.problem_filter = _combo("vault-problem-filter", "Show", 14)
        self.problem_filter.addItem("All passwords", None)
        self.problem_filter.addItem("Needs attention", ATTENTION)
        for key, text in PROBLEMS.items():
            self.problem_filter.addItem(text, key)
        self.problem_filter.currentIndexChanged.connect(self._problem_chosen)
        self.new_button = button(
            "&New credential…", "vault-new", "New credential", "Add a login to an account (Ctrl+N)"
        )
        self.new_button.clicked.connect(self.new_credential)

        filters = filter_bar(
            self.search, (("&Account", self.account_filter, 2), ("S&how", self.problem_filter, 1)), gap=8
        )
        filters.addSpacing(8)
        filters.addWidget(self.new_button)

        self.table = TableView("Passwords", self, name="vault-table")
        self.table.use_model(self.proxy, VaultTableModel.ACCOUNT)
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(VaultTableModel.SAMPLES):
            title = VaultTableModel.columns[column].title
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 14)
            self.table.setColumnWidth(column, width + 16 + (18 if column == VaultTableModel.AGE else 0))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.details = CredentialDetails(self.session, self.clipboard, self)
        self.details.setMinimumWidth(380)
        self.splitter = section_splitter("vault-splitter", self.table, self.details, sizes=(640, 400))

        self.count_label = QLabel("")
        self.count_label.setObjectName("vault-count")
        self.count_label.setAccessibleName("Number of passwords")
        self.clipboard_status = ClipboardStatus(self.clipboard, name="vault-clipboard-status")
        self.import_button = button(
            "&Import from KeePassXC or Bitwarden…",
            "vault-import",
            "Import from KeePassXC or Bitwarden",
            "Bring in passwords exported from another password manager as a CSV file",
        )
        self.import_button.clicked.connect(self.import_credentials)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addSpacing(16)
        footer.addWidget(self.clipboard_status, 1)
        footer.addWidget(self.import_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(footer)

        self.setTabOrder(self.search, self.account_filter)
        self.setTabOrder(self.account_filter, self.problem_filter)
        self.setTabOrder(self.problem_filter, self.new_button)
        self.setTabOrder(self.new_button, self.table)
        return page

    def _build_health_tab(self) -> QWidget:
        page = QWidget()
        page.setObjectName("vault-health")
        self.health_intro = plain_label("", name="vault-health-intro")
        self.health_filter = _combo("vault-health-filter", "Problem", 24)
        self.health_filter.addItem("Every problem", None)
        self.health_filter.currentIndexChanged.connect(self._health_problem_chosen)
        filters = QHBoxLayout()
        filters.addWidget(buddy_label("&Problem", self.health_filter))
        filters.addWidget(self.health_filter)
        filters.addStretch(1)

        self.health_table = TableView("Health report", self, name="vault-health-table")
        self.health_table.use_model(self.health_proxy, HealthTableModel.PROBLEM)
        self.health_table.activated.connect(self._health_activated)
        self.health_table.selectionModel().currentRowChanged.connect(self._health_current_changed)
        self.health_count = QLabel("")
        self.health_count.setObjectName("vault-health-count")
        self.health_count.setAccessibleName("Number of problems")
        self.open_button = button("&Go to this password", "vault-health-open", tooltip="Or double-click it, or Enter")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._health_activated(self.health_table.currentIndex()))
        footer = QHBoxLayout()
        footer.addWidget(self.health_count, 1)
        footer.addWidget(self.open_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.health_intro)
        layout.addLayout(filters)
        layout.addWidget(self.health_table, 1)
        layout.addLayout(footer)
        self._show_health_intro(0)
        return page

    # -- loading -----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the credentials again in the background (the list keeps showing the old ones meanwhile)."""
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        self._loading = True
        workspace = self.session.workspace
        if not self.model.rowCount():
            self.count_label.setText("Loading the passwords…")
        self.loads.start(lambda: load_vault(workspace), self._loaded, self._failed)

    def _loaded(self, result: VaultLoad) -> None:
        self._loading = False
        self._loaded_once = True
        self.max_age = result.max_age
        self.model.max_age = result.max_age
        self.accounts = result.accounts
        self._fill_accounts(result.rows.rows)
        asked_for = self._pending_id  # show_record or a new credential: say so if it is not there
        keep = asked_for if asked_for is not None else self._selected_id
        self._pending_id = None
        self.model.set_rows(result.rows)
        self.health_model.set_rows(result.health)
        self._fill_health_filter(result.health.rows)
        self.details.set_empty_text(has_credentials=bool(result.rows.rows))
        self.tabs.setTabText(
            self.HEALTH_TAB, f"Health report ({len(result.health.rows)})" if result.health.rows else "Health report"
        )
        self._show_health_intro(len(result.health.rows))
        if keep is None or not self.select_credential(keep):
            self._selected_id = None
            self.details.clear()
            if asked_for is not None:
                self.count_label.setText("That password is no longer in the vault.")

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.count_label.setText("The passwords could not be loaded.")
        show_error(self, exc)

    def _fill_accounts(self, rows: Sequence[VaultRow]) -> None:
        chosen = self.account_filter.currentData()
        names: dict[int, str] = {}
        for row in rows:
            credential = row.credential
            names[credential.account_id] = f"{credential.account_name} \u2014 {credential.platform.label}"
        self.account_filter.blockSignals(True)
        self.account_filter.clear()
        self.account_filter.addItem("All accounts", None)
        for account_id, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            self.account_filter.addItem(name, account_id)
        index = self.account_filter.findData(chosen) if chosen is not None else 0
        self.account_filter.setCurrentIndex(max(index, 0))
        self.account_filter.blockSignals(False)
        if chosen is not None and index < 0:
            self._account_chosen()

    def _fill_health_filter(self, items: Sequence[HealthItem]) -> None:
        chosen = self.health_filter.currentData()
        counts: dict[str, int] = defaultdict(int)
        for item in items:
            counts[item.problem] += 1
        self.health_filter.blockSignals(True)
        self.health_filter.clear()
        self.health_filter.addItem(f"Every problem ({len(items)})", None)
        for key, text in PROBLEMS.items():
            self.health_filter.addItem(f"{text} ({counts.get(key, 0)})", key)
        index = self.health_filter.findData(chosen) if chosen is not None else 0
        self.health_filter.setCurrentIndex(max(index, 0))
        self.health_filter.blockSignals(False)

    def clear(self) -> None:
        """Forget everything shown (the workspace locked)."""
        self.loads.cancel()
        self.freshness.stale = True
        self._loading = False
        self._pending_id = None
        self._selected_id = None
        self.details.clear()
        self.search.reset()
        self.model.clear()
        self.health_model.clear()
        self.accounts = []
        for combo, first in ((self.account_filter, "All accounts"), (self.health_filter, "Every problem")):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            combo.blockSignals(False)
        self.problem_filter.setCurrentIndex(0)
        self.proxy.set_predicate("account", None)
        self.proxy.set_predicate("problem", None)
        self.health_proxy.set_predicate("problem", None)
        self.tabs.setTabText(self.HEALTH_TAB, "Health report")
        self.count_label.setText("")
        self.health_count.setText("")
        self._show_health_intro(0)
        if self.dialog is not None:
            self.dialog = None

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the section hides whatever was shown; nothing decrypted stays behind a hidden page.
        self.details.conceal()
        super().hideEvent(event)

    # -- choosing ----------------------------------------------------------------------------------------------

    def current_row(self) -> VaultRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.row_at(index.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.proxy.row_at(current.row()) if current.isValid() else None
        self._selected_id = row.id if row is not None else None
        self.details.show_credential(row.credential if row is not None else None, self.max_age)

    def select_credential(self, credential_id: int) -> bool:
        """Select the credential in the list (clearing the search and filters if they hide it); False if absent."""
        source_row = next((i for i, row in enumerate(self.model.rows()) if row.id == credential_id), None)
        if source_row is None:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():
            self.search.reset()
            self.account_filter.setCurrentIndex(0)
            self.problem_filter.setCurrentIndex(0)
            proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():
            return False
        self.table.setCurrentIndex(proxy_index)
        self.table.selectRow(proxy_index.row())
        self.table.scrollTo(proxy_index)
        row = self.proxy.row_at(proxy_index.row())
        if self.details.row is None or self.details.row.id != row.id or self.details.row != row.credential:
            self._selected_id = row.id
            self.details.show_credential(row.credential, self.max_age)
        return True

    def show_record(self, record_id: object) -> None:
        """Open a credential by id (the dashboard's vault items carry it as text)."""
        try:
            credential_id = int(str(record_id))
        except ValueError:
            log.warning("not a credential id for the vault")
            return
        self.tabs.setCurrentIndex(self.ALL_TAB)
        if self.freshness.stale or self._loading or not self._loaded_once:
            self._pending_id = credential_id
            if not self._loading:
                self.reload()
            return
        if not self.select_credential(credential_id):
            self.count_label.setText("That password is no longer in the vault.")

    # -- filters -----------------------------------------------------------------------------------------------

    def _account_chosen(self, _index: int = 0) -> None:
        account_id = self.account_filter.currentData()
        self.proxy.set_predicate(
            "account", None if account_id is None else (lambda row: row.credential.account_id == account_id)
        )
        self._check_current()

    def _problem_chosen(self, _index: int = 0) -> None:
        wanted = self.problem_filter.currentData()
        if wanted is None:
            self.proxy.set_predicate("problem", None)
        elif wanted == ATTENTION:
            self.proxy.set_predicate("problem", lambda row: bool(row.problems))
        else:
            self.proxy.set_predicate("problem", lambda row: wanted in row.problems)
        self._check_current()

    def _check_current(self) -> None:
        """The chosen row was filtered out of sight: stop showing its details."""
        if self.details.row is not None and not self.table.currentIndex().isValid():
            self._selected_id = None
            self.details.clear()

    def _health_problem_chosen(self, _index: int = 0) -> None:
        wanted = self.health_filter.currentData()
        self.health_proxy.set_predicate("problem", None if wanted is None else (lambda i: i.problem == wanted))

    def _show_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked or self._loading and not total:
            return
        noun = "password" if total == 1 else "passwords"
        if shown == total:
            self.count_label.setText(f"{total:,} {noun}")
        else:
            self.count_label.setText(f"{total:,} {noun}, {shown:,} shown")
        self._check_current()

    def _show_health_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked:
            self.health_count.setText("")
            return
        if total == 0:
            self.health_count.setText("")
        elif shown == total:
            self.health_count.setText(f"{total:,} to put right")
        else:
            self.health_count.setText(f"{total:,} to put right, {shown:,} shown")

    def _show_health_intro(self, count: int) -> None:
        if count == 0 and self._loaded_once and self.session.is_unlocked:
            self.health_intro.setText(
                "Nothing to put right: no password is weak, used twice, older than the school's limit "
                f"({self.max_age} days) or known to someone who has left."
            )
        else:
            self.health_intro.setText(
                "Passwords to change: given to someone who has left, easy to guess, used on more than one account, "
                f"or older than the school's limit of {self.max_age} days. Double-click one to open it."
            )

    def _health_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.open_button.setEnabled(current.isValid())

    def _health_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item: HealthItem = self.health_proxy.row_at(index.row())
        self.show_record(item.credential.id)

    # -- actions -----------------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(self.ALL_TAB)
        self.search.focus_search()

    def new_credential(self) -> None:
        from smgov.ui.sections.vault.dialogs import CredentialDialog

        if not self.session.is_unlocked:
            return
        accounts = self.accounts
        if not accounts:
            try:
                from smgov.data.services import accounts as account_service

                accounts = account_service.list_accounts(self.session.workspace)
            except Exception as exc:  # noqa: BLE001 - shown through the one error path
                show_error(self, exc)
                return
        if not accounts:
            from smgov.ui.frame import msgbox

            msgbox.information(
                self,
                "No accounts yet",
                "A password belongs to one of the school's accounts. Add the account in the Accounts section first.",
            )
            return
        self.details.conceal()
        chosen = self.account_filter.currentData()
        if chosen is None and self.details.row is not None:
            chosen = self.details.row.account_id
        dialog = CredentialDialog(self, self.session, accounts, account_id=chosen, clipboard=self.clipboard)
        dialog.saved.connect(lambda credential_id: setattr(self, "_pending_id", credential_id))
        self._open(dialog)

    def import_credentials(self) -> None:
        from smgov.ui.sections.vault.credential_import import CredentialImportDialog

        if not self.session.is_unlocked:
            return
        self.details.conceal()
        self._open(CredentialImportDialog(self, self.session))

    def _open(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "dialog", None))
        dialog.open()  # type: ignore[attr-defined]
