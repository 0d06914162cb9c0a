"""The demo reads true: things are dated when they happened, staff work in office hours on working days, decisions
come before what they allowed, roles fit the kind of person, and the audit chain (rewritten in time order) verifies."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from smgov.data import calendar
from smgov.data.demo import DEMO_OPERATOR, OFFICE_CLOSES, OFFICE_OPENS
from smgov.data.demo_register import ROLES_BY_KIND
from smgov.data.filelock import current_user
from smgov.data.models import (
    ActionType,
    AuditEvent,
    BlockedContentRequest,
    ClosureDay,
    Evidence,
    Incident,
    IncidentAction,
)
from smgov.data.models.accounts import Account, AccountStatus, AccountTransition
from smgov.data.models.people import Person, PersonKind
from smgov.data.verify import verify
from smgov.data.workspace import Workspace

ESCALATIONS = {ActionType.ESCALATED_TO_SLT, ActionType.ESCALATED_TO_DSL, ActionType.ESCALATED_TO_POLICE}


def _closures(workspace: Workspace) -> set[dt.date]:
    with workspace.read() as session:
        return set(session.scalars(select(ClosureDay.day)))


def _in_office_hours(moment: dt.datetime, closures: set[dt.date]) -> bool:
    local = calendar.school_time(moment)
    return calendar.is_working_day(local.date(), closures) and OFFICE_OPENS <= local.time() <= OFFICE_CLOSES


def _outside(moments: list[tuple[str, dt.datetime]], closures: set[dt.date]) -> list[str]:
    return [f"{what} at {calendar.format_school_time(m)}" for what, m in moments if not _in_office_hours(m, closures)]


def test_the_audit_chain_is_in_time_order_in_office_hours_and_verifies(demo_workspace: Workspace) -> None:
    closures = _closures(demo_workspace)
    now = dt.datetime.now(dt.UTC)
    with demo_workspace.read() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [e.id for e in events] == list(range(1, len(events) + 1))
    assert all(a.at <= b.at for a, b in zip(events, events[1:], strict=False))
    assert _outside([(f"{e.id} {e.action}", e.at) for e in events], closures) == []
    assert all(e.at <= now for e in events)
    assert events[0].action == "workspace.create"
    assert (events[-1].at - events[0].at).days > 365  # a history, not the minute the demo was made
    assert len({e.at.date() for e in events}) > 60
    assert verify(demo_workspace).ok
    # The business manager used it, from when she was on the register; the login is kept beside.
    assert {e.actor for e in events[2:]} == {DEMO_OPERATOR}
    assert {e.actor_login for e in events} == {current_user()}


def test_records_are_dated_when_they_were_written_in_office_hours(demo_workspace: Workspace) -> None:
    closures = _closures(demo_workspace)
    now = dt.datetime.now(dt.UTC)
    with demo_workspace.read() as session:
        stamped: list[tuple[str, dt.datetime]] = []
        for model in (Person, Account, Incident, BlockedContentRequest):
            for row in session.scalars(select(model)):
                stamped += [(f"{model.__name__} {row.id} created", row.created_at)]
                stamped += [(f"{model.__name__} {row.id} updated", row.updated_at)]
        stamped += [(f"Evidence {e.id}", e.added_at) for e in session.scalars(select(Evidence))]
        stamped += [(f"Transition {t.id}", t.at) for t in session.scalars(select(AccountTransition))]
        incidents = list(session.scalars(select(Incident)))
    assert _outside(stamped, closures) == []
    assert all(moment <= now for _, moment in stamped)
    assert all(i.received_at <= i.created_at for i in incidents)  # logged after it was received
    received = [calendar.school_time(i.received_at) for i in incidents]
    assert any(not _in_office_hours(r, closures) for r in received)  # people still post at night and at weekends


def test_every_incident_action_is_in_office_hours_and_in_order(demo_workspace: Workspace) -> None:
    closures = _closures(demo_workspace)
    now = dt.datetime.now(dt.UTC)
    with demo_workspace.read() as session:
        actions = list(session.scalars(select(IncidentAction)))
    assert actions
    assert _outside([(f"action {a.id} recorded", a.recorded_at) for a in actions], closures) == []
    # When it was done (the time received, for "logged": a parent may write at any hour).
    done = [(f"action {a.id} {a.action}", a.occurred_at) for a in actions if a.action != ActionType.LOGGED.value]
    assert _outside(done, closures) == []
    assert all(a.occurred_at <= a.recorded_at <= now for a in actions)


def test_evidence_is_added_before_any_escalation_that_passed_it_on(demo_workspace: Workspace) -> None:
    with demo_workspace.read() as session:
        added: dict[int, list[dt.datetime]] = defaultdict(list)
        for item in session.scalars(select(Evidence)):
            added[item.incident_id].append(item.added_at)
        escalated: dict[int, list[dt.datetime]] = defaultdict(list)
        for action in session.scalars(select(IncidentAction)):
            if ActionType(action.action) in ESCALATIONS:
                escalated[action.incident_id].append(action.occurred_at)
    checked = [i for i in escalated if added.get(i)]
    assert checked  # the demo has escalated incidents with screenshots
    for incident_id in checked:
        assert max(added[incident_id]) < min(escalated[incident_id]), incident_id


def test_each_account_was_decided_by_slt_before_it_went_live_months_ago(demo_workspace: Workspace) -> None:
    today = dt.date.today()
    with demo_workspace.read() as session:
        accounts = {a.id: a for a in session.scalars(select(Account))}
        steps: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
        for t in session.scalars(select(AccountTransition).order_by(AccountTransition.id)):
            steps[t.account_id][t.to_status] = t.at
    live = [a for a in accounts.values() if AccountStatus.ACTIVE.value in steps[a.id]]
    assert len(live) >= 3
    for account in live:
        went_live = calendar.school_time(steps[account.id][AccountStatus.ACTIVE.value]).date()
        assert account.decided_on is not None and account.decided_on < went_live, account.name
        assert steps[account.id][AccountStatus.APPROVED.value] < steps[account.id][AccountStatus.ACTIVE.value]
        assert steps[account.id][AccountStatus.SUBMITTED.value] < steps[account.id][AccountStatus.APPROVED.value]
        assert (today - account.decided_on).days > 60, account.name
    for account in accounts.values():
        assert account.created_at <= min(steps[account.id].values(), default=account.created_at)


def test_roles_fit_the_kind_of_person(demo_workspace: Workspace) -> None:
    with demo_workspace.read() as session:
        people = list(session.scalars(select(Person)))
    assert {PersonKind(p.kind) for p in people} >= {PersonKind.STAFF, PersonKind.GOVERNOR, PersonKind.VOLUNTEER}
    misfits = [(p.full_name, p.kind, p.role) for p in people if p.role not in ROLES_BY_KIND[PersonKind(p.kind)]]
    assert misfits == []
    senior = [p.role for p in people if p.role in ("Deputy head", "SENCo", "Office manager")]
    assert sorted(senior) == ["Deputy head", "Office manager", "SENCo"]  # one each


def test_generated_text_is_proper_english(demo_workspace: Workspace) -> None:
    with demo_workspace.read() as session:
        aims = list(session.scalars(select(Account.aim)))
        summaries = list(session.scalars(select(Incident.summary)))
    assert "Celebrate PE achievements and share match results and fixtures." in aims
    for text in aims + summaries:
        assert text[:1].isupper(), text
        assert not re.search(r"\b(pe|ict|slt|dsl|pta)\b", text), text  # acronyms keep their capitals
    assert all(aim.endswith(".") for aim in aims)


def test_staff_emails_are_written_as_a_school_email_system_would(demo_workspace: Workspace) -> None:
    from smgov.data.services.people import list_people

    emails = [person.email for person in list_people(demo_workspace) if person.email]
    assert emails and all(email.isascii() and email == email.lower() for email in emails)


# -- the demo is a primary federation, and its stories hold together ------------------------------------------------

SECONDARY = re.compile(r"\b(Year (7|8|9|10|11|12|13)|Sixth form|Head of Year|exam results|GCSE|A[- ]level)\b", re.I)


def test_the_demo_is_a_primary_school(demo_workspace: Workspace) -> None:
    from smgov.data.models import IncidentPerson

    with demo_workspace.read() as session:
        years = set(session.scalars(select(IncidentPerson.year_group)))
        texts = [
            *session.scalars(select(Person.role)),
            *session.scalars(select(Account.name)),
            *session.scalars(select(Account.aim)),
            *session.scalars(select(Incident.summary)),
            *session.scalars(select(Incident.description)),
            *session.scalars(select(Incident.account_name)),
            *session.scalars(select(BlockedContentRequest.requester)),
        ]
    assert years - {"", "Reception", *(f"Year {n}" for n in range(1, 7))} == set()
    assert [text for text in texts if SECONDARY.search(text or "")] == []


def test_pupils_in_a_cyberbullying_incident_are_old_enough_for_a_group_chat(demo_workspace: Workspace) -> None:
    from smgov.data.models import IncidentCategory, IncidentPerson, InvolvedKind

    with demo_workspace.read() as session:
        years = session.scalars(
            select(IncidentPerson.year_group)
            .join(Incident, Incident.id == IncidentPerson.incident_id)
            .where(Incident.category == IncidentCategory.CYBERBULLYING, IncidentPerson.kind == InvolvedKind.PUPIL)
        ).all()
    assert years and set(years) <= {"Year 3", "Year 4", "Year 5", "Year 6"}


def test_christmas_events_happen_in_december(demo_workspace: Workspace) -> None:
    with demo_workspace.read() as session:
        rows = session.execute(select(Incident.summary, Incident.received_at)).all()
    wrong = [
        (summary, calendar.format_school_time(at))
        for summary, at in rows
        if re.search(r"nativity|Christmas", summary, re.I) and calendar.school_time(at).month != 12
    ]
    assert wrong == []


def test_closure_days_are_school_days_every_year() -> None:
    from smgov.data.demo import closure_days

    for year in range(2020, 2041):
        for today in (dt.date(year, 3, 1), dt.date(year, 10, 1)):
            assert [day for day, _ in closure_days(today) if day.weekday() >= 5] == []


def test_request_numbers_go_up_with_time_and_teachers_make_them(demo_workspace: Workspace) -> None:
    with demo_workspace.read() as session:
        rows = session.execute(
            select(BlockedContentRequest.requested_on, BlockedContentRequest.staff_name).order_by(
                BlockedContentRequest.id
            )
        ).all()
    days = [day for day, _ in rows]
    assert len(days) > 5 and days == sorted(days)  # BCR-00001 is the oldest
    assert DEMO_OPERATOR not in {staff for _, staff in rows}  # the business manager teaches no History lessons


def test_only_parents_post_at_night_and_the_office_logs_it_in_office_hours(demo_workspace: Workspace) -> None:
    from smgov.data.models import IncidentCategory

    closures = _closures(demo_workspace)
    with demo_workspace.read() as session:
        rows = session.execute(select(Incident.id, Incident.category, Incident.received_at, Incident.created_at)).all()
    at_night = [
        (incident_id, category, at, created)
        for incident_id, category, at, created in rows
        if not dt.time(7, 0) <= calendar.school_time(at).time() < dt.time(21, 0)
    ]
    assert [row for row in at_night if row[1] != IncidentCategory.PARENT_POST] == []
    assert [row for row in at_night if not _in_office_hours(row[3], closures)] == []


def test_a_screenshot_shows_the_incidents_own_page_and_event(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """INC-00001 was about exam results day on Blog · sports-news; its screenshot showed another school's Eid."""
    from smgov.data import demo_incidents
    from smgov.data.demo import create_demo

    drawn: list[tuple[str, str | None, str | None]] = []
    real = demo_incidents.comment_thread_png

    def spy(rng: object, platform: str = "Facebook", comments: int = 4, **kw: str | None) -> bytes:
        drawn.append((platform, kw.get("page"), kw.get("event")))
        return real(rng, platform, comments, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_incidents, "comment_thread_png", spy)
    workspace = create_demo(tmp_path / "d.smgov")
    try:
        with workspace.read() as session:
            shots = session.execute(
                select(Incident.platform, Incident.account_name, Incident.summary)
                .join(Evidence, Evidence.incident_id == Incident.id)
                .where(Evidence.redacted_from_id.is_(None))
                .order_by(Evidence.id)
            ).all()
    finally:
        workspace.close()
    assert len(drawn) == len(shots) > 0
    for (platform, page, event), (incident_platform, account_name, summary) in zip(drawn, shots, strict=True):
        assert platform == incident_platform and event is not None and event in summary
        assert page == account_name or not account_name


def test_the_demo_has_pupils_two_years_of_consent_posts_and_takedowns(demo_workspace: Workspace) -> None:
    import datetime as dt

    from smgov.data.models import Takedown, TakedownState
    from smgov.data.services import consent, pupils

    on_roll = pupils.list_pupils(demo_workspace)
    assert len(on_roll) == 400
    assert len({p.admission_number for p in on_roll}) == 400 and all(len(p.admission_number) == 6 for p in on_roll)
    this_year = consent.academic_year_of(dt.date.today())
    with demo_workspace.read() as session:
        years = {e.academic_year for h in [consent.history(demo_workspace, on_roll[0].id)] for e in h}
        now = consent.standings(session, None, dt.date.today())
        last = consent.standings(session, None, dt.date(this_year, 8, 31))
        takedowns = session.query(Takedown).all()
    assert years <= {this_year - 1, this_year}
    assert 300 < len(now) < 400 and len(last) > len(now)  # this year's forms are still coming in: a chase list
    assert any(t.state is TakedownState.OPEN for t in takedowns)
    assert any(p.never_publish for p in on_roll)
