"""Record digests and the audit chain's key: what lets ``smgov verify`` find a change made outside smgov.

Every unit of work is watched here: what its flushes add, change and delete, the UPDATE, DELETE and INSERT statements
it runs, and the rows the database itself deletes or clears for it (ON DELETE rules). When it commits,
smgov.data.audit writes the digest of each such record's new state (null for a record deleted) with the unit's last
audit event. Verify recomputes the digest of every record and compares it with the latest event that names it, so a
record added, changed or deleted with no event, as a SQLCipher client would, shows.

Digests and the chain's MACs are keyed with the file's chain key (models.AuditKey), so a digest says nothing about the
values behind it and nobody without the file's key can make an event, a digest or a seal that checks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, event, inspect, select
from sqlalchemy import column as raw_column
from sqlalchemy import table as raw_table
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from smgov.data.errors import ValidationError
from smgov.data.models import AuditKey, Base

__all__ = ["ChainKey", "RecordRef", "chain_key", "current_digests", "parse_seal", "take_changes"]

# Tables whose records are not digested: the chain itself and its key.
UNTRACKED = frozenset({"audit_event", "audit_key"})
# Columns left out of a record's digest. Evidence bytes are checked against the SHA-256 their evidence row keeps.
EXCLUDED_COLUMNS: dict[str, frozenset[str]] = {"evidence_blob": frozenset({"data"})}

_CHANGED = "smgov.integrity.changed"
_EVERY_ROW = None  # in the changed map: every row of the table (an INSERT without keys)
_CHUNK = 500

RecordRef = tuple[str, Any]  # (table name, primary key value)


@dataclass(frozen=True)
class ChainKey:
    """The file's chain key and the first event chained with it."""

    key: bytes
    keyed_from: int

    def mac(self, body: bytes) -> str:
        return hmac.new(self.key, b"smgov audit event\0" + body, hashlib.sha256).hexdigest()

    @property
    def file_id(self) -> str:
        """Names the workspace (and its backups and copies) on this PC, across passphrase changes."""
        return hmac.new(self.key, b"smgov file id", hashlib.sha256).hexdigest()[:24]

    def seal(self, count: int, mac: str) -> str:
        """The audit seal of the history up to event ``count`` (whose MAC is ``mac``): ``COUNT-XXXX-XXXX-XXXX``."""
        raw = hmac.new(self.key, f"smgov audit seal\0{count}\0{mac}".encode(), hashlib.sha256).digest()
        code = base64.b32encode(raw).decode("ascii")[:12]
        return f"{count}-{code[:4]}-{code[4:8]}-{code[8:]}"


_KEYS: weakref.WeakKeyDictionary[Engine, ChainKey] = weakref.WeakKeyDictionary()


def chain_key(session: Session, *, fresh: bool = False) -> ChainKey | None:
    """The chain key of the file ``session`` works on; None for a file before schema 0007 (only while upgrading).

    Cached per engine; ``fresh`` reads it again (verify does, so a key changed in the file is what it checks)."""
    engine = session.get_bind()
    cached = None if fresh or not isinstance(engine, Engine) else _KEYS.get(engine)
    if cached is not None:
        return cached
    try:
        row = session.execute(select(AuditKey.chain_key, AuditKey.keyed_from).where(AuditKey.id == 1)).first()
    except OperationalError:
        return None  # no audit_key table yet
    if row is None:
        return None
    found = ChainKey(bytes(row[0]), int(row[1]))
    if isinstance(engine, Engine):
        _KEYS[engine] = found
    return found


_SEAL = re.compile(r"(\d{1,12})[\s\-]+([A-Za-z2-7][A-Za-z2-7\s\-]{11,40})")


def parse_seal(text: str) -> tuple[int, str]:
    """The event count and the seal as printed, from a seal typed with any spacing or case."""
    match = _SEAL.fullmatch(" ".join(text.split()).strip())
    code = re.sub(r"[\s\-]", "", match.group(2)).upper() if match else ""
    if match is None or len(code) != 12:
        raise ValidationError(
            "An audit seal is a number and 12 letters and digits, like 1234-ABCD-EFGH-JK23, as printed on a report."
        )
    count = int(match.group(1))
    return count, f"{count}-{code[:4]}-{code[4:8]}-{code[8:]}"


