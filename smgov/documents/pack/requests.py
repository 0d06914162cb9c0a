"""The pack's blocked-content part (Appendix A requests: submitted, decided, implemented, expired) and its policy
part (the policy review date, the audit log's outputs in the period, and the audit seal).

Requests are the Blocked content screen's (``blocked_content.all_request_details``); the outputs are counted from
the audit log (``termly.audit_action_counts``) by the same actions the Audit log screen shows.
"""

from __future__ import annotations

from smgov.data.audit_actions import AuditAction
from smgov.data.models.requests import RequestStatus
from smgov.data.services import blocked_content, school, termly
from smgov.data.services.blocked_content import RequestDetails
from smgov.documents.pack.counting import AreaResult, Counting, counted, utc_bounds, within
from smgov.reports.pack.model import Chart, Figure, Part, Period, Table

REVEALS = (AuditAction.VAULT_REVEAL, AuditAction.VAULT_HISTORY_REVEAL, AuditAction.PUPIL_NEVER_PUBLISH_REVEAL)
COPIES = (AuditAction.VAULT_COPY, AuditAction.VAULT_HISTORY_COPY)
EXPORTS = (AuditAction.EXPORT, AuditAction.EVIDENCE_EXPORT)
PRINTS = (AuditAction.FORM_PRINT, AuditAction.REPORT_PRINT, AuditAction.KIT_PRINT)
OUTPUTS = (
    ("Passwords or never-publish reasons shown", REVEALS),
    ("Passwords copied", COPIES),
    ("Exports (spreadsheets, screenshot originals)", EXPORTS),
    ("Forms and reports printed or saved", PRINTS),
)


def _counts(requests: list[RequestDetails], period: Period) -> tuple[int, int, int, int, int]:
    submitted = sum(1 for r in requests if within(r.requested_on, period))
    approved = sum(1 for r in requests if within(r.decided_on, period) and r.approved)
    rejected = sum(1 for r in requests if within(r.decided_on, period) and r.approved is False)
    implemented = sum(1 for r in requests if within(r.implemented_on, period))
    expired = sum(1 for r in requests if within(r.expired_on, period))
    return submitted, approved, rejected, implemented, expired


def requests_area(counting: Counting) -> AreaResult:
    c = counting
    requests = blocked_content.all_request_details(c.workspace)
    now = _counts(requests, c.period)
    before = _counts(requests, c.previous)
    waiting = [r for r in requests if r.status is RequestStatus.SUBMITTED]
    to_implement = [r for r in requests if r.status is RequestStatus.APPROVED]
    lapsed = [
        r
        for r in requests
        if r.status is RequestStatus.IMPLEMENTED and r.expires_on is not None and r.expires_on < c.today
    ]
    labels = ["Submitted", "Approved", "Rejected", "Access given", "Expired"]
    words = ["Requests submitted", "Requests approved", "Requests rejected", "Access given", "Access expired"]
    figures = [c.figure(label, value, previous) for label, value, previous in zip(words, now, before, strict=True)]
    figures += [
        c.figure("Waiting for a decision now", len(waiting), good_when="down"),
        c.figure("Approved, not yet given by ICT", len(to_implement), good_when="down"),
        c.figure("Access past its expiry date, not yet removed", len(lapsed), good_when="down"),
    ]
    charts = [
        Chart(
            "Blocked-content requests",
            labels,
            [(c.period.label, c.series(now)), (c.previous.label, c.series(before))],
        )
    ]
    tables: list[Table] = []
    if not c.governors:
        tables.append(
            Table(
                "Requests waiting or needing ICT",
                ["Reference", "Requested", "Staff", "Site", "State"],
                [
                    [r.reference, r.requested_on, r.staff_name, _site(r.url), r.status.label]
                    for r in sorted([*waiting, *to_implement, *lapsed], key=lambda r: r.id)
                ],
                empty="None.",
                widths=(1, 1, 1.5, 2.5, 1.5),
            )
        )
    result = AreaResult(
        Part(
            "requests",
            "Blocked-content requests",
            "Staff requests for access to sites the school's filter blocks (Appendix A of the policy): decided by the "
            "headteacher, given and withdrawn by the ICT technician.",
            figures,
            charts,
            tables,
        ),
        summary=[figures[0]],
    )
    if waiting:
        result.actions.append(f"Decide {counted(c, len(waiting), 'blocked-content request')}.")
    if lapsed:
        result.actions.append(f"Ask ICT to remove {counted(c, len(lapsed), 'access grant')} past the expiry date.")
    return result


def _site(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


def policy_area(counting: Counting, seal: str) -> AreaResult:
    c = counting
    details = school.get_details(c.workspace)
    outputs = termly.audit_action_counts(c.workspace, *utc_bounds(c.period))
    outputs_before = termly.audit_action_counts(c.workspace, *utc_bounds(c.previous))
    review = details.policy_review_date
    if review is None:
        review_text = "No review date is set (Settings)."
    elif review < c.today:
        review_text = f"The policy's review was due on {review:%d/%m/%Y}: it is overdue."
    else:
        review_text = f"The policy is next reviewed on {review:%d/%m/%Y}."
    figures = [
        Figure(
            "Next review of the social media policy",
            "not set" if review is None else review,
            detail="overdue" if review is not None and review < c.today else "",
        ),
        *(
            c.figure(label, sum(outputs[a.value] for a in actions), sum(outputs_before[a.value] for a in actions))
            for label, actions in OUTPUTS
        ),
    ]
    notes = [review_text]
    if seal:
        notes.append(
            f"Audit seal {seal}: the command “smgov verify FILE --seal {seal}” proves later that the audit log up "
            "to this report is unchanged."
        )
    result = AreaResult(
        Part(
            "policy",
            "Policy and audit",
            "Every change, and every password shown or copied, export and print, is an entry in the workspace's "
            "audit log, chained so that tampering shows.",
            figures,
            (),
            (),
            notes,
        )
    )
    if review is not None and review < c.today:
        result.actions.append(f"Review the social media policy (due {review:%d/%m/%Y}).")
    elif review is None:
        result.actions.append("Set the policy's next review date in Settings.")
    return result
