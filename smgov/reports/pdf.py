"""The base every smgov PDF is built on: fonts, escaping, letterhead, page templates and form helpers.

A document is a subclass of :class:`PdfDocument` that sets ``title`` and returns its flowables from
:meth:`PdfDocument.story`; :meth:`PdfDocument.render` returns the PDF as bytes, in memory only::

    class AccessRequestForm(PdfDocument):
        title = "Blocked content access request"

        def story(self) -> list[Flowable]:
            return [self.field_table([("Name", record.requester_name), ("URL", None)]), self.signature_block()]

    pdf_bytes = AccessRequestForm(Letterhead("Spixworth School")).render()

User text is always passed through :func:`escape` before it enters a ``Paragraph`` (the helpers here do it
for the strings they are given). All text uses the bundled DejaVu fonts, so any European or Vietnamese
name prints; characters the font lacks (emoji) print as a placeholder box.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from typing_extensions import override

import smgov.resources as resources
from smgov import __version__
from smgov.reports.fitting import fit_text

FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_MONO = "DejaVuSansMono"

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#9AA5B1")
SHADE = colors.HexColor("#EEF1F4")
SHADE_RULE = colors.HexColor("#B8C2CC")  # faint lines and words: the space left for a school's name

_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the bundled DejaVu fonts with reportlab, once per process (safe to call again)."""
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        for name, file in (
            (FONT_REGULAR, "fonts/DejaVuSans.ttf"),
            (FONT_BOLD, "fonts/DejaVuSans-Bold.ttf"),
            (FONT_MONO, "fonts/DejaVuSansMono.ttf"),
        ):
            pdfmetrics.registerFont(TTFont(name, str(resources.path(file))))
        # No italic faces are bundled: <i> falls back to upright rather than failing.
        pdfmetrics.registerFontFamily(
            FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_REGULAR, boldItalic=FONT_BOLD
        )
        pdfmetrics.registerFontFamily(
            FONT_MONO, normal=FONT_MONO, bold=FONT_MONO, italic=FONT_MONO, boldItalic=FONT_MONO
        )
        _fonts_registered = True


# C0/C1 controls (except tab and newline), lone surrogates and non-characters break reportlab or the PDF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with line endings made ``\\n``, unprintable control characters removed, and NFC-composed
    (reportlab does no shaping, so "ờ" must be one character). For text drawn straight on a canvas."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _UNPRINTABLE.sub("", text))


def escape(text: str) -> str:
    """Make user text safe for a reportlab ``Paragraph``: markup characters escaped, newlines as ``<br/>``."""
    text = clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


