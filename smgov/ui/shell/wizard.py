"""The first-run wizard: create the workspace, name the school and its key people, then print the Emergency Kit.

The school's name comes first because it suggests the file name and is one of the words a passphrase must not lean
on. Nothing is written until the user presses "Create the workspace"; if any step of creating fails, the new file is
removed again, so nothing half-made is left behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from smgov import paths
from smgov.data import images, keys
from smgov.data.errors import SmgovError, ValidationError
from smgov.data.models import KeyRole, ResponseRule
from smgov.data.services import school
from smgov.data.services.school import KeyPersonDetails, SettingsChange
from smgov.data.workspace import SUFFIX, Workspace
from smgov.ui.frame import state
from smgov.ui.frame.operations import run_in_background
from smgov.ui.frame.pdf_output import EmergencyKitButtons
from smgov.ui.frame.widgets import DateField, FieldError, PassphraseEdit, StrengthMeter, plain_label

log = logging.getLogger(__name__)

PAGE_SCHOOL, PAGE_SAVE, PAGE_PEOPLE, PAGE_SETTINGS, PAGE_CREATE, PAGE_KIT = range(6)
RESPONSE_RULE_TEXT = {
    ResponseRule.WITHIN_24_HOURS: "Within 24 hours",
    ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND: "By the end of the next working day when received at a weekend",
}
_BAD_FILE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


R = TypeVar("R")


def _guarded(fallback: R) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """For Qt virtuals (validatePage, initializePage): never let an exception unwind into C++.

    PySide cannot unwind a Python exception through a C++ caller cleanly (we saw it corrupt reference counts and
    crash later), so an unexpected error is shown through the crash path and the page stays where it is.
    """

    def wrap(method: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(method)
        def guarded(self: QWidget, *args: object) -> R:
            try:
                return method(self, *args)
            except Exception as exc:  # noqa: BLE001 - reported to the user, never lost
                from smgov.ui.frame.errors import show_error

                show_error(self, exc)
                return fallback

        return guarded

    return wrap


def _line_edit(accessible: str, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(accessible)
    edit.setObjectName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _field_with_error(field: QWidget, error: FieldError) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


def _add_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None = None) -> QLabel:
    """A form row whose label's mnemonic (the &-letter) focuses ``buddy``, the input inside ``field``."""
    label = QLabel(text)
    label.setBuddy(buddy or field)
    form.addRow(label, field)
    return label


def suggested_file_name(school_name: str) -> str:
    """A file name from the school's name, safe on Windows: "Spixworth Federation.smgov"."""
    cleaned = _BAD_FILE_CHARS.sub(" ", school_name)
    cleaned = " ".join(cleaned.split()).strip(" .")[:80]
    return (cleaned or "School") + SUFFIX


def check_location(folder_text: str, file_name: str) -> Path:
    """The new workspace's path, or ValidationError (field "folder" or "file_name") saying what to change."""
    if not folder_text.strip():
        raise ValidationError("Choose the folder to keep the workspace in.", field="folder")
    folder = Path(folder_text.strip()).expanduser()
    if not folder.is_dir():
        raise ValidationError(f"The folder {folder} does not exist. Choose another one.", field="folder")
    name = file_name.strip()
    if not name:
        raise ValidationError("Give the workspace file a name.", field="file_name")
    if _BAD_FILE_CHARS.search(name):
        raise ValidationError('A file name cannot contain < > : " / \\ | ? or *. Leave them out.', field="file_name")
    if not name.lower().endswith(SUFFIX):
        name += SUFFIX
    path = folder / name
    if path.exists():
        raise ValidationError(
            f"{name} already exists in that folder. Choose another name (or cancel and open that file instead).",
            field="file_name",
        )
    try:
        handle, probe = tempfile.mkstemp(prefix=".smgov-write-check-", dir=folder)
        os.close(handle)
        os.remove(probe)
    except OSError as exc:
        raise ValidationError(
            f"smgov cannot save files in {folder}. Choose a folder you can write to, such as Documents.",
            field="folder",
        ) from exc
    return path


def remove_workspace_files(path: Path) -> None:
    """Delete a workspace that was only half made (the file and SQLite's -wal and -shm beside it)."""
    for extra in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + extra).unlink()


