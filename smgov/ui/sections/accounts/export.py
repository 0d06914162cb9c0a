"""Exporting the register as a spreadsheet (CSV or XLSX), off the UI thread, audited; it never holds passwords."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from smgov.data.areas import Change
from smgov.data.audit_actions import AuditAction
from smgov.ui.frame import pdf_output
from smgov.ui.frame.widgets import BusyDialog
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)
EXPORT_FILTERS = {"csv": "CSV file (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}


def choose_export_file(parent: QWidget, fmt: str) -> Path | None:
    """Ask where to save the register (None: the user cancelled); the file always ends in ``.fmt``."""
    name = f"Account register {dt.date.today():%Y-%m-%d}"
    return pdf_output.choose_save_path(parent, "Export the account register", name, EXPORT_FILTERS[fmt], f".{fmt}")


def export_register(
    parent: QWidget, session: AppSession, fmt: str, target: Path, on_done: Callable[[Path], None]
) -> None:
    """Build and write the register to ``target`` in the background (a busy box meanwhile); audited."""
    if not session.is_unlocked:
        return
    busy = BusyDialog(parent, "Exporting the register", f"Saving the account register as {target.name}…")
    busy.open()

    def export(workspace: Workspace) -> Path:
        from smgov import documents
        from smgov.data.services.audit_log import record_output

        workspace.check_pages()  # nothing is exported from, or audited into, a damaged file
        data = documents.export("accounts", workspace, fmt)
        pdf_output.write_atomically(target, data)
        record_output(workspace, AuditAction.EXPORT, "accounts", None, f"Exported accounts as {fmt.upper()}")
        return target

    def done(path: Path) -> None:
        log.info("account register exported (%s)", fmt)
        on_done(path)

    run_write(parent, session, export, done, changes=(Change.AUDIT,), on_finished=busy.finish)
