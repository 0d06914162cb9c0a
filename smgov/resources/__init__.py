"""Files shipped with smgov (fonts, icons, word lists), reachable installed, editable or frozen.

Use :func:`read_bytes` for small files and :func:`path` where a library wants a file name
(reportlab's TTFont). Both work from a wheel, an editable install and a PyInstaller folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_bytes(name: str) -> bytes:
    """The bytes of a shipped file, by its path under resources/ (``"fonts/DejaVuSans.ttf"``)."""
    return resources.files(__name__).joinpath(name).read_bytes()


def read_text(name: str) -> str:
    """The text (UTF-8) of a shipped file."""
    return read_bytes(name).decode("utf-8")


def path(name: str) -> Path:
    """A real file system path to a shipped file (installed packages are plain folders)."""
    traversable = resources.files(__name__).joinpath(name)
    if not traversable.is_file():
        raise FileNotFoundError(f"missing resource: {name}")
    return Path(str(traversable))
