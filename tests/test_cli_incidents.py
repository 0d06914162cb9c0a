"""The CLI for incidents and requests: both appendix forms blank and filled, the incident report, the log export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from smgov.__main__ import main
from smgov.data.calendar import SCHOOL_TIME
from smgov.data.models import AuditEvent, IncidentCategory, InvolvedKind, InvolvedRole
from smgov.data.services import blocked_content, content_reports, incidents
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE, SCHOOL

PUPIL = "Zoë Ŵyn-Łukasz"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


def pdf_text(path: Path) -> tuple[str, int]:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), len(reader.pages)


@pytest.fixture
def records(workspace: Workspace) -> tuple[Path, int, int, int]:
    """A closed workspace file with an incident (a pupil involved), a content report and a request."""
    logged = incidents.log_incident(
        workspace,
        incidents.IncidentInput(
            category=IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT,
            received_at=dt.datetime(2025, 11, 14, 18, 0, tzinfo=SCHOOL_TIME),
            reported_by="Karen O'Neill",
            description='=HYPERLINK("http://evil.example") abusive comment & <script>.',
            platform="Facebook",
            people=[incidents.PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, PUPIL, "Year 5")],
        ),
    )
    report = content_reports.create_content_report(
        workspace,
        logged.id,
        content_reports.ContentReportInput(
            staff_name="Ms Agnieszka Wójcik",
            accessed_on=dt.date(2025, 11, 14),
            urls=["https://bad.example.com/?x=<1>&y=2"],
            nature="Violent clips.",
        ),
        today=dt.date(2025, 11, 20),
    )
    request = blocked_content.submit_request(
        workspace,
        blocked_content.RequestInput(
            staff_name="Mr Dafydd ap Gwilym",
            requested_on=dt.date(2025, 11, 3),
            url="https://www.example.org/ww1?a=1&b=2",
            site_content="Posters",
            reasons="History",
            risks_and_controls="Teacher-led",
        ),
        today=dt.date(2025, 11, 20),
    )
    path = workspace.path
    workspace.close()
    return path, logged.id, report.id, request.id


@pytest.mark.parametrize(
    ("kind", "title"),
    [("blocked-content", "Blocked content access request form"), ("inappropriate-content", "Inappropriate content")],
)
def test_blank_forms_need_no_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, title: str
) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["form", kind, "--blank", "-o", str(out)]) == 0
    text, pages = pdf_text(out)
    assert pages == 1 and title in text
    assert PdfReader(out).get_fields()
    assert f"Saved {out}" in capsys.readouterr().out


def test_a_blank_form_with_a_workspace_carries_the_school_name_and_is_audited(
    records: tuple[Path, int, int, int], tmp_path: Path
) -> None:
    path = records[0]
    out = tmp_path / "a.pdf"
    assert main(["form", "blocked-content", str(path), "--blank", "-o", str(out)]) == 0
    assert SCHOOL in pdf_text(out)[0]
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace, workspace.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.action, last.entity_type) == ("form.print", "blocked-content")


def test_filled_forms_and_the_incident_report(records: tuple[Path, int, int, int], tmp_path: Path) -> None:
    path, incident_id, report_id, request_id = records
    a, b, report = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "incident.pdf"
    assert main(["form", "blocked-content", str(path), "--id", str(request_id), "-o", str(a)]) == 0
    assert main(["form", "inappropriate-content", str(path), "--id", str(report_id), "-o", str(b)]) == 0
    assert main(["form", "incident", str(path), "--id", str(incident_id), "-o", str(report)]) == 0
    text, pages = pdf_text(a)
    assert pages == 1 and "https://www.example.org/ww1?a=1&b=2" in text and f"BCR-{request_id:05d}" in text
    text, pages = pdf_text(b)
    assert pages == 1 and "https://bad.example.com/?x=<1>&y=2" in text and "Not known" in text
    text, pages = pdf_text(report)
    assert f"INC-{incident_id:05d}" in text and "ZŴ-Ł (Year 5)" in text and PUPIL not in text
    assert "abusive comment & <script>." in text


def test_a_missing_record_is_one_clear_line(
    records: tuple[Path, int, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert main(["form", "blocked-content", str(records[0]), "--id", "999", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "smgov: There is no blocked content request BCR-00999."
    assert not out.exists()
    assert main(["form", "incident", "--blank", "-o", str(out)]) == 1
    assert "has no blank version" in capsys.readouterr().err


def test_id_takes_the_reference_as_shown_in_any_case_or_the_number(
    records: tuple[Path, int, int, int], tmp_path: Path
) -> None:
    path, incident_id, report_id, request_id = records
    for n, given in enumerate([f"INC-{incident_id:05d}", f"inc-{incident_id}", f"Inc-{incident_id:03d}"]):
        out = tmp_path / f"report{n}.pdf"
        assert main(["form", "incident", str(path), "--id", given, "-o", str(out)]) == 0
        assert f"INC-{incident_id:05d}" in pdf_text(out)[0]
    out = tmp_path / "request.pdf"
    assert main(["form", "blocked-content", str(path), "--id", f"bcr-{request_id:05d}", "-o", str(out)]) == 0
    assert f"BCR-{request_id:05d}" in pdf_text(out)[0]
    out = tmp_path / "content.pdf"
    assert main(["form", "inappropriate-content", str(path), "--id", f"ICR-{report_id:05d}", "-o", str(out)]) == 0
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace, workspace.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.action, last.entity_type, last.entity_id) == ("form.print", "inappropriate-content", str(report_id))


def test_a_reference_of_the_wrong_kind_is_one_line(
    records: tuple[Path, int, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert main(["form", "incident", str(records[0]), "--id", "BCR-00009", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == "smgov: --id: BCR-00009 is a blocked content request, not an incident (INC-…).\n"
    assert main(["form", "incident", str(records[0]), "--id", "nine", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smgov: --id: “nine” is not a reference.") and err.count("\n") == 1
    assert not out.exists()


def test_the_operator_option_names_a_person_on_the_register(
    records: tuple[Path, int, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smgov.data.filelock import current_user
    from smgov.data.services import people

    path, incident_id = records[0], records[1]
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace:
        people.add_person(workspace, people.PersonForm(full_name="Karen O'Neill", role="Business manager"))
    out = tmp_path / "r.pdf"
    assert main(["form", "incident", str(path), "--id", str(incident_id), "-o", str(out)]) == 0
    assert (
        main(["form", "incident", str(path), "--id", str(incident_id), "-o", str(out), "--operator", "karen  o'neill"])
        == 0
    )
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace, workspace.read() as session:
        printed = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "form.print").order_by(AuditEvent.id)
        ).all()
    assert [(e.actor, e.actor_login) for e in printed[-2:]] == [
        (current_user(), current_user()),
        ("Karen O'Neill", current_user()),
    ]
    assert main(["form", "incident", str(path), "--id", str(incident_id), "-o", str(out), "--operator", "Nobody"]) == 1
    assert "Nobody called Nobody" in capsys.readouterr().err


def test_the_incident_export_shows_pupils_by_initials_unless_full_names(
    records: tuple[Path, int, int, int], tmp_path: Path
) -> None:
    path = records[0]
    out = tmp_path / "incidents.csv"
    assert main(["export", "incidents", str(path), "-o", str(out)]) == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert "ZŴ-Ł (Year 5) – victim" in text and PUPIL not in text
    assert "'=HYPERLINK" in text  # a formula in a description stays text in Excel
    assert text.splitlines()[0].startswith("Reference,Received,Category")
    full = tmp_path / "full.xlsx"
    assert main(["export", "incidents", str(path), "-o", str(full), "--full-names"]) == 0
    sheet = load_workbook(io.BytesIO(full.read_bytes())).active
    assert sheet is not None
    assert sheet.freeze_panes == "A6"  # title, exported by, the CONFIDENTIAL note, blank, header
    assert "pupils are named in full" in str(sheet["A3"].value)
    assert [cell.value for cell in sheet[5]][:3] == ["Reference", "Received", "Category"]
    values = [cell.value for cell in sheet[6]]
    assert f"{PUPIL} (Year 5) – victim" in values
    assert isinstance(values[1], dt.datetime)  # received: a real date and time in Excel
    assert sheet.title == "Incident log" and str(sheet["A1"].value).startswith("Incident log: ")
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace, workspace.read() as session:
        summaries = list(session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "export")))
    assert summaries == ["Exported incidents as CSV (initials only)", "Exported incidents as XLSX (full names)"]
