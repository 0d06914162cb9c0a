"""CSV and XLSX from rows of plain values, safe to open in Excel and ready to hand over.

CSV: cells that Excel would run as a formula (starting with = + - @, or a tab or carriage return before one) are
neutralised with a leading apostrophe, so a hostile handle or comment can never become a command.

XLSX (XlsxWriter): every text is written as a typed text cell, so ``=cmd`` and ``@handle`` show exactly as typed,
never as a formula and with no apostrophe; numbers as numbers; dates as real dates shown dd/mm/yyyy (times in
school time). Each sheet has a title, an "Exported on … by …" line, a bold shaded header row frozen under the
title block, an autofilter, column widths and text wrap from the content, and a landscape A4 print set-up that
fits the width and repeats the header row on every page; each printed page has the sheet's title and page number
in its footer and the note (the governors' marking, CONFIDENTIAL) in its header. :class:`SheetWriter` lays out
sheets of several blocks (the termly pack's workbook); :func:`to_workbook` and :func:`to_xlsx` are the
one-table-a-sheet exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smgov.reports.sheet_rows import ILLEGAL, BulkRowsWorksheet, is_rich_shaped

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook

Cell = str | int | float | dt.date | dt.datetime | None

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCHOOL_TIME = ZoneInfo("Europe/London")  # as smgov.data.calendar.SCHOOL_TIME: times are shown in school time

SHEET_NAME_LIMIT = 31
WIDTH_SAMPLE = 1_000  # rows of a table measured for the column widths
MIN_WIDTH, MAX_WIDTH, MAX_WRAPPED_WIDTH = 8, 40, 60
HEADER_WIDTH_LIMIT = 14  # a longer header wraps (at its spaces) rather than widening a column of short values
DATE_FORMAT, DATETIME_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm"
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def neutralise(value: str) -> str:
    """``'=cmd|...`` instead of ``=cmd|...``: shown as text by Excel and LibreOffice, never evaluated (CSV)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):  # on the school's clock, as in the XLSX, whatever the PC's time zone
        return _school_time(cell).strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, int | float):
        return str(cell)
    return neutralise(cell)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte order mark, so Excel on Windows reads accents and emoji correctly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- XLSX ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: a title block and one table."""

    name: str  # the tab (made legal: 31 characters, no []:*?/\, unique in the workbook)
    title: str  # row 1, bold, larger
    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    wrap: Collection[int] = ()  # columns of long text: wrapped, width capped (about 60)
    note: str = ""  # an extra line under the title (e.g. "Governors' version: ...")


def clean_text(text: str) -> str:
    """``text`` as an XLSX cell can hold it: without control characters (tab and newline kept)."""
    return ILLEGAL.sub("", text) if ILLEGAL.search(text) else text


def sheet_name(wanted: str, taken: Collection[str] = ()) -> str:
    """A legal tab name from ``wanted``: no []:*?/\\, no apostrophe at either end, at most 31 characters, and not
    one of ``taken`` (compared as Excel does, ignoring case): "Incidents (2)" when "Incidents" is taken."""
    name = " ".join(_SHEET_NAME_ILLEGAL.sub(" ", clean_text(wanted)).split()).strip("'").strip()
    name = name[:SHEET_NAME_LIMIT].strip() or "Sheet"
    if name.casefold() == "history":  # Excel keeps this name for itself
        name = "History (sheet)"
    used = {t.casefold() for t in taken}
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = name[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
    return candidate


def _school_time(value: dt.datetime) -> dt.datetime:
    return value.astimezone(SCHOOL_TIME).replace(tzinfo=None) if value.tzinfo is not None else value


def _literal(text: str) -> str:
    """``text`` for XlsxWriter's write_string: it writes a string that starts "<r>" and ends "</r>" into the file
    unescaped, as rich text, so hostile text shaped like that would corrupt the workbook. A space after it keeps it
    text. (Table cells never go this way: sheet_rows.py escapes every one.)"""
    return text + " " if is_rich_shaped(text) else text


def _page_text(text: str, limit: int) -> str:
    """``text`` for a printed page's header or footer: one line, at most ``limit`` characters (Excel holds 255 in
    all), and "&" doubled so that no text can be read as one of Excel's codes (&P, &D, a font...)."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line.replace("&", "&&")


def _width_of(cell: object) -> int:
    if isinstance(cell, str):
        return max(map(len, cell.split("\n"))) if "\n" in cell else len(cell)
    if isinstance(cell, dt.datetime):
        return 16
    if isinstance(cell, dt.date):
        return 10
    if cell is None:
        return 0
    return len(str(cell))


