"""Consent documents from the register: the Images and Videos Parental Consent Form (blank, for a pupil, for a class),
the do-not-publish list, the chase list, the consent summary by class, and the consent export for SLT.

Registered in :mod:`smgov.documents` as FORMS "consent" (blank; filled from a pupil's id) and EXPORTS "consent". The
UI calls the functions here directly for a class batch and the staff lists. Everything naming pupils is for staff:
the lists say CONFIDENTIAL; the export gives initials unless full names are asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from smgov.data.errors import ValidationError
from smgov.data.models import ConsentStatus
from smgov.data.operators import current_operator
from smgov.data.services import consent, pupils, school
from smgov.data.services.consent import NOT_RETURNED, HistoryEntry, PurposeRow, Standing
from smgov.data.services.incidents import initials
from smgov.data.services.pupils import PupilRow
from smgov.data.workspace import Workspace
from smgov.documents import letterhead
from smgov.reports.consent_forms import FormPupil, FormPurpose, consent_form_pdf
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
from smgov.reports.spreadsheet import Cell, to_csv, to_xlsx

# -- shared look-ups ------------------------------------------------------------------------------------------------


def _form_purposes(rows: Iterable[PurposeRow]) -> list[FormPurpose]:
    return [FormPurpose(p.key, p.label, p.media) for p in rows]


def _year(year: int | None, today: dt.date | None = None) -> int:
    return year if year is not None else consent.academic_year_of(today or dt.date.today())


def _in_class(rows: Sequence[PupilRow], class_name: str | None) -> list[PupilRow]:
    """The pupils of ``class_name`` (all when None); ValidationError when no pupil on roll is in it."""
    if class_name is None:
        return list(rows)
    wanted = " ".join(class_name.split()).casefold()
    found = [row for row in rows if row.class_name.casefold() == wanted]
    if not found:
        raise ValidationError(f"No pupil on roll is in the class {class_name[:40]}.", field="class")
    return found


def _groups(rows: Sequence[PupilRow]) -> list[tuple[str, str, list[PupilRow]]]:
    """(year group, class, pupils) in school order (the rows come sorted from list_pupils)."""
    groups: dict[tuple[str, str], list[PupilRow]] = {}
    for row in rows:
        groups.setdefault((row.year_group, row.class_name), []).append(row)
    return [(year_group, class_name, members) for (year_group, class_name), members in groups.items()]


def _list_pupil(row: PupilRow) -> ListPupil:
    legal = f"{row.legal_first_name} {row.legal_last_name}".strip()
    return ListPupil(
        row.shown_name,
        legal if row.preferred_first_name and legal != row.shown_name else "",
        row.reference,
        row.never_publish,
    )


def _standings(
    workspace: Workspace, rows: Sequence[PupilRow], on: dt.date
) -> tuple[list[PurposeRow], dict[int, dict[int, Standing]]]:
    return consent.purposes(workspace), consent.standings_of(workspace, [row.id for row in rows], on)


def _as_of(year: int, today: dt.date | None = None) -> dt.date:
    """The day a year's consent is shown as on: today within the year, else its first or last day."""
    start, end = consent.year_bounds(year)
    return min(max(today or dt.date.today(), start), end)


# -- the parental consent form --------------------------------------------------------------------------------------


def consent_form_blank(head: Letterhead) -> bytes:
    """The blank fillable form with the policy's purposes (for printing without a workspace)."""
    return consent_form_pdf(head)


def consent_form_blank_for(workspace: Workspace, year: int | None = None) -> bytes:
    """The blank fillable form with this school's purposes and letterhead, for ``year`` (None: leave it to fill)."""
    label = consent.year_label(year) if year is not None else ""
    return consent_form_pdf(letterhead(workspace), _form_purposes(consent.purposes(workspace)), academic_year=label)


def _form_pupil(row: PupilRow) -> FormPupil:
    return FormPupil(row.shown_name, row.year_group, row.class_name)


