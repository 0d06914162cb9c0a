"""The Reports section: choose the termly pack's period and audience, read it in the built-in preview, then save it
as PDF, print it or take it to the spreadsheet program; and print the registers or export the due dates.

The pack is made off the UI thread (a year of the large demo takes seconds): a choice is acted on after a short
pause, one build runs at a time, and a choice made while one runs replaces any that waited, so a stale pack is
never shown. While a new pack is being made the outputs are off: what is saved is always what is previewed.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from smgov.data import calendar
from smgov.data.areas import Change, Section
from smgov.data.errors import SmgovError, ValidationError, WorkspaceLocked
from smgov.data.workspace import Workspace
from smgov.documents.pack import PackRequest
from smgov.reports.pack.model import Period
from smgov.ui.frame import operations
from smgov.ui.frame.errors import crash_report
from smgov.ui.frame.page import SectionPage
from smgov.ui.frame.widgets import heading_label, plain_label
from smgov.ui.sections.reports.outputs import PackOutputs, RegistersAndReminders, ShownPack
from smgov.ui.sections.reports.period import PeriodChooser
from smgov.ui.sections.reports.preview import PackPreview
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

PAUSE_MS = 350  # after a change of choice, before the pack is made (typing a date changes it at every digit)
CHOICE_WIDTH = 420
UNEXPECTED = (
    "The report could not be made: smgov hit a problem it did not expect. What you saved is safe, and the details "
    "are in smgov's log. Try again, or choose another period."
)


def make_pack_pdf(workspace: Workspace, request: PackRequest, now: dt.datetime) -> bytes:
    """The pack's PDF for ``request`` (off the UI thread); nothing is made from a damaged file."""
    from smgov.documents.pack import make_pack

    workspace.check_pages()
    pdf, _period = make_pack(workspace, request, "pdf", now=now)
    return pdf


class ReportsView(SectionPage):
    """The Reports page. Builds the pack when shown, when a choice changes and when the records change; clears on
    lock.

    Signals:
        built(int): a pack is in the preview (its number of pages).
        refused(str): the choice is wrong (the message, shown beside its field); nothing was made.
        failed(str): the pack could not be made (the message shown in the preview).
    """

    section = Section.REPORTS
    built = Signal(int)
    refused = Signal(str)
    failed = Signal(str)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.shown: ShownPack | None = None
        self._wanted: PackRequest | None = None  # the newest choice not yet being made
        self._running = False
        self._epoch = 0  # bumped on lock: whatever was under way is dropped

        self.chooser = PeriodChooser(dt.date.today())
        self.outputs = PackOutputs(session, lambda: self.shown)
        self.registers = RegistersAndReminders(session)
        self.preview = PackPreview()

        choices = QWidget()
        choices.setObjectName("reports-choices")
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(heading_label("Reports", name="reports-title"))
        column.addWidget(
            plain_label(
                "The termly report for SLT or the governors, shown on the right. Every save and print is written in "
                "the audit log.",
                name="reports-intro",
            )
        )
        column.addWidget(self.chooser)
        column.addWidget(self.outputs)
        column.addWidget(self.registers)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("reports-choices-scroll")
        scroll.setWidget(choices)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(CHOICE_WIDTH)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        layout.addWidget(scroll)
        layout.addWidget(self.preview, 1)

        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_MS)
        self.pause.timeout.connect(self.refresh)
        self.chooser.changed.connect(self._chosen)

        session.locked.connect(self.clear)
        # The pack counts every area: any change makes it stale (rebuilt at once if on screen, else when next shown).
        # The audit log's own notices are left out: saving this pack would otherwise remake it.
        self.freshness = operations.ReloadWhenShown(self, self.refresh)
        session.unlocked.connect(self.freshness.mark_stale)
        session.changed.connect(self._records_changed)
        if session.is_unlocked and self.isVisible():
            self.refresh()

    # -- choosing ----------------------------------------------------------------------------------------------------

    def _chosen(self) -> None:
        self._hold_outputs()
        self.pause.start()

    def _records_changed(self, change: str) -> None:
        if change != Change.AUDIT.value:
            self.freshness.mark_stale()

    def _hold_outputs(self) -> None:
        """What is on screen no longer matches the choice: nothing may be saved until the new pack is shown."""
        self.shown = None
        self.outputs.set_ready(False)
        self.outputs.forget_status()
        self.preview.busy(True)

    # -- building --------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Make the pack for the choice now (the newest choice wins over any waiting)."""
        self.pause.stop()
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        self._wanted = self.chooser.request()
        self._hold_outputs()
        self._next()

    def busy(self) -> bool:
        """True while a pack is being made or waits to be."""
        return self._running or self._wanted is not None or self.pause.isActive()

    def _next(self) -> None:
        if self._running or self._wanted is None or not self.session.is_unlocked:
            return
        request, self._wanted = self._wanted, None
        self._running = True
        epoch = self._epoch
        workspace = self.session.workspace
        now = dt.datetime.now(dt.UTC)
        today = calendar.school_time(now).date()

        def current() -> bool:
            if epoch != self._epoch:
                return False
            if self._wanted is not None:  # a newer choice came while this one was made: make that one instead
                self._running = False
                self._next()
                return False
            return True

        def resolved(periods: tuple[Period, Period]) -> None:
            if not current():
                return
            self.chooser.show_periods(*periods)
            operations.run_in_background(
                self,
                lambda: make_pack_pdf(workspace, request, now),
                lambda pdf: made(periods[0], pdf),
                failed,
            )

        def made(period: Period, pdf: bytes) -> None:
            if not current():
                return
            self._running = False
            self._show(ShownPack(request, period, pdf))

        def failed(exc: BaseException) -> None:
            if not current():
                return
            self._running = False
            self._failed(exc)

        operations.run_in_background(self, lambda: request.periods(workspace, today), resolved, failed)

    def _show(self, shown: ShownPack) -> None:
        self.preview.busy(False)
        pages = self.preview.show_pdf(shown.pdf)
        if pages < 1:
            self.failed.emit(self.preview.message.text())
            return
        self.shown = shown
        self.outputs.set_ready(True)
        self.built.emit(pages)

    def _failed(self, exc: BaseException) -> None:
        self.preview.busy(False)
        if isinstance(exc, WorkspaceLocked) or not self.session.is_unlocked:
            return
        if isinstance(exc, ValidationError):
            if not self.chooser.show_error(exc):
                self.preview.show_message(str(exc))
            else:
                self.preview.show_message("Correct the period on the left to see the report.")
            self.refused.emit(str(exc))
            return
        if isinstance(exc, SmgovError):
            text = f"The report could not be made. {exc}"
        else:
            log.critical("the report could not be made\n%s", crash_report(type(exc), exc, exc.__traceback__))
            text = UNEXPECTED
        self.preview.show_message(text)
        self.failed.emit(text)

    # -- lock --------------------------------------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget the pack shown and anything under way (the workspace locked)."""
        self._epoch += 1
        self._running = False
        self._wanted = None
        self.pause.stop()
        self.shown = None
        self.freshness.stale = True
        self.outputs.set_ready(False)
        self.preview.clear()
