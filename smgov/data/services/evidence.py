"""Screenshots kept as incident evidence: added byte for byte with their SHA-256, redacted into copies, loaded lazily.

The bytes of each screenshot live in their own table and are read only by :func:`get_evidence_bytes` (one at a
time, on demand); lists carry what a table or a details pane needs and nothing heavier. A thumbnail (small PNG) is
stored beside each and read by :func:`thumbnails` for one incident at a time.

Redaction (:func:`redact`) never touches the original: it makes a new PNG with filled black boxes and no metadata at
all (no EXIF, no GPS), linked to the original, and marked as cleared for sharing. Boxes are ``(x, y, width,
height)`` in the pixels of the upright image (after its EXIF orientation; a viewer should load images with
auto-transform on so that what the user sees is what the boxes cover).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit, images
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, Evidence, EvidenceBlob, EvidenceSource, Incident, utcnow
from smgov.data.operators import actor_name
from smgov.data.services.incidents import add_entry, reference
from smgov.data.validation import check_line, check_text
from smgov.data.workspace import Workspace


@dataclass(frozen=True)
class EvidenceInfo:
    """A piece of evidence as lists and the viewer show it (never its bytes)."""

    id: int
    incident_id: int
    number: int  # the original's number within its incident (1, 2, ... in the order added); a copy has its original's
    title: str  # "Screenshot 2", or "Screenshot 2, redacted copy 1": how the timeline, viewer and reports name it
    redacted_from_id: int | None
    source: EvidenceSource
    original_filename: str
    caption: str
    media_type: str
    sha256: str
    size_bytes: int
    width: int
    height: int
    has_metadata: bool
    cleared_for_sharing: bool
    added_at: dt.datetime
    added_by: str
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str

    @property
    def is_redacted_copy(self) -> bool:
        return self.redacted_from_id is not None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1_000_000


@dataclass(frozen=True)
class SharedVersion:
    """What an incident report prints for one original screenshot by default: its newest redacted copy, else the
    original if it was cleared for sharing as it is, else nothing (``shared`` is None) and a note says why."""

    original: EvidenceInfo
    shared: EvidenceInfo | None


def _info(evidence: Evidence, number: int, title: str) -> EvidenceInfo:
    return EvidenceInfo(
        id=evidence.id,
        incident_id=evidence.incident_id,
        number=number,
        title=title,
        redacted_from_id=evidence.redacted_from_id,
        source=evidence.source,
        original_filename=evidence.original_filename,
        caption=evidence.caption,
        media_type=evidence.media_type,
        sha256=evidence.sha256,
        size_bytes=evidence.size_bytes,
        width=evidence.width,
        height=evidence.height,
        has_metadata=evidence.has_metadata,
        cleared_for_sharing=evidence.cleared_for_sharing,
        added_at=evidence.added_at,
        added_by=evidence.added_by,
        withdrawn_at=evidence.withdrawn_at,
        withdrawn_reason=evidence.withdrawn_reason,
    )


def _all_for(session: Session, incident_id: int) -> list[EvidenceInfo]:
    """An incident's evidence in the order added: originals numbered 1, 2, ...; each redacted copy named after the
    original it comes from (however many redactions removed), so printed numbers have no gaps."""
    rows = list(session.scalars(select(Evidence).where(Evidence.incident_id == incident_id).order_by(Evidence.id)))
    number_of: dict[int, int] = {}
    copies: dict[int, int] = {}
    result = []
    for row in rows:
        if row.redacted_from_id is None or row.redacted_from_id not in number_of:
            number_of[row.id] = len(copies) + 1
            copies[number_of[row.id]] = 0
            title = f"Screenshot {number_of[row.id]}"
        else:
            number_of[row.id] = number_of[row.redacted_from_id]
            copies[number_of[row.id]] += 1
            title = f"Screenshot {number_of[row.id]}, redacted copy {copies[number_of[row.id]]}"
        result.append(_info(row, number_of[row.id], title))
    return result


def _one(session: Session, evidence_id: int) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise ValidationError(f"There is no evidence {evidence_id}.", field="evidence_id")
    return evidence


def _info_of(session: Session, evidence: Evidence) -> EvidenceInfo:
    return next(e for e in _all_for(session, evidence.incident_id) if e.id == evidence.id)


def _filename(name: str) -> str:
    # Only the name: a path would say more about the PC (and the user's folders) than the record needs.
    base = PurePath(name.replace("\\", "/")).name if name else ""
    return check_line(base, "original_filename", "file name", required=False, limit=255)


# -- adding ---------------------------------------------------------------------------------------------------


def add_evidence(
    workspace: Workspace,
    incident_id: int,
    data: bytes,
    *,
    source: EvidenceSource,
    original_filename: str = "",
    caption: str = "",
) -> EvidenceInfo:
    """Store a screenshot against an incident exactly as given, with its SHA-256, size, dimensions and thumbnail.

    ``source`` says how it came (a file, dragged in, pasted); ``original_filename`` is kept without its folder.

    Raises:
        ValidationError: not an image, damaged, too big, a decompression bomb, already attached to this incident,
            or the incident does not exist; nothing is saved.
    """
    kind = EvidenceSource(source)
    if kind is EvidenceSource.REDACTION:
        raise ValidationError("Redacted copies are made with Redact, not added.", field="source")
    name = _filename(original_filename)
    note = check_text(caption, "caption", "caption", required=False, limit=2000)
    checked = images.check_evidence(bytes(data))
    digest = hashlib.sha256(data).hexdigest()
    with workspace.write() as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise ValidationError(f"There is no incident {reference(incident_id)}.", field="incident_id")
        same = session.scalar(
            select(Evidence.added_at).where(
                Evidence.incident_id == incident_id, Evidence.sha256 == digest, Evidence.withdrawn_at.is_(None)
            )
        )
        if same is not None:
            from smgov.data.calendar import format_school_time

            raise ValidationError(
                f"This screenshot is already attached to {reference(incident_id)} (added {format_school_time(same)}).",
                field="evidence",
            )
        evidence = Evidence(
            incident_id=incident_id,
            redacted_from_id=None,
            source=kind,
            original_filename=name,
            caption=note,
            media_type=checked.media_type,
            sha256=digest,
            size_bytes=len(data),
            width=checked.width,
            height=checked.height,
            has_metadata=checked.has_metadata,
            cleared_for_sharing=False,
            added_at=utcnow(),
            added_by=actor_name(session),
            withdrawn_reason="",
            thumbnail=checked.thumbnail,
        )
        session.add(evidence)
        session.flush()
        session.add(EvidenceBlob(evidence_id=evidence.id, data=bytes(data)))
        info = _info_of(session, evidence)
        add_entry(
            session,
            incident,
            ActionType.EVIDENCE_ADDED,
            f"{info.title} ({kind.label.lower()}): {info.width} × {info.height} pixels, {_size(len(data))}, "
            f"SHA-256 {digest}.",
        )
        audit.record(
            session,
            AuditAction.EVIDENCE_ADD,
            "evidence",
            evidence.id,
            f"{info.title} added to {reference(incident_id)} ({kind.label.lower()}, SHA-256 {digest[:16]}…)",
        )
        return info


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


# -- reading --------------------------------------------------------------------------------------------------


def list_evidence(workspace: Workspace, incident_id: int, *, include_withdrawn: bool = False) -> list[EvidenceInfo]:
    """An incident's evidence in the order added, originals and redacted copies alike (no bytes)."""
    with workspace.read() as session:
        found = _all_for(session, incident_id)
    return [e for e in found if include_withdrawn or not e.withdrawn]


