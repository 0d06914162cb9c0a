"""People: staff, governors, volunteers and contractors who run or touch the school's accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models.accounts import Account, AccountStaff, StaffRole
from smgov.data.models.people import Person, PersonKind
from smgov.data.models.vault import Credential, Disclosure
from smgov.data.services import school
from smgov.data.validation import check_email, check_line, check_text
from smgov.data.workspace import Workspace

MAX_TEXT = 200
MAX_NOTES = 5000


@dataclass
class PersonForm:
    """What the user types for a person (new or edited)."""

    full_name: str
    kind: PersonKind = PersonKind.STAFF
    role: str = ""
    email: str = ""
    start_date: dt.date | None = None
    leaving_date: dt.date | None = None
    social_media_training_on: dt.date | None = None
    online_safety_training_on: dt.date | None = None
    terms_signed_on: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class PersonRow:
    id: int
    full_name: str
    kind: PersonKind
    role: str
    email: str
    start_date: dt.date | None
    leaving_date: dt.date | None
    social_media_training_on: dt.date | None
    online_safety_training_on: dt.date | None
    terms_signed_on: dt.date | None
    notes: str
    accounts_named: int

    def has_left(self, today: dt.date | None = None) -> bool:
        return self.leaving_date is not None and self.leaving_date <= (today or dt.date.today())

    @property
    def is_ready_to_post(self) -> bool:
        """Trained and has signed the terms of use, as the policies require of anyone running an account."""
        return self.social_media_training_on is not None and self.terms_signed_on is not None


@dataclass(frozen=True)
class LeaverItem:
    """One thing to do because a person leaves: transfer the lead, remove access, or rotate a password."""

    action: str  # "transfer lead" | "remove access" | "rotate password"
    account_id: int
    account_name: str
    credential_id: int | None = None
    credential_label: str = ""


def check_form(workspace: Workspace, form: PersonForm, domains: tuple[str, ...] | None = None) -> PersonForm:
    """The form with its text tidied, or ValidationError naming the field that is wrong.

    ``domains``: the school's email domains, when the caller already has them (importers check many rows)."""
    name = check_line(form.full_name, "full_name", "person's name", limit=MAX_TEXT)
    email = check_email(form.email)
    kind = PersonKind(form.kind)
    if email and kind is PersonKind.STAFF:
        if domains is None:
            domains = school.get_details(workspace).email_domains
        domain = email.rsplit("@", 1)[1].lower()
        if domains and not any(domain == d or domain.endswith("." + d) for d in domains):
            raise ValidationError(
                f"Use the school email address: {email} is not at {' or '.join(domains)}.", field="email"
            )
    notes = check_text(form.notes, "notes", "notes", required=False, limit=MAX_NOTES)
    if form.start_date and form.leaving_date and form.leaving_date < form.start_date:
        raise ValidationError("The leaving date is before the start date.", field="leaving_date")
    today = dt.date.today()
    for field_name in ("social_media_training_on", "online_safety_training_on", "terms_signed_on"):
        value = getattr(form, field_name)
        if value is not None and value > today:
            raise ValidationError("This date is in the future: record it once it has happened.", field=field_name)
    return PersonForm(
        full_name=name,
        kind=kind,
        role=check_line(form.role, "role", "role", required=False, limit=MAX_TEXT),
        email=email,
        start_date=form.start_date,
        leaving_date=form.leaving_date,
        social_media_training_on=form.social_media_training_on,
        online_safety_training_on=form.online_safety_training_on,
        terms_signed_on=form.terms_signed_on,
        notes=notes,
    )


def _apply(person: Person, form: PersonForm) -> list[str]:
    changed = []
    for field in fields(PersonForm):
        value = getattr(form, field.name)
        if getattr(person, field.name) != value:
            setattr(person, field.name, value)
            changed.append(field.name.replace("_", " "))
    return changed


def add_person(workspace: Workspace, form: PersonForm) -> int:
    form = check_form(workspace, form)
    with workspace.write() as session:
        person = Person(full_name="", kind=form.kind)
        _apply(person, form)
        session.add(person)
        session.flush()
        audit.record(
            session, AuditAction.PERSON_ADD, "person", person.id, f"{person.full_name} added ({form.kind.label})"
        )
        return person.id


