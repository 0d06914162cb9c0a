"""The first-run wizard's pages where the user types after the school (:mod:`smgov.ui.shell.wizard_school`): where to
keep the file and its passphrase, the key people, and the school's rules. Each page checks what was typed when the
user presses Next."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from smgov import paths
from smgov.data import passphrases
from smgov.data.errors import ValidationError
from smgov.data.models import KeyRole, ResponseRule
from smgov.data.services import school
from smgov.data.services.school import KeyPersonDetails, SettingsChange
from smgov.ui.frame.forms import button, hint_label, line_edit, stacked
from smgov.ui.frame.widgets import DateField, FieldError, PassphraseEdit, StrengthMeter, plain_label
from smgov.ui.shell.wizard_school import SchoolPage
from smgov.ui.shell.wizard_steps import (
    PAGE_SCHOOL,
    add_row,
    check_location,
    guarded,
    page_body,
    suggested_file_name,
)

RESPONSE_RULE_TEXT = {
    ResponseRule.WITHIN_24_HOURS: "Within 24 hours",
    ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND: "By the end of the next working day when received at a weekend",
}


class SavePage(QWizardPage):
    """(2) Where the workspace file goes, and the passphrase that opens it."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__()
        self.setObjectName("page-save")
        self.setTitle("Where to keep it, and its passphrase")
        self.setSubTitle(
            "Choose a folder that is backed up. The passphrase opens the file: nobody can reset it, so choose one "
            "you will remember. Three or four unrelated words work well."
        )
        self._name_edited = False
        self._setting_name = False
        start = folder or paths.default_workspace_dir()
        if not start.is_dir():
            start = Path.home()

        self.folder_edit = line_edit("folder", "Folder")
        self.folder_edit.setText(str(start))
        self.folder_button = button("Choose folder…", "choose-folder", "Choose the folder")
        self.folder_button.clicked.connect(self.pick_folder)
        self.folder_error = FieldError(for_widget=self.folder_edit, name="folder-error")
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)

        self.file_name = line_edit("file-name", "File name")
        self.file_name.textEdited.connect(self._name_typed)
        self.file_error = FieldError(for_widget=self.file_name, name="file-name-error")

        self.passphrase = PassphraseEdit(accessible_name="New passphrase", name="new-passphrase")
        self.meter = StrengthMeter()
        self.passphrase_error = FieldError(for_widget=self.passphrase.line_edit, name="new-passphrase-error")
        self.confirm = PassphraseEdit(accessible_name="Type the passphrase again", name="confirm-passphrase")
        self.confirm_error = FieldError(for_widget=self.confirm.line_edit, name="confirm-passphrase-error")
        self.passphrase.textChanged.connect(self.meter.set_passphrase)
        self.passphrase.textChanged.connect(lambda _t: self.passphrase_error.clear())
        self.confirm.textChanged.connect(lambda _t: self.confirm_error.clear())
        self.folder_edit.textChanged.connect(lambda _t: self.folder_error.clear())
        self.file_name.textChanged.connect(lambda _t: self.file_error.clear())

        passphrase_box = stacked(self.passphrase, self.passphrase_error, extra=self.meter)

        form = QFormLayout(page_body(self))
        add_row(form, "&Folder", stacked(folder_row, self.folder_error), self.folder_edit)
        add_row(form, "File &name", stacked(self.file_name, self.file_error), self.file_name)
        add_row(form, "&Passphrase", passphrase_box, self.passphrase.line_edit)
        add_row(form, "Type it &again", stacked(self.confirm, self.confirm_error), self.confirm.line_edit)

    def _name_typed(self, _text: str) -> None:
        self._name_edited = True

    def pick_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose the folder for the workspace", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _school_page(self) -> SchoolPage | None:
        wizard = self.wizard()
        page = wizard.page(PAGE_SCHOOL) if wizard is not None else None
        return page if isinstance(page, SchoolPage) else None

    def user_inputs(self) -> list[str]:
        school_page = self._school_page()
        name = school_page.school_name() if school_page is not None else ""
        return [*name.split(), name, "smgov"]

    @override
    @guarded(None)
    def initializePage(self) -> None:
        school_page = self._school_page()
        if school_page is not None and not self._name_edited:
            self.file_name.setText(suggested_file_name(school_page.school_name()))
        self.meter.set_user_inputs(self.user_inputs())

    def path(self) -> Path:
        return check_location(self.folder_edit.text(), self.file_name.text())

    @override
    @guarded(False)
    def validatePage(self) -> bool:
        ok = True
        try:
            self.path()
        except ValidationError as exc:
            (self.folder_error if exc.field == "folder" else self.file_error).show_error(str(exc))
            (self.folder_edit if exc.field == "folder" else self.file_name).setFocus()
            ok = False
        passphrase, confirmation = self.passphrase.text(), self.confirm.text()
        problem: QWidget | None = None
        if not passphrase:
            self.passphrase_error.show_error("Choose a passphrase: three or four unrelated words work well.")
            problem = self.passphrase
        elif not self.meter.update_now().acceptable:
            self.passphrase_error.show_error("This passphrase is too easy to guess. Follow the advice above it.")
            problem = self.passphrase
        else:
            try:
                passphrases.check_new_passphrase(passphrase, confirmation, self.user_inputs())
            except ValidationError as exc:
                target = self.confirm_error if exc.field == "confirmation" else self.passphrase_error
                target.show_error(str(exc))
                problem = self.confirm if exc.field == "confirmation" else self.passphrase
        if problem is not None:
            if ok:
                problem.setFocus()
            return False
        return ok


