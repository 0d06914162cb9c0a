"""People who may run or touch the school's accounts: staff, governors, volunteers and contractors."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy.orm import Mapped, mapped_column

from smgov.data.models.base import Base, StoredEnum, utcnow


class PersonKind(enum.StrEnum):
    STAFF = "staff"
    GOVERNOR = "governor"
    VOLUNTEER = "volunteer"
    CONTRACTOR = "contractor"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str]
    kind: Mapped[PersonKind] = mapped_column(StoredEnum(PersonKind, 20), default=PersonKind.STAFF)
    role: Mapped[str] = mapped_column(default="")  # job title or position, e.g. "Year 4 teacher"
    email: Mapped[str] = mapped_column(default="", index=True)
    start_date: Mapped[dt.date | None]
    leaving_date: Mapped[dt.date | None] = mapped_column(index=True)
    social_media_training_on: Mapped[dt.date | None]
    online_safety_training_on: Mapped[dt.date | None]
    terms_signed_on: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
