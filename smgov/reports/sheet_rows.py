"""A worksheet that writes a table's rows in one pass: the large exports' hot path (20,000 incidents ≤ 2 s).

XlsxWriter keeps every cell as a small object and writes each through several calls when the workbook is saved:
about 5 µs a cell, 2 s for the incident log's 380,000. :class:`BulkRowsWorksheet` turns a table's rows into their
XML as they come (one pass, a row a string) and writes those strings when XlsxWriter writes the sheet's data.
Everything else (titles, headers, formats, merged cells, widths, the autofilter, frozen panes, print set-up) is still
XlsxWriter's, and rows outside the blocks are written by XlsxWriter as usual, in order around them.

Cells are written as Excel reads them: text as typed text (never a formula) in the workbook's shared strings, which
XlsxWriter escapes when it writes them (Excel's ``_xHHHH_`` escapes kept literal), except text shaped like
XlsxWriter's rich strings ("<r>...</r>", which it would write into the file unescaped): that goes inline, escaped
here. Numbers are numbers; dates and times are day numbers with the date formats given, times on the school's
clock. A cell without a format of its own takes its column's (the wrapped columns), as XlsxWriter does for the
cells it writes. Text loses the characters XML cannot hold and is cut at Excel's 32,767 characters.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

XLSX_CELL_LIMIT = 32_767  # Excel holds at most this many characters (UTF-16 units) in a cell
_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_DAY = dt.timedelta(days=1)
_FIRST_SAFE_YEAR = 1900  # Excel's day numbers are wrong before March 1900: earlier dates are written as text
# XML cannot hold these (control characters other than tab, newline and carriage return; lone surrogates)
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_SHORT = XLSX_CELL_LIMIT // 2  # text no longer than this is within Excel's limit whatever its characters
_EXCEL_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_")  # Excel would read "_x0041_" as "A": made literal as XlsxWriter does


def legal_text(text: str) -> str:
    """``text`` as an XLSX cell holds it: without characters XML cannot hold, at most 32,767 UTF-16 units."""
    if ILLEGAL.search(text):
        text = ILLEGAL.sub("", text)
    if len(text) > _SHORT and len(text.encode("utf-16-le")) // 2 > XLSX_CELL_LIMIT:
        text = text.encode("utf-16-le")[: XLSX_CELL_LIMIT * 2].decode("utf-16-le", "ignore")
    return text


def is_rich_shaped(text: str) -> bool:
    """True for text XlsxWriter would take for rich text and write unescaped."""
    return text.startswith("<r>") and text.endswith("</r>")


def _inline(text: str) -> str:
    text = _EXCEL_ESCAPE.sub(lambda m: "_x005F" + m.group(0), text).translate(_ESCAPE)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'"inlineStr"><is><t{space}>{text}</t></is></c>'


class BulkRowsWorksheet(Worksheet):  # type: ignore[misc]  # XlsxWriter's classes are only partly typed
    """A worksheet with blocks of rows written in one pass (see the module docstring). Set ``date_format``,
    ``datetime_format`` and ``as_school_time`` before adding rows."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[int, list[str]]] = []
        self.date_format: Format | None = None
        self.datetime_format: Format | None = None
        # an aware time as a naive one on the school's clock
        self.as_school_time: Callable[[dt.datetime], dt.datetime] = lambda moment: moment.replace(tzinfo=None)

    def add_rows(
        self, first_row: int, rows: Iterable[Sequence[object]], column_formats: dict[int, Format] | None = None
    ) -> int:
        """Rows of plain values (str, int, float, bool, date, datetime, None) from ``first_row`` down, the cells
        without a format of their own in the formats of ``column_formats``; the number of rows."""
        encode = _RowEncoder(self, column_formats or {})
        encoded = [encode(first_row + index + 1, row) for index, row in enumerate(rows)]
        if encoded:
            self.blocks.append((first_row, encoded))
            self._check_dimensions(first_row, 0)
            self._check_dimensions(first_row + len(encoded) - 1, max(encode.widest - 1, 0))
        return len(encoded)

    # -- XlsxWriter's hook ---------------------------------------------------------------------------------------

    def _write_rows(self) -> None:
        if not self.blocks:
            super()._write_rows()
            return
        low: int = getattr(self, "dim_rowmin")  # noqa: B009 - XlsxWriter sets it untyped
        high: int = getattr(self, "dim_rowmax")  # noqa: B009
        try:
            start = low
            for first, rows in sorted(self.blocks, key=lambda block: block[0]):
                if start <= first - 1:
                    self.dim_rowmin, self.dim_rowmax = start, first - 1
                    super()._write_rows()
                self.fh.write("".join(rows))
                start = first + len(rows)
            if start <= high:
                self.dim_rowmin, self.dim_rowmax = start, high
                super()._write_rows()
        finally:
            self.dim_rowmin, self.dim_rowmax = low, high


