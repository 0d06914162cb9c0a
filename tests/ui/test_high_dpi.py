"""At 200 % scaling (a device pixel ratio of 2) every picture the app makes has twice the pixels of its size in
points, so it is as sharp as the screen: nothing is drawn at 1x and stretched (issue 13).

The tests run at ratio 1 (the offscreen screen); the widgets are told they are on a 2x screen by their
``devicePixelRatioF``, which is what the code asks.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from pytestqt.qtbot import QtBot

from smgov.ui.sections.consent.form_viewer import pdf_pages, picture_page
from smgov.ui.sections.incidents.canvas import ImageCanvas
from smgov.ui.sections.incidents.markers import marker_icon
from smgov.ui.sections.settings.school_form import logo_pixmap


@pytest.mark.parametrize("kind", ["safeguarding", "due"])  # ("overdue" is the style's own icon)
@pytest.mark.parametrize("points", [16, 20, 24])
def test_incident_markers_have_two_pixels_a_point_at_200_percent(qtbot: QtBot, kind: str, points: int) -> None:
    pixmap = marker_icon(kind).pixmap(QSize(points, points), 2.0)
    assert (pixmap.width(), pixmap.height()) == (points * 2, points * 2)
    assert pixmap.devicePixelRatio() == 2.0
    assert not pixmap.toImage().isNull()
    # and at 100 % nothing changes
    plain = marker_icon(kind).pixmap(QSize(points, points), 1.0)
    assert (plain.width(), plain.height()) == (points, points)


def test_a_shrunk_screenshot_is_drawn_in_device_pixels(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    image = QImage(2000, 1000, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    canvas = ImageCanvas()
    qtbot.addWidget(canvas)
    canvas.set_image(image)
    canvas.set_zoom(0.25)  # fitted into a window: 500 x 250 points
    assert (canvas.width(), canvas.height()) == (500, 250)
    monkeypatch.setattr(canvas, "devicePixelRatioF", lambda: 2.0)
    scaled = canvas.scaled_copy()
    assert (scaled.width(), scaled.height()) == (1000, 500)
    assert scaled.devicePixelRatio() == 2.0
    canvas.grab()  # paints from it without trouble


def _pdf(points: tuple[int, int] = (595, 842)) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QSizeF(*points), QPageSize.Unit.Point))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Consent form")
    painter.end()
    buffer.close()
    return bytes(data.data())


def test_a_kept_pdf_form_is_rendered_at_the_screens_ratio(qtbot: QtBot) -> None:
    pages = pdf_pages(_pdf(), 600, 2.0)
    assert len(pages) == 1
    assert pages[0].width() == 1200  # 600 points wide, drawn with 1200 pixels
    assert pages[0].devicePixelRatio() == 2.0
    assert round(pages[0].deviceIndependentSize().width()) == 600
    assert pdf_pages(_pdf(), 600)[0].width() == 600


def test_a_scanned_form_keeps_its_pixels_at_200_percent_and_a_small_one_is_not_enlarged(qtbot: QtBot) -> None:
    scan = QImage(2400, 3400, QImage.Format.Format_RGB32)
    scan.fill(Qt.GlobalColor.white)
    page = picture_page(scan, 600, 2.0)
    assert page.width() == 1200 and page.devicePixelRatio() == 2.0
    assert round(page.deviceIndependentSize().width()) == 600
    small = QImage(40, 60, QImage.Format.Format_RGB32)
    small.fill(Qt.GlobalColor.white)
    shown = picture_page(small, 600, 2.0)
    assert shown.width() == 40 and round(shown.deviceIndependentSize().width()) == 40


def test_the_logo_preview_is_as_sharp_as_the_screen(qtbot: QtBot) -> None:
    png = io.BytesIO()
    Image.new("RGB", (1200, 600), "navy").save(png, "PNG")
    shown = logo_pixmap(png.getvalue(), QSize(146, 82), 2.0)
    assert shown is not None
    assert (shown.width(), shown.height()) == (292, 146)  # 146 x 73 points, with two pixels a point
    assert shown.devicePixelRatio() == 2.0
    assert logo_pixmap(b"not a picture", QSize(146, 82), 2.0) is None
