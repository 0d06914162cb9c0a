"""The account register: official accounts, the staff named on each, and each account's lifecycle."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models.accounts import (
    Account,
    AccountStaff,
    AccountStatus,
    AccountTransition,
    MonitoringFrequency,
    Platform,
    StaffRole,
)
from smgov.data.models.incidents import Incident
from smgov.data.models.people import Person
from smgov.data.models.vault import Credential
from smgov.data.operators import actor_name
from smgov.data.references import RecordKind, format_reference
from smgov.data.validation import check_email, check_line, check_text, clean_text
from smgov.data.workspace import Workspace

S = AccountStatus
MAX_SHORT = 200
MAX_LONG = 5000

# Where each state may go next. Anything else is refused with the reason.
TRANSITIONS: dict[AccountStatus, tuple[AccountStatus, ...]] = {
    S.DRAFT: (S.SUBMITTED,),
    S.SUBMITTED: (S.APPROVED, S.REJECTED, S.DRAFT),
    S.REJECTED: (S.DRAFT,),
    S.APPROVED: (S.ACTIVE,),
    S.ACTIVE: (S.UNDER_REVIEW, S.CLOSING, S.TRANSFERRED),
    S.UNDER_REVIEW: (S.ACTIVE, S.CLOSING, S.TRANSFERRED),
    S.CLOSING: (S.CLOSED,),
    S.TRANSFERRED: (S.ACTIVE, S.CLOSED),
    S.CLOSED: (),
}
NEEDS_REASON = {S.REJECTED, S.UNDER_REVIEW, S.CLOSING, S.TRANSFERRED}
NEEDS_DECIDER = {S.APPROVED, S.REJECTED}
# States in which the account exists (or is about to) and must be run by named staff.
RUNNING = {S.APPROVED, S.ACTIVE, S.UNDER_REVIEW, S.CLOSING, S.TRANSFERRED}

PLATFORM_HOSTS: dict[Platform, tuple[str, ...]] = {
    Platform.FACEBOOK: ("facebook.com", "fb.com", "fb.me"),
    Platform.INSTAGRAM: ("instagram.com",),
    Platform.X: ("x.com", "twitter.com"),
    Platform.LINKEDIN: ("linkedin.com",),
    Platform.YOUTUBE: ("youtube.com", "youtu.be"),
    Platform.TIKTOK: ("tiktok.com",),
    Platform.WHATSAPP_CHANNEL: ("whatsapp.com",),
}
HANDLE_RE = re.compile(r"^[A-Za-z0-9._\-]{1,100}$")


@dataclass
class AccountForm:
    platform: Platform
    handle: str
    name: str = ""
    profile_url: str = ""
    aim: str = ""
    audience: str = ""
    content_plan: str = ""
    content_types: str = ""
    promotion: str = ""
    linked_email: str = ""
    is_public: bool = True
    aup_link_in_about: bool = False
    monitoring_frequency: MonitoringFrequency = MonitoringFrequency.WORKING_DAYS
    review_date: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class StaffLink:
    id: int
    person_id: int
    person_name: str
    role: StaffRole
    authorised_by: str
    authorised_on: dt.date | None
    added_on: dt.date
    removed_on: dt.date | None
    has_left: bool
    trained: bool
    terms_signed: bool

    @property
    def is_current(self) -> bool:
        return self.removed_on is None and not self.has_left


@dataclass(frozen=True)
class TransitionRow:
    from_status: AccountStatus
    to_status: AccountStatus
    at: dt.datetime
    actor: str
    decided_by: str
    reason: str


@dataclass(frozen=True)
class AccountRow:
    """One line of the register table: everything it shows and filters on, and nothing secret."""

    id: int
    platform: Platform
    handle: str
    name: str
    status: AccountStatus
    lead: str
    current_staff: int
    is_public: bool
    aup_link_in_about: bool
    review_date: dt.date | None
    credentials: int
    profile_url: str
    linked_email: str

    @property
    def display_name(self) -> str:
        return self.name or self.handle


@dataclass(frozen=True)
class AccountDetails:
    id: int
    form: AccountForm
    status: AccountStatus
    decided_by: str
    decided_on: dt.date | None
    decision_reasons: str
    staff: list[StaffLink]
    transitions: list[TransitionRow]
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def current_staff(self) -> list[StaffLink]:
        return [s for s in self.staff if s.is_current]

    def missing_for_submission(self) -> list[str]:
        return business_case_gaps(self.form, len(self.current_staff))


# -- checking what the user typed ---------------------------------------------------------------------------------


def handle_key(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


def check_handle(platform: Platform, handle: str) -> str:
    cleaned = clean_text(handle)
    if not cleaned:
        raise ValidationError("Enter the account's handle (its @name).", field="handle")
    if any(ch.isspace() for ch in cleaned):
        raise ValidationError("A handle has no spaces. Use the @name exactly as the platform shows it.", field="handle")
    bare = cleaned.lstrip("@")
    if platform in (Platform.BLOG, Platform.OTHER):
        if len(bare) > 100:
            raise ValidationError("The handle is too long (at most 100 characters).", field="handle")
        return bare
    if not HANDLE_RE.match(bare):
        raise ValidationError(
            f"A {platform.label} handle has only letters, numbers, dots, dashes and underscores.", field="handle"
        )
    return bare


def check_url(url: str, platform: Platform | None = None, field: str = "profile_url") -> str:
    cleaned = clean_text(url)
    if not cleaned:
        return ""
    if any(ch.isspace() for ch in cleaned):
        raise ValidationError("A web address has no spaces in it.", field=field)
    if "://" not in cleaned:
        raise ValidationError(f"Add https:// at the start (https://{cleaned[:60]}).", field=field)
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError("A web address starts with https:// (or http://).", field=field)
    host = (parts.hostname or "").lower()
    if "." not in host:
        raise ValidationError(f"'{cleaned[:60]}' is not a complete web address.", field=field)
    if len(cleaned) > 2000:
        raise ValidationError("The web address is too long.", field=field)
    expected = PLATFORM_HOSTS.get(platform) if platform else None
    if expected and not any(host == h or host.endswith("." + h) for h in expected):
        raise ValidationError(f"This is not a {platform.label} address (expected {expected[0]}).", field=field)  # type: ignore[union-attr]
    return cleaned


def check_form(form: AccountForm) -> AccountForm:
    platform = Platform(form.platform)
    return AccountForm(
        platform=platform,
        handle=check_handle(platform, form.handle),
        name=check_line(form.name, "name", "account's name", required=False, limit=MAX_SHORT),
        profile_url=check_url(form.profile_url, platform),
        aim=check_text(form.aim, "aim", "aim", required=False, limit=MAX_LONG),
        audience=check_text(form.audience, "audience", "audience", required=False, limit=MAX_LONG),
        content_plan=check_text(form.content_plan, "content_plan", "content plan", required=False, limit=MAX_LONG),
        content_types=check_text(
            form.content_types, "content_types", "types of content", required=False, limit=MAX_LONG
        ),
        promotion=check_text(form.promotion, "promotion", "promotion", required=False, limit=MAX_LONG),
        linked_email=check_email(form.linked_email, "linked_email"),
        is_public=bool(form.is_public),
        aup_link_in_about=bool(form.aup_link_in_about),
        monitoring_frequency=MonitoringFrequency(form.monitoring_frequency),
        review_date=form.review_date,
        notes=check_text(form.notes, "notes", "notes", required=False, limit=MAX_LONG),
    )


def business_case_gaps(form: AccountForm, current_staff: int) -> list[str]:
    """What the business case still lacks before it can go to SLT (the policy's list), in plain words."""
    gaps = []
    for field, words in (
        ("aim", "the aim of the account"),
        ("audience", "the intended audience"),
        ("content_plan", "the content plan"),
        ("content_types", "the types of content"),
        ("promotion", "how it will be promoted"),
        ("linked_email", "the official school email it is linked to"),
    ):
        if not getattr(form, field):
            gaps.append(words)
    if not form.is_public:
        gaps.append("the account must be public, not private or closed")
    if current_staff < 2:
        gaps.append(f"at least two named staff (it has {current_staff})")
    return gaps


# -- reading -------------------------------------------------------------------------------------------------------


def list_accounts(workspace: Workspace) -> list[AccountRow]:
    """Every account as table rows: three queries whatever the count, no secrets."""
    today = dt.date.today()
    with workspace.read() as session:
        staff_rows = session.execute(
            select(AccountStaff.account_id, AccountStaff.role, Person.full_name, Person.leaving_date)
            .join(Person, Person.id == AccountStaff.person_id)
            .where(AccountStaff.removed_on.is_(None))
        ).all()
        credentials = dict(
            session.execute(select(Credential.account_id, func.count()).group_by(Credential.account_id)).all()
        )
        current: dict[int, int] = {}
        leads: dict[int, str] = {}
        for account_id, role, name, leaving in staff_rows:
            if leaving is not None and leaving <= today:
                continue
            current[account_id] = current.get(account_id, 0) + 1
            if role is StaffRole.LEAD and account_id not in leads:
                leads[account_id] = name
        return [
            AccountRow(
                id=a.id,
                platform=a.platform,
                handle=a.handle,
                name=a.name,
                status=a.status,
                lead=leads.get(a.id, ""),
                current_staff=current.get(a.id, 0),
                is_public=a.is_public,
                aup_link_in_about=a.aup_link_in_about,
                review_date=a.review_date,
                credentials=credentials.get(a.id, 0),
                profile_url=a.profile_url,
                linked_email=a.linked_email,
            )
            for a in session.scalars(select(Account).order_by(Account.platform, Account.handle_key))
        ]


def account_forms(workspace: Workspace) -> dict[int, AccountForm]:
    """Every account's full form by id, in one query (exports)."""
    with workspace.read() as session:
        return {a.id: _form_of(a) for a in session.scalars(select(Account))}


def get_account(workspace: Workspace, account_id: int) -> AccountDetails:
    today = dt.date.today()
    with workspace.read() as session:
        account = _get(session, account_id)
        links = session.execute(
            select(AccountStaff, Person)
            .join(Person, Person.id == AccountStaff.person_id)
            .where(AccountStaff.account_id == account_id)
            .order_by(AccountStaff.removed_on.is_not(None), AccountStaff.id)
        ).all()
        transitions = session.scalars(
            select(AccountTransition).where(AccountTransition.account_id == account_id).order_by(AccountTransition.id)
        ).all()
        return AccountDetails(
            id=account.id,
            form=_form_of(account),
            status=account.status,
            decided_by=account.decided_by,
            decided_on=account.decided_on,
            decision_reasons=account.decision_reasons,
            staff=[
                StaffLink(
                    id=link.id,
                    person_id=person.id,
                    person_name=person.full_name,
                    role=link.role,
                    authorised_by=link.authorised_by,
                    authorised_on=link.authorised_on,
                    added_on=link.added_on,
                    removed_on=link.removed_on,
                    has_left=person.leaving_date is not None and person.leaving_date <= today,
                    trained=person.social_media_training_on is not None,
                    terms_signed=person.terms_signed_on is not None,
                )
                for link, person in links
            ],
            transitions=[
                TransitionRow(t.from_status, t.to_status, t.at, t.actor, t.decided_by, t.reason) for t in transitions
            ],
            created_at=account.created_at,
            updated_at=account.updated_at,
        )


def _form_of(account: Account) -> AccountForm:
    values = {f.name: getattr(account, f.name) for f in fields(AccountForm)}
    values["platform"] = account.platform
    values["monitoring_frequency"] = account.monitoring_frequency
    return AccountForm(**values)


def _get(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise ValidationError("That account is no longer in the register.")
    return account


# -- changing ------------------------------------------------------------------------------------------------------


def _duplicate_check(session: Session, platform: Platform, key: str, exclude_id: int | None = None) -> None:
    query = select(Account.id, Account.status).where(Account.platform == platform, Account.handle_key == key)
    for other_id, status in session.execute(query):
        if other_id != exclude_id:
            raise ValidationError(
                f"The register already has the {platform.label} account @{key} "
                f"({format_reference(RecordKind.ACCOUNT, other_id)}, "
                f"{AccountStatus(status).label.lower()}). Open that one instead.",
                field="handle",
            )


def _store(account: Account, form: AccountForm) -> list[str]:
    changed = []
    for field in fields(AccountForm):
        value = getattr(form, field.name)
        if getattr(account, field.name) != value:
            setattr(account, field.name, value)
            changed.append(field.name.replace("_", " "))
    account.handle_key = handle_key(form.handle)
    return changed


def add_account(workspace: Workspace, form: AccountForm) -> int:
    """A new account in the register, as a draft application."""
    form = check_form(form)
    with workspace.write() as session:
        _duplicate_check(session, form.platform, handle_key(form.handle))
        account = Account(platform=form.platform, handle="", handle_key="", status=AccountStatus.DRAFT)
        _store(account, form)
        session.add(account)
        try:
            session.flush()
        except IntegrityError as exc:  # another writer got there first
            raise ValidationError("That account is already in the register.", field="handle") from exc
        audit.record(
            session, AuditAction.ACCOUNT_ADD, "account", account.id, f"{form.platform.label} account added as a draft"
        )
        return account.id


def update_account(workspace: Workspace, account_id: int, form: AccountForm) -> None:
    form = check_form(form)
    with workspace.write() as session:
        account = _get(session, account_id)
        _duplicate_check(session, form.platform, handle_key(form.handle), exclude_id=account_id)
        changed = _store(account, form)
        if changed:
            audit.record(session, AuditAction.ACCOUNT_UPDATE, "account", account_id, "Changed " + ", ".join(changed))


def delete_account(workspace: Workspace, account_id: int) -> None:
    """Delete an account with its named staff, lifecycle and credentials. The secrets go with it; the audit log
    keeps a record that it happened (the UI asks for confirmation first)."""
    with workspace.write() as session:
        account = _get(session, account_id)
        credentials = session.scalar(select(func.count()).where(Credential.account_id == account_id)) or 0
        platform = account.platform.label
        # Incidents keep the account's platform and name as written; only the link to the register goes.
        session.execute(update(Incident).where(Incident.account_id == account_id).values(account_id=None))
        session.delete(account)
        audit.record(
            session,
            AuditAction.ACCOUNT_DELETE,
            "account",
            account_id,
            f"{platform} account {format_reference(RecordKind.ACCOUNT, account_id)} deleted with "
            f"{credentials} credential(s)",
        )


def add_staff(
    workspace: Workspace,
    account_id: int,
    person_id: int,
    role: StaffRole,
    authorised_by: str,
    authorised_on: dt.date | None,
) -> int:
    authorised_by = check_line(authorised_by, "authorised_by", "name of who authorised them", required=False)
    if not authorised_by:
        raise ValidationError("Say who authorised this person (the headteacher).", field="authorised_by")
    if authorised_on and authorised_on > dt.date.today():
        raise ValidationError("The authorisation date is in the future.", field="authorised_on")
    with workspace.write() as session:
        account = _get(session, account_id)
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError("That person is no longer on the register.", field="person")
        if person.leaving_date is not None and person.leaving_date <= dt.date.today():
            raise ValidationError(f"{person.full_name} has left the school.", field="person")
        for link in account.staff:
            if link.person_id == person_id and link.removed_on is None and link.role is role:
                raise ValidationError(f"{person.full_name} is already named as {role.label.lower()}.", field="person")
        link = AccountStaff(
            account_id=account_id,
            person_id=person_id,
            role=role,
            authorised_by=authorised_by,
            authorised_on=authorised_on,
            added_on=dt.date.today(),
        )
        session.add(link)
        session.flush()
        audit.record(
            session, AuditAction.ACCOUNT_STAFF_ADD, "account", account_id, f"{person.full_name} named as {role.value}"
        )
        return link.id


def remove_staff(workspace: Workspace, account_id: int, link_id: int) -> None:
    """Take someone off an account (their history stays). Refused when they are the last one running it."""
    today = dt.date.today()
    with workspace.write() as session:
        account = _get(session, account_id)
        link = session.get(AccountStaff, link_id)
        if link is None or link.account_id != account_id or link.removed_on is not None:
            raise ValidationError("That person is not named on this account any more.")
        others = [
            s
            for s in account.staff
            if s.id != link_id and s.removed_on is None and not _has_left(session, s.person_id, today)
        ]
        if account.status in RUNNING and not others:
            raise ValidationError(
                "This is the last person named on a running account. Name someone else first (the policy asks "
                "for at least two), or close the account."
            )
        link.removed_on = today
        removed = session.get(Person, link.person_id)
        who = removed.full_name if removed is not None else f"Person #{link.person_id}"
        audit.record(session, AuditAction.ACCOUNT_STAFF_REMOVE, "account", account_id, f"{who} removed")


def _has_left(session: Session, person_id: int, today: dt.date) -> bool:
    leaving = session.scalar(select(Person.leaving_date).where(Person.id == person_id))
    return leaving is not None and leaving <= today


def allowed_transitions(status: AccountStatus) -> tuple[AccountStatus, ...]:
    return TRANSITIONS[status]


def transition(
    workspace: Workspace,
    account_id: int,
    to: AccountStatus,
    *,
    reason: str = "",
    decided_by: str = "",
    decided_on: dt.date | None = None,
) -> None:
    """Move an account to its next state, or refuse with the reason. Every step is recorded and audited."""
    reason = check_text(reason, "reason", "reason", required=False, limit=MAX_LONG)
    decided_by = check_line(decided_by, "decided_by", "name of who decided", required=False)
    today = dt.date.today()
    with workspace.write() as session:
        account = _get(session, account_id)
        current = account.status
        if to not in TRANSITIONS[current]:
            allowed = ", ".join(s.label.lower() for s in TRANSITIONS[current]) or "nothing: it is closed"
            raise ValidationError(
                f"An account that is {current.label.lower()} cannot become {to.label.lower()}. "
                f"Next it can be: {allowed}."
            )
        if to in NEEDS_REASON and not reason:
            raise ValidationError(f"Say why the account is {to.label.lower()}.", field="reason")
        if to in NEEDS_DECIDER and not decided_by:
            raise ValidationError("Say who made the decision (for SLT).", field="decided_by")
        if decided_on and decided_on > today:
            raise ValidationError("The decision date is in the future.", field="decided_on")
        if to is S.SUBMITTED:
            staff = sum(1 for s in account.staff if s.removed_on is None and not _has_left(session, s.person_id, today))
            gaps = business_case_gaps(_form_of(account), staff)
            if gaps:
                raise ValidationError("The application is not complete. It still needs: " + "; ".join(gaps) + ".")
        if to in NEEDS_DECIDER:
            account.decided_by = decided_by
            account.decided_on = decided_on or today
            account.decision_reasons = reason
        account.status = to
        session.add(
            AccountTransition(
                account_id=account_id,
                from_status=current,
                to_status=to,
                actor=actor_name(session),
                decided_by=decided_by,
                reason=reason,
            )
        )
        audit.record(session, AuditAction.ACCOUNT_TRANSITION, "account", account_id, f"{current.label} → {to.label}")


@dataclass(frozen=True)
class NamedStaffRecord:
    """A current named member of staff on an account, with their training and terms (the register and the training
    matrix PDFs)."""

    account_id: int
    person_id: int
    person_name: str
    role: StaffRole
    authorised_by: str
    authorised_on: dt.date | None
    trained_on: dt.date | None  # social media policy training
    terms_signed_on: dt.date | None


def current_staff_by_account(workspace: Workspace) -> dict[int, list[NamedStaffRecord]]:
    """Every account's current named staff (not removed, not left), leads first then by name, in one query whatever
    the number of accounts. Read-only."""
    today = dt.date.today()
    staff: dict[int, list[NamedStaffRecord]] = {}
    with workspace.read() as session:
        rows = session.execute(
            select(AccountStaff, Person)
            .join(Person, Person.id == AccountStaff.person_id)
            .where(AccountStaff.removed_on.is_(None))
            .order_by(AccountStaff.account_id, AccountStaff.id)
        ).all()
        for link, person in rows:
            if person.leaving_date is not None and person.leaving_date <= today:
                continue
            staff.setdefault(link.account_id, []).append(
                NamedStaffRecord(
                    account_id=link.account_id,
                    person_id=person.id,
                    person_name=person.full_name,
                    role=link.role,
                    authorised_by=link.authorised_by,
                    authorised_on=link.authorised_on,
                    trained_on=person.social_media_training_on,
                    terms_signed_on=person.terms_signed_on,
                )
            )
    for records in staff.values():
        records.sort(key=lambda r: (r.role is not StaffRole.LEAD, r.person_name.casefold()))
    return staff
