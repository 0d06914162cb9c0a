"""Demo workspaces of realistic invented data, for trying smgov out, screenshots and benchmarks.

Every name here is invented. Each area of the app adds a filler to ``FILLERS``; ``large`` sizes each filler up to
the realistic maximum the performance budgets speak of.

The demo reads true: a :class:`Story` dates what each filler does when it would have happened (staff work in office
hours on working days, decisions before what they allowed), and at the end the audit chain is rewritten in the order
of those times, so it verifies. A filler gets the story with :func:`story` and wraps each step in
``with story(workspace).at(when):``; anything a filler writes outside a step is dated at the latest office moment.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import random
import weakref
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Literal

from sqlalchemy import Column, Table, bindparam, delete, insert, select, text, update

from smgov.data import audit, calendar, integrity, operators
from smgov.data.models import AuditEvent, KeyRole, utcnow
from smgov.data.models.base import Base, UtcDateTime
from smgov.data.models.consent import CONSENT_APPEND_ONLY
from smgov.data.models.incidents import APPEND_ONLY_TABLES, append_only_triggers
from smgov.data.models.people import PersonKind
from smgov.data.services import people as people_service
from smgov.data.services import school as school_service
from smgov.data.workspace import Workspace

Size = Literal["small", "large"]
DEMO_PASSPHRASE = "demo only: never use for real records"
DEMO_SCHOOL = "Brambleford & Hollins Federation (demo)"
DEMO_OPERATOR = "Karen O'Neill"  # the business manager, who uses smgov in the demo

Filler = Callable[[Workspace, Size, random.Random, dt.date], None]

OFFICE_OPENS, OFFICE_CLOSES = dt.time(8, 0), dt.time(17, 30)  # staff actions happen between these, on working days
_FIRST, _LAST = dt.time(8, 30), dt.time(17, 0)  # the demo keeps a margin inside them
SETUP_DAYS_AGO = 3 * 365 + 45  # the workspace was set up before the oldest incident of the large demo
# Columns the services fill with the time of writing: in a story step they take the step's time instead.
_STAMPED = frozenset(
    {
        "created_at",
        "updated_at",
        "recorded_at",
        "occurred_at",
        "added_at",
        "at",
        "closed_at",
        "set_at",
        "replaced_at",
        "changed_at",
    }
)


def closure_days(today: dt.date) -> list[tuple[dt.date, str]]:
    """The demo school's own closure days this school year (INSET and training days)."""
    year = today.year if today.month >= 9 else today.year - 1
    planned = [
        (dt.date(year, 9, 1), "INSET day"),
        (dt.date(year, 10, 24), "INSET day"),
        (dt.date(year + 1, 1, 5), "INSET day"),
        (dt.date(year + 1, 6, 29), "Staff training"),
    ]
    return [(_weekday(day), reason) for day, reason in planned]


