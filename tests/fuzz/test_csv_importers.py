"""Every CSV importer, fed mutated samples and random bytes: a preview (or an import) or a ValidationError with a
message for the user, never another exception; and a refused file changes nothing in the workspace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from smgov.data.errors import SmgovError, ValidationError
from smgov.data.importers import credentials, csvfile, staff
from smgov.data.models.accounts import Platform
from smgov.data.services import accounts, people, school
from smgov.data.workspace import Workspace
from tests.conftest import WorkspaceFactory
from tests.data.registers import complete_form
from tests.fuzz.snapshot import snapshot
from tests.fuzz.strategies import CREDENTIAL_BASES, STAFF_BASES, any_csv, fuzz

# The workspace is made once per test (not per example) and checked before and after every example.


def _refusal(exc: ValidationError) -> None:
    message = str(exc)
    event(f"refused: {message[:28]}")
    assert message and message[0].isupper() and message.rstrip().endswith((".", ")")), message
    assert "Traceback" not in message


@pytest.fixture
def staff_workspace(workspace_factory: WorkspaceFactory) -> Iterator[Workspace]:
    workspace = workspace_factory("staff.smgov")
    school.update_settings(workspace, school.SettingsChange(email_domains=["school.example.org"]))
    people.add_person(workspace, people.PersonForm("Siân Llewellyn-Price", email="sian@school.example.org"))
    yield workspace


@pytest.fixture
def vault_workspace(workspace_factory: WorkspaceFactory) -> Iterator[Workspace]:
    workspace = workspace_factory("vault.smgov")
    for platform, handle, url in [
        (Platform.FACEBOOK, "ExampleSchoolOfficial", "https://www.facebook.com/ExampleSchoolOfficial"),
        (Platform.X, "ExampleSchoolPE", "https://twitter.com/ExampleSchoolPE"),
        (Platform.YOUTUBE, "exampleschool", "https://www.youtube.com/@exampleschool"),
    ]:
        form = complete_form(handle, platform)
        form.profile_url = url
        accounts.add_account(workspace, form)
    yield workspace


COLUMNS = {**staff.COLUMNS, **credentials.COLUMNS}


@fuzz(300)
@given(any_csv(STAFF_BASES + CREDENTIAL_BASES), st.sampled_from([(), ("name",), ("password",), ("name", "email")]))
def test_the_csv_reader_returns_rows_or_refuses(data: bytes, required: tuple[str, ...]) -> None:
    try:
        rows = csvfile.read_rows(data, COLUMNS, required)
    except ValidationError as exc:
        _refusal(exc)
        return
    for row in rows:
        assert row.line >= 2
        assert set(required) <= row.values.keys() <= COLUMNS.keys()
        assert all(isinstance(v, str) and v == v.strip() for v in row.values.values())
        assert any(row.values.values()) or len(row.values) < len(COLUMNS)  # blank rows are skipped


@fuzz(150)
@given(data=any_csv(STAFF_BASES))
def test_staff_import_previews_or_refuses_and_a_refusal_changes_nothing(
    staff_workspace: Workspace, data: bytes
) -> None:
    before = snapshot(staff_workspace)
    try:
        checked = staff.preview(staff_workspace, data)
    except ValidationError as exc:
        _refusal(exc)
        assert snapshot(staff_workspace) == before
        return
    assert snapshot(staff_workspace) == before  # a preview writes nothing
    event("staff preview: rows to add" if checked.to_add else "staff preview: nothing to add")
    for row in checked.rows:
        assert row.status in staff.RowStatus
        if row.status is staff.RowStatus.ERROR:
            assert row.message
        else:
            assert row.full_name and "\n" not in row.full_name and "\x00" not in row.full_name
    known = len(people.list_people(staff_workspace))
    try:
        added = staff.import_staff(staff_workspace, checked)
    except SmgovError as exc:
        assert str(exc)
        assert snapshot(staff_workspace) == before
        return
    assert added == len(checked.to_add)
    assert len(people.list_people(staff_workspace)) == known + added


@fuzz(150)
@given(data=any_csv(CREDENTIAL_BASES))
def test_credentials_import_previews_or_refuses_and_a_refusal_changes_nothing(
    vault_workspace: Workspace, data: bytes
) -> None:
    before = snapshot(vault_workspace)
    try:
        rows = credentials.preview(vault_workspace, data)
    except ValidationError as exc:
        _refusal(exc)
        assert snapshot(vault_workspace) == before
        return
    assert snapshot(vault_workspace) == before
    event("credentials preview: " + ("rows matched" if any(r.account_id for r in rows) else "none matched"))
    for row in rows:
        assert row.status in credentials.MatchStatus
        assert row.message or row.status is not credentials.MatchStatus.ERROR
        assert row._secret not in repr(row) or not row._secret.strip()
    try:
        added = credentials.import_credentials(vault_workspace, rows)
    except ValidationError as exc:
        _refusal(exc)
        assert snapshot(vault_workspace) == before
        return
    matched = [r for r in rows if r.account_id is not None and r.status is not credentials.MatchStatus.ERROR]
    assert 0 <= added <= len(matched)  # rows for an account already given one are left out
    assert snapshot(vault_workspace) != before  # at least the import's audit event
