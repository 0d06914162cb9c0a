"""Blocked content access requests (the Spixworth policy's Appendix A): recorded, decided, implemented, expired.

The register's states and the only ways between them::

    submitted --decide(approved)--> approved --implement--> implemented --expire--> expired
        \\--decide(not approved)--> rejected                    (extend_access keeps it implemented)

Anything else is refused with the reason. Each step is one unit of work with its audit event. Requests are shown by
reference ("BCR-00007").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import BlockedContentRequest, RequestStatus, utcnow
from smgov.data.operators import actor_name
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.attention import AttentionItem, Urgency, days_away
from smgov.data.validation import check_line, check_past_day, check_text, clean_text, school_today
from smgov.data.workspace import Workspace

MAX_URL = 2000
MAX_TEXT = 20_000
MAX_ACCESS_YEARS = 3
EXPIRY_WARNING_DAYS = 14

TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.SUBMITTED: frozenset({RequestStatus.APPROVED, RequestStatus.REJECTED}),
    RequestStatus.APPROVED: frozenset({RequestStatus.IMPLEMENTED}),
    RequestStatus.REJECTED: frozenset(),
    RequestStatus.IMPLEMENTED: frozenset({RequestStatus.EXPIRED}),
    RequestStatus.EXPIRED: frozenset(),
}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HOST = re.compile(r"^[^\s/?#@:]+$")


def check_url(value: str, field_name: str = "url", label: str = "full URL") -> str:
    """A full web address, as the policy asks: scheme and site name required, no spaces.

    Raises:
        ValidationError: with what to do ("Add https:// at the start ...").
    """
    url = clean_text(value)
    if not url:
        raise ValidationError(f"Enter the {label} (for example https://www.example.org/page).", field=field_name)
    if any(ch.isspace() for ch in url):
        raise ValidationError(
            "A web address has no spaces in it. Copy it again from the browser's address bar "
            "(a space inside an address is written %20).",
            field=field_name,
        )
    if len(url) > MAX_URL:
        raise ValidationError(f"The {label} is too long (at most {MAX_URL:,} characters).", field=field_name)
    scheme = _SCHEME.match(url)
    if scheme is None or "." in scheme.group() or url.lower().startswith("localhost:"):
        raise ValidationError(
            f"Add https:// at the start of the {label} (for example https://{url.lstrip('/')[:60]}).", field=field_name
        )
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError(
            f"The {label} must start with https:// or http:// (this one starts {parts.scheme}:).", field=field_name
        )
    host = parts.hostname or ""
    if not parts.netloc or not host or not _HOST.match(host) or ("." not in host and host != "localhost"):
        raise ValidationError(
            f"The {label} has no site name after {parts.scheme}:// (for example https://www.example.org/page).",
            field=field_name,
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ValidationError(f"The {label} has a port that is not a number.", field=field_name) from exc
    return url


def reference(request_id: int) -> str:
    return format_reference(RecordKind.BLOCKED_CONTENT_REQUEST, request_id)


@dataclass
class RequestInput:
    """The requester's part of the form (Appendix A, top half)."""

    staff_name: str
    requested_on: dt.date
    url: str
    site_content: str
    reasons: str
    risks_and_controls: str
    requester: str = ""  # on behalf of (a class, department or group), when not only the staff member


@dataclass(frozen=True)
class RequestRow:
    id: int
    requested_on: dt.date
    staff_name: str
    requester: str
    url: str
    status: RequestStatus
    decided_on: dt.date | None
    expires_on: dt.date | None

    @property
    def reference(self) -> str:
        return reference(self.id)

    @property
    def site(self) -> str:
        return urlsplit(self.url).hostname or self.url

    @property
    def search_text(self) -> str:
        return " ".join((self.reference, self.staff_name, self.requester, self.url, self.status.label)).casefold()


@dataclass(frozen=True)
class RequestDetails:
    id: int
    requester: str
    staff_name: str
    requested_on: dt.date
    url: str
    site_content: str
    reasons: str
    risks_and_controls: str
    status: RequestStatus
    authoriser: str
    approved: bool | None
    decision_reasons: str
    decision_by: str
    decided_on: dt.date | None
    implemented_on: dt.date | None
    implemented_by: str
    expires_on: dt.date | None
    expired_on: dt.date | None
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime

    @property
    def reference(self) -> str:
        return reference(self.id)

    @property
    def next_states(self) -> frozenset[RequestStatus]:
        """Where it can go from here (what the UI offers)."""
        return TRANSITIONS[self.status]

    def as_input(self) -> RequestInput:
        return RequestInput(
            self.staff_name,
            self.requested_on,
            self.url,
            self.site_content,
            self.reasons,
            self.risks_and_controls,
            self.requester,
        )


