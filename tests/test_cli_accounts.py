"""The command line for the register: import credentials, export accounts, print the application."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smgov.__main__ import main
from smgov.data.models.accounts import AccountStatus, Platform
from smgov.data.services import accounts, vault
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.data.registers import complete_form, make_account

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


def test_import_credentials_matches_and_reminds_to_delete_the_csv(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = complete_form("ExampleSchoolOfficial", Platform.FACEBOOK)
    form.profile_url = "https://www.facebook.com/ExampleSchoolOfficial"
    account_id = accounts.add_account(workspace, form)
    path = workspace.path
    workspace.close()
    csv = tmp_path / "export.csv"
    shutil.copyfile(SAMPLES / "keepassxc-export.csv", csv)
    assert main(["import", "credentials", str(path), str(csv)]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 credential(s); 2 left out: 2 matched no account." in out and "Delete it now" in out
    assert "line 3: left out: Matched no account." in out
    assert "Tq7#mVx2" not in out
    with Workspace.open(path, passphrase=PASSPHRASE) as reopened:
        (row,) = vault.list_credentials(reopened)
        assert row.account_id == account_id


def test_export_and_form_for_the_register(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    account_id, _ = make_account(workspace, AccountStatus.SUBMITTED)
    path = workspace.path
    workspace.close()
    assert main(["export", "accounts", str(path), "-o", str(tmp_path / "r.xlsx")]) == 0
    assert main(["form", "account-application", str(path), "--id", str(account_id), "-o", str(tmp_path / "a.pdf")]) == 0
    assert main(["form", "account-application", "--blank", "-o", str(tmp_path / "b.pdf")]) == 0
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "r.xlsx").read_bytes().startswith(b"PK")
    assert main(["export", "accounts", str(path), "-o", str(tmp_path / "r.txt")]) == 1
    assert "csv or .xlsx" in capsys.readouterr().err


def test_the_exported_register_names_its_staff_in_reference_order(workspace: Workspace, tmp_path: Path) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    from smgov.data.models.accounts import StaffRole
    from tests.data.registers import make_person

    first, _ = make_account(workspace, AccountStatus.DRAFT, staff=0, handle="ZedSchool")  # ACC-00001
    make_account(workspace, AccountStatus.DRAFT, staff=0, handle="AbleSchool")  # ACC-00002, listed first by handle
    for name, role in (("Tom Brown", StaffRole.POSTER), ("Jane Smith", StaffRole.LEAD), ("Amy Ng", StaffRole.ADMIN)):
        person = make_person(workspace, name)
        accounts.add_staff(workspace, first, person, role, "Dr Head", None)
    path = workspace.path
    workspace.close()

    assert main(["export", "accounts", str(path), "-o", str(tmp_path / "r.xlsx"), "--operator", "Jane Smith"]) == 0
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet is not None and sheet.title == "Account register"
    assert str(sheet["A1"].value).startswith("Account register: ")
    assert str(sheet["A2"].value).endswith(" by Jane Smith")  # who exported it, as chosen
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:S6"
    header = [c.value for c in sheet[4]]
    staff = header.index("Named staff (current)")
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == ["ACC-00001", "ACC-00002"]  # by reference, not by handle
    assert rows[0][staff] == "Jane Smith (lead); Amy Ng (admin); Tom Brown (poster)"
    assert rows[1][staff] is None  # nobody named yet: an empty cell, not a 0

    assert main(["export", "accounts", str(path), "-o", str(tmp_path / "r.csv")]) == 0
    table = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert table[0][staff] == "Named staff (current)"
    assert [r[0] for r in table[1:]] == ["ACC-00001", "ACC-00002"]
    assert table[1][staff] == "Jane Smith (lead); Amy Ng (admin); Tom Brown (poster)"


def test_a_form_for_a_missing_record_is_one_clear_line(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    assert main(["form", "account-application", str(path), "--id", "999", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smgov: ") and "no longer in the register" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
