"""Forms that can still be completed: a filled form keeps every empty row at full height as a fillable field, one
square tick box everywhere, nothing under 9 pt, and a blank form carries the school (or a clean space for it)."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab.lib.units import mm

from smgov import documents
from smgov.__main__ import main
from smgov.data.models.accounts import AccountStatus
from smgov.data.workspace import Workspace
from smgov.reports.account_application import AccountApplication, NamedStaff, account_application_pdf
from smgov.reports.appendix_forms import blocked_content_request_pdf, inappropriate_content_report_pdf
from smgov.reports.consent_forms import FormPupil, consent_form_pdf
from smgov.reports.pdf import Letterhead
from tests.conftest import PASSPHRASE, SCHOOL
from tests.data.registers import make_account
from tests.reports.test_appendix_forms import HEAD, content_report, request

ICT_FIELDS = {"action_taken", "ict_technician", "action_date"}
UNDECIDED = {
    "approved": None,
    "decision_by": "",
    "decided_on": None,
    "decision_reasons": "",
    "authoriser": "",
    "implemented_on": None,
    "implemented_by": "",
    "expires_on": None,
}


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def fields(pdf: bytes) -> dict[str, Any]:
    return dict(read(pdf).get_fields() or {})


def widgets(pdf: bytes) -> dict[str, list[Any]]:
    """Each field's widgets (its boxes on the page) by field name."""
    found: dict[str, list[Any]] = {}
    for page in read(pdf).pages:
        annots: Any = page.get("/Annots") or []
        for ref in annots:
            annot = ref.get_object()
            name = annot.get("/T") or annot.get("/Parent", {}).get("/T")
            found.setdefault(str(name), []).append(annot)
    return found


def height_mm(annot: Any) -> float:
    rect = [float(v) for v in annot["/Rect"]]
    return (rect[3] - rect[1]) / float(mm)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in read(pdf).pages)


APPLICATION = AccountApplication(
    reference="ACC-00004",
    platform="Facebook",
    handle="spixworthpe",
    name="PE department",
    aim="Celebrate sport",
    monitoring="Every working day",
    staff=(NamedStaff("Ann Lee", "Lead", "Head", date(2026, 1, 2), True, True), NamedStaff("Bob Roy", "Poster")),
)

# Every form, blank and filled (decided and undecided): what the size and tick box checks run over.
FORMS: dict[str, Callable[[], bytes]] = {
    "appendix A blank": lambda: blocked_content_request_pdf(HEAD),
    "appendix A filled": lambda: blocked_content_request_pdf(HEAD, request()),
    "appendix A undecided": lambda: blocked_content_request_pdf(HEAD, request(**UNDECIDED)),
    "appendix A long": lambda: blocked_content_request_pdf(HEAD, request(reasons="word " * 3000)),
    "appendix B blank": lambda: inappropriate_content_report_pdf(HEAD),
    "appendix B filled": lambda: inappropriate_content_report_pdf(HEAD, content_report()),
    "application blank": lambda: account_application_pdf(HEAD),
    "application undecided": lambda: account_application_pdf(HEAD, APPLICATION),
    "application decided": lambda: account_application_pdf(
        HEAD, dataclasses.replace(APPLICATION, decision="rejected", decided_by="SLT", decided_on=date(2026, 2, 2))
    ),
    "consent blank": lambda: consent_form_pdf(HEAD),
    "consent class": lambda: consent_form_pdf(
        HEAD, pupils=[FormPupil("Zoë", "Year 4", "4B"), FormPupil("Al", "Year 4", "4B")], academic_year="2025/26"
    ),
    "no school": lambda: blocked_content_request_pdf(Letterhead("")),
}


# -- empty rows stay fillable at full height ----------------------------------------------------------------------


def test_a_filled_appendix_b_without_the_ict_part_leaves_it_fillable_at_full_height() -> None:
    blank = widgets(inappropriate_content_report_pdf(HEAD))
    pdf = inappropriate_content_report_pdf(HEAD, content_report(ict_action="", ict_action_by="", ict_action_on=None))
    found = widgets(pdf)
    assert set(fields(pdf)) == ICT_FIELDS  # the reporter's part prints as text, the technician's is to fill in
    for name in ICT_FIELDS:
        assert height_mm(found[name][0]) == pytest.approx(height_mm(blank[name][0]), abs=0.5)
    assert height_mm(found["action_taken"][0]) > 35  # room to write what was done, not a few millimetres
    assert read(pdf).get_num_pages() == 1


def test_a_filled_appendix_b_with_the_ict_part_has_no_fields_left() -> None:
    pdf = inappropriate_content_report_pdf(HEAD, content_report())
    assert not fields(pdf)
    assert "Blocked at the firewall" in text_of(pdf)


def test_an_undecided_appendix_a_leaves_the_decision_and_ict_part_to_fill_in() -> None:
    pdf = blocked_content_request_pdf(HEAD, request(**UNDECIDED))
    names = set(fields(pdf))
    assert names == {
        "approved",
        "decision_reasons",
        "authoriser_staff_name",
        "decision_date",
        "date_access_given",
        "ict_technician",
        "expiry_or_review_date",
    }
    assert fields(pdf)["approved"].get("/FT") == "/Btn"
    assert {str(w["/AP"]["/N"].keys() - {"/Off"}) for w in widgets(pdf)["approved"]} == {"{'/Yes'}", "{'/No'}"}
    assert read(pdf).get_num_pages() == 1


def test_a_decided_appendix_a_ticks_its_box_and_keeps_the_rest_fillable() -> None:
    pdf = blocked_content_request_pdf(HEAD, request(implemented_on=None, implemented_by="", expires_on=None))
    assert set(fields(pdf)) == {"date_access_given", "ict_technician", "expiry_or_review_date"}


