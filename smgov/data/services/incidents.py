"""The incident log: log, list, edit and close incidents; record what was done on an append-only timeline.

Each public function is one unit of work that checks everything first, then writes (with its audit event) or writes
nothing, and returns frozen dataclasses, never ORM objects. Audit summaries carry references and categories only,
never a pupil's name or what was said.

The timeline is append-only: there is no function to edit or delete an entry (and the database refuses it too). A
correction is a new entry that points at the one it corrects, with a reason (:func:`correct_action`).

Times: ``received_at`` and action times are aware datetimes (a naive one is read as school time, Europe/London), never
in the future. Incidents are shown by reference ("INC-00042"). People involved who are pupils are kept by name and
year group until the pupil register exists; lists, reports and exports show them by initials unless asked otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from smgov.data import audit, calendar
from smgov.data.errors import ValidationError
from smgov.data.models import (
    Account,
    ActionType,
    ClosureDay,
    Evidence,
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentPerson,
    IncidentStatus,
    InvolvedKind,
    InvolvedRole,
    KeyPerson,
    KeyRole,
    ResponseRule,
    School,
    utcnow,
)
from smgov.data.models.incidents import RESPONSE_ACTIONS, USER_ACTIONS
from smgov.data.operators import actor_name, current_operator
from smgov.data.services.dashboard import AttentionItem, Urgency
from smgov.data.workspace import Workspace

MAX_LINE = 200
MAX_TEXT = 200_000  # a 5,000-word description is about 30,000 characters
MAX_PEOPLE = 100
CLOCK_SKEW = dt.timedelta(minutes=5)  # the office PC's clock and a phone's may differ a little
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
DUE_SOON = dt.timedelta(hours=4)
SUMMARY_CHARS = 140
# Entries that leave an open incident open: nothing has been done about it yet.
KEEPS_OPEN = frozenset({ActionType.NOTE, ActionType.SCREENSHOT_TAKEN, ActionType.RESPONDED})


# -- checking what users type -------------------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_line(value: str, field_name: str, label: str, *, required: bool = True, limit: int = MAX_LINE) -> str:
    """One line of text, spaces tidied; refused when empty (if required) or too long, with a message that says so."""
    cleaned = unicodedata.normalize("NFC", " ".join(_CONTROL.sub(" ", value or "").split()))
    if required and not cleaned:
        raise ValidationError(f"Enter the {label}.", field=field_name)
    if len(cleaned) > limit:
        raise ValidationError(
            f"The {label} is too long ({len(cleaned):,} characters; at most {limit:,}).", field=field_name
        )
    return cleaned


def check_text(value: str, field_name: str, label: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Text of several lines or paragraphs, kept as typed apart from control characters and trailing space."""
    cleaned = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    cleaned = unicodedata.normalize("NFC", _CONTROL.sub("", cleaned)).strip()
    if required and not cleaned:
        raise ValidationError(f"Enter the {label}.", field=field_name)
    if len(cleaned) > limit:
        raise ValidationError(
            f"The {label} is too long ({len(cleaned):,} characters; at most {limit:,}). Attach long documents as "
            "evidence instead.",
            field=field_name,
        )
    return cleaned


