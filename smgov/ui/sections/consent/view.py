"""The Pupils & consent section: the register as a grid of pupils × purposes for the chosen academic year, the
pupil's pane beside it, and the dialogs that record consent (one form, or a stack of paper forms quickly).

The whole register is read once per load (in the background); the year group, class, status and never-publish
filters and the search then work in memory, so a keystroke stays fast with 10,000 pupils.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.models.consent import ConsentChange, ConsentStatus
from smgov.data.services.consent import academic_year_of, year_label
from smgov.data.services.pupils import year_order
from smgov.ui.frame.forms import button
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.section import ChoiceFilter, Filter, ListSection, Predicate, choice_filter
from smgov.ui.frame.tables import RowTableModel
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.consent.load import load_grid, year_choices
from smgov.ui.sections.consent.model import FIXED_COLUMNS, NAME, ConsentGridModel, GridRow
from smgov.ui.sections.consent.pane import PupilPane

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

ON_ROLL, NEVER_PUBLISH, OFF_ROLL, EVERYONE = "on", "never", "off", "all"
SHOW_CHOICES = (
    ("On roll", ON_ROLL),
    ("⊘ Never publish", NEVER_PUBLISH),
    ("Off roll", OFF_ROLL),
    ("Everyone", EVERYONE),
)
NOT_GIVEN, NOT_RETURNED, REFUSED, RESTRICTED, ALL_GRANTED = "not_given", "not_returned", "refused", "restricted", "all"
STATUS_CHOICES: tuple[tuple[str, object], ...] = (
    ("Any", None),
    ("Not granted for something", NOT_GIVEN),
    ("– Not returned", NOT_RETURNED),
    ("✗ Refused", REFUSED),
    ("✓* Restricted", RESTRICTED),
    ("✓ All granted", ALL_GRANTED),
)


def _show(chosen: object) -> Predicate | None:
    if chosen == ON_ROLL:
        return lambda row: row.pupil.on_roll
    if chosen == NEVER_PUBLISH:
        return lambda row: row.pupil.never_publish and row.pupil.on_roll
    if chosen == OFF_ROLL:
        return lambda row: not row.pupil.on_roll
    return None


def _status(chosen: object) -> Predicate | None:
    tests: dict[object, Callable[[GridRow], bool]] = {
        NOT_GIVEN: lambda row: row.not_given,
        NOT_RETURNED: lambda row: row.has(ConsentStatus.NOT_RETURNED),
        REFUSED: lambda row: row.has(ConsentStatus.REFUSED),
        RESTRICTED: lambda row: row.has(ConsentStatus.RESTRICTED),
        ALL_GRANTED: lambda row: row.all_granted,
    }
    return tests.get(chosen)


def _equals(attribute: str) -> Callable[[object], Predicate | None]:
    def predicate_for(chosen: object) -> Predicate | None:
        if chosen is None:
            return None
        return lambda row: getattr(row.pupil, attribute) == chosen

    return predicate_for


class ConsentView(ListSection[GridRow]):
    """Pupils × purposes on the left, the chosen pupil and their history on the right."""

    section = Section.CONSENT
    name = "consent"
    title = "Pupils & consent"
    intro = (
        "Which pupils may appear in photos and videos, for each purpose, this academic year. Not returned counts as "
        "refused. Before posting, check here."
    )
    noun = ("pupil", "pupils")
    search_placeholder = "Search by name, admission number or UPN"
    watched = frozenset({Change.CONSENT})
    sort_column = NAME
    split = (3, 2)
    gone_notice = "That pupil is not on the register."

    pane: PupilPane

    # -- the frame's hooks -------------------------------------------------------------------------------------

    @override
    def make_model(self) -> RowTableModel[GridRow]:
        self.grid = ConsentGridModel(self)
        return self.grid

    @override
    def make_pane(self) -> DetailsPane:
        pane = PupilPane(self.session, self)
        pane.year = self.year
        pane.record_consent.connect(lambda pupil_id: self.record_consent(pupil_id))
        pane.set_never_publish.connect(lambda pupil_id, _flagged: self.change_never_publish(pupil_id))
        pane.open_form.connect(lambda form_id: self.open_form(form_id))
        return pane

    @override
    def load(self, workspace: Workspace) -> Sequence[GridRow]:
        return load_grid(workspace, self.year)

    @override
    def heading_buttons(self) -> list[QWidget]:
        self._pending_link: str | None = None
        self.year = academic_year_of(dt.date.today())
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("consent-year")
        self.year_combo.setAccessibleName("Academic year")
        self.year_combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never changed by the mouse wheel
        for text, year in year_choices():
            self.year_combo.addItem(text, year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(self.year))
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        year_label_widget = QLabel("Academic &year")
        year_label_widget.setBuddy(self.year_combo)
        self.fast_button = button(
            "Fast entry…",
            "consent-fast-entry",
            "Fast entry of paper forms",
            tooltip="Type a pupil, tick the purposes, Enter: one paper form after another",
        )
        self.fast_button.clicked.connect(lambda: self.fast_entry())
        self.check_button = button(
            "Can I post this?…",
            "consent-check",
            "Can I post this?",
            tooltip="Check who may appear in a photo or video before it is posted, then log the post",
        )
        self.check_button.clicked.connect(lambda: self.post_check())
        self.posts_button = button(
            "Posts && takedowns…",
            "consent-posts",
            "Posts and takedowns",
            tooltip="The publication log, and the posts to take down after a withdrawal",
        )
        self.posts_button.clicked.connect(lambda: self.posts())
        return [year_label_widget, self.year_combo, self.fast_button, self.check_button, self.posts_button]

    @override
    def footer_widgets(self) -> list[QWidget]:
        from smgov.ui.sections.consent.printing import print_menu

        # The buttons share the count's line: the count keeps room for its longest text.
        metrics = self.count_label.fontMetrics()
        self.count_label.setMinimumWidth(metrics.horizontalAdvance("10,000 pupils, 10,000 shown") + 8)

        self.import_pupils_button = button(
            "Import pupils…",
            "consent-import-pupils",
            "Import pupils from the MIS",
            tooltip="Add and update pupils from a SIMS, Arbor or Bromcom export (CSV or Excel), with a preview",
        )
        self.import_pupils_button.clicked.connect(lambda: self.import_pupils())
        self.import_returns_button = button(
            "Import returns…",
            "consent-import-returns",
            "Import consent returns",
            tooltip="Record returns from an online form (CSV); rows that are not certain are yours to decide",
        )
        self.import_returns_button.clicked.connect(lambda: self.import_returns())
        self.print_button = button("Print && export", "consent-print", "Print and export")
        self.print_button.setMenu(
            print_menu(self, self.session, lambda: self.year, self.classes, self._chosen_pupil, self.export)
        )
        widgets: list[QWidget] = [self.import_pupils_button, self.import_returns_button, self.print_button]
        self.controls += widgets
        return widgets

    @override
    def make_filters(self) -> list[Filter]:
        self.show_filter = choice_filter(
            "S&how", "consent-show-filter", "Show", SHOW_CHOICES, _show, reset_to=len(SHOW_CHOICES) - 1
        )
        self.year_group_filter = choice_filter(
            "Year &group", "consent-year-group-filter", "Year group", [("All", None)], _equals("year_group")
        )
        self.class_filter = choice_filter(
            "C&lass", "consent-class-filter", "Class", [("All", None)], _equals("class_name")
        )
        self.status_filter = choice_filter("S&tatus", "consent-status-filter", "Status", STATUS_CHOICES, _status)
        chosen: list[Filter] = [self.show_filter, self.year_group_filter, self.class_filter, self.status_filter]
        for each in chosen:
            each.stretch = 0  # the search box takes the spare width
            assert isinstance(each, ChoiceFilter)
            each.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            each.combo.setMinimumContentsLength(6)
        return chosen

    @override
    def after_load(self) -> None:
        rows = self.grid.rows()
        self._refill(
            self.year_group_filter, sorted({r.pupil.year_group for r in rows}, key=lambda y: (year_order(y), y))
        )
        self._refill(self.class_filter, sorted({r.pupil.class_name for r in rows if r.pupil.class_name}))
        average = self.table.fontMetrics().averageCharWidth()
        for column in range(len(FIXED_COLUMNS), self.grid.columnCount()):
            if self.table.columnWidth(column) < 40:
                self.table.setColumnWidth(column, 14 * average + 24)
        self.fast_button.setEnabled(bool(rows) and bool(self.grid.purposes))
        link, self._pending_link = self._pending_link, None
        if link is not None:
            self.show_record(link)
        on_roll = any(r.pupil.on_roll for r in rows)
        self.check_button.setEnabled(on_roll)
        self.import_returns_button.setEnabled(on_roll)

    @override
    def load_failed_text(self) -> str:
        return "The pupils could not be loaded."

    # -- links from the dashboard -----------------------------------------------------------------------------

    @override
    def show_record(self, record_id: object) -> None:
        """A pupil (by id), or what the dashboard's consent items name: "takedowns-<pupil id>" opens the pupil and
        the takedowns; "chase-list" shows the pupils whose form is not back and opens the chase list to print."""
        text = str(record_id)
        if not text.startswith(("takedowns-", "chase-list")):
            super().show_record(record_id)
            return
        if not self.loaded_once:
            self._pending_link = text
            return
        if text == "chase-list":
            self.reset_filters()
            self.status_filter.combo.setCurrentIndex(self.status_filter.combo.findData(NOT_RETURNED))
            from smgov.ui.sections.consent.printing import list_dialog

            self.link_dialog: QDialog = list_dialog(self, self.session, "chase", self.year, None)
            return
        pupil = text.removeprefix("takedowns-")
        if pupil.isdigit():
            super().show_record(int(pupil))
        dialog = self.posts()
        if dialog is not None:
            self.link_dialog = dialog

    # -- filters that follow the data --------------------------------------------------------------------------

    def _refill(self, chosen: ChoiceFilter, values: list[str]) -> None:
        combo = chosen.combo
        current = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem("All", None)
            for value in values:
                combo.addItem(value, value)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)
        self.proxy.set_predicate(f"filter-{self.filters.index(chosen)}", chosen.predicate())

    def _year_chosen(self) -> None:
        year = self.year_combo.currentData()
        if year is None or year == self.year:
            return
        self.year = int(year)
        self.pane.year = self.year
        self.reload()

    # -- actions -----------------------------------------------------------------------------------------------

    def _pupil(self, pupil_id: int) -> GridRow | None:
        row = self.grid.source_row_of(lambda r: r.pupil.id == pupil_id)
        return self.grid.row_at(row) if row >= 0 else None

    def record_consent(self, pupil_id: int, change: ConsentChange = ConsentChange.RETURN) -> QDialog | None:
        """Open the dialog for a return, amendment or withdrawal for the pupil."""
        from smgov.ui.sections.consent.record import RecordConsentDialog

        row = self._pupil(pupil_id)
        if row is None or not self.session.is_unlocked:
            return None
        if change is ConsentChange.RETURN and any(s.entry_id is not None for s in row.standings):
            change = ConsentChange.AMENDMENT  # the year's form is in already: what comes now amends it
        dialog = RecordConsentDialog(
            self, self.session, row.pupil, self.grid.purposes, self.year, year_choices(), change
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(lambda _ids: self.say(f"Consent recorded for {row.pupil.shown_name}."))
        dialog.open()
        return dialog

    def change_never_publish(self, pupil_id: int) -> QDialog | None:
        from smgov.ui.sections.consent.record import NeverPublishDialog

        if not self.session.is_unlocked or self.pane.details is None or self.pane.details.pupil.id != pupil_id:
            return None
        dialog = NeverPublishDialog(self, self.session, self.pane.details.pupil)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def fast_entry(self) -> QDialog | None:
        """Open fast entry for a stack of paper forms (this year's returns)."""
        from smgov.ui.sections.consent.fast_entry import FastEntryDialog

        if not self.session.is_unlocked or not self.grid.purposes:
            return None
        rows = self.grid.rows()
        returned = {row.pupil.id for row in rows if any(s.entry_id is not None for s in row.standings)}
        dialog = FastEntryDialog(
            self, self.session, [row.pupil for row in rows], self.grid.purposes, self.year, returned
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def classes(self) -> list[str]:
        """The classes of the pupils on roll, in school order."""
        seen: dict[str, tuple[int, str, str]] = {}
        for row in self.grid.rows():
            pupil = row.pupil
            if pupil.on_roll and pupil.class_name:
                seen.setdefault(pupil.class_name, (year_order(pupil.year_group), pupil.year_group, pupil.class_name))
        return sorted(seen, key=seen.__getitem__)

    def post_check(self) -> QDialog | None:
        """Open "Can I post this?" (the accounts read from the register)."""
        from smgov.data.services.accounts import list_accounts
        from smgov.ui.sections.consent.posting_check import PostCheckDialog

        if not self.session.is_unlocked:
            return None
        accounts = list_accounts(self.session.workspace)
        pupils = [row.pupil for row in self.grid.rows()]
        dialog = PostCheckDialog(self, self.session, pupils, accounts, self.classes())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(lambda _post: self.say("The post was logged."))
        dialog.open()
        return dialog

    def posts(self) -> QDialog | None:
        """Open the publication log and the takedowns."""
        from smgov.ui.sections.consent.posts import PostsDialog

        if not self.session.is_unlocked:
            return None
        dialog = PostsDialog(self, self.session)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _chosen_pupil(self) -> tuple[int, str] | None:
        details = self.pane.details
        if details is None or self.pane.isHidden():
            return None
        return details.pupil.id, details.pupil.reference

    def import_pupils(self) -> QDialog | None:
        """Open the pupil import (file, columns, preview, import)."""
        from smgov.ui.sections.consent.pupil_import import PupilImportDialog

        if not self.session.is_unlocked:
            return None
        dialog = PupilImportDialog(self, self.session)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda result: self.say(f"{result.added:,} pupils added, {result.changed:,} changed."))
        dialog.open()
        return dialog

    def import_returns(self) -> QDialog | None:
        """Open the import of online-form returns, with the review of rows that are not certain."""
        from smgov.ui.sections.consent.returns_import import ReturnsImportDialog

        if not self.session.is_unlocked:
            return None
        dialog = ReturnsImportDialog(self, self.session, self.year)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda result: self.say(f"{result.total:,} returns recorded."))
        dialog.open()
        return dialog

    def export(self) -> QDialog | None:
        from smgov.ui.sections.consent.printing import ConsentExportDialog

        if not self.session.is_unlocked:
            return None
        dialog = ConsentExportDialog(self, self.session, self.year)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_form(self, form_id: int) -> bool:
        """Read a kept form (the service records that it was opened) and show it."""
        from smgov.ui.sections.consent.form_viewer import FormViewer

        details = self.pane.details
        title = f"Consent form: {details.pupil.shown_name}" if details is not None else "Consent form"

        def read(workspace: Workspace) -> tuple[str, bytes]:
            from smgov.data.services.consent import form_bytes

            return form_bytes(workspace, form_id)

        def show(result: tuple[str, bytes]) -> None:
            viewer = FormViewer(self, title, *result)
            viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            viewer.open()
            self.form_viewer = viewer

        return run_write(self, self.session, read, show, changes=(Change.AUDIT,))

    def year_text(self) -> str:
        return year_label(self.year)
