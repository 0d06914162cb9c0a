"""The termly pack's PDF: a cover, the summary with changes in words, one part per area, the audience's marking on
every page, greyscale-safe charts (hidden small values drawn as "<5"), and hostile or empty packs that still print."""

from __future__ import annotations

import dataclasses
import io

import pypdf
import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from smgov.reports.pack import charts
from smgov.reports.pack.model import FEWER_THAN_5, Audience, Chart, Figure, Table
from smgov.reports.pack.pdf import PackPdf, pack_pdf
from smgov.reports.pack.tables import CELL_SIZE, LEAST_ROWS, PADDING, RowsTable, column_widths, data_table
from smgov.reports.pack.wording import cell_text, change_of
from smgov.reports.pdf import FONT_BOLD, FONT_REGULAR
from tests.reports import pack_samples
from tests.reports.pack_samples import HOSTILE, SEAL, empty_pack, governors_pack, hostile_pack, sample_pack


def pages_of(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture(scope="module")
def slt_pages() -> list[str]:
    return pages_of(pack_pdf(sample_pack()))


@pytest.fixture(scope="module")
def governors_pages() -> list[str]:
    return pages_of(pack_pdf(governors_pack()))


def test_the_slt_pack_has_a_cover_a_summary_and_every_part(slt_pages: list[str]) -> None:
    pack = sample_pack()
    assert 5 <= len(slt_pages) <= 12
    cover, summary = slt_pages[0], slt_pages[1]
    for expected in (pack.school_name, pack.title, "Autumn term 2026", "01/09/2026 to 31/12/2026", pack.period.note):
        assert expected in cover
    assert "For the Senior Leadership Team" in cover
    assert "Prepared by Jane Smith, School business manager on 06/01/2027" in cover
    assert f"Audit seal {SEAL}" in cover
    assert "Summary" in summary and "Actions needed" in summary
    for number, action in enumerate(pack.actions, start=1):
        assert f"{number}. {action}" in summary
    text = " ".join(slt_pages)
    for number, part in enumerate(pack.parts, start=1):
        assert f"{number} {part.title}" in text
        for chart in part.charts:
            assert chart.title in text
        for table in part.tables:
            assert table.title in text
    assert "INC-2026-031" in text and "02/10/2026" in text  # a table's rows, dates as the school writes them
    assert "J.S. (Year 5)" in text  # the SLT version may hold initials


def test_every_page_carries_the_marking_the_printed_date_the_seal_and_its_number(
    slt_pages: list[str], governors_pages: list[str]
) -> None:
    for pages, audience in ((slt_pages, Audience.SLT), (governors_pages, Audience.GOVERNORS)):
        for number, page in enumerate(pages, start=1):
            assert " ".join(audience.marking.split()) in page, f"page {number} of the {audience} pack"
            assert "Printed 06/01/2027" in page
            assert f"Audit seal {SEAL}" in page
            assert f"Page {number} of {len(pages)}" in page


def test_the_governors_pack_says_whom_it_is_for_and_hides_small_values_as_fewer_than_5(
    governors_pages: list[str],
) -> None:
    assert "For governors" in governors_pages[0]
    assert "Prepared by School business manager" in governors_pages[0]
    text = " ".join(governors_pages)
    assert "Senior Leadership Team" not in text
    assert "fewer than 5" in governors_pages[1]  # a suppressed key figure, as the pack holds it
    assert "was fewer than 5" in governors_pages[1]  # and the previous one, with no change worked out
    assert "<5" in text and charts.SMALL_NOTE in text  # hatched bars of the charts, explained under each


def test_a_chart_of_hidden_values_only_still_draws_and_explains_them() -> None:
    hidden = Chart("Police referrals", ["Autumn", "Spring"], [("This year", [None, None]), ("Last year", [None, 0])])
    pack = governors_pack()
    part = dataclasses.replace(pack.parts[0], charts=[hidden])
    text = " ".join(pages_of(pack_pdf(dataclasses.replace(pack, parts=[part]))))
    assert "Police referrals" in text and charts.NOTHING_TO_CHART not in text
    assert text.count("<5") >= 3 and charts.SMALL_NOTE in text


def test_the_summary_says_each_change_in_words_not_only_colour(slt_pages: list[str]) -> None:
    summary = slt_pages[1]
    assert "▲ up 5 from 9" in summary
    assert "▼ down 2 from 4, better" in summary
    assert "no change from 3" in summary
    assert "▲ up 5.5 points from 82%, better" in summary
    assert "87.5%" in summary


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (Figure("Late", 3, 5, -2, good_when="down"), "▼ down 2 from 5, better"),
        (Figure("Late", 7, 5, 2, good_when="down"), "▲ up 2 from 5, worse"),
        (Figure("Logged", 7, 5, 2), "▲ up 2 from 5"),
        (Figure("Logged", 5, 5, 0, good_when="up"), "no change from 5"),
        (Figure("Logged", 12, FEWER_THAN_5, None), "was fewer than 5"),
        (Figure("Returned", 80.0, 81.0, -1.0, percent=True, good_when="up"), "▼ down 1 point from 81%, worse"),
        (Figure("Logged", 1204, None), ""),
        (Figure("Within the rule", 81.8, "—", None, percent=True), ""),  # no figure last term: not "was —"
    ],
)
def test_a_change_reads_as_words(figure: Figure, expected: str) -> None:
    assert change_of(figure).text == expected


