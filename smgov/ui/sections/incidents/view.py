"""The incidents section: the incident log (search and filters) and, once one is chosen, that incident beside it.

The log loads in the background (20,000 incidents take a fraction of a second, their text prepared off the UI
thread), filters in memory as you type, and counts each response down by the minute. A write that returns the
incident it changed (its details, a timeline entry, a piece of evidence) puts back that one row, not all 20,000.
Until an incident is chosen the list has the whole width; then the incident takes the right-hand side at full
height, where its timeline and description read as a page (see ``split``). Log incident (Ctrl+N) opens the form;
Ctrl+V pastes a screenshot onto the chosen incident; Ctrl+P prints its report for SLT. Locking clears everything
shown, dialogs included.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.models import IncidentCategory, IncidentStatus
from smgov.data.services.incidents import IncidentDetails, IncidentRow, TimelineEntry
from smgov.ui.frame.forms import button
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.section import Filter, ListSection, Predicate, choice_filter
from smgov.ui.frame.tables import RowTableModel, window_shortcut
from smgov.ui.sections.incidents.common import SHORT_CATEGORY, school_time_text
from smgov.ui.sections.incidents.details import IncidentPane
from smgov.ui.sections.incidents.model import IncidentTableModel

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.frame.printing import PrintDialog
    from smgov.ui.sections.incidents.form import IncidentFormDialog
    from smgov.ui.shell.session import AppSession

TICK_MS = 60_000


def _status(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    status = IncidentStatus(str(chosen))
    return lambda row: row.status is status


def _category(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    category = IncidentCategory(str(chosen))
    return lambda row: row.category is category


def _open(row: IncidentRow) -> bool:
    return row.status is not IncidentStatus.CLOSED


def _safeguarding(row: IncidentRow) -> bool:
    return row.safeguarding_concern


class IncidentsView(ListSection[IncidentRow]):
    """The incident log on the left, the chosen incident on the right."""

    section = Section.INCIDENTS
    name = "incidents"
    title = "Incidents"
    intro = (
        "What went wrong online and what was done about it: each response is due within the time set in Settings. "
        "Paste a screenshot onto an incident with Ctrl+V."
    )
    noun = ("incident", "incidents")
    search_placeholder = "Search incidents"
    watched = frozenset({Change.INCIDENTS, Change.ACCOUNTS})  # an account's name shows on its incidents
    new_text = "Log incident"
    new_tooltip = "Log a new incident (Ctrl+N)"
    sort_column = IncidentTableModel.RECEIVED
    sort_order = Qt.SortOrder.DescendingOrder
    # Beside the list, not under it: at 1366×768 a pane under the list leaves the tabs a few lines for the timeline
    # and the description; beside it the incident has the section's whole height, and the list (its first columns
    # are the reference, when received, status and response) stays a list to move through.
    vertical = False
    split = (11, 9)
    gone_notice = "That incident is no longer in the log."
    record_change = Change.INCIDENTS

    pane: IncidentPane
    model: IncidentTableModel
    shortcuts: tuple[QShortcut, ...] = ()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.open_only = QCheckBox("Open only")
        self.open_only.setObjectName("incidents-open-only")
        self.open_only.setToolTip("Hide closed incidents")
        self.open_only.toggled.connect(lambda on: self.proxy.set_predicate("open-only", _open if on else None))
        self.safeguarding_only = QCheckBox("Safeguarding only")
        self.safeguarding_only.setObjectName("incidents-safeguarding-only")
        self.safeguarding_only.setToolTip("Only incidents marked as safeguarding concerns")
        self.safeguarding_only.toggled.connect(
            lambda on: self.proxy.set_predicate("safeguarding-only", _safeguarding if on else None)
        )
        self.filter_bar.addSpacing(10)
        for box in (self.open_only, self.safeguarding_only):
            self.filter_bar.addWidget(box)
            self.controls.append(box)
            box.setEnabled(self.loaded_once)
        self.setTabOrder(self.category_filter, self.open_only)
        self.setTabOrder(self.open_only, self.safeguarding_only)
        self.setTabOrder(self.safeguarding_only, self.table)

        self.model.palette_widget = self.table  # whose palette picks the overdue red (light or dark)
        metrics = self.table.fontMetrics()
        icon_room = 16 + 4 + 18  # the marker icon, its gap and the cell's padding
        for column, widest in (
            (IncidentTableModel.STATUS, "Escalated · Safeguarding"),
            (IncidentTableModel.RESPONSE, "Overdue by 1 day 23 h"),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(widest) + icon_room)

        self.paste_shortcut = window_shortcut(self, QKeySequence.StandardKey.Paste, self.paste)
        self.print_shortcut = window_shortcut(self, QKeySequence.StandardKey.Print, self.print_report)
        self.shortcuts = (self.paste_shortcut, self.print_shortcut)
        self.set_enabled(self.loaded_once)

        self.clock = QTimer(self)
        self.clock.setInterval(TICK_MS)
        self.clock.timeout.connect(self.tick)

    # -- what the frame asks for ---------------------------------------------------------------------------------

    @override
    def make_model(self) -> RowTableModel[IncidentRow]:
        return IncidentTableModel(self)

    @override
    def make_pane(self) -> DetailsPane:
        return IncidentPane(self.session, self)

    @override
    def load(self, workspace: Workspace) -> Sequence[IncidentRow]:
        from smgov.data.services.incidents import list_incidents

        return list_incidents(workspace, for_search=False)  # the table builds its own search text

    @override
    def changed_records(self, result: object) -> Collection[int] | None:
        from smgov.data.services.evidence import EvidenceInfo
        from smgov.ui.sections.incidents.evidence_adding import Outcome

        if isinstance(result, IncidentDetails):
            return (result.id,)
        if isinstance(result, TimelineEntry | EvidenceInfo):
            return (result.incident_id,)
        if isinstance(result, Outcome):  # screenshots pasted or dropped: their incident's evidence count
            return {added.incident_id for added in result.added}
        return None  # a content report, or a result naming no incident: the whole log is read again

    @override
    def load_rows(self, workspace: Workspace, ids: Sequence[int]) -> Sequence[IncidentRow]:
        from smgov.data.services.incidents.queries import get_rows

        return get_rows(workspace, ids)

    @override
    def make_filters(self) -> list[Filter]:
        statuses: list[tuple[str, object]] = [("All", None), *((s.label, s.value) for s in IncidentStatus)]
        status = choice_filter("S&tatus", "incidents-status-filter", "Status", statuses, _status)
        categories: list[tuple[str, object]] = [
            ("All categories", None),
            *((SHORT_CATEGORY[c], c.value) for c in IncidentCategory),
        ]
        category = choice_filter("C&ategory", "incidents-category-filter", "Category", categories, _category)
        for position, chosen in enumerate(IncidentCategory, start=1):
            category.combo.setItemData(position, chosen.label, Qt.ItemDataRole.ToolTipRole)
        category.combo.setMinimumContentsLength(16)
        category.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        status.stretch = 0
        self.status_filter: QComboBox = status.combo
        self.category_filter: QComboBox = category.combo
        return [status, category]

    @override
    def heading_buttons(self) -> list[QWidget]:
        self.export_button = button("Export…", "incidents-export", tooltip="Save the incident log as a spreadsheet")
        self.export_button.clicked.connect(self.export)
        return [self.export_button]

    @override
    def after_load(self) -> None:
        self.tick()
        self.clock.start()
        if not self.model.rowCount():
            self.count_label.setText("No incidents yet. Press Log incident to record the first.")

    @override
    def load_failed_text(self) -> str:
        return "The incident log could not be loaded."

    @override
    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(enabled)

    @override
    def clear(self) -> None:
        self.clock.stop()
        super().clear()

    @override
    def reset_filters(self) -> None:
        super().reset_filters()
        self.open_only.setChecked(False)
        self.safeguarding_only.setChecked(False)

    # -- the clock -----------------------------------------------------------------------------------------------

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()

    def tick(self) -> None:
        """A minute passed: the time left in the table and the pane counts down."""
        self.model.tick()
        self.table.viewport().update()
        self.pane.tick()

    # -- logging an incident -------------------------------------------------------------------------------------

    @override
    def new_record(self) -> bool:
        return self.new_incident() is not None

    def new_incident(self) -> IncidentFormDialog | None:
        """Open the form for a new incident (Ctrl+N); the one already open comes to the front."""
        from smgov.ui.sections.incidents.form import IncidentFormDialog

        if not self.session.is_unlocked:
            return None
        for form in self.findChildren(IncidentFormDialog):
            if form.is_new and form.isVisible():
                form.raise_()
                form.activateWindow()
                return form
        form = IncidentFormDialog(self, self.session)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.recorded.connect(self._logged)
        form.open()
        return form

    def _logged(self, details: IncidentDetails) -> None:
        # The list reloads (the form announced the change) and then marks the incident's row.
        self.open_id(details.id)
        due = school_time_text(details.due_at)
        self.pane.show_notice(
            f"{details.reference} is logged"
            + (f"; the response is due {due}" if due else "")
            + ". Paste the screenshot now with Ctrl+V, or drop the file here."
        )

    # -- the chosen incident's shortcuts, and the export ---------------------------------------------------------

    def paste(self) -> bool:
        """Ctrl+V: add the clipboard's picture to the chosen incident."""
        if self.pane.record_id is None:
            self.say("Choose an incident first (or log one with Ctrl+N), then paste the screenshot.")
            return False
        return self.pane.paste()

    def print_report(self) -> PrintDialog | None:
        """Ctrl+P: the chosen incident's report for SLT."""
        return self.pane.print_report()

    def export(self) -> QDialog | None:
        from smgov.ui.sections.incidents.export import ExportDialog

        if not self.session.is_unlocked:
            return None
        dialog = ExportDialog(self, self.session)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(lambda path: self.say(f"Saved {path.name}."))
        dialog.open()
        return dialog

    def shown_rows(self) -> list[IncidentRow]:
        """The rows the list shows, in order (tests)."""
        return [self.proxy.row_at(row) for row in range(self.proxy.rowCount())]
