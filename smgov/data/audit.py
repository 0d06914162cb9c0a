"""The audit log: every change, reveal, copy, export and print, chained by SHA-256 so tampering shows.

Summaries never carry secret values. Each event's hash covers its own fields and the previous event's hash, so
editing, deleting or reordering any event breaks the chain from that point; :func:`verify_chain` finds where.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.audit_actions import AuditAction
from smgov.data.models import AuditEvent, utcnow
from smgov.data.operators import actor_login, actor_name

__all__ = ["AuditAction", "AuditEvent", "ChainProblem", "record", "verify_chain"]

GENESIS = "0" * 64
_LAST_HASH = "smgov.audit.last_hash"


def _digest(event: AuditEvent) -> str:
    fields: list[object] = [
        event.id,
        event.at.isoformat(timespec="microseconds"),
        event.actor,
        event.action,
        event.entity_type,
        event.entity_id,
        event.summary,
        event.prev_hash,
    ]
    if event.actor_login is not None:
        # The login behind the operator (schema 0006 on). Events written before have none and were hashed without
        # it, so they still verify; an event written with it cannot lose or change it without breaking the chain.
        fields.append(event.actor_login)
    body = json.dumps(
        fields,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    session: Session,
    action: AuditAction | str,
    entity_type: str,
    entity_id: object | None = None,
    summary: str = "",
    *,
    actor: str | None = None,
) -> AuditEvent:
    """Add an audit event to the unit of work in ``session`` (written when it commits).

    The actor is the operator of the workspace that opened ``session`` (smgov.data.operators), unless ``actor`` names
    someone else; the computer's login is kept beside it either way.

    ``action`` is an :class:`AuditAction`, or its stored value as text (raises ValueError for any other text)."""
    action = AuditAction(action)
    last_id, prev_hash = _chain_tail(session)
    event = AuditEvent(
        id=last_id + 1,
        at=utcnow(),
        actor=(actor or actor_name(session))[:120],
        actor_login=actor_login(session)[:120],
        action=action.value,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        summary=summary[:2000],
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = _digest(event)
    session.add(event)
    session.info[_LAST_HASH] = (event.id, event.hash)
    return event


def _chain_tail(session: Session) -> tuple[int, str]:
    cached: tuple[int, str] | None = session.info.get(_LAST_HASH)
    if cached is not None:
        return cached
    row = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, GENESIS)


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    what: str


def verify_chain(session: Session) -> list[ChainProblem]:
    """Every place the chain is broken: an edited event, a gap, or a wrong link. Empty when intact."""
    problems: list[ChainProblem] = []
    prev_hash, expected_id = GENESIS, 1
    for event in _iter_events(session):
        if event.id != expected_id:
            problems.append(ChainProblem(event.id, f"events {expected_id} to {event.id - 1} are missing"))
        if event.prev_hash != prev_hash:
            problems.append(ChainProblem(event.id, "does not follow on from the event before it"))
        if _digest(event) != event.hash:
            problems.append(ChainProblem(event.id, "was changed after it was written"))
        prev_hash, expected_id = event.hash, event.id + 1
    return problems


def _iter_events(session: Session) -> Iterator[AuditEvent]:
    yield from session.scalars(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000))
