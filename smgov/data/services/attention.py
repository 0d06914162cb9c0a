"""What needs attention: one item of the dashboard's list and how urgent it is.

Every area's checks make these (the dashboard service gathers them), so they live apart from the gathering: an area
imports this module, and the dashboard imports the areas, one way.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Urgency(enum.IntEnum):
    OVERDUE = 0
    DUE_SOON = 1
    TO_DO = 2


@dataclass(frozen=True)
class AttentionItem:
    urgency: Urgency
    title: str
    detail: str
    section: str  # the navigation section that opens it ("settings", "audit", "accounts", "people", "vault", ...)
    record_id: str | None = None
    due: dt.date | None = None
    kind: str = ""  # what the check is about, when the title does not say it before a colon

    @property
    def group(self) -> str:
        """Items from one check on different records share a group ("Password too old", ...), so a long run of
        them can be folded on the dashboard."""
        return self.kind or self.title.partition(":")[0]


def days_away(days: int) -> str:
    """When a date falls, as an item's detail says it: "today", "tomorrow", "in 12 days"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"
