"""The operator: who is using smgov, chosen from the school's people, named on audit events, records and reports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from smgov import documents
from smgov.data import audit, operators
from smgov.data.errors import ValidationError
from smgov.data.filelock import current_user
from smgov.data.models import ActionType, AuditEvent, EvidenceSource, IncidentCategory
from smgov.data.models.accounts import AccountTransition
from smgov.data.models.people import PersonKind
from smgov.data.operators import Operator
from smgov.data.services import accounts, evidence, incidents
from smgov.data.verify import verify
from smgov.data.workspace import Workspace
from tests.data.registers import complete_form, make_person

LOGIN = current_user()


def _last_event(workspace: Workspace, action: str) -> AuditEvent:
    with workspace.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc()).limit(1)
        ).one()
    return event


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, format="PNG")
    return out.getvalue()


def _log(workspace: Workspace) -> incidents.IncidentDetails:
    return incidents.log_incident(
        workspace,
        incidents.IncidentInput(
            category=IncidentCategory.PARENT_POST,
            received_at=dt.datetime(2025, 11, 14, 10, 0, tzinfo=dt.UTC),
            reported_by="Mrs Nguyễn Thị Lan",
            description="A parent posted about the trip on a community page.",
            platform="Facebook",
        ),
    )


def test_until_someone_is_chosen_the_operator_is_the_login(workspace: Workspace) -> None:
    assert operators.current_operator(workspace) == Operator(None, LOGIN, LOGIN)
    logged = _log(workspace)
    assert logged.created_by == LOGIN
    event = _last_event(workspace, "incident.create")
    assert (event.actor, event.actor_login) == (LOGIN, LOGIN)


def test_candidates_are_the_people_still_here_staff_first_by_name(workspace: Workspace) -> None:
    make_person(workspace, "Zara Young")
    make_person(workspace, "adam Brown")
    make_person(workspace, "Gwen Governor", kind=PersonKind.GOVERNOR)
    make_person(workspace, "Vic Volunteer", kind=PersonKind.VOLUNTEER)
    make_person(workspace, "Long Gone", leaving_date=dt.date(2020, 7, 31))
    make_person(workspace, "Leaving Soon", leaving_date=dt.date.today() + dt.timedelta(days=30))
    names = [c.name for c in operators.candidates(workspace)]
    assert names == ["adam Brown", "Leaving Soon", "Zara Young", "Gwen Governor", "Vic Volunteer"]
    assert all(c.login == LOGIN and c.person_id is not None for c in operators.candidates(workspace))


def test_the_chosen_person_is_named_on_audit_events_and_records_with_the_login_beside(workspace: Workspace) -> None:
    person_id = make_person(workspace, "Jane Smith")
    chosen = operators.set_operator(workspace, person_id)
    assert chosen == Operator(person_id, "Jane Smith", LOGIN)
    assert operators.current_operator(workspace) == chosen
    assert chosen.describe() == f"Jane Smith (login {LOGIN})"

    logged = _log(workspace)
    assert logged.created_by == "Jane Smith"
    event = _last_event(workspace, "incident.create")
    assert (event.actor, event.actor_login) == ("Jane Smith", LOGIN)
    assert logged.timeline[0].recorded_by == "Jane Smith"

    entry = incidents.add_action(workspace, logged.id, ActionType.RESPONDED, details="Replied.")
    assert (entry.done_by, entry.recorded_by) == ("Jane Smith", "Jane Smith")

    shot = evidence.add_evidence(workspace, logged.id, _png(), source=EvidenceSource.FILE)
    assert shot.added_by == "Jane Smith"

    account_id = accounts.add_account(workspace, complete_form())
    event = _last_event(workspace, "account.add")
    assert (event.actor, event.actor_login, event.entity_id) == ("Jane Smith", LOGIN, str(account_id))
    assert verify(workspace).ok


def test_a_transition_names_the_operator(workspace: Workspace) -> None:
    operators.set_operator(workspace, make_person(workspace, "Karen O'Neill"))
    from tests.data.registers import make_account

    account_id, _ = make_account(workspace, accounts.AccountStatus.SUBMITTED)
    with workspace.read() as session:
        actors = set(session.scalars(select(AccountTransition.actor).where(AccountTransition.account_id == account_id)))
    assert actors == {"Karen O'Neill"}


def test_someone_who_has_left_or_is_unknown_is_refused_and_the_choice_stays(workspace: Workspace) -> None:
    here = make_person(workspace, "Still Here")
    gone = make_person(workspace, "Long Gone", leaving_date=dt.date(2020, 7, 31))
    operators.set_operator(workspace, here)
    with pytest.raises(ValidationError, match="left on 31/07/2020") as refused:
        operators.set_operator(workspace, gone)
    assert refused.value.field == "operator"
    with pytest.raises(ValidationError, match="not on the school's register"):
        operators.set_operator(workspace, 9999)
    assert operators.current_operator(workspace).name == "Still Here"
    assert operators.set_operator(workspace, None) == Operator(None, LOGIN, LOGIN)
    assert operators.current_operator(workspace).person_id is None


def test_the_choice_is_not_kept_in_the_file(workspace: Workspace) -> None:
    operators.set_operator(workspace, make_person(workspace, "Jane Smith"))
    path, key = workspace.path, workspace.key
    workspace.close()
    with Workspace.open(path, key=key) as again:
        assert operators.current_operator(again).person_id is None


def test_the_login_is_in_the_mac_of_each_event(workspace: Workspace) -> None:
    operators.set_operator(workspace, make_person(workspace, "Jane Smith"))
    with workspace.write() as session:
        audit.record(session, "settings.update", "school", 1, "Written now")
    assert verify(workspace).ok
    last = _last_event(workspace, "settings.update").id
    for changed in ("'someone'", "NULL"):
        with workspace.write() as session:
            session.execute(text(f"UPDATE audit_event SET actor_login = {changed} WHERE id = :id"), {"id": last})
        assert [f.item for f in verify(workspace, this_pc=False).findings] == [f"entry {last} was changed"]


def test_the_incident_report_prints_who_logged_it_and_each_entry(workspace: Workspace) -> None:
    operators.set_operator(workspace, make_person(workspace, "Jane Smith"))
    logged = _log(workspace)
    pdf = documents.filled_form("incident", workspace, logged.id)
    words = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Logged by Jane Smith" in words
    assert f"by {LOGIN}" not in words


def test_the_audit_log_lists_the_login_beside_the_operator(workspace: Workspace) -> None:
    from smgov.data.services import audit_log

    operators.set_operator(workspace, make_person(workspace, "Jane Smith"))
    _log(workspace)
    newest = audit_log.list_events(workspace, limit=1)[0]
    assert (newest.actor, newest.actor_login) == ("Jane Smith", LOGIN)
