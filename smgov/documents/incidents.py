"""The incident report, the two appendix forms (blank and filled) and the incident log export, from the workspace.

Registered in :mod:`smgov.documents` as FORMS "blocked-content", "inappropriate-content" and "incident", and EXPORTS
"incidents". The UI calls :func:`incident_report` directly when the user chooses originals or full names.
"""

from __future__ import annotations

import datetime as dt

from smgov.data.calendar import format_school_time
from smgov.data.models import InvolvedKind
from smgov.data.operators import current_operator
from smgov.data.services import audit_log, blocked_content, content_reports, evidence, incidents, school
from smgov.data.workspace import Workspace
from smgov.documents import letterhead
from smgov.reports.appendix_forms import (
    AccessRequest,
    InappropriateContent,
    blocked_content_request_pdf,
    inappropriate_content_report_pdf,
)
from smgov.reports.incident_report import (
    IncidentReport,
    ReportContentReport,
    ReportEntry,
    ReportEvidence,
    ReportPerson,
    incident_report_pdf,
)
from smgov.reports.pdf import Letterhead
from smgov.reports.spreadsheet import Cell, to_csv, to_xlsx

XLSX_CELL_LIMIT = 32_000  # Excel holds at most 32,767 characters in a cell

# -- Appendix A -------------------------------------------------------------------------------------------------


def blocked_content_blank(head: Letterhead) -> bytes:
    return blocked_content_request_pdf(head)


def access_request_for(workspace: Workspace, request_id: int) -> AccessRequest:
    r = blocked_content.get_request(workspace, request_id)
    return AccessRequest(
        reference=r.reference,
        staff_name=r.staff_name,
        requested_on=r.requested_on,
        url=r.url,
        site_content=r.site_content,
        reasons=r.reasons,
        risks_and_controls=r.risks_and_controls,
        requester=r.requester,
        status=r.status.label,
        authoriser=r.authoriser,
        approved=r.approved,
        decision_reasons=r.decision_reasons,
        decision_by=r.decision_by,
        decided_on=r.decided_on,
        implemented_on=r.implemented_on,
        implemented_by=r.implemented_by,
        expires_on=r.expires_on,
    )


def blocked_content_filled(workspace: Workspace, request_id: int) -> bytes:
    return blocked_content_request_pdf(letterhead(workspace), access_request_for(workspace, request_id))


# -- Appendix B -------------------------------------------------------------------------------------------------


def inappropriate_content_blank(head: Letterhead) -> bytes:
    return inappropriate_content_report_pdf(head)


def content_report_for(workspace: Workspace, report_id: int, *, full_names: bool = True) -> InappropriateContent:
    """The report as the form prints it. The form itself asks for the name of who accessed the content, so it is
    printed in full by default (it goes to the ICT technician); ``full_names=False`` prints a pupil's initials."""
    r = content_reports.get_content_report(workspace, report_id)
    return InappropriateContent(
        reference=r.reference,
        staff_name=r.staff_name,
        accessed_on=r.accessed_on,
        urls=r.urls,
        nature=r.nature,
        accessed_by=r.accessed_by_shown(full_names),
        incident_reference=r.incident_reference,
        ict_action=r.ict_action,
        ict_action_by=r.ict_action_by,
        ict_action_on=r.ict_action_on,
    )


def inappropriate_content_filled(workspace: Workspace, report_id: int, *, full_names: bool = True) -> bytes:
    return inappropriate_content_report_pdf(
        letterhead(workspace), content_report_for(workspace, report_id, full_names=full_names)
    )


# -- the incident report ----------------------------------------------------------------------------------------


