"""The strength meter under a new passphrase or password: any length gives a verdict, never an error."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from smgov.ui.frame.widgets import StrengthMeter
from tests.long_secrets import random_secret


def _meter(qtbot: QtBot) -> StrengthMeter:
    meter = StrengthMeter()
    qtbot.addWidget(meter)
    meter.set_user_inputs(["spixworth", "primary"])
    return meter


def test_a_150_character_password_shows_very_strong(qtbot: QtBot) -> None:
    """Password managers generate 100+ characters; zxcvbn alone refuses more than 72."""
    meter = _meter(qtbot)
    with qtbot.waitSignal(meter.strengthChanged, timeout=5000) as changed:
        meter.set_passphrase(random_secret(150, seed=8))  # as typed or pasted: checked after the typing pause
    verdict = changed.args[0]
    assert (verdict.label, verdict.acceptable) == ("Very strong", True)
    assert meter.label.text() == "Very strong"
    assert meter.bar.filled == 5
    assert meter.bar.accessibleDescription() == "Very strong"
    assert meter.feedback.text()


def test_a_150_character_repetitive_password_shows_a_weak_verdict(qtbot: QtBot) -> None:
    meter = _meter(qtbot)
    meter.set_passphrase("a" * 150)
    verdict = meter.update_now()
    assert not verdict.acceptable
    assert meter.label.text() == verdict.label and verdict.label in ("Very weak", "Weak", "Fair")
    assert meter.bar.filled <= 3
    assert "aaa" in meter.feedback.text()


def test_the_longest_password_the_vault_takes_gets_a_verdict(qtbot: QtBot) -> None:
    meter = _meter(qtbot)
    meter.set_passphrase(random_secret(10_000, seed=9))
    assert meter.update_now().label == "Very strong"
    assert meter.label.text() == "Very strong"
