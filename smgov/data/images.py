"""Checking and normalising images users bring in: the school logo, and screenshots kept as incident evidence."""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageDraw, ImageOps, UnidentifiedImageError

from smgov.data.errors import ValidationError

MAX_LOGO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # above any real screenshot or photo we expect; refuses decompression bombs early
LOGO_MAX_SIDE = 600


def _open_checked(
    data: bytes,
    what: str,
    field: str,
    *,
    formats: Mapping[str, str] | None = None,
    readable: str = "PNG or JPEG",
    shrink_to: int | None = None,
) -> Image.Image:
    """``data`` opened and fully decoded, or a ValidationError saying what is wrong with it in the user's words.

    ``formats`` (Pillow format name to media type) limits what is accepted; ``readable`` names them for messages.
    With ``shrink_to``, a JPEG is decoded at the smallest scale (1/2, 1/4 or 1/8) still at least that many pixels a
    side (every byte is still read, so damage still shows), and ``full_size`` in its ``info`` keeps its real size.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if formats is not None and image.format not in formats:
                raise ValidationError(
                    f"The {what} is a {image.format or 'kind of'} image, which smgov does not take. "
                    f"Save it as {readable} and try again.",
                    field=field,
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    f"The {what} is {width:,} × {height:,} pixels, too large to use. Choose a smaller image.",
                    field=field,
                )
            image.info["full_size"] = image.size
            if shrink_to is not None and image.format == "JPEG":
                image.draft(None, (shrink_to, shrink_to))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            f"The {what} has too many pixels to open safely (over {MAX_PIXELS // 1_000_000} megapixels). "
            "Choose a smaller image.",
            field=field,
        ) from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(f"The {what} is not an image smgov can read (use {readable}).", field=field) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            f"The {what} file is damaged or incomplete and cannot be read. Save it again and retry.", field=field
        ) from exc
    return image


def normalise_logo(data: bytes) -> bytes:
    """A clean PNG of the logo, at most 600 px on its longer side, with no metadata (EXIF, GPS) kept."""
    if not data:
        raise ValidationError("The logo file is empty.", field="logo")
    if len(data) > MAX_LOGO_BYTES:
        size_mb = len(data) / (1024 * 1024)
        raise ValidationError(
            f"The logo file is {size_mb:.0f} MB. Choose an image under {MAX_LOGO_BYTES // (1024 * 1024)} MB "
            "(a logo for print needs far less).",
            field="logo",
        )
    image = _open_checked(data, "logo", "logo")
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# -- evidence (screenshots) ----------------------------------------------------------------------------------------

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024  # a phone photo is a few MB; a 4K screen capture as PNG about 10 MB
THUMBNAIL_SIDE = 240
DISPLAY_MAX_SIDE = 3200  # the viewer and the redaction editor show at most this; boxes are kept in full pixels
EVIDENCE_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "BMP": "image/bmp",
}
EVIDENCE_READABLE = "PNG, JPEG, GIF, WebP or BMP; an iPhone photo (HEIC) can be shared as JPEG first"

Box = tuple[int, int, int, int]  # x, y, width, height in the image's upright pixels


@dataclass(frozen=True)
class CheckedImage:
    """What smgov records about a screenshot it has accepted."""

    media_type: str
    width: int  # upright (after the EXIF orientation)
    height: int
    has_metadata: bool  # EXIF (perhaps GPS), XMP or text chunks that a shared copy must not carry
    thumbnail: bytes  # a small PNG, at most THUMBNAIL_SIDE a side


def check_evidence(data: bytes, what: str = "screenshot", field: str = "evidence") -> CheckedImage:
    """Check a screenshot before it is stored (as it is, byte for byte): size, kind, damage and pixel count.

    The image is decoded once (a JPEG at a reduced scale) and shrunk in place to its thumbnail: no full-size copy is
    made, so a 40-megapixel screenshot costs one decoded image at most.

    Raises:
        ValidationError: empty, over 50 MB, not an image, damaged or incomplete, or too many pixels (a
            decompression bomb), each with a message saying what to do.
    """
    _check_evidence_size(data, what, field)
    image = _open_checked(
        data, what, field, formats=EVIDENCE_FORMATS, readable=EVIDENCE_READABLE, shrink_to=THUMBNAIL_SIDE
    )
    media_type = EVIDENCE_FORMATS[str(image.format)]
    has_metadata = _has_metadata(image)
    width, height = _upright_size(image)
    return CheckedImage(media_type, width, height, has_metadata, _png(_shrunk_upright(image, THUMBNAIL_SIDE)))


def display_image(data: bytes, max_side: int = DISPLAY_MAX_SIDE, what: str = "screenshot") -> Image.Image:
    """The image upright in RGB or RGBA, at most ``max_side`` pixels on its longer side, for showing on screen.

    Decoded once (a JPEG at a reduced scale) and shrunk in place: a 40-megapixel screenshot is never held twice.
    ``info["full_size"]`` is its upright size in the stored bytes, the size redaction boxes are measured in.
    """
    _check_evidence_size(data, what, "evidence")
    image = _open_checked(
        data, what, "evidence", formats=EVIDENCE_FORMATS, readable=EVIDENCE_READABLE, shrink_to=max_side
    )
    full_size = _upright_size(image)
    shown = _shrunk_upright(image, max_side)
    shown.info["full_size"] = full_size
    return shown


def _check_evidence_size(data: bytes, what: str, field: str) -> None:
    if not data:
        raise ValidationError(f"The {what} is empty (0 bytes). Take or save it again.", field=field)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"The {what} is {len(data) / (1024 * 1024):.0f} MB; smgov takes images up to "
            f"{MAX_EVIDENCE_BYTES // (1024 * 1024)} MB. Crop it or save it as JPEG, then add it again.",
            field=field,
        )


_TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """The image's full size (before any reduced decoding) as it stands upright."""
    width, height = image.info.get("full_size", image.size)
    return (height, width) if image.getexif().get(ExifTags.Base.Orientation, 1) in _TURNED else (width, height)