def _weekday(day: dt.date) -> dt.date:
    """``day``, or the Monday after it when it falls at a weekend (a school closes on a school day, never a
    Saturday)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class Story:
    """When each thing in the demo happened: office hours (08:30 to 17:00, inside 08:00 to 17:30) on working days,
    never after now."""

    def __init__(self, workspace: Workspace, today: dt.date, now: dt.datetime, closures: Collection[dt.date]) -> None:
        self.workspace = workspace
        self.today = today
        self.now = now
        self.closures = frozenset(closures)
        self.latest = self._latest_at_or_before(now)
        self.setup = self.on(today - dt.timedelta(days=SETUP_DAYS_AGO), dt.time(8, 45))
        self._columns: list[tuple[Table, Column[dt.datetime]]] = [
            (table, column)
            for table in Base.metadata.sorted_tables
            if table.name != AuditEvent.__tablename__
            for column in table.columns
            if column.name in _STAMPED and isinstance(column.type, UtcDateTime)
        ]
        self._steps: list[tuple[dt.datetime, dt.datetime, list[dt.datetime]]] = []
        self._starts: list[dt.datetime] = []

    # -- times -------------------------------------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        return calendar.is_working_day(day, self.closures)

    def working_on_or_after(self, day: dt.date) -> dt.date:
        return day if self.is_working_day(day) else calendar.next_working_day(day, self.closures)

    def working_on_or_before(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def _latest_at_or_before(self, moment: dt.datetime) -> dt.datetime:
        local = calendar.school_time(moment)
        day = local.date()
        if self.is_working_day(day) and local.time() >= _FIRST:
            return min(moment, calendar.at_school_time(day, _LAST).astimezone(dt.UTC))
        day = self.working_on_or_before(day - dt.timedelta(days=1))
        return calendar.at_school_time(day, _LAST).astimezone(dt.UTC)

    def office(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` if it is in office hours, else the next opening; never later than :attr:`latest`."""
        local = calendar.school_time(moment)
        day = local.date()
        if not self.is_working_day(day) or local.time() > _LAST:
            moment = calendar.at_school_time(self.working_on_or_after(day + dt.timedelta(days=1)), _FIRST)
        elif local.time() < _FIRST:
            moment = calendar.at_school_time(day, _FIRST)
        return min(moment.astimezone(dt.UTC), self.latest)

    def on(self, day: dt.date, time: dt.time = dt.time(9, 0)) -> dt.datetime:
        """``time`` (kept inside office hours) on ``day``, or on the next working day; never later than latest."""
        time = min(max(time, _FIRST), _LAST)
        return self.office(calendar.at_school_time(self.working_on_or_after(day), time))

    def later(self, moment: dt.datetime, minutes: int) -> dt.datetime:
        """``minutes`` of office time after ``moment`` (or the next opening after it)."""
        return self.office(moment + dt.timedelta(minutes=minutes))

    def day_of(self, moment: dt.datetime) -> dt.date:
        return calendar.school_time(moment).date()

    def recent(self, working_days: int, time: dt.time = dt.time(11, 0)) -> dt.datetime:
        """``time`` on the working day ``working_days`` before the latest one."""
        day = self.day_of(self.latest)
        for _ in range(working_days):
            day = self.working_on_or_before(day - dt.timedelta(days=1))
        return self.on(day, time)

    # -- dating what is written --------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def at(self, when: dt.datetime) -> Iterator[None]:
        """Date everything written inside (audit events, and the times the services stamp on records) ``when``."""
        with self.spread([when]):
            yield

    @contextlib.contextmanager
    def spread(self, times: list[dt.datetime]) -> Iterator[None]:
        """Date the audit events written inside at ``times``, in the order they were written (records: the last)."""
        started = utcnow()
        try:
            yield
        finally:
            self.date_since(started, times)

    def date_since(self, started: dt.datetime, times: list[dt.datetime]) -> None:
        """Date what was written from ``started`` (real time) until now at ``times`` (story time). Applied by
        :meth:`finish`, all at once."""
        self._steps.append((started, utcnow(), times))

    def _story_time(self, written: dt.datetime, order: int = 0) -> dt.datetime:
        """The story time of something written at ``written`` (real time), the ``order``th audit event of its step;
        the latest office moment when written outside any step."""
        n = bisect.bisect_right(self._starts, written) - 1
        if n < 0 or written >= self._steps[n][1]:
            return self.latest
        times = self._steps[n][2]
        return times[order] if order < len(times) else times[-1]

    def finish(self, started: dt.datetime) -> None:
        """Date what the demo wrote (in real time, since ``started``) when it happened in the story, then rewrite the
        audit chain in time order (ids and hashes anew), so it verifies."""
        self._steps.sort(key=lambda step: step[0])
        self._starts = [step[0] for step in self._steps]
        with self.workspace.write() as session:
            for table, column in self._columns:
                (key,) = table.primary_key.columns
                found = session.execute(select(key, column).where(column >= started)).all()
                if not found:
                    continue
                lifted = table.name in APPEND_ONLY_TABLES or table.name in CONSENT_APPEND_ONLY
                if lifted:  # the timeline refuses edits (a trigger); the demo, writing its own story, lifts it here
                    session.execute(text(f"DROP TRIGGER {table.name}_no_update"))
                statement = update(table).where(key == bindparam("row_key")).values({column.name: bindparam("when")})
                session.execute(statement, [{"row_key": k, "when": self._story_time(v)} for k, v in found])
                if lifted:
                    session.execute(text(append_only_triggers(table.name)[0]))
            rows = session.execute(
                select(
                    AuditEvent.at,
                    AuditEvent.actor,
                    AuditEvent.actor_login,
                    AuditEvent.action,
                    AuditEvent.entity_type,
                    AuditEvent.entity_id,
                    AuditEvent.summary,
                ).order_by(AuditEvent.id)
            ).all()
            dated = []
            step_of: dict[int, int] = {}
            for row in rows:
                values = row._asdict()
                if row.at >= started:
                    n = bisect.bisect_right(self._starts, row.at) - 1
                    order = step_of.get(n, 0)
                    step_of[n] = order + 1
                    values["at"] = self._story_time(row.at, order)
                dated.append(values)
            dated.sort(key=lambda values: values["at"])  # stable: events of one moment keep their order
            session.execute(delete(AuditEvent))
            chain = integrity.chain_key(session)
            assert chain is not None  # a demo is made at the newest schema
            # The story's last event carries every record's digest: the demo's history is written, not lived.
            records = integrity.records_json(integrity.baseline(session, chain))
            prev_hash, chained = audit.GENESIS, []
            for number, values in enumerate(dated, start=1):
                event = AuditEvent(id=number, prev_hash=prev_hash, hash="", **values)
                event.records = records if number == len(dated) else "[]"
                event.hash = prev_hash = audit.event_mac(event, chain)
                chained.append({c.name: getattr(event, c.name) for c in AuditEvent.__table__.columns})
            for first in range(0, len(chained), 2000):
                session.execute(insert(AuditEvent), chained[first : first + 2000])
            if chained:
                session.info[audit.HEAD] = (chained[-1]["id"], chained[-1]["hash"], chain)  # anchored on this PC


