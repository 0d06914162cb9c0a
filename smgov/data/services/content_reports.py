"""Inappropriate content reports (the Spixworth policy's Appendix B), each linked to an incident.

A member of staff reports content accessed on a school device or network; the ICT technician later records what
was done (action taken, by whom, when) so the site can be blocked. Each change is audited and appears on the linked
incident's timeline. Reports are shown by reference ("ICR-00003").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, ContentReport, Incident, IncidentCategory, utcnow
from smgov.data.operators import actor_name
from smgov.data.references import RecordKind, format_reference
from smgov.data.services import incidents
from smgov.data.services.attention import AttentionItem, Urgency
from smgov.data.services.blocked_content import check_url
from smgov.data.validation import check_line, check_past_day, check_text, school_today
from smgov.data.workspace import Workspace

MAX_URLS = 50
MAX_TEXT = 20_000


def reference(report_id: int) -> str:
    return format_reference(RecordKind.CONTENT_REPORT, report_id)


@dataclass
class ContentReportInput:
    """The reporter's part of the form (Appendix B, top half). ``urls``: one full URL each."""

    staff_name: str
    accessed_on: dt.date
    urls: list[str]
    nature: str
    accessed_by: str = ""  # if known
    accessed_by_pupil: bool = False  # then printouts for SLT show initials

    @staticmethod
    def split_urls(text: str) -> list[str]:
        """URLs typed one a line (or separated by spaces or commas) as a list, for a text box."""
        return [part for part in text.replace(",", " ").split() if part]


@dataclass(frozen=True)
class ContentReportDetails:
    id: int
    incident_id: int
    staff_name: str
    accessed_by: str
    accessed_by_pupil: bool
    accessed_on: dt.date
    urls: tuple[str, ...]
    nature: str
    ict_action: str
    ict_action_by: str
    ict_action_on: dt.date | None
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime

    @property
    def reference(self) -> str:
        return reference(self.id)

    @property
    def incident_reference(self) -> str:
        return incidents.reference(self.incident_id)

    @property
    def ict_done(self) -> bool:
        return self.ict_action_on is not None

    def accessed_by_shown(self, full_names: bool = False) -> str:
        """Who accessed it, as an SLT printout shows them: a pupil by initials unless ``full_names``."""
        if self.accessed_by and self.accessed_by_pupil and not full_names:
            return incidents.initials(self.accessed_by)
        return self.accessed_by

    def as_input(self) -> ContentReportInput:
        return ContentReportInput(
            self.staff_name, self.accessed_on, list(self.urls), self.nature, self.accessed_by, self.accessed_by_pupil
        )


@dataclass(frozen=True)
class _Checked:
    staff_name: str
    accessed_on: dt.date
    urls: tuple[str, ...]
    nature: str
    accessed_by: str
    accessed_by_pupil: bool


def _check(data: ContentReportInput, today: dt.date | None) -> _Checked:
    staff_name = check_line(data.staff_name, "staff_name", "name of the member of staff submitting the report")
    accessed_by = check_line(data.accessed_by, "accessed_by", "name of who accessed it", required=False)
    accessed_on = check_past_day(data.accessed_on, "accessed_on", "date", today=today)
    raw = [u for u in (data.urls or []) if u and u.strip()]
    if not raw:
        raise ValidationError("Enter the full URL of the inappropriate content (one a line).", field="urls")
    if len(raw) > MAX_URLS:
        raise ValidationError(f"At most {MAX_URLS} URLs on one report.", field="urls")
    urls: list[str] = []
    for number, url in enumerate(raw, start=1):
        label = "full URL" if len(raw) == 1 else f"URL number {number}"
        checked = check_url(url, "urls", label)
        if checked not in urls:
            urls.append(checked)
    nature = check_text(data.nature, "nature", "nature of the inappropriate content", limit=MAX_TEXT)
    return _Checked(staff_name, accessed_on, tuple(urls), nature, accessed_by, bool(data.accessed_by_pupil))


