"""What a blocked content request says, in words: its site, who asked, when access ends and what happens next."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from smgov.data.models import RequestStatus
from smgov.data.services.blocked_content import EXPIRY_WARNING_DAYS, RequestDetails
from smgov.ui.frame.tables import uk_date

S = RequestStatus


def site_of(url: str) -> str:
    """The site's name from a full address ("https://www.bbc.co.uk/iplayer" -> "bbc.co.uk")."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def requested_by(request: RequestDetails) -> str:
    """The staff member, and the class or department they asked for when given."""
    return f"{request.staff_name}, {request.requester}" if request.requester else request.staff_name


def days_left(request: RequestDetails, today: dt.date) -> int | None:
    """Days until access given ends or is reviewed (negative when past); None unless access is in place."""
    if request.status is not S.IMPLEMENTED or request.expires_on is None:
        return None
    return (request.expires_on - today).days


def expiry_needs_attention(request: RequestDetails, today: dt.date) -> bool:
    """Access in place that ends within the dashboard's warning time, or is already past its date."""
    days = days_left(request, today)
    return days is not None and days <= EXPIRY_WARNING_DAYS


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def expiry_text(request: RequestDetails, today: dt.date) -> str:
    """The register's "Access expires" cell: the date, with how close it is when that matters."""
    if request.status is S.EXPIRED:
        return f"Ended {uk_date(request.expired_on or request.expires_on)}"
    if request.expires_on is None:
        return ""
    shown = uk_date(request.expires_on)
    days = days_left(request, today)
    if days is None or days > EXPIRY_WARNING_DAYS:
        return shown
    if days < 0:
        return f"{shown} (past its date)"
    if days == 0:
        return f"{shown} (today)"
    return f"{shown} (in {_days(days)})"


def suggested_expiry(after: dt.date) -> dt.date:
    """The end of a school year (31 August) at least four weeks after ``after``: access is reviewed yearly."""
    end = dt.date(after.year, 8, 31)
    if end < after + dt.timedelta(days=28):
        end = dt.date(after.year + 1, 8, 31)
    return end


def next_step_text(request: RequestDetails) -> str:
    """What happens next, for the business manager."""
    if request.status is S.SUBMITTED:
        return "Print the form for the authoriser to sign, then record their decision."
    if request.status is S.APPROVED:
        return "Pass the signed form to the ICT technician, then record when they gave access."
    if request.status is S.IMPLEMENTED:
        until = f" until {uk_date(request.expires_on)}" if request.expires_on else ""
        return (
            f"Access is in place{until}. When ICT blocks the site again, mark the request expired; "
            "after a review, extend it."
        )
    if request.status is S.REJECTED:
        return (
            "This request was not approved, so nothing more can be done with it. "
            "If access is still needed, submit a new request."
        )
    return "Access has ended and the site is blocked again. Submit a new request if it is needed again."


def attention_text(request: RequestDetails, today: dt.date) -> str:
    """A warning while access in place is about to end or is past its date ("" otherwise)."""
    days = days_left(request, today)
    if days is None or days > EXPIRY_WARNING_DAYS or request.expires_on is None:
        return ""
    if days < 0:
        return (
            f"Access was due to end on {uk_date(request.expires_on)}. Ask ICT to block the site again and mark "
            "the request expired, or extend it after a review."
        )
    when = "today" if days == 0 else f"in {_days(days)}"
    return f"Access ends or is reviewed on {uk_date(request.expires_on)} ({when})."
