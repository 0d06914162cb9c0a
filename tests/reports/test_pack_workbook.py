"""The termly pack's workbook, read back as Excel shows it: a Summary sheet, a sheet per area, the rows on their own
sheets (SLT); the audience's marking on every sheet; suppressed values as they are; hostile text intact."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from smgov.reports.pack.model import (
    FEWER_THAN_5,
    Audience,
    Chart,
    Figure,
    Pack,
    Part,
    Period,
    RowSheet,
    Table,
)
from smgov.reports.pack.workbook import pack_xlsx

HOSTILE = '=HYPERLINK("http://evil.example","x") <b>Doe</b> & “quotes” 🎉'


def _pack(audience: Audience) -> Pack:
    governors = audience is Audience.GOVERNORS
    small: int | str = FEWER_THAN_5 if governors else 3
    incidents = Part(
        key="incidents",
        title="Incidents",
        intro="Every incident logged this term, by category and how fast the school responded.",
        figures=[
            Figure("Incidents logged", 41, 35, 6, good_when="down", detail="3 of 41 late"),
            Figure("Responded on time", 92.7, 88.0, 4.7, percent=True, good_when="up"),
            Figure("Safeguarding concerns", small, small, None),
        ],
        charts=[
            Chart(
                "Incidents by category",
                ["Cyberbullying", "Abuse on a school account"],
                [("This term", [12, None if governors else 2]), ("Last term", [9, 6])],
            ),
            Chart("Incidents by platform", [], [("This term", [])]),
        ],
        tables=[
            Table(
                "Late responses",
                ["Reference", "Received", "Account"],
                [["INC-00007", dt.date(2026, 10, 3), HOSTILE]],
            ),
            Table("Accounts with fewer than two staff", ["Account"], [], empty="None this term."),
        ],
        notes=["Counts are of incidents received in the term."],
    )
    rows = (
        ()
        if governors
        else (
            RowSheet(
                "Incidents",
                "Incidents received in Autumn term 2026",
                ["Reference", "Received", "Description"],
                [["INC-00001", dt.datetime(2026, 9, 4, 8, 30, tzinfo=dt.UTC), HOSTILE + " " + "long " * 2_000]],
                wrap=(2,),
            ),
        )
    )
    return Pack(
        school_name="Brambleford Primary",
        logo=None,
        audience=audience,
        period=Period("Autumn term 2026", dt.date(2026, 9, 1), dt.date(2026, 12, 31)),
        previous=Period("Summer term 2026", dt.date(2026, 4, 13), dt.date(2026, 8, 31)),
        printed_on=dt.date(2026, 12, 18),
        prepared_by="School business manager" if governors else "Jane Smith, School business manager",
        summary=[Figure("Incidents logged", 41, 35, 6), Figure("Safeguarding concerns", small, small)],
        actions=["Renew the training of 2 named staff", "@Reply to the parents' complaint"],
        parts=[incidents],
        seal="ab12cd34",
        rows=rows,
    )


def _values(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [tuple(v for v in row if v is not None) for row in sheet.iter_rows(values_only=True)]


def _row_starting(sheet: Worksheet, first: str) -> tuple[object, ...]:
    return next(row for row in _values(sheet) if row and row[0] == first)


@pytest.mark.parametrize("audience", list(Audience))
def test_every_sheet_is_titled_with_the_period_and_marked_for_its_audience(audience: Audience) -> None:
    book = load_workbook(io.BytesIO(pack_xlsx(_pack(audience), exported_by="Jane Smith")))
    expected = ["Summary", "Incidents"] + (["Incidents (rows)"] if audience is Audience.SLT else [])
    assert book.sheetnames == expected  # the rows of the SLT version on a sheet of their own
    for sheet in book.worksheets:
        assert isinstance(sheet, Worksheet)
        assert "Autumn term 2026 (01/09/2026 to 31/12/2026)" in str(sheet["A1"].value)
        exported = str(sheet["A2"].value)
        by = " by Jane Smith" if audience is Audience.SLT else " by School business manager"  # a role, no name
        assert exported.startswith("Exported on ") and exported.endswith(by)
        assert sheet["A3"].value == audience.marking
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize or 0) == 9
        assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0  # one page wide (1 is the file's default)
        assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_the_governors_version_names_no_member_of_staff_even_as_who_exported_it() -> None:
    book = load_workbook(io.BytesIO(pack_xlsx(_pack(Audience.GOVERNORS), exported_by="Jane Smith")))
    texts = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert texts and not any("Jane" in text or "Smith" in text for text in texts)


def test_a_rows_title_that_names_the_period_is_not_followed_by_it_again() -> None:
    book = load_workbook(io.BytesIO(pack_xlsx(_pack(Audience.SLT), exported_by="Jane Smith")))
    title = book["Incidents (rows)"]["A1"].value
    assert title == "Incidents received in Autumn term 2026 (01/09/2026 to 31/12/2026)"


def test_a_period_of_dates_is_named_once_and_a_date_figure_is_a_date() -> None:
    pack = _pack(Audience.SLT)
    dates = Period("01/09/2026 to 31/12/2026", dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    review = Figure("Next review of the social media policy", dt.date(2026, 12, 26))
    before = Period("01/05/2026 to 31/08/2026", dt.date(2026, 5, 1), dt.date(2026, 8, 31))
    pack = replace(pack, period=dates, previous=before, summary=[review])
    book = load_workbook(io.BytesIO(pack_xlsx(pack, exported_by="Jane Smith")))
    assert book["Incidents"]["A1"].value == "Incidents: 01/09/2026 to 31/12/2026"  # not "(...)" again
    summary = book["Summary"]
    assert any(str(row[0]).startswith("Compared with 01/05/2026 to 31/08/2026. ") for row in _values(summary) if row)
    cell = next(r[1] for r in summary.iter_rows() if r[0].value == review.label)
    assert cell.value == dt.datetime(2026, 12, 26) and cell.number_format == "dd/mm/yyyy"  # sorts as a date


def test_the_summary_has_the_key_figures_and_the_actions() -> None:
    sheet = load_workbook(io.BytesIO(pack_xlsx(_pack(Audience.GOVERNORS), exported_by="Jane Smith")))["Summary"]
    assert _row_starting(sheet, "Figure") == ("Figure", "This period", "Previous period", "Change", "Detail")
    assert _row_starting(sheet, "Incidents logged") == ("Incidents logged", 41, 35, 6)
    assert _row_starting(sheet, "Safeguarding concerns") == ("Safeguarding concerns", FEWER_THAN_5, FEWER_THAN_5)
    assert ("@Reply to the parents' complaint",) in _values(sheet)  # as typed: no apostrophe, not a formula
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "@Reply to the parents' complaint")
    assert cell.data_type == "s"
    assert any("Summer term 2026 (13/04/2026 to 31/08/2026)" in str(row[0]) for row in _values(sheet) if row)


def test_a_change_is_shown_with_its_sign() -> None:
    sheet = load_workbook(io.BytesIO(pack_xlsx(_pack(Audience.SLT), exported_by="Jane Smith")))["Incidents"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Incidents logged")
    assert row[3].value == 6 and row[3].number_format == '+General;-General;"no change"'  # "+6", "-2"


def test_an_area_sheet_has_its_figures_charts_as_tables_and_tables() -> None:
    book = load_workbook(io.BytesIO(pack_xlsx(_pack(Audience.GOVERNORS), exported_by="Jane Smith")))
    sheet = book["Incidents"]
    assert _row_starting(sheet, "Responded on time (%)")[:4] == ("Responded on time (%)", 92.7, 88.0, 4.7)
    assert _row_starting(sheet, "Incidents by category") == ("Incidents by category",)  # the chart's heading
    assert _row_starting(sheet, "Abuse on a school account") == ("Abuse on a school account", FEWER_THAN_5, 6)
    empty = _values(sheet).index(("Incidents by platform",))
    assert _values(sheet)[empty + 1] == ("Nothing to chart in this period.",)  # not an empty table
    late = _row_starting(sheet, "INC-00007")
    assert late == ("INC-00007", dt.datetime(2026, 10, 3), HOSTILE)
    received = next(c for row in sheet.iter_rows() for c in row if c.value == dt.datetime(2026, 10, 3))
    assert received.number_format == "dd/mm/yyyy"
    assert ("None this term.",) in _values(sheet)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_rows_sheet_is_a_filterable_table_with_hostile_text_intact() -> None:
    book = load_workbook(io.BytesIO(pack_xlsx(_pack(Audience.SLT), exported_by="Jane Smith")))
    sheet = book["Incidents (rows)"]
    assert isinstance(sheet, Worksheet)
    assert sheet.freeze_panes == "A6"  # title, exported, marking, blank, header
    assert [c.value for c in sheet[5]] == ["Reference", "Received", "Description"]
    assert sheet.auto_filter.ref == "A5:C6"
    assert sheet.print_title_rows == "$5:$5"
    description = sheet["C6"]
    assert description.data_type == "s" and str(description.value).startswith(HOSTILE)
    assert len(str(description.value)) > 10_000 and description.alignment.wrap_text
    assert sheet["B6"].value == dt.datetime(2026, 9, 4, 9, 30) and sheet["B6"].number_format == "dd/mm/yyyy hh:mm"