def get_evidence(workspace: Workspace, evidence_id: int) -> EvidenceInfo:
    with workspace.read() as session:
        return _info_of(session, _one(session, evidence_id))


def get_evidence_bytes(workspace: Workspace, evidence_id: int) -> bytes:
    """The stored bytes of one piece of evidence, exactly as added (for the viewer, or saving a copy)."""
    with workspace.read() as session:
        data = session.scalar(select(EvidenceBlob.data).where(EvidenceBlob.evidence_id == evidence_id))
    if data is None:
        raise ValidationError(f"There is no evidence {evidence_id}.", field="evidence_id")
    return bytes(data)


def get_thumbnail(workspace: Workspace, evidence_id: int) -> bytes:
    with workspace.read() as session:
        data = session.scalar(select(Evidence.thumbnail).where(Evidence.id == evidence_id))
    if data is None:
        raise ValidationError(f"There is no evidence {evidence_id}.", field="evidence_id")
    return bytes(data)


def thumbnails(workspace: Workspace, incident_id: int) -> dict[int, bytes]:
    """The thumbnails (PNG) of an incident's evidence, by evidence id, in one query."""
    with workspace.read() as session:
        rows = session.execute(select(Evidence.id, Evidence.thumbnail).where(Evidence.incident_id == incident_id)).all()
    return {row[0]: bytes(row[1]) for row in rows}