_STORIES: weakref.WeakKeyDictionary[Workspace, Story] = weakref.WeakKeyDictionary()


def story(workspace: Workspace) -> Story:
    """The story of the demo being made in ``workspace`` (a filler run on its own gets one of its own)."""
    told = _STORIES.get(workspace)
    if told is None:
        from smgov.data.models import ClosureDay

        with workspace.read() as session:
            closures = list(session.scalars(select(ClosureDay.day)))
        told = Story(workspace, dt.date.today(), utcnow(), closures)
    return told


def _fill_school(workspace: Workspace, size: Size, rng: random.Random, today: dt.date) -> None:
    told = story(workspace)
    person = school_service.KeyPersonDetails
    people = [
        person(KeyRole.HEADTEACHER, "Dr Amara Okafor", "head@brambleford.sch.uk", "01632 960 101"),
        person(KeyRole.DSL, "Siân Llewellyn-Price", "dsl@brambleford.sch.uk", "01632 960 102"),
        person(KeyRole.DPO, "Tomasz Wiśniewski", "dpo@brambleford.sch.uk"),
        person(KeyRole.BUSINESS_MANAGER, DEMO_OPERATOR, "sbm@brambleford.sch.uk"),
        person(KeyRole.ICT_LEAD, "Nguyễn Văn Minh", "ict@brambleford.sch.uk"),
        person(KeyRole.CHAIR_OF_GOVERNORS, "Rev. Peter Ashdown", "chair@brambleford.sch.uk"),
    ]
    with told.at(told.later(told.setup, 20)):
        school_service.update_settings(
            workspace,
            school_service.SettingsChange(email_domains=["brambleford.sch.uk", "hollins.sch.uk"], key_people=people),
        )
    with told.at(told.later(told.setup, 25)):
        school_service.set_logo(workspace, demo_logo())
    # This year's closure days, set in the summer term before it; the policy review date, set this term.
    planned = told.on(closure_days(today)[0][0] - dt.timedelta(days=45), dt.time(14, 0))
    for n, (day, reason) in enumerate(closure_days(today)):
        with told.at(planned + dt.timedelta(minutes=n)):
            school_service.set_closure_day(workspace, day, reason)
    with told.at(told.recent(15, dt.time(10, 15))):
        school_service.update_settings(
            workspace, school_service.SettingsChange(policy_review_date=today + dt.timedelta(days=21))
        )
    # History notes, one every few working days from the setup to now.
    extra = 2000 if size == "large" else 40
    span = (told.latest - told.setup).total_seconds()
    times = [told.office(told.setup + dt.timedelta(seconds=span * (n + 1) / (extra + 1))) for n in range(extra)]
    with told.spread(times), workspace.write() as session:
        for n in range(extra):
            audit.record(session, "demo.note", "demo", n, f"Demo history entry {n + 1}")


