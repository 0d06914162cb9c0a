"""The credential vault: login details of each account, encrypted per field, decrypted only on reveal or copy.

Nothing here returns a secret except :func:`reveal`, :func:`reveal_history` and :func:`totp_code`, and each of those
writes an audit event. Rows for tables carry the strength score and a fingerprint, never the secret.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from smgov.data import audit, totp
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.models.accounts import Account, Platform
from smgov.data.models.base import utcnow
from smgov.data.models.people import Person
from smgov.data.models.school import School
from smgov.data.models.vault import Credential, CredentialKind, Disclosure, PasswordHistory
from smgov.data.references import RecordKind, format_reference
from smgov.data.services import school
from smgov.data.services.people import still_exposed
from smgov.data.validation import check_line, check_text
from smgov.data.workspace import Workspace

if TYPE_CHECKING:
    from smgov.data.passphrases import Strength

HISTORY_KEPT = 10
MAX_SECRET = 10_000
MAX_NOTES = 5000
WEAK_BELOW = 3
Field = Literal["username", "secret", "notes", "totp"]
Purpose = Literal["reveal", "copy"]
_SHOWN: dict[Purpose, AuditAction] = {"reveal": AuditAction.VAULT_REVEAL, "copy": AuditAction.VAULT_COPY}
_OLD_SHOWN: dict[Purpose, AuditAction] = {
    "reveal": AuditAction.VAULT_HISTORY_REVEAL,
    "copy": AuditAction.VAULT_HISTORY_COPY,
}


@dataclass
class CredentialForm:
    kind: CredentialKind
    label: str = ""
    username: str = ""
    secret: str = ""
    notes: str = ""
    totp: str = ""  # a base32 secret or an otpauth:// URI; empty for none


@dataclass(frozen=True)
class CredentialRow:
    id: int
    account_id: int
    account_name: str
    platform: Platform
    kind: CredentialKind
    label: str
    has_totp: bool
    strength: int
    changed_at: dt.datetime
    disclosures: int

    @property
    def title(self) -> str:
        return self.label or self.kind.label

    def age_days(self, today: dt.date | None = None) -> int:
        return ((today or dt.date.today()) - self.changed_at.astimezone().date()).days


@dataclass(frozen=True)
class HistoryRow:
    id: int
    set_at: dt.datetime
    replaced_at: dt.datetime


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    person_id: int | None
    given_to: str
    given_on: dt.date
    authorised_by: str
    reason: str


@dataclass(frozen=True)
class HealthItem:
    credential: CredentialRow
    problem: str  # "weak" | "reused" | "old" | "leaver"
    detail: str


# -- checks --------------------------------------------------------------------------------------------------------


def normalise_totp(value: str) -> str:
    """The two-factor setting as stored: a secret, or a link as KeePassXC and Bitwarden export (checked)."""
    setting = totp.parse(value)
    return setting.stored() if setting else ""


def _check_storable(value: str, field_name: str, label: str) -> None:
    """Refuse text holding a lone surrogate (half an emoji from a broken paste): it cannot be encrypted or saved,
    and a password is never changed silently to make it fit."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"The {label} holds a broken character (half of an emoji, perhaps) that cannot be saved. "
            "Copy it again from where it came.",
            field=field_name,
        ) from None


def _check(form: CredentialForm) -> CredentialForm:
    if not form.secret:
        raise ValidationError("Enter the password (or the recovery codes).", field="secret")
    if len(form.secret) > MAX_SECRET:
        raise ValidationError(f"This is too long (at most {MAX_SECRET:,} characters).", field="secret")
    _check_storable(form.secret, "secret", "password")
    if len(form.username) > 500:
        raise ValidationError("The username is too long (at most 500 characters).", field="username")
    _check_storable(form.username, "username", "username")
    notes = check_text(form.notes, "notes", "notes", required=False, limit=MAX_NOTES)
    label = check_line(form.label, "label", "label", required=False)
    return CredentialForm(
        kind=CredentialKind(form.kind),
        label=label,
        username=form.username.strip(),
        secret=form.secret,
        notes=notes,
        totp=normalise_totp(form.totp),
    )


def _words(*texts: str) -> list[str]:
    """Each text whole and its words of three letters or more, lower-cased (what zxcvbn matches against)."""
    words: list[str] = []
    for text in texts:
        for word in [text.strip().lstrip("@"), *re.findall(r"[^\W_]{3,}", text)]:
            if word and word.lower() not in words:
                words.append(word.lower())
    return words