def _details(request: BlockedContentRequest) -> RequestDetails:
    return RequestDetails(
        id=request.id,
        requester=request.requester,
        staff_name=request.staff_name,
        requested_on=request.requested_on,
        url=request.url,
        site_content=request.site_content,
        reasons=request.reasons,
        risks_and_controls=request.risks_and_controls,
        status=request.status,
        authoriser=request.authoriser,
        approved=request.approved,
        decision_reasons=request.decision_reasons,
        decision_by=request.decision_by,
        decided_on=request.decided_on,
        implemented_on=request.implemented_on,
        implemented_by=request.implemented_by,
        expires_on=request.expires_on,
        expired_on=request.expired_on,
        created_at=request.created_at,
        created_by=request.created_by,
        updated_at=request.updated_at,
    )


def _checked(data: RequestInput, today: dt.date | None) -> RequestInput:
    return RequestInput(
        staff_name=check_line(data.staff_name, "staff_name", "staff name"),
        requested_on=check_past_day(data.requested_on, "requested_on", "date of the request", today=today),
        url=check_url(data.url),
        site_content=check_text(data.site_content, "site_content", "site content", limit=MAX_TEXT),
        reasons=check_text(data.reasons, "reasons", "reasons for access", limit=MAX_TEXT),
        risks_and_controls=check_text(
            data.risks_and_controls, "risks_and_controls", "identified risks and control measures", limit=MAX_TEXT
        ),
        requester=check_line(data.requester, "requester", "requester", required=False),
    )


def _request(session: Session, request_id: int) -> BlockedContentRequest:
    request = session.get(BlockedContentRequest, request_id)
    if request is None:
        raise ValidationError(f"There is no blocked content request {reference(request_id)}.", field="request_id")
    return request


def _refuse_unless(request: BlockedContentRequest, new: RequestStatus) -> None:
    """Refuse a move the register does not allow, saying why in the user's terms."""
    old = request.status
    if new in TRANSITIONS[old]:
        return
    ref = reference(request.id)
    reasons = {
        RequestStatus.REJECTED: f"{ref} was not approved"
        + (f" on {request.decided_on:%d/%m/%Y}" if request.decided_on else "")
        + ", so it cannot go further. Submit a new request if access is still needed.",
        RequestStatus.EXPIRED: f"{ref} has expired. Submit a new request if access is needed again.",
        RequestStatus.SUBMITTED: f"{ref} is waiting for the authoriser's decision: record that first.",
        RequestStatus.APPROVED: f"{ref} was approved and is waiting for ICT to give access"
        + ("; it cannot be decided again." if new in (RequestStatus.APPROVED, RequestStatus.REJECTED) else "."),
        RequestStatus.IMPLEMENTED: f"{ref} was decided and access was given"
        + ("; it cannot be decided again." if new in (RequestStatus.APPROVED, RequestStatus.REJECTED) else "."),
    }
    raise ValidationError(reasons[old], field="status")


def _record(session: Session, request: BlockedContentRequest, action: AuditAction, summary: str) -> None:
    request.updated_at = utcnow()
    audit.record(session, action, "blocked_content_request", request.id, summary)


# -- the register ---------------------------------------------------------------------------------------------


def submit_request(workspace: Workspace, data: RequestInput, *, today: dt.date | None = None) -> RequestDetails:
    """Record a new request (status submitted)."""
    checked = _checked(data, today)
    with workspace.write() as session:
        now = utcnow()
        request = BlockedContentRequest(
            requester=checked.requester,
            staff_name=checked.staff_name,
            requested_on=checked.requested_on,
            url=checked.url,
            site_content=checked.site_content,
            reasons=checked.reasons,
            risks_and_controls=checked.risks_and_controls,
            status=RequestStatus.SUBMITTED,
            authoriser="",
            approved=None,
            decision_reasons="",
            decision_by="",
            implemented_by="",
            created_at=now,
            created_by=actor_name(session),
            updated_at=now,
        )
        session.add(request)
        session.flush()
        _record(session, request, AuditAction.BLOCKED_CONTENT_SUBMIT, f"{reference(request.id)} submitted")
        return _details(request)


def update_request(
    workspace: Workspace, request_id: int, data: RequestInput, *, today: dt.date | None = None
) -> RequestDetails:
    """Correct the requester's part while the request waits for a decision (afterwards, submit a new one)."""
    checked = _checked(data, today)
    with workspace.write() as session:
        request = _request(session, request_id)
        if request.status is not RequestStatus.SUBMITTED:
            raise ValidationError(
                f"{reference(request_id)} has been decided, so what was asked cannot change. Submit a new request.",
                field="status",
            )
        changed = [
            label
            for label, attr in (
                ("requester", "requester"),
                ("staff name", "staff_name"),
                ("date", "requested_on"),
                ("URL", "url"),
                ("site content", "site_content"),
                ("reasons", "reasons"),
                ("risks and control measures", "risks_and_controls"),
            )
            if getattr(request, attr) != getattr(checked, attr)
        ]
        for attr in ("requester", "staff_name", "requested_on", "url", "site_content", "reasons", "risks_and_controls"):
            setattr(request, attr, getattr(checked, attr))
        if changed:
            _record(
                session,
                request,
                AuditAction.BLOCKED_CONTENT_UPDATE,
                f"{reference(request_id)}: changed " + ", ".join(changed),
            )
        session.flush()
        return _details(request)


