"""Dashboard checks for the account register, people and the vault."""

from __future__ import annotations

import datetime as dt

from smgov.data.models.accounts import AccountStatus
from smgov.data.services import accounts, people, school, vault
from smgov.data.services.attention import AttentionItem, Urgency, days_away
from smgov.data.workspace import Workspace

REVIEW_DAYS = 30
# Accounts that exist (or are about to) and so must be run by at least two current named staff.
RUN_BY_STAFF = {AccountStatus.APPROVED, AccountStatus.ACTIVE, AccountStatus.UNDER_REVIEW}
# Accounts whose review date is no longer a job to do; every other account's is, whatever its state.
NO_REVIEW = frozenset({AccountStatus.CLOSED, AccountStatus.REJECTED})
LEAVERS_DAYS = 30  # a leaver's accounts and passwords are listed from this many days before they go
LEAVER_ACTIONS = {
    "transfer lead": "Transfer the lead of",
    "remove access": "Remove access to",
    "rotate password": "Change the password of",
}


def review_overdue(row: accounts.AccountRow, today: dt.date) -> bool:
    """Whether ``row``'s review date has passed on an account whose review is still a job to do (the dashboard's
    "Account review overdue")."""
    return row.review_date is not None and row.review_date < today and row.status not in NO_REVIEW


def register_checks(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    register = accounts.list_accounts(workspace)
    for row in register:
        ref = str(row.id)
        if row.status is AccountStatus.SUBMITTED:
            items.append(
                AttentionItem(
                    Urgency.TO_DO,
                    f"Application awaiting SLT: {row.display_name}",
                    f"{row.platform.label} account submitted for a decision.",
                    "accounts",
                    ref,
                )
            )
        if row.status in RUN_BY_STAFF and row.current_staff < 2:
            items.append(
                AttentionItem(
                    Urgency.OVERDUE if row.current_staff == 0 else Urgency.TO_DO,
                    f"Too few named staff: {row.display_name}",
                    f"{row.current_staff} current named staff; the policy asks for at least two.",
                    "accounts",
                    ref,
                )
            )
        if row.status in RUN_BY_STAFF and not row.is_public:
            items.append(
                AttentionItem(
                    Urgency.TO_DO,
                    f"Private account: {row.display_name}",
                    "The policy requires school accounts to be public.",
                    "accounts",
                    ref,
                )
            )
        if row.review_date and row.status not in NO_REVIEW:
            days = (row.review_date - today).days
            if days < 0:
                items.append(
                    AttentionItem(
                        Urgency.OVERDUE,
                        f"Account review overdue: {row.display_name}",
                        f"It was due on {row.review_date:%d/%m/%Y}.",
                        "accounts",
                        ref,
                        row.review_date,
                    )
                )
            elif days <= REVIEW_DAYS:
                items.append(
                    AttentionItem(
                        Urgency.DUE_SOON,
                        f"Account review due: {row.display_name}",
                        f"Due on {row.review_date:%d/%m/%Y} ({days_away(days)}).",
                        "accounts",
                        ref,
                        row.review_date,
                    )
                )
    items += _people_checks(workspace, today)
    items += _password_checks(workspace, today)
    return items


def _people_checks(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for leaver in people.leavers_to_do(workspace, leaving_by=today + dt.timedelta(days=LEAVERS_DAYS)):
        todo = leaver.item
        target = f"{todo.account_name} ({todo.credential_label})" if todo.credential_id else todo.account_name
        items.append(
            AttentionItem(
                Urgency.OVERDUE if leaver.leaving_date <= today else Urgency.DUE_SOON,
                f"{LEAVER_ACTIONS[todo.action]} {target}",
                f"{leaver.full_name} leaves on {leaver.leaving_date:%d/%m/%Y}.",
                "vault" if todo.credential_id else "accounts",
                str(todo.credential_id or todo.account_id),
                leaver.leaving_date,
                kind="Leavers' access",
            )
        )
    for person in people.untrained_named(workspace, today):
        missing = []
        if person.social_media_training_on is None:
            missing.append("social media training")
        if person.terms_signed_on is None:
            missing.append("terms of use")
        items.append(
            AttentionItem(
                Urgency.TO_DO,
                f"Training or terms missing: {person.full_name}",
                f"Named on {person.accounts_named} account(s) without " + " and ".join(missing) + ".",
                "people",
                str(person.id),
            )
        )
    return items


def _password_checks(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    max_age = school.get_details(workspace).password_max_age_days
    items: list[AttentionItem] = []
    for row in vault.list_credentials(workspace):
        if row.kind.value == "recovery_codes":
            continue
        age = row.age_days(today)
        if age > max_age:
            items.append(
                AttentionItem(
                    Urgency.OVERDUE,
                    f"Password too old: {row.account_name} ({row.title})",
                    f"Last changed {age} days ago; the limit is {max_age}.",
                    "vault",
                    str(row.id),
                )
            )
    return items