def _strength_inputs(session: Session, account_id: int | None) -> list[str]:
    """What someone guessing an account's password would try first: the school's name, the account's name,
    handle and platform."""
    school_name = session.scalar(select(School.name).limit(1)) or ""
    account = session.get(Account, account_id) if account_id is not None else None
    if account is None:
        return _words(school_name)
    return _words(school_name, account.name, account.handle, Platform(account.platform).label, "password")


def strength_inputs(workspace: Workspace, account_id: int | None) -> list[str]:
    """The words a password for ``account_id`` is checked against (for the live strength meter)."""
    with workspace.read() as session:
        return _strength_inputs(session, account_id)


def password_strength(workspace: Workspace, account_id: int | None, secret: str) -> Strength:
    """How a password for ``account_id`` would be rated when saved (the school's and account's names count)."""
    from smgov.data.passphrases import strength

    return strength(secret, strength_inputs(workspace, account_id))


def _score(session: Session, account_id: int | None, secret: str) -> int:
    from smgov.data.passphrases import strength

    return strength(secret, _strength_inputs(session, account_id)).score


# -- encryption of one row's fields --------------------------------------------------------------------------------


def _ad(workspace: Workspace, credential_id: int, field: str) -> bytes:
    return workspace.field_cipher.associated_data("credential", credential_id, field)


def _seal(workspace: Workspace, row: Credential, field: Field, value: str) -> bytes:
    return workspace.field_cipher.encrypt(value, _ad(workspace, row.id, field))


def _open(workspace: Workspace, credential_id: int, field: Field, blob: bytes) -> str:
    return workspace.field_cipher.decrypt(blob, _ad(workspace, credential_id, field))


def _history_ad(workspace: Workspace, history_id: int) -> bytes:
    return workspace.field_cipher.associated_data("password_history", history_id, "secret")


# -- changing ------------------------------------------------------------------------------------------------------


def add_credential(workspace: Workspace, account_id: int, form: CredentialForm) -> int:
    form = _check(form)
    with workspace.write() as session:
        return insert_credential(session, workspace, account_id, form)


def insert_credential(session: Session, workspace: Workspace, account_id: int, form: CredentialForm) -> int:
    """Add a checked credential inside the caller's unit of work (importers add many in one)."""
    if session.get(Account, account_id) is None:
        raise ValidationError("That account is no longer in the register.")
    row = Credential(
        account_id=account_id,
        kind=form.kind.value,
        label=form.label,
        username_enc=b"",
        secret_enc=b"",
        notes_enc=b"",
        fingerprint=workspace.field_cipher.fingerprint(form.secret),
        strength=_score(session, account_id, form.secret),
        changed_at=utcnow(),
    )
    session.add(row)
    session.flush()  # the id binds each ciphertext to this row
    row.username_enc = _seal(workspace, row, "username", form.username)
    row.secret_enc = _seal(workspace, row, "secret", form.secret)
    row.notes_enc = _seal(workspace, row, "notes", form.notes)
    row.totp_enc = _seal(workspace, row, "totp", form.totp) if form.totp else None
    audit.record(
        session,
        AuditAction.VAULT_ADD,
        "credential",
        row.id,
        f"{form.kind.label} added to account " + format_reference(RecordKind.ACCOUNT, account_id),
    )
    return row.id


check_form = _check


def update_details(
    workspace: Workspace,
    credential_id: int,
    *,
    kind: CredentialKind,
    label: str,
    username: str,
    notes: str,
    totp: str | None = None,
) -> None:
    """Change what is kept beside the secret. ``totp=None`` keeps the two-factor secret; "" removes it."""
    form = _check(CredentialForm(kind, label, username, "unchanged", notes, totp or ""))
    with workspace.write() as session:
        row = _get(session, credential_id)
        row.kind, row.label = form.kind, form.label
        row.username_enc = _seal(workspace, row, "username", form.username)
        row.notes_enc = _seal(workspace, row, "notes", form.notes)
        if totp is not None:
            row.totp_enc = _seal(workspace, row, "totp", form.totp) if form.totp else None
        audit.record(
            session, AuditAction.VAULT_UPDATE, "credential", credential_id, "Details changed (not the password)"
        )


