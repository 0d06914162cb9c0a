"""The check before posting ("Can I post this?"): a verdict per pupil for a post on an account on a day, the
caption's full names, one answer; and the pupils on roll in a class, to check a class at once."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.errors import ValidationError
from smgov.data.models import Account, AccountStatus, PostMedia, Pupil
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.posting.caption import NamedPupil, caption_names
from smgov.data.services.posting.purposes import Need, needed_purposes
from smgov.data.services.posting.wording import day_text, lower_first, plural, pupil_reference, short_name
from smgov.data.workspace import Workspace

POSTING_STATUSES = frozenset({AccountStatus.ACTIVE, AccountStatus.APPROVED})


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
                parts.append(f"{len(self.refused)} of {plural(total, 'pupil')} may not be shown")
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


def verdicts_on(session: Session, pupils: Sequence[Pupil], needs: Sequence[Need], on: dt.date) -> list[PupilVerdict]:
    from smgov.data.services.consent import NOT_RETURNED, academic_year_of, standings, year_label

    found = standings(session, [p.id for p in pupils], on)
    year = year_label(academic_year_of(on))
    several = len(needs) > 1
    out = []
    for pupil in pupils:
        base = (pupil.id, pupil_reference(pupil), short_name(pupil), pupil.class_name)
        if pupil.never_publish:
            out.append(PupilVerdict(*base, Verdict.NO, "never publish (reason not shown)"))
            continue
        if not pupil.on_roll:
            since = f" since {day_text(pupil.off_roll_on)}" if pupil.off_roll_on else ""
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
            what = lower_first(need.label)
            if standing.entry_id is None:
                reasons.append(f"{what}: not returned for {year}" if several else f"not returned for {year}")
            elif not standing.allows:
                assert standing.effective_on is not None
                reasons.append(f"consent for {what} was refused on {day_text(standing.effective_on)}")
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


def find_account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise ValidationError(
            f"{format_reference(RecordKind.ACCOUNT, account_id)} is not on the account register.", field="account"
        )
    return account


def find_pupils(session: Session, pupil_ids: Sequence[int]) -> list[Pupil]:
    wanted = list(dict.fromkeys(pupil_ids))
    if not wanted:
        raise ValidationError("Choose at least one pupil.", field="pupils")
    found = {p.id: p for p in session.scalars(select(Pupil).where(Pupil.id.in_(wanted)))}
    if len(found) < len(wanted):
        raise ValidationError("One of the pupils is not on the register.", field="pupils")
    return [found[i] for i in wanted]


def check_in(
    session: Session, pupil_ids: Sequence[int], media: PostMedia, account_id: int, on: dt.date, caption: str
) -> CheckResult:
    account = find_account(session, account_id)
    chosen = find_pupils(session, pupil_ids)
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
        verdicts=tuple(verdicts_on(session, chosen, needs, on)),
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
        return check_in(session, pupil_ids, media, account_id, on or dt.date.today(), caption)


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