def check_integrity(workspace: Workspace, evidence_id: int) -> bool:
    """True when the stored bytes still have the SHA-256 recorded when they were added."""
    info = get_evidence(workspace, evidence_id)
    return hashlib.sha256(get_evidence_bytes(workspace, evidence_id)).hexdigest() == info.sha256


def shared_versions(workspace: Workspace, incident_id: int) -> list[SharedVersion]:
    """For each original screenshot (not withdrawn), what may be shared: see :class:`SharedVersion`."""
    found = list_evidence(workspace, incident_id)
    copies: dict[int, EvidenceInfo] = {}
    by_id = {e.id: e for e in found}
    for item in found:
        if item.redacted_from_id is not None:
            root = item
            while root.redacted_from_id is not None and root.redacted_from_id in by_id:
                root = by_id[root.redacted_from_id]
            copies[root.id] = item  # in order added, so the newest copy wins
    result = []
    for item in found:
        if item.is_redacted_copy:
            continue
        shared = copies.get(item.id) or (item if item.cleared_for_sharing else None)
        result.append(SharedVersion(item, shared))
    return result


# -- redaction and sharing ------------------------------------------------------------------------------------


def redact(workspace: Workspace, evidence_id: int, boxes: Sequence[Sequence[float]], *, caption: str = "") -> int:
    """Make a redacted copy of a screenshot: black boxes over ``boxes`` (x, y, width, height in upright pixels),
    saved as a PNG with no metadata, linked to the original, which stays byte for byte as it was.

    Returns the new copy's evidence id.
    """
    note = check_text(caption, "caption", "caption", required=False, limit=2000)
    with workspace.read() as session:
        source = _one(session, evidence_id)
        width, height, incident_id = source.width, source.height, source.incident_id
        withdrawn = source.withdrawn_at is not None
    if withdrawn:
        raise ValidationError("This evidence was withdrawn; it cannot be redacted.", field="evidence_id")
    clipped = images.check_boxes(boxes, width, height)
    redacted = images.clean_png(get_evidence_bytes(workspace, evidence_id), clipped)
    checked = images.check_evidence(redacted)
    digest = hashlib.sha256(redacted).hexdigest()
    with workspace.write() as session:
        original = _one(session, evidence_id)
        incident = session.get(Incident, incident_id)
        assert incident is not None
        stem = PurePath(original.original_filename).stem or f"evidence-{original.id}"
        copy = Evidence(
            incident_id=incident_id,
            redacted_from_id=original.id,
            source=EvidenceSource.REDACTION,
            original_filename=f"{stem}-redacted.png"[-255:],
            caption=note or original.caption,
            media_type="image/png",
            sha256=digest,
            size_bytes=len(redacted),
            width=checked.width,
            height=checked.height,
            has_metadata=False,
            cleared_for_sharing=True,
            added_at=utcnow(),
            added_by=actor_name(session),
            withdrawn_reason="",
            thumbnail=checked.thumbnail,
        )
        session.add(copy)
        session.flush()
        session.add(EvidenceBlob(evidence_id=copy.id, data=redacted))
        source_info = _info_of(session, original)
        copy_info = _info_of(session, copy)
        count = f"{len(clipped)} box{'es' if len(clipped) != 1 else ''}"
        add_entry(
            session,
            incident,
            ActionType.EVIDENCE_REDACTED,
            f"{copy_info.title}: redacted copy of {source_info.title} ({count} covered, no metadata), "
            f"SHA-256 {digest}.",
        )
        audit.record(
            session,
            AuditAction.EVIDENCE_REDACT,
            "evidence",
            copy.id,
            f"Redacted copy of evidence {original.id} on {reference(incident_id)} ({count})",
        )
        return copy.id


