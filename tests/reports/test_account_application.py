"""The account application PDF and the register export: what goes in comes out, and nothing secret does."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from smgov import documents
from smgov.data.models.accounts import AccountStatus
from smgov.data.services import accounts
from smgov.data.workspace import Workspace
from tests.data.registers import complete_form, make_account, make_credential
from tests.reports.test_spreadsheet import header_row


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_a_filled_application_shows_the_business_case_staff_and_decision(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, AccountStatus.SUBMITTED, handle="Ysgol_Llanfair")
    form = accounts.get_account(workspace, account_id).form
    form.aim = 'Celebrate <b>work</b> & "sport" — Łódź, Trường, Gwenllïan 🎉'
    accounts.update_account(workspace, account_id, form)
    accounts.transition(
        workspace, account_id, AccountStatus.REJECTED, decided_by="SLT <chair>", reason="Use the main page"
    )
    pages, text = _text(documents.filled_form("account-application", workspace, account_id))
    assert pages == 2
    for expected in (
        'Celebrate <b>work</b> & "sport"',
        "Łódź",
        "Trường",
        "@Ysgol_Llanfair",
        "SLT <chair>",
        "Use the main page",
        f"{dt.date.today():%d/%m/%Y}",
        "Test Person",
    ):
        assert expected in text


def test_a_blank_application_has_fillable_fields() -> None:
    pdf = documents.blank_form("account-application", "Spixworth Federation")
    reader = PdfReader(io.BytesIO(pdf))
    fields = reader.get_fields() or {}
    assert {"aim", "handle", "decision_reasons", "decided_by"} <= set(fields)
    assert "Spixworth Federation" in reader.pages[0].extract_text()


def test_the_register_export_has_no_secrets_and_neutralises_formulas(workspace: Workspace) -> None:
    form = complete_form("Formula")
    form.aim = '=HYPERLINK("http://evil","click")'
    account_id = accounts.add_account(workspace, form)
    make_credential(workspace, account_id, secret="Never-In-An-Export-7731")
    csv_bytes = documents.export("accounts", workspace, "csv")
    xlsx_bytes = documents.export("accounts", workspace, "xlsx")
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as book:  # the workbook's XML, not its compressed bytes
        xml = b"".join(book.read(name) for name in book.namelist())
    assert b"Never-In-An-Export" not in csv_bytes and b"Never-In-An-Export" not in xml
    assert "'=HYPERLINK" in csv_bytes.decode("utf-8-sig")  # CSV keeps the neutralising apostrophe
    sheet = load_workbook(io.BytesIO(xlsx_bytes)).active
    assert isinstance(sheet, Worksheet)
    top = header_row(sheet)
    header = [c.value for c in sheet[top]]
    cells = {h: c for h, c in zip(header, sheet[top + 1], strict=True)}
    assert cells["Aim"].value == form.aim and cells["Aim"].data_type == "s"  # typed text: never a formula
    assert cells["Credentials held (count)"].value == 1


def test_a_long_list_of_named_staff_repeats_its_headings_on_every_page() -> None:
    from smgov.reports.account_application import AccountApplication, NamedStaff, account_application_pdf
    from smgov.reports.pdf import Letterhead

    staff = tuple(NamedStaff(f"Person {n}", "Poster", "Dr Head", dt.date(2026, 1, 1)) for n in range(60))
    pdf = account_application_pdf(Letterhead("Spixworth"), AccountApplication("ACC-1", "Facebook", "pe", staff=staff))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    with_staff = [text for text in pages if "Person " in text]
    assert len(with_staff) >= 2
    assert all("Terms of" in text and "Authorised by (date)" in text for text in with_staff)
    assert all(f"Person {n}\n" in "\n".join(pages) or f"Person {n} " in "\n".join(pages) for n in range(60))


def test_a_school_name_too_long_for_the_letterhead_is_cut_short_not_printed_over_the_form() -> None:
    from smgov.reports.account_application import account_application_pdf
    from smgov.reports.pdf import Letterhead

    name = " ".join(f"Ysgol{n} <b>&" for n in range(300))
    pdf = account_application_pdf(Letterhead(name))
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Ysgol0 <b>&" in first and "…" in first and "Ysgol299" not in first
    assert first.index("…") < first.index("Social media account application")  # the band ends before the title


def test_every_page_of_a_filled_application_names_its_account() -> None:
    from smgov.reports.account_application import AccountApplication, account_application_pdf
    from smgov.reports.pdf import Letterhead

    pdf = account_application_pdf(Letterhead("Spixworth"), AccountApplication("ACC-00042", "Facebook", "pe"))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == 2
    assert all("Social media account application · ACC-00042 · Printed" in text for text in pages)