def test_an_empty_pack_prints_what_is_not_there() -> None:
    pack = empty_pack()
    pages = pages_of(pack_pdf(pack))
    text = " ".join(pages)
    chart_count = sum(len(part.charts) for part in pack.parts)
    assert text.count(charts.NOTHING_TO_CHART) == chart_count
    for part in pack.parts:
        for table in part.tables:
            assert table.empty in text
    assert "Nothing needs action." in pages[1]
    assert "No key figures for this period." in pages[1]
    assert "Audit seal" not in text  # no seal: nothing claims one
    assert len(pages) <= 8


def test_hostile_text_prints_as_typed_and_keeps_the_layout() -> None:
    pdf = pack_pdf(hostile_pack())
    pages = pages_of(pdf)
    text = " ".join(pages)
    assert 3 < len(pages) < 40  # three texts of 10,000 characters print in full, over a few pages each
    assert "<b>Bold</b> &" in text  # markup printed as text, never applied
    assert "=cmd|' /C calc'!A0" in text
    assert "…" in text  # the 10,000-character cell and 300-character labels were shortened
    assert "(continued)" in text  # a chart of 80 categories, too tall for a page, drawn in pieces
    assert all("Governors' version" in page for page in pages)


def test_a_damaged_logo_or_none_does_not_stop_the_pack() -> None:
    for logo in (b"\x89PNG not really", None, b""):
        pages = pages_of(pack_pdf(dataclasses.replace(sample_pack(), logo=logo)))
        assert pack_samples.SCHOOL in pages[0]


def test_the_footer_stays_readable_with_a_long_period_and_the_seal() -> None:
    pack = dataclasses.replace(
        sample_pack(), period=dataclasses.replace(pack_samples.AUTUMN, label="01/09/2026 to 31/08/2027 " * 4)
    )
    document = PackPdf(pack)
    room = document.pagesize[0] - document.left_margin - document.right_margin - 30 * mm
    assert stringWidth(document.footer_note, FONT_REGULAR, 6.5) <= room
    assert SEAL in document.footer_note


def test_a_chart_with_nothing_in_it_is_not_drawn_and_others_fit_their_width() -> None:
    assert charts.chart_drawing(Chart("Empty", ["A", "B"], [("This term", [0, 0])]), 400) is None
    assert charts.chart_drawing(Chart("No labels", [], []), 400) is None
    long_labels = Chart("By category", ["word " * 60, HOSTILE], [("This term", [3, None])], kind="hbar")
    drawing = charts.chart_drawing(long_labels, 480)
    assert drawing is not None and drawing.width == 480
    assert charts.chart_drawing(dataclasses.replace(long_labels, kind="stacked"), 480) is not None


def test_axis_steps_are_whole_numbers_from_nought() -> None:
    assert charts.nice_axis(0) == (1, 1)
    assert charts.nice_axis(6) == (6, 1)
    assert charts.nice_axis(7) == (8, 2)
    assert charts.nice_axis(38) == (40, 10)
    assert charts.nice_axis(1234) == (1500, 500)


