"""Recording the previewed returns in one unit of work, and remembering the mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.importers.consent_returns.mapping import KIND
from smgov.data.importers.consent_returns.previewing import _input
from smgov.data.importers.consent_returns.records import ConsentPreview, ReturnRow
from smgov.data.models import ConsentChange, ConsentEntry, ConsentMethod, ImportMapping, Pupil
from smgov.data.operators import actor_name
from smgov.data.services import consent
from smgov.data.workspace import Workspace


@dataclass(frozen=True)
class ImportResult:
    returns: int
    amendments: int
    chosen: int  # rows the user matched by hand
    entry_ids: list[int]

    @property
    def total(self) -> int:
        return self.returns + self.amendments


def import_returns(
    workspace: Workspace,
    result: ConsentPreview,
    choices: Mapping[int, int] | None = None,
    *,
    skip: Collection[int] = (),
    today: dt.date | None = None,
) -> ImportResult:
    """Record the matched rows, and the rows to review (or unmatched) for which ``choices`` names a pupil (line ->
    pupil id), in ONE unit of work with one audit event (counts only). Lines in ``skip`` are left out.

    A pupil who already has an entry for the year (or an earlier row of this file) gets an amendment, not a second
    return; an amendment that takes consent away opens takedowns as a withdrawal does. The mapping is remembered for
    files with the same columns."""
    choices = dict(choices or {})
    year = result.academic_year
    pending: list[tuple[ReturnRow, int, bool]] = [(m.row, m.pupil.pupil_id, False) for m in result.matched]
    by_line = {r.row.line: r.row for r in result.to_review} | {r.row.line: r.row for r in result.unmatched}
    for line, pupil_id in sorted(choices.items()):
        if line not in by_line:
            raise ValidationError(f"Line {line} is not one to review.", field="choices")
        pending.append((by_line[line], pupil_id, True))
    pending = [p for p in pending if p[0].line not in skip]
    pending.sort(key=lambda p: (p[0].received_at, p[0].line))
    for row, _pupil, _chosen in pending:
        consent.check_input(_input(row, 0, year, ConsentChange.RETURN), today)
    with workspace.write() as session:
        wanted = {pupil_id for _row, pupil_id, _chosen in pending}
        found = {p.id: p for p in session.scalars(select(Pupil).where(Pupil.id.in_(wanted)))} if wanted else {}
        for row, pupil_id, _chosen in pending:
            pupil = found.get(pupil_id)
            if pupil is None or not pupil.on_roll:
                raise ValidationError(f"Line {row.line}: choose a pupil who is on roll.", field="choices")
        known = set(
            session.scalars(
                select(ConsentEntry.pupil_id)
                .where(ConsentEntry.academic_year == year, ConsentEntry.pupil_id.in_(wanted))
                .distinct()
            )
        ) if wanted else set()  # fmt: skip
        who = actor_name(session)
        counts = {ConsentChange.RETURN: 0, ConsentChange.AMENDMENT: 0}
        entry_ids: list[int] = []
        from smgov.data.services import posting

        for row, pupil_id, _chosen in pending:
            change = ConsentChange.AMENDMENT if pupil_id in known else ConsentChange.RETURN
            known.add(pupil_id)
            checked = consent.check_input(_input(row, pupil_id, year, change), today)
            entries = [
                ConsentEntry(
                    pupil_id=pupil_id,
                    academic_year=year,
                    purpose_id=purpose_id,
                    change=change,
                    status=status,
                    restriction=restriction,
                    effective_on=checked.effective_on,
                    given_by=checked.given_by,
                    relationship=checked.relationship,
                    parental_responsibility=checked.parental_responsibility,
                    by_pupil=False,
                    method=ConsentMethod.ONLINE,
                    received_on=checked.received_on,
                    note=checked.note,
                    recorded_by=who,
                )
                for purpose_id, (status, restriction) in sorted(checked.statuses.items())
            ]
            session.add_all(entries)
            session.flush()
            entry_ids.extend(e.id for e in entries)
            counts[change] += 1
            if change is ConsentChange.AMENDMENT:
                posting.open_takedowns(session, pupil_id, entries)
        _remember(session, result)
        chosen = sum(1 for _row, _pupil, by_hand in pending if by_hand)
        summary = (
            f"{len(pending)} online consent return(s) imported for {consent.year_label(year)}: "
            f"{counts[ConsentChange.RETURN]} new, {counts[ConsentChange.AMENDMENT]} amendment(s), "
            f"{chosen} matched by hand; {len(result.refused)} refused, "
            f"{len(result.to_review) + len(result.unmatched) - len(choices)} not matched"
        )
        audit.record(session, AuditAction.CONSENT_IMPORT, "consent", None, summary)
        return ImportResult(counts[ConsentChange.RETURN], counts[ConsentChange.AMENDMENT], chosen, entry_ids)


def _remember(session: Session, result: ConsentPreview) -> None:
    saved = session.scalars(
        select(ImportMapping).where(ImportMapping.kind == KIND, ImportMapping.signature == result.signature)
    ).first()
    text = result.mapping.to_json()
    if saved is None:
        session.add(ImportMapping(kind=KIND, signature=result.signature, source="Online form", mapping=text))
    elif saved.mapping != text:
        saved.mapping = text