def change_secret(workspace: Workspace, credential_id: int, new_secret: str) -> None:
    """A new password; the old one goes into the history (the last 10 are kept, encrypted)."""
    if not new_secret:
        raise ValidationError("Enter the new password.", field="secret")
    if len(new_secret) > MAX_SECRET:
        raise ValidationError("This is too long.", field="secret")
    _check_storable(new_secret, "secret", "password")
    cipher = workspace.field_cipher
    now = utcnow()
    with workspace.write() as session:
        row = _get(session, credential_id)
        score = _score(session, row.account_id, new_secret)
        fingerprint = cipher.fingerprint(new_secret)
        if fingerprint == row.fingerprint:
            raise ValidationError("That is the current password. Choose a new one.", field="secret")
        old = _open(workspace, row.id, "secret", row.secret_enc)
        history = PasswordHistory(
            credential_id=row.id, secret_enc=b"", fingerprint=row.fingerprint, set_at=row.changed_at, replaced_at=now
        )
        session.add(history)
        session.flush()
        history.secret_enc = cipher.encrypt(old, _history_ad(workspace, history.id))
        del old
        row.secret_enc = _seal(workspace, row, "secret", new_secret)
        row.fingerprint, row.strength, row.changed_at = fingerprint, score, now
        stale = session.scalars(
            select(PasswordHistory.id)
            .where(PasswordHistory.credential_id == row.id)
            .order_by(PasswordHistory.replaced_at.desc(), PasswordHistory.id.desc())
            .offset(HISTORY_KEPT)
        ).all()
        if stale:
            session.execute(delete(PasswordHistory).where(PasswordHistory.id.in_(stale)))
        audit.record(session, AuditAction.VAULT_CHANGE, "credential", credential_id, "Password changed")


def delete_credential(workspace: Workspace, credential_id: int) -> None:
    with workspace.write() as session:
        row = _get(session, credential_id)
        account_id = row.account_id
        session.delete(row)
        audit.record(
            session,
            AuditAction.VAULT_DELETE,
            "credential",
            credential_id,
            f"Credential deleted from account {format_reference(RecordKind.ACCOUNT, account_id)}",
        )


def _get(session: Session, credential_id: int) -> Credential:
    row = session.get(Credential, credential_id)
    if row is None:
        raise ValidationError("That credential is no longer in the vault.")
    return row


# -- revealing (audited) -------------------------------------------------------------------------------------------


def reveal(workspace: Workspace, credential_id: int, field: Field = "secret", purpose: Purpose = "reveal") -> str:
    """The plaintext of one field, for showing or copying now. Writes an audit event (without the value)."""
    with workspace.write() as session:
        row = _get(session, credential_id)
        blob = {"username": row.username_enc, "secret": row.secret_enc, "notes": row.notes_enc, "totp": row.totp_enc}[
            field
        ]
        audit.record(session, _SHOWN[purpose], "credential", credential_id, f"{field.capitalize()} {purpose}ed")
        if blob is None:
            return ""
    return _open(workspace, credential_id, field, blob)


def totp_code(workspace: Workspace, credential_id: int, at: dt.datetime | None = None) -> tuple[str, int]:
    """The live two-factor code and the seconds it stays valid (audited as a reveal)."""
    stored = reveal(workspace, credential_id, "totp", "reveal")
    return totp.code(stored, at)


def history(workspace: Workspace, credential_id: int) -> list[HistoryRow]:
    with workspace.read() as session:
        rows = session.scalars(
            select(PasswordHistory)
            .where(PasswordHistory.credential_id == credential_id)
            .order_by(PasswordHistory.replaced_at.desc(), PasswordHistory.id.desc())
        )
        return [HistoryRow(h.id, h.set_at, h.replaced_at) for h in rows]


def reveal_history(workspace: Workspace, history_id: int, purpose: Purpose = "reveal") -> str:
    with workspace.write() as session:
        entry = session.get(PasswordHistory, history_id)
        if entry is None:
            raise ValidationError("That old password is no longer kept.")
        audit.record(session, _OLD_SHOWN[purpose], "credential", entry.credential_id, f"Old password {purpose}ed")
        blob = entry.secret_enc
    return workspace.field_cipher.decrypt(blob, _history_ad(workspace, history_id))


# -- disclosures ---------------------------------------------------------------------------------------------------


def record_disclosure(
    workspace: Workspace,
    credential_id: int,
    *,
    given_on: dt.date,
    authorised_by: str,
    reason: str,
    person_id: int | None = None,
    given_to: str = "",
) -> int:
    """Record that a password was given to someone (on the register, or named here), who authorised it, and why."""
    authorised_by = check_line(authorised_by, "authorised_by", "name of who authorised it", required=False)
    reason = check_text(reason, "reason", "reason", required=False, limit=MAX_NOTES)
    given_to = check_line(given_to, "person", "name of who was given it", required=False)
    if not authorised_by:
        raise ValidationError("Say who authorised giving the password (the headteacher).", field="authorised_by")
    if not reason:
        raise ValidationError("Say why the password was given.", field="reason")
    if given_on > dt.date.today():
        raise ValidationError("That date is in the future.", field="given_on")
    with workspace.write() as session:
        _get(session, credential_id)
        if person_id is not None:
            person = session.get(Person, person_id)
            if person is None:
                raise ValidationError("That person is no longer on the register.", field="person")
            given_to = person.full_name
        if not given_to:
            raise ValidationError("Say who was given the password.", field="person")
        disclosure = Disclosure(
            credential_id=credential_id,
            person_id=person_id,
            given_to=given_to,
            given_on=given_on,
            authorised_by=authorised_by,
            reason=reason,
        )
        session.add(disclosure)
        session.flush()
        # The recipient is kept in the disclosure record, not in the audit chain (tests/data/test_vault.py).
        who = f"person #{person_id}" if person_id is not None else "someone not on the register"
        audit.record(session, AuditAction.VAULT_DISCLOSE, "credential", credential_id, f"Password given to {who}")
        return disclosure.id


