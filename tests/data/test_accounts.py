"""The account register: validation, duplicates, named staff and the lifecycle rules."""

from __future__ import annotations

import datetime as dt

import pytest

from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus, Platform, StaffRole
from smgov.data.services import accounts, audit_log
from smgov.data.workspace import Workspace
from tests.data.registers import complete_form, make_account, make_credential, make_person

S = AccountStatus


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"handle": "school news"}, "handle", "no spaces"),
        ({"handle": ""}, "handle", "Enter"),
        ({"handle": "bad<b>"}, "handle", "letters, numbers"),
        ({"profile_url": "x.com/SchoolNews"}, "profile_url", "Add https://"),
        ({"profile_url": "https://x.com/School News"}, "profile_url", "no spaces"),
        ({"profile_url": "https://www.facebook.com/SchoolNews"}, "profile_url", "not a X"),
        ({"profile_url": "javascript:alert(1)"}, "profile_url", "https://"),
        ({"linked_email": "office at school"}, "linked_email", "not an email"),
        ({"aim": "x" * 10_000}, "aim", "too long"),
    ],
)
def test_bad_fields_are_refused_next_to_the_field(
    workspace: Workspace, change: dict[str, str], field: str, message: str
) -> None:
    form = complete_form("SchoolNews")
    for key, value in change.items():
        setattr(form, key, value)
    with pytest.raises(ValidationError, match=message) as caught:
        accounts.add_account(workspace, form)
    assert caught.value.field == field
    assert accounts.list_accounts(workspace) == []


def test_a_duplicate_platform_and_handle_is_refused_whatever_the_case(workspace: Workspace) -> None:
    accounts.add_account(workspace, complete_form("SchoolNews"))
    duplicate = complete_form("@schoolnews")
    duplicate.profile_url = ""
    with pytest.raises(ValidationError, match="already has") as caught:
        accounts.add_account(workspace, duplicate)
    assert caught.value.field == "handle"
    other_platform = complete_form("SchoolNews", Platform.INSTAGRAM)
    accounts.add_account(workspace, other_platform)  # same handle elsewhere is a different account
    assert len(accounts.list_accounts(workspace)) == 2


def test_hostile_text_is_kept_exactly(workspace: Workspace) -> None:
    form = complete_form("SchoolNews")
    form.aim = "=cmd|' /C calc'!A0 <b>bold</b> & \"quotes\" \u202eevil 🎉 Ysgol Llanfair"
    account_id = accounts.add_account(workspace, form)
    assert accounts.get_account(workspace, account_id).form.aim == form.aim.replace("\u202e", "")


def test_submitting_needs_a_complete_business_case_and_two_current_staff(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, staff=1)
    with pytest.raises(ValidationError, match="at least two named staff"):
        accounts.transition(workspace, account_id, S.SUBMITTED)
    form = complete_form("Incomplete")
    form.promotion = ""
    form.is_public = False
    incomplete = accounts.add_account(workspace, form)
    with pytest.raises(ValidationError) as caught:
        accounts.transition(workspace, incomplete, S.SUBMITTED)
    assert "how it will be promoted" in str(caught.value) and "must be public" in str(caught.value)
    assert accounts.get_account(workspace, incomplete).status is S.DRAFT


def test_a_leaver_does_not_count_as_current_staff(workspace: Workspace) -> None:
    account_id, person_ids = make_account(workspace, staff=2)
    from smgov.data.services import people

    person = people.get_person(workspace, person_ids[1])
    form = people.PersonForm(full_name=person.full_name, email=person.email, leaving_date=dt.date.today())
    people.update_person(workspace, person_ids[1], form)
    with pytest.raises(ValidationError, match="it has 1"):
        accounts.transition(workspace, account_id, S.SUBMITTED)


