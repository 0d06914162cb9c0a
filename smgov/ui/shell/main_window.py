"""The main window: sections on the left, the chosen section on the right, locking and quitting done safely.

The sections are the typed registry in :mod:`smgov.ui.shell.sections`; each page is a
:class:`~smgov.ui.frame.page.SectionPage`, whose hooks the window calls directly: ``show_record`` (the dashboard and
:meth:`MainWindow.navigate` use it), ``confirm_leave`` (before another section, a lock by the user, or quitting),
``new_record`` and ``focus_search`` (Record > New and Find), and the ``open_record`` signal.

Pages clear what they show on ``session.locked`` and reload on ``session.unlocked`` themselves. The menus are built
in :mod:`smgov.ui.shell.actions`; the locked page in :mod:`smgov.ui.shell.locked_page`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)
from typing_extensions import override

from smgov import APP_NAME
from smgov.data.areas import Change
from smgov.ui.frame import icons, msgbox, operations, state
from smgov.ui.frame.page import SectionPage
from smgov.ui.frame.screen import fit_to_screen
from smgov.ui.shell.actions import WindowActions
from smgov.ui.shell.idle import IdleLock
from smgov.ui.shell.locked_page import LockedPage
from smgov.ui.shell.operator_choice import OperatorChoice
from smgov.ui.shell.sections import SECTIONS, SectionEntry
from smgov.ui.shell.session import AppSession
from smgov.ui.shell.warmup import load_pdf_fonts

if TYPE_CHECKING:  # these modules load SQLAlchemy: not before the first paint
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.unlock import UnlockDialog
    from smgov.ui.shell.wizard import FirstRunWizard

log = logging.getLogger(__name__)

LOCK_WAIT_MS = 15_000
DEFAULT_SIZE = QSize(1180, 700)
_outliving: set[QWidget] = set()


class MainWindow(QMainWindow):
    """The application window for one session.

    Signals: none of its own; it follows ``session.locked``/``unlocked``/``changed``.
    """

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.session = session
        self.sections: dict[str, SectionEntry] = {entry.key.value: entry for entry in SECTIONS}
        self.pages: dict[str, SectionPage] = {}
        self.workspace_path: Path | None = state.last_workspace()
        self._section: str = SECTIONS[0].key.value
        self._backed_up_on_quit = False
        self._quitting = False
        self._open_dialog: UnlockDialog | FirstRunWizard | None = None
        self._fitted_size: QSize | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Sections")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setSpacing(2)
        self.nav.setFixedWidth(200)
        self.nav.setAutoFillBackground(True)
        self.nav.setBackgroundRole(QPalette.ColorRole.Window)
        for number, entry in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(entry.label)
            item.setData(Qt.ItemDataRole.UserRole, entry.key.value)
            item.setSizeHint(QSize(180, self.fontMetrics().height() + 18))
            if number <= 10:
                item.setToolTip(f"{entry.label} (Ctrl+{number % 10})")
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

        self.actions_ = WindowActions(self)
        self.backup_action = self.actions_.backup
        self.restore_action = self.actions_.restore
        self.verify_action = self.actions_.verify
        self.lock_action = self.actions_.lock
        self.quit_action = self.actions_.quit
        self.about_action = self.actions_.about
        self.new_record_action = self.actions_.new_record
        self.workspace_actions = self.actions_.workspace_actions
        from smgov.ui.shell import forms_menu

        self.forms_menu = forms_menu.install(self, self.session)  # the blank forms, before Help
        self.operator = OperatorChoice(self, session)
        self._build_status_bar()
        self._apply_icons()

        self.idle = IdleLock(10, self)
        self.idle.idle.connect(self._idle)

        session.locked.connect(self.show_locked)
        session.unlocked.connect(self._on_unlocked)
        session.changed.connect(self._on_changed)

        self._restore_geometry()
        if session.is_unlocked:
            self._on_unlocked(session.workspace)
        else:
            self.show_locked()

    # -- building ----------------------------------------------------------------------------------------------

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
        self.lock_button.setFlat(True)
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.lock_button.clicked.connect(self.lock)
        bar.addWidget(self.school_label, 1)
        bar.addPermanentWidget(self.operator.button)
        bar.addPermanentWidget(self.lock_state)
        bar.addPermanentWidget(self.lock_button)

    def _apply_icons(self) -> None:
        """Icons in the palette's text colour; again whenever the palette changes (light or dark theme)."""
        for row, entry in enumerate(SECTIONS):
            self.nav.item(row).setIcon(icons.icon(entry.icon, self.nav))
        self.lock_button.setIcon(icons.icon("lock", self.lock_button))
        self.operator.refresh_icon()
        self.actions_.refresh_icons()

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # After the children have their new palette too (they hear of it after this window does).
            QTimer.singleShot(0, self, self._palette_changed)

    def _palette_changed(self) -> None:
        self._apply_icons()
        self.locked_page.draw_padlock()  # in the text colour too

    # -- size and place ----------------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The size and place it was left at on this PC (or a default), never larger than the screen's room."""
        geometry = state.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        if not self.isMaximized():
            fit_to_screen(self)
            self._fitted_size = self.size()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Once shown, the real frame is known: fit again, unless someone chose a size since (the screenshot does).
        if self._fitted_size is not None and self.size() == self._fitted_size and not self.isMaximized():
            fit_to_screen(self)
        self._fitted_size = None

    # -- sections ----------------------------------------------------------------------------------------------

    def page(self, key: str) -> SectionPage:
        """The page of section ``key``, made on first use."""
        page = self.pages.get(key)
        if page is None:
            page = self.sections[key].load()(self.session, self.stack)
            page.setProperty("section", key)
            self.pages[key] = page
            self.stack.addWidget(page)
            page.open_record.connect(self._open_record)
        return page

    def current_section(self) -> str:
        return self._section

    def current_page(self) -> SectionPage | None:
        return self.pages.get(self._section)

    def navigate(self, section: str, record_id: object = None) -> bool:
        """Show ``section`` (and ``record_id`` in it). False when it does not exist or the user stayed put."""
        if section not in self.sections:
            log.warning("no section called %s", section)
            return False
        current = self.current_page()
        if (
            current is not None
            and section != self._section
            and self.session.is_unlocked
            and not self._confirm_leave(current, lambda: self.navigate(section, record_id))
        ):
            self._select_nav(self._section)
            return False
        self._section = section
        self._select_nav(section)
        if not self.session.is_unlocked:
            return True  # shown once the workspace unlocks
        page = self.page(section)
        self.stack.setCurrentWidget(page)
        self.actions_.follow_page()
        if record_id is not None:
            self._show_record(page, record_id)
        return True

    @staticmethod
    def _confirm_leave(page: SectionPage, proceed: Callable[[], Any]) -> bool:
        return page.confirm_leave(proceed)

    def _open_record(self, section: str, record_id: object) -> None:
        if self.navigate(section) and section == self._section:
            self._show_record(self.page(section), record_id)

    @staticmethod
    def _show_record(page: SectionPage, record_id: object) -> None:
        page.show_record(record_id)

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

    def _leave_then(self, proceed: Callable[[], object]) -> bool:
        """Run ``proceed`` once the section on show may be left (at once, or after its unsaved-changes prompt)."""
        page = self.current_page()
        if self.session.is_unlocked and page is not None and not self._confirm_leave(page, proceed):
            return False
        proceed()
        return True

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
        self.actions_.follow_page()
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
        self.operator.after_unlock(workspace)
        load_pdf_fonts(self)  # after the dashboard's loads, on the background thread: the first PDF is quicker

    def _on_changed(self, area: str) -> None:
        if area == Change.SETTINGS and self.session.is_unlocked:
            self._refresh_school()
        self.actions_.follow_page()  # a section may now add what it could not (or the reverse)

    def _refresh_school(self) -> None:
        from smgov.data.errors import SmgovError
        from smgov.data.services import school

        try:
            details = school.get_details(self.session.workspace)
        except SmgovError as exc:  # locked meanwhile, damaged, or no school yet; anything else is a bug and crashes
            log.warning("school details could not be read for the status bar: %s", type(exc).__name__)
            return
        self.school_label.setText(details.name)
        self.setWindowTitle(f"{details.name} - {APP_NAME}")
        self.idle.set_minutes(details.auto_lock_minutes)

    def show_busy(self, title: str, message: str) -> None:
        """The locked page with a busy bar (preparing the demo, for instance)."""
        self.body.setCurrentWidget(self.locked_page)
        self.locked_page.show_state(title, message, busy=True)

    # -- opening and creating ----------------------------------------------------------------------------------

    def new_workspace(self) -> None:
        """File > New workspace…: the wizard, once the section on show may be left."""
        self._leave_then(self.show_first_run)

    def open_workspace(self) -> None:
        """File > Open workspace…: the unlock dialog, to choose another file or this one."""
        self._leave_then(lambda: self.show_unlock())

    def show_unlock(self, path: Path | None = None) -> UnlockDialog | FirstRunWizard:
        """Open the unlock dialog (non-blocking) for ``path`` or the last workspace, and return it."""
        from smgov.ui.shell.unlock import UnlockDialog

        if (open_now := self.open_dialog()) is not None:
            open_now.raise_()
            open_now.activateWindow()
            return open_now
        dialog = UnlockDialog(self, path or self.workspace_path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.adopt_way_in(dialog)
        return dialog

    def adopt_way_in(self, dialog: UnlockDialog | FirstRunWizard) -> None:
        """Handle what the unlock dialog or wizard ends in, and show the window then (unlocked, or on its welcome
        page). Also for the one shown at start before this window was built, so it was on screen sooner."""
        from smgov.ui.shell.unlock import UnlockDialog

        self._open_dialog = dialog
        if isinstance(dialog, UnlockDialog):
            done: Callable[[int], None] = lambda result: self._unlock_finished(dialog, result)  # noqa: E731
        else:
            done = lambda result: self._wizard_finished(dialog, result)  # noqa: E731
        if dialog.isVisible():
            dialog.finished.connect(done)
        else:
            done(dialog.result())  # it was closed before this window was ready for it

    def open_dialog(self) -> UnlockDialog | FirstRunWizard | None:
        """The unlock dialog or first-run wizard on screen, if any."""
        dialog = self._open_dialog
        return dialog if dialog is not None and dialog.isVisible() else None

    def is_quitting(self) -> bool:
        """Whether the window is closing (making the automatic backup first)."""
        return self._quitting

    def _unlock_finished(self, dialog: UnlockDialog, result: int) -> None:
        self._open_dialog = None
        if result == QDialog.DialogCode.Accepted and dialog.workspace is not None:
            self._switch_to(dialog.workspace)
        self._appear()
        if result == dialog.CREATE_NEW:
            self.show_first_run()

    def _appear(self) -> None:
        """Show the window if the way-in dialog came first (at start it is built, hidden, while the user types)."""
        if not self.isVisible():
            self.show()

    def show_first_run(self) -> UnlockDialog | FirstRunWizard:
        """Open the first-run wizard (non-blocking) and return it."""
        from smgov.ui.shell.wizard import FirstRunWizard

        if (open_now := self.open_dialog()) is not None:
            open_now.raise_()
            return open_now
        wizard = FirstRunWizard(self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        self.adopt_way_in(wizard)
        return wizard

    def _wizard_finished(self, wizard: FirstRunWizard, result: int) -> None:
        self._open_dialog = None
        if result == QDialog.DialogCode.Accepted and wizard.workspace is not None:
            self._switch_to(wizard.workspace)
        self._appear()

    def _switch_to(self, workspace: Workspace) -> None:
        """Work on ``workspace`` now; the one open before is locked first, as Ctrl+L would."""
        if self.session.is_unlocked and self.session.workspace is not workspace:
            self.lock()
        self.session.set_workspace(workspace)

    # -- workspace tools ---------------------------------------------------------------------------------------

    def change_passphrase(self) -> QDialog | None:
        from smgov.ui.shell.passphrase import ChangePassphraseDialog

        if not self.session.is_unlocked:
            return None
        dialog = ChangePassphraseDialog(self, self.session.workspace)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.passphraseChanged.connect(lambda: self.session.changed.emit(Change.SETTINGS.value))
        dialog.open()
        return dialog

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

    # -- help --------------------------------------------------------------------------------------------------

    def user_guide(self) -> QDialog:
        from smgov.ui.shell.help import UserGuideDialog

        return self._show_help(UserGuideDialog(self))

    def keyboard_shortcuts(self) -> QDialog:
        from smgov.ui.shell.help import ShortcutsDialog

        return self._show_help(ShortcutsDialog(self, self.actions_.shortcut_list()))

    def _show_help(self, dialog: QDialog) -> QDialog:
        existing = next((d for d in self.findChildren(type(dialog)) if d is not dialog and d.isVisible()), None)
        if existing is not None:
            dialog.deleteLater()
            existing.raise_()
            return existing
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not modal: the guide stays open beside the window while the user follows it
        return dialog

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
        if self.session.is_unlocked and page is not None and not self._confirm_leave(page, self.close):
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