def uk_date(value: date) -> str:
    """A date as the school writes it: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def read_image(data: bytes | None, *, max_pixels: int = 1600) -> ImageReader | None:
    """An image reader for PNG or JPEG bytes, shrunk to at most ``max_pixels`` a side; None if unreadable.

    Never raises for bad input: a broken logo or screenshot must not stop a form from printing.
    """
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            has_alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
            picture = opened.convert("RGBA" if has_alpha else "RGB")
        picture.thumbnail((max_pixels, max_pixels))
        return ImageReader(picture)
    except Exception:  # noqa: BLE001 - Pillow raises many types (DecompressionBomb* too) for hostile or damaged files
        return None


def stylesheet() -> StyleSheet1:
    """The named paragraph styles: title, heading, body, small, label, mono (plus header styles)."""
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("body", fontName=FONT_REGULAR, fontSize=10, leading=13.5, textColor=INK)
    sheet.add(base)
    sheet.add(ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=24, spaceAfter=3 * mm))
    sheet.add(
        ParagraphStyle(
            "heading",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=14,
            spaceBefore=3 * mm,
            spaceAfter=1.2 * mm,
            keepWithNext=1,
        )
    )
    sheet.add(ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED))
    sheet.add(ParagraphStyle("label", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5))
    sheet.add(ParagraphStyle("mono", parent=base, fontName=FONT_MONO, fontSize=9, leading=12))
    sheet.add(ParagraphStyle("header_name", parent=base, fontName=FONT_BOLD, fontSize=14, leading=17))
    sheet.add(ParagraphStyle("header_title", parent=base, fontSize=9, leading=11, textColor=MUTED, alignment=TA_RIGHT))
    return sheet


@dataclass(frozen=True)
class Letterhead:
    """What heads every page: the school's name and, optionally, its logo (PNG or JPEG bytes)."""

    school_name: str
    logo: bytes | None = None


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A canvas that holds pages back until the end so it can write "Page N of M" on each."""

    def __init__(self, *args: Any, page_label: tuple[float, float, float] = (0.0, 0.0, 8.0), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_label = page_label  # where "Page N of M" ends (x, y) and its type size
        self._saved_page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        page_count = len(self._saved_page_states)
        for state in self._saved_page_states:
            self.__dict__.update(state)
            self._draw_page_label(page_count)
            super().showPage()
        super().save()

    def _draw_page_label(self, page_count: int) -> None:
        self.saveState()
        x, y, size = self._page_label
        self.setFont(FONT_REGULAR, size)
        self.setFillColor(MUTED)
        self.drawRightString(x, y, f"Page {self._pageNumber} of {page_count}")
        self.restoreState()


class FormField(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A box to write in by hand; given a ``name``, also a fillable PDF text field of that name.

    Takes the full available width unless ``width`` is given. Fillable fields use Helvetica for what is
    typed into them (PDF form fields only support the standard fonts), so they suit blank forms.
    """

    def __init__(
        self,
        name: str | None = None,
        *,
        height: float = 10 * mm,
        width: float | None = None,
        multiline: bool | None = None,
        tooltip: str | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.height = height
        self._fixed_width = width
        self.width = width or 0.0
        self.multiline = height > 12 * mm if multiline is None else multiline
        self.tooltip = tooltip

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = self._fixed_width or availWidth
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()
        if self.name:
            canvas.acroForm.textfield(
                name=self.name,
                tooltip=clean_text(self.tooltip or self.name),
                x=1,
                y=1,
                width=self.width - 2,
                height=self.height - 2,
                relative=True,
                borderWidth=0,
                borderColor=None,
                fillColor=None,
                textColor=colors.black,
                fontName="Helvetica",
                fontSize=10,
                maxlen=0,
                fieldFlags="multiline" if self.multiline else "",
            )


class TickBox(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """The one tick box of every form: a drawn square (no ballot-box glyph needed), ticked if ``checked``. Given a
    ``name`` and not ticked, it is also one button, ``value``, of the fillable radio group ``name`` (only one of Yes
    and No can be chosen on screen); a ticked box is a record, drawn ticked and never fillable."""

    def __init__(
        self,
        checked: bool = False,
        *,
        name: str | None = None,
        value: str = "Yes",
        tooltip: str = "",
        size: float = 4.6 * mm,
    ) -> None:
        super().__init__()
        self.checked, self.name, self.value, self.tooltip = checked, name, value, tooltip
        self.width = self.height = size

    @override
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    @override
    def draw(self) -> None:
        canvas, size = self.canv, self.width
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        canvas.rect(0, 0, size, size, stroke=1, fill=0)
        if self.checked:
            canvas.setLineWidth(1.4)
            tick = canvas.beginPath()
            tick.moveTo(size * 0.2, size * 0.5)
            tick.lineTo(size * 0.42, size * 0.22)
            tick.lineTo(size * 0.82, size * 0.8)
            canvas.drawPath(tick, stroke=1, fill=0)
        canvas.restoreState()
        if self.name and not self.checked:
            canvas.acroForm.radio(
                name=self.name,
                value=self.value,
                selected=False,
                buttonStyle="check",
                shape="square",
                size=size,
                x=0,
                y=0,
                relative=True,
                borderWidth=0,
                borderColor=None,
                fillColor=None,
                textColor=colors.black,
                tooltip=clean_text(self.tooltip or f"{self.name}: {self.value}"),
                fieldFlags="radio",
            )


Checkbox = TickBox  # its former name, for printed lists ticked by hand


class PdfDocument:
    """Base class of every smgov PDF (after pretix's invoice renderer).

    Subclasses set ``title`` (also the PDF metadata title, so never a person's name) and implement
    :meth:`story`. Page 1 uses the ``FirstPage`` template (letterhead, then the title in large type);
    later pages use ``OtherPages`` (letterhead with the title small on the right). Every page has a footer
    with :attr:`footer_note` and "Page N of M".
    """

    title: str = "Document"
    pagesize: tuple[float, float] = A4
    left_margin: float = 20 * mm
    right_margin: float = 20 * mm
    top_margin: float = 37 * mm
    bottom_margin: float = 20 * mm
    header_top: float = 12 * mm  # from the top edge of the page to the top of the logo band
    logo_max_height: float = 18 * mm
    logo_max_width: float = 50 * mm
    footer_baseline: float = 10 * mm  # from the bottom edge of the page
    footer_size: float = 8.0  # the footer's type size
    smallest_text: float = 6.0  # the least size a long footer or school name is shrunk to (forms: 9)

    def __init__(self, letterhead: Letterhead, *, printed_on: date | None = None) -> None:
        register_fonts()
        self.letterhead = letterhead
        self.printed_on = printed_on or date.today()
        self.styles = stylesheet()
        self._logo = read_image(letterhead.logo, max_pixels=600)

    @property
    def footer_note(self) -> str:
        """The text at the bottom left of every page."""
        return f"Printed {uk_date(self.printed_on)}"

    @property
    def frame_width(self) -> float:
        """The width flowables have to fill."""
        return self.pagesize[0] - self.left_margin - self.right_margin

    def story(self) -> list[Flowable]:
        """The document's content, after the title; implemented by each document."""
        raise NotImplementedError

    def render(self) -> bytes:
        """The finished PDF."""
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=clean_text(self.title),
            author="smgov",
            creator=f"smgov {__version__}",
            subject="",
            keywords="",
        )
        doc.addPageTemplates(
            [
                PageTemplate(
                    id="FirstPage", frames=[self._frame(doc)], onPage=self._on_first_page, pagesize=self.pagesize
                ),
                PageTemplate(
                    id="OtherPages", frames=[self._frame(doc)], onPage=self._on_other_pages, pagesize=self.pagesize
                ),
            ]
        )
        story = [NextPageTemplate("OtherPages"), Paragraph(escape(self.title), self.styles["title"])]
        story.extend(self.story())
        page_label = (self.pagesize[0] - self.right_margin, self.footer_baseline, self.footer_size)
        canvasmaker = functools.partial(NumberedCanvas, page_label=page_label)
        doc.build(story, canvasmaker=canvasmaker)
        return buffer.getvalue()

    # -- helpers for forms -------------------------------------------------------------------------------

    def field_table(
        self,
        rows: Sequence[tuple[str, str | Flowable | None]],
        *,
        label_width: float = 50 * mm,
        blank_height: float = 10 * mm,
    ) -> Table:
        """A two-column table of labels and values; the values wrap.

        A value may be text (escaped here), a flowable (e.g. a :class:`FormField`, which then fills its
        cell) or None for an empty box ``blank_height`` high, to be filled in by hand.
        """
        data: list[list[Any]] = []
        heights: list[float | None] = []
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, RULE),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * mm),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ]
        for index, (label, value) in enumerate(rows):
            cell: Any
            if value is None:
                cell, height = "", blank_height
            elif isinstance(value, str):
                cell, height = Paragraph(escape(value), self.styles["body"]), None
            else:
                cell, height = value, None
            if isinstance(value, FormField):
                commands.extend(
                    (padding, (1, index), (1, index), 0)
                    for padding in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")
                )
            data.append([Paragraph(escape(label), self.styles["label"]), cell])
            heights.append(height)
        table = Table(
            data,
            colWidths=[label_width, self.frame_width - label_width],
            rowHeights=heights,
            hAlign="LEFT",
            splitInRow=1,  # a value too long for the page carries on over the next, rather than failing to print
        )
        table.setStyle(TableStyle(commands))
        return table

    def signature_block(
        self,
        labels: Sequence[str] = ("Signature", "Date"),
        *,
        weights: Sequence[float] | None = None,
        height: float = 12 * mm,
        width: float | None = None,
    ) -> Table:
        """One row of "Label ______" pairs to sign and date by hand, ``width`` wide (the frame's by default);
        ``weights`` share out the lines (equal by default)."""
        weights = list(weights) if weights is not None else [1.0] * len(labels)
        if len(weights) != len(labels):
            raise ValueError("one weight per label")
        style = self.styles["label"]
        gap = 3 * mm
        label_widths = [pdfmetrics.stringWidth(label, style.fontName, style.fontSize) + gap for label in labels]
        spare = (width or self.frame_width) - sum(label_widths) - gap * (len(labels) - 1)
        widths: list[float] = []
        cells: list[Any] = []
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
        total = sum(weights)
        for index, (label, label_width, weight) in enumerate(zip(labels, label_widths, weights, strict=True)):
            if index:
                cells.append("")  # a gap, so a line does not run into the next label
                widths.append(gap)
            line_column = len(cells) + 1
            cells += [Paragraph(escape(label), style), ""]
            widths += [label_width, spare * weight / total]
            commands.append(("LINEBELOW", (line_column, 0), (line_column, 0), 0.6, INK))
        table = Table([cells], colWidths=widths, rowHeights=[height], hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table

    def checkbox_row(
        self, options: Sequence[str], *, checked: Collection[str] = (), name: str | None = None, tooltip: str = ""
    ) -> Table:
        """Options side by side, each with a drawn :class:`TickBox`: ☐ Approved  ☐ Not approved; those in
        ``checked`` are ticked. Given a ``name`` and nothing ticked, the boxes are one fillable radio group of that
        name (one value per option), so the choice can still be made on screen."""
        style = self.styles["body"]
        fillable = name if not any(option in checked for option in options) else None
        cells: list[Any] = []
        widths: list[float] = []
        for option in options:
            box = TickBox(option in checked, name=fillable, value=option, tooltip=f"{tooltip or name}: {option}")
            cells += [box, Paragraph(escape(option), style)]
            widths += [7 * mm, pdfmetrics.stringWidth(option, style.fontName, style.fontSize) + 9 * mm]
        table = Table([cells], colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    # -- page furniture ----------------------------------------------------------------------------------

    def _frame(self, doc: BaseDocTemplate) -> Frame:
        return Frame(
            doc.leftMargin,
            doc.bottomMargin,
            doc.width,
            doc.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="normal",
        )

    def _on_first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_letterhead(canvas, with_title=False)
        self._draw_footer(canvas)

    def _on_other_pages(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_letterhead(canvas, with_title=True)
        self._draw_footer(canvas)

    def _draw_letterhead(self, canvas: Canvas, *, with_title: bool) -> None:
        page_width, page_height = self.pagesize
        band_top = page_height - self.header_top
        band = self.logo_max_height
        left, right = self.left_margin, page_width - self.right_margin
        canvas.saveState()
        if self._logo is not None:
            pixel_width, pixel_height = self._logo.getSize()
            scale = min(self.logo_max_width / pixel_width, band / pixel_height)
            width, height = pixel_width * scale, pixel_height * scale
            canvas.drawImage(self._logo, left, band_top - band + (band - height) / 2, width, height, mask="auto")
            left += width + 5 * mm
        if with_title:
            style = self.styles["header_title"]
            title_width = min(60 * mm, pdfmetrics.stringWidth(clean_text(self.title), FONT_REGULAR, style.fontSize) + 1)
            title = fit_text(self.title, style, title_width, band, min_size=max(7, self.smallest_text))
            _, title_height = title.wrap(title_width, band)
            title.drawOn(canvas, right - title_width, band_top - band / 2 - title_height / 2)
            right -= title_width + 5 * mm
        if not clean_text(self.letterhead.school_name).strip() and self._logo is None:
            self._draw_letterhead_space(canvas, self.left_margin, band_top - band, right - self.left_margin, band)
            canvas.restoreState()
            return
        name = fit_text(
            self.letterhead.school_name,
            self.styles["header_name"],
            right - left,
            band,
            min_size=max(7, self.smallest_text),
        )
        _, name_height = name.wrap(right - left, band)
        name.drawOn(canvas, left, band_top - band / 2 - name_height / 2)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        rule_y = band_top - band - 3 * mm
        canvas.line(self.left_margin, rule_y, page_width - self.right_margin, rule_y)
        canvas.restoreState()

    def _draw_letterhead_space(self, canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
        """No school (no workspace open): a faint box to write or stamp the school's name in, not a bare rule."""
        canvas.setStrokeColor(SHADE_RULE)
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 2)
        canvas.roundRect(x, y, width, height, 1.5 * mm, stroke=1, fill=0)
        canvas.setDash()
        canvas.setFillColor(RULE)
        canvas.setFont(FONT_REGULAR, 9)
        canvas.drawString(x + 2.5 * mm, y + height - 2 * mm - 7, "School name")

    def _draw_footer(self, canvas: Canvas) -> None:
        page_width = self.pagesize[0]
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        rule_y = self.footer_baseline + 4 * mm
        canvas.line(self.left_margin, rule_y, page_width - self.right_margin, rule_y)
        note = clean_text(self.footer_note)
        room = page_width - self.left_margin - self.right_margin - 30 * mm  # "Page N of M" is on the right
        size = self.footer_size
        while size > self.smallest_text and pdfmetrics.stringWidth(note, FONT_REGULAR, size) > room:
            size -= 0.25  # a long note (a reference, a date and an audit seal) is set smaller, never under the page
        canvas.setFont(FONT_REGULAR, size)
        canvas.setFillColor(MUTED)
        canvas.drawString(self.left_margin, self.footer_baseline, note)
        canvas.restoreState()
