"""The school's details, key people and closure days: the settings that belong to the school."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.images import normalise_logo
from smgov.data.models import ClosureDay, KeyPerson, KeyRole, ResponseRule, School, utcnow
from smgov.data.validation import EMAIL_RE as EMAIL_RE  # re-exported: callers check names and emails from here
from smgov.data.validation import MAX_NAME as MAX_NAME
from smgov.data.validation import check_email as check_email
from smgov.data.validation import check_line, clean_text
from smgov.data.validation import check_school_name as check_school_name
from smgov.data.workspace import Workspace

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}$")


@dataclass(frozen=True)
class SchoolDetails:
    name: str
    has_logo: bool
    policy_review_date: dt.date | None
    auto_lock_minutes: int
    response_rule: ResponseRule
    password_max_age_days: int
    email_domains: tuple[str, ...]
    kit_printed_at: dt.datetime | None
    last_backup_at: dt.datetime | None
    consent_chase_after: str = "10-01"  # MM-DD: chase consent forms not returned from this day of the school year


@dataclass(frozen=True)
class KeyPersonDetails:
    role: KeyRole
    name: str
    email: str = ""
    phone: str = ""


@dataclass
class SettingsChange:
    """The school settings a user edits on the settings page or in the wizard (None: leave as it is)."""

    name: str | None = None
    policy_review_date: dt.date | None = None
    clear_policy_review_date: bool = False
    auto_lock_minutes: int | None = None
    response_rule: ResponseRule | None = None
    password_max_age_days: int | None = None
    email_domains: list[str] | None = None
    consent_chase_after: str | None = None  # "MM-DD", e.g. "10-01"
    key_people: list[KeyPersonDetails] = field(default_factory=list)


def check_month_day(text: str, field_name: str = "consent_chase_after") -> str:
    """A day of the year as "MM-DD" ("10-01" for 1 October; "1/10" and "01-10" as day/month are not guessed)."""
    match = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", text or "")
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2001, month, day)  # not a leap year: the day must come every year
            return f"{month:02d}-{day:02d}"
        except ValueError:
            pass
    raise ValidationError("Give the day as month-day, for example 10-01 for 1 October.", field=field_name)


def parse_domains(domains: list[str]) -> tuple[str, ...]:
    result: list[str] = []
    for raw in domains:
        domain = raw.strip().lower().lstrip("@")
        if not domain:
            continue
        if not DOMAIN_RE.match(domain):
            raise ValidationError(
                f"'{domain[:60]}' is not an email domain (like school.org.uk).", field="email_domains"
            )
        if domain not in result:
            result.append(domain)
    return tuple(result)


def _school(session: Session) -> School:
    school = session.scalars(select(School).limit(1)).first()
    if school is None:
        raise ValidationError("This workspace has no school details yet.")
    return school


def _details(school: School) -> SchoolDetails:
    return SchoolDetails(
        name=school.name,
        has_logo=school.logo is not None,
        policy_review_date=school.policy_review_date,
        auto_lock_minutes=school.auto_lock_minutes,
        response_rule=school.response_rule,
        password_max_age_days=school.password_max_age_days,
        email_domains=tuple(d for d in school.email_domains.split(",") if d),
        kit_printed_at=school.kit_printed_at,
        last_backup_at=school.last_backup_at,
        consent_chase_after=school.consent_chase_after,
    )


def get_details(workspace: Workspace) -> SchoolDetails:
    with workspace.read() as session:
        school = session.scalars(select(School).options(undefer(School.logo)).limit(1)).first()
        if school is None:
            raise ValidationError("This workspace has no school details yet.")
        return _details(school)


def get_logo(workspace: Workspace) -> bytes | None:
    with workspace.read() as session:
        return session.scalar(select(School.logo).limit(1))


class _Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


UNCHANGED = _Unchanged.UNCHANGED
"""``save_settings(logo=UNCHANGED)``: keep the logo as it is (None removes it)."""


@dataclass(frozen=True)
class _CheckedSettings:
    change: SettingsChange
    name: str | None
    domains: tuple[str, ...] | None
    people: list[KeyPersonDetails]


def _check_settings(change: SettingsChange) -> _CheckedSettings:
    name = check_school_name(change.name) if change.name is not None else None
    if change.auto_lock_minutes is not None and not 1 <= change.auto_lock_minutes <= 240:
        raise ValidationError("Lock after between 1 and 240 idle minutes.", field="auto_lock_minutes")
    if change.password_max_age_days is not None and not 30 <= change.password_max_age_days <= 3650:
        raise ValidationError("The maximum password age is between 30 and 3,650 days.", field="password_max_age_days")
    domains = parse_domains(change.email_domains) if change.email_domains is not None else None
    if change.consent_chase_after is not None:
        change = replace(change, consent_chase_after=check_month_day(change.consent_chase_after))
    people = [_check_person(p) for p in change.key_people]
    return _CheckedSettings(change, name, domains, people)


def update_settings(workspace: Workspace, change: SettingsChange) -> SchoolDetails:
    """Check every field first, then save all of it in one unit of work (nothing half-saved)."""
    checked = _check_settings(change)
    with workspace.write() as session:
        return _apply_settings(session, checked)


def save_settings(
    workspace: Workspace,
    change: SettingsChange,
    *,
    logo: bytes | None | _Unchanged = UNCHANGED,
    closures: dict[dt.date, str] | None = None,
) -> SchoolDetails:
    """The settings page's Save: settings, logo and closure days checked first, then written in ONE transaction.

    ``closures`` (when given) is the whole list wanted: days not in it are removed. A refused field raises
    ValidationError before anything is written, so nothing is half-saved.
    """
    checked = _check_settings(change)
    new_logo = normalise_logo(logo) if isinstance(logo, bytes) else logo
    wanted = {day: _check_reason(reason) for day, reason in closures.items()} if closures is not None else None
    with workspace.write() as session:
        _apply_settings(session, checked)
        if new_logo is not UNCHANGED:
            _store_logo(session, new_logo)
        if wanted is not None:
            saved = {c.day: c for c in session.scalars(select(ClosureDay))}
            for day in sorted(saved.keys() - wanted.keys()):
                _delete_closure(session, saved[day])
            for day in sorted(wanted):
                existing = saved.get(day)
                if existing is None or existing.reason != wanted[day]:
                    _put_closure(session, day, wanted[day], existing)
        session.flush()
        return _details(_school(session))


def _apply_settings(session: Session, checked: _CheckedSettings) -> SchoolDetails:
    change, name, domains, people = checked.change, checked.name, checked.domains, checked.people
    school = _school(session)
    changed: list[str] = []
    if name is not None and name != school.name:
        school.name = name
        changed.append("name")
    if change.clear_policy_review_date and school.policy_review_date is not None:
        school.policy_review_date = None
        changed.append("policy review date")
    elif change.policy_review_date is not None and change.policy_review_date != school.policy_review_date:
        school.policy_review_date = change.policy_review_date
        changed.append("policy review date")
    if change.auto_lock_minutes is not None and change.auto_lock_minutes != school.auto_lock_minutes:
        school.auto_lock_minutes = change.auto_lock_minutes
        changed.append("auto-lock")
    if change.response_rule is not None and change.response_rule is not school.response_rule:
        school.response_rule = change.response_rule
        changed.append("response rule")
    if change.password_max_age_days is not None and change.password_max_age_days != school.password_max_age_days:
        school.password_max_age_days = change.password_max_age_days
        changed.append("password maximum age")
    if change.consent_chase_after is not None and change.consent_chase_after != school.consent_chase_after:
        school.consent_chase_after = change.consent_chase_after
        changed.append("consent chase date")
    if domains is not None and ",".join(domains) != school.email_domains:
        school.email_domains = ",".join(domains)
        changed.append("email domains")
    if changed:
        audit.record(session, AuditAction.SETTINGS_UPDATE, "school", school.id, "Changed " + ", ".join(changed))
    for person in people:
        _save_person(session, person)
    session.flush()
    return _details(school)


def _check_person(person: KeyPersonDetails) -> KeyPersonDetails:
    name = check_line(person.name, f"{person.role}.name", "name", required=False, limit=MAX_NAME)
    email = check_email(person.email, field_name=f"{person.role}.email")
    phone = clean_text(person.phone)
    if phone and not re.fullmatch(r"[0-9 +()\-.ext]{6,30}", phone):
        raise ValidationError("A phone number has digits, spaces and + ( ) - only.", field=f"{person.role}.phone")
    return KeyPersonDetails(KeyRole(person.role), name, email, phone)


def _save_person(session: Session, person: KeyPersonDetails) -> None:
    existing = session.get(KeyPerson, person.role)
    if not person.name:
        if existing is not None:
            session.delete(existing)
            audit.record(
                session, AuditAction.KEY_PERSON_REMOVE, "key_person", person.role.value, f"{person.role.label}: removed"
            )
        return
    if existing is None:
        session.add(KeyPerson(role=person.role, name=person.name, email=person.email, phone=person.phone))
        audit.record(
            session, AuditAction.KEY_PERSON_SET, "key_person", person.role.value, f"{person.role.label}: named"
        )
    elif (existing.name, existing.email, existing.phone) != (person.name, person.email, person.phone):
        existing.name, existing.email, existing.phone = person.name, person.email, person.phone
        audit.record(
            session, AuditAction.KEY_PERSON_SET, "key_person", person.role.value, f"{person.role.label}: changed"
        )


def key_people(workspace: Workspace) -> dict[KeyRole, KeyPersonDetails]:
    with workspace.read() as session:
        return {p.role: KeyPersonDetails(p.role, p.name, p.email, p.phone) for p in session.scalars(select(KeyPerson))}


def set_logo(workspace: Workspace, data: bytes | None) -> None:
    """Store the school's logo (checked and normalised to a small PNG), or remove it with None."""
    logo = normalise_logo(data) if data is not None else None
    with workspace.write() as session:
        _store_logo(session, logo)


