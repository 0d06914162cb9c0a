"""The password generator: length and character sets, look-alikes, passphrases from the word list, Use and Copy."""

from __future__ import annotations

import logging
import string
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from smgov.data import passwords
from smgov.ui.frame.clipboard import SecretClipboard
from smgov.ui.sections.vault.generator import PasswordGeneratorDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def clipboard(qtbot: QtBot) -> Iterator[SecretClipboard]:
    made = SecretClipboard()
    yield made
    made.timer.stop()
    made.clear_now()
    made.deleteLater()


@pytest.fixture
def dialog(
    qtbot: QtBot, clipboard: SecretClipboard, caplog: pytest.LogCaptureFixture
) -> Iterator[PasswordGeneratorDialog]:
    caplog.set_level(logging.DEBUG)
    made = PasswordGeneratorDialog(None, clipboard=clipboard)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    seen: list[str] = []
    made.preview.textChanged.connect(lambda text: seen.append(text) if text else None)
    seen.append(made.password())
    yield made
    logged = caplog.text
    assert all(password not in logged for password in seen)


def _generate(dialog: PasswordGeneratorDialog, times: int = 12) -> list[str]:
    made = []
    for _ in range(times):
        dialog.regenerate_button.click()
        made.append(dialog.password())
    return made


def test_a_strong_password_of_twenty_is_ready_when_it_opens(dialog: PasswordGeneratorDialog) -> None:
    password = dialog.password()
    assert len(password) == 20
    assert dialog.preview.isReadOnly()
    assert dialog.meter.update_now().score >= 3
    assert dialog.meter.label.text() in ("Strong", "Very strong")


def test_length_and_character_sets_are_respected(qtbot: QtBot, dialog: PasswordGeneratorDialog) -> None:
    dialog.length.setValue(12)
    qtbot.mouseClick(dialog.symbols, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.digits, Qt.MouseButton.LeftButton)
    for password in _generate(dialog):
        assert len(password) == 12
        assert set(password) <= set(string.ascii_letters)
        assert any(ch.islower() for ch in password) and any(ch.isupper() for ch in password)
    dialog.uppercase.setChecked(False)
    dialog.lowercase.setChecked(False)
    dialog.digits.setChecked(True)
    assert all(set(password) <= set(string.digits) for password in _generate(dialog))


def test_look_alikes_are_avoided_unless_allowed(dialog: PasswordGeneratorDialog) -> None:
    dialog.length.setValue(64)
    assert dialog.avoid_look_alikes.isChecked()
    made = "".join(_generate(dialog, 20))
    assert not set(made) & passwords.LOOK_ALIKES
    dialog.avoid_look_alikes.setChecked(False)
    dialog.symbols.setChecked(False)
    assert set("".join(_generate(dialog, 20))) & {"l", "1", "I", "O", "0", "o"}


def test_no_character_set_is_refused_next_to_the_boxes(qtbot: QtBot, dialog: PasswordGeneratorDialog) -> None:
    for box in (dialog.lowercase, dialog.uppercase, dialog.digits, dialog.symbols):
        box.setChecked(False)
    assert dialog.sets_error.isVisible()
    assert "at least one" in dialog.sets_error.text()
    assert dialog.password() == ""
    assert dialog.use_button is not None and not dialog.use_button.isEnabled()
    assert not dialog.copy_button.isEnabled()
    dialog.digits.setChecked(True)
    assert not dialog.sets_error.isVisible()
    assert dialog.use_button.isEnabled()


def test_passphrase_mode_uses_words_from_the_list(qtbot: QtBot, dialog: PasswordGeneratorDialog) -> None:
    qtbot.mouseClick(dialog.words_mode, Qt.MouseButton.LeftButton)
    assert dialog.is_passphrase_mode()
    assert dialog.options.currentIndex() == 1
    words = set(passwords.word_list())
    for phrase in _generate(dialog, 5):
        parts = phrase.split("-")
        assert len(parts) == 5 and set(parts) <= words
    dialog.word_count.setValue(7)
    dialog.separator.setCurrentIndex(dialog.separator.findData("."))
    dialog.capitalise.setChecked(True)
    phrase = dialog.password()
    parts = phrase.split(".")
    assert len(parts) == 7
    assert all(part[0].isupper() and part.lower() in words for part in parts)


def test_use_this_password_hands_it_over_and_forgets_it(qtbot: QtBot, dialog: PasswordGeneratorDialog) -> None:
    shown = dialog.password()
    assert dialog.use_button is not None
    with qtbot.waitSignal(dialog.password_chosen) as chosen:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [shown]
    assert not dialog.isVisible()
    assert dialog.preview.text() == ""


def test_copy_uses_the_secret_clipboard(
    qtbot: QtBot, dialog: PasswordGeneratorDialog, clipboard: SecretClipboard
) -> None:
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime is not None and mime.text() == dialog.password()
    assert mime.hasFormat("x-kde-passwordManagerHint")
    assert clipboard.is_counting
    assert dialog.clipboard_status.text().startswith("Copied generated password")


def test_a_generator_on_its_own_offers_close_not_use(qtbot: QtBot, clipboard: SecretClipboard) -> None:
    alone = PasswordGeneratorDialog(None, offer_use=False, clipboard=clipboard)
    qtbot.addWidget(alone)
    alone.show()
    assert alone.use_button is None
    assert len(alone.password()) == 20
    qtbot.keyClick(alone, Qt.Key.Key_Escape)
    assert not alone.isVisible()
    assert alone.password() == ""
