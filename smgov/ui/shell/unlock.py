"""The unlock screen: choose the workspace file and open it by passphrase, recovery key or the key this PC remembers.

The dialog is painted with Qt alone: the data layer (SQLAlchemy, the models, the keyring) is imported in the
background once it is on screen (:mod:`smgov.ui.shell.warmup`), and what needs it (the wait after wrong tries, the
check that the file is a workspace, the remembered key) follows when it has come in, while the user types.
"""

from __future__ import annotations

import contextlib
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smgov import paths
from smgov.data.errors import (
    KeyStoreRefused,
    NotAWorkspace,
    ValidationError,
    WorkspaceDamaged,
    WorkspaceInUse,
    WrongPassphrase,
)
from smgov.ui.frame import msgbox, state
from smgov.ui.frame.controls import accept_cancel, button
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.labels import (
    FieldError,
    heading_label,
    plain_label,
    set_text_colour,
    warning_colour,
)
from smgov.ui.frame.overrides import override
from smgov.ui.frame.screen import grow_to_contents, keep_on_screen, scrolling
from smgov.ui.frame.secret_entry import BusyRow, SecretEntry
from smgov.ui.shell import warmup

if TYPE_CHECKING:  # these load SQLAlchemy: in the background, after the dialog is painted (see warmup)
    from smgov.data import keys
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

_PASSPHRASE, _RECOVERY, _REMEMBERED = "passphrase", "recovery", "remembered"


