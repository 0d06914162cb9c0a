"""Checking and normalising images users bring in (the school logo; later, screenshots as evidence)."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from smgov.data.errors import ValidationError

MAX_LOGO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # above any real screenshot or photo we expect; refuses decompression bombs early
LOGO_MAX_SIDE = 600


def _open_checked(data: bytes, what: str, field: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    f"The {what} is {width:,} × {height:,} pixels, too large to use. Choose a smaller image.",
                    field=field,
                )
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
        raise ValidationError(
            f"The {what} is not an image smgov can read (use PNG or JPEG).", field=field
        ) from exc
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
