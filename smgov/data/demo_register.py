"""Demo data for the account register, people and the vault (all invented). ``large``: 1,000 accounts and 5,000
people, written in bulk so the demo is made in seconds."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Mapping, Sequence

from sqlalchemy import func, insert, select, update

from smgov.data import audit, integrity
from smgov.data.demo import Size, Story, story
from smgov.data.models.accounts import (
    Account,
    AccountStaff,
    AccountStatus,
    AccountTransition,
    MonitoringFrequency,
    Platform,
    StaffRole,
)
from smgov.data.models.people import Person, PersonKind
from smgov.data.models.vault import Credential, CredentialKind
from smgov.data.passwords import generate_passphrase, generate_password
from smgov.data.services import accounts, people, vault
from smgov.data.workspace import Workspace

FIRST = [
    "Amelia",
    "Oliver",
    "Siân",
    "Rhys",
    "Zofia",
    "Kacper",
    "Aisha",
    "Yusuf",
    "Priya",
    "Arjun",
    "Chloé",
    "Mateus",
    "Niamh",
    "Cormac",
    "Thảo",
    "Minh",
    "Grace",
    "Theo",
    "Ffion",
    "Dylan",
    "Leah",
    "Kwame",
    "Ama",
    "Hannah",
]
LAST = [
    "Okafor",
    "Llewellyn",
    "Wiśniewski",
    "Nowak",
    "Khan",
    "Patel",
    "O'Brien",
    "Nguyễn",
    "Trần",
    "Smith",
    "Jones",
    "Evans",
    "Ahmed",
    "Silva",
    "Murphy",
    "Campbell",
    "Davies",
    "Hughes",
    "Mensah",
    "Kowalczyk",
    "Price",
    "Ward",
]
# Roles that fit each kind of person. The first staff roles are the senior ones, given once each.
STAFF_ROLES = [
    "Deputy head",
    "SENCo",
    "Office manager",
    "PE lead",
    "Music lead",
    "Early Years lead",
    "Librarian",
    "Site manager",
    "Computing lead",
    "Class teacher",
    "Class teacher",
    "Teaching assistant",
]
GOVERNOR_ROLES = ["Safeguarding governor", "Parent governor", "Foundation governor", "Co-opted governor"]
VOLUNTEER_ROLES = ["PTA volunteer", "Reading volunteer", "Eco club helper"]
CONTRACTOR_ROLES = ["IT support (contractor)", "School photographer"]
_ROTATION = {
    PersonKind.STAFF: STAFF_ROLES,
    PersonKind.GOVERNOR: GOVERNOR_ROLES,
    PersonKind.VOLUNTEER: VOLUNTEER_ROLES,
    PersonKind.CONTRACTOR: CONTRACTOR_ROLES,
}
# Every role that fits each kind (the demo's business manager included).
ROLES_BY_KIND = {kind: frozenset(roles) for kind, roles in _ROTATION.items()}
ROLES_BY_KIND[PersonKind.STAFF] |= {"School business manager"}
SENIOR = 9  # the first STAFF_ROLES, one person each


def _ascii(name: str) -> str:
    """A name as a school's email system writes it: Wiśniewski -> wisniewski, O'Brien -> obrien, Łucja -> lucja."""
    folded = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in folded if c.isascii() and c.isalnum()).lower()


def role_for(kind: PersonKind, n: int) -> str:
    """The ``n``th person of ``kind``'s role: senior staff roles once, then the common ones in turn."""
    roles = _ROTATION[kind]
    if kind is PersonKind.STAFF and n >= SENIOR:
        return roles[SENIOR + (n - SENIOR) % (len(roles) - SENIOR)]
    return roles[n % len(roles)]