def _shrunk_upright(image: Image.Image, side: int) -> Image.Image:
    """``image`` shrunk in place to at most ``side`` a side, then turned upright in RGB or RGBA (small copies only)."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if image.mode in ("PA", "La", "RGBa") else "RGB")
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return _upright(image)


def _has_metadata(image: Image.Image) -> bool:
    if len(image.getexif()):
        return True
    info_keys = {"exif", "xmp", "XML:com.adobe.xmp", "comment"}
    return bool(info_keys & set(image.info)) or bool(getattr(image, "text", None))


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says, in RGB or RGBA (the first frame of an animation)."""
    turned = ImageOps.exif_transpose(image) or image
    has_alpha = turned.mode in ("RGBA", "LA", "PA") or "transparency" in turned.info
    wanted = "RGBA" if has_alpha else "RGB"
    return turned if turned.mode == wanted else turned.convert(wanted)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def thumbnail_png(image: Image.Image, side: int = THUMBNAIL_SIDE) -> bytes:
    small = image.copy()
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    return _png(small)


def clean_png(data: bytes, boxes: Sequence[Box] = (), what: str = "screenshot") -> bytes:
    """A PNG of the image, upright, with filled black ``boxes`` over it and no metadata at all (no EXIF, GPS, XMP
    or text): what may leave smgov in a shared copy. ``data`` itself is not changed."""
    image = _upright(_open_checked(data, what, "evidence", formats=EVIDENCE_FORMATS, readable=EVIDENCE_READABLE))
    if boxes:
        draw = ImageDraw.Draw(image)
        fill = (0, 0, 0, 255) if image.mode == "RGBA" else (0, 0, 0)
        for x, y, width, height in boxes:
            draw.rectangle((x, y, x + width - 1, y + height - 1), fill=fill)
    out = io.BytesIO()
    image.save(out, format="PNG")  # no pnginfo, exif or icc arguments: nothing but pixels
    return out.getvalue()


def check_boxes(boxes: Sequence[Sequence[float]], width: int, height: int) -> list[Box]:
    """Redaction boxes clipped to the image; refused when there are none or one misses the image entirely."""
    if not boxes:
        raise ValidationError("Draw at least one box over what should be covered.", field="boxes")
    result: list[Box] = []
    for number, box in enumerate(boxes, start=1):
        if len(box) != 4:
            raise ValidationError(f"Box {number} is not a rectangle (x, y, width, height).", field="boxes")
        x, y, w, h = (round(v) for v in box)
        if w < 0:
            x, w = x + w, -w
        if h < 0:
            y, h = y + h, -h
        left, top = max(0, x), max(0, y)
        right, bottom = min(width, x + w), min(height, y + h)
        if right <= left or bottom <= top:
            raise ValidationError(
                f"Box {number} does not cover any of the image. Draw it over the part to hide.", field="boxes"
            )
        result.append((left, top, right - left, bottom - top))
    return result
