"""The school's own settings, key people and closure days."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from smgov.data.models.base import Base, StoredEnum, utcnow
from smgov.data.terms import Term


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
    response_rule: Mapped[ResponseRule] = mapped_column(
        StoredEnum(ResponseRule, 40), default=ResponseRule.WITHIN_24_HOURS
    )
    password_max_age_days: Mapped[int] = mapped_column(Integer, default=365)
    email_domains: Mapped[str] = mapped_column(default="")
    kit_printed_at: Mapped[dt.datetime | None]
    last_backup_at: Mapped[dt.datetime | None]
    consent_chase_after: Mapped[str] = mapped_column(String(5), default="10-01")  # MM-DD: chase forms from then
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class KeyPerson(Base):
    """Who holds each key role the policies name (head, DSL, DPO, ...)."""

    __tablename__ = "key_person"

    role: Mapped[KeyRole] = mapped_column(StoredEnum(KeyRole, 40), primary_key=True)
    name: Mapped[str]
    email: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")


class ClosureDay(Base):
    """A day the school is closed besides weekends and bank holidays (INSET days, holidays)."""

    __tablename__ = "closure_day"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(default="")


class SchoolTerm(Base):
    """The school's own dates for a term (set in Settings); a year with none uses England's usual dates."""

    __tablename__ = "school_term"
    __table_args__ = (UniqueConstraint("academic_year", "term", name="uq_school_term_academic_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int] = mapped_column(Integer)  # 2026 for 2026–27
    term: Mapped[Term] = mapped_column(StoredEnum(Term, 10))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
