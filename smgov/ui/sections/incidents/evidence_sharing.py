"""Saving a copy of a screenshot for sharing: a PNG with no EXIF or location data, written where the user chooses
(atomically, so a file is never half-written) and audited by the service."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from smgov.data.areas import Change
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame import pdf_output
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


def choose_png_destination(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to save a PNG; None when the user cancels. A name without ``.png`` gets it."""
    return pdf_output.choose_save_path(parent, "Save a copy for sharing", suggested, "PNG image (*.png)", ".png")


def save_copy_for_sharing(
    parent: QWidget,
    session: AppSession,
    item: EvidenceInfo,
    reference: str,
    dest: Path | None = None,
    on_saved: Callable[[Path], None] | None = None,
) -> bool:
    """Ask where (unless ``dest``), then save a metadata-free PNG of the evidence there, off the UI thread.

    True when the save started; ``on_saved(path)`` follows once the file is written.
    """
    if not session.is_unlocked:
        return False
    if dest is None:
        dest = choose_png_destination(parent, pdf_output.safe_file_name(f"{reference} {item.title}".strip(), ".png"))
        if dest is None:
            return False
    target = dest

    def save(workspace: Workspace) -> Path:
        from smgov.data.services.evidence import copy_for_sharing

        pdf_output.write_atomically(target, copy_for_sharing(workspace, item.id))
        return target

    def saved(path: Path) -> None:
        log.info("evidence %s saved for sharing", item.id)
        if on_saved is not None:
            on_saved(path)

    return run_write(parent, session, save, saved, changes=(Change.AUDIT,))


__all__ = ["choose_png_destination", "save_copy_for_sharing"]
