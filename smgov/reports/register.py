"""The printable registers for the governors' file: the account register and the staff training matrix.

Both are wide tables on landscape A4 with the column headings repeated on every page, marked confidential and dated.
They take plain values (no database objects) and never hold a secret: the register says who runs each account, not
how to log in to it. The training matrix has a row for each named member of staff on each account; anyone not yet
trained or not yet signed up to the terms of use stands out in bold ("Not trained", "Not signed"), which survives a
greyscale printer. The register marks what the dashboard warns of the same way: a review date that has passed
("Overdue") and an account run by fewer than the two named staff the policy asks for ("Fewer than two").

A register can be long (the large demo has 1,000 accounts): each row's height is measured once here and given to the
table, so splitting it over 70 pages does not measure every remaining row again on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from typing_extensions import override

from smgov.data.words import plural
from smgov.reports.pdf import FONT_BOLD, RULE, SHADE, Letterhead, PdfDocument, escape, uk_date

CONFIDENTIAL = "CONFIDENTIAL: for the governors' file"
CELL_LIMIT = 300  # characters of one value printed in a cell; a register is a summary, not the record itself
STAFF_LIMIT = 250  # characters of named staff in one cell, then "and N more" (within CELL_LIMIT)
PAD = 1.6 * mm


@dataclass(frozen=True)
class RegisterAccount:
    """One line of the account register, as plain values."""

    reference: str
    platform: str
    handle: str
    name: str
    status: str
    lead: str
    named_staff: Sequence[str]
    review_date: date | None
    is_public: bool
    aup_link_in_about: bool
    monitoring: str
    review_overdue: bool = False  # its review date has passed (the dashboard's rule): printed in bold, "Overdue"
    too_few_staff: bool = False  # run (or about to be) by fewer than two current named staff: printed in bold


@dataclass(frozen=True)
class TrainingEntry:
    """One line of the training matrix: a named member of staff on an account."""

    account: str  # what the account is called, and its status, e.g. "PE department · Active"
    account_detail: str  # e.g. "Facebook @spixworthpe · ACC-00004"
    person: str
    role: str
    trained_on: date | None
    terms_signed_on: date | None
    authorised_by: str
    authorised_on: date | None
    person_id: int | None = None  # tells apart two people of one name when the summary counts people


Cell = str | tuple[str, bool]  # text, or (text, bold)


def clip(text: str, limit: int = CELL_LIMIT, lines: int = 3) -> str:
    """``text`` with its spacing tidied, at most ``lines`` lines and about ``limit`` characters (cut at a word, with
    "…" where it was cut), so that no value, however long, makes a row taller than a page."""
    kept = [" ".join(line.split()) for line in text.splitlines()]
    kept = [line for line in kept if line]
    cut = len(kept) > lines
    joined = "\n".join(kept[:lines])
    if len(joined) > limit:
        joined, cut = joined[:limit].rsplit(" ", 1)[0][: limit - 1], True
    return joined + "…" if cut else joined


def staff_names(names: Sequence[str]) -> str:
    """The named staff, comma-separated, and "and N more" past about :data:`STAFF_LIMIT` characters."""
    shown: list[str] = []
    length = 0
    for index, name in enumerate(names):
        name = clip(name, 120)
        if shown and length + len(name) > STAFF_LIMIT:
            return ", ".join(shown) + f" and {len(names) - index} more"
        shown.append(name)
        length += len(name) + 2
    return ", ".join(shown)


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _day(value: date | None) -> str:
    return uk_date(value) if value else ""


class RegisterDocument(PdfDocument):
    """A landscape table of the register, its headings repeated on each page."""

    pagesize = landscape(A4)
    left_margin = 15 * mm
    right_margin = 15 * mm
    top_margin = 36 * mm
    bottom_margin = 18 * mm
    footer_size = 9.0
    smallest_text = 8.0
    columns: Sequence[tuple[str, float]] = ()  # heading and width in mm; one column of width 0 takes what is left

    def __init__(self, letterhead: Letterhead, *, printed_on: date | None = None) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        body = self.styles["body"]
        self.cell = ParagraphStyle("register_cell", parent=body, fontSize=9, leading=11)
        self.bold = ParagraphStyle("register_bold", parent=self.cell, fontName=FONT_BOLD)
        self.head = ParagraphStyle("register_head", parent=self.cell, fontName=FONT_BOLD)

    @property
    @override
    def footer_note(self) -> str:
        return f"{CONFIDENTIAL} · {self.title} · Printed {uk_date(self.printed_on)}"

    def intro(self, summary: str) -> list[Flowable]:
        return [
            Paragraph(escape(f"{CONFIDENTIAL}. As at {uk_date(self.printed_on)}."), self.head),
            Paragraph(escape(summary), self.cell),
            Spacer(0, 3 * mm),
        ]

    def table(self, rows: Sequence[Sequence[Cell]]) -> Table:
        """The rows under the headings, each row measured once (see the module's note)."""
        widths = [width * mm for _, width in self.columns]
        widths = [width or self.frame_width - sum(widths) for width in widths]
        data: list[list[Any]] = [[Paragraph(escape(heading), self.head) for heading, _ in self.columns]]
        for row in rows:
            cells = []
            for value in row:
                text, bold = value if isinstance(value, tuple) else (value, False)
                cells.append(Paragraph(escape(clip(text)), self.bold if bold else self.cell))
            data.append(cells)
        heights = [
            max(cell.wrap(width - 2 * PAD, 10_000)[1] for cell, width in zip(cells, widths, strict=True)) + 2 * PAD
            for cells in data
        ]
        table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    *[(f"{side}PADDING", (0, 0), (-1, -1), PAD) for side in ("TOP", "BOTTOM", "LEFT", "RIGHT")],
                ]
            )
        )
        return table

    def nothing(self, text: str) -> list[Flowable]:
        return [Paragraph(escape(text), self.cell)]


