"""The account's form fields (the account itself and its business case for SLT), the form as the service takes it,
and the checks made field by field so that every wrong field is pointed out at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit

from smgov.data.errors import ValidationError
from smgov.data.models.accounts import MonitoringFrequency, Platform
from smgov.data.services.accounts import AccountForm
from smgov.ui.frame.forms import RecordForm, WarningNote
from smgov.ui.frame.widgets import DateField

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
NEW_ACCOUNT = {"is_public": True, "monitoring_frequency": MonitoringFrequency.WORKING_DAYS}


class AccountFields(NamedTuple):
    platform: QComboBox
    handle: QLineEdit
    name: QLineEdit
    profile_url: QLineEdit
    linked_email: QLineEdit
    is_public: QCheckBox
    public_warning: WarningNote
    monitoring: QComboBox
    review_date: DateField


def account_fields(f: RecordForm, layout: QFormLayout) -> AccountFields:
    """The account: platform, handle, name, web address, linked email, visibility, AUP link, monitoring, review."""
    platform = f.combo("platform", "Platform", [(p.label, p) for p in Platform])
    f.add_row(layout, "&Platform", "platform")
    handle = f.line("handle", "Handle", "The @name exactly as the platform shows it")
    f.add_row(layout, "&Handle", "handle")
    name = f.line("name", "Account name", "What the school calls it, e.g. PE department")
    f.add_row(layout, "&Name", "name")
    profile_url = f.line("profile_url", "Profile web address", "https://…")
    f.add_row(layout, "Profile &URL", "profile_url")
    platform.currentIndexChanged.connect(
        lambda _index: profile_url.setPlaceholderText(
            PLATFORM_PLACEHOLDERS.get(Platform(platform.currentData() or Platform.OTHER), "https://…")
        )
    )
    linked_email = f.line("linked_email", "Linked school email", "office@school.org.uk")
    f.add_row(layout, "Linked &email", "linked_email", "The official school address the account is registered to.")
    is_public = f.check("is_public", "Public (anyone can see it)", "Public account")
    public_warning = WarningNote(PUBLIC_WARNING, "account-public-warning")
    public_warning.setVisible(False)
    is_public.toggled.connect(lambda on: public_warning.setVisible(not on))
    f.add_row(layout, "Visibility", "is_public", extra=public_warning)
    f.check("aup_link_in_about", "In its About page", "Link to the AUP in its About page")
    f.add_row(layout, "AUP link", "aup_link_in_about", "A link to the acceptable use policy.")
    monitoring = f.combo("monitoring_frequency", "Monitoring frequency", [(m.label, m) for m in MonitoringFrequency])
    f.add_row(layout, "&Monitored", "monitoring_frequency", "How often comments and messages are checked.")
    review_date = f.date("review_date", "Review date", set_text="Review on")
    f.add_row(layout, "&Review", "review_date")
    return AccountFields(
        platform, handle, name, profile_url, linked_email, is_public, public_warning, monitoring, review_date
    )


def case_fields(f: RecordForm, layout: QFormLayout) -> None:
    """The business case for SLT: aim, audience, content plan, content types, promotion."""
    f.lines("aim", "Aim", "What the account is for")
    f.add_row(layout, "&Aim", "aim")
    f.lines("audience", "Audience", "Who it is for: parents, the community, …")
    f.add_row(layout, "Au&dience", "audience")
    f.lines("content_plan", "Content plan", "What will be posted, how often, and who checks it")
    f.add_row(layout, "Content p&lan", "content_plan")
    f.lines("content_types", "Content types", "Photos (with consent), event reminders, …", rows=2)
    f.add_row(layout, "Content &types", "content_types")
    f.lines("promotion", "Promotion", "Newsletter, website, …", rows=2)
    f.add_row(layout, "Pr&omotion", "promotion")


def wheel_proof(f: RecordForm) -> None:
    """Combo boxes and dates take the focus only by click or Tab, never by the mouse wheel (nor change under it)."""
    for field in f.fields.values():
        if isinstance(field, QComboBox):
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif isinstance(field, DateField):
            field.edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def typed_form(f: RecordForm) -> AccountForm:
    """The form as typed, as the service takes it."""
    values = {key: f.value(key) for key in f.fields}
    # Combo boxes hand enum members back as their plain string values.
    values["platform"] = Platform(values["platform"])
    values["monitoring_frequency"] = MonitoringFrequency(values["monitoring_frequency"])
    return AccountForm(**values)


def precheck(form: AccountForm) -> list[ValidationError]:
    """The fields checked one by one, so every wrong one is pointed out at once (the service then checks
    everything again, off the UI thread, and stops at the first)."""
    from smgov.data.services import accounts
    from smgov.data.validation import check_email

    checks: list[Callable[[], object]] = [
        lambda: accounts.check_handle(form.platform, form.handle),
        lambda: accounts.check_url(form.profile_url, form.platform),
        lambda: check_email(form.linked_email, "linked_email"),
    ]
    wrong: list[ValidationError] = []
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            wrong.append(exc)
    return wrong