def test_the_application_has_fillable_staff_rows_and_decision_until_decided() -> None:
    undecided = fields(account_application_pdf(HEAD, APPLICATION))
    staff_fields = {name for name in undecided if name.startswith("staff_")}
    # two named staff printed, then two empty rows, a field per cell, numbered on from the named
    assert {name.rsplit("_", 1)[0].replace("_terms", "") for name in staff_fields} >= {"staff_3", "staff_4"}
    assert {"staff_3_name", "staff_3_role", "staff_4_trained", "staff_4_terms_signed"} <= staff_fields
    assert not any(name.startswith(("staff_1_", "staff_2_", "staff_5_")) for name in staff_fields)
    assert {"decision", "decision_reasons", "decided_by", "decided_on", "profile_url"} <= set(undecided)
    assert "aim" not in undecided and "Celebrate sport" in text_of(account_application_pdf(HEAD, APPLICATION))

    decided = dataclasses.replace(
        APPLICATION, decision="approved", decided_by="SLT", decided_on=date(2026, 2, 2), decision_reasons="Fine"
    )
    names = set(fields(account_application_pdf(HEAD, decided)))
    assert not names & {"decision", "decision_reasons", "decided_by", "decided_on"}
    assert {"staff_3_name", "staff_4_name"} <= names


def test_a_blank_application_has_four_staff_rows_to_fill_in() -> None:
    names = set(fields(account_application_pdf(HEAD)))
    assert {f"staff_{n}_name" for n in range(1, 5)} <= names and "staff_5_name" not in names
    assert "decision" in names


def test_the_filled_application_from_the_register_can_still_be_decided(workspace: Workspace) -> None:
    account_id, _ = make_account(workspace, AccountStatus.SUBMITTED)
    names = set(fields(documents.filled_form("account-application", workspace, account_id)))
    assert {"decision", "decided_by", "staff_3_name", "staff_4_name"} <= names and "staff_2_name" not in names


# -- one tick box, text at least 9 pt, same page counts -----------------------------------------------------------


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_text_on_a_form_is_under_9_pt(form: str) -> None:
    reader = read(FORMS[form]())
    sizes = set()
    for page in reader.pages:
        content = page.get_contents()
        assert content is not None
        sizes |= {float(size) for size in re.findall(rb"/F\d+(?:\+\d+)? ([\d.]+) Tf", content.get_data())}
    assert sizes and min(sizes) >= 9, sorted(sizes)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_tick_box_is_the_one_square_style(form: str) -> None:
    for annots in widgets(FORMS[form]()).values():
        for annot in annots:
            if annot.get("/FT", annot.get("/Parent", {}).get("/FT")) == "/Btn":
                assert annot["/MK"]["/CA"] == "4"  # ZapfDingbats' tick, in a square; never a round radio


@pytest.mark.parametrize(
    ("form", "pages"),
    [
        ("appendix A blank", 1),
        ("appendix A filled", 1),
        ("appendix A undecided", 1),
        ("appendix B blank", 1),
        ("appendix B filled", 1),
        ("application blank", 2),
        ("application undecided", 2),
        ("consent blank", 1),
        ("consent class", 2),
    ],
)
def test_forms_still_fit_their_pages(form: str, pages: int) -> None:
    assert read(FORMS[form]()).get_num_pages() == pages


# -- the letterhead of a blank form -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["blocked-content", "inappropriate-content", "account-application", "consent"])
def test_a_blank_form_from_a_workspace_carries_the_school_name(workspace: Workspace, kind: str) -> None:
    head = documents.letterhead(workspace)
    pdf = documents.blank_form(kind, head.school_name, head.logo)
    assert SCHOOL in read(pdf).pages[0].extract_text()


@pytest.mark.parametrize("kind", ["blocked-content", "inappropriate-content", "account-application", "consent"])
def test_a_blank_form_without_a_school_leaves_a_space_to_write_it_in(kind: str) -> None:
    pdf = documents.blank_form(kind)
    first = read(pdf).pages[0].extract_text()
    assert "School name" in first
    assert SCHOOL not in first


@pytest.mark.parametrize("kind", ["blocked-content", "inappropriate-content", "account-application"])
def test_smgov_form_blank_with_the_workspace_after_blank_carries_name_and_logo(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    path = demo_workspace.path
    school = documents.letterhead(demo_workspace).school_name
    demo_workspace.close()
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "blank.pdf"
    assert main(["form", kind, "--blank", str(path), "-o", str(out)]) == 0  # as the issue and the help write it
    first = read(out.read_bytes()).pages[0]
    assert school in first.extract_text()
    resources: Any = first["/Resources"]
    images: Any = resources["/XObject"]  # the logo
    assert any(image.get_object()["/Subtype"] == "/Image" for image in images.values())
    assert fields(out.read_bytes())  # still fillable


def test_smgov_form_takes_the_workspace_once(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "blank.pdf"
    path = str(workspace.path)
    with pytest.raises(SystemExit):
        main(["form", "blocked-content", path, "--blank", path, "-o", str(out)])
    assert "give the workspace FILE once" in capsys.readouterr().err and not out.exists()


def test_a_rejected_appendix_a_marks_the_ict_part_not_needed() -> None:
    refused = request(approved=False, status="Rejected", implemented_on=None, implemented_by="", expires_on=None)
    pdf = blocked_content_request_pdf(HEAD, refused)
    assert not fields(pdf)  # nothing left that invites access to be given
    text = text_of(pdf)
    assert "Not needed: the request was rejected" in text and text.count("Not applicable") == 3
    assert read(pdf).get_num_pages() == 1
