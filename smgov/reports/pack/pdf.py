"""The termly pack as an A4 PDF: a cover, a one-page summary of key figures and actions, then one part per area.

Every page carries the audience's marking in a band at the top ("Governors' version: no pupil is named...") and its
short form in the footer with the printed date and the audit seal, so a page photocopied on its own still says what
it is. Charts are vector drawings (:mod:`smgov.reports.pack.charts`) that read in greyscale; no figure relies on colour.
The renderer only lays the pack out: what may be shown to governors was decided when the pack was built.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as LayoutTable
from reportlab.platypus.flowables import HRFlowable
from typing_extensions import override

from smgov.reports.pack import charts
from smgov.reports.pack.model import Audience, Chart, Figure, Pack, Part, Table
from smgov.reports.pack.tables import LEAST_ROWS, data_table, figures_table
from smgov.reports.pack.wording import change_of, shortened, shown_text
from smgov.reports.pdf import (
    FONT_BOLD,
    FONT_REGULAR,
    INK,
    MUTED,
    RULE,
    SHADE,
    Letterhead,
    PdfDocument,
    clean_text,
    escape,
    uk_date,
)

ACCENT = charts.DARK
NOTHING_NEEDS_ACTION = "Nothing needs action."
TILES_PER_ROW = 3
MARKING_BAND = 6 * mm
TITLE_CHARS = 200  # a part's, chart's or table's title is cut short after this
FOOTER_LEAST = 7.0  # the footer is never set smaller than this
WHOLE_TABLE_ROWS = 16  # a table of up to this many rows is not split over pages (unless longer than a page)


def pack_pdf(pack: Pack) -> bytes:
    """The pack as a PDF, in memory."""
    return PackPdf(pack).render()


def audience_line(audience: Audience) -> str:
    return "For governors" if audience is Audience.GOVERNORS else "For the Senior Leadership Team"


def short_marking(audience: Audience) -> str:
    """The marking, short, for the footer ("Governors' version", "SLT: CONFIDENTIAL"; the band above says it in
    full), leaving the period room to be read whole ("Academic year 2026–27 so far")."""
    return "SLT: CONFIDENTIAL" if audience is Audience.SLT else audience.marking.split(":")[0]


class PackPdf(PdfDocument):
    """The pack's layout on :class:`PdfDocument`'s letterhead, footer and "Page N of M"."""

    top_margin = 42 * mm
    header_top = 17 * mm  # below the marking band
    logo_max_height = 15 * mm
    smallest_text = 6.5  # the least a long school name in the letterhead is shrunk to

    def __init__(self, pack: Pack) -> None:
        super().__init__(Letterhead(pack.school_name, pack.logo), printed_on=pack.printed_on)
        self.pack = pack
        self.title = pack.title
        self._add_styles()

    def _add_styles(self) -> None:
        body = self.styles["body"]
        add = self.styles.add
        add(ParagraphStyle("page_title", parent=self.styles["title"]))
        title = self.styles["title"]  # the cover's title, under the school's name (the base puts it first)
        title.fontName, title.fontSize, title.leading, title.textColor = FONT_REGULAR, 16, 21, MUTED
        add(ParagraphStyle("cover_school", parent=body, fontName=FONT_BOLD, fontSize=24, leading=28))
        add(ParagraphStyle("cover_period", parent=body, fontName=FONT_BOLD, fontSize=20, leading=25))
        add(ParagraphStyle("cover_dates", parent=body, fontSize=12, leading=16))
        add(ParagraphStyle("cover_audience", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18))
        add(ParagraphStyle("part", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=2 * mm))
        add(ParagraphStyle("intro", parent=body, fontSize=10, leading=14, spaceAfter=2 * mm))
        add(ParagraphStyle("subheading", parent=self.styles["heading"], fontSize=10.5, leading=13, spaceBefore=4 * mm))
        add(ParagraphStyle("table_title", parent=self.styles["subheading"], keepWithNext=0))
        add(ParagraphStyle("tile_label", parent=body, fontName=FONT_BOLD, fontSize=8.5, leading=10.5, textColor=MUTED))
        add(ParagraphStyle("tile_value", parent=body, fontName=FONT_BOLD, fontSize=22, leading=27))
        add(ParagraphStyle("tile_text", parent=body, fontName=FONT_BOLD, fontSize=13, leading=27))
        add(ParagraphStyle("tile_change", parent=body, fontSize=8.5, leading=11))
        add(ParagraphStyle("action", parent=body, leftIndent=7 * mm, bulletIndent=0, spaceAfter=1.5 * mm))
        add(ParagraphStyle("note", parent=self.styles["small"], fontSize=8.5, leading=11, spaceBefore=1 * mm))
        add(ParagraphStyle("cell", parent=body, fontSize=8, leading=10))
        add(ParagraphStyle("cell_head", parent=body, fontName=FONT_BOLD, fontSize=8, leading=10))
        add(ParagraphStyle("cell_number", parent=body, fontSize=8, leading=10, alignment=TA_RIGHT))
        add(ParagraphStyle("cell_head_right", parent=self.styles["cell_head"], alignment=TA_RIGHT))

    @property
    @override
    def footer_note(self) -> str:
        """The short marking, the period, the printed date and the seal ("Governors' version · Autumn term 2026 ·
        Printed 06/01/2027 · Audit seal ..."): the period is shortened so that the line fits at 7 pt or more."""
        before = short_marking(self.pack.audience)
        after = f"Printed {uk_date(self.printed_on)}" + (f" · Audit seal {self.pack.seal}" if self.pack.seal else "")
        room = self.frame_width - 30 * mm  # as the base leaves for "Page N of M"
        spare = room - pdfmetrics.stringWidth(f"{before} ·  · {after}", FONT_REGULAR, FOOTER_LEAST)
        period = charts.fit_lines(self.pack.period.label, spare, size=FOOTER_LEAST, max_lines=1)[0]
        return f"{before} · {period} · {after}" if period.strip("…") else f"{before} · {after}"

    # -- the cover -----------------------------------------------------------------------------------------

    def cover(self, room: float) -> list[Flowable]:
        """The cover below its title (the logo and the school's name are drawn above it by :meth:`_on_first_page`):
        the period, the audience and the contents at the top, who prepared it at the foot of the ``room``."""
        pack, styles = self.pack, self.styles
        period = pack.period
        top: list[Flowable] = [
            HRFlowable(width="100%", thickness=1.5, color=ACCENT, spaceBefore=4 * mm, spaceAfter=8 * mm),
            Paragraph(escape(period.label), styles["cover_period"]),
            Paragraph(f"{uk_date(period.start)} to {uk_date(period.end)}", styles["cover_dates"]),
        ]
        if period.note:
            top.append(Paragraph(escape(shortened(period.note, 600)), styles["note"]))
        top += [
            Spacer(1, 14 * mm),
            Paragraph(escape(audience_line(pack.audience)), styles["cover_audience"]),
            Paragraph(escape(pack.audience.marking), styles["body"]),
            Spacer(1, 14 * mm),
            Paragraph("In this report", styles["label"]),
            Spacer(1, 1.5 * mm),
        ]
        contents = ["Summary of key figures and actions needed"] + [
            shortened(part.title, TITLE_CHARS) for part in pack.parts
        ]
        top += [
            Paragraph(escape(line), styles["action"], bulletText=f"{number}.")
            for number, line in enumerate(contents, start=1)
        ]
        bottom: list[Flowable] = [HRFlowable(width="100%", thickness=0.5, color=RULE, spaceAfter=3 * mm)]
        prepared = f"Prepared by {escape(pack.prepared_by)} on {uk_date(pack.printed_on)}."
        comparison = (
            f"Figures are compared with {escape(pack.previous.label)} "
            f"({uk_date(pack.previous.start)} to {uk_date(pack.previous.end)})."
        )
        bottom += [Paragraph(prepared, styles["body"]), Paragraph(comparison, styles["body"])]
        if pack.seal:
            bottom.append(
                Paragraph(
                    f"Audit seal <b>{escape(pack.seal)}</b>: shows that the school's records were not changed "
                    "after this report was printed (checked with <i>smgov verify --seal</i>).",
                    styles["body"],
                )
            )
        used = sum(_height(flowable, self.frame_width, room) for flowable in [*top, *bottom])
        return [*top, Spacer(1, max(8 * mm, room - used - 12 * mm)), *bottom]

    # -- the summary and the parts -------------------------------------------------------------------------

    @override
    def story(self) -> list[Flowable]:
        title_height = _height(Paragraph(escape(self.title), self.styles["title"]), self.frame_width, 100 * mm)
        room = self.pagesize[1] - self.top_margin - self.bottom_margin - title_height - 3 * mm
        cover = KeepInFrame(self.frame_width, room, self.cover(room), mode="shrink")
        flowables: list[Flowable] = [cover, PageBreak()]
        flowables += self.summary()
        for number, part in enumerate(self.pack.parts, start=1):
            flowables += self.part(number, part)
        return flowables

    def summary(self) -> list[Flowable]:
        pack, styles = self.pack, self.styles
        flowables: list[Flowable] = [
            Paragraph("Summary", styles["page_title"]),
            Paragraph(
                f"Key figures for {escape(pack.period.label)} ({uk_date(pack.period.start)} to "
                f"{uk_date(pack.period.end)}), and how each has changed since {escape(pack.previous.label)}.",
                styles["intro"],
            ),
        ]
        if pack.summary:
            flowables.append(self.tiles(pack.summary))
        else:
            flowables.append(Paragraph("No key figures for this period.", styles["body"]))
        flowables += [Spacer(1, 7 * mm), Paragraph("Actions needed", styles["part"])]
        if pack.actions:
            flowables += [
                Paragraph(escape(action), styles["action"], bulletText=f"{number}.")
                for number, action in enumerate(pack.actions, start=1)
            ]
        else:
            flowables.append(Paragraph(NOTHING_NEEDS_ACTION, styles["body"]))
        return flowables

    def tiles(self, figures: Sequence[Figure]) -> LayoutTable:
        """The key figures as tiles, three to a row: label, value, the change in words, and the detail."""
        gap = 4 * mm
        width = (self.frame_width - gap * (TILES_PER_ROW - 1)) / TILES_PER_ROW
        rows: list[list[Any]] = []
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3.5 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * mm),
        ]
        heights: list[float | None] = []
        for start in range(0, len(figures), TILES_PER_ROW):
            if rows:
                rows.append([""] * (TILES_PER_ROW * 2 - 1))  # the gap between rows of tiles
                heights.append(gap)
            row: list[Any] = []
            for offset, figure in enumerate(figures[start : start + TILES_PER_ROW]):
                if offset:
                    row.append("")
                cell = (len(row), len(rows))
                row.append(self._tile(figure))
                commands += [("BACKGROUND", cell, cell, SHADE), ("LINEBEFORE", cell, cell, 2.5, ACCENT)]
            rows.append(row + [""] * (TILES_PER_ROW * 2 - 1 - len(row)))
            heights.append(None)
        widths = [width if index % 2 == 0 else gap for index in range(TILES_PER_ROW * 2 - 1)]
        grid = LayoutTable(rows, colWidths=widths, rowHeights=heights, hAlign="LEFT", spaceBefore=2 * mm)
        for index, height in enumerate(heights):
            if height is not None:
                commands += [(padding, (0, index), (-1, index), 0) for padding in ("TOPPADDING", "BOTTOMPADDING")]
        grid.setStyle(TableStyle(commands))
        return grid

    def _tile(self, figure: Figure) -> list[Flowable]:
        styles = self.styles
        value = shown_text(figure.value, percent=figure.percent)
        value_style = styles["tile_value"] if isinstance(figure.value, int | float) else styles["tile_text"]
        tile: list[Flowable] = [
            Paragraph(escape(shortened(figure.label, 120)), styles["tile_label"]),
            Paragraph(escape(shortened(value, 40)), value_style),
        ]
        change = change_of(figure)
        if change.words:
            words = escape(shortened(f"{change.arrow} {change.words}".strip(), 80))
            if change.verdict:
                words += f", <b>{change.verdict}</b>"
            tile.append(Paragraph(words, styles["tile_change"]))
        if figure.detail:
            tile.append(Paragraph(escape(shortened(figure.detail, 160)), styles["small"]))
        return tile

    def part(self, number: int, part: Part) -> list[Flowable]:
        styles = self.styles
        heading = [
            HRFlowable(width="100%", thickness=1.5, color=ACCENT, spaceBefore=9 * mm, spaceAfter=2.5 * mm),
            Paragraph(f"{number}&nbsp;&nbsp;{escape(shortened(part.title, TITLE_CHARS))}", styles["part"]),
        ]
        flowables: list[Flowable] = [PageBreak() if number == 1 else CondPageBreak(95 * mm)]
        if part.intro:
            heading.append(Paragraph(escape(part.intro), styles["intro"]))
        if part.figures:  # the heading and the part's figures on one page (a figure alone over a page reads badly)
            heading.append(figures_table(part.figures, self.pack, styles, self.frame_width))
        flowables.append(KeepTogether(heading))
        for chart in part.charts:
            flowables += self.chart(chart)
        for table in part.tables:
            flowables += self.table(table)
        if part.notes:
            flowables.append(Spacer(1, 2 * mm))
            flowables += [Paragraph(escape(note), styles["note"], bulletText="•") for note in part.notes]
        return flowables

    def chart(self, chart: Chart) -> list[Flowable]:
        """The chart under its title, kept together; one too tall for a page is drawn in pieces on one axis."""
        styles = self.styles
        title = shortened(chart.title, TITLE_CHARS)
        pieces = self._chart_pieces(chart, charts.value_top(chart))
        if pieces[0] is None:
            return [
                KeepTogether(
                    [Paragraph(escape(title), styles["subheading"]), Paragraph(charts.NOTHING_TO_CHART, styles["body"])]
                )
            ]
        flowables: list[Flowable] = []
        note = charts.chart_note(chart)
        for index, drawing in enumerate(pieces):
            piece: list[Flowable] = [
                Paragraph(escape(title + (" (continued)" if index else "")), styles["subheading"]),
                Spacer(1, 1 * mm),
                drawing,
            ]
            if note and index == len(pieces) - 1:
                piece.append(Paragraph(escape(shortened(note, 600)), styles["note"]))
            flowables.append(KeepTogether(piece))
        return flowables

    def _chart_pieces(self, chart: Chart, axis_top: int) -> list[Any]:
        """The chart's drawings: one, or (too tall for a page) those of its first and second halves, and so on."""
        drawing = charts.chart_drawing(chart, self.frame_width, axis_top=axis_top if axis_top else 0)
        if drawing is None or drawing.height <= self.frame_height - 40 * mm or len(chart.labels) < 2:
            return [drawing]
        half = len(chart.labels) // 2
        pieces: list[Any] = []
        for part in (slice(0, half), slice(half, None)):
            series = [(name, list(values)[part]) for name, values in chart.series]
            pieces += self._chart_pieces(dataclasses.replace(chart, labels=chart.labels[part], series=series), axis_top)
        return pieces

    @property
    def frame_height(self) -> float:
        return float(self.pagesize[1] - self.top_margin - self.bottom_margin)

    def table(self, table: Table) -> list[Flowable]:
        styles = self.styles
        if not table.rows:
            title = Paragraph(escape(shortened(table.title, TITLE_CHARS)), styles["subheading"])
            return [KeepTogether([title, Paragraph(escape(table.empty), styles["body"])])]
        # the title goes with the table's first rows, never alone at a page's foot; a table that fits on a page
        # still starts below the page's other content and carries on over the next page (RowsTable keeps rows
        # together at both ends), rather than leaving the rest of this page empty
        title = Paragraph(escape(shortened(table.title, TITLE_CHARS)), styles["table_title"])
        layout = data_table(table, styles, self.frame_width, page_room=self.frame_height)
        if len(table.rows) <= WHOLE_TABLE_ROWS:
            return [KeepTogether([title, layout])]  # a short table reads as one block
        layout.wrap(self.frame_width, self.frame_height)
        first_rows = sum(layout._rowHeights[: 1 + LEAST_ROWS])
        need = _height(title, self.frame_width, self.frame_height) + first_rows
        return [CondPageBreak(need), title, layout]

    # -- page furniture ------------------------------------------------------------------------------------

    @override
    def _on_first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_marking_band(canvas)
        self._draw_cover_head(canvas)
        self._draw_footer(canvas)

    def _draw_cover_head(self, canvas: Canvas) -> None:
        """The cover's letterhead: the logo large and the school's name beside it in large type."""
        page_width, page_height = self.pagesize
        top = page_height - self.header_top
        band = self.top_margin - self.header_top - 4 * mm
        left, right = self.left_margin, page_width - self.right_margin
        if self._logo is not None:
            pixel_width, pixel_height = self._logo.getSize()
            scale = min(60 * mm / pixel_width, band / pixel_height)
            width, height = pixel_width * scale, pixel_height * scale
            canvas.drawImage(self._logo, left, top - band + (band - height) / 2, width, height, mask="auto")
            left += width + 6 * mm
        name = self._fitted_name(right - left, band)
        _, height = name.wrap(right - left, band)
        name.drawOn(canvas, left, top - band / 2 - height / 2)

    def _fitted_name(self, width: float, height: float) -> Paragraph:
        markup = escape(self.letterhead.school_name)
        size = 24.0
        while True:
            style = ParagraphStyle(f"cover_school_{size}", parent=self.styles["cover_school"], fontSize=size)
            style.leading = size * 1.18
            name = Paragraph(markup, style)
            if name.wrap(width, height)[1] <= height or size <= 9:
                return name
            size -= 1.5

    @override
    def _on_other_pages(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_marking_band(canvas)
        super()._on_other_pages(canvas, doc)

    def _draw_marking_band(self, canvas: Canvas) -> None:
        """The audience's marking, centred in a shaded band across the top of the page."""
        page_width, page_height = self.pagesize
        top = page_height - 8 * mm
        marking = clean_text(self.pack.audience.marking)
        room = page_width - self.left_margin - self.right_margin - 4 * mm
        size = 8.5
        while size > 6.5 and pdfmetrics.stringWidth(marking, FONT_BOLD, size) > room:
            size -= 0.25
        canvas.saveState()
        canvas.setFillColor(SHADE)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(
            self.left_margin, top - MARKING_BAND, page_width - self.left_margin - self.right_margin, MARKING_BAND, 1, 1
        )
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, size)
        canvas.drawCentredString(page_width / 2, top - MARKING_BAND / 2 - size * 0.35, marking)
        canvas.restoreState()


def _height(flowable: Flowable, width: float, room: float) -> float:
    """How tall ``flowable`` is at ``width``, with the space it keeps above and below."""
    return float(flowable.wrap(width, room)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter())
