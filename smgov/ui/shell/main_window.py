"""The main window: sections on the left, the chosen section on the right, locking and quitting done safely.

A section is one line in :data:`SECTIONS`: ``Section(key, label, factory, icon)``. The factory gets the
:class:`AppSession` and the parent widget and returns the page; :func:`lazy` builds a factory from a dotted name, so
the module is only imported when the section is first opened. A page may offer these (all optional):

- ``show_record(record_id)``: bring a record into view (the dashboard and ``navigate`` use it);
- ``confirm_leave(proceed) -> bool``: True to leave now; False while it asks about unsaved changes, calling
  ``proceed()`` afterwards if the user saved or discarded them;
- a signal ``open_record(str, object)``: go to that section and record.

Pages clear what they show on ``session.locked`` and reload on ``session.unlocked`` themselves. Their own
shortcuts (Ctrl+F, Ctrl+S) are window shortcuts on the page: hidden pages do not match, so they never clash.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov import APP_NAME
from smgov.ui.frame import msgbox, operations, state
from smgov.ui.shell.idle import IdleLock
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace  # the module loads SQLAlchemy: not before the first paint

log = logging.getLogger(__name__)

PageFactory = Callable[[AppSession, QWidget], QWidget]
SP = QStyle.StandardPixmap
LOCK_WAIT_MS = 15_000
_outliving: set[QWidget] = set()


def lazy(target: str) -> PageFactory:
    """A factory for ``"package.module:ClassName"``, imported on first use (keeps start-up fast)."""

    def make(session: AppSession, parent: QWidget) -> QWidget:
        module_name, _, class_name = target.partition(":")
        page_class = getattr(importlib.import_module(module_name), class_name)
        page: QWidget = page_class(session, parent)
        return page

    return make


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    factory: PageFactory
    icon: QStyle.StandardPixmap = SP.SP_FileIcon


SECTIONS: list[Section] = [
    Section("dashboard", "Dashboard", lazy("smgov.ui.sections.dashboard.view:DashboardView"), SP.SP_DesktopIcon),
    Section("incidents", "Incidents", lazy("smgov.ui.sections.incidents:IncidentsView"), SP.SP_MessageBoxWarning),
    Section("accounts", "Accounts", lazy("smgov.ui.sections.accounts:AccountsView"), SP.SP_DriveNetIcon),
    Section("people", "People", lazy("smgov.ui.sections.people.view:PeopleView"), SP.SP_DirHomeIcon),
    Section("vault", "Passwords", lazy("smgov.ui.sections.vault:VaultView"), SP.SP_DialogSaveButton),
    Section(
        "blocked_content",
        "Blocked content",
        lazy("smgov.ui.sections.blocked_content.view:BlockedContentView"),
        SP.SP_BrowserStop,
    ),
    Section("audit", "Audit log", lazy("smgov.ui.sections.audit.view:AuditView"), SP.SP_FileDialogDetailedView),
    Section("settings", "Settings", lazy("smgov.ui.sections.settings.view:SettingsPage"), SP.SP_FileDialogInfoView),
]


def padlock_pixmap(size: int, colour: QColor, *, opened: bool = False, ratio: float = 1.0) -> QPixmap:
    """A padlock drawn in ``colour`` (the palette's text colour, so it reads on light and dark themes)."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    stroke = max(1.5, size / 10)
    pen = QPen(colour, stroke)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    body = QRectF(size * 0.18, size * 0.45, size * 0.64, size * 0.47)
    shackle = QRectF(size * 0.3, size * 0.1, size * 0.4, size * 0.55)
    if opened:
        shackle.translate(size * 0.2, -size * 0.05)
    painter.drawArc(shackle, 0, 180 * 16)
    left, right = shackle.left(), shackle.right()
    middle = shackle.center().y()
    if not opened:
        painter.drawLine(QPointF(left, middle), QPointF(left, body.top()))
    painter.drawLine(QPointF(right, middle), QPointF(right, body.top()))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(body, size * 0.08, size * 0.08)
    painter.end()
    return pixmap


def padlock_icon(widget: QWidget, *, opened: bool = False) -> QIcon:
    colour = widget.palette().color(QPalette.ColorRole.WindowText)
    ratio = widget.devicePixelRatioF()
    icon = QIcon()
    for size in (16, 24, 32):
        icon.addPixmap(padlock_pixmap(size, colour, opened=opened, ratio=ratio))
    return icon


class LockedPage(QWidget):
    """Shown instead of every section while the workspace is locked (or not opened yet)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("locked-page")
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel("")
        self.title.setObjectName("locked-title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.message = QLabel("")
        self.message.setObjectName("locked-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setFixedWidth(540)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(240)
        self.busy.setAccessibleName("Working")
        self.unlock_button = QPushButton("Unlock…")
        self.unlock_button.setObjectName("unlock-button")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setMinimumWidth(160)
        self.create_button = QPushButton("Create a new workspace…")
        self.create_button.setObjectName("create-workspace-button")
        self.create_button.setAccessibleName("Create a new workspace")
        self.create_button.setMinimumWidth(160)
        self.open_button = QPushButton("Open a workspace…")
        self.open_button.setObjectName("open-workspace-button")
        self.open_button.setAccessibleName("Open a workspace")
        self.open_button.setMinimumWidth(160)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.icon)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def show_state(self, title: str, message: str, *, busy: bool = False, can_unlock: bool = True) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        colour.setAlphaF(0.7)
        self.icon.setPixmap(padlock_pixmap(64, colour, ratio=self.devicePixelRatioF()))
        self.title.setText(title)
        self.message.setText(message)
        # A centred, wrapped label is not given its wrapped height by the layout: ask for it.
        self.message.setMinimumHeight(self.message.heightForWidth(self.message.width()))
        self.busy.setVisible(busy)
        self.unlock_button.setVisible(not busy and can_unlock)
        self.create_button.setVisible(not busy and not can_unlock)
        self.open_button.setVisible(not busy and not can_unlock)
        self.unlock_button.setDefault(can_unlock)
        self.create_button.setDefault(not can_unlock)


class MainWindow(QMainWindow):
    """The application window for one session.

    Signals: none of its own; it follows ``session.locked``/``unlocked``/``changed``.
    """

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.session = session
        self.sections = {section.key: section for section in SECTIONS}
        self.pages: dict[str, QWidget] = {}
        self.workspace_path: Path | None = state.last_workspace()
        self._section = SECTIONS[0].key
        self._backed_up_on_quit = False
        self._quitting = False
        self._open_dialog: QDialog | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Sections")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setSpacing(2)
        self.nav.setFixedWidth(200)
        self.nav.setAutoFillBackground(True)
        self.nav.setBackgroundRole(QPalette.ColorRole.Window)
        for section in SECTIONS:
            item = QListWidgetItem(self.style().standardIcon(section.icon), section.label)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setSizeHint(QSize(180, self.fontMetrics().height() + 18))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_row_changed)

        self.stack = QStackedWidget()
        self.stack.setObjectName("section-stack")
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        self.app_page = QWidget()
        row = QHBoxLayout(self.app_page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(divider)
        row.addWidget(self.stack, 1)

        self.locked_page = LockedPage()
        self.locked_page.unlock_button.clicked.connect(lambda: self.show_unlock())
        self.locked_page.create_button.clicked.connect(self.show_first_run)
        self.locked_page.open_button.clicked.connect(lambda: self.show_unlock())
        self.body = QStackedWidget()
        self.body.addWidget(self.app_page)
        self.body.addWidget(self.locked_page)
        self.setCentralWidget(self.body)

        self._build_actions()
        self._build_status_bar()

        self.idle = IdleLock(10, self)
        self.idle.idle.connect(self._idle)

        session.locked.connect(self.show_locked)
        session.unlocked.connect(self._on_unlocked)
        session.changed.connect(self._on_changed)

        geometry = state.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 760)
        if session.is_unlocked:
            self._on_unlocked(session.workspace)
        else:
            self.show_locked()

    # -- building ----------------------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], Any], shortcut: str | None = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even while the menu bar is hidden or busy
        return action

    def _build_actions(self) -> None:
        self.backup_action = self._action("&Back up now…", self.backup_now, name="action-backup")
        self.restore_action = self._action("&Restore from backup…", self.restore, name="action-restore")
        self.verify_action = self._action("&Verify workspace…", self.verify, name="action-verify")
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L", name="action-lock")
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q", name="action-quit")
        self.about_action = self._action(f"&About {APP_NAME}", self.about, name="action-about")
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.verify_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.about_action)
        self.workspace_actions = (self.backup_action, self.restore_action, self.verify_action, self.lock_action)
        from smgov.ui.shell import forms_menu

        self.forms_menu = forms_menu.install(self, self.session)  # the blank forms, before Help

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.school_label = QLabel("")
        self.school_label.setObjectName("status-school")
        self.school_label.setTextFormat(Qt.TextFormat.PlainText)
        self.school_label.setAccessibleName("School")
        self.lock_state = QLabel("")
        self.lock_state.setObjectName("status-lock-state")
        self.lock_state.setAccessibleName("Workspace state")
        self.lock_button = QPushButton("Lock")
        self.lock_button.setObjectName("status-lock-button")
        self.lock_button.setAccessibleName("Lock the workspace")
        self.lock_button.setToolTip("Lock the workspace now (Ctrl+L)")
        self.lock_button.setIcon(padlock_icon(self))
        self.lock_button.setFlat(True)
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.lock_button.clicked.connect(self.lock)
        bar.addWidget(self.school_label, 1)
        bar.addPermanentWidget(self.lock_state)
        bar.addPermanentWidget(self.lock_button)

    # -- sections ----------------------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page of section ``key``, made on first use."""
        page = self.pages.get(key)
        if page is None:
            page = self.sections[key].factory(self.session, self.stack)
            page.setProperty("section", key)
            self.pages[key] = page
            self.stack.addWidget(page)
            opener = getattr(page, "open_record", None)
            if opener is not None and hasattr(opener, "connect"):
                opener.connect(self._open_record)
        return page

    def current_section(self) -> str:
        return self._section

    def current_page(self) -> QWidget | None:
        return self.pages.get(self._section)

    def navigate(self, section: str, record_id: object = None) -> bool:
        """Show ``section`` (and ``record_id`` in it). False when it does not exist or the user stayed put."""
        if section not in self.sections:
            log.warning("no section called %s", section)
            return False
        current = self.current_page()
        if current is not None and section != self._section and self.session.is_unlocked:
            confirm = getattr(current, "confirm_leave", None)
            if confirm is not None and not confirm(lambda: self.navigate(section, record_id)):
                self._select_nav(self._section)
                return False
        self._section = section
        self._select_nav(section)
        if not self.session.is_unlocked:
            return True  # shown once the workspace unlocks
        page = self.page(section)
        self.stack.setCurrentWidget(page)
        if record_id is not None:
            self._show_record(page, record_id)
        return True

    def _open_record(self, section: str, record_id: object) -> None:
        if self.navigate(section) and section == self._section:
            self._show_record(self.page(section), record_id)

    @staticmethod
    def _show_record(page: QWidget, record_id: object) -> None:
        show = getattr(page, "show_record", None)
        if show is not None:
            show(record_id)

    def _select_nav(self, section: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == section:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
                return

    def _nav_row_changed(self, row: int) -> None:
        if row >= 0:
            self.navigate(self.nav.item(row).data(Qt.ItemDataRole.UserRole))

    # -- locking -----------------------------------------------------------------------------------------------

    def lock(self) -> None:
        """Close the workspace now (Ctrl+L, idle, quit): dialogs about it close, every view clears."""
        if not self.session.is_unlocked:
            return
        self._close_dialogs()
        operations.wait_for_background(LOCK_WAIT_MS)  # no unit of work is cut off half-way
        self.session.lock()

    def _idle(self) -> None:
        if self.session.is_unlocked:
            log.info("locking after idle minutes")
            self.lock()

    def _close_dialogs(self) -> None:
        from smgov.ui.shell.unlock import UnlockDialog

        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, QDialog) or isinstance(widget, UnlockDialog):
                continue
            if widget.isVisible() and self._owns(widget):
                widget.reject()

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def show_locked(self) -> None:
        self.idle.stop()
        self.body.setCurrentWidget(self.locked_page)
        self.menuBar().setEnabled(True)
        for action in self.workspace_actions:
            action.setEnabled(False)
        self.restore_action.setEnabled(self.workspace_path is not None)  # a damaged file can be restored unopened
        self.lock_button.setEnabled(False)
        self.lock_button.setVisible(False)
        self.school_label.clear()
        self.lock_state.setText("Locked" if self.workspace_path is not None else "No workspace open")
        self.setWindowTitle(APP_NAME)
        if self.workspace_path is not None:
            self.locked_page.show_state(
                "smgov is locked",
                f"The school's records are closed and encrypted. Unlock {self.workspace_path.name} to carry on.",
            )
        else:
            self.locked_page.show_state(
                "Welcome to smgov",
                "Create a workspace to keep the school's social media records in one safe, encrypted file.",
                can_unlock=False,
            )
        focus = self.locked_page.unlock_button if self.workspace_path else self.locked_page.create_button
        focus.setFocus()

    def _on_unlocked(self, workspace: Workspace) -> None:
        self.workspace_path = Path(workspace.path)
        if not self.session.is_demo:
            state.add_recent_workspace(self.workspace_path)
        for action in self.workspace_actions:
            action.setEnabled(True)
        self.lock_button.setEnabled(True)
        self.lock_button.setVisible(True)
        self.lock_state.setText("Demo workspace, unlocked" if self.session.is_demo else "Unlocked")
        self._refresh_school()
        self.body.setCurrentWidget(self.app_page)
        self.navigate(self._section)
        self.idle.start()

    def _on_changed(self, area: str) -> None:
        if area == "settings" and self.session.is_unlocked:
            self._refresh_school()

    def _refresh_school(self) -> None:
        from smgov.data.services import school

        try:
            details = school.get_details(self.session.workspace)
        except Exception:  # noqa: BLE001 - the status bar is a convenience; the pages report errors
            log.exception("school details could not be read for the status bar")
            return
        self.school_label.setText(details.name)
        self.setWindowTitle(f"{details.name} - {APP_NAME}")
        self.idle.set_minutes(details.auto_lock_minutes)

    def show_busy(self, title: str, message: str) -> None:
        """The locked page with a busy bar (preparing the demo, for instance)."""
        self.body.setCurrentWidget(self.locked_page)
        self.locked_page.show_state(title, message, busy=True)

    # -- opening and creating ----------------------------------------------------------------------------------

    def show_unlock(self, path: Path | None = None) -> QDialog:
        """Open the unlock dialog (non-blocking) for ``path`` or the last workspace, and return it."""
        from smgov.ui.shell.unlock import UnlockDialog

        if self._open_dialog is not None and self._open_dialog.isVisible():
            self._open_dialog.raise_()
            self._open_dialog.activateWindow()
            return self._open_dialog
        dialog = UnlockDialog(self, path or self.workspace_path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._unlock_finished(dialog, result))
        self._open_dialog = dialog
        dialog.open()
        return dialog

    def _unlock_finished(self, dialog: Any, result: int) -> None:
        self._open_dialog = None
        workspace = getattr(dialog, "workspace", None)
        if result == QDialog.DialogCode.Accepted and workspace is not None:
            self.session.set_workspace(workspace)
        elif result == getattr(dialog, "CREATE_NEW", None):
            self.show_first_run()

    def show_first_run(self) -> QDialog:
        """Open the first-run wizard (non-blocking) and return it."""
        from smgov.ui.shell.wizard import FirstRunWizard

        if self._open_dialog is not None and self._open_dialog.isVisible():
            self._open_dialog.raise_()
            return self._open_dialog
        wizard = FirstRunWizard(self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(lambda result: self._wizard_finished(wizard, result))
        self._open_dialog = wizard
        wizard.open()
        return wizard

    def _wizard_finished(self, wizard: Any, result: int) -> None:
        self._open_dialog = None
        workspace = getattr(wizard, "workspace", None)
        if result == QDialog.DialogCode.Accepted and workspace is not None:
            self.session.set_workspace(workspace)

    # -- workspace tools ---------------------------------------------------------------------------------------

    def backup_now(self) -> None:
        from smgov.ui.shell.workspace_dialogs import backup_now

        backup_now(self, self.session)

    def restore(self) -> None:
        from smgov.ui.shell.workspace_dialogs import RestoreDialog

        if not self.session.is_unlocked and self.workspace_path is None:
            return
        # While locked, the file to restore over is the one the locked page would unlock.
        target = None if self.session.is_unlocked else self.workspace_path
        dialog = RestoreDialog(self, self.session, target)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.open()

    def _restored(self, path: object) -> None:
        self.workspace_path = Path(str(path))
        if not self.session.is_unlocked:
            self.show_locked()
            self.show_unlock(self.workspace_path)

    def verify(self) -> None:
        from smgov.ui.shell.workspace_dialogs import verify_now

        verify_now(self, self.session)

    def about(self) -> None:
        from smgov.ui.shell.about import show_about

        show_about(self, self.workspace_path)

    # -- quitting ----------------------------------------------------------------------------------------------

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:
            event.ignore()  # the automatic backup is still being made; the window closes when it is done
            return
        page = self.current_page()
        confirm = getattr(page, "confirm_leave", None) if self.session.is_unlocked else None
        if confirm is not None and not confirm(self.close):
            event.ignore()
            return
        if self.session.is_unlocked and not self.session.is_demo and not self._backed_up_on_quit:
            event.ignore()
            self._backup_then_close()
            return
        state.save_window_geometry(self.saveGeometry())
        self.idle.stop()
        self.lock()
        event.accept()

    def _backup_then_close(self) -> None:
        from smgov.data import backup

        self._quitting = True
        workspace = self.session.workspace
        folder = state.backup_dir()
        self.body.setEnabled(False)
        self.menuBar().setEnabled(False)
        self.statusBar().showMessage("Making the automatic backup before closing…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def done(_path: object) -> None:
            log.info("automatic backup made on close")
            finish()

        def failed(exc: BaseException) -> None:
            log.warning("automatic backup on close failed: %s", type(exc).__name__)
            from smgov.data.errors import SmgovError

            reason = str(exc) if isinstance(exc, SmgovError) else "Something unexpected stopped it."
            # Parentless, so the message outlives this window; the records themselves are safe in the workspace.
            box = msgbox.warning(
                None,
                "Automatic backup not made",
                f"smgov could not make the automatic backup as it closed. {reason}\n\n"
                "Nothing is lost: every change is already saved in the workspace file. "
                "Next time, choose File > Back up now… to make a copy.",
            )
            _outliving.add(box)  # no parent keeps it alive, so this does until the user closes it
            box.finished.connect(lambda _result: _outliving.discard(box))
            finish()

        def finish() -> None:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
            self.body.setEnabled(True)
            self.menuBar().setEnabled(True)
            self._quitting = False
            self._backed_up_on_quit = True
            self.close()

        operations.run_in_background(self, lambda: backup.rolling_backup(workspace, folder), done, failed)
