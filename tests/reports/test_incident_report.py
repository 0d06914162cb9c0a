"""The incident report for SLT: details, people by initials, timeline with corrections, evidence pages (redacted
copies by default, originals only when chosen), and no EXIF or GPS data ever in the PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from smgov.data.calendar import SCHOOL_TIME
from smgov.data.models import ActionType, EvidenceSource, IncidentCategory, InvolvedKind, InvolvedRole, KeyRole
from smgov.data.services import content_reports, evidence, incidents, school
from smgov.data.workspace import Workspace
from smgov.documents import FORMS, filled_form
from smgov.documents.incidents import incident_report, incident_report_for

MARKUP = "<b>&amp; \"quoted\" 'it's' Łódź Ŵŷ Trường"
PUPIL = "Zoë Ŵyn-Łukasz"
GPS_JPEG = Path(__file__).parent.parent / "fixtures" / "samples" / "phone-photo-with-gps.jpg"


def text_of(pdf: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), len(reader.pages)


def assert_no_exif(pdf: bytes) -> None:
    """No embedded image carries EXIF (the camera, the GPS position), and no page's text names the camera.

    Checked on the decoded images, not on the file's bytes: compressed streams may hold "GPS" by chance."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert "PhoneMaker" not in page.extract_text()
        for embedded in page.images:
            picture = Image.open(io.BytesIO(embedded.data))
            assert not picture.getexif() and "exif" not in picture.info
            assert b"PhoneMaker" not in embedded.data


def png(colour: str, size: tuple[int, int] = (360, 640)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def incident(workspace: Workspace) -> incidents.IncidentDetails:
    school.update_settings(
        workspace,
        school.SettingsChange(
            name=f"Ysgol {MARKUP}", key_people=[school.KeyPersonDetails(KeyRole.DSL, "Siân Llewellyn-Price")]
        ),
    )
    logged = incidents.log_incident(
        workspace,
        incidents.IncidentInput(
            category=IncidentCategory.CYBERBULLYING,
            received_at=dt.datetime(2025, 11, 14, 18, 30, tzinfo=SCHOOL_TIME),
            reported_by=f"Mrs Nguyễn Thị Lan {MARKUP}",
            description=f"What happened {MARKUP} and more.\n\nA second paragraph 🎉 with an emoji.",
            summary=f"Group chat {MARKUP}",
            platform=f"WhatsApp {MARKUP}",
            account_name="Year 9 chat",
            safeguarding_concern=True,
            outcome=f"Outcome {MARKUP}",
            people=[
                incidents.PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, PUPIL, "Year 9"),
                incidents.PersonInput(InvolvedKind.OUTSIDER, InvolvedRole.AUTHOR, f"Anon {MARKUP}"),
            ],
        ),
    )
    wrong = incidents.add_action(
        workspace,
        logged.id,
        ActionType.USER_BLOCKED,
        occurred_at=dt.datetime(2025, 11, 14, 19, 0, tzinfo=SCHOOL_TIME),
        done_by=f"Karen {MARKUP}",
        details=f"Blocked {MARKUP}",
    )
    incidents.correct_action(workspace, wrong.id, reason=f"It was hidden {MARKUP}", action=ActionType.COMMENT_HIDDEN)
    incidents.acknowledge_safeguarding(
        workspace, logged.id, by="Siân Llewellyn-Price", at=dt.datetime(2025, 11, 15, 9, 0, tzinfo=SCHOOL_TIME)
    )
    return incidents.get_incident(workspace, logged.id)


def test_the_report_prints_every_field_literally_with_pupils_as_initials(
    workspace: Workspace, incident: incidents.IncidentDetails
) -> None:
    text, pages = text_of(incident_report(workspace, incident.id))
    assert pages == 2
    assert f"Ysgol {MARKUP}" in text
    for value in (
        incident.reference,
        "Cyberbullying",
        f"WhatsApp {MARKUP} · Year 9 chat",
        "14/11/2025 18:30",
        f"Mrs Nguyễn Thị Lan {MARKUP}",
        f"Group chat {MARKUP}",
        f"What happened {MARKUP} and more.",
        "A second paragraph",
        f"Outcome {MARKUP}",
        "ZŴ-Ł (Year 9)",
        f"Anon {MARKUP}",
        f"Blocked {MARKUP}",
        f"It was hidden {MARKUP}",
        "acknowledged by Siân Llewellyn-Price (DSL) on 15/11/2025 09:00",
        "Pupils are shown by their initials",
        "No screenshots are attached",
        "Page 2 of 2",
    ):
        assert value in text, value
    assert "Zoë" not in text and "Łukasz" not in text


def test_full_names_only_when_asked(workspace: Workspace, incident: incidents.IncidentDetails) -> None:
    text, _ = text_of(incident_report(workspace, incident.id, full_names=True))
    assert f"{PUPIL} (Year 9)" in text and "Pupils' full names are shown" in text


