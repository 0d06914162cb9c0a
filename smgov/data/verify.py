"""Verify a workspace: the audit chain, SQLCipher's page checks (HMAC on every page) and SQLite's own checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlcipher3 import DatabaseError as CipherDatabaseError

from smgov.data import audit
from smgov.data.errors import WorkspaceDamaged
from smgov.data.workspace import Workspace


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    audit_events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(workspace: Workspace) -> VerifyReport:
    report = VerifyReport()
    conn = workspace.raw_connection()
    try:
        try:
            rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            report.checked.append("encryption checks on every page")
            report.problems += [f"encryption check: {row[0]}" for row in rows]
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            report.checked.append("database structure")
            report.problems += [f"database structure: {row[0]}" for row in rows if row[0] != "ok"]
        except CipherDatabaseError as exc:
            report.problems.append(f"the database cannot be read ({exc})")
    finally:
        conn.close()
    try:
        with workspace.read() as session:
            problems = audit.verify_chain(session)
            report.audit_events = session.query(audit.AuditEvent).count()
        report.checked.append(f"audit log chain ({report.audit_events} events)")
        report.problems += [f"audit event {p.event_id} {p.what}" for p in problems]
    except WorkspaceDamaged as exc:
        report.problems.append(str(exc))
    return report
