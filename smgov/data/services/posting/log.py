"""The publication log: log a post with each pupil's verdict on the day (refused without an override), list the
log and read one post with its pupils and takedowns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import Account, PostMedia, Publication, PublicationPupil, Pupil, Takedown, TakedownState
from smgov.data.operators import actor_name
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.posting.check import CheckResult, check_in, find_pupils, verdicts_on
from smgov.data.services.posting.purposes import needed_purposes
from smgov.data.services.posting.takedowns import MAX_REASON, TakedownRow, takedown_rows
from smgov.data.services.posting.wording import day_text, plural, pupil_reference, short_name
from smgov.data.validation import check_text
from smgov.data.workspace import Workspace

MAX_CAPTION = 5000
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class PostPupil:
    pupil_id: int
    reference: str
    short_name: str
    verdict: str  # as the check gave it on the day it was posted


@dataclass(frozen=True)
class PostRow:
    id: int
    posted_on: dt.date
    media: PostMedia
    account_id: int | None
    account_reference: str  # "" when the account has been deleted
    account_name: str
    url: str
    caption: str
    description: str
    pupils: int
    refused: int  # pupils logged with a "no" verdict (posted with an override)
    open_takedowns: int
    recorded_by: str


@dataclass(frozen=True)
class PostDetails:
    row: PostRow
    pupils: list[PostPupil]
    takedowns: list[TakedownRow]


OVERRIDE_NOTE = " (logged with an override)"


def log_post(
    workspace: Workspace,
    account_id: int,
    posted_on: dt.date,
    media: PostMedia,
    url: str,
    caption: str,
    pupil_ids: Sequence[int],
    description: str = "",
    *,
    override: str = "",
    today: dt.date | None = None,
) -> int:
    """Log a post showing ``pupil_ids`` (one unit of work), with each pupil's verdict on the day it was posted.

    A post showing a pupil who may not be shown, or whose caption gives a pupil's full name, is refused unless
    ``override`` says why it is being logged anyway (kept in the audit log). A pupil whose consent has been
    withdrawn since the post was made gets a takedown straight away. Returns the post's id."""
    from smgov.data.services.accounts import check_url

    today = today or dt.date.today()
    if posted_on > today:
        raise ValidationError("The date it was posted cannot be in the future.", field="posted_on")
    url = check_url(url, None, field="url")
    caption = check_text(caption, "caption", "caption", required=False, limit=MAX_CAPTION)
    description = check_text(description, "description", "description", required=False, limit=MAX_DESCRIPTION)
    override = check_text(override, "override", "reason", required=False, limit=MAX_REASON)
    with workspace.write() as session:
        result = check_in(session, pupil_ids, media, account_id, posted_on, caption)
        if not result.may_post and not override:
            problems = []
            if result.refused:
                problems.append(f"{plural(len(result.refused), 'pupil')} may not be shown")
            if result.named_in_caption:
                problems.append("the caption gives a pupil's full name")
            raise ValidationError(
                "This post cannot be logged: " + " and ".join(problems) + ". Give the reason to log it anyway.",
                field="override",
            )
        post = Publication(
            account_id=account_id,
            posted_on=posted_on,
            media=media,
            url=url,
            caption=caption,
            description=description,
            recorded_by=actor_name(session),
        )
        session.add(post)
        session.flush()
        for verdict in result.verdicts:
            text = verdict.text + (OVERRIDE_NOTE if not verdict.verdict.allows else "")
            session.add(PublicationPupil(publication_id=post.id, pupil_id=verdict.pupil_id, verdict=text))
        opened = _takedowns_since(session, post, result, today)
        summary = (
            f"{media.label} on {result.account_reference}, posted {day_text(posted_on)}, "
            f"showing {plural(len(result.verdicts), 'pupil')}"
        )
        if opened:
            summary += f"; {plural(opened, 'takedown')} opened (consent withdrawn since)"
        if override and not result.may_post:
            summary += f". Logged with an override ({len(result.refused)} may not be shown"
            summary += f", caption names {len(result.named_in_caption)} in full" if result.named_in_caption else ""
            summary += f"): {override}"
        audit.record(session, AuditAction.PUBLICATION_LOG, "publication", post.id, summary)
        return post.id