class _RowEncoder:
    """Turns a row of values into its ``<row>`` XML (see the module docstring)."""

    def __init__(self, sheet: BulkRowsWorksheet, column_formats: dict[int, Format]) -> None:
        self.shared: Callable[[str], int] = sheet.str_table._get_shared_string_index
        self.as_school_time = sheet.as_school_time
        self.column_formats = column_formats
        self.date_style = _style(sheet.date_format)
        self.time_style = _style(sheet.datetime_format)
        self.refs: list[str] = []  # '<c r="A', per column
        self.styles: list[str] = []  # ' s="7"' for a column with a format, else ""
        self.widest = 0

    def _grow(self, columns: int) -> None:
        for col in range(len(self.refs), columns):
            self.refs.append(f'<c r="{xl_col_to_name(col)}')
            self.styles.append(_style(self.column_formats.get(col)))

    def __call__(self, number: int, row: Sequence[object]) -> str:
        if len(row) > len(self.refs):
            self._grow(len(row))
        self.widest = max(self.widest, len(row))
        parts = [f'<row r="{number}">']
        add, refs, styles, illegal = parts.append, self.refs, self.styles, ILLEGAL.search
        for col, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                text: str = value  # type: ignore[assignment]
                if len(text) > _SHORT or illegal(text):
                    text = legal_text(text)
                if text.startswith("<r>") and text.endswith("</r>"):  # is_rich_shaped, inline for speed
                    add(f'{refs[col]}{number}"{styles[col]} t={_inline(text)}')
                else:
                    add(f'{refs[col]}{number}"{styles[col]} t="s"><v>{self.shared(text)}</v></c>')
            elif value is None:
                continue
            else:
                add(self._other(col, number, value))
        parts.append("</row>")
        return "".join(parts)

    def _other(self, col: int, number: int, value: object) -> str:
        ref, style = self.refs[col], self.styles[col]
        if isinstance(value, bool):
            return f'{ref}{number}"{style} t={_inline("Yes" if value else "No")}'
        if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
            return f'{ref}{number}"{style}><v>{value!r}</v></c>'
        if isinstance(value, dt.datetime) and value.year > _FIRST_SAFE_YEAR:
            moment = self.as_school_time(value) if value.tzinfo else value  # naive, on the school's clock
            return f'{ref}{number}"{self.time_style}><v>{(moment - _EPOCH) / _DAY!r}</v></c>'
        if isinstance(value, dt.datetime):
            return f'{ref}{number}"{style} t={_inline(f"{value:%d/%m/%Y %H:%M}")}'
        if isinstance(value, dt.date) and value.year > _FIRST_SAFE_YEAR:
            return f'{ref}{number}"{self.date_style}><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>'
        if isinstance(value, dt.date):
            return f'{ref}{number}"{style} t={_inline(f"{value:%d/%m/%Y}")}'
        text = legal_text(str(value))
        return (
            f'{ref}{number}"{style} t={_inline(text)}'
            if is_rich_shaped(text)
            else (f'{ref}{number}"{style} t="s"><v>{self.shared(text)}</v></c>')
        )


def _style(cell_format: Format | None) -> str:
    return "" if cell_format is None else f' s="{cell_format._get_xf_index()}"'
