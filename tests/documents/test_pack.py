"""The termly pack's figures against a workspace of known records, for SLT and for governors.

Every record is made through the services the screens use, dated relative to today (account decisions are dated
when they are made), so the period is the 100 days up to ten days from now and the previous period the 100 before.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from smgov.data import calendar
from smgov.data.models import ConsentChange, ConsentMethod, ConsentStatus, IncidentCategory, Pupil
from smgov.data.models.accounts import AccountStatus
from smgov.data.models.incidents import ActionType, InvolvedKind, InvolvedRole
from smgov.data.services import accounts, blocked_content, consent, incidents, vault
from smgov.data.workspace import Workspace
from smgov.documents.pack import build_pack, pack_pdf
from smgov.reports.pack.model import FEWER_THAN_5, Audience, Figure, Pack, Period
from tests.data.registers import make_account, make_credential

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
TODAY = calendar.school_time(NOW).date()
PERIOD = Period("This test's period", TODAY - dt.timedelta(days=90), TODAY + dt.timedelta(days=10))
PREVIOUS = Period("The period before", PERIOD.start - dt.timedelta(days=100), PERIOD.start - dt.timedelta(days=1))
PUPIL = "Zoë Ŵyn-Łukasz"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return calendar.at_school_time(day, dt.time(hour, minute)).astimezone(dt.UTC)


def log(workspace: Workspace, category: IncidentCategory, received: dt.datetime, **changes: object) -> int:
    data = incidents.IncidentInput(
        category=category,
        received_at=received,
        reported_by="Mrs Nguyễn Thị Lan",
        description="A comment under the school's post.",
        summary="A comment",
        platform="Facebook",
        account_name="@BramblefordPrimary",
        people=[incidents.PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, PUPIL, "Year 5")],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return incidents.log_incident(workspace, data, now=NOW).id


def respond(
    workspace: Workspace, incident_id: int, when: dt.datetime, action: ActionType = ActionType.RESPONDED
) -> None:
    incidents.add_action(workspace, incident_id, action, occurred_at=when, done_by="Mr Head", now=NOW)


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A workspace of known records: see each block for what the pack must count."""
    from tests.conftest import PASSPHRASE, SCHOOL

    path = tmp_path_factory.mktemp("pack") / "known.smgov"
    workspace = Workspace.create(path, PASSPHRASE, SCHOOL)
    try:
        fill(workspace)
        yield workspace
    finally:
        workspace.close()