def decide(
    workspace: Workspace,
    request_id: int,
    *,
    approved: bool,
    decided_by: str,
    decided_on: dt.date,
    reasons: str = "",
    authoriser: str = "",
    today: dt.date | None = None,
) -> RequestDetails:
    """Record the authoriser's decision (the executive headteacher in the policy). Reasons are needed to refuse."""
    who = check_line(decided_by, "decided_by", "staff name of who decided")
    role = check_line(authoriser, "authoriser", "authoriser", required=False)
    when = check_past_day(decided_on, "decided_on", "date of the decision", today=today)
    label = "reasons" if approved else "reasons for not approving it (the requester will ask)"
    why = check_text(reasons, "decision_reasons", label, required=not approved, limit=MAX_TEXT)
    new = RequestStatus.APPROVED if approved else RequestStatus.REJECTED
    with workspace.write() as session:
        request = _request(session, request_id)
        _refuse_unless(request, new)
        if when < request.requested_on:
            raise ValidationError(
                f"The decision cannot be before the request ({request.requested_on:%d/%m/%Y}).", field="decided_on"
            )
        request.status = new
        request.approved = approved
        request.decision_by, request.authoriser, request.decided_on, request.decision_reasons = who, role, when, why
        _record(
            session,
            request,
            AuditAction.BLOCKED_CONTENT_DECIDE,
            f"{reference(request_id)} {'approved' if approved else 'not approved'}",
        )
        session.flush()
        return _details(request)


def _check_expiry(expires_on: dt.date, after: dt.date) -> dt.date:
    if not isinstance(expires_on, dt.date) or isinstance(expires_on, dt.datetime):
        raise ValidationError("Enter the expiry or review date.", field="expires_on")
    if expires_on <= after:
        raise ValidationError(f"The expiry or review date must be after {after:%d/%m/%Y}.", field="expires_on")
    if expires_on > after + dt.timedelta(days=365 * MAX_ACCESS_YEARS + 1):
        raise ValidationError(
            f"Set an expiry or review date within {MAX_ACCESS_YEARS} years; access can be extended at review.",
            field="expires_on",
        )
    return expires_on


def implement(
    workspace: Workspace,
    request_id: int,
    *,
    implemented_on: dt.date,
    implemented_by: str,
    expires_on: dt.date,
    today: dt.date | None = None,
) -> RequestDetails:
    """Record that the ICT technician gave access, when, and the expiry or review date."""
    who = check_line(implemented_by, "implemented_by", "name of the ICT technician")
    when = check_past_day(implemented_on, "implemented_on", "date access was given", today=today)
    expiry = _check_expiry(expires_on, when)
    with workspace.write() as session:
        request = _request(session, request_id)
        _refuse_unless(request, RequestStatus.IMPLEMENTED)
        if request.decided_on is not None and when < request.decided_on:
            raise ValidationError(
                f"Access cannot have been given before it was approved ({request.decided_on:%d/%m/%Y}).",
                field="implemented_on",
            )
        request.status = RequestStatus.IMPLEMENTED
        request.implemented_on, request.implemented_by, request.expires_on = when, who, expiry
        _record(
            session,
            request,
            AuditAction.BLOCKED_CONTENT_IMPLEMENT,
            f"{reference(request_id)} access given until {expiry:%d/%m/%Y}",
        )
        session.flush()
        return _details(request)


def extend_access(
    workspace: Workspace, request_id: int, *, expires_on: dt.date, today: dt.date | None = None
) -> RequestDetails:
    """Move the expiry or review date of access that is in place (after a review)."""
    today = today or school_today()
    with workspace.write() as session:
        request = _request(session, request_id)
        if request.status is not RequestStatus.IMPLEMENTED:
            raise ValidationError(
                f"Only access that is in place can be extended; {reference(request_id)} is "
                f"{request.status.label.lower()}.",
                field="status",
            )
        expiry = _check_expiry(expires_on, today)
        old = request.expires_on
        request.expires_on = expiry
        before = f"{old:%d/%m/%Y}" if old else "none"
        _record(
            session,
            request,
            AuditAction.BLOCKED_CONTENT_EXTEND,
            f"{reference(request_id)} expiry {before} → {expiry:%d/%m/%Y}",
        )
        session.flush()
        return _details(request)