@dataclass(frozen=True)
class NewWorkspacePlan:
    """Everything the wizard gathered, checked: what :func:`create_workspace` makes."""

    path: Path
    passphrase: str
    school_name: str
    logo: bytes | None
    settings: SettingsChange


def create_workspace(plan: NewWorkspacePlan) -> Workspace:
    """Create the workspace and save its settings; on any failure remove the file again and re-raise."""
    workspace = Workspace.create(plan.path, plan.passphrase, plan.school_name)
    try:
        if plan.logo is not None:
            school.set_logo(workspace, plan.logo)
        school.update_settings(workspace, plan.settings)
    except BaseException:
        workspace.close()
        remove_workspace_files(plan.path)
        raise
    return workspace


class SchoolPage(QWizardPage):
    """(1) The school's name and, if it has one, its logo (checked as soon as it is chosen)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-school")
        self.setTitle("Your school")
        self.setSubTitle("smgov keeps your school's social media records in one encrypted file. Start with the school.")
        self.logo: bytes | None = None
        self._checking = False

        self.name_edit = _line_edit("School name", "school-name", "Spixworth Federation")
        self.name_edit.setMaxLength(school.MAX_NAME + 20)
        self.name_error = FieldError(for_widget=self.name_edit, name="school-name-error")
        self.name_edit.textChanged.connect(lambda _t: self.name_error.clear())

        self.choose_logo = QPushButton("Choose logo…")
        self.choose_logo.setObjectName("choose-logo")
        self.choose_logo.setAccessibleName("Choose the school logo")
        self.choose_logo.clicked.connect(self.pick_logo)
        self.remove_logo = QPushButton("Remove logo")
        self.remove_logo.setObjectName("remove-logo")
        self.remove_logo.setAccessibleName("Remove the logo")
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        self.preview = QLabel()
        self.preview.setObjectName("logo-preview")
        self.preview.setAccessibleName("Logo preview")
        self.preview.setFixedSize(132, 132)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_status = plain_label("", name="logo-status")
        self.logo_error = FieldError(for_widget=self.choose_logo, name="logo-error")

        logo_buttons = QVBoxLayout()
        logo_buttons.setContentsMargins(0, 0, 0, 0)
        logo_buttons.addWidget(self.choose_logo)
        logo_buttons.addWidget(self.remove_logo)
        logo_buttons.addWidget(self.logo_status)
        logo_buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.setContentsMargins(0, 0, 0, 0)
        logo_row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        logo_row.addLayout(logo_buttons)
        logo_row.addStretch(1)
        logo_box = QWidget()
        logo_layout = QVBoxLayout(logo_box)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.setSpacing(4)
        logo_layout.addLayout(logo_row)
        hint = plain_label("Optional. PNG or JPEG; it heads every printed form and report.")
        hint.setEnabled(False)
        logo_layout.addWidget(hint)
        logo_layout.addWidget(self.logo_error)
        logo_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        page = QVBoxLayout(self)
        form = QFormLayout()
        page.addLayout(form)
        page.addStretch(1)
        _add_row(form, "School &name", _field_with_error(self.name_edit, self.name_error), self.name_edit)
        _add_row(form, "&Logo", logo_box, self.choose_logo)
        self.set_logo(None)

    def school_name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def pick_logo(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the school logo", str(paths.default_workspace_dir()), "Images (*.png *.jpg *.jpeg)"
        )
        if chosen:
            self.check_logo_file(Path(chosen))

    def check_logo_file(self, path: Path) -> None:
        """Read and check the image in the background; a broken or huge image gets a message here."""
        self.logo_error.clear()
        self._set_checking(True)

        def op() -> bytes:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValidationError(f"{path.name} cannot be read ({exc.strerror}).", field="logo") from exc
            return images.normalise_logo(data)

        def failed(exc: BaseException) -> None:
            self._set_checking(False)
            if isinstance(exc, ValidationError):
                self.set_logo(None)
                self.logo_error.show_error(str(exc))
            else:
                from smgov.ui.frame.errors import show_error

                show_error(self, exc)

        run_in_background(self, op, self._logo_checked, failed)

    def _logo_checked(self, logo: bytes) -> None:
        self._set_checking(False)
        self.set_logo(logo)

    def set_logo(self, logo: bytes | None) -> None:
        self.logo = logo
        self.remove_logo.setEnabled(logo is not None)
        if logo is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No logo")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(logo)
        ratio = self.devicePixelRatioF()
        scaled = pixmap.scaled(
            int(124 * ratio),
            int(124 * ratio),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        self.preview.setPixmap(scaled)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.logo_status.setText("Checking the image…" if checking else "")
        self.choose_logo.setEnabled(not checking)
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        return not self._checking

    @override
    @_guarded(False)
    def validatePage(self) -> bool:
        try:
            school.check_school_name(self.name_edit.text())
        except ValidationError as exc:
            self.name_error.show_error(str(exc))
            self.name_edit.setFocus()
            return False
        return True


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

        self.folder_edit = _line_edit("Folder", "folder")
        self.folder_edit.setText(str(start))
        self.folder_button = QPushButton("Choose folder…")
        self.folder_button.setObjectName("choose-folder")
        self.folder_button.setAccessibleName("Choose the folder")
        self.folder_button.clicked.connect(self.pick_folder)
        self.folder_error = FieldError(for_widget=self.folder_edit, name="folder-error")
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)

        self.file_name = _line_edit("File name", "file-name")
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

        passphrase_box = QWidget()
        box = QVBoxLayout(passphrase_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.passphrase)
        box.addWidget(self.meter)
        box.addWidget(self.passphrase_error)

        form = QFormLayout(self)
        _add_row(form, "&Folder", _field_with_error(folder_row, self.folder_error), self.folder_edit)
        _add_row(form, "File &name", _field_with_error(self.file_name, self.file_error), self.file_name)
        _add_row(form, "&Passphrase", passphrase_box, self.passphrase.line_edit)
        _add_row(form, "Type it &again", _field_with_error(self.confirm, self.confirm_error), self.confirm.line_edit)

    def _name_typed(self, _text: str) -> None:
        self._name_edited = True

    def pick_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose the folder for the workspace", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def user_inputs(self) -> list[str]:
        wizard = self.wizard()
        name = wizard.school_page.school_name() if isinstance(wizard, FirstRunWizard) else ""
        return [*name.split(), name, "smgov"]

    @override
    @_guarded(None)
    def initializePage(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard) and not self._name_edited:
            self.file_name.setText(suggested_file_name(wizard.school_page.school_name()))
        self.meter.set_user_inputs(self.user_inputs())

    def path(self) -> Path:
        return check_location(self.folder_edit.text(), self.file_name.text())

    @override
    @_guarded(False)
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
                keys.check_new_passphrase(passphrase, confirmation, self.user_inputs())
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
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(plain_label("Name", wrap=False), 0, 1)
        grid.addWidget(plain_label("Email", wrap=False), 0, 2)
        for index, role in enumerate(self.ROLES):
            row = 1 + index * 2
            label = plain_label(role.label, wrap=False, name=f"{role.value}-label")
            name = _line_edit(f"{role.label}: name", f"{role.value}-name")
            email = _line_edit(f"{role.label}: email", f"{role.value}-email", "name@school.org.uk")
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
    @_guarded(False)
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
        self.response_rule = QComboBox()
        self.response_rule.setObjectName("response-rule")
        self.response_rule.setAccessibleName("Response to incidents due")
        for rule, text in RESPONSE_RULE_TEXT.items():
            self.response_rule.addItem(text, rule)
        self.password_age = QSpinBox()
        self.password_age.setObjectName("password-max-age")
        self.password_age.setAccessibleName("Change account passwords after days")
        self.password_age.setRange(30, 3650)
        self.password_age.setSingleStep(30)
        self.password_age.setValue(365)
        self.password_age.setSuffix(" days")
        self.domains = _line_edit("School email domains", "email-domains", "spixworth.norfolk.sch.uk, example.org.uk")
        self.domains_error = FieldError(for_widget=self.domains, name="email-domains-error")
        self.domains.textChanged.connect(lambda _t: self.domains_error.clear())
        domains_hint = plain_label(
            "Separate them with commas. Official accounts must be linked to an address in one of these domains."
        )
        domains_hint.setEnabled(False)
        domains_box = QWidget()
        domains_layout = QVBoxLayout(domains_box)
        domains_layout.setContentsMargins(0, 0, 0, 0)
        domains_layout.setSpacing(2)
        for widget in (self.domains, self.domains_error, domains_hint):
            domains_layout.addWidget(widget)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        _add_row(form, "Policy &review date", self.review_date, self.review_date.focusProxy())
        lock_box = self._with_hint(self.auto_lock, "idle, so nobody passing by can read the records")
        _add_row(form, "&Lock after", lock_box, self.auto_lock)
        _add_row(form, "Res&pond to incidents", self.response_rule)
        age_box = self._with_hint(self.password_age, "(the passwords of the school's social media accounts)")
        _add_row(form, "&Change passwords every", age_box, self.password_age)
        _add_row(form, "School email &domains", domains_box, self.domains)

    @staticmethod
    def _with_hint(field: QWidget, hint: str) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field)
        label = plain_label(hint, wrap=False)
        label.setEnabled(False)
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
    @_guarded(False)
    def validatePage(self) -> bool:
        try:
            school.parse_domains(self.domain_list())
        except ValidationError as exc:
            self.domains_error.show_error(str(exc))
            self.domains.setFocus()
            return False
        return True


class CreatePage(QWizardPage):
    """(5) Creating the file, in the background. On failure nothing is left, and Back leads to what to change."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-create")
        self.setTitle("Creating the workspace")
        self.setSubTitle("smgov is making the encrypted file and saving what you entered. This takes a few seconds.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Next >")
        self.busy = False
        self.done = False
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Creating the workspace")
        self.status = plain_label("", name="create-status")
        self.error = FieldError(name="create-error")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addStretch(1)

    @override
    @_guarded(None)
    def initializePage(self) -> None:
        wizard = self.wizard()
        if not isinstance(wizard, FirstRunWizard):
            return
        self.error.clear()
        self.done = False
        self.busy = True
        self.progress.show()
        try:
            plan = wizard.plan()
        except ValidationError as exc:  # the folder changed since that page was checked
            self._failed(exc)
            return
        self.status.setText(f"Creating {plan.path.name} in {plan.path.parent}…")
        wizard.set_busy(True)
        run_in_background(wizard, lambda: create_workspace(plan), self._created, self._failed)

    def _created(self, workspace: Workspace) -> None:
        wizard = self.wizard()
        self.busy = False
        self.done = True
        self.progress.hide()
        log.info("workspace created")
        if not isinstance(wizard, FirstRunWizard) or wizard.abandoned:
            workspace.close()
            return
        wizard.workspace = workspace
        state.add_recent_workspace(workspace.path)
        wizard.set_busy(False)
        self.status.setText(f"{workspace.path.name} is ready.")
        self.completeChanged.emit()
        wizard.next()

    def _failed(self, exc: BaseException) -> None:
        wizard = self.wizard()
        self.busy = False
        self.progress.hide()
        self.status.setText("The workspace was not created. Nothing was saved, and no file was left behind.")
        if isinstance(wizard, FirstRunWizard):
            wizard.set_busy(False)
        if isinstance(exc, SmgovError):
            self.error.show_error(f"{exc} Go Back to change it, then try again.")
        else:
            from smgov.ui.frame.errors import show_error

            self.error.show_error("Something unexpected went wrong. Go Back and try again.")
            show_error(self, exc)
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        return self.done

    @override
    @_guarded(False)
    def validatePage(self) -> bool:
        return self.done  # QWizard.next() called from code skips isComplete; this stops it too


