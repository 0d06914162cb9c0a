"""Which consent a post needs: the rule the check, the log and takedowns all follow (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from smgov.data.models import PostMedia
from smgov.data.models.accounts import Platform

WEBSITE_PURPOSE = "website"
WEBSITE_PLATFORMS = frozenset({Platform.BLOG})


@dataclass(frozen=True)
class Need:
    """A purpose a post needs: its id and what the verdicts call it."""

    id: int
    label: str


def needed_purposes(session: Session, platform: Platform | None, media: PostMedia) -> list[Need]:
    """The purposes a post of ``media`` on an account of ``platform`` needs (the rule in the package's docstring).
    ``platform`` None (an account since deleted) is treated as social media."""
    from smgov.data.services.consent import _purposes

    active = _purposes(session)
    if platform in WEBSITE_PLATFORMS:
        website = [p for p in active if p.key == WEBSITE_PURPOSE and p.covers(media.value)]
        if website:
            return [Need(p.id, p.label) for p in website]
    return [Need(p.id, p.label) for p in active if p.social_media and p.covers(media.value)]
