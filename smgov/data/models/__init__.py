"""Typed ORM models of the workspace, one module per area, all on one DeclarativeBase.

Importing this package registers every table on ``Base.metadata``.
"""

from smgov.data.models.accounts import (
    Account,
    AccountStaff,
    AccountStatus,
    AccountTransition,
    MonitoringFrequency,
    Platform,
    StaffRole,
)
from smgov.data.models.audit import AuditEvent, AuditKey
from smgov.data.models.base import Base, UtcDateTime, utcnow
from smgov.data.models.consent import (
    ConsentChange,
    ConsentEntry,
    ConsentForm,
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    ImportMapping,
    NeverPublishReason,
    PostMedia,
    Publication,
    PublicationPupil,
    Pupil,
    Takedown,
    TakedownState,
)
from smgov.data.models.incidents import (
    ActionType,
    ContentReport,
    Evidence,
    EvidenceBlob,
    EvidenceSource,
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentPerson,
    IncidentStatus,
    InvolvedKind,
    InvolvedRole,
)
from smgov.data.models.people import Person, PersonKind
from smgov.data.models.requests import BlockedContentRequest, RequestStatus
from smgov.data.models.school import KEY_ROLE_LABELS, ClosureDay, KeyPerson, KeyRole, ResponseRule, School
from smgov.data.models.vault import Credential, CredentialKind, Disclosure, PasswordHistory

__all__ = [
    "ConsentChange",
    "ConsentEntry",
    "ConsentForm",
    "ConsentMethod",
    "ConsentPurpose",
    "ConsentStatus",
    "ImportMapping",
    "NeverPublishReason",
    "PostMedia",
    "Publication",
    "PublicationPupil",
    "Pupil",
    "Takedown",
    "TakedownState",
    "KEY_ROLE_LABELS",
    "Account",
    "AccountStaff",
    "AccountStatus",
    "AccountTransition",
    "Credential",
    "CredentialKind",
    "Disclosure",
    "MonitoringFrequency",
    "PasswordHistory",
    "Person",
    "PersonKind",
    "Platform",
    "StaffRole",
    "AuditEvent",
    "AuditKey",
    "Base",
    "ClosureDay",
    "KeyPerson",
    "KeyRole",
    "ResponseRule",
    "School",
    "UtcDateTime",
    "utcnow",
    # incidents and blocked content requests
    "ActionType",
    "BlockedContentRequest",
    "ContentReport",
    "Evidence",
    "EvidenceBlob",
    "EvidenceSource",
    "Incident",
    "IncidentAction",
    "IncidentCategory",
    "IncidentPerson",
    "IncidentStatus",
    "InvolvedKind",
    "InvolvedRole",
    "RequestStatus",
]
