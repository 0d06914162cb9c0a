"""The password generator: random characters (no look-alikes by default) or words from the EFF long list."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from functools import cache

from smgov.data.errors import ValidationError

LOOK_ALIKES = set("Il1O0o|`'\"")
SYMBOLS = "!#$%&*+-=?@^_~"


@dataclass(frozen=True)
class PasswordRecipe:
    length: int = 20
    lowercase: bool = True
    uppercase: bool = True
    digits: bool = True
    symbols: bool = True
    avoid_look_alikes: bool = True


def generate_password(recipe: PasswordRecipe = PasswordRecipe()) -> str:
    """A random password with at least one character from each chosen set."""
    if not 8 <= recipe.length <= 128:
        raise ValidationError("Choose a length between 8 and 128.", field="length")
    pools = [
        pool
        for wanted, pool in (
            (recipe.lowercase, string.ascii_lowercase),
            (recipe.uppercase, string.ascii_uppercase),
            (recipe.digits, string.digits),
            (recipe.symbols, SYMBOLS),
        )
        if wanted
    ]
    if not pools:
        raise ValidationError("Choose at least one kind of character.", field="character_sets")
    if recipe.avoid_look_alikes:
        pools = ["".join(ch for ch in pool if ch not in LOOK_ALIKES) for pool in pools]
    alphabet = "".join(pools)
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(recipe.length))
        if all(any(ch in pool for ch in candidate) for pool in pools):
            return candidate


@cache
def word_list() -> tuple[str, ...]:
    import smgov.resources as resources

    # The four hyphenated words (drop-down, t-shirt, ...) are left out so that a passphrase always splits back into
    # the words it was made of, whatever the separator: 7,772 words remain.
    listed = resources.read_text("words/eff-large-wordlist.txt").split()
    words = tuple(w for w in (w.strip() for w in listed) if w and w.isalpha())
    if len(words) < 7000:
        raise RuntimeError("the shipped word list is incomplete")
    return words


def generate_passphrase(words: int = 5, separator: str = "-", capitalise: bool = False) -> str:
    """Words chosen at random from 7,772 (about 12.9 bits each): five give about 64 bits."""
    if not 3 <= words <= 12:
        raise ValidationError("Choose between 3 and 12 words.", field="words")
    chosen = [secrets.choice(word_list()) for _ in range(words)]
    if capitalise:
        chosen = [w.capitalize() for w in chosen]
    return separator.join(chosen)
