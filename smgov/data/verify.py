"""Verify a workspace: what it proves, and what it found, in words a business manager can act on.

It checks:
- every page's encryption check (SQLCipher's HMAC) and SQLite's own structure checks;
- the audit chain: every event's MAC and its link to the event before (an event edited, deleted or put out of order);
- every record against the digest its latest audit event recorded (a record added, changed or deleted with no event,
  as a SQLCipher client with the key would leave it);
- every saved password decrypts under its own row and field (a ciphertext altered, or moved to another row), without
  showing it; every screenshot's bytes against the SHA-256 recorded when it was added;
- the history against its anchors outside the file: the count and last MAC this PC saw, the backups this PC made and
  any backup files found, and audit seals from printed reports. Someone who holds the key and rewrites the history
  consistently is caught by any anchor taken before the rewrite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import anchors, audit, integrity
from smgov.data.audit_actions import action_label
from smgov.data.errors import SmgovError, ValidationError, WorkspaceDamaged
from smgov.data.models import Account, Credential, Evidence, EvidenceBlob, PasswordHistory
from smgov.data.references import RecordKind, format_reference
from smgov.data.workspace import SUFFIX, Workspace, read_only

SHOWN_PER_GROUP = 3


@dataclass(frozen=True)
class Finding:
    """One problem: its ``group`` (what kind), a short ``item`` (which record or event) and the ``detail``."""

    group: str
    item: str
    detail: str


# The groups, in the order a summary gives them.
DAMAGED = "The file is damaged"
CHAIN = "Audit log entries were changed or removed"
CHANGED = "Records changed with no entry in the audit log"
ADDED = "Records added with no entry in the audit log"
DELETED = "Records deleted with no entry in the audit log"
VAULT = "Saved passwords that were altered or moved (they cannot be decrypted)"
EVIDENCE = "Screenshots whose bytes are not the ones recorded"
ANCHORS = "The history does not match a record of it kept outside the file"
GROUPS = (DAMAGED, CHAIN, CHANGED, ADDED, DELETED, VAULT, EVIDENCE, ANCHORS)


@dataclass
class VerifyReport:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    audit_events: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def problems(self) -> list[str]:
        """One line a kind of problem: how many, and the first few."""
        lines = []
        for group in GROUPS:
            items = [f.item for f in self.findings if f.group == group]
            if not items:
                continue
            shown = "; ".join(items[:SHOWN_PER_GROUP])
            more = f"; and {len(items) - SHOWN_PER_GROUP} more" if len(items) > SHOWN_PER_GROUP else ""
            lines.append(f"{group} ({len(items)}): {shown}{more}.")
        groups = {f.group for f in self.findings}
        entries_missing = any("missing" in f.item for f in self.findings if f.group in (CHAIN, ANCHORS))
        if entries_missing and groups & {ADDED, CHANGED, DELETED}:
            lines.append(
                "Records show as added, changed or deleted with no entry where the audit log entries that recorded "
                "them are missing: restore the newest backup that passes this check."
            )
        return lines

    def details(self) -> list[str]:
        """Every finding in full, grouped."""
        lines = []
        for group in GROUPS:
            found = [f for f in self.findings if f.group == group]
            if found:
                lines.append(f"{group}:")
                lines += [f"  - {f.detail}" for f in found]
        return lines


def verify(
    workspace: Workspace,
    *,
    seals: Sequence[str] = (),
    backup_folders: Iterable[Path] = (),
    this_pc: bool = True,
) -> VerifyReport:
    """Every check on the open ``workspace``. ``seals`` are audit seals from printed reports; backups are looked for
    in ``backup_folders`` and beside the file; ``this_pc`` compares with the anchors this PC kept (off when the file
    is a backup being checked before a restore: it is meant to be behind)."""
    report = VerifyReport()
    _check_pages(workspace, report)
    try:
        with workspace.read() as session:
            key = integrity.chain_key(session, fresh=True)
            found, skipped = _read_backup_files(workspace, key, backup_folders) if key else ([], 0)
            wanted = _anchor_counts(key, workspace.path, seals, this_pc) | {anchor.count for anchor in found}
            macs = _check_chain(session, key, report, wanted)
            if key is None:
                report.checked.append(
                    "records: not checked (the file was made before smgov kept record digests; open it in smgov "
                    "once to upgrade it)"
                )
            else:
                _check_records(session, key, report)
                _check_vault(session, workspace, report)
                _check_evidence(session, report)
                _check_anchors(key, workspace.path, macs, report, seals, (found, skipped), this_pc)
    except WorkspaceDamaged as exc:
        report.findings.append(Finding(DAMAGED, "the file cannot be read", str(exc)))
    return report


# -- the file -----------------------------------------------------------------------------------------------------


def _check_pages(workspace: Workspace, report: VerifyReport) -> None:
    conn = workspace.raw_connection()
    try:
        try:
            rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            report.checked.append("the encryption check on every page")
            report.findings += [Finding(DAMAGED, str(row[0]), f"encryption check: {row[0]}") for row in rows]
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            report.checked.append("the database's structure")
            report.findings += [
                Finding(DAMAGED, str(row[0]), f"database structure: {row[0]}") for row in rows if row[0] != "ok"
            ]
        except Exception as exc:  # noqa: BLE001  (any driver error here means the file is damaged: say so)
            report.findings.append(
                Finding(DAMAGED, "part of the file cannot be read", f"the database cannot be read ({exc})")
            )
    finally:
        conn.close()


# -- the chain ----------------------------------------------------------------------------------------------------


def _anchor_counts(key: integrity.ChainKey | None, path: Path, seals: Sequence[str], this_pc: bool) -> set[int]:
    """The event numbers whose MACs the anchors need."""
    wanted: set[int] = set()
    for seal in seals:
        wanted.add(integrity.parse_seal(seal)[0])
    if key is not None:
        if this_pc and (head := anchors.head(key.file_id, path)) is not None:
            wanted.add(head.count)
        wanted.update(anchor.count for anchor in anchors.backups(key.file_id, path))
    return wanted


@dataclass
class _Latest:
    """The latest digest the audit log recorded for each record, and the event that recorded it."""

    digest: str | None
    event_id: int
    at: dt.datetime
    action: str


def _check_chain(
    session: Session, key: integrity.ChainKey | None, report: VerifyReport, wanted: set[int]
) -> dict[int, str]:
    """Check the chain; fill ``report`` and keep the latest digests for :func:`_check_records`. Returns the MACs of
    the ``wanted`` events (and of the last)."""
    prev_hash, expected_id, count = audit.GENESIS, 1, 0
    macs: dict[int, str] = {}
    latest: dict[tuple[str, Any], _Latest] = {}
    for event in audit.iter_events(session):
        count += 1
        when = _when(event.at)
        if event.id != expected_id:
            gap = (
                f"entry {expected_id} is"
                if event.id - 1 == expected_id
                else f"entries {expected_id} to {event.id - 1} are"
            )
            report.findings.append(
                Finding(CHAIN, f"{gap} missing", f"audit log {gap} missing (the entry after is from {when})")
            )
        if event.prev_hash != prev_hash:
            report.findings.append(
                Finding(
                    CHAIN,
                    f"entry {event.id} does not follow on",
                    f"audit log entry {event.id} ({when}) does not follow on from the entry before it: an entry "
                    "before it was changed, removed or put in",
                )
            )
        if audit.event_mac(event, key) != event.hash:
            report.findings.append(
                Finding(
                    CHAIN,
                    f"entry {event.id} was changed",
                    f"audit log entry {event.id} ({when}, {action_label(event.action)}) was changed after it was "
                    "written",
                )
            )
        if event.id in wanted:
            macs[event.id] = event.hash
        for table, pk, digest in _records_of(event):
            latest[(table, pk)] = _Latest(digest, event.id, event.at, event.action)
        prev_hash, expected_id = event.hash, event.id + 1
    macs[0] = prev_hash  # the head
    macs[-1] = str(expected_id - 1)
    report.audit_events = count
    report.checked.append(f"the audit log's chain ({count:,} entries{', keyed' if key else ''})")
    session.info["smgov.verify.latest"] = latest
    return macs


def _records_of(event: audit.AuditEvent) -> list[tuple[str, Any, str | None]]:
    if not event.records:
        return []
    try:
        found = json.loads(event.records)
        return [(str(t), pk, None if d is None else str(d)) for t, pk, d in found]
    except (ValueError, TypeError):
        return []  # the event's MAC already fails: a changed records field is reported there


# -- the records --------------------------------------------------------------------------------------------------


def _check_records(session: Session, key: integrity.ChainKey, report: VerifyReport) -> None:
    latest: dict[tuple[str, Any], _Latest] = session.info.pop("smgov.verify.latest", {})
    seen: set[tuple[str, Any]] = set()
    total = 0
    namer = _Namer(session)
    for table, pk, digest in integrity.current_digests(session, key):
        total += 1
        seen.add((table, pk))
        known = latest.get((table, pk))
        if known is None or known.digest is None:
            report.findings.append(
                Finding(ADDED, namer.name(table, pk), f"{namer.name(table, pk)}: in the file, but no entry adds it")
            )
        elif known.digest != digest:
            report.findings.append(
                Finding(
                    CHANGED,
                    f"{namer.name(table, pk)} (last recorded {_day(known.at)})",
                    f"{namer.name(table, pk)}: changed since its last recorded change, audit log entry "
                    f"{known.event_id} ({_when(known.at)}, {action_label(known.action)})",
                )
            )
    for (table, pk), known in latest.items():
        if known.digest is not None and (table, pk) not in seen and table in _TABLES:
            report.findings.append(
                Finding(
                    DELETED,
                    f"{namer.name(table, pk)} (last recorded {_day(known.at)})",
                    f"{namer.name(table, pk)}: gone from the file, though no entry deletes it; last recorded in "
                    f"audit log entry {known.event_id} ({_when(known.at)}, {action_label(known.action)})",
                )
            )
    report.checked.append(f"every record against the audit log ({total:,} records)")


_TABLES = frozenset(t.name for t in integrity.tracked_tables())


class _Namer:
    """How verify names a record: by its reference or account where it has one, never by a person's name."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._accounts: dict[int, str] | None = None
        self._credentials: dict[int, tuple[int, str]] | None = None

    def account(self, account_id: object) -> str:
        if self._accounts is None:
            self._accounts = {
                row[0]: str(row[1] or row[2])
                for row in self._session.execute(select(Account.id, Account.name, Account.handle))
            }
        name = self._accounts.get(account_id) if isinstance(account_id, int) else None
        return f'account "{name}"' if name else f"account no. {account_id}"

    def credential(self, credential_id: object) -> str:
        if self._credentials is None:
            self._credentials = {
                row[0]: (row[1], str(row[2] or ""))
                for row in self._session.execute(select(Credential.id, Credential.account_id, Credential.label))
            }
        found = self._credentials.get(credential_id) if isinstance(credential_id, int) else None
        if found is None:
            return f"saved login no. {credential_id}"
        account_id, label = found
        return (
            f'the saved login "{label}" of {self.account(account_id)}'
            if label
            else (f"a saved login of {self.account(account_id)}")
        )

    def name(self, table: str, pk: object) -> str:
        if table == "account":
            return self.account(pk)
        if table == "credential":
            return self.credential(pk)
        reference = _REFERENCES.get(table)
        if reference is not None and isinstance(pk, int):
            return format_reference(reference, pk)
        return f"{_NOUNS.get(table, table.replace('_', ' '))} no. {pk}"


