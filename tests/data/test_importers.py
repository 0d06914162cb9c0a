"""Importers: staff CSVs as schools export them, and password-manager exports matched to accounts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from smgov.data.errors import ValidationError
from smgov.data.importers import credentials, staff
from smgov.data.models.accounts import Platform
from smgov.data.services import accounts, people, school, vault
from smgov.data.workspace import Workspace
from tests.data.registers import complete_form
from tests.long_secrets import random_secret

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def test_staff_preview_marks_new_existing_and_bad_rows(workspace: Workspace) -> None:
    school.update_settings(workspace, school.SettingsChange(email_domains=["school.example.org"]))
    people.add_person(workspace, people.PersonForm("Existing Person", email="existing@school.example.org"))
    data = (
        "Full name;Job title;Email address\r\n"
        "Siân Llewellyn;Teacher;sian@school.example.org\r\n"
        ";;\r\n"
        "Existing Person;Head;existing@school.example.org\r\n"
        "Bad Email;TA;not-an-email\r\n"
        "Gmail User;TA;someone@gmail.com\r\n"
        "Siân Llewellyn;Teacher;sian@school.example.org\r\n"
    ).encode("cp1252")
    preview = staff.preview(workspace, data)
    statuses = [(r.line, r.status.value) for r in preview.rows]
    assert statuses == [(2, "new"), (4, "already there"), (5, "error"), (6, "error"), (7, "error")]
    assert preview.rows[0].full_name == "Siân Llewellyn"  # Windows-1252 decoded
    assert "school email" in preview.rows[3].message
    assert staff.import_staff(workspace, preview) == 1
    assert len(people.list_people(workspace)) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"role,email\nx,y\n", "Name column"), (b"PK\x03\x04\x00\x00binary", "not a CSV")],
)
def test_broken_staff_files_get_a_clear_message(workspace: Workspace, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        staff.preview(workspace, data)


def _register_sample_accounts(workspace: Workspace) -> dict[str, int]:
    made = {}
    for platform, handle, url in [
        (Platform.FACEBOOK, "ExampleSchoolOfficial", "https://www.facebook.com/ExampleSchoolOfficial"),
        (Platform.X, "ExampleSchoolPE", "https://twitter.com/ExampleSchoolPE"),
        (Platform.YOUTUBE, "exampleschool", "https://www.youtube.com/@exampleschool"),
    ]:
        form = complete_form(handle, platform)
        form.profile_url = url
        made[handle] = accounts.add_account(workspace, form)
    return made


@pytest.mark.parametrize("sample", ["keepassxc-export.csv", "bitwarden-export.csv"])
def test_password_manager_exports_match_accounts_by_url(workspace: Workspace, sample: str) -> None:
    made = _register_sample_accounts(workspace)
    rows = credentials.preview(workspace, (SAMPLES / sample).read_bytes())
    matched = {r.account_id for r in rows if r.status is credentials.MatchStatus.MATCHED}
    assert matched and matched <= set(made.values())
    assert any(r.status is credentials.MatchStatus.NO_MATCH for r in rows)
    assert all("Tq7#" not in repr(r) for r in rows)  # secrets never in a repr (logs, errors)
    added = credentials.import_credentials(workspace, rows)
    assert added == len(matched)
    imported = vault.list_credentials(workspace)
    assert len(imported) == added
    if sample.startswith("keepass"):
        pe = next(c for c in imported if c.account_id == made["ExampleSchoolPE"])
        assert pe.has_totp
        assert vault.reveal(workspace, pe.id) == "correct-staple-orbit-lantern"


def test_an_export_with_a_150_character_password_imports_every_row(workspace: Workspace) -> None:
    """One long generated password used to fail the whole batch (zxcvbn refuses more than 72 characters)."""
    made = _register_sample_accounts(workspace)
    long = random_secret(150, seed=4)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP"])
    writer.writerow(["Root", "Facebook", "office@x.sch.uk", long, "https://www.facebook.com/ExampleSchoolOfficial"])
    writer.writerow(["Root", "PE X", "pe@x.sch.uk", "correct-staple-orbit-lantern", "https://x.com/ExampleSchoolPE"])
    writer.writerow(["Root", "YouTube", "yt@x.sch.uk", "Summer Fair 2024!", "https://www.youtube.com/@exampleschool"])
    rows = credentials.preview(workspace, out.getvalue().encode("utf-8"))
    assert [r.status for r in rows] == [credentials.MatchStatus.MATCHED] * 3
    assert credentials.import_credentials(workspace, rows) == 3
    imported = {c.account_id: c for c in vault.list_credentials(workspace)}
    assert set(imported) == set(made.values())
    facebook = imported[made["ExampleSchoolOfficial"]]
    assert vault.reveal(workspace, facebook.id) == long
    assert facebook.strength == 4


def test_a_file_without_a_password_column_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="password"):
        credentials.preview(workspace, b"Title,Username\nA,B\n")


def test_each_refused_row_is_counted_under_its_real_reason(workspace: Workspace) -> None:
    made = _register_sample_accounts(workspace)
    facebook = "https://www.facebook.com/ExampleSchoolOfficial"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["folder", "favorite", "type", "name", "notes", "login_uri", "login_username", "login_password", "login_totp"]
    )
    writer.writerow(["", "", "login", "Facebook old", "", facebook, "a@x.sch.uk", "old-pass-1", ""])  # 2
    writer.writerow(["", "", "login", "Facebook new", "", facebook, "a@x.sch.uk", "new-pass-2", ""])  # 3
    writer.writerow(["", "", "login", "PE X", "", "https://x.com/ExampleSchoolPE", "pe", "pe-pass", "not base32!"])  # 4
    writer.writerow(["", "", "login", "Parish newsletter", "", "https://example.org", "n", "n-pass", ""])  # 5
    writer.writerow(["", "", "login", "YouTube", "", "https://www.youtube.com/@exampleschool", "yt", "", ""])  # 6
    writer.writerow(["", "", "note", "Alarm code", "1234", "", "", "", ""])  # 7
    writer.writerow(["", "", "login", "Long", "", "https://example.net", "u" * 600, "long-user", ""])  # 8
    rows = credentials.preview(workspace, out.getvalue().encode("utf-8"))
    reasons = {r.line: r.left_out_reason for r in rows}
    R = credentials.Refusal
    assert reasons == {
        2: R.DUPLICATE,
        3: R.DUPLICATE,
        4: R.BAD_TOTP,
        5: R.NO_ACCOUNT,
        6: R.NO_PASSWORD,
        7: R.NOT_A_LOGIN,
        8: R.TOO_LONG,
    }
    by_line = {r.line: r for r in rows}
    assert by_line[2].duplicate_lines == (3,) and by_line[2].account_id == made["ExampleSchoolOfficial"]
    assert "also on line 3" in by_line[2].reason_text()
    assert by_line[4].reason_text().startswith("The TOTP secret is not valid")
    assert "username is too long" in by_line[8].reason_text()
    assert by_line[4]._secret == "" and by_line[8]._secret == ""  # a refused row keeps no plaintext
    summary = credentials.left_out_text(rows)
    assert summary.startswith("7 left out: 2 are rows for the same account (ExampleSchoolOfficial")
    for words in [
        "1 has a TOTP secret that is not valid",
        "1 matched no account",
        "1 has no password",
        "1 is not a login",
        "1 has a password, username or notes too long to keep",
    ]:
        assert words in summary
    assert "old-pass" not in summary + repr(rows)
    assert credentials.import_credentials(workspace, rows) == 0  # neither Facebook row is guessed at
    assert vault.list_credentials(workspace) == []

    rows = credentials.preview(workspace, out.getvalue().encode("utf-8"))  # the import dropped the plaintext
    next(r for r in rows if r.line == 2).account_id = None  # the user leaves the old one out: the new one goes in
    assert credentials.import_credentials(workspace, rows) == 1
    (stored,) = vault.list_credentials(workspace)
    assert stored.account_id == made["ExampleSchoolOfficial"] and vault.reveal(workspace, stored.id) == "new-pass-2"
