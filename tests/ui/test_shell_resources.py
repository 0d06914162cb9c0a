"""What the shell ships: the icons with their licence, and the user guide, listed for the wheel and the frozen build."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from smgov.ui.frame import icons

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "smgov" / "resources"


def test_every_icon_and_the_guide_ship_in_the_wheel_and_the_frozen_build() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["smgov.resources"]
    shipped = [p for p in (RESOURCES / "icons").iterdir()] + [p for p in (RESOURCES / "guide").iterdir()]
    for path in shipped:
        name = path.relative_to(RESOURCES).as_posix()
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    spec = (ROOT / "build.spec").read_text("utf-8")
    assert '"smgov/resources/guide"' in spec and '"smgov/resources/icons"' in spec
    assert "ISC License" in (RESOURCES / "icons" / "LICENSE-lucide.txt").read_text("utf-8")


def _colours(qtbot: QtBot, label: QLabel, name: str, ratio: float) -> tuple[QSize, set[str]]:
    pixmap = icons.icon(name, label).pixmap(QSize(20, 20), ratio)
    image = pixmap.toImage()
    found = {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 250
    }
    return image.size(), found


def test_icons_are_drawn_in_the_text_colour_of_light_and_dark_themes_at_1x_and_2x(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    for text in ("#1a1a1a", "#f0f0f0"):  # a light theme's dark text, a dark theme's light text
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
        label.setPalette(palette)
        for ratio, pixels in ((1.0, 20), (2.0, 40)):
            size, colours = _colours(qtbot, label, "key-round", ratio)
            assert size == QSize(pixels, pixels)
            assert colours == {text}


def test_an_icon_is_made_once_per_colour() -> None:
    first = icons.icon("settings")
    assert icons.icon("settings").cacheKey() == first.cacheKey()
    assert icons.exists("settings") and not icons.exists("floppy-disk")


def test_a_disabled_icon_is_the_same_shape_faded(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    icon = icons.icon("lock", label)
    normal = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Normal).toImage()
    faded = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Disabled).toImage()
    strongest = max(normal.pixelColor(x, y).alpha() for x in range(24) for y in range(24))
    assert strongest == 255
    assert max(faded.pixelColor(x, y).alpha() for x in range(24) for y in range(24)) < 0.5 * strongest
