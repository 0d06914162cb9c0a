"""The consent purposes on the settings page: what parents are asked to agree to, in the order the form and the
register list them. Changes happen at once (each is audited); a purpose is retired, never deleted, because the
consent history refers to it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.services.consent import PurposeRow
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, hint_label, line_edit
from smgov.ui.frame.operations import run_in_background
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView
from smgov.ui.frame.writes import run_write
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

MEDIA = (("Photos and videos", "both"), ("Photos only", "photo"), ("Videos only", "video"))
MEDIA_LABELS = {value: text for text, value in MEDIA}


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_month_text(month_day: str) -> str:
    """ "10-01" -> "1 October" (how the settings page shows the chase date)."""
    try:
        month, day = (int(part) for part in month_day.split("-"))
        return f"{day} {MONTHS[month - 1]}"
    except (ValueError, IndexError):
        return month_day


def parse_day_month(text: str) -> str:
    """ "1 October", "1 Oct", "01/10" or "1-10" (day then month, as UK dates are written) -> "10-01". Anything else
    is handed on as typed, for the service to refuse with its message."""
    cleaned = " ".join(text.replace("/", " ").replace("-", " ").replace(".", " ").split()).lower()
    parts = cleaned.split(" ")
    if len(parts) == 2 and parts[0].isdigit():
        day, month_text = int(parts[0]), parts[1]
        month = (
            int(month_text)
            if month_text.isdigit()
            else next(
                (
                    n
                    for n, name in enumerate(MONTHS, start=1)
                    if len(month_text) >= 3 and name.lower().startswith(month_text)
                ),
                0,
            )
        )
        if 1 <= month <= 12:
            return f"{month:02d}-{day:02d}"
    return text


class PurposeModel(RowTableModel[PurposeRow]):
    LABEL, MEDIA_COLUMN, SOCIAL, STATE = range(4)
    columns = (
        Column[PurposeRow]("Purpose", lambda r: r.label, width=30),
        Column[PurposeRow]("Covers", lambda r: MEDIA_LABELS.get(r.media, r.media), width=16),
        Column[PurposeRow]("Needed to post", lambda r: "Yes: social media" if r.social_media else "", width=18),
        Column[PurposeRow]("In use", lambda r: "In use" if r.active else "Retired", width=10),
    )


class PurposeDialog(StepDialog):
    """Add a purpose, or change one's name, what it covers and whether a post on social media needs it."""

    changes = (Change.CONSENT, Change.SETTINGS)

    def __init__(self, parent: QWidget, session: AppSession, purpose: PurposeRow | None = None) -> None:
        adding = purpose is None
        super().__init__(
            parent,
            session,
            "Add a consent purpose" if adding else "Change a consent purpose",
            "Parents are asked about each purpose on the consent form, and the register shows a column for it.",
            name="purpose-dialog",
        )
        self.purpose = purpose
        self.label = line_edit("purpose-label", "Purpose", "e.g. Class blog")
        self.media = QComboBox()
        self.media.setObjectName("purpose-media")
        self.media.setAccessibleName("Covers")
        for text, value in MEDIA:
            self.media.addItem(text, value)
        self.social = QCheckBox("A post on the school's social media needs this consent")
        self.social.setObjectName("purpose-social")
        if purpose is not None:
            self.label.setText(purpose.label)
            self.media.setCurrentIndex(max(0, self.media.findData(purpose.media)))
            self.social.setChecked(purpose.social_media)
        self.add_field("label", "&Purpose", self.label)
        self.add_field("media", "&Covers", self.media)
        self.add_field("social_media", "", self.social)
        self.field_aliases = {"name": "label"}
        self.add_stretch()

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        label, media, social = self.label.text(), str(self.media.currentData()), self.social.isChecked()
        purpose = self.purpose

        def write(workspace: Workspace) -> PurposeRow:
            from smgov.data.services import consent

            if purpose is None:
                return consent.add_purpose(workspace, label, media=media, social_media=social)
            return consent.update_purpose(workspace, purpose.id, label=label, media=media, social_media=social)

        return write


