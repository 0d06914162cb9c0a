"""Consent lists for staff, by class: the do-not-publish list, the chase list of forms not returned, and the consent
summary (pupils x purposes). They name pupils, so every page says CONFIDENTIAL and the date it was printed.

A status prints as a symbol and a word (never colour alone): ✓ Granted, ◐ Restricted, ✗ Refused, ○ Not returned
(treated as refused), ⊘ Never publish. A never-publish pupil prints as "never publish" only: the reason is never on
paper. The lists take plain values; :mod:`smgov.documents.consent` builds them from the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle
from typing_extensions import override

from smgov.reports.pdf import RULE, SHADE, Checkbox, Letterhead, PdfDocument, escape, uk_date

WARNING = colors.HexColor("#8A1C1C")
CONFIDENTIAL = "CONFIDENTIAL"

# status key -> (symbol, word); the keys are smgov.data.models.ConsentStatus values, plus "never" for never publish
STATUS_MARKS = {
    "granted": ("✓", "Granted"),
    "restricted": ("◐", "Restricted"),
    "refused": ("✗", "Refused"),
    "not_returned": ("○", "Not returned"),
    "never": ("⊘", "Never publish"),
}


def status_text(status: str) -> str:
    """ "✓ Granted", "○ Not returned", ...: the symbol and the word."""
    symbol, word = STATUS_MARKS.get(status, ("?", status))
    return f"{symbol} {word}"


@dataclass(frozen=True)
class ListPupil:
    """A pupil as staff know them: the preferred first name and surname (``legal_name`` when it differs)."""

    name: str
    legal_name: str = ""
    reference: str = ""  # the admission number (or UPN)
    never_publish: bool = False


@dataclass(frozen=True)
class DoNotPublishRow:
    """A pupil whose image must not be used for some or all purposes, and what is refused."""

    pupil: ListPupil
    refused: Sequence[str] = ()  # purpose labels
    not_returned: Sequence[str] = ()
    restrictions: Sequence[tuple[str, str]] = ()  # (purpose label, restriction)


@dataclass(frozen=True)
class SummaryRow:
    """A pupil's line in the summary: per purpose, in the order of the document's purposes, (status, restriction)."""

    pupil: ListPupil
    statuses: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class ClassGroup:
    """One class's rows (DoNotPublishRow, ListPupil for the chase list, or SummaryRow), and how many are on roll."""

    year_group: str
    class_name: str
    rows: Sequence[Any]
    on_roll: int = 0

    @property
    def heading(self) -> str:
        parts = [part for part in (self.year_group, self.class_name) if part]
        return " · ".join(parts) if parts else "No class"


@dataclass(frozen=True)
class ListContext:
    """What every list says at the top: the academic year and the day the consent is shown as on."""

    academic_year: str
    as_of: date
    notes: Sequence[str] = field(default_factory=tuple)


class StaffList(PdfDocument):
    """A list for staff naming pupils: CONFIDENTIAL at the top and in every page's footer, with the date printed."""

    heading_note = ""

    def __init__(
        self,
        letterhead: Letterhead,
        context: ListContext,
        groups: Sequence[ClassGroup],
        *,
        printed_on: date | None = None,
    ) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        self.context = context
        self.groups = list(groups)
        styles = self.styles
        self.cell = styles["body"].clone("list_cell", fontSize=9, leading=11.5)
        self.cell_small = styles["small"].clone("list_cell_small", fontSize=7.5, leading=9.2)
        self.cell_bold = styles["label"].clone("list_cell_bold", fontSize=9, leading=11.5)
        self.banner = styles["label"].clone("list_banner", textColor=colors.white, fontSize=10, leading=13)
        self.class_heading = styles["heading"].clone(
            "list_class", fontSize=12, leading=15, spaceBefore=4 * mm, keepWithNext=0
        )  # a CondPageBreak keeps it with its table: kept with the whole table, a long class would start a page late

    @property
    @override
    def footer_note(self) -> str:
        return f"{CONFIDENTIAL}: staff only, do not display or share · Printed {uk_date(self.printed_on)}"

    def banner_flowables(self) -> list[Flowable]:
        text = (
            f"{CONFIDENTIAL}: for staff only. Names pupils: do not display, share or leave lying around. "
            f"Printed {uk_date(self.printed_on)}."
        )
        table = Table([[Paragraph(escape(text), self.banner)]], colWidths=[self.frame_width])
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), WARNING),
                    ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ]
            )
        )
        lines = [
            f"Academic year {self.context.academic_year} · consent as on {uk_date(self.context.as_of)}.",
            *([self.heading_note] if self.heading_note else []),
            *self.context.notes,
        ]
        return [table, Spacer(0, 2 * mm), *(Paragraph(escape(line), self.styles["small"]) for line in lines)]

    def pupil_cell(self, pupil: ListPupil) -> list[Flowable]:
        cell: list[Flowable] = [Paragraph(escape(pupil.name), self.cell_bold)]
        extra = [
            part for part in (f"legal name {pupil.legal_name}" if pupil.legal_name else "", pupil.reference) if part
        ]
        if extra:
            cell.append(Paragraph(escape(" · ".join(extra)), self.cell_small))
        return cell

    def table(self, data: list[list[Any]], widths: Sequence[float], extra: Sequence[tuple[Any, ...]] = ()) -> Table:
        table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT", splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.4 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4 * mm),
                    ("LEFTPADDING", (0, 0), (-1, -1), 1.8 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1.8 * mm),
                    *extra,
                ]
            )
        )
        return table

    def head(self, *labels: str) -> list[Paragraph]:
        return [Paragraph(escape(label), self.cell_bold) for label in labels]

    def empty(self, text: str) -> list[Flowable]:
        return [Spacer(0, 4 * mm), Paragraph(escape(text), self.styles["body"])]