def _details(report: ContentReport) -> ContentReportDetails:
    return ContentReportDetails(
        id=report.id,
        incident_id=report.incident_id,
        staff_name=report.staff_name,
        accessed_by=report.accessed_by,
        accessed_by_pupil=report.accessed_by_pupil,
        accessed_on=report.accessed_on,
        urls=tuple(u for u in report.urls.split("\n") if u),
        nature=report.nature,
        ict_action=report.ict_action,
        ict_action_by=report.ict_action_by,
        ict_action_on=report.ict_action_on,
        created_at=report.created_at,
        created_by=report.created_by,
        updated_at=report.updated_at,
    )


def _report(session: Session, report_id: int) -> ContentReport:
    report = session.get(ContentReport, report_id)
    if report is None:
        raise ValidationError(f"There is no inappropriate content report {reference(report_id)}.", field="report_id")
    return report


def _insert(session: Session, incident: Incident, checked: _Checked) -> ContentReport:
    now = utcnow()
    report = ContentReport(
        incident_id=incident.id,
        staff_name=checked.staff_name,
        accessed_by=checked.accessed_by,
        accessed_by_pupil=checked.accessed_by_pupil,
        accessed_on=checked.accessed_on,
        urls="\n".join(checked.urls),
        nature=checked.nature,
        ict_action="",
        ict_action_by="",
        created_at=now,
        created_by=actor_name(session),
        updated_at=now,
    )
    session.add(report)
    session.flush()
    sites = len(checked.urls)
    incidents.add_entry(
        session,
        incident,
        ActionType.CONTENT_REPORT,
        f"{reference(report.id)} recorded by {checked.staff_name} ({sites} URL{'s' if sites != 1 else ''}).",
    )
    audit.record(
        session,
        AuditAction.CONTENT_REPORT_CREATE,
        "content_report",
        report.id,
        f"{reference(report.id)} recorded on {incidents.reference(incident.id)}",
    )
    return report


def create_content_report(
    workspace: Workspace, incident_id: int, data: ContentReportInput, *, today: dt.date | None = None
) -> ContentReportDetails:
    """Record an inappropriate content report against an existing incident."""
    checked = _check(data, today)
    with workspace.write() as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise ValidationError(f"There is no incident {incidents.reference(incident_id)}.", field="incident_id")
        return _details(_insert(session, incident, checked))


def log_content_report(
    workspace: Workspace,
    data: ContentReportInput,
    *,
    received_at: dt.datetime | None = None,
    safeguarding_concern: bool = False,
    today: dt.date | None = None,
) -> ContentReportDetails:
    """Record a report and the incident it belongs to (category "inappropriate content accessed on school devices"),
    together: both are saved or neither is."""
    checked = _check(data, today)
    incident_data = incidents.IncidentInput(
        category=IncidentCategory.INAPPROPRIATE_CONTENT,
        received_at=received_at or utcnow(),
        reported_by=checked.staff_name,
        description=checked.nature,
        summary="Inappropriate content accessed on a school device or network",
        safeguarding_concern=safeguarding_concern,
    )
    incident_checked = incidents.check_incident(incident_data)
    with workspace.write() as session:
        incident = incidents.insert_incident(session, incident_checked)
        return _details(_insert(session, incident, checked))


def update_content_report(
    workspace: Workspace, report_id: int, data: ContentReportInput, *, today: dt.date | None = None
) -> ContentReportDetails:
    """Correct the reporter's part; the incident's timeline says what changed."""
    checked = _check(data, today)
    with workspace.write() as session:
        report = _report(session, report_id)
        new = {
            "staff name": ("staff_name", checked.staff_name),
            "who accessed it": ("accessed_by", checked.accessed_by),
            "pupil or not": ("accessed_by_pupil", checked.accessed_by_pupil),
            "date": ("accessed_on", checked.accessed_on),
            "URLs": ("urls", "\n".join(checked.urls)),
            "nature of the content": ("nature", checked.nature),
        }
        changed = [label for label, (attr, value) in new.items() if getattr(report, attr) != value]
        if changed:
            for attr, value in new.values():
                setattr(report, attr, value)
            report.updated_at = utcnow()
            incident = session.get(Incident, report.incident_id)
            assert incident is not None
            incidents.add_entry(
                session, incident, ActionType.DETAILS_CHANGED, f"{reference(report_id)}: changed " + ", ".join(changed)
            )
            audit.record(
                session,
                AuditAction.CONTENT_REPORT_UPDATE,
                "content_report",
                report_id,
                f"{reference(report_id)}: changed " + ", ".join(changed),
            )
        session.flush()
        return _details(report)