def _entries(details: incidents.IncidentDetails) -> list[ReportEntry]:
    by_id = {e.id: e for e in details.timeline}
    result = []
    for entry in details.timeline:
        notes = []
        if entry.corrects_id is not None:
            corrected = by_id.get(entry.corrects_id)
            when = f" of {format_school_time(corrected.occurred_at)}" if corrected else ""
            verb = "Withdraws the entry" if entry.withdrawn else "Corrects the entry"
            notes.append(f"{verb}{when} ({corrected.label if corrected else 'earlier'}). Reason: {entry.reason}")
        if entry.corrected_by_id is not None:
            notes.append("Corrected by a later entry.")
        result.append(
            ReportEntry(
                occurred_at=entry.occurred_at,
                action=("Withdrawn: " if entry.withdrawn else "") + entry.label,
                done_by=entry.done_by or entry.recorded_by,
                details=entry.details,
                note=" ".join(notes),
                current=entry.current or (entry.withdrawn and entry.corrected_by_id is None),
            )
        )
    return result


def _evidence(workspace: Workspace, incident_id: int, originals: bool) -> list[ReportEvidence]:
    items = []
    for version in evidence.shared_versions(workspace, incident_id):
        original, shared = version.original, version.shared
        printed_as, printed_sha256, image, missing = "", "", None, ""
        if originals:
            printed_as, printed_sha256 = "original (unredacted)", original.sha256
            image = evidence.get_evidence_bytes(workspace, original.id)
        elif shared is None:
            missing = (
                f"{original.title} is not printed: it has not been redacted, nor cleared for sharing as it is. "
                "Redact it (cover names and faces) or mark it as needing no redaction in smgov, or print this "
                "report with the originals."
            )
        else:
            printed_as = "original, cleared for sharing"
            if shared.is_redacted_copy:
                printed_as = shared.title.partition(", ")[2] or "redacted copy"  # "redacted copy 2"
            printed_sha256 = shared.sha256
            image = evidence.get_evidence_bytes(workspace, shared.id)
        items.append(
            ReportEvidence(
                title=original.title,
                added_at=original.added_at,
                added_by=original.added_by,
                source=original.source.label,
                original_sha256=original.sha256,
                original_size=original.size_bytes,
                width=original.width,
                height=original.height,
                caption=original.caption,
                printed_as=printed_as,
                printed_sha256=printed_sha256,
                image=image,
                missing=missing,
            )
        )
    return items


def incident_report_for(
    workspace: Workspace, incident_id: int, *, originals: bool = False, full_names: bool = False
) -> IncidentReport:
    details = incidents.get_incident(workspace, incident_id)
    now = dt.datetime.now(dt.UTC)
    safeguarding = "No"
    if details.safeguarding_concern:
        safeguarding = "Yes: not yet acknowledged by the DSL"
        if details.dsl_acknowledged_at is not None:
            when = format_school_time(details.dsl_acknowledged_at)
            safeguarding = f"Yes: acknowledged by {details.dsl_acknowledged_by} (DSL) on {when}"
    first = ""
    if details.first_response_at is not None:
        first = f"{format_school_time(details.first_response_at)} by {details.first_response_by}"
        state = details.response_state(now)
        if state is incidents.ResponseState.RESPONDED_LATE:
            first += " (after the deadline)"
    due = format_school_time(details.due_at)
    if due and details.first_response_at is None and details.status.value != "closed" and details.due_at:
        from smgov.data.calendar import describe_time_left

        due += f" ({describe_time_left(details.due_at, now)})"
    return IncidentReport(
        reference=details.reference,
        category=details.category.label,
        status=details.status.label,
        received_at=details.received_at,
        reported_by=details.reported_by,
        logged_by=details.created_by,
        description=details.description,
        summary=details.summary,
        account=" · ".join(part for part in (details.platform, details.account_name) if part),
        safeguarding=safeguarding,
        response_due=due,
        first_response=first,
        outcome=details.outcome,
        people=[ReportPerson(p.shown_name(full_names), p.kind.label, p.role.label) for p in details.people],
        timeline=_entries(details),
        evidence=_evidence(workspace, incident_id, originals),
        content_reports=[
            ReportContentReport(
                reference=c.reference,
                staff_name=c.staff_name,
                accessed_by=c.accessed_by_shown(full_names),
                accessed_on=c.accessed_on,
                urls=c.urls,
                nature=c.nature,
                ict_action=c.ict_action,
                ict_action_by=c.ict_action_by,
                ict_action_on=c.ict_action_on,
            )
            for c in content_reports.list_content_reports(workspace, incident_id)
        ],
        originals=originals,
        full_names=full_names,
        audit_seal=audit_log.current_seal(workspace),
    )


