"""Before and after posting: "Can I post this?", the caption check, the publication log and takedowns.

Which consent a post needs (the rule the check, the log and takedowns all follow):

- a post on an account whose platform is ``Platform.BLOG`` is on the school's own web pages, so it needs the
  active "website" purpose (key ``website``) when there is one;
- a post on any other account (Facebook, Instagram, X, YouTube...) needs every active purpose marked
  ``social_media`` that covers its media: "Social media photos" for a photo, "Social media videos" for a video
  (a purpose for "both" is needed by either);
- with no active purpose that covers the post, nobody may be shown (the school has retired the purposes: Settings).

A pupil may be shown when every purpose needed allows it on the day (granted, or granted with restrictions: the
restrictions are shown); a pupil flagged "never publish" or off roll never may. Not returned counts as refused.

A withdrawal, or an amendment that takes consent away, opens a takedown for every logged post showing the pupil
that the new consent no longer allows: to be removed where practicable, or marked not practicable with why.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import (
    Account,
    AccountStatus,
    ConsentEntry,
    PostMedia,
    Publication,
    PublicationPupil,
    Pupil,
    Takedown,
    TakedownState,
)
from smgov.data.models.accounts import Platform
from smgov.data.operators import actor_name
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.attention import AttentionItem, Urgency
from smgov.data.validation import check_text
from smgov.data.workspace import Workspace

SECTION = "consent"  # the navigation section the dashboard's items open
WEBSITE_PURPOSE = "website"
WEBSITE_PLATFORMS = frozenset({Platform.BLOG})
MAX_CAPTION = 5000
MAX_DESCRIPTION = 2000
MAX_REASON = 1000
POSTING_STATUSES = frozenset({AccountStatus.ACTIVE, AccountStatus.APPROVED})


def _date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _lower_first(label: str) -> str:
    """ "Social media videos" -> "social media videos" (an acronym such as "PE" stays)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


# -- which consent a post needs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """A purpose a post needs: its id and what the verdicts call it."""

    id: int
    label: str


def needed_purposes(session: Session, platform: Platform | None, media: PostMedia) -> list[Need]:
    """The purposes a post of ``media`` on an account of ``platform`` needs (the rule in the module's docstring).
    ``platform`` None (an account since deleted) is treated as social media."""
    from smgov.data.services.consent import _purposes

    active = _purposes(session)
    if platform in WEBSITE_PLATFORMS:
        website = [p for p in active if p.key == WEBSITE_PURPOSE and p.covers(media.value)]
        if website:
            return [Need(p.id, p.label) for p in website]
    return [Need(p.id, p.label) for p in active if p.social_media and p.covers(media.value)]


# -- the verdicts -------------------------------------------------------------------------------------------------


class Verdict(enum.StrEnum):
    YES = "yes"
    RESTRICTED = "restricted"  # yes, within the restrictions shown
    NO = "no"

    @property
    def label(self) -> str:
        return {"yes": "Yes", "restricted": "Yes, with restrictions", "no": "No"}[self.value]

    @property
    def allows(self) -> bool:
        return self is not Verdict.NO


@dataclass(frozen=True)
class PupilVerdict:
    """Whether one pupil may be shown, and why in words (never the reason for "never publish")."""

    pupil_id: int
    reference: str  # admission number, else UPN
    short_name: str  # first name and the initial of the surname: "Oisín K."
    class_name: str
    verdict: Verdict
    reason: str = ""  # for no: "consent for social media videos was refused on 03/11/2026"
    restrictions: tuple[str, ...] = ()
    blocking_entry_id: int | None = None  # the refusal or withdrawal behind a no, when there is one
    blocking_since: dt.date | None = None

    @property
    def text(self) -> str:
        """ "yes", "yes, with restrictions: first name only", "no: not returned for 2026-27"."""
        if self.verdict is Verdict.NO:
            return f"no: {self.reason}"
        if self.verdict is Verdict.RESTRICTED:
            return "yes, with restrictions: " + "; ".join(self.restrictions)
        return "yes"


