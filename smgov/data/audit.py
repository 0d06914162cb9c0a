"""The audit log: every change, reveal, copy, export and print, chained so that tampering shows.

Summaries never carry secret values. Each event's MAC covers its own fields, the digests of the records its unit of
work changed (smgov.data.integrity) and the previous event's MAC, so editing, deleting or reordering any event breaks
the chain from that point; :func:`verify_chain` finds where. Events are chained by HMAC-SHA256 under the file's chain
key; those written before schema 0007 by plain SHA-256, and the first keyed event links to the last of them.

Events are written when their unit of work commits: then the records it changed are digested, and the events chained.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import anchors, integrity
from smgov.data.audit_actions import AuditAction
from smgov.data.models import AuditEvent, utcnow
from smgov.data.operators import actor_login, actor_name

__all__ = ["AuditAction", "AuditEvent", "ChainProblem", "record", "verify_chain"]

log = logging.getLogger(__name__)

GENESIS = "0" * 64
_LAST_HASH = "smgov.audit.last_hash"
_PENDING = "smgov.audit.pending"
PATH_KEY = "smgov.workspace_path"  # the file a write session works on (set by smgov.data.workspace)
HEAD = "smgov.audit.head"  # (id, MAC, chain key) of the newest event, once a unit of work that wrote one committed


def _fields(event: AuditEvent) -> list[object]:
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
    return fields


def _body(fields: list[object]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(event: AuditEvent) -> str:
    """The plain SHA-256 of an event written before schema 0007."""
    return hashlib.sha256(_body(_fields(event))).hexdigest()


def event_mac(event: AuditEvent, key: integrity.ChainKey | None) -> str:
    """What ``event.hash`` must be: its MAC under the chain key, or for an event before the key, its SHA-256."""
    if key is None or event.id < key.keyed_from:
        return _digest(event)
    return key.mac(_body([*_fields(event), event.records or ""]))


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
    pending: list[AuditEvent] = session.info.setdefault(_PENDING, [])
    last_id = pending[-1].id if pending else _chain_tail(session)[0]
    event = AuditEvent(
        id=last_id + 1,
        at=utcnow(),
        actor=(actor or actor_name(session))[:120],
        actor_login=actor_login(session)[:120],
        action=action.value,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        summary=summary[:2000],
        prev_hash="",
        hash="",
    )
    pending.append(event)
    return event


@sa_event.listens_for(Session, "before_commit")
def _write_events(session: Session) -> None:
    """Digest what the unit of work changed, chain its events, and add them: the last step before it commits."""
    if not session.info.get(_PENDING) and not integrity.has_changes(session):
        return
    session.flush()  # every change is in the database (and noted) before it is digested
    key = integrity.chain_key(session)
    if key is None:  # only while a file is being upgraded to schema 0007: no digests, plain hashes
        integrity.forget_changes(session)
        records: list[list[object]] = []
    else:
        records = integrity.take_changes(session, key)
    if records and not session.info.get(_PENDING):
        # Every change smgov makes records its own event; this one keeps the chain true if one is ever missed.
        log.warning("a unit of work changed %d records without an audit event", len(records))
        record(session, AuditAction.RECORDS_CHANGE, "records", None, f"{len(records)} records changed")
    pending: list[AuditEvent] = session.info.pop(_PENDING, [])
    prev_hash = _chain_tail(session)[1]
    for number, event in enumerate(pending, start=1):
        event.prev_hash = prev_hash
        event.records = None if key is None or event.id < key.keyed_from else "[]"
        if number == len(pending) and records:
            event.records = integrity.records_json(records)
        event.hash = prev_hash = event_mac(event, key)
    session.add_all(pending)
    session.flush()
    if pending:
        last = pending[-1]
        session.info[_LAST_HASH] = (last.id, last.hash)
        session.info[HEAD] = (last.id, last.hash, key)


@sa_event.listens_for(Session, "after_commit")
def _anchor_head(session: Session) -> None:
    committed = session.info.pop(HEAD, None)
    path = session.info.get(PATH_KEY)
    if committed is not None and committed[2] is not None and path is not None:
        count, mac, key = committed
        anchors.note_head(key.file_id, path, count, mac)


@sa_event.listens_for(Session, "after_rollback")
def _forget_events(session: Session) -> None:
    for name in (_PENDING, _LAST_HASH, HEAD):
        session.info.pop(name, None)
    integrity.forget_changes(session)


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
    key = integrity.chain_key(session, fresh=True)
    problems: list[ChainProblem] = []
    prev_hash, expected_id = GENESIS, 1
    for event in iter_events(session):
        if event.id != expected_id:
            problems.append(ChainProblem(event.id, f"events {expected_id} to {event.id - 1} are missing"))
        if event.prev_hash != prev_hash:
            problems.append(ChainProblem(event.id, "does not follow on from the event before it"))
        if event_mac(event, key) != event.hash:
            problems.append(ChainProblem(event.id, "was changed after it was written"))
        prev_hash, expected_id = event.hash, event.id + 1
    return problems


def iter_events(session: Session) -> Iterator[AuditEvent]:
    """Every event, oldest first, with its records."""
    from sqlalchemy.orm import undefer

    query = select(AuditEvent).options(undefer(AuditEvent.records)).order_by(AuditEvent.id)
    yield from session.scalars(query.execution_options(yield_per=2000))
