"""Demo data for the incident log, its screenshots, inappropriate content reports and blocked content requests.

Every name is invented; the screenshots are drawn here with Pillow (made-up comment threads). ``small`` goes through
the services, so it has realistic timelines, redacted copies and dashboard items (a response due soon, one overdue, a
safeguarding concern for the DSL, decisions waiting, access expiring). ``large`` adds, in bulk, enough to reach
20,000 incidents and 2,000 screenshots, for the performance budgets.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import random
import textwrap

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, insert, select

from smgov.data import audit, calendar, images, operators
from smgov.data.demo import DEMO_OPERATOR, Size, Story, story
from smgov.data.models import (
    ActionType,
    BlockedContentRequest,
    ClosureDay,
    Evidence,
    EvidenceBlob,
    EvidenceSource,
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentPerson,
    IncidentStatus,
    InvolvedKind,
    InvolvedRole,
    RequestStatus,
    ResponseRule,
    School,
)
from smgov.data.models.incidents import RESPONSE_ACTIONS
from smgov.data.services import blocked_content, content_reports, evidence, incidents
from smgov.data.workspace import Workspace

LARGE_INCIDENTS = 20_000
LARGE_SCREENSHOTS = 2_000

PLATFORMS = ["Facebook", "Instagram", "X (Twitter)", "TikTok", "YouTube", "WhatsApp", "Snapchat"]
PAGES = ["@BramblefordPrimary", "@HollinsPrimary", "Brambleford PTA", "@BHF_Sport", "Hollins Friends (PTA)"]
STAFF = [
    DEMO_OPERATOR,  # the business manager: she reports incidents, but asks for no lesson's websites
    "Mr Dafydd ap Gwilym",
    "Ms Agnieszka Wójcik",
    "Mrs Nguyễn Thị Lan",
    "Mr Kwame Mensah",
    "Miss Ffion Rees",
    "Mrs Chloé Martin",
]
TEACHERS = STAFF[1:]  # who asks for a blocked site for their lessons
# A primary federation: Reception to Year 6.
PUPILS = [
    ("Zoë Ŵyn-Łukasz", "Year 5"),
    ("Tomos Prys-Jones", "Year 4"),
    ("Aisha Rahman", "Year 6"),
    ("Kacper Nowak", "Year 3"),
    ("Thảo Trần", "Year 2"),
    ("Oliver Bennett-Smith", "Year 6"),
    ("Niamh O'Sullivan", "Year 1"),
    ("Arjun Patel", "Reception"),
]
# Pupils old enough to be in a group chat: Year 3 to Year 6 (never Reception).
CHAT_AGE = frozenset({"Year 3", "Year 4", "Year 5", "Year 6"})
CHAT_PUPILS = [(name, year) for name, year in PUPILS if year in CHAT_AGE]
OUTSIDERS = ["Anon Account 7", "dave_p_1979", "Concerned Parent 22", "J. Hartley", "user48213", "Mr R. Bevan"]
COMMENTERS = ["Jo Hartley", "Sam Price", "Anon Account 7", "Mrs K.", "Rhys Bevan", "Linh T.", "Parent B", "Dave P"]
KIND_WORDS = [
    "Great sports day, well done everyone!",
    "Lovely photos, thank you to the staff.",
    "Please keep comments respectful.",
    "What time does the fair start on Saturday?",
]
UNKIND_WORDS = [
    "[offensive comment about a member of staff]",
    "[abusive reply naming a pupil]",
    "That teacher should be sacked, everyone knows what she's like",
    "[threatening message, sample text]",
    "[rumour about the head, sample text]",
]
DESCRIPTIONS = {
    IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT: "An abusive comment was posted under the school's post about {event}. "
    "It named a member of staff. A screenshot was taken before the comment was hidden.",
    IncidentCategory.CYBERBULLYING: "A pupil's parent reported messages in a group chat targeting their child after "
    "{event}. The parent sent screenshots to the office.",
    IncidentCategory.STAFF_CONDUCT: "A concern was raised about a public post on a staff member's personal account "
    "that appeared to refer to {event}.",
    IncidentCategory.PARENT_POST: "A parent posted about the school's handling of {event} on a local community "
    "page. The post identified a class.",
    IncidentCategory.INAPPROPRIATE_CONTENT: "Inappropriate content was seen on a classroom laptop during {event}. "
    "The ICT technician was asked to block the site.",
    IncidentCategory.DATA_PROTECTION_BREACH: "A photo from {event} including pupils without consent was shared "
    "publicly by a third party.",
    IncidentCategory.ACCOUNT_COMPROMISE: "An account impersonating the school appeared after {event}, copying the "
    "logo and asking parents for payments.",
    IncidentCategory.OTHER: "A query about {event} turned into an argument in the comments.",
}
EVENTS = [
    "sports day",
    "the Year 6 residential",
    "the Christmas fair",
    "a school trip",
    "the Eid celebration",
    "the nativity play",
    "the open evening",
    "the school disco",
]
DECEMBER_EVENTS = frozenset({"the Christmas fair", "the nativity play"})
# Where a screenshot of an incident not on a register account was taken.
SCREENSHOT_PAGES = {
    IncidentCategory.CYBERBULLYING: "Class group chat",
    IncidentCategory.PARENT_POST: "Local community page",
    IncidentCategory.STAFF_CONDUCT: "A personal account",
}
# Night-time is for parents' posts only: anything else was received between these hours.
DAY_STARTS, DAY_ENDS = dt.time(7, 0), dt.time(21, 0)


def event_for(rng: random.Random, received: dt.datetime) -> str:
    """What the incident was about: a nativity play or Christmas fair only in December."""
    month = calendar.school_time(received).month
    return rng.choice([e for e in EVENTS if month == 12 or e not in DECEMBER_EVENTS])


def by_day(rng: random.Random, received: dt.datetime, category: IncidentCategory) -> dt.datetime:
    """``received``, moved into the day (07:00 to 21:00, same date) unless it is a parent's post (any hour)."""
    local = calendar.school_time(received)
    if category is IncidentCategory.PARENT_POST or DAY_STARTS <= local.time() < DAY_ENDS:
        return received
    moment = dt.time(rng.randint(DAY_STARTS.hour, DAY_ENDS.hour - 1), rng.randint(0, 59))
    return calendar.at_school_time(local.date(), moment).astimezone(dt.UTC)