def incident_report(
    workspace: Workspace, incident_id: int, *, originals: bool = False, full_names: bool = False
) -> bytes:
    """The incident report for SLT: redacted copies and pupils' initials unless chosen otherwise."""
    report = incident_report_for(workspace, incident_id, originals=originals, full_names=full_names)
    return incident_report_pdf(letterhead(workspace), report)


# -- the export -------------------------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Reference",
    "Received",
    "Category",
    "Platform",
    "Account",
    "Reported by",
    "Status",
    "Summary",
    "Description",
    "People involved",
    "Safeguarding concern",
    "DSL acknowledged",
    "Response due",
    "First response",
    "First response by",
    "Response",
    "Outcome",
    "Closed",
    "Evidence (screenshots)",
]
WRAPPED = (7, 8, 9, 16)  # summary, description, people involved, outcome: long text, wrapped


def _person_text(person: incidents.InvolvedPerson, full_names: bool) -> str:
    """ "ZŴ-Ł (Year 5) – victim", "Mr R. Bevan – author (someone else)" """
    kind = "" if person.kind is InvolvedKind.PUPIL else f" ({person.kind.label.lower()})"
    return f"{person.shown_name(full_names)} – {person.role.label.lower()}{kind}"


def _people_cell(
    people: tuple[incidents.InvolvedPerson, ...],
    full_names: bool,
    known: dict[tuple[object, ...], str] | None = None,
) -> str:
    """Everyone involved, in one cell. ``known`` keeps each person's text for the rest of the export: the same few
    people recur across thousands of incidents, and working out initials is most of the cost."""
    known = {} if known is None else known
    parts = []
    for person in people:
        key = (person.kind, person.role, person.name, person.year_group)
        text = known.get(key)
        if text is None:
            text = known[key] = _person_text(person, full_names)
        parts.append(text)
    return "; ".join(parts)


def _limited(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + " … (cut short here: the full text is in smgov)"


def export_rows(workspace: Workspace, fmt: str = "csv", full_names: bool = False) -> list[list[Cell]]:
    """The incident log's rows, by reference; pupils by initials unless ``full_names``; long text cut for XLSX."""
    now = dt.datetime.now(dt.UTC)
    limit = XLSX_CELL_LIMIT if fmt == "xlsx" else 1_000_000
    rows: list[list[Cell]] = []
    known: dict[tuple[object, ...], str] = {}
    for record in sorted(incidents.all_records(workspace), key=lambda r: r.row.id):  # by reference
        row = record.row
        rows.append(
            [
                row.reference,
                row.received_at,
                row.category.label,
                row.platform,
                row.account_name,
                row.reported_by,
                row.status.label,
                row.summary,
                _limited(record.description, limit),
                _people_cell(record.people, full_names, known),
                "Yes" if row.safeguarding_concern else "No",
                ("Yes" if row.dsl_acknowledged else "No") if row.safeguarding_concern else "",
                row.due_at,
                row.first_response_at,
                record.first_response_by,
                row.response_state(now).label,
                _limited(record.outcome, limit),
                record.closed_at,
                row.evidence_count,
            ]
        )
    return rows


def export_incidents(workspace: Workspace, fmt: str, full_names: bool = False) -> bytes:
    """The incident log as CSV or XLSX ("Incident log", by reference); pupils by initials unless ``full_names``."""
    rows = export_rows(workspace, fmt, full_names)
    if fmt == "xlsx":
        return to_xlsx(
            EXPORT_HEADERS,
            rows,
            sheet_title="Incident log",
            title=f"Incident log: {school.get_details(workspace).name}",
            exported_by=current_operator(workspace).name,
            wrap=WRAPPED,
            note="CONFIDENTIAL: for staff; pupils are named in full."
            if full_names
            else "Pupils appear as initials only.",
        )
    return to_csv(EXPORT_HEADERS, rows)