@dataclass(frozen=True)
class NamedPupil:
    """A pupil whose full name the caption gives."""

    pupil_id: int
    reference: str
    short_name: str
    chosen: bool  # one of the pupils in the post


@dataclass(frozen=True)
class CheckResult:
    on: dt.date
    media: PostMedia
    account_id: int
    account_reference: str
    account_name: str
    needs: tuple[str, ...]  # the purposes checked, as labelled
    verdicts: tuple[PupilVerdict, ...]
    named_in_caption: tuple[NamedPupil, ...] = ()
    account_warning: str = ""  # e.g. the account is closed (does not change the verdicts)

    @property
    def refused(self) -> list[PupilVerdict]:
        return [v for v in self.verdicts if v.verdict is Verdict.NO]

    @property
    def restricted(self) -> list[PupilVerdict]:
        return [v for v in self.verdicts if v.verdict is Verdict.RESTRICTED]

    @property
    def may_post(self) -> bool:
        """Every pupil may be shown and the caption names nobody in full."""
        return not self.refused and not self.named_in_caption

    @property
    def answer(self) -> Verdict:
        if not self.may_post:
            return Verdict.NO
        return Verdict.RESTRICTED if self.restricted else Verdict.YES

    @property
    def summary(self) -> str:
        """The one overall answer, in words."""
        total = len(self.verdicts)
        if not self.may_post:
            parts = []
            if self.refused:
                parts.append(f"{len(self.refused)} of {_plural(total, 'pupil')} may not be shown")
            count = len(self.named_in_caption)
            if count:
                parts.append(
                    "the caption gives a pupil's full name"
                    if count == 1
                    else f"the caption gives {count} pupils' full names"
                )
            return "No: " + " and ".join(parts) + "."
        if self.restricted:
            listed = ", ".join(f"{v.short_name} ({'; '.join(v.restrictions)})" for v in self.restricted)
            return f"Yes, with restrictions: {listed}."
        return "Yes: the pupil may be shown." if total == 1 else f"Yes: all {total} pupils may be shown."


_SPECIAL = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae"})
_SPECIAL.update(str.maketrans({"œ": "oe", "Œ": "oe", "ð": "d", "þ": "th", "ı": "i"}))
_NOT_WORD = re.compile(r"[\W_]+")


