"""Blocked content access requests (the Spixworth policy's Appendix A) and their register's states."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from smgov.data.models.base import Base, StoredEnum, utcnow


class RequestStatus(enum.StrEnum):
    """submitted -> approved or rejected; approved -> implemented; implemented -> expired."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return {
            "submitted": "Waiting for a decision",
            "implemented": "Access given",
            "expired": "Expired",
        }.get(self.value, self.value.capitalize())


class BlockedContentRequest(Base):
    """A request to unblock a site for school use, its decision by the authoriser, and the ICT technician's part."""

    __tablename__ = "blocked_content_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    requester: Mapped[str] = mapped_column(String(200))
    staff_name: Mapped[str] = mapped_column(String(200))
    requested_on: Mapped[dt.date]
    url: Mapped[str]
    site_content: Mapped[str]
    reasons: Mapped[str]
    risks_and_controls: Mapped[str]
    status: Mapped[RequestStatus] = mapped_column(
        StoredEnum(RequestStatus, 20), index=True, default=RequestStatus.SUBMITTED
    )
    authoriser: Mapped[str] = mapped_column(String(200), default="")
    approved: Mapped[bool | None] = mapped_column(Boolean)
    decision_reasons: Mapped[str] = mapped_column(default="")
    decision_by: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[dt.date | None]
    implemented_on: Mapped[dt.date | None]
    implemented_by: Mapped[str] = mapped_column(String(200), default="")
    expires_on: Mapped[dt.date | None] = mapped_column(index=True)
    expired_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
