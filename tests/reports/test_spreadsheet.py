"""CSV and XLSX exports as a reader gets them: text never a formula (typed text in XLSX, an apostrophe in CSV), UK
dates as real dates, Unicode intact, and sheets ready to print and filter (title, frozen header, autofilter,
widths, landscape A4 fitted to the width with the header on every page)."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import time
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from smgov.reports.spreadsheet import Cell, Sheet, neutralise, sheet_name, to_csv, to_workbook, to_xlsx

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1)",
    "-2+3",
    "@BramblefordPrimary",
    "\t=1",
    "plain",
    'Siân <b> & "quotes" 🎉',
    "\u202bمرحبا\u202c right-to-left",
    "_x0041_ stays as typed",
    "http://evil.example/?a=1&b=2",
    "0012345",
]
LONG = "word " * 2_000  # 10,000 characters


def _sheet(data: bytes, index: int = 0) -> Worksheet:
    sheet = load_workbook(io.BytesIO(data)).worksheets[index]
    assert isinstance(sheet, Worksheet)
    return sheet


def header_row(sheet: Worksheet) -> int:
    """The header row (1-based): the one the panes are frozen under."""
    frozen = sheet.freeze_panes
    assert frozen is not None and frozen.startswith("A")
    return int(frozen[1:]) - 1


@pytest.mark.parametrize("value", HOSTILE[:5])
def test_formula_starts_are_neutralised_for_csv(value: str) -> None:
    assert neutralise(value).startswith("'")


def test_plain_text_is_left_alone() -> None:
    assert neutralise("plain") == "plain"


def test_csv_is_utf8_with_bom_and_uk_dates() -> None:
    data = to_csv(["Name", "Date"], [[v, dt.date(2026, 11, 22)] for v in HOSTILE])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "22/11/2026" in text
    assert "\r\n'=cmd" in text and "\r\n'@BramblefordPrimary" in text
    assert 'Siân <b> & ""quotes"" 🎉' in text


def test_csv_times_are_on_the_schools_clock_whatever_the_pcs_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")  # a PC set to another zone: the CSV must agree with the XLSX
    time.tzset()
    try:
        received = dt.datetime(2026, 7, 1, 8, 5, tzinfo=dt.UTC)  # 09:05 in the UK in summer
        text = to_csv(["At"], [[received], [dt.datetime(2026, 7, 1, 9, 5)]]).decode("utf-8-sig")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert text.split("\r\n")[1:3] == ["01/07/2026 09:05", "01/07/2026 09:05"]  # a naive time is left as it is


def test_xlsx_text_is_typed_text_as_written_with_no_apostrophe() -> None:
    rows: list[list[Cell]] = [[v, dt.date(2026, 11, 22)] for v in [*HOSTILE, LONG]]
    sheet = _sheet(to_xlsx(["Name", "Date"], rows, sheet_title="Accounts", exported_by="Jane Smith"))
    first = header_row(sheet) + 1
    cells = [row[0] for row in sheet.iter_rows(min_row=first, max_col=1)]
    assert [c.value for c in cells] == [*HOSTILE, LONG]
    assert all(c.data_type == "s" for c in cells)  # typed text: never a formula, never a number or a link
    assert not any(isinstance(c.value, str) and c.value.startswith("'") for c in cells)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_dates_are_real_dates_shown_the_uk_way_and_times_in_school_time() -> None:
    received = dt.datetime(2026, 7, 1, 8, 5, tzinfo=dt.UTC)  # 09:05 in the UK in summer
    sheet = _sheet(to_xlsx(["On", "At", "Count"], [[dt.date(2026, 11, 22), received, 3]]))
    row = header_row(sheet) + 1
    on, at, count = sheet.cell(row, 1), sheet.cell(row, 2), sheet.cell(row, 3)
    assert on.value == dt.datetime(2026, 11, 22) and on.number_format == "dd/mm/yyyy"
    assert at.value == dt.datetime(2026, 7, 1, 9, 5) and at.number_format == "dd/mm/yyyy hh:mm"
    assert count.value == 3 and count.data_type == "n"
    early = _sheet(to_xlsx(["On"], [[dt.date(1850, 1, 1)]]))  # before Excel's calendar starts: shown as text
    assert early.cell(header_row(early) + 1, 1).value == "01/01/1850"


def test_xlsx_drops_characters_a_workbook_cannot_hold_and_cuts_at_excels_limit() -> None:
    huge = "x" * 40_000
    sheet = _sheet(to_xlsx(["Text"], [["bell\x07 and null\x00 gone\ttab kept"], [huge]]))
    row = header_row(sheet) + 1
    assert sheet.cell(row, 1).value == "bell and null gone\ttab kept"
    assert sheet.cell(row + 1, 1).value == "x" * 32_767


def test_a_sheet_is_ready_to_hand_over() -> None:
    at = dt.datetime(2026, 11, 22, 14, 30, tzinfo=dt.UTC)
    rows = [["INC-00001", "Short", LONG], ["INC-00002", "Also short", "A few words"]]
    data = to_workbook(
        [Sheet("Incident log", "Incident log: Brambleford Primary", ["Reference", "Kind", "Description"], rows, (2,))],
        exported_by="Jane Smith",
        exported_at=at,
    )
    sheet = _sheet(data)
    assert sheet.title == "Incident log"
    assert sheet["A1"].value == "Incident log: Brambleford Primary" and sheet["A1"].font.b
    assert sheet["A2"].value == "Exported on 22/11/2026 at 14:30 by Jane Smith"
    header = header_row(sheet)
    assert [c.value for c in sheet[header]] == ["Reference", "Kind", "Description"]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("D9E2EC") for c in sheet[header])
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.auto_filter.ref == f"A{header}:C{header + 2}"
    assert sheet.print_title_rows == f"${header}:${header}"
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize or 0) == 9
    assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0  # one page wide, as long as it takes
    assert "Page &P of &N" in (sheet.oddFooter.right.text or "")
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    assert 8 <= widths["A"] <= 14  # fits "INC-00001"
    assert 55 <= widths["C"] <= 62  # long text: capped and wrapped
    assert sheet.cell(header + 1, 3).alignment.wrap_text and sheet.cell(header + 1, 3).alignment.vertical == "top"


def test_a_long_header_over_short_values_wraps_instead_of_widening_its_column() -> None:
    headers = ["Safeguarding concern", "Evidence (screenshots)", "Linked school email"]
    sheet = _sheet(to_xlsx(headers, [["Yes", 2, "eco.club@brambleford.sch.uk"]]))
    dims = sheet.column_dimensions.values()  # openpyxl groups neighbours of one width: A:B
    widths = {col: dim.width for dim in dims for col in range(dim.min or 0, (dim.max or 0) + 1)}
    assert widths[1] <= 17 and widths[2] <= 17  # "Safeguarding" and "(screenshots)" fit, each on a line
    assert widths[3] >= len("eco.club@brambleford.sch.uk")  # the values still decide when they are longer
    assert all(cell.alignment.wrap_text for cell in sheet[header_row(sheet)])


def _page_codes(data: bytes) -> tuple[str, str]:
    """The first sheet's printed header and footer as stored (Excel's codes: "&C" centre, "&8" size, "&&" an &)."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    header, footer = re.search(r"<oddHeader>(.*?)</oddHeader>", xml), re.search(r"<oddFooter>(.*?)</oddFooter>", xml)
    return html.unescape(header.group(1)) if header else "", html.unescape(footer.group(1)) if footer else ""


