"""Remember on this PC: only in a real secure store; refused, with the reason, elsewhere."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

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
