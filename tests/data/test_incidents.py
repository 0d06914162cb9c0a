"""The incident log: logging, the table's rows, deadlines, the append-only timeline, safeguarding and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, event, select, text, update
from sqlalchemy.exc import DatabaseError, IntegrityError

from smgov.data.calendar import SCHOOL_TIME
from smgov.data.errors import ValidationError
from smgov.data.models import (
    ActionType,
    AuditEvent,
    IncidentAction,
    IncidentCategory,
    IncidentStatus,
    InvolvedKind,
    InvolvedRole,
    KeyRole,
    ResponseRule,
)
from smgov.data.services import incidents, school
from smgov.data.services.attention import AttentionItem
from smgov.data.services.dashboard import Urgency, attention_items
from smgov.data.services.incidents import IncidentInput, PersonInput, ResponseState
from smgov.data.workspace import Workspace

PUPIL = "Zoë Ŵyn-Łukasz"


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SCHOOL_TIME)  # type: ignore[misc]


def sample(**changes: object) -> IncidentInput:
    data = IncidentInput(
        category=IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT,
        received_at=london(2025, 11, 15, 9, 15),  # a Saturday
        reported_by="Mrs Nguyễn Thị Lan",
        description="An abusive comment under the sports day post naming a teacher.",
        summary="Abusive comment on the sports day post",
        platform="Facebook",
        account_name="@BramblefordPrimary",
        people=[
            PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, PUPIL, "Year 5"),
            PersonInput(InvolvedKind.OUTSIDER, InvolvedRole.AUTHOR, "Anon Account 7"),
        ],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def log(workspace: Workspace, **changes: object) -> incidents.IncidentDetails:
    return incidents.log_incident(workspace, sample(**changes))


# -- logging --------------------------------------------------------------------------------------------------


def test_logging_an_incident_keeps_every_field_and_works_out_the_deadline(workspace: Workspace) -> None:
    school.update_settings(workspace, school.SettingsChange(response_rule=ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND))
    from tests.data.registers import make_account

    account_id, _staff = make_account(workspace)
    logged = log(workspace, safeguarding_concern=True, account_id=account_id)
    got = incidents.get_incident(workspace, logged.id)
    assert got.reference == f"INC-{logged.id:05d}"
    assert got.category is IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT
    assert got.received_at == london(2025, 11, 15, 9, 15)
    assert got.received_at.tzinfo is not None
    assert (got.platform, got.account_name, got.account_id) == ("Facebook", "@BramblefordPrimary", account_id)
    assert got.reported_by == "Mrs Nguyễn Thị Lan"
    assert got.status is IncidentStatus.OPEN
    assert got.safeguarding_concern and got.dsl_acknowledged_at is None
    assert got.due_at == london(2025, 11, 17, 17, 0)  # received on a Saturday: end of Monday
    assert got.first_response_at is None
    assert [(p.kind, p.role, p.name, p.year_group) for p in got.people] == [
        (InvolvedKind.PUPIL, InvolvedRole.VICTIM, PUPIL, "Year 5"),
        (InvolvedKind.OUTSIDER, InvolvedRole.AUTHOR, "Anon Account 7", ""),
    ]
    assert [e.action for e in got.timeline] == [ActionType.LOGGED]


def test_the_24_hour_rule_and_closure_days_come_from_settings(workspace: Workspace) -> None:
    assert log(workspace).due_at == london(2025, 11, 16, 9, 15)  # the default: 24 hours
    school.update_settings(workspace, school.SettingsChange(response_rule=ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND))
    school.set_closure_day(workspace, dt.date(2025, 11, 17), "INSET day")
    assert log(workspace).due_at == london(2025, 11, 18, 17, 0)


def test_a_5000_word_description_is_kept_whole(workspace: Workspace) -> None:
    words = " ".join(f"word{n}" for n in range(5000)) + '\n\nA second paragraph with <markup> & "quotes".'
    logged = log(workspace, description=words)
    assert incidents.get_incident(workspace, logged.id).description == words
    row = next(r for r in incidents.list_incidents(workspace) if r.id == logged.id)
    assert row.summary == "Abusive comment on the sports day post"


def test_a_received_time_in_the_future_is_refused_and_nothing_is_saved(workspace: Workspace) -> None:
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future") as refused:
        log(workspace, received_at=tomorrow)
    assert refused.value.field == "received_at"
    assert incidents.list_incidents(workspace) == []


def test_a_naive_received_time_is_school_time(workspace: Workspace) -> None:
    logged = log(workspace, received_at=dt.datetime(2026, 7, 1, 14, 0))
    assert logged.received_at == dt.datetime(2026, 7, 1, 13, 0, tzinfo=dt.UTC)  # BST


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reported_by": "   "}, "reported_by", "Enter the name of who reported it"),
        ({"description": "\n \n"}, "description", "Enter the description"),
        ({"category": "rumours"}, "category", "Choose the category"),
        ({"summary": "x" * 201}, "summary", "too long"),
        ({"received_at": london(1999, 12, 31, 9, 0)}, "received_at", "before the year 2000"),
        ({"people": [PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, " ")]}, "people.1.name", "name of person 1"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_a_plain_message(
    workspace: Workspace, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        log(workspace, **changes)
    assert refused.value.field == field


def test_initials_and_how_people_are_shown() -> None:
    assert incidents.initials(PUPIL) == "ZŴ-Ł"
    assert incidents.initials("Nguyễn Văn Minh") == "NVM"
    assert incidents.initials("Siân O'Neill") == "SO"
    pupil = incidents.InvolvedPerson(1, InvolvedKind.PUPIL, InvolvedRole.VICTIM, PUPIL, "Year 5", None, "")
    assert pupil.shown_name() == "ZŴ-Ł (Year 5)"
    assert pupil.shown_name(full_names=True) == f"{PUPIL} (Year 5)"
    adult = incidents.InvolvedPerson(2, InvolvedKind.OUTSIDER, InvolvedRole.AUTHOR, "Anon Account 7", "", None, "")
    assert adult.shown_name() == "Anon Account 7"


def test_audit_events_never_carry_a_pupils_name_or_the_description(workspace: Workspace) -> None:
    logged = log(workspace, description="Secret details about Zoë")
    incidents.update_incident(workspace, logged.id, sample(description="Changed details about Zoë"))
    incidents.add_action(workspace, logged.id, ActionType.COMMENT_HIDDEN, details="Hid Zoë's name", done_by="Karen")
    with workspace.read() as session:
        summaries = " ".join(session.scalars(select(AuditEvent.summary)))
    assert logged.reference in summaries
    assert "Zoë" not in summaries and "Ŵyn" not in summaries and "Secret" not in summaries


# -- the table ------------------------------------------------------------------------------------------------


def test_list_rows_carry_what_the_table_shows_newest_first_in_one_query(workspace: Workspace) -> None:
    older = log(workspace, received_at=london(2025, 10, 27, 10, 0), summary="", description="First words " * 40)
    newer = log(workspace, safeguarding_concern=True)
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", count)
    try:
        rows = incidents.list_incidents(workspace)
    finally:
        event.remove(workspace.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert "description" not in statements[0].split("FROM")[0].replace("substr(incident.description", "")
    assert [r.id for r in rows] == [newer.id, older.id]
    first = rows[0]
    assert first.reference == newer.reference and first.platform == "Facebook"
    assert first.safeguarding_concern and not first.dsl_acknowledged and first.evidence_count == 0
    assert rows[1].summary.startswith("First words First words") and rows[1].summary.endswith("…")
    assert len(rows[1].summary) <= incidents.SUMMARY_CHARS + 1


def test_filtering_rows_by_words_status_category_and_safeguarding(workspace: Workspace) -> None:
    a = log(workspace)
    b = log(workspace, category=IncidentCategory.CYBERBULLYING, platform="TikTok", summary="Group chat")
    c = log(workspace, category=IncidentCategory.PARENT_POST, safeguarding_concern=True, summary="Parent post")
    incidents.set_status(workspace, c.id, IncidentStatus.CLOSED, outcome="Parent removed the post.")
    rows = incidents.list_incidents(workspace)
    ids = lambda found: {r.id for r in found}  # noqa: E731
    assert ids(incidents.filter_rows(rows, "tiktok GROUP")) == {b.id}
    assert ids(incidents.filter_rows(rows, a.reference.lower())) == {a.id}
    assert ids(incidents.filter_rows(rows, categories=[IncidentCategory.CYBERBULLYING])) == {b.id}
    assert ids(incidents.filter_rows(rows, safeguarding_only=True)) == {c.id}
    assert ids(incidents.filter_rows(rows, open_only=True)) == {a.id, b.id}
    assert ids(incidents.filter_rows(rows, statuses=[IncidentStatus.CLOSED])) == {c.id}
    assert incidents.filter_rows(rows, "nothing like this") == []


def test_response_state_and_time_left(workspace: Workspace) -> None:
    logged = log(workspace)  # due Sunday 16/11/2025 09:15 under the 24-hour rule
    row = incidents.list_incidents(workspace)[0]
    assert row.response_state(london(2025, 11, 15, 12, 0)) is ResponseState.WAITING
    assert row.response_state(london(2025, 11, 16, 6, 0)) is ResponseState.DUE_SOON
    assert row.response_state(london(2025, 11, 16, 10, 0)) is ResponseState.OVERDUE
    assert row.time_left(london(2025, 11, 16, 6, 0)) == "3 h 15 min left"
    assert row.time_left(london(2025, 11, 16, 10, 0)) == "overdue by 45 min"
    incidents.add_action(
        workspace, logged.id, ActionType.COMMENT_HIDDEN, occurred_at=london(2025, 11, 16, 11, 0), done_by="Karen"
    )
    row = incidents.list_incidents(workspace)[0]
    assert row.response_state(london(2025, 11, 17, 9, 0)) is ResponseState.RESPONDED_LATE
    assert row.time_left(london(2025, 11, 17, 9, 0)) == ""


# -- editing and status -----------------------------------------------------------------------------------------


def test_editing_keeps_the_old_wording_on_the_timeline_and_moves_the_deadline(workspace: Workspace) -> None:
    logged = log(workspace)
    change = logged.as_input()
    change.description = "The corrected description."
    change.received_at = london(2025, 11, 14, 8, 0)
    change.people = change.people[:1]
    updated = incidents.update_incident(workspace, logged.id, change)
    assert updated.description == "The corrected description."
    assert updated.due_at == london(2025, 11, 15, 8, 0)
    entry = updated.timeline[-1]
    assert entry.action is ActionType.DETAILS_CHANGED
    assert "An abusive comment under the sports day post naming a teacher." in entry.details  # nothing lost
    assert "Received: 15/11/2025 09:15 → 14/11/2025 08:00" in entry.details
    assert "ZŴ-Ł (pupil, victim); Anon Account 7" in entry.details and PUPIL not in entry.details
    assert [p.name for p in updated.people] == [PUPIL]


def test_saving_without_changes_writes_nothing(workspace: Workspace) -> None:
    logged = log(workspace)
    again = incidents.update_incident(workspace, logged.id, logged.as_input())
    assert len(again.timeline) == 1


def test_status_changes_follow_the_rules_and_are_on_the_timeline(workspace: Workspace) -> None:
    logged = log(workspace)
    with pytest.raises(ValidationError, match="outcome") as refused:
        incidents.set_status(workspace, logged.id, IncidentStatus.CLOSED)
    assert refused.value.field == "outcome"
    closed = incidents.set_status(workspace, logged.id, IncidentStatus.CLOSED, outcome="Comment removed, user blocked.")
    assert closed.status is IncidentStatus.CLOSED and closed.closed_at is not None
    with pytest.raises(ValidationError, match="already closed"):
        incidents.set_status(workspace, logged.id, IncidentStatus.CLOSED)
    with pytest.raises(ValidationError, match="cannot be moved to escalated"):
        incidents.set_status(workspace, logged.id, IncidentStatus.ESCALATED)
    with pytest.raises(ValidationError, match="reason for reopening"):
        incidents.set_status(workspace, logged.id, IncidentStatus.OPEN)
    reopened = incidents.set_status(workspace, logged.id, IncidentStatus.OPEN, reason="The comment reappeared.")
    assert reopened.status is IncidentStatus.OPEN and reopened.closed_at is None
    assert [e.details for e in reopened.timeline if e.action is ActionType.STATUS_CHANGED] == [
        "Open → Closed",
        "Closed → Open. The comment reappeared.",
    ]


# -- the timeline -----------------------------------------------------------------------------------------------


def test_actions_move_the_status_and_fill_in_the_first_response(workspace: Workspace) -> None:
    logged = log(workspace)
    at = london(2025, 11, 15, 9, 20)
    shot = incidents.add_action(workspace, logged.id, ActionType.SCREENSHOT_TAKEN, occurred_at=at)
    assert shot.done_by  # the person at the PC when not given
    got = incidents.get_incident(workspace, logged.id)
    assert got.status is IncidentStatus.OPEN and got.first_response_at is None  # a screenshot is no response
    hidden = london(2025, 11, 15, 9, 30)
    incidents.add_action(workspace, logged.id, ActionType.COMMENT_HIDDEN, occurred_at=hidden, done_by="Karen O'Neill")
    assert incidents.get_incident(workspace, logged.id).status is IncidentStatus.IN_PROGRESS
    incidents.add_action(workspace, logged.id, ActionType.ESCALATED_TO_SLT, occurred_at=london(2025, 11, 15, 10, 0))
    got = incidents.get_incident(workspace, logged.id)
    assert got.status is IncidentStatus.ESCALATED
    assert (got.first_response_at, got.first_response_by) == (london(2025, 11, 15, 9, 30), "Karen O'Neill")
    with pytest.raises(ValidationError, match="outcome"):
        incidents.add_action(workspace, logged.id, ActionType.CLOSED)
    incidents.add_action(workspace, logged.id, ActionType.CLOSED, details="Blocked and reported; SLT content.")
    got = incidents.get_incident(workspace, logged.id)
    assert got.status is IncidentStatus.CLOSED and got.outcome == "Blocked and reported; SLT content."
    with pytest.raises(ValidationError, match="is closed. Reopen it"):
        incidents.add_action(workspace, logged.id, ActionType.USER_BLOCKED)
    incidents.add_action(workspace, logged.id, ActionType.NOTE, details="Parent thanked us.")


def test_acknowledging_receipt_is_the_first_response_and_leaves_the_incident_open(workspace: Workspace) -> None:
    logged = log(workspace)
    at = london(2025, 11, 15, 10, 0)
    incidents.add_action(workspace, logged.id, ActionType.RESPONDED, occurred_at=at, done_by="Karen")
    got = incidents.get_incident(workspace, logged.id)
    assert got.status is IncidentStatus.OPEN and (got.first_response_at, got.first_response_by) == (at, "Karen")


def test_actions_in_the_future_or_written_by_smgov_are_refused(workspace: Workspace) -> None:
    logged = log(workspace)
    with pytest.raises(ValidationError, match="in the future"):
        incidents.add_action(
            workspace, logged.id, ActionType.USER_BLOCKED, occurred_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
        )
    with pytest.raises(ValidationError, match="written by smgov"):
        incidents.add_action(workspace, logged.id, ActionType.EVIDENCE_ADDED)
    assert len(incidents.timeline(workspace, logged.id)) == 1


def test_a_correction_is_a_new_entry_and_the_original_stays(workspace: Workspace) -> None:
    logged = log(workspace)
    wrong = incidents.add_action(
        workspace, logged.id, ActionType.USER_BLOCKED, occurred_at=london(2025, 11, 15, 9, 40), done_by="Karen"
    )
    fixed = incidents.correct_action(
        workspace,
        wrong.id,
        reason="It was hidden, not blocked, and later.",
        action=ActionType.COMMENT_HIDDEN,
        occurred_at=london(2025, 11, 15, 11, 0),
    )
    assert fixed.corrects_id == wrong.id and fixed.reason == "It was hidden, not blocked, and later."
    assert (fixed.action, fixed.done_by) == (ActionType.COMMENT_HIDDEN, "Karen")
    entries = {e.id: e for e in incidents.timeline(workspace, logged.id)}
    original = entries[wrong.id]
    assert (original.action, original.occurred_at) == (ActionType.USER_BLOCKED, london(2025, 11, 15, 9, 40))
    assert original.corrected_by_id == fixed.id and not original.current and entries[fixed.id].current
    got = incidents.get_incident(workspace, logged.id)
    assert got.first_response_at == london(2025, 11, 15, 11, 0)  # the corrected time counts
    with pytest.raises(ValidationError, match="already corrected by entry"):
        incidents.correct_action(workspace, wrong.id, reason="again", details="x")
    with pytest.raises(ValidationError, match="reason for the correction"):
        incidents.correct_action(workspace, fixed.id, reason=" ", details="x")
    with pytest.raises(ValidationError, match="Nothing is different"):
        incidents.correct_action(workspace, fixed.id, reason="no change")
    gone = incidents.correct_action(workspace, fixed.id, reason="Recorded on the wrong incident.", withdraw=True)
    assert gone.withdrawn and not gone.current
    assert incidents.get_incident(workspace, logged.id).first_response_at is None
    assert len(incidents.timeline(workspace, logged.id)) == 4  # logged, wrong, fixed, withdrawal: all kept


def test_entries_smgov_wrote_cannot_be_corrected(workspace: Workspace) -> None:
    logged = log(workspace)
    with pytest.raises(ValidationError, match="written by smgov"):
        incidents.correct_action(workspace, logged.timeline[0].id, reason="x", details="y")


def test_the_timeline_cannot_be_edited_or_deleted_at_all(workspace: Workspace) -> None:
    logged = log(workspace)
    entry = incidents.add_action(workspace, logged.id, ActionType.COMMENT_HIDDEN, details="Hidden at 09:30")
    # No service function edits or deletes an entry ...
    names = [name for name in dir(incidents) if callable(getattr(incidents, name))]
    assert not [n for n in names if any(w in n for w in ("edit_action", "update_action", "delete", "remove"))]
    # ... and the database refuses it even from code that tries.
    with pytest.raises((DatabaseError, IntegrityError), match="append-only"), workspace.write() as session:
        session.execute(update(IncidentAction).where(IncidentAction.id == entry.id).values(details="changed"))
    with pytest.raises((DatabaseError, IntegrityError), match="append-only"), workspace.write() as session:
        session.execute(delete(IncidentAction).where(IncidentAction.id == entry.id))
    with pytest.raises((DatabaseError, IntegrityError), match="append-only"), workspace.write() as session:
        session.execute(text("DELETE FROM incident_action"))
    assert incidents.timeline(workspace, logged.id)[-1].details == "Hidden at 09:30"


# -- safeguarding and the dashboard -----------------------------------------------------------------------------


def test_a_safeguarding_concern_waits_on_the_dashboard_until_the_dsl_acknowledges(workspace: Workspace) -> None:
    school.update_settings(
        workspace, school.SettingsChange(key_people=[school.KeyPersonDetails(KeyRole.DSL, "Siân Llewellyn-Price")])
    )
    logged = log(workspace, safeguarding_concern=True)
    other = log(workspace)
    now = london(2025, 11, 15, 12, 0)
    concern = [i for i in incidents.attention(workspace, now) if "Safeguarding" in i.title]
    assert [i.record_id for i in concern] == [str(logged.id)]
    assert "Tell Siân Llewellyn-Price (the DSL)" in concern[0].detail and concern[0].section == "incidents"
    with pytest.raises(ValidationError, match="not marked as a safeguarding concern"):
        incidents.acknowledge_safeguarding(workspace, other.id, by="Siân")
    done = incidents.acknowledge_safeguarding(workspace, logged.id, by="Siân Llewellyn-Price")
    assert done.dsl_acknowledged_by == "Siân Llewellyn-Price"
    assert done.timeline[-1].action is ActionType.DSL_ACKNOWLEDGED
    with pytest.raises(ValidationError, match="already acknowledged"):
        incidents.acknowledge_safeguarding(workspace, logged.id, by="Siân")
    assert not [i for i in incidents.attention(workspace, now) if "Safeguarding" in i.title]


def test_a_concern_not_acknowledged_by_the_end_of_the_next_working_day_is_overdue(workspace: Workspace) -> None:
    """Received on Friday 14/11/2025: the DSL should have it by the end of Monday 17/11; 24 days on it is overdue,
    not "due soon"."""
    friday = log(workspace, safeguarding_concern=True, received_at=london(2025, 11, 14, 10, 0))

    def concern(now: dt.datetime) -> AttentionItem:
        return next(
            i for i in incidents.attention(workspace, now) if i.record_id == str(friday.id) and "DSL" in i.title
        )

    assert concern(london(2025, 11, 15, 12, 0)).urgency is Urgency.DUE_SOON  # Saturday: not a working day
    assert concern(london(2025, 11, 17, 16, 0)).urgency is Urgency.DUE_SOON
    assert "due by 17/11/2025 17:00" in concern(london(2025, 11, 17, 16, 0)).detail
    late = concern(london(2025, 12, 8, 12, 0))
    assert late.urgency is Urgency.OVERDUE and "overdue by 20 days" in late.detail
    assert incidents.dsl_due_at(london(2025, 11, 14, 10, 0)) == london(2025, 11, 17, 17, 0)


def test_the_dashboard_shows_due_soon_and_overdue_responses_with_the_time_left(workspace: Workspace) -> None:
    overdue = log(workspace, received_at=london(2025, 11, 13, 8, 0))  # due 14/11 08:00
    soon = log(workspace, received_at=london(2025, 11, 14, 14, 0))  # due 15/11 14:00
    answered = log(workspace, received_at=london(2025, 11, 14, 9, 0))
    incidents.add_action(workspace, answered.id, ActionType.RESPONDED, occurred_at=london(2025, 11, 14, 10, 0))
    items = {i.record_id: i for i in incidents.attention(workspace, london(2025, 11, 15, 11, 0))}
    assert set(items) == {str(overdue.id), str(soon.id)}
    assert items[str(overdue.id)].urgency is Urgency.OVERDUE
    assert "overdue by 1 day 3 h" in items[str(overdue.id)].detail
    assert items[str(soon.id)].urgency is Urgency.DUE_SOON
    assert "15/11/2025 14:00 (3 h left)" in items[str(soon.id)].detail
    # and they reach the dashboard itself
    titles = [i.title for i in attention_items(workspace, dt.date(2025, 11, 15))]
    assert f"Response overdue: {overdue.reference}" in titles


def test_an_empty_log_adds_nothing_to_the_dashboard(workspace: Workspace) -> None:
    assert incidents.attention(workspace, dt.datetime.now(dt.UTC)) == []


def test_an_account_not_in_the_register_is_refused_and_a_deleted_one_leaves_its_name(workspace: Workspace) -> None:
    from smgov.data.services import accounts
    from tests.data.registers import make_account

    with pytest.raises(ValidationError) as refused:
        log(workspace, account_id=999)
    assert refused.value.field == "account_id"
    assert incidents.list_incidents(workspace) == []

    account_id, _staff = make_account(workspace)
    logged = log(workspace, account_id=account_id)
    other = log(workspace)
    with pytest.raises(ValidationError):
        incidents.update_incident(workspace, other.id, sample(account_id=999))
    accounts.delete_account(workspace, account_id)
    kept = incidents.get_incident(workspace, logged.id)
    assert kept.account_id is None  # no link to a record that is gone, so no "Open account" button
    assert (kept.platform, kept.account_name) == ("Facebook", "@BramblefordPrimary")
