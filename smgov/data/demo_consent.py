"""The demo's pupils and their photo and video consent: two academic years of returns, some restrictions, refusals
and withdrawals, never-publish pupils, and a publication log whose posts a withdrawal turned into takedowns.

The small demo has 400 pupils (a two-form primary); the large one 10,000 (a trust's worth). Pupils and the bulk of
the consent entries are written in one unit of work each; withdrawals go through the consent service, as the app
records them, so their takedowns are opened the way the app opens them.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from smgov.data import audit, integrity
from smgov.data.demo import Size, story
from smgov.data.demo_register import FIRST, LAST
from smgov.data.models import (
    Account,
    ConsentChange,
    ConsentEntry,
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    NeverPublishReason,
    PostMedia,
    Publication,
    PublicationPupil,
    Pupil,
    Takedown,
    TakedownState,
)
from smgov.data.services import consent
from smgov.data.workspace import Workspace

YEARS_SMALL = ["Reception", *(f"Year {n}" for n in range(1, 7))]
YEARS_LARGE = ["Nursery", "Reception", *(f"Year {n}" for n in range(1, 14))]
RESTRICTIONS = ["First name only", "Group photos only", "Not on Facebook", "No close-ups", "Back of head only"]
RELATIONSHIPS = ["Mother", "Father", "Carer", "Grandparent (PR)", "Step-parent", "Foster carer"]
PUPIL_FIRST = [
    *FIRST,
    "Oisín",
    "Zoë",
    "Chloé",
    "Mateusz",
    "Nuala",
    "Ifeoma",
    "Dafydd",
    "Leila",
    "Ewan",
    "Hana",
]


def fill_consent(workspace: Workspace, size: Size, rng: random.Random, today: dt.date) -> None:
    told = story(workspace)
    this_year = consent.academic_year_of(today)
    count = 10_000 if size == "large" else 400
    years = YEARS_LARGE if size == "large" else YEARS_SMALL
    pupils = _pupils(workspace, rng, count, years, told.later(told.setup, 60))
    with workspace.read() as session:
        purposes = list(session.scalars(select(ConsentPurpose).order_by(ConsentPurpose.position)))
    for year in (this_year - 1, this_year):
        _returns(workspace, rng, pupils, purposes, year, today)
    posts = _posts(workspace, rng, pupils, purposes, this_year, today, 300 if size == "large" else 24)
    _withdrawals(workspace, rng, posts, purposes, this_year, today, 30 if size == "large" else 3)


def _pupils(
    workspace: Workspace, rng: random.Random, count: int, years: list[str], when: dt.datetime
) -> list[tuple[int, str, str]]:
    """Write ``count`` pupils; returns (id, year group, class) of each."""
    per_year = -(-count // len(years))
    classes = max(1, round(per_year / 30))
    rows: list[dict[str, object]] = []
    made: list[tuple[int, str, str]] = []
    for n in range(count):
        year = years[min(n // per_year, len(years) - 1)]
        short = "N" if year == "Nursery" else "R" if year == "Reception" else year.removeprefix("Year ")
        class_name = f"{short}{chr(ord('A') + (n % classes))}"
        first = rng.choice(PUPIL_FIRST)
        age = 4 + (years.index(year) - (1 if years[0] == "Nursery" else 0))
        never = n % 83 == 41  # about one pupil in 80
        rows.append(
            {
                "id": n + 1,
                "upn": f"{rng.choice('ABCDEFGHJKLMNPRTUVWXYZ')}{rng.randrange(10**11, 10**12)}",
                "admission_number": f"{n + 1:06d}",
                "legal_first_name": first,
                "legal_last_name": rng.choice(LAST),
                "preferred_first_name": first if rng.random() > 0.05 else first[:3],
                "year_group": year,
                "class_name": class_name,
                "date_of_birth": dt.date(when.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                "on_roll": True,
                "never_publish": never,
                "never_publish_reason": rng.choice(list(NeverPublishReason)) if never else None,
                "never_publish_note": "Recorded by the DSL" if never else "",
                "created_at": when,
                "updated_at": when,
            }
        )
        made.append((n + 1, year, class_name))
    with workspace.write() as session:
        for start in range(0, len(rows), 2000):
            session.execute(insert(Pupil), rows[start : start + 2000])
        integrity.forget_changes(session)  # the demo's last event digests every record
        audit.record(session, "demo.bulk", "pupil", None, f"Demo pupils made ({count:,}, from the MIS export)")
    return made


def _returns(
    workspace: Workspace,
    rng: random.Random,
    pupils: list[tuple[int, str, str]],
    purposes: list[ConsentPurpose],
    year: int,
    today: dt.date,
) -> None:
    """The year's returns: most by the end of September, some not at all (this year more of them: the chase)."""
    start = dt.date(year, 9, 1)
    latest = min(today, dt.date(year + 1, 7, 20))
    returned = 0.97 if year < consent.academic_year_of(today) else 0.85
    rows: list[dict[str, object]] = []
    for pupil_id, _, _ in pupils:
        if rng.random() > returned:
            continue
        received = min(start + dt.timedelta(days=int(rng.expovariate(1 / 12))), latest)
        recorded = dt.datetime.combine(received, dt.time(9 + rng.randrange(7), rng.randrange(60)), tzinfo=dt.UTC)
        online = rng.random() < 0.6
        refuses_all = rng.random() < 0.04
        given_by = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        relationship = rng.choice(RELATIONSHIPS)
        for purpose in purposes:
            roll = rng.random()
            if refuses_all or roll < 0.06:
                status, restriction = ConsentStatus.REFUSED, ""
            elif roll < 0.12:
                status, restriction = ConsentStatus.RESTRICTED, rng.choice(RESTRICTIONS)
            else:
                status, restriction = ConsentStatus.GRANTED, ""
            rows.append(
                {
                    "pupil_id": pupil_id,
                    "academic_year": year,
                    "purpose_id": purpose.id,
                    "change": ConsentChange.RETURN,
                    "status": status,
                    "restriction": restriction,
                    "effective_on": max(received, start),
                    "given_by": given_by,
                    "relationship": relationship,
                    "parental_responsibility": True,
                    "by_pupil": False,
                    "method": ConsentMethod.ONLINE if online else ConsentMethod.PAPER,
                    "received_on": received,
                    "form_id": None,
                    "note": "",
                    "recorded_at": recorded,
                    "recorded_by": "Karen O'Neill",
                }
            )
    with workspace.write() as session:
        for first in range(0, len(rows), 5000):
            session.execute(insert(ConsentEntry), rows[first : first + 5000])
        integrity.forget_changes(session)
        label = consent.year_label(year)
        audit.record(session, "demo.bulk", "consent", None, f"Demo consent returns for {label} ({len(rows):,} entries)")


