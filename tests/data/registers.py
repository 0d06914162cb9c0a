"""Factories for people, accounts and credentials in tests (Vorta's init_db / TagStudio's generate_tag style)."""

from __future__ import annotations

import datetime as dt
import itertools

from smgov.data.models.accounts import AccountStatus, Platform, StaffRole
from smgov.data.models.people import PersonKind
from smgov.data.models.vault import CredentialKind
from smgov.data.services import accounts, people, vault
from smgov.data.workspace import Workspace

_numbers = itertools.count(1)


def make_person(workspace: Workspace, name: str | None = None, **changes: object) -> int:
    n = next(_numbers)
    form = people.PersonForm(
        full_name=name or f"Test Person {n}",
        kind=PersonKind.STAFF,
        role="Teacher",
        email=f"person{n}@school.example.org",
        social_media_training_on=dt.date(2026, 1, 10),
        terms_signed_on=dt.date(2026, 1, 10),
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return people.add_person(workspace, form)


def complete_form(handle: str | None = None, platform: Platform = Platform.X) -> accounts.AccountForm:
    handle = handle or f"SchoolAccount{next(_numbers)}"
    return accounts.AccountForm(
        platform=platform,
        handle=handle,
        name=f"{handle} news",
        profile_url=f"https://x.com/{handle}" if platform is Platform.X else "",
        aim="Share celebrations of pupils' work with families",
        audience="Parents and carers",
        content_plan="Two posts a week, checked by the lead",
        content_types="Photos (with consent), event reminders",
        promotion="Newsletter and website footer",
        linked_email="office@school.example.org",
    )


def make_account(
    workspace: Workspace,
    status: AccountStatus = AccountStatus.DRAFT,
    staff: int = 2,
    handle: str | None = None,
) -> tuple[int, list[int]]:
    """An account taken through its lifecycle to ``status``, with ``staff`` named people (the first is lead)."""
    account_id = accounts.add_account(workspace, complete_form(handle))
    person_ids = []
    for index in range(staff):
        person_id = make_person(workspace)
        role = StaffRole.LEAD if index == 0 else StaffRole.POSTER
        accounts.add_staff(workspace, account_id, person_id, role, "Dr Head", dt.date(2026, 2, 1))
        person_ids.append(person_id)
    path = {
        AccountStatus.DRAFT: [],
        AccountStatus.SUBMITTED: [AccountStatus.SUBMITTED],
        AccountStatus.APPROVED: [AccountStatus.SUBMITTED, AccountStatus.APPROVED],
        AccountStatus.ACTIVE: [AccountStatus.SUBMITTED, AccountStatus.APPROVED, AccountStatus.ACTIVE],
    }[status]
    for step in path:
        accounts.transition(workspace, account_id, step, decided_by="SLT meeting", reason="ok")
    return account_id, person_ids


def make_credential(workspace: Workspace, account_id: int, secret: str = "Tq7#mVx2!pLr9@Zs-staple") -> int:
    return vault.add_credential(
        workspace,
        account_id,
        vault.CredentialForm(CredentialKind.PLATFORM_LOGIN, "Main login", "office@school.example.org", secret),
    )