def _takedowns_since(session: Session, post: Publication, result: CheckResult, today: dt.date) -> int:
    """Takedowns for pupils who could be shown when it was posted but whose consent was withdrawn since."""
    if today <= post.posted_on:
        return 0
    shown = [v.pupil_id for v in result.verdicts if v.verdict.allows]
    if not shown:
        return 0
    account = session.get(Account, post.account_id) if post.account_id is not None else None
    needs = needed_purposes(session, account.platform if account else None, post.media)
    pupils = [p for p in find_pupils(session, shown)]
    count = 0
    for now in verdicts_on(session, pupils, needs, today):
        since = now.blocking_since
        if now.blocking_entry_id is not None and since is not None and since > post.posted_on:
            session.add(Takedown(publication_id=post.id, pupil_id=now.pupil_id, entry_id=now.blocking_entry_id))
            count += 1
    return count


def _post_rows(session: Session, posts: Sequence[Publication]) -> list[PostRow]:
    ids = [p.id for p in posts]
    if not ids:
        return []
    counts: dict[int, list[int]] = {i: [0, 0] for i in ids}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for publication_id, verdict in session.execute(
            select(PublicationPupil.publication_id, PublicationPupil.verdict).where(
                PublicationPupil.publication_id.in_(chunk)
            )
        ):
            counts[publication_id][0] += 1
            counts[publication_id][1] += verdict.startswith("no")
    open_counts: dict[int, int] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        open_counts.update(
            session.execute(
                select(Takedown.publication_id, func.count())
                .where(Takedown.publication_id.in_(chunk), Takedown.state == TakedownState.OPEN)
                .group_by(Takedown.publication_id)
            ).all()
        )
    accounts = {a.id: a for a in session.scalars(select(Account))}
    rows = []
    for post in posts:
        account = accounts.get(post.account_id) if post.account_id is not None else None
        rows.append(
            PostRow(
                post.id,
                post.posted_on,
                post.media,
                post.account_id,
                format_reference(RecordKind.ACCOUNT, account.id) if account else "",
                (account.name or account.handle) if account else "(account deleted)",
                post.url,
                post.caption,
                post.description,
                counts[post.id][0],
                counts[post.id][1],
                open_counts.get(post.id, 0),
                post.recorded_by,
            )
        )
    return rows


def list_posts(
    workspace: Workspace,
    *,
    account_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    pupil_id: int | None = None,
) -> list[PostRow]:
    """The publication log, newest first, filtered by account, posting dates (inclusive) and a pupil shown."""
    query = select(Publication).order_by(Publication.posted_on.desc(), Publication.id.desc())
    if account_id is not None:
        query = query.where(Publication.account_id == account_id)
    if start is not None:
        query = query.where(Publication.posted_on >= start)
    if end is not None:
        query = query.where(Publication.posted_on <= end)
    if pupil_id is not None:
        query = query.where(
            Publication.id.in_(select(PublicationPupil.publication_id).where(PublicationPupil.pupil_id == pupil_id))
        )
    with workspace.read() as session:
        return _post_rows(session, session.scalars(query).all())


def get_post(workspace: Workspace, post_id: int) -> PostDetails:
    with workspace.read() as session:
        post = session.get(Publication, post_id)
        if post is None:
            raise ValidationError("That post is not in the publication log.", field="post")
        (row,) = _post_rows(session, [post])
        shown = session.execute(
            select(PublicationPupil.verdict, Pupil)
            .join(Pupil, Pupil.id == PublicationPupil.pupil_id)
            .where(PublicationPupil.publication_id == post_id)
            .order_by(Pupil.class_name, Pupil.legal_last_name, Pupil.id)
        ).all()
        pupils = [PostPupil(p.id, pupil_reference(p), short_name(p), verdict) for verdict, p in shown]
        takedowns = takedown_rows(session, select(Takedown).where(Takedown.publication_id == post_id))
        return PostDetails(row, pupils, takedowns)
