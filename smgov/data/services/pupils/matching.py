"""Matching an import's rows against the register: which are new, changed, unchanged, leaving or refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from smgov.data.importers import mis
from smgov.data.services.pupils.import_records import FIELD_LABELS, ImportedPupil, PupilChange, RefusedRow
from smgov.data.services.pupils.register import PupilRow


@dataclass
class ImportPlan:
    accepted: list[ImportedPupil] = field(default_factory=list)
    new: list[ImportedPupil] = field(default_factory=list)
    changed: list[PupilChange] = field(default_factory=list)
    unchanged: int = 0
    leaving: list[PupilRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value or "")


def plan_import(rows: list[ImportedPupil], existing: list[PupilRow], mapped: set[str], full_export: bool) -> ImportPlan:
    """Match each row to the register (by UPN, then admission number) and say what would change. Identifiers are
    never cleared by a blank cell; other fields the file has a column for follow the file."""
    by_upn: dict[str, list[PupilRow]] = {}
    by_admission: dict[str, list[PupilRow]] = {}
    for known in existing:
        if known.upn:
            by_upn.setdefault(known.upn, []).append(known)
        if known.admission_number:
            by_admission.setdefault(known.admission_number, []).append(known)
    plan = ImportPlan()
    matched: dict[int, int] = {}  # pupil id -> line
    compared = [name for name in FIELD_LABELS if name in mapped]
    for row in rows:
        by_u = by_upn.get(row.upn, []) if row.upn else []
        by_a = by_admission.get(row.admission_number, []) if row.admission_number else []
        if len(by_u) > 1 or (not by_u and len(by_a) > 1):
            plan.refused.append(RefusedRow(row.line, f"{len(by_u) or len(by_a)} pupils on the register match it."))
            continue
        pupil = by_u[0] if by_u else (by_a[0] if by_a else None)
        if by_u and by_a and by_a[0].id != by_u[0].id:
            plan.refused.append(
                RefusedRow(row.line, "Its UPN and its admission number belong to two different pupils on the register.")
            )
            continue
        # Matched by admission number with another UPN on the register: a temporary UPN replaced, so it changes.
        if pupil is not None and pupil.id in matched:
            plan.refused.append(RefusedRow(row.line, f"It is the same pupil as line {matched[pupil.id]}."))
            continue
        plan.accepted.append(row)
        if pupil is None:
            plan.new.append(row)
            continue
        matched[pupil.id] = row.line
        fields: list[str] = []
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        for name in compared:
            old, new = getattr(pupil, name), getattr(row, name)
            if name in mis.IDENTIFIERS and not new:
                continue
            if old != new:
                fields.append(name)
                before[name], after[name] = _text(old), _text(new)
        if not pupil.on_roll:
            fields.append("on_roll")
            before["on_roll"], after["on_roll"] = "off roll", "on roll"
        if fields:
            plan.changed.append(PupilChange(pupil.id, row.line, row, tuple(fields), before, after))
        else:
            plan.unchanged += 1
    if full_export:
        plan.leaving = sorted((p for p in existing if p.on_roll and p.id not in matched), key=lambda p: p.sort_key)
    return plan
