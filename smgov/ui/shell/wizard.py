"""The first-run wizard: create the workspace, name the school and its key people, then print the Emergency Kit.

The school's name comes first because it suggests the file name and is one of the words a passphrase must not lean
on; its page (:mod:`smgov.ui.shell.wizard_school`) is painted with Qt alone, and the other pages come in with the data
layer while the user types (:mod:`smgov.ui.shell.wizard_pages`, :mod:`smgov.ui.shell.wizard_finish`); checking and
creating the file is in :mod:`smgov.ui.shell.wizard_steps`. Every page scrolls inside when the screen is short, and
the wizard opens within the screen's available room.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget, QWizard

from smgov.ui.frame.overrides import override
from smgov.ui.frame.screen import keep_on_screen
from smgov.ui.shell import warmup
from smgov.ui.shell.wizard_school import SchoolPage
from smgov.ui.shell.wizard_steps import (
    PAGE_CREATE,
    PAGE_KIT,
    PAGE_PEOPLE,
    PAGE_SAVE,
    PAGE_SCHOOL,
    PAGE_SETTINGS,
)

if TYPE_CHECKING:  # these load the data layer: after the first page is painted
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.wizard_finish import CreatePage, KitPage, NewWorkspacePlan
    from smgov.ui.shell.wizard_pages import PeoplePage, SavePage, SettingsPage

__all__ = ["PAGE_CREATE", "PAGE_KIT", "PAGE_PEOPLE", "PAGE_SAVE", "PAGE_SCHOOL", "PAGE_SETTINGS", "FirstRunWizard"]

log = logging.getLogger(__name__)


class FirstRunWizard(QWizard):
    """Create a new workspace, step by step. After it is accepted, :attr:`workspace` is the new, open Workspace.

    Signals: none beyond QWizard's (``accepted``/``finished``).
    """

    def __init__(self, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first-run-wizard")
        self.setWindowTitle("Create a workspace - smgov")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.workspace: Workspace | None = None
        self.abandoned = False
        self._busy = False
        self._folder = folder
        self._pages_added = False
        self._shown_once = False
        self.school_page = SchoolPage()
        self.setPage(PAGE_SCHOOL, self.school_page)
        if warmup.data_layer_loaded():
            self.add_pages()
        for which, name in (
            (QWizard.WizardButton.BackButton, "Back"),
            (QWizard.WizardButton.NextButton, "Next"),
            (QWizard.WizardButton.CancelButton, "Cancel"),
            (QWizard.WizardButton.FinishButton, "Finish"),
        ):
            button = self.button(which)
            button.setObjectName(f"wizard-{name.lower()}")
            button.setAccessibleName(name)
        self.currentIdChanged.connect(lambda _id: self._apply_busy())
        self.resize(760, 620)
        keep_on_screen(self)

    save_page: SavePage
    people_page: PeoplePage
    settings_page: SettingsPage
    create_page: CreatePage
    kit_page: KitPage

    def add_pages(self) -> None:
        """Add the pages after the school's (they use the data layer): at once when it is already in, else once it
        has come in on the background thread after the first page was painted. Until then Next waits."""
        if self._pages_added:
            return
        from smgov.ui.shell.wizard_finish import CreatePage, KitPage
        from smgov.ui.shell.wizard_pages import PeoplePage, SavePage, SettingsPage

        self._pages_added = True
        self.save_page = SavePage(self._folder)
        self.people_page = PeoplePage()
        self.settings_page = SettingsPage()
        self.create_page = CreatePage()
        self.kit_page = KitPage()
        for page_id, page in (
            (PAGE_SAVE, self.save_page),
            (PAGE_PEOPLE, self.people_page),
            (PAGE_SETTINGS, self.settings_page),
            (PAGE_CREATE, self.create_page),
            (PAGE_KIT, self.kit_page),
        ):
            self.setPage(page_id, page)
        self.school_page.set_ready()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._shown_once or self._pages_added:
            return
        self._shown_once = True
        if (window := self.windowHandle()) is not None:
            window.installEventFilter(self)  # its first expose paints the page; the import comes after
        else:
            warmup.load_data_layer(self, self.add_pages)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = self.windowHandle()
        if watched is window and event.type() == QEvent.Type.Expose and window.isExposed():
            window.removeEventFilter(self)
            QTimer.singleShot(0, self, lambda: warmup.load_data_layer(self, self.add_pages))
        return False

    def plan(self) -> NewWorkspacePlan:
        """What will be created, from the pages (each was checked when the user left it)."""
        import dataclasses

        from smgov.ui.shell.wizard_finish import NewWorkspacePlan

        return NewWorkspacePlan(
            path=self.save_page.path(),
            passphrase=self.save_page.passphrase.text(),
            school_name=self.school_page.school_name(),
            logo=self.school_page.logo,
            settings=dataclasses.replace(self.settings_page.settings(), key_people=self.people_page.people()),
        )

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._apply_busy()

    def _apply_busy(self) -> None:
        # QWizard re-enables its buttons whenever the page changes; while creating, Back and Cancel stay off.
        if self._busy:
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not self._busy)

    @override
    def reject(self) -> None:
        if self._busy:
            return  # creating takes a few seconds; cancelling half way would leave a half-made file
        if self.workspace is not None:
            # The workspace exists: leaving now would lose the only sight of the recovery key.
            if self.kit_page.isComplete():
                self.accept()
            else:
                self.kit_page.status.setText(
                    "Save or print the Emergency Kit, or tick the box below to do it later, then press Finish."
                )
            return
        self.abandoned = True
        super().reject()

    @override
    def accept(self) -> None:
        self.kit_page.clear_key()
        super().accept()