def disclosures(workspace: Workspace, credential_id: int) -> list[DisclosureRow]:
    with workspace.read() as session:
        rows = session.scalars(
            select(Disclosure).where(Disclosure.credential_id == credential_id).order_by(Disclosure.given_on.desc())
        )
        return [DisclosureRow(d.id, d.person_id, d.given_to, d.given_on, d.authorised_by, d.reason) for d in rows]


# -- listing and health --------------------------------------------------------------------------------------------


def list_credentials(workspace: Workspace, account_id: int | None = None) -> list[CredentialRow]:
    with workspace.read() as session:
        return _rows(session, account_id)


def _rows(session: Session, account_id: int | None = None) -> list[CredentialRow]:
    counts = dict(
        session.execute(select(Disclosure.credential_id, func.count()).group_by(Disclosure.credential_id)).all()
    )
    query = (
        select(
            Credential.id,
            Credential.account_id,
            Account.name,
            Account.handle,
            Account.platform,
            Credential.kind,
            Credential.label,
            Credential.totp_enc.is_not(None),
            Credential.strength,
            Credential.changed_at,
        )
        .join(Account, Account.id == Credential.account_id)
        .order_by(Account.handle_key, Credential.id)
    )
    if account_id is not None:
        query = query.where(Credential.account_id == account_id)
    return [
        CredentialRow(
            id=cid,
            account_id=aid,
            account_name=name or handle,
            platform=Platform(platform),
            kind=CredentialKind(kind),
            label=label,
            has_totp=bool(has_totp),
            strength=strength,
            changed_at=changed_at,
            disclosures=counts.get(cid, 0),
        )
        for cid, aid, name, handle, platform, kind, label, has_totp, strength, changed_at in session.execute(query)
    ]


def health_report(workspace: Workspace, today: dt.date | None = None) -> list[HealthItem]:
    """Weak, reused, old and leaver-exposed passwords, worked out without decrypting any of them."""
    today = today or dt.date.today()
    max_age = school.get_details(workspace).password_max_age_days
    with workspace.read() as session:
        rows = _rows(session)
        fingerprints = dict(session.execute(select(Credential.id, Credential.fingerprint)).all())
        exposures = session.execute(
            select(Disclosure.credential_id, Disclosure.recorded_at, Person.leaving_date)
            .join(Person, Person.id == Disclosure.person_id)
            .where(Person.leaving_date.is_not(None), Person.leaving_date <= today)
        ).all()
    by_id = {row.id: row for row in rows}
    reuse = Counter(fingerprints.values())
    items: list[HealthItem] = []
    for row in rows:
        if row.kind is not CredentialKind.RECOVERY_CODES and row.strength < WEAK_BELOW:
            items.append(HealthItem(row, "weak", "Easy to guess: generate a new one."))
        if reuse[fingerprints[row.id]] > 1:
            items.append(HealthItem(row, "reused", f"The same password is used {reuse[fingerprints[row.id]]} times."))
        if row.kind is not CredentialKind.RECOVERY_CODES and row.age_days(today) > max_age:
            items.append(HealthItem(row, "old", f"Not changed for {row.age_days(today)} days (limit {max_age})."))
    flagged: set[int] = set()
    for credential_id, given_at, leaving_date in exposures:
        exposed = by_id.get(credential_id)
        if exposed is None or credential_id in flagged:
            continue
        if still_exposed(exposed.changed_at, given_at, leaving_date):
            flagged.add(credential_id)
            detail = f"Given to someone who left on {leaving_date:%d/%m/%Y}; change it."
            items.append(HealthItem(exposed, "leaver", detail))
    order = {"leaver": 0, "weak": 1, "reused": 2, "old": 3}
    return sorted(items, key=lambda i: (order[i.problem], i.credential.account_name.lower()))