_REFERENCES = {
    "incident": RecordKind.INCIDENT,
    "blocked_content_request": RecordKind.BLOCKED_CONTENT_REQUEST,
    "content_report": RecordKind.CONTENT_REPORT,
}
_NOUNS = {
    "school": "the school's settings, record",
    "key_person": "key person entry",
    "closure_day": "closure day",
    "person": "person on the register",
    "account_staff": "staff link to an account",
    "account_transition": "account status change",
    "password_history": "old saved password",
    "disclosure": "record of a password given out",
    "incident_person": "person named in an incident, entry",
    "incident_action": "incident timeline entry",
    "evidence": "screenshot",
    "evidence_blob": "screenshot's bytes, for screenshot",
    "school_term": "term dates entry",
    "pupil": "pupil on the register, record",
    "consent_purpose": "consent purpose",
    "consent_form": "kept consent form",
    "consent_entry": "consent return entry",
    "publication": "logged post",
    "publication_pupil": "pupil named in a logged post, entry",
    "takedown": "takedown",
    "import_mapping": "saved import column mapping",
}


# -- the vault and the evidence -----------------------------------------------------------------------------------


def _check_vault(session: Session, workspace: Workspace, report: VerifyReport) -> None:
    cipher = workspace.field_cipher
    namer = _Namer(session)
    checked = 0
    for row in session.execute(
        select(Credential.id, Credential.username_enc, Credential.secret_enc, Credential.notes_enc, Credential.totp_enc)
    ):
        for name, blob in zip(("username", "secret", "notes", "totp"), row[1:], strict=True):
            if blob is None:
                continue
            checked += 1
            try:
                cipher.decrypt(bytes(blob), cipher.associated_data("credential", row[0], name))
            except ValidationError:
                what = {"username": "username", "secret": "password", "notes": "notes", "totp": "two-factor secret"}
                report.findings.append(
                    Finding(
                        VAULT,
                        f"the {what[name]} in {namer.credential(row[0])}",
                        f"the {what[name]} in {namer.credential(row[0])} cannot be decrypted: it was altered, or "
                        "moved from another saved login",
                    )
                )
    for history_id, blob in session.execute(select(PasswordHistory.id, PasswordHistory.secret_enc)):
        checked += 1
        try:
            cipher.decrypt(bytes(blob), cipher.associated_data("password_history", history_id, "secret"))
        except ValidationError:
            report.findings.append(
                Finding(
                    VAULT,
                    f"old saved password no. {history_id}",
                    f"old saved password no. {history_id} cannot be decrypted: it was altered or moved",
                )
            )
    report.checked.append(f"every saved password decrypts where it is ({checked:,} fields; none was shown)")


