"""The credential vault. Every secret column holds AES-256-GCM ciphertext (crypto.FieldCipher), bound to its row
and field; plaintext exists only at the moment of reveal or copy.

``fingerprint`` is a keyed HMAC of the secret: equal secrets have equal fingerprints (to find reuse), and it
reveals nothing else.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from smgov.data.models.base import Base, StoredEnum, utcnow


class CredentialKind(enum.StrEnum):
    PLATFORM_LOGIN = "platform_login"
    LINKED_MAILBOX = "linked_mailbox"
    RECOVERY_CODES = "recovery_codes"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "platform_login": "Platform login",
            "linked_mailbox": "Linked mailbox",
            "recovery_codes": "Two-factor recovery codes",
            "other": "Other",
        }[self.value]


class Credential(Base):
    __tablename__ = "credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CredentialKind] = mapped_column(StoredEnum(CredentialKind, 30))
    label: Mapped[str] = mapped_column(default="")
    username_enc: Mapped[bytes] = mapped_column(LargeBinary)
    secret_enc: Mapped[bytes] = mapped_column(LargeBinary)
    notes_enc: Mapped[bytes] = mapped_column(LargeBinary)
    totp_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    strength: Mapped[int] = mapped_column(Integer)  # zxcvbn score 0-4, worked out when the secret was set
    changed_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PasswordHistory(Base):
    """Earlier secrets of a credential (the last 10), still encrypted."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credential.id", ondelete="CASCADE"), index=True)
    secret_enc: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[dt.datetime]
    replaced_at: Mapped[dt.datetime]


class Disclosure(Base):
    """A password given to someone: to whom, when, authorised by whom, and why."""

    __tablename__ = "disclosure"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credential.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    given_to: Mapped[str]  # the name as recorded (a person on the register, or someone outside it)
    given_on: Mapped[dt.date]
    authorised_by: Mapped[str]
    reason: Mapped[str]
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
