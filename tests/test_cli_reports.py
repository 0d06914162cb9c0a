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
    assert message in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []
