"""`smgov report`: the termly pack (PDF and XLSX, SLT and governors, any period), the account register and the
training matrix, each save audited; wrong requests refused with one line and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from smgov.__main__ import main
from smgov.data.models import AuditEvent
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def demo_file(demo_workspace: Workspace) -> Path:
    path = demo_workspace.path
    demo_workspace.close()
    return path


def text_of(path: Path) -> tuple[str, int]:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), len(reader.pages)


def report_events(path: Path) -> list[str]:
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace, workspace.read() as session:
        return list(session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "report.print")))


def test_the_slt_pack_for_this_term_is_saved_and_audited(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    assert main(["report", "slt", str(demo_file), "-o", str(out)]) == 0
    text, pages = text_of(out)
    assert pages >= 5
    for heading in ("Summary", "Actions needed", "Incidents", "Accounts and passwords", "Blocked-content requests"):
        assert heading in text
    assert "SLT version" in text and "Audit seal" in text
    assert report_events(demo_file)[-1].startswith("Termly report for SLT, ")


def test_the_governors_pack_for_a_year_names_no_one(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "governors.pdf"
    assert main(["report", "slt", str(demo_file), "--governors", "--year", "2026", "-o", str(out)]) == 0
    text, pages = text_of(out)
    assert "Academic year 2026" in text
    assert text.count("Governors' version") >= pages  # marked on every page
    with Workspace.open(demo_file, passphrase=PASSPHRASE) as workspace:
        from smgov.data.services import incidents, people, pupils

        names = [p.legal_last_name for p in pupils.list_pupils(workspace)]
        names += [p.full_name for p in people.list_people(workspace)]
        names += [person.name for record in incidents.all_records(workspace) for person in record.people]
    assert names
    assert not [name for name in set(names) if len(name) > 3 and name in text]


def test_the_pack_as_a_spreadsheet_has_a_sheet_per_area_and_the_rows(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    assert main(["report", "slt", str(demo_file), "--from", "01/09/2026", "--to", "2026-12-31", "-o", str(out)]) == 0
    book = load_workbook(out, read_only=True)
    assert {"Summary", "Incidents"} <= set(book.sheetnames)
    assert len(book.sheetnames) >= 6


def test_the_register_and_training_matrix(demo_file: Path, tmp_path: Path) -> None:
    for kind, words in (("register", "Account register"), ("training", "training")):
        out = tmp_path / f"{kind}.pdf"
        assert main(["report", kind, str(demo_file), "-o", str(out)]) == 0
        text, _ = text_of(out)
        assert words.lower() in text.lower()
    assert report_events(demo_file)[-2:] == ["Account register saved as PDF", "Staff training matrix saved as PDF"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["slt", "-o", "x.docx"], "Name the output file .pdf or .xlsx."),
        (["slt", "--from", "01/09/2026", "-o", "x.pdf"], "Give both --from and --to."),
        (["slt", "--from", "31/02/2026", "--to", "01/03/2026", "-o", "x.pdf"], "is not a date"),
        (["slt", "--from", "01/12/2026", "--to", "01/09/2026", "-o", "x.pdf"], "before it starts"),
        (["slt", "--from", "", "--to", "", "-o", "x.pdf"], "is not a date"),
        # Years no record can fall in: once an unexpected error (the period before went out of the calendar).
        (["slt", "--from", "01/01/0001", "--to", "01/01/2020", "-o", "x.pdf"], "between 2000 and 2100"),
        (["slt", "--from", "01/01/2000", "--to", "31/12/9999", "-o", "x.xlsx"], "between 2000 and 2100"),
        (["slt", "--year", "1999", "-o", "x.pdf"], "between 2000 and 2100"),
        (["slt", "--last-term", "--term", "autumn", "-o", "x.pdf"], "--last-term takes no"),
        (["slt", "--term", "autumn", "-o", "x.pdf"], "--term needs --year"),
        (["slt", "--term", "spring", "--year", "2026", "--from", "01/09/2026", "-o", "x.pdf"], "not both"),
        (["register", "--governors", "-o", "x.pdf"], "takes no period or audience"),
        (["training", "-o", "x.xlsx"], "Name the output file .pdf."),
    ],
)
def test_wrong_requests_are_refused_and_write_nothing(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out_index = args.index("-o") + 1
    args[out_index] = str(out_dir / args[out_index])
    assert main(["report", args[0], str(demo_file), *args[1:]]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize("trouble", ["wrong passphrase", "missing file", "damaged file", "folder is a file"])
def test_a_file_or_place_that_cannot_be_used_is_one_line_and_writes_nothing(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, trouble: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    source, out = demo_file, out_dir / "pack.pdf"
    if trouble == "wrong passphrase":
        monkeypatch.setenv("SMGOV_PASSPHRASE", "not the passphrase at all")
    elif trouble == "missing file":
        source = tmp_path / "nowhere.smgov"
    elif trouble == "damaged file":
        source = tmp_path / "damaged.smgov"
        source.write_bytes(demo_file.read_bytes()[:100_000])
    else:
        (out_dir / "notes.txt").write_text("a file, not a folder")
        out = out_dir / "notes.txt" / "pack.pdf"
    before = report_events(demo_file)
    assert main(["report", "slt", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "unexpected" not in err
    assert sorted(path.name for path in out_dir.iterdir()) == (["notes.txt"] if trouble == "folder is a file" else [])
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)
    assert report_events(demo_file) == before
