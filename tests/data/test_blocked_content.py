"""Blocked content access requests (Appendix A) and inappropriate content reports (Appendix B)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, AuditEvent, IncidentCategory, RequestStatus
from smgov.data.services import blocked_content, content_reports, incidents
from smgov.data.services.blocked_content import RequestInput
from smgov.data.services.content_reports import ContentReportInput
from smgov.data.services.dashboard import Urgency
from smgov.data.workspace import Workspace

TODAY = dt.date(2025, 11, 20)


def request_input(**changes: object) -> RequestInput:
    data = RequestInput(
        staff_name="Mr Dafydd ap Gwilym",
        requested_on=dt.date(2025, 11, 3),
        url="https://www.example.org/history/ww1-propaganda?lang=cy&page=2",
        site_content="Archive of First World War posters & leaflets.",
        reasons="Year 9 history: source analysis of <propaganda>.",
        risks_and_controls="Some images are graphic. Teacher-led only; pupils do not browse freely.",
        requester="Humanities department",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def submit(workspace: Workspace, **changes: object) -> blocked_content.RequestDetails:
    return blocked_content.submit_request(workspace, request_input(**changes), today=TODAY)


# -- URLs -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("www.example.org/page", "Add https:// at the start"),
        ("example.org", "Add https:// at the start"),
        ("example.org:8080/x", "Add https:// at the start"),
        ("https://www.example.org/a page", "no spaces"),
        ("https://www.example .org", "no spaces"),
        ("", "Enter the full URL"),
        ("ftp://files.example.org/x", "must start with https:// or http://"),
        ("javascript:alert(1)", "must start with https:// or http://"),
        ("https://", "no site name"),
        ("https:/example.org", "no site name"),
        ("https://intranet/page", "no site name"),
        ("https://example.org:port/", "port that is not a number"),
        ("https://example.org/" + "a" * 2000, "too long"),
    ],
)
def test_a_url_without_a_scheme_or_with_spaces_is_refused_with_what_to_do(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        blocked_content.check_url(url)
    assert refused.value.field == "url"


def test_the_no_scheme_message_shows_the_fixed_address() -> None:
    with pytest.raises(ValidationError, match=r"for example https://www\.example\.org/page"):
        blocked_content.check_url("www.example.org/page")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/",
        "http://example.org/path?q=a&b=%20c#frag",
        "  https://bbc.co.uk/news  ",
        "https://zażółć.pl/strona",
        "https://localhost:8080/x",
    ],
)
def test_full_urls_are_accepted(url: str) -> None:
    assert blocked_content.check_url(url) == url.strip()


# -- the request register -------------------------------------------------------------------------------------


def test_a_request_goes_submitted_approved_implemented_expired(workspace: Workspace) -> None:
    made = submit(workspace)
    assert made.status is RequestStatus.SUBMITTED and made.reference == f"BCR-{made.id:05d}"
    assert made.next_states == {RequestStatus.APPROVED, RequestStatus.REJECTED}
    approved = blocked_content.decide(
        workspace,
        made.id,
        approved=True,
        decided_by="Dr Amara Okafor",
        decided_on=dt.date(2025, 11, 5),
        reasons="Curriculum need.",
        authoriser="Executive headteacher",
        today=TODAY,
    )
    assert (approved.status, approved.approved) == (RequestStatus.APPROVED, True)
    assert approved.decision_by == "Dr Amara Okafor"
    done = blocked_content.implement(
        workspace,
        made.id,
        implemented_on=dt.date(2025, 11, 6),
        implemented_by="Nguyễn Văn Minh",
        expires_on=dt.date(2026, 7, 22),
        today=TODAY,
    )
    assert done.status is RequestStatus.IMPLEMENTED and done.expires_on == dt.date(2026, 7, 22)
    longer = blocked_content.extend_access(workspace, made.id, expires_on=dt.date(2026, 12, 18), today=TODAY)
    assert longer.expires_on == dt.date(2026, 12, 18)
    ended = blocked_content.expire(workspace, made.id, expired_on=dt.date(2025, 11, 19), today=TODAY)
    assert ended.status is RequestStatus.EXPIRED and ended.next_states == frozenset()
    with workspace.read() as session:
        statement = select(AuditEvent.action).where(AuditEvent.entity_type == "blocked_content_request")
        actions = list(session.scalars(statement))
    assert actions == [
        "blocked_content.submit",
        "blocked_content.decide",
        "blocked_content.implement",
        "blocked_content.extend",
        "blocked_content.expire",
    ]


def test_invalid_transitions_are_refused_with_the_reason(workspace: Workspace) -> None:
    made = submit(workspace)
    with pytest.raises(ValidationError, match="waiting for the authoriser's decision"):
        blocked_content.implement(
            workspace, made.id, implemented_on=TODAY, implemented_by="ICT", expires_on=dt.date(2026, 1, 1), today=TODAY
        )
    with pytest.raises(ValidationError, match="waiting for the authoriser's decision"):
        blocked_content.expire(workspace, made.id, today=TODAY)
    with pytest.raises(ValidationError, match="Enter the reasons for not approving it"):
        blocked_content.decide(workspace, made.id, approved=False, decided_by="Head", decided_on=TODAY, today=TODAY)
    rejected = blocked_content.decide(
        workspace, made.id, approved=False, decided_by="Head", decided_on=TODAY, reasons="Not needed.", today=TODAY
    )
    assert rejected.status is RequestStatus.REJECTED
    with pytest.raises(ValidationError, match="was not approved on 20/11/2025, so it cannot go further"):
        blocked_content.implement(
            workspace, made.id, implemented_on=TODAY, implemented_by="ICT", expires_on=dt.date(2026, 1, 1), today=TODAY
        )
    with pytest.raises(ValidationError, match="was not approved"):
        blocked_content.decide(workspace, made.id, approved=True, decided_by="Head", decided_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="Only access that is in place can be extended"):
        blocked_content.extend_access(workspace, made.id, expires_on=dt.date(2026, 1, 1), today=TODAY)
    with pytest.raises(ValidationError, match="has been decided"):
        blocked_content.update_request(workspace, made.id, request_input(), today=TODAY)
    assert blocked_content.get_request(workspace, made.id).status is RequestStatus.REJECTED


def test_dates_must_make_sense(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="in the future") as refused:
        submit(workspace, requested_on=TODAY + dt.timedelta(days=1))
    assert refused.value.field == "requested_on"
    made = submit(workspace)
    with pytest.raises(ValidationError, match="before the request"):
        blocked_content.decide(
            workspace, made.id, approved=True, decided_by="Head", decided_on=dt.date(2025, 11, 1), today=TODAY
        )
    blocked_content.decide(
        workspace, made.id, approved=True, decided_by="Head", decided_on=dt.date(2025, 11, 5), today=TODAY
    )
    with pytest.raises(ValidationError, match="before it was approved"):
        blocked_content.implement(
            workspace,
            made.id,
            implemented_on=dt.date(2025, 11, 4),
            implemented_by="ICT",
            expires_on=dt.date(2026, 1, 1),
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="must be after 06/11/2025"):
        blocked_content.implement(
            workspace,
            made.id,
            implemented_on=dt.date(2025, 11, 6),
            implemented_by="ICT",
            expires_on=dt.date(2025, 11, 6),
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="within 3 years"):
        blocked_content.implement(
            workspace,
            made.id,
            implemented_on=dt.date(2025, 11, 6),
            implemented_by="ICT",
            expires_on=dt.date(2035, 1, 1),
            today=TODAY,
        )


def test_a_waiting_request_can_be_corrected_and_the_register_lists_it(workspace: Workspace) -> None:
    made = submit(workspace)
    fixed = blocked_content.update_request(
        workspace, made.id, request_input(url="https://www.example.org/other"), today=TODAY
    )
    assert fixed.url == "https://www.example.org/other"
    rows = blocked_content.list_requests(workspace)
    assert [(r.id, r.site, r.status) for r in rows] == [(made.id, "www.example.org", RequestStatus.SUBMITTED)]
    assert "humanities" in rows[0].search_text


def test_the_dashboard_shows_decisions_waiting_and_access_expiring(workspace: Workspace) -> None:
    waiting = submit(workspace)
    expiring = submit(workspace)
    past = submit(workspace)
    later = submit(workspace)
    expiries = ((expiring, dt.date(2025, 11, 30)), (past, dt.date(2025, 11, 19)), (later, dt.date(2026, 3, 1)))
    for made, expiry in expiries:
        blocked_content.decide(
            workspace, made.id, approved=True, decided_by="Head", decided_on=dt.date(2025, 11, 4), today=TODAY
        )
        blocked_content.implement(
            workspace,
            made.id,
            implemented_on=dt.date(2025, 11, 5),
            implemented_by="ICT",
            expires_on=expiry,
            today=dt.date(2025, 11, 5),
        )
    items = {i.record_id: i for i in blocked_content.dashboard_check(workspace, TODAY)}
    assert set(items) == {str(waiting.id), str(expiring.id), str(past.id)}
    assert items[str(waiting.id)].urgency is Urgency.TO_DO and "17 days ago" in items[str(waiting.id)].detail
    assert items[str(expiring.id)].urgency is Urgency.DUE_SOON and "in 10 days" in items[str(expiring.id)].detail
    assert items[str(past.id)].urgency is Urgency.OVERDUE


# -- inappropriate content reports (Appendix B) -----------------------------------------------------------------


def content_input(**changes: object) -> ContentReportInput:
    data = ContentReportInput(
        staff_name="Ms Agnieszka Wójcik",
        accessed_on=dt.date(2025, 11, 12),
        urls=["https://bad.example.com/page?x=1&y=<2>", "http://another.example.net/"],
        nature="Violent video game clips with strong language.",
        accessed_by="Tomos Prys-Jones",
        accessed_by_pupil=True,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_a_content_report_and_its_incident_are_recorded_together(workspace: Workspace) -> None:
    report = content_reports.log_content_report(workspace, content_input(), today=TODAY)
    assert report.reference == f"ICR-{report.id:05d}" and not report.ict_done
    assert report.urls == ("https://bad.example.com/page?x=1&y=<2>", "http://another.example.net/")
    assert report.accessed_by_shown() == "TP-J" and report.accessed_by_shown(full_names=True) == "Tomos Prys-Jones"
    incident = incidents.get_incident(workspace, report.incident_id)
    assert incident.category is IncidentCategory.INAPPROPRIATE_CONTENT
    assert incident.timeline[-1].action is ActionType.CONTENT_REPORT
    assert [r.id for r in content_reports.list_content_reports(workspace, report.incident_id)] == [report.id]
    assert content_reports.dashboard_check(workspace, TODAY)[0].title == f"ICT action to record: {report.reference}"
    done = content_reports.record_ict_action(
        workspace,
        report.id,
        action="Site blocked at the firewall.",
        by="Nguyễn Văn Minh",
        on=dt.date(2025, 11, 13),
        today=TODAY,
    )
    assert done.ict_done and done.ict_action_by == "Nguyễn Văn Minh"
    assert content_reports.dashboard_check(workspace, TODAY) == []
    with workspace.read() as session:
        summaries = " ".join(session.scalars(select(AuditEvent.summary)))
    assert "Tomos" not in summaries


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"urls": []}, "urls", "Enter the full URL"),
        (
            {"urls": ["https://ok.example.org", "bad.example.org/x"]},
            "urls",
            "Add https:// at the start of the URL number 2",
        ),
        ({"urls": ["https://a b.example.org"]}, "urls", "no spaces"),
        ({"accessed_on": dt.date(2025, 12, 1)}, "accessed_on", "in the future"),
        ({"staff_name": ""}, "staff_name", "Enter the name of the member of staff"),
        ({"nature": ""}, "nature", "nature of the inappropriate content"),
    ],
)
def test_content_reports_refuse_bad_input_and_save_nothing(
    workspace: Workspace, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        content_reports.log_content_report(workspace, content_input(**changes), today=TODAY)
    assert refused.value.field == field
    assert incidents.list_incidents(workspace) == [] and content_reports.list_content_reports(workspace) == []


def test_the_ict_action_cannot_be_before_the_access(workspace: Workspace) -> None:
    report = content_reports.log_content_report(workspace, content_input(), today=TODAY)
    with pytest.raises(ValidationError, match="before the content was accessed"):
        content_reports.record_ict_action(
            workspace, report.id, action="Blocked", by="ICT", on=dt.date(2025, 11, 1), today=TODAY
        )


def test_urls_typed_in_one_box_are_split() -> None:
    assert ContentReportInput.split_urls("https://a.example.org\nhttps://b.example.org, https://c.example.org") == [
        "https://a.example.org",
        "https://b.example.org",
        "https://c.example.org",
    ]
