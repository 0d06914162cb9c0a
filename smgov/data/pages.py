"""Telling a damaged first page from a wrong key, by the HMACs SQLCipher keeps on every other page.

Reads the file's bytes only (no SQL): the workspace module asks it when SQLCipher says "not a database".
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from smgov.data import crypto

# SQLCipher 4's defaults, which every workspace uses: 4096-byte pages, each ending in a 16-byte IV and a 64-byte
# HMAC-SHA512 (of the page's ciphertext, its IV and the page number) under a key derived from the workspace key and
# the file's salt.
PAGE_SIZE = 4096
RESERVE = 16 + 64
HMAC_SALT_MASK = 0x3A
HMAC_KDF_ITERATIONS = 2
PAGES_SAMPLED = 32


def key_reads_other_pages(path: Path, key: bytes) -> bool:
    """Whether ``key`` is this file's key, judged by the HMACs of pages other than the first.

    SQLCipher says only "not a database" when it cannot read page 1, whether the key is wrong or page 1 is damaged.
    Every other page carries an HMAC under a key derived from the workspace key: if any of a sample of pages across
    the file checks out, the key is right and the file is damaged. False when none does (a wrong key, or damage to
    the salt or to all of the sample: smgov cannot tell which).
    """
    try:
        with open(path, "rb") as handle:
            salt = handle.read(crypto.SALT_BYTES)
            pages = os.fstat(handle.fileno()).st_size // PAGE_SIZE
            if len(salt) != crypto.SALT_BYTES or pages < 2:
                return False
            mac_key = hashlib.pbkdf2_hmac(
                "sha512", key, bytes(b ^ HMAC_SALT_MASK for b in salt), HMAC_KDF_ITERATIONS, 32
            )
            step = max(1, (pages - 1) // PAGES_SAMPLED)
            for number in sorted({*range(2, min(pages, 9) + 1), *range(2, pages + 1, step), pages}):
                handle.seek((number - 1) * PAGE_SIZE)
                page = handle.read(PAGE_SIZE)
                body, mac = page[: PAGE_SIZE - RESERVE + 16], page[PAGE_SIZE - RESERVE + 16 :]
                expected = hmac.new(mac_key, body + number.to_bytes(4, "little"), hashlib.sha512).digest()
                if hmac.compare_digest(expected, mac):
                    return True
    except OSError:
        return False
    return False
