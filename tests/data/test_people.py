"""People: validation, deletion rules, and the leaver's to-do list."""

from __future__ import annotations

import datetime as dt

import pytest

from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus
from smgov.data.models.people import PersonKind
from smgov.data.services import people, school, vault
from smgov.data.workspace import Workspace
from tests.data.registers import make_account, make_credential, make_person


def test_staff_email_must_be_at_a_school_domain(workspace: Workspace) -> None:
    school.update_settings(workspace, school.SettingsChange(email_domains=["spixworth.sch.uk"]))
    with pytest.raises(ValidationError, match="Use the school email") as caught:
        people.add_person(workspace, people.PersonForm("Ann Jones", email="ann@gmail.com"))
    assert caught.value.field == "email"
    people.add_person(workspace, people.PersonForm("Ann Jones", email="ann@spixworth.sch.uk"))
    # a volunteer may use their own address
    people.add_person(workspace, people.PersonForm("Bob Parent", kind=PersonKind.VOLUNTEER, email="bob@gmail.com"))


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (people.PersonForm(""), "full_name"),
        (people.PersonForm("x" * 300), "full_name"),
        (people.PersonForm("Ann", email="not-an-email"), "email"),
        (people.PersonForm("Ann", start_date=dt.date(2026, 9, 1), leaving_date=dt.date(2026, 1, 1)), "leaving_date"),
        (people.PersonForm("Ann", terms_signed_on=dt.date.today() + dt.timedelta(days=3)), "terms_signed_on"),
    ],
)
def test_bad_people_are_refused_next_to_the_field(workspace: Workspace, form: people.PersonForm, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        people.add_person(workspace, form)
    assert caught.value.field == field
    assert people.list_people(workspace) == []


def test_a_person_named_on_an_account_cannot_be_deleted(workspace: Workspace) -> None:
    _, (lead, _) = make_account(workspace)
    with pytest.raises(ValidationError, match="Set a leaving date instead"):
        people.delete_person(workspace, lead)
    spare = make_person(workspace)
    people.delete_person(workspace, spare)
    assert {p.id for p in people.list_people(workspace)} == {lead, *[p.id for p in people.list_people(workspace)]} - {
        spare
    }


def test_setting_a_leaving_date_lists_everything_to_do_until_done(workspace: Workspace) -> None:
    account_id, (lead, poster) = make_account(workspace, AccountStatus.ACTIVE, staff=2)
    other_account, (other_lead, _) = make_account(workspace, AccountStatus.ACTIVE, staff=2)
    from smgov.data.models.accounts import StaffRole
    from smgov.data.services import accounts

    accounts.add_staff(workspace, other_account, lead, StaffRole.ADMIN, "Head", None)
    credential = make_credential(workspace, account_id)
    vault.record_disclosure(
        workspace, credential, person_id=lead, given_on=dt.date.today(), authorised_by="Head", reason="Runs it"
    )
    person = people.get_person(workspace, lead)
    form = people.PersonForm(person.full_name, role=person.role, email=person.email, leaving_date=dt.date.today())
    items = people.update_person(workspace, lead, form)
    assert sorted((i.action, i.account_id) for i in items) == sorted(
        [("transfer lead", account_id), ("remove access", other_account), ("rotate password", account_id)]
    )
    # doing each thing takes it off the list
    accounts.add_staff(workspace, account_id, poster, StaffRole.LEAD, "Head", None)
    for details_id in (account_id, other_account):
        for link in accounts.get_account(workspace, details_id).staff:
            if link.person_id == lead and link.removed_on is None:
                accounts.remove_staff(workspace, details_id, link.id)
    assert [i.action for i in people.leaver_items(workspace, lead)] == ["rotate password"]
    vault.change_secret(workspace, credential, "A-brand-new-Secret-4-after-leaving")
    assert people.leaver_items(workspace, lead) == []


def test_a_password_changed_before_the_leaving_day_is_still_to_rotate(workspace: Workspace) -> None:
    account_id, (lead, _) = make_account(workspace, AccountStatus.ACTIVE, staff=2)
    credential = make_credential(workspace, account_id)
    vault.record_disclosure(
        workspace, credential, person_id=lead, given_on=dt.date.today(), authorised_by="Head", reason="Runs it"
    )
    vault.change_secret(workspace, credential, "Changed-Before-They-Go-42")
    person = people.get_person(workspace, lead)
    leaving = dt.date.today() + dt.timedelta(days=5)
    form = people.PersonForm(person.full_name, role=person.role, email=person.email, leaving_date=leaving)
    items = people.update_person(workspace, lead, form)
    assert ("rotate password", credential) in [(i.action, i.credential_id) for i in items]
