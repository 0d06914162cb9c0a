"""Import credentials from a KeePassXC or Bitwarden CSV export, matched to accounts by URL or title.

The CSV holds passwords in plaintext: after importing, the user is reminded to delete it (and empty the bin).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.importers.csvfile import read_rows
from smgov.data.models.vault import CredentialKind
from smgov.data.services import accounts, vault
from smgov.data.workspace import Workspace

COLUMNS = {
    "title": ("Title", "name", "Name", "Entry"),
    "username": ("Username", "login_username", "User name", "Login"),
    "password": ("Password", "login_password"),
    "url": ("URL", "login_uri", "Website", "Uri"),
    "notes": ("Notes", "Note"),
    "totp": ("TOTP", "login_totp", "OTP"),
    "type": ("type",),
}
DELETE_REMINDER = (
    "The CSV file you imported holds every password in plain text. Delete it now, and empty the Recycle Bin, "
    "so nobody can read it."
)


class MatchStatus(enum.StrEnum):
    MATCHED = "matched"
    NO_MATCH = "no matching account"
    ERROR = "error"


class Refusal(enum.StrEnum):
    """Why a row is left out, each counted apart in the summaries (a bad TOTP is not "matched no account")."""

    NO_ACCOUNT = "no_account"
    NOT_A_LOGIN = "not_a_login"
    NO_PASSWORD = "no_password"
    BAD_TOTP = "bad_totp"
    TOO_LONG = "too_long"
    DUPLICATE = "duplicate"
    OTHER = "other"


# what the summary says after the count: (one row, several rows)
_REASONS: dict[Refusal, tuple[str, str]] = {
    Refusal.NO_ACCOUNT: ("matched no account", "matched no account"),
    Refusal.NOT_A_LOGIN: ("is not a login (a card, identity or note)", "are not logins (cards, identities or notes)"),
    Refusal.NO_PASSWORD: ("has no password", "have no password"),
    Refusal.BAD_TOTP: ("has a TOTP secret that is not valid", "have a TOTP secret that is not valid"),
    Refusal.TOO_LONG: (
        "has a password, username or notes too long to keep",
        "have a password, username or notes too long to keep",
    ),
    Refusal.OTHER: ("cannot be imported", "cannot be imported"),
}


@dataclass
class CredentialImportRow:
    line: int
    title: str
    username: str
    url: str
    status: MatchStatus
    account_id: int | None = None
    account_name: str = ""
    message: str = ""
    refusal: Refusal | None = None  # set on ERROR rows: why the row cannot be imported
    duplicate_lines: tuple[int, ...] = ()  # the other lines of the file that go to the same account
    # the secret stays in this preview object only until import: it is never shown, logged or saved elsewhere
    _secret: str = field(default="", repr=False)
    _notes: str = field(default="", repr=False)
    _totp: str = field(default="", repr=False)

    @property
    def is_duplicate(self) -> bool:
        return bool(self.duplicate_lines)

    @property
    def will_import(self) -> bool:
        return self.status is not MatchStatus.ERROR and self.account_id is not None and not self.duplicate_lines

    @property
    def left_out_reason(self) -> Refusal | None:
        """Why this row will not be imported as things stand, or None when it will be."""
        if self.status is MatchStatus.ERROR:
            return self.refusal or Refusal.OTHER
        if self.account_id is None:
            return Refusal.NO_ACCOUNT
        if self.duplicate_lines:
            return Refusal.DUPLICATE
        return None

    def reason_text(self) -> str:
        """The row's problem in a few words for the preview and the command line ("" when it will be imported)."""
        reason = self.left_out_reason
        if reason is None:
            return ""
        if reason is Refusal.DUPLICATE:
            others = ", ".join(str(line) for line in self.duplicate_lines)
            where = "line" if len(self.duplicate_lines) == 1 else "lines"
            return f"{self.account_name or 'This account'} is also on {where} {others}: keep one, leave out the others."
        if reason is Refusal.NO_ACCOUNT:
            return "Matched no account."
        return self.message or _REASONS[reason][0].capitalize() + "."


def mark_duplicates(rows: list[CredentialImportRow]) -> None:
    """Flag the rows that would go to the same account: none of them is imported until only one is left on it."""
    lines: dict[int, list[int]] = {}
    for row in rows:
        if row.status is not MatchStatus.ERROR and row.account_id is not None:
            lines.setdefault(row.account_id, []).append(row.line)
    for row in rows:
        same = lines.get(row.account_id, []) if row.status is not MatchStatus.ERROR and row.account_id else []
        row.duplicate_lines = tuple(line for line in same if line != row.line)


def left_out_counts(rows: list[CredentialImportRow]) -> list[tuple[str, int]]:
    """What is left out, as (reason in words, number of rows), most common reason first; duplicates are counted
    per account ("2 are rows for the same account (Facebook): choose one")."""
    counts: dict[tuple[Refusal, str], int] = {}
    for row in rows:
        reason = row.left_out_reason
        if reason is not None:
            key = (reason, row.account_name or "one account" if reason is Refusal.DUPLICATE else "")
            counts[key] = counts.get(key, 0) + 1
    result: list[tuple[str, int]] = []
    for (reason, account), number in sorted(counts.items(), key=lambda item: -item[1]):
        if reason is Refusal.DUPLICATE:
            text = f"are rows for the same account ({account}): choose one"
        else:
            one, several = _REASONS[reason]
            text = one if number == 1 else several
        result.append((text, number))
    return result