DEPARTMENTS = [
    "PE",
    "Music",
    "Drama",
    "Library",
    "Science",
    "Art",
    "Nursery",
    "Eco club",
    "Chess club",
    "PTA",
    "Reception",
    "Year 6",
    "Forest school",
    "Languages",
    "History",
    "Geography",
    "Choir",
    "Breakfast club",
]
PLATFORMS = [
    Platform.FACEBOOK,
    Platform.INSTAGRAM,
    Platform.X,
    Platform.YOUTUBE,
    Platform.LINKEDIN,
    Platform.TIKTOK,
    Platform.WHATSAPP_CHANNEL,
    Platform.BLOG,
]
URLS = {
    Platform.FACEBOOK: "https://www.facebook.com/{h}",
    Platform.INSTAGRAM: "https://www.instagram.com/{h}/",
    Platform.X: "https://x.com/{h}",
    Platform.YOUTUBE: "https://www.youtube.com/@{h}",
    Platform.LINKEDIN: "https://www.linkedin.com/company/{h}",
    Platform.TIKTOK: "https://www.tiktok.com/@{h}",
    Platform.WHATSAPP_CHANNEL: "https://whatsapp.com/channel/{h}",
    Platform.BLOG: "https://{h}.brambleford.sch.uk",
}
STATUS_MIX = [AccountStatus.ACTIVE] * 12 + [
    AccountStatus.DRAFT,
    AccountStatus.SUBMITTED,
    AccountStatus.SUBMITTED,
    AccountStatus.APPROVED,
    AccountStatus.UNDER_REVIEW,
    AccountStatus.CLOSING,
    AccountStatus.CLOSED,
    AccountStatus.REJECTED,
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def fill_register(workspace: Workspace, size: Size, rng: random.Random, today: dt.date) -> None:
    if size == "large":
        _bulk(workspace, rng, today, accounts_count=1000, people_count=5000)
    else:
        _small(workspace, rng, today)


# (name, platform, handle, status, aim): the small register, each account with an aim written for it.
PLANS = [
    (
        "Brambleford Primary",
        Platform.FACEBOOK,
        "BramblefordPrimary",
        AccountStatus.ACTIVE,
        "Celebrate pupils' achievements and keep families informed about school life.",
    ),
    (
        "Brambleford PE",
        Platform.X,
        "BramblefordPE",
        AccountStatus.ACTIVE,
        "Celebrate PE achievements and share match results and fixtures.",
    ),
    (
        "Hollins Music",
        Platform.INSTAGRAM,
        "hollins.music",
        AccountStatus.ACTIVE,
        "Share concerts, choir news and music lessons with families.",
    ),
    (
        "Federation news",
        Platform.LINKEDIN,
        "brambleford-hollins",
        AccountStatus.UNDER_REVIEW,
        "Share federation news, vacancies and partnerships with the local community.",
    ),
    (
        "Eco club",
        Platform.YOUTUBE,
        "BramblefordEco",
        AccountStatus.SUBMITTED,
        "Show the eco club's projects and encourage families to recycle.",
    ),
    (
        "Year 6 leavers",
        Platform.TIKTOK,
        "bramblefordy6",
        AccountStatus.DRAFT,
        "Celebrate the Year 6 leavers' last term together.",
    ),
    (
        "Friends of Hollins",
        Platform.FACEBOOK,
        "FriendsOfHollins",
        AccountStatus.APPROVED,
        "Promote the Friends of Hollins' fundraising events and thank volunteers.",
    ),
    (
        "Old sports blog",
        Platform.BLOG,
        "sports-news",
        AccountStatus.CLOSED,
        "Report on sports fixtures and results (replaced by the PE account).",
    ),
]
STEPS = {
    AccountStatus.DRAFT: [],
    AccountStatus.SUBMITTED: [AccountStatus.SUBMITTED],
    AccountStatus.APPROVED: [AccountStatus.SUBMITTED, AccountStatus.APPROVED],
    AccountStatus.ACTIVE: [AccountStatus.SUBMITTED, AccountStatus.APPROVED, AccountStatus.ACTIVE],
    AccountStatus.UNDER_REVIEW: [
        AccountStatus.SUBMITTED,
        AccountStatus.APPROVED,
        AccountStatus.ACTIVE,
        AccountStatus.UNDER_REVIEW,
    ],
    AccountStatus.CLOSED: [
        AccountStatus.SUBMITTED,
        AccountStatus.APPROVED,
        AccountStatus.ACTIVE,
        AccountStatus.CLOSING,
        AccountStatus.CLOSED,
    ],
}
HEAD = "Dr Amara Okafor"


def _small_people(workspace: Workspace, rng: random.Random, told: Story) -> list[int]:
    """Staff (senior roles once each), two governors and two volunteers, entered when smgov was set up."""
    kinds = [PersonKind.STAFF] * 26 + [PersonKind.GOVERNOR] * 2 + [PersonKind.VOLUNTEER] * 2
    counts: dict[PersonKind, int] = {}
    setup_day = told.day_of(told.setup)
    ids = []
    with told.at(told.later(told.setup, 60)):
        for n, kind in enumerate(kinds):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            nth = counts.get(kind, 0)
            counts[kind] = nth + 1
            trained = setup_day - dt.timedelta(days=30 + n) if n % 7 else None
            email = f"{_ascii(first)[:1]}.{_ascii(last)}{n}@brambleford.sch.uk"
            ids.append(
                people.add_person(
                    workspace,
                    people.PersonForm(
                        full_name=f"{first} {last}",
                        kind=kind,
                        role=role_for(kind, nth),
                        email=email if kind is PersonKind.STAFF else "",
                        start_date=min(dt.date(2015 + n % 9, 9, 1), setup_day),
                        social_media_training_on=trained,
                        online_safety_training_on=trained,
                        terms_signed_on=trained if n % 5 else None,
                    ),
                )
            )
    return ids


def _small(workspace: Workspace, rng: random.Random, today: dt.date) -> None:
    """A handful of accounts told through the services, so every rule and audit event is real, each step dated
    when it happened: applied for, decided by SLT, then made live, months ago."""
    told = story(workspace)
    staff_ids = _small_people(workspace, rng, told)
    staff_only = staff_ids[:26]
    for index, (name, platform, handle, status, aim) in enumerate(PLANS):
        form = accounts.AccountForm(
            platform=platform,
            handle=handle,
            name=name,
            profile_url=URLS[platform].format(h=handle),
            aim=aim,
            audience="Parents, carers and the local community",
            content_plan="Two or three posts a week, written by the lead and checked by a second member of staff.",
            content_types="Photos of pupils with consent (no names), event reminders, match results",
            promotion="Newsletter, website footer and the school app",
            linked_email=f"{handle.lower().replace('.', '')}@brambleford.sch.uk"[:60],
            is_public=True,
            aup_link_in_about=index % 3 != 0,
            monitoring_frequency=MonitoringFrequency.WORKING_DAYS,
            review_date=today + dt.timedelta(days=rng.choice([-10, 12, 25, 90, 200])),
        )
        # Applied for between 2 years and 3 months ago (the newest ones most recently); drafts last week.
        started = told.on(today - dt.timedelta(days=730 - index * 80), dt.time(10, 0))
        if status in (AccountStatus.DRAFT, AccountStatus.SUBMITTED):
            started = told.recent(12 - index, dt.time(10, 0))
        with told.at(started):
            account_id = accounts.add_account(workspace, form)
        named = rng.sample(staff_only[1:], 2 if index != 3 else 1)
        if index == 0:
            named[0] = staff_only[0]  # the lead of the main page is the one who is leaving
        if index == 3:  # submitted before one of its two staff was taken off it
            named.append(next(p for p in staff_only[1:] if p not in named))
        moment = told.later(started, 10)
        for position, person_id in enumerate(named):
            role = StaffRole.LEAD if position == 0 else StaffRole.POSTER
            with told.at(moment):
                accounts.add_staff(workspace, account_id, person_id, role, HEAD, told.day_of(moment))
            _set_added_on(workspace, account_id, person_id, told.day_of(moment))
        moment = told.later(started, 60 * 24 * 2)  # sent to SLT two days later
        active_at = None
        for step in STEPS[status]:
            decided_on = None
            if step is AccountStatus.APPROVED:
                moment = told.on(told.day_of(moment) + dt.timedelta(days=7), dt.time(16, 0))  # the SLT meeting
                decided_on = told.day_of(moment)
            elif step is AccountStatus.ACTIVE:
                moment = told.on(told.day_of(moment) + dt.timedelta(days=3), dt.time(9, 30))
                active_at = moment
            elif step is AccountStatus.UNDER_REVIEW:
                moment = told.recent(6, dt.time(15, 0))  # this term's review
            elif step is AccountStatus.CLOSING:
                moment = told.on(told.day_of(moment) + dt.timedelta(days=60), dt.time(11, 0))
            elif step is AccountStatus.CLOSED:
                moment = told.on(told.day_of(moment) + dt.timedelta(days=14), dt.time(11, 30))
            with told.at(moment):
                accounts.transition(
                    workspace,
                    account_id,
                    step,
                    decided_by="SLT meeting" if step is AccountStatus.APPROVED else "",
                    decided_on=decided_on,
                    reason={
                        AccountStatus.UNDER_REVIEW: "Termly review",
                        AccountStatus.CLOSING: "Replaced by the PE account",
                        AccountStatus.APPROVED: "Agreed at SLT",
                    }.get(step, ""),
                )
        if index == 3:  # since made private by mistake, and down to one named member of staff
            with told.at(told.recent(4, dt.time(14, 0))):
                link = accounts.get_account(workspace, account_id).current_staff[-1]
                accounts.remove_staff(workspace, account_id, link.id)
                form.is_public = False
                accounts.update_account(workspace, account_id, form)
            _set_removed_on(workspace, link.id, told.day_of(told.recent(4)))
        if status in (AccountStatus.ACTIVE, AccountStatus.UNDER_REVIEW, AccountStatus.APPROVED):
            stored = told.later(active_at or moment, 20)
            secret = generate_password() if index % 4 else "Brambleford2019!"
            with told.at(stored):
                credential = vault.add_credential(
                    workspace,
                    account_id,
                    vault.CredentialForm(
                        CredentialKind.PLATFORM_LOGIN,
                        "Platform login",
                        form.linked_email,
                        secret,
                        "Two-factor codes go to the office phone.",
                        "JBSWY3DPEHPK3PXP" if index == 1 else "",
                    ),
                )
                mailbox = vault.add_credential(
                    workspace,
                    account_id,
                    vault.CredentialForm(
                        CredentialKind.LINKED_MAILBOX, "Mailbox", form.linked_email, generate_passphrase()
                    ),
                )
            # Passwords last changed over the past two years (never before they were stored), some now past the
            # maximum age (365 days by default).
            stored_day = told.day_of(stored)
            _set_changed(workspace, credential, max(stored_day, today - dt.timedelta(days=(97 * index + 40) % 700)))
            _set_changed(workspace, mailbox, max(stored_day, today - dt.timedelta(days=(61 * index + 15) % 500)))
            given = told.on(max(stored_day, today - dt.timedelta(days=40)), dt.time(10, 30))
            with told.at(given):
                vault.record_disclosure(
                    workspace,
                    credential,
                    person_id=named[0],
                    given_on=told.day_of(given),
                    authorised_by=HEAD,
                    reason="Lead for the account",
                )
    # someone who leaves at the end of the month, with things still to hand over
    leaver = staff_only[0]
    person = people.get_person(workspace, leaver)
    with told.at(told.recent(3, dt.time(12, 0))):
        people.update_person(
            workspace,
            leaver,
            people.PersonForm(
                full_name=person.full_name,
                kind=person.kind,
                role=person.role,
                email=person.email,
                start_date=person.start_date,
                leaving_date=today + dt.timedelta(days=9),
                social_media_training_on=person.social_media_training_on,
                online_safety_training_on=person.online_safety_training_on,
                terms_signed_on=person.terms_signed_on,
            ),
        )


def _set_added_on(workspace: Workspace, account_id: int, person_id: int, on: dt.date) -> None:
    """Date when a person was named on a demo account (the service always records today)."""
    with workspace.write() as session:
        session.execute(
            update(AccountStaff)
            .where(AccountStaff.account_id == account_id, AccountStaff.person_id == person_id)
            .values(added_on=on)
        )
        integrity.forget_changes(session)  # back-dating the story: the demo's last event digests every record


def _set_removed_on(workspace: Workspace, link_id: int, on: dt.date) -> None:
    with workspace.write() as session:
        session.execute(update(AccountStaff).where(AccountStaff.id == link_id).values(removed_on=on))
        integrity.forget_changes(session)  # as above


BULK_STEPS = {
    **STEPS,
    AccountStatus.REJECTED: [AccountStatus.SUBMITTED, AccountStatus.REJECTED],
    AccountStatus.CLOSING: [
        AccountStatus.SUBMITTED,
        AccountStatus.APPROVED,
        AccountStatus.ACTIVE,
        AccountStatus.CLOSING,
    ],
}
STEP_DAYS = {  # days after the decision each later step came
    AccountStatus.ACTIVE: 3,
    AccountStatus.UNDER_REVIEW: 200,
    AccountStatus.CLOSING: 120,
    AccountStatus.CLOSED: 140,
}


def _bulk_transitions(
    told: Story, account_rows: Sequence[Mapping[str, object]], today: dt.date
) -> list[dict[str, object]]:
    """Each bulk account's way to its state, as the lifecycle would have recorded it: sent to SLT a week before the
    decision (or in the last three months, for those still waiting), decided, then the later steps."""
    rows: list[dict[str, object]] = []
    for n, account in enumerate(account_rows):
        status = AccountStatus(str(account["status"]))
        decided = account["decided_on"]
        decision = decided if isinstance(decided, dt.date) else today
        sent = decision - dt.timedelta(days=7) if isinstance(decided, dt.date) else today - dt.timedelta(days=n % 90)
        before = AccountStatus.DRAFT
        for step in BULK_STEPS[status]:
            if step is AccountStatus.SUBMITTED:
                at = told.on(sent, dt.time(10, 0))
            else:
                at = told.on(min(decision + dt.timedelta(days=STEP_DAYS.get(step, 0)), today), dt.time(16, 0))
            rows.append(
                {
                    "account_id": account["id"],
                    "from_status": before.value,
                    "to_status": step.value,
                    "at": at,
                    "actor": "Demo office",
                    "decided_by": "SLT" if step in (AccountStatus.APPROVED, AccountStatus.REJECTED) else "",
                    "reason": "",
                }
            )
            before = step
    return rows


def _bulk(workspace: Workspace, rng: random.Random, today: dt.date, accounts_count: int, people_count: int) -> None:
    told = story(workspace)
    entered = told.later(told.setup, 120)  # imported from the MIS when smgov was set up
    setup_day = told.day_of(told.setup)
    counts: dict[PersonKind, int] = {}
    with told.at(entered), workspace.write() as session:
        first_person = int(session.scalar(select(func.max(Person.id))) or 0) + 1
        first_account = int(session.scalar(select(func.max(Account.id))) or 0) + 1
        person_rows = []
        for n in range(people_count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            trained = setup_day - dt.timedelta(days=30) if n % 6 else None
            kind = PersonKind.STAFF if n % 10 else PersonKind.GOVERNOR
            nth = counts.get(kind, 0)
            counts[kind] = nth + 1
            person_rows.append(
                {
                    "id": first_person + n,
                    "full_name": f"{first} {last}",
                    "kind": kind.value,
                    "role": role_for(kind, nth),
                    "email": f"staff{n}@brambleford.sch.uk",
                    "start_date": min(dt.date(2010 + n % 15, 9, 1), setup_day),
                    "leaving_date": today + dt.timedelta(days=5) if n % 250 == 0 else None,
                    "social_media_training_on": trained,
                    "online_safety_training_on": trained,
                    "terms_signed_on": trained,
                    "notes": "",
                    "created_at": entered,
                    "updated_at": entered,
                }
            )
        session.execute(insert(Person), person_rows)
        account_rows, staff_rows = [], []
        for n in range(accounts_count):
            platform = PLATFORMS[n % len(PLATFORMS)]
            department = DEPARTMENTS[n % len(DEPARTMENTS)]
            handle = f"{department.replace(' ', '')}{n:04d}"
            status = STATUS_MIX[n % len(STATUS_MIX)]
            account_rows.append(
                {
                    "id": first_account + n,
                    "platform": platform.value,
                    "handle": handle,
                    "handle_key": handle.lower(),
                    "name": f"{department} {n:04d}",
                    "profile_url": URLS[platform].format(h=handle),
                    "aim": f"News from {department}",
                    "audience": "Families",
                    "content_plan": "Weekly posts",
                    "content_types": "Photos with consent, reminders",
                    "promotion": "Newsletter",
                    "linked_email": f"{handle.lower()}@brambleford.sch.uk",
                    "is_public": n % 97 != 0,
                    "aup_link_in_about": n % 5 != 0,
                    "monitoring_frequency": MonitoringFrequency.WORKING_DAYS.value,
                    "review_date": today + dt.timedelta(days=n % 400 - 30),
                    "notes": "",
                    "status": status.value,
                    "decided_by": "SLT" if status not in (AccountStatus.DRAFT, AccountStatus.SUBMITTED) else "",
                    "decided_on": told.working_on_or_before(today - dt.timedelta(days=30 + n % 300))
                    if status not in (AccountStatus.DRAFT, AccountStatus.SUBMITTED)
                    else None,
                    "decision_reasons": "",
                    "created_at": entered,
                    "updated_at": entered,
                }
            )
            for position in range(2 if n % 23 else 1):
                staff_rows.append(
                    {
                        "account_id": first_account + n,
                        "person_id": first_person + (n * 5 + position) % people_count,
                        "role": (StaffRole.LEAD if position == 0 else StaffRole.POSTER).value,
                        "authorised_by": "Headteacher",
                        "authorised_on": setup_day,
                        "added_on": setup_day,
                        "removed_on": None,
                    }
                )
        session.execute(insert(Account), account_rows)
        session.execute(insert(AccountStaff), staff_rows)
        session.execute(insert(AccountTransition), _bulk_transitions(told, account_rows, today))
        audit.record(session, "demo.bulk", "account", None, f"Demo: {accounts_count} accounts, {people_count} people")
    # a credential for every tenth account, through the vault (so each is really encrypted)
    with told.at(told.later(entered, 60)):
        for account_id in range(first_account, first_account + accounts_count, 10):
            vault.add_credential(
                workspace,
                account_id,
                vault.CredentialForm(CredentialKind.PLATFORM_LOGIN, "Platform login", "", generate_password()),
            )


def _set_changed(workspace: Workspace, credential_id: int, on: dt.date) -> None:
    """Backdate when a demo password was last changed (the vault itself always records now)."""
    when = dt.datetime.combine(on, dt.time(10, 0), tzinfo=dt.UTC)
    with workspace.write() as session:
        session.execute(update(Credential).where(Credential.id == credential_id).values(changed_at=when))
        integrity.forget_changes(session)  # as above
