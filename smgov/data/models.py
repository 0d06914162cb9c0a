"""Typed ORM models of the workspace, on one DeclarativeBase.

Times are stored as UTC ISO-8601 text and come back timezone-aware; dates as ISO text. Big binary columns (the logo,
later screenshots) are deferred so lists never load them.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Date, Integer, LargeBinary, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names are fixed so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as UTC ISO text (sorts correctly, readable by any SQLCipher client)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(str(value)).astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: UtcDateTime(),
        dt.date: Date(),
        str: Text(),
        bytes: LargeBinary(),
    }


class ResponseRule(enum.StrEnum):
    """When a response to an incident is due (the policies differ; the school chooses)."""

    WITHIN_24_HOURS = "within_24_hours"
    NEXT_WORKING_DAY_AT_WEEKEND = "next_working_day_at_weekend"


class KeyRole(enum.StrEnum):
    HEADTEACHER = "headteacher"
    DSL = "dsl"
    DPO = "dpo"
    BUSINESS_MANAGER = "business_manager"
    ICT_LEAD = "ict_lead"
    CHAIR_OF_GOVERNORS = "chair_of_governors"

    @property
    def label(self) -> str:
        return KEY_ROLE_LABELS[self]


KEY_ROLE_LABELS = {
    KeyRole.HEADTEACHER: "Headteacher or executive head",
    KeyRole.DSL: "Designated safeguarding lead (DSL)",
    KeyRole.DPO: "Data protection officer (DPO)",
    KeyRole.BUSINESS_MANAGER: "School business manager",
    KeyRole.ICT_LEAD: "ICT lead or technician",
    KeyRole.CHAIR_OF_GOVERNORS: "Chair of governors",
}


class School(Base):
    """The school's own settings: one row. They are the school's data, so they live in the workspace."""

    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    logo: Mapped[bytes | None] = mapped_column(deferred=True)
    policy_review_date: Mapped[dt.date | None]
    auto_lock_minutes: Mapped[int] = mapped_column(Integer, default=10)
    response_rule: Mapped[str] = mapped_column(String(40), default=ResponseRule.WITHIN_24_HOURS.value)
    password_max_age_days: Mapped[int] = mapped_column(Integer, default=365)
    email_domains: Mapped[str] = mapped_column(default="")
    kit_printed_at: Mapped[dt.datetime | None]
    last_backup_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class KeyPerson(Base):
    """Who holds each key role the policies name (head, DSL, DPO, ...)."""

    __tablename__ = "key_person"

    role: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str]
    email: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")


class ClosureDay(Base):
    """A day the school is closed besides weekends and bank holidays (INSET days, holidays)."""

    __tablename__ = "closure_day"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(default="")


class AuditEvent(Base):
    """One thing that happened, chained by SHA-256 to the event before it so any edit shows."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    summary: Mapped[str]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

