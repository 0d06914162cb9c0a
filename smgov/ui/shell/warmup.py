"""What comes in on the background thread while the unlock dialog waits for the passphrase, and after unlock.

The window and the unlock dialog are painted with Qt and little else. Once the dialog is on screen, the data layer
(SQLAlchemy, the models, the keyring) is imported in the background, then everything the unlock and the dashboard
use the first time (the services, the dashboard's page, SQLAlchemy's mapper set-up), so that between Enter and the
unlocked workspace there is nothing but the key derivation and the open. After unlock, once the dashboard's loads
are queued, reportlab and the PDF fonts come in too, so the first PDF the user prints does not wait for them.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

DATA_LAYER = ("smgov.data.crypto", "smgov.data.keystore", "smgov.data.keys", "smgov.data.workspace")
"""What the unlock dialog needs before it can check the file, count wrong tries or use a remembered key."""

FOR_DASHBOARD = ("smgov.ui.sections.dashboard",)
"""The first screen's page (the data layer's part is :func:`smgov.data.first_use.prepare`)."""

_started: set[str] = set()


def data_layer_loaded() -> bool:
    """Whether the data layer is already imported (a second dialog, or the tests): nothing to wait for."""
    return all(name in sys.modules for name in DATA_LAYER)


def load_data_layer(parent: QWidget, ready: Callable[[], None]) -> None:
    """Import the data layer in the background and find this PC's credential store, then call ``ready`` on the UI
    thread (not at all if ``parent`` has gone)."""
    from smgov.ui.frame.operations import run_in_background

    run_in_background(parent, _import_data_layer, lambda _none: ready())


def load_for_dashboard(parent: QWidget) -> None:
    """Import, in the background and once per process, what the unlock and the dashboard use the first time."""
    _once("dashboard", parent, _prepare_for_dashboard)


def load_pdf_fonts(parent: QWidget) -> None:
    """Import reportlab and register the PDF fonts in the background, once per process (after the loads already
    queued: the background thread takes one job at a time, in order)."""
    _once("pdf", parent, _prepare_pdf)


def _once(name: str, parent: QWidget, prepare: Callable[[], None]) -> None:
    if name in _started:
        return
    _started.add(name)
    from smgov.ui.frame.operations import run_in_background

    run_in_background(parent, prepare, lambda _none: None, _not_prepared)


def _import_data_layer() -> None:
    for name in DATA_LAYER:
        importlib.import_module(name)
    from smgov.data import keystore

    keystore.refusal_reason()  # keyring looks for the PC's store once (its plugins): here rather than on Enter


def _prepare_for_dashboard() -> None:
    from smgov.data import first_use

    first_use.prepare()
    for name in FOR_DASHBOARD:
        importlib.import_module(name)


def _prepare_pdf() -> None:
    from smgov.reports import pdf

    pdf.register_fonts()  # reads and parses the three DejaVu fonts: most of the first PDF's wait


def _not_prepared(exc: BaseException) -> None:
    # Not a failure the user can act on: the same import runs again where it is used, and fails there if it must.
    log.warning("something could not be prepared in the background: %s", type(exc).__name__)
