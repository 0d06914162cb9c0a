"""The details pane beside the account register: the account's form, where it stands in its lifecycle, its named
staff and its history.

Nothing in the form is saved until Save (Ctrl+S): the service checks every field first, and when one is wrong its
message shows beside it and nothing is saved. Lifecycle steps, named staff and deletion are actions that happen at
once (unsaved edits are saved first, so a step never judges an out-of-date form).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus, MonitoringFrequency, Platform
from smgov.data.services.accounts import AccountDetails, AccountForm, StaffLink
from smgov.ui.frame import msgbox, operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import Divider, RecordForm, WarningNote, button, hint_label
from smgov.ui.frame.tables import (
    AnyIndex,
    Column,
    FilterProxy,
    RowTableModel,
    TableView,
    local_time,
    uk_date,
    window_shortcut,
)
from smgov.ui.frame.widgets import nothing_chosen_page, plain_label
from smgov.ui.sections.accounts.dialogs import AddStaffDialog, TransitionDialog, asks_first, step_for
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

S = AccountStatus
PUBLIC_WARNING = "The policy requires school accounts to be public."
PLATFORM_PLACEHOLDERS = {
    Platform.FACEBOOK: "https://www.facebook.com/…",
    Platform.INSTAGRAM: "https://www.instagram.com/…",
    Platform.X: "https://x.com/…",
    Platform.LINKEDIN: "https://www.linkedin.com/company/…",
    Platform.YOUTUBE: "https://www.youtube.com/@…",
    Platform.TIKTOK: "https://www.tiktok.com/@…",
    Platform.WHATSAPP_CHANNEL: "https://whatsapp.com/channel/…",
}


def handle_text(platform: Platform, handle: str) -> str:
    """A handle as people write it: @name on social platforms, as it is for blogs and others."""
    if not handle or platform in (Platform.BLOG, Platform.OTHER):
        return handle
    return f"@{handle}"


def staff_name(link: StaffLink) -> str:
    if link.removed_on is not None:
        return f"{link.person_name} (removed {uk_date(link.removed_on)})"
    if link.has_left:
        return f"{link.person_name} (has left)"
    return link.person_name


def authorised_text(link: StaffLink) -> str:
    """Who authorised the person, and when: "Dr Okafor, 08/01/2026"."""
    return ", ".join(part for part in (link.authorised_by, uk_date(link.authorised_on)) if part)


class StaffTableModel(RowTableModel[StaffLink]):
    """The staff named on one account; people taken off it or who left are greyed."""

    NAME, ROLE, TRAINED, TERMS, AUTHORISED = range(5)
    columns = (
        Column[StaffLink]("Name", staff_name, width=15),
        Column[StaffLink]("Role", lambda s: s.role.label, width=7),
        Column[StaffLink]("Trained", lambda s: "Yes" if s.trained else "No", width=7),
        Column[StaffLink]("Terms", lambda s: "Signed" if s.terms_signed else "No", width=7),
        Column[StaffLink]("Authorised", authorised_text, sort_key=lambda s: s.authorised_on),
    )

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole):
            link = self.row_at(index.row())
            if role == Qt.ItemDataRole.ForegroundRole:
                if not link.is_current:
                    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
                return None
            missing = (index.column() == self.TRAINED and not link.trained) or (
                index.column() == self.TERMS and not link.terms_signed
            )
            if missing and link.is_current:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if index.isValid() and role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index)
        return super().data(index, role)


def status_story(details: AccountDetails) -> str:
    """Where the account stands, in a sentence or two."""
    status = details.status
    by = f" by {details.decided_by}" if details.decided_by else ""
    on = f" on {uk_date(details.decided_on)}" if details.decided_on else ""
    reasons = details.decision_reasons.strip()
    last_reason = next((t.reason for t in reversed(details.transitions) if t.to_status is status and t.reason), "")
    review = details.form.review_date
    if status is S.DRAFT:
        return (
            "A draft application. Complete the business case and name at least two staff, "
            "then submit it to SLT for a decision."
        )
    if status is S.SUBMITTED:
        return "Waiting for SLT's decision. Print the application for the meeting, then record the decision here."
    if status is S.APPROVED:
        text = f"Approved{by}{on}."
        if reasons:
            text += f" Conditions: {reasons}"
        return text + " Mark it active once the account is set up."
    if status is S.REJECTED:
        text = f"Rejected{by}{on}."
        if reasons:
            text += f" Reasons: {reasons}"
        return text + " Return it to draft to change it and submit it again."
    if status is S.ACTIVE:
        text = "Running."
        if review is not None:
            overdue = review < dt.date.today()
            text += f" Its review {'was due' if overdue else 'is due'} on {uk_date(review)}."
        return text
    if status is S.UNDER_REVIEW:
        return "Being reviewed." + (f" Why: {last_reason}" if last_reason else "")
    if status is S.CLOSING:
        return (
            "Being closed." + (f" Why: {last_reason}" if last_reason else "")
        ) + " Mark it closed once the platform has deleted it."
    if status is S.TRANSFERRED:
        return "Transferred." + (f" {last_reason}" if last_reason else "")
    return "Closed. The record stays in the register; nothing more can be done with it."


class AccountPane(QWidget):
    """One account: its form, lifecycle, named staff and history (or a new account's empty form).

    Signals:
        account_changed(int): the account was added, saved or changed in any way (its id): reload the register.
        account_deleted(int): the account was deleted.
        open_record(str, object): go to that section and record (a named person, in People).
    """

    account_changed = Signal(int)
    account_deleted = Signal(int)
    open_record = Signal(str, object)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("account-pane")
        self.session = session
        self.details: AccountDetails | None = None
        self._account_id: int | None = None
        self._is_new = False
        self._loaded: tuple[Any, ...] | None = None
        self.step_buttons: dict[AccountStatus, QPushButton] = {}
        self.form = RecordForm("account", self._changed)

        # -- header --
        self.title = plain_label("", wrap=True, name="account-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = plain_label("", name="account-subtitle")
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_chip = QLabel("")
        self.status_chip.setObjectName("account-status-chip")
        self.status_chip.setTextFormat(Qt.TextFormat.PlainText)
        self.status_chip.setFrameShape(QFrame.Shape.StyledPanel)
        self.status_chip.setAutoFillBackground(True)
        self.status_chip.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.status_chip.setMargin(4)
        chip_font = self.status_chip.font()
        chip_font.setBold(True)
        self.status_chip.setFont(chip_font)
        self.application_button = button(
            "Application (PDF)",
            "account-application-button",
            "Application PDF",
            "The application (business case) for SLT, with decision and signature boxes. It prints what is saved.",
        )
        self._build_application_menu()

        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.application_button, 0, Qt.AlignmentFlag.AlignTop)
        subtitle_row = QHBoxLayout()
        subtitle_row.setSpacing(8)
        subtitle_row.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignVCenter)
        subtitle_row.addWidget(self.subtitle, 1)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(title_row)
        header.addLayout(subtitle_row)

        # -- body --
        body = QWidget()
        body.setObjectName("account-body")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 8)
        column.setSpacing(12)
        column.addWidget(self._lifecycle_group())
        column.addWidget(self._account_group())
        column.addWidget(self._case_group())
        column.addWidget(self._staff_group())
        column.addWidget(self._notes_group())
        column.addWidget(self._history_group())
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("account-scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        self.form.scroll_area = self.scroll_area

        # -- footer --
        self.message = plain_label("", wrap=True, name="account-message")
        self.message.setAccessibleName("Save status")
        self.delete_button = button("Delete…", "account-delete", "Delete account")
        self.delete_button.clicked.connect(self.delete)
        self.discard_button = button("Discard changes", "account-discard")
        self.discard_button.clicked.connect(self.discard)
        self.save_button = button("Save", "account-save", tooltip="Save the account (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        footer = QHBoxLayout()
        footer.addWidget(self.delete_button)
        footer.addWidget(self.message, 1)
        footer.addWidget(self.discard_button)
        footer.addWidget(self.save_button)

        details_page = QWidget()
        page = QVBoxLayout(details_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(8)
        page.addLayout(header)
        page.addWidget(Divider())
        page.addWidget(self.scroll_area, 1)
        page.addWidget(Divider())
        page.addLayout(footer)

        self.empty = nothing_chosen_page(
            "No account chosen",
            "Choose an account in the list to see and change it, or press New account (Ctrl+N).",
            name="account-empty",
        )

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(details_page)
        self.details_page = details_page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.save_shortcut = window_shortcut(self, QKeySequence.StandardKey.Save, self.save)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(6000)
        self._message_timer.timeout.connect(self._show_dirty)
        self.clear()

    # -- building ----------------------------------------------------------------------------------------------

    @staticmethod
    def _form_layout(group: QGroupBox) -> QFormLayout:
        layout = QFormLayout(group)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout.setVerticalSpacing(8)
        return layout

    def _lifecycle_group(self) -> QGroupBox:
        group = QGroupBox("Where it stands")
        group.setObjectName("account-lifecycle")
        self.lifecycle_group = group
        column = QVBoxLayout(group)
        column.setSpacing(8)
        self.status_label = plain_label("", name="account-status")
        font = self.status_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.status_label.setFont(font)
        self.story = plain_label("", name="account-story")
        self.checklist = WarningNote("", "account-checklist")
        self.ready_note = plain_label("", name="account-ready")
        self.steps_row = QHBoxLayout()
        self.steps_row.setSpacing(6)
        self.steps_hint = hint_label("", name="account-steps-hint")
        column.addWidget(self.status_label)
        column.addWidget(self.story)
        column.addWidget(self.checklist)
        column.addWidget(self.ready_note)
        column.addLayout(self.steps_row)
        column.addWidget(self.steps_hint)
        return group

    def _account_group(self) -> QGroupBox:
        group = QGroupBox("The account")
        group.setObjectName("account-main")
        form = self._form_layout(group)
        f = self.form
        self.platform = f.combo("platform", "Platform", [(p.label, p) for p in Platform])
        self.platform.currentIndexChanged.connect(self._platform_chosen)
        f.add_row(form, "&Platform", "platform")
        self.handle = f.line("handle", "Handle", "The @name exactly as the platform shows it")
        f.add_row(form, "&Handle", "handle")
        self.name = f.line("name", "Account name", "What the school calls it, e.g. PE department")
        f.add_row(form, "&Name", "name")
        self.profile_url = f.line("profile_url", "Profile web address", "https://…")
        f.add_row(form, "Profile &URL", "profile_url")
        self.linked_email = f.line("linked_email", "Linked school email", "office@school.org.uk")
        f.add_row(form, "Linked &email", "linked_email", "The official school address the account is registered to.")
        self.is_public = f.check("is_public", "Public (anyone can see it)", "Public account")
        self.public_warning = WarningNote(PUBLIC_WARNING, "account-public-warning")
        self.public_warning.setVisible(False)
        self.is_public.toggled.connect(lambda on: self.public_warning.setVisible(not on))
        f.add_row(form, "Visibility", "is_public", extra=self.public_warning)
        self.aup = f.check("aup_link_in_about", "In its About page", "Link to the AUP in its About page")
        f.add_row(form, "AUP link", "aup_link_in_about", "A link to the acceptable use policy.")
        self.monitoring = f.combo(
            "monitoring_frequency", "Monitoring frequency", [(m.label, m) for m in MonitoringFrequency]
        )
        f.add_row(form, "&Monitored", "monitoring_frequency", "How often comments and messages are checked.")
        self.review_date = f.date("review_date", "Review date", set_text="Review on")
        f.add_row(form, "&Review", "review_date")
        return group

    def _case_group(self) -> QGroupBox:
        group = QGroupBox("Business case for SLT")
        group.setObjectName("account-case")
        form = self._form_layout(group)
        f = self.form
        f.lines("aim", "Aim", "What the account is for")
        f.add_row(form, "&Aim", "aim")
        f.lines("audience", "Audience", "Who it is for: parents, the community, …")
        f.add_row(form, "Au&dience", "audience")
        f.lines("content_plan", "Content plan", "What will be posted, how often, and who checks it")
        f.add_row(form, "Content p&lan", "content_plan")
        f.lines("content_types", "Content types", "Photos (with consent), event reminders, …", rows=2)
        f.add_row(form, "Content &types", "content_types")
        f.lines("promotion", "Promotion", "Newsletter, website, …", rows=2)
        f.add_row(form, "Pr&omotion", "promotion")
        return group

    def _notes_group(self) -> QGroupBox:
        group = QGroupBox("Notes")
        group.setObjectName("account-notes-group")
        column = QVBoxLayout(group)
        notes = self.form.lines("notes", "Notes", "Anything else worth keeping with the record", rows=3)
        column.addWidget(notes)
        column.addWidget(self.form.errors["notes"])
        return group

    def _staff_group(self) -> QGroupBox:
        group = QGroupBox("Named staff")
        group.setObjectName("account-staff")
        self.staff_group = group
        column = QVBoxLayout(group)
        column.setSpacing(6)
        self.staff_summary = plain_label("", name="account-staff-summary")
        self.staff_warning = WarningNote("", "account-staff-warning")
        self.staff_model = StaffTableModel(self)
        self.staff_proxy = FilterProxy(self.staff_model, self)
        self.staff_table = TableView("Named staff", group, name="account-staff-table")
        self.staff_table.use_model(self.staff_proxy)
        self.staff_table.setMinimumHeight(self.staff_table.verticalHeader().defaultSectionSize() * 4 + 8)
        self.staff_table.setMaximumHeight(self.staff_table.verticalHeader().defaultSectionSize() * 7 + 8)
        self.staff_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.staff_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_staff_buttons())
        self.staff_table.activated.connect(self._staff_activated)
        self.staff_table.setToolTip("Double-click or press Enter to open the person in People.")
        self.show_removed = QCheckBox("Show past staff")
        self.show_removed.setObjectName("account-staff-history")
        self.show_removed.setAccessibleName("Show people taken off the account and leavers")
        self.show_removed.toggled.connect(self._filter_staff)
        self.add_staff_button = button("Add person…", "account-staff-add", "Name a person on the account")
        self.add_staff_button.clicked.connect(self.add_staff)
        self.remove_staff_button = button("Take off account", "account-staff-remove", "Take the person off the account")
        self.remove_staff_button.clicked.connect(self.remove_staff)
        self.staff_hint = hint_label("Save the account first, then name the staff who will run it.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_staff_button)
        buttons.addWidget(self.remove_staff_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_removed)
        column.addWidget(self.staff_summary)
        column.addWidget(self.staff_warning)
        column.addWidget(self.staff_table)
        column.addLayout(buttons)
        column.addWidget(self.staff_hint)
        self._filter_staff(False)
        return group

    def _history_group(self) -> QGroupBox:
        group = QGroupBox("History")
        group.setObjectName("account-history")
        self.history_group = group
        self.history = QVBoxLayout(group)
        self.history.setSpacing(8)
        return group

    def _build_application_menu(self) -> None:
        from smgov.ui.frame.pdf_output import PdfActions

        self.application_pdf = PdfActions(self, self._make_application, self._application_name)
        menu = QMenu(self.application_button)
        menu.setObjectName("account-application-menu")
        for action in self.application_pdf.actions:
            menu.addAction(action)
        menu.aboutToShow.connect(self._application_menu_shown)
        self.application_button.setMenu(menu)
        self._pdf_source: tuple[Any, int] | None = None
        self.application_pdf.saved.connect(lambda _path: self._audit_application("saved as PDF"))
        self.application_pdf.printed.connect(lambda: self._audit_application("printed"))
        self.print_shortcut = window_shortcut(self, QKeySequence.StandardKey.Print, self._print_shortcut)

    # -- showing -----------------------------------------------------------------------------------------------

    @property
    def account_id(self) -> int | None:
        return self._account_id

    @property
    def is_new(self) -> bool:
        return self._is_new

    def show_account(self, details: AccountDetails) -> None:
        """Show ``details`` (dropping any unsaved edits: ask first with :meth:`has_unsaved_changes`)."""
        self.details = details
        self._account_id = details.id
        self._is_new = False
        self._pdf_source = (self.session.workspace, details.id)
        self.application_pdf.invalidate()
        form = details.form
        self.form.fill({name: getattr(form, name) for name in self.form.fields})
        self._loaded = self.form.snapshot()
        self._show_header()
        self._show_lifecycle()
        self._show_staff()
        self._show_history()
        self._platform_chosen()
        self.public_warning.setVisible(not form.is_public)
        self.application_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self.stack.setCurrentWidget(self.details_page)
        self._set_enabled(True)
        self._update_dirty()

    def start_new(self) -> None:
        """An empty form for a new account (a draft once saved)."""
        self.details = None
        self._account_id = None
        self._is_new = True
        self._pdf_source = None
        self.form.fill({"is_public": True, "monitoring_frequency": MonitoringFrequency.WORKING_DAYS})
        self._loaded = self.form.snapshot()
        self.title.setText("New account")
        self.subtitle.setText("Not saved yet: it becomes a draft application when you save it.")
        self.status_chip.setText("New")
        self.status_chip.setAccessibleName("Status: new")
        self.lifecycle_group.setVisible(False)
        self.history_group.setVisible(False)
        self.staff_model.clear()
        self._show_staff_state()
        self.public_warning.setVisible(False)
        self.application_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self.stack.setCurrentWidget(self.details_page)
        self._set_enabled(True)
        self._platform_chosen()
        self._update_dirty()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.platform.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Show nothing (no account chosen, or the workspace locked): no school data stays on screen."""
        self.details = None
        self._account_id = None
        self._is_new = False
        self._pdf_source = None
        self.application_pdf.invalidate()
        self.form.fill({"is_public": True})
        self._loaded = None
        self.title.clear()
        self.subtitle.clear()
        self.status_chip.clear()
        self.status_label.clear()
        self.story.clear()
        self.checklist.set_text("")
        self.ready_note.clear()
        self.steps_hint.clear()
        self._clear_steps()
        self.staff_model.clear()
        self.staff_summary.clear()
        self.staff_warning.set_text("")
        self._clear_history()
        self.message.clear()
        self.stack.setCurrentWidget(self.empty)
        self._set_enabled(False)

    def _show_header(self) -> None:
        details = self.details
        assert details is not None
        form = details.form
        self.title.setText(form.name or handle_text(form.platform, form.handle))
        parts = [form.platform.label, handle_text(form.platform, form.handle)]
        self.subtitle.setText("  ·  ".join(p for p in parts if p) + f"  ·  ACC-{details.id:04d}")
        self.status_chip.setText(details.status.label)
        self.status_chip.setAccessibleName(f"Status: {details.status.label}")

    def _show_lifecycle(self) -> None:
        from smgov.data.services.accounts import allowed_transitions

        details = self.details
        assert details is not None
        self.lifecycle_group.setVisible(True)
        self.status_label.setText(f"Status: {details.status.label}")
        self.story.setText(status_story(details))
        self._clear_steps()
        allowed = allowed_transitions(details.status)
        for to in allowed:
            step = step_for(details.status, to)
            widget = button(step.button, f"account-step-{to.value.replace('_', '-')}", tooltip=step.help)
            widget.clicked.connect(lambda _checked=False, target=to: self.take_step(target))
            self.step_buttons[to] = widget
            self.steps_row.addWidget(widget)
            widget.show()
        self.steps_row.addStretch(1)
        self.steps_hint.setText("" if allowed else "A closed account has no further steps.")
        self.steps_hint.setVisible(not allowed)
        self._show_checklist()

    def _clear_steps(self) -> None:
        while self.steps_row.count():
            item = self.steps_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.step_buttons = {}

    def _show_checklist(self) -> None:
        """Before "Submit to SLT": what the business case still lacks, worked out from the form as typed."""
        from smgov.data.services.accounts import business_case_gaps

        details = self.details
        if details is None or details.status is not S.DRAFT:
            self.checklist.setVisible(False)
            self.ready_note.setVisible(False)
            return
        gaps = business_case_gaps(self._typed_form(), len(details.current_staff))
        if gaps:
            self.checklist.set_text("Before it can go to SLT it still needs:\n" + "\n".join(f"•  {g}" for g in gaps))
            self.ready_note.clear()
        else:
            self.checklist.set_text("")
            self.ready_note.setText("✓  The application is complete: it can be submitted to SLT.")
        self.checklist.setVisible(bool(gaps))
        self.ready_note.setVisible(not gaps)

    def missing_items(self) -> list[str]:
        """The checklist's lines as shown (empty when complete or not a draft)."""
        if self.checklist.isHidden():
            return []
        return [line.lstrip("• ").strip() for line in self.checklist.text().splitlines()[1:]]

    def _show_staff(self) -> None:
        details = self.details
        assert details is not None
        self.staff_model.set_rows(details.staff)
        current = details.current_staff
        leads = [s for s in current if s.role.value == "lead"]
        self.staff_summary.setText(
            f"{len(current)} current named staff" + (f"; lead: {leads[0].person_name}" if leads else "; no lead named")
        )
        warnings = []
        closed = details.status in (S.CLOSED, S.REJECTED)
        if not closed and len(current) < 2:
            warnings.append("The policy asks for at least two named staff on each account.")
        not_ready = [s.person_name for s in current if not (s.trained and s.terms_signed)]
        if not_ready and not closed:
            warnings.append(
                "Training or signed terms of use missing for: " + ", ".join(not_ready) + ". Record them in People."
            )
        self.staff_warning.set_text(" ".join(warnings))
        self.staff_warning.setVisible(bool(warnings))
        self._show_staff_state()

    def _show_staff_state(self) -> None:
        saved = self._account_id is not None
        self.staff_table.setVisible(saved)
        self.show_removed.setVisible(saved)
        self.add_staff_button.setVisible(saved)
        self.remove_staff_button.setVisible(saved)
        self.staff_summary.setVisible(saved)
        self.staff_hint.setVisible(not saved)
        if not saved:
            self.staff_warning.setVisible(False)
        self._update_staff_buttons()

    def _filter_staff(self, show_all: bool) -> None:
        self.staff_proxy.set_predicate("current", None if show_all else (lambda link: link.is_current))

    def _update_staff_buttons(self) -> None:
        link = self.selected_staff()
        closed = self.details is not None and self.details.status is S.CLOSED
        self.add_staff_button.setEnabled(self._account_id is not None and not closed)
        self.remove_staff_button.setEnabled(link is not None and link.removed_on is None)

    def _staff_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            link: StaffLink = self.staff_proxy.row_at(index.row())
            self.open_record.emit("people", str(link.person_id))

    def selected_staff(self) -> StaffLink | None:
        index = self.staff_table.currentIndex()
        if not index.isValid():
            return None
        link: StaffLink = self.staff_proxy.row_at(index.row())
        return link

    def _clear_history(self) -> None:
        while self.history.count():
            item = self.history.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _show_history(self) -> None:
        details = self.details
        assert details is not None
        self._clear_history()
        self.history_group.setVisible(True)
        entries: list[tuple[str, str]] = [
            (f"{local_time(details.created_at)}   Added to the register as a draft", ""),
        ]
        for step in details.transitions:
            who = [f"By {step.actor}" if step.actor else ""]
            if step.decided_by:
                who.append(f"decided by {step.decided_by}")
            text = "; ".join(part for part in who if part)
            if step.reason:
                text += f"\nWhy: {step.reason}"
            entries.append((f"{local_time(step.at)}   {step.from_status.label} → {step.to_status.label}", text.strip()))
        for index, (headline, detail) in enumerate(reversed(entries)):
            entry = QWidget()
            entry.setObjectName(f"account-history-{index}")
            rows = QVBoxLayout(entry)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(1)
            head = plain_label(headline)
            head_font = head.font()
            head_font.setBold(True)
            head.setFont(head_font)
            rows.addWidget(head)
            if detail:
                rows.addWidget(plain_label(detail))
            self.history.addWidget(entry)
            entry.show()

    def history_lines(self) -> list[str]:
        """The history as shown, newest first (one string per entry)."""
        lines = []
        for index in range(self.history.count()):
            item = self.history.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                lines.append("\n".join(label.text() for label in widget.findChildren(QLabel)))
        return lines

    def _platform_chosen(self, *_args: object) -> None:
        platform = self.platform.currentData()
        if platform:
            self.profile_url.setPlaceholderText(PLATFORM_PLACEHOLDERS.get(Platform(platform), "https://…"))

    # -- the form's state --------------------------------------------------------------------------------------

    def _typed_form(self) -> AccountForm:
        values = {key: self.form.value(key) for key in self.form.fields}
        # Combo boxes hand enum members back as their plain string values.
        values["platform"] = Platform(values["platform"])
        values["monitoring_frequency"] = MonitoringFrequency(values["monitoring_frequency"])
        return AccountForm(**values)

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self.form.snapshot() != self._loaded

    def _changed(self) -> None:
        self._update_dirty()
        if self.details is not None and self.details.status is S.DRAFT:
            self._show_checklist()

    def _update_dirty(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty or self._is_new)
        if not self._message_timer.isActive():
            self._show_dirty()

    def _show_dirty(self) -> None:
        self.message.setText("Unsaved changes." if self.has_unsaved_changes() else "")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self._message_timer.start()

    def _set_enabled(self, enabled: bool) -> None:
        self.form.set_enabled(enabled)
        self.save_shortcut.setEnabled(enabled)
        self.print_shortcut.setEnabled(enabled)
        if not enabled:
            self.save_button.setEnabled(False)
            self.discard_button.setEnabled(False)

    # -- saving ------------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Check and save the form; on a wrong field, say so beside it and save nothing."""
        if not self.session.is_unlocked or self._loaded is None:
            return False
        if not self.has_unsaved_changes():
            return True
        from smgov.data.services import accounts

        self.form.clear_errors()
        form = self._typed_form()
        if not self._precheck(form):
            return False
        workspace = self.session.workspace
        try:
            if self._account_id is None:
                account_id = accounts.add_account(workspace, form)
            else:
                account_id = self._account_id
                accounts.update_account(workspace, account_id, form)
            details = accounts.get_account(workspace, account_id)
        except ValidationError as exc:
            if not self.form.show_error(exc):
                show_error(self, exc)
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        added = self._is_new
        log.info("account %s %s", account_id, "added" if added else "saved")
        self.show_account(details)
        self._say("Added to the register as a draft application." if added else "Saved.")
        self.account_changed.emit(account_id)
        return True

    def _precheck(self, form: AccountForm) -> bool:
        """Check the fields that are checked one by one, so every wrong one is pointed out at once (the service
        then checks everything again and stops at the first)."""
        from smgov.data.services import accounts, school

        checks: list[Callable[[], object]] = [
            lambda: accounts.check_handle(form.platform, form.handle),
            lambda: accounts.check_url(form.profile_url, form.platform),
            lambda: school.check_email(form.linked_email, "linked_email"),
        ]
        wrong: list[ValidationError] = []
        for check in checks:
            try:
                check()
            except ValidationError as exc:
                wrong.append(exc)
        for refusal in reversed(wrong):  # the first wrong field keeps the cursor
            self.form.show_error(refusal)
        return not wrong

    def discard(self) -> None:
        """Put the form back as saved (a new account's form is dropped)."""
        if self._is_new:
            self.clear()
            return
        if self.details is not None:
            self.reload()

    def reload(self) -> bool:
        """Read the account again and show it. False when it is no longer in the register."""
        if self._account_id is None or not self.session.is_unlocked:
            return False
        from smgov.data.services import accounts

        try:
            details = accounts.get_account(self.session.workspace, self._account_id)
        except ValidationError:
            self.clear()
            return False
        self.show_account(details)
        return True

    def _after_change(self, message: str) -> None:
        account_id = self._account_id
        if account_id is None:
            return
        self.reload()
        self._say(message)
        self.account_changed.emit(account_id)

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def take_step(self, to: AccountStatus) -> QWidget | None:
        """Move the account to ``to``: steps that need a decider or reason ask first. Returns the dialog or box
        shown, if any."""
        details = self.details
        if details is None or self._account_id is None:
            return None
        if self.has_unsaved_changes() and not self.save():
            return None
        details = self.details
        assert details is not None
        step = step_for(details.status, to)
        name = details.form.name or handle_text(details.form.platform, details.form.handle)
        if asks_first(to):
            dialog = TransitionDialog(self, self.session, details.id, name, details.status, to)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.step_taken.connect(lambda new: self._after_change(f"Now {AccountStatus(new).label.lower()}."))
            dialog.open()
            return dialog
        if to is S.CLOSED:
            box = msgbox.ask(
                self,
                "Mark closed",
                f"Mark {name} as closed?\n\nDo this once the account no longer exists on the platform. "
                "A closed account stays in the register but cannot be changed any more.",
                lambda: self._close_now(step.button),
                yes_text="Mark closed",
            )
            box.setObjectName("account-close-question")
            return box
        return self._transition(to, step.button)

    def _close_now(self, title: str) -> None:
        self._transition(S.CLOSED, title)

    def _transition(self, to: AccountStatus, title: str) -> QWidget | None:
        from smgov.data.services import accounts

        if self._account_id is None or not self.session.is_unlocked:
            return None
        try:
            accounts.transition(self.session.workspace, self._account_id, to)
        except ValidationError as exc:
            box = msgbox.warning(self, title, str(exc))
            box.setObjectName("account-step-refused")
            return box
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            return show_error(self, exc)
        message = {
            S.SUBMITTED: "Submitted to SLT. Print the application for the meeting: Application (PDF).",
            S.DRAFT: "Back to draft: change it, then submit it again.",
            S.ACTIVE: "Now active.",
            S.CLOSED: "Closed.",
        }.get(to, f"Now {to.label.lower()}.")
        self._after_change(message)
        return None

    # -- named staff -------------------------------------------------------------------------------------------

    def add_staff(self) -> AddStaffDialog | None:
        from smgov.data.models import KeyRole
        from smgov.data.services import people, school

        details = self.details
        if details is None or not self.session.is_unlocked:
            return None
        if self.has_unsaved_changes() and not self.save():
            return None
        workspace = self.session.workspace
        try:
            everyone = people.list_people(workspace)
            head = school.key_people(workspace).get(KeyRole.HEADTEACHER)
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return None
        name = details.form.name or handle_text(details.form.platform, details.form.handle)
        dialog = AddStaffDialog(self, self.session, details.id, name, everyone, head.name if head else "")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(lambda _link: self._after_change("Named on the account."))
        dialog.open()
        return dialog

    def remove_staff(self) -> QWidget | None:
        """Take the chosen person off the account (their history stays); a refusal is explained."""
        from smgov.data.services import accounts

        link = self.selected_staff()
        if link is None or self._account_id is None or not self.session.is_unlocked:
            return None
        try:
            accounts.remove_staff(self.session.workspace, self._account_id, link.id)
        except ValidationError as exc:
            box = msgbox.warning(self, "Cannot take this person off", str(exc))
            box.setObjectName("account-staff-refused")
            return box
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            return show_error(self, exc)
        self._after_change(f"{link.person_name} was taken off the account. The history keeps them.")
        return None

    # -- deleting ----------------------------------------------------------------------------------------------

    def delete(self) -> QWidget | None:
        """Ask, naming how many saved logins go with it, then delete the account."""
        from smgov.data.services import vault

        details = self.details
        if details is None or not self.session.is_unlocked:
            return None
        try:
            logins = len(vault.list_credentials(self.session.workspace, details.id))
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            return show_error(self, exc)
        name = details.form.name or handle_text(details.form.platform, details.form.handle)
        saved = (
            f"its {logins} saved login{'s' if logins != 1 else ''} (the passwords cannot be recovered afterwards)"
            if logins
            else "no saved logins"
        )
        text = (
            f"Delete {name} ({details.form.platform.label}) from the register?\n\n"
            f"Its named staff, its history and {saved} will be deleted. "
            "The audit log keeps a record that it was deleted, but no passwords.\n\n"
            "To keep the record of an account that no longer runs, close it instead."
        )
        box = msgbox.ask(self, "Delete account", text, lambda: self._delete_now(details.id), yes_text="Delete account")
        box.setObjectName("account-delete-question")
        return box

    def _delete_now(self, account_id: int) -> None:
        from smgov.data.services import accounts

        if not self.session.is_unlocked:
            return
        try:
            accounts.delete_account(self.session.workspace, account_id)
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return
        log.info("account %s deleted", account_id)
        self.clear()
        self.account_deleted.emit(account_id)

    # -- the application PDF -----------------------------------------------------------------------------------

    def _make_application(self) -> bytes:
        from smgov import documents

        source = self._pdf_source
        if source is None:
            raise ValidationError("Save the account first.")
        workspace, account_id = source
        return documents.filled_form("account-application", workspace, account_id)

    def _application_name(self) -> str:
        details = self.details
        if details is None:
            return "Account application.pdf"
        name = details.form.name or details.form.handle
        return f"Account application - {name}.pdf"

    def _application_menu_shown(self) -> None:
        if self.has_unsaved_changes():
            self._say("The application prints what is saved: save your changes first to include them.")

    def _print_shortcut(self) -> None:
        if self.details is not None:
            self.application_pdf.preview()

    def _audit_application(self, how: str) -> None:
        from smgov.data.services.audit_log import record_output

        source = self._pdf_source
        if source is None or not self.session.is_unlocked:
            return
        workspace, account_id = source
        operations.run_in_background(
            self,
            lambda: record_output(
                workspace, "form.print", "account-application", account_id, f"Account application {how}"
            ),
            lambda _result: self.session.changed.emit("audit"),
        )
