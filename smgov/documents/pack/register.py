"""The pack's accounts part: the register by state; applications submitted and decided; accounts with fewer than
two named staff; reviews overdue; leavers' to-dos; named staff without training or signed terms; and the passwords'
health as counts (never a secret).

The rows are the Accounts, People and Passwords screens' (``accounts.list_accounts``, ``people.list_people``,
``people.untrained_named``, ``vault.list_credentials``, ``vault.health_report``) and the rules are the dashboard's
(:mod:`smgov.data.services.register_checks`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

from smgov.data.models.accounts import AccountStatus
from smgov.data.models.vault import CredentialKind
from smgov.data.services import accounts, people, school, termly, vault
from smgov.data.services.register_checks import RUN_BY_STAFF, review_overdue
from smgov.documents.pack.counting import AreaResult, Counting, counted, utc_bounds
from smgov.reports.pack.model import Chart, Part, Table

LEAVERS_AHEAD = 30  # days: the dashboard's window for leavers' to-dos
LEAVER_WORDS = {
    "transfer lead": "Transfer the lead of",
    "remove access": "Remove access to",
    "rotate password": "Change the password of",
}


def accounts_area(counting: Counting) -> AreaResult:
    c = counting
    register = accounts.list_accounts(c.workspace)
    states = Counter(row.status for row in register)
    moves = termly.account_moves(c.workspace, *utc_bounds(c.period))
    moves_before = termly.account_moves(c.workspace, *utc_bounds(c.previous))

    def moved_to(found: list[termly.AccountMove], status: AccountStatus) -> int:
        return sum(1 for move in found if move.to_status is status)

    too_few = [row for row in register if row.status in RUN_BY_STAFF and row.current_staff < 2]
    reviews_overdue = [row for row in register if review_overdue(row, c.today)]
    waiting = [row for row in register if row.status is AccountStatus.SUBMITTED]
    leavers = people.list_people(c.workspace, leaving_by=c.today + dt.timedelta(days=LEAVERS_AHEAD))
    to_dos = [(person, item) for person in leavers for item in people.leaver_items(c.workspace, person.id)]
    untrained = people.untrained_named(c.workspace, c.today)

    credentials = [row for row in vault.list_credentials(c.workspace) if row.kind is not CredentialKind.RECOVERY_CODES]
    health = vault.health_report(c.workspace, c.today)
    problems = Counter(item.problem for item in health)
    to_change = {item.credential.id for item in health}
    ages = [row.age_days(c.today) for row in credentials]
    max_age = school.get_details(c.workspace).password_max_age_days

    active = states[AccountStatus.ACTIVE] + states[AccountStatus.UNDER_REVIEW]
    figures = [
        c.figure("Accounts active or under review", active),
        c.figure(
            "Applications submitted to SLT",
            moved_to(moves, AccountStatus.SUBMITTED),
            moved_to(moves_before, AccountStatus.SUBMITTED),
        ),
        *(
            c.figure(f"Applications {status.value}", moved_to(moves, status), moved_to(moves_before, status))
            for status in (AccountStatus.APPROVED, AccountStatus.REJECTED)
        ),
        c.figure("Applications waiting for SLT now", len(waiting), good_when="down"),
        c.figure("Accounts with fewer than two named staff", len(too_few), good_when="down"),
        c.figure("Account reviews overdue", len(reviews_overdue), good_when="down"),
        c.figure("Leavers' to-dos (leaving within 30 days or left)", len(to_dos), good_when="down"),
        c.figure("Named staff without training or signed terms", len(untrained), good_when="down"),
        c.figure("Passwords held (besides recovery codes)", len(credentials)),
        c.figure(
            f"Passwords older than {max_age} days",
            problems["old"],
            good_when="down",
            detail=f"median age {statistics.median(ages):.0f} days" if ages else "",
        ),
        c.figure("Weak passwords", problems["weak"], good_when="down"),
        c.figure("Passwords used more than once", problems["reused"], good_when="down"),
        c.figure("Passwords given to someone who has left", problems["leaver"], good_when="down"),
    ]
    shown_states = [status for status in AccountStatus if states[status]]
    charts = [
        Chart(
            "Accounts by state",
            [status.label for status in shown_states],
            [("Accounts", c.series(states[status] for status in shown_states))],
            kind="hbar",
        ),
        Chart(
            "Password health",
            [f"Older than {max_age} days", "Weak", "Used more than once", "Given to a leaver"],
            [("Passwords", c.series(problems[key] for key in ("old", "weak", "reused", "leaver")))],
            kind="hbar",
        ),
    ]
    tables: list[Table] = []
    notes = [
        "The register's figures are as they stand on " + f"{c.today:%d/%m/%Y}; applications are those of the period."
    ]
    if c.governors:
        notes.append("Accounts and staff are listed in the SLT version only.")
    else:
        tables = [
            Table(
                "Accounts with fewer than two named staff",
                ["Account", "Platform", "State", "Named staff", "Lead"],
                [
                    [row.display_name, row.platform.label, row.status.label, row.current_staff, row.lead or "None"]
                    for row in sorted(too_few, key=lambda r: r.display_name.casefold())
                ],
                empty="None: every account is run by at least two named staff.",
                widths=(2, 1, 1, 0.8, 1.6),
            ),
            Table(
                "Account reviews overdue",
                ["Account", "Platform", "Review was due"],
                [
                    [row.display_name, row.platform.label, row.review_date]
                    for row in sorted(reviews_overdue, key=lambda r: (r.review_date, r.display_name.casefold()))
                ],
                empty="None.",
                widths=(2.5, 1, 1),
            ),
            Table(
                "Leavers' to-dos",
                ["Person", "Leaves on", "To do"],
                [
                    [
                        person.full_name,
                        person.leaving_date,
                        f"{LEAVER_WORDS[item.action]} {item.account_name}"
                        + (f" ({item.credential_label})" if item.credential_label else ""),
                    ]
                    for person, item in to_dos
                ],
                empty="None.",
                widths=(1.4, 1, 3),
            ),
            Table(
                "Named staff without training or signed terms",
                ["Person", "Role", "Accounts", "Missing"],
                [[person.full_name, person.role, person.accounts_named, _missing(person)] for person in untrained],
                empty="None: everyone named on an account is trained and has signed the terms of use.",
                widths=(1.5, 1.5, 0.7, 2),
            ),
        ]
    result = AreaResult(
        Part("accounts", "Accounts and passwords", _intro(c), figures, charts, tables, notes),
        summary=[figures[0], figures[5], figures[6], c.figure("Passwords to change", len(to_change), good_when="down")],
    )
    if waiting:
        result.actions.append(f"Decide {counted(c, len(waiting), 'account application')} waiting for SLT.")
    if too_few:
        result.actions.append(f"Name a second member of staff on {counted(c, len(too_few), 'account')}.")
    if reviews_overdue:
        result.actions.append(f"Review {counted(c, len(reviews_overdue), 'account')} whose review is overdue.")
    if to_dos:
        to_do = counted(c, len(to_dos), "leaver's to-do", "leavers' to-dos")
        result.actions.append(f"Complete {to_do} (leads, access, passwords).")
    if untrained:
        result.actions.append(
            f"Train, or have sign the terms of use, {counted(c, len(untrained), 'member', 'members')} of staff named "
            "on accounts."
        )
    if to_change:
        result.actions.append(
            f"Change {counted(c, len(to_change), 'password')}: weak, reused, old or known to a leaver."
        )
    return result


def _missing(person: people.PersonRow) -> str:
    missing = []
    if person.social_media_training_on is None:
        missing.append("Social media training")
    if person.terms_signed_on is None:
        missing.append("Terms of use")
    return ", ".join(missing)


def _intro(c: Counting) -> str:
    return (
        "The register of the school's official accounts, who runs them, and the health of their passwords in "
        "the vault (counts only: no password is shown or decrypted for this report)."
    )
