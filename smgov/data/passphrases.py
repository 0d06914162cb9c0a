"""How hard a passphrase is to guess (zxcvbn, with long secrets judged past its limit), and the rule a new one meets.

Pure Python with no database: the unlock dialog and the first-run wizard use it before the data layer is imported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from smgov.data.errors import ValidationError

MIN_LENGTH = 12
MIN_SCORE = 3
CHECKED_LENGTH = 72  # zxcvbn raises ValueError on longer text (its max_length)
_SCORE_AT = (3.0, 6.0, 8.0, 10.0)  # log10 of the guesses zxcvbn needs for scores 1 to 4
_VERY_STRONG = 11.0  # past this nothing more is worth counting


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (guessable in seconds) to 4 (very strong), zxcvbn's scale
    label: str
    feedback: str
    acceptable: bool


_LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"]


def strength(passphrase: str, user_inputs: list[str] | None = None) -> Strength:
    """How hard the passphrase is to guess, with advice in plain English.

    zxcvbn judges the first :data:`CHECKED_LENGTH` characters (it refuses longer text); any characters after those
    are judged by length and variety (:func:`_rest_guesses_log10`), so a password manager's long random secret is
    very strong, a long run of one repeated word is not, and no length raises an error.
    """
    if not passphrase:
        return Strength(0, "", f"Use at least {MIN_LENGTH} characters: three or four unrelated words work well.", False)
    from zxcvbn import zxcvbn  # loads its dictionaries on first use: keep it off the start-up path

    inputs = [u for u in (user_inputs or []) if u]
    result = zxcvbn(passphrase[:CHECKED_LENGTH], user_inputs=inputs)
    head = float(result["guesses_log10"])
    score = max(int(result["score"]), _score_for(head + _rest_guesses_log10(passphrase, inputs, _VERY_STRONG - head)))
    # zxcvbn only advises on what it scores 2 or less; a long tail may have lifted the score above that
    feedback = (result.get("feedback") or {}) if score < MIN_SCORE else {}
    advice = " ".join([feedback.get("warning") or "", *feedback.get("suggestions", [])]).strip()
    too_short = len(passphrase) < MIN_LENGTH
    if too_short:
        advice = f"Use at least {MIN_LENGTH} characters. " + advice
    elif score < MIN_SCORE and not advice:
        advice = "Add another word or two that are not related to the school."
    return Strength(score, _LABELS[score], advice.strip(), score >= MIN_SCORE and not too_short)


def _score_for(guesses_log10: float) -> int:
    """zxcvbn's score (0-4) for a number of guesses, given as its logarithm."""
    return sum(1 for threshold in _SCORE_AT if guesses_log10 > threshold)


def _rest_guesses_log10(passphrase: str, user_inputs: list[str], needed: float) -> float:
    """The guesses (as log10) that the characters past :data:`CHECKED_LENGTH` add, judged by length and variety.

    Each character that does not repeat earlier text counts as zxcvbn counts a character it finds no pattern in (ten
    guesses), or less when the whole passphrase uses fewer than ten different characters. A run of three or more that
    repeats earlier text, a word a guesser would try first (``user_inputs``), or itself ("aaaa…") only doubles the
    guesses, however long, as zxcvbn counts a repeat. Case is ignored. Counting stops once ``needed`` is reached, so
    even a very long passphrase is quick to judge.
    """
    if len(passphrase) <= CHECKED_LENGTH or needed <= 0:
        return 0.0
    per_character = min(1.0, math.log10(len(set(passphrase))))
    if per_character <= 0:
        return 0.0  # one character over and over
    per_repeat = min(per_character, math.log10(2))
    context = "\0".join(["", *(u.lower() for u in user_inputs), passphrase[:CHECKED_LENGTH].lower()])
    text = context + passphrase[CHECKED_LENGTH:].lower()
    position, total = len(context), 0.0
    while position < len(text) and total < needed:
        repeated = _repeat_length(text, position)
        position += repeated or 1
        total += per_repeat if repeated else per_character
    return total


def _repeat_length(text: str, position: int) -> int:
    """How many characters from ``position`` on repeat text that starts earlier (it may run on into them, as "aaaa"
    does); 0 when fewer than three do."""

    def repeats(length: int) -> bool:
        return text.find(text[position : position + length], 0, position + length - 1) != -1

    low, high = 3, len(text) - position
    if high < low or not repeats(low):
        return 0
    while low < high:  # the longest that repeats: any shorter start of a repeat repeats too
        middle = (low + high + 1) // 2
        if repeats(middle):
            low = middle
        else:
            high = middle - 1
    return low


def check_new_passphrase(passphrase: str, confirmation: str, user_inputs: list[str] | None = None) -> None:
    if passphrase != confirmation:
        raise ValidationError("The two passphrases are different. Type the same one twice.", field="confirmation")
    verdict = strength(passphrase, user_inputs)
    if not verdict.acceptable:
        raise ValidationError(f"This passphrase is too easy to guess. {verdict.feedback}".strip(), field="passphrase")
