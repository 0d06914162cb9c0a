"""The password generator: random characters or a passphrase of words, previewed live with its strength.

Used on its own (Copy) and when a credential's password is set or changed ("Use this password"). The preview is
cleared whenever the dialog hides, so a generated password never stays in a widget after it was used.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QWidget,
)
from typing_extensions import override

from smgov.data import passwords
from smgov.data.errors import ValidationError
from smgov.ui.frame.clipboard import ClipboardStatus, SecretClipboard, secret_clipboard
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.forms import button
from smgov.ui.frame.widgets import FieldError, StrengthMeter
from smgov.ui.sections.vault.words import monospace

log = logging.getLogger(__name__)

SEPARATORS: tuple[tuple[str, str], ...] = (
    ("Hyphen ( - )", "-"),
    ("Full stop ( . )", "."),
    ("Underscore ( _ )", "_"),
    ("Space", " "),
)
MIN_LENGTH, MAX_LENGTH = 8, 128
MIN_WORDS, MAX_WORDS = 3, 12


class PasswordGeneratorDialog(Dialog):
    """Make a strong password: length and character sets, or words with a separator; Regenerate, Copy, Use.

    Args:
        offer_use: show "Use this password" (when setting a credential's password); otherwise only Copy and Close.
        clipboard: where Copy puts it (the application's :class:`SecretClipboard` by default).

    Signals:
        password_chosen(str): "Use this password" was pressed; the dialog then closes (and forgets the password).
    """

    password_chosen = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        offer_use: bool = True,
        clipboard: SecretClipboard | None = None,
    ) -> None:
        buttons = QDialogButtonBox.StandardButton
        super().__init__(
            parent,
            "Generate a password",
            name="password-generator",
            intro="A new random password, different every time. Words are easier to read out or type on a phone; "
            "random characters are shorter for the same strength.",
            buttons=buttons.Cancel if offer_use else buttons.Close,
            min_width=560,
        )
        self.title_label.setObjectName("generator-title")
        self.clipboard = clipboard or secret_clipboard()
        self._offer_use = offer_use

        self.chars_mode = QRadioButton("&Random characters")
        self.chars_mode.setObjectName("generator-mode-characters")
        self.chars_mode.setAccessibleName("Random characters")
        self.words_mode = QRadioButton("&Words (a passphrase)")
        self.words_mode.setObjectName("generator-mode-words")
        self.words_mode.setAccessibleName("Words (a passphrase)")
        self.chars_mode.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.chars_mode)
        self.mode_group.addButton(self.words_mode)
        modes = QHBoxLayout()
        modes.addWidget(self.chars_mode)
        modes.addSpacing(16)
        modes.addWidget(self.words_mode)
        modes.addStretch(1)

        self.preview = QLineEdit()
        self.preview.setObjectName("generator-preview")
        self.preview.setAccessibleName("Generated password")
        self.preview.setReadOnly(True)
        self.preview.setFont(monospace(1.25))
        self.preview.setMinimumWidth(self.preview.fontMetrics().horizontalAdvance("M" * 32) + 16)
        self.preview.setMinimumHeight(self.preview.fontMetrics().height() + 16)
        self.regenerate_button = button("Re&generate", "generator-regenerate", "Regenerate")
        self.regenerate_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.regenerate_button.setToolTip("Make another one")
        self.regenerate_button.clicked.connect(self.regenerate)
        self.copy_button = button("&Copy", "generator-copy", "Copy the generated password")
        self.copy_button.setToolTip("Copy it; the clipboard is cleared again after 20 seconds")
        self.copy_button.clicked.connect(self.copy)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview, 1)
        preview_row.addWidget(self.regenerate_button)
        preview_row.addWidget(self.copy_button)

        self.meter = StrengthMeter(name="generator-strength")
        self.meter.strengthChanged.connect(self._strength_shown)

        self.options = QStackedWidget()
        self.options.setObjectName("generator-options")
        self.options.addWidget(self._characters_page())
        self.options.addWidget(self._words_page())

        self.clipboard_status = ClipboardStatus(self.clipboard, name="generator-clipboard-status")

        self.use_button: QPushButton | None = None
        if offer_use:
            self.use_button = self.buttons.addButton("&Use this password", QDialogButtonBox.ButtonRole.AcceptRole)
            self.use_button.setObjectName("generator-use")
            self.use_button.setAccessibleName("Use this password")
            self.use_button.setDefault(True)
        close = self.buttons.button(buttons.Cancel if offer_use else buttons.Close)
        assert close is not None
        self.close_button: QPushButton = close
        self.close_button.setObjectName("generator-close")
        self.close_button.setAccessibleName(self.close_button.text().replace("&", ""))
        self.buttons.accepted.connect(self.use)

        self.body.addLayout(modes)
        self.body.addLayout(preview_row)
        self.body.addWidget(self.meter)
        self.body.addWidget(self.options)
        self.body.addWidget(self.clipboard_status)
        self.add_stretch()

        self.mode_group.buttonToggled.connect(self._mode_changed)
        self.setTabOrder(self.chars_mode, self.words_mode)
        self.setTabOrder(self.words_mode, self.preview)
        self.setTabOrder(self.preview, self.regenerate_button)
        self.setTabOrder(self.regenerate_button, self.copy_button)

    # -- building ----------------------------------------------------------------------------------------------

    def _characters_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.length = QSpinBox()
        self.length.setObjectName("generator-length")
        self.length.setAccessibleName("Length")
        self.length.setRange(MIN_LENGTH, MAX_LENGTH)
        self.length.setValue(passwords.PasswordRecipe().length)
        self.length.setSuffix(" characters")
        self.length.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.length_slider = QSlider(Qt.Orientation.Horizontal)
        self.length_slider.setObjectName("generator-length-slider")
        self.length_slider.setAccessibleName("Length slider")
        self.length_slider.setRange(MIN_LENGTH, 64)
        self.length_slider.setValue(self.length.value())
        self.length_slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.length_slider.valueChanged.connect(self.length.setValue)
        self.length.valueChanged.connect(self._length_changed)
        length_row = QHBoxLayout()
        length_row.addWidget(self.length)
        length_row.addWidget(self.length_slider, 1)
        form.addRow("&Length", length_row)
        label = form.labelForField(length_row)
        if label is not None and hasattr(label, "setBuddy"):
            label.setBuddy(self.length)

        recipe = passwords.PasswordRecipe()
        self.lowercase = self._check("Lower case (a–z)", "generator-lowercase", recipe.lowercase)
        self.uppercase = self._check("Capitals (A–Z)", "generator-uppercase", recipe.uppercase)
        self.digits = self._check("Digits (0–9)", "generator-digits", recipe.digits)
        sample = " ".join(passwords.SYMBOLS[:6]).replace("&", "&&")  # a lone & would underline the next letter
        self.symbols = self._check(f"Symbols ( {sample} … )", "generator-symbols", True)
        self.symbols.setAccessibleName("Symbols")
        self.avoid_look_alikes = self._check(
            "Avoid characters that look alike (l, 1, I, O, 0)", "generator-avoid-look-alikes", recipe.avoid_look_alikes
        )
        self.avoid_look_alikes.setAccessibleName("Avoid characters that look alike")
        sets = QGridLayout()
        sets.setContentsMargins(0, 0, 0, 0)
        sets.setHorizontalSpacing(16)
        sets.addWidget(self.lowercase, 0, 0)
        sets.addWidget(self.uppercase, 0, 1)
        sets.addWidget(self.digits, 1, 0)
        sets.addWidget(self.symbols, 1, 1)
        sets.addWidget(self.avoid_look_alikes, 2, 0, 1, 2)
        self.sets_error = FieldError(for_widget=self.lowercase, name="generator-sets-error")
        sets.addWidget(self.sets_error, 3, 0, 1, 2)
        form.addRow("Use", sets)
        return page

    def _words_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.word_count = QSpinBox()
        self.word_count.setObjectName("generator-words")
        self.word_count.setAccessibleName("Number of words")
        self.word_count.setRange(MIN_WORDS, MAX_WORDS)
        self.word_count.setValue(5)
        self.word_count.setSuffix(" words")
        self.word_count.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.word_count.valueChanged.connect(lambda _v: self.regenerate())
        form.addRow("&Words", self.word_count)
        self.separator = QComboBox()
        self.separator.setObjectName("generator-separator")
        self.separator.setAccessibleName("Between the words")
        self.separator.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for text, value in SEPARATORS:
            self.separator.addItem(text, value)
        self.separator.currentIndexChanged.connect(lambda _i: self.regenerate())
        form.addRow("&Between words", self.separator)
        self.capitalise = self._check("Start each word with a capital", "generator-capitalise", False)
        form.addRow("", self.capitalise)
        return page

    def _check(self, text: str, name: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(name)
        box.setAccessibleName(text)
        box.setChecked(checked)
        box.toggled.connect(lambda _on: self.regenerate())
        return box

    # -- generating --------------------------------------------------------------------------------------------

    def is_passphrase_mode(self) -> bool:
        return self.words_mode.isChecked()

    def recipe(self) -> passwords.PasswordRecipe:
        return passwords.PasswordRecipe(
            length=self.length.value(),
            lowercase=self.lowercase.isChecked(),
            uppercase=self.uppercase.isChecked(),
            digits=self.digits.isChecked(),
            symbols=self.symbols.isChecked(),
            avoid_look_alikes=self.avoid_look_alikes.isChecked(),
        )

    def regenerate(self) -> None:
        """Make a new password from the options shown, and show it with its strength."""
        try:
            if self.is_passphrase_mode():
                password = passwords.generate_passphrase(
                    self.word_count.value(), self.separator.currentData(), self.capitalise.isChecked()
                )
            else:
                password = passwords.generate_password(self.recipe())
        except ValidationError as exc:
            self.sets_error.show_error(str(exc))
            self.preview.clear()
            self.meter.set_passphrase("")
            self._set_usable(False)
            return
        self.sets_error.clear()
        self.preview.setText(password)
        self.preview.setCursorPosition(0)
        self.meter.set_passphrase(password)
        self._set_usable(True)

    def password(self) -> str:
        """The password shown ("" when the options allow none)."""
        return self.preview.text()

    def _set_usable(self, usable: bool) -> None:
        self.copy_button.setEnabled(usable)
        if self.use_button is not None:
            self.use_button.setEnabled(usable)

    def _length_changed(self, value: int) -> None:
        self.length_slider.blockSignals(True)
        self.length_slider.setValue(min(value, self.length_slider.maximum()))
        self.length_slider.blockSignals(False)
        self.regenerate()

    def _mode_changed(self, _button: object = None, checked: bool = True) -> None:
        if not checked:
            return
        self.options.setCurrentIndex(1 if self.is_passphrase_mode() else 0)
        self.regenerate()

    def _strength_shown(self, verdict: object) -> None:
        if getattr(verdict, "acceptable", False):
            self.meter.feedback.setText("Good: this is hard to guess.")

    # -- buttons -----------------------------------------------------------------------------------------------

    def copy(self) -> None:
        if self.password():
            self.clipboard.copy(self.password(), "generated password")

    def use(self) -> None:
        password = self.password()
        if not password:
            return
        self.password_chosen.emit(password)
        self.accept()

    # -- never keep it -----------------------------------------------------------------------------------------

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.password():
            self.regenerate()

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        self.preview.clear()
        self.meter.set_passphrase("")
        super().hideEvent(event)
