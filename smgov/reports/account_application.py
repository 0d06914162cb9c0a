"""The account application: the business case a member of staff puts to SLT through the business manager.

It covers the policy's points (aim, audience and content plan, content types, promotion, who will run it: at least
two named staff; public, not private), and ends with SLT's decision and signature boxes. Printed blank for paper
use, or filled from a register entry. A filled form can still be completed: anything the entry has not got yet (a
profile address, SLT's decision, more named staff) is a fillable field at the blank form's height, and an undecided
Approved/Rejected is a fillable tick box. All text is at least 9 pt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from typing_extensions import override

from smgov.reports.pdf import RULE, SHADE, FormField, Letterhead, PdfDocument, escape, uk_date


@dataclass(frozen=True)
class NamedStaff:
    name: str
    role: str
    authorised_by: str = ""
    authorised_on: dt.date | None = None
    trained: bool = False
    terms_signed: bool = False


@dataclass(frozen=True)
class AccountApplication:
    """Everything the form shows, as plain values (no database objects)."""

    reference: str
    platform: str
    handle: str
    name: str = ""
    profile_url: str = ""
    aim: str = ""
    audience: str = ""
    content_plan: str = ""
    content_types: str = ""
    promotion: str = ""
    linked_email: str = ""
    is_public: bool = True
    aup_link_in_about: bool = False
    monitoring: str = ""
    review_date: dt.date | None = None
    status: str = ""
    staff: Sequence[NamedStaff] = field(default_factory=tuple)
    decision: str = ""  # "approved" | "rejected" | ""
    decided_by: str = ""
    decided_on: dt.date | None = None
    decision_reasons: str = ""


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


STAFF_COLUMNS = (
    ("Name", "name", 0.28),
    ("Role", "role", 0.14),
    ("Authorised by (date)", "authorised_by", 0.28),
    ("Policy training", "trained", 0.15),
    ("Terms of use signed", "terms_signed", 0.15),
)


class AccountApplicationForm(PdfDocument):
    title = "Social media account application"
    footer_size = 9.0
    smallest_text = 9.0

    def __init__(self, letterhead: Letterhead, application: AccountApplication | None = None) -> None:
        super().__init__(letterhead)
        self.application = application
        self.styles["small"].fontSize, self.styles["small"].leading = 9, 11.5  # nothing on a form under 9 pt

    @property
    @override
    def footer_note(self) -> str:
        """The form and its reference on every page, so a loose second page still says which account it is."""
        reference = f" · {self.application.reference}" if self.application and self.application.reference else ""
        return f"Social media account application{reference} · Printed {uk_date(self.printed_on)}"

    @override
    def story(self) -> list[Flowable]:
        app = self.application
        blank = app is None
        styles = self.styles

        def value(text: str | None, name: str, height: float = 10 * mm) -> str | Flowable | None:
            if blank or not text:
                return FormField(name, height=height)
            return text

        story: list[Flowable] = [
            Paragraph(
                "A business case for a new official social media account, presented to the Senior Leadership Team "
                "through the School Business Manager. SLT must be satisfied that everyone who will run the account "
                "has read and understood the social media policy and received appropriate training.",
                styles["body"],
            ),
            Spacer(0, 4 * mm),
            Paragraph("1. The account", styles["heading"]),
            self.field_table(
                [
                    ("Reference", value(app.reference if app else None, "reference")),
                    ("Platform", value(app.platform if app else None, "platform")),
                    ("Account name", value(app.name if app else None, "account_name")),
                    ("Handle", value(f"@{app.handle}" if app and app.handle else None, "handle")),
                    ("Profile address (URL)", value(app.profile_url if app else None, "profile_url")),
                    ("Linked school email", value(app.linked_email if app else None, "linked_email")),
                    ("Open to the public", value(_yes_no(app.is_public) if app else None, "public")),
                    (
                        "AUP link in its About page",
                        value(_yes_no(app.aup_link_in_about) if app else None, "aup_link"),
                    ),
                    ("Monitoring frequency", value(app.monitoring if app else None, "monitoring")),
                    (
                        "Review date",
                        value(uk_date(app.review_date) if app and app.review_date else None, "review_date"),
                    ),
                ],
                label_width=55 * mm,
            ),
            Spacer(0, 4 * mm),
            Paragraph("2. The business case", styles["heading"]),
            self.field_table(
                [
                    ("The aim of the account", value(app.aim if app else None, "aim", 20 * mm)),
                    ("The intended audience", value(app.audience if app else None, "audience", 14 * mm)),
                    ("Content plan", value(app.content_plan if app else None, "content_plan", 20 * mm)),
                    ("Types of content", value(app.content_types if app else None, "content_types", 14 * mm)),
                    ("How the account will be promoted", value(app.promotion if app else None, "promotion", 14 * mm)),
                ],
                label_width=55 * mm,
            ),
            Spacer(0, 4 * mm),
            KeepTogether(
                [
                    Paragraph("3. Who will run the account (at least two named staff)", styles["heading"]),
                    self._staff_table(),
                ]
            ),
            Spacer(0, 5 * mm),
            KeepTogether(self._decision()),
        ]
        return story

    def _staff_table(self) -> Table:
        styles = self.styles
        rows: list[list[object]] = [[Paragraph(escape(h), styles["label"]) for h, _, _ in STAFF_COLUMNS]]
        staff = list(self.application.staff) if self.application else []
        for person in staff:
            authorised = person.authorised_by
            if person.authorised_on:
                authorised += f" ({uk_date(person.authorised_on)})"
            rows.append(
                [
                    Paragraph(escape(person.name), styles["body"]),
                    Paragraph(escape(person.role), styles["body"]),
                    Paragraph(escape(authorised or "—"), styles["body"]),
                    Paragraph(_yes_no(person.trained), styles["body"]),
                    Paragraph(_yes_no(person.terms_signed), styles["body"]),
                ]
            )
        # Rows still to fill in (four on a blank form, at least two on a filled one), a fillable field per cell.
        blank_rows = 4 if self.application is None else 2
        for number in range(len(staff) + 1, len(staff) + blank_rows + 1):
            rows.append(
                [
                    FormField(f"staff_{number}_{key}", height=9 * mm, tooltip=f"Named staff {number}: {heading}")
                    for heading, key, _ in STAFF_COLUMNS
                ]
            )
        widths = [share * self.frame_width for _, _, share in STAFF_COLUMNS]
        table = Table(
            rows,
            colWidths=widths,
            rowHeights=[None] * (len(rows) - blank_rows) + [9 * mm] * blank_rows,
            repeatRows=1,  # a long list of named staff runs over pages: its headings on each
        )
        empty = (0, len(rows) - blank_rows), (-1, -1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.8 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
                    *[
                        (padding, *empty, 0)
                        for padding in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")
                    ],
                ]
            )
        )
        return table

    def _decision(self) -> list[Flowable]:
        app = self.application
        styles = self.styles
        checked = set()
        if app and app.decision == "approved":
            checked.add("Approved")
        elif app and app.decision == "rejected":
            checked.add("Rejected")
        reasons: str | Flowable = (
            app.decision_reasons if app and app.decision_reasons else FormField("decision_reasons", height=20 * mm)
        )
        decided_by: str | Flowable = app.decided_by if app and app.decided_by else FormField("decided_by")
        decided_on: str | Flowable = (
            uk_date(app.decided_on) if app and app.decided_on else FormField("decided_on", tooltip="Date of decision")
        )
        return [
            Paragraph("4. Decision of the Senior Leadership Team", styles["heading"]),
            self.checkbox_row(["Approved", "Rejected"], checked=checked, name="decision", tooltip="SLT's decision"),
            Spacer(0, 2 * mm),
            self.field_table(
                [
                    ("Reasons and any conditions", reasons),
                    ("Decided by (name and role)", decided_by),
                    ("Date of decision", decided_on),
                ],
                label_width=55 * mm,
                blank_height=10 * mm,
            ),
            Spacer(0, 6 * mm),
            self.signature_block(("Signed (for SLT)", "Date"), weights=(2, 1)),
            Spacer(0, 4 * mm),
            Paragraph(
                "Once approved, the School Business Manager creates the account, keeps its login details in the "
                "school's credential record (IT keeps a copy), and records who is authorised to post.",
                styles["small"],
            ),
        ]


def account_application_pdf(letterhead: Letterhead, application: AccountApplication | None = None) -> bytes:
    """The application filled from ``application``, or blank for paper use when it is None."""
    return AccountApplicationForm(letterhead, application).render()