def test_every_printed_page_carries_the_title_and_the_note() -> None:
    note = "Governors' version: no pupil is named & counts under 5 are hidden"
    title = "Incidents & accounts: &P &D " + "a very long title " * 10
    header, footer = _page_codes(to_xlsx(["Reference"], [["INC-00001"]], title=title, note=note))
    assert header == "&C&8 Governors' version: no pupil is named && counts under 5 are hidden"  # & as typed
    left, _, right = footer.partition("&R")
    assert left.startswith("&L&8 Incidents && accounts: &&P &&D a very") and left.endswith("…")  # no codes
    assert len(left) <= 100 and right == "&8Page &P of &N"
    period = "Incidents: Academic year 2026–27 so far (01/09/2026 to 05/12/2026)"  # a sheet's title, in full
    header, footer = _page_codes(to_xlsx(["Reference"], [["INC-00001"]], title=period))
    assert header == "" and footer == f"&L&8 {period}&R&8Page &P of &N"


def test_the_note_sits_under_the_title_and_an_empty_table_still_has_its_header() -> None:
    data = to_xlsx(["Reference"], [], sheet_title="Log", title="Log", note="Governors' version: no pupil is named")
    sheet = _sheet(data)
    assert sheet["A3"].value == "Governors' version: no pupil is named"
    header = header_row(sheet)
    assert header == 5 and sheet.cell(header, 1).value == "Reference"
    assert sheet.auto_filter.ref in (f"A{header}", f"A{header}:A{header}")