def update_person(workspace: Workspace, person_id: int, form: PersonForm) -> list[LeaverItem]:
    """Save changes. Returns the leaver to-do list when this sets a leaving date (empty otherwise)."""
    form = check_form(workspace, form)
    with workspace.write() as session:
        person = _get(session, person_id)
        newly_leaving = form.leaving_date is not None and person.leaving_date != form.leaving_date
        changed = _apply(person, form)
        if changed:
            audit.record(session, AuditAction.PERSON_UPDATE, "person", person.id, "Changed " + ", ".join(changed))
        session.flush()
        return _leaver_items(session, person) if newly_leaving else []


def _get(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise ValidationError("That person is no longer on the register.")
    return person


def delete_person(workspace: Workspace, person_id: int) -> None:
    """Remove someone added by mistake. Refused while they are named on an account or were given a password:
    the record of that must stay (set a leaving date instead)."""
    with workspace.write() as session:
        person = _get(session, person_id)
        named = session.scalar(select(func.count()).where(AccountStaff.person_id == person_id)) or 0
        given = session.scalar(select(func.count()).where(Disclosure.person_id == person_id)) or 0
        if named or given:
            raise ValidationError(
                f"{person.full_name} is named on {named} account record(s) and was given {given} password(s), so "
                "they cannot be deleted: the history must stay. Set a leaving date instead."
            )
        name = person.full_name
        session.delete(person)
        audit.record(session, AuditAction.PERSON_DELETE, "person", person_id, f"{name} deleted")


_ROW_COLUMNS = (
    Person.id,
    Person.full_name,
    Person.kind,
    Person.role,
    Person.email,
    Person.start_date,
    Person.leaving_date,
    Person.social_media_training_on,
    Person.online_safety_training_on,
    Person.terms_signed_on,
    Person.notes,
)


def list_people(
    workspace: Workspace, *, leaving_by: dt.date | None = None, where: ColumnElement[bool] | None = None
) -> list[PersonRow]:
    """Everyone on the register as rows (plain columns, no ORM objects: 5,000 people in a few tens of ms).

    ``leaving_by``: only people with a leaving date on or before that day. ``where``: any further condition."""
    counts_query = (
        select(AccountStaff.person_id, func.count(func.distinct(AccountStaff.account_id)))
        .where(AccountStaff.removed_on.is_(None))
        .group_by(AccountStaff.person_id)
    )
    query = select(*_ROW_COLUMNS).order_by(Person.full_name)
    if leaving_by is not None:
        query = query.where(Person.leaving_date.is_not(None), Person.leaving_date <= leaving_by)
    if where is not None:
        query = query.where(where)
    with workspace.read() as session:
        counts: dict[int, int] = {pid: n for pid, n in session.execute(counts_query)}
        return [
            PersonRow(
                id=pid,
                full_name=name,
                kind=PersonKind(kind),
                role=role,
                email=email,
                start_date=start,
                leaving_date=leaving,
                social_media_training_on=trained,
                online_safety_training_on=safety,
                terms_signed_on=terms,
                notes=notes,
                accounts_named=counts.get(pid, 0),
            )
            for pid, name, kind, role, email, start, leaving, trained, safety, terms, notes in session.execute(query)
        ]


def untrained_named(workspace: Workspace, today: dt.date) -> list[PersonRow]:
    """People named on an account who have not had the training or signed the terms of use (and have not left)."""
    named = select(AccountStaff.person_id).where(AccountStaff.removed_on.is_(None))
    return list_people(
        workspace,
        where=and_(
            Person.id.in_(named),
            or_(Person.social_media_training_on.is_(None), Person.terms_signed_on.is_(None)),
            or_(Person.leaving_date.is_(None), Person.leaving_date > today),
        ),
    )


def get_person(workspace: Workspace, person_id: int) -> PersonRow:
    with workspace.read() as session:
        person = _get(session, person_id)
        count = session.scalar(
            select(func.count(func.distinct(AccountStaff.account_id))).where(
                AccountStaff.person_id == person_id, AccountStaff.removed_on.is_(None)
            )
        )
        return _row(person, count or 0)


def _row(person: Person, accounts_named: int) -> PersonRow:
    return PersonRow(
        id=person.id,
        full_name=person.full_name,
        kind=person.kind,
        role=person.role,
        email=person.email,
        start_date=person.start_date,
        leaving_date=person.leaving_date,
        social_media_training_on=person.social_media_training_on,
        online_safety_training_on=person.online_safety_training_on,
        terms_signed_on=person.terms_signed_on,
        notes=person.notes,
        accounts_named=accounts_named,
    )


def still_exposed(changed_at: dt.datetime, given_at: dt.datetime, leaving_date: dt.date | None) -> bool:
    """Whether a leaver may still know a password: it was not changed after they were given it, or not on or after
    the day they left."""
    if leaving_date is None:
        return False
    return changed_at <= given_at or changed_at.astimezone().date() < leaving_date


def leaver_items(workspace: Workspace, person_id: int) -> list[LeaverItem]:
    """What is still to do for a leaver: each item disappears once it is done."""
    with workspace.read() as session:
        return _leaver_items(session, _get(session, person_id))


def _leaver_items(session: Session, person: Person) -> list[LeaverItem]:
    items: list[LeaverItem] = []
    links = session.execute(
        select(AccountStaff, Account)
        .join(Account, Account.id == AccountStaff.account_id)
        .where(AccountStaff.person_id == person.id, AccountStaff.removed_on.is_(None))
        .where(Account.status != "closed")
    ).all()
    for link, account in links:
        name = account.name or account.handle
        if link.role is StaffRole.LEAD:
            items.append(LeaverItem("transfer lead", account.id, name))
        else:
            items.append(LeaverItem("remove access", account.id, name))
    given = session.execute(
        select(Disclosure, Credential, Account)
        .join(Credential, Credential.id == Disclosure.credential_id)
        .join(Account, Account.id == Credential.account_id)
        .where(Disclosure.person_id == person.id)
    ).all()
    seen: set[int] = set()
    for disclosure, credential, account in given:
        if credential.id in seen or not still_exposed(
            credential.changed_at, disclosure.recorded_at, person.leaving_date
        ):
            continue
        seen.add(credential.id)
        items.append(
            LeaverItem(
                "rotate password",
                account.id,
                account.name or account.handle,
                credential.id,
                credential.label or credential.kind.label,
            )
        )
    return items


@dataclass(frozen=True)
class LeaverToDo:
    """One thing still to do for someone who leaves (or has left): who, when, and the item."""

    person_id: int
    full_name: str
    leaving_date: dt.date
    item: LeaverItem


def leavers_to_do(workspace: Workspace, leaving_by: dt.date) -> list[LeaverToDo]:
    """What is still to do for everyone leaving on or before ``leaving_by``, in one query: by name, then each
    person's items as :func:`leaver_items` gives them (their accounts, then the passwords they may still know)."""
    from sqlalchemy import literal, null, type_coerce, union_all

    leaving = and_(Person.leaving_date.is_not(None), Person.leaving_date <= leaving_by)
    given = (
        select(
            Person.id.label("person_id"),
            Person.full_name,
            Person.leaving_date,
            literal(1).label("part"),
            Disclosure.id.label("seq"),
            type_coerce(null(), AccountStaff.role.type).label("role"),
            Account.id.label("account_id"),
            Account.name.label("account_name"),
            Account.handle.label("account_handle"),
            Credential.id.label("credential_id"),
            Credential.label.label("credential_label"),
            Credential.kind.label("credential_kind"),
            Credential.changed_at,
            Disclosure.recorded_at,
        )
        .join(Credential, Credential.id == Disclosure.credential_id)
        .join(Account, Account.id == Credential.account_id)
        .join(Person, Person.id == Disclosure.person_id)
        .where(leaving)
    )
    links = (
        select(
            Person.id,
            Person.full_name,
            Person.leaving_date,
            literal(0),
            AccountStaff.id,
            AccountStaff.role,
            Account.id,
            Account.name,
            Account.handle,
            null(),
            null(),
            null(),
            null(),
            null(),
        )
        .join(Account, Account.id == AccountStaff.account_id)
        .join(Person, Person.id == AccountStaff.person_id)
        .where(leaving, AccountStaff.removed_on.is_(None), Account.status != "closed")
    )
    both = union_all(given, links).subquery()  # the column types are the first select's
    query = select(both).order_by(both.c.full_name, both.c.person_id, both.c.part, both.c.seq)
    with workspace.read() as session:
        rows = session.execute(query).all()
    to_do: list[LeaverToDo] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        name = row.account_name or row.account_handle
        if row.part == 0:
            action = "transfer lead" if row.role is StaffRole.LEAD else "remove access"
            item = LeaverItem(action, row.account_id, name)
        else:
            if (row.person_id, row.credential_id) in seen or not still_exposed(
                row.changed_at, row.recorded_at, row.leaving_date
            ):
                continue
            seen.add((row.person_id, row.credential_id))
            label = row.credential_label or row.credential_kind.label
            item = LeaverItem("rotate password", row.account_id, name, row.credential_id, label)
        to_do.append(LeaverToDo(row.person_id, row.full_name, row.leaving_date, item))
    return to_do
