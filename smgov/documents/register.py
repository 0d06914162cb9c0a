"""The account register and the staff training matrix as PDFs for the governors' file, from the workspace.

``smgov report register FILE -o OUT.pdf`` and ``smgov report training FILE -o OUT.pdf`` print these. Both read the
register in a handful of queries whatever its size (the accounts, their forms and every account's current named
staff at once), never a query per account, and neither holds a secret.
"""

from __future__ import annotations

import datetime as dt

from smgov.data.models.accounts import AccountStatus
from smgov.data.references import RecordKind, format_reference
from smgov.data.services import accounts
from smgov.data.services.register_checks import RUN_BY_STAFF, review_overdue
from smgov.data.workspace import Workspace
from smgov.documents import letterhead
from smgov.reports.register import RegisterAccount, TrainingEntry
from smgov.reports.register import account_register_pdf as register_document
from smgov.reports.register import training_matrix_pdf as matrix_document

_STATUS_ORDER = {status: index for index, status in enumerate(AccountStatus)}


def _in_order(workspace: Workspace) -> list[accounts.AccountRow]:
    """The accounts by status (as the lifecycle runs: draft first, closed last), then by name."""
    rows = accounts.list_accounts(workspace)
    return sorted(rows, key=lambda r: (_STATUS_ORDER[r.status], r.display_name.casefold(), r.id))


def register_rows(workspace: Workspace, today: dt.date | None = None) -> list[RegisterAccount]:
    """The register's lines, in the order printed, with the dashboard's warnings: a review date before ``today``
    (on any account not closed or rejected), and fewer than two current named staff on an account that is approved,
    active or under review."""
    today = today or dt.date.today()
    forms = accounts.account_forms(workspace)
    staff = accounts.current_staff_by_account(workspace)
    return [
        RegisterAccount(
            reference=format_reference(RecordKind.ACCOUNT, row.id),
            platform=row.platform.label,
            handle=row.handle,
            name=row.name,
            status=row.status.label,
            lead=row.lead,
            named_staff=[s.person_name for s in staff.get(row.id, [])],
            review_date=row.review_date,
            is_public=row.is_public,
            aup_link_in_about=row.aup_link_in_about,
            monitoring=forms[row.id].monitoring_frequency.label if row.id in forms else "",
            review_overdue=review_overdue(row, today),
            too_few_staff=row.status in RUN_BY_STAFF and row.current_staff < 2,
        )
        for row in _in_order(workspace)
    ]


def training_rows(workspace: Workspace) -> list[TrainingEntry]:
    """A line for each current named member of staff on each account, accounts in the register's order."""
    staff = accounts.current_staff_by_account(workspace)
    entries: list[TrainingEntry] = []
    for row in _in_order(workspace):
        handle = f" @{row.handle}" if row.handle else ""
        detail = f"{row.platform.label}{handle} · {format_reference(RecordKind.ACCOUNT, row.id)}"
        for person in staff.get(row.id, []):
            entries.append(
                TrainingEntry(
                    account=f"{row.display_name} · {row.status.label}",
                    account_detail=detail,
                    person=person.person_name,
                    role=person.role.label,
                    trained_on=person.trained_on,
                    terms_signed_on=person.terms_signed_on,
                    authorised_by=person.authorised_by,
                    authorised_on=person.authorised_on,
                    person_id=person.person_id,
                )
            )
    return entries


def account_register_pdf(workspace: Workspace, *, printed_on: dt.date | None = None) -> bytes:
    """The account register for the governors' file: confidential, dated, no secrets."""
    rows = register_rows(workspace, printed_on)
    return register_document(letterhead(workspace), rows, printed_on=printed_on)


def training_matrix_pdf(workspace: Workspace, *, printed_on: dt.date | None = None) -> bytes:
    """Who runs which account, when they were trained and signed the terms, and who authorised them."""
    return matrix_document(letterhead(workspace), training_rows(workspace), printed_on=printed_on)