# -- the do-not-publish list ----------------------------------------------------------------------------------------


class DoNotPublishList(StaffList):
    title = "Do-not-publish list"
    heading_note = (
        "Pupils whose images and videos must not be used, or only within a restriction. Not returned is treated as "
        "refused. A pupil marked never publish must never appear in anything published, whatever else is recorded."
    )

    @override
    def story(self) -> list[Flowable]:
        story = self.banner_flowables()
        if not any(group.rows for group in self.groups):
            return story + self.empty("No pupil on roll has any refusal, restriction or never-publish flag.")
        for group in self.groups:
            if not group.rows:
                continue
            count = f"{len(group.rows)} of {group.on_roll} pupils" if group.on_roll else f"{len(group.rows)} pupils"
            heading = Paragraph(escape(f"{group.heading} ({count})"), self.class_heading)
            name_width = 62 * mm
            data: list[list[Any]] = [self.head("Pupil", "Must not be used")]
            commands: list[tuple[Any, ...]] = []
            for row in group.rows:
                assert isinstance(row, DoNotPublishRow)
                data.append([self.pupil_cell(row.pupil), self._refusals(row)])
                if row.pupil.never_publish:
                    commands.append(("LINEBEFORE", (0, len(data) - 1), (0, len(data) - 1), 3, WARNING))
            table = self.table(data, [name_width, self.frame_width - name_width], commands)
            story += [CondPageBreak(30 * mm), heading, table]
        return story

    def _refusals(self, row: DoNotPublishRow) -> list[Flowable]:
        lines: list[Flowable] = []
        if row.pupil.never_publish:
            lines.append(Paragraph(escape(f"{status_text('never').upper()}: not for any purpose"), self.cell_bold))
        if row.refused:
            lines.append(Paragraph(escape(f"{status_text('refused')}: {', '.join(row.refused)}"), self.cell))
        if row.not_returned:
            words = f"{status_text('not_returned')} (treated as refused): {', '.join(row.not_returned)}"
            lines.append(Paragraph(escape(words), self.cell))
        for purpose, restriction in row.restrictions:
            lines.append(Paragraph(escape(f"{status_text('restricted')}: {purpose}: only {restriction}"), self.cell))
        return lines


def do_not_publish_pdf(
    letterhead: Letterhead, context: ListContext, groups: Sequence[ClassGroup], *, printed_on: date | None = None
) -> bytes:
    return DoNotPublishList(letterhead, context, groups, printed_on=printed_on).render()


# -- the chase list -------------------------------------------------------------------------------------------------


