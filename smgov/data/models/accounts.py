"""The register of official social media accounts, who runs each, and each account's lifecycle."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smgov.data.models.base import Base, StoredEnum, utcnow


class Platform(enum.StrEnum):
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    X = "x"
    LINKEDIN = "linkedin"
    YOUTUBE = "youtube"
    TIKTOK = "tiktok"
    WHATSAPP_CHANNEL = "whatsapp_channel"
    BLOG = "blog"
    OTHER = "other"

    @property
    def label(self) -> str:
        return PLATFORM_LABELS[self]


PLATFORM_LABELS = {
    Platform.FACEBOOK: "Facebook",
    Platform.INSTAGRAM: "Instagram",
    Platform.X: "X (Twitter)",
    Platform.LINKEDIN: "LinkedIn",
    Platform.YOUTUBE: "YouTube",
    Platform.TIKTOK: "TikTok",
    Platform.WHATSAPP_CHANNEL: "WhatsApp channel",
    Platform.BLOG: "Blog",
    Platform.OTHER: "Other",
}


class AccountStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    ACTIVE = "active"
    UNDER_REVIEW = "under_review"
    CLOSING = "closing"
    TRANSFERRED = "transferred"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"submitted": "Submitted to SLT", "under_review": "Under review"}.get(
            self.value, self.value.capitalize()
        )


class StaffRole(enum.StrEnum):
    LEAD = "lead"
    POSTER = "poster"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MonitoringFrequency(enum.StrEnum):
    DAILY = "daily"
    WORKING_DAYS = "working_days"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return {"working_days": "Every working day"}.get(self.value, self.value.capitalize())


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("platform", "handle_key", name="uq_account_platform_handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(StoredEnum(Platform, 30))
    handle: Mapped[str]
    handle_key: Mapped[str] = mapped_column(String(200))  # lower-cased, no leading @: duplicates are found on it
    name: Mapped[str] = mapped_column(default="")  # what the account is called, e.g. "PE department"
    profile_url: Mapped[str] = mapped_column(default="")
    aim: Mapped[str] = mapped_column(default="")
    audience: Mapped[str] = mapped_column(default="")
    content_plan: Mapped[str] = mapped_column(default="")
    content_types: Mapped[str] = mapped_column(default="")
    promotion: Mapped[str] = mapped_column(default="")
    linked_email: Mapped[str] = mapped_column(default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    aup_link_in_about: Mapped[bool] = mapped_column(Boolean, default=False)
    monitoring_frequency: Mapped[MonitoringFrequency] = mapped_column(
        StoredEnum(MonitoringFrequency, 20), default=MonitoringFrequency.WORKING_DAYS
    )
    review_date: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(default="")
    status: Mapped[AccountStatus] = mapped_column(
        StoredEnum(AccountStatus, 20), default=AccountStatus.DRAFT, index=True
    )
    decided_by: Mapped[str] = mapped_column(default="")
    decided_on: Mapped[dt.date | None]
    decision_reasons: Mapped[str] = mapped_column(default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    staff: Mapped[list[AccountStaff]] = relationship(back_populates="account", cascade="all, delete-orphan")


class AccountStaff(Base):
    """A person named on an account, with their role and who authorised them. Removal keeps the row (history)."""

    __tablename__ = "account_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    role: Mapped[StaffRole] = mapped_column(StoredEnum(StaffRole, 20))
    authorised_by: Mapped[str] = mapped_column(default="")
    authorised_on: Mapped[dt.date | None]
    added_on: Mapped[dt.date]
    removed_on: Mapped[dt.date | None]

    account: Mapped[Account] = relationship(back_populates="staff")


class AccountTransition(Base):
    """One step of an account's lifecycle: from which state to which, who did it, when, and why."""

    __tablename__ = "account_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[AccountStatus] = mapped_column(StoredEnum(AccountStatus, 20))
    to_status: Mapped[AccountStatus] = mapped_column(StoredEnum(AccountStatus, 20))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    decided_by: Mapped[str] = mapped_column(default="")
    reason: Mapped[str] = mapped_column(default="")