def test_labels_are_wrapped_and_shortened_to_their_room() -> None:
    lines = charts.fit_lines("Privacy breach (photo or personal data) " * 5, 80, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(stringWidth(line, FONT_REGULAR, charts.LABEL_SIZE) <= 80 for line in lines)
    assert charts.fit_lines("x" * 500, 50, max_lines=3)[0] == "x" * len(charts.fit_lines("x" * 500, 50)[0])
    assert charts.fit_lines("\u202eevil\u200f", 200) == ["evil"]  # no invisible controls printed as boxes


def test_table_columns_fill_no_more_than_the_page() -> None:
    table = pack_samples.large_pack(rows=20).parts[0].tables[0]
    rows = [[cell_text(cell) for cell in row] for row in table.rows]
    widths = column_widths(table, rows, 480)
    assert sum(widths) == pytest.approx(480)
    assert widths[3] == max(widths)  # the summary, the longest text, has the most room


def test_a_heading_word_is_never_broken_even_in_a_table_of_given_shares() -> None:
    headers = ["Year group", "Pupils", "Forms returned", *[f"Purpose {n}" for n in range(5)], "Prospectus and print"]
    table = Table("Consent by year group", headers, [["Year 1", *[500] * 8]], widths=(1.2, 0.8, *[1.0] * 7))
    widths = column_widths(table, [[cell_text(cell) for cell in table.rows[0]]], 480)
    assert sum(widths) == pytest.approx(480)
    word = stringWidth("Prospectus", FONT_BOLD, CELL_SIZE) + 2 * PADDING
    assert widths[-1] >= word  # its shares alone would give it 480 / 9.8 = 49 pt, under the word's 61
    assert widths[0] > widths[2]  # the shares still count where there is room


def _rows_table(rows: int) -> RowsTable:
    table = Table("Late responses", ["Reference", "Category"], [[f"INC-{n:03}", "Cyberbullying"] for n in range(rows)])
    layout = data_table(table, PackPdf(sample_pack()).styles, 480, page_room=700)
    assert isinstance(layout, RowsTable)
    layout.wrap(480, 700)
    return layout


def test_a_table_split_over_pages_never_leaves_a_row_or_two_alone() -> None:
    layout = _rows_table(31)
    heights = layout._rowHeights
    all_but_one = sum(heights[:-1]) + 0.5  # room for the heading row and 30 of the 31 rows
    first, rest = layout.split(480, all_but_one)
    assert len(rest._cellvalues) - 1 >= LEAST_ROWS  # the next page has 3 rows under its repeated heading, not 1
    assert len(first._cellvalues) - 1 + len(rest._cellvalues) - 1 == 31
    room_for_two = sum(heights[:3]) + 0.5  # at a page's foot: the heading row and two rows
    assert layout.split(480, room_for_two) == []  # the table starts on the next page instead
    assert len(layout.split(480, sum(heights[: 1 + LEAST_ROWS]) + 0.5)) == 2


def test_a_long_table_starts_under_the_page_content_and_its_title_goes_with_its_rows() -> None:
    pack = sample_pack()
    rows = [[f"INC-2026-{n:03}", "Cyberbullying", "Open"] for n in range(30)]  # a page's worth: it fits on one
    table = Table("Every incident this term", ["Reference", "Category", "Status"], rows)
    part = dataclasses.replace(pack.parts[0], charts=(), tables=[table], notes=())
    pages = pages_of(pack_pdf(dataclasses.replace(pack, parts=[part, *pack.parts[1:]])))
    titled = [page for page in pages if table.title in page]
    assert len(titled) == 1
    assert f"1 {part.title}" in titled[0]  # under the part's figures: not moved whole to a page of its own
    assert all(f"INC-2026-{n:03}" in titled[0] for n in range(LEAST_ROWS))  # the title is never alone at the foot
    for page in pages:  # every page the table is on holds at least three of its rows
        held = sum(f"INC-2026-{n:03}" in page for n in range(30))
        assert held == 0 or held >= LEAST_ROWS


def test_hidden_bars_of_two_periods_are_told_apart() -> None:
    """A governor reads the legend: the hatched '<5' bars keep a tint of their period's colour."""
    from reportlab.graphics.shapes import Rect

    chart = Chart("By category", ["A", "B"], [("This term", [None, 12]), ("Last term", [None, 9])])
    drawing = charts.chart_drawing(chart, 400)
    assert drawing is not None
    fills = set()

    def walk(node: object) -> None:
        for child in getattr(node, "contents", []):
            walk(child)
        if isinstance(node, Rect) and getattr(node, "strokeWidth", 0) == 0.8:  # a hidden bar's outline
            fills.add(node.fillColor.hexval())

    walk(drawing)
    assert len(fills) == 2, fills


@pytest.mark.parametrize("audience", list(Audience))
def test_the_footer_gives_a_period_so_far_whole_and_a_parts_figures_stay_on_one_page(audience: Audience) -> None:
    so_far = dataclasses.replace(pack_samples.AUTUMN, label="Academic year 2026–27 so far")
    pack = dataclasses.replace(sample_pack(audience), period=so_far)
    pages = pages_of(pack_pdf(pack))
    for number, page in enumerate(pages, start=1):
        assert "· Academic year 2026–27 so far ·" in " ".join(page.split()), f"page {number}"
    flat = [" ".join(page.split()) for page in pages]
    for part in pack.parts:
        if part.figures and part.intro:
            opening = " ".join(part.intro.split()[:6])
            first = [n for n, page in enumerate(flat) if opening in page]
            holding = [n for n, page in enumerate(flat) if part.figures[-1].label in page]
            assert first and holding and holding[0] == first[0], part.title  # heading and its figures together
