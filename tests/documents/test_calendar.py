"""The due-dates calendar (.ics): all-day events with stable UIDs and reminders that read back in any calendar,
hostile names escaped, no pupil named anywhere; ``smgov export calendar`` writes it and audits it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from smgov.__main__ import main
from smgov.data.services import accounts, pupils
from smgov.data.services.audit_log import list_events
from smgov.data.services.posting.takedowns import list_takedowns
from smgov.data.workspace import Workspace
from smgov.documents.calendar import DueDate, calendar_ics, due_dates_ics
from tests.conftest import PASSPHRASE

STAMP = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _events(data: bytes) -> list[Event]:
    calendar = Calendar.from_ical(data)
    return [c for c in calendar.walk("VEVENT") if isinstance(c, Event)]


def _unfolded(data: bytes) -> str:
    """The file's text with folded lines joined and escapes undone, as a calendar shows it."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\N", "\n").replace("\\\\", "\\")


def test_the_demos_due_dates_are_all_day_events_with_a_reminder_and_a_stable_uid(demo_workspace: Workspace) -> None:
    today = dt.date.today()
    data = due_dates_ics(demo_workspace, today, now=STAMP)
    calendar = Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]).endswith(" social media dates")
    events = _events(data)
    kinds = {str(e["UID"]).split("-")[0] for e in events}
    assert {"account", "policy", "leaving", "access", "takedown"} <= kinds  # every kind of due date is in the demo
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)  # all day (VALUE=DATE)
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(days=-1)
        assert str(event["UID"]).endswith(f"-{start:%Y%m%d}@smgov")
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    again = due_dates_ics(demo_workspace, today, now=STAMP + dt.timedelta(days=1))
    assert [str(e["UID"]) for e in _events(again)] == uids  # importing again updates, never doubles
    reviews = [e for e in events if str(e["UID"]).startswith("account-review-")]
    assert all("(ACC-" in str(e["DESCRIPTION"]) for e in reviews)
    takedowns = [e for e in events if str(e["UID"]).startswith("takedown-")]
    assert all(str(e["SUMMARY"]).startswith("Takedown due: post on @") for e in takedowns)
    assert all("(TKD-" in str(e["SUMMARY"]) for e in takedowns)


def test_no_pupil_is_named_anywhere_in_the_file(demo_workspace: Workspace) -> None:
    open_takedowns = list_takedowns(demo_workspace)
    assert open_takedowns, "the demo has takedowns, each about a named pupil: the test would prove nothing"
    data = due_dates_ics(demo_workspace, dt.date.today(), now=STAMP)
    shown = _unfolded(data).casefold()
    raw = data.decode("utf-8").casefold()
    every = pupils.list_pupils(demo_workspace, include_off_roll=True)
    assert len(every) > 20
    for pupil in every:
        names = {
            f"{pupil.legal_first_name} {pupil.legal_last_name}",
            f"{pupil.first_name} {pupil.legal_last_name}",
            f"{pupil.legal_last_name}, {pupil.legal_first_name}",
        }
        for name in names:
            assert name.casefold() not in shown and name.casefold() not in raw
        for reference in (pupil.upn, pupil.admission_number):
            if reference:
                assert reference.casefold() not in shown
    for takedown in open_takedowns:
        assert takedown.pupil_short_name.casefold() not in shown  # initials or short names too
        assert takedown.url.casefold() not in shown  # a post's address may name the pupil


def test_a_hostile_account_name_reads_back_exactly(demo_workspace: Workspace) -> None:
    live = next(a for a in accounts.list_accounts(demo_workspace) if a.status == "active" and a.review_date)
    hostile = 'Eco, club; "<b>Bold</b>" & =cmd|calc \u202eevil \\ 🎉'
    form = accounts.get_account(demo_workspace, live.id).form
    accounts.update_account(demo_workspace, live.id, replace(form, name=hostile))
    stored = accounts.get_account(demo_workspace, live.id).form.name
    data = due_dates_ics(demo_workspace, dt.date.today(), now=STAMP)
    (event,) = [e for e in _events(data) if str(e["UID"]).startswith(f"account-review-{live.id}-")]
    assert str(event["SUMMARY"]) == f"Account review: {stored} ({live.platform.label})"
    assert b"Eco\\, club\\; " in data.replace(b"\r\n ", b"")  # escaped as RFC 5545 says, not as raw separators


