"""Two-factor codes (TOTP, RFC 6238) for the vault's live code, through pyotp.

pyotp refuses secrets shorter than 112 bits, but platforms still hand out 80-bit ones (16 base32 characters), and
the vault must show the code the platform expects; so the length check is relaxed here, and only here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp
from typing_extensions import override

from smgov.data.errors import ValidationError


class _PlatformTOTP(pyotp.TOTP):
    @override
    def byte_secret(self) -> bytes:
        secret = self.secret + "=" * (-len(self.secret) % 8)
        return base64.b32decode(secret, casefold=True)


@dataclass(frozen=True)
class TotpSetting:
    secret: str
    digits: int = 6
    period: int = 30

    def stored(self) -> str:
        if (self.digits, self.period) == (6, 30):
            return self.secret
        return f"{self.secret}?digits={self.digits}&period={self.period}"


def parse(value: str) -> TotpSetting | None:
    """A secret as typed (spaces allowed), or an otpauth:// link as password managers export; None when empty."""
    text = value.strip()
    if not text:
        return None
    digits, period = 6, 30
    if text.lower().startswith("otpauth://"):
        parts = urlsplit(text)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.netloc.lower() != "totp" or "secret" not in query:
            raise ValidationError(
                "That two-factor link is not a TOTP link (otpauth://totp/...?secret=...).", field="totp"
            )
        text = unquote(query["secret"])
        digits, period = _int(query.get("digits"), 6), _int(query.get("period"), 30)
    elif "?" in text:  # our own stored form
        text, _, rest = text.partition("?")
        query = {k: v[0] for k, v in parse_qs(rest).items()}
        digits, period = _int(query.get("digits"), 6), _int(query.get("period"), 30)
    secret = text.replace(" ", "").replace("-", "").upper().rstrip("=")
    try:
        decoded = base64.b32decode(secret + "=" * (-len(secret) % 8))
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(
            "A two-factor secret uses the letters A–Z and digits 2–7, as the platform shows it when you set it up.",
            field="totp",
        ) from exc
    if len(decoded) < 10:
        raise ValidationError("That two-factor secret is too short: check it was copied in full.", field="totp")
    if not 6 <= digits <= 10 or not 10 <= period <= 300:
        raise ValidationError("That two-factor link has settings smgov cannot use.", field="totp")
    return TotpSetting(secret, digits, period)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return -1


def code(stored: str, at: dt.datetime | None = None) -> tuple[str, int]:
    """The code now (or at ``at``) and how many seconds it stays valid."""
    setting = parse(stored)
    if setting is None:
        raise ValidationError("This credential has no two-factor secret.")
    when = at or dt.datetime.now(dt.UTC)
    totp = _PlatformTOTP(setting.secret, digits=setting.digits, interval=setting.period)
    return totp.at(when), setting.period - int(when.timestamp()) % setting.period