def test_rows_can_be_streamed_from_a_generator() -> None:
    sheet = _sheet(to_xlsx(["N"], ([n] for n in range(3))))
    assert [c.value for (c,) in sheet.iter_rows(min_row=header_row(sheet) + 1)] == [0, 1, 2]


def test_sheet_names_are_made_legal_and_unique() -> None:
    assert sheet_name("Incidents: [Autumn] 1/2?") == "Incidents Autumn 1 2"
    assert len(sheet_name("A very long name for a sheet of the pack, too long")) == 31
    assert sheet_name("Incidents", ["incidents"]) == "Incidents (2)"
    assert sheet_name("", []) == "Sheet"
    data = to_workbook(
        [Sheet("Rows", "First", ["A"], [["1"]]), Sheet("Rows", "Second", ["A"], [["2"]])], exported_by="Jane Smith"
    )
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Rows", "Rows (2)"]


def test_text_shaped_like_xlsxwriter_rich_text_never_breaks_the_workbook() -> None:
    """XlsxWriter writes a string "<r>...</r>" into the file unescaped: an account name shaped like that must still
    give a workbook Excel opens, in a cell, a header and a title."""
    rich = "<r><t>injected</t></r>"
    broken = "<r>broken & <b></r>"
    data = to_xlsx([rich, "Plain"], [[rich, broken], [broken, "x"]], sheet_title="Accounts", title=broken)
    sheet = _sheet(data)
    top = header_row(sheet)
    assert sheet.cell(top, 1).value.strip() == rich  # a header gains at most a trailing space
    assert [sheet.cell(top + 1, 1).value, sheet.cell(top + 1, 2).value] == [rich, broken]
    assert sheet.cell(top + 2, 1).value == broken
    assert sheet.cell(1, 1).value.strip() == broken
    assert all(cell.data_type == "s" for cell in (sheet.cell(top + 1, 1), sheet.cell(top + 1, 2)))


def test_many_rows_keep_their_types_order_and_wrapped_columns() -> None:
    """The large-export path (sheet_rows.py): every row in order, numbers as numbers, dates as dates, text in a
    wrapped column wrapped."""
    rows: list[list[Cell]] = [
        [f"INC-{n:05d}", n, dt.date(2026, 1, 1) + dt.timedelta(days=n % 300), "word " * 20 if n % 2 else None]
        for n in range(1, 3_001)
    ]
    sheet = _sheet(to_xlsx(["Reference", "Number", "Day", "Description"], rows, wrap=[3]))
    top = header_row(sheet)
    got = list(sheet.iter_rows(min_row=top + 1, values_only=True))
    assert len(got) == 3_000
    assert got[0][:3] == ("INC-00001", 1, dt.datetime(2026, 1, 2))
    assert got[-1][:2] == ("INC-03000", 3000) and got[-2][3] == ("word " * 20)
    assert got[1][3] is None
    assert sheet.cell(top + 1, 3).number_format == "dd/mm/yyyy"
    assert sheet.cell(top + 1, 4).alignment.wrap_text
