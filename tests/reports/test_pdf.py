"""The PDF base: escaping, fonts, page templates with "Page N of M", form helpers and fillable fields."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from reportlab.lib.fonts import tt2ps
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, PageBreak, Paragraph

from smgov.reports.pdf import (
    FONT_BOLD,
    FONT_MONO,
    FONT_REGULAR,
    FormField,
    Letterhead,
    PdfDocument,
    escape,
    read_image,
    register_fonts,
    uk_date,
)

PRINTED_ON = date(2026, 11, 22)


def png_bytes(size: tuple[int, int] = (120, 60), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


class SampleForm(PdfDocument):
    """Two pages using every helper: the shape of the forms built on this base."""

    title = "Sample request form"

    def __init__(self, letterhead: Letterhead, *, fillable: bool = False) -> None:
        super().__init__(letterhead, printed_on=PRINTED_ON)
        self.fillable = fillable

    def story(self) -> list[Flowable]:
        styles = self.styles
        return [
            Paragraph("Requester", styles["heading"]),
            self.field_table(
                [
                    ("Name", "Zoë Ŵyn-Łukasz & <Co>"),
                    ("Reasons", "Line one\nLine two, which is long enough to wrap across the value column " * 2),
                    ("URL", FormField("url" if self.fillable else None, height=9 * mm)),
                    ("Notes (by hand)", None),
                ]
            ),
            Paragraph("Decision", styles["heading"]),
            self.checkbox_row(["Approved", "Not approved"], checked={"Approved"}),
            self.signature_block(("Signature", "Date"), weights=(2, 1)),
            PageBreak(),
            Paragraph("Control measures", styles["heading"]),
            Paragraph(escape("Second page body text: <not markup> & more."), styles["body"]),
            FormField("control_measures" if self.fillable else None, height=40 * mm),
            Paragraph(escape("PRAGMA key = \"x'00'\";"), styles["mono"]),
            Paragraph(escape("Small print."), styles["small"]),
        ]


def read(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


# -- escape and friends ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("Fish & Chips <b>bold</b>", "Fish &amp; Chips &lt;b&gt;bold&lt;/b&gt;"),
        ("&amp;", "&amp;amp;"),
        ("one\ntwo", "one<br/>two"),
        ("one\r\ntwo\rthree", "one<br/>two<br/>three"),
        ("tab\tstays", "tab\tstays"),
        ("no\x00nul\x07bell\x1besc\x7fdel\x85nel", "nonulbellescdelnel"),
        ("\"quotes\" and 'apostrophes'", "\"quotes\" and 'apostrophes'"),
        ("Tru\u031bo\u031b\u0300ng", "Trường"),  # combining marks composed: reportlab does no shaping
        ("🎉 Łódź ŵ ŷ ặ", "🎉 Łódź ŵ ŷ ặ"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_escaped_text_survives_a_paragraph_literally() -> None:
    class Doc(PdfDocument):
        title = "Escaping"

        def story(self) -> list[Flowable]:
            return [Paragraph(escape("<b>not bold</b> & <font size=40>x</font>\nnext"), self.styles["body"])]

    text = read(Doc(Letterhead("School")).render()).pages[0].extract_text()
    assert "<b>not bold</b> & <font size=40>x</font>" in text
    assert "next" in text


def test_uk_date() -> None:
    assert uk_date(date(2026, 1, 2)) == "02/01/2026"


def test_fonts_register_once_with_a_bold_family() -> None:
    register_fonts()
    register_fonts()
    registered = pdfmetrics.getRegisteredFontNames()
    assert {FONT_REGULAR, FONT_BOLD, FONT_MONO} <= set(registered)
    assert tt2ps(FONT_REGULAR, 1, 0) == FONT_BOLD  # so <b> in a Paragraph picks the bold face


def test_read_image() -> None:
    assert read_image(None) is None
    assert read_image(b"not an image") is None
    assert read_image(png_bytes()[:40]) is None  # a truncated PNG
    image = read_image(png_bytes((3000, 1500)), max_pixels=600)
    assert image is not None
    assert image.getSize() == (600, 300)


# -- documents ------------------------------------------------------------------------------------------


def test_two_pages_are_numbered_and_carry_the_letterhead() -> None:
    reader = read(SampleForm(Letterhead("Ysgol Gymraeg Llanfair", png_bytes())).render())
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    for text in (first, second):
        assert "Ysgol Gymraeg Llanfair" in text
        assert "Printed 22/11/2026" in text
    assert "Sample request form" in first
    assert "Sample request form" in second  # small, in the header of later pages
    assert "Zoë Ŵyn-Łukasz & <Co>" in first
    assert "Second page body text: <not markup> & more." in second
    assert all(page.images for page in reader.pages)  # the logo on every page


def test_metadata_names_the_document_not_people() -> None:
    reader = read(SampleForm(Letterhead("Zoë's School")).render())
    assert reader.metadata is not None
    assert reader.metadata.title == "Sample request form"
    assert reader.metadata.author == "smgov"
    assert (reader.metadata.creator or "").startswith("smgov")
    assert "Zoë" not in repr(dict(reader.metadata))


def test_fillable_form_has_named_fields() -> None:
    fields = read(SampleForm(Letterhead("School"), fillable=True).render()).get_fields()
    assert fields is not None
    assert {"url", "control_measures"} <= set(fields)


def test_form_without_names_has_no_fields() -> None:
    assert not read(SampleForm(Letterhead("School")).render()).get_fields()


@pytest.mark.parametrize("logo", [None, b"not an image", b"", png_bytes(mode="RGBA"), png_bytes((20, 400))])
def test_any_logo_renders(logo: bytes | None) -> None:
    reader = read(SampleForm(Letterhead("School", logo)).render())
    assert len(reader.pages) == 2
    assert bool(reader.pages[0].images) == (logo is not None and logo.startswith(b"\x89PNG"))


def test_signature_block_fills_the_width_and_checks_its_weights() -> None:
    form = SampleForm(Letterhead("School"))
    block = form.signature_block(("Signature", "Date"), weights=(2, 1))
    assert sum(block._argW) == pytest.approx(form.frame_width)
    with pytest.raises(ValueError, match="one weight per label"):
        form.signature_block(("Signature", "Date"), weights=(1,))


def test_rendering_writes_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(scratch)
    SampleForm(Letterhead("School", png_bytes()), fillable=True).render()
    assert list(scratch.iterdir()) == []


def test_reports_never_import_qt() -> None:
    code = (
        "import sys, smgov.reports.pdf, smgov.reports.emergency_kit; "
        "sys.exit(any(name.split('.')[0] in ('PySide6', 'shiboken6') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
