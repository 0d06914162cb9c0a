"""Passphrases: strength, change, recovery key, throttling, and the KDF's real cost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smgov.data import crypto, keys, passphrases
from smgov.data.errors import ValidationError, WrongPassphrase
from smgov.data.services import school
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE, SCHOOL
from tests.long_secrets import random_secret

NEW = "lilac otter pumpkin harbour"


@pytest.mark.parametrize("weak", ["", "password", "spixworth123", "aaaaaaaaaaaaaaaa"])
def test_weak_passphrases_are_not_acceptable(weak: str) -> None:
    verdict = passphrases.strength(weak, ["Spixworth"])
    assert not verdict.acceptable
    assert verdict.feedback


def test_a_four_word_passphrase_is_acceptable() -> None:
    assert passphrases.strength(NEW).acceptable


@pytest.mark.parametrize("length", [73, 100, 200, 1000])
def test_a_long_random_secret_is_very_strong(length: int) -> None:
    """zxcvbn refuses more than 72 characters: a password manager's long secret is judged, not an error."""
    verdict = passphrases.strength(random_secret(length), ["Spixworth"])
    assert (verdict.score, verdict.label, verdict.acceptable, verdict.feedback) == (4, "Very strong", True, "")


@pytest.mark.parametrize(
    "long_but_weak",
    ["a" * 100, "a" * 1000, "Password1!" * 10, "spixworth " * 20, "a" * 72 + "b" * 1000, "01" * 500],
    ids=["a*100", "a*1000", "password*10", "school-name*20", "a*72+b*1000", "01*500"],
)
def test_a_long_but_repetitive_passphrase_is_not_strong(long_but_weak: str) -> None:
    verdict = passphrases.strength(long_but_weak, ["Spixworth"])
    assert verdict.score < passphrases.MIN_SCORE
    assert not verdict.acceptable
    assert verdict.feedback


def test_characters_past_what_zxcvbn_checks_still_count() -> None:
    """A weak start then real randomness: the randomness past the 72nd character is counted."""
    assert not passphrases.strength("a" * 72).acceptable
    assert passphrases.strength("a" * 72 + random_secret(20)).acceptable
    # the school's name, repeated
    assert not passphrases.strength("a" * 72 + "Spixworth " * 5, ["Spixworth"]).acceptable


def test_a_100_character_passphrase_is_accepted_as_new() -> None:
    long = random_secret(100)
    passphrases.check_new_passphrase(long, long)
    with pytest.raises(ValidationError):
        passphrases.check_new_passphrase("a" * 100, "a" * 100)


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=2000), st.lists(st.text(max_size=40), max_size=4))
@example("x" * 2000, [])
@example(random_secret(2000), ["Spixworth"])
@example("\x00" * 73 + "\U0010ffff" * 100, ["\x00"])
def test_strength_never_raises_for_any_text(passphrase: str, user_inputs: list[str]) -> None:
    verdict = passphrases.strength(passphrase, user_inputs)
    assert 0 <= verdict.score <= 4
    assert verdict.acceptable == (verdict.score >= passphrases.MIN_SCORE and len(passphrase) >= passphrases.MIN_LENGTH)
    assert verdict.acceptable or verdict.feedback


def test_mismatched_confirmation_names_the_confirmation_field() -> None:
    with pytest.raises(ValidationError) as caught:
        passphrases.check_new_passphrase(NEW, NEW + "x")
    assert caught.value.field == "confirmation"


def test_changing_the_passphrase_keeps_records_and_changes_the_recovery_key(workspace: Workspace) -> None:
    school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=7))
    school.mark_kit_printed(workspace)
    old_recovery = workspace.recovery_key
    new_recovery = keys.change_passphrase(workspace, PASSPHRASE, NEW, NEW)
    assert new_recovery != old_recovery
    assert workspace.recovery_key == new_recovery
    assert school.get_details(workspace).auto_lock_minutes == 7  # still usable while open
    assert school.get_details(workspace).kit_printed_at is None  # the old kit is useless: print a new one
    path = workspace.path
    workspace.close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(path, passphrase=PASSPHRASE)
    with Workspace.open(path, passphrase=NEW) as reopened:
        assert school.get_details(reopened).name == SCHOOL
        assert school.get_details(reopened).auto_lock_minutes == 7


def test_the_recovery_key_can_set_a_new_passphrase(workspace: Workspace) -> None:
    keys.change_passphrase(workspace, workspace.recovery_key, NEW, NEW)
    path = workspace.path
    workspace.close()
    Workspace.open(path, passphrase=NEW).close()


