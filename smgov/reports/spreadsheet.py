"""CSV and XLSX from rows of plain values, safe to open in Excel.

Cells that Excel would run as a formula (starting with = + - @, or a tab or carriage return before one) are
neutralised with a leading apostrophe, so a hostile handle or comment can never become a command.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

Cell = str | int | float | dt.date | dt.datetime | None

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """``'=cmd|...`` instead of ``=cmd|...``: shown as text by Excel and LibreOffice, never evaluated."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.astimezone().strftime("%d/%m/%Y %H:%M")
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


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Cell]], sheet_title: str = "Export") -> bytes:
    """An .xlsx workbook: bold frozen header row, dates as real dates (dd/mm/yyyy), text never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title[:31] or "Export"
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(h) for h in headers]
    for row in rows:
        values: list[object] = []
        for index, cell in enumerate(row):
            value: object
            if isinstance(cell, dt.datetime):
                value = cell.astimezone().replace(tzinfo=None)
            elif isinstance(cell, str):
                value = _strip_illegal(neutralise(cell))
            else:
                value = cell
            values.append(value)
            if index < len(widths):
                widths[index] = max(widths[index], min(60, len(str(value)) if value is not None else 0))
        sheet.append(values)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _strip_illegal(text: str) -> str:
    # openpyxl refuses control characters other than tab, newline and carriage return
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)
