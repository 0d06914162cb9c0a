"""Keys: the passphrase KDF, the recovery key format and per-field encryption of vault secrets.

The workspace key is 32 random-looking bytes that SQLCipher uses as a raw key. It is derived from the passphrase
with Argon2id, salted with the 16-byte salt SQLCipher keeps in the file's first bytes, so the file alone plus the
passphrase opens it. The same raw key, written out in hex, is the recovery key.
"""

from __future__ import annotations

import hmac
import os
import re
import unicodedata
from dataclasses import dataclass

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from smgov.data.errors import ValidationError

KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Changing these makes existing files unreadable by passphrase: add a new set, never edit."""

    memory_kib: int = 256 * 1024
    iterations: int = 3
    lanes: int = 4


KDF = KdfParams()


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def normalise_passphrase(passphrase: str) -> bytes:
    # NFC so that "é" typed on Windows and pasted from a Mac derive the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, salt: bytes, params: KdfParams | None = None) -> bytes:
    """The 256-bit workspace key for a passphrase. Memory-hard and slow on purpose (about half a second)."""
    params = params or KDF
    if not passphrase:
        raise ValidationError("Enter the passphrase.", field="passphrase")
    # libargon2 (argon2-cffi), one thread per lane: on two cores it takes about 0.45 s where cryptography's Argon2id
    # took 0.55 s for the same key (tests hold the two equal, and files made before the change open as they did).
    try:
        return hash_secret_raw(
            normalise_passphrase(passphrase),
            salt,
            time_cost=params.iterations,
            memory_cost=params.memory_kib,
            parallelism=params.lanes,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )
    except HashingError as exc:
        if "memory" in str(exc).lower():  # the PC could not spare the KDF's memory: the user is told so
            raise MemoryError from exc
        raise


def format_recovery_key(key: bytes) -> str:
    """64 hex digits in 8 groups of 8, upper case, for printing and reading aloud."""
    hexed = key.hex().upper()
    return " ".join(hexed[i : i + 8] for i in range(0, len(hexed), 8))


def parse_recovery_key(text: str) -> bytes:
    """The key from a typed or scanned recovery key; spaces, dashes and case do not matter."""
    cleaned = re.sub(r"[\s\-]", "", text.strip())
    if cleaned.lower().startswith("x'") and cleaned.endswith("'"):
        cleaned = cleaned[2:-1]
    if not re.fullmatch(r"[0-9A-Fa-f]{64}", cleaned):
        raise ValidationError(
            "A recovery key is 64 characters, 0-9 and A-F (spaces and dashes are fine). Check it against the "
            "Emergency Kit.",
            field="recovery_key",
        )
    return bytes.fromhex(cleaned)


def sqlcipher_key_pragma(key: bytes, salt: bytes | None = None) -> str:
    """The PRAGMA that keys a connection. Hex only, so nothing from the user ever enters the SQL text."""
    blob = key.hex() + (salt.hex() if salt else "")
    return f"PRAGMA key = \"x'{blob}'\""


def keys_equal(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


class FieldCipher:
    """AES-256-GCM for single fields (vault secrets), under a key derived from the workspace key.

    Associated data binds each ciphertext to its table, row and field, so a value moved to another row or field
    will not decrypt. Stored form: 12-byte nonce followed by ciphertext and tag.
    """

    _INFO = b"smgov vault field key v1"
    _FINGERPRINT_INFO = b"smgov vault fingerprint key v1"

    def __init__(self, workspace_key: bytes) -> None:
        subkey = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=self._INFO).derive(workspace_key)
        self._aead = AESGCM(subkey)
        self._fingerprint_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=self._FINGERPRINT_INFO
        ).derive(workspace_key)

    def fingerprint(self, secret: str) -> str:
        """A keyed HMAC of a secret: equal secrets match (to find reuse) and nothing else can be learnt."""
        return hmac.new(self._fingerprint_key, secret.encode("utf-8"), "sha256").hexdigest()

    @staticmethod
    def associated_data(table: str, row_id: int | str, field: str) -> bytes:
        return f"{table}:{row_id}:{field}".encode()

    def encrypt(self, plaintext: str, associated_data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext.encode("utf-8"), associated_data)

    def decrypt(self, blob: bytes, associated_data: bytes) -> str:
        try:
            return self._aead.decrypt(blob[:12], blob[12:], associated_data).decode("utf-8")
        except (InvalidTag, ValueError) as exc:
            raise ValidationError("This secret cannot be decrypted: it was altered or moved.") from exc
