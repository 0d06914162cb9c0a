"""Settings: the school's details, key people, rules and closure days, and the workspace file's own tools.

Nothing on this page is saved until Save (Ctrl+S): every field is checked first, and when one is wrong the message
shows next to it and nothing is saved. The Workspace group's buttons are actions that happen at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QMargins, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smgov.data.errors import ValidationError
from smgov.data.models import KeyRole, ResponseRule
from smgov.ui.frame import msgbox, state
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView, uk_date, window_shortcut
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.ui.frame.widgets import DateField, FieldError

log = logging.getLogger(__name__)

RESPONSE_RULE_LABELS = {
    ResponseRule.WITHIN_24_HOURS: "Within 24 hours, every day of the week",
    ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND: "Within 24 hours, or the next working day if received at a weekend",
}
LOGO_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)"
_UNCHANGED = object()


@dataclass(frozen=True)
class ClosureRow:
    day: dt.date
    reason: str


class ClosureDayModel(RowTableModel[ClosureRow]):
    DATE, REASON = range(2)
    columns = (
        Column[ClosureRow]("Date", lambda r: f"{r.day:%a} {uk_date(r.day)}", sort_key=lambda r: r.day, width=15),
        Column[ClosureRow]("Reason", lambda r: r.reason),
    )


def split_domains(text: str) -> list[str]:
    """Domains typed with commas, semicolons or spaces between them."""
    return [part for part in re.split(r"[,;\s]+", text) if part]


def _line_edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _button(text: str, name: str, accessible: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible or text.rstrip("…"))
    button.setAutoDefault(False)
    return button


class SettingsPage(QWidget):
    """The settings section. Clears on lock, reloads on unlock; asks before unsaved changes are left behind."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        from smgov.ui.frame.widgets import DateField, FieldError, heading_label

        super().__init__(parent)
        self.setObjectName("settings-page")
        self.session = session
        self._loaded: tuple[Any, ...] | None = None
        self._loading = False  # True while fields are filled in code: not the user's edits
        self._logo_bytes: bytes | None = None  # what the workspace holds
        self._logo_pending: Any = _UNCHANGED  # bytes (new, already checked), None (remove) or _UNCHANGED
        self._closures: list[ClosureRow] = []
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}

        title = heading_label("Settings", name="settings-title")
        font = title.font()
        font.setPointSizeF(self.font().pointSizeF() * 1.5)
        title.setFont(font)
        self.demo_banner = QLabel(
            "This is the demo workspace: every name in it is invented, and it is deleted when smgov closes. "
            "Try anything here."
        )
        self.demo_banner.setObjectName("settings-demo-banner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.demo_banner.setMargin(8)
        self.demo_banner.setAutoFillBackground(True)
        self.demo_banner.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.demo_banner.setVisible(False)

        self.content = content = QWidget()
        content.setObjectName("settings-content")
        content.setMaximumWidth(1000)  # a form wider than this is hard to read across
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 12)
        column.setSpacing(16)
        column.addWidget(self._school_group(FieldError))
        column.addWidget(self._people_group(FieldError))
        column.addWidget(self._rules_group(FieldError, DateField))
        column.addWidget(self._closure_group(DateField))
        column.addWidget(self._workspace_group())
        column.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("settings-scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.status = QLabel("")
        self.status.setObjectName("settings-status")
        self.status.setAccessibleName("Save status")
        self.discard_button = _button("Discard changes", "settings-discard")
        self.discard_button.clicked.connect(self.discard)
        self.save_button = _button("Save", "settings-save")
        self.save_button.setToolTip("Save every change on this page (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.scroll_area, 1)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.HLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(separator)
        layout.addLayout(bar)

        # Hidden pages do not match window shortcuts, so this never clashes with another section's Ctrl+S.
        self.save_shortcut = window_shortcut(self, QKeySequence.StandardKey.Save, self.save)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(4000)
        self._status_timer.timeout.connect(self._show_dirty)

        session.locked.connect(self.clear)
        session.unlocked.connect(lambda _ws: self.load())
        session.changed.connect(self._on_changed)
        self._set_enabled(False)
        if session.is_unlocked:
            self.load()

    # -- building ----------------------------------------------------------------------------------------------

    def _field(self, key: str, widget: QWidget, FieldError: type[FieldError]) -> FieldError:  # noqa: N803
        error = FieldError(for_widget=widget, name=f"settings-error-{key}")
        self.fields[key] = widget
        self.errors[key] = error
        return error

    @staticmethod
    def _with_error(widget: QWidget, error: QWidget, hint: QWidget | None = None) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint is not None:
            column.addWidget(hint)
        column.addWidget(error)
        return box

    def _school_group(self, FieldError: type[FieldError]) -> QGroupBox:  # noqa: N803
        group = QGroupBox("School")
        group.setObjectName("settings-school")
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)

        self.name_edit = _line_edit("settings-name", "School name", "The name on forms and reports")
        self.name_edit.textChanged.connect(self._changed)
        name_error = self._field("name", self.name_edit, FieldError)
        name_label = QLabel("School &name")
        name_label.setBuddy(self.name_edit)
        form.addRow(name_label, self._with_error(self.name_edit, name_error))

        self.logo_preview = QLabel("No logo")
        self.logo_preview.setObjectName("settings-logo-preview")
        self.logo_preview.setAccessibleName("Logo preview")
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFixedSize(160, 96)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setAutoFillBackground(True)
        self.logo_preview.setBackgroundRole(QPalette.ColorRole.Base)
        self.logo_choose = _button("Choose logo…", "settings-logo-choose", "Choose logo")
        self.logo_choose.clicked.connect(self.choose_logo)
        self.logo_remove = _button("Remove logo", "settings-logo-remove")
        self.logo_remove.clicked.connect(self.remove_logo)
        logo_error = self._field("logo", self.logo_choose, FieldError)
        logo_hint = _hint("PNG or JPEG. It appears at the top of every form and report.")
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.logo_choose, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(self.logo_remove, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(logo_hint)
        buttons.addWidget(logo_error)
        buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.setSpacing(12)
        logo_row.addWidget(self.logo_preview, 0, Qt.AlignmentFlag.AlignTop)
        logo_row.addLayout(buttons, 1)
        logo_label = QLabel("Logo")
        logo_label.setBuddy(self.logo_choose)
        form.addRow(logo_label, logo_row)
        return group

    def _people_group(self, FieldError: type[FieldError]) -> QGroupBox:  # noqa: N803
        group = QGroupBox("Key people")
        group.setObjectName("settings-key-people")
        self.people_group = group
        grid = QGridLayout(group)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        intro = _hint("The people the policy names. Forms and reports use these names; emails and phones are optional.")
        grid.addWidget(intro, 0, 0, 1, 4)
        for col, text in enumerate(("Role", "Name", "Email", "Phone"), start=0):
            header = QLabel(text)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 1, col)
        self.people: dict[KeyRole, tuple[QLineEdit, QLineEdit, QLineEdit]] = {}
        row = 2
        for role in KeyRole:
            label = QLabel(role.label)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
            name = _line_edit(f"settings-{role.value}-name", f"{role.label}: name", "Name")
            email = _line_edit(f"settings-{role.value}-email", f"{role.label}: email", "name@school.org.uk")
            phone = _line_edit(f"settings-{role.value}-phone", f"{role.label}: phone", "Phone")
            label.setBuddy(name)
            for col, (kind, edit) in enumerate((("name", name), ("email", email), ("phone", phone)), start=1):
                edit.textChanged.connect(self._changed)
                grid.addWidget(edit, row, col)
                grid.addWidget(self._field(f"{role.value}.{kind}", edit, FieldError), row + 1, col)
            self.people[role] = (name, email, phone)
            row += 2
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 4)
        grid.setColumnStretch(3, 3)
        return group

    def _rules_group(self, FieldError: type[FieldError], DateField: type[DateField]) -> QGroupBox:  # noqa: N803
        group = QGroupBox("Policy and rules")
        group.setObjectName("settings-rules")
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)

        self.review_date = DateField(
            accessible_name="Policy review date", optional=True, set_text="Review on", name="settings-review-date"
        )
        self.review_date.dateChanged.connect(self._changed)
        review_error = self._field("policy_review_date", self.review_date, FieldError)
        review_label = QLabel("Policy &review")
        review_label.setBuddy(self.review_date)
        form.addRow(
            review_label,
            self._with_error(
                self.review_date, review_error, _hint("The dashboard reminds you a month before it is due.")
            ),
        )

        self.auto_lock = QSpinBox()
        self.auto_lock.setObjectName("settings-auto-lock")
        self.auto_lock.setAccessibleName("Lock after idle minutes")
        self.auto_lock.setRange(1, 240)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setMaximumWidth(160)
        self.auto_lock.valueChanged.connect(self._changed)
        lock_error = self._field("auto_lock_minutes", self.auto_lock, FieldError)
        lock_label = QLabel("&Lock after")
        lock_label.setBuddy(self.auto_lock)
        form.addRow(
            lock_label,
            self._with_error(self.auto_lock, lock_error, _hint("without use of the keyboard or mouse.")),
        )

        self.response_rule = QComboBox()
        self.response_rule.setObjectName("settings-response-rule")
        self.response_rule.setAccessibleName("Incident response time")
        for rule, text in RESPONSE_RULE_LABELS.items():
            self.response_rule.addItem(text, rule.value)
        self.response_rule.currentIndexChanged.connect(self._changed)
        rule_error = self._field("response_rule", self.response_rule, FieldError)
        rule_label = QLabel("Respond to &incidents")
        rule_label.setBuddy(self.response_rule)
        form.addRow(rule_label, self._with_error(self.response_rule, rule_error))

        self.password_age = QSpinBox()
        self.password_age.setObjectName("settings-password-age")
        self.password_age.setAccessibleName("Password maximum age in days")
        self.password_age.setRange(30, 3650)
        self.password_age.setSingleStep(30)
        self.password_age.setSuffix(" days")
        self.password_age.setMaximumWidth(160)
        self.password_age.valueChanged.connect(self._changed)
        age_error = self._field("password_max_age_days", self.password_age, FieldError)
        age_label = QLabel("Change &passwords every")
        age_label.setBuddy(self.password_age)
        form.addRow(
            age_label,
            self._with_error(
                self.password_age, age_error, _hint("Account passwords older than this show on the dashboard.")
            ),
        )

        self.domains = _line_edit(
            "settings-email-domains", "Official email domains", "school.org.uk, federation.org.uk"
        )
        self.domains.textChanged.connect(self._changed)
        domains_error = self._field("email_domains", self.domains, FieldError)
        domains_label = QLabel("Official email &domains")
        domains_label.setBuddy(self.domains)
        form.addRow(
            domains_label,
            self._with_error(
                self.domains,
                domains_error,
                _hint("Accounts must be linked to an address at one of these. Separate them with commas."),
            ),
        )
        return group

    def _closure_group(self, DateField: type[DateField]) -> QGroupBox:  # noqa: N803
        group = QGroupBox("Closure days")
        group.setObjectName("settings-closures")
        column = QVBoxLayout(group)
        column.addWidget(_hint("INSET days and other days the school is closed. They do not count as working days."))
        self.closure_model = ClosureDayModel(self)
        self.closure_proxy = FilterProxy(self.closure_model, self)
        self.closure_table = TableView("Closure days", group, name="settings-closure-table")
        self.closure_table.use_model(self.closure_proxy, ClosureDayModel.DATE)
        self.closure_table.setMinimumHeight(150)
        self.closure_table.setMaximumHeight(220)
        column.addWidget(self.closure_table)

        self.closure_date = DateField(accessible_name="Closure date", name="settings-closure-date")
        self.closure_reason = _line_edit("settings-closure-reason", "Closure reason", "Reason, e.g. INSET day")
        self.closure_reason.returnPressed.connect(self.add_closure)
        self.closure_add = _button("Add", "settings-closure-add", "Add closure day")
        self.closure_add.clicked.connect(self.add_closure)
        self.closure_remove = _button("Remove", "settings-closure-remove", "Remove closure day")
        self.closure_remove.clicked.connect(self.remove_closure)
        row = QHBoxLayout()
        row.addWidget(self.closure_date)
        row.addWidget(self.closure_reason, 1)
        row.addWidget(self.closure_add)
        row.addSpacing(16)
        row.addWidget(self.closure_remove)
        column.addLayout(row)
        return group

    def _workspace_group(self) -> QGroupBox:
        group = QGroupBox("Workspace")
        group.setObjectName("settings-workspace")
        self.workspace_group = group
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)

        self.path_label = QLabel("")
        self.path_label.setObjectName("settings-workspace-path")
        self.path_label.setAccessibleName("Workspace file")
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("File", self.path_label)

        self.passphrase_button = _button("Change passphrase…", "settings-change-passphrase", "Change passphrase")
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.kit_button = _button("Emergency Kit…", "settings-emergency-kit", "Emergency Kit")
        self.kit_button.clicked.connect(self.emergency_kit)
        self.verify_button = _button("Verify workspace…", "settings-verify", "Verify workspace")
        self.verify_button.clicked.connect(self.verify)
        security = QHBoxLayout()
        for button in (self.passphrase_button, self.kit_button, self.verify_button):
            security.addWidget(button)
        security.addStretch(1)
        form.addRow("Security", security)

        self.backup_button = _button("Back up now…", "settings-backup", "Back up now")
        self.backup_button.clicked.connect(self.backup)
        self.restore_button = _button("Restore from backup…", "settings-restore", "Restore from backup")
        self.restore_button.clicked.connect(self.restore)
        backups = QHBoxLayout()
        backups.addWidget(self.backup_button)
        backups.addWidget(self.restore_button)
        backups.addStretch(1)
        form.addRow("Backups", backups)

        self.backup_dir_label = QLabel("")
        self.backup_dir_label.setObjectName("settings-backup-dir")
        self.backup_dir_label.setAccessibleName("Automatic backup folder")
        self.backup_dir_label.setTextFormat(Qt.TextFormat.PlainText)
        self.backup_dir_label.setWordWrap(True)
        self.backup_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_dir_button = _button("Change…", "settings-backup-dir-change", "Change automatic backup folder")
        self.backup_dir_button.clicked.connect(self.choose_backup_dir)
        backup_dir = QVBoxLayout()
        backup_dir.setSpacing(4)
        dir_row = QHBoxLayout()
        dir_row.addWidget(self.backup_dir_label, 1)
        dir_row.addWidget(self.backup_dir_button, 0, Qt.AlignmentFlag.AlignTop)
        backup_dir.addLayout(dir_row)
        backup_dir.addWidget(_hint("smgov saves a copy here each time it closes and keeps the latest ten."))
        form.addRow("Automatic backups", backup_dir)

        self.remember_label = QLabel("")
        self.remember_label.setObjectName("settings-remember-state")
        self.remember_label.setWordWrap(True)
        self.remember_button = _button("Remember on this PC", "settings-remember")
        self.remember_button.clicked.connect(self.remember)
        self.forget_button = _button("Forget on this PC", "settings-forget")
        self.forget_button.clicked.connect(self.forget)
        self.remember_reason = _hint("")
        self.remember_reason.setObjectName("settings-remember-reason")
        remember = QVBoxLayout()
        remember.setSpacing(4)
        remember.addWidget(self.remember_label)
        remember_row = QHBoxLayout()
        remember_row.addWidget(self.remember_button)
        remember_row.addWidget(self.forget_button)
        remember_row.addStretch(1)
        remember.addLayout(remember_row)
        remember.addWidget(self.remember_reason)
        form.addRow("This PC", remember)
        return group

    # -- loading and clearing ----------------------------------------------------------------------------------

    def load(self) -> None:
        """Fill the page from the workspace, dropping any unsaved edits."""
        if not self.session.is_unlocked:
            return
        from smgov.data import keystore
        from smgov.data.services import school

        workspace = self.session.workspace
        try:
            details = school.get_details(workspace)
            people = school.key_people(workspace)
            closures = school.closure_days(workspace)
            logo = school.get_logo(workspace) if details.has_logo else None
        except Exception as exc:  # noqa: BLE001 - shown to the user by the one error path
            show_error(self, exc)
            return
        self._loading = True
        try:
            self._clear_errors()
            self.demo_banner.setVisible(self.session.is_demo)
            self.name_edit.setText(details.name)
            self._logo_bytes = logo
            self._logo_pending = _UNCHANGED
            self._show_logo(logo)
            for role, (name, email, phone) in self.people.items():
                person = people.get(role)
                name.setText(person.name if person else "")
                email.setText(person.email if person else "")
                phone.setText(person.phone if person else "")
            self.review_date.setDate(details.policy_review_date)
            self.auto_lock.setValue(details.auto_lock_minutes)
            self.response_rule.setCurrentIndex(max(0, self.response_rule.findData(details.response_rule.value)))
            self.password_age.setValue(details.password_max_age_days)
            self.domains.setText(", ".join(details.email_domains))
            self._closures = [ClosureRow(day, reason) for day, reason in closures]
            self.closure_model.set_rows(self._closures)
            self.closure_reason.clear()
            self.path_label.setText(str(workspace.path))
            self.backup_dir_label.setText(str(state.backup_dir()))
            self._show_remembered(keystore.is_remembered(workspace.path), keystore.refusal_reason())
        finally:
            self._loading = False
        self._set_enabled(True)
        self._loaded = self._snapshot()
        self._update_dirty()

    def clear(self) -> None:
        """Empty every field (the workspace locked): no school data stays on screen."""
        self._loading = True
        try:
            self._clear_errors()
            self.name_edit.clear()
            self._logo_bytes = None
            self._logo_pending = _UNCHANGED
            self._show_logo(None)
            for edits in self.people.values():
                for edit in edits:
                    edit.clear()
            self.review_date.setDate(None)
            self.domains.clear()
            self._closures = []
            self.closure_model.clear()
            self.closure_reason.clear()
            self.path_label.clear()
            self.backup_dir_label.clear()
            self.remember_label.clear()
            self.remember_reason.clear()
            self.status.clear()
        finally:
            self._loading = False
        self._loaded = None
        self._set_enabled(False)

    def _on_changed(self, area: str) -> None:
        # Another part of the app changed the settings: show them, unless that would throw away the user's edits.
        if area == "settings" and self.session.is_unlocked and not self.has_unsaved_changes():
            self.load()

    def _set_enabled(self, enabled: bool) -> None:
        self.content.setEnabled(enabled)
        self.save_shortcut.setEnabled(enabled)
        if not enabled:
            self.save_button.setEnabled(False)
            self.discard_button.setEnabled(False)

    # -- the form's state --------------------------------------------------------------------------------------

    def _snapshot(self) -> tuple[Any, ...]:
        people = tuple(tuple(edit.text().strip() for edit in edits) for edits in self.people.values())
        return (
            self.name_edit.text().strip(),
            None if self._logo_pending is _UNCHANGED else self._logo_pending,
            self._logo_pending is _UNCHANGED,
            people,
            self.review_date.date(),
            self.auto_lock.value(),
            self.response_rule.currentData(),
            self.password_age.value(),
            tuple(split_domains(self.domains.text().lower())),
            tuple(self._closures),
        )

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self._snapshot() != self._loaded

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._update_dirty()

    def _update_dirty(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty)
        if not self._status_timer.isActive():
            self._show_dirty()

    def _show_dirty(self) -> None:
        self.status.setText("You have unsaved changes." if self.has_unsaved_changes() else "")

    def _clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear()

    def show_field_error(self, exc: ValidationError) -> bool:
        """Show ``exc`` next to its field and put the cursor there; False when no field on this page matches."""
        error = self.errors.get(exc.field or "")
        if error is None:
            return False
        error.show_error(str(exc))
        widget = self.fields[exc.field or ""]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(widget, 50, 80)
        return True

    # -- saving ------------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Check and save everything on the page; on a wrong field, say so beside it and save nothing."""
        if not self.session.is_unlocked or not self.has_unsaved_changes():
            return self.session.is_unlocked
        from smgov.data.services import school

        self._clear_errors()
        people: list[school.KeyPersonDetails] = []
        for role, (name, email, phone) in self.people.items():
            if not name.text().strip() and (email.text().strip() or phone.text().strip()):
                self.show_field_error(
                    ValidationError("Enter a name, or clear the email and phone too.", field=f"{role.value}.name")
                )
                return False
            people.append(school.KeyPersonDetails(role, name.text(), email.text(), phone.text()))
        review = self.review_date.date()
        change = school.SettingsChange(
            name=self.name_edit.text(),
            policy_review_date=review,
            clear_policy_review_date=review is None,
            auto_lock_minutes=self.auto_lock.value(),
            response_rule=ResponseRule(self.response_rule.currentData()),
            password_max_age_days=self.password_age.value(),
            email_domains=split_domains(self.domains.text()),
            key_people=people,
        )
        workspace = self.session.workspace
        try:
            school.update_settings(workspace, change)
            if self._logo_pending is not _UNCHANGED:
                school.set_logo(workspace, self._logo_pending)
            self._save_closures(workspace)
        except ValidationError as exc:
            if not self.show_field_error(exc):
                show_error(self, exc)
            return False
        except Exception as exc:  # noqa: BLE001 - shown to the user by the one error path
            show_error(self, exc)
            return False
        log.info("settings saved")
        self.load()
        self.status.setText("Saved.")
        self._status_timer.start()
        self.session.changed.emit("settings")
        return True

    def _save_closures(self, workspace: Any) -> None:
        from smgov.data.services import school

        wanted = {row.day: row.reason for row in self._closures}
        saved = dict(school.closure_days(workspace))
        for day in saved.keys() - wanted.keys():
            school.remove_closure_day(workspace, day)
        for day, reason in wanted.items():
            if saved.get(day) != reason:
                school.set_closure_day(workspace, day, reason)

    def discard(self) -> None:
        """Put every field back as saved."""
        self.load()

    def confirm_leave(self, proceed: Callable[[], None]) -> bool:
        """True when the page can be left now; otherwise ask to save or discard, and call ``proceed`` after."""
        if not self.has_unsaved_changes():
            return True
        buttons = QMessageBox.StandardButton
        box = msgbox.msgbox(
            self,
            "Unsaved changes",
            "You have changed the settings without saving. Save the changes?",
            QMessageBox.Icon.Question,
            buttons.Save | buttons.Discard | buttons.Cancel,
        )
        box.setObjectName("settings-unsaved-question")
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)

        def answered(result: int) -> None:
            choice = box.standardButton(box.clickedButton()) if box.clickedButton() else buttons.Cancel
            if choice == buttons.Save:
                if self.save():
                    proceed()
            elif choice == buttons.Discard:
                self.load()
                proceed()

        box.finished.connect(answered)
        return False

    # -- logo --------------------------------------------------------------------------------------------------

    def choose_logo(self) -> None:
        file_name, _filter = QFileDialog.getOpenFileName(self, "Choose the school's logo", "", LOGO_FILTER)
        if file_name:
            self.use_logo_file(Path(file_name))

    def use_logo_file(self, path: Path) -> bool:
        """Check the image at ``path`` and show it; it is stored on Save. A bad image is explained beside it."""
        from smgov.data.images import normalise_logo

        error = self.errors["logo"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            error.show_error(f"{path.name} cannot be read ({exc.strerror}).")
            return False
        try:
            logo = normalise_logo(data)
        except ValidationError as exc:
            error.show_error(str(exc))
            return False
        error.clear()
        self._logo_pending = logo
        self._show_logo(logo)
        self._update_dirty()
        return True

    def remove_logo(self) -> None:
        self.errors["logo"].clear()
        self._logo_pending = None if self._logo_bytes is not None else _UNCHANGED
        self._show_logo(None)
        self._update_dirty()

    def _show_logo(self, data: bytes | None) -> None:
        if data:
            pixmap = QPixmap()
            pixmap.loadFromData(QByteArray(data))
            if not pixmap.isNull():
                area = self.logo_preview.contentsRect().size()
                self.logo_preview.setPixmap(
                    pixmap.scaled(
                        area.shrunkBy(QMargins(6, 6, 6, 6)),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
                self.logo_remove.setEnabled(True)
                return
        self.logo_preview.clear()
        self.logo_preview.setText("No logo")
        self.logo_remove.setEnabled(False)

    # -- closure days ------------------------------------------------------------------------------------------

    def add_closure(self) -> None:
        day = self.closure_date.date()
        reason = " ".join(self.closure_reason.text().split())
        if day is None:
            return
        rows = [row for row in self._closures if row.day != day]
        rows.append(ClosureRow(day, reason or "Closed"))
        self._closures = sorted(rows, key=lambda r: r.day)
        self.closure_model.set_rows(self._closures)
        self.closure_reason.clear()
        self._update_dirty()

    def remove_closure(self) -> None:
        index = self.closure_table.currentIndex()
        if not index.isValid():
            return
        row: ClosureRow = self.closure_proxy.row_at(index.row())
        self._closures = [r for r in self._closures if r.day != row.day]
        self.closure_model.set_rows(self._closures)
        self._update_dirty()

    # -- workspace actions -------------------------------------------------------------------------------------

    def change_passphrase(self) -> None:
        from smgov.ui.shell.passphrase import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self, self.session.workspace)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._refresh_remembered())
        dialog.passphraseChanged.connect(lambda: self.session.changed.emit("settings"))
        dialog.open()

    def emergency_kit(self) -> None:
        from smgov.ui.frame.pdf_output import offer_emergency_kit

        dialog = offer_emergency_kit(self, self.session.workspace)
        done = getattr(dialog, "kitDone", None)
        if done is not None:
            done.connect(lambda *_args: self.session.changed.emit("settings"))

    def backup(self) -> None:
        from smgov.ui.shell.workspace_dialogs import backup_now

        backup_now(self, self.session)

    def restore(self) -> None:
        from smgov.ui.shell.workspace_dialogs import RestoreDialog

        window = self.window()
        starter = getattr(window, "restore", None)
        if callable(starter):
            starter()  # the main window also reopens the restored file
            return
        dialog = RestoreDialog(self, self.session)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def verify(self) -> None:
        from smgov.ui.shell.workspace_dialogs import verify_now

        verify_now(self, self.session)

    def choose_backup_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for automatic backups", str(state.backup_dir()))
        if folder:
            state.set_backup_dir(Path(folder))
            self.backup_dir_label.setText(str(state.backup_dir()))

    def remember(self) -> None:
        from smgov.data import keystore

        workspace = self.session.workspace
        try:
            keystore.remember(workspace.path, workspace.key)
        except Exception as exc:  # noqa: BLE001 - KeyStoreRefused and store errors are explained to the user
            show_error(self, exc)
        self._refresh_remembered()

    def forget(self) -> None:
        from smgov.data import keystore

        try:
            keystore.forget(self.session.workspace.path)
        except Exception as exc:  # noqa: BLE001 - explained to the user
            show_error(self, exc)
        self._refresh_remembered()

    def _refresh_remembered(self) -> None:
        if not self.session.is_unlocked:
            return
        from smgov.data import keystore

        self._show_remembered(keystore.is_remembered(self.session.workspace.path), keystore.refusal_reason())

    def _show_remembered(self, remembered: bool, refusal: str | None) -> None:
        if remembered:
            self.remember_label.setText(
                "Remembered: smgov opens this workspace on this PC without asking for the passphrase."
            )
        else:
            self.remember_label.setText("Not remembered: smgov asks for the passphrase each time.")
        self.forget_button.setEnabled(remembered)
        self.remember_button.setEnabled(not remembered and refusal is None)
        self.remember_button.setVisible(not remembered)
        self.forget_button.setVisible(remembered)
        self.remember_reason.setText(refusal or "")
        self.remember_reason.setVisible(bool(refusal) and not remembered)
        if refusal:
            self.remember_button.setToolTip(refusal)

    # -- section hooks -----------------------------------------------------------------------------------------

    def show_record(self, record_id: object) -> None:
        """Bring the part of the page a dashboard item is about into view and put the cursor there."""
        targets: dict[object, QWidget] = {
            "emergency-kit": self.kit_button,
            "backup": self.backup_button,
            "key-people": self._first_empty_person(),
            "policy-review": self.review_date,
        }
        target = targets.get(record_id, self.review_date if record_id is None else self.name_edit)
        QTimer.singleShot(0, lambda: self._reveal(target))

    def _reveal(self, widget: QWidget) -> None:
        self.scroll_area.ensureWidgetVisible(widget, 50, 120)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _first_empty_person(self) -> QWidget:
        for name, _email, _phone in self.people.values():
            if not name.text().strip():
                return name
        return self.people[KeyRole.HEADTEACHER][0]
