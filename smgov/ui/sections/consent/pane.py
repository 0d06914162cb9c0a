"""One pupil: who they are, the never-publish flag (its reason only on request, audited), their consent this year
and the whole history as a timeline per academic year, each change with who gave it, how, and the scanned form."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.models.consent import ConsentChange, ConsentStatus, NeverPublishReason
from smgov.data.services.consent import HistoryEntry, PurposeRow, Standing, year_label
from smgov.data.services.pupils import PupilRow
from smgov.ui.frame.forms import Divider, button, form_layout, hint_label, value_label
from smgov.ui.frame.pane import DetailsPane
from smgov.ui.frame.screen import scrolling
from smgov.ui.frame.tables import local_time, uk_date
from smgov.ui.frame.widgets import nothing_chosen_page, plain_label
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.consent.model import status_text

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession


@dataclass(frozen=True)
class PupilDetails:
    pupil: PupilRow
    year: int
    purposes: list[PurposeRow]
    standing: dict[int, Standing]
    history: list[HistoryEntry]


def read_pupil(workspace: Workspace, pupil_id: int, year: int) -> PupilDetails:
    from smgov.data.services import consent, pupils
    from smgov.ui.sections.consent.load import grid_date

    pupil = pupils.get_pupil(workspace, pupil_id)
    return PupilDetails(
        pupil,
        year,
        consent.purposes(workspace),
        consent.standing_on(workspace, pupil_id, grid_date(year)),
        consent.history(workspace, pupil_id),
    )


def who_gave(entry: HistoryEntry) -> str:
    if entry.by_pupil:
        return "the pupil"
    who = entry.given_by
    if entry.relationship:
        who += f" ({entry.relationship})"
    if not entry.parental_responsibility:
        who += ", without parental responsibility"
    return who


@dataclass(frozen=True)
class Step:
    """The entries one return, amendment or withdrawal added (one per purpose)."""

    entries: list[HistoryEntry]

    @property
    def first(self) -> HistoryEntry:
        return self.entries[0]

    def heading(self) -> str:
        e = self.first
        when = f"received {uk_date(e.received_on)}"
        if e.effective_on != e.received_on:
            when += f", effective {uk_date(e.effective_on)}"
        return f"{e.change.label}: {when}"

    def details(self) -> str:
        e = self.first
        lines = [
            f"{entry.purpose}: {status_text(entry.status)}" + (f" ({entry.restriction})" if entry.restriction else "")
            for entry in self.entries
        ]
        lines.append(f"Given by {who_gave(e)}, by {e.method.label.lower()}.")
        if e.note:
            lines.append(f"Note: {e.note}")
        lines.append(f"Recorded {local_time(e.recorded_at)}" + (f" by {e.recorded_by}" if e.recorded_by else ""))
        return "\n".join(lines)


def steps_of(history: list[HistoryEntry]) -> dict[int, list[Step]]:
    """Academic year -> its steps, newest year first and each year's steps in order."""

    def key(e: HistoryEntry) -> tuple[object, ...]:
        return (e.academic_year, e.change, e.received_on, e.effective_on, e.recorded_at, e.form_id, e.given_by)

    years: dict[int, list[Step]] = {}
    for _key, group in itertools.groupby(history, key):
        entries = list(group)
        years.setdefault(entries[0].academic_year, []).append(Step(entries))
    return dict(sorted(years.items(), reverse=True))


