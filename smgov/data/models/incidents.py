"""The incident log: incidents, the people involved, the append-only action timeline, evidence and its bytes, and
the inappropriate content reports (the Spixworth policy's Appendix B) linked to incidents.

Evidence bytes live in their own table (``evidence_blob``) so that listing evidence never reads a screenshot; the
thumbnail column is deferred for the same reason. Timeline entries and evidence bytes are append-only: SQLite
triggers (made by migration 0003, and by ``create_all`` through the DDL events below) refuse any UPDATE or DELETE,
so a correction is always a new entry that points at the one it corrects.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DDL, Boolean, ForeignKey, Index, Integer, String, event, text
from sqlalchemy.orm import Mapped, mapped_column

from smgov.data.models.base import Base, StoredEnum, utcnow


class IncidentCategory(enum.StrEnum):
    ABUSE_ON_SCHOOL_ACCOUNT = "abuse_on_school_account"
    CYBERBULLYING = "cyberbullying"
    STAFF_CONDUCT = "staff_conduct"
    PARENT_POST = "parent_post"
    INAPPROPRIATE_CONTENT = "inappropriate_content"
    DATA_PROTECTION_BREACH = "data_protection_breach"
    ACCOUNT_COMPROMISE = "account_compromise"
    OTHER = "other"

    @property
    def label(self) -> str:
        return INCIDENT_CATEGORY_LABELS[self]


INCIDENT_CATEGORY_LABELS = {
    IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT: "Abuse or inappropriate comment on a school account",
    IncidentCategory.CYBERBULLYING: "Cyberbullying",
    IncidentCategory.STAFF_CONDUCT: "Concern about a staff member's online conduct",
    IncidentCategory.PARENT_POST: "Parent post about the school",
    IncidentCategory.INAPPROPRIATE_CONTENT: "Inappropriate content accessed on school devices or network",
    IncidentCategory.DATA_PROTECTION_BREACH: "Data protection breach online",
    IncidentCategory.ACCOUNT_COMPROMISE: "Account compromise or impersonation",
    IncidentCategory.OTHER: "Other",
}


class IncidentStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    ESCALATED = "escalated"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"in_progress": "In progress"}.get(self.value, self.value.capitalize())


class InvolvedKind(enum.StrEnum):
    """Who a person involved in an incident is. Pupils are held by name and year group until the pupil register
    exists (``pupil_id`` is reserved for it); people from the register by ``person_id``; anyone else by name."""

    PUPIL = "pupil"
    REGISTER_PERSON = "register_person"
    OUTSIDER = "outsider"

    @property
    def label(self) -> str:
        return {"pupil": "Pupil", "register_person": "Staff or governor", "outsider": "Someone else"}[self.value]


class InvolvedRole(enum.StrEnum):
    SUBJECT = "subject"
    VICTIM = "victim"
    AUTHOR = "author"
    WITNESS = "witness"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ActionType(enum.StrEnum):
    """What a timeline entry records. The first group is what a user records; the rest smgov writes itself."""

    SCREENSHOT_TAKEN = "screenshot_taken"
    RESPONDED = "responded"
    COMMENT_HIDDEN = "comment_hidden"
    COMMENT_DELETED = "comment_deleted"
    USER_BLOCKED = "user_blocked"
    REPORTED_TO_PLATFORM = "reported_to_platform"
    ESCALATED_TO_SLT = "escalated_to_slt"
    ESCALATED_TO_DSL = "escalated_to_dsl"
    ESCALATED_TO_POLICE = "escalated_to_police"
    PARENT_CONTACTED = "parent_contacted"
    PARENT_MET = "parent_met"
    POST_REMOVED = "post_removed"
    NOTE = "note"
    CLOSED = "closed"
    # written by smgov
    LOGGED = "logged"
    DETAILS_CHANGED = "details_changed"
    STATUS_CHANGED = "status_changed"
    EVIDENCE_ADDED = "evidence_added"
    EVIDENCE_REDACTED = "evidence_redacted"
    EVIDENCE_WITHDRAWN = "evidence_withdrawn"
    DSL_ACKNOWLEDGED = "dsl_acknowledged"
    CONTENT_REPORT = "content_report"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]

    @property
    def user_recordable(self) -> bool:
        return self in USER_ACTIONS


ACTION_LABELS = {
    ActionType.SCREENSHOT_TAKEN: "Screenshot taken",
    ActionType.RESPONDED: "Responded or acknowledged receipt",
    ActionType.COMMENT_HIDDEN: "Comment hidden",
    ActionType.COMMENT_DELETED: "Comment deleted",
    ActionType.USER_BLOCKED: "User blocked",
    ActionType.REPORTED_TO_PLATFORM: "Reported to the platform",
    ActionType.ESCALATED_TO_SLT: "Escalated to SLT",
    ActionType.ESCALATED_TO_DSL: "Escalated to the DSL",
    ActionType.ESCALATED_TO_POLICE: "Escalated to the police",
    ActionType.PARENT_CONTACTED: "Parent contacted",
    ActionType.PARENT_MET: "Parent met",
    ActionType.POST_REMOVED: "Post removed",
    ActionType.NOTE: "Note",
    ActionType.CLOSED: "Closed",
    ActionType.LOGGED: "Incident logged",
    ActionType.DETAILS_CHANGED: "Details changed",
    ActionType.STATUS_CHANGED: "Status changed",
    ActionType.EVIDENCE_ADDED: "Evidence added",
    ActionType.EVIDENCE_REDACTED: "Redacted copy made",
    ActionType.EVIDENCE_WITHDRAWN: "Evidence withdrawn",
    ActionType.DSL_ACKNOWLEDGED: "Safeguarding concern acknowledged by the DSL",
    ActionType.CONTENT_REPORT: "Inappropriate content report",
}

# In the order a user picks them from a list.
USER_ACTIONS = (
    ActionType.SCREENSHOT_TAKEN,
    ActionType.RESPONDED,
    ActionType.COMMENT_HIDDEN,
    ActionType.COMMENT_DELETED,
    ActionType.USER_BLOCKED,
    ActionType.REPORTED_TO_PLATFORM,
    ActionType.ESCALATED_TO_SLT,
    ActionType.ESCALATED_TO_DSL,
    ActionType.ESCALATED_TO_POLICE,
    ActionType.PARENT_CONTACTED,
    ActionType.PARENT_MET,
    ActionType.POST_REMOVED,
    ActionType.NOTE,
    ActionType.CLOSED,
)

# Entries that count as the first response the policies ask for "within 24 hours" (acknowledging counts too).
RESPONSE_ACTIONS = frozenset(USER_ACTIONS) - {ActionType.SCREENSHOT_TAKEN, ActionType.NOTE}


class EvidenceSource(enum.StrEnum):
    FILE = "file"
    DRAG_AND_DROP = "drag_and_drop"
    CLIPBOARD = "clipboard"
    REDACTION = "redaction"

    @property
    def label(self) -> str:
        return {
            "file": "From a file",
            "drag_and_drop": "Dragged in",
            "clipboard": "Pasted",
            "redaction": "Redacted copy",
        }[self.value]


class Incident(Base):
    """One thing that went wrong online. ``due_at`` is worked out when it is logged (or its receipt time changes),
    from the school's response rule and closure days at that moment; later settings do not move it."""

    __tablename__ = "incident"
    __table_args__ = (
        # Partial indexes for the dashboard: only the few incidents waiting for a response or for the DSL.
        Index("ix_incident_awaiting_response", "due_at", sqlite_where=text("first_response_at IS NULL")),
        Index(
            "ix_incident_dsl_unacknowledged",
            "received_at",
            sqlite_where=text("safeguarding_concern = 1 AND dsl_acknowledged_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[IncidentCategory] = mapped_column(StoredEnum(IncidentCategory, 40), index=True)
    platform: Mapped[str] = mapped_column(String(80), default="")
    account_name: Mapped[str] = mapped_column(String(200), default="")
    # The register's account, when it is one of the school's. The services keep it valid (a deleted account's
    # incidents keep its platform and name and lose the link): a foreign key would mean rebuilding the table.
    account_id: Mapped[int | None] = mapped_column(Integer, index=True)
    received_at: Mapped[dt.datetime] = mapped_column(index=True)
    reported_by: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str]
    safeguarding_concern: Mapped[bool] = mapped_column(Boolean, default=False)
    dsl_acknowledged_at: Mapped[dt.datetime | None]
    dsl_acknowledged_by: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[IncidentStatus] = mapped_column(
        StoredEnum(IncidentStatus, 20), index=True, default=IncidentStatus.OPEN
    )
    outcome: Mapped[str] = mapped_column(default="")
    due_at: Mapped[dt.datetime | None]
    first_response_at: Mapped[dt.datetime | None]
    first_response_by: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class IncidentPerson(Base):
    """Someone involved in an incident, with their role in it.

    For a pupil, ``name`` and ``year_group`` are stored here for now (there is no pupil register yet; ``pupil_id``
    is reserved for it, without a foreign key). Reports and exports show pupils by initials unless asked otherwise.
    """

    __tablename__ = "incident_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[InvolvedKind] = mapped_column(StoredEnum(InvolvedKind, 20))
    role: Mapped[InvolvedRole] = mapped_column(StoredEnum(InvolvedRole, 20))
    name: Mapped[str] = mapped_column(String(200))
    year_group: Mapped[str] = mapped_column(String(40), default="")
    person_id: Mapped[int | None] = mapped_column(Integer)  # the people register; no foreign key yet
    pupil_id: Mapped[int | None] = mapped_column(Integer)  # reserved for the pupil register
    notes: Mapped[str] = mapped_column(default="")


class IncidentAction(Base):
    """A timeline entry: append-only. ``corrects_id`` and ``reason`` make it a correction of an earlier entry; the
    corrected values are this entry's own (``withdrawn`` when the earlier entry should not have been recorded)."""

    __tablename__ = "incident_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    action: Mapped[ActionType] = mapped_column(StoredEnum(ActionType, 40))
    occurred_at: Mapped[dt.datetime]
    done_by: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("incident_action.id"), index=True)
    reason: Mapped[str] = mapped_column(default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class Evidence(Base):
    """A screenshot (or a redacted copy of one): what it is, never its bytes (see :class:`EvidenceBlob`).

    ``width`` and ``height`` are the image's upright size (after its EXIF orientation); redaction boxes are given in
    those pixels.
    """

    __tablename__ = "evidence"
    # Covers counting an incident's evidence (the incident list does it for every row) without reading the rows,
    # whose thumbnails make them large.
    __table_args__ = (Index("ix_evidence_incident_id", "incident_id", "withdrawn_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"))
    redacted_from_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"), index=True)
    source: Mapped[EvidenceSource] = mapped_column(StoredEnum(EvidenceSource, 20))
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    caption: Mapped[str] = mapped_column(default="")
    media_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    has_metadata: Mapped[bool] = mapped_column(Boolean, default=False)  # EXIF, GPS or text chunks in the original
    cleared_for_sharing: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    added_by: Mapped[str] = mapped_column(String(120), default="")
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawn_reason: Mapped[str] = mapped_column(default="")
    thumbnail: Mapped[bytes] = mapped_column(deferred=True)


class EvidenceBlob(Base):
    """The bytes of one piece of evidence, exactly as received (or as redacted). Never updated or deleted."""

    __tablename__ = "evidence_blob"

    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(deferred=True)


class ContentReport(Base):
    """An inappropriate content report (Appendix B), always linked to an incident. ``urls`` holds one full URL a
    line; the ICT technician's part (action, by whom, when) is filled in later."""

    __tablename__ = "content_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    staff_name: Mapped[str] = mapped_column(String(200))
    accessed_by: Mapped[str] = mapped_column(String(200), default="")
    accessed_by_pupil: Mapped[bool] = mapped_column(Boolean, default=False)
    accessed_on: Mapped[dt.date]
    urls: Mapped[str]
    nature: Mapped[str]
    ict_action: Mapped[str] = mapped_column(default="")
    ict_action_by: Mapped[str] = mapped_column(String(200), default="")
    ict_action_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# Append-only, enforced by the database itself (the service layer has no way to edit either anyway).
APPEND_ONLY_TABLES = ("incident_action", "evidence_blob")


def append_only_triggers(table: str) -> list[str]:
    """The SQL that makes ``table`` refuse UPDATE and DELETE (used by migration 0003 and by ``create_all``)."""
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        for verb in ("UPDATE", "DELETE")
    ]


for _model in (IncidentAction, EvidenceBlob):
    for _statement in append_only_triggers(_model.__tablename__):
        event.listen(_model.__table__, "after_create", DDL(_statement))  # type: ignore[no-untyped-call]
