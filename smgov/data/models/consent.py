"""Pupils (from the school's MIS), their photo and video consent, and what was posted showing them.

Consent is kept per pupil, academic year (1 September to 31 August, named by the year it starts) and purpose, as an
append-only history: the first return, then amendments and withdrawals, each effective from a date and never
retroactive. The status on any date is computed from that history (smgov.data.services.consent); a year with no
entry for a pupil is "not returned", which is treated as refused.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DDL, Boolean, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from smgov.data.models.base import Base, StoredEnum, utcnow
from smgov.data.models.incidents import append_only_triggers


class ConsentStatus(enum.StrEnum):
    GRANTED = "granted"
    RESTRICTED = "restricted"  # granted with restrictions, in ``restriction``
    REFUSED = "refused"
    NOT_RETURNED = "not_returned"  # never stored: what a pupil with no entry for the year has

    @property
    def label(self) -> str:
        return {
            ConsentStatus.GRANTED: "Granted",
            ConsentStatus.RESTRICTED: "Granted with restrictions",
            ConsentStatus.REFUSED: "Refused",
            ConsentStatus.NOT_RETURNED: "Not returned",
        }[self]

    @property
    def allows(self) -> bool:
        """Whether an image may be used for the purpose (with a restriction, within it)."""
        return self in (ConsentStatus.GRANTED, ConsentStatus.RESTRICTED)


class ConsentChange(enum.StrEnum):
    RETURN = "return"  # the year's form (or online return)
    AMENDMENT = "amendment"
    WITHDRAWAL = "withdrawal"

    @property
    def label(self) -> str:
        return {"return": "Consent form returned", "amendment": "Amended", "withdrawal": "Withdrawn"}[self.value]


class ConsentMethod(enum.StrEnum):
    PAPER = "paper"
    ONLINE = "online"
    EMAIL = "email"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return {"paper": "Paper form", "online": "Online form", "email": "Email", "letter": "Letter"}[self.value]


class NeverPublishReason(enum.StrEnum):
    LOOKED_AFTER = "looked_after"
    COURT_ORDER = "court_order"
    SAFEGUARDING = "safeguarding"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "looked_after": "Looked-after child",
            "court_order": "Court order",
            "safeguarding": "Safeguarding",
            "other": "Other",
        }[self.value]


class Pupil(Base):
    """A pupil as the MIS knows them. Never deleted: a pupil missing from a full export goes off roll."""

    __tablename__ = "pupil"

    id: Mapped[int] = mapped_column(primary_key=True)
    upn: Mapped[str] = mapped_column(String(20), default="", index=True)  # text: leading zeros kept
    admission_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    legal_first_name: Mapped[str] = mapped_column(String(100))
    legal_last_name: Mapped[str] = mapped_column(String(100))
    preferred_first_name: Mapped[str] = mapped_column(String(100), default="")
    year_group: Mapped[str] = mapped_column(String(20), default="", index=True)  # "Reception", "Year 4", ...
    class_name: Mapped[str] = mapped_column(String(40), default="", index=True)  # registration group or class
    date_of_birth: Mapped[dt.date | None]
    on_roll: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    off_roll_on: Mapped[dt.date | None]
    never_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    never_publish_reason: Mapped[NeverPublishReason | None] = mapped_column(StoredEnum(NeverPublishReason, 20))
    never_publish_note: Mapped[str] = mapped_column(default="")  # shown only on request, and audited
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ConsentPurpose(Base):
    """What an image may be used for (the policies' list, editable in Settings). Retired purposes stay for history."""

    __tablename__ = "consent_purpose"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    media: Mapped[str] = mapped_column(String(10), default="both")  # "photo", "video" or "both"
    social_media: Mapped[bool] = mapped_column(Boolean, default=False)  # what a post on a school account needs
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ConsentForm(Base):
    """A scanned consent form, letter or email kept as evidence (bytes in the encrypted file, like screenshots)."""

    __tablename__ = "consent_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id"), index=True)
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    media_type: Mapped[str] = mapped_column(String(60))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(deferred=True)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    added_by: Mapped[str] = mapped_column(String(120), default="")


