"""CSV and XLSX exports: formulas neutralised, UK dates, Unicode intact."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from smgov.reports.spreadsheet import neutralise, to_csv, to_xlsx

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@import", "\t=1", "plain", 'Siân <b> & "quotes" 🎉']


@pytest.mark.parametrize("value", HOSTILE[:5])
def test_formula_starts_are_neutralised(value: str) -> None:
    assert neutralise(value).startswith("'")


def test_plain_text_is_left_alone() -> None:
    assert neutralise("plain") == "plain"


def test_csv_is_utf8_with_bom_and_uk_dates() -> None:
    data = to_csv(["Name", "Date"], [[v, dt.date(2026, 11, 22)] for v in HOSTILE])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "22/11/2026" in text
    assert "\r\n'=cmd" in text
    assert 'Siân <b> & ""quotes"" 🎉' in text


def test_xlsx_keeps_text_as_text_and_dates_as_dates() -> None:
    data = to_xlsx(["Name", "Date"], [[v, dt.date(2026, 11, 22)] for v in HOSTILE], sheet_title="Accounts")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    values = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0][0] == "'=cmd|' /C calc'!A0"
    assert all(cell.data_type == "s" for cell in sheet["A"][1:])
    assert values[6][0] == 'Siân <b> & "quotes" 🎉'
    assert values[0][1].date() == dt.date(2026, 11, 22)
