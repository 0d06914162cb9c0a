"""Who is using smgov: chosen from the school's people after unlock, remembered on this PC, changed from the status bar.

After each unlock :class:`OperatorChoice` reads who may be chosen (in the background) and then:

- applies the person remembered on this PC for this workspace when they are still on the register;
- applies "my login name only" when that was the choice remembered;
- otherwise opens :class:`OperatorDialog`: a searchable list of the school's people and a way out for someone who is
  not on it. Closing it without choosing leaves the login name (it asks again at the next unlock).

The status bar's "Working as: NAME" button (:attr:`OperatorChoice.button`) opens the dialog to change it. The choice
is per-PC state (QSettings), never school data: the workspace itself holds it only in memory while unlocked.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QSettings, QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smgov.ui.frame import icons
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.operations import run_in_background
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.data.operators import Operator
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

LOGIN_ONLY = "login"


# -- remembered on this PC ---------------------------------------------------------------------------------------


def _settings() -> QSettings:
    # The same per-PC store as smgov.ui.frame.state (INI, which tests point at a temporary folder).
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "smgov", "smgov")


def _key(workspace_path: Path) -> str:
    digest = hashlib.sha256(str(Path(workspace_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"operator/{digest}"


def remembered_operator(workspace_path: Path) -> int | str | None:
    """The person id remembered for this workspace on this PC, :data:`LOGIN_ONLY`, or None when nothing is."""
    value = _settings().value(_key(workspace_path))
    if value == LOGIN_ONLY:
        return LOGIN_ONLY
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def remember_operator(workspace_path: Path, person_id: int | None) -> None:
    """Remember who uses this workspace on this PC (None: the login name only)."""
    _settings().setValue(_key(workspace_path), LOGIN_ONLY if person_id is None else str(person_id))


def forget_operator(workspace_path: Path) -> None:
    _settings().remove(_key(workspace_path))


# -- the chooser -------------------------------------------------------------------------------------------------


class OperatorDialog(QDialog):
    """Choose who is using smgov from the school's people, or record only the computer's login name.

    Signals:
        chosen(object): the person id chosen, or None for "my login name only".
    """

    chosen = Signal(object)

    def __init__(
        self, parent: QWidget | None, people: list[Operator], current: int | None = None, *, login: str = ""
    ) -> None:
        # Imported here: the main window (and so this module) loads before the first paint; these load the data layer.
        from smgov.ui.frame.widgets import FieldError, heading_label, plain_label

        super().__init__(parent)
        self.setObjectName("operator-dialog")
        self.setWindowTitle("Who is using smgov? - smgov")
        # Names in Qt's own list model (5,000 staff in one call, not an item each); ids beside them, by row.
        self.model = QStringListModel([person.name for person in people], self)
        self._ids = [person.person_id for person in people]
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.search = QLineEdit()
        self.search.setObjectName("operator-search")
        self.search.setAccessibleName("Search the school's people")
        self.search.setPlaceholderText("Type to find your name")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListView()
        self.list.setObjectName("operator-list")
        self.list.setAccessibleName("The school's people")
        self.list.setModel(self.proxy)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.doubleClicked.connect(lambda _index: self.choose())
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update())
        self.error = FieldError(for_widget=self.list, name="operator-error")

        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton("&Work as this person", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setObjectName("operator-use")
        self.use_button.setAccessibleName("Work as this person")
        self.use_button.setDefault(True)
        self.login_button = QPushButton("&Not on the list: record my login name only")
        self.login_button.setObjectName("operator-login-only")
        self.login_button.setAccessibleName("Not on the list: record my login name only")
        self.login_button.setAutoDefault(False)
        self.login_button.setToolTip(
            f"Audit entries and records will name the computer's login{f' ({login})' if login else ''}."
        )
        self.login_button.clicked.connect(lambda: self._finish(None))
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("operator-cancel")
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        self.finished.connect(lambda _result: self._forget())

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Who is using smgov?"))
        layout.addWidget(
            plain_label(
                "Choose yourself from the school's people. The audit log, the records you add and the reports you "
                "print will name you; this PC remembers the choice for this workspace."
            )
        )
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 460)
        self.setMinimumSize(360, 300)
        if current is not None:
            self.select(current)  # nobody is chosen for the user: Enter must not pick whoever sorts first
        self.search.setFocus()
        self._update()

    def select(self, person_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self._person_at(index) == person_id:
                self.list.setCurrentIndex(index)
                return True
        return False

    def _person_at(self, index: QModelIndex) -> int | None:
        return self._ids[self.proxy.mapToSource(index).row()]

    def _forget(self) -> None:
        """No names left in a closed dialog."""
        self.model.setStringList([])
        self._ids = []

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip() and self.proxy.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.proxy.index(0, 0))  # typing a name picks the first that matches
        self._update()

    def _update(self) -> None:
        self.error.clear()
        self.use_button.setEnabled(self.list.currentIndex().isValid())

    def choose(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            self.error.show_error("Choose your name in the list, or press \u201cNot on the list\u201d.")
            return
        self._finish(self._person_at(index))

    def _finish(self, person_id: int | None) -> None:
        self.chosen.emit(person_id)
        self.accept()


class OperatorChoice(QObject):
    """Applies and changes the operator for the main window's session, and keeps the status bar button current.

    Signals:
        changed(object): the operator now in use (an :class:`~smgov.data.operators.Operator`).
    """

    changed = Signal(object)

    def __init__(self, window: QWidget, session: AppSession) -> None:
        super().__init__(window)
        self._window = window
        self.session = session
        self.dialog: OperatorDialog | None = None
        self.button = QPushButton("")
        self.button.setObjectName("status-operator")
        self.button.setFlat(True)
        self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.button.setToolTip("Who is using smgov: audit entries and records name this person. Click to change.")
        self.button.clicked.connect(lambda: self.choose())
        self.button.setVisible(False)
        session.locked.connect(self._locked)
        self._demo_person: int | None = None  # the demo's operator, kept in memory across a lock

    def refresh_icon(self) -> None:
        self.button.setIcon(icons.icon("circle-user-round", self.button))

    def after_unlock(self, workspace: Workspace) -> None:
        """Apply the remembered operator, or ask (non-blocking) once the school's people are read."""
        from smgov.data import operators

        current = operators.current_operator(workspace)
        self._show(current)
        if self.session.is_demo:  # the demo's person is kept in memory (never remembered on this PC)
            if current.chosen:
                self._demo_person = current.person_id
            elif self._demo_person is not None:
                self._apply(workspace, self._demo_person)
            return
        path = Path(workspace.path)
        remembered = remembered_operator(path)
        if remembered == LOGIN_ONLY:
            self._apply(workspace, None)
            return
        if isinstance(remembered, int) and self._apply(workspace, remembered, quietly=True):
            return  # (one quick read: no need to list everyone)
        session = self.session

        def listed(people: list[Operator]) -> None:
            if session.is_unlocked and session.workspace is workspace and people:
                self._open_dialog(people, None)

        run_in_background(self._window, lambda: operators.candidates(workspace), listed, self._failed)

    def choose(self) -> OperatorDialog | None:
        """Open the chooser for the open workspace (the status bar button); None while locked."""
        from smgov.data import operators

        if not self.session.is_unlocked:
            return None
        workspace = self.session.workspace
        current = operators.current_operator(workspace).person_id
        try:
            people = operators.candidates(workspace)
        except Exception as exc:  # noqa: BLE001 - shown to the user through the one error path
            show_error(self._window, exc)
            return None
        return self._open_dialog(people, current)

    def _open_dialog(self, people: list[Operator], current: int | None) -> OperatorDialog:
        from smgov.data.filelock import current_user

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        dialog = OperatorDialog(self._window, people, current, login=current_user())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        workspace = self.session.workspace
        dialog.chosen.connect(lambda person_id: self._chosen(workspace, person_id))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: OperatorDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _chosen(self, workspace: Workspace, person_id: int | None) -> None:
        if not self.session.is_unlocked or self.session.workspace is not workspace:
            return
        if self._apply(workspace, person_id):
            remember_operator(Path(workspace.path), person_id)

    def _apply(self, workspace: Workspace, person_id: int | None, *, quietly: bool = False) -> bool:
        """Work as ``person_id``. Refused (they left, or are gone): forgotten on this PC, and said unless
        ``quietly`` (after unlock, the chooser then simply asks)."""
        from smgov.data import operators
        from smgov.data.errors import ValidationError

        try:
            operator = operators.set_operator(workspace, person_id)
        except ValidationError as exc:
            log.info("the remembered operator can no longer be chosen")
            forget_operator(Path(workspace.path))
            if not quietly:
                show_error(self._window, exc)
            return False
        self._show(operator)
        if self.session.is_demo:
            self._demo_person = operator.person_id
        self.changed.emit(operator)
        return True

    def _show(self, operator: Operator) -> None:
        self.button.setText(f"Working as: {operator.name}")
        self.button.setAccessibleName(f"Working as {operator.name}. Change who is using smgov")
        detail = f" (login {operator.login})" if operator.chosen else " (no person chosen: the computer's login)"
        self.button.setToolTip(f"Audit entries and records name {operator.name}{detail}. Click to change.")
        self.button.setVisible(True)

    def _failed(self, exc: BaseException) -> None:
        log.warning("the school's people could not be read for the operator: %s", type(exc).__name__)

    def _locked(self) -> None:
        self.button.setVisible(False)
        for clear in (self.button.setText, self.button.setAccessibleName):
            clear("")  # no name left on a locked screen
        self.button.setToolTip("Who is using smgov")
        if self.dialog is not None:
            self.dialog.reject()  # it forgets the names as it closes
            self.dialog = None