SITES = [
    ("https://www.nationalarchives.gov.uk/education/resources/propaganda/", "WW1 propaganda posters", "History"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "A music video used in a dance lesson", "PE"),
    ("https://www.reddit.com/r/AskHistorians/", "A history discussion forum", "History"),
    ("https://www.bbc.co.uk/iplayer/episode/b0000000/", "A documentary on climate change", "Geography"),
    ("https://scratch.mit.edu/projects/editor/", "Scratch online editor (community features blocked)", "Computing"),
    ("https://www.twitch.tv/esportsuk", "Esports club streaming", "Enrichment"),
]
CONTENT_URLS = [
    "https://bad.example.com/videos?id=18&tag=<violent>",
    "http://games.example.net/unblocked/shooter",
    "https://proxy.example.org/?url=blocked-site",
]


# -- screenshots ----------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    import smgov.resources as resources

    return ImageFont.truetype(str(resources.path("fonts/DejaVuSans.ttf")), size)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def comment_thread_png(
    rng: random.Random,
    platform: str = "Facebook",
    comments: int = 4,
    *,
    page: str | None = None,
    event: str | None = None,
) -> bytes:
    """A phone-sized screenshot of an invented comment thread on ``page`` about ``event`` (random ones if not
    given: the incident's own, so the screenshot matches its summary and account)."""
    width = 720
    height = 150 + comments * 118 + rng.randint(0, 60)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    colour = {"Facebook": "#3B5998", "Instagram": "#C13584", "TikTok": "#111111"}.get(platform, "#1D6FA5")
    draw.rectangle((0, 0, width, 56), fill=colour)
    page = page or rng.choice(PAGES)
    event = event or rng.choice(EVENTS)
    draw.text((18, 14), f"{platform} · Comments", fill="white", font=_font(24))
    draw.text((18, 70), f"{page} · {_upper_first(event)}", fill="#222222", font=_font(22))
    y = 120
    for _ in range(comments):
        name = rng.choice(COMMENTERS)
        words = rng.choice(UNKIND_WORDS if rng.random() < 0.4 else KIND_WORDS)
        draw.ellipse((18, y, 62, y + 44), fill="#C8C8C8")
        draw.text((76, y), name, fill="#111111", font=_font(22))
        for number, line in enumerate(textwrap.wrap(words, 46)[:2]):
            draw.text((76, y + 30 + number * 28), line, fill="#333333", font=_font(21))
        draw.text((76, y + 88), f"{rng.randint(1, 23)} h · Like · Reply", fill="#888888", font=_font(17))
        y += 118
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