def left_out_text(rows: list[CredentialImportRow]) -> str:
    """ "3 left out: 1 matched no account, 1 has a TOTP secret that is not valid, 1 …", or "" when none is."""
    counts = left_out_counts(rows)
    if not counts:
        return ""
    total = sum(number for _text, number in counts)
    return f"{total} left out: " + ", ".join(f"{number} {text}" for text, number in counts)


def _url_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if host == "twitter.com":
        host = "x.com"
    return host, parts.path.strip("/").lower().lstrip("@")


_TOO_LONG_FIELDS = {"secret": "password", "username": "username", "notes": "notes", "label": "title"}


def _form(item: CredentialImportRow) -> vault.CredentialForm:
    return vault.CredentialForm(
        kind=CredentialKind.PLATFORM_LOGIN,
        label=item.title[:200],
        username=item.username,
        secret=item._secret,
        notes=item._notes,
        totp=item._totp,
    )


def _refuse(item: CredentialImportRow, refusal: Refusal, message: str) -> CredentialImportRow:
    item.status, item.refusal, item.message = MatchStatus.ERROR, refusal, message
    item._secret = item._notes = item._totp = ""  # a row that cannot be imported keeps no plaintext
    return item


def _checked(item: CredentialImportRow) -> CredentialImportRow:
    """The row with its TOTP normalised, or refused with its real reason (no password, bad TOTP, too long)."""
    if not item._secret:
        return _refuse(item, Refusal.NO_PASSWORD, "This row has no password.")
    try:
        item._totp = vault.normalise_totp(item._totp)
    except ValidationError as exc:
        return _refuse(item, Refusal.BAD_TOTP, f"The TOTP secret is not valid: {exc}")
    try:
        vault.check_form(_form(item))
    except ValidationError as exc:
        if exc.field in _TOO_LONG_FIELDS and "too long" in str(exc):
            return _refuse(item, Refusal.TOO_LONG, f"The {_TOO_LONG_FIELDS[exc.field]} is too long to keep. {exc}")
        return _refuse(item, Refusal.OTHER, str(exc))
    return item


def preview(workspace: Workspace, data: bytes) -> list[CredentialImportRow]:
    """One row per entry of the export: matched to an account, left for the user to match, or refused with its
    reason. Rows that would go to the same account are flagged as duplicates (none is imported until one is left)."""
    raw = read_rows(data, COLUMNS, required=("password",))
    register = accounts.list_accounts(workspace)
    by_url = {_url_key(a.profile_url): a for a in register if a.profile_url}
    rows: list[CredentialImportRow] = []
    for row in raw:
        values = row.values
        title, url = values.get("title", ""), values.get("url", "")
        item = CredentialImportRow(
            line=row.line,
            title=title,
            username=values.get("username", ""),
            url=url,
            status=MatchStatus.NO_MATCH,
            _secret=values.get("password", ""),
            _notes=values.get("notes", ""),
            _totp=values.get("totp", ""),
        )
        kind = values.get("type", "login").lower()
        if kind not in ("login", "1", ""):  # Bitwarden cards, identities and secure notes are not logins
            rows.append(_refuse(item, Refusal.NOT_A_LOGIN, f"This is a {kind}, not a login."))
            continue
        if _checked(item).status is MatchStatus.ERROR:
            rows.append(item)
            continue
        match = by_url.get(_url_key(url)) if url else None
        if match is None:
            lowered = title.lower()
            candidates = [
                a for a in register if (a.name and a.name.lower() == lowered) or a.handle.lower() in lowered.split()
            ]
            match = candidates[0] if len(candidates) == 1 else None
        if match is not None:
            item.status, item.account_id, item.account_name = MatchStatus.MATCHED, match.id, match.display_name
        rows.append(item)
    mark_duplicates(rows)
    return rows


def import_credentials(workspace: Workspace, rows: list[CredentialImportRow]) -> int:
    """Add each matched row (or row the user matched by hand) as a platform login on its account, all in one unit
    of work: every row or, if any fails, none. Rows that go to the same account as another are not imported."""
    mark_duplicates(rows)
    forms = [(item.account_id, vault.check_form(_form(item))) for item in rows if item.will_import]
    with workspace.write() as session:
        for account_id, form in forms:
            assert account_id is not None
            vault.insert_credential(session, workspace, account_id, form)
        audit.record(
            session,
            AuditAction.VAULT_IMPORT,
            "credential",
            None,
            f"{len(forms)} credential(s) imported from a CSV file",
        )
    for item in rows:  # drop the plaintext from memory as soon as it is stored
        item._secret = item._notes = item._totp = ""
    return len(forms)
