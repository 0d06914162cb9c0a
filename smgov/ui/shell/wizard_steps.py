"""What the first-run wizard's pages share: the page ids, checking where the file goes, and the small pieces of
layout. Light enough for the first page, which is painted before the data layer comes in; creating the file is in
:mod:`smgov.ui.shell.wizard_finish`.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget, QWizardPage

from smgov.data.errors import ValidationError
from smgov.ui.frame.screen import scrolling

PAGE_SCHOOL, PAGE_SAVE, PAGE_PEOPLE, PAGE_SETTINGS, PAGE_CREATE, PAGE_KIT = range(6)
SUFFIX = ".smgov"  # (smgov.data.workspace.SUFFIX, which a test holds equal)
_BAD_FILE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


R = TypeVar("R")


def guarded(fallback: R) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """For Qt virtuals (validatePage, initializePage): never let an exception unwind into C++.

    PySide cannot unwind a Python exception through a C++ caller cleanly (we saw it corrupt reference counts and
    crash later), so an unexpected error is shown through the crash path and the page stays where it is.
    """

    def wrap(method: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(method)
        def guarded(self: QWidget, *args: object) -> R:
            try:
                return method(self, *args)
            except Exception as exc:  # noqa: BLE001 - reported to the user, never lost
                from smgov.ui.frame.errors import show_error

                show_error(self, exc)
                return fallback

        return guarded

    return wrap


def add_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None = None) -> QLabel:
    """A form row whose label's mnemonic (the &-letter) focuses ``buddy``, the input inside ``field``."""
    label = QLabel(text)
    label.setBuddy(buddy or field)
    form.addRow(label, field)
    return label


def suggested_file_name(school_name: str) -> str:
    """A file name from the school's name, safe on Windows: "Spixworth Federation.smgov"."""
    cleaned = _BAD_FILE_CHARS.sub(" ", school_name)
    cleaned = " ".join(cleaned.split()).strip(" .")[:80]
    return (cleaned or "School") + SUFFIX


def check_location(folder_text: str, file_name: str) -> Path:
    """The new workspace's path, or ValidationError (field "folder" or "file_name") saying what to change."""
    if not folder_text.strip():
        raise ValidationError("Choose the folder to keep the workspace in.", field="folder")
    folder = Path(folder_text.strip()).expanduser()
    if not folder.is_dir():
        raise ValidationError(f"The folder {folder} does not exist. Choose another one.", field="folder")
    name = file_name.strip()
    if not name:
        raise ValidationError("Give the workspace file a name.", field="file_name")
    if _BAD_FILE_CHARS.search(name):
        raise ValidationError('A file name cannot contain < > : " / \\ | ? or *. Leave them out.', field="file_name")
    if not name.lower().endswith(SUFFIX):
        name += SUFFIX
    path = folder / name
    if path.exists():
        raise ValidationError(
            f"{name} already exists in that folder. Choose another name (or cancel and open that file instead).",
            field="file_name",
        )
    try:
        handle, probe = tempfile.mkstemp(prefix=".smgov-write-check-", dir=folder)
        os.close(handle)
        os.remove(probe)
    except OSError as exc:
        raise ValidationError(
            f"smgov cannot save files in {folder}. Choose a folder you can write to, such as Documents.",
            field="folder",
        ) from exc
    return path


def page_body(page: QWizardPage) -> QWidget:
    """The widget a wizard page puts its fields in: it fills the page and scrolls inside when the screen is short."""
    content = QWidget()
    area = scrolling(content, f"{page.objectName()}-scroll")
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(area)
    return content