def fold_words(text: str) -> str:
    """``text`` as lower-case words without accents, one space between, padded with a space each side:
    "Oisín O'Brien-Khan" -> " oisin o brien khan "."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = [w for w in _NOT_WORD.split(plain) if w]
    return " " + " ".join(words) + " " if words else " "


def _short_name(pupil: Pupil) -> str:
    first = pupil.preferred_first_name or pupil.legal_first_name
    initial = pupil.legal_last_name.strip()[:1]
    return f"{first} {initial}.".strip() if initial else first


def _reference(pupil: Pupil) -> str:
    return pupil.admission_number or pupil.upn or f"pupil {pupil.id}"


def _full_names(first_names: Iterable[str], last: str) -> list[str]:
    """The folded phrases that name a pupil in full: each first name with the surname, either way round."""
    surname = fold_words(last).strip()
    if not surname:
        return []
    phrases = []
    for first in first_names:
        given = fold_words(first).strip()
        if given:
            phrases += [f" {given} {surname} ", f" {surname} {given} "]
    return phrases


# The pupils' full names, folded, by the first word of the surname: built once per file and kept while the pupil
# table is unchanged (its count, highest id and latest change), so a caption is checked against 10,000 pupils fast.
_NameIndex = dict[str, list[tuple[int, tuple[str, ...], bool]]]
_NAME_INDEX: weakref.WeakKeyDictionary[object, tuple[tuple[object, ...], _NameIndex]] = weakref.WeakKeyDictionary()


def _name_index(session: Session) -> _NameIndex:
    signature = tuple(
        session.execute(select(func.count(Pupil.id), func.max(Pupil.id), func.max(Pupil.updated_at))).one()
    )
    bind = session.get_bind()
    cached = _NAME_INDEX.get(bind)
    if cached is not None and cached[0] == signature:
        return cached[1]
    index: _NameIndex = {}
    query = select(Pupil.id, Pupil.legal_first_name, Pupil.preferred_first_name, Pupil.legal_last_name, Pupil.on_roll)
    for pupil_id, legal, preferred, last, on_roll in session.execute(query):
        phrases = _full_names({legal, preferred}, last)
        if phrases:  # under the surname's first word: every full name holds it
            index.setdefault(fold_words(last).split()[0], []).append((pupil_id, tuple(phrases), on_roll))
    _NAME_INDEX[bind] = (signature, index)
    return index


def prepare_caption_check(workspace: Workspace) -> None:
    """Fold every pupil's name now (the GUI calls this off the UI thread when the check dialog opens), so the first
    caption checked is as quick as the rest."""
    with workspace.read() as session:
        _name_index(session)


def caption_names(session: Session, caption: str, chosen: Sequence[int] = ()) -> list[NamedPupil]:
    """Pupils (on roll, and the ``chosen`` ones whatever their roll) whose full name the caption gives: the legal
    or preferred first name with the surname, in either order ("Khan, Oisín"), whole words, ignoring case and
    accents. A first name alone is fine."""
    folded = fold_words(caption)
    if not folded.strip():
        return []
    chosen_ids = set(chosen)
    index = _name_index(session)
    named: set[int] = set()
    for word in set(folded.split()):
        for pupil_id, phrases, on_roll in index.get(word, ()):
            if (on_roll or pupil_id in chosen_ids) and any(phrase in folded for phrase in phrases):
                named.add(pupil_id)
    if not named:
        return []
    rows = session.scalars(select(Pupil).where(Pupil.id.in_(named))).all()
    ordered = sorted(rows, key=lambda p: (p.id not in chosen_ids, p.class_name, p.legal_last_name.casefold()))
    return [NamedPupil(p.id, _reference(p), _short_name(p), p.id in chosen_ids) for p in ordered]


def _verdicts(session: Session, pupils: Sequence[Pupil], needs: Sequence[Need], on: dt.date) -> list[PupilVerdict]:
    from smgov.data.services.consent import NOT_RETURNED, academic_year_of, standings, year_label

    found = standings(session, [p.id for p in pupils], on)
    year = year_label(academic_year_of(on))
    several = len(needs) > 1
    out = []
    for pupil in pupils:
        base = (pupil.id, _reference(pupil), _short_name(pupil), pupil.class_name)
        if pupil.never_publish:
            out.append(PupilVerdict(*base, Verdict.NO, "never publish (reason not shown)"))
            continue
        if not pupil.on_roll:
            since = f" since {_date(pupil.off_roll_on)}" if pupil.off_roll_on else ""
            out.append(PupilVerdict(*base, Verdict.NO, f"off roll{since}"))
            continue
        if not needs:
            out.append(PupilVerdict(*base, Verdict.NO, "no consent purpose covers this post (see Settings)"))
            continue
        mine = found.get(pupil.id, {})
        reasons: list[str] = []
        restrictions: list[str] = []
        blocking: tuple[int | None, dt.date | None] = (None, None)
        for need in needs:
            standing = mine.get(need.id, NOT_RETURNED)
            what = _lower_first(need.label)
            if standing.entry_id is None:
                reasons.append(f"{what}: not returned for {year}" if several else f"not returned for {year}")
            elif not standing.allows:
                assert standing.effective_on is not None
                reasons.append(f"consent for {what} was refused on {_date(standing.effective_on)}")
                if blocking[0] is None:
                    blocking = (standing.entry_id, standing.effective_on)
            elif standing.restriction:
                restrictions.append(f"{what}: {standing.restriction}" if several else standing.restriction)
        if reasons:
            out.append(PupilVerdict(*base, Verdict.NO, "; ".join(reasons), (), *blocking))
        elif restrictions:
            out.append(PupilVerdict(*base, Verdict.RESTRICTED, "", tuple(restrictions)))
        else:
            out.append(PupilVerdict(*base, Verdict.YES))
    return out


def _account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise ValidationError(
            f"{format_reference(RecordKind.ACCOUNT, account_id)} is not on the account register.", field="account"
        )
    return account


def _pupils(session: Session, pupil_ids: Sequence[int]) -> list[Pupil]:
    wanted = list(dict.fromkeys(pupil_ids))
    if not wanted:
        raise ValidationError("Choose at least one pupil.", field="pupils")
    found = {p.id: p for p in session.scalars(select(Pupil).where(Pupil.id.in_(wanted)))}
    if len(found) < len(wanted):
        raise ValidationError("One of the pupils is not on the register.", field="pupils")
    return [found[i] for i in wanted]


def _check(
    session: Session, pupil_ids: Sequence[int], media: PostMedia, account_id: int, on: dt.date, caption: str
) -> CheckResult:
    account = _account(session, account_id)
    chosen = _pupils(session, pupil_ids)
    needs = needed_purposes(session, account.platform, media)
    reference = format_reference(RecordKind.ACCOUNT, account.id)
    warning = ""
    if account.status not in POSTING_STATUSES:
        warning = f"{reference} is {account.status.label.lower()}, not an account in use: post only from one in use."
    return CheckResult(
        on=on,
        media=media,
        account_id=account.id,
        account_reference=reference,
        account_name=account.name or account.handle,
        needs=tuple(n.label for n in needs),
        verdicts=tuple(_verdicts(session, chosen, needs, on)),
        named_in_caption=tuple(caption_names(session, caption, [p.id for p in chosen])),
        account_warning=warning,
    )


def check(
    workspace: Workspace,
    pupil_ids: Sequence[int],
    media: PostMedia,
    account_id: int,
    on: dt.date | None = None,
    caption: str = "",
) -> CheckResult:
    """ "Can I post this?": a verdict per pupil on ``on`` (default today), the caption's full names, one answer."""
    with workspace.read() as session:
        return _check(session, pupil_ids, media, account_id, on or dt.date.today(), caption)


