"""The PDF text path, fed hostile text: markup characters, unclosed tags, control characters, bidi marks, emoji,
astral characters, lone surrogates and 10,000-character words print as text, never raise, and never become markup."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

from hypothesis import example, given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from smgov.reports import pdf
from smgov.reports.appendix_forms import (
    AccessRequest,
    InappropriateContent,
    blocked_content_request_pdf,
    inappropriate_content_report_pdf,
    long_text,
)
from smgov.reports.incident_report import (
    IncidentReport,
    ReportContentReport,
    ReportEntry,
    ReportEvidence,
    ReportPerson,
    incident_report_pdf,
)
from tests.fuzz.strategies import HOSTILE_FRAGMENTS, cell_text, fuzz, hostile_text

STYLES = pdf.stylesheet()
PRINTED = dt.date(2026, 3, 2)
HUGE_WORD = "W" * 10_000
HOSTILE = "".join(HOSTILE_FRAGMENTS)


def field_text() -> st.SearchStrategy[str]:
    """Field values: mostly short and hostile, sometimes huge (each huge one costs pages, so not too often)."""
    return st.one_of(hostile_text(), hostile_text(), hostile_text(), hostile_text(), cell_text())


def moments() -> st.SearchStrategy[dt.datetime]:
    return st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC)
    )


days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


@fuzz(200)
@given(cell_text())
@example(HOSTILE)
@example(HUGE_WORD)
@example("<b>unclosed &amp &#x110000; <font color=red>" + "\U0001f389" * 500)
def test_escaped_text_is_never_markup_and_always_draws(text: str) -> None:
    markup = pdf.escape(text)
    assert "<" not in markup.replace("<br/>", "") and ">" not in markup.replace("<br/>", "")
    assert not re.search(r"&(?!amp;|lt;|gt;)", markup)  # every & is escaped: no entity reaches reportlab
    paragraph = Paragraph(markup, STYLES["body"])
    # the words typed print as they were typed (less unprintable characters and line breaks)
    printed = paragraph.getPlainText()
    expected = pdf.clean_text(text).replace("\n", "")
    assert " ".join(printed.split()) == " ".join(expected.split())
    canvas = Canvas(io.BytesIO(), pagesize=A4)
    width, height = paragraph.wrap(170 * 72 / 25.4, 10_000_000)
    assert width > 0 and height >= 0
    paragraph.drawOn(canvas, 0, 0)
    canvas.save()


@fuzz(40)
@given(st.lists(field_text(), min_size=1, max_size=4).map("\n\n".join))
@example(("word " * 3_000 + "\n\n") * 2 + HUGE_WORD)
def test_long_text_flows_across_pages(text: str) -> None:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(long_text(text, STYLES["body"]) or [Paragraph("", STYLES["body"])])
    assert buffer.getvalue().startswith(b"%PDF")


@fuzz(40)
@given(
    letterhead=st.builds(pdf.Letterhead, school_name=field_text(), logo=st.one_of(st.none(), st.binary(max_size=64))),
    request=st.builds(
        AccessRequest,
        reference=hostile_text(12),
        staff_name=field_text(),
        requested_on=days,
        url=field_text(),
        site_content=field_text(),
        reasons=field_text(),
        risks_and_controls=field_text(),
        requester=field_text(),
        status=hostile_text(20),
        authoriser=field_text(),
        approved=st.one_of(st.none(), st.booleans()),
        decision_reasons=field_text(),
        decision_by=field_text(),
        decided_on=st.one_of(st.none(), days),
        implemented_on=st.one_of(st.none(), days),
        implemented_by=field_text(),
        expires_on=st.one_of(st.none(), days),
    ),
)
def test_appendix_a_prints_any_field_values(letterhead: pdf.Letterhead, request: AccessRequest) -> None:
    assert blocked_content_request_pdf(letterhead, request, printed_on=PRINTED).startswith(b"%PDF")


@fuzz(30)
@given(
    letterhead=st.builds(pdf.Letterhead, school_name=hostile_text()),
    report=st.builds(
        InappropriateContent,
        reference=hostile_text(12),
        staff_name=field_text(),
        accessed_on=days,
        urls=st.lists(field_text(), max_size=4),
        nature=field_text(),
        accessed_by=field_text(),
        incident_reference=hostile_text(12),
        ict_action=field_text(),
        ict_action_by=field_text(),
        ict_action_on=st.one_of(st.none(), days),
    ),
)
def test_appendix_b_prints_any_field_values(letterhead: pdf.Letterhead, report: InappropriateContent) -> None:
    assert inappropriate_content_report_pdf(letterhead, report, printed_on=PRINTED).startswith(b"%PDF")


@fuzz(30)
@given(
    letterhead=st.builds(pdf.Letterhead, school_name=hostile_text()),
    report=st.builds(
        IncidentReport,
        reference=hostile_text(12),
        category=hostile_text(30),
        status=hostile_text(30),
        received_at=moments(),
        reported_by=field_text(),
        description=field_text(),
        summary=field_text(),
        logged_by=hostile_text(),
        account=hostile_text(),
        safeguarding=st.sampled_from(["Yes", "No"]),
        response_due=hostile_text(20),
        first_response=hostile_text(20),
        outcome=field_text(),
        people=st.lists(st.builds(ReportPerson, hostile_text(), hostile_text(12), hostile_text(12)), max_size=3),
        timeline=st.lists(
            st.builds(
                ReportEntry,
                occurred_at=moments(),
                action=hostile_text(20),
                done_by=hostile_text(),
                details=field_text(),
                note=hostile_text(),
                current=st.booleans(),
            ),
            max_size=3,
        ),
        evidence=st.lists(
            st.builds(
                ReportEvidence,
                title=hostile_text(20),
                added_at=moments(),
                added_by=hostile_text(),
                source=hostile_text(20),
                original_sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
                original_size=st.integers(min_value=0, max_value=10**10),
                width=st.integers(min_value=0, max_value=10_000),
                height=st.integers(min_value=0, max_value=10_000),
                caption=field_text(),
                printed_as=hostile_text(30),
                image=st.one_of(st.none(), st.binary(max_size=64)),
                missing=hostile_text(),
            ),
            max_size=2,
        ),
        content_reports=st.lists(
            st.builds(
                ReportContentReport,
                reference=hostile_text(12),
                staff_name=hostile_text(),
                accessed_by=hostile_text(),
                accessed_on=days,
                urls=st.lists(hostile_text(), max_size=3),
                nature=field_text(),
                ict_action=hostile_text(),
                ict_action_by=hostile_text(),
                ict_action_on=st.one_of(st.none(), days),
            ),
            max_size=2,
        ),
        originals=st.booleans(),
        full_names=st.booleans(),
    ),
)
def test_the_incident_report_prints_any_field_values(letterhead: pdf.Letterhead, report: IncidentReport) -> None:
    assert incident_report_pdf(letterhead, report, printed_on=PRINTED).startswith(b"%PDF")


# -- what the fuzzing found: values longer than a page --------------------------------------------------------------

LONGER_THAN_A_PAGE = ["line\n" * 400, "word " * 4_000, HUGE_WORD, "\U0001f389" * 10_000]
INCIDENT = IncidentReport(
    reference="INC-00001",
    category="Cyberbullying",
    status="Open",
    received_at=dt.datetime(2025, 11, 14, 18, 30, tzinfo=dt.UTC),
    reported_by="Mrs Lan",
    description="What happened.",
)


def test_an_outcome_longer_than_a_page_prints() -> None:
    # an outcome may be 50,000 characters: its table row used to fail with reportlab's LayoutError
    for text in LONGER_THAN_A_PAGE:
        report = dataclasses.replace(INCIDENT, outcome=text)
        assert incident_report_pdf(pdf.Letterhead("S"), report, printed_on=PRINTED).startswith(b"%PDF")


def test_timeline_details_and_content_report_longer_than_a_page_print() -> None:
    moment = INCIDENT.received_at
    content = ReportContentReport("ICR-00001", "A", "", dt.date(2025, 11, 14), ["https://example.org"], "n")
    for text in LONGER_THAN_A_PAGE:
        report = dataclasses.replace(
            INCIDENT,
            timeline=[ReportEntry(moment, "Logged", "A", "line\n" * 140, note=text)],  # 700 characters of lines
            content_reports=[dataclasses.replace(content, nature=text, urls=[text])],
        )
        assert incident_report_pdf(pdf.Letterhead("S"), report, printed_on=PRINTED).startswith(b"%PDF")


def test_a_requester_or_authoriser_longer_than_a_page_prints_on_appendix_a() -> None:
    request = AccessRequest("BCR-00001", "A", dt.date(2025, 11, 3), "https://example.org", "s", "r", "k")
    for text in LONGER_THAN_A_PAGE:
        changed = dataclasses.replace(request, requester=text, authoriser=text)
        assert blocked_content_request_pdf(pdf.Letterhead("S"), changed, printed_on=PRINTED).startswith(b"%PDF")