class ConsentEntry(Base):
    """One step of a pupil's consent for one purpose in one academic year. Append-only: a change is a new entry,
    effective from ``effective_on`` (never before it was received)."""

    __tablename__ = "consent_entry"
    __table_args__ = (Index("ix_consent_entry_pupil_year", "pupil_id", "academic_year", "purpose_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id"))
    academic_year: Mapped[int] = mapped_column(Integer, index=True)  # 2026 = 1 Sep 2026 to 31 Aug 2027
    purpose_id: Mapped[int] = mapped_column(ForeignKey("consent_purpose.id"))
    change: Mapped[ConsentChange] = mapped_column(StoredEnum(ConsentChange, 20))
    status: Mapped[ConsentStatus] = mapped_column(StoredEnum(ConsentStatus, 20))
    restriction: Mapped[str] = mapped_column(default="")
    effective_on: Mapped[dt.date]
    given_by: Mapped[str] = mapped_column(String(200), default="")
    relationship: Mapped[str] = mapped_column(String(100), default="")
    parental_responsibility: Mapped[bool] = mapped_column(Boolean, default=True)
    by_pupil: Mapped[bool] = mapped_column(Boolean, default=False)  # the pupil's own consent, where accepted
    method: Mapped[ConsentMethod] = mapped_column(StoredEnum(ConsentMethod, 20))
    received_on: Mapped[dt.date]
    form_id: Mapped[int | None] = mapped_column(ForeignKey("consent_form.id"))
    note: Mapped[str] = mapped_column(default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")


class PostMedia(enum.StrEnum):
    PHOTO = "photo"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Publication(Base):
    """Something posted showing pupils: where, when, and who appears (with the verdict at the time)."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"), index=True)
    posted_on: Mapped[dt.date] = mapped_column(index=True)
    media: Mapped[PostMedia] = mapped_column(StoredEnum(PostMedia, 10))
    url: Mapped[str] = mapped_column(default="")
    caption: Mapped[str] = mapped_column(default="")
    description: Mapped[str] = mapped_column(default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")


class PublicationPupil(Base):
    __tablename__ = "publication_pupil"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id", ondelete="CASCADE"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id"), index=True)
    verdict: Mapped[str] = mapped_column(default="")  # as the check gave it when posted


class TakedownState(enum.StrEnum):
    OPEN = "open"
    REMOVED = "removed"
    NOT_PRACTICABLE = "not_practicable"

    @property
    def label(self) -> str:
        return {"open": "To take down", "removed": "Removed", "not_practicable": "Not practicable"}[self.value]


class Takedown(Base):
    """A logged post showing a pupil whose consent was withdrawn: to be removed where practicable."""

    __tablename__ = "takedown"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("consent_entry.id"))  # the withdrawal (or amendment)
    state: Mapped[TakedownState] = mapped_column(StoredEnum(TakedownState, 20), default=TakedownState.OPEN, index=True)
    done_on: Mapped[dt.date | None]
    note: Mapped[str] = mapped_column(default="")  # why not practicable, or how removed
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ImportMapping(Base):
    """A column mapping the user confirmed, remembered for files of the same shape (the same headers)."""

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "pupils" or "consent"
    signature: Mapped[str] = mapped_column(String(64), index=True)  # a hash of the normalised headers
    source: Mapped[str] = mapped_column(String(60), default="")  # "SIMS", "Arbor", ... as detected or named
    mapping: Mapped[str]  # JSON: field -> header
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


CONSENT_APPEND_ONLY = ("consent_entry", "consent_form")

for _model in (ConsentEntry, ConsentForm):
    for _statement in append_only_triggers(_model.__tablename__):
        event.listen(_model.__table__, "after_create", DDL(_statement))  # type: ignore[no-untyped-call]