def expire(
    workspace: Workspace, request_id: int, *, expired_on: dt.date | None = None, today: dt.date | None = None
) -> RequestDetails:
    """Record that access has ended (the site is blocked again)."""
    when = check_past_day(expired_on or (today or school_today()), "expired_on", "date access ended", today=today)
    with workspace.write() as session:
        request = _request(session, request_id)
        _refuse_unless(request, RequestStatus.EXPIRED)
        if request.implemented_on is not None and when < request.implemented_on:
            raise ValidationError(
                f"Access cannot have ended before it was given ({request.implemented_on:%d/%m/%Y}).",
                field="expired_on",
            )
        request.status = RequestStatus.EXPIRED
        request.expired_on = when
        _record(
            session,
            request,
            AuditAction.BLOCKED_CONTENT_EXPIRE,
            f"{reference(request_id)} access ended {when:%d/%m/%Y}",
        )
        session.flush()
        return _details(request)


def get_request(workspace: Workspace, request_id: int) -> RequestDetails:
    with workspace.read() as session:
        return _details(_request(session, request_id))


def all_request_details(workspace: Workspace) -> list[RequestDetails]:
    """Every request in full, newest first, in one query (the register view searches the long texts too)."""
    statement = select(BlockedContentRequest).order_by(
        BlockedContentRequest.requested_on.desc(), BlockedContentRequest.id.desc()
    )
    with workspace.read() as session:
        return [_details(request) for request in session.scalars(statement)]


def list_requests(workspace: Workspace) -> list[RequestRow]:
    """The register, newest first (one query, long texts left out)."""
    statement = select(
        BlockedContentRequest.id,
        BlockedContentRequest.requested_on,
        BlockedContentRequest.staff_name,
        BlockedContentRequest.requester,
        BlockedContentRequest.url,
        BlockedContentRequest.status,
        BlockedContentRequest.decided_on,
        BlockedContentRequest.expires_on,
    ).order_by(BlockedContentRequest.requested_on.desc(), BlockedContentRequest.id.desc())
    with workspace.read() as session:
        return [
            RequestRow(row[0], row[1], row[2], row[3], row[4], RequestStatus(row[5]), row[6], row[7])
            for row in session.execute(statement)
        ]


# -- the dashboard --------------------------------------------------------------------------------------------


def dashboard_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    """Decisions waiting, access waiting for ICT, access expiring within 14 days or already past its date."""
    items: list[AttentionItem] = []
    for row in list_requests(workspace):
        ref, site = row.reference, row.site
        if row.status is RequestStatus.SUBMITTED:
            waited = (today - row.requested_on).days
            items.append(
                AttentionItem(
                    Urgency.TO_DO,
                    f"Decision needed: blocked content request {ref}",
                    f"{row.staff_name} asked for {site} on {row.requested_on:%d/%m/%Y} "
                    f"({waited} day{'s' if waited != 1 else ''} ago).",
                    "blocked_content",
                    str(row.id),
                    row.requested_on,
                )
            )
        elif row.status is RequestStatus.APPROVED:
            items.append(
                AttentionItem(
                    Urgency.TO_DO,
                    f"ICT to give access: {ref}",
                    f"{site} was approved on {row.decided_on:%d/%m/%Y}." if row.decided_on else f"{site} was approved.",
                    "blocked_content",
                    str(row.id),
                    row.decided_on,
                )
            )
        elif row.status is RequestStatus.IMPLEMENTED and row.expires_on is not None:
            days = (row.expires_on - today).days
            if days < 0:
                items.append(
                    AttentionItem(
                        Urgency.OVERDUE,
                        f"Access past its expiry date: {ref}",
                        f"Access to {site} was due to end on {row.expires_on:%d/%m/%Y}. Ask ICT to block it again "
                        "and mark the request expired, or extend it after a review.",
                        "blocked_content",
                        str(row.id),
                        row.expires_on,
                    )
                )
            elif days <= EXPIRY_WARNING_DAYS:
                when = days_away(days)
                items.append(
                    AttentionItem(
                        Urgency.DUE_SOON,
                        f"Access expires soon: {ref}",
                        f"Access to {site} ends or is reviewed on {row.expires_on:%d/%m/%Y} ({when}).",
                        "blocked_content",
                        str(row.id),
                        row.expires_on,
                    )
                )
    return items


__all__ = [
    "TRANSITIONS",
    "RequestDetails",
    "RequestInput",
    "RequestRow",
    "check_url",
    "decide",
    "expire",
    "extend_access",
    "get_request",
    "implement",
    "list_requests",
    "submit_request",
    "update_request",
]
