"""What every section of the main window is: a :class:`SectionPage`.

The main window calls these hooks directly (no ``getattr``), so a section that misspells one is caught by mypy
(``@override`` is required on every overriding method). The defaults suit a page that has no records to show and
nothing to lose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from smgov.data.areas import Section

if TYPE_CHECKING:
    from smgov.ui.shell.session import AppSession


class SectionPage(QWidget):
    """One section of the main window.

    Signals:
        open_record(str, object): go to that section (a :class:`Section` value) and show that record.
    """

    open_record = Signal(str, object)

    section: Section  # set by each subclass

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(f"{self.section.value.replace('_', '-')}-view")

    def show_record(self, record_id: object) -> None:
        """Bring record ``record_id`` into view (the dashboard and other sections link here). Default: nothing."""

    def confirm_leave(self, proceed: Callable[[], Any]) -> bool:
        """True to leave now; False while it asks about unsaved changes, calling ``proceed()`` after a Save that
        worked or a Discard."""
        return True

    def can_add(self) -> bool:
        """Whether Record > New (Ctrl+N) adds something here."""
        return False

    def new_record(self) -> bool:
        """Start a new record (Ctrl+N, Record > New). False where the section adds nothing."""
        return False

    def can_search(self) -> bool:
        """Whether Find (Ctrl+F) has a search box to go to here."""
        return False

    def focus_search(self) -> None:
        """Put the cursor in the section's search box (Ctrl+F), where it has one."""
