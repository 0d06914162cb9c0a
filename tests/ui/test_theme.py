"""Following the system's light or dark scheme while smgov is open: the style can draw it, and a field's error or
warning colour takes the shade that reads on the new background."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QWidget
from pytestqt.qtbot import QtBot

from smgov.ui.frame import widgets
from smgov.ui.frame.widgets import error_colour, set_text_colour, warning_colour
from smgov.ui.shell import theme


def _dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#202020"),
        (roles.WindowText, "#ffffff"),
        (roles.Base, "#1b1b1b"),
        (roles.Text, "#ffffff"),
        (roles.Button, "#2d2d2d"),
        (roles.ButtonText, "#ffffff"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def follower(qapp: QApplication) -> Iterator[theme.SchemeFollower]:
    palette, style = qapp.palette(), qapp.style().name()
    following = theme.follow_system(qapp)
    yield following
    following.stop()
    qapp.setPalette(palette)
    qapp.setStyle(QStyleFactory.create(style))


def _text(label: QLabel) -> str:
    return label.palette().color(QPalette.ColorRole.WindowText).name()


def test_an_error_shown_in_light_takes_the_dark_shade_when_the_system_turns_dark(
    qtbot: QtBot, qapp: QApplication, follower: theme.SchemeFollower
) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    error, warning, plain = QLabel("Wrong passphrase", form), QLabel("Weak", form), QLabel("Workspace", form)
    form.show()
    assert not theme.is_dark()
    set_text_colour(error, error_colour(error))
    set_text_colour(warning, warning_colour(warning))
    assert (_text(error), _text(warning)) == (widgets._ERROR[0], widgets._WARNING[0])

    qapp.setPalette(_dark_palette())  # what Qt does when the user switches Windows to dark
    qtbot.waitUntil(lambda: _text(error) == widgets._ERROR[1])
    assert _text(warning) == widgets._WARNING[1]
    assert theme.is_dark(error.palette())  # the rest of the label's palette followed the system
    assert _text(plain) == "#ffffff"  # a label without a colour of its own follows the palette

    qapp.setPalette(qapp.style().standardPalette())  # and back to light
    qtbot.waitUntil(lambda: _text(error) == widgets._ERROR[0])
    assert _text(warning) == widgets._WARNING[0]


def test_a_style_that_draws_light_only_gives_way_to_fusion_in_the_dark(
    qapp: QApplication, follower: theme.SchemeFollower
) -> None:
    qapp.setStyle(QStyleFactory.create("Windows"))  # as Windows 10's "windowsvista", it ignores a dark palette
    follower.system_style = qapp.style().name()
    follower._scheme_changed(Qt.ColorScheme.Dark)
    assert qapp.style().name().lower() == "fusion"
    follower._scheme_changed(Qt.ColorScheme.Light)
    assert qapp.style().name().lower() == "windows"  # the system's own style again
