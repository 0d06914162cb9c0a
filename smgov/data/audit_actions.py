"""What an audit event records as its action: every action smgov writes, each with the label the audit log shows.

The values are the strings stored in ``audit_event.action`` since the first schema, so a member compares equal to an
old row's text. Each member is defined with its label, so an action cannot exist without one. Files may hold actions
this version does not know (written by a newer smgov, or by hand): :func:`action_label` still gives them a readable
name.
"""

from __future__ import annotations

import enum

__all__ = ["AuditAction", "action_label"]


class AuditAction(enum.StrEnum):
    """An audit event's action: its stored value and, as ``label``, how the audit log names it."""

    label: str

    def __new__(cls, value: str, label: str = "") -> AuditAction:  # (a default so AuditAction(text) type-checks)
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    # the workspace and the school's settings
    WORKSPACE_CREATE = "workspace.create", "Workspace created"
    WORKSPACE_BACKUP = "workspace.backup", "Backup made"
    WORKSPACE_PASSPHRASE = "workspace.passphrase", "Passphrase changed"
    SETTINGS_UPDATE = "settings.update", "Settings changed"
    SETTINGS_LOGO = "settings.logo", "Logo changed"
    KEY_PERSON_SET = "key_person.set", "Key person named"
    KEY_PERSON_REMOVE = "key_person.remove", "Key person removed"
    CLOSURE_DAY_SET = "closure_day.set", "Closure day set"
    CLOSURE_DAY_REMOVE = "closure_day.remove", "Closure day removed"
    TERM_DATES_SET = "term_dates.set", "Term dates changed"
    TERM_DATES_RESET = "term_dates.reset", "Term dates reset to England's usual"
    KIT_PRINT = "kit.print", "Emergency Kit printed"
    INTEGRITY_BASELINE = "integrity.baseline", "Record check points written"
    RECORDS_CHANGE = "records.change", "Records changed"
    # the account register and people
    ACCOUNT_ADD = "account.add", "Account added"
    ACCOUNT_UPDATE = "account.update", "Account changed"
    ACCOUNT_DELETE = "account.delete", "Account deleted"
    ACCOUNT_TRANSITION = "account.transition", "Account status changed"
    ACCOUNT_STAFF_ADD = "account.staff_add", "Staff named on account"
    ACCOUNT_STAFF_REMOVE = "account.staff_remove", "Staff taken off account"
    PERSON_ADD = "person.add", "Person added"
    PERSON_UPDATE = "person.update", "Person changed"
    PERSON_DELETE = "person.delete", "Person deleted"
    PERSON_IMPORT = "person.import", "Staff imported"
    # the password vault
    VAULT_ADD = "vault.add", "Password saved"
    VAULT_UPDATE = "vault.update", "Login details changed"
    VAULT_CHANGE = "vault.change", "Password changed"
    VAULT_DELETE = "vault.delete", "Password deleted"
    VAULT_REVEAL = "vault.reveal", "Password shown"
    VAULT_COPY = "vault.copy", "Password copied"
    VAULT_HISTORY_REVEAL = "vault.history_reveal", "Old password shown"
    VAULT_HISTORY_COPY = "vault.history_copy", "Old password copied"
    VAULT_DISCLOSE = "vault.disclose", "Password given to someone"
    VAULT_IMPORT = "vault.import", "Passwords imported"
    # what leaves the app
    FORM_PRINT = "form.print", "Form printed or saved"
    REPORT_PRINT = "report.print", "Report printed or saved"
    EXPORT = "export", "Exported"
    # incidents, their evidence and content reports
    INCIDENT_CREATE = "incident.create", "Incident logged"
    INCIDENT_UPDATE = "incident.update", "Incident changed"
    INCIDENT_ACTION = "incident.action", "Incident action recorded"
    INCIDENT_CORRECT = "incident.correct", "Incident timeline corrected"
    INCIDENT_STATUS = "incident.status", "Incident status changed"
    INCIDENT_DSL = "incident.dsl", "DSL acknowledged concern"
    EVIDENCE_ADD = "evidence.add", "Screenshot added"
    EVIDENCE_REDACT = "evidence.redact", "Redacted copy made"
    EVIDENCE_SHARE = "evidence.share", "Screenshot copy saved"
    EVIDENCE_EXPORT = "evidence.export", "Screenshot original saved"
    EVIDENCE_WITHDRAW = "evidence.withdraw", "Screenshot withdrawn"
    CONTENT_REPORT_CREATE = "content_report.create", "Content report made"
    CONTENT_REPORT_UPDATE = "content_report.update", "Content report changed"
    CONTENT_REPORT_ICT = "content_report.ict", "ICT action recorded"
    # blocked-content access requests (Appendix A)
    BLOCKED_CONTENT_SUBMIT = "blocked_content.submit", "Access request submitted"
    BLOCKED_CONTENT_UPDATE = "blocked_content.update", "Access request changed"
    BLOCKED_CONTENT_DECIDE = "blocked_content.decide", "Access request decided"
    BLOCKED_CONTENT_IMPLEMENT = "blocked_content.implement", "Access given"
    BLOCKED_CONTENT_EXTEND = "blocked_content.extend", "Access extended"
    BLOCKED_CONTENT_EXPIRE = "blocked_content.expire", "Access ended"
    # pupils, consent and what is posted showing them
    PUPIL_IMPORT = "pupil.import", "Pupils imported"
    PUPIL_UPDATE = "pupil.update", "Pupil changed"
    PUPIL_OFF_ROLL = "pupil.off_roll", "Pupils marked off roll"
    PUPIL_NEVER_PUBLISH = "pupil.never_publish", "Never-publish flag changed"
    PUPIL_NEVER_PUBLISH_REVEAL = "pupil.never_publish_reveal", "Never-publish reason shown"
    CONSENT_RETURN = "consent.return", "Consent form recorded"
    CONSENT_AMEND = "consent.amend", "Consent amended"
    CONSENT_WITHDRAW = "consent.withdraw", "Consent withdrawn"
    CONSENT_IMPORT = "consent.import", "Consent returns imported"
    CONSENT_FORM_VIEW = "consent.form_view", "Consent form opened"
    CONSENT_PURPOSES = "consent.purposes", "Consent purposes changed"
    PUBLICATION_LOG = "publication.log", "Post logged"
    TAKEDOWN_UPDATE = "takedown.update", "Takedown updated"
    # demo workspaces
    DEMO_NOTE = "demo.note", "Demo entry"
    DEMO_BULK = "demo.bulk", "Demo records made"
    DEMO_INCIDENTS = "demo.incidents", "Demo incidents made"
    DEMO_EVIDENCE = "demo.evidence", "Demo screenshots made"
    DEMO_REQUESTS = "demo.requests", "Demo requests made"


_BY_VALUE: dict[str, AuditAction] = {member.value: member for member in AuditAction}


def action_label(action: str) -> str:
    """How the audit log names ``action``: its label, or for an action this version does not know, its words
    ("bench.insert" -> "Bench insert")."""
    member = _BY_VALUE.get(action)
    if member is not None:
        return member.label
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "(no action)"