class WorkbookWriter:
    """An XLSX workbook being written: the formats every sheet shares, and its sheets' unique names."""

    def __init__(self, *, exported_by: str, exported_at: dt.datetime | None = None) -> None:
        from xlsxwriter.workbook import Workbook

        at = _school_time(exported_at or dt.datetime.now(dt.UTC))
        self.exported_line = f"Exported on {at:%d/%m/%Y} at {at:%H:%M}" + (
            f" by {clean_text(exported_by)}" if exported_by.strip() else ""
        )
        self._out = io.BytesIO()
        self.book: Workbook = Workbook(
            self._out,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                # every cell top-aligned without a format of its own: a cell with one costs time on 380,000 cells
                "default_format_properties": {"font_name": "Calibri", "font_size": 11, "valign": "top"},
            },
        )
        add = self.book.add_format
        self.title_format = add({"bold": True, "font_size": 14, "valign": "top", "text_wrap": True})
        self.line_format = add({"italic": True, "font_color": "#444444", "valign": "top", "text_wrap": True})
        self.note_format = add({"bold": True, "font_color": "#7A1F1F", "valign": "top", "text_wrap": True})
        self.paragraph_format = add({"valign": "top", "text_wrap": True})
        self.heading_format = add({"bold": True, "font_size": 12})
        self.header_format = add({"bold": True, "bg_color": "#D9E2EC", "bottom": 1, "text_wrap": True, "valign": "top"})
        self.date_format = add({"num_format": DATE_FORMAT, "valign": "top", "align": "left"})
        self.datetime_format = add({"num_format": DATETIME_FORMAT, "valign": "top", "align": "left"})
        self.wrapped_format = add({"valign": "top", "text_wrap": True})
        self._number_formats: dict[str, Format] = {}
        self._sheets: list[SheetWriter] = []

    def number_format(self, pattern: str) -> Format:
        """A top-aligned format showing numbers as ``pattern`` (e.g. "+0;-0;0"), made once per workbook."""
        found = self._number_formats.get(pattern)
        if found is None:
            found = self._number_formats[pattern] = self.book.add_format({"num_format": pattern, "valign": "top"})
        return found

    def sheet(self, name: str, title: str, note: str = "") -> SheetWriter:
        """A new sheet with its title block written (the title, the exported line, ``note``, a blank row)."""
        legal = sheet_name(name, [s.name for s in self._sheets])
        sheet = self.book.add_worksheet(legal, worksheet_class=BulkRowsWorksheet)
        sheet.date_format, sheet.datetime_format = self.date_format, self.datetime_format
        sheet.as_school_time = _school_time
        writer = SheetWriter(self, sheet, legal, title, note)
        self._sheets.append(writer)
        return writer

    def close(self) -> bytes:
        """Finish every sheet (widths, print set-up) and return the workbook's bytes."""
        if not self._sheets:
            self.sheet("Export", "Export").line("Nothing to export.")
        for writer in self._sheets:
            writer.finish()
        self.book.close()
        return self._out.getvalue()