def test_the_whole_lifecycle_is_recorded_with_who_and_why(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE)
    accounts.transition(workspace, account_id, S.UNDER_REVIEW, reason="Termly review")
    accounts.transition(workspace, account_id, S.CLOSING, reason="Department merged")
    accounts.transition(workspace, account_id, S.CLOSED)
    details = accounts.get_account(workspace, account_id)
    assert [t.to_status for t in details.transitions] == [
        S.SUBMITTED,
        S.APPROVED,
        S.ACTIVE,
        S.UNDER_REVIEW,
        S.CLOSING,
        S.CLOSED,
    ]
    assert details.transitions[1].decided_by == "SLT meeting"
    assert details.transitions[4].reason == "Department merged"
    assert details.decided_on == dt.date.today()
    assert sum(e.action == "account.transition" for e in audit_log.list_events(workspace)) == 6


@pytest.mark.parametrize(
    ("start", "to", "message"),
    [
        (S.DRAFT, S.ACTIVE, "cannot become active"),
        (S.DRAFT, S.APPROVED, "Next it can be: submitted to slt"),
        (S.ACTIVE, S.SUBMITTED, "cannot become submitted"),
    ],
)
def test_invalid_transitions_are_refused_with_the_reason(
    workspace: Workspace, start: AccountStatus, to: AccountStatus, message: str
) -> None:
    account_id, _ = make_account(workspace, start)
    with pytest.raises(ValidationError, match=message):
        accounts.transition(workspace, account_id, to, decided_by="SLT", reason="x")
    assert accounts.get_account(workspace, account_id).status is start


def test_rejection_needs_who_and_why(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.SUBMITTED)
    with pytest.raises(ValidationError, match="Say why"):
        accounts.transition(workspace, account_id, S.REJECTED, decided_by="SLT")
    with pytest.raises(ValidationError, match="who made the decision"):
        accounts.transition(workspace, account_id, S.REJECTED, reason="Duplicates the main account")
    accounts.transition(workspace, account_id, S.REJECTED, decided_by="SLT", reason="Duplicates the main account")
    details = accounts.get_account(workspace, account_id)
    assert (details.status, details.decision_reasons) == (S.REJECTED, "Duplicates the main account")


def test_the_last_named_person_of_an_active_account_cannot_be_removed(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE, staff=2)
    links = accounts.get_account(workspace, account_id).current_staff
    accounts.remove_staff(workspace, account_id, links[0].id)
    with pytest.raises(ValidationError, match="last person"):
        accounts.remove_staff(workspace, account_id, links[1].id)
    details = accounts.get_account(workspace, account_id)
    assert len(details.current_staff) == 1
    assert len(details.staff) == 2  # the removed one stays in the history


def test_naming_needs_who_authorised_and_refuses_leavers(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, staff=0)
    person = make_person(workspace)
    with pytest.raises(ValidationError, match="who authorised"):
        accounts.add_staff(workspace, account_id, person, StaffRole.POSTER, " ", None)
    leaver = make_person(workspace, leaving_date=dt.date(2026, 1, 1), start_date=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="has left"):
        accounts.add_staff(workspace, account_id, leaver, StaffRole.POSTER, "Head", None)


def test_deleting_an_account_removes_its_secrets_and_keeps_an_audit_entry(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, S.ACTIVE)
    make_credential(workspace, account_id, secret="Unforgettable-Zebra-Secret-99")
    accounts.delete_account(workspace, account_id)
    assert accounts.list_accounts(workspace) == []
    event = audit_log.list_events(workspace)[0]
    assert event.action == "account.delete" and "1 credential" in event.summary
    from smgov.data.models.vault import Credential

    with workspace.read() as session:
        assert session.query(Credential).count() == 0


def test_register_rows_show_lead_staff_and_credentials(workspace: Workspace) -> None:
    account_id, person_ids = make_account(workspace, S.ACTIVE, staff=3)
    make_credential(workspace, account_id)
    (row,) = accounts.list_accounts(workspace)
    from smgov.data.services import people

    assert row.lead == people.get_person(workspace, person_ids[0]).full_name
    assert (row.current_staff, row.credentials, row.status) == (3, 1, S.ACTIVE)
