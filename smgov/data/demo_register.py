"""Demo data for the account register, people and the vault (all invented). ``large``: 1,000 accounts and 5,000
people, written in bulk so the demo is made in seconds."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, update

from smgov.data import audit
from smgov.data.demo import Size
from smgov.data.models.accounts import Account, AccountStaff, AccountStatus, MonitoringFrequency, Platform, StaffRole
from smgov.data.models.base import utcnow
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
ROLES = [
    "Class teacher",
    "Head of PE",
    "Head of Music",
    "Teaching assistant",
    "Office manager",
    "Deputy head",
    "Head of Year 7",
    "Librarian",
    "Governor",
    "PTA volunteer",
    "Site manager",
    "SENCo",
]
DEPARTMENTS = [
    "PE",
    "Music",
    "Drama",
    "Library",
    "Science",
    "Art",
    "Sixth form",
    "Eco club",
    "Chess club",
    "PTA",
    "Reception",
    "Year 6",
    "Careers",
    "Languages",
    "History",
    "Geography",
    "Design",
    "Food tech",
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


def _small(workspace: Workspace, rng: random.Random, today: dt.date) -> None:
    """A handful of accounts told through the services, so every rule and audit event is real."""
    staff_ids = []
    for n in range(30):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        trained = dt.date(today.year - 1, 9, 4) if n % 7 else None
        staff_ids.append(
            people.add_person(
                workspace,
                people.PersonForm(
                    full_name=f"{first} {last}",
                    kind=PersonKind.STAFF if n < 26 else PersonKind.VOLUNTEER,
                    role=ROLES[n % len(ROLES)],
                    email=f"{first.lower()[:1]}.{last.lower().replace(chr(39), '')}{n}@brambleford.sch.uk"
                    if n < 26
                    else "",
                    start_date=dt.date(2015 + n % 9, 9, 1),
                    social_media_training_on=trained,
                    online_safety_training_on=trained,
                    terms_signed_on=trained if n % 5 else None,
                ),
            )
        )
    plans = [
        ("Brambleford Primary", Platform.FACEBOOK, "BramblefordPrimary", AccountStatus.ACTIVE),
        ("Brambleford PE", Platform.X, "BramblefordPE", AccountStatus.ACTIVE),
        ("Hollins Music", Platform.INSTAGRAM, "hollins.music", AccountStatus.ACTIVE),
        ("Federation news", Platform.LINKEDIN, "brambleford-hollins", AccountStatus.UNDER_REVIEW),
        ("Eco club", Platform.YOUTUBE, "BramblefordEco", AccountStatus.SUBMITTED),
        ("Year 6 leavers", Platform.TIKTOK, "bramblefordy6", AccountStatus.DRAFT),
        ("Friends of Hollins", Platform.FACEBOOK, "FriendsOfHollins", AccountStatus.APPROVED),
        ("Old sports blog", Platform.BLOG, "sports-news", AccountStatus.CLOSED),
    ]
    for index, (name, platform, handle, status) in enumerate(plans):
        form = accounts.AccountForm(
            platform=platform,
            handle=handle,
            name=name,
            profile_url=URLS[platform].format(h=handle),
            aim=f"Celebrate {name.split()[-1].lower()} achievements and keep families informed.",
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
        account_id = accounts.add_account(workspace, form)
        named = rng.sample(staff_ids[1:], 2 if index != 3 else 1)
        if index == 0:
            named[0] = staff_ids[0]  # the lead of the main page is the one who is leaving
        for position, person_id in enumerate(named):
            role = StaffRole.LEAD if position == 0 else StaffRole.POSTER
            accounts.add_staff(workspace, account_id, person_id, role, "Dr Amara Okafor", dt.date(today.year, 1, 8))
        steps = {
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
        }[status]
        if index == 3:  # submitted before one of its two staff was taken off it
            extra = next(p for p in staff_ids if p not in named)
            accounts.add_staff(workspace, account_id, extra, StaffRole.POSTER, "Dr Amara Okafor", None)
        for step in steps:
            accounts.transition(
                workspace,
                account_id,
                step,
                decided_by="SLT meeting",
                reason="Agreed at SLT" if step != AccountStatus.UNDER_REVIEW else "Termly review",
            )
        if index == 3:  # since made private by mistake, and down to one named member of staff
            link = accounts.get_account(workspace, account_id).current_staff[-1]
            accounts.remove_staff(workspace, account_id, link.id)
            form.is_public = False
            accounts.update_account(workspace, account_id, form)
        if status in (AccountStatus.ACTIVE, AccountStatus.UNDER_REVIEW, AccountStatus.APPROVED):
            secret = generate_password() if index % 4 else "Brambleford2019!"
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
            # Passwords set over the past two years, some now past the maximum age (365 days by default).
            _set_changed(workspace, credential, today - dt.timedelta(days=(97 * index + 40) % 700))
            _set_changed(workspace, mailbox, today - dt.timedelta(days=(61 * index + 15) % 500))
            vault.record_disclosure(
                workspace,
                credential,
                person_id=named[0],
                given_on=today - dt.timedelta(days=40),
                authorised_by="Dr Amara Okafor",
                reason="Lead for the account",
            )
    # someone who leaves at the end of the month, with things still to hand over
    leaver = staff_ids[0]
    person = people.get_person(workspace, leaver)
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


def _bulk(workspace: Workspace, rng: random.Random, today: dt.date, accounts_count: int, people_count: int) -> None:
    now = utcnow()
    with workspace.write() as session:
        person_rows = []
        for n in range(people_count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            trained = dt.date(2025, 9, 3) if n % 6 else None
            person_rows.append(
                {
                    "id": n + 1,
                    "full_name": f"{first} {last}",
                    "kind": PersonKind.STAFF.value if n % 10 else PersonKind.GOVERNOR.value,
                    "role": ROLES[n % len(ROLES)],
                    "email": f"staff{n}@brambleford.sch.uk",
                    "start_date": dt.date(2010 + n % 15, 9, 1),
                    "leaving_date": today + dt.timedelta(days=5) if n % 250 == 0 else None,
                    "social_media_training_on": trained,
                    "online_safety_training_on": trained,
                    "terms_signed_on": trained,
                    "notes": "",
                    "created_at": now,
                    "updated_at": now,
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
                    "id": n + 1,
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
                    "decided_on": today - dt.timedelta(days=n % 300) if status is not AccountStatus.DRAFT else None,
                    "decision_reasons": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            for position in range(2 if n % 23 else 1):
                staff_rows.append(
                    {
                        "account_id": n + 1,
                        "person_id": (n * 5 + position) % people_count + 1,
                        "role": (StaffRole.LEAD if position == 0 else StaffRole.POSTER).value,
                        "authorised_by": "Headteacher",
                        "authorised_on": dt.date(2025, 9, 10),
                        "added_on": dt.date(2025, 9, 10),
                        "removed_on": None,
                    }
                )
        session.execute(insert(Account), account_rows)
        session.execute(insert(AccountStaff), staff_rows)
        audit.record(session, "demo.bulk", "account", None, f"Demo: {accounts_count} accounts, {people_count} people")
    # a credential for every tenth account, through the vault (so each is really encrypted)
    for account_id in range(1, accounts_count + 1, 10):
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
