"""Consent purposes: the list the forms, the grid and the posting check use, and their editing in Settings.

Purposes are never deleted (entries refer to them): they are retired and restored, renamed and reordered."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import ConsentPurpose
from smgov.data.validation import check_line
from smgov.data.workspace import Workspace


@dataclass(frozen=True)
class PurposeRow:
    id: int
    key: str
    label: str
    media: str  # "photo", "video" or "both"
    social_media: bool
    active: bool

    def covers(self, media: str) -> bool:
        return self.media in ("both", media)


def purposes(workspace: Workspace, *, include_retired: bool = False) -> list[PurposeRow]:
    with workspace.read() as session:
        return _purposes(session, include_retired=include_retired)


def _purposes(session: Session, *, include_retired: bool = False) -> list[PurposeRow]:
    query = select(ConsentPurpose).order_by(ConsentPurpose.position, ConsentPurpose.id)
    if not include_retired:
        query = query.where(ConsentPurpose.active.is_(True))
    return [PurposeRow(p.id, p.key, p.label, p.media, p.social_media, p.active) for p in session.scalars(query).all()]


MEDIA = ("photo", "video", "both")


def _purpose(session: Session, purpose_id: int) -> ConsentPurpose:
    purpose = session.get(ConsentPurpose, purpose_id)
    if purpose is None:
        raise ValidationError("That purpose no longer exists.", field="purpose")
    return purpose


def _check_label(session: Session, label: str, purpose_id: int | None = None) -> str:
    text = check_line(label, "label", "purpose's name", required=True, limit=100)
    for other in session.scalars(select(ConsentPurpose).where(ConsentPurpose.id != (purpose_id or 0))):
        if other.label.casefold() == text.casefold():
            hint = "" if other.active else " (retired: restore it instead)"
            raise ValidationError(f"There is already a purpose called {other.label}{hint}.", field="label")
    return text


def _check_media(media: str) -> str:
    if media not in MEDIA:
        raise ValidationError("Choose photos, videos or both.", field="media")
    return media


def _key_from(label: str, taken: set[str]) -> str:
    base = "_".join(re.sub(r"[^a-z0-9]+", " ", _ascii(label).lower()).split())[:36] or "purpose"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _row_of(p: ConsentPurpose) -> PurposeRow:
    return PurposeRow(p.id, p.key, p.label, p.media, p.social_media, p.active)


def add_purpose(workspace: Workspace, label: str, *, media: str = "both", social_media: bool = False) -> PurposeRow:
    """A new purpose, last in the list; its key is made from the label (and never changes)."""
    media = _check_media(media)
    with workspace.write() as session:
        text = _check_label(session, label)
        taken = set(session.scalars(select(ConsentPurpose.key)))
        last = max(session.scalars(select(ConsentPurpose.position)), default=0)
        purpose = ConsentPurpose(
            key=_key_from(text, taken), label=text, media=media, social_media=social_media, position=last + 1
        )
        session.add(purpose)
        session.flush()
        audit.record(session, AuditAction.CONSENT_PURPOSES, "consent_purpose", purpose.id, f"Purpose added: {text}")
        return _row_of(purpose)


def update_purpose(
    workspace: Workspace,
    purpose_id: int,
    *,
    label: str | None = None,
    media: str | None = None,
    social_media: bool | None = None,
) -> PurposeRow:
    """Rename a purpose (its history keeps pointing at it), or say what it covers; None leaves a field as it is."""
    media = _check_media(media) if media is not None else None
    with workspace.write() as session:
        purpose = _purpose(session, purpose_id)
        changed: list[str] = []
        if label is not None:
            text = _check_label(session, label, purpose_id)
            if text != purpose.label:
                changed.append(f"renamed from {purpose.label} to {text}")
                purpose.label = text
        if media is not None and media != purpose.media:
            purpose.media = media
            changed.append(f"covers {'photos and videos' if media == 'both' else media + 's'}")
        if social_media is not None and social_media != purpose.social_media:
            purpose.social_media = social_media
            changed.append("social media" if social_media else "not social media")
        if changed:
            audit.record(
                session,
                AuditAction.CONSENT_PURPOSES,
                "consent_purpose",
                purpose.id,
                f"Purpose {purpose.label}: " + "; ".join(changed),
            )
        return _row_of(purpose)


def rename_purpose(workspace: Workspace, purpose_id: int, label: str) -> PurposeRow:
    return update_purpose(workspace, purpose_id, label=label)


def set_purpose_active(workspace: Workspace, purpose_id: int, active: bool) -> PurposeRow:
    """Retire a purpose (it leaves forms, the grid and new returns; its history stays) or restore it. Never
    deleted: entries refer to it."""
    with workspace.write() as session:
        purpose = _purpose(session, purpose_id)
        if purpose.active == active:
            return _row_of(purpose)
        if not active:
            others = session.scalars(
                select(ConsentPurpose.id).where(ConsentPurpose.active.is_(True), ConsentPurpose.id != purpose_id)
            ).first()
            if others is None:
                raise ValidationError("Keep at least one purpose in use.", field="purpose")
        purpose.active = active
        what = "restored" if active else "retired"
        audit.record(
            session, AuditAction.CONSENT_PURPOSES, "consent_purpose", purpose.id, f"Purpose {what}: {purpose.label}"
        )
        return _row_of(purpose)


def retire_purpose(workspace: Workspace, purpose_id: int) -> PurposeRow:
    return set_purpose_active(workspace, purpose_id, False)


def restore_purpose(workspace: Workspace, purpose_id: int) -> PurposeRow:
    return set_purpose_active(workspace, purpose_id, True)


def reorder_purposes(workspace: Workspace, order: list[int]) -> list[PurposeRow]:
    """Put the purposes in ``order`` (ids; those left out keep their order after them). Returns every purpose."""
    if len(set(order)) != len(order):
        raise ValidationError("A purpose is listed twice.", field="order")
    with workspace.write() as session:
        every = list(session.scalars(select(ConsentPurpose).order_by(ConsentPurpose.position, ConsentPurpose.id)))
        by_id = {p.id: p for p in every}
        if any(i not in by_id for i in order):
            raise ValidationError("One of the purposes no longer exists.", field="order")
        wanted = [by_id[i] for i in order] + [p for p in every if p.id not in set(order)]
        if [p.id for p in wanted] != [p.id for p in every] or any(p.position != n for n, p in enumerate(wanted, 1)):
            for n, purpose in enumerate(wanted, 1):
                purpose.position = n
            audit.record(session, AuditAction.CONSENT_PURPOSES, "consent_purpose", None, "Purposes reordered")
        return [_row_of(p) for p in wanted]