def pupils_in_class(workspace: Workspace, class_name: str) -> list[int]:
    """The pupils on roll in a class (its name as the MIS gives it, any case), in name order."""
    wanted = " ".join(class_name.split()).casefold()
    if not wanted:
        raise ValidationError("Give the class name.", field="class")
    with workspace.read() as session:
        rows = session.execute(
            select(Pupil.id, Pupil.class_name, Pupil.legal_last_name, Pupil.legal_first_name).where(
                Pupil.on_roll.is_(True)
            )
        ).all()
    found = sorted(
        (r for r in rows if " ".join(r[1].split()).casefold() == wanted), key=lambda r: (r[2].casefold(), r[3])
    )
    if not found:
        raise ValidationError(f"No pupils on roll are in a class called {class_name.strip()[:40]}.", field="class")
    return [r[0] for r in found]


# -- the publication log ------------------------------------------------------------------------------------------


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
        result = _check(session, pupil_ids, media, account_id, posted_on, caption)
        if not result.may_post and not override:
            problems = []
            if result.refused:
                problems.append(f"{_plural(len(result.refused), 'pupil')} may not be shown")
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
            f"{media.label} on {result.account_reference}, posted {_date(posted_on)}, "
            f"showing {_plural(len(result.verdicts), 'pupil')}"
        )
        if opened:
            summary += f"; {_plural(opened, 'takedown')} opened (consent withdrawn since)"
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
    pupils = [p for p in _pupils(session, shown)]
    count = 0
    for now in _verdicts(session, pupils, needs, today):
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
        pupils = [PostPupil(p.id, _reference(p), _short_name(p), verdict) for verdict, p in shown]
        takedowns = _takedown_rows(session, select(Takedown).where(Takedown.publication_id == post_id))
        return PostDetails(row, pupils, takedowns)


# -- takedowns ----------------------------------------------------------------------------------------------------


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


