"""The password generator."""

from __future__ import annotations

import string

import pytest

from smgov.data.errors import ValidationError
from smgov.data.passwords import LOOK_ALIKES, PasswordRecipe, generate_passphrase, generate_password, word_list


def test_default_password_is_twenty_characters_of_every_set_without_look_alikes() -> None:
    for _ in range(50):
        password = generate_password()
        assert len(password) == 20
        assert not set(password) & LOOK_ALIKES
        assert any(c in string.ascii_lowercase for c in password)
        assert any(c in string.ascii_uppercase for c in password)
        assert any(c in string.digits for c in password)
        assert any(c in string.punctuation for c in password)


def test_recipes_are_followed() -> None:
    digits_only = generate_password(PasswordRecipe(length=12, lowercase=False, uppercase=False, symbols=False))
    assert len(digits_only) == 12 and digits_only.isdigit()
    with pytest.raises(ValidationError):
        generate_password(PasswordRecipe(lowercase=False, uppercase=False, digits=False, symbols=False))
    with pytest.raises(ValidationError):
        generate_password(PasswordRecipe(length=4))


def test_passphrases_use_the_shipped_word_list() -> None:
    assert len(word_list()) == 7772
    assert all(word.isalpha() for word in word_list())
    phrase = generate_passphrase(words=6, separator=" ")
    words = phrase.split(" ")
    assert len(words) == 6 and all(w in word_list() for w in words)
    assert generate_passphrase() != generate_passphrase()