def test_newlines_commas_and_semicolons_in_any_text_are_escaped_and_long_text_is_folded() -> None:
    summary = "Leaving: Ann\nO'Neil, Jr.; Deputy\r\nhead " + "x" * 10_000
    due = DueDate("leaving", 7, dt.date(2027, 7, 21), summary, "line one\nline two; three, four")
    data = calendar_ics("St Mary's, Upper; Lower\nSchool social media dates", [due], STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded, so Outlook reads every line
    calendar = Calendar.from_ical(data)
    # An X- property reads back as its text as written: escaped as RFC 5545 says, on one line.
    assert str(calendar["X-WR-CALNAME"]) == "St Mary's\\, Upper\\; Lower School social media dates"
    (event,) = _events(data)
    assert str(event["SUMMARY"]) == summary.replace("\r\n", "\n")
    assert str(event["DESCRIPTION"]) == "line one\nline two; three, four"
    assert b"\nline two" not in data  # never a raw line break inside a value
    assert str(event["UID"]) == "leaving-7-20270721@smgov"


def test_reviews_are_those_the_dashboard_warns_of_approved_accounts_too(demo_workspace: Workspace) -> None:
    listed = accounts.list_accounts(demo_workspace)
    statuses = {a.status.value for a in listed if a.review_date}
    assert {"approved", "closed"} <= statuses  # the demo has both: the test would prove nothing otherwise
    wanted = {a.id for a in listed if a.review_date and a.status.value not in ("closed", "rejected")}
    events = _events(due_dates_ics(demo_workspace, dt.date.today(), now=STAMP))
    reviewed = {int(str(e["UID"]).split("-")[2]) for e in events if str(e["UID"]).startswith("account-review-")}
    assert reviewed == wanted


def test_a_leaver_before_today_is_left_out(workspace: Workspace) -> None:
    from smgov.data.models import PersonKind
    from smgov.data.services import people

    for name, leaving in (("Gone Already", dt.date(2026, 7, 21)), ("Leaving Soon", dt.date(2026, 12, 18))):
        people.add_person(
            workspace,
            people.PersonForm(full_name=name, kind=PersonKind.STAFF, role="Teacher", leaving_date=leaving),
        )
    events = _events(due_dates_ics(workspace, dt.date(2026, 12, 1), now=STAMP))
    assert [str(e["SUMMARY"]) for e in events] == ["Leaving: Leaving Soon (Staff, Teacher)"]


# -- the command ----------------------------------------------------------------------------------------------------


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


@pytest.mark.usefixtures("passphrase_env")
def test_smgov_export_calendar_writes_the_file_and_audits_it(
    demo_workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_workspace.path
    demo_workspace.close()
    out = tmp_path / "dates.ics"
    assert main(["export", "calendar", str(path), "-o", str(out)]) == 0
    assert f"Saved {out}." in capsys.readouterr().out
    assert len(_events(out.read_bytes())) >= 5
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace:
        event = list_events(workspace, limit=1)[0]
    assert (event.action, event.entity_type) == ("export", "calendar")


@pytest.mark.usefixtures("passphrase_env")
@pytest.mark.parametrize(
    ("extra", "output", "words"),
    [([], "dates.csv", "Name the calendar file .ics."), (["--full-names"], "dates.ics", "no pupil names")],
)
def test_smgov_export_calendar_refuses_a_wrong_request_and_writes_nothing(
    workspace: Workspace,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    output: str,
    words: str,
) -> None:
    path = workspace.path
    workspace.close()
    assert main(["export", "calendar", str(path), "-o", str(tmp_path / output), *extra]) == 1
    assert words in capsys.readouterr().err
    assert not (tmp_path / output).exists()