def check_moment(value: dt.datetime, field_name: str, label: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """An aware UTC datetime not in the future (a naive one is school time)."""
    if not isinstance(value, dt.datetime):
        raise ValidationError(f"Enter the {label} as a date and time.", field=field_name)
    if value.tzinfo is None:
        value = calendar.at_school_time(value.date(), value.time())
    value = value.astimezone(dt.UTC)
    now = now or utcnow()
    if value > now + CLOCK_SKEW:
        raise ValidationError(
            f"The {label} ({calendar.format_school_time(value)}) is in the future. Check the date and time.",
            field=field_name,
        )
    if value < EARLIEST:
        raise ValidationError(f"The {label} is before the year 2000. Check the date.", field=field_name)
    return value


def check_past_day(value: dt.date, field_name: str, label: str, *, today: dt.date | None = None) -> dt.date:
    """A date not after today (and not before 2000)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(f"Enter the {label} as a date.", field=field_name)
    today = today or school_today()
    if value > today:
        raise ValidationError(f"The {label} ({value:%d/%m/%Y}) is in the future. Check the date.", field=field_name)
    if value.year < 2000:
        raise ValidationError(f"The {label} is before the year 2000. Check the date.", field=field_name)
    return value


def school_today() -> dt.date:
    return calendar.school_time(utcnow()).date()


def _enum(kind: type[enum.StrEnum], value: object, field_name: str, label: str) -> enum.StrEnum:
    try:
        return kind(str(value))
    except ValueError as exc:
        raise ValidationError(f"Choose the {label} from the list.", field=field_name) from exc


# -- what the UI sends and gets -----------------------------------------------------------------------------------


def initials(name: str) -> str:
    """ "Zoë Ŵyn-Łukasz" -> "ZŴ-Ł"; "Nguyễn Văn Minh" -> "NVM": the first letter of each part of a name."""
    words = []
    for word in name.split():
        parts = [part for part in word.split("-") if part]
        letters = ["".join(ch for ch in part if ch.isalnum())[:1].upper() for part in parts]
        letters = [letter for letter in letters if letter]
        if letters:
            words.append("-".join(letters))
    return "".join(words) or "?"


@dataclass
class PersonInput:
    """Someone involved, as typed. A pupil needs a name (shown by initials) and ideally a year group."""

    kind: InvolvedKind
    role: InvolvedRole
    name: str
    year_group: str = ""
    person_id: int | None = None
    notes: str = ""


@dataclass
class IncidentInput:
    """An incident as the log form holds it: what :func:`log_incident` and :func:`update_incident` take."""

    category: IncidentCategory
    received_at: dt.datetime
    reported_by: str
    description: str
    summary: str = ""
    platform: str = ""
    account_name: str = ""
    account_id: int | None = None  # the account register's id, when the account is one of the school's
    safeguarding_concern: bool = False
    outcome: str = ""
    people: list[PersonInput] = field(default_factory=list)


@dataclass(frozen=True)
class InvolvedPerson:
    id: int
    kind: InvolvedKind
    role: InvolvedRole
    name: str
    year_group: str
    person_id: int | None
    notes: str

    @property
    def initials(self) -> str:
        return initials(self.name)

    def shown_name(self, full_names: bool = False) -> str:
        """How lists and printouts name this person: pupils by initials (and year group) unless ``full_names``."""
        if self.kind is InvolvedKind.PUPIL and not full_names:
            return f"{self.initials} ({self.year_group})" if self.year_group else self.initials
        if self.kind is InvolvedKind.PUPIL and self.year_group:
            return f"{self.name} ({self.year_group})"
        return self.name


@dataclass(frozen=True)
class TimelineEntry:
    """One timeline entry. ``corrected_by_id`` is set when a later entry corrects this one (then it is not
    ``current``); ``corrects_id`` and ``reason`` are set on a correction."""

    id: int
    incident_id: int
    action: ActionType
    occurred_at: dt.datetime
    done_by: str
    details: str
    recorded_at: dt.datetime
    recorded_by: str
    corrects_id: int | None
    reason: str
    withdrawn: bool
    corrected_by_id: int | None

    @property
    def label(self) -> str:
        return self.action.label

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    @property
    def current(self) -> bool:
        """Neither corrected since nor a withdrawal: what the timeline now says happened."""
        return self.corrected_by_id is None and not self.withdrawn

    @property
    def correctable(self) -> bool:
        return self.action.user_recordable and self.corrected_by_id is None


class ResponseState(enum.StrEnum):
    RESPONDED = "responded"
    RESPONDED_LATE = "responded_late"
    WAITING = "waiting"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_RESPONDED = "not_responded"  # closed with no response recorded

    @property
    def label(self) -> str:
        return {
            "responded": "Responded",
            "responded_late": "Responded late",
            "waiting": "Response due",
            "due_soon": "Response due soon",
            "overdue": "Response overdue",
            "not_responded": "Closed without a response",
        }[self.value]


def response_state(
    due_at: dt.datetime | None, first_response_at: dt.datetime | None, status: IncidentStatus, now: dt.datetime
) -> ResponseState:
    """Where an incident stands against its response deadline at ``now``."""
    if first_response_at is not None:
        late = due_at is not None and first_response_at > due_at
        return ResponseState.RESPONDED_LATE if late else ResponseState.RESPONDED
    if status is IncidentStatus.CLOSED or due_at is None:
        return ResponseState.NOT_RESPONDED
    if now > due_at:
        return ResponseState.OVERDUE
    if due_at - now <= DUE_SOON or calendar.school_time(due_at).date() == calendar.school_time(now).date():
        return ResponseState.DUE_SOON
    return ResponseState.WAITING


def reference(incident_id: int) -> str:
    return f"INC-{incident_id:05d}"


@dataclass(frozen=True)
class IncidentRow:
    """One line of the incident table: what it shows, sorts and filters on (no description, no evidence)."""

    id: int
    received_at: dt.datetime
    category: IncidentCategory
    platform: str
    account_name: str
    account_id: int | None
    reported_by: str
    status: IncidentStatus
    due_at: dt.datetime | None
    first_response_at: dt.datetime | None
    safeguarding_concern: bool
    dsl_acknowledged: bool
    summary: str
    evidence_count: int

    @classmethod
    def from_values(cls, values: Sequence[object]) -> IncidentRow:
        """A row from its field values in order, without the dataclass ``__init__`` (a frozen one sets each field
        through ``object.__setattr__``): a third of the time of building 20,000 rows. Values are already typed."""
        row = object.__new__(cls)
        row.__dict__.update(zip(_ROW_FIELDS, values, strict=True))
        row.search_text  # noqa: B018 - worked out now, while loading off the UI thread, not on the first keystroke
        return row

    @property
    def reference(self) -> str:
        return reference(self.id)

    def response_state(self, now: dt.datetime) -> ResponseState:
        return response_state(self.due_at, self.first_response_at, self.status, now)

    def time_left(self, now: dt.datetime) -> str:
        """ "3 h 20 min left", "overdue by 2 h", or "" once responded or closed."""
        if self.first_response_at is not None or self.status is IncidentStatus.CLOSED or self.due_at is None:
            return ""
        return calendar.describe_time_left(self.due_at, now)

    @functools.cached_property
    def search_text(self) -> str:
        """Lower-case text a search box matches against (reference, category, platform, account, who, summary).

        Worked out on the first search and kept (a frozen dataclass still has a ``__dict__`` for it)."""
        return " ".join(
            (
                self.reference,
                self.category.label,
                self.platform,
                self.account_name,
                self.reported_by,
                self.status.label,
                self.summary,
            )
        ).casefold()


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(IncidentRow))


@dataclass(frozen=True)
class IncidentDetails:
    id: int
    category: IncidentCategory
    received_at: dt.datetime
    reported_by: str
    summary: str
    description: str
    platform: str
    account_name: str
    account_id: int | None
    safeguarding_concern: bool
    dsl_acknowledged_at: dt.datetime | None
    dsl_acknowledged_by: str
    status: IncidentStatus
    outcome: str
    due_at: dt.datetime | None
    first_response_at: dt.datetime | None
    first_response_by: str
    closed_at: dt.datetime | None
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    people: tuple[InvolvedPerson, ...]
    timeline: tuple[TimelineEntry, ...]
    evidence_count: int

    @property
    def reference(self) -> str:
        return reference(self.id)

    @property
    def short_summary(self) -> str:
        return self.summary or _first_words(self.description)

    def response_state(self, now: dt.datetime) -> ResponseState:
        return response_state(self.due_at, self.first_response_at, self.status, now)

    def as_input(self) -> IncidentInput:
        """The incident as an editable form, for :func:`update_incident`."""
        return IncidentInput(
            category=self.category,
            received_at=self.received_at,
            reported_by=self.reported_by,
            description=self.description,
            summary=self.summary,
            platform=self.platform,
            account_name=self.account_name,
            account_id=self.account_id,
            safeguarding_concern=self.safeguarding_concern,
            outcome=self.outcome,
            people=[PersonInput(p.kind, p.role, p.name, p.year_group, p.person_id, p.notes) for p in self.people],
        )


def _first_words(text: str, limit: int = SUMMARY_CHARS) -> str:
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0]
    return cut + "…"


# -- checks ---------------------------------------------------------------------------------------------------


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
    category = _enum(IncidentCategory, data.category, "category", "category")
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
        category=IncidentCategory(category),
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
    kind = InvolvedKind(_enum(InvolvedKind, person.kind, f"{prefix}.kind", f"kind of person {number}"))
    role = InvolvedRole(_enum(InvolvedRole, person.role, f"{prefix}.role", f"role of person {number}"))
    name = check_line(person.name, f"{prefix}.name", f"name of person {number}")
    year_group = check_line(person.year_group, f"{prefix}.year_group", "year group", required=False, limit=40)
    notes = check_text(person.notes, f"{prefix}.notes", "notes", required=False, limit=5000)
    person_id = person.person_id if kind is InvolvedKind.REGISTER_PERSON else None
    return PersonInput(kind, role, name, year_group if kind is InvolvedKind.PUPIL else "", person_id, notes)


# -- loading --------------------------------------------------------------------------------------------------


def _incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise ValidationError(f"There is no incident {reference(incident_id)}.", field="incident_id")
    return incident


def _people(session: Session, incident_id: int) -> tuple[InvolvedPerson, ...]:
    rows = session.scalars(
        select(IncidentPerson)
        .where(IncidentPerson.incident_id == incident_id)
        .order_by(IncidentPerson.position, IncidentPerson.id)
    )
    return tuple(
        InvolvedPerson(p.id, InvolvedKind(p.kind), InvolvedRole(p.role), p.name, p.year_group, p.person_id, p.notes)
        for p in rows
    )


def _timeline(session: Session, incident_id: int) -> tuple[TimelineEntry, ...]:
    entries = list(session.scalars(select(IncidentAction).where(IncidentAction.incident_id == incident_id)))
    corrected_by = {e.corrects_id: e.id for e in sorted(entries, key=lambda e: e.id) if e.corrects_id is not None}
    result = [
        TimelineEntry(
            id=e.id,
            incident_id=e.incident_id,
            action=ActionType(e.action),
            occurred_at=e.occurred_at,
            done_by=e.done_by,
            details=e.details,
            recorded_at=e.recorded_at,
            recorded_by=e.recorded_by,
            corrects_id=e.corrects_id,
            reason=e.reason,
            withdrawn=e.withdrawn,
            corrected_by_id=corrected_by.get(e.id),
        )
        for e in entries
    ]
    return tuple(sorted(result, key=lambda e: (e.occurred_at, e.id)))


def _details(session: Session, incident: Incident) -> IncidentDetails:
    evidence_count = session.scalar(
        select(func.count(Evidence.id)).where(Evidence.incident_id == incident.id, Evidence.withdrawn_at.is_(None))
    )
    return IncidentDetails(
        id=incident.id,
        category=IncidentCategory(incident.category),
        received_at=incident.received_at,
        reported_by=incident.reported_by,
        summary=incident.summary,
        description=incident.description,
        platform=incident.platform,
        account_name=incident.account_name,
        account_id=incident.account_id,
        safeguarding_concern=incident.safeguarding_concern,
        dsl_acknowledged_at=incident.dsl_acknowledged_at,
        dsl_acknowledged_by=incident.dsl_acknowledged_by,
        status=IncidentStatus(incident.status),
        outcome=incident.outcome,
        due_at=incident.due_at,
        first_response_at=incident.first_response_at,
        first_response_by=incident.first_response_by,
        closed_at=incident.closed_at,
        created_at=incident.created_at,
        created_by=incident.created_by,
        updated_at=incident.updated_at,
        people=_people(session, incident.id),
        timeline=_timeline(session, incident.id),
        evidence_count=int(evidence_count or 0),
    )


def due_at_for(session: Session, received_at: dt.datetime) -> dt.datetime:
    """The response deadline by the school's current rule and closure days."""
    rule_value = session.scalar(select(School.response_rule).limit(1))
    rule = ResponseRule(rule_value) if rule_value else ResponseRule.WITHIN_24_HOURS
    closures = set(session.scalars(select(ClosureDay.day)))
    return calendar.response_due_at(received_at, rule, closures)


def add_entry(
    session: Session,
    incident: Incident,
    action: ActionType,
    details: str = "",
    *,
    occurred_at: dt.datetime | None = None,
    done_by: str = "",
) -> IncidentAction:
    """Append a timeline entry that smgov writes itself (evidence added, status changed, ...)."""
    now = utcnow()
    entry = IncidentAction(
        incident_id=incident.id,
        action=action.value,
        occurred_at=occurred_at or now,
        done_by=done_by,
        details=details,
        recorded_at=now,
        recorded_by=actor_name(session),
        corrects_id=None,
        reason="",
        withdrawn=False,
    )
    session.add(entry)
    incident.updated_at = now
    return entry


# -- reading --------------------------------------------------------------------------------------------------


def list_incidents(workspace: Workspace) -> list[IncidentRow]:
    """Every incident for the table, newest first: one query, no descriptions or evidence loaded.

    Written for 20,000 rows: plain column values through SQLAlchemy Core (no ORM objects), times parsed directly,
    and sorted here (SQLite walking the time index costs more than sorting the rows in memory).
    """
    evidence = (
        select(Evidence.incident_id, func.count(Evidence.id).label("n"))
        .where(Evidence.withdrawn_at.is_(None))
        .group_by(Evidence.incident_id)
        .subquery()
    )
    as_text = String()
    statement = select(
        Incident.id,
        type_coerce(Incident.received_at, as_text),
        Incident.category,
        Incident.platform,
        Incident.account_name,
        Incident.account_id,
        Incident.reported_by,
        Incident.status,
        type_coerce(Incident.due_at, as_text),
        type_coerce(Incident.first_response_at, as_text),
        Incident.safeguarding_concern,
        Incident.dsl_acknowledged_at.is_not(None),
        Incident.summary,
        # the description's start only where there is no summary to show instead
        case((Incident.summary == "", func.substr(Incident.description, 1, SUMMARY_CHARS + 40)), else_=""),
        func.coalesce(evidence.c.n, 0),
    ).outerjoin(evidence, evidence.c.incident_id == Incident.id)
    categories = {c.value: c for c in IncidentCategory}
    statuses = {s.value: s for s in IncidentStatus}
    with workspace.read() as session:
        fetched = list(session.connection().execute(statement).all())
    fetched.sort(key=lambda row: (row[1], row[0]), reverse=True)  # ISO UTC text sorts as time does
    # Stored times are UTC ISO text ending "+00:00": fromisoformat gives aware UTC datetimes directly.
    fromiso = dt.datetime.fromisoformat
    return [
        IncidentRow.from_values(
            (
                row[0],
                fromiso(row[1]),
                categories[row[2]],
                row[3],
                row[4],
                row[5],
                row[6],
                statuses[row[7]],
                row[8] and fromiso(row[8]),
                row[9] and fromiso(row[9]),
                bool(row[10]),
                bool(row[11]),
                row[12] or _first_words(row[13] or ""),
                row[14],
            )
        )
        for row in fetched
    ]


def filter_rows(
    rows: Iterable[IncidentRow],
    text: str = "",
    *,
    statuses: Sequence[IncidentStatus] = (),
    categories: Sequence[IncidentCategory] = (),
    safeguarding_only: bool = False,
    open_only: bool = False,
) -> list[IncidentRow]:
    """The rows a search box and filter chips leave: every word of ``text`` must appear (any case)."""
    words = text.casefold().split()
    wanted_status, wanted_category = set(statuses), set(categories)
    result = []
    for row in rows:
        if wanted_status and row.status not in wanted_status:
            continue
        if wanted_category and row.category not in wanted_category:
            continue
        if safeguarding_only and not row.safeguarding_concern:
            continue
        if open_only and row.status is IncidentStatus.CLOSED:
            continue
        if words:
            haystack = row.search_text
            if not all(word in haystack for word in words):
                continue
        result.append(row)
    return result


def get_incident(workspace: Workspace, incident_id: int) -> IncidentDetails:
    """One incident with its people and timeline (evidence is listed by the evidence service)."""
    with workspace.read() as session:
        return _details(session, _incident(session, incident_id))


def timeline(workspace: Workspace, incident_id: int) -> list[TimelineEntry]:
    with workspace.read() as session:
        _incident(session, incident_id)
        return list(_timeline(session, incident_id))


@dataclass(frozen=True)
class IncidentRecord:
    """An incident with everything an export needs, people included (see :func:`all_records`)."""

    row: IncidentRow
    description: str
    outcome: str
    first_response_by: str
    closed_at: dt.datetime | None
    people: tuple[InvolvedPerson, ...]


def all_records(workspace: Workspace) -> list[IncidentRecord]:
    """Every incident with its description, outcome and people, for an export: three queries in all."""
    rows = list_incidents(workspace)
    with workspace.read() as session:
        extra = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in session.execute(
                select(
                    Incident.id, Incident.description, Incident.outcome, Incident.first_response_by, Incident.closed_at
                )
            )
        }
        people: dict[int, list[InvolvedPerson]] = {}
        for p in session.scalars(select(IncidentPerson).order_by(IncidentPerson.incident_id, IncidentPerson.position)):
            people.setdefault(p.incident_id, []).append(
                InvolvedPerson(
                    p.id, InvolvedKind(p.kind), InvolvedRole(p.role), p.name, p.year_group, p.person_id, p.notes
                )
            )
    return [IncidentRecord(row, *extra[row.id], people=tuple(people.get(row.id, ()))) for row in rows]


