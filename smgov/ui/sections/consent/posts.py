"""The publication log (what was posted showing pupils) and the takedowns a withdrawal opened, each to be marked
removed or not practicable (with why)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QTabWidget, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.models.consent import TakedownState
from smgov.data.services.posting import PostRow, TakedownRow
from smgov.ui.frame import operations
from smgov.ui.frame.dialogs import Buttons, Dialog, StepDialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, text_edit
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, SearchBox, TableView, uk_date
from smgov.ui.frame.widgets import DateField, plain_label

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

STATE_TEXT = {
    TakedownState.OPEN: "⚠ To take down",
    TakedownState.REMOVED: "✓ Removed",
    TakedownState.NOT_PRACTICABLE: "✗ Not practicable",
}


class PostModel(RowTableModel[PostRow]):
    POSTED, MEDIA, ACCOUNT, PUPILS, OVERRIDES, TAKEDOWNS, URL, DESCRIPTION = range(8)
    columns = (
        Column[PostRow]("Posted", lambda r: uk_date(r.posted_on), sort_key=lambda r: r.posted_on, width=10),
        Column[PostRow]("Media", lambda r: r.media.label, width=6),
        Column[PostRow]("Account", lambda r: f"{r.account_reference} {r.account_name}".strip(), width=18),
        Column[PostRow]("Pupils", lambda r: str(r.pupils), sort_key=lambda r: r.pupils, width=6, align_right=True),
        Column[PostRow](
            "Logged despite a no",
            lambda r: str(r.refused) if r.refused else "",
            sort_key=lambda r: r.refused,
            width=8,
            align_right=True,
        ),
        Column[PostRow](
            "Open takedowns",
            lambda r: f"⚠ {r.open_takedowns}" if r.open_takedowns else "",
            sort_key=lambda r: r.open_takedowns,
            width=9,
        ),
        Column[PostRow]("Address", lambda r: r.url, width=24),
        Column[PostRow]("Description", lambda r: r.description),
    )


class TakedownModel(RowTableModel[TakedownRow]):
    STATE, WITHDRAWN, PUPIL, POSTED, ACCOUNT, URL, DONE, NOTE = range(8)
    columns = (
        Column[TakedownRow](
            "State", lambda r: STATE_TEXT[r.state], sort_key=lambda r: r.state is not TakedownState.OPEN, width=13
        ),
        Column[TakedownRow](
            "Withdrawn from", lambda r: uk_date(r.withdrawn_on), sort_key=lambda r: r.withdrawn_on, width=10
        ),
        Column[TakedownRow]("Pupil", lambda r: f"{r.pupil_short_name} ({r.pupil_reference})", width=16),
        Column[TakedownRow]("Posted", lambda r: uk_date(r.posted_on), sort_key=lambda r: r.posted_on, width=10),
        Column[TakedownRow]("Account", lambda r: f"{r.account_reference} {r.account_name}".strip(), width=16),
        Column[TakedownRow]("Address", lambda r: r.url, width=22),
        Column[TakedownRow]("Done on", lambda r: uk_date(r.done_on), sort_key=lambda r: r.done_on, width=10),
        Column[TakedownRow]("Note", lambda r: r.note),
    )


class PostsDialog(Dialog):
    """Two lists: the publication log, and the takedowns (open first)."""

    def __init__(self, parent: QWidget, session: AppSession) -> None:
        super().__init__(
            parent,
            "Posts and takedowns",
            name="posts",
            intro="Every post logged showing pupils, and the posts to take down because consent was withdrawn.",
            buttons=Buttons.Close,
            min_width=900,
        )
        self.session = session
        self.tabs = QTabWidget()
        self.tabs.setObjectName("posts-tabs")

        self.takedown_model = TakedownModel(self)
        self.takedown_proxy = FilterProxy(self.takedown_model, self)
        self.takedown_table = TableView("Takedowns", self, name="posts-takedowns")
        self.takedown_table.use_model(self.takedown_proxy, TakedownModel.STATE)
        self.open_only = QCheckBox("Only those still to do")
        self.open_only.setObjectName("posts-open-only")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.reload())
        self.removed_button = button("Mark removed…", "posts-mark-removed")
        self.removed_button.clicked.connect(lambda: self.mark(removed=True))
        self.impracticable_button = button("Not practicable…", "posts-not-practicable")
        self.impracticable_button.clicked.connect(lambda: self.mark(removed=False))
        self.takedown_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        takedowns = QWidget()
        column = QVBoxLayout(takedowns)
        row = QHBoxLayout()
        row.addWidget(self.open_only)
        row.addStretch(1)
        row.addWidget(self.removed_button)
        row.addWidget(self.impracticable_button)
        column.addLayout(row)
        column.addWidget(self.takedown_table, 1)

        self.post_model = PostModel(self)
        self.post_proxy = FilterProxy(self.post_model, self)
        self.post_table = TableView("Publication log", self, name="posts-log")
        self.post_table.use_model(self.post_proxy, PostModel.POSTED, Qt.SortOrder.DescendingOrder)
        self.post_search = SearchBox(self, "Search the log", name="posts-search")
        self.post_search.search_changed.connect(self.post_proxy.set_search_text)
        log = QWidget()
        log_column = QVBoxLayout(log)
        log_column.addWidget(self.post_search)
        log_column.addWidget(self.post_table, 1)

        self.tabs.addTab(takedowns, "Takedowns")
        self.tabs.addTab(log, "Publication log")
        self.body.addWidget(self.tabs, 1)
        self.status = plain_label("Loading…", name="posts-status")
        self.body.addWidget(self.status)
        self.loaded = False
        session.changed.connect(self._changed)
        session.locked.connect(self.reject)
        self.reload()

    @override
    def sizeHint(self) -> QSize:
        return QSize(1100, 640).expandedTo(self.minimumSizeHint())

    def _changed(self, area: str) -> None:
        if area in (Change.CONSENT, Change.EVERYTHING):
            self.reload()

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        workspace = self.session.workspace
        open_only = self.open_only.isChecked()

        def load() -> tuple[list[PostRow], list[TakedownRow]]:
            from smgov.data.services.posting import list_posts, list_takedowns

            return list_posts(workspace), list_takedowns(workspace, open_only=open_only)

        def loaded(result: tuple[list[PostRow], list[TakedownRow]]) -> None:
            posts, takedowns = result
            self.post_model.set_rows(posts)
            self.takedown_model.set_rows(takedowns)
            still = sum(1 for t in takedowns if t.state is TakedownState.OPEN)
            self.status.setText(f"{len(posts):,} posts logged; {still:,} takedowns still to do.")
            self.tabs.setTabText(0, f"Takedowns ({still})" if still else "Takedowns")
            self.loaded = True
            self._update()

        def failed(exc: BaseException) -> None:
            show_error(self, exc)

        operations.run_in_background(self, load, loaded, failed)

    def chosen_takedown(self) -> TakedownRow | None:
        index = self.takedown_table.currentIndex()
        if not index.isValid():
            return None
        row: TakedownRow = self.takedown_proxy.row_at(index.row())
        return row

    def _update(self) -> None:
        chosen = self.chosen_takedown()
        self.removed_button.setEnabled(chosen is not None and chosen.state is not TakedownState.REMOVED)
        self.impracticable_button.setEnabled(chosen is not None and chosen.state is TakedownState.OPEN)

    def mark(self, *, removed: bool) -> StepDialog | None:
        chosen = self.chosen_takedown()
        if chosen is None:
            return None
        dialog: StepDialog = (
            RemovedDialog(self, self.session, chosen) if removed else NotPracticableDialog(self, self.session, chosen)
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def _about(takedown: TakedownRow) -> str:
    return (
        f"{takedown.media.label} posted {uk_date(takedown.posted_on)} on {takedown.account_reference} "
        f"{takedown.account_name}, showing {takedown.pupil_short_name}. {takedown.url}"
    ).strip()


class RemovedDialog(StepDialog):
    ok_text = "Mark removed"
    changes = (Change.CONSENT,)

    def __init__(self, parent: QWidget, session: AppSession, takedown: TakedownRow) -> None:
        super().__init__(parent, session, "The post was taken down", _about(takedown), name="takedown-removed")
        self.takedown = takedown
        self.on = DateField(accessible_name="Removed on", name="takedown-removed-on", default=dt.date.today())
        self.add_field("on", "Removed &on", self.on)
        self.note = text_edit("takedown-removed-note", "How", 2, "e.g. deleted; or the pupil cropped out")
        self.add_field("note", "&How", self.note)
        self.add_stretch()

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        takedown_id, on, note = self.takedown.id, self.on.date() or dt.date.today(), self.note.toPlainText()

        def write(workspace: Workspace) -> None:
            from smgov.data.services.posting import mark_removed

            mark_removed(workspace, takedown_id, on, note)

        return write


class NotPracticableDialog(StepDialog):
    ok_text = "Mark not practicable"
    changes = (Change.CONSENT,)

    def __init__(self, parent: QWidget, session: AppSession, takedown: TakedownRow) -> None:
        super().__init__(parent, session, "Removal is not practicable", _about(takedown), name="takedown-impracticable")
        self.takedown = takedown
        self.why = text_edit("takedown-impracticable-why", "Why", 3, "e.g. printed in the newsletter; shared on")
        self.add_field("why", "&Why", self.why)
        self.add_stretch()

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        takedown_id, why = self.takedown.id, self.why.toPlainText()

        def write(workspace: Workspace) -> None:
            from smgov.data.services.posting import mark_not_practicable

            mark_not_practicable(workspace, takedown_id, why)

        return write
