"""The people section: staff, governors, volunteers and contractors who run or touch the school's accounts.

The table lists everyone with their training and terms of use; the pane beside it edits one person, lists the
accounts they are named on and, once a leaving date is set, what must be done before they go (transfer the lead,
remove access, change passwords they were given), each a click away from the account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.models.people import PersonKind
from smgov.data.services.people import PersonRow
from smgov.ui.frame.forms import button
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.section import Filter, ListSection, Predicate, choice_filter
from smgov.ui.frame.tables import RowTableModel
from smgov.ui.sections.people.model import PersonTableModel
from smgov.ui.sections.people.pane import PersonPane

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

CURRENT, LEAVERS, EVERYONE = "current", "leavers", "everyone"
SHOW_CHOICES = (
    ("Current people", CURRENT),
    ("Leavers (left or leaving)", LEAVERS),
    ("Everyone", EVERYONE),
)


def _show(chosen: object) -> Predicate | None:
    today = dt.date.today()
    if chosen == CURRENT:
        return lambda person: not person.has_left(today)
    if chosen == LEAVERS:
        return lambda person: person.leaving_date is not None
    return None


def _kind(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    kind = PersonKind(str(chosen))
    return lambda person: person.kind is kind


class PeopleView(ListSection[PersonRow]):
    """Everyone on the left, the chosen person on the right; staff import from a CSV."""

    section = Section.PEOPLE
    name = "people"
    title = "People"
    intro = (
        "Staff, governors, volunteers and contractors who run or touch the school's accounts, with their "
        "training and terms of use."
    )
    noun = ("person", "people")
    search_placeholder = "Search people"
    watched = frozenset({Change.PEOPLE, Change.ACCOUNTS, Change.VAULT})  # counts of accounts, leaver to-dos
    new_text = "New person"
    new_tooltip = "Add someone to the register (Ctrl+N)"
    sort_column = PersonTableModel.NAME
    gone_notice = "That person is no longer on the register."

    pane: PersonPane

    @override
    def make_model(self) -> RowTableModel[PersonRow]:
        return PersonTableModel(self)

    @override
    def make_pane(self) -> DetailsPane:
        return PersonPane(self.session, self)

    @override
    def load(self, workspace: Workspace) -> Sequence[PersonRow]:
        from smgov.data.services.people import list_people

        return list_people(workspace)

    @override
    def make_filters(self) -> list[Filter]:
        show = choice_filter("S&how", "people-show-filter", "Show", SHOW_CHOICES, _show, reset_to=2)
        kinds: list[tuple[str, object]] = [("Every kind", None), *((kind.label, kind) for kind in PersonKind)]
        kind = choice_filter("&Kind", "people-kind-filter", "Kind", kinds, _kind)
        self.show_filter: QComboBox = show.combo
        self.kind_filter: QComboBox = kind.combo
        return [show, kind]

    @override
    def heading_buttons(self) -> list[QWidget]:
        self.import_button = button("Import staff from CSV…", "people-import", "Import staff from CSV")
        self.import_button.setToolTip("Add staff from a spreadsheet saved as CSV (name, role, email), with a preview.")
        self.import_button.clicked.connect(self.import_staff)
        return [self.import_button]

    def import_staff(self) -> QDialog | None:
        """Open the staff CSV import (preview first, then import)."""
        if not self.session.is_unlocked:
            return None
        from smgov.ui.sections.people.staff_import import StaffImportDialog

        dialog = StaffImportDialog(self, self.session)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, count: int) -> None:
        self.say(f"{count} staff imported." if count != 1 else "1 member of staff imported.")