# -- logging and editing --------------------------------------------------------------------------------------


def _check_account_exists(session: Session, account_id: int | None) -> None:
    if account_id is not None and session.get(Account, account_id) is None:
        raise ValidationError("That account is no longer in the register: choose it again.", field="account_id")


def insert_incident(session: Session, checked: CheckedIncident) -> Incident:
    """Add a checked incident to ``session`` with its deadline, people, first timeline entry and audit event."""
    _check_account_exists(session, checked.account_id)
    now = utcnow()
    incident = Incident(
        category=checked.category.value,
        platform=checked.platform,
        account_name=checked.account_name,
        account_id=checked.account_id,
        received_at=checked.received_at,
        reported_by=checked.reported_by,
        summary=checked.summary,
        description=checked.description,
        safeguarding_concern=checked.safeguarding_concern,
        dsl_acknowledged_by="",
        status=IncidentStatus.OPEN.value,
        outcome=checked.outcome,
        due_at=due_at_for(session, checked.received_at),
        first_response_by="",
        created_at=now,
        created_by=actor_name(session),
        updated_at=now,
    )
    session.add(incident)
    session.flush()
    _save_people(session, incident.id, checked.people)
    when = calendar.format_school_time(checked.received_at)
    add_entry(
        session,
        incident,
        ActionType.LOGGED,
        f"Received {when} from {checked.reported_by}.",
        occurred_at=checked.received_at,
    )
    flag = " (safeguarding concern)" if checked.safeguarding_concern else ""
    audit.record(
        session,
        "incident.create",
        "incident",
        incident.id,
        f"{reference(incident.id)} logged: {checked.category.label}{flag}",
    )
    return incident