class KitPage(QWizardPage):
    """(6) The Emergency Kit: the recovery key, shown once, to save or print for the headteacher's safe."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-kit")
        self.setTitle("Print the Emergency Kit")
        self.setSubTitle(
            "If the passphrase is ever forgotten, or you are away, the recovery key below opens the workspace. "
            "It is shown only now: print the Emergency Kit and keep it in the headteacher's safe."
        )
        self.kit_done = False
        self.key_label = QLabel()
        self.key_label.setObjectName("recovery-key-shown")
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.key_label.setFont(font)
        self.key_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.key_label.setMargin(12)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.buttons_row = QVBoxLayout()
        self.status = plain_label("", name="kit-status")
        self.later = QCheckBox("I will print the Emergency Kit later from Settings")
        self.later.setObjectName("kit-later")
        self.later.setAccessibleName("I will print the Emergency Kit later from Settings")
        self.later.toggled.connect(lambda _c: self.completeChanged.emit())
        self.kit_buttons: EmergencyKitButtons | None = None
        warning = plain_label(
            "Anyone with this key and a copy of the file can read everything in it. Do not email or photograph it. "
            "If you save it as PDF, print that file and then delete it."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(warning)
        layout.addLayout(self.buttons_row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.later)

    @override
    @_guarded(None)
    def initializePage(self) -> None:
        # Never raise out of a Qt virtual: PySide cannot unwind through C++ cleanly.
        wizard = self.wizard()
        if not isinstance(wizard, FirstRunWizard) or wizard.workspace is None:
            return
        groups = wizard.workspace.recovery_key.split()
        self.key_label.setText(" ".join(groups[:4]) + "\n" + " ".join(groups[4:]))
        if self.kit_buttons is None:
            self.kit_buttons = EmergencyKitButtons(wizard.workspace, self)
            self.kit_buttons.kitDone.connect(self._kit_done)
            self.buttons_row.addWidget(self.kit_buttons)

    def _kit_done(self, how: str) -> None:
        self.kit_done = True
        self.status.setText(
            "Saved. Print that file, put the page in the headteacher's safe, then delete the file."
            if how == "saved"
            else "Sent to the printer. Put the page in the headteacher's safe."
        )
        self.completeChanged.emit()

    def clear_key(self) -> None:
        self.key_label.clear()

    @override
    def isComplete(self) -> bool:
        return self.kit_done or self.later.isChecked()


class FirstRunWizard(QWizard):
    """Create a new workspace, step by step. After it is accepted, :attr:`workspace` is the new, open Workspace.

    Signals: none beyond QWizard's (``accepted``/``finished``).
    """

    def __init__(self, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first-run-wizard")
        self.setWindowTitle("Create a workspace - smgov")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.workspace: Workspace | None = None
        self.abandoned = False
        self._busy = False
        self.school_page = SchoolPage()
        self.save_page = SavePage(folder)
        self.people_page = PeoplePage()
        self.settings_page = SettingsPage()
        self.create_page = CreatePage()
        self.kit_page = KitPage()
        for page_id, page in (
            (PAGE_SCHOOL, self.school_page),
            (PAGE_SAVE, self.save_page),
            (PAGE_PEOPLE, self.people_page),
            (PAGE_SETTINGS, self.settings_page),
            (PAGE_CREATE, self.create_page),
            (PAGE_KIT, self.kit_page),
        ):
            self.setPage(page_id, page)
        for which, name in (
            (QWizard.WizardButton.BackButton, "Back"),
            (QWizard.WizardButton.NextButton, "Next"),
            (QWizard.WizardButton.CancelButton, "Cancel"),
            (QWizard.WizardButton.FinishButton, "Finish"),
        ):
            button = self.button(which)
            button.setObjectName(f"wizard-{name.lower()}")
            button.setAccessibleName(name)
        self.currentIdChanged.connect(lambda _id: self._apply_busy())
        self.resize(760, 620)

    def plan(self) -> NewWorkspacePlan:
        """What will be created, from the pages (each was checked when the user left it)."""
        return NewWorkspacePlan(
            path=self.save_page.path(),
            passphrase=self.save_page.passphrase.text(),
            school_name=self.school_page.school_name(),
            logo=self.school_page.logo,
            settings=dataclasses.replace(self.settings_page.settings(), key_people=self.people_page.people()),
        )

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._apply_busy()

    def _apply_busy(self) -> None:
        # QWizard re-enables its buttons whenever the page changes; while creating, Back and Cancel stay off.
        if self._busy:
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not self._busy)

    @override
    def reject(self) -> None:
        if self._busy:
            return  # creating takes a few seconds; cancelling half way would leave a half-made file
        if self.workspace is not None:
            # The workspace exists: leaving now would lose the only sight of the recovery key.
            if self.kit_page.isComplete():
                self.accept()
            else:
                self.kit_page.status.setText(
                    "Save or print the Emergency Kit, or tick the box below to do it later, then press Finish."
                )
            return
        self.abandoned = True
        super().reject()

    @override
    def accept(self) -> None:
        self.kit_page.clear_key()
        super().accept()
