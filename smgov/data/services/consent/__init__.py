"""Photo and video consent: purposes, the append-only history per pupil, year and purpose, and the status it gives.

The status of a pupil's consent for a purpose on a date is the latest entry of that academic year effective on or
before the date (entries of one day in the order recorded); with none, it is "not returned", treated as refused. A
new academic year starts with no entries, so from 1 September everyone on roll is "not returned" for it, and last
year's entries stay as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import (
    ConsentChange,
    ConsentEntry,
    ConsentForm,
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    Pupil,
)
from smgov.data.operators import actor_name
from smgov.data.validation import check_line, check_text
from smgov.data.workspace import Workspace

MAX_RESTRICTION = 500
MAX_NOTE = 5000
MAX_FORM_BYTES = 20 * 1024 * 1024
FORM_TYPES = {b"%PDF": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def academic_year_of(day: dt.date) -> int:
    """The academic year ``day`` falls in, named by the year it starts (1 September to 31 August)."""
    return day.year if day.month >= 9 else day.year - 1


def year_label(year: int) -> str:
    """2026 -> "2026-27"."""
    return f"{year}-{(year + 1) % 100:02d}"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


# -- purposes -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurposeRow:
    id: int
    key: str
    label: str
    media: str  # "photo", "video" or "both"
    social_media: bool
    active: bool

    def covers(self, media: str) -> bool:
        return self.media in ("both", media)


def purposes(workspace: Workspace, *, include_retired: bool = False) -> list[PurposeRow]:
    with workspace.read() as session:
        return _purposes(session, include_retired=include_retired)


def _purposes(session: Session, *, include_retired: bool = False) -> list[PurposeRow]:
    query = select(ConsentPurpose).order_by(ConsentPurpose.position, ConsentPurpose.id)
    if not include_retired:
        query = query.where(ConsentPurpose.active.is_(True))
    return [PurposeRow(p.id, p.key, p.label, p.media, p.social_media, p.active) for p in session.scalars(query).all()]


# -- the status ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A pupil's consent for one purpose on a date, and the entry it comes from (None: not returned)."""

    status: ConsentStatus
    restriction: str = ""
    entry_id: int | None = None
    effective_on: dt.date | None = None

    @property
    def allows(self) -> bool:
        return self.status.allows


NOT_RETURNED = Standing(ConsentStatus.NOT_RETURNED)


def _fold(
    entries: Iterable[tuple[int, int, int, ConsentStatus, str, dt.date]], on: dt.date
) -> dict[int, dict[int, Standing]]:
    """pupil -> purpose -> standing on ``on``, from entries (id, pupil, purpose, status, restriction, effective)
    sorted by effective date and id."""
    found: dict[int, dict[int, Standing]] = {}
    for entry_id, pupil_id, purpose_id, status, restriction, effective in entries:
        if effective <= on:
            found.setdefault(pupil_id, {})[purpose_id] = Standing(status, restriction, entry_id, effective)
    return found


def _entries_query(year: int, pupil_ids: list[int] | None = None):  # type: ignore[no-untyped-def]
    query = (
        select(
            ConsentEntry.id,
            ConsentEntry.pupil_id,
            ConsentEntry.purpose_id,
            ConsentEntry.status,
            ConsentEntry.restriction,
            ConsentEntry.effective_on,
        )
        .where(ConsentEntry.academic_year == year)
        .order_by(ConsentEntry.effective_on, ConsentEntry.id)
    )
    if pupil_ids is not None:
        query = query.where(ConsentEntry.pupil_id.in_(pupil_ids))
    return query