def set_cleared_for_sharing(workspace: Workspace, evidence_id: int, cleared: bool) -> EvidenceInfo:
    """Mark an original as fine to share as it is (nothing to cover), or take that back. Printouts and shared copies
    of an original carry no metadata either way."""
    with workspace.write() as session:
        evidence = _one(session, evidence_id)
        if evidence.redacted_from_id is not None and not cleared:
            raise ValidationError(
                "A redacted copy is always cleared for sharing; withdraw it if it is not right.", field="evidence_id"
            )
        if evidence.cleared_for_sharing != cleared:
            evidence.cleared_for_sharing = cleared
            what = "cleared for sharing as it is" if cleared else "no longer cleared for sharing"
            audit.record(
                session,
                AuditAction.EVIDENCE_SHARE,
                "evidence",
                evidence.id,
                f"Evidence {evidence.id} on {reference(evidence.incident_id)} {what}",
            )
        session.flush()
        return _info_of(session, evidence)


def withdraw_evidence(workspace: Workspace, evidence_id: int, reason: str) -> EvidenceInfo:
    """Withdraw evidence added by mistake: it leaves lists and reports, but its bytes and record are kept."""
    why = check_text(reason, "reason", "reason for withdrawing it", limit=2000)
    with workspace.write() as session:
        evidence = _one(session, evidence_id)
        if evidence.withdrawn_at is not None:
            raise ValidationError("This evidence was already withdrawn.", field="evidence_id")
        incident = session.get(Incident, evidence.incident_id)
        assert incident is not None
        evidence.withdrawn_at = utcnow()
        evidence.withdrawn_reason = why
        info = _info_of(session, evidence)
        add_entry(session, incident, ActionType.EVIDENCE_WITHDRAWN, f"{info.title} withdrawn: {why}")
        audit.record(
            session,
            AuditAction.EVIDENCE_WITHDRAW,
            "evidence",
            evidence.id,
            f"Evidence {evidence.id} on {reference(evidence.incident_id)} withdrawn",
        )
        return info


def copy_for_sharing(workspace: Workspace, evidence_id: int) -> bytes:
    """A PNG of the evidence with no metadata (no EXIF or GPS), for saving or sending outside smgov. Audited."""
    data = get_evidence_bytes(workspace, evidence_id)
    clean = images.clean_png(data)
    with workspace.write() as session:
        evidence = _one(session, evidence_id)
        audit.record(
            session,
            AuditAction.EVIDENCE_EXPORT,
            "evidence",
            evidence_id,
            f"Copy of evidence {evidence_id} on {reference(evidence.incident_id)} saved without metadata",
        )
    return clean


__all__ = [
    "EvidenceInfo",
    "SharedVersion",
    "add_evidence",
    "check_integrity",
    "copy_for_sharing",
    "get_evidence",
    "get_evidence_bytes",
    "get_thumbnail",
    "list_evidence",
    "redact",
    "set_cleared_for_sharing",
    "shared_versions",
    "thumbnails",
    "withdraw_evidence",
]