def consent_form_for_pupil(workspace: Workspace, pupil_id: int, year: int | None = None) -> bytes:
    """The form pre-filled for one pupil (name, year group, class, academic year; default the current one)."""
    row = pupils.get_pupil(workspace, pupil_id)
    return consent_form_pdf(
        letterhead(workspace),
        _form_purposes(consent.purposes(workspace)),
        [_form_pupil(row)],
        academic_year=consent.year_label(_year(year)),
    )


def consent_forms_for_class(workspace: Workspace, class_name: str, year: int | None = None) -> bytes:
    """One PDF for a class, one pre-filled page per pupil on roll, ready to send home."""
    rows = _in_class(pupils.list_pupils(workspace), class_name)
    return consent_form_pdf(
        letterhead(workspace),
        _form_purposes(consent.purposes(workspace)),
        [_form_pupil(row) for row in rows],
        academic_year=consent.year_label(_year(year)),
    )


# -- the do-not-publish list ----------------------------------------------------------------------------------------


def do_not_publish_groups(
    workspace: Workspace, on: dt.date, class_name: str | None = None
) -> tuple[ListContext, list[ClassGroup]]:
    """By class, the pupils on roll who are never to be published, or have a purpose refused, not returned or
    restricted on ``on``. The never-publish reason is not read."""
    rows = _in_class(pupils.list_pupils(workspace), class_name)
    purposes, found = _standings(workspace, rows, on)
    groups = []
    for year_group, name, members in _groups(rows):
        listed = []
        for row in members:
            statuses = found.get(row.id, {})
            refused, missing, restricted = [], [], []
            for purpose in purposes:
                standing = statuses.get(purpose.id, NOT_RETURNED)
                if standing.status is ConsentStatus.REFUSED:
                    refused.append(purpose.label)
                elif standing.status is ConsentStatus.NOT_RETURNED:
                    missing.append(purpose.label)
                elif standing.status is ConsentStatus.RESTRICTED:
                    restricted.append((purpose.label, standing.restriction))
            if row.never_publish or refused or missing or restricted:
                listed.append(DoNotPublishRow(_list_pupil(row), refused, missing, restricted))
        groups.append(ClassGroup(year_group, name, listed, on_roll=len(members)))
    return ListContext(consent.year_label(consent.academic_year_of(on)), on), groups


def do_not_publish_list(workspace: Workspace, on: dt.date | None = None, class_name: str | None = None) -> bytes:
    """The do-not-publish list for staff (CONFIDENTIAL), for the whole school or one class, as on ``on``."""
    context, groups = do_not_publish_groups(workspace, on or dt.date.today(), class_name)
    return do_not_publish_pdf(letterhead(workspace), context, groups)


# -- the chase list -------------------------------------------------------------------------------------------------


def chase_groups(
    workspace: Workspace, year: int | None = None, class_name: str | None = None
) -> tuple[ListContext, list[ClassGroup]]:
    """By class, the pupils on roll with no consent entry at all for ``year`` (default: the current one)."""
    year = _year(year)
    rows = _in_class(pupils.list_pupils(workspace), class_name)
    returned = consent.returned_pupils(workspace, year)
    groups = [
        ClassGroup(year_group, name, [_list_pupil(r) for r in members if r.id not in returned], on_roll=len(members))
        for year_group, name, members in _groups(rows)
    ]
    return ListContext(consent.year_label(year), _as_of(year)), groups


def chase_list(workspace: Workspace, year: int | None = None, class_name: str | None = None) -> bytes:
    """The printable chase list: forms not returned for ``year``, by class (CONFIDENTIAL)."""
    context, groups = chase_groups(workspace, year, class_name)
    return chase_list_pdf(letterhead(workspace), context, groups)


# -- the summary ----------------------------------------------------------------------------------------------------