def fill(workspace: Workspace) -> None:
    start = PERIOD.start
    # Incidents in the period: A on time, B late, C overdue (open, no response), E and F safeguarding concerns
    # answered on time; E escalated to the police and acknowledged by the DSL within the hour, F escalated to the
    # DSL and never acknowledged. D is in the previous period.
    a = log(workspace, IncidentCategory.CYBERBULLYING, at(start + dt.timedelta(days=5), 9))
    respond(workspace, a, at(start + dt.timedelta(days=5), 15))
    b = log(workspace, IncidentCategory.PARENT_POST, at(start + dt.timedelta(days=6), 10))
    respond(workspace, b, at(start + dt.timedelta(days=8), 10))
    log(workspace, IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT, NOW - dt.timedelta(days=3))
    e = log(workspace, IncidentCategory.CYBERBULLYING, at(start + dt.timedelta(days=10), 9), safeguarding_concern=True)
    respond(workspace, e, at(start + dt.timedelta(days=10), 11))
    respond(workspace, e, at(start + dt.timedelta(days=10), 12), ActionType.ESCALATED_TO_POLICE)
    incidents.acknowledge_safeguarding(workspace, e, by="Ms DSL", at=at(start + dt.timedelta(days=10), 10), now=NOW)
    f = log(workspace, IncidentCategory.CYBERBULLYING, at(start + dt.timedelta(days=20), 9), safeguarding_concern=True)
    respond(workspace, f, at(start + dt.timedelta(days=20), 10))
    respond(workspace, f, at(start + dt.timedelta(days=20), 11), ActionType.ESCALATED_TO_DSL)
    d = log(workspace, IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT, at(PREVIOUS.start + dt.timedelta(days=3), 9))
    respond(workspace, d, at(PREVIOUS.start + dt.timedelta(days=3), 12))
    # Accounts (decided now, inside the period): one active with one named member of staff, one active with two,
    # one waiting for SLT. Passwords: one weak, two sharing the same strong one.
    thin, _ = make_account(workspace, AccountStatus.ACTIVE, staff=2)
    accounts.remove_staff(workspace, thin, accounts.get_account(workspace, thin).staff[1].id)
    full, _ = make_account(workspace, AccountStatus.ACTIVE, staff=2)
    make_account(workspace, AccountStatus.SUBMITTED, staff=2)
    make_credential(workspace, thin, "password1")
    shared = make_credential(workspace, full)
    make_credential(workspace, full)
    vault.reveal(workspace, shared)
    # Blocked content: three submitted in the period, one approved and given, one rejected, one waiting.
    requests = [
        blocked_content.submit_request(
            workspace,
            blocked_content.RequestInput(
                "Mr Dafydd ap Gwilym", start + dt.timedelta(days=n), f"https://site{n}.example.org/", "A", "B", "C"
            ),
            today=TODAY,
        ).id
        for n in (1, 2, 3)
    ]
    blocked_content.decide(
        workspace, requests[0], approved=True, decided_by="Head", decided_on=start + dt.timedelta(days=4), today=TODAY
    )
    blocked_content.implement(
        workspace,
        requests[0],
        implemented_on=start + dt.timedelta(days=5),
        implemented_by="ICT",
        expires_on=TODAY + dt.timedelta(days=60),
        today=TODAY,
    )
    blocked_content.decide(
        workspace,
        requests[1],
        approved=False,
        decided_by="Head",
        decided_on=start + dt.timedelta(days=4),
        reasons="Not needed",
        today=TODAY,
    )
    # Consent: six pupils on roll in Year 4; two forms returned (one granting everything, one refusing); the first
    # withdrawn from one purpose within the period.
    year = consent.academic_year_of(TODAY)
    with workspace.write() as session:
        from smgov.data import audit

        pupils = [
            Pupil(
                legal_first_name=f"Pupil{n}",
                legal_last_name="Khan",
                admission_number=f"00{n}",
                upn=f"H00{n}",
                year_group="Year 4",
                class_name="4C",
            )
            for n in range(6)
        ]
        session.add_all(pupils)
        session.flush()
        ids = [p.id for p in pupils]
        audit.record(session, "pupil.import", "pupil", None, "test pupils")
    purposes = {p.key: p.id for p in consent.purposes(workspace)}
    first_day = max(consent.year_bounds(year)[0], PERIOD.start)

    def give(pupil: int, change: ConsentChange, on: dt.date, status: ConsentStatus, only: str | None = None) -> None:
        chosen = {key: pid for key, pid in purposes.items() if only is None or key == only}
        consent.record_consent(
            workspace,
            consent.ConsentInput(
                pupil_id=pupil,
                academic_year=year,
                change=change,
                statuses={pid: (status, "") for pid in chosen.values()},
                received_on=on,
                method=ConsentMethod.PAPER,
                given_by="A parent",
                relationship="Mother",
                note="Letter" if change is ConsentChange.WITHDRAWAL else "",
            ),
            today=TODAY,
        )

    give(ids[0], ConsentChange.RETURN, first_day, ConsentStatus.GRANTED)
    give(ids[1], ConsentChange.RETURN, first_day, ConsentStatus.REFUSED)
    give(ids[0], ConsentChange.WITHDRAWAL, TODAY, ConsentStatus.REFUSED, only="website")


def figure(pack: Pack, label: str) -> Figure:
    found = [f for part in pack.parts for f in part.figures if f.label == label]
    assert len(found) == 1, f"no single figure {label!r} in {[f.label for p in pack.parts for f in p.figures]}"
    return found[0]


@pytest.fixture(scope="module")
def slt(known: Workspace) -> Pack:
    return build_pack(known, PERIOD, PREVIOUS, Audience.SLT, now=NOW, with_rows=True)


@pytest.fixture(scope="module")
def governors(known: Workspace) -> Pack:
    return build_pack(known, PERIOD, PREVIOUS, Audience.GOVERNORS, now=NOW, with_rows=True)


def test_the_incident_figures_count_the_known_incidents(slt: Pack) -> None:
    assert figure(slt, "Incidents received") == Figure("Incidents received", 5, 1, 4)
    within = figure(slt, "Responses within the policy's rule")
    assert (within.value, within.detail) == (60.0, "2 of 5 late or missed")
    assert figure(slt, "Open with the response overdue").value == 1
    assert figure(slt, "Escalated to the police").value == 1
    assert figure(slt, "Escalated to the DSL").value == 1
    assert figure(slt, "Safeguarding concerns").value == 2
    assert figure(slt, "Acknowledged by the DSL by the next working day").value == 1
    incidents_part = next(p for p in slt.parts if p.key == "incidents")
    by_category = next(c for c in incidents_part.charts if c.title == "Incidents by category")
    this_period = dict(zip(by_category.labels, by_category.series[0][1], strict=True))
    assert (this_period["Cyberbullying"], this_period["Parent post"], this_period["Abuse on a school account"]) == (
        3,
        1,
        1,
    )
    late = next(t for t in incidents_part.tables if t.title == "Responses late or missed")
    assert [row[0] for row in late.rows] == ["INC-00003", "INC-00002"]  # newest first


