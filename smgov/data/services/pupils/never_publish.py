"""The never-publish flag: set and cleared with a reason that is shown only on request (and audited)."""

from __future__ import annotations

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.models import NeverPublishReason
from smgov.data.services.pupils.register import load_pupil
from smgov.data.validation import check_text
from smgov.data.workspace import Workspace


def set_never_publish(workspace: Workspace, pupil_id: int, reason: NeverPublishReason | None, note: str = "") -> None:
    """Flag a pupil whose image must never be published (``reason`` None clears the flag). The reason is kept but
    shown only on request (:func:`never_publish_reason`), and that is audited; the audit log never holds it."""
    note = check_text(note, "never_publish_note", "note", required=False, limit=2000)
    with workspace.write() as session:
        pupil = load_pupil(session, pupil_id)
        pupil.never_publish = reason is not None
        pupil.never_publish_reason = reason
        pupil.never_publish_note = note if reason is not None else ""
        what = "set" if reason is not None else "cleared"
        audit.record(session, AuditAction.PUPIL_NEVER_PUBLISH, "pupil", pupil_id, f"Never-publish flag {what}")


def never_publish_reason(workspace: Workspace, pupil_id: int) -> tuple[NeverPublishReason | None, str]:
    """Why a pupil must never be published, for someone who asked to see it (audited)."""
    with workspace.write() as session:
        pupil = load_pupil(session, pupil_id)
        audit.record(session, AuditAction.PUPIL_NEVER_PUBLISH_REVEAL, "pupil", pupil_id, "Never-publish reason shown")
        return pupil.never_publish_reason, pupil.never_publish_note
