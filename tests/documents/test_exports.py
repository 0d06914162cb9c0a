"""The registers' XLSX exports from the demo, as the person handed them reads them: titled, by reference, who exported
them, long text wrapped, dates as dates."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from smgov.data.demo import DEMO_OPERATOR
from smgov.data.workspace import Workspace
from smgov.documents import accounts, incidents


def _read(data: bytes) -> tuple[Worksheet, list[str], list[list[object]]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet) and sheet.freeze_panes is not None
    header = int(sheet.freeze_panes[1:]) - 1
    headers = [str(c.value) for c in sheet[header]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1)]
    return sheet, headers, rows


def test_the_incident_log_is_in_reference_order_with_its_long_text_wrapped(demo_as_opened: Workspace) -> None:
    sheet, headers, rows = _read(incidents.export_incidents(demo_as_opened, "xlsx"))
    assert str(sheet["A1"].value).startswith("Incident log: ")
    assert str(sheet["A2"].value).endswith(f" by {DEMO_OPERATOR}")
    assert sheet["A3"].value == "Pupils appear as initials only."
    references = [str(r[0]) for r in rows]
    assert len(references) > 5 and references == sorted(references)
    description = headers.index("Description") + 1
    first = sheet.cell(int(str(sheet.freeze_panes)[1:]), description)
    assert first.data_type == "s" and first.alignment.wrap_text
    assert all(isinstance(r[1], dt.datetime) for r in rows)  # received: a date and time Excel can sort and filter
    assert sheet.auto_filter.ref == f"A{sheet.max_row - len(rows)}:S{sheet.max_row}"


def test_the_account_register_names_its_staff_by_reference(demo_as_opened: Workspace) -> None:
    sheet, headers, rows = _read(accounts.export_accounts(demo_as_opened, "xlsx"))
    assert sheet.title == "Account register"
    references = [str(r[0]) for r in rows]
    assert references == sorted(references)
    staff = [str(r[headers.index("Named staff (current)")] or "") for r in rows]
    assert any("(lead); " in s for s in staff)  # names and roles, not a count
    assert not any(s.isdigit() for s in staff)
