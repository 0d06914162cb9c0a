"""What the dashboard shows for consent and posting: posts to take down, the new year's forms not sent home, and
classes whose forms are not back by the chase date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.models import ConsentEntry, Pupil
from smgov.data.services.attention import AttentionItem, Urgency
from smgov.data.services.posting.takedowns import TakedownRow, list_takedowns
from smgov.data.services.posting.wording import day_text, plural
from smgov.data.workspace import Workspace

SECTION = "consent"  # the navigation section the dashboard's items open


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
                f"Posts to take down: consent withdrawn {day_text(withdrawn_on)} (pupil {first.pupil_reference})",
                f"{plural(len(rows), 'logged post')} still {'shows' if len(rows) == 1 else 'show'} this pupil: "
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
    # A form not back is a job to do, not an overdue one (a pupil without consent is simply not shown), so it never
    # sits above a safeguarding concern or an overdue incident.
    return [
        AttentionItem(
            Urgency.TO_DO,
            f"Consent forms not returned: {c.class_name or c.year_group or '(no class)'}",
            f"{c.not_returned} of {plural(c.on_roll, 'pupil')} have no {year_label(year)} form back "
            f"(chase from {day_text(chase.chase_from)}). Print the chase list.",
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
