"""Takedowns: a withdrawal, or an amendment that takes consent away, opens one for every logged post showing the
pupil that the new consent no longer allows; each is removed where practicable, or marked not practicable with why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import (
    Account,
    ConsentEntry,
    PostMedia,
    Publication,
    PublicationPupil,
    Pupil,
    Takedown,
    TakedownState,
)
from smgov.data.models.accounts import Platform
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.posting.purposes import WEBSITE_PLATFORMS, Need, needed_purposes
from smgov.data.services.posting.wording import day_text, pupil_reference, short_name
from smgov.data.validation import check_text
from smgov.data.workspace import Workspace

MAX_REASON = 1000


@dataclass(frozen=True)
class TakedownRow:
    id: int
    state: TakedownState
    publication_id: int
    posted_on: dt.date
    media: PostMedia
    url: str
    account_id: int | None
    account_reference: str
    account_name: str
    pupil_id: int
    pupil_reference: str
    pupil_short_name: str
    withdrawn_on: dt.date  # when the withdrawal (or amendment) took effect
    entry_id: int
    done_on: dt.date | None
    note: str
    created_at: dt.datetime = field(compare=False)


def takedown_rows(session: Session, query: Select[Takedown]) -> list[TakedownRow]:
    takedowns = session.scalars(query).all()
    if not takedowns:
        return []
    posts = {
        p.id: p
        for p in session.scalars(select(Publication).where(Publication.id.in_({t.publication_id for t in takedowns})))
    }
    pupils = {p.id: p for p in session.scalars(select(Pupil).where(Pupil.id.in_({t.pupil_id for t in takedowns})))}
    effective = dict(
        session.execute(
            select(ConsentEntry.id, ConsentEntry.effective_on).where(
                ConsentEntry.id.in_({t.entry_id for t in takedowns})
            )
        ).all()
    )
    accounts = {a.id: a for a in session.scalars(select(Account))}
    rows = []
    for t in takedowns:
        post, pupil = posts[t.publication_id], pupils[t.pupil_id]
        account = accounts.get(post.account_id) if post.account_id is not None else None
        rows.append(
            TakedownRow(
                t.id,
                t.state,
                post.id,
                post.posted_on,
                post.media,
                post.url,
                post.account_id,
                format_reference(RecordKind.ACCOUNT, account.id) if account else "",
                (account.name or account.handle) if account else "(account deleted)",
                pupil.id,
                pupil_reference(pupil),
                short_name(pupil),
                effective[t.entry_id],
                t.entry_id,
                t.done_on,
                t.note,
                t.created_at,
            )
        )
    return sorted(rows, key=lambda r: (r.state is not TakedownState.OPEN, r.withdrawn_on, r.posted_on, r.id))


def list_takedowns(workspace: Workspace, *, open_only: bool = True) -> list[TakedownRow]:
    """Takedowns (open ones unless asked for all): open first, oldest withdrawal first."""
    query = select(Takedown)
    if open_only:
        query = query.where(Takedown.state == TakedownState.OPEN)
    with workspace.read() as session:
        return takedown_rows(session, query)


def _takedown(session: Session, takedown_id: int) -> Takedown:
    takedown = session.get(Takedown, takedown_id)
    if takedown is None:
        raise ValidationError("That takedown is not in the workspace.", field="takedown")
    return takedown


def mark_removed(
    workspace: Workspace, takedown_id: int, on: dt.date, note: str = "", *, today: dt.date | None = None
) -> None:
    """The post was taken down (or the pupil cropped or blurred out) on ``on``. A takedown once marked not
    practicable can still be marked removed later."""
    today = today or dt.date.today()
    note = check_text(note, "note", "note", required=False, limit=MAX_REASON)
    if on > today:
        raise ValidationError("The date it was removed cannot be in the future.", field="on")
    with workspace.write() as session:
        takedown = _takedown(session, takedown_id)
        if takedown.state is TakedownState.REMOVED:
            raise ValidationError(f"That post was already marked removed on {day_text(takedown.done_on or on)}.")
        post = session.get(Publication, takedown.publication_id)
        if post is not None and on < post.posted_on:
            raise ValidationError(f"It cannot be removed before it was posted ({day_text(post.posted_on)}).", "on")
        takedown.state, takedown.done_on, takedown.note = TakedownState.REMOVED, on, note
        audit.record(
            session,
            AuditAction.TAKEDOWN_UPDATE,
            "takedown",
            takedown.id,
            f"Post {takedown.publication_id} marked removed on {day_text(on)}",
        )


def mark_not_practicable(workspace: Workspace, takedown_id: int, why: str, *, today: dt.date | None = None) -> None:
    """Removing the post is not practicable (printed, shared on, no longer in the school's control): say why."""
    why = check_text(why, "why", "reason it is not practicable", required=True, limit=MAX_REASON)
    with workspace.write() as session:
        takedown = _takedown(session, takedown_id)
        if takedown.state is not TakedownState.OPEN:
            raise ValidationError(f"That takedown is already marked {takedown.state.label.lower()}.")
        takedown.state, takedown.done_on, takedown.note = (
            TakedownState.NOT_PRACTICABLE,
            today or dt.date.today(),
            why,
        )
        audit.record(
            session,
            AuditAction.TAKEDOWN_UPDATE,
            "takedown",
            takedown.id,
            f"Post {takedown.publication_id}: removal marked not practicable",
        )


def open_takedowns(session: Session, pupil_id: int, entries: Sequence[ConsentEntry]) -> list[Takedown]:
    """Open a takedown for each logged post showing ``pupil_id`` that ``entries`` (just added) no longer allow.

    A post needs the purposes the package's rule gives for its account and media; one takedown per post and pupil
    stays open until it is done. Called by consent.record_consent inside its unit of work."""
    from smgov.data.services.consent import _purposes

    refused = {e.purpose_id: e for e in entries if not e.status.allows}
    if not refused:
        return []
    if not any(p.id in refused for p in _purposes(session, include_retired=True)):
        return []
    already = set(
        session.scalars(
            select(Takedown.publication_id).where(Takedown.pupil_id == pupil_id, Takedown.state == TakedownState.OPEN)
        )
    )
    posts = session.execute(
        select(Publication.id, Publication.media, Account.platform)
        .join(PublicationPupil, PublicationPupil.publication_id == Publication.id)
        .outerjoin(Account, Account.id == Publication.account_id)
        .where(PublicationPupil.pupil_id == pupil_id)
        .order_by(Publication.posted_on, Publication.id)
    ).all()
    needs: dict[tuple[Platform | None, PostMedia], list[Need]] = {}
    opened = []
    for publication_id, media, platform in posts:
        key = (Platform.BLOG if platform in WEBSITE_PLATFORMS else None, media)
        if key not in needs:
            needs[key] = needed_purposes(session, key[0], media)
        cause = next((refused[n.id] for n in needs[key] if n.id in refused), None)
        if cause is None or publication_id in already:
            continue
        takedown = Takedown(publication_id=publication_id, pupil_id=pupil_id, entry_id=cause.id)
        session.add(takedown)
        opened.append(takedown)
        already.add(publication_id)
    return opened
