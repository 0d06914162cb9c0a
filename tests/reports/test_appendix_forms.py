"""The policy's Appendix A and B forms: blank with fillable fields, filled from a record, any text printing right."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pypdf
import pytest
from PIL import Image

from smgov.reports.appendix_forms import (
    AccessRequest,
    InappropriateContent,
    blocked_content_request_pdf,
    inappropriate_content_report_pdf,
    long_text,
)
from smgov.reports.pdf import Letterhead, stylesheet

PRINTED_ON = date(2025, 11, 22)
MARKUP = "<b>&amp; \"quoted\" 'it's' Łódź Ŵŷ Trường"


def logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), "darkgreen").save(buffer, "PNG")
    return buffer.getvalue()


HEAD = Letterhead('Ysgol <Gymraeg> & "Llŷn" Federation', logo())


def read(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def flat(value: str) -> str:
    return " ".join(value.split())


def request(**changes: object) -> AccessRequest:
    made = AccessRequest(
        reference="BCR-0004",
        staff_name=f"Dafydd ap Gwilym {MARKUP} 1",
        requested_on=date(2025, 11, 3),
        url='https://www.example.org/history?lang=cy&page=<2>&q="x"',
        site_content=f"Posters {MARKUP} 2",
        reasons=f"Year 9 history {MARKUP} 3",
        risks_and_controls=f"Graphic images; teacher-led {MARKUP} 4",
        requester=f"Humanities {MARKUP} 5",
        status="Access given",
        authoriser=f"Executive headteacher {MARKUP} 6",
        approved=True,
        decision_reasons=f"Curriculum need {MARKUP} 7",
        decision_by=f"Dr Amara Okafor {MARKUP} 8",
        decided_on=date(2025, 11, 5),
        implemented_on=date(2025, 11, 6),
        implemented_by=f"Nguyễn Văn Minh {MARKUP} 9",
        expires_on=date(2026, 7, 22),
    )
    return dataclasses.replace(made, **changes)  # type: ignore[arg-type]


def content_report(**changes: object) -> InappropriateContent:
    made = InappropriateContent(
        reference="ICR-0002",
        staff_name=f"Agnieszka Wójcik {MARKUP} 1",
        accessed_on=date(2025, 11, 12),
        urls=["https://bad.example.com/page?x=1&y=<2>", 'http://another.example.net/"quoted"'],
        nature=f"Violent clips {MARKUP} 2",
        accessed_by=f"T.P-J. {MARKUP} 3",
        incident_reference="INC-00012",
        ict_action=f"Blocked at the firewall {MARKUP} 4",
        ict_action_by=f"Nguyễn Văn Minh {MARKUP} 5",
        ict_action_on=date(2025, 11, 13),
    )
    return dataclasses.replace(made, **changes)  # type: ignore[arg-type]


# -- blank forms ----------------------------------------------------------------------------------------------


def test_blank_appendix_a_is_one_page_with_the_policy_wording_and_fillable_fields() -> None:
    reader = read(blocked_content_request_pdf(HEAD, printed_on=PRINTED_ON))
    assert len(reader.pages) == 1
    text = text_of(reader)
    for words in (
        "Blocked content access request form",
        "Requester",
        "Staff name",
        "Date",
        "Full URL",
        "Site content",
        "Reasons for access",
        "Identified risks and control measures",
        "Authoriser",
        "Approved?",
        "Reasons",
        "Signature",
        "To be completed by ICT technician",
        "Expiry or review date",
        'Ysgol <Gymraeg> & "Llŷn" Federation',
        "Page 1 of 1",
    ):
        assert words in text
    fields = reader.get_fields() or {}
    assert {
        "requester_staff_name",
        "request_date",
        "full_url",
        "site_content",
        "reasons_for_access",
        "risks_and_control_measures",
        "approved",
        "decision_reasons",
        "authoriser_staff_name",
        "decision_date",
        "date_access_given",
        "ict_technician",
        "expiry_or_review_date",
    } <= set(fields)
    assert fields["approved"].get("/FT") == "/Btn"  # a radio group: Yes or No


def test_blank_appendix_b_is_one_page_with_the_policy_wording_and_fillable_fields() -> None:
    reader = read(inappropriate_content_report_pdf(HEAD, printed_on=PRINTED_ON))
    assert len(reader.pages) == 1
    text = text_of(reader)
    for words in (
        "Inappropriate content report form",
        "Staff name (submitting report)",
        "Name of individual accessing inappropriate content (if known)",
        "Full URL(s)",
        "Nature of inappropriate content",
        "To be completed by ICT technician",
        "Action taken",
    ):
        assert words in text
    assert {
        "staff_name",
        "individual_accessing",
        "date",
        "full_urls",
        "nature_of_content",
        "action_taken",
        "ict_technician",
        "action_date",
    } <= set(reader.get_fields() or {})


def test_blank_forms_print_without_a_logo_or_school_name() -> None:
    for pdf in (blocked_content_request_pdf(Letterhead("")), inappropriate_content_report_pdf(Letterhead(""))):
        assert len(read(pdf).pages) == 1


# -- filled forms ---------------------------------------------------------------------------------------------


def test_filled_appendix_a_prints_every_field_literally() -> None:
    made = request()
    reader = read(blocked_content_request_pdf(HEAD, made, printed_on=PRINTED_ON))
    assert len(reader.pages) == 1
    assert not reader.get_fields()  # a filled form is a record, not a form to type into
    text = text_of(reader)
    assert made.url in text.replace(" ", "")  # a long address wraps where it must
    for value in (
        made.staff_name,
        made.site_content,
        made.reasons,
        made.risks_and_controls,
        made.requester,
        made.authoriser,
        made.decision_reasons,
        made.decision_by,
        made.implemented_by,
    ):
        assert flat(value) in text, value
    for day in ("03/11/2025", "05/11/2025", "06/11/2025", "22/07/2026", "BCR-0004", "Access given"):
        assert day in text


def test_filled_appendix_b_prints_every_field_literally() -> None:
    made = content_report()
    reader = read(inappropriate_content_report_pdf(HEAD, made, printed_on=PRINTED_ON))
    assert len(reader.pages) == 1
    text = text_of(reader)
    for value in (made.staff_name, made.nature, made.accessed_by, made.ict_action, made.ict_action_by, *made.urls):
        assert flat(value) in text, value
    for words in ("12/11/2025", "13/11/2025", "ICR-0002", "Incident INC-00012"):
        assert words in text


def test_an_unknown_individual_and_a_missing_ict_part_print_plainly() -> None:
    made = content_report(accessed_by="", ict_action="", ict_action_by="", ict_action_on=None)
    text = text_of(read(inappropriate_content_report_pdf(HEAD, made)))
    assert "Not known" in text


def test_a_5000_word_reason_starts_in_its_box_and_continues_in_full_after_the_form() -> None:
    words = " ".join(f"w{n}." if n % 17 == 0 else f"w{n}" for n in range(5000))
    reader = read(blocked_content_request_pdf(HEAD, request(reasons=words), printed_on=PRINTED_ON))
    text = text_of(reader)
    assert len(reader.pages) >= 5
    assert "continued in full after the form" in text and "Continuation" in text
    assert "w4999" in text and "w2500" in text
    assert text.index("Expiry or review date") < text.index("w4999")  # the form keeps its shape first
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text


def test_emoji_and_control_characters_never_break_a_form() -> None:
    made = request(reasons="Party 🎉🎈 time\x00\x07 done", site_content="tab\there\r\nnew line")
    text = text_of(read(blocked_content_request_pdf(HEAD, made)))
    assert "Party" in text and "time done" in text and "new line" in text


def test_an_undecided_request_leaves_the_authoriser_part_empty() -> None:
    made = request(
        approved=None,
        decision_by="",
        decided_on=None,
        decision_reasons="",
        status="Waiting for a decision",
        implemented_on=None,
        implemented_by="",
        expires_on=None,
        authoriser="",
    )
    text = text_of(read(blocked_content_request_pdf(HEAD, made)))
    assert "Waiting for a decision" in text and "05/11/2025" not in text


@pytest.mark.parametrize("words", [10, 200, 5000])
def test_long_text_chunks_keep_every_word(words: int) -> None:
    text = " ".join(f"w{n}" for n in range(words)) + "\n\nSecond paragraph."
    flowables = long_text(text, stylesheet()["body"])
    joined = " ".join(f.text for f in flowables)
    assert joined.split() == text.split()
