"""The preview: the file read and matched to pupils, nothing saved."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from smgov.data.errors import ValidationError
from smgov.data.importers import csvfile
from smgov.data.importers.consent_returns.mapping import KIND, ConsentMapping, _tidy_mapping, detect_mapping, signature
from smgov.data.importers.consent_returns.matching import _Matcher
from smgov.data.importers.consent_returns.reading import _headers, _read_row
from smgov.data.importers.consent_returns.records import (
    Candidate,
    ConsentPreview,
    MatchedRow,
    RefusedRow,
    ReturnRow,
    ReviewRow,
    UnmatchedRow,
)
from smgov.data.models import ConsentChange, ConsentEntry, ConsentMethod, ConsentStatus, ImportMapping
from smgov.data.services import consent, pupils
from smgov.data.workspace import Workspace


def _refusal(row: ReturnRow, year: int, today: dt.date) -> str:
    """Why consent.check_input would refuse the row, or ""."""
    try:
        consent.check_input(_input(row, 0, year, ConsentChange.RETURN), today)
    except ValidationError as exc:
        if exc.field == "given_by":
            return "The parent or carer's name is blank." if "Enter" in str(exc) else str(exc)
        if exc.field == "received_on":
            return "The date is in the future."
        if exc.field == "effective_on":
            return f"Received after the {consent.year_label(year)} school year ended."
        return str(exc)
    return ""


def _input(row: ReturnRow, pupil_id: int, year: int, change: ConsentChange) -> consent.ConsentInput:
    start, _end = consent.year_bounds(year)
    return consent.ConsentInput(
        pupil_id=pupil_id,
        academic_year=year,
        change=change,
        statuses=row.statuses,
        received_on=row.received_on,
        method=ConsentMethod.ONLINE,
        effective_on=max(row.received_on, start),
        given_by=row.given_by,
        relationship=row.relationship,
        parental_responsibility=row.parental_responsibility,
        note=f"Online form, submitted {row.received_at:%d/%m/%Y %H:%M}",
    )


def _existing(workspace: Workspace, year: int) -> tuple[dict[int, dt.date], set[tuple[object, ...]]]:
    """Pupils with any entry for ``year`` (-> first received), and the online entries already recorded, as
    comparable tuples."""
    with workspace.read() as session:
        rows = session.execute(
            select(
                ConsentEntry.pupil_id,
                ConsentEntry.received_on,
                ConsentEntry.method,
                ConsentEntry.given_by,
                ConsentEntry.purpose_id,
                ConsentEntry.status,
                ConsentEntry.restriction,
            ).where(ConsentEntry.academic_year == year)
        ).all()
    first: dict[int, dt.date] = {}
    online: dict[tuple[int, dt.date, str], set[tuple[int, ConsentStatus, str]]] = {}
    for pupil_id, received, method, given_by, purpose_id, status, restriction in rows:
        first[pupil_id] = min(first.get(pupil_id, received), received)
        if method is ConsentMethod.ONLINE:
            online.setdefault((pupil_id, received, given_by), set()).add((purpose_id, status, restriction))
    return first, {(*k, frozenset(v)) for k, v in online.items()}


def _same_return(row: ReturnRow, pupil_id: int, recorded: set[tuple[object, ...]]) -> bool:
    wanted = frozenset((p, s, r) for p, (s, r) in row.statuses.items())
    return (pupil_id, row.received_on, row.given_by, wanted) in recorded


def preview(
    workspace: Workspace,
    data: bytes,
    *,
    mapping: ConsentMapping | None = None,
    academic_year: int | None = None,
    today: dt.date | None = None,
) -> ConsentPreview:
    """Read the returns and match them to pupils; nothing is saved. Give ``mapping`` (the preview's, corrected) and
    ``academic_year`` to read the file again with the user's choices. Raises ValidationError when the file cannot be
    read at all (not a CSV, no header, no name column)."""
    today = today or dt.date.today()
    headers = _headers(data)
    if not headers:
        raise ValidationError("The file has no header row: its first row should name the columns.", field="file")
    active = consent.purposes(workspace)
    sign = signature(headers)
    remembered = False
    if mapping is None:
        saved = _remembered(workspace, sign)
        remembered = saved is not None
        mapping = saved or detect_mapping(headers, active)
    mapping = _tidy_mapping(mapping, headers, active)
    if "name" not in mapping.fields and not {"first_name", "last_name"} <= mapping.fields.keys():
        raise ValidationError(
            "The file has no column for the child's name (for example \"Child's name\", or first name and surname).",
            field="file",
        )
    problems: list[str] = []
    if "timestamp" not in mapping.fields:
        raise ValidationError(
            'The file has no column for the date each form was sent (for example "Timestamp").', field="file"
        )
    if not mapping.purposes:
        problems.append("No column is recognised as a consent question: choose the purpose each Yes/No column is for.")
    used = set(mapping.fields.values()) | set(mapping.purposes)
    ignored = [h for h in headers if h not in used]
    rows = csvfile.read_rows(data, {header: () for header in headers}, required=())
    ids = {p.key: p.id for p in active}
    read = [_read_row(r.line, r.values, mapping, ids) for r in rows]
    returns = [r for r in read if isinstance(r, ReturnRow)]
    if academic_year is None:
        years = [consent.academic_year_of(r.received_on) for r in returns]
        academic_year = max(set(years), key=years.count) if years else consent.academic_year_of(today)
    result = ConsentPreview(
        academic_year, headers, mapping, sign, remembered, active, ignored, problems,
        refused=[r for r in read if isinstance(r, RefusedRow)],
    )  # fmt: skip
    matcher = _Matcher(pupils.list_pupils(workspace, include_off_roll=True))
    first, recorded = _existing(workspace, academic_year)
    claimed: dict[int, tuple[dt.datetime, int]] = {}  # pupil -> (earliest row in the file, its line)
    seen: dict[tuple[object, ...], int] = {}  # the same return twice in the file -> its first line
    for row in sorted(returns, key=lambda r: (r.received_at, r.line)):
        why = _refusal(row, academic_year, today)
        if why:
            result.refused.append(RefusedRow(row.line, row.name[:80], why))
            continue
        found = matcher.match(row.name, row.year_group, row.class_name)
        if not isinstance(found, Candidate):
            reason, candidates, gone = found
            if gone:
                result.unmatched.append(UnmatchedRow(row, reason, not_on_roll=bool(candidates)))
            else:
                result.to_review.append(ReviewRow(row, reason, candidates))
            continue
        same = (found.pupil_id, row.received_at, row.given_by, tuple(sorted(row.statuses.items())))
        if same in seen:
            result.refused.append(RefusedRow(row.line, row.name[:80], f"The same return as line {seen[same]}."))
            continue
        seen[same] = row.line
        item = MatchedRow(row, found)
        if _same_return(row, found.pupil_id, recorded):
            item.note = "Already recorded: the same return was imported before."
            result.already_recorded.append(item)
            continue
        label = consent.year_label(academic_year)
        if found.pupil_id in first:
            item.change = ConsentChange.AMENDMENT
            item.note = f"Already has a return for {label}: recorded as an amendment."
        elif found.pupil_id in claimed:
            item.change = ConsentChange.AMENDMENT
            item.note = f"Also on line {claimed[found.pupil_id][1]} (sent earlier): recorded as an amendment to it."
        else:
            claimed[found.pupil_id] = (row.received_at, row.line)
        result.matched.append(item)
    for group in (result.matched, result.to_review, result.unmatched, result.already_recorded):
        group.sort(key=lambda m: m.row.line)
    result.refused.sort(key=lambda r: r.line)
    return result


def _remembered(workspace: Workspace, sign: str) -> ConsentMapping | None:
    with workspace.read() as session:
        saved = session.scalars(
            select(ImportMapping.mapping)
            .where(ImportMapping.kind == KIND, ImportMapping.signature == sign)
            .order_by(ImportMapping.id.desc())
        ).first()
    return ConsentMapping.from_json(saved) if saved else None