def log_incident(workspace: Workspace, data: IncidentInput, *, now: dt.datetime | None = None) -> IncidentDetails:
    """Log a new incident (status open) with its response deadline worked out from the school's rule."""
    checked = check_incident(data, now=now)
    with workspace.write() as session:
        incident = insert_incident(session, checked)
        session.flush()
        return _details(session, incident)


def _save_people(session: Session, incident_id: int, people: Sequence[PersonInput]) -> None:
    for position, person in enumerate(people):
        session.add(
            IncidentPerson(
                incident_id=incident_id,
                position=position,
                kind=person.kind.value,
                role=person.role.value,
                name=person.name,
                year_group=person.year_group,
                person_id=person.person_id,
                pupil_id=None,
                notes=person.notes,
            )
        )


def _people_text(people: Iterable[InvolvedPerson | PersonInput]) -> str:
    shown = []
    for person in people:
        name = initials(person.name) if person.kind is InvolvedKind.PUPIL else person.name
        shown.append(f"{name} ({person.kind.label.lower()}, {person.role.label.lower()})")
    return "; ".join(shown) or "nobody named"


def update_incident(
    workspace: Workspace, incident_id: int, data: IncidentInput, *, now: dt.datetime | None = None
) -> IncidentDetails:
    """Save edits to an incident's details. Nothing is silently lost: the timeline gets a "details changed" entry
    that says what changed and keeps the previous wording of any text that was replaced."""
    checked = check_incident(data, now=now)
    with workspace.write() as session:
        incident = _incident(session, incident_id)
        old_people = _people(session, incident_id)
        changes: list[str] = []
        labels: list[str] = []

        def short(label: str, old: str, new: str) -> None:
            changes.append(f"{label}: {old or '(none)'} → {new or '(none)'}")
            labels.append(label.lower())

        def long(label: str, old: str) -> None:
            changes.append(f"{label} changed. It was:\n{old}" if old else f"{label} added.")
            labels.append(label.lower())

        if checked.category.value != incident.category:
            short("Category", IncidentCategory(incident.category).label, checked.category.label)
            incident.category = checked.category.value
        if checked.received_at != incident.received_at:
            short(
                "Received",
                calendar.format_school_time(incident.received_at),
                calendar.format_school_time(checked.received_at),
            )
            incident.received_at = checked.received_at
            incident.due_at = due_at_for(session, checked.received_at)
        if checked.reported_by != incident.reported_by:
            short("Reported by", incident.reported_by, checked.reported_by)
            incident.reported_by = checked.reported_by
        if (checked.platform, checked.account_name, checked.account_id) != (
            incident.platform,
            incident.account_name,
            incident.account_id,
        ):
            if checked.account_id != incident.account_id:
                _check_account_exists(session, checked.account_id)
            short(
                "Account",
                " ".join(filter(None, (incident.platform, incident.account_name))),
                " ".join(filter(None, (checked.platform, checked.account_name))),
            )
            incident.platform, incident.account_name = checked.platform, checked.account_name
            incident.account_id = checked.account_id
        if checked.safeguarding_concern != incident.safeguarding_concern:
            short("Safeguarding concern", _yes_no(incident.safeguarding_concern), _yes_no(checked.safeguarding_concern))
            incident.safeguarding_concern = checked.safeguarding_concern
        if checked.summary != incident.summary:
            long("Summary", incident.summary)
            incident.summary = checked.summary
        if checked.description != incident.description:
            long("Description", incident.description)
            incident.description = checked.description
        if checked.outcome != incident.outcome:
            long("Outcome", incident.outcome)
            incident.outcome = checked.outcome
        new_people = [(p.kind, p.role, p.name, p.year_group, p.person_id, p.notes) for p in checked.people]
        if new_people != [(p.kind, p.role, p.name, p.year_group, p.person_id, p.notes) for p in old_people]:
            changes.append(f"People involved: {_people_text(old_people)} → {_people_text(checked.people)}")
            labels.append("people involved")
            for person in session.scalars(select(IncidentPerson).where(IncidentPerson.incident_id == incident_id)):
                session.delete(person)
            session.flush()
            _save_people(session, incident_id, checked.people)
        if changes:
            add_entry(session, incident, ActionType.DETAILS_CHANGED, "\n".join(changes))
            audit.record(
                session,
                "incident.update",
                "incident",
                incident_id,
                f"{reference(incident_id)}: changed " + ", ".join(labels),
            )
        session.flush()
        return _details(session, incident)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


