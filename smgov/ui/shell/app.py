"""Starting the GUI: the QApplication, logging and the crash path, then the main window and the way in.

``run`` is what ``python -m smgov`` calls for the GUI. Start-up stays light: PDF, passphrase-strength, migration and
spreadsheet libraries are imported where they are used, never before the first window is painted.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from smgov import APP_NAME, __version__, paths
from smgov.ui.frame import state
from smgov.ui.frame.errors import install_excepthook
from smgov.ui.frame.garbage import GarbageCollector

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    # The data layer loads SQLAlchemy, and the window every section: neither before the first dialog is painted.
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.main_window import MainWindow
    from smgov.ui.shell.session import AppSession
    from smgov.ui.shell.unlock import UnlockDialog
    from smgov.ui.shell.wizard import FirstRunWizard

log = logging.getLogger(__name__)

# The window as a 1366x768 laptop shows it maximised: the screen less a 40 px taskbar and a 31 px title bar.
SCREENSHOT_SIZE = (1366, 768 - 40 - 31)

__all__ = ["make_application", "run", "section_key"]


def section_key(name: str) -> str | None:
    """The section a command line names, by key or label (see :func:`smgov.ui.shell.sections.section_key`)."""
    from smgov.ui.shell import sections

    return sections.section_key(name)


def make_application(*, guards: bool = True) -> QApplication:
    """The QApplication, named for QSettings, following the system's style, palette and scaling.

    With ``guards`` False the application-wide event filters (Tab, the wheel, the scheme's label colours) wait for
    :func:`install_guards`: at start they come once the first dialog is painted, since a Python filter called on
    every event makes PySide build a Python event object (and its enum types) for each one.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    # Qt 6 scales for high DPI by itself and follows the system's light or dark scheme with the platform style.
    from smgov.ui.shell import theme

    theme.follow_system(app, watch=False)  # the style for the scheme now (Fusion where the style draws light only)
    if app.findChild(GarbageCollector) is None:
        GarbageCollector(app)
    if guards:
        install_guards(app)
    return app


def install_guards(app: QApplication) -> None:
    """The application-wide event filters (each installed once)."""
    from smgov.ui.frame.wheel import install_wheel_guard
    from smgov.ui.shell import theme
    from smgov.ui.shell.keyboard import install_tab_guard

    theme.follow_system(app)  # a switch to dark (or light) while open: style and semantic colours follow
    install_tab_guard(app)  # Tab always moves on, even from a date field reading "Any"
    install_wheel_guard(app)  # the wheel scrolls the page; it never edits a field the user has not chosen


def run(argv_path: Path | None, *, demo: bool, screenshot: Path | None, section: str | None) -> int:
    """Run the GUI and return the exit code.

    Args:
        argv_path: a workspace file given on the command line (the unlock dialog opens for it).
        demo: open a fresh demo workspace of invented data, deleted on exit.
        screenshot: grab the main window to this PNG (offscreen, as a 1366x768 laptop shows it) and exit, showing
            no dialog; a file given is unlocked with SMGOV_PASSPHRASE or the key remembered on this PC.
        section: with ``screenshot``, the section to show, by key or label ("passwords", "blocked-content").
    """
    if screenshot is not None and section_key(section or "dashboard") is None:
        from smgov.ui.shell.sections import SECTIONS

        names = ", ".join(_section_name(s.label, s.key) for s in SECTIONS)
        print(f"smgov: there is no section called {section!r}; choose one of: {names}.", file=sys.stderr)
        return 2
    if screenshot is not None and QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    single = not demo and screenshot is None  # demos and screenshots (tests start many) never share one app
    app = make_application(guards=not single)
    if single:
        from smgov.ui.shell import single_instance

        if single_instance.hand_over(argv_path):
            return 0  # the app already running opens the file
    install_excepthook()
    way_in = None
    if single:  # the real way in: the dialog first, then the window is built behind it while the user types
        way_in = _first_dialog(argv_path)
        # Paint it (keys and clicks wait for the window to be ready for what they lead to); the logs, the window
        # and (in the background) the data layer come after.
        app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    install_guards(app)  # (before any input is taken)
    from smgov import logs
    from smgov.ui.shell.main_window import MainWindow
    from smgov.ui.shell.session import AppSession

    log_file = logs.setup()
    log.info("smgov %s starting (log %s)", __version__, log_file.name)
    app.setWindowIcon(app_icon())  # the title bar and taskbar (the dialog shown first takes it too)
    session = AppSession()
    window = MainWindow(session)
    if single:
        single_instance.serve(window)  # a later `smgov FILE` (Explorer) opens its file in this window
    if way_in is not None:
        window.adopt_way_in(way_in)  # the window appears when the dialog is done
    demo_folder: Path | None = None
    code = 0
    try:
        if demo:
            demo_folder = Path(tempfile.mkdtemp(prefix="demo-", dir=paths.demo_dir()))
            _open_demo(window, session, demo_folder)
        elif screenshot is not None and argv_path is not None:
            problem = _open_for_screenshot(session, argv_path)
            if problem:
                print(f"smgov: {problem}", file=sys.stderr)
                return 2
        if screenshot is not None:
            return _screenshot(app, window, screenshot, section_key(section or "dashboard") or "dashboard")
        if way_in is None:
            window.show()
        code = app.exec()
    finally:
        session.lock()
        from smgov.ui.frame import operations

        operations.wait_for_background()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
        log.info("smgov closed")
    return code


def _open_demo(window: MainWindow, session: AppSession, folder: Path) -> None:
    """Make the demo workspace in the background while the window says so, then open it."""
    from smgov.ui.frame.errors import show_error

    window.show_busy("Preparing the demo", "Making a workspace of invented records to try smgov with…")

    def make() -> Workspace:
        from smgov.data.demo import create_demo

        return create_demo(folder / "demo.smgov", "small")

    def failed(exc: BaseException) -> None:
        window.workspace_path = None
        window.show_locked()  # back to the welcome page
        show_error(window, exc)

    from smgov.ui.frame import operations

    operations.run_in_background(window, make, lambda ws: session.set_workspace(ws, demo=True), failed)


def app_icon() -> QIcon:
    """smgov's icon (the one the Windows build embeds in its .exe), drawn from its SVG at the sizes title bars,
    taskbars and Alt+Tab ask for."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QIcon, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    from smgov import resources

    renderer = QSvgRenderer(QByteArray(resources.read_bytes("icons/smgov.svg")))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _first_dialog(argv_path: Path | None) -> UnlockDialog | FirstRunWizard:
    """Show the dialog the user starts with, before the main window exists: unlock the given or last workspace (the
    file list offers the others), or the wizard on a first run."""
    from PySide6.QtCore import Qt

    last = state.last_workspace()
    dialog: UnlockDialog | FirstRunWizard
    if argv_path is not None or last is not None:
        from smgov.ui.shell.unlock import UnlockDialog

        offered = argv_path if argv_path is not None else last if last is not None and last.exists() else None
        dialog = UnlockDialog(None, offered)
    else:
        from smgov.ui.shell.wizard import FirstRunWizard

        dialog = FirstRunWizard(None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _open_for_screenshot(session: AppSession, path: Path) -> str | None:
    """Unlock ``path`` without a dialog: with the passphrase in SMGOV_PASSPHRASE, or the key remembered on this PC.
    Returns what went wrong, for one line on stderr."""
    from smgov.data import keystore
    from smgov.data.errors import SmgovError
    from smgov.data.workspace import Workspace

    passphrase = os.environ.get("SMGOV_PASSPHRASE")
    try:
        key = None if passphrase else keystore.recall(path)
        if not passphrase and key is None:
            return f"to show {path.name}, set SMGOV_PASSPHRASE to its passphrase (or remember it on this PC)."
        session.set_workspace(Workspace.open(path, passphrase=passphrase, key=key))
    except SmgovError as exc:
        return str(exc)
    except OSError as exc:
        return f"{path} cannot be opened ({exc.strerror})."
    return None


def _section_name(label: str, key: str) -> str:
    """How the command line names a section: its label in lower case with dashes ("blocked-content"), or its key
    where the label has more than words ("consent" for "Pupils & consent")."""
    slug = label.lower().replace(" ", "-")
    return slug if slug.replace("-", "").isalpha() else key.replace("_", "-")


def _screenshot(app: QApplication, window: MainWindow, path: Path, section: str) -> int:
    """Show the window offscreen, let every background load land, and save it as a PNG. No dialogs."""
    window.show()
    window.resize(*SCREENSHOT_SIZE)  # after showing: the offscreen screen is smaller than the laptop's
    _settle(app)  # the demo is made in the background: wait for it, then for the loads it starts
    window.navigate(section)
    for _ in range(3):
        _settle(app)
    # A section may start work after a short pause (the Reports preview waits for the choice to settle) and
    # draw it in the background (its pages): let both happen before the picture is taken.
    _pause(app, 600)
    _settle(app)
    _pause(app, 600)
    image = window.grab()
    ok = image.save(str(path), "PNG")
    window.hide()
    if not ok:
        log.error("the screenshot could not be saved")
        return 1
    return 0


def _pause(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _settle(app: QApplication) -> None:
    QTimer.singleShot(0, lambda: None)
    app.processEvents()
    from smgov.ui.frame import operations

    operations.wait_for_background()
    app.processEvents()
    app.processEvents()
