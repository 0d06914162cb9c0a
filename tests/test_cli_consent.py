"""The command line for consent: `smgov consent check` prints a verdict per pupil and one answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smgov.__main__ import main
from smgov.data.models import ConsentChange, ConsentStatus
from smgov.data.models.accounts import AccountStatus
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.data.registers import make_account
from tests.data.test_consent import add_pupil, give


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def school(workspace: Workspace) -> tuple[Path, str]:
    """A closed workspace with an active account and two pupils in 4C: photos granted for one, refused for one."""
    account, _ = make_account(workspace, AccountStatus.ACTIVE)
    granted = add_pupil(workspace, "Oisín", "Khan", "000696")
    refused = add_pupil(workspace, "Zoë", "Brontë", "000697")
    give(workspace, granted, ConsentChange.RETURN, dt.date(2026, 9, 10), social_photos=ConsentStatus.GRANTED)
    give(workspace, refused, ConsentChange.RETURN, dt.date(2026, 9, 10), social_photos=ConsentStatus.REFUSED)
    path = workspace.path
    workspace.close()
    return path, f"ACC-{account:05d}"


def check(path: Path, *args: str) -> list[str]:
    return ["consent", "check", str(path), *args, "--on", "2026-10-05"]


def test_consent_check_prints_a_verdict_per_pupil(school: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, account = school
    assert main(check(path, "--pupil", "000696", "--media", "photo", "--account", account)) == 0
    out = capsys.readouterr().out
    assert "  Oisín K. (000696): yes" in out and out.rstrip().endswith("Yes: the pupil may be shown.")
    assert "Khan" not in out

    number = account.removeprefix("ACC-").lstrip("0")
    assert main(check(path, "--class", "4c", "--media", "photo", "--account", number)) == 1
    out = capsys.readouterr().out
    assert "  Zoë B. (000697): no: consent for social media photos was refused on 10/09/2026" in out
    assert "No: 1 of 2 pupils may not be shown." in out

    caption = ["--caption", "Well done oisin KHAN"]
    assert main(check(path, "--pupil", "000696", "--media", "video", "--account", account, *caption)) == 1
    out = capsys.readouterr().out
    assert "no: not returned for 2026-27" in out
    assert "Caption: gives the full name of Oisín K. (000696). Use first names only." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pupil", "999999", "--media", "photo"], "No pupil has the admission number or UPN 999999."),
        (["--media", "photo"], "Name the pupils: --pupil REF"),
        (["--pupil", "000696", "--media", "photo", "--class", "9Z"], "No pupils on roll are in a class called 9Z."),
    ],
)
def test_bad_input_is_one_line(
    school: tuple[Path, str], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path, account = school
    assert main(check(path, *args, "--account", account)) == 1
    err = capsys.readouterr().err
    assert err.startswith("smgov: ") and message in err and len(err.strip().splitlines()) == 1


def test_a_wrong_account_reference_is_one_line(school: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = school
    assert main(check(path, "--pupil", "000696", "--media", "photo", "--account", "INC-00003")) == 1
    assert "INC-00003 is an incident, not an account" in capsys.readouterr().err
    assert main(check(path, "--pupil", "000696", "--media", "photo", "--account", "ACC-00077")) == 1
    assert "ACC-00077 is not on the account register." in capsys.readouterr().err


# -- smgov form consent and smgov export consent -------------------------------------------------------------------


@pytest.fixture
def forms_school(workspace: Workspace) -> Path:
    """A closed workspace with three pupils in 4C (one with a hostile name), one consent form returned."""
    add_pupil(workspace, "Oisín", "Khan", "000696")
    add_pupil(workspace, "Zoë", "Brontë", "000697")
    add_pupil(workspace, '=HYPERLINK("http://evil.example","x")', "<b>Doe</b>", "000698")
    give(workspace, 1, ConsentChange.RETURN, dt.date(2026, 9, 10), social_photos=ConsentStatus.GRANTED)
    path = workspace.path
    workspace.close()
    return path


def _pdf(path: Path) -> tuple[str, int, dict[str, object]]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return text, len(reader.pages), dict(reader.get_fields() or {})


def _last_event(path: Path) -> tuple[str, str, str | None, str]:
    from sqlalchemy import select

    from smgov.data.models import AuditEvent

    with Workspace.open(path, passphrase=PASSPHRASE) as workspace, workspace.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
        return last.action, last.entity_type, last.entity_id, last.summary


def test_form_consent_blank_needs_no_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["form", "consent", "--blank", "-o", str(out)]) == 0
    text, pages, fields = _pdf(out)
    assert pages == 1 and "Images and Videos Parental Consent Form" in text and "Social media videos" in text
    assert "pupil_name" in fields and "consent_3_social_photos" in fields
    assert f"Saved {out}" in capsys.readouterr().out


def test_form_consent_for_a_pupil_a_class_and_blank_with_a_workspace(forms_school: Path, tmp_path: Path) -> None:
    one, batch, blank = tmp_path / "one.pdf", tmp_path / "4c.pdf", tmp_path / "blank.pdf"
    assert main(["form", "consent", str(forms_school), "--pupil", "000697", "-o", str(one)]) == 0
    text, pages, _ = _pdf(one)
    assert pages == 1 and "Zoë Brontë" in text and "Oisín" not in text and "4C" in text
    action, kind, record, summary = _last_event(forms_school)
    assert (action, kind, record) == ("form.print", "consent", "2") and "Brontë" not in summary

    assert main(["form", "consent", str(forms_school), "--class", "4c", "-o", str(batch)]) == 0
    text, pages, fields = _pdf(batch)
    assert pages == 3 and "p3_parent_name" in fields
    assert '=HYPERLINK("http://evil.example","x") <b>Doe</b>' in text
    assert "for class 4c" in _last_event(forms_school)[3]

    assert main(["form", "consent", str(forms_school), "--blank", "-o", str(blank)]) == 0
    text, pages, fields = _pdf(blank)
    assert pages == 1 and "pupil_name" in fields and "Spixworth Test Primary" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pupil", "999999"], "No pupil has the admission number or UPN 999999."),
        (["--class", "9Z"], "No pupil on roll is in the class 9Z."),
        ([], "Give the workspace FILE with --pupil REF or --class NAME"),
        (["--pupil", "000696", "--class", "4C"], "Choose one of --pupil, --class."),
        (["--id", "1"], "takes --pupil REF"),
    ],
)
def test_form_consent_bad_input_is_one_line(
    forms_school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "x.pdf"
    assert main(["form", "consent", str(forms_school), *args, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smgov: ") and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_pupil_and_class_are_for_the_consent_form_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "blocked-content", "--blank", "--pupil", "1", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "--pupil and --class are for the consent form only." in capsys.readouterr().err


def test_export_consent_xlsx_and_csv(forms_school: Path, tmp_path: Path) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    xlsx, csv_path = tmp_path / "consent.xlsx", tmp_path / "consent.csv"
    assert main(["export", "consent", str(forms_school), "--full-names", "-o", str(xlsx)]) == 0
    sheet = load_workbook(xlsx).active
    assert sheet is not None and sheet.freeze_panes == "A6"  # title, exported by, CONFIDENTIAL, blank, header
    assert str(sheet["A1"].value).startswith("Consent register 20")
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert rows[0][:5] == ("Year group", "Class", "Admission number", "UPN", "Pupil")
    assert len(rows) == 1 + 3 * 6
    assert {r[4] for r in rows[1:]} >= {"Oisín Khan", '=HYPERLINK("http://evil.example","x") <b>Doe</b>'}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # typed text, as written
    assert _last_event(forms_school)[:2] == ("export", "consent")

    assert main(["export", "consent", str(forms_school), "-o", str(csv_path)]) == 0
    table = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    names = {row[4] for row in table[1:]}
    assert {"OK", "ZB"} <= names and "Oisín Khan" not in names  # initials unless --full-names
