"""Importing pupils from the MIS: detect_columns, preview_import and apply_import."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.importers import mis
from smgov.data.importers.tabular import read_tabular
from smgov.data.models import Pupil
from smgov.data.services.pupils.import_records import ColumnChoice, ImportPreview, ImportResult
from smgov.data.services.pupils.linking import link_incident_pupils
from smgov.data.services.pupils.mappings import remember_mapping, remembered_mapping
from smgov.data.services.pupils.matching import plan_import
from smgov.data.services.pupils.parsing import aligned, parse_rows, pupils_text, rows_text
from smgov.data.services.pupils.register import pupil_row
from smgov.data.workspace import Workspace

# The GUI's import wizard and ``smgov import pupils`` use the same three steps:
#   1. detect_columns(data, filename)  -> ColumnChoice: the headers, the mapping found (or remembered), sample rows;
#   2. preview_import(workspace, data, filename, mapping, full_export) -> ImportPreview: new, changed, leaving and
#      refused rows, nothing saved;
#   3. apply_import(workspace, preview) -> ImportResult: all of it in one unit of work, or nothing.


_SAMPLE_ROWS = 8


def detect_columns(workspace: Workspace, data: bytes, filename: str = "") -> ColumnChoice:
    """Read a CSV or XLSX export and find its columns: the mapping the user confirmed before for files with these
    headers, else the one the synonyms give. Raises ValidationError (field "file") when the file cannot be read."""
    table = read_tabular(data, filename)
    located = mis.locate(table)
    sig = mis.signature(located.headers)
    remembered = remembered_mapping(workspace, sig, located.headers)
    mapping = remembered if remembered is not None else mis.guess_mapping(located.headers)
    return ColumnChoice(
        filename=filename,
        source=mis.guess_source(located.headers),
        signature=sig,
        sheet=located.sheet,
        header_line=located.header_line,
        headers=located.headers,
        mapping=mapping,
        remembered=remembered is not None,
        sample=[aligned(row.cells, len(located.headers)) for row in located.rows[:_SAMPLE_ROWS]],
        row_count=len(located.rows),
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def preview_import(
    workspace: Workspace,
    data: bytes,
    filename: str = "",
    mapping: dict[str, str] | None = None,
    *,
    full_export: bool = True,
) -> ImportPreview:
    """What importing ``data`` (a CSV or XLSX export) would do, saving nothing.

    ``mapping`` (field -> header, as ColumnChoice.mapping) is the user's; None uses the remembered or detected one.
    ``full_export`` is the user's word that the file lists every pupil on roll: pupils missing from it are listed
    as leaving. Raises ValidationError (field "file" or "mapping") when the file or the mapping cannot be used."""
    table = read_tabular(data, filename)
    located = mis.locate(table)
    sig = mis.signature(located.headers)
    if mapping is None:
        mapping = remembered_mapping(workspace, sig, located.headers) or mis.guess_mapping(located.headers)
    mapping = mis.check_mapping(mapping, located.headers)
    positions = {name: located.headers.index(header) for name, header in mapping.items()}
    rows, refused, duplicates = parse_rows(located.rows, positions)
    with workspace.read() as session:
        existing = [pupil_row(p) for p in session.scalars(select(Pupil))]
    plan = plan_import(rows, existing, set(mapping), full_export)
    refused = sorted(refused + plan.refused, key=lambda r: r.line)
    warnings: list[str] = []
    on_roll = sum(1 for p in existing if p.on_roll)
    if full_export and on_roll >= 10 and len(plan.leaving) > on_roll // 2:
        warnings.append(
            f"{len(plan.leaving)} of the {on_roll} pupils on roll are not in this file. If it is not the whole "
            "school's list, untick 'this is a full export' so nobody goes off roll."
        )
    return ImportPreview(
        filename=filename,
        source=mis.guess_source(located.headers),
        signature=sig,
        mapping=mapping,
        full_export=full_export,
        rows=plan.accepted,
        new=plan.new,
        changed=plan.changed,
        unchanged=plan.unchanged,
        leaving=plan.leaving,
        refused=refused,
        duplicates=duplicates,
        ignored_columns=[h for h in located.headers if h not in set(mapping.values())],
        warnings=warnings,
    )


def apply_import(workspace: Workspace, preview: ImportPreview, *, today: dt.date | None = None) -> ImportResult:
    """Save a previewed import in one unit of work: new pupils added, changed ones updated, and (for a full export)
    those leaving marked off roll today, never deleted; incidents' pupils linked to the register; the mapping
    remembered for files with these headers. Refused when any row was refused, or when the register changed since
    the preview (preview again); nothing is saved then."""
    if preview.refused:
        count = len(preview.refused)
        raise ValidationError(
            f"{rows_text(count)} of the file cannot be imported (listed with line numbers and reasons). Nothing was "
            "saved: correct the file or the MIS and import it again.",
            field="file",
        )
    today = today or dt.date.today()
    with workspace.write() as session:
        pupils = {p.id: p for p in session.scalars(select(Pupil))}
        plan = plan_import(
            preview.rows, [pupil_row(p) for p in pupils.values()], set(preview.mapping), preview.full_export
        )
        if (
            plan.refused
            or len(plan.new) != len(preview.new)
            or [c.pupil_id for c in plan.changed] != [c.pupil_id for c in preview.changed]
            or [p.id for p in plan.leaving] != [p.id for p in preview.leaving]
        ):
            raise ValidationError(
                "The pupil register changed since this preview. Nothing was saved: preview the file again.",
                field="file",
            )
        if plan.new:  # one bulk INSERT (digested by the audited unit like any other)
            session.execute(
                insert(Pupil),
                [
                    {
                        "upn": r.upn,
                        "admission_number": r.admission_number,
                        "legal_first_name": r.legal_first_name,
                        "legal_last_name": r.legal_last_name,
                        "preferred_first_name": r.preferred_first_name,
                        "year_group": r.year_group,
                        "class_name": r.class_name,
                        "date_of_birth": r.date_of_birth,
                    }
                    for r in plan.new
                ],
            )
        for change in plan.changed:
            pupil = pupils[change.pupil_id]
            for name in change.fields:
                if name == "on_roll":
                    pupil.on_roll, pupil.off_roll_on = True, None
                else:
                    setattr(pupil, name, getattr(change.row, name))
        for leaving in plan.leaving:
            pupils[leaving.id].on_roll = False
            pupils[leaving.id].off_roll_on = today
        remember_mapping(session, preview)
        session.flush()
        linked = link_incident_pupils(session)
        summary = (
            f"{preview.source} import: {len(plan.new)} new, {len(plan.changed)} changed, {plan.unchanged} unchanged"
        )
        if linked:
            summary += f"; {linked} incident pupil record(s) linked to the register"
        audit.record(session, AuditAction.PUPIL_IMPORT, "pupil", None, summary)
        if plan.leaving:
            audit.record(
                session,
                AuditAction.PUPIL_OFF_ROLL,
                "pupil",
                None,
                f"{pupils_text(len(plan.leaving))} marked off roll (not in a full export)",
            )
    return ImportResult(len(plan.new), len(plan.changed), plan.unchanged, len(plan.leaving), linked)
