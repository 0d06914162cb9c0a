"""Checking an incident as the log form sends it: every field tidied and valid, or the first problem raised."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smgov.data.errors import ValidationError
from smgov.data.models import IncidentCategory, InvolvedKind, InvolvedRole
from smgov.data.services.incidents.records import IncidentInput, PersonInput
from smgov.data.validation import check_choice, check_line, check_moment, check_text

MAX_PEOPLE = 100


@dataclass(frozen=True)
class CheckedIncident:
    """An :class:`IncidentInput` after :func:`check_incident`: tidy and valid."""

    category: IncidentCategory
    received_at: dt.datetime
    reported_by: str
    description: str
    summary: str
    platform: str
    account_name: str
    account_id: int | None
    safeguarding_concern: bool
    outcome: str
    people: tuple[PersonInput, ...]


def check_incident(data: IncidentInput, *, now: dt.datetime | None = None) -> CheckedIncident:
    """Every field of ``data`` checked, in the order the form shows them; the first problem is raised."""
    category = check_choice(IncidentCategory, data.category, "category", "category")
    received_at = check_moment(data.received_at, "received_at", "time it was received", now=now)
    reported_by = check_line(data.reported_by, "reported_by", "name of who reported it")
    platform = check_line(data.platform, "platform", "platform", required=False, limit=80)
    account_name = check_line(data.account_name, "account_name", "account", required=False)
    if data.account_id is not None and (not isinstance(data.account_id, int) or data.account_id < 1):
        raise ValidationError("Choose the account from the register.", field="account_id")
    summary = check_line(data.summary, "summary", "summary", required=False)
    description = check_text(data.description, "description", "description of what happened")
    outcome = check_text(data.outcome, "outcome", "outcome", required=False, limit=50_000)
    if len(data.people) > MAX_PEOPLE:
        raise ValidationError(f"At most {MAX_PEOPLE} people can be named on one incident.", field="people")
    people = tuple(_check_person(person, n) for n, person in enumerate(data.people, start=1))
    return CheckedIncident(
        category=category,
        received_at=received_at,
        reported_by=reported_by,
        description=description,
        summary=summary,
        platform=platform,
        account_name=account_name,
        account_id=data.account_id,
        safeguarding_concern=bool(data.safeguarding_concern),
        outcome=outcome,
        people=people,
    )


def _check_person(person: PersonInput, number: int) -> PersonInput:
    prefix = f"people.{number}"
    kind = check_choice(InvolvedKind, person.kind, f"{prefix}.kind", f"kind of person {number}")
    role = check_choice(InvolvedRole, person.role, f"{prefix}.role", f"role of person {number}")
    name = check_line(person.name, f"{prefix}.name", f"name of person {number}")
    year_group = check_line(person.year_group, f"{prefix}.year_group", "year group", required=False, limit=40)
    notes = check_text(person.notes, f"{prefix}.notes", "notes", required=False, limit=5000)
    person_id = person.person_id if kind is InvolvedKind.REGISTER_PERSON else None
    return PersonInput(kind, role, name, year_group if kind is InvolvedKind.PUPIL else "", person_id, notes)
