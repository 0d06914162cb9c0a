"""The audit log section."""

from smgov.ui.sections.audit.view import AuditView

__all__ = ["AuditView"]
