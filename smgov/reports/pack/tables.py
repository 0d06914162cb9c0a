"""The pack's tables in the PDF: a part's figures against the previous period, and its tables of rows.

Rows repeat their heading on every page; numbers line up on the right; a cell that fits on one line is drawn as plain
text (quick for a table of hundreds of rows) and a longer one wraps. A very long cell is shortened: the workbook
holds the full text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, TableStyle
from reportlab.platypus import Table as LayoutTable
from typing_extensions import override

from smgov.reports.pack.charts import drawing_text, fit_lines
from smgov.reports.pack.model import Figure, Pack, Table, TableCell
from smgov.reports.pack.wording import cell_text, change_of, shortened, shown_text
from smgov.reports.pdf import FONT_BOLD, FONT_REGULAR, RULE, SHADE, clean_text, escape, register_fonts

ACCENT = colors.HexColor("#334E68")
STRIPE = colors.HexColor("#F6F8FA")
CELL_SIZE = 8.0
PADDING = 2 * mm
MAX_CELL_CHARS = 600  # a table in the pack is a summary; the workbook has every character
MAX_CELL_LINES = 30
MIN_COLUMN = 14 * mm
LEAST_ROWS = 3  # a table split over pages keeps at least this many rows on each side (with its heading row)


def figures_table(figures: Sequence[Figure], pack: Pack, styles: StyleSheet1, width: float) -> LayoutTable:
    """A part's figures: this period, the previous one and the change in words ("▲ up 3, worse")."""
    head = styles["cell_head"]
    rows: list[list[Any]] = [
        [
            Paragraph("Figure", head),
            Paragraph(escape(shortened(pack.period.label, 60)), _right(styles, head=True)),
            Paragraph(escape(shortened(pack.previous.label, 60)), _right(styles, head=True)),
            Paragraph("Change", head),
        ]
    ]
    for figure in figures:
        label = escape(shortened(figure.label))
        if figure.detail:
            label += f'<br/><font size="7.5" color="#5F6B7A">{escape(shortened(figure.detail))}</font>'
        change = change_of(figure)
        words = escape(shortened(f"{change.arrow} {change.movement}".strip(), 60))
        if change.verdict:
            words += f", <b>{change.verdict}</b>"
        rows.append(
            [
                Paragraph(label, styles["cell"]),
                Paragraph(escape(shortened(shown_text(figure.value, percent=figure.percent), 60)), _right(styles)),
                Paragraph(escape(shortened(change.previous, 60) or "—"), _right(styles)),
                Paragraph(words or "—", styles["cell"]),
            ]
        )
    table = LayoutTable(
        rows, colWidths=[width * share for share in (0.43, 0.17, 0.17, 0.23)], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(TableStyle(_grid_commands(len(rows))))
    return table


def data_table(table: Table, styles: StyleSheet1, width: float, page_room: float = 0.0) -> LayoutTable:
    """A table of rows, its columns as wide as ``table.widths`` say or as their text needs. Split over pages, it
    keeps :data:`LEAST_ROWS` rows on each side (``page_room``: the height of a whole page's frame, so that rows too
    tall to go together on any page still print)."""
    columns = len(table.headers)
    rows = [[cell_text(cell) for cell in _fitted(row, columns)] for row in table.rows]
    numeric = [
        all(isinstance(row[index], int | float) or row[index] is None for row in table.rows if len(row) > index)
        for index in range(columns)
    ]
    widths = column_widths(table, rows, width, numeric)
    head = styles["cell_head"]
    data: list[list[Any]] = [
        [
            Paragraph(escape(shortened(header, 120)), _right(styles, head=True) if numeric[index] else head)
            for index, header in enumerate(table.headers)
        ]
    ]
    rooms = [share - 2 * PADDING for share in widths]
    data += [[cell_lines(text, room) for text, room in zip(row, rooms, strict=True)] for row in rows]
    layout = RowsTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    layout.page_room = page_room
    commands = _grid_commands(len(data))
    commands += [("ALIGN", (index, 1), (index, -1), "RIGHT") for index in range(columns) if numeric[index]]
    layout.setStyle(TableStyle(commands))
    return layout


class RowsTable(LayoutTable):  # type: ignore[misc]
    """A table that is never split with fewer than :data:`LEAST_ROWS` rows at a page's foot (it moves to the next
    page instead) or at the next page's head (more rows go over with them)."""

    page_room = 0.0

    @override
    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        heads = int(self.repeatRows)
        heights = list(self._rowHeights)
        rows = len(heights) - heads
        first = len(parts[0]._cellvalues) - heads
        if first < LEAST_ROWS and sum(heights[: heads + LEAST_ROWS]) <= self.page_room:
            return []  # too few rows fit here: the whole table starts on the next page
        if rows - first < LEAST_ROWS and rows >= 2 * LEAST_ROWS:
            height = sum(heights[: heads + rows - LEAST_ROWS]) + 0.01
            fewer: list[Any] = super().split(availWidth, height)
            if len(fewer) == 2:
                return fewer
        return parts


def cell_lines(text: str, width: float) -> str:
    """A cell's text wrapped to ``width`` as lines of plain text: a table of hundreds of rows lays out several times
    quicker than with a paragraph in each cell. Long text is shortened (the workbook has all of it)."""
    text = clean_text(text)
    if len(text) <= 40 and "\n" not in text and stringWidth(text, FONT_REGULAR, CELL_SIZE) <= width:
        return drawing_text(text)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS].rstrip() + "…"
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += fit_lines(paragraph, width, size=CELL_SIZE, max_lines=MAX_CELL_LINES)
    if len(lines) > MAX_CELL_LINES:
        lines = [*lines[: MAX_CELL_LINES - 1], "…"]
    return "\n".join(lines)