def _takedown_rows(session: Session, query: Select[Takedown]) -> list[TakedownRow]:
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
                _reference(pupil),
                _short_name(pupil),
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
        return _takedown_rows(session, query)


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
            raise ValidationError(f"That post was already marked removed on {_date(takedown.done_on or on)}.")
        post = session.get(Publication, takedown.publication_id)
        if post is not None and on < post.posted_on:
            raise ValidationError(f"It cannot be removed before it was posted ({_date(post.posted_on)}).", "on")
        takedown.state, takedown.done_on, takedown.note = TakedownState.REMOVED, on, note
        audit.record(
            session,
            AuditAction.TAKEDOWN_UPDATE,
            "takedown",
            takedown.id,
            f"Post {takedown.publication_id} marked removed on {_date(on)}",
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

    A post needs the purposes the module's rule gives for its account and media; one takedown per post and pupil
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


# -- the dashboard ------------------------------------------------------------------------------------------------


def takedown_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    """One item per withdrawal (pupil and date it took effect) with posts still to take down."""
    groups: dict[tuple[int, dt.date], list[TakedownRow]] = {}
    for row in list_takedowns(workspace):
        groups.setdefault((row.pupil_id, row.withdrawn_on), []).append(row)
    items = []
    for (_, withdrawn_on), rows in sorted(groups.items(), key=lambda kv: kv[0][1]):
        first = rows[0]
        items.append(
            AttentionItem(
                Urgency.OVERDUE if (today - withdrawn_on).days > 7 else Urgency.TO_DO,
                f"Posts to take down: consent withdrawn {_date(withdrawn_on)} (pupil {first.pupil_reference})",
                f"{_plural(len(rows), 'logged post')} still {'shows' if len(rows) == 1 else 'show'} this pupil: "
                "remove them where practicable, or record why not.",
                SECTION,
                f"takedowns-{first.pupil_id}",
                withdrawn_on,
                kind="Posts to take down",
            )
        )
    return items


def _has_pupils_on_roll(session: Session) -> bool:
    return session.scalar(select(Pupil.id).where(Pupil.on_roll.is_(True)).limit(1)) is not None


def rollover_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    """From 1 September: the new academic year has no returns yet, so everyone counts as not returned."""
    from smgov.data.services.consent import academic_year_of, year_label

    year = academic_year_of(today)
    with workspace.read() as session:
        if not _has_pupils_on_roll(session):
            return []
        if session.scalar(select(ConsentEntry.id).where(ConsentEntry.academic_year == year).limit(1)) is not None:
            return []
    start = dt.date(year, 9, 1)
    return [
        AttentionItem(
            Urgency.TO_DO,
            f"{year_label(year)} consent forms: none returned yet — send the forms home",
            "Until a pupil's form comes back, their photo and video consent counts as refused. "
            "The chase list shows who has not returned one.",
            SECTION,
            "chase-list",
            start,
        )
    ]


def chase_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    """From the chase date in Settings: one item per class with pupils on roll whose form for this year is not
    returned (consent.chase_list). Nothing before any form is back: the year-rollover item says that."""
    from smgov.data.services.consent import academic_year_of, chase_list, year_label

    year = academic_year_of(today)
    chase = chase_list(workspace, year, today)
    if not chase.due or _none_returned(workspace, year):
        return []
    return [
        AttentionItem(
            Urgency.OVERDUE,
            f"Consent forms not returned: {c.class_name or c.year_group or '(no class)'}",
            f"{c.not_returned} of {_plural(c.on_roll, 'pupil')} have no {year_label(year)} form back "
            f"(chase from {_date(chase.chase_from)}). Print the chase list.",
            SECTION,
            "chase-list",
            chase.chase_from,
            kind="Consent forms not returned",
        )
        for c in chase.classes
    ]


def _none_returned(workspace: Workspace, year: int) -> bool:
    with workspace.read() as session:
        return session.scalar(select(ConsentEntry.id).where(ConsentEntry.academic_year == year).limit(1)) is None


__all__ = [
    "CheckResult",
    "NamedPupil",
    "PostDetails",
    "PostMedia",
    "PostPupil",
    "PostRow",
    "PupilVerdict",
    "TakedownRow",
    "Verdict",
    "caption_names",
    "chase_check",
    "check",
    "get_post",
    "list_posts",
    "list_takedowns",
    "log_post",
    "mark_not_practicable",
    "mark_removed",
    "needed_purposes",
    "open_takedowns",
    "prepare_caption_check",
    "pupils_in_class",
    "rollover_check",
    "takedown_check",
]
