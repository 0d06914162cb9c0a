"""'Remember on this PC': the workspace key in the operating system's credential store, through keyring.

Only a real secure store will do (Windows Credential Manager, macOS Keychain, Secret Service, KWallet). A backend
that would keep the key in plaintext, or nowhere, is refused with the reason; there is no fallback.

On Windows the key is kept for this PC only: Credential Manager's local-machine persistence, not keyring's default
enterprise persistence, which roams with a domain profile to every PC the user signs in to.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from smgov.data.errors import KeyStoreRefused

SERVICE = "smgov workspace key"
log = logging.getLogger(__name__)

BROKEN_SETTING = (
    "This PC's credential store could not be started (its setting, such as PYTHON_KEYRING_BACKEND, names one that "
    "is missing or broken), so the key cannot be remembered here. smgov will ask for the passphrase each time."
)


def _current_backend() -> KeyringBackend | None:
    """The keyring backend, or None when keyring cannot load the one its settings name."""
    try:
        return keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - keyring imports whatever class a setting names
        log.warning("the credential store could not be loaded (%s)", type(exc).__name__)
        return None


# Module prefixes of backends that keep secrets in plaintext files, or nowhere at all.
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _leaf_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    children = getattr(backend, "backends", None)
    if children is not None:  # ChainerBackend: judge the stores it would write to
        return [leaf for child in children for leaf in _leaf_backends(child)]
    return [backend]


def refusal_reason(backend: KeyringBackend | None = None) -> str | None:
    """Why the current backend may not hold the key, or None when it is a real secure store."""
    backend = backend or _current_backend()
    if backend is None:
        return BROKEN_SETTING
    leaves = _leaf_backends(backend)
    if not leaves:
        return "This PC has no secure credential store, so the key cannot be remembered here."
    for leaf in leaves:
        module = type(leaf).__module__
        if module.startswith(_INSECURE_MODULES) or "plaintext" in type(leaf).__name__.lower():
            name = getattr(leaf, "name", type(leaf).__name__)
            return (
                f"This PC's credential store ({name}) is not secure: it would keep the key unprotected, or "
                "not at all. smgov will ask for the passphrase each time instead."
            )
    return None


# wincred.h: CRED_PERSIST_SESSION 1, CRED_PERSIST_LOCAL_MACHINE 2, CRED_PERSIST_ENTERPRISE 3 (keyring's default).
CRED_PERSIST_LOCAL_MACHINE = 2


def _is_windows_vault(backend: KeyringBackend) -> bool:
    """keyring's Credential Manager backend (or a subclass), known by name so other systems never import it."""
    return any(
        cls.__module__ == "keyring.backends.Windows" and cls.__name__ == "WinVaultKeyring"
        for cls in type(backend).__mro__
    )


def keep_on_this_pc(backend: KeyringBackend) -> None:
    """Make a Credential Manager backend write for this PC only; other stores are left as they are.

    keyring keeps the setting on the backend object, and a chain's backends are made once per process, so setting it
    before each write is enough.
    """
    for leaf in _leaf_backends(backend):
        if _is_windows_vault(leaf):
            leaf.persist = CRED_PERSIST_LOCAL_MACHINE  # type: ignore[attr-defined]


def account_for(workspace: Path) -> str:
    """The keyring entry name for a workspace: a hash of its full path, so no school or file name shows."""
    resolved = os.path.normcase(str(workspace.resolve()))
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:32]


def remember(workspace: Path, key: bytes) -> None:
    backend = _current_backend()
    if backend is None:
        raise KeyStoreRefused(BROKEN_SETTING)
    reason = refusal_reason(backend)
    if reason:
        raise KeyStoreRefused(reason)
    keep_on_this_pc(backend)
    try:
        backend.set_password(SERVICE, account_for(workspace), key.hex())
    except Exception as exc:  # a backend may raise anything (D-Bus, COM, its own errors)
        raise KeyStoreRefused(f"The credential store would not save the key ({type(exc).__name__}).") from exc


def recall(workspace: Path) -> bytes | None:
    """The remembered key, or None when there is none (or no secure store to ask)."""
    if refusal_reason():
        return None
    try:
        stored = keyring.get_password(SERVICE, account_for(workspace))
    except Exception as exc:  # noqa: BLE001 - a backend may raise anything: then nothing is remembered
        log.warning("the credential store could not be read (%s)", type(exc).__name__)
        return None
    if not stored:
        return None
    try:
        return bytes.fromhex(stored)
    except ValueError:
        return None


def forget(workspace: Path) -> None:
    try:
        keyring.delete_password(SERVICE, account_for(workspace))
    except keyring.errors.PasswordDeleteError:
        pass  # nothing remembered: forgetting is already done
    except Exception as exc:
        raise KeyStoreRefused(f"The credential store would not forget the key ({type(exc).__name__}).") from exc


def is_remembered(workspace: Path) -> bool:
    return recall(workspace) is not None