class SheetWriter:
    """One sheet laid out top to bottom: a title block, then headings, lines and tables.

    At most one table is the sheet's ``main`` table: its header row is frozen, repeated on every printed page, and
    carries the autofilter. Widths come from what was written (headers and the first rows of every table); a column
    too wide for 40 characters, or named in a table's ``wrap``, is wrapped. Lines and the title block are merged
    across the used columns and wrapped when the sheet is finished, so the printout (fitted to the page width) never
    cuts them off.
    """

    def __init__(self, workbook: WorkbookWriter, sheet: BulkRowsWorksheet, name: str, title: str, note: str) -> None:
        self.workbook, self.sheet, self.name = workbook, sheet, name
        self.row = 0
        self._widths: dict[int, int] = {}
        self._wrap: set[int] = set()
        self._paragraphs: list[tuple[int, str, Format]] = []
        self._main_header: int | None = None
        self._finished = False
        self._blank_above = True
        self._title, self._note = clean_text(title) or name, clean_text(note)
        self._paragraph(self._title, workbook.title_format)
        self._paragraph(workbook.exported_line, workbook.line_format)
        if note:
            self._paragraph(self._note, workbook.note_format)
        self.skip()

    # -- blocks ------------------------------------------------------------------------------------------------

    def heading(self, text: str) -> None:
        """A bold sub-heading, a blank row above it unless it opens the sheet."""
        if not self._blank_above:
            self.row += 1
        self.sheet.write_string(self.row, 0, _literal(clean_text(text)), self.workbook.heading_format)
        self.row += 1
        self._blank_above = False

    def line(self, text: str) -> None:
        """A line of text (an introduction, a note, "None this term."), wrapped across the sheet's width."""
        self._paragraph(clean_text(text), self.workbook.paragraph_format)

    def skip(self, rows: int = 1) -> None:
        """Leave ``rows`` blank rows."""
        self.row += rows
        self._blank_above = self._blank_above or rows > 0

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        *,
        wrap: Collection[int] = (),
        main: bool = False,
        number_formats: Mapping[int, str] | None = None,
    ) -> int:
        """Write a header row and ``rows`` below it (streamed: rows may be a generator); the number of rows written.

        ``wrap`` names columns of long text. ``main``: freeze the panes under this header, repeat it on every
        printed page and put the autofilter on this table (once per sheet). ``number_formats``: how the numbers of
        a column are shown (e.g. "+0;-0;0" for a change), by column."""
        sheet, formats = self.sheet, self.workbook
        header_row = self.row
        widths = self._widths
        for col, header in enumerate(headers):
            text = clean_text(header)
            sheet.write_string(header_row, col, _literal(text), formats.header_format)
            widest = max((len(word) for word in text.split()), default=0)
            widths[col] = max(widths.get(col, 0), widest, min(len(text), HEADER_WIDTH_LIMIT))
        self._wrap.update(wrap)
        rows = iter(rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))  # the widths, and so the wrapped columns, from these
        for row in sample:
            for col, cell in enumerate(row):
                width = _width_of(cell)
                if width > widths.get(col, 0):
                    widths[col] = width
        columns = {col: formats.wrapped_format for col in range(max(widths, default=0) + 1) if self._wrapped(col)}
        for col, pattern in (number_formats or {}).items():
            columns[col] = formats.number_format(pattern)
        count = sheet.add_rows(header_row + 1, itertools.chain(sample, rows), columns)  # sheet_rows.py
        r = header_row + count
        if main and self._main_header is None:
            self._main_header = header_row
            if headers:
                sheet.autofilter(header_row, 0, r, len(headers) - 1)
            sheet.freeze_panes(header_row + 1, 0)
            sheet.repeat_rows(header_row)
        self.row = r + 1
        self._blank_above = False
        return r - header_row

    # -- finishing -----------------------------------------------------------------------------------------------

    def finish(self) -> None:
        """Column widths and wrapping, the merged title block and lines, and the print set-up (once)."""
        if self._finished:
            return
        self._finished = True
        sheet, formats = self.sheet, self.workbook
        columns = max(self._widths, default=0) + 1
        total = 0.0
        for col in range(columns):
            measured = self._widths.get(col, 0) + 2
            wrapped = self._wrapped(col)
            width = max(MIN_WIDTH, min(measured, MAX_WRAPPED_WIDTH if col in self._wrap else MAX_WIDTH))
            sheet.set_column(col, col, width, formats.wrapped_format if wrapped else None)
            total += width
        for row, text, cell_format in self._paragraphs:
            if columns > 1:
                sheet.merge_range(row, 0, row, columns - 1, "", cell_format)
            sheet.write_string(row, 0, _literal(text), cell_format)
            size = 14 if cell_format is formats.title_format else 11
            lines = sum(math.ceil(max(1, len(part)) * size / 11 * 1.1 / max(total, 1)) for part in text.split("\n"))
            if lines > 1 or size > 11:
                sheet.set_row(row, lines * size * 1.35)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # the width of one page, as many pages long as it takes
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        sheet.hide_gridlines(0)  # gridlines on screen and on paper: a printed table is readable
        # every printed page says what it is and, above it, the sheet's note ("Governors' version: ...",
        # "CONFIDENTIAL: ..."): the title block is printed on the first page only
        if self._note:
            sheet.set_header(f"&C&8 {_page_text(self._note, 120)}")
        sheet.set_footer(f"&L&8 {_page_text(self._title, 90)}&R&8Page &P of &N")

    def _wrapped(self, col: int) -> bool:
        """A column of long text: named in a table's ``wrap`` or measured wider than MAX_WIDTH."""
        return col in self._wrap or self._widths.get(col, 0) + 2 > MAX_WIDTH

    def _paragraph(self, text: str, cell_format: Format) -> None:
        self.sheet.write_string(self.row, 0, _literal(text), cell_format)
        self._paragraphs.append((self.row, text, cell_format))
        self.row += 1
        self._blank_above = False


def to_workbook(sheets: Sequence[Sheet], *, exported_by: str, exported_at: dt.datetime | None = None) -> bytes:
    """A workbook of one table a sheet, each with its title block, frozen header, autofilter and print set-up."""
    workbook = WorkbookWriter(exported_by=exported_by, exported_at=exported_at)
    for spec in sheets:
        writer = workbook.sheet(spec.name, spec.title, spec.note)
        writer.table(spec.headers, spec.rows, wrap=spec.wrap, main=True)
    return workbook.close()


def to_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    sheet_title: str = "Export",
    *,
    title: str = "",
    exported_by: str = "",
    wrap: Collection[int] = (),
    note: str = "",
) -> bytes:
    """A one-sheet workbook (see :func:`to_workbook`); the title defaults to the sheet's name."""
    sheet = Sheet(sheet_title, title or sheet_title, headers, rows, wrap, note)
    return to_workbook([sheet], exported_by=exported_by)
