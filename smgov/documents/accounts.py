"""The account application PDF and the register export, from the workspace."""

from __future__ import annotations

from smgov.data.models.accounts import AccountStatus
from smgov.data.operators import current_operator
from smgov.data.references import RecordKind, format_reference
from smgov.data.services import accounts, school
from smgov.data.workspace import Workspace
from smgov.documents import letterhead
from smgov.reports.account_application import AccountApplication, NamedStaff, account_application_pdf
from smgov.reports.pdf import Letterhead
from smgov.reports.spreadsheet import Cell, to_csv, to_xlsx

EXPORT_HEADERS = [
    "Reference",
    "Platform",
    "Handle",
    "Account name",
    "Status",
    "Profile URL",
    "Linked school email",
    "Public",
    "AUP link in About page",
    "Lead",
    "Named staff (current)",  # names and roles, lead first
    "Monitoring",
    "Review date",
    "Aim",
    "Audience",
    "Content plan",
    "Content types",
    "Promotion",
    "Credentials held (count)",
]
WRAPPED = (10, 13, 14, 15, 16, 17)  # named staff and the business case: long text, wrapped


def account_application_blank(head: Letterhead) -> bytes:
    return account_application_pdf(head)


def application_for(workspace: Workspace, account_id: int) -> AccountApplication:
    details = accounts.get_account(workspace, account_id)
    form = details.form
    decision = {AccountStatus.REJECTED: "rejected"}.get(details.status, "approved" if details.decided_on else "")
    return AccountApplication(
        reference=format_reference(RecordKind.ACCOUNT, details.id),
        platform=form.platform.label,
        handle=form.handle,
        name=form.name,
        profile_url=form.profile_url,
        aim=form.aim,
        audience=form.audience,
        content_plan=form.content_plan,
        content_types=form.content_types,
        promotion=form.promotion,
        linked_email=form.linked_email,
        is_public=form.is_public,
        aup_link_in_about=form.aup_link_in_about,
        monitoring=form.monitoring_frequency.label,
        review_date=form.review_date,
        status=details.status.label,
        staff=[
            NamedStaff(s.person_name, s.role.label, s.authorised_by, s.authorised_on, s.trained, s.terms_signed)
            for s in details.current_staff
        ],
        decision=decision,
        decided_by=details.decided_by,
        decided_on=details.decided_on,
        decision_reasons=details.decision_reasons,
    )


def account_application_filled(workspace: Workspace, account_id: int) -> bytes:
    return account_application_pdf(letterhead(workspace), application_for(workspace, account_id))


def named_staff_text(staff: list[accounts.NamedStaffRecord]) -> str:
    """The current named staff as the register shows them: "Jane Smith (lead); Tom Brown (poster)", lead first."""
    return "; ".join(f"{s.person_name} ({s.role.label.lower()})" for s in staff)


def export_rows(workspace: Workspace) -> list[list[Cell]]:
    """The register's rows in reference order, without any secret (only how many credentials each account has)."""
    rows: list[list[Cell]] = []
    forms = accounts.account_forms(workspace)
    named = accounts.current_staff_by_account(workspace)  # one query, leads first
    for row in sorted(accounts.list_accounts(workspace), key=lambda r: r.id):
        form = forms[row.id]
        rows.append(
            [
                format_reference(RecordKind.ACCOUNT, row.id),
                row.platform.label,
                row.handle,
                row.name,
                row.status.label,
                row.profile_url,
                row.linked_email,
                "Yes" if row.is_public else "No",
                "Yes" if row.aup_link_in_about else "No",
                row.lead,
                named_staff_text(named.get(row.id, [])),
                form.monitoring_frequency.label,
                row.review_date,
                form.aim,
                form.audience,
                form.content_plan,
                form.content_types,
                form.promotion,
                row.credentials,
            ]
        )
    return rows


def export_accounts(workspace: Workspace, fmt: str, full_names: bool = False) -> bytes:
    """The register as CSV or XLSX ("Account register", by reference), without any secret."""
    rows = export_rows(workspace)
    if fmt == "xlsx":
        return to_xlsx(
            EXPORT_HEADERS,
            rows,
            sheet_title="Account register",
            title=f"Account register: {school.get_details(workspace).name}",
            exported_by=current_operator(workspace).name,
            wrap=WRAPPED,
        )
    return to_csv(EXPORT_HEADERS, rows)
