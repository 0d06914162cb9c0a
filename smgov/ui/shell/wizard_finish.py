"""The first-run wizard's last two pages: creating the file (in the background), then the Emergency Kit.

Nothing is written until the user presses "Create the workspace"; if any step of creating fails, the new file is
removed again, so nothing half-made is left behind.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QProgressBar, QVBoxLayout, QWizard, QWizardPage
from typing_extensions import override

from smgov.data.errors import SmgovError, ValidationError
from smgov.data.workspace import Workspace
from smgov.ui.frame import state
from smgov.ui.frame.operations import run_in_background
from smgov.ui.frame.pdf_output import EmergencyKitButtons
from smgov.ui.frame.secret_entry import RecoveryKeyLabel
from smgov.ui.frame.widgets import FieldError, plain_label
from smgov.ui.shell.wizard_steps import guarded, page_body

if TYPE_CHECKING:
    from smgov.data.services.school import SettingsChange

log = logging.getLogger(__name__)


def remove_workspace_files(path: Path) -> None:
    """Delete a workspace that was only half made (the file and SQLite's -wal and -shm beside it)."""
    for extra in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + extra).unlink()


@dataclass(frozen=True)
class NewWorkspacePlan:
    """Everything the wizard gathered, checked: what :func:`create_workspace` makes."""

    path: Path
    passphrase: str
    school_name: str
    logo: bytes | None
    settings: SettingsChange


def create_workspace(plan: NewWorkspacePlan) -> Workspace:
    """Create the workspace and save its settings; on any failure remove the file again and re-raise."""
    from smgov.data.services import school
    from smgov.data.workspace import Workspace

    workspace = Workspace.create(plan.path, plan.passphrase, plan.school_name)
    try:
        if plan.logo is not None:
            school.set_logo(workspace, plan.logo)
        school.update_settings(workspace, plan.settings)
    except BaseException:
        workspace.close()
        remove_workspace_files(plan.path)
        raise
    return workspace


class CreatePage(QWizardPage):
    """(5) Creating the file, in the background. On failure nothing is left, and Back leads to what to change."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-create")
        self.setTitle("Creating the workspace")
        self.setSubTitle("smgov is making the encrypted file and saving what you entered. This takes a few seconds.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Next >")
        self.busy = False
        self.done = False
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Creating the workspace")
        self.status = plain_label("", name="create-status")
        self.error = FieldError(name="create-error")
        layout = QVBoxLayout(page_body(self))
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addStretch(1)

    @override
    @guarded(None)
    def initializePage(self) -> None:
        from smgov.ui.shell.wizard import FirstRunWizard

        wizard = self.wizard()
        if not isinstance(wizard, FirstRunWizard):
            return
        self.error.clear()
        self.done = False
        self.busy = True
        self.progress.show()
        try:
            plan = wizard.plan()
        except ValidationError as exc:  # the folder changed since that page was checked
            self._failed(exc)
            return
        self.status.setText(f"Creating {plan.path.name} in {plan.path.parent}…")
        wizard.set_busy(True)
        run_in_background(wizard, lambda: create_workspace(plan), self._created, self._failed)

    def _created(self, workspace: Workspace) -> None:
        from smgov.ui.shell.wizard import FirstRunWizard

        wizard = self.wizard()
        self.busy = False
        self.done = True
        self.progress.hide()
        log.info("workspace created")
        if not isinstance(wizard, FirstRunWizard) or wizard.abandoned:
            workspace.close()
            return
        wizard.workspace = workspace
        state.add_recent_workspace(workspace.path)
        wizard.set_busy(False)
        self.status.setText(f"{workspace.path.name} is ready.")
        self.completeChanged.emit()
        wizard.next()

    def _failed(self, exc: BaseException) -> None:
        from smgov.ui.shell.wizard import FirstRunWizard

        wizard = self.wizard()
        self.busy = False
        self.progress.hide()
        self.status.setText("The workspace was not created. Nothing was saved, and no file was left behind.")
        if isinstance(wizard, FirstRunWizard):
            wizard.set_busy(False)
        if isinstance(exc, SmgovError):
            self.error.show_error(f"{exc} Go Back to change it, then try again.")
        else:
            from smgov.ui.frame.errors import show_error

            self.error.show_error("Something unexpected went wrong. Go Back and try again.")
            show_error(self, exc)
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        return self.done

    @override
    @guarded(False)
    def validatePage(self) -> bool:
        return self.done  # QWizard.next() called from code skips isComplete; this stops it too


class KitPage(QWizardPage):
    """(6) The Emergency Kit: the recovery key, shown once, to save or print for the headteacher's safe."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-kit")
        self.setTitle("Print the Emergency Kit")
        self.setSubTitle(
            "If the passphrase is ever forgotten, or you are away, the recovery key below opens the workspace. "
            "It is shown only now: print the Emergency Kit and keep it in the headteacher's safe."
        )
        self.kit_done = False
        self.key_label = RecoveryKeyLabel("recovery-key-shown", "Recovery key", scale=1.35)
        self.buttons_row = QVBoxLayout()
        self.status = plain_label("", name="kit-status")
        self.later = QCheckBox("I will print the Emergency Kit later from Settings")
        self.later.setObjectName("kit-later")
        self.later.setAccessibleName("I will print the Emergency Kit later from Settings")
        self.later.toggled.connect(lambda _c: self.completeChanged.emit())
        self.kit_buttons: EmergencyKitButtons | None = None
        warning = plain_label(
            "Anyone with this key and a copy of the file can read everything in it. Do not email or photograph it. "
            "If you save it as PDF, print that file and then delete it."
        )
        layout = QVBoxLayout(page_body(self))
        layout.addWidget(self.key_label)
        layout.addWidget(warning)
        layout.addLayout(self.buttons_row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.later)

    @override
    @guarded(None)
    def initializePage(self) -> None:
        # Never raise out of a Qt virtual: PySide cannot unwind through C++ cleanly.
        from smgov.ui.shell.wizard import FirstRunWizard

        wizard = self.wizard()
        if not isinstance(wizard, FirstRunWizard) or wizard.workspace is None:
            return
        self.key_label.show_key(wizard.workspace.recovery_key)
        if self.kit_buttons is None:
            self.kit_buttons = EmergencyKitButtons(wizard.workspace, self)
            self.kit_buttons.kitDone.connect(self._kit_done)
            self.buttons_row.addWidget(self.kit_buttons)

    def _kit_done(self, how: str) -> None:
        self.kit_done = True
        self.status.setText(
            "Saved. Print that file, put the page in the headteacher's safe, then delete the file."
            if how == "saved"
            else "Sent to the printer. Put the page in the headteacher's safe."
        )
        self.completeChanged.emit()

    def clear_key(self) -> None:
        self.key_label.clear()

    @override
    def isComplete(self) -> bool:
        return self.kit_done or self.later.isChecked()