# -- status ---------------------------------------------------------------------------------------------------

STATUS_CHANGES = {
    IncidentStatus.OPEN: {IncidentStatus.IN_PROGRESS, IncidentStatus.ESCALATED, IncidentStatus.CLOSED},
    IncidentStatus.IN_PROGRESS: {IncidentStatus.ESCALATED, IncidentStatus.CLOSED, IncidentStatus.OPEN},
    IncidentStatus.ESCALATED: {IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED},
    IncidentStatus.CLOSED: {IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS},
}


def set_status(
    workspace: Workspace,
    incident_id: int,
    status: IncidentStatus,
    *,
    reason: str = "",
    outcome: str | None = None,
) -> IncidentDetails:
    """Move an incident to ``status``. Closing needs the outcome (given here or already saved); reopening a closed
    incident needs a reason. Each change is a timeline entry."""
    new = IncidentStatus(_enum(IncidentStatus, status, "status", "status"))
    reason = check_text(reason, "reason", "reason", required=False, limit=5000)
    outcome_text = None if outcome is None else check_text(outcome, "outcome", "outcome", required=False, limit=50_000)
    with workspace.write() as session:
        incident = _incident(session, incident_id)
        old = IncidentStatus(incident.status)
        if new is old:
            raise ValidationError(f"{reference(incident_id)} is already {old.label.lower()}.", field="status")
        if new not in STATUS_CHANGES[old]:
            raise ValidationError(
                f"An incident that is {old.label.lower()} cannot be moved to {new.label.lower()}.", field="status"
            )
        if old is IncidentStatus.CLOSED and not reason:
            raise ValidationError("Give the reason for reopening the incident.", field="reason")
        if outcome_text is not None and outcome_text != incident.outcome:
            if incident.outcome:
                was = f"Outcome changed. It was:\n{incident.outcome}"
                add_entry(session, incident, ActionType.DETAILS_CHANGED, was)
            incident.outcome = outcome_text
        if new is IncidentStatus.CLOSED and not incident.outcome:
            raise ValidationError("Write the outcome before closing the incident.", field="outcome")
        _move(session, incident, new, reason)
        session.flush()
        return _details(session, incident)


