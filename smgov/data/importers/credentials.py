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
    # the secret stays in this preview object only until import: it is never shown, logged or saved elsewhere
    _secret: str = field(default="", repr=False)
    _notes: str = field(default="", repr=False)
    _totp: str = field(default="", repr=False)


def _url_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if host == "twitter.com":
        host = "x.com"
    return host, parts.path.strip("/").lower().lstrip("@")


def preview(workspace: Workspace, data: bytes) -> list[CredentialImportRow]:
    raw = read_rows(data, COLUMNS, required=("password",))
    register = accounts.list_accounts(workspace)
    by_url = {_url_key(a.profile_url): a for a in register if a.profile_url}
    rows: list[CredentialImportRow] = []
    for row in raw:
        values = row.values
        if values.get("type", "login").lower() not in ("login", "1", ""):
            continue  # Bitwarden cards, identities and secure notes are not logins
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
        if not item._secret:
            item.status, item.message = MatchStatus.ERROR, "No password in this row."
            rows.append(item)
            continue
        try:
            item._totp = vault.normalise_totp(item._totp)
        except ValidationError as exc:
            item.status, item.message = MatchStatus.ERROR, str(exc)
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
    return rows


def import_credentials(workspace: Workspace, rows: list[CredentialImportRow]) -> int:
    """Add each matched row (or row the user matched by hand) as a platform login on its account, all in one unit
    of work: every row or, if any fails, none."""
    forms: list[tuple[int, vault.CredentialForm]] = [
        (
            item.account_id,
            vault.check_form(
                vault.CredentialForm(
                    kind=CredentialKind.PLATFORM_LOGIN,
                    label=item.title[:200],
                    username=item.username,
                    secret=item._secret,
                    notes=item._notes,
                    totp=item._totp,
                )
            ),
        )
        for item in rows
        if item.account_id is not None and item.status is not MatchStatus.ERROR
    ]
    with workspace.write() as session:
        for account_id, form in forms:
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
