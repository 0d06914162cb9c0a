"""Dashboard items for the register, people and vault: each appears when due and goes when done."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from smgov.data.models.accounts import AccountStatus
from smgov.data.services import accounts, people
from smgov.data.services.dashboard import Urgency, attention_items
from smgov.data.workspace import Workspace
from tests.data.registers import complete_form, make_account, make_credential, make_person

TODAY = dt.date.today()


def _titles(workspace: Workspace) -> list[str]:
    return [i.title for i in attention_items(workspace, TODAY)]


def test_an_application_waiting_for_slt_is_listed_until_decided(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, AccountStatus.SUBMITTED, handle="EcoClub")
    item = next(i for i in attention_items(workspace, TODAY) if "awaiting SLT" in i.title)
    assert (item.section, item.record_id) == ("accounts", str(account_id))
    accounts.transition(workspace, account_id, AccountStatus.APPROVED, decided_by="SLT")
    assert not any("awaiting SLT" in t for t in _titles(workspace))


def test_an_active_account_with_one_named_person_is_flagged(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, AccountStatus.ACTIVE, handle="PEdept")
    link = accounts.get_account(workspace, account_id).current_staff[1]
    accounts.remove_staff(workspace, account_id, link.id)
    assert "Too few named staff: PEdept news" in _titles(workspace)


def test_a_review_due_soon_and_an_overdue_one(workspace: Workspace) -> None:
    soon = complete_form("SoonReview")
    soon.review_date = TODAY + dt.timedelta(days=5)
    late = complete_form("LateReview")
    late.review_date = TODAY - dt.timedelta(days=1)
    accounts.add_account(workspace, soon)
    accounts.add_account(workspace, late)
    items = {i.title: i.urgency for i in attention_items(workspace, TODAY)}
    assert items["Account review due: SoonReview news"] is Urgency.DUE_SOON
    assert items["Account review overdue: LateReview news"] is Urgency.OVERDUE


def test_untrained_named_staff_and_old_passwords_are_flagged(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, AccountStatus.ACTIVE, handle="Music")
    untrained = make_person(workspace, "Ffion Untrained", social_media_training_on=None)
    from smgov.data.models.accounts import StaffRole

    accounts.add_staff(workspace, account_id, untrained, StaffRole.POSTER, "Head", None)
    credential = make_credential(workspace, account_id)
    with workspace.write() as session:
        session.execute(
            text("UPDATE credential SET changed_at = '2019-01-01T09:00:00.000000+00:00' WHERE id = :id"),
            {"id": credential},
        )
    titles = _titles(workspace)
    assert "Training or terms missing: Ffion Untrained" in titles
    assert any(t.startswith("Password too old: Music news") for t in titles)


def test_a_leaver_with_a_lead_role_is_listed(workspace: Workspace) -> None:
    account_id, (lead, _) = make_account(workspace, AccountStatus.ACTIVE, handle="Drama")
    person = people.get_person(workspace, lead)
    form = people.PersonForm(person.full_name, email=person.email, leaving_date=TODAY + dt.timedelta(days=3))
    people.update_person(workspace, lead, form)
    item = next(i for i in attention_items(workspace, TODAY) if i.title == "Transfer the lead of Drama news")
    assert item.urgency is Urgency.DUE_SOON and person.full_name in item.detail


def _leave(workspace: Workspace, person_id: int, on: dt.date) -> None:
    person = people.get_person(workspace, person_id)
    people.update_person(workspace, person_id, people.PersonForm(person.full_name, email=person.email, leaving_date=on))


def test_every_leavers_items_are_read_in_one_query_and_match_each_persons_own(workspace: Workspace) -> None:
    from sqlalchemy import event

    from smgov.data.models.accounts import StaffRole
    from smgov.data.services import vault

    drama, (drama_lead, drama_poster) = make_account(workspace, AccountStatus.ACTIVE, handle="Drama")
    music, (music_lead, _) = make_account(workspace, AccountStatus.ACTIVE, handle="Music")
    accounts.add_staff(workspace, music, drama_poster, StaffRole.ADMIN, "Head", None)
    credential = make_credential(workspace, drama)
    for person_id in (drama_lead, drama_poster):
        vault.record_disclosure(
            workspace, credential, person_id=person_id, given_on=TODAY, authorised_by="Head", reason="Runs it"
        )
    _leave(workspace, drama_lead, TODAY + dt.timedelta(days=3))
    _leave(workspace, drama_poster, TODAY - dt.timedelta(days=1))  # left yesterday: overdue
    _leave(workspace, music_lead, TODAY + dt.timedelta(days=90))  # not for a while: not listed yet

    selects: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            selects.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", note)
    try:
        to_do = people.leavers_to_do(workspace, TODAY + dt.timedelta(days=30))
    finally:
        event.remove(workspace.engine, "before_cursor_execute", note)
    assert len(selects) == 1

    # The same items, in the same order, as asking for each leaver on their own.
    expected = []
    for person in people.list_people(workspace, leaving_by=TODAY + dt.timedelta(days=30)):
        expected += [(person.id, item) for item in people.leaver_items(workspace, person.id)]
    assert [(t.person_id, t.item) for t in to_do] == expected
    assert sorted((t.person_id, t.item.action) for t in to_do) == sorted(
        [
            (drama_lead, "transfer lead"),
            (drama_lead, "rotate password"),
            (drama_poster, "remove access"),
            (drama_poster, "remove access"),
            (drama_poster, "rotate password"),
        ]
    )

    rotate = [
        i for i in attention_items(workspace, TODAY) if i.title == "Change the password of Drama news (Main login)"
    ]
    by_urgency = {i.urgency: (i.section, i.record_id) for i in rotate}
    assert by_urgency == {Urgency.DUE_SOON: ("vault", str(credential)), Urgency.OVERDUE: ("vault", str(credential))}
