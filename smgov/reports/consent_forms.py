"""The Images and Videos Parental Consent Form (the Spixworth policy, §7, names it): blank and fillable on screen or
on paper, pre-filled for one pupil, or for a whole class in one PDF, one page per pupil, ready to send home.

The form asks, purpose by purpose, whether images and videos of the pupil may be used, with room for a restriction
("first name only"), and who gives consent (whoever holds parental responsibility). Its wording follows the policy.
Each page's fields are fillable (the tick boxes as one Yes/No choice per purpose); in a class batch the fields of
each page are named after the page, so filling in one pupil's form never fills another's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle
from typing_extensions import override

from smgov.reports.appendix_forms import SECTION
from smgov.reports.pdf import (
    FONT_BOLD,
    RULE,
    SHADE,
    FormField,
    Letterhead,
    PdfDocument,
    TickBox,
    escape,
    uk_date,
)

FORM_TITLE = "Images and Videos Parental Consent Form"
PURPOSE_ROW = 11 * mm
MEDIA_WORDS = {"photo": "Photos", "video": "Videos", "both": "Photos and videos"}


@dataclass(frozen=True)
class FormPurpose:
    """A purpose as the form asks about it: its label and what it covers ("photo", "video" or "both")."""

    key: str
    label: str
    media: str = "both"


@dataclass(frozen=True)
class FormPupil:
    """Who a pre-filled form is for (plain values; the name as the parents know the child)."""

    name: str
    year_group: str
    class_name: str


# The purposes the policies name (the same as a new workspace starts with), for a blank form printed without one.
POLICY_PURPOSES = (
    FormPurpose("school_displays", "School displays", "both"),
    FormPurpose("website", "School website", "both"),
    FormPurpose("social_photos", "Social media photos", "photo"),
    FormPurpose("social_videos", "Social media videos", "video"),
    FormPurpose("press", "Press and local media", "both"),
    FormPurpose("prospectus", "Prospectus and printed publicity", "both"),
)


def choice_box(name: str, value: str, tooltip: str) -> TickBox:
    """A square to tick, drawn so it prints, and one button of the fillable radio group ``name``, so on screen only one
    of Yes and No can be chosen for a purpose (the one tick box every form uses)."""
    return TickBox(name=name, value=value, tooltip=tooltip)


class ParentalConsentForm(PdfDocument):
    """The form, one page per pupil (or one blank page when ``pupils`` is empty)."""

    title = FORM_TITLE
    footer_size = 9.0
    smallest_text = 9.0

    def __init__(
        self,
        letterhead: Letterhead,
        purposes: Sequence[FormPurpose] = POLICY_PURPOSES,
        pupils: Sequence[FormPupil] = (),
        *,
        academic_year: str = "",
        printed_on: date | None = None,
    ) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        self.purposes = list(purposes)
        self.pupils = list(pupils)
        self.academic_year = academic_year
        self.top_margin = 33 * mm
        self.bottom_margin = 17 * mm
        styles = self.styles
        self.body = styles["body"].clone("consent_body", fontSize=9, leading=11.6, spaceAfter=1.6 * mm)
        self.cell = styles["body"].clone("consent_cell", fontSize=9.5, leading=12)
        self.cell_small = styles["small"].clone("consent_cell_small", fontSize=9, leading=10.5)
        self.head = styles["label"].clone("consent_head", fontSize=9, leading=11)
        self.section = styles["label"].clone("consent_section", fontName=FONT_BOLD, fontSize=10)

    @property
    @override
    def footer_note(self) -> str:
        return f"Please return this form to the school office · Printed {uk_date(self.printed_on)}"

    @override
    def story(self) -> list[Flowable]:
        if not self.pupils:
            return self.page(None, "")
        story: list[Flowable] = []
        for index, pupil in enumerate(self.pupils):
            if index:
                story += [PageBreak(), Paragraph(escape(self.title), self.styles["title"])]
            story += self.page(pupil, f"p{index + 1}_" if len(self.pupils) > 1 else "")
        return story

    # -- one page -----------------------------------------------------------------------------------------------

    def page(self, pupil: FormPupil | None, prefix: str) -> list[Flowable]:
        year = f" {self.academic_year}" if self.academic_year else ""
        intro = [
            "Dear parent or carer,",
            "The school may use images and videos of pupils in the ways listed below. Please tell us, for each one, "
            "whether or not you give consent for images and videos of your child to be used. Consent can be "
            "provided for certain principles only: for example, only images of your child may be posted, and not "
            f"videos. Your consent will be valid for the entire academic year{year}.",
            "Images and videos are posted only on the school's own accounts, and pupils' full names will never be "
            "used alongside any videos or images in which they are present. You may withdraw or amend your consent "
            "at any time by informing the school in writing. This will not affect the processing of any images or "
            "videos prior to when consent was withdrawn or amended; wherever it is reasonably practicable to do so, "
            "the school will take measures to remove any posts. Where no form is returned, we treat it as no "
            "consent.",
        ]
        story: list[Flowable] = [Paragraph(escape(text), self.body) for text in intro]
        story.append(Spacer(0, 1 * mm))
        story.append(self._pupil_table(pupil, prefix))
        story.append(Spacer(0, 3 * mm))
        story.append(self._purposes_table(prefix))
        story.append(Spacer(0, 3 * mm))
        story.append(self._parent_table(prefix))
        story.append(Spacer(0, 3 * mm))
        story.append(self.signature_block(("Signature", "Date"), weights=(2, 1), height=10 * mm))
        return story

    def _field(self, prefix: str, name: str, tooltip: str, height: float = 8 * mm) -> FormField:
        return FormField(f"{prefix}{name}", height=height, tooltip=tooltip)

    def _grid(
        self,
        data: list[list[Any]],
        widths: list[float],
        extra: Sequence[tuple[Any, ...]] = (),
        heights: Sequence[float | None] | None = None,
    ) -> Table:
        table = Table(data, colWidths=widths, rowHeights=heights, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2.2 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2.2 * mm),
                    *extra,
                ]
            )
        )
        return table

    def _section_row(self, title: str, columns: int) -> tuple[list[Any], list[tuple[Any, ...]]]:
        row: list[Any] = [Paragraph(escape(title), self.section)] + [""] * (columns - 1)
        return row, [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SECTION)]

    def _pupil_table(self, pupil: FormPupil | None, prefix: str) -> Table:
        label_width = 36 * mm
        half = (self.frame_width - 2 * label_width) / 2
        head, commands = self._section_row("Pupil", 4)

        def value(text: str, name: str, tooltip: str) -> Any:
            if pupil is None or (name == "academic_year" and not self.academic_year):
                return self._field(prefix, name, tooltip)
            return Paragraph(escape(text), self.cell)

        def label(text: str) -> Paragraph:
            return Paragraph(escape(text), self.head)

        name = pupil.name if pupil else ""
        data = [
            head,
            [label("Pupil's name"), value(name, "pupil_name", "Pupil's name"), "", ""],
            [
                label("Year group"),
                value(pupil.year_group if pupil else "", "year_group", "Year group"),
                label("Class"),
                value(pupil.class_name if pupil else "", "class", "Class"),
            ],
            [label("Academic year"), value(self.academic_year, "academic_year", "Academic year"), "", ""],
        ]
        commands += [
            ("SPAN", (1, 1), (3, 1)),
            ("SPAN", (1, 3), (3, 3)),
            ("BACKGROUND", (0, 1), (0, -1), SHADE),
            ("BACKGROUND", (2, 2), (2, 2), SHADE),
        ]
        if pupil is None or not self.academic_year:  # fillable boxes fill their cells
            for row in (1, 2, 3) if pupil is None else (3,):
                for column in (1, 3) if row == 2 else (1,):
                    commands += [
                        (pad, (column, row), (column, row), 0)
                        for pad in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")
                    ]
        return self._grid(data, [label_width, half, label_width, half], commands)

    def _purposes_table(self, prefix: str) -> Table:
        width = self.frame_width
        choice = 20 * mm
        restriction = 58 * mm
        purpose = width - 2 * choice - restriction
        head, commands = self._section_row("Consent: tick Yes or No for each", 4)
        columns = [
            Paragraph("Images and videos used for", self.head),
            Paragraph("Yes, I consent", self.head),
            Paragraph("No, I do not consent", self.head),
            Paragraph("Restrictions, if any (for example: first name only, group photos only)", self.head),
        ]
        data: list[list[Any]] = [head, columns]
        heights: list[float | None] = [None, None]
        commands += [
            ("BACKGROUND", (0, 1), (-1, 1), SHADE),
            ("ALIGN", (1, 2), (2, -1), "CENTER"),
            ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
        ]
        for index, item in enumerate(self.purposes):
            group = f"{prefix}consent_{index + 1}_{_field_key(item.key)}"
            label = [
                Paragraph(escape(item.label), self.cell),
                Paragraph(escape(MEDIA_WORDS.get(item.media, "Photos and videos")), self.cell_small),
            ]
            needed = sum(part.wrap(purpose - 4.4 * mm, 1000)[1] for part in label) + 3.4 * mm
            row_height = max(PURPOSE_ROW, needed)
            heights.append(row_height)
            data.append(
                [
                    label,
                    choice_box(group, "Yes", f"{item.label}: yes"),
                    choice_box(group, "No", f"{item.label}: no"),
                    FormField(f"{group}_restriction", height=row_height, tooltip=f"{item.label}: restrictions"),
                ]
            )
            row = len(data) - 1
            commands += [
                (pad, (3, row), (3, row), 0) for pad in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")
            ]
        return self._grid(data, [purpose, choice, choice, restriction], commands, heights)

    def _parent_table(self, prefix: str) -> Table:
        label_width = 60 * mm
        head, commands = self._section_row(
            "Parent or carer (consent is given by whoever holds parental responsibility)", 2
        )
        data: list[list[Any]] = [
            head,
            [Paragraph("Your name", self.head), self._field(prefix, "parent_name", "Your name")],
            [
                Paragraph("Relationship to the pupil", self.head),
                self._field(prefix, "relationship", "Relationship to the pupil"),
            ],
            [
                Paragraph("I hold parental responsibility for this pupil", self.head),
                Table(
                    [
                        [
                            choice_box(f"{prefix}parental_responsibility", "Yes", "Parental responsibility: yes"),
                            Paragraph("Yes", self.cell),
                            choice_box(f"{prefix}parental_responsibility", "No", "Parental responsibility: no"),
                            Paragraph("No", self.cell),
                        ]
                    ],
                    colWidths=[7 * mm, 15 * mm, 7 * mm, 15 * mm],
                    hAlign="LEFT",
                    style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
                ),
            ],
        ]
        commands += [("BACKGROUND", (0, 1), (0, -1), SHADE)]
        for row in (1, 2):
            commands += [
                (pad, (1, row), (1, row), 0) for pad in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")
            ]
        return self._grid(data, [label_width, self.frame_width - label_width], commands)


def _field_key(key: str) -> str:
    """A purpose key as part of a field name (PDF field names must not hold dots)."""
    return "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in key)[:40] or "purpose"


def consent_form_pdf(
    letterhead: Letterhead,
    purposes: Sequence[FormPurpose] = POLICY_PURPOSES,
    pupils: Sequence[FormPupil] = (),
    *,
    academic_year: str = "",
    printed_on: date | None = None,
) -> bytes:
    """The form: blank and fillable when ``pupils`` is empty, else one pre-filled page per pupil."""
    return ParentalConsentForm(
        letterhead, purposes, pupils, academic_year=academic_year, printed_on=printed_on
    ).render()
