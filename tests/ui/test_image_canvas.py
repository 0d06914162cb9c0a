"""The picture on screen: a large screenshot is shown from a smaller copy, measured in the stored image's pixels."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QPointF, QSize
from pytestqt.qtbot import QtBot

from smgov.ui.sections.incidents.canvas import ImageView, decode_upright


def _png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_large_screenshot_is_shown_from_a_small_copy_in_its_own_pixels(qtbot: QtBot) -> None:
    image, size = decode_upright(_png((4000, 2000)), max_side=800)
    assert (image.width(), image.height()) == (800, 400)
    assert size == QSize(4000, 2000)
    view = ImageView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(image, size)
    canvas = view.canvas
    assert canvas.image_size() == QSize(4000, 2000)
    view.actual_size()  # 100% is the stored image's pixels, not the copy's
    assert (canvas.width(), canvas.height()) == (4000, 2000)
    assert canvas.to_image(QPointF(1000, 500)) == QPointF(1000, 500)
    view.canvas.grab()  # paints the magnified copy without trouble
    view.fit()
    assert canvas.width() <= 600
    assert canvas.to_image(QPointF(canvas.width(), canvas.height())) == QPointF(4000, 2000)
    view.set_image(None)
    assert canvas.image_size() == QSize(0, 0)
