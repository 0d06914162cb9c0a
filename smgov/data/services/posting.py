"""Before and after posting: what a withdrawal means for posts already made (takedowns).

A withdrawal, or an amendment that takes consent away, opens a takedown for every logged post showing the pupil
that the new consent no longer allows: to be removed where practicable, or marked not practicable with why.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.models import ConsentEntry, Publication, PublicationPupil, Takedown, TakedownState


def open_takedowns(session: Session, pupil_id: int, entries: Sequence[ConsentEntry]) -> list[Takedown]:
    """Open a takedown for each logged post showing ``pupil_id`` that ``entries`` (just added) no longer allow.

    A post needs the social-media purpose that covers its media (photos or videos); one takedown per post and
    pupil stays open until it is done."""
    from smgov.data.services.consent import _purposes

    refused = {e.purpose_id: e for e in entries if not e.status.allows}
    if not refused:
        return []
    social = [p for p in _purposes(session, include_retired=True) if p.social_media and p.id in refused]
    if not social:
        return []
    already = set(
        session.scalars(
            select(Takedown.publication_id).where(Takedown.pupil_id == pupil_id, Takedown.state == TakedownState.OPEN)
        )
    )
    posts = session.execute(
        select(Publication.id, Publication.media)
        .join(PublicationPupil, PublicationPupil.publication_id == Publication.id)
        .where(PublicationPupil.pupil_id == pupil_id)
        .order_by(Publication.posted_on, Publication.id)
    ).all()
    opened = []
    for publication_id, media in posts:
        cause = next((refused[p.id] for p in social if p.covers(media.value)), None)
        if cause is None or publication_id in already:
            continue
        takedown = Takedown(publication_id=publication_id, pupil_id=pupil_id, entry_id=cause.id)
        session.add(takedown)
        opened.append(takedown)
        already.add(publication_id)
    return opened
