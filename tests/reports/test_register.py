"""The account register and the staff training matrix as PDFs for the governors' file."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pypdf
import pytest

from smgov.data.models.accounts import AccountStatus, StaffRole
from smgov.data.services import accounts, people
from smgov.data.workspace import Workspace
from smgov.documents.register import account_register_pdf, register_rows, training_matrix_pdf, training_rows
from smgov.reports import register
from smgov.reports.pdf import Letterhead
from tests.data.registers import make_account, make_credential, make_person

HOSTILE = "<b>Łódź</b> & \"quotes\" =cmd|' /C calc'!A0 \u200fעברית\u200f 🎉"
PRINTED = date(2026, 3, 4)


def pages_of(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def account(n: int, **changes: object) -> register.RegisterAccount:
    values: dict[str, object] = {
        "reference": f"ACC-{n:05d}",
        "platform": "Facebook",
        "handle": f"school{n}",
        "name": f"Account {n}",
        "status": "Active",
        "lead": "Ann Lee",
        "named_staff": ["Ann Lee", "Bob Roy"],
        "review_date": date(2026, 7, 1),
        "is_public": True,
        "aup_link_in_about": False,
        "monitoring": "Weekly",
    }
    values.update(changes)
    return register.RegisterAccount(**values)  # type: ignore[arg-type]


def entry(n: int, **changes: object) -> register.TrainingEntry:
    values: dict[str, object] = {
        "account": f"Account {n} · Active",
        "account_detail": f"Facebook @school{n} · ACC-{n:05d}",
        "person": f"Person {n}",
        "role": "Poster",
        "trained_on": date(2025, 9, 1),
        "terms_signed_on": date(2025, 9, 2),
        "authorised_by": "Dr Head",
        "authorised_on": date(2025, 9, 3),
    }
    values.update(changes)
    return register.TrainingEntry(**values)  # type: ignore[arg-type]


# -- the documents ------------------------------------------------------------------------------------------------


def test_the_register_is_confidential_dated_and_repeats_its_headings_on_every_page() -> None:
    pages = pages_of(
        register.account_register_pdf(Letterhead("Spixworth"), [account(n) for n in range(60)], printed_on=PRINTED)
    )
    assert len(pages) > 2
    for page in pages:
        assert "Named staff" in page and "Review date" in page and "AUP link" in page  # the heading row, repeated
        assert "CONFIDENTIAL: for the governors' file" in page and "04/03/2026" in page
    text = " ".join(pages)
    assert all(f"ACC-{n:05d}" in text for n in range(60))
    assert "Ann Lee, Bob Roy" in text and "01/07/2026" in text


def test_hostile_and_huge_text_prints_literally_or_clipped_never_breaking_the_page() -> None:
    rows = [
        account(1, name=HOSTILE, lead=HOSTILE, named_staff=[HOSTILE, "Zed Khan"]),
        account(2, name="x" * 10_000, handle="y" * 10_000, named_staff=[f"Person {n}" for n in range(500)]),
        account(3, name="line\n" * 5_000, monitoring="\x00\x07 tab\there"),
    ]
    pages = pages_of(register.account_register_pdf(Letterhead(HOSTILE), rows))
    text = " ".join(pages)
    assert "<b>Łódź</b> & \"quotes\" =cmd|' /C calc'!A0" in text
    assert "Zed Khan" in text and "and 4" in text and "more" in text  # 500 named staff: the first, then "and N more"
    assert len(pages) <= 3


def test_the_matrix_makes_the_untrained_and_unsigned_stand_out_in_bold() -> None:
    entries = [entry(1), entry(2, trained_on=None), entry(3, terms_signed_on=None, authorised_by="")]
    pdf = register.training_matrix_pdf(Letterhead("Spixworth"), entries, printed_on=PRINTED)
    text = " ".join(pages_of(pdf))
    assert "Not trained" in text and "Not signed" in text and "Not recorded" in text
    assert "Not yet trained in the social media policy: 1 person." in text
    assert "Not yet signed up to its terms of use: 1 person." in text
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None
    # bold is a font of its own: the words standing out are set in DejaVuSans-Bold
    fonts: Any = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    assert any("Bold" in str(font.get_object()["/BaseFont"]) for font in fonts.values())


def bold_text(pdf: bytes) -> str:
    """The words a page sets in the bold face (what stands out on paper, greyscale or not)."""
    found: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if font is not None and "Bold" in str(font.get("/BaseFont", "")):
            found.append(text)

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return " ".join(" ".join(found).split())


def test_the_register_makes_overdue_reviews_and_too_few_named_staff_stand_out() -> None:
    rows = [
        account(1, name="Fine account"),
        account(2, review_date=date(2026, 1, 5), review_overdue=True),
        account(3, named_staff=["Cai Jones"], too_few_staff=True),
    ]
    pdf = register.account_register_pdf(Letterhead("Spixworth"), rows, printed_on=PRINTED)
    text = " ".join(pages_of(pdf))
    assert "1 review overdue and 1 account with fewer than the two named staff" in text
    bold = bold_text(pdf)
    assert "05/01/2026 Overdue" in bold and "Cai Jones Fewer than two" in bold
    assert "01/07/2026" not in bold and "Ann Lee, Bob Roy" not in bold


def test_counts_in_the_thousands_are_grouped() -> None:
    rows = [account(n) for n in range(1200)]
    first = pages_of(register.account_register_pdf(Letterhead("Spixworth"), rows))[0]
    assert "1,200 accounts, by status then name" in first


def test_the_matrix_counts_people_not_rows() -> None:
    entries = [
        entry(1, person="Ann Lee", person_id=7, trained_on=None),
        entry(2, person="Ann Lee", person_id=7, trained_on=None),
        entry(3, person="Ann Lee", person_id=8),  # another Ann Lee
    ]
    text = " ".join(pages_of(register.training_matrix_pdf(Letterhead("Spixworth"), entries)))
    assert "3 places for named staff on the school's accounts, held by 2 people" in text
    assert "Not yet trained in the social media policy: 1 person." in text


def test_empty_registers_say_so() -> None:
    assert "No accounts are recorded yet." in pages_of(register.account_register_pdf(Letterhead(""), []))[0]
    assert "No staff are named on any account yet." in pages_of(register.training_matrix_pdf(Letterhead(""), []))[0]


@pytest.mark.parametrize("text", ["", "short", "a " * 400, "one\ntwo\nthree\nfour\nfive"])
def test_clip_keeps_a_cell_within_bounds(text: str) -> None:
    clipped = register.clip(text)
    assert len(clipped) <= register.CELL_LIMIT + 1 and clipped.count("\n") <= 2
    if len(" ".join(text.split())) <= register.CELL_LIMIT and text.count("\n") < 3:
        assert clipped == " ".join(text.split())


# -- from the workspace -------------------------------------------------------------------------------------------


def test_the_demo_register_lists_every_account_by_status_then_name(demo_workspace: Workspace) -> None:
    rows = register_rows(demo_workspace)
    listed = accounts.list_accounts(demo_workspace)
    assert len(rows) == len(listed)
    order = list(AccountStatus)
    statuses = {status.label: status for status in AccountStatus}
    keys = [(order.index(statuses[r.status]), (r.name or r.handle).casefold()) for r in rows]
    assert keys == sorted(keys)
    text = " ".join(pages_of(account_register_pdf(demo_workspace)))
    assert all(r.reference in text for r in rows)
    assert "Brambleford" in text  # the school's letterhead


def test_the_register_names_current_staff_and_never_a_secret(workspace: Workspace) -> None:
    account_id, person_ids = make_account(workspace, AccountStatus.ACTIVE, staff=3)
    make_credential(workspace, account_id, secret="Never-In-The-Register-4471")
    leaver = person_ids[2]
    form = people.get_person(workspace, leaver)
    assert form is not None
    people_form = people.PersonForm(
        full_name=form.full_name,
        role="Teacher",
        email=f"left{leaver}@school.example.org",
        leaving_date=date(2020, 1, 1),
    )
    people.update_person(workspace, leaver, people_form)
    pdf = account_register_pdf(workspace)
    assert b"Never-In-The-Register" not in pdf
    text = " ".join(pages_of(pdf))
    names = [accounts.get_account(workspace, account_id).current_staff[i].person_name for i in range(2)]
    assert all(name in text for name in names) and form.full_name not in text


def test_the_register_flags_what_the_dashboard_flags(workspace: Workspace) -> None:
    short_id, _ = make_account(workspace, AccountStatus.ACTIVE)
    poster = accounts.get_account(workspace, short_id).current_staff[1]
    accounts.remove_staff(workspace, short_id, poster.id)  # one named member of staff left
    draft_id, _ = make_account(workspace, AccountStatus.DRAFT, staff=1)
    review = date(2026, 3, 1)
    for account_id in (short_id, draft_id):
        form = accounts.get_account(workspace, account_id).form
        accounts.update_account(workspace, account_id, replace(form, review_date=review))
    by_reference = {row.reference: row for row in register_rows(workspace, review + timedelta(days=1))}
    short, draft = by_reference[f"ACC-{short_id:05d}"], by_reference[f"ACC-{draft_id:05d}"]
    assert short.too_few_staff and short.review_overdue
    assert draft.review_overdue and not draft.too_few_staff  # a draft need not have its two named staff yet
    assert not any(row.review_overdue for row in register_rows(workspace, review))  # due today is not overdue
    bold = bold_text(account_register_pdf(workspace, printed_on=review + timedelta(days=1)))
    assert "Overdue" in bold and "Fewer than two" in bold


def test_the_matrix_has_a_row_per_account_and_named_person(demo_workspace: Workspace) -> None:
    entries = training_rows(demo_workspace)
    expected = sum(row.current_staff for row in accounts.list_accounts(demo_workspace))
    assert len(entries) == expected > 0
    text = " ".join(pages_of(training_matrix_pdf(demo_workspace)))
    assert all(e.person in text for e in entries)
    untrained = [e for e in entries if e.trained_on is None]
    assert ("Not trained" in text) == bool(untrained)


def test_an_untrained_person_shows_as_not_trained(workspace: Workspace) -> None:
    account_id = make_account(workspace, AccountStatus.ACTIVE)[0]
    person_id = make_person(workspace, "Gwenllïan <Untrained>", social_media_training_on=None, terms_signed_on=None)
    accounts.add_staff(workspace, account_id, person_id, StaffRole.POSTER, "Dr Head", date(2026, 2, 1))
    entries = training_rows(workspace)
    mine = [e for e in entries if e.person == "Gwenllïan <Untrained>"]
    assert len(mine) == 1 and mine[0].trained_on is None and mine[0].terms_signed_on is None
    assert mine[0].role == "Poster" and mine[0].authorised_on == date(2026, 2, 1)
    text = " ".join(pages_of(training_matrix_pdf(workspace)))
    assert "Gwenllïan <Untrained>" in text and "Not trained" in text and "Not signed" in text
