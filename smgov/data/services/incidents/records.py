"""What the incident log hands the UI and takes from it: plain dataclasses, never ORM objects.

Incidents are shown by reference ("INC-00042"); pupils involved by initials unless asked otherwise."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from smgov.data import calendar
from smgov.data.models import ActionType, IncidentCategory, IncidentStatus, InvolvedKind, InvolvedRole
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.incidents.deadlines import ResponseState, response_state

SUMMARY_CHARS = 140


def initials(name: str) -> str:
    """ "Zoë Ŵyn-Łukasz" -> "ZŴ-Ł"; "Nguyễn Văn Minh" -> "NVM": the first letter of each part of a name."""
    words = []
    for word in name.split():
        letters = [first.upper() for first in (_first_letter(part) for part in word.split("-")) if first]
        if letters:
            words.append("-".join(letters))
    return "".join(words) or "?"


def _first_letter(part: str) -> str:
    for ch in part:
        if ch.isalnum():
            return ch
    return ""


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


def reference(incident_id: int) -> str:
    return format_reference(RecordKind.INCIDENT, incident_id)


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
    def from_values(cls, values: Sequence[object], *, for_search: bool = True) -> IncidentRow:
        """A row from its field values in order, without the dataclass ``__init__`` (a frozen one sets each field
        through ``object.__setattr__``): a third of the time of building 20,000 rows. Values are already typed.
        ``for_search``: work out the search text now (for the table; an export never searches)."""
        row = object.__new__(cls)
        row.__dict__.update(zip(_ROW_FIELDS, values, strict=True))
        if for_search:
            row.search_text  # noqa: B018 - worked out now, while loading off the UI thread, not on a keystroke
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
        return self.summary or first_words(self.description)

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


def first_words(text: str, limit: int = SUMMARY_CHARS) -> str:
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0]
    return cut + "…"


@dataclass(frozen=True)
class IncidentRecord:
    """An incident with everything an export needs, people included (see :func:`all_records`)."""

    row: IncidentRow
    description: str
    outcome: str
    first_response_by: str
    closed_at: dt.datetime | None
    people: tuple[InvolvedPerson, ...]