def _move(session: Session, incident: Incident, new: IncidentStatus, reason: str, *, entry: bool = True) -> None:
    old = IncidentStatus(incident.status)
    incident.status = new.value
    incident.closed_at = utcnow() if new is IncidentStatus.CLOSED else None
    if entry:
        text = f"{old.label} → {new.label}" + (f". {reason}" if reason else "")
        add_entry(session, incident, ActionType.STATUS_CHANGED, text)
    audit.record(
        session, "incident.status", "incident", incident.id, f"{reference(incident.id)}: {old.label} → {new.label}"
    )


# -- the timeline ---------------------------------------------------------------------------------------------


def _entry_values(
    action: ActionType,
    occurred_at: dt.datetime | None,
    done_by: str,
    details: str,
    *,
    now: dt.datetime | None,
    operator: str,
) -> tuple[ActionType, dt.datetime, str, str]:
    kind = ActionType(_enum(ActionType, action, "action", "action"))
    if not kind.user_recordable:
        raise ValidationError(f"“{kind.label}” entries are written by smgov itself.", field="action")
    moment = check_moment(occurred_at or (now or utcnow()), "occurred_at", "time it was done", now=now)
    who = check_line(done_by, "done_by", "name of who did it", required=False) or operator
    text = check_text(details, "details", "details", required=False, limit=50_000)
    return kind, moment, who, text