# -- small: through the services --------------------------------------------------------------------------------------


def _accounts(workspace: Workspace) -> list[tuple[int, str, str]]:
    """(id, platform, handle) of some register accounts, when the register has any."""
    try:
        from smgov.data.models.accounts import Account, Platform
    except ImportError:  # pragma: no cover - the register is part of the app
        return []
    with workspace.read() as session:
        rows = session.execute(select(Account.id, Account.platform, Account.handle).limit(40)).all()
    result = []
    for account_id, platform, handle in rows:
        try:
            label = Platform(platform).label
        except ValueError:
            label = str(platform)
        result.append((int(account_id), label, str(handle)))
    return result


def _people(rng: random.Random, category: IncidentCategory) -> list[incidents.PersonInput]:
    people: list[incidents.PersonInput] = []
    if category in (IncidentCategory.CYBERBULLYING, IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT, IncidentCategory.OTHER):
        name, year = rng.choice(CHAT_PUPILS if category is IncidentCategory.CYBERBULLYING else PUPILS)
        people.append(incidents.PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, name, year))
    if category is IncidentCategory.CYBERBULLYING:
        name, year = rng.choice(CHAT_PUPILS)
        people.append(incidents.PersonInput(InvolvedKind.PUPIL, InvolvedRole.AUTHOR, name, year))
    elif category is IncidentCategory.STAFF_CONDUCT:
        people.append(incidents.PersonInput(InvolvedKind.REGISTER_PERSON, InvolvedRole.SUBJECT, rng.choice(STAFF)))
    else:
        people.append(incidents.PersonInput(InvolvedKind.OUTSIDER, InvolvedRole.AUTHOR, rng.choice(OUTSIDERS)))
    if rng.random() < 0.3:
        people.append(incidents.PersonInput(InvolvedKind.REGISTER_PERSON, InvolvedRole.WITNESS, rng.choice(STAFF)))
    return people


