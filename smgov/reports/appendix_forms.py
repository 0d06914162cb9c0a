"""The two forms of the Spixworth policy's appendices, blank (fillable on screen, or printed for paper) and filled
from a record:

* Appendix A, *Blocked content access request form*: the requester's part (staff name, date, full URL, site content,
  reasons for access, identified risks and control measures), the authoriser's part (approved?, reasons, staff name,
  date, signature), then the ICT technician's part smgov adds (date access given, by whom, expiry or review date).
* Appendix B, *Inappropriate content report form*: staff name (submitting report), name of the individual accessing
  the content (if known), date, full URL(s), nature of the content, and the part "to be completed by ICT technician"
  (action taken, by whom, date).

The rows and their wording follow the policy's forms. A filled form can still be completed: every row still empty (the
ICT technician's part before it is done, the authoriser's before a decision) keeps the blank form's height and is a
fillable field, and an undecided "Approved?" stays a fillable tick box. Once a request is rejected, the ICT
technician's part says it is not needed, rather than inviting access to be given. All text is at least 9 pt. Text
too long for its box (a 5,000-word reason) is started in the box and continued in full after the form, so nothing is
cut off and the form keeps its shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from typing_extensions import override

from smgov.reports.pdf import (
    FONT_BOLD,
    FONT_REGULAR,
    RULE,
    SHADE,
    FormField,
    Letterhead,
    PdfDocument,
    clean_text,
    escape,
    uk_date,
)

SECTION = colors.HexColor("#DCE2E8")
LABEL_WIDTH = 58 * mm
FILLED_ROW = 12 * mm  # the least height of a filled row: the text decides, not the size of a box to write in
CONTINUE_ABOVE = 70 * mm  # taller than this in its box, text continues after the form
_CHUNK_WORDS = 80  # reportlab splits one long paragraph slowly: long text goes in as many short ones


# -- text that may be long ----------------------------------------------------------------------------------------


def long_text(text: str, style: ParagraphStyle, *, space_between: float = 2 * mm) -> list[Flowable]:
    """User text as paragraphs (one per paragraph typed), each long one in chunks of about 80 words broken at
    sentence ends where possible, so that even a 5,000-word text flows across pages quickly."""
    flowables: list[Flowable] = []
    paragraph_style = ParagraphStyle(f"{style.name}_para", parent=style, spaceAfter=space_between)
    chunk_style = ParagraphStyle(f"{style.name}_chunk", parent=style, spaceAfter=0)
    for block in re.split(r"\n\s*\n", clean_text(text).strip()):
        if not block.strip():
            continue
        chunks = _chunks(block)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            flowables.append(Paragraph(escape(chunk), paragraph_style if last else chunk_style))
    return flowables


def _chunks(block: str) -> list[str]:
    words = block.split(" ")
    if len(words) <= _CHUNK_WORDS * 1.5:
        return [block]
    sentences = re.split(r"(?<=[.!?])\s+", block)
    chunks: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in sentences:
        sentence_words = sentence.split(" ")
        while len(sentence_words) > _CHUNK_WORDS * 1.5:  # a run-on "sentence": split it at words
            if current:
                chunks.append(" ".join(current))
                current, count = [], 0
            chunks.append(" ".join(sentence_words[:_CHUNK_WORDS]))
            sentence_words = sentence_words[_CHUNK_WORDS:]
        current.append(" ".join(sentence_words))
        count += len(sentence_words)
        if count >= _CHUNK_WORDS:
            chunks.append(" ".join(current))
            current, count = [], 0
    if current:
        chunks.append(" ".join(current))
    return chunks


def _preview(text: str, limit: int = 600) -> str:
    flat = " ".join(clean_text(text).split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


# -- the forms' common shape --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A form row: a label and its value (text, a flowable, or None for an empty box to write in)."""

    label: str
    value: str | Flowable | None
    height: float = 10 * mm  # the box's height on a blank form; the least height on a filled one