def add_action(
    workspace: Workspace,
    incident_id: int,
    action: ActionType,
    *,
    occurred_at: dt.datetime | None = None,
    done_by: str = "",
    details: str = "",
    now: dt.datetime | None = None,
) -> TimelineEntry:
    """Record something that was done (comment hidden, user blocked, escalated, ...) on the timeline.

    An open incident becomes in progress (a note, a screenshot or acknowledging receipt leave it open); an
    escalation makes it escalated; "closed" closes it (its details become
    the outcome when none is saved). The first entry that counts as a response fills in the first response.
    On a closed incident only a note can be added: reopen it first for anything else.
    """
    operator = current_operator(workspace).name
    kind, moment, who, text = _entry_values(action, occurred_at, done_by, details, now=now, operator=operator)
    with workspace.write() as session:
        incident = _incident(session, incident_id)
        status = IncidentStatus(incident.status)
        if status is IncidentStatus.CLOSED and kind is not ActionType.NOTE:
            raise ValidationError(
                f"{reference(incident_id)} is closed. Reopen it to record more actions (a note can still be added).",
                field="action",
            )
        if kind is ActionType.CLOSED and not (incident.outcome or text):
            raise ValidationError("Write the outcome (in the details) to close the incident.", field="details")
        entry = add_entry(session, incident, kind, text, occurred_at=moment, done_by=who)
        session.flush()
        if kind is ActionType.CLOSED:
            if not incident.outcome:
                incident.outcome = text
            _move(session, incident, IncidentStatus.CLOSED, "", entry=False)
        elif kind in (ActionType.ESCALATED_TO_SLT, ActionType.ESCALATED_TO_DSL, ActionType.ESCALATED_TO_POLICE):
            if status is not IncidentStatus.ESCALATED:
                _move(session, incident, IncidentStatus.ESCALATED, "", entry=False)
        elif status is IncidentStatus.OPEN and kind not in KEEPS_OPEN:
            _move(session, incident, IncidentStatus.IN_PROGRESS, "", entry=False)
        _refresh_first_response(session, incident)
        audit.record(session, "incident.action", "incident", incident_id, f"{reference(incident_id)}: {kind.label}")
        return _entry(session, incident_id, entry.id)


def correct_action(
    workspace: Workspace,
    entry_id: int,
    *,
    reason: str,
    action: ActionType | None = None,
    occurred_at: dt.datetime | None = None,
    done_by: str | None = None,
    details: str | None = None,
    withdraw: bool = False,
    now: dt.datetime | None = None,
) -> TimelineEntry:
    """Correct a timeline entry by adding a new one that points at it, with the reason; the original stays as it
    was. Values not given are kept from the entry corrected. ``withdraw`` says it should never have been recorded.
    """
    reason = check_text(reason, "reason", "reason for the correction", limit=5000)
    with workspace.write() as session:
        target = session.get(IncidentAction, entry_id)
        if target is None:
            raise ValidationError(f"There is no timeline entry {entry_id}.", field="entry_id")
        old_kind = ActionType(target.action)
        if not old_kind.user_recordable:
            raise ValidationError(
                f"“{old_kind.label}” was written by smgov and cannot be corrected; add a note instead.",
                field="entry_id",
            )
        later = session.scalar(select(IncidentAction.id).where(IncidentAction.corrects_id == entry_id).limit(1))
        if later is not None:
            raise ValidationError(
                f"This entry was already corrected by entry {later}. Correct that one instead.", field="entry_id"
            )
        if target.withdrawn:
            raise ValidationError("This entry withdrew an earlier one; it cannot be corrected.", field="entry_id")
        kind, moment, who, text = _entry_values(
            action if action is not None else old_kind,
            occurred_at if occurred_at is not None else target.occurred_at,
            done_by if done_by is not None else target.done_by,
            details if details is not None else target.details,
            now=now,
            operator=actor_name(session),
        )
        before = (target.action, target.occurred_at, target.done_by, target.details)
        unchanged = (kind.value, moment, who, text) == before
        if unchanged and not withdraw:
            raise ValidationError(
                "Nothing is different from the entry. Change the action, time, who or details, or withdraw it.",
                field="reason",
            )
        incident = _incident(session, target.incident_id)
        now_utc = utcnow()
        entry = IncidentAction(
            incident_id=target.incident_id,
            action=kind.value,
            occurred_at=moment,
            done_by=who,
            details=text,
            recorded_at=now_utc,
            recorded_by=actor_name(session),
            corrects_id=target.id,
            reason=reason,
            withdrawn=withdraw,
        )
        session.add(entry)
        incident.updated_at = now_utc
        session.flush()
        _refresh_first_response(session, incident)
        what = "withdrawn" if withdraw else "corrected"
        audit.record(
            session,
            "incident.correct",
            "incident",
            incident.id,
            f"{reference(incident.id)}: timeline entry {target.id} {what}",
        )
        return _entry(session, incident.id, entry.id)


def _entry(session: Session, incident_id: int, entry_id: int) -> TimelineEntry:
    return next(e for e in _timeline(session, incident_id) if e.id == entry_id)


def _refresh_first_response(session: Session, incident: Incident) -> None:
    """The first response is the earliest current entry that counts as one (corrections taken into account)."""
    responses = [e for e in _timeline(session, incident.id) if e.current and e.action in RESPONSE_ACTIONS]
    first = min(responses, key=lambda e: (e.occurred_at, e.id), default=None)
    incident.first_response_at = first.occurred_at if first else None
    incident.first_response_by = first.done_by if first else ""


