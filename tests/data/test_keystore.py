"""Remember on this PC: only in a real secure store; refused, with the reason, elsewhere."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from typing_extensions import override

from smgov.data import keystore
from smgov.data.errors import KeyStoreRefused
from tests.conftest import MemoryKeyring


def test_remember_recall_and_forget(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "school.smgov"
    keystore.remember(path, b"\x01" * 32)
    assert keystore.recall(path) == b"\x01" * 32
    # the entry's name gives away neither the school nor the file name
    ((service, account),) = memory_keyring.entries
    assert "school" not in account and service == keystore.SERVICE
    keystore.forget(path)
    assert keystore.recall(path) is None
    keystore.forget(path)  # forgetting twice is fine


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()])
def test_insecure_backends_are_refused_with_a_reason(tmp_path: Path, backend: object) -> None:
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    reason = keystore.refusal_reason()
    assert reason and "not secure" in reason
    with pytest.raises(KeyStoreRefused, match="not secure"):
        keystore.remember(tmp_path / "x.smgov", b"\x02" * 32)
    assert keystore.recall(tmp_path / "x.smgov") is None


def test_a_plaintext_file_backend_is_refused(tmp_path: Path) -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    assert keystore.refusal_reason() is not None
    with pytest.raises(KeyStoreRefused):
        keystore.remember(tmp_path / "x.smgov", b"\x03" * 32)


def test_a_secure_store_is_accepted() -> None:
    assert keystore.refusal_reason() is None


def test_a_broken_keyring_setting_is_a_reason_not_a_crash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PYTHON_KEYRING_BACKEND naming a class that does not exist: keyring raises on first use."""

    def broken() -> MemoryKeyring:
        raise ModuleNotFoundError("No module named 'nonexistent'")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    reason = keystore.refusal_reason()
    assert reason is not None and "could not be started" in reason and "passphrase each time" in reason
    assert keystore.recall(tmp_path / "a.smgov") is None
    assert not keystore.is_remembered(tmp_path / "a.smgov")
    with pytest.raises(KeyStoreRefused, match="could not be started"):
        keystore.remember(tmp_path / "a.smgov", b"k" * 32)


def test_a_backend_that_raises_anything_is_a_refusal(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    def fails(*_args: object) -> None:
        raise RuntimeError("the D-Bus session went away")

    for name in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(memory_keyring, name, fails)
    assert keystore.recall(tmp_path / "a.smgov") is None
    with pytest.raises(KeyStoreRefused, match="would not save the key"):
        keystore.remember(tmp_path / "a.smgov", b"k" * 32)
    with pytest.raises(KeyStoreRefused, match="would not forget the key"):
        keystore.forget(tmp_path / "a.smgov")


class _CredError(Exception):
    """pywintypes.error as keyring reads it: the Windows error number and the function that raised it."""

    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror, self.funcname = winerror, funcname


class _FakeWinCred:
    """The part of win32cred keyring's Credential Manager backend calls, keeping what it wrote (with its Persist)."""

    CRED_TYPE_GENERIC = 1
    CRED_PERSIST_SESSION = 1
    CRED_PERSIST_LOCAL_MACHINE = 2
    CRED_PERSIST_ENTERPRISE = 3

    def __init__(self) -> None:
        self.written: dict[str, dict[str, object]] = {}

    def CredWrite(self, credential: dict[str, object], flags: int) -> None:
        self.written[str(credential["TargetName"])] = dict(credential)

    def CredRead(self, Type: int, TargetName: str) -> dict[str, object]:
        if TargetName not in self.written:
            raise _CredError(1168, "CredRead", "Element not found.")
        credential = self.written[TargetName]
        return {**credential, "CredentialBlob": str(credential["CredentialBlob"]).encode("utf-16")}

    def CredDelete(self, Type: int, TargetName: str) -> None:
        if self.written.pop(TargetName, None) is None:
            raise _CredError(1168, "CredDelete", "Element not found.")


@pytest.fixture
def credential_manager(monkeypatch: pytest.MonkeyPatch) -> _FakeWinCred:
    """keyring's real WinVaultKeyring in use, writing to a fake Credential Manager (this is not Windows)."""
    import keyring.backends.Windows as windows

    fake = _FakeWinCred()
    monkeypatch.setattr(windows, "win32cred", fake, raising=False)
    monkeypatch.setattr(windows, "pywintypes", type("pywintypes", (), {"error": _CredError}), raising=False)
    # the autouse memory_keyring fixture puts its own store back afterwards
    keyring.set_keyring(windows.WinVaultKeyring())  # type: ignore[no-untyped-call]
    return fake


def test_on_windows_the_key_is_kept_for_this_pc_only(tmp_path: Path, credential_manager: _FakeWinCred) -> None:
    """Credential Manager's local-machine persistence, not keyring's default (enterprise: roams with the profile)."""
    first, second = tmp_path / "school.smgov", tmp_path / "copy.smgov"
    keystore.remember(first, b"\x04" * 32)
    keystore.remember(second, b"\x05" * 32)  # keyring moves the first entry to a compound name: written again
    assert len(credential_manager.written) == 2
    assert {entry["Persist"] for entry in credential_manager.written.values()} == {
        _FakeWinCred.CRED_PERSIST_LOCAL_MACHINE
    }
    assert keystore.recall(first) == b"\x04" * 32 and keystore.recall(second) == b"\x05" * 32
    keystore.forget(first)
    assert keystore.recall(first) is None and keystore.recall(second) == b"\x05" * 32


def test_a_credential_manager_in_a_chain_is_set_and_other_stores_are_left_alone(tmp_path: Path) -> None:
    class WinVaultKeyring(MemoryKeyring):
        persist = 3  # keyring's default, CRED_PERSIST_ENTERPRISE

    WinVaultKeyring.__module__ = "keyring.backends.Windows"
    vault, other = WinVaultKeyring(), MemoryKeyring()

    class ChainerBackend(MemoryKeyring):
        backends = [vault, other]

        @override
        def set_password(self, service: str, username: str, password: str) -> None:
            self.backends[0].set_password(service, username, password)

        @override
        def get_password(self, service: str, username: str) -> str | None:
            return self.backends[0].get_password(service, username)

    keyring.set_keyring(ChainerBackend())
    keystore.remember(tmp_path / "a.smgov", b"\x06" * 32)
    assert vault.persist == keystore.CRED_PERSIST_LOCAL_MACHINE
    assert not hasattr(other, "persist")
    assert keystore.recall(tmp_path / "a.smgov") == b"\x06" * 32 and len(vault.entries) == 1
