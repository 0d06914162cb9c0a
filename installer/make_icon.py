"""Make the Windows icon, smgov/resources/icons/smgov.ico, from the app icon smgov.svg.

Each size is drawn from the SVG (Qt's SVG renderer), not scaled down from the largest, so 16 and 24 pixels stay
sharp; Pillow packs them into one .ico. Run it again after the SVG changes:

    QT_QPA_PLATFORM=offscreen python installer/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

# A build tool, not the app: Qt draws the SVG (the ban on Qt outside smgov.ui is about the app's layers)
from PySide6.QtCore import QByteArray, QRectF, Qt  # noqa: TID251
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: TID251
from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent.parent / "smgov" / "resources" / "icons"


def render(svg: bytes, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)  # bytes R, G, B, A: Pillow's RGBA
    return Image.frombytes("RGBA", (size, size), bytes(rgba.constBits()), "raw", "RGBA", rgba.bytesPerLine())


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    svg = (ICONS / "smgov.svg").read_bytes()
    images = [render(svg, size) for size in SIZES]
    largest = images[-1]
    out = ICONS / "smgov.ico"
    largest.save(out, format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print(f"{out}: {', '.join(str(s) for s in SIZES)} px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