# -- safeguarding ---------------------------------------------------------------------------------------------


def acknowledge_safeguarding(
    workspace: Workspace,
    incident_id: int,
    *,
    by: str,
    at: dt.datetime | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> IncidentDetails:
    """Record that the DSL has been told of, and acknowledged, a safeguarding concern."""
    who = check_line(by, "by", "DSL's name")
    moment = check_moment(at or (now or utcnow()), "at", "time the DSL acknowledged it", now=now)
    text = check_text(note, "note", "note", required=False, limit=5000)
    with workspace.write() as session:
        incident = _incident(session, incident_id)
        if not incident.safeguarding_concern:
            raise ValidationError(
                f"{reference(incident_id)} is not marked as a safeguarding concern.", field="incident_id"
            )
        if incident.dsl_acknowledged_at is not None:
            raise ValidationError(
                f"The DSL already acknowledged it on {calendar.format_school_time(incident.dsl_acknowledged_at)}.",
                field="incident_id",
            )
        if moment < incident.received_at:
            raise ValidationError("The DSL cannot have acknowledged it before it was received.", field="at")
        incident.dsl_acknowledged_at = moment
        incident.dsl_acknowledged_by = who
        add_entry(session, incident, ActionType.DSL_ACKNOWLEDGED, text, occurred_at=moment, done_by=who)
        audit.record(
            session, "incident.dsl", "incident", incident_id, f"{reference(incident_id)}: acknowledged by the DSL"
        )
        session.flush()
        return _details(session, incident)


# -- the dashboard --------------------------------------------------------------------------------------------


def attention(workspace: Workspace, now: dt.datetime) -> list[AttentionItem]:
    """Responses due soon or overdue (with the time left), and safeguarding concerns the DSL has not acknowledged."""
    items: list[AttentionItem] = []
    with workspace.read() as session:
        waiting = session.execute(
            select(Incident.id, Incident.category, Incident.platform, Incident.due_at, Incident.status)
            .where(
                Incident.status != IncidentStatus.CLOSED.value,
                Incident.first_response_at.is_(None),
                Incident.due_at.is_not(None),
            )
            .order_by(Incident.due_at)
        ).all()
        concerns = session.execute(
            select(Incident.id, Incident.received_at)
            # "= 1", not "IS 1": the form the partial index ix_incident_dsl_unacknowledged is written in
            .where(Incident.safeguarding_concern == True, Incident.dsl_acknowledged_at.is_(None))  # noqa: E712
            .order_by(Incident.received_at)
        ).all()
        dsl = session.get(KeyPerson, KeyRole.DSL.value)
        dsl_name = dsl.name if dsl is not None else ""
    for incident_id, category, platform, due_at, status in waiting:
        if due_at is None:  # excluded by the query; keeps the type checker sure
            continue
        state = response_state(due_at, None, IncidentStatus(status), now)
        what = IncidentCategory(category).label + (f" ({platform})" if platform else "")
        due_text = calendar.format_school_time(due_at)
        left = calendar.describe_time_left(due_at, now)
        due_day = calendar.school_time(due_at).date()
        if state is ResponseState.OVERDUE:
            items.append(
                AttentionItem(
                    Urgency.OVERDUE,
                    f"Response overdue: {reference(incident_id)}",
                    f"{what}. It was due {due_text}: {left}.",
                    "incidents",
                    str(incident_id),
                    due_day,
                )
            )
        else:
            items.append(
                AttentionItem(
                    Urgency.DUE_SOON if state is ResponseState.DUE_SOON else Urgency.TO_DO,
                    f"Respond to {reference(incident_id)}",
                    f"{what}. Due {due_text} ({left}).",
                    "incidents",
                    str(incident_id),
                    due_day,
                    kind="Responses due",
                )
            )
    for incident_id, received_at in concerns:
        who = f"Tell {dsl_name} (the DSL)" if dsl_name else "Name the DSL in settings, tell them"
        items.append(
            AttentionItem(
                Urgency.DUE_SOON,
                f"Safeguarding concern for the DSL: {reference(incident_id)}",
                f"{who} and record when they acknowledge it. Received {calendar.format_school_time(received_at)}.",
                "incidents",
                str(incident_id),
                calendar.school_time(received_at).date(),
            )
        )
    return items


def dashboard_now(today: dt.date) -> dt.datetime:
    """The moment the dashboard measures time left from: now, or midday of ``today`` when it is another day."""
    now = utcnow()
    if calendar.school_time(now).date() == today:
        return now
    return calendar.at_school_time(today, dt.time(12, 0)).astimezone(dt.UTC)


def dashboard_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    return attention(workspace, dashboard_now(today))


__all__ = [
    "USER_ACTIONS",
    "IncidentDetails",
    "IncidentInput",
    "IncidentRecord",
    "IncidentRow",
    "InvolvedPerson",
    "PersonInput",
    "ResponseState",
    "TimelineEntry",
    "acknowledge_safeguarding",
    "add_action",
    "all_records",
    "attention",
    "correct_action",
    "filter_rows",
    "get_incident",
    "initials",
    "list_incidents",
    "log_incident",
    "response_state",
    "set_status",
    "timeline",
    "update_incident",
]
