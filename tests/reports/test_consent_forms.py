"""Consent documents: the parental consent form (blank and fillable, for a pupil, a class a page a pupil), the
do-not-publish list, the chase list and the summary (CONFIDENTIAL, dated, any name printing literally), and the
export (what Excel would show: text never a formula)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import pypdf
import pytest
from openpyxl import load_workbook

from smgov.data import audit
from smgov.data.errors import ValidationError
from smgov.data.models import ConsentChange, ConsentMethod, ConsentStatus, NeverPublishReason, Pupil
from smgov.data.services import consent, pupils
from smgov.data.workspace import Workspace
from smgov.documents import consent as documents
from smgov.reports.consent_forms import POLICY_PURPOSES, FormPupil, consent_form_pdf
from smgov.reports.consent_lists import (
    ClassGroup,
    DoNotPublishRow,
    ListContext,
    ListPupil,
    SummaryRow,
    chase_list_pdf,
    consent_summary_pdf,
    do_not_publish_pdf,
)
from smgov.reports.pdf import Letterhead

PRINTED = dt.date(2026, 10, 14)
YEAR = 2026
HEAD = Letterhead('Spixworth <Federation> & "Friends"')
HOSTILE = [
    "<b>Bold</b> & <i>Co</i>",
    "Ali &amp; Co",
    "\u200fRana\u200f \u202eHassan\u202c",
    "Zoë 😀 Ŵyn-Łukasz",
    "Nguyễn Văn Minh",
    "A" * 200,
    '=HYPERLINK("http://evil.example","x")',
]


def read(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(reader: pypdf.PdfReader) -> str:
    """The text without spaces or the invisible direction marks (kept in the PDF as given, drawing nothing)."""
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    return "".join(ch for ch in text if ch not in "\u200f\u202e\u202c")


def squeezed(value: str) -> str:
    return "".join(value.split())


def assert_prints_literally(reader: pypdf.PdfReader, names: Sequence[str]) -> None:
    text = text_of(reader)
    for name in names:
        visible = "".join(ch for ch in name if ch not in "\u200f\u202e\u202c😀")  # invisible marks; a box for emoji
        assert squeezed(visible) in text, name


# -- the parental consent form -----------------------------------------------------------------------------------


def test_the_blank_form_is_fillable_and_names_every_purpose() -> None:
    reader = read(consent_form_pdf(HEAD, printed_on=PRINTED))
    assert len(reader.pages) == 1
    fields = reader.get_fields() or {}
    assert {"pupil_name", "year_group", "class", "academic_year", "parent_name", "relationship"} <= set(fields)
    for index, purpose in enumerate(POLICY_PURPOSES, start=1):
        group = f"consent_{index}_{purpose.key}"
        assert group in fields and f"{group}_restriction" in fields
        assert {"/Yes", "/No"} <= set(fields[group].get("/_States_", []))
    text = text_of(reader)
    assert squeezed("Images and Videos Parental Consent Form") in text
    for purpose in POLICY_PURPOSES:
        assert squeezed(purpose.label) in text
    assert squeezed("valid for the entire academic year") in text
    assert squeezed("withdraw or amend your consent at any time") in text
    assert squeezed("parental responsibility") in text


def test_a_filled_form_can_be_filled_in_on_screen() -> None:
    reader = read(consent_form_pdf(HEAD, pupils=[FormPupil("Amir Ali", "Year 4", "4C")], academic_year="2026-27"))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(
        writer.pages[0], {"parent_name": "Sana Ali", "consent_1_school_displays_restriction": "group photos only"}
    )
    out = io.BytesIO()
    writer.write(out)
    fields = pypdf.PdfReader(io.BytesIO(out.getvalue())).get_fields() or {}
    assert fields["parent_name"]["/V"] == "Sana Ali"
    assert "pupil_name" not in fields  # printed, not a box


def test_a_class_batch_has_one_page_per_pupil_with_separate_fields() -> None:
    class_pupils = [FormPupil(f"Pupil {n} Surname", "Year 4", "4C") for n in range(30)]
    reader = read(consent_form_pdf(HEAD, pupils=class_pupils, academic_year="2026-27", printed_on=PRINTED))
    assert len(reader.pages) == 30
    fields = reader.get_fields() or {}
    assert "p1_parent_name" in fields and "p30_parent_name" in fields
    for number, page in enumerate(reader.pages):
        text = squeezed(page.extract_text())
        assert squeezed(f"Pupil {number} Surname") in text
        assert "2026-27" in text
        assert squeezed("Images and Videos Parental Consent Form") in text


def test_hostile_names_print_literally_on_the_form() -> None:
    class_pupils = [FormPupil(name, "Year <5>", "5&B") for name in HOSTILE]
    reader = read(consent_form_pdf(HEAD, pupils=class_pupils, academic_year="2026-27"))
    assert len(reader.pages) == len(HOSTILE)  # a 200-character name still fits its page
    assert_prints_literally(reader, HOSTILE)
    assert "Year<5>" in text_of(reader) and "5&B" in text_of(reader)


# -- the staff lists ----------------------------------------------------------------------------------------------

CONTEXT = ListContext("2026-27", dt.date(2026, 10, 14))


def list_pupils_of(names: Sequence[str]) -> list[ListPupil]:
    return [ListPupil(name, "", f"00{n}") for n, name in enumerate(names)]


def test_the_do_not_publish_list_is_confidential_dated_and_never_gives_the_reason() -> None:
    rows = [
        DoNotPublishRow(ListPupil("Ruby Smith", "Rebecca Smith", "0042", never_publish=True)),
        DoNotPublishRow(list_pupils_of(["Amir Ali"])[0], refused=["School website"], not_returned=["Press"]),
        DoNotPublishRow(ListPupil("Kai Jones"), restrictions=[("Social media photos", "first name only")]),
        *(DoNotPublishRow(pupil, refused=["Press"]) for pupil in list_pupils_of(HOSTILE)),
    ]
    reader = read(do_not_publish_pdf(HEAD, CONTEXT, [ClassGroup("Year 4", "4C", rows, 30)], printed_on=PRINTED))
    text = text_of(reader)
    for page in reader.pages:
        page_text = squeezed(page.extract_text())
        assert "CONFIDENTIAL" in page_text and "Printed14/10/2026" in page_text
    assert "NEVERPUBLISH" in text
    assert squeezed("legal name Rebecca Smith") in text
    assert squeezed("Refused: School website") in text
    assert squeezed("Not returned (treated as refused): Press") in text
    assert squeezed("Social media photos: only first name only") in text
    for reason in NeverPublishReason:
        assert squeezed(reason.label) not in text
    assert_prints_literally(reader, HOSTILE)


def test_the_chase_list_counts_by_class() -> None:
    groups = [
        ClassGroup("Year 3", "3A", list_pupils_of(["Ava Brown", "Ben Green"]), 25),
        ClassGroup("Year 4", "4C", list_pupils_of(HOSTILE), 30),
    ]
    reader = read(chase_list_pdf(HEAD, CONTEXT, groups, printed_on=PRINTED))
    text = text_of(reader)
    assert squeezed(f"{2 + len(HOSTILE)} of 55 pupils on roll not returned") in text
    assert squeezed("Year 3 · 3A: 2 of 25 not returned") in text
    assert "CONFIDENTIAL" in text and "Printed14/10/2026" in text
    assert_prints_literally(reader, HOSTILE)


def test_the_summary_gives_symbol_and_word_and_never_publish_overrides() -> None:
    purposes = [p.label for p in POLICY_PURPOSES]
    statuses = [("granted", ""), ("restricted", "group photos only"), ("refused", ""), ("not_returned", "")]
    statuses += [("granted", ""), ("granted", "")]
    rows = [
        SummaryRow(ListPupil("Amir Ali"), statuses),
        SummaryRow(ListPupil("Ruby Smith", never_publish=True), statuses),
    ]
    rows += [SummaryRow(pupil, statuses) for pupil in list_pupils_of(HOSTILE)]
    reader = read(consent_summary_pdf(HEAD, CONTEXT, [ClassGroup("Year 4", "4C", rows, len(rows))], purposes))
    text = text_of(reader)
    for mark in ("✓Granted", "◐Restricted", "✗Refused", "○Notreturned", "⊘Neverpublish"):
        assert mark in text
    assert squeezed("group photos only") in text
    assert squeezed(f"{len(rows) - 1} of {len(rows)}") in text  # the never-publish pupil is not counted
    assert "CONFIDENTIAL" in text
    # a row taller than the space left carries on over the page (never cut off), so the long name may be split
    assert_prints_literally(reader, [name for name in HOSTILE if len(name) < 200])
    assert "A" * 60 in text


# -- from the register ----------------------------------------------------------------------------------------------


def add_pupil(
    workspace: Workspace, first: str, last: str, admission: str, class_name: str = "4C", preferred: str = ""
) -> int:
    with workspace.write() as session:
        pupil = Pupil(
            legal_first_name=first,
            legal_last_name=last,
            preferred_first_name=preferred,
            admission_number=admission,
            upn=f"H{admission}",
            year_group="Year 4" if class_name.startswith("4") else "Year 3",
            class_name=class_name,
        )
        session.add(pupil)
        session.flush()
        audit.record(session, "pupil.import", "pupil", pupil.id, "test pupil")
        return pupil.id


def give(workspace: Workspace, pupil: int, **statuses: ConsentStatus) -> None:
    ids = {p.key: p.id for p in consent.purposes(workspace)}
    consent.record_consent(
        workspace,
        consent.ConsentInput(
            pupil_id=pupil,
            academic_year=YEAR,
            change=ConsentChange.RETURN,
            statuses={
                ids[key]: (status, "first name only" if status is ConsentStatus.RESTRICTED else "")
                for key, status in statuses.items()
            },
            received_on=dt.date(2026, 9, 10),
            method=ConsentMethod.PAPER,
            given_by='=HYPERLINK("http://evil.example","Mum")',
            relationship="Mother",
        ),
        today=dt.date(2026, 10, 1),
    )


@pytest.fixture
def register(workspace: Workspace) -> dict[str, int]:
    ids = {
        "amir": add_pupil(workspace, "Amir", "Ali", "000101"),
        "ruby": add_pupil(workspace, "Rebecca", "Smith", "000102", preferred="Ruby"),
        "evil": add_pupil(workspace, '=HYPERLINK("http://evil.example","x")', "<b>Doe</b>", "000103"),
        "ava": add_pupil(workspace, "Ava", "Brown", "000104", class_name="3A"),
    }
    everything = {p.key: ConsentStatus.GRANTED for p in consent.purposes(workspace)}
    give(workspace, ids["amir"], **everything)
    give(workspace, ids["ruby"], **{**everything, "website": ConsentStatus.REFUSED})
    give(workspace, ids["ava"], **{**everything, "social_photos": ConsentStatus.RESTRICTED})
    pupils.set_never_publish(workspace, ids["ruby"], NeverPublishReason.COURT_ORDER, "Order of 3 March")
    return ids


ON = dt.date(2026, 10, 14)


def test_the_class_batch_from_the_register(workspace: Workspace, register: dict[str, int]) -> None:
    reader = read(documents.consent_forms_for_class(workspace, " 4c ", YEAR))
    assert len(reader.pages) == 3
    text = text_of(reader)
    assert squeezed("Ruby Smith") in text and "2026-27" in text and "Year4" in text
    assert squeezed('=HYPERLINK("http://evil.example","x") <b>Doe</b>') in text
    with pytest.raises(ValidationError):
        documents.consent_forms_for_class(workspace, "9Z")
    single = read(documents.consent_form_for_pupil(workspace, register["amir"], YEAR))
    assert len(single.pages) == 1 and "AmirAli" in text_of(single)
    blank = read(documents.consent_form_blank_for(workspace))
    assert "pupil_name" in (blank.get_fields() or {})


def test_the_lists_from_the_register(workspace: Workspace, register: dict[str, int]) -> None:
    context, groups = documents.do_not_publish_groups(workspace, ON)
    listed = {row.pupil.name: row for group in groups for row in group.rows}
    assert "Amir Ali" not in listed  # granted everything: nothing to refuse
    assert listed["Ruby Smith"].pupil.never_publish and listed["Ruby Smith"].refused == ["School website"]
    assert listed["Ava Brown"].restrictions == [("Social media photos", "first name only")]
    assert len(listed['=HYPERLINK("http://evil.example","x") <b>Doe</b>'].not_returned) == 6
    assert context.academic_year == "2026-27"
    text = text_of(read(documents.do_not_publish_list(workspace, ON)))
    assert "CONFIDENTIAL" in text and "Courtorder" not in text and "Orderof3March" not in text

    _, chase = documents.chase_groups(workspace, YEAR)
    assert [(g.class_name, [p.name for p in g.rows], g.on_roll) for g in chase] == [
        ("3A", [], 1),
        ("4C", ['=HYPERLINK("http://evil.example","x") <b>Doe</b>'], 3),
    ]
    _, next_year = documents.chase_groups(workspace, YEAR + 1)
    assert sum(len(g.rows) for g in next_year) == 4  # a new year starts as not returned for everyone
    assert "1of4pupilsonrollnotreturned" in text_of(read(documents.chase_list(workspace, YEAR)))

    _, summary, labels = documents.summary_groups(workspace, ON, "4C")
    assert len(labels) == 6 and [g.class_name for g in summary] == ["4C"]
    summary_text = text_of(read(documents.consent_summary(workspace, ON)))
    assert "✓Granted" in summary_text and "⊘Neverpublish" in summary_text


def test_the_export_shows_text_never_formulas(workspace: Workspace, register: dict[str, int]) -> None:
    book = load_workbook(io.BytesIO(documents.export_consent(workspace, "xlsx", full_names=True, year=YEAR)))
    sheet = book.active
    assert sheet is not None
    assert sheet.freeze_panes == "A6"  # title, exported by, CONFIDENTIAL, blank, then the header row
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert rows[0] == tuple(documents.EXPORT_HEADERS)
    assert len(rows) == 1 + 4 * 6  # every pupil x every purpose
    for cell_row in sheet.iter_rows(min_row=5):
        for cell in cell_row:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith("'")), cell.value  # no apostrophe
    evil = [r for r in rows if r[2] == "000103"]
    assert evil[0][4] == '=HYPERLINK("http://evil.example","x") <b>Doe</b>'  # typed text, shown as typed
    assert evil[0][8] == "Not returned"
    amir = [r for r in rows if r[2] == "000101"]
    assert amir[0][8] == "Granted" and amir[0][10] == dt.datetime(2026, 9, 10)
    assert amir[0][12] == '=HYPERLINK("http://evil.example","Mum")'
    assert "000101" in {r[2] for r in rows}  # leading zeros kept

    data = documents.export_consent(workspace, "csv", year=YEAR).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    names = {row[4] for row in table[1:]}
    assert "AA" in names and "Amir Ali" not in names  # initials unless full names are asked for
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in table for cell in row)