def test_a_correction_is_shown_with_what_it_corrects(workspace: Workspace, incident: incidents.IncidentDetails) -> None:
    report = incident_report_for(workspace, incident.id)
    entries = [e for e in report.timeline if e.action in ("User blocked", "Comment hidden")]
    assert [(e.action, e.current) for e in entries] == [("User blocked", False), ("Comment hidden", True)]
    assert entries[0].note == "Corrected by a later entry."
    assert entries[1].note.startswith("Corrects the entry of 14/11/2025 19:00 (User blocked). Reason: It was hidden")


def test_evidence_pages_carry_redacted_copies_and_say_what_is_not_printed(
    workspace: Workspace, incident: incidents.IncidentDetails
) -> None:
    redacted_one = evidence.add_evidence(workspace, incident.id, GPS_JPEG.read_bytes(), source=EvidenceSource.FILE)
    copy_id = evidence.redact(workspace, redacted_one.id, [(0, 0, 400, 200)])
    cleared = evidence.add_evidence(workspace, incident.id, png("navy"), source=EvidenceSource.CLIPBOARD)
    evidence.set_cleared_for_sharing(workspace, cleared.id, True)
    evidence.add_evidence(workspace, incident.id, png("maroon"), source=EvidenceSource.DRAG_AND_DROP, caption=MARKUP)
    pdf = incident_report(workspace, incident.id)
    text, pages = text_of(pdf)
    assert pages == 2 + 3  # one page per original screenshot
    copy = evidence.get_evidence(workspace, copy_id)
    assert copy.sha256 in text.replace(" ", "") and redacted_one.sha256 in text.replace(" ", "")
    assert "redacted copy 1" in text and "original, cleared for sharing" in text
    assert "Screenshot 3 is not printed: it has not been redacted" in text
    assert "Screenshot 4" not in text  # copies are not numbered as screenshots of their own
    assert MARKUP in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[2].images) == 1 and len(reader.pages[3].images) == 1 and not reader.pages[4].images
    assert_no_exif(pdf)  # the photo's EXIF never reaches the PDF


def test_originals_only_when_chosen_and_still_without_exif(
    workspace: Workspace, incident: incidents.IncidentDetails
) -> None:
    original = evidence.add_evidence(workspace, incident.id, GPS_JPEG.read_bytes(), source=EvidenceSource.FILE)
    evidence.redact(workspace, original.id, [(0, 0, 400, 200)])
    evidence.add_evidence(workspace, incident.id, png("maroon"), source=EvidenceSource.FILE)
    pdf = incident_report(workspace, incident.id, originals=True)
    text, pages = text_of(pdf)
    assert pages == 2 + 2
    assert "the ORIGINAL screenshots, unredacted" in text and text.count("ORIGINAL, UNREDACTED") == 2
    assert "original (unredacted)" in text
    assert_no_exif(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    shown = reader.pages[2].images[0].image
    assert shown is not None and shown.convert("RGB").getpixel((10, 10)) != (0, 0, 0)  # not the redacted copy


def test_a_5000_word_description_and_a_content_report_print_in_full(
    workspace: Workspace, incident: incidents.IncidentDetails
) -> None:
    change = incident.as_input()
    change.description = " ".join(f"w{n}" for n in range(5000))
    incidents.update_incident(workspace, incident.id, change)
    content_reports.create_content_report(
        workspace,
        incident.id,
        content_reports.ContentReportInput(
            staff_name=f"Ms Wójcik {MARKUP}",
            accessed_on=dt.date(2025, 11, 14),
            urls=["https://bad.example.com/?a=1&b=<2>"],
            nature=f"Nature {MARKUP}",
            accessed_by=PUPIL,
            accessed_by_pupil=True,
        ),
        today=dt.date(2025, 11, 20),
    )
    text, pages = text_of(incident_report(workspace, incident.id))
    assert pages >= 5 and "w4999" in text and "w0 w1 w2" in text
    assert f"Ms Wójcik {MARKUP}" in text and f"Nature {MARKUP}" in text and "ZŴ-Ł" in text
    assert "https://bad.example.com/?a=1&b=<2>" in text
    change.description = "Shorter now."
    incidents.update_incident(workspace, incident.id, change)
    text, _ = text_of(incident_report(workspace, incident.id))
    assert "Shorter now." in text and "w4999" not in text
    assert "(the full text is in smgov)" in text  # the old description is kept on the timeline, cut short there


def test_the_incident_form_is_registered_for_the_cli(workspace: Workspace, incident: incidents.IncidentDetails) -> None:
    assert FORMS["incident"].blank is None
    text, _ = text_of(filled_form("incident", workspace, incident.id))
    assert incident.reference in text


def test_every_page_carries_the_audit_seal_that_verify_checks(
    workspace: Workspace, incident: incidents.IncidentDetails
) -> None:
    import re

    from smgov.data.verify import verify

    text, pages = text_of(incident_report(workspace, incident.id))
    seals = re.findall(r"Audit seal (\d+-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})", text)
    assert len(seals) == pages and len(set(seals)) == 1
    report = verify(workspace, seals=seals[:1])
    assert report.ok and any(seals[0] in line for line in report.checked)
