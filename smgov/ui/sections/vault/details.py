"""The details pane of the vault: the chosen credential, its hidden fields, its live code, and who was given it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smgov.data.errors import ValidationError, WorkspaceLocked
from smgov.data.services.vault import CredentialRow, DisclosureRow
from smgov.ui.frame import msgbox
from smgov.ui.frame.clipboard import SecretClipboard
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView, uk_date
from smgov.ui.frame.widgets import error_colour, heading_label, plain_label, set_text_colour, warning_colour
from smgov.ui.sections.vault.common import (
    REVEAL_MS,
    SecretField,
    TotpCode,
    button,
    days_text,
    is_weak,
    local_date,
    strength_words,
)
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


class DisclosureTableModel(RowTableModel[DisclosureRow]):
    """Who was given the password, when, authorised by whom, and why."""

    GIVEN_TO, GIVEN_ON, AUTHORISED_BY, REASON = range(4)
    columns = (
        Column[DisclosureRow]("Given to", lambda r: r.given_to, width=16),
        Column[DisclosureRow]("On", lambda r: uk_date(r.given_on), sort_key=lambda r: r.given_on, width=9),
        Column[DisclosureRow]("Authorised by", lambda r: r.authorised_by, width=14),
        Column[DisclosureRow]("Why", lambda r: " ".join(r.reason.split())),
    )


def _value_label(name: str, accessible: str) -> QLabel:
    label = plain_label("", name=name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CredentialDetails(QWidget):
    """Everything about one credential, with its secrets hidden until the user shows or copies one (audited).

    Shows nothing secret by itself: :meth:`conceal` empties every revealed field, and :meth:`clear` forgets the
    credential altogether (the workspace locked, or the row is gone).
    """

    def __init__(self, session: AppSession, clipboard: SecretClipboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vault-details")
        self.session = session
        self.clipboard = clipboard
        self.row: CredentialRow | None = None
        self.max_age = 365

        self.stack = QStackedWidget()
        self.empty = plain_label("", name="vault-details-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setMargin(24)
        self.stack.addWidget(self.empty)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("vault-details-scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self._build_content())
        self.stack.addWidget(self.scroll_area)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.set_empty_text(has_credentials=True)
        self.clear()

    # -- building ----------------------------------------------------------------------------------------------

    def _build_content(self) -> QWidget:
        content = QWidget()
        content.setObjectName("vault-details-content")
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 4, 12, 12)
        column.setSpacing(12)

        self.title = heading_label("", name="vault-details-title")
        self.subtitle = plain_label("", name="vault-details-account")
        column.addWidget(self.title)
        column.addWidget(self.subtitle)

        facts = QFormLayout()
        facts.setVerticalSpacing(6)
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.kind = _value_label("vault-details-kind", "Kind")
        self.changed = _value_label("vault-details-changed", "Last changed")
        self.age_warning = plain_label("", name="vault-details-age-warning")
        self.strength = _value_label("vault-details-strength", "Strength")
        self.two_factor = _value_label("vault-details-two-factor", "Two-factor")
        facts.addRow("Kind", self.kind)
        changed_box = QVBoxLayout()
        changed_box.setSpacing(2)
        changed_box.addWidget(self.changed)
        changed_box.addWidget(self.age_warning)
        facts.addRow("Last changed", changed_box)
        facts.addRow("Strength", self.strength)
        facts.addRow("Two-factor", self.two_factor)
        column.addLayout(facts)

        sign_in = QGroupBox("Sign-in details")
        sign_in.setObjectName("vault-sign-in")
        grid = QGridLayout(sign_in)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        self.username = SecretField("username", self._fetcher("username"), self.clipboard, name="vault-username")
        self.password = SecretField(
            "password", self._fetcher("secret"), self.clipboard, name="vault-password", monospaced=True
        )
        self.notes = SecretField("notes", self._fetcher("notes"), self.clipboard, name="vault-notes", multiline=True)
        self.totp = TotpCode(self._totp, self.clipboard, name="vault-totp")
        self.totp_caption = QLabel("Code")
        self.totp_caption.setBuddy(self.totp.show_button)
        self.secret_fields = (self.username, self.password, self.notes)
        for row, (caption, field) in enumerate(
            (("&Username", self.username), ("&Password", self.password), ("&Notes", self.notes))
        ):
            label = QLabel(caption)
            label.setBuddy(field.value)
            grid.addWidget(
                label, row, 0, Qt.AlignmentFlag.AlignTop if field.multiline else Qt.AlignmentFlag.AlignVCenter
            )
            grid.addWidget(field, row, 1)
        grid.addWidget(self.totp_caption, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.totp, 3, 1)
        hint = plain_label(
            f"Shown details hide again after {REVEAL_MS // 1000} seconds, and a copy leaves the clipboard after 20. "
            "Each show and copy is recorded in the audit log.",
            name="vault-sign-in-hint",
        )
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        grid.addWidget(hint, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        column.addWidget(sign_in)

        self.change_button = button("&Change password…", "vault-change-password")
        self.change_button.clicked.connect(self.change_password)
        self.edit_button = button("&Edit details…", "vault-edit")
        self.edit_button.clicked.connect(self.edit_details)
        self.history_button = button("&History…", "vault-history", "Password history")
        self.history_button.setToolTip("Earlier passwords (the last 10 are kept)")
        self.history_button.clicked.connect(self.show_history)
        self.delete_button = button("&Delete this credential…", "vault-delete", "Delete this credential")
        self.delete_button.clicked.connect(self.delete)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for action in (self.change_button, self.edit_button, self.history_button):
            actions.addWidget(action)
        actions.addStretch(1)
        column.addLayout(actions)

        given = QGroupBox("Who has been given this password")
        given.setObjectName("vault-disclosures")
        given_layout = QVBoxLayout(given)
        given_layout.setSpacing(6)
        self.disclosure_model = DisclosureTableModel(self)
        self.disclosure_proxy = FilterProxy(self.disclosure_model, self)
        self.disclosures = TableView("Who has been given this password", self, name="vault-disclosure-table")
        self.disclosures.use_model(self.disclosure_proxy, DisclosureTableModel.GIVEN_ON, Qt.SortOrder.DescendingOrder)
        self.disclosures.setMinimumHeight(110)
        self.disclosures.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.no_disclosures = plain_label("Not recorded as given to anyone.", name="vault-no-disclosures")
        self.no_disclosures.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.disclose_button = button(
            "&Record that I gave this password to…", "vault-record-disclosure", "Record that I gave this password to"
        )
        self.disclose_button.clicked.connect(self.record_disclosure)
        given_layout.addWidget(self.disclosures)
        given_layout.addWidget(self.no_disclosures)
        disclose_row = QHBoxLayout()
        disclose_row.addWidget(self.disclose_button)
        disclose_row.addStretch(1)
        given_layout.addLayout(disclose_row)
        column.addWidget(given)
        delete_row = QHBoxLayout()
        delete_row.addStretch(1)
        delete_row.addWidget(self.delete_button)
        column.addLayout(delete_row)
        column.addStretch(1)
        return content

    # -- what is shown -----------------------------------------------------------------------------------------

    def set_empty_text(self, *, has_credentials: bool) -> None:
        self.empty.setText(
            "Choose a password in the list to see its details."
            if has_credentials
            else "No passwords are kept yet.\n\nUse New credential (Ctrl+N) to add one, or import them from "
            "KeePassXC or Bitwarden."
        )

    def show_credential(self, row: CredentialRow | None, max_age: int | None = None) -> None:
        """Show ``row`` (None: nothing chosen). Anything revealed before is hidden first."""
        self.conceal()
        if max_age is not None:
            self.max_age = max_age
        if row is None:
            self.clear()
            return
        self.row = row
        self.title.setText(row.title)
        self.title.setAccessibleName(row.title)
        self.subtitle.setText(f"{row.account_name}, on {row.platform.label}")
        self.kind.setText(row.kind.label)
        age = row.age_days()
        changed_on = uk_date(local_date(row.changed_at))
        self.changed.setText(f"{changed_on} ({days_text(age)} ago)" if age > 0 else f"{changed_on} (today)")
        from smgov.data.models.vault import CredentialKind

        too_old = row.kind is not CredentialKind.RECOVERY_CODES and age > self.max_age
        self.age_warning.setText(f"Older than the school's limit of {self.max_age} days: change it." if too_old else "")
        set_text_colour(self.age_warning, warning_colour(self))
        self.age_warning.setVisible(too_old)
        self.strength.setText(strength_words(row))
        set_text_colour(
            self.strength, error_colour(self) if is_weak(row) else self.palette().color(self.foregroundRole())
        )
        self.two_factor.setText("Live code kept here" if row.has_totp else "No code kept here")
        self.totp.setVisible(row.has_totp)
        self.totp_caption.setVisible(row.has_totp)
        self.refresh_disclosures()
        self.stack.setCurrentWidget(self.scroll_area)
        self.scroll_area.verticalScrollBar().setValue(0)

    def refresh_disclosures(self) -> None:
        if self.row is None:
            return
        from smgov.data.services import vault

        try:
            rows = vault.disclosures(self.session.workspace, self.row.id)
        except WorkspaceLocked:
            return
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            rows = []
        self.disclosure_model.set_rows(rows)
        self.disclosures.setVisible(bool(rows))
        self.no_disclosures.setVisible(not rows)

    def conceal(self) -> None:
        """Hide every shown value (another row was chosen, the section was left, the workspace locked)."""
        for field in self.secret_fields:
            field.conceal()
        self.totp.hide_code()

    def clear(self) -> None:
        """Forget the credential shown."""
        self.conceal()
        self.row = None
        for label in (self.title, self.subtitle, self.kind, self.changed, self.age_warning, self.strength):
            label.clear()
        self.two_factor.clear()
        self.disclosure_model.clear()
        self.stack.setCurrentWidget(self.empty)

    # -- fetching (each call audited by the service) -----------------------------------------------------------

    def _require(self) -> CredentialRow:
        if self.row is None:
            raise ValidationError("Choose a password in the list first.")
        return self.row

    def _fetcher(self, field: str) -> Callable[[str], str]:
        def fetch(purpose: str) -> str:
            from smgov.data.services import vault

            return vault.reveal(
                self.session.workspace,
                self._require().id,
                field,  # type: ignore[arg-type]
                "copy" if purpose == "copy" else "reveal",
            )

        return fetch

    def _totp(self) -> tuple[str, int]:
        from smgov.data.services import vault

        return vault.totp_code(self.session.workspace, self._require().id)

    # -- actions -----------------------------------------------------------------------------------------------

    def change_password(self) -> None:
        from smgov.ui.sections.vault.dialogs import ChangePasswordDialog

        if self.row is None:
            return
        self.conceal()
        self._open(ChangePasswordDialog(self, self.session, self.row, clipboard=self.clipboard))

    def edit_details(self) -> None:
        from smgov.data.services import vault
        from smgov.ui.sections.vault.dialogs import CredentialDialog

        if self.row is None:
            return
        self.conceal()
        try:
            workspace = self.session.workspace
            username = vault.reveal(workspace, self.row.id, "username", "reveal")
            notes = vault.reveal(workspace, self.row.id, "notes", "reveal")
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            return
        dialog = CredentialDialog(
            self, self.session, credential=self.row, username=username, notes=notes, clipboard=self.clipboard
        )
        del username, notes
        self._open(dialog)

    def show_history(self) -> None:
        from smgov.ui.sections.vault.dialogs import HistoryDialog

        if self.row is None:
            return
        self.conceal()
        try:
            dialog = HistoryDialog(self, self.session, self.row, clipboard=self.clipboard)
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            return
        self._open(dialog)

    def record_disclosure(self) -> None:
        from smgov.ui.sections.vault.dialogs import DisclosureDialog

        if self.row is None:
            return
        try:
            dialog = DisclosureDialog(self, self.session, self.row)
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            return
        self._open(dialog)

    def delete(self) -> None:
        row = self.row
        if row is None:
            return
        self.conceal()
        msgbox.ask(
            self,
            "Delete this credential?",
            f"Delete \u201c{row.title}\u201d from {row.account_name}?\n\n"
            "Its password, its password history and the record of who was given it go for good. "
            "The audit log keeps a note that it was deleted.",
            lambda: self._delete(row.id),
            yes_text="Delete",
        )

    def _delete(self, credential_id: int) -> None:
        from smgov.data.services import vault

        try:
            vault.delete_credential(self.session.workspace, credential_id)
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            show_error(self, exc)
            return
        log.info("credential %d deleted", credential_id)
        if self.row is not None and self.row.id == credential_id:
            self.clear()
        self.session.changed.emit("vault")

    def _open(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]