class ConsentPurposes(QGroupBox):
    """The purposes, with Add, Change, Move up and down, and Retire or Restore: each saved at once."""

    def __init__(self, session: AppSession) -> None:
        super().__init__("Consent purposes")
        self.setObjectName("settings-purposes")
        self.session = session
        self.rows: list[PurposeRow] = []
        self.dialog: PurposeDialog | None = None
        self._wanted: int | None = None
        column = QVBoxLayout(self)
        column.addWidget(
            hint_label(
                "What parents and carers are asked to agree to. A retired purpose is no longer asked about, and the "
                "consent already given for it is kept."
            )
        )
        self.model = PurposeModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("Consent purposes", self, name="settings-purpose-table")
        self.table.use_model(self.proxy)
        self.table.setSortingEnabled(False)  # the order is the purposes' own, as the form lists them
        self.table.setMinimumHeight(150)
        self.table.setMaximumHeight(240)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _index: self.change())
        column.addWidget(self.table)
        self.add_button = button("Add…", "settings-purpose-add", "Add a consent purpose")
        self.add_button.clicked.connect(self.add)
        self.change_button = button("Change…", "settings-purpose-change", "Change the consent purpose")
        self.change_button.clicked.connect(self.change)
        self.up_button = button("Move up", "settings-purpose-up", "Move the purpose up")
        self.up_button.clicked.connect(lambda: self.move_purpose(-1))
        self.down_button = button("Move down", "settings-purpose-down", "Move the purpose down")
        self.down_button.clicked.connect(lambda: self.move_purpose(1))
        self.retire_button = button("Retire", "settings-purpose-retire", "Retire or restore the consent purpose")
        self.retire_button.clicked.connect(self.retire_or_restore)
        row = QHBoxLayout()
        for widget in (self.add_button, self.change_button, self.up_button, self.down_button):
            row.addWidget(widget)
        row.addSpacing(16)
        row.addWidget(self.retire_button)
        row.addStretch(1)
        column.addLayout(row)
        session.changed.connect(self._on_changed)
        self._enable()

    # -- reading ------------------------------------------------------------------------------------------------

    def load(self) -> None:
        if not self.session.is_unlocked:
            return
        workspace = self.session.workspace

        def read() -> list[PurposeRow]:
            from smgov.data.services import consent

            return consent.purposes(workspace, include_retired=True)

        def failed(exc: BaseException) -> None:
            show_error(self, exc, "Consent purposes")

        run_in_background(self, read, self.set_rows, failed)

    def set_rows(self, rows: list[PurposeRow]) -> None:
        chosen = self.current()
        wanted = self._wanted if self._wanted is not None else chosen.id if chosen is not None else None
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        if wanted is not None:
            self.select(wanted)
        self._enable()

    def clear(self) -> None:
        self.set_rows([])

    def _on_changed(self, area: str) -> None:
        if area in (Change.CONSENT, Change.SETTINGS, Change.EVERYTHING):
            self.load()

    def current(self) -> PurposeRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def select(self, purpose_id: int) -> None:
        """Choose the purpose; one not listed yet (just added, the list reloading) is chosen when it arrives."""
        for n, row in enumerate(self.rows):
            if row.id == purpose_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(n, 0)).row())
                self._wanted = None
                return
        self._wanted = purpose_id

    def _enable(self) -> None:
        chosen = self.current()
        position = self.rows.index(chosen) if chosen in self.rows else -1
        self.change_button.setEnabled(chosen is not None)
        self.up_button.setEnabled(position > 0)
        self.down_button.setEnabled(0 <= position < len(self.rows) - 1)
        self.retire_button.setEnabled(chosen is not None)
        self.retire_button.setText("Restore" if chosen is not None and not chosen.active else "Retire")

    # -- changing -----------------------------------------------------------------------------------------------

    def add(self) -> PurposeDialog:
        return self._open(PurposeDialog(self, self.session))

    def change(self) -> PurposeDialog | None:
        chosen = self.current()
        return None if chosen is None else self._open(PurposeDialog(self, self.session, chosen))

    def _open(self, dialog: PurposeDialog) -> PurposeDialog:
        self.dialog = dialog
        dialog.recorded.connect(lambda row: self.select(row.id) if isinstance(row, PurposeRow) else None)
        dialog.open()
        return dialog

    def move_purpose(self, step: int) -> None:
        chosen = self.current()
        if chosen is None:
            return
        order = [row.id for row in self.rows]
        at = order.index(chosen.id)
        if not 0 <= at + step < len(order):
            return
        order[at], order[at + step] = order[at + step], order[at]
        self._write(lambda workspace: _reorder(workspace, order), chosen.id)

    def retire_or_restore(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        active = chosen.active
        self._write(lambda workspace: _retire(workspace, chosen.id, active), chosen.id)

    def _write(self, op: Callable[[Workspace], Any], keep: int) -> None:
        run_write(
            self,
            self.session,
            op,
            lambda _result: self.select(keep),
            changes=(Change.CONSENT, Change.SETTINGS),
            refused_title="Consent purposes",
        )


def _reorder(workspace: Workspace, order: list[int]) -> None:
    from smgov.data.services import consent

    consent.reorder_purposes(workspace, order)


def _retire(workspace: Workspace, purpose_id: int, active: bool) -> None:
    from smgov.data.services import consent

    if active:
        consent.retire_purpose(workspace, purpose_id)
    else:
        consent.restore_purpose(workspace, purpose_id)