def test_the_register_and_password_figures(slt: Pack) -> None:
    assert figure(slt, "Accounts with fewer than two named staff").value == 1
    assert figure(slt, "Applications waiting for SLT now").value == 1
    assert figure(slt, "Applications submitted to SLT").value == 3
    assert figure(slt, "Applications approved").value == 2
    assert figure(slt, "Weak passwords").value == 1
    assert figure(slt, "Passwords used more than once").value == 2
    assert figure(slt, "Passwords or never-publish reasons shown").value == 1


def test_the_blocked_content_and_consent_figures(slt: Pack) -> None:
    given = ("Requests submitted", "Requests approved", "Requests rejected", "Access given")
    assert [figure(slt, label).value for label in given] == [3, 1, 1, 1]
    assert figure(slt, "Waiting for a decision now").value == 1
    assert figure(slt, "Pupils on roll").value == 6
    returned = next(f for p in slt.parts for f in p.figures if f.label.startswith("Consent forms returned"))
    assert returned.value == 33.3
    assert figure(slt, "Withdrawals of consent").value == 1


def test_slt_rows_name_pupils_by_initials_only(slt: Pack) -> None:
    incident_rows = next(r for r in slt.rows if r.name == "Incidents")
    people = {row[11] for row in incident_rows.rows}
    assert people == {"ZŴ-Ł (Year 5): victim"}
    assert PUPIL not in repr(slt)


def test_governors_see_no_count_under_5_no_rows_and_no_names(governors: Pack) -> None:
    assert figure(governors, "Incidents received").value == 5  # five may be shown
    assert figure(governors, "Open with the response overdue").value == FEWER_THAN_5
    assert figure(governors, "Escalated to the police").value == FEWER_THAN_5
    assert figure(governors, "Responses within the policy's rule").value == "—"  # 3 of 5: too few either side
    assert governors.rows == ()
    assert all(not part.tables or part.key == "consent" for part in governors.parts)
    for part in governors.parts:
        for f in part.figures:
            assert not (isinstance(f.value, int) and f.value < 5), f
        for chart in part.charts:
            for _, values in chart.series:
                assert all(v is None or v >= 5 for v in values), chart.title
        for table in part.tables:
            for row in table.rows:
                assert all(not (isinstance(cell, int) and cell < 5) for cell in row), table.title
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pack_pdf(governors))).pages)
    assert "Pupil0" not in text and "Khan" not in text and PUPIL not in text and "ZŴ" not in text
    assert "Mr Head" not in text and "Ms DSL" not in text


def test_actions_read_as_sentences_and_slt_names_the_overdue_incident(slt: Pack, governors: Pack) -> None:
    assert "Respond to 1 open incident whose response is overdue: INC-00003." in slt.actions
    assert "Respond to fewer than 5 open incidents whose response is overdue." in governors.actions  # no reference
    assert "Decide 1 account application waiting for SLT." in slt.actions
    assert not any("(s)" in action for action in (*slt.actions, *governors.actions))


def test_lateness_under_an_hour_is_in_minutes_and_the_policy_review_is_a_figure(slt: Pack) -> None:
    from types import SimpleNamespace

    from smgov.documents.pack.incidents import _late_by

    due = NOW - dt.timedelta(days=3)
    for minutes, shown in [(13, "13 min"), (60, "1 h"), (25 * 60 + 5, "1 d 1 h")]:
        row = SimpleNamespace(due_at=due, first_response_at=due + dt.timedelta(minutes=minutes))
        assert _late_by(row, NOW) == shown  # type: ignore[arg-type]
    review = figure(slt, "Next review of the social media policy")
    assert review.value == "not set" or isinstance(review.value, dt.date)


def test_a_pack_prepared_by_someone_smgov_does_not_know_says_the_school_office(slt: Pack, governors: Pack) -> None:
    assert slt.prepared_by == governors.prepared_by == "the school office"  # not the computer's login name


def test_the_register_rows_name_their_staff_in_reference_order(slt: Pack) -> None:
    register = next(r for r in slt.rows if r.name == "Accounts")
    assert tuple(register.headers[:2]) == ("Reference", "Account")
    references = [row[0] for row in register.rows]
    assert references == sorted(references) and str(references[0]).startswith("ACC-")
    staff = register.headers.index("Named staff")
    assert any("(lead)" in str(row[staff]) for row in register.rows)  # names and roles, not a count
    assert not any(isinstance(row[staff], int) for row in register.rows)