# -- the tables ---------------------------------------------------------------------------------------------------


def tracked_tables() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if table.name not in UNTRACKED]


def _primary_key(table: Table) -> Any:
    (key,) = table.primary_key.columns  # every tracked table has a one-column key (a test keeps it so)
    return key


def _children(table: Table) -> list[tuple[Table, Any, bool]]:
    """Tables whose rows the database deletes (True) or clears (False) when a row of ``table`` is deleted."""
    found = []
    for child in tracked_tables():
        for key in child.foreign_keys:
            if key.column.table is table and key.ondelete in ("CASCADE", "SET NULL"):
                found.append((child, key.parent, key.ondelete == "CASCADE"))
    return found


# -- watching a unit of work --------------------------------------------------------------------------------------


def _note(session: Session, table: Table, keys: Iterable[Any]) -> None:
    if table.name in UNTRACKED or table.name not in Base.metadata.tables:
        return
    changed: dict[str, set[Any] | None] = session.info.setdefault(_CHANGED, {})
    if table.name in changed and changed[table.name] is _EVERY_ROW:
        return
    # Keys as the database stores them (a closure day's date as ISO text), as digests and verify see them.
    dialect = session.get_bind().dialect
    stored = _primary_key(table).type.dialect_impl(dialect).bind_processor(dialect)
    changed.setdefault(table.name, set()).update(  # type: ignore[union-attr]
        stored(k) if stored is not None else k for k in keys
    )


def _note_every_row(session: Session, table: Table) -> None:
    if table.name not in UNTRACKED and table.name in Base.metadata.tables:
        session.info.setdefault(_CHANGED, {})[table.name] = _EVERY_ROW


def _note_deleted(session: Session, table: Table, keys: list[Any]) -> None:
    """Note rows about to be deleted and, through the ON DELETE rules, the rows the database will change with them."""
    _note(session, table, keys)
    for child, column, cascades in _children(table):
        child_key = _primary_key(child)
        for start in range(0, len(keys), _CHUNK):
            found = list(session.scalars(select(child_key).where(column.in_(keys[start : start + _CHUNK]))))
            if not found:
                continue
            if cascades:
                _note_deleted(session, child, found)
            else:
                _note(session, child, found)


def _table_of(instance: object) -> Table | None:
    table = inspect(instance).mapper.local_table
    return table if isinstance(table, Table) else None


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, context: UOWTransaction, instances: object) -> None:
    for instance in session.deleted:
        table = _table_of(instance)
        if table is not None and table.name not in UNTRACKED:
            _note_deleted(session, table, [inspect(instance).mapper.primary_key_from_instance(instance)[0]])


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, context: UOWTransaction) -> None:
    for group in (session.new, session.dirty, session.deleted):
        for instance in group:
            table = _table_of(instance)
            if table is not None:
                _note(session, table, [inspect(instance).mapper.primary_key_from_instance(instance)[0]])


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    statement: Any = state.statement
    table = statement.table
    if not isinstance(table, Table) or table.name in UNTRACKED or table.name not in Base.metadata.tables:
        return
    session = state.session
    key = _primary_key(table)
    if state.is_insert:
        inserted: Any = state.parameters
        rows: list[Any] = list(inserted) if isinstance(inserted, list) else [inserted] if inserted else []
        keys = [row.get(key.name) for row in rows]
        if rows and all(k is not None for k in keys):
            _note(session, table, keys)
        else:
            _note_every_row(session, table)
        return
    params: Any = state.parameters
    many: list[Any] = list(params) if isinstance(params, list) else [params or {}]
    if state.is_update and len(many) > 50:
        _note_every_row(session, table)  # an UPDATE run for many rows (the demo dating its story): digest them all
        return
    chosen = select(key)
    if statement.whereclause is not None:
        chosen = chosen.where(statement.whereclause)
    found = [pk for one in many for pk in session.scalars(chosen, one)]
    if state.is_delete:
        _note_deleted(session, table, found)
    else:
        _note(session, table, found)


