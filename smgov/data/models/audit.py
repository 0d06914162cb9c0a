"""The audit log's events, and the key that chains them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smgov.data.models.base import Base


class AuditEvent(Base):
    """One thing that happened, chained to the event before it by a keyed MAC (SHA-256 for events written before
    schema 0007), with the digests of the records it changed (smgov.data.integrity)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(120))  # the operator's name (smgov.data.operators)
    actor_login: Mapped[str | None] = mapped_column(String(120), default=None)  # the computer's login (from 0006)
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    summary: Mapped[str]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # JSON [[table, id, digest or null when deleted], ...] of every record the event's unit of work changed (0007 on).
    records: Mapped[str | None] = mapped_column(Text, default=None, deferred=True)


class AuditKey(Base):
    """The one row holding the audit chain's MAC key: random, made with the file (or when it was upgraded to schema
    0007), and kept as it is when the passphrase changes, so seals printed earlier still check. Events numbered from
    ``keyed_from`` on are chained with it; those before were written with plain SHA-256."""

    __tablename__ = "audit_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_key: Mapped[bytes] = mapped_column(LargeBinary)
    keyed_from: Mapped[int]