def _check_evidence(session: Session, report: VerifyReport) -> None:
    rows = session.execute(select(Evidence.id, Evidence.incident_id, Evidence.sha256)).all()
    for evidence_id, incident_id, recorded in rows:
        data = session.scalar(select(EvidenceBlob.data).where(EvidenceBlob.evidence_id == evidence_id))
        which = f"screenshot no. {evidence_id} of {format_reference(RecordKind.INCIDENT, incident_id)}"
        if data is None:
            report.findings.append(Finding(EVIDENCE, which, f"{which}: its bytes are missing from the file"))
        elif hashlib.sha256(data).hexdigest() != recorded:
            report.findings.append(
                Finding(EVIDENCE, which, f"{which}: its bytes are not the ones recorded when it was added")
            )
    report.checked.append(f"every screenshot against its SHA-256 ({len(rows):,} screenshots)")


# -- anchors outside the file -------------------------------------------------------------------------------------


def _check_anchors(
    key: integrity.ChainKey,
    path: Path,
    macs: dict[int, str],
    report: VerifyReport,
    seals: Sequence[str],
    backup_files: tuple[list[anchors.Anchor], int],
    this_pc: bool,
) -> None:
    count = int(macs[-1])

    def compare(anchor: anchors.Anchor, where: str, *, found_file: bool = False) -> None:
        # A backup file found in a folder may itself have been opened and changed since (then the two histories
        # part ways, as after a rewrite): say both. This PC's own records are certain.
        afterwards = " (or the backup was opened and changed itself)" if found_file else ""
        if anchor.count > count:
            missing = anchor.count - count
            report.findings.append(
                Finding(
                    ANCHORS,
                    f"{where} ({_day(anchor.at)}): the last {missing} audit log entries are missing",
                    f"{where} ({_when(anchor.at)}) saw {anchor.count:,} audit log entries; the file has {count:,}: "
                    f"the last {missing} are missing{afterwards}",
                )
            )
        elif anchor.count and macs.get(anchor.count) != anchor.mac:
            report.findings.append(
                Finding(
                    ANCHORS,
                    f"{where} ({_day(anchor.at)}): the history up to then was rewritten",
                    f"{where} ({_when(anchor.at)}) recorded the history up to entry {anchor.count:,}; the file's "
                    f"history up to that entry is not the same: it was rewritten{afterwards}",
                )
            )

    if this_pc:
        head = anchors.head(key.file_id, path)
        if head is None:
            report.checked.append("this PC's record of the history: none (the file was not changed on this PC)")
        else:
            compare(head, "This PC's record of the history")
            report.checked.append(f"this PC's record of the history (up to entry {head.count:,}, {_day(head.at)})")
    made = anchors.backups(key.file_id, path)
    for anchor in made:
        compare(anchor, f"The backup {Path(anchor.backup or '').name}")
    if made:
        report.checked.append(f"this PC's record of {len(made)} backup(s) made here")
    found, skipped = backup_files
    for anchor in found:
        compare(anchor, f"The backup {Path(anchor.backup or '').name}", found_file=True)
    if found or skipped:
        note = f"; {skipped} could not be opened with this key (made before a passphrase change?)" if skipped else ""
        report.checked.append(f"{len(found)} backup file(s) found{note}")
    for seal in seals:
        sealed_count, printed = integrity.parse_seal(seal)
        if sealed_count > count:
            report.findings.append(
                Finding(
                    ANCHORS,
                    f"seal {printed}: the last {sealed_count - count} audit log entries are missing",
                    f"the audit seal {printed} was printed when the history had {sealed_count:,} entries; the file "
                    f"has {count:,}",
                )
            )
        elif sealed_count == 0 or key.seal(sealed_count, macs.get(sealed_count, "")) != printed:
            report.findings.append(
                Finding(
                    ANCHORS,
                    f"seal {printed} does not match",
                    f"the audit seal {printed} does not match the history up to entry {sealed_count:,}: it was "
                    "rewritten, or the seal is from another workspace or was mistyped",
                )
            )
        else:
            report.checked.append(f"the audit seal {printed}: the history up to entry {sealed_count:,} is unchanged")