class PupilPane(DetailsPane):
    """A pupil's details and consent, changed only through dialogs (consent is appended, never edited).

    Signals (besides DetailsPane's):
        record_consent(int): Record consent… was pressed (the pupil's id).
        set_never_publish(int, bool): Set or Clear was pressed for the never-publish flag (id, currently flagged).
        open_form(int): a step's scanned form was asked for (the form's id).
    """

    record_consent = Signal(int)
    set_never_publish = Signal(int, bool)
    open_form = Signal(int)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pupil-pane")
        self.session = session
        self.year = 0
        self.details: PupilDetails | None = None
        self._record_id: int | None = None

        self.title = plain_label("", name="pupil-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = plain_label("", name="pupil-subtitle")
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.record_button = button(
            "Record consent…", "pupil-record-consent", tooltip="A return, an amendment or a withdrawal for this pupil"
        )
        self.record_button.clicked.connect(lambda: self._emit_record())
        header = QHBoxLayout()
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        header.addLayout(text, 1)
        header.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        content.setObjectName("pupil-body")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 8, 8)
        self.body.setSpacing(12)

        never = QGroupBox("Never publish")
        never.setObjectName("pupil-never-publish")
        never_form = form_layout(never)
        self.never_value = value_label("pupil-never-publish-value", "Never publish")
        never_form.addRow("Flag", self.never_value)
        self.reason_value = value_label("pupil-never-publish-reason", "Never-publish reason")
        self.reason_value.hide()
        self.show_reason_button = button(
            "Show reason", "pupil-show-reason", tooltip="Show why (recorded in the audit log)"
        )
        self.show_reason_button.clicked.connect(self.show_reason)
        self.never_button = button("Set never publish…", "pupil-never-publish-change")
        self.never_button.clicked.connect(self._emit_never)
        row = QHBoxLayout()
        row.addWidget(self.show_reason_button)
        row.addWidget(self.never_button)
        row.addStretch(1)
        never_form.addRow(self.reason_value)
        never_form.addRow(row)
        self.body.addWidget(never)

        self.now_group = QGroupBox("Consent")
        self.now_group.setObjectName("pupil-now")
        self.now_form: QFormLayout = form_layout(self.now_group)
        self.body.addWidget(self.now_group)

        self.history_group = QGroupBox("History")
        self.history_group.setObjectName("pupil-history")
        self.history_layout = QVBoxLayout(self.history_group)
        self.body.addWidget(self.history_group)
        who = QGroupBox("Pupil")
        who.setObjectName("pupil-who")
        form = form_layout(who)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("legal", "Legal name"),
            ("preferred", "Preferred name"),
            ("admission", "Admission number"),
            ("upn", "UPN"),
            ("year", "Year group"),
            ("class", "Class"),
            ("roll", "On roll"),
        ):
            self.values[key] = value_label(f"pupil-{key}", label)
            form.addRow(label, self.values[key])
        self.body.addWidget(who)

        self.body.addStretch(1)
        self.history_lines: list[str] = []

        details_page = QWidget()
        page = QVBoxLayout(details_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(8)
        page.addLayout(header)
        page.addWidget(Divider())
        self.scroll_area = scrolling(content, "pupil-scroll")
        page.addWidget(self.scroll_area, 1)
        self.details_page = details_page
        self.empty = nothing_chosen_page(
            "No pupil chosen", "Choose a pupil in the list to see their consent and its history.", name="pupil-empty"
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(details_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.clear()

    # -- DetailsPane -------------------------------------------------------------------------------------------

    @property
    @override
    def record_id(self) -> int | None:
        return self._record_id

    @override
    def open(self, record_id: int) -> bool:
        if not self.session.is_unlocked:
            return False
        try:
            details = read_pupil(self.session.workspace, record_id, self.year)
        except ValidationError:
            self.clear()
            return False
        self.display(details)
        return True

    @override
    def clear(self) -> None:
        self._record_id = None
        self.details = None
        self.title.clear()
        self.subtitle.clear()
        self.stack.setCurrentWidget(self.empty)

    # -- showing -----------------------------------------------------------------------------------------------

    def display(self, details: PupilDetails) -> None:
        self.details = details
        pupil = details.pupil
        self._record_id = pupil.id
        self.title.setText(pupil.shown_name)
        self.subtitle.setText("  ·  ".join(p for p in (pupil.year_group, pupil.class_name, pupil.reference) if p))
        v = self.values
        v["legal"].setText(f"{pupil.legal_first_name} {pupil.legal_last_name}")
        v["preferred"].setText(pupil.preferred_first_name or "(the legal first name)")
        v["admission"].setText(pupil.admission_number or "None")
        v["upn"].setText(pupil.upn or "None")
        v["year"].setText(pupil.year_group)
        v["class"].setText(pupil.class_name)
        v["roll"].setText("Yes" if pupil.on_roll else f"No: off roll since {uk_date(pupil.off_roll_on)}")
        self.never_value.setText("⊘ Yes: never publish any image of this pupil" if pupil.never_publish else "No")
        self.reason_value.clear()
        self.reason_value.hide()
        self.show_reason_button.setVisible(pupil.never_publish)
        self.show_reason_button.setEnabled(True)
        self.never_button.setText("Clear never publish…" if pupil.never_publish else "Set never publish…")
        self.record_button.setEnabled(pupil.on_roll)
        self._show_now(details)
        self._show_history(details)
        self.stack.setCurrentWidget(self.details_page)

    def _show_now(self, details: PupilDetails) -> None:
        while self.now_form.rowCount():
            self.now_form.removeRow(0)
        self.now_group.setTitle(f"Consent for {year_label(details.year)}")
        for purpose in details.purposes:
            standing = details.standing.get(purpose.id)
            status = standing.status if standing is not None else ConsentStatus.NOT_RETURNED
            text = status_text(status)
            if standing is not None and standing.restriction:
                text += f": {standing.restriction}"
            label = value_label(f"pupil-now-{purpose.key}", purpose.label)
            label.setText(text)
            self.now_form.addRow(purpose.label, label)

    def _show_history(self, details: PupilDetails) -> None:
        while self.history_layout.count():
            item = self.history_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.history_lines = []
        years = steps_of(details.history)
        if not years:
            empty = hint_label("No consent has been recorded for this pupil yet.", name="pupil-history-empty")
            self.history_layout.addWidget(empty)
            self.history_lines.append(empty.text())
            return
        for year, steps in years.items():
            heading = plain_label(year_label(year), name=f"pupil-history-{year}")
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.history_layout.addWidget(heading)
            for n, step in enumerate(steps):
                self.history_layout.addWidget(self._step_widget(year, n, step))

    def _step_widget(self, year: int, n: int, step: Step) -> QWidget:
        box = QFrame()
        box.setObjectName(f"pupil-step-{year}-{n}")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(box)
        column.setContentsMargins(8, 6, 8, 6)
        heading = plain_label(step.heading(), name=f"pupil-step-{year}-{n}-heading")
        font = heading.font()
        font.setBold(step.first.change is ConsentChange.WITHDRAWAL)
        heading.setFont(font)
        details = plain_label(step.details(), name=f"pupil-step-{year}-{n}-details")
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(heading)
        column.addWidget(details)
        self.history_lines.append(f"{year_label(year)} {step.heading()}\n{step.details()}")
        form_id = step.first.form_id
        if form_id is not None:
            show = button("Open the form…", f"pupil-step-{year}-{n}-form", tooltip="Opening it is recorded")
            show.clicked.connect(lambda _checked=False, f=form_id: self.open_form.emit(f))
            column.addWidget(show, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    # -- actions -----------------------------------------------------------------------------------------------

    def _emit_record(self) -> None:
        if self._record_id is not None:
            self.record_consent.emit(self._record_id)

    def _emit_never(self) -> None:
        if self.details is not None:
            self.set_never_publish.emit(self.details.pupil.id, self.details.pupil.never_publish)

    def show_reason(self) -> bool:
        """Ask the register why this pupil is never published (the service records that it was shown)."""
        pupil_id = self._record_id
        if pupil_id is None:
            return False
        self.show_reason_button.setEnabled(False)

        def read(workspace: Workspace) -> tuple[NeverPublishReason | None, str]:
            from smgov.data.services.pupils import never_publish_reason

            return never_publish_reason(workspace, pupil_id)

        def shown(result: tuple[NeverPublishReason | None, str]) -> None:
            if self._record_id != pupil_id:
                return
            reason, note = result
            text = reason.label if reason is not None else "No reason recorded"
            self.reason_value.setText(f"{text}: {note}" if note else text)
            self.reason_value.show()
            self.show_reason_button.hide()

        return run_write(
            self,
            self.session,
            read,
            shown,
            changes=(Change.AUDIT,),
            on_finished=lambda: self.show_reason_button.setEnabled(True),
        )
