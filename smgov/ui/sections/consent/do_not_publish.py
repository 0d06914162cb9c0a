"""The do-not-publish list on screen: by class, the pupils staff must not show (or only within a restriction), by
their preferred names, with what is refused. The never-publish reason is never shown here; Print makes the
CONFIDENTIAL paper copy through the one print path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.ui.frame import operations
from smgov.ui.frame.dialogs import Buttons, Dialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, SearchBox, TableView
from smgov.ui.frame.widgets import plain_label

if TYPE_CHECKING:
    from smgov.reports.consent_lists import ClassGroup
    from smgov.ui.shell.session import AppSession

ALL_CLASSES = "All classes"


@dataclass(frozen=True)
class ListedPupil:
    class_heading: str
    class_name: str
    name: str
    reference: str
    never_publish: bool
    refused: str
    not_returned: str
    restricted: str


def listed_pupils(groups: list[ClassGroup], purposes: int) -> list[ListedPupil]:
    """The list's rows; a pupil with no form back for any of the ``purposes`` says so in three words."""
    rows = []
    for group in groups:
        for row in group.rows:
            restricted = "; ".join(f"{label}: {text}" for label, text in row.restrictions)
            missing = "No form back: all" if len(row.not_returned) >= purposes else ", ".join(row.not_returned)
            rows.append(
                ListedPupil(
                    group.heading,
                    group.class_name,
                    row.pupil.name,
                    row.pupil.reference,
                    row.pupil.never_publish,
                    ", ".join(row.refused),
                    missing,
                    restricted,
                )
            )
    return rows


class ListedModel(RowTableModel[ListedPupil]):
    CLASS, NAME, NEVER, REFUSED, MISSING, RESTRICTED = range(6)
    columns = (
        Column[ListedPupil]("Class", lambda r: r.class_heading, width=14),
        Column[ListedPupil]("Pupil", lambda r: r.name, width=20),
        Column[ListedPupil]("Never publish", lambda r: "⊘ Never publish" if r.never_publish else "", width=16),
        Column[ListedPupil]("Refused", lambda r: r.refused, width=24),
        Column[ListedPupil]("Not returned (refused)", lambda r: r.not_returned, width=22),
        Column[ListedPupil]("Only with a restriction", lambda r: r.restricted),
    )


class DoNotPublishDialog(Dialog):
    """The list for the academic year shown in the register, as on today (or the year's last day)."""

    def __init__(self, parent: QWidget, session: AppSession, year: int, on: dt.date) -> None:
        super().__init__(
            parent,
            "Do-not-publish list",
            name="do-not-publish",
            intro=(
                "Pupils whose photos and videos must not be used, or only within a restriction, by class. A form not "
                "returned counts as refused. Why a pupil is never to be published is not shown here."
            ),
            buttons=Buttons.Close,
            min_width=900,
        )
        self.session = session
        self.year = year
        self.on = on
        self.rows: list[ListedPupil] = []
        self.class_choice = QComboBox()
        self.class_choice.setObjectName("do-not-publish-class")
        self.class_choice.setAccessibleName("Class")
        self.class_choice.addItem(ALL_CLASSES)
        self.class_choice.currentTextChanged.connect(lambda _text: self._filter())
        self.search = SearchBox(self, "Search by name", name="do-not-publish-search")
        self.print_button = button("Print…", "do-not-publish-print", "Print the do-not-publish list")
        self.print_button.clicked.connect(self.print_list)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(QLabel("Class"))
        row.addWidget(self.class_choice)
        row.addWidget(self.print_button)
        self.body.addLayout(row)
        self.model = ListedModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.search.search_changed.connect(self.proxy.set_search_text)
        self.table = TableView("Do-not-publish list", self, name="do-not-publish-table")
        self.table.use_model(self.proxy)
        self.table.setSortingEnabled(False)  # in school order, class by class
        self.body.addWidget(self.table, 1)
        self.status = plain_label("Loading…", name="do-not-publish-status")
        self.body.addWidget(self.status)
        session.changed.connect(lambda area: self.reload() if area in (Change.CONSENT, Change.EVERYTHING) else None)
        session.locked.connect(self.reject)
        self.reload()

    @override
    def sizeHint(self) -> QSize:
        return QSize(1100, 620).expandedTo(self.minimumSizeHint())

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        workspace, on = self.session.workspace, self.on

        def load() -> list[ListedPupil]:
            from smgov.data.services.consent import purposes
            from smgov.documents.consent import do_not_publish_groups

            return listed_pupils(do_not_publish_groups(workspace, on)[1], len(purposes(workspace)))

        def failed(exc: BaseException) -> None:
            show_error(self, exc, "Do-not-publish list")

        operations.run_in_background(self, load, self.show_rows, failed)

    def show_rows(self, rows: list[ListedPupil]) -> None:
        self.rows = rows
        chosen = self.class_choice.currentText()
        classes = list(dict.fromkeys(r.class_name for r in rows if r.class_name))
        self.class_choice.blockSignals(True)
        self.class_choice.clear()
        self.class_choice.addItems([ALL_CLASSES, *classes])
        self.class_choice.setCurrentText(chosen if chosen in classes else ALL_CLASSES)
        self.class_choice.blockSignals(False)
        self._filter()

    def chosen_class(self) -> str | None:
        text = self.class_choice.currentText()
        return None if text == ALL_CLASSES else text

    def _filter(self) -> None:
        chosen = self.chosen_class()
        shown = [r for r in self.rows if chosen is None or r.class_name == chosen]
        self.model.set_rows(shown)
        never = sum(1 for r in shown if r.never_publish)
        self.status.setText(f"{len(shown):,} pupils listed, {never:,} never to be published.")

    def print_list(self) -> None:
        from smgov.ui.sections.consent.printing import list_dialog

        list_dialog(self, self.session, "never", self.year, self.chosen_class())