@dataclass(frozen=True)
class Section:
    """A heading row across the form ("Requester", "Authoriser", "To be completed by ICT technician")."""

    title: str
    note: str = ""


FormRow = Row | Section


class AppendixForm(PdfDocument):
    """A policy form: a two-column table of shaded section rows and label/value rows, as the policy lays it out."""

    appendix = ""
    intro = ""
    footer_size = 9.0
    smallest_text = 9.0

    def __init__(
        self, letterhead: Letterhead, *, reference: str = "", status: str = "", printed_on: date | None = None
    ) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        self.reference = reference
        self.status = status
        self._continued: list[tuple[str, str]] = []
        styles = self.styles
        self.section_style = ParagraphStyle("section", parent=styles["label"], fontName=FONT_BOLD, fontSize=10)
        self.value_style = styles["body"]
        styles["small"].fontSize, styles["small"].leading = 9, 11.5  # this document's own sheet: nothing under 9 pt

    @property
    def blank(self) -> bool:
        raise NotImplementedError

    @property
    @override
    def footer_note(self) -> str:
        parts = [f"Social media policy, Appendix {self.appendix}"]
        if self.reference:
            parts.append(self.reference)
        parts.append(f"Printed {uk_date(self.printed_on)}")
        return " · ".join(parts)

    def heading_flowables(self) -> list[Flowable]:
        lines: list[Flowable] = []
        if self.intro:
            lines.append(Paragraph(escape(self.intro), self.styles["small"]))
        if self.reference or self.status:
            meta = " · ".join(
                part for part in (f"Reference {self.reference}" if self.reference else "", self.status) if part
            )
            lines.append(Paragraph(escape(meta), self.styles["label"]))
        lines.append(Spacer(0, 3 * mm))
        return lines

    def value(self, label: str, text: str | None, name: str, height: float = 10 * mm) -> Row:
        """A row filled from a record; a fillable box named ``name``, at full height, on a blank form or where the
        record has nothing yet (so the rest of the form can still be completed on screen or by hand)."""
        if self.blank or not text:
            return Row(label, FormField(name, height=height, tooltip=label), height)
        return Row(label, text, height)

    def form(self, rows: Sequence[FormRow]) -> list[Flowable]:
        """The form as one table per section, each kept on one page where it fits (they join up seamlessly)."""
        groups: list[list[FormRow]] = []
        for row in rows:
            if isinstance(row, Section) or not groups:
                groups.append([])
            groups[-1].append(row)
        return [KeepTogether([self.form_table(group)]) for group in groups]

    def form_table(self, rows: Sequence[FormRow]) -> Table:
        styles = self.styles
        width = self.frame_width
        data: list[list[Any]] = []
        heights: list[float] = []
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * mm),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ]
        value_width = width - LABEL_WIDTH
        for index, row in enumerate(rows):
            if isinstance(row, Section):
                title = escape(row.title)
                if row.note:  # a line or two in the heading: a longer note is cut short rather than break the page
                    title += f'<font name="{FONT_REGULAR}" size="9">  {escape(_preview(row.note, 300))}</font>'
                data.append([Paragraph(title, self.section_style), ""])
                heights.append(0)
                commands += [
                    ("SPAN", (0, index), (1, index)),
                    ("BACKGROUND", (0, index), (1, index), SECTION),
                    ("TOPPADDING", (0, index), (1, index), 1.6 * mm),
                    ("BOTTOMPADDING", (0, index), (1, index), 1.6 * mm),
                ]
                continue
            label = Paragraph(escape(row.label), styles["label"])
            _, label_height = label.wrap(LABEL_WIDTH - 5 * mm, 1000)
            wanted = row.height if self.blank or not isinstance(row.value, str) else min(row.height, FILLED_ROW)
            least = max(wanted, label_height + 4.4 * mm)
            commands.append(("BACKGROUND", (0, index), (0, index), SHADE))
            cell: Any
            if isinstance(row.value, FormField):
                row.value.height = least
                cell = row.value
                commands += [
                    (padding, (1, index), (1, index), 0)
                    for padding in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")
                ]
            elif isinstance(row.value, str):
                cell = self._text_cell(row.label, row.value, value_width - 5 * mm)
            elif row.value is None:
                cell = ""
            else:
                cell = row.value
            data.append([label, cell])
            heights.append(least)
        table = Table(data, colWidths=[LABEL_WIDTH, value_width], minRowHeights=heights, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table

    def _text_cell(self, label: str, text: str, width: float) -> list[Flowable]:
        flowables = long_text(text, self.value_style, space_between=1.5 * mm) if text else []
        height = sum(f.wrap(width, 10_000)[1] + f.getSpaceAfter() for f in flowables)
        if height <= CONTINUE_ABOVE:
            return flowables
        self._continued.append((label, text))
        note = f"… continued in full after the form (“{label}”)."
        return [
            Paragraph(escape(_preview(text)), self.value_style),
            Paragraph(escape(note), self.styles["small"]),
        ]

    def continuation(self) -> list[Flowable]:
        """The full text of anything too long for its box, after the form."""
        if not self._continued:
            return []
        story: list[Flowable] = [Spacer(0, 6 * mm), Paragraph("Continuation", self.styles["heading"])]
        for label, text in self._continued:
            story.append(Paragraph(escape(label), self.styles["label"]))
            story.extend(long_text(text, self.value_style))
            story.append(Spacer(0, 3 * mm))
        return story


def _day(value: date | None) -> str:
    return uk_date(value) if value else ""


# -- Appendix A -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessRequest:
    """A blocked content access request as the form prints it (plain values)."""

    reference: str
    staff_name: str
    requested_on: date
    url: str
    site_content: str
    reasons: str
    risks_and_controls: str
    requester: str = ""
    status: str = ""
    authoriser: str = ""
    approved: bool | None = None
    decision_reasons: str = ""
    decision_by: str = ""
    decided_on: date | None = None
    implemented_on: date | None = None
    implemented_by: str = ""
    expires_on: date | None = None


class BlockedContentRequestForm(AppendixForm):
    title = "Blocked content access request form"
    appendix = "A"
    intro = (
        "To ask for access to erroneously blocked content, complete this form and give it to an ICT technician. "
        "The executive headteacher approves requests."
    )

    def __init__(
        self, letterhead: Letterhead, request: AccessRequest | None = None, *, printed_on: date | None = None
    ) -> None:
        super().__init__(
            letterhead,
            reference=request.reference if request else "",
            status=request.status if request else "",
            printed_on=printed_on,
        )
        self.request = request

    @property
    @override
    def blank(self) -> bool:
        return self.request is None

    @override
    def story(self) -> list[Flowable]:
        r = self.request
        requester_note = f"on behalf of {r.requester}" if r and r.requester else ""
        ticked = set() if r is None or r.approved is None else ({"Yes"} if r.approved else {"No"})
        approved = Row("Approved?", self.checkbox_row(["Yes", "No"], checked=ticked, name="approved"))
        rows: list[FormRow] = [
            Section("Requester", requester_note),
            self.value("Staff name", r.staff_name if r else None, "requester_staff_name"),
            self.value("Date", _day(r.requested_on) if r else None, "request_date"),
            self.value("Full URL", r.url if r else None, "full_url"),
            self.value("Site content", r.site_content if r else None, "site_content", 18 * mm),
            self.value("Reasons for access", r.reasons if r else None, "reasons_for_access", 24 * mm),
            self.value(
                "Identified risks and control measures",
                r.risks_and_controls if r else None,
                "risks_and_control_measures",
                28 * mm,
            ),
            Section("Authoriser", r.authoriser if r and r.authoriser else ""),
            approved,
            self.value("Reasons", r.decision_reasons if r else None, "decision_reasons", 18 * mm),
            self.value("Staff name", r.decision_by if r else None, "authoriser_staff_name"),
            self.value("Date", _day(r.decided_on) if r else None, "decision_date"),
            Row("Signature", None, 14 * mm),
            *self.ict_part(r),
        ]
        return [*self.heading_flowables(), *self.form(rows), *self.continuation()]

    def ict_part(self, r: AccessRequest | None) -> list[FormRow]:
        """The ICT technician's rows: to fill in until done, and marked not needed once access is refused (no
        empty boxes inviting a technician to give access that was refused)."""
        title = "To be completed by ICT technician"
        if r is not None and r.approved is False and r.implemented_on is None:
            refused = "Not needed: the request was rejected"
            return [
                Section(title, refused),
                *(Row(label, "Not applicable") for label in ("Date access given", "By whom", "Expiry or review date")),
            ]
        return [
            Section(title),
            self.value("Date access given", _day(r.implemented_on) if r else None, "date_access_given"),
            self.value("By whom", r.implemented_by if r else None, "ict_technician"),
            self.value("Expiry or review date", _day(r.expires_on) if r else None, "expiry_or_review_date"),
        ]


def blocked_content_request_pdf(
    letterhead: Letterhead, request: AccessRequest | None = None, *, printed_on: date | None = None
) -> bytes:
    """Appendix A filled from ``request``, or blank (fillable) when it is None."""
    return BlockedContentRequestForm(letterhead, request, printed_on=printed_on).render()


# -- Appendix B -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InappropriateContent:
    """An inappropriate content report as the form prints it (plain values)."""

    reference: str
    staff_name: str
    accessed_on: date
    urls: Sequence[str]
    nature: str
    accessed_by: str = ""
    incident_reference: str = ""
    ict_action: str = ""
    ict_action_by: str = ""
    ict_action_on: date | None = None


class InappropriateContentReportForm(AppendixForm):
    title = "Inappropriate content report form"
    appendix = "B"
    intro = (
        "Inappropriate content accessed on the school's computers or network is reported to an ICT technician "
        "with this form, so that the site can be blocked."
    )

    def __init__(
        self, letterhead: Letterhead, report: InappropriateContent | None = None, *, printed_on: date | None = None
    ) -> None:
        status = f"Incident {report.incident_reference}" if report and report.incident_reference else ""
        super().__init__(letterhead, reference=report.reference if report else "", status=status, printed_on=printed_on)
        self.report = report

    @property
    @override
    def blank(self) -> bool:
        return self.report is None

    @override
    def story(self) -> list[Flowable]:
        r = self.report
        rows: list[FormRow] = [
            self.value("Staff name (submitting report)", r.staff_name if r else None, "staff_name", 12 * mm),
            self.value(
                "Name of individual accessing inappropriate content (if known)",
                (r.accessed_by or "Not known") if r else None,
                "individual_accessing",
                12 * mm,
            ),
            self.value("Date", uk_date(r.accessed_on) if r else None, "date"),
            self.value("Full URL(s)", "\n".join(r.urls) if r else None, "full_urls", 26 * mm),
            self.value("Nature of inappropriate content", r.nature if r else None, "nature_of_content", 40 * mm),
            Section("To be completed by ICT technician"),
            self.value("Action taken", r.ict_action if r else None, "action_taken", 40 * mm),
            self.value("By whom", r.ict_action_by if r else None, "ict_technician"),
            self.value("Date", uk_date(r.ict_action_on) if r and r.ict_action_on else None, "action_date"),
        ]
        return [*self.heading_flowables(), *self.form(rows), *self.continuation()]


def inappropriate_content_report_pdf(
    letterhead: Letterhead, report: InappropriateContent | None = None, *, printed_on: date | None = None
) -> bytes:
    """Appendix B filled from ``report``, or blank (fillable) when it is None."""
    return InappropriateContentReportForm(letterhead, report, printed_on=printed_on).render()