def _fill_small(workspace: Workspace, rng: random.Random, today: dt.date) -> tuple[int, int]:
    """Incidents in every category and status, with screenshots; returns (incidents, screenshots) made.

    Each is received when it was (parents post at any hour), logged by the office at the next office moment, its
    screenshots added as it is logged, and everything after done in office hours, in order."""
    told = story(workspace)
    accounts = _accounts(workspace)
    made = screenshots = 0
    statuses = list(IncidentStatus)
    for index, category in enumerate(IncidentCategory):
        for offset, status in enumerate(statuses):
            days_ago = 10 + index * 9 + offset * 2 + rng.randint(0, 4)
            any_time = dt.time(rng.randint(7, 20), rng.randint(0, 59))
            received = calendar.at_school_time(today - dt.timedelta(days=days_ago), any_time).astimezone(dt.UTC)
            received, logged_at = _logged_at(told, rng, received)
            event = event_for(rng, received)
            account_id, platform, account_name = None, rng.choice(PLATFORMS), ""
            if category in (IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT, IncidentCategory.ACCOUNT_COMPROMISE):
                if accounts:
                    account_id, platform, account_name = rng.choice(accounts)
                else:
                    account_name = rng.choice(PAGES)
            if category is IncidentCategory.INAPPROPRIATE_CONTENT:
                platform = "School network"
            with told.at(logged_at):
                logged = incidents.log_incident(
                    workspace,
                    incidents.IncidentInput(
                        category=category,
                        received_at=received,
                        reported_by=rng.choice(STAFF),
                        description=DESCRIPTIONS[category].format(event=event),
                        summary=f"{category.label} after {event}"[:200],
                        platform=platform,
                        account_name=account_name,
                        account_id=account_id,
                        safeguarding_concern=category is IncidentCategory.CYBERBULLYING and offset < 2,
                        people=_people(rng, category),
                    ),
                )
            made += 1
            step = logged_at
            if category is not IncidentCategory.INAPPROPRIATE_CONTENT and status is not IncidentStatus.IN_PROGRESS:
                step = told.later(step, rng.randint(3, 10))
                with told.at(step):
                    shot = evidence.add_evidence(
                        workspace,
                        logged.id,
                        comment_thread_png(
                            rng,
                            platform,
                            page=account_name or SCREENSHOT_PAGES.get(category, "Public page"),
                            event=event,
                        ),
                        source=rng.choice(
                            [EvidenceSource.CLIPBOARD, EvidenceSource.FILE, EvidenceSource.DRAG_AND_DROP]
                        ),
                        original_filename=f"Screenshot {received:%Y-%m-%d} at {received:%H.%M.%S}.png",
                    )
                screenshots += 1
                step = told.later(step, rng.randint(2, 8))
                with told.at(step):
                    if index % 2 == 0:
                        names = [(70, 116, 300, 32), (70, 234, 300, 32)]  # the first two commenters' names
                        evidence.redact(workspace, shot.id, names)
                        screenshots += 1
                    else:
                        evidence.set_cleared_for_sharing(workspace, shot.id, True)
            step = _play(workspace, rng, told, logged, status, step)
            if category is IncidentCategory.INAPPROPRIATE_CONTENT and offset < 3:
                step = told.later(step, rng.randint(10, 60))
                with told.at(step):
                    report = content_reports.create_content_report(
                        workspace,
                        logged.id,
                        content_reports.ContentReportInput(
                            staff_name=logged.reported_by,
                            accessed_on=calendar.school_time(received).date(),
                            urls=rng.sample(CONTENT_URLS, rng.randint(1, 2)),
                            nature="Violent video clips with strong language, seen on a classroom laptop.",
                            accessed_by=rng.choice(PUPILS)[0] if offset != 1 else "",
                            accessed_by_pupil=offset != 1,
                        ),
                        today=today,
                    )
                if offset == 0:
                    done = told.on(told.day_of(step) + dt.timedelta(days=1), dt.time(10, 0))  # the next working day
                    with told.at(told.later(done, 15)):
                        content_reports.record_ict_action(
                            workspace,
                            report.id,
                            action="Site added to the firewall's block list; the laptop's history checked.",
                            by="Nguyễn Văn Minh",
                            on=told.day_of(done),
                            today=today,
                        )
    # Two open ones for the dashboard: one due within hours, one overdue (received 20 and 30 hours ago).
    for hours_ago in (20, 30):
        received, logged_at = _logged_at(told, rng, told.now - dt.timedelta(hours=hours_ago))
        event = event_for(rng, received)
        with told.at(logged_at):
            incidents.log_incident(
                workspace,
                incidents.IncidentInput(
                    category=IncidentCategory.PARENT_POST,
                    received_at=received,
                    reported_by=rng.choice(STAFF),
                    description=DESCRIPTIONS[IncidentCategory.PARENT_POST].format(event=event),
                    summary=f"Parent's post about {event}",
                    platform="Facebook",
                    account_name=rng.choice(PAGES),
                    people=[incidents.PersonInput(InvolvedKind.OUTSIDER, InvolvedRole.AUTHOR, rng.choice(OUTSIDERS))],
                ),
            )
        made += 1
    return made, screenshots