def record_ict_action(
    workspace: Workspace,
    report_id: int,
    *,
    action: str,
    by: str,
    on: dt.date,
    today: dt.date | None = None,
) -> ContentReportDetails:
    """The ICT technician's part: what was done (e.g. the site blocked), by whom, and when."""
    what = check_text(action, "ict_action", "action taken", limit=MAX_TEXT)
    who = check_line(by, "ict_action_by", "name of the ICT technician")
    when = check_past_day(on, "ict_action_on", "date of the action", today=today or school_today())
    with workspace.write() as session:
        report = _report(session, report_id)
        if when < report.accessed_on:
            raise ValidationError(
                f"The action cannot be before the content was accessed ({report.accessed_on:%d/%m/%Y}).",
                field="ict_action_on",
            )
        again = report.ict_action_on is not None
        previous = report.ict_action
        report.ict_action, report.ict_action_by, report.ict_action_on = what, who, when
        report.updated_at = utcnow()
        incident = session.get(Incident, report.incident_id)
        assert incident is not None
        text = f"{reference(report_id)}: ICT action recorded by {who} ({when:%d/%m/%Y}): {what}"
        if again:
            text += f"\nIt replaces the action recorded before: {previous}"
        incidents.add_entry(session, incident, ActionType.CONTENT_REPORT, text, done_by=who)
        audit.record(
            session,
            AuditAction.CONTENT_REPORT_ICT,
            "content_report",
            report_id,
            f"{reference(report_id)}: ICT action {'changed' if again else 'recorded'}",
        )
        session.flush()
        return _details(report)


def get_content_report(workspace: Workspace, report_id: int) -> ContentReportDetails:
    with workspace.read() as session:
        return _details(_report(session, report_id))


def list_content_reports(workspace: Workspace, incident_id: int | None = None) -> list[ContentReportDetails]:
    """All reports (newest first), or those of one incident."""
    statement = select(ContentReport).order_by(ContentReport.accessed_on.desc(), ContentReport.id.desc())
    if incident_id is not None:
        statement = statement.where(ContentReport.incident_id == incident_id)
    with workspace.read() as session:
        return [_details(report) for report in session.scalars(statement)]


def waiting_for_ict(workspace: Workspace) -> list[ContentReportDetails]:
    with workspace.read() as session:
        statement = select(ContentReport).where(ContentReport.ict_action_on.is_(None)).order_by(ContentReport.id)
        return [_details(report) for report in session.scalars(statement)]


def dashboard_check(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    """Reports still waiting for the ICT technician's action."""
    items = []
    for report in waiting_for_ict(workspace):
        sites = len(report.urls)
        items.append(
            AttentionItem(
                Urgency.TO_DO,
                f"ICT action to record: {report.reference}",
                f"Inappropriate content ({sites} URL{'s' if sites != 1 else ''}) reported by {report.staff_name} on "
                f"{report.accessed_on:%d/%m/%Y}, on {report.incident_reference}. Record what ICT did.",
                "incidents",
                str(report.incident_id),
                report.accessed_on,
            )
        )
    return items


__all__ = [
    "ContentReportDetails",
    "ContentReportInput",
    "create_content_report",
    "get_content_report",
    "list_content_reports",
    "log_content_report",
    "record_ict_action",
    "update_content_report",
    "waiting_for_ict",
]