def summary_groups(
    workspace: Workspace, on: dt.date, class_name: str | None = None
) -> tuple[ListContext, list[ClassGroup], list[str]]:
    """By class, each pupil's status for every active purpose on ``on``; and the purposes' labels."""
    rows = _in_class(pupils.list_pupils(workspace), class_name)
    purposes, found = _standings(workspace, rows, on)
    groups = []
    for year_group, name, members in _groups(rows):
        lines = []
        for row in members:
            statuses = found.get(row.id, {})
            cells = [statuses.get(p.id, NOT_RETURNED) for p in purposes]
            lines.append(SummaryRow(_list_pupil(row), [(s.status.value, s.restriction) for s in cells]))
        groups.append(ClassGroup(year_group, name, lines, on_roll=len(members)))
    context = ListContext(consent.year_label(consent.academic_year_of(on)), on)
    return context, groups, [p.label for p in purposes]


def consent_summary(workspace: Workspace, on: dt.date | None = None, class_name: str | None = None) -> bytes:
    """The consent summary (pupils x purposes, a class a page) for staff (CONFIDENTIAL)."""
    context, groups, labels = summary_groups(workspace, on or dt.date.today(), class_name)
    return consent_summary_pdf(letterhead(workspace), context, groups, labels)


# -- the export -----------------------------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Year group",
    "Class",
    "Admission number",
    "UPN",
    "Pupil",
    "Never publish",
    "Academic year",
    "Purpose",
    "Status",
    "Restriction",
    "Effective from",
    "Received",
    "Given by",
    "Relationship",
    "Parental responsibility",
    "How",
    "Last change",
]


def export_rows(
    workspace: Workspace, year: int | None = None, full_names: bool = False, today: dt.date | None = None
) -> list[list[Cell]]:
    """Every pupil on roll x every active purpose, with the status on today's date within ``year`` (its first or
    last day for another year), and the entry it comes from. Pupils by initials unless ``full_names``."""
    year = _year(year, today)
    on = _as_of(year, today)
    rows = sorted(pupils.list_pupils(workspace), key=lambda r: r.sort_key)  # year group, class, surname
    purposes, found = _standings(workspace, rows, on)
    entries = consent.entries(
        workspace, (s.entry_id for by_purpose in found.values() for s in by_purpose.values() if s.entry_id is not None)
    )
    label = consent.year_label(year)
    out: list[list[Cell]] = []
    for row in rows:
        name = row.shown_name if full_names else initials(row.shown_name)
        statuses = found.get(row.id, {})
        for purpose in purposes:
            standing = statuses.get(purpose.id, NOT_RETURNED)
            entry: HistoryEntry | None = None
            if standing.entry_id is not None:
                entry = entries.get(standing.entry_id)
            given_by = ""
            if entry is not None:
                given_by = "The pupil" if entry.by_pupil else entry.given_by
            out.append(
                [
                    row.year_group,
                    row.class_name,
                    row.admission_number,
                    row.upn,
                    name,
                    "Yes" if row.never_publish else "No",
                    label,
                    purpose.label,
                    standing.status.label,
                    standing.restriction,
                    standing.effective_on,
                    entry.received_on if entry else None,
                    given_by,
                    entry.relationship if entry else "",
                    ("Yes" if entry.parental_responsibility else "No") if entry and not entry.by_pupil else "",
                    entry.method.label if entry else "",
                    entry.change.label if entry else "",
                ]
            )
    return out


def export_consent(workspace: Workspace, fmt: str, full_names: bool = False, year: int | None = None) -> bytes:
    """The consent register for SLT as CSV or XLSX: one row per pupil and purpose, by year group, class, then
    surname (formula-safe)."""
    rows = export_rows(workspace, year, full_names)
    if fmt == "xlsx":
        label = consent.year_label(_year(year))
        return to_xlsx(
            EXPORT_HEADERS,
            rows,
            sheet_title="Consent",
            title=f"Consent register {label}: {school.get_details(workspace).name}",
            exported_by=current_operator(workspace).name,
            wrap=(9,),  # the restriction
            note="CONFIDENTIAL: for staff" + ("." if full_names else "; pupils appear as initials only."),
        )
    return to_csv(EXPORT_HEADERS, rows)
