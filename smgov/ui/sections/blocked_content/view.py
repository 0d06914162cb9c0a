"""Blocked content: requests to open a website the school's filter blocks (the Spixworth policy's Appendix A).

The register has the whole width until a request is chosen; then the request shows beside it. The requester's part
of the form can be corrected only while the request waits for the authoriser's decision; after that the pane offers
only the next steps the register allows: record the decision, record that ICT gave access, extend access, mark it
expired. The Appendix A form prints filled in from a request or blank (Ctrl+P prints the chosen request's form, or
the blank form when none is chosen).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.models import RequestStatus
from smgov.data.services.blocked_content import RequestDetails
from smgov.ui.frame.forms import button
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.frame.section import Filter, ListSection, Predicate, choice_filter
from smgov.ui.frame.tables import RowTableModel, window_shortcut
from smgov.ui.sections.blocked_content.model import RequestTableModel
from smgov.ui.sections.blocked_content.pane import RequestPane
from smgov.ui.sections.blocked_content.printing import print_blank_form

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.frame.pane import DetailsPane
    from smgov.ui.shell.session import AppSession

STATUS_CHOICES: list[tuple[str, object]] = [
    ("Every status", None),
    *((status.label, status.value) for status in RequestStatus),
]


def _status(chosen: object) -> Predicate | None:
    if chosen is None:
        return None
    status = RequestStatus(str(chosen))
    return lambda request: request.status is status


class BlockedContentView(ListSection[RequestDetails]):
    """The register on the left, the chosen request on the right."""

    section = Section.BLOCKED_CONTENT
    name = "blocked-content"
    title = "Blocked content"
    intro = (
        "Requests from staff to open a website the school's filter blocks (the policy's Appendix A): the "
        "headteacher decides, then the ICT technician gives access until an expiry or review date."
    )
    noun = ("request", "requests")
    search_placeholder = "Search requests"
    watched = frozenset({Change.BLOCKED_CONTENT})
    new_text = "New request"
    new_tooltip = "Record a new blocked content access request (Ctrl+N)"
    sort_column = RequestTableModel.REFERENCE
    sort_order = Qt.SortOrder.DescendingOrder
    gone_notice = "That request is no longer on the register."

    pane: RequestPane

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        self.blank_dialog: PrintDialog | None = None
        super().__init__(session, parent)
        self.print_shortcut = window_shortcut(self, QKeySequence.StandardKey.Print, self.print_form)
        self.print_shortcut.setEnabled(session.is_unlocked)

    @override
    def make_model(self) -> RowTableModel[RequestDetails]:
        return RequestTableModel(self)

    @override
    def make_pane(self) -> DetailsPane:
        return RequestPane(self.session, self)

    @override
    def load(self, workspace: Workspace) -> Sequence[RequestDetails]:
        from smgov.data.services.blocked_content import all_request_details

        return all_request_details(workspace)

    @override
    def make_filters(self) -> list[Filter]:
        status = choice_filter("S&tatus", "blocked-content-status-filter", "Status", STATUS_CHOICES, _status)
        self.status_filter: QComboBox = status.combo
        return [status]

    @override
    def heading_buttons(self) -> list[QWidget]:
        self.blank_button = button(
            "Blank form…",
            "blocked-content-blank-form",
            "Print the blank request form",
            tooltip="The policy's Appendix A form, blank, for a member of staff to fill in by hand.",
        )
        self.blank_button.clicked.connect(self.print_blank_form)
        return [self.blank_button]

    @override
    def after_load(self) -> None:
        if self.model.rowCount() == 0:
            self.count_label.setText("No requests yet. Press New request to record the first.")

    @override
    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        self.table.setEnabled(enabled)
        if hasattr(self, "print_shortcut"):  # not yet made while the frame builds the page
            self.print_shortcut.setEnabled(enabled)

    # -- printing ----------------------------------------------------------------------------------------------

    def print_form(self) -> PrintDialog | None:
        """Ctrl+P: the chosen request's form, or the blank form when no saved request is shown."""
        if self.pane.isVisible() and self.pane.record is not None and not self.pane.is_new:
            return self.pane.print_form()
        return self.print_blank_form()

    def print_blank_form(self) -> PrintDialog | None:
        if not self.session.is_unlocked:
            return None
        dialog = print_blank_form(self, self.session)
        dialog.finished.connect(lambda _result: self._blank_closed(dialog))
        self.blank_dialog = dialog
        return dialog

    def _blank_closed(self, dialog: PrintDialog) -> None:
        if self.blank_dialog is dialog:
            self.blank_dialog = None


__all__ = ["BlockedContentView", "RequestPane", "RequestTableModel"]