class AccountRegisterDocument(RegisterDocument):
    title = "Account register"
    columns = (
        ("Reference", 24),
        ("Platform and handle", 40),
        ("Name", 34),
        ("Status", 22),
        ("Lead", 28),
        ("Named staff", 0),
        ("Review date", 24),
        ("Public", 15),
        ("AUP link", 15),
        ("Monitoring", 24),
    )

    def __init__(
        self, letterhead: Letterhead, accounts: Sequence[RegisterAccount], *, printed_on: date | None = None
    ) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        self.accounts = list(accounts)

    @override
    def story(self) -> list[Flowable]:
        count = len(self.accounts)
        overdue = sum(1 for a in self.accounts if a.review_overdue)
        short = sum(1 for a in self.accounts if a.too_few_staff)
        summary = (
            f"{plural(count, 'account')}, by status then name. Named staff are those authorised "
            "to run the account today. Login details are kept in the school's credential record, never here. "
            f"{plural(overdue, 'review')} overdue and {plural(short, 'account')} with fewer than the two named staff "
            "the policy asks for, shown in bold."
        )
        if not self.accounts:
            return [*self.intro(summary), *self.nothing("No accounts are recorded yet.")]
        rows = [
            [
                a.reference,
                f"{a.platform}\n@{a.handle}" if a.handle else a.platform,
                a.name,
                a.status,
                a.lead or ("None named", True),
                _named_staff(a),
                (f"{_day(a.review_date)}\nOverdue", True) if a.review_overdue else _day(a.review_date),
                _yes_no(a.is_public),
                _yes_no(a.aup_link_in_about),
                a.monitoring,
            ]
            for a in self.accounts
        ]
        return [*self.intro(summary), self.table(rows)]


def _named_staff(account: RegisterAccount) -> Cell:
    names = staff_names(account.named_staff)
    if not names:
        return "None named", True
    if account.too_few_staff:
        return f"{names}\nFewer than two", True
    return names


class TrainingMatrixDocument(RegisterDocument):
    title = "Staff training matrix"
    columns = (
        ("Account", 76),
        ("Person", 44),
        ("Role on the account", 24),
        ("Social media training", 28),
        ("Terms of use signed", 28),
        ("Authorised by", 0),
        ("Authorised on", 24),
    )

    def __init__(
        self, letterhead: Letterhead, entries: Sequence[TrainingEntry], *, printed_on: date | None = None
    ) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        self.entries = list(entries)

    @override
    def story(self) -> list[Flowable]:
        def people(entries: Sequence[TrainingEntry]) -> int:
            return len({e.person_id if e.person_id is not None else e.person for e in entries})

        untrained = people([e for e in self.entries if e.trained_on is None])
        unsigned = people([e for e in self.entries if e.terms_signed_on is None])
        summary = (
            f"{plural(len(self.entries), 'place')} for named staff on the school's accounts, held by "
            f"{plural(people(self.entries), 'person', 'people')} (a person named on two accounts "
            f"has two rows). Not yet trained in the social media policy: "
            f"{plural(untrained, 'person', 'people')}. Not yet signed up to its terms of use: "
            f"{plural(unsigned, 'person', 'people')}."
        )
        if not self.entries:
            return [*self.intro(summary), *self.nothing("No staff are named on any account yet.")]
        rows = [
            [
                f"{e.account}\n{e.account_detail}",
                e.person,
                e.role,
                _day(e.trained_on) if e.trained_on else ("Not trained", True),
                _day(e.terms_signed_on) if e.terms_signed_on else ("Not signed", True),
                e.authorised_by or ("Not recorded", True),
                _day(e.authorised_on),
            ]
            for e in self.entries
        ]
        return [*self.intro(summary), self.table(rows)]


def account_register_pdf(
    letterhead: Letterhead, accounts: Sequence[RegisterAccount], *, printed_on: date | None = None
) -> bytes:
    """The account register for the governors' file, in the order given."""
    return AccountRegisterDocument(letterhead, accounts, printed_on=printed_on).render()


def training_matrix_pdf(
    letterhead: Letterhead, entries: Sequence[TrainingEntry], *, printed_on: date | None = None
) -> bytes:
    """The staff training matrix for the governors' file, in the order given."""
    return TrainingMatrixDocument(letterhead, entries, printed_on=printed_on).render()