def demo_logo() -> bytes:
    """An invented crest (a shield, a chevron and an open book) drawn as a PNG, so printouts show a logo."""
    import io

    from PIL import Image, ImageDraw

    size = 240
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(30, 20), (210, 20), (210, 120), (120, 225), (30, 120)]
    draw.polygon(shield, fill=(22, 48, 94), outline=(200, 160, 40), width=8)
    draw.line([(45, 150), (120, 75), (195, 150)], fill=(200, 160, 40), width=18, joint="curve")
    draw.polygon([(72, 45), (118, 55), (118, 95), (72, 85)], fill="white")
    draw.polygon([(168, 45), (122, 55), (122, 95), (168, 85)], fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# Each area's filler, loaded on first use through a typed loader (area modules import this one for its story and
# types, so importing them here at the top would be a cycle).
def _register_filler() -> Filler:
    from smgov.data.demo_register import fill_register

    return fill_register


def _incidents_filler() -> Filler:
    from smgov.data.demo_incidents import fill_incidents

    return fill_incidents


def _consent_filler() -> Filler:
    from smgov.data.demo_consent import fill_consent

    return fill_consent


FILLERS: tuple[Callable[[], Filler], ...] = (
    lambda: _fill_school,
    _register_filler,
    _incidents_filler,
    _consent_filler,
)


def create_demo(path: Path, size: Size = "small", passphrase: str = DEMO_PASSPHRASE, seed: int = 2026) -> Workspace:
    """A new demo workspace at ``path`` (open; the caller closes it). Its operator is the business manager."""
    started = utcnow()
    now = started
    today = dt.date.today()
    workspace = Workspace.create(path, passphrase, DEMO_SCHOOL)
    told = Story(workspace, today, now, [day for day, _ in closure_days(today)])
    _STORIES[workspace] = told
    rng = random.Random(seed)
    try:
        told.date_since(started, [told.setup])  # the workspace was created on the setup day
        with told.at(told.later(told.setup, 5)):
            karen = people_service.add_person(
                workspace,
                people_service.PersonForm(
                    full_name=DEMO_OPERATOR,
                    kind=PersonKind.STAFF,
                    role="School business manager",
                    email="sbm@brambleford.sch.uk",
                    start_date=told.day_of(told.setup) - dt.timedelta(days=400),
                    social_media_training_on=told.day_of(told.setup),
                    online_safety_training_on=told.day_of(told.setup),
                    terms_signed_on=told.day_of(told.setup),
                ),
            )
        operators.set_operator(workspace, karen)
        for load in FILLERS:
            load()(workspace, size, rng, today)
        told.finish(started)
    except BaseException:
        workspace.close()
        raise
    finally:
        _STORIES.pop(workspace, None)
    return workspace