def _posts(
    workspace: Workspace,
    rng: random.Random,
    pupils: list[tuple[int, str, str]],
    purposes: list[ConsentPurpose],
    year: int,
    today: dt.date,
    count: int,
) -> list[tuple[int, int]]:
    """Posts this year on the demo's social accounts, each showing a few pupils of one class who may be shown.
    Returns (publication id, pupil id) pairs."""
    with workspace.read() as session:
        accounts = list(session.scalars(select(Account.id).order_by(Account.id).limit(8)))
        on = today
        allowed = consent.standings(session, [p for p, _, _ in pupils], on)
        never = set(session.scalars(select(Pupil.id).where(Pupil.never_publish.is_(True))))
    photos = next((p.id for p in purposes if p.key == "social_photos"), None)
    videos = next((p.id for p in purposes if p.key == "social_videos"), None)
    by_class: dict[str, list[int]] = {}
    for pupil_id, _, class_name in pupils:
        by_class.setdefault(class_name, []).append(pupil_id)
    start = dt.date(year, 9, 8)
    span = max(1, (today - start).days)
    shown: list[tuple[int, int]] = []
    with workspace.write() as session:
        for n in range(count):
            media = PostMedia.VIDEO if rng.random() < 0.25 else PostMedia.PHOTO
            need = videos if media is PostMedia.VIDEO else photos
            class_name = rng.choice(sorted(by_class))
            fit = [
                p
                for p in by_class[class_name]
                if p not in never and need is not None and allowed.get(p, {}).get(need, consent.NOT_RETURNED).allows
            ]
            if not fit or not accounts:
                continue
            posted = min(start + dt.timedelta(days=int(span * (n + 1) / (count + 1))), today)
            post = Publication(
                account_id=rng.choice(accounts),
                posted_on=posted,
                media=media,
                url=f"https://example.org/brambleford/posts/{1000 + n}",
                caption=f"{class_name} {rng.choice(['sports day', 'science week', 'the school trip', 'assembly'])}!",
                recorded_at=dt.datetime.combine(posted, dt.time(15, 30), tzinfo=dt.UTC),
                recorded_by="Karen O'Neill",
            )
            session.add(post)
            session.flush()
            for pupil_id in rng.sample(fit, min(len(fit), rng.randint(1, 6))):
                session.add(PublicationPupil(publication_id=post.id, pupil_id=pupil_id, verdict="Yes"))
                shown.append((post.id, pupil_id))
        audit.record(session, "demo.bulk", "publication", None, f"Demo posts logged ({count})")
    return shown


def _withdrawals(
    workspace: Workspace,
    rng: random.Random,
    shown: list[tuple[int, int]],
    purposes: list[ConsentPurpose],
    year: int,
    today: dt.date,
    count: int,
) -> None:
    """Parents who withdrew consent for social media after their child appeared in a post: the app opens the
    takedowns; the older ones are done."""
    told = story(workspace)
    social = {p.id for p in purposes if p.social_media}
    chosen = rng.sample(sorted({pupil for _, pupil in shown}), min(count, len({pupil for _, pupil in shown})))
    for n, pupil_id in enumerate(chosen):
        on = told.working_on_or_before(today - dt.timedelta(days=2 + 3 * n))
        with told.at(told.on(on, dt.time(11, 0))):
            consent.record_consent(
                workspace,
                consent.ConsentInput(
                    pupil_id=pupil_id,
                    academic_year=year,
                    change=ConsentChange.WITHDRAWAL,
                    statuses={purpose: (ConsentStatus.REFUSED, "") for purpose in sorted(social)},
                    received_on=on,
                    method=ConsentMethod.LETTER,
                    given_by=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    relationship=rng.choice(RELATIONSHIPS),
                    note="Letter kept in the office file",
                ),
                today=today,
            )
    with workspace.write() as session:
        for n, takedown in enumerate(session.scalars(select(Takedown).order_by(Takedown.id))):
            if n % 2:  # every other one is done; the rest stay on the dashboard
                takedown.state = TakedownState.REMOVED
                takedown.done_on = today
                takedown.note = "Deleted from the account"
        audit.record(session, "demo.bulk", "takedown", None, "Demo takedowns worked through")