class ChaseList(StaffList):
    title = "Consent forms not returned"
    heading_note = (
        "Pupils on roll with no consent form returned for the year, by class: until one is, every purpose is treated "
        "as refused. Tick when chased."
    )

    @override
    def story(self) -> list[Flowable]:
        story = self.banner_flowables()
        total = sum(len(group.rows) for group in self.groups)
        on_roll = sum(group.on_roll for group in self.groups)
        story.append(Paragraph(escape(f"{total} of {on_roll} pupils on roll not returned."), self.styles["label"]))
        if not total:
            return story + self.empty("Every pupil on roll has returned a form for the year.")
        width = self.frame_width
        widths = [width - 28 * mm - 18 * mm - 55 * mm, 28 * mm, 18 * mm, 55 * mm]
        for group in self.groups:
            if not group.rows:
                continue
            heading = Paragraph(
                escape(f"{group.heading}: {len(group.rows)} of {group.on_roll} not returned"), self.class_heading
            )
            data: list[list[Any]] = [self.head("Pupil", "Admission no.", "Chased", "Notes")]
            for pupil in group.rows:
                assert isinstance(pupil, ListPupil)
                shown = ListPupil(pupil.name, pupil.legal_name, "", pupil.never_publish)
                data.append([self.pupil_cell(shown), Paragraph(escape(pupil.reference), self.cell), Checkbox(), ""])
            table = self.table(data, widths, [("ALIGN", (2, 1), (2, -1), "CENTER")])
            story += [CondPageBreak(30 * mm), heading, table]
        return story


def chase_list_pdf(
    letterhead: Letterhead, context: ListContext, groups: Sequence[ClassGroup], *, printed_on: date | None = None
) -> bytes:
    return ChaseList(letterhead, context, groups, printed_on=printed_on).render()


# -- the summary ----------------------------------------------------------------------------------------------------


class ConsentSummary(StaffList):
    """Pupils x purposes for each class, a class a page (landscape), with a count per purpose at the foot."""

    title = "Consent summary by class"
    pagesize = landscape(A4)
    top_margin = 35 * mm

    def __init__(
        self,
        letterhead: Letterhead,
        context: ListContext,
        groups: Sequence[ClassGroup],
        purposes: Sequence[str],
        *,
        printed_on: date | None = None,
    ) -> None:
        super().__init__(letterhead, context, groups, printed_on=printed_on)
        self.purposes = list(purposes)

    @override
    def story(self) -> list[Flowable]:
        legend = "Key: " + " · ".join(status_text(key) for key in STATUS_MARKS) + " (not returned counts as refused)."
        story = [*self.banner_flowables(), Paragraph(escape(legend), self.styles["small"])]
        if not any(group.rows for group in self.groups):
            return story + self.empty("No pupils on roll in this class.")
        first = True
        for group in self.groups:
            if not group.rows:
                continue
            if not first:
                story.append(PageBreak())
            first = False
            story += [Paragraph(escape(f"{group.heading} ({len(group.rows)} pupils)"), self.class_heading)]
            story.append(self._grid(group))
        return story

    def _grid(self, group: ClassGroup) -> Table:
        name_width = 55 * mm
        purpose_width = (self.frame_width - name_width) / max(1, len(self.purposes))
        data: list[list[Any]] = [self.head("Pupil", *self.purposes)]
        allowed = [0] * len(self.purposes)
        commands: list[tuple[Any, ...]] = []
        for row in group.rows:
            assert isinstance(row, SummaryRow)
            cells: list[Any] = [self.pupil_cell(row.pupil)]
            for index, (status, restriction) in enumerate(row.statuses[: len(self.purposes)]):
                if row.pupil.never_publish:
                    status, restriction = "never", ""
                cell: list[Flowable] = [Paragraph(escape(status_text(status)), self.cell)]
                if restriction:
                    cell.append(Paragraph(escape(restriction), self.cell_small))
                cells.append(cell)
                if status in ("granted", "restricted"):
                    allowed[index] += 1
            data.append(cells)
            if row.pupil.never_publish:
                commands.append(("LINEBEFORE", (0, len(data) - 1), (0, len(data) - 1), 3, WARNING))
        total = len(group.rows)
        data.append(
            [Paragraph("May be used", self.cell_bold)]
            + [Paragraph(escape(f"{count} of {total}"), self.cell_bold) for count in allowed]
        )
        commands.append(("BACKGROUND", (0, -1), (-1, -1), SHADE))
        return self.table(data, [name_width] + [purpose_width] * len(self.purposes), commands)


def consent_summary_pdf(
    letterhead: Letterhead,
    context: ListContext,
    groups: Sequence[ClassGroup],
    purposes: Sequence[str],
    *,
    printed_on: date | None = None,
) -> bytes:
    return ConsentSummary(letterhead, context, groups, purposes, printed_on=printed_on).render()