def _read_backup_files(
    workspace: Workspace, key: integrity.ChainKey, folders: Iterable[Path]
) -> tuple[list[anchors.Anchor], int]:
    """The history's head in each backup of this workspace found beside it, in the default backup folder and in
    ``folders``. Returns them and how many files could not be opened with this key."""
    from smgov import paths

    candidates: dict[Path, None] = {}
    stem = workspace.path.stem
    for folder in [*folders, paths.default_backup_dir(), workspace.path.parent]:
        try:
            for entry in Path(folder).iterdir():
                # Backups are named after the workspace (NAME-backup-DATE, NAME-STAMP, NAME-before-schema-...); a
                # file of the very same name elsewhere is a copy that may have gone its own way, not a backup.
                named_like = entry.name.startswith(stem) and entry.name != workspace.path.name
                if named_like and entry.suffix == SUFFIX and entry.is_file():
                    candidates.setdefault(entry.resolve(), None)
        except OSError:
            continue
    candidates.pop(workspace.path.resolve(), None)
    found: list[anchors.Anchor] = []
    skipped = 0
    for backup in candidates:
        try:
            with read_only(backup, workspace.key) as session:
                other = integrity.chain_key(session, fresh=True)
                if other is None or other.file_id != key.file_id:
                    continue  # another workspace, or one made before record digests
                last = session.execute(
                    select(audit.AuditEvent.id, audit.AuditEvent.hash).order_by(audit.AuditEvent.id.desc()).limit(1)
                ).first()
        except (SmgovError, OSError):
            skipped += 1
            continue
        if last is not None:
            made = dt.datetime.fromtimestamp(backup.stat().st_mtime, dt.UTC)
            found.append(anchors.Anchor(int(last[0]), str(last[1]), made, str(backup)))
    return found, skipped


def _when(at: dt.datetime) -> str:
    local = at.astimezone()
    return f"{local:%d %b %Y %H:%M}".lstrip("0")


def _day(at: dt.datetime) -> str:
    return f"{at.astimezone():%d %b %Y}".lstrip("0")
