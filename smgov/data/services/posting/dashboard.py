"""What the dashboard shows for consent and posting: posts to take down, the new year's forms not sent home, and
classes whose forms are not back by the chase date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smgov.data.models import ConsentEntry, Publication, Pupil, Takedown, TakedownState
from smgov.data.services.attention import AttentionItem, Urgency
from smgov.data.services.posting.wording import day_text, plural
from smgov.data.workspace import Workspace

SECTION = "consent"  # the navigation section the dashboard's items open


def takedown_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    """One item per withdrawal (pupil and date it took effect) with posts still to take down, counted by the
    database (the takedown rows list_takedowns gives, grouped; oldest withdrawal first)."""
    with workspace.read() as session:
        groups = session.execute(
            select(
                ConsentEntry.effective_on,
                Pupil.id,
                Pupil.admission_number,
                Pupil.upn,
                func.count(Takedown.id),
            )
            .join(ConsentEntry, ConsentEntry.id == Takedown.entry_id)
            .join(Pupil, Pupil.id == Takedown.pupil_id)
            .join(Publication, Publication.id == Takedown.publication_id)
            .where(Takedown.state == TakedownState.OPEN)
            .group_by(ConsentEntry.effective_on, Pupil.id, Pupil.admission_number, Pupil.upn)
            .order_by(ConsentEntry.effective_on, func.min(Publication.posted_on), func.min(Takedown.id))
        ).all()
    return [
        AttentionItem(
            Urgency.OVERDUE if (today - withdrawn_on).days > 7 else Urgency.TO_DO,
            f"Posts to take down: consent withdrawn {day_text(withdrawn_on)} "
            f"(pupil {admission_number or upn or f'pupil {pupil_id}'})",
            f"{plural(posts, 'logged post')} still {'shows' if posts == 1 else 'show'} this pupil: "
            "remove them where practicable, or record why not.",
            SECTION,
            f"takedowns-{pupil_id}",
            withdrawn_on,
            kind="Posts to take down",
        )
        for withdrawn_on, pupil_id, admission_number, upn, posts in groups
    ]


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
    returned (counted as consent.chase_list finds them). Nothing before any form is back: the year-rollover item
    says that."""
    from smgov.data.services.consent import academic_year_of, chase_counts, year_label

    year = academic_year_of(today)
    chase_from, classes = chase_counts(workspace, year, today)
    if not classes or _none_returned(workspace, year):
        return []
    # A form not back is a job to do, not an overdue one (a pupil without consent is simply not shown), so it never
    # sits above a safeguarding concern or an overdue incident.
    return [
        AttentionItem(
            Urgency.TO_DO,
            f"Consent forms not returned: {c.class_name or c.year_group or '(no class)'}",
            f"{c.not_returned} of {plural(c.on_roll, 'pupil')} have no {year_label(year)} form back "
            f"(chase from {day_text(chase_from)}). Print the chase list.",
            SECTION,
            "chase-list",
            chase_from,
            kind="Consent forms not returned",
        )
        for c in classes
    ]


def _none_returned(workspace: Workspace, year: int) -> bool:
    with workspace.read() as session:
        return session.scalar(select(ConsentEntry.id).where(ConsentEntry.academic_year == year).limit(1)) is None
