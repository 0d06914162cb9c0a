"""Pupils from MIS exports: encodings, separators, XLSX, column detection, the preview, re-import, off roll,
refused rows (nothing half-saved), hostile cells, remembered mappings and incidents' pupils linked."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from smgov.data.errors import ValidationError
from smgov.data.importers import tabular
from smgov.data.models import IncidentCategory, IncidentPerson, InvolvedKind, InvolvedRole
from smgov.data.services import incidents, pupils
from smgov.data.services.incidents import IncidentInput, PersonInput
from smgov.data.verify import verify
from smgov.data.workspace import Workspace

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "samples"
HEADER = "Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,Year,Reg,DOB\n"
ROWS = [
    "000464,N420276742046,Jones,Priya,,Year 4,4A,06/06/2017",
    "000751,X27841454546F,White,Kacper,Kacz,R,RA,16/11/2020",
    "000696,H78384011653X,Khan,Oisín,,Y4,4C,2017-05-02",
]


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "\n".join(rows) + "\n").encode(encoding)


def imported(workspace: Workspace, data: bytes, name: str = "export.csv", **kw: object) -> pupils.ImportResult:
    preview = pupils.preview_import(workspace, data, name, **kw)  # type: ignore[arg-type]
    assert preview.refused == [], preview.refused
    return pupils.apply_import(workspace, preview)


def by_admission(workspace: Workspace) -> dict[str, pupils.PupilRow]:
    return {p.admission_number: p for p in pupils.list_pupils(workspace, include_off_roll=True)}


# -- the samples ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "source", "count"),
    [("sims-student-list-head.csv", "SIMS", 24), ("arbor-students-head.csv", "Arbor", 24)],
)
def test_both_samples_are_detected_and_imported(workspace: Workspace, sample: str, source: str, count: int) -> None:
    data = (SAMPLES / sample).read_bytes()
    choice = pupils.detect_columns(workspace, data, sample)
    assert choice.source == source and choice.missing == [] and not choice.remembered
    assert set(choice.mapping) == set(pupils.FIELD_LABELS)
    assert choice.sample[0][0] in ("002202", "Priya")
    preview = pupils.preview_import(workspace, data, sample)
    assert (len(preview.new), len(preview.changed), len(preview.refused)) == (count, 0, 0)
    result = pupils.apply_import(workspace, preview)
    assert result.added == count
    rows = by_admission(workspace)
    if source == "SIMS":
        theo = rows["002202"]
        assert (theo.upn, theo.legal_last_name, theo.year_group, theo.class_name) == (
            "T79439555647Y",
            "Wilson",
            "Year 12",
            "12E",
        )
        assert theo.date_of_birth == dt.date(2009, 3, 2)
        assert "Gender" in preview.ignored_columns
    else:
        assert rows["000464"].date_of_birth == dt.date(2017, 6, 6)
    # the confirmed mapping is remembered for files with the same headers
    assert pupils.detect_columns(workspace, data, sample).remembered


def test_reimport_is_idempotent_and_a_changed_class_is_one_change(workspace: Workspace) -> None:
    imported(workspace, csv_bytes(*ROWS))
    again = pupils.preview_import(workspace, csv_bytes(*ROWS), "export.csv")
    assert (len(again.new), len(again.changed), again.unchanged, len(again.leaving)) == (0, 0, 3, 0)
    moved = [ROWS[0].replace(",4A,", ",4B,"), *ROWS[1:]]
    preview = pupils.preview_import(workspace, csv_bytes(*moved), "export.csv")
    (change,) = preview.changed
    assert change.fields == ("class_name",) and change.described == "class or registration group 4A → 4B"
    assert pupils.apply_import(workspace, preview).changed == 1
    assert by_admission(workspace)["000464"].class_name == "4B"
    assert verify(workspace).ok  # every record the imports added or changed was digested by its audit event


def test_matching_is_by_upn_then_admission_number(workspace: Workspace) -> None:
    imported(workspace, csv_bytes(*ROWS))
    # a new admission number with the same UPN: the same pupil, admission number changed
    preview = pupils.preview_import(
        workspace, csv_bytes(ROWS[0].replace("000464", "100464")), "x.csv", full_export=False
    )
    assert [c.fields for c in preview.changed] == [("admission_number",)]
    # a temporary UPN replaced by the permanent one, matched by admission number
    preview = pupils.preview_import(
        workspace, csv_bytes(ROWS[0].replace("N420276742046", "N420276742047")), "x.csv", full_export=False
    )
    assert [c.fields for c in preview.changed] == [("upn",)]


def test_a_pupil_missing_from_a_full_export_goes_off_roll_only_when_confirmed(workspace: Workspace) -> None:
    imported(workspace, csv_bytes(*ROWS))
    partial = pupils.preview_import(workspace, csv_bytes(*ROWS[:2]), "export.csv", full_export=False)
    assert partial.leaving == []
    pupils.apply_import(workspace, partial)
    assert by_admission(workspace)["000696"].on_roll
    full = pupils.preview_import(workspace, csv_bytes(*ROWS[:2]), "export.csv", full_export=True)
    assert [p.admission_number for p in full.leaving] == ["000696"]
    result = pupils.apply_import(workspace, full, today=dt.date(2026, 9, 1))
    assert result.off_roll == 1
    gone = by_admission(workspace)["000696"]
    assert (gone.on_roll, gone.off_roll_on) == (False, dt.date(2026, 9, 1))
    assert len(pupils.list_pupils(workspace)) == 2  # never deleted: still there off roll
    back = pupils.preview_import(workspace, csv_bytes(*ROWS), "export.csv")
    assert [c.fields for c in back.changed] == [("on_roll",)]
    pupils.apply_import(workspace, back)
    assert by_admission(workspace)["000696"].on_roll
    assert verify(workspace).ok


def test_year_groups_normalise_and_names_are_kept(workspace: Workspace) -> None:
    imported(workspace, csv_bytes(*ROWS))
    rows = by_admission(workspace)
    assert [rows[a].year_group for a in ("000464", "000751", "000696")] == ["Year 4", "Reception", "Year 4"]
    assert (rows["000751"].legal_first_name, rows["000751"].preferred_first_name) == ("Kacper", "Kacz")
    assert rows["000696"].legal_first_name == "Oisín"


# -- encodings, separators, XLSX ----------------------------------------------------------------------------------


def test_a_windows_1252_semicolon_export_keeps_accented_names_exactly(workspace: Workspace) -> None:
    header = "Admission No;Surname;Forename;Known as;Year group;Form;Date of birth\n"
    data = csv_bytes("0042;Müller-Lüdenscheidt;Zoë;Zoé;5;5B;1.2.2016", header=header, encoding="cp1252")
    choice = pupils.detect_columns(workspace, data, "bromcom.csv")
    assert (choice.encoding, choice.delimiter) == ("Windows-1252", "semicolon")
    imported(workspace, data)
    pupil = by_admission(workspace)["0042"]
    assert (pupil.legal_first_name, pupil.preferred_first_name, pupil.legal_last_name) == (
        "Zoë",
        "Zoé",
        "Müller-Lüdenscheidt",
    )
    assert (pupil.year_group, pupil.date_of_birth) == ("Year 5", dt.date(2016, 2, 1))


@pytest.mark.parametrize("bom", [True, False])
def test_utf16_unicode_text_tab_separated(workspace: Workspace, bom: bool) -> None:
    text = HEADER.replace(",", "\t") + "\n".join(r.replace(",", "\t") for r in ROWS) + "\n"
    data = text.encode("utf-16") if bom else text.encode("utf-16-le")
    choice = pupils.detect_columns(workspace, data, "unicode.txt")
    assert (choice.encoding, choice.delimiter) == ("UTF-16", "tab")
    imported(workspace, data)
    assert by_admission(workspace)["000696"].legal_first_name == "Oisín"


def test_utf8_with_a_bom_and_blank_rows(workspace: Workspace) -> None:
    data = b"\xef\xbb\xbf\r\n" + csv_bytes(ROWS[0], "", ",,,,,,,", ROWS[1]).replace(b"\n", b"\r\n")
    preview = pupils.preview_import(workspace, data, "x.csv")
    assert [r.line for r in preview.new] == [3, 6]


def xlsx(rows: list[list[object]], *, formats: dict[int, str] | None = None, title_sheet: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title_sheet:
        sheet.title = "Notes"
        sheet.append(["Exported from the MIS"])
        sheet = book.create_sheet("Students")
    sheet.append(["Student List"])  # a title row above the headers
    for row in rows:
        sheet.append(row)
    for column, number_format in (formats or {}).items():
        for cells in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
            for cell in cells:
                cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_numbers_come_back_as_written(workspace: Workspace) -> None:
    header = ["Admission Number", "UPN", "Legal Surname", "Legal Forename", "Year Group", "Registration Group", "DOB"]
    data = xlsx(
        [
            header,
            [464, "N420276742046", "Jones", "Priya", 4, "4A", dt.datetime(2017, 6, 6)],
            [751.0, "X27841454546F", "White", "Kacper", "R", "RA", "16/11/2020"],
        ],
        formats={1: "000000"},
        title_sheet=True,
    )
    choice = pupils.detect_columns(workspace, data, "bromcom.xlsx")
    assert (choice.sheet, choice.header_line, choice.source) == ("Students", 2, "Bromcom")
    imported(workspace, data, "bromcom.xlsx")
    rows = by_admission(workspace)
    assert set(rows) == {"000464", "000751"}
    assert (rows["000464"].year_group, rows["000464"].date_of_birth) == ("Year 4", dt.date(2017, 6, 6))


def test_xlsx_cells_without_a_format_keep_their_digits() -> None:
    assert tabular.cell_text(464.0) == "464"
    assert tabular.cell_text(464, "000000") == "000464"
    assert tabular.cell_text(2.5, "0.00") == "2.50"
    assert tabular.cell_text(dt.datetime(2017, 6, 6)) == "2017-06-06"


# -- bad files ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4, "is a picture (PNG), not a CSV or XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "old-style Excel"),
        (bytes(range(1, 32)) * 200, "not a CSV file"),
        (b"", "The file is empty."),
        (b"PK\x03\x04garbage", "damaged or not a spreadsheet"),
    ],
)
def test_a_binary_file_named_csv_is_refused_clearly(workspace: Workspace, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pupils.preview_import(workspace, data, "pupils.csv")


def test_unknown_columns_name_what_is_missing_and_a_mapping_fixes_it(workspace: Workspace) -> None:
    data = csv_bytes("000464,Jones,Priya,4A", header="Ref,Family,Given,Group\n")
    choice = pupils.detect_columns(workspace, data, "odd.csv")
    assert choice.mapping == {} and choice.headers == ["Ref", "Family", "Given", "Group"]
    assert choice.missing == ["Legal surname", "Legal first name", "UPN or admission number"]
    with pytest.raises(ValidationError, match="Choose the column for the legal surname and the legal first name"):
        pupils.preview_import(workspace, data, "odd.csv")
    mapping = {"admission_number": "Ref", "legal_last_name": "Family", "legal_first_name": "Given"}
    with pytest.raises(ValidationError, match="no column 'Nope'"):
        pupils.preview_import(workspace, data, "odd.csv", {**mapping, "class_name": "Nope"})
    preview = pupils.preview_import(workspace, data, "odd.csv", {**mapping, "class_name": "Group"})
    pupils.apply_import(workspace, preview)
    assert by_admission(workspace)["000464"].class_name == "4A"
    remembered = pupils.detect_columns(workspace, data, "odd.csv")
    assert remembered.remembered and remembered.mapping["class_name"] == "Group"


def test_hostile_cells_are_stored_as_plain_text(workspace: Workspace) -> None:
    hostile = '"=HYPERLINK(""http://evil.example"",""Click"")"'
    data = csv_bytes(
        f"000464,N420276742046,{hostile},<b>Priya</b>,,Year 4,'); DROP TABLE pupil;--,06/06/2017",
    )
    imported(workspace, data)
    pupil = by_admission(workspace)["000464"]
    assert pupil.legal_last_name == '=HYPERLINK("http://evil.example","Click")'
    assert pupil.legal_first_name == "<b>Priya</b>"
    assert pupil.class_name == "'); DROP TABLE pupil;--"
    assert len(pupils.list_pupils(workspace)) == 1


def test_duplicate_rows_skip_and_a_duplicate_upn_is_refused_with_both_lines(workspace: Workspace) -> None:
    twice = pupils.preview_import(workspace, csv_bytes(ROWS[0], ROWS[1], ROWS[0]), "x.csv")
    assert twice.duplicates == [(4, 2)] and twice.refused == [] and len(twice.new) == 2
    clash = ROWS[1].replace("X27841454546F", "N420276742046")
    preview = pupils.preview_import(workspace, csv_bytes(ROWS[0], clash), "x.csv")
    assert [(r.line, r.reason) for r in preview.refused] == [
        (3, "The UPN N420276742046 is also on line 2, with different details.")
    ]


def test_nothing_is_saved_while_any_row_is_refused(workspace: Workspace) -> None:
    bad = [
        "000001,,Smith,Ann,,Year 4,4A,31/02/2017",
        "000002,,,Bob,,Year 4,4A,",
        ",,Jones,Cai,,Year 4,4A,",
        "000004,=1+1,Lee,Dee,,Year 4,4A,",
    ]
    preview = pupils.preview_import(workspace, csv_bytes(*ROWS, *bad), "x.csv")
    assert [(r.line, r.reason) for r in preview.refused] == [
        (5, "The date of birth '31/02/2017' is not a date (use dd/mm/yyyy)."),
        (6, "No surname."),
        (7, "No UPN and no admission number."),
        (8, "The UPN '=1+1' is not a UPN (letters and digits, 13 of them)."),
    ]
    assert not preview.can_apply and len(preview.new) == 3
    with pytest.raises(ValidationError, match="4 rows of the file cannot be imported.*Nothing was saved"):
        pupils.apply_import(workspace, preview)
    assert pupils.list_pupils(workspace, include_off_roll=True) == []


def test_a_register_changed_since_the_preview_is_refused(workspace: Workspace) -> None:
    preview = pupils.preview_import(workspace, csv_bytes(*ROWS), "x.csv")
    imported(workspace, csv_bytes(ROWS[0]))
    with pytest.raises(ValidationError, match="changed since this preview"):
        pupils.apply_import(workspace, preview)
    assert len(pupils.list_pupils(workspace)) == 1


# -- incidents' pupils ----------------------------------------------------------------------------------------


def test_incidents_pupils_are_linked_where_exactly_one_pupil_matches(workspace: Workspace) -> None:
    names = [
        ("oisin KHAN", "Year 4"),  # accents and case aside: linked
        ("Kacz White", ""),  # preferred name, no year given: linked
        ("Priya Jones", "Year 6"),  # the year differs: stays a name
        ("Sam Nobody", "Year 4"),  # nobody: stays a name
    ]
    incidents.log_incident(
        workspace,
        IncidentInput(
            category=IncidentCategory.CYBERBULLYING,
            received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
            reported_by="Mrs Lan",
            description="Comments between pupils.",
            people=[PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, n, y) for n, y in names],
        ),
    )
    result = imported(workspace, csv_bytes(*ROWS))
    assert result.incident_pupils_linked == 2
    rows = by_admission(workspace)
    with workspace.read() as session:
        links = {p.name: p.pupil_id for p in session.scalars(select(IncidentPerson))}
    assert links == {
        "oisin KHAN": rows["000696"].id,
        "Kacz White": rows["000751"].id,
        "Priya Jones": None,
        "Sam Nobody": None,
    }


def test_a_pupil_named_in_an_incident_after_the_import_is_linked_when_it_is_saved(workspace: Workspace) -> None:
    imported(workspace, csv_bytes(*ROWS))
    logged = incidents.log_incident(
        workspace,
        IncidentInput(
            category=IncidentCategory.CYBERBULLYING,
            received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
            reported_by="Mrs Lan",
            description="Comments between pupils.",
            people=[PersonInput(InvolvedKind.PUPIL, InvolvedRole.VICTIM, "Oisín Khan", "Year 4")],
        ),
    )
    with workspace.read() as session:
        linked = session.scalars(select(IncidentPerson.pupil_id).where(IncidentPerson.incident_id == logged.id)).all()
    assert linked == [by_admission(workspace)["000696"].id]
