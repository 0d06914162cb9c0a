"""Typed ORM models of the workspace, one module per area, all on one DeclarativeBase.

Importing this package registers every table on ``Base.metadata``.
"""

from smgov.data.models.audit import AuditEvent
from smgov.data.models.base import Base, UtcDateTime, utcnow
from smgov.data.models.school import KEY_ROLE_LABELS, ClosureDay, KeyPerson, KeyRole, ResponseRule, School

__all__ = [
    "KEY_ROLE_LABELS",
    "AuditEvent",
    "Base",
    "ClosureDay",
    "KeyPerson",
    "KeyRole",
    "ResponseRule",
    "School",
    "UtcDateTime",
    "utcnow",
]