def standings(session: Session, pupil_ids: list[int] | None, on: dt.date) -> dict[int, dict[int, Standing]]:
    """pupil -> purpose -> standing on ``on`` (in the academic year of ``on``); pupils and purposes without an
    entry are absent: they are not returned."""
    year = academic_year_of(on)
    found: dict[int, dict[int, Standing]] = {}
    ids = pupil_ids
    chunks = [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        found.update(_fold(session.execute(_entries_query(year, chunk)), on))
    return found


def standing_on(workspace: Workspace, pupil_id: int, on: dt.date) -> dict[int, Standing]:
    """purpose -> standing of one pupil on ``on``, for every active purpose."""
    with workspace.read() as session:
        found = standings(session, [pupil_id], on).get(pupil_id, {})
        return {p.id: found.get(p.id, NOT_RETURNED) for p in _purposes(session)}


# -- the history --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    academic_year: int
    purpose_id: int
    purpose: str
    change: ConsentChange
    status: ConsentStatus
    restriction: str
    effective_on: dt.date
    received_on: dt.date
    given_by: str
    relationship: str
    parental_responsibility: bool
    by_pupil: bool
    method: ConsentMethod
    form_id: int | None
    note: str
    recorded_at: dt.datetime
    recorded_by: str


def history(workspace: Workspace, pupil_id: int) -> list[HistoryEntry]:
    """Every consent entry of a pupil, oldest first: the timeline the pupil's pane shows."""
    with workspace.read() as session:
        labels = {p.id: p.label for p in _purposes(session, include_retired=True)}
        rows = session.scalars(
            select(ConsentEntry)
            .where(ConsentEntry.pupil_id == pupil_id)
            .order_by(ConsentEntry.academic_year, ConsentEntry.effective_on, ConsentEntry.id)
        ).all()
        return [
            HistoryEntry(
                e.id,
                e.academic_year,
                e.purpose_id,
                labels.get(e.purpose_id, "?"),
                e.change,
                e.status,
                e.restriction,
                e.effective_on,
                e.received_on,
                e.given_by,
                e.relationship,
                e.parental_responsibility,
                e.by_pupil,
                e.method,
                e.form_id,
                e.note,
                e.recorded_at,
                e.recorded_by,
            )
            for e in rows
        ]


# -- recording ----------------------------------------------------------------------------------------------------


@dataclass
class ConsentInput:
    """A return, amendment or withdrawal for one pupil and academic year: a status for each purpose it covers."""

    pupil_id: int
    academic_year: int
    change: ConsentChange
    statuses: Mapping[int, tuple[ConsentStatus, str]]  # purpose id -> (status, restriction)
    received_on: dt.date
    method: ConsentMethod
    effective_on: dt.date | None = None  # default: the day it was received
    given_by: str = ""
    relationship: str = ""
    parental_responsibility: bool = True
    by_pupil: bool = False
    note: str = ""
    form_bytes: bytes | None = None  # the scanned form, letter or email (PDF, PNG or JPEG)
    form_filename: str = ""


def check_input(form: ConsentInput, today: dt.date | None = None) -> ConsentInput:
    """The input tidied, or ValidationError naming the field."""
    today = today or dt.date.today()
    if not form.statuses:
        raise ValidationError("Choose the consent for at least one purpose.", field="statuses")
    if form.received_on > today:
        raise ValidationError("The date it was received cannot be in the future.", field="received_on")
    effective = form.effective_on or form.received_on
    if effective < form.received_on:
        raise ValidationError(
            "A change takes effect from the day it was received or later, never before: it is not retroactive.",
            field="effective_on",
        )
    start, end = year_bounds(form.academic_year)
    if effective > end:
        raise ValidationError(f"That date is after the {year_label(form.academic_year)} school year.", "effective_on")
    if form.change is ConsentChange.WITHDRAWAL and not form.note.strip() and form.form_bytes is None:
        raise ValidationError(
            "A withdrawal must be in writing: attach the letter or email, or say where it is kept.", field="note"
        )
    statuses: dict[int, tuple[ConsentStatus, str]] = {}
    for purpose_id, (status, restriction) in form.statuses.items():
        if status is ConsentStatus.NOT_RETURNED:
            raise ValidationError("Choose granted, refused or granted with restrictions.", field="statuses")
        text = check_text(restriction, "restriction", "restriction", required=False, limit=MAX_RESTRICTION)
        if status is ConsentStatus.RESTRICTED and not text:
            raise ValidationError("Say what the restriction is (for example: first name only).", "restriction")
        statuses[purpose_id] = (status, text if status is ConsentStatus.RESTRICTED else "")
    if form.change is ConsentChange.WITHDRAWAL and any(s.allows for s, _ in statuses.values()):
        raise ValidationError("A withdrawal refuses consent: use an amendment to change a restriction.", "statuses")
    given_by = "" if form.by_pupil else check_line(form.given_by, "given_by", "name", required=True, limit=200)
    return ConsentInput(
        pupil_id=form.pupil_id,
        academic_year=form.academic_year,
        change=form.change,
        statuses=statuses,
        received_on=form.received_on,
        method=form.method,
        effective_on=max(effective, start) if form.change is ConsentChange.RETURN else effective,
        given_by=given_by,
        relationship=check_line(form.relationship, "relationship", "relationship", required=False, limit=100),
        parental_responsibility=form.parental_responsibility,
        by_pupil=form.by_pupil,
        note=check_text(form.note, "note", "note", required=False, limit=MAX_NOTE),
        form_bytes=form.form_bytes,
        form_filename=form.form_filename,
    )


def _form_type(data: bytes) -> str:
    if len(data) > MAX_FORM_BYTES:
        raise ValidationError("That file is over 20 MB: scan the form at a lower resolution.", field="form")
    for magic, media_type in FORM_TYPES.items():
        if data.startswith(magic):
            return media_type
    raise ValidationError("Attach the form as a PDF, PNG or JPEG file.", field="form")


def record_consent(workspace: Workspace, form: ConsentInput, today: dt.date | None = None) -> list[int]:
    """Append the entries of a return, amendment or withdrawal (one unit of work). Returns the new entries' ids.

    A withdrawal (or an amendment that takes consent away) opens a takedown for every logged post showing the
    pupil that the new consent no longer allows (smgov.data.services.posting)."""
    form = check_input(form, today)
    with workspace.write() as session:
        pupil = session.get(Pupil, form.pupil_id)
        if pupil is None:
            raise ValidationError("That pupil is not on the register.", field="pupil")
        known = {p.id: p for p in _purposes(session, include_retired=True)}
        if any(purpose_id not in known for purpose_id in form.statuses):
            raise ValidationError("One of the purposes no longer exists.", field="statuses")
        form_id = _add_form(session, form) if form.form_bytes is not None else None
        who = actor_name(session)
        entries = [
            ConsentEntry(
                pupil_id=form.pupil_id,
                academic_year=form.academic_year,
                purpose_id=purpose_id,
                change=form.change,
                status=status,
                restriction=restriction,
                effective_on=form.effective_on,
                given_by=form.given_by,
                relationship=form.relationship,
                parental_responsibility=form.parental_responsibility,
                by_pupil=form.by_pupil,
                method=form.method,
                received_on=form.received_on,
                form_id=form_id,
                note=form.note,
                recorded_by=who,
            )
            for purpose_id, (status, restriction) in sorted(form.statuses.items())
        ]
        session.add_all(entries)
        session.flush()
        action = {
            ConsentChange.RETURN: AuditAction.CONSENT_RETURN,
            ConsentChange.AMENDMENT: AuditAction.CONSENT_AMEND,
            ConsentChange.WITHDRAWAL: AuditAction.CONSENT_WITHDRAW,
        }[form.change]
        summary = (
            f"{form.change.label} for {year_label(form.academic_year)}, effective {form.effective_on:%d/%m/%Y}: "
            + "; ".join(f"{known[p].label}: {s.label}" for p, (s, _) in sorted(form.statuses.items()))
        )
        audit.record(session, action, "pupil", form.pupil_id, summary)
        from smgov.data.services import posting

        posting.open_takedowns(session, form.pupil_id, entries)
        return [e.id for e in entries]


def _add_form(session: Session, form: ConsentInput) -> int:
    assert form.form_bytes is not None
    data = form.form_bytes
    row = ConsentForm(
        pupil_id=form.pupil_id,
        original_filename=form.form_filename.replace("\\", "/").rsplit("/", 1)[-1][:255],
        media_type=_form_type(data),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        data=data,
        added_by=actor_name(session),
    )
    session.add(row)
    session.flush()
    return row.id


def form_bytes(workspace: Workspace, form_id: int) -> tuple[str, bytes]:
    """(media type, bytes) of a kept consent form. Audited: it holds a parent's signature and a child's name."""
    with workspace.write() as session:
        row = session.get(ConsentForm, form_id)
        if row is None:
            raise ValidationError("That form is not in the workspace.")
        audit.record(session, AuditAction.CONSENT_FORM_VIEW, "pupil", row.pupil_id, "Consent form opened")
        return row.media_type, bytes(row.data)


# -- purposes in Settings -----------------------------------------------------------------------------------------

MEDIA = ("photo", "video", "both")


def _purpose(session: Session, purpose_id: int) -> ConsentPurpose:
    purpose = session.get(ConsentPurpose, purpose_id)
    if purpose is None:
        raise ValidationError("That purpose no longer exists.", field="purpose")
    return purpose


def _check_label(session: Session, label: str, purpose_id: int | None = None) -> str:
    text = check_line(label, "label", "purpose's name", required=True, limit=100)
    for other in session.scalars(select(ConsentPurpose).where(ConsentPurpose.id != (purpose_id or 0))):
        if other.label.casefold() == text.casefold():
            hint = "" if other.active else " (retired: restore it instead)"
            raise ValidationError(f"There is already a purpose called {other.label}{hint}.", field="label")
    return text


def _check_media(media: str) -> str:
    if media not in MEDIA:
        raise ValidationError("Choose photos, videos or both.", field="media")
    return media


def _key_from(label: str, taken: set[str]) -> str:
    base = "_".join(re.sub(r"[^a-z0-9]+", " ", _ascii(label).lower()).split())[:36] or "purpose"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _row_of(p: ConsentPurpose) -> PurposeRow:
    return PurposeRow(p.id, p.key, p.label, p.media, p.social_media, p.active)


def add_purpose(workspace: Workspace, label: str, *, media: str = "both", social_media: bool = False) -> PurposeRow:
    """A new purpose, last in the list; its key is made from the label (and never changes)."""
    media = _check_media(media)
    with workspace.write() as session:
        text = _check_label(session, label)
        taken = set(session.scalars(select(ConsentPurpose.key)))
        last = max(session.scalars(select(ConsentPurpose.position)), default=0)
        purpose = ConsentPurpose(
            key=_key_from(text, taken), label=text, media=media, social_media=social_media, position=last + 1
        )
        session.add(purpose)
        session.flush()
        audit.record(session, AuditAction.CONSENT_PURPOSES, "consent_purpose", purpose.id, f"Purpose added: {text}")
        return _row_of(purpose)


def update_purpose(
    workspace: Workspace,
    purpose_id: int,
    *,
    label: str | None = None,
    media: str | None = None,
    social_media: bool | None = None,
) -> PurposeRow:
    """Rename a purpose (its history keeps pointing at it), or say what it covers; None leaves a field as it is."""
    media = _check_media(media) if media is not None else None
    with workspace.write() as session:
        purpose = _purpose(session, purpose_id)
        changed: list[str] = []
        if label is not None:
            text = _check_label(session, label, purpose_id)
            if text != purpose.label:
                changed.append(f"renamed from {purpose.label} to {text}")
                purpose.label = text
        if media is not None and media != purpose.media:
            purpose.media = media
            changed.append(f"covers {'photos and videos' if media == 'both' else media + 's'}")
        if social_media is not None and social_media != purpose.social_media:
            purpose.social_media = social_media
            changed.append("social media" if social_media else "not social media")
        if changed:
            audit.record(
                session,
                AuditAction.CONSENT_PURPOSES,
                "consent_purpose",
                purpose.id,
                f"Purpose {purpose.label}: " + "; ".join(changed),
            )
        return _row_of(purpose)


def rename_purpose(workspace: Workspace, purpose_id: int, label: str) -> PurposeRow:
    return update_purpose(workspace, purpose_id, label=label)


def set_purpose_active(workspace: Workspace, purpose_id: int, active: bool) -> PurposeRow:
    """Retire a purpose (it leaves forms, the grid and new returns; its history stays) or restore it. Never
    deleted: entries refer to it."""
    with workspace.write() as session:
        purpose = _purpose(session, purpose_id)
        if purpose.active == active:
            return _row_of(purpose)
        if not active:
            others = session.scalars(
                select(ConsentPurpose.id).where(ConsentPurpose.active.is_(True), ConsentPurpose.id != purpose_id)
            ).first()
            if others is None:
                raise ValidationError("Keep at least one purpose in use.", field="purpose")
        purpose.active = active
        what = "restored" if active else "retired"
        audit.record(
            session, AuditAction.CONSENT_PURPOSES, "consent_purpose", purpose.id, f"Purpose {what}: {purpose.label}"
        )
        return _row_of(purpose)


def retire_purpose(workspace: Workspace, purpose_id: int) -> PurposeRow:
    return set_purpose_active(workspace, purpose_id, False)


def restore_purpose(workspace: Workspace, purpose_id: int) -> PurposeRow:
    return set_purpose_active(workspace, purpose_id, True)


def reorder_purposes(workspace: Workspace, order: list[int]) -> list[PurposeRow]:
    """Put the purposes in ``order`` (ids; those left out keep their order after them). Returns every purpose."""
    if len(set(order)) != len(order):
        raise ValidationError("A purpose is listed twice.", field="order")
    with workspace.write() as session:
        every = list(session.scalars(select(ConsentPurpose).order_by(ConsentPurpose.position, ConsentPurpose.id)))
        by_id = {p.id: p for p in every}
        if any(i not in by_id for i in order):
            raise ValidationError("One of the purposes no longer exists.", field="order")
        wanted = [by_id[i] for i in order] + [p for p in every if p.id not in set(order)]
        if [p.id for p in wanted] != [p.id for p in every] or any(p.position != n for n, p in enumerate(wanted, 1)):
            for n, purpose in enumerate(wanted, 1):
                purpose.position = n
            audit.record(session, AuditAction.CONSENT_PURPOSES, "consent_purpose", None, "Purposes reordered")
        return [_row_of(p) for p in wanted]


# -- the chase list -----------------------------------------------------------------------------------------------

DEFAULT_CHASE_AFTER = "10-01"


def chase_date(year: int, month_day: str) -> dt.date:
    """The day to chase forms from in academic year ``year``: "10-01" -> 1 October (of ``year``; January to August
    fall in ``year`` + 1). A stored value that is not a date falls back to 1 October."""
    try:
        month, day = (int(part) for part in month_day.split("-"))
        return dt.date(year if month >= 9 else year + 1, month, day)
    except (ValueError, TypeError):
        return dt.date(year, 10, 1)


@dataclass(frozen=True)
class ChaseClass:
    """A class's pupils on roll with no return for the year."""

    year_group: str
    class_name: str
    on_roll: int
    returned: int
    missing: list[tuple[int, str]]  # (pupil id, preferred first name and surname), by surname

    @property
    def not_returned(self) -> int:
        return len(self.missing)


@dataclass(frozen=True)
class ChaseList:
    academic_year: int
    chase_from: dt.date
    due: bool  # the chase date has passed (dashboard: show it)
    classes: list[ChaseClass]  # only classes with someone to chase, in school order

    @property
    def not_returned(self) -> int:
        return sum(c.not_returned for c in self.classes)


def chase_list(workspace: Workspace, year: int, today: dt.date | None = None) -> ChaseList:
    """Pupils on roll with no consent entry for ``year``, by class (Nursery, Reception, Year 1 ... then others),
    and whether the chase date in Settings has passed."""
    from smgov.data.models import School
    from smgov.data.services import pupils as pupil_service

    today = today or dt.date.today()
    with workspace.read() as session:
        setting = session.scalar(select(School.consent_chase_after).limit(1)) or DEFAULT_CHASE_AFTER
        returned = set(session.scalars(select(ConsentEntry.pupil_id).where(ConsentEntry.academic_year == year)))
        rows = session.execute(
            select(
                Pupil.id,
                Pupil.year_group,
                Pupil.class_name,
                Pupil.legal_first_name,
                Pupil.preferred_first_name,
                Pupil.legal_last_name,
            ).where(Pupil.on_roll.is_(True))
        ).all()
    groups: dict[tuple[str, str], list[tuple[int, str, str, bool]]] = {}
    for pupil_id, year_group, class_name, legal, preferred, last in rows:
        name = f"{preferred or legal} {last}".strip()
        groups.setdefault((year_group, class_name), []).append((pupil_id, name, last.casefold(), pupil_id in returned))
    classes = []
    for (year_group, class_name), members in sorted(
        groups.items(), key=lambda g: (pupil_service.year_order(g[0][0]), g[0][0], g[0][1])
    ):
        missing = sorted((m for m in members if not m[3]), key=lambda m: (m[2], m[1]))
        if missing:
            classes.append(
                ChaseClass(year_group, class_name, len(members), len(members) - len(missing), [m[:2] for m in missing])
            )
    start = chase_date(year, setting)
    return ChaseList(year, start, today >= start, classes)


# -- the register grid --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentGrid:
    """Every pupil x every active purpose for a year on a date: ``cells[pupil id]`` is a tuple of Standings in the
    order of ``purposes``."""

    academic_year: int
    on: dt.date
    purposes: list[PurposeRow]
    pupil_ids: list[int]  # in school order (year group, class, surname)
    cells: dict[int, tuple[Standing, ...]]
    counts: dict[int, dict[ConsentStatus, int]]  # purpose id -> status -> pupils
    totals: dict[ConsentStatus, int]  # status -> cells

    def standing(self, pupil_id: int, purpose_id: int) -> Standing:
        index = next(i for i, p in enumerate(self.purposes) if p.id == purpose_id)
        return self.cells[pupil_id][index]


def grid(workspace: Workspace, year: int, on: dt.date, *, include_off_roll: bool = False) -> ConsentGrid:
    """The register view's grid: one query of the year's entries folded in Python. ``on`` is kept within the
    year (before 1 September shows the year as it will start; after 31 August, as it ended)."""
    start, end = year_bounds(year)
    on = min(max(on, start), end)
    with workspace.read() as session:
        active = _purposes(session)
        query = select(Pupil.id, Pupil.year_group, Pupil.class_name, Pupil.legal_last_name, Pupil.legal_first_name)
        if not include_off_roll:
            query = query.where(Pupil.on_roll.is_(True))
        register = list(session.execute(query).all())
        found = _fold(session.execute(_entries_query(year)), on)
    from smgov.data.services.pupils import year_order

    register.sort(key=lambda r: (year_order(r[1]), r[1], r[2], r[3].casefold(), r[4].casefold(), r[0]))
    counts: dict[int, dict[ConsentStatus, int]] = {p.id: dict.fromkeys(ConsentStatus, 0) for p in active}
    totals = dict.fromkeys(ConsentStatus, 0)
    cells: dict[int, tuple[Standing, ...]] = {}
    for row in register:
        mine = found.get(row[0], {})
        line = tuple(mine.get(p.id, NOT_RETURNED) for p in active)
        cells[row[0]] = line
        for purpose, standing in zip(active, line, strict=True):
            counts[purpose.id][standing.status] += 1
            totals[standing.status] += 1
    return ConsentGrid(year, on, active, [r[0] for r in register], cells, counts, totals)