def _store_logo(session: Session, logo: bytes | None) -> None:
    school = _school(session)
    school.logo = logo
    audit.record(
        session, AuditAction.SETTINGS_LOGO, "school", school.id, "Logo removed" if logo is None else "Logo set"
    )


def closure_days(workspace: Workspace) -> list[tuple[dt.date, str]]:
    with workspace.read() as session:
        return [(c.day, c.reason) for c in session.scalars(select(ClosureDay).order_by(ClosureDay.day))]


def _check_reason(reason: str) -> str:
    return check_line(reason, "reason", "reason for the closure", required=False)


def set_closure_day(workspace: Workspace, day: dt.date, reason: str) -> None:
    reason = _check_reason(reason)
    with workspace.write() as session:
        _put_closure(session, day, reason, session.get(ClosureDay, day))


def _put_closure(session: Session, day: dt.date, reason: str, existing: ClosureDay | None) -> None:
    if existing is None:
        session.add(ClosureDay(day=day, reason=reason))
    else:
        existing.reason = reason
    audit.record(session, AuditAction.CLOSURE_DAY_SET, "closure_day", day.isoformat(), f"Closure day {day:%d/%m/%Y}")


def remove_closure_day(workspace: Workspace, day: dt.date) -> None:
    with workspace.write() as session:
        existing = session.get(ClosureDay, day)
        if existing is not None:
            _delete_closure(session, existing)


def _delete_closure(session: Session, existing: ClosureDay) -> None:
    day = existing.day
    session.delete(existing)
    audit.record(
        session, AuditAction.CLOSURE_DAY_REMOVE, "closure_day", day.isoformat(), f"Closure day {day:%d/%m/%Y} removed"
    )


def mark_kit_printed(workspace: Workspace) -> None:
    with workspace.write() as session:
        school = _school(session)
        school.kit_printed_at = utcnow()
        audit.record(session, AuditAction.KIT_PRINT, "school", school.id, "Emergency Kit printed")


def mark_backup(workspace: Workspace, where: str) -> None:
    with workspace.write() as session:
        school = _school(session)
        school.last_backup_at = utcnow()
        audit.record(session, AuditAction.WORKSPACE_BACKUP, "school", school.id, f"Backup saved ({where})")