def test_a_wrong_current_passphrase_changes_nothing(workspace: Workspace) -> None:
    before = workspace.path.read_bytes()
    with pytest.raises(WrongPassphrase):
        keys.change_passphrase(workspace, "not it at all", NEW, NEW)
    assert workspace.path.read_bytes() == before


def test_a_weak_new_passphrase_changes_nothing(workspace: Workspace) -> None:
    with pytest.raises(ValidationError):
        keys.change_passphrase(workspace, PASSPHRASE, "short", "short")
    path = workspace.path
    workspace.close()
    Workspace.open(path, passphrase=PASSPHRASE).close()


def test_throttle_waits_longer_after_each_failure_and_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "throttle.state"
    throttle = keys.Throttle(state)
    for _ in range(3):
        assert throttle.wait_seconds(now=1000.0) == 0
        throttle.failed(now=1000.0)
    assert throttle.wait_seconds(now=1000.0) == 2.0
    throttle.failed(now=1000.0)
    assert throttle.wait_seconds(now=1001.0) == 3.0
    restarted = keys.Throttle(state)
    assert restarted.wait_seconds(now=1001.0) == 3.0
    restarted.succeeded()
    assert keys.Throttle(state).wait_seconds() == 0


def test_recovery_key_format_round_trips() -> None:
    key = bytes(range(32))
    formatted = crypto.format_recovery_key(key)
    assert len(formatted.split()) == 8
    assert crypto.parse_recovery_key(formatted) == key
    assert crypto.parse_recovery_key(formatted.lower().replace(" ", "-")) == key
    with pytest.raises(ValidationError):
        crypto.parse_recovery_key("0O" * 32)


def test_field_cipher_binds_ciphertext_to_its_row_and_field() -> None:
    cipher = crypto.FieldCipher(bytes(32))
    blob = cipher.encrypt("hunter2", cipher.associated_data("credential", 1, "secret"))
    assert b"hunter2" not in blob
    assert cipher.decrypt(blob, cipher.associated_data("credential", 1, "secret")) == "hunter2"
    with pytest.raises(ValidationError):
        cipher.decrypt(blob, cipher.associated_data("credential", 2, "secret"))


@pytest.mark.real_kdf
def test_the_real_kdf_is_memory_hard_and_salted() -> None:
    """Its time is reported by benchmarks/, never asserted here."""
    assert crypto.KDF.memory_kib >= 64 * 1024
    key = crypto.derive_key(PASSPHRASE, b"s" * 16)
    assert len(key) == 32
    assert key == crypto.derive_key(PASSPHRASE, b"s" * 16)
    assert key != crypto.derive_key(PASSPHRASE, b"t" * 16)


# Keys the KDF gave before it moved from cryptography's Argon2id to libargon2 (argon2-cffi): every workspace made
# since the first release opens with them, so they must never change.
KNOWN_KEYS = {
    crypto.KdfParams(memory_kib=8 * 1024, iterations=3, lanes=4): (
        "b3b65cf573849612564631dedd9478e7e0dcd9b1a68bcc68c2089be28a168af9"
    ),
    crypto.KdfParams(): "4b2d855af40ca9dfb80bbceba73a7b9131f4557a83b7ef70b779ecc38c331ddb",
}


@pytest.mark.real_kdf
@pytest.mark.parametrize("params", list(KNOWN_KEYS))
def test_the_kdf_gives_the_keys_it_always_gave(params: crypto.KdfParams) -> None:
    assert crypto.derive_key("correct horse battery staple é", bytes(range(16)), params).hex() == KNOWN_KEYS[params]


@pytest.mark.parametrize("passphrase", ["a", "correct horse battery staple", "e\u0301 é", "🔑" * 100, "x" * 1000])
def test_the_kdf_agrees_with_cryptography_s_argon2id(passphrase: str) -> None:
    """Argon2id (RFC 9106) from either library: the same key for the same passphrase, salt and cost."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    params = crypto.KdfParams(memory_kib=4 * 1024, iterations=2, lanes=4)
    salt = os.urandom(16)
    expected = Argon2id(salt=salt, length=32, iterations=2, lanes=4, memory_cost=4 * 1024).derive(
        crypto.normalise_passphrase(passphrase)
    )
    assert crypto.derive_key(passphrase, salt, params) == expected


def test_a_pc_that_cannot_spare_the_kdf_s_memory_is_told_so() -> None:
    """The crash path shows a MemoryError as 'ran out of memory', not as a bug."""
    with pytest.raises(MemoryError):
        crypto.derive_key("correct horse", bytes(16), crypto.KdfParams(memory_kib=2**31 - 1, iterations=1, lanes=1))