def take_changes(session: Session, key: ChainKey) -> list[list[Any]]:
    """The records this unit of work changed, as ``[table, id, digest or None]``, and forget them."""
    changed: dict[str, set[Any] | None] = session.info.pop(_CHANGED, {})
    records: list[list[Any]] = []
    for table in tracked_tables():
        if table.name not in changed:
            continue
        keys = changed[table.name]
        if keys is _EVERY_ROW:
            records += [[table.name, pk, digest] for pk, digest in _digests(session, table, key)]
            continue
        wanted = sorted(keys or (), key=repr)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            now = dict(_digests(session, table, key, chunk))
            records += [[table.name, pk, now.get(pk)] for pk in chunk]
    return records


def note_every_record(session: Session) -> None:
    """Digest every record when this unit of work commits (a check point after an upgrade)."""
    for table in tracked_tables():
        _note_every_row(session, table)


def forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def has_changes(session: Session) -> bool:
    return bool(session.info.get(_CHANGED))


# -- digests ------------------------------------------------------------------------------------------------------


def _digests(session: Session, table: Table, key: ChainKey, only: list[Any] | None = None) -> Iterator[tuple[Any, str]]:
    """(primary key, digest) of ``table``'s rows (of those keyed ``only``), from the values exactly as stored."""
    skip = EXCLUDED_COLUMNS.get(table.name, frozenset())
    names = sorted(column.name for column in table.columns if column.name not in skip)
    pk_name = _primary_key(table).name
    # Untyped columns: the values as the database holds them, not as the models would convert them (a value a
    # model refuses, written by another tool, must still digest).
    query: Any = select(*[raw_column(name) for name in names]).select_from(raw_table(table.name))
    if only is not None:
        query = query.where(raw_column(pk_name).in_(only))
    at = names.index(pk_name)
    prefix = table.name.encode() + b"\0"
    for row in session.execute(query.execution_options(yield_per=1000)):
        mac = hmac.new(key.key, prefix, hashlib.sha256)
        for name, value in zip(names, row, strict=True):
            tag, data = _encoded(value)
            mac.update(name.encode() + b"\0" + tag + len(data).to_bytes(8, "big") + data)
        yield row[at], mac.hexdigest()[:32]


def _encoded(value: object) -> tuple[bytes, bytes]:
    if value is None:
        return b"n", b""
    if isinstance(value, bool):
        return b"i", str(int(value)).encode()
    if isinstance(value, int):
        return b"i", str(value).encode()
    if isinstance(value, float):
        return b"f", repr(value).encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return b"b", bytes(value)
    return b"s", str(value).encode("utf-8", "surrogatepass")


def current_digests(session: Session, key: ChainKey) -> Iterator[tuple[str, Any, str]]:
    """(table, id, digest) of every record in the file."""
    for table in tracked_tables():
        for pk, digest in _digests(session, table, key):
            yield table.name, pk, digest


def baseline(session: Session, key: ChainKey) -> list[list[Any]]:
    """Every record's digest, for a baseline event (after an upgrade, or a demo that writes its own history)."""
    forget_changes(session)
    return [[name, pk, digest] for name, pk, digest in current_digests(session, key)]


def records_json(records: list[list[Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, separators=(",", ":"))


def head(session: Session) -> tuple[int, str] | None:
    """The newest event's number and MAC (None when there are no events)."""
    from smgov.data.models import AuditEvent

    last = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return None if last is None else (int(last[0]), str(last[1]))


def current_seal(session: Session) -> str:
    """The audit seal of the history as it stands, for printing on a report ("" for a file before schema 0007)."""
    key, last = chain_key(session), head(session)
    return "" if key is None or last is None else key.seal(*last)