def _logged_at(told: Story, rng: random.Random, received: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """(received, logged): logged by the office at the first office moment after it was received. When that moment
    is still to come (the demo made out of hours), it was received just before the office last closed."""
    logged = told.later(received, rng.randint(5, 40))
    if logged <= received:
        received = told.latest - dt.timedelta(minutes=rng.randint(20, 90))
        logged = told.latest
    return received, logged


def _play(
    workspace: Workspace,
    rng: random.Random,
    told: Story,
    logged: incidents.IncidentDetails,
    status: IncidentStatus,
    step: dt.datetime,
) -> dt.datetime:
    """Record a plausible sequence of actions, in office hours, that leaves the incident in ``status``; returns
    the time of the last."""
    by = rng.choice(STAFF)

    def act(action: ActionType, details: str = "") -> None:
        nonlocal step
        step = told.later(step, rng.randint(15, 180))
        with told.at(step):
            incidents.add_action(workspace, logged.id, action, occurred_at=step, done_by=by, details=details)

    def acknowledge() -> None:
        nonlocal step
        step = told.later(step, rng.randint(20, 90))
        with told.at(step):
            incidents.acknowledge_safeguarding(workspace, logged.id, by="Siân Llewellyn-Price", at=step)

    act(ActionType.SCREENSHOT_TAKEN)
    if status is IncidentStatus.OPEN:
        act(ActionType.RESPONDED, "Thanked them for letting us know; we are looking into it.")
        if logged.safeguarding_concern:
            acknowledge()
        return step
    act(rng.choice([ActionType.COMMENT_HIDDEN, ActionType.POST_REMOVED, ActionType.USER_BLOCKED]))
    if rng.random() < 0.5:
        act(ActionType.REPORTED_TO_PLATFORM, "Reported as harassment.")
    if status is IncidentStatus.ESCALATED:
        act(rng.choice([ActionType.ESCALATED_TO_SLT, ActionType.ESCALATED_TO_DSL]), "Passed on with the screenshots.")
    if status is IncidentStatus.CLOSED:
        act(ActionType.PARENT_CONTACTED, "Phoned and invited to meet the head of school.")
        act(ActionType.CLOSED, "Comment removed, the author blocked and reported; the parent met the head.")
    if logged.safeguarding_concern and status is not IncidentStatus.IN_PROGRESS:
        acknowledge()
    return step


def _fill_requests(workspace: Workspace, rng: random.Random, today: dt.date, count: int) -> None:
    """Blocked content requests in every state (two of them waiting, one expiring within 14 days), each step on a
    working day in office hours."""
    told = story(workspace)
    plan = [
        RequestStatus.SUBMITTED,
        RequestStatus.SUBMITTED,
        RequestStatus.APPROVED,
        RequestStatus.REJECTED,
        RequestStatus.IMPLEMENTED,
        RequestStatus.IMPLEMENTED,
        RequestStatus.EXPIRED,
    ]
    plan += [rng.choice(list(RequestStatus)) for _ in range(max(0, count - len(plan)))]
    # The oldest first, so request numbers go up with time (BCR-00001 is the oldest).
    for number, target in reversed(list(enumerate(plan))):
        url, content, subject = SITES[number % len(SITES)]
        asked_at = told.recent(2 + number * 2 + rng.randint(0, 1), dt.time(rng.randint(8, 15), rng.randint(30, 59)))
        asked = told.day_of(asked_at)
        with told.at(asked_at):
            made = blocked_content.submit_request(
                workspace,
                blocked_content.RequestInput(
                    staff_name=rng.choice(TEACHERS),
                    requested_on=asked,
                    url=url,
                    site_content=content,
                    reasons=f"Needed for {subject} lessons: the site is blocked by the category filter.",
                    risks_and_controls="Teacher-led use on the classroom screen only; pupils do not browse the site. "
                    "Comments and recommendations are switched off or not shown.",
                    requester=f"{subject} department",
                ),
                today=today,
            )
        if target is RequestStatus.SUBMITTED:
            continue
        decided_at = told.on(asked + dt.timedelta(days=1), dt.time(12, 30))
        approved = target is not RequestStatus.REJECTED
        with told.at(decided_at):
            blocked_content.decide(
                workspace,
                made.id,
                approved=approved,
                decided_by="Dr Amara Okafor",
                authoriser="Executive headteacher",
                decided_on=told.day_of(decided_at),
                reasons="Curriculum need; controls are adequate." if approved else "An unblocked alternative exists.",
                today=today,
            )
        if target in (RequestStatus.APPROVED, RequestStatus.REJECTED):
            continue
        given_at = told.on(told.day_of(decided_at) + dt.timedelta(days=1), dt.time(9, 15))
        given = told.day_of(given_at)
        expiry = today + dt.timedelta(days=10 if number == 4 else 120)
        if target is RequestStatus.EXPIRED:
            expiry = given + dt.timedelta(days=1)
        with told.at(given_at):
            blocked_content.implement(
                workspace,
                made.id,
                implemented_on=given,
                implemented_by="Nguyễn Văn Minh",
                expires_on=expiry,
                today=today,
            )
        if target is RequestStatus.EXPIRED:
            ended_at = told.on(expiry, dt.time(8, 45))
            with told.at(ended_at):
                blocked_content.expire(workspace, made.id, expired_on=min(told.day_of(ended_at), today), today=today)


# -- large: in bulk -----------------------------------------------------------------------------------------------


def _fill_bulk(workspace: Workspace, rng: random.Random, today: dt.date, incidents_wanted: int, shots: int) -> None:
    """Add ``incidents_wanted`` incidents (people, timelines) and ``shots`` screenshots in one unit of work each,
    with one audit event per batch. Received at any hour over three years; logged, answered and closed in office
    hours; screenshots added as the incident was logged."""
    told = story(workspace)
    now = told.now
    # One screenshot for each page and event (40): an incident with one shows its own page and event.
    specs = [(rng.choice(PLATFORMS[:3]), page, event) for page in PAGES for event in EVENTS]
    pictures = [
        comment_thread_png(rng, platform, rng.randint(3, 6), page=page, event=event) for platform, page, event in specs
    ]
    with_shots = set(rng.sample(range(incidents_wanted), min(shots, incidents_wanted)))
    picture_of: dict[int, int] = {}
    checked = [images.check_evidence(p) for p in pictures]
    digests = [hashlib.sha256(p).hexdigest() for p in pictures]
    categories = list(IncidentCategory)
    user = operators.current_operator(workspace).name
    logged_times: dict[int, dt.datetime] = {}
    with workspace.write() as session:
        rule = ResponseRule(session.scalar(select(School.response_rule).limit(1)) or ResponseRule.WITHIN_24_HOURS)
        closures = set(session.scalars(select(ClosureDay.day)))
        first_id = int(session.scalar(select(func.max(Incident.id))) or 0) + 1
        incident_rows: list[dict[str, object]] = []
        people_rows: list[dict[str, object]] = []
        action_rows: list[dict[str, object]] = []
        span_minutes = 3 * 365 * 24 * 60
        for n in range(incidents_wanted):
            incident_id = first_id + n
            received = now - dt.timedelta(minutes=rng.randint(60 * 24 * 2, span_minutes))
            category = rng.choice(categories)
            received = by_day(rng, received, category)
            status = IncidentStatus.CLOSED if rng.random() < 0.86 else rng.choice(list(IncidentStatus))
            by = rng.choice(STAFF)
            received, logged = _logged_at(told, rng, received)
            if n in with_shots:
                month = calendar.school_time(received).month
                fits = [i for i, (_p, _page, e) in enumerate(specs) if month == 12 or e not in DECEMBER_EVENTS]
                picture_of[incident_id] = rng.choice(fits)
                platform, page, event = specs[picture_of[incident_id]]
            else:
                platform, page, event = rng.choice(PLATFORMS), rng.choice(PAGES), event_for(rng, received)
            logged_times[incident_id] = logged
            due = calendar.response_due_at(received, rule, closures)
            responded = told.later(logged, rng.randint(10, 60 * 6))
            closed = told.later(responded, 60 * 24 * 2)
            has_response = True  # old and unanswered would flood the dashboard: the small set shows those
            safeguarding = category is IncidentCategory.CYBERBULLYING and rng.random() < 0.3
            incident_rows.append(
                {
                    "id": incident_id,
                    "category": category.value,
                    "platform": platform,
                    "account_name": page,
                    "account_id": None,
                    "received_at": received,
                    "reported_by": by,
                    "summary": f"{category.label} after {event}"[:200],
                    "description": DESCRIPTIONS[category].format(event=event),
                    "safeguarding_concern": safeguarding,
                    "dsl_acknowledged_at": told.later(logged, 60) if safeguarding else None,
                    "dsl_acknowledged_by": "Siân Llewellyn-Price" if safeguarding else "",
                    "status": status.value,
                    "outcome": "Comment removed and the author blocked." if status is IncidentStatus.CLOSED else "",
                    "due_at": due,
                    "first_response_at": responded if has_response else None,
                    "first_response_by": by if has_response else "",
                    "closed_at": closed if status is IncidentStatus.CLOSED else None,
                    "created_at": logged,
                    "created_by": user,
                    "updated_at": closed if status is IncidentStatus.CLOSED else responded,
                }
            )
            name, year = rng.choice(CHAT_PUPILS if category is IncidentCategory.CYBERBULLYING else PUPILS)
            people_rows.append(
                {
                    "incident_id": incident_id,
                    "position": 0,
                    "kind": InvolvedKind.PUPIL.value,
                    "role": InvolvedRole.VICTIM.value,
                    "name": name,
                    "year_group": year,
                    "person_id": None,
                    "pupil_id": None,
                    "notes": "",
                }
            )
            if rng.random() < 0.5:
                people_rows.append(
                    {
                        "incident_id": incident_id,
                        "position": 1,
                        "kind": InvolvedKind.OUTSIDER.value,
                        "role": InvolvedRole.AUTHOR.value,
                        "name": rng.choice(OUTSIDERS),
                        "year_group": "",
                        "person_id": None,
                        "pupil_id": None,
                        "notes": "",
                    }
                )
            entries = [
                (ActionType.LOGGED, received, logged, f"Received {calendar.format_school_time(received)} from {by}.")
            ]
            if status is IncidentStatus.OPEN:
                entries.append((ActionType.RESPONDED, responded, responded, "Acknowledged."))
            else:
                action = rng.choice(sorted(RESPONSE_ACTIONS - {ActionType.CLOSED}))
                entries.append((action, responded, responded, ""))
            if status is IncidentStatus.CLOSED:
                entries.append((ActionType.CLOSED, closed, closed, "Comment removed."))
            for action, at, recorded, details in entries:
                action_rows.append(
                    {
                        "incident_id": incident_id,
                        "action": action.value,
                        "occurred_at": at,
                        "done_by": by if action is not ActionType.LOGGED else "",
                        "details": details,
                        "recorded_at": recorded,
                        "recorded_by": user,
                        "corrects_id": None,
                        "reason": "",
                        "withdrawn": False,
                    }
                )
        session.execute(insert(Incident), incident_rows)
        session.execute(insert(IncidentPerson), people_rows)
        session.execute(insert(IncidentAction), action_rows)
        audit.record(session, "demo.incidents", "incident", None, f"Demo: {incidents_wanted:,} incidents added")
    with workspace.write() as session:
        first_evidence = int(session.scalar(select(func.max(Evidence.id))) or 0) + 1
        targets = sorted(picture_of)
        evidence_rows: list[dict[str, object]] = []
        blob_rows: list[dict[str, object]] = []
        for n, incident_id in enumerate(targets):
            which = picture_of[incident_id]
            evidence_rows.append(
                {
                    "id": first_evidence + n,
                    "incident_id": incident_id,
                    "redacted_from_id": None,
                    "source": EvidenceSource.CLIPBOARD.value,
                    "original_filename": f"Screenshot {n + 1}.png",
                    "caption": "",
                    "media_type": checked[which].media_type,
                    "sha256": digests[which],
                    "size_bytes": len(pictures[which]),
                    "width": checked[which].width,
                    "height": checked[which].height,
                    "has_metadata": False,
                    "cleared_for_sharing": False,
                    "added_at": logged_times[incident_id] + dt.timedelta(minutes=1),
                    "added_by": user,
                    "withdrawn_at": None,
                    "withdrawn_reason": "",
                    "thumbnail": checked[which].thumbnail,
                }
            )
            blob_rows.append({"evidence_id": first_evidence + n, "data": pictures[which]})
        for start in range(0, len(evidence_rows), 500):
            session.execute(insert(Evidence), evidence_rows[start : start + 500])
            session.execute(insert(EvidenceBlob), blob_rows[start : start + 500])
        audit.record(session, "demo.evidence", "evidence", None, f"Demo: {len(evidence_rows):,} screenshots added")


def _bulk_requests(workspace: Workspace, rng: random.Random, today: dt.date) -> None:
    """300 expired requests over the last two and a half years, numbered in the order they were made."""
    told = story(workspace)
    user = operators.current_operator(workspace).name
    # In date order, before this term's requests: request numbers go up with time.
    days_ago = sorted((rng.randint(45, 900) for _ in range(300)), reverse=True)  # this term: the last 30
    with workspace.write() as session:
        request_rows = []
        for n in range(300):
            url, content, subject = SITES[n % len(SITES)]
            asked = told.working_on_or_before(today - dt.timedelta(days=days_ago[n]))
            decided = told.working_on_or_after(asked + dt.timedelta(days=1))
            given = told.working_on_or_after(decided + dt.timedelta(days=1))
            ended = told.working_on_or_after(given + dt.timedelta(days=10))
            request_rows.append(
                {
                    "requester": f"{subject} department",
                    "staff_name": rng.choice(TEACHERS),
                    "requested_on": asked,
                    "url": url,
                    "site_content": content,
                    "reasons": f"Needed for {subject} lessons.",
                    "risks_and_controls": "Teacher-led use only.",
                    "status": RequestStatus.EXPIRED.value,
                    "authoriser": "Executive headteacher",
                    "approved": True,
                    "decision_reasons": "Curriculum need.",
                    "decision_by": "Dr Amara Okafor",
                    "decided_on": decided,
                    "implemented_on": given,
                    "implemented_by": "Nguyễn Văn Minh",
                    "expires_on": ended,
                    "expired_on": ended,
                    "created_at": told.on(asked, dt.time(10, 0)),
                    "created_by": user,
                    "updated_at": told.on(ended, dt.time(8, 45)),
                }
            )
        session.execute(insert(BlockedContentRequest), request_rows)
        audit.record(
            session, "demo.requests", "blocked_content_request", None, f"Demo: {len(request_rows)} expired requests"
        )


def fill_incidents(workspace: Workspace, size: Size, rng: random.Random, today: dt.date) -> None:
    made, shots = _fill_small(workspace, rng, today)
    if size == "large":
        _bulk_requests(workspace, rng, today)
    _fill_requests(workspace, rng, today, 9)
    if size == "large":
        _fill_bulk(workspace, rng, today, LARGE_INCIDENTS - made, LARGE_SCREENSHOTS - shots)