class UnlockDialog(QDialog):
    """The start screen when a workspace exists.

    After ``accepted``, :attr:`workspace` is the open Workspace: the caller hands it to the AppSession. When the user
    chooses "Create a new workspace…" the dialog finishes with :attr:`CREATE_NEW` and the caller runs the wizard.

    Signals:
        createRequested(): the user asked to create a new workspace (the dialog then closes with CREATE_NEW).
        prepared(): the data layer came in after the first paint, and the file has been checked (not emitted when
            it was already in at construction, as for a second dialog).
    """

    createRequested = Signal()
    prepared = Signal()
    CREATE_NEW = 2
    TICK_MS = 250

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock-dialog")
        self.setWindowTitle("Unlock workspace - smgov")
        self.workspace: Workspace | None = None
        self.throttle: keys.Throttle | None = None
        self.remember_problem: str | None = None
        self._busy = False
        self._shown_once = False
        self._loading = False
        self._unlock_when_ready = False
        self._ready = warmup.data_layer_loaded()  # else it comes in after the first paint
        self._remembered_tried: set[Path] = set()
        self._countdown = QTimer(self)
        self._countdown.setInterval(self.TICK_MS)
        self._countdown.timeout.connect(self._update_throttle)
        self._build()
        recent = [p for p in state.recent_workspaces() if p.exists()]
        if path is not None:
            recent = [Path(path), *[p for p in recent if p.resolve() != Path(path).resolve()]]
        for item in recent:
            self._add_file(item)
        self.file_combo.currentIndexChanged.connect(self._path_changed)
        self._path_changed()
        if self._ready:
            self._apply_store()

    # -- layout --------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget()
        outer = QVBoxLayout(body)
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        frame.addWidget(scrolling(body, "unlock-scroll"))  # scrolls inside when the screen is short
        outer.setSpacing(10)
        outer.addWidget(heading_label("Unlock the workspace"))
        outer.addWidget(plain_label("The school's records are kept encrypted. Enter the passphrase to open them."))

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        outer.addLayout(grid)

        self.file_combo = QComboBox()
        self.file_combo.setObjectName("workspace-file")
        self.file_combo.setAccessibleName("Workspace file")
        self.file_combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel
        self.file_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.file_combo.setMinimumContentsLength(24)
        self.file_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.open_other = button("Open another…", "open-another", "Open another workspace file")
        self.open_other.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_combo, 1)
        file_row.addWidget(self.open_other)
        file_label = QLabel("&Workspace")
        file_label.setBuddy(self.file_combo)
        grid.addWidget(file_label, 0, 0)
        grid.addLayout(file_row, 0, 1)
        self.location = plain_label("", name="workspace-location")
        self.location.setEnabled(False)  # greyed: a hint, not something to act on
        grid.addWidget(self.location, 1, 1)
        self.file_error = FieldError(for_widget=self.file_combo, name="file-error")
        grid.addWidget(self.file_error, 2, 1)

        self.secret = SecretEntry(
            to_recovery_text="Open with recovery key…",
            recovery_hint="Type it from the Emergency Kit. Spaces and dashes do not matter.",
        )
        self.secret_label = self.secret.label
        grid.addWidget(self.secret_label, 3, 0, Qt.AlignmentFlag.AlignTop)
        metrics = self.secret_label.fontMetrics()
        grid.setColumnMinimumWidth(0, max(metrics.horizontalAdvance(t) for t in ("Workspace", "Recovery key")) + 4)
        grid.addWidget(self.secret, 3, 1)
        self.passphrase = self.secret.passphrase
        self.passphrase_error = self.secret.passphrase_error
        self.recovery_key = self.secret.recovery_key
        self.recovery_error = self.secret.recovery_error

        self.remember = QCheckBox("&Remember on this PC")
        self.remember.setObjectName("remember")
        self.remember.setAccessibleName("Remember on this PC")
        self.remember.setToolTip(
            "Keep the key in this PC's secure credential store, so smgov opens without the passphrase when you "
            "are signed in to Windows. Only tick this on a PC that only you use."
        )
        grid.addWidget(self.remember, 4, 1)
        self.remember_note = plain_label("", name="remember-note")
        set_text_colour(self.remember_note, warning_colour(self))
        grid.addWidget(self.remember_note, 5, 1)
        self.remember_note.hide()  # only once it is in the dialog: a parentless widget would show as a window

        self.mode_button = self.secret.mode_button
        grid.addWidget(self.mode_button, 6, 1, Qt.AlignmentFlag.AlignLeft)

        self.busy_row = BusyRow("Unlocking…", "Unlocking", name="busy")
        outer.addWidget(self.busy_row)
        outer.addStretch(1)

        bottom = QHBoxLayout()
        self.create_button = button("Create a &new workspace…", "create-new")
        self.create_button.clicked.connect(self._create_new)
        bottom.addWidget(self.create_button)
        bottom.addStretch(1)
        self.buttons, self.unlock_button, self.cancel_button = accept_cancel(
            "&Unlock", "unlock", self.unlock, self.reject
        )
        self.unlock_button.setMinimumWidth(self.unlock_button.fontMetrics().horizontalAdvance("Try again in 60 s") + 24)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)

        self.setMinimumWidth(560)
        keep_on_screen(self)

    # -- files ---------------------------------------------------------------------------------------------------

    def _add_file(self, path: Path, *, at_top: bool = False) -> int:
        path = Path(path)
        for index in range(self.file_combo.count()):
            if Path(self.file_combo.itemData(index)).resolve() == path.resolve():
                return index
        index = 0 if at_top else self.file_combo.count()
        self.file_combo.insertItem(index, path.name, str(path))
        self.file_combo.setItemData(index, str(path), Qt.ItemDataRole.ToolTipRole)
        return index

    @property
    def path(self) -> Path | None:
        """The workspace file chosen."""
        data = self.file_combo.currentData()
        return Path(data) if data else None

    def select_file(self, path: Path) -> None:
        """Choose ``path`` (adding it to the list) and check it looks like a workspace."""
        index = self._add_file(path, at_top=True)
        if index == self.file_combo.currentIndex():
            self._path_changed()
        else:
            self.file_combo.setCurrentIndex(index)

    def choose_file(self) -> None:
        from smgov.data.workspace import SUFFIX

        start = self.path.parent if self.path else paths.default_workspace_dir()
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Open a workspace", str(start), f"smgov workspace (*{SUFFIX});;All files (*)"
        )
        if chosen:
            self.select_file(Path(chosen))

    def _path_changed(self) -> None:
        self.file_error.clear()
        self.secret.clear_errors()
        self.passphrase.clear()
        path = self.path
        self.location.setText(f"In {path.parent}" if path else "")
        self.location.setVisible(path is not None)
        if path is None:
            self.throttle = None
            self.file_error.show_error("Choose the workspace file with \u201cOpen another…\u201d, or create a new one.")
            self._update_throttle()
            return
        if self._ready:
            self._check_path(path)
        else:
            self._update_throttle()

    def _check_path(self, path: Path, *, keep_tick: bool = False) -> None:
        """The wait after wrong tries, the remembered key's tick, and whether the file looks like a workspace.
        ``keep_tick``: leave "Remember on this PC" ticked if the user ticked it (before the data layer came in)."""
        from smgov.data import keys, keystore
        from smgov.data.workspace import read_salt

        self.throttle = keys.throttle_for(path, paths.config_dir())
        if self.remember.isEnabled():
            remembered = keystore.is_remembered(path)
            if remembered or not keep_tick:
                self.remember.setChecked(remembered)
        try:
            read_salt(path)
        except NotAWorkspace as exc:
            self.file_error.show_error(str(exc))
        self._update_throttle()
        if self._shown_once:
            QTimer.singleShot(0, self, self._try_remembered)

    # -- modes ---------------------------------------------------------------------------------------------------

    @property
    def in_recovery_mode(self) -> bool:
        return self.secret.in_recovery_mode

    def set_recovery_mode(self, recovery: bool) -> None:
        self.secret.set_recovery_mode(recovery)

    # -- unlocking -----------------------------------------------------------------------------------------------

    def _apply_store(self) -> None:
        """Whether this PC's credential store may remember the key (and why not, beside the tick box)."""
        from smgov.data import keystore

        reason = keystore.refusal_reason()
        if reason:
            self.remember.setChecked(False)  # a tick given before the store was known to refuse
            self.remember.setEnabled(False)
            self.remember.setToolTip(reason)
            self.remember.setAccessibleDescription(reason)
            self.remember_note.setText(reason)
            self.remember_note.show()
            if self.isVisible():  # it comes in after the dialog was sized (the store is found in the background)
                grow_to_contents(self)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.passphrase.setFocus()
            if self._ready:
                QTimer.singleShot(0, self, self._try_remembered)
                warmup.load_for_dashboard(self)
            elif (window := self.windowHandle()) is not None:
                window.installEventFilter(self)  # its first expose paints the dialog; the import comes after
            else:
                self._load_data_layer()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = self.windowHandle()
        if watched is window and event.type() == QEvent.Type.Expose and window.isExposed():
            window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._load_data_layer)  # runs once the expose has painted the dialog
        return False

    def _load_data_layer(self) -> None:
        """Import the data layer in the background (once): the dialog is on screen, the user is typing."""
        if not self._ready and not self._loading:
            self._loading = True
            warmup.load_data_layer(self, self._data_layer_ready)

    def _data_layer_ready(self) -> None:
        self._ready = True
        self._apply_store()
        path = self.path
        warmup.load_for_dashboard(self)  # queued before any open, which then finds it all in
        if path is not None:
            self._check_path(path, keep_tick=True)  # and then tries the remembered key
        if self._unlock_when_ready:
            self._unlock_when_ready = False
            self._set_busy(False)
            self.unlock()
        self.prepared.emit()

    def _try_remembered(self) -> None:
        """Open with the key this PC remembers, once per file; if it fails, ask for the passphrase."""
        from smgov.data import keystore

        path = self.path
        if not self._ready or self._busy or path is None or path in self._remembered_tried or self.file_error.message:
            return
        key = keystore.recall(path)
        if key is None:
            return
        self._remembered_tried.add(path)
        log.info("trying the remembered key")
        self._start(path, _REMEMBERED, key=key)

    def unlock(self) -> None:
        """Unlock with what the user typed (the Unlock button and Enter)."""
        if self._busy:
            return
        path = self.path
        if path is None:
            self.file_error.show_error("Choose the workspace file first.")
            return
        if not self._ready:  # typed faster than the data layer came in: unlock as soon as it has
            self._unlock_when_ready = True
            self._set_busy(True)
            self._load_data_layer()
            return
        if self.throttle is not None and self.throttle.wait_seconds() > 0:
            self._update_throttle()
            return
        if self.in_recovery_mode:
            from smgov.data import crypto

            try:
                key = crypto.parse_recovery_key(self.recovery_key.text())
            except ValidationError as exc:
                self.recovery_error.show_error(str(exc))
                self.recovery_key.setFocus()
                return
            self._start(path, _RECOVERY, key=key)
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.passphrase_error.show_error("Enter the passphrase.")
            self.passphrase.setFocus()
            return
        self._start(path, _PASSPHRASE, passphrase=passphrase)

    def _start(self, path: Path, how: str, *, passphrase: str | None = None, key: bytes | None = None) -> None:
        self.file_error.clear()
        self.secret.clear_errors()
        self._set_busy(True, "Opening with the key remembered on this PC…" if how == _REMEMBERED else "Unlocking…")
        backup_dir = state.backup_dir()
        from smgov.data.workspace import Workspace

        def op() -> Workspace:
            # Nothing but the key derivation and the open: what the dashboard needs came in while the user typed.
            return Workspace.open(path, passphrase=passphrase, key=key, backup_dir=backup_dir)

        from smgov.ui.frame.operations import run_in_background

        run_in_background(self, op, lambda ws: self._opened(path, how, ws), lambda exc: self._failed(path, how, exc))

    def _opened(self, path: Path, how: str, workspace: Workspace) -> None:
        from smgov.data import keystore

        self._set_busy(False)
        if self._closed:
            workspace.close()  # the dialog went away while unlocking: do not leave the file open
            return
        if self.throttle is not None and how == _PASSPHRASE:
            self.throttle.succeeded()
        self.remember_problem = None
        if self.remember.isEnabled() and self.remember.isChecked():
            try:
                keystore.remember(path, workspace.key)
            except KeyStoreRefused as exc:
                self.remember_problem = str(exc)
        elif self.remember.isEnabled() and keystore.is_remembered(path):
            with contextlib.suppress(KeyStoreRefused):
                keystore.forget(path)
        state.add_recent_workspace(path)
        self.workspace = workspace
        log.info("workspace unlocked (%s)", how)
        if self.remember_problem:
            msgbox.warning(
                self.parentWidget(),
                "Remember on this PC",
                f"The workspace is open, but this PC could not remember the key. {self.remember_problem}",
            )
        self.accept()

    def _failed(self, path: Path, how: str, exc: BaseException) -> None:
        from smgov.data import keys, keystore

        self._set_busy(False)
        if path != self.path:
            return
        if isinstance(exc, WrongPassphrase):
            if how == _REMEMBERED:
                with contextlib.suppress(KeyStoreRefused):
                    keystore.forget(path)
                self.set_recovery_mode(False)
                self.passphrase_error.show_error(
                    "The key remembered on this PC no longer opens this workspace (perhaps the passphrase was "
                    "changed, or the file is damaged). Enter the passphrase."
                )
                self.passphrase.setFocus()
            elif how == _RECOVERY:
                self.recovery_error.show_error(
                    f"This recovery key does not open {path.name}. Check it against the Emergency Kit for this file. "
                    "If it is right, the file may be damaged: try its newest backup."
                )
                self.recovery_key.selectAll()
                self.recovery_key.setFocus()
            else:
                if self.throttle is not None:
                    self.throttle.failed()
                message = (
                    f"That passphrase does not open {path.name}. Check Caps Lock, then try again. If you are sure "
                    "it is right, the file may be damaged: try its newest backup."
                )
                if self.throttle is not None and self.throttle.failures >= keys.Throttle.FREE_TRIES:
                    message += " After several wrong tries smgov makes you wait a little before the next one."
                self.passphrase_error.show_error(message)
                self.passphrase.selectAll()
                self.passphrase.setFocus()
            self._update_throttle()
            return
        if isinstance(exc, NotAWorkspace | WorkspaceDamaged | WorkspaceInUse):
            self.file_error.show_error(str(exc))
            self.file_combo.setFocus()
            return
        if isinstance(exc, ValidationError) and exc.field in ("passphrase", "recovery_key"):
            target = self.recovery_error if exc.field == "recovery_key" else self.passphrase_error
            target.show_error(str(exc))
            return
        show_error(self, exc)

    def _set_busy(self, busy: bool, text: str = "Unlocking…") -> None:
        self._busy = busy
        self.busy_row.set_text(text)
        self.busy_row.setVisible(busy)
        self.secret.set_busy(busy)
        for widget in (self.file_combo, self.open_other, self.create_button, self.cancel_button):
            widget.setEnabled(not busy)
        if self._ready:
            from smgov.data import keystore

            self.remember.setEnabled(not busy and keystore.refusal_reason() is None)
        self._update_throttle()

    def _update_throttle(self) -> None:
        wait = self.throttle.wait_seconds() if self.throttle is not None else 0.0
        if wait > 0:
            self.unlock_button.setEnabled(False)
            self.unlock_button.setText(f"Try again in {math.ceil(wait)} s")
            self.unlock_button.setAccessibleName(f"Unlock: try again in {math.ceil(wait)} seconds")
            if not self._countdown.isActive():
                self._countdown.start()
            return
        self._countdown.stop()
        self.unlock_button.setText("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setEnabled(not self._busy and self.path is not None)

    # -- leaving -------------------------------------------------------------------------------------------------

    _closed = False

    def _create_new(self) -> None:
        self.createRequested.emit()
        self.done(self.CREATE_NEW)

    @override
    def reject(self) -> None:
        if self._busy:
            return  # unlocking takes a second: wait for it rather than leave a half-opened file behind
        self._closed = True
        super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