def column_widths(
    table: Table, rows: Sequence[Sequence[str]], width: float, numeric: Sequence[bool] = ()
) -> list[float]:
    """The columns' widths: as ``table.widths`` share out ``width``, else by the text they hold, up to ``width``."""
    register_fonts()
    numeric = list(numeric) or [False] * len(table.headers)
    columns = len(table.headers)
    pad = 2 * PADDING + 1
    if len(table.widths) == columns and all(share > 0 for share in table.widths):
        total = sum(table.widths)
        # as the shares say, but a heading's longest word is never broken ("Prospect-us")
        heads = [
            max((stringWidth(word, FONT_BOLD, CELL_SIZE) for word in header.split()), default=0.0) + pad
            for header in table.headers
        ]
        return _widened([width * share / total for share in table.widths], heads, width)
    least: list[float] = []  # the longest word: narrower, and a word is broken
    wanted: list[float] = []  # room for most cells on one line
    for index, header in enumerate(table.headers):
        cells = [row[index] for row in rows[:100]]
        words = [word for text in [header, *cells] for word in text.split()]
        longest = max((stringWidth(word, FONT_BOLD, CELL_SIZE) for word in words), default=0.0)
        lengths = sorted(stringWidth(text, FONT_REGULAR, CELL_SIZE) for text in cells)
        typical = lengths[len(lengths) * 9 // 10] if lengths else 0.0  # the 90th percentile: one long cell wraps
        header_line = stringWidth(header, FONT_BOLD, CELL_SIZE)
        least.append(max(MIN_COLUMN, min(longest + pad, width * 0.3)))
        wanted.append(max(least[-1], min(max(typical, header_line) + pad, width * 0.5)))
    total = sum(wanted)
    if total <= width:
        # some of the room left goes to the columns of text; a narrow table stays narrow, its numbers near their names
        spare = min(width - total, total * 0.5)
        texts = [share if not numeric[index] else 0.0 for index, share in enumerate(wanted)]
        if not sum(texts):
            texts = wanted
        return [share + spare * text / sum(texts) for share, text in zip(wanted, texts, strict=True)]
    # as a browser lays out a table: a column that wants less than an equal share of what is left gets all it wants;
    # the columns of long text share the rest in proportion to what they want, never under their longest word
    settled: dict[int, float] = {}
    while len(settled) < columns:
        open_columns = [index for index in range(columns) if index not in settled]
        share = (width - sum(settled.values())) / len(open_columns)
        modest = [index for index in open_columns if wanted[index] <= share]
        if not modest:
            break
        settled.update((index, wanted[index]) for index in modest)
    open_columns = [index for index in range(columns) if index not in settled]
    room = width - sum(settled.values())
    wanting = sum(wanted[index] for index in open_columns)
    for index in open_columns:
        settled[index] = max(least[index], room * wanted[index] / wanting)
    return _widened([settled[index] for index in range(columns)], least, width)


def _widened(widths: Sequence[float], least: Sequence[float], width: float) -> list[float]:
    """``widths`` made to add up to ``width`` with each column at least as wide as ``least`` says: what that takes is
    taken from the room the other columns have beyond their own least. When the least widths do not fit at all,
    every column is made a little narrower."""
    floor = sum(least)
    if floor > width:
        return [share * width / sum(widths) for share in widths]
    widened = [max(share, low) for share, low in zip(widths, least, strict=True)]
    beyond = sum(widened) - floor
    spare = (width - floor) / beyond if beyond else 0.0
    return [low + (share - low) * spare for share, low in zip(widened, least, strict=True)]


def _fitted(row: Sequence[TableCell], columns: int) -> list[TableCell]:
    return [*row[:columns], *[None] * (columns - len(row))]


def _right(styles: StyleSheet1, *, head: bool = False) -> Any:
    return styles["cell_head_right" if head else "cell_number"]


def _grid_commands(row_count: int) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (-1, -1), FONT_REGULAR, CELL_SIZE, CELL_SIZE + 2),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 1, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
    if row_count > 3:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]))
    return commands
