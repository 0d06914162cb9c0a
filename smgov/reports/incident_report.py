"""The incident report for SLT: the details, who was involved, the timeline, any inappropriate content reports, and
the evidence, one screenshot a page.

By default pupils appear by their initials and the evidence pages carry the redacted copies (or originals cleared for
sharing as they are); an original that is neither is not printed, and its page says so. With ``originals`` the
report prints the originals instead, and says so at the top of every evidence page. Images are re-encoded into the
PDF, so no EXIF or GPS data from a photo ever reaches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle
from typing_extensions import override

from smgov.data.calendar import format_school_time
from smgov.reports.appendix_forms import long_text
from smgov.reports.pdf import (
    INK,
    MUTED,
    RULE,
    SHADE,
    Letterhead,
    PdfDocument,
    clean_text,
    escape,
    read_image,
    uk_date,
)

WARNING = colors.HexColor("#8A1C1C")
TIMELINE_DETAILS_CHARS = 700
EVIDENCE_PIXELS = 1400  # enough for A4 at about 170 dpi; keeps a report of many screenshots quick and small


@dataclass(frozen=True)
class ReportPerson:
    name: str  # as it should print: initials for a pupil unless full names were chosen
    kind: str
    role: str


@dataclass(frozen=True)
class ReportEntry:
    occurred_at: dt.datetime
    action: str
    done_by: str
    details: str
    note: str = ""  # "Correction of the entry of 12/11/2025 10:02: reason", "Corrected below", ...
    current: bool = True


@dataclass(frozen=True)
class ReportEvidence:
    title: str  # "Screenshot 2"
    added_at: dt.datetime
    added_by: str
    source: str
    original_sha256: str
    original_size: int
    width: int
    height: int
    caption: str = ""
    printed_as: str = ""  # "Redacted copy (Screenshot 4)", "Original, cleared for sharing", "Original"
    printed_sha256: str = ""
    image: bytes | None = None  # None: not printed, and ``missing`` says why
    missing: str = ""


@dataclass(frozen=True)
class ReportContentReport:
    reference: str
    staff_name: str
    accessed_by: str
    accessed_on: dt.date
    urls: Sequence[str]
    nature: str
    ict_action: str = ""
    ict_action_by: str = ""
    ict_action_on: dt.date | None = None


@dataclass(frozen=True)
class IncidentReport:
    """Everything the report prints, as plain values."""

    reference: str
    category: str
    status: str
    received_at: dt.datetime
    reported_by: str
    description: str
    summary: str = ""
    logged_by: str = ""  # who entered it in smgov (the operator then)
    account: str = ""
    safeguarding: str = "No"
    response_due: str = ""
    first_response: str = ""
    outcome: str = ""
    people: Sequence[ReportPerson] = field(default_factory=tuple)
    timeline: Sequence[ReportEntry] = field(default_factory=tuple)
    evidence: Sequence[ReportEvidence] = field(default_factory=tuple)
    content_reports: Sequence[ReportContentReport] = field(default_factory=tuple)
    originals: bool = False
    full_names: bool = False
    audit_seal: str = ""  # the audit log's seal when printed (smgov.data.integrity): `smgov verify --seal` checks it


class EvidenceImage(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A screenshot scaled to fit ``max_width`` x ``max_height`` (never enlarged past 2x), with a thin border."""

    def __init__(self, image: ImageReader, max_width: float, max_height: float) -> None:
        super().__init__()
        self.image = image
        pixel_width, pixel_height = image.getSize()
        scale = min(max_width / pixel_width, max_height / pixel_height, 2.0 * 0.75)  # 0.75 pt a pixel at 96 dpi
        self.width, self.height = pixel_width * scale, pixel_height * scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height, mask="auto")
        self.canv.saveState()
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        self.canv.restoreState()


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class IncidentReportDocument(PdfDocument):
    title = "Incident report"

    def __init__(self, letterhead: Letterhead, report: IncidentReport, *, printed_on: dt.date | None = None) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        self.report = report
        styles = self.styles
        self.cell = ParagraphStyle("cell", parent=styles["body"], fontSize=8.5, leading=11)
        self.cell_muted = ParagraphStyle("cell_muted", parent=self.cell, textColor=MUTED)
        self.cell_label = ParagraphStyle("cell_label", parent=styles["label"], fontSize=8.5, leading=11)
        self.hash_style = ParagraphStyle("hash", parent=styles["mono"], fontSize=7.5, leading=9.5)
        self.warning = ParagraphStyle("warning", parent=styles["label"], textColor=WARNING)
        # A table may start at the foot of a page and carry on over the next (its heading row repeats), so its
        # heading is not kept with it; a conditional page break keeps the heading from being left alone instead.
        self.table_heading = ParagraphStyle("table_heading", parent=styles["heading"], keepWithNext=0)

    def heading_before_table(self, text: str) -> list[Flowable]:
        return [CondPageBreak(35 * mm), Paragraph(escape(text), self.table_heading)]

    @property
    @override
    def footer_note(self) -> str:
        printed = uk_date(self.printed_on)
        seal = f" · Audit seal {self.report.audit_seal}" if self.report.audit_seal else ""
        return f"{self.report.reference} · Confidential: for the Senior Leadership Team · Printed {printed}{seal}"

    @override
    def story(self) -> list[Flowable]:
        r = self.report
        styles = self.styles
        names = "Pupils' full names are shown." if r.full_names else "Pupils are shown by their initials."
        copies = (
            "Evidence: the ORIGINAL screenshots, unredacted."
            if r.originals
            else "Evidence: redacted copies, or originals cleared for sharing."
        )
        story: list[Flowable] = [
            Paragraph(escape(f"{r.reference} · Confidential: for the Senior Leadership Team"), styles["label"]),
            Paragraph(escape(f"{names} {copies}"), self.warning if r.originals or r.full_names else styles["small"]),
            Spacer(0, 3 * mm),
            Paragraph("Details", styles["heading"]),
            self.field_table(
                [
                    ("Reference", r.reference),
                    ("Category", r.category),
                    ("Account or platform", r.account or "Not given"),
                    ("Received", format_school_time(r.received_at)),
                    ("Reported by", r.reported_by),
                    *([("Logged by", r.logged_by)] if r.logged_by else []),
                    ("Status", r.status),
                    ("Response due", r.response_due or "—"),
                    ("First response", r.first_response or "None recorded"),
                    ("Safeguarding concern", r.safeguarding),
                    ("Outcome", r.outcome or "Not recorded yet"),
                ],
                label_width=45 * mm,
            ),
        ]
        if r.summary:
            story += [Paragraph("Summary", styles["heading"]), Paragraph(escape(r.summary), styles["body"])]
        story += [Paragraph("What happened", styles["heading"]), *long_text(r.description, styles["body"])]
        story += self._people()
        story += self._timeline()
        story += self._content_reports()
        story += self._evidence()
        return story

    # -- sections ------------------------------------------------------------------------------------------------

    def _grid(self, rows: list[list[Any]], widths: Sequence[float], *, header: bool = True) -> Table:
        table = Table(
            rows,
            colWidths=[w * self.frame_width for w in widths],
            repeatRows=1 if header else 0,
            splitInRow=1,  # a row too long for the page carries on over the next, rather than failing to print
        )
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.4 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4 * mm),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.8 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        table.setStyle(TableStyle(commands))
        return table

    def _people(self) -> list[Flowable]:
        people = self.report.people
        heading = self.heading_before_table("People involved")
        if not people:
            return [*heading, Paragraph("Nobody is named.", self.styles["body"])]
        rows: list[list[Any]] = [[Paragraph(h, self.cell_label) for h in ("Name", "Who", "Role")]]
        for person in people:
            rows.append([Paragraph(escape(value), self.cell) for value in (person.name, person.kind, person.role)])
        return [*heading, self._grid(rows, (0.5, 0.3, 0.2))]

    def _timeline(self) -> list[Flowable]:
        entries = self.report.timeline
        heading = self.heading_before_table("Timeline")
        if not entries:
            return [*heading, Paragraph("Nothing recorded.", self.styles["body"])]
        rows: list[list[Any]] = [[Paragraph(h, self.cell_label) for h in ("When", "What", "By", "Details")]]
        for entry in entries:
            style = self.cell if entry.current else self.cell_muted
            details = clean_text(entry.details)
            if len(details) > TIMELINE_DETAILS_CHARS:
                details = details[:TIMELINE_DETAILS_CHARS].rsplit(" ", 1)[0] + " … (the full text is in smgov)"
            text = escape(details)
            if entry.note:
                note = f'<font color="#5F6B7A">{escape(entry.note)}</font>'
                text = f"{text}<br/>{note}" if text else note
            what = escape(entry.action)
            if not entry.current:
                what = f"<strike>{what}</strike>"
            rows.append(
                [
                    Paragraph(escape(format_school_time(entry.occurred_at)), style),
                    Paragraph(what, style),
                    Paragraph(escape(entry.done_by), style),
                    Paragraph(text, style),
                ]
            )
        note = Paragraph(
            "Entries are never changed: a correction is a later entry, and what it corrects is shown struck through.",
            self.styles["small"],
        )
        return [*heading, self._grid(rows, (0.17, 0.2, 0.17, 0.46)), Spacer(0, 1 * mm), note]

    def _content_reports(self) -> list[Flowable]:
        story: list[Flowable] = []
        for report in self.report.content_reports:
            ict = "Not recorded yet"
            if report.ict_action_on is not None:
                ict = f"{report.ict_action} ({report.ict_action_by}, {uk_date(report.ict_action_on)})"
            story.append(
                KeepTogether(
                    [
                        Paragraph(escape(f"Inappropriate content report {report.reference}"), self.styles["heading"]),
                        self.field_table(
                            [
                                ("Staff name (submitting report)", report.staff_name),
                                ("Individual accessing it", report.accessed_by or "Not known"),
                                ("Date", uk_date(report.accessed_on)),
                                ("Full URL(s)", "\n".join(report.urls)),
                                ("Nature of the content", report.nature),
                                ("ICT technician's action", ict),
                            ],
                            label_width=55 * mm,
                        ),
                    ]
                )
            )
        return story

    def _evidence(self) -> list[Flowable]:
        items = self.report.evidence
        heading = self.heading_before_table("Evidence")
        if not items:
            return [*heading, Paragraph("No screenshots are attached.", self.styles["body"])]
        rows: list[list[Any]] = [
            [
                Paragraph(h, self.cell_label)
                for h in ("", "Added", "Source", "Size", "Printed", "SHA-256 of the original")
            ]
        ]
        for item in items:
            rows.append(
                [
                    Paragraph(escape(item.title), self.cell),
                    Paragraph(escape(f"{format_school_time(item.added_at)} by {item.added_by}"), self.cell),
                    Paragraph(escape(item.source), self.cell),
                    Paragraph(escape(f"{_size(item.original_size)}, {item.width} × {item.height}"), self.cell),
                    Paragraph(escape(item.printed_as if item.image else "Not printed"), self.cell),
                    Paragraph(escape(item.original_sha256), self.hash_style),
                ]
            )
        story: list[Flowable] = [*heading, self._grid(rows, (0.15, 0.17, 0.11, 0.14, 0.15, 0.28))]
        for item in items:
            story += self._evidence_page(item)
        return story

    def _evidence_page(self, item: ReportEvidence) -> list[Flowable]:
        styles = self.styles
        story: list[Flowable] = [PageBreak(), Paragraph(escape(f"{item.title}"), styles["heading"])]
        if self.report.originals and item.image is not None:
            story.append(Paragraph("ORIGINAL, UNREDACTED: handle as confidential.", self.warning))
        meta = f"Added {format_school_time(item.added_at)} by {item.added_by} ({item.source.lower()})."
        if item.image is not None:
            meta += f" Printed: {item.printed_as}."
        story.append(Paragraph(escape(meta), styles["small"]))
        if item.printed_sha256:
            story.append(Paragraph(escape(f"SHA-256 of what is printed: {item.printed_sha256}"), self.hash_style))
        if item.caption:
            story.append(Paragraph(escape(item.caption), styles["body"]))
        story.append(Spacer(0, 3 * mm))
        picture = read_image(item.image, max_pixels=EVIDENCE_PIXELS) if item.image else None
        if picture is None:
            text = item.missing or "This screenshot could not be read, so it is not printed."
            box = Table([[Paragraph(escape(text), styles["body"])]], colWidths=[self.frame_width], splitInRow=1)
            box.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                        ("TOPPADDING", (0, 0), (-1, -1), 6 * mm),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm),
                        ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
                        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                    ]
                )
            )
            story.append(box)
            return story
        # What is left of the page after the lines above: the frame less about 30 mm of heading and notes.
        frame_height = self.pagesize[1] - self.top_margin - self.bottom_margin
        story.append(EvidenceImage(picture, self.frame_width, frame_height - 32 * mm))
        return story


def incident_report_pdf(letterhead: Letterhead, report: IncidentReport, *, printed_on: dt.date | None = None) -> bytes:
    return IncidentReportDocument(letterhead, report, printed_on=printed_on).render()


__all__ = [
    "IncidentReport",
    "ReportContentReport",
    "ReportEntry",
    "ReportEvidence",
    "ReportPerson",
    "incident_report_pdf",
]
