"""The rows behind an SLT pack's figures, one workbook sheet each: the period's incidents, the account register,
the period's blocked-content requests and takedowns. Pupils appear as initials and year group, never by name;
nothing secret is listed. A governors' pack has none of these (see :func:`smgov.documents.pack.build_pack`).
"""

from __future__ import annotations

from smgov.data import calendar
from smgov.data.references import RecordKind, format_reference
from smgov.data.services import accounts, blocked_content, incidents, posting
from smgov.data.services.incidents.deadlines import ResponseState
from smgov.data.services.incidents.records import initials
from smgov.documents.accounts import named_staff_text
from smgov.documents.pack.counting import Counting, school_day, within
from smgov.documents.pack.incidents import SHORT_CATEGORY
from smgov.reports.pack.model import RowSheet, TableCell

ON_TIME = {
    ResponseState.RESPONDED: "Yes",
    ResponseState.RESPONDED_LATE: "No, late",
    ResponseState.OVERDUE: "No, overdue",
}


def row_sheets(counting: Counting) -> list[RowSheet]:
    c = counting
    return [_incidents(c), _accounts(c), _requests(c), _takedowns(c)]


def _incidents(c: Counting) -> RowSheet:
    in_period = sorted(
        (row for row in c.incidents if within(school_day(row.received_at), c.period)), key=lambda r: r.id
    )
    records = incidents.all_records(c.workspace, in_period)
    rows: list[list[TableCell]] = []
    for record in records:
        row = record.row
        state = row.response_state(c.now)
        rows.append(
            [
                row.reference,
                calendar.school_time(row.received_at),
                SHORT_CATEGORY[row.category],
                row.platform,
                row.account_name,
                row.status.label,
                calendar.school_time(row.due_at) if row.due_at else None,
                calendar.school_time(row.first_response_at) if row.first_response_at else None,
                ON_TIME.get(state, state.label),
                "Yes" if row.safeguarding_concern else "No",
                ("Yes" if row.dsl_acknowledged else "Not yet") if row.safeguarding_concern else "",
                "; ".join(f"{p.shown_name(False)}: {p.role.label.lower()}" for p in record.people),
                row.summary,
            ]
        )
    return RowSheet(
        "Incidents",
        f"Incidents received, {c.period.label}",
        [
            "Reference",
            "Received",
            "Category",
            "Platform",
            "Account",
            "Status",
            "Response due",
            "First response",
            "Within the rule",
            "Safeguarding concern",
            "DSL acknowledged",
            "People involved (pupils as initials)",
            "Summary",
        ],
        rows,
        wrap=(11, 12),
    )


def _accounts(c: Counting) -> RowSheet:
    """The register in reference order, its named staff by name ("Jane Smith (lead); Tom Brown (poster)", lead
    first, as the register export gives them)."""
    named = accounts.current_staff_by_account(c.workspace)
    return RowSheet(
        "Accounts",
        "Account register",
        [
            "Reference",
            "Account",
            "Platform",
            "Handle",
            "State",
            "Named staff",
            "Public",
            "Review date",
            "Passwords held",
        ],
        [
            [
                format_reference(RecordKind.ACCOUNT, row.id),
                row.display_name,
                row.platform.label,
                row.handle,
                row.status.label,
                named_staff_text(named.get(row.id, [])),
                "Yes" if row.is_public else "No",
                row.review_date,
                row.credentials,
            ]
            for row in sorted(accounts.list_accounts(c.workspace), key=lambda r: r.id)
        ],
        wrap=(5,),
    )


def _requests(c: Counting) -> RowSheet:
    requests = [
        r
        for r in blocked_content.all_request_details(c.workspace)
        if any(within(day, c.period) for day in (r.requested_on, r.decided_on, r.implemented_on, r.expired_on))
    ]
    requests.sort(key=lambda r: r.id)
    return RowSheet(
        "Blocked content",
        f"Blocked-content requests active in {c.period.label}",
        ["Reference", "Requested", "Staff", "URL", "State", "Decided", "Access given", "Expires", "Expired"],
        [
            [
                r.reference,
                r.requested_on,
                r.staff_name,
                r.url,
                r.status.label,
                r.decided_on,
                r.implemented_on,
                r.expires_on,
                r.expired_on,
            ]
            for r in requests
        ],
        wrap=(3,),
    )


def _takedowns(c: Counting) -> RowSheet:
    takedowns = [
        t
        for t in posting.list_takedowns(c.workspace, open_only=False)
        if within(school_day(t.created_at), c.period) or within(t.done_on, c.period) or t.done_on is None
    ]
    takedowns.sort(key=lambda t: t.id)
    return RowSheet(
        "Takedowns",
        "Takedowns after withdrawals of consent",
        ["Pupil (initials)", "Post on", "Posted", "Consent withdrawn from", "State", "Done on"],
        [
            [initials(t.pupil_short_name), t.account_name, t.posted_on, t.withdrawn_on, t.state.label, t.done_on]
            for t in takedowns
        ],
    )