class PeoplePage(QWizardPage):
    """(3) The school's key people: who forms and reports name, and who is told about what."""

    ROLES = (
        KeyRole.HEADTEACHER,
        KeyRole.DSL,
        KeyRole.DPO,
        KeyRole.BUSINESS_MANAGER,
        KeyRole.ICT_LEAD,
        KeyRole.CHAIR_OF_GOVERNORS,
    )

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-people")
        self.setTitle("Key people")
        self.setSubTitle(
            "Forms and reports name these people, and smgov reminds you whom to tell. Fill in who you know now; "
            "you can change them later in Settings."
        )
        self.names: dict[KeyRole, QLineEdit] = {}
        self.emails: dict[KeyRole, QLineEdit] = {}
        self.name_errors: dict[KeyRole, FieldError] = {}
        self.email_errors: dict[KeyRole, FieldError] = {}
        grid = QGridLayout(page_body(self))
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(plain_label("Name", wrap=False), 0, 1)
        grid.addWidget(plain_label("Email", wrap=False), 0, 2)
        for index, role in enumerate(self.ROLES):
            row = 1 + index * 2
            label = plain_label(role.label, wrap=False, name=f"{role.value}-label")
            name = line_edit(f"{role.value}-name", f"{role.label}: name")
            email = line_edit(f"{role.value}-email", f"{role.label}: email", "name@school.org.uk")
            label.setBuddy(name)
            self.names[role], self.emails[role] = name, email
            self.name_errors[role] = FieldError(for_widget=name, name=f"{role.value}-name-error")
            self.email_errors[role] = FieldError(for_widget=email, name=f"{role.value}-email-error")
            name.textChanged.connect(lambda _t, error=self.name_errors[role]: error.clear())
            email.textChanged.connect(lambda _t, error=self.email_errors[role]: error.clear())
            grid.addWidget(label, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(email, row, 2)
            grid.addWidget(self.name_errors[role], row + 1, 1)
            grid.addWidget(self.email_errors[role], row + 1, 2)
        grid.setRowStretch(1 + len(self.ROLES) * 2, 1)

    def people(self) -> list[KeyPersonDetails]:
        return [
            KeyPersonDetails(role, " ".join(self.names[role].text().split()), self.emails[role].text().strip())
            for role in self.ROLES
            if self.names[role].text().strip() or self.emails[role].text().strip()
        ]

    @override
    @guarded(False)
    def validatePage(self) -> bool:
        first_problem: QWidget | None = None
        for role in self.ROLES:
            name, email = self.names[role].text().strip(), self.emails[role].text().strip()
            try:
                school.check_email(email, field_name=f"{role.value}.email")
            except ValidationError as exc:
                self.email_errors[role].show_error(str(exc))
                first_problem = first_problem or self.emails[role]
            if email and not name:
                self.name_errors[role].show_error("Add the person's name for this email address.")
                first_problem = first_problem or self.names[role]
            elif len(name) > school.MAX_NAME:
                self.name_errors[role].show_error(f"The name is too long (at most {school.MAX_NAME} characters).")
                first_problem = first_problem or self.names[role]
        if first_problem is not None:
            first_problem.setFocus()
            return False
        return True


class SettingsPage(QWizardPage):
    """(4) The school's rules: policy review date, auto-lock, response time, password age and email domains."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-settings")
        self.setTitle("Your school's rules")
        self.setSubTitle("These come from your social media policy. You can change them later in Settings.")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Create the workspace")

        today = dt.date.today()
        try:
            next_year = today.replace(year=today.year + 1)
        except ValueError:  # 29 February
            next_year = today + dt.timedelta(days=365)
        self.review_date = DateField(
            accessible_name="Policy review date",
            optional=True,
            set_text="Review on",
            name="policy-review",
            default=next_year,
        )
        self.auto_lock = QSpinBox()
        self.auto_lock.setObjectName("auto-lock")
        self.auto_lock.setAccessibleName("Lock after idle minutes")
        self.auto_lock.setRange(1, 240)
        self.auto_lock.setValue(10)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel
        self.response_rule = QComboBox()
        self.response_rule.setObjectName("response-rule")
        self.response_rule.setAccessibleName("Response to incidents due")
        self.response_rule.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for rule, text in RESPONSE_RULE_TEXT.items():
            self.response_rule.addItem(text, rule)
        self.password_age = QSpinBox()
        self.password_age.setObjectName("password-max-age")
        self.password_age.setAccessibleName("Change account passwords after days")
        self.password_age.setRange(30, 3650)
        self.password_age.setSingleStep(30)
        self.password_age.setValue(365)
        self.password_age.setSuffix(" days")
        self.password_age.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.domains = line_edit("email-domains", "School email domains", "spixworth.norfolk.sch.uk, example.org.uk")
        self.domains_error = FieldError(for_widget=self.domains, name="email-domains-error")
        self.domains.textChanged.connect(lambda _t: self.domains_error.clear())
        domains_box = stacked(
            self.domains,
            self.domains_error,
            "Separate them with commas. Official accounts must be linked to an address in one of these domains.",
        )

        form = QFormLayout(page_body(self))
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        add_row(form, "Policy &review date", self.review_date, self.review_date.focusProxy())
        lock_box = self._with_hint(self.auto_lock, "idle, so nobody passing by can read the records")
        add_row(form, "&Lock after", lock_box, self.auto_lock)
        add_row(form, "Res&pond to incidents", self.response_rule)
        age_box = self._with_hint(self.password_age, "(the passwords of the school's social media accounts)")
        add_row(form, "&Change passwords every", age_box, self.password_age)
        add_row(form, "School email &domains", domains_box, self.domains)

    @staticmethod
    def _with_hint(field: QWidget, hint: str) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field)
        label = hint_label(hint)
        label.setWordWrap(False)
        layout.addWidget(label, 1)
        return box

    def domain_list(self) -> list[str]:
        return [part for part in re.split(r"[,;\s]+", self.domains.text()) if part]

    def settings(self) -> SettingsChange:
        return SettingsChange(
            policy_review_date=self.review_date.date(),
            auto_lock_minutes=self.auto_lock.value(),
            response_rule=ResponseRule(self.response_rule.currentData()),
            password_max_age_days=self.password_age.value(),
            email_domains=list(school.parse_domains(self.domain_list())),
        )

    @override
    @guarded(False)
    def validatePage(self) -> bool:
        try:
            school.parse_domains(self.domain_list())
        except ValidationError as exc:
            self.domains_error.show_error(str(exc))
            self.domains.setFocus()
            return False
        return True
