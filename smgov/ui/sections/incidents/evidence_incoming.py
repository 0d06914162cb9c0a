"""Pictures on their way in: files chosen or dropped, an image's own bytes (as a browser copies them) and pasted
pictures, which become PNG bytes in memory (nothing is ever written to a temporary file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage, QPixmap

from smgov.data.errors import ValidationError
from smgov.data.models import EvidenceSource

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)"
RAW_IMAGE_FORMATS = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp")


def image_png_bytes(image: QImage) -> bytes:
    """A picture from the clipboard as PNG bytes, in memory (never a temporary file)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs ask for bytes; PySide6 takes str
        buffer.close()
        raise ValidationError("The picture on the clipboard could not be read. Copy it again.", field="evidence")
    buffer.close()
    return bytes(array.data())


@dataclass(frozen=True)
class Incoming:
    """One picture on its way in: a file to read, raw bytes, or a clipboard image to turn into PNG (off the UI
    thread, in :meth:`read`)."""

    source: EvidenceSource
    name: str = ""
    path: Path | None = None
    data: bytes | None = None
    image: QImage | None = None

    @property
    def label(self) -> str:
        return self.name or ("The pasted picture" if self.source is EvidenceSource.CLIPBOARD else "The picture")

    def read(self) -> bytes:
        """The picture's bytes (runs off the UI thread).

        Raises:
            ValidationError: the file is too big or cannot be read, or the pasted picture cannot be converted; the
                picture is refused and the others go on.
        """
        from smgov.data.images import MAX_EVIDENCE_BYTES

        if self.data is not None:
            return self.data
        if self.image is not None:
            return image_png_bytes(self.image)
        assert self.path is not None
        try:
            size = self.path.stat().st_size
            if size > MAX_EVIDENCE_BYTES:
                raise ValidationError(
                    f"The screenshot is {size / (1024 * 1024):.0f} MB; smgov takes images up to "
                    f"{MAX_EVIDENCE_BYTES // (1024 * 1024)} MB. Crop it or save it as JPEG, then add it again.",
                    field="evidence",
                )
            return self.path.read_bytes()
        except OSError as exc:
            raise ValidationError(
                f"{self.path.name} cannot be read ({exc.strerror or type(exc).__name__}).", field="evidence"
            ) from exc


def files_incoming(names: list[str], source: EvidenceSource = EvidenceSource.FILE) -> list[Incoming]:
    """Chosen or dropped files, each named by its file name (the path stays on this PC)."""
    return [Incoming(source, Path(name).name, path=Path(name)) for name in names]


def incoming_from_mime(mime: QMimeData | None, source: EvidenceSource) -> list[Incoming]:
    """The pictures in dropped or pasted data: image files first, then an image's own bytes (as a browser copies
    them, kept byte for byte), then a picture (a screenshot tool's), which becomes a PNG."""
    if mime is None:
        return []
    files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if files:
        return files_incoming(files, source)
    for fmt in RAW_IMAGE_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt).data())
            if data:
                extension = fmt.split("/")[1].replace("jpeg", "jpg")
                return [
                    Incoming(source, f"pasted.{extension}" if source is EvidenceSource.CLIPBOARD else "", data=data)
                ]
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QPixmap):
            image = image.toImage()
        if isinstance(image, QImage) and not image.isNull():
            return [Incoming(source, image=image.copy())]
    return []


def can_take(mime: QMimeData | None) -> bool:
    """Whether dropped data may hold a picture (the service says for sure)."""
    if mime is None:
        return False
    if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
        return True
    return mime.hasImage() or any(mime.hasFormat(fmt) for fmt in RAW_IMAGE_FORMATS)


__all__ = ["IMAGE_FILTER", "Incoming", "can_take", "files_incoming", "image_png_bytes", "incoming_from_mime"]
