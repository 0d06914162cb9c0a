"""Fast entry for a stack of paper forms: find the pupil by typing, tick the purposes granted, Enter saves and
moves on to the next form. Everything is reachable from the keyboard.

Keys: type a name, admission number or UPN; Up and Down choose among the matches; Enter takes the pupil and goes to
the first purpose; Space ticks; Tab moves on to "Given by"; Enter saves (unticked purposes are refused) and puts the
cursor back in the search for the next form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.models.consent import ConsentChange, ConsentMethod, ConsentStatus
from smgov.data.services.consent import PurposeRow, year_label
from smgov.data.services.pupils import PupilRow
from smgov.ui.frame.dialogs import Buttons, Dialog
from smgov.ui.frame.forms import button, line_edit
from smgov.ui.frame.widgets import DateField, FieldError, plain_label
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.consent.pupil_finder import PupilFinder, pupil_line
from smgov.ui.sections.consent.record import combo

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession


class FastEntryDialog(Dialog):
    """Returns from paper forms, one after another, from the keyboard.

    Signals:
        saved(int): a return was recorded (the pupil's id).
    """

    saved = Signal(int)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        pupils: Sequence[PupilRow],
        purposes: Sequence[PurposeRow],
        year: int,
        returned: set[int] | None = None,
    ) -> None:
        super().__init__(
            parent,
            f"Fast entry of consent forms: {year_label(year)}",
            name="fast-entry",
            intro="Type the pupil's name, admission number or UPN and press Enter; tick what the form grants (Space), "
            "fill in who signed it and press Enter to save and go on to the next form. Purposes left unticked are "
            "recorded as refused.",
            buttons=Buttons.Close,
            min_width=620,
        )
        self.session = session
        self.year = year
        self.pupils = [p for p in pupils if p.on_roll]
        self.purposes = list(purposes)
        self.chosen: PupilRow | None = None
        self.returned = set(returned or ())  # pupils with a form for the year already: a second is an amendment
        self.saving = False
        self.done_lines: list[str] = []

        self.finder = PupilFinder(self.pupils, "fast-entry", "Find the pupil", "Name, admission number or UPN")
        self.finder.taken.connect(self.take_pupil)
        self.search, self.matches = self.finder.search, self.finder.matches
        self.form.addRow("&Pupil", self.search)
        self.form.addRow("", self.matches)
        self.pupil_label = plain_label("No pupil chosen yet.", name="fast-entry-pupil")
        font = self.pupil_label.font()
        font.setBold(True)
        self.pupil_label.setFont(font)
        self.form.addRow("", self.pupil_label)

        grid = QGridLayout()
        self.ticks: list[QCheckBox] = []
        for n, purpose in enumerate(self.purposes):
            tick = QCheckBox(purpose.label)
            tick.setObjectName(f"fast-entry-{purpose.key.replace('_', '-')}")
            tick.setAccessibleName(f"{purpose.label}: granted")
            grid.addWidget(tick, n // 2, n % 2)
            self.ticks.append(tick)
        self.all_button = button("Tick all", "fast-entry-tick-all", tooltip="Every purpose granted (Ctrl+A)")
        self.all_button.setShortcut("Ctrl+A")
        self.all_button.clicked.connect(self.tick_all)
        grid.addWidget(self.all_button, (len(self.ticks) + 1) // 2, 0)
        self.form.addRow("&Granted", self._holder(grid))

        self.given_by = line_edit("fast-entry-given-by", "Given by", "Name on the form")
        self.form.addRow("Given &by", self.given_by)
        self.relationship = line_edit("fast-entry-relationship", "Relationship", "e.g. Mother")
        self.form.addRow("&Relationship", self.relationship)
        self.received = DateField(accessible_name="Received on", name="fast-entry-received", default=dt.date.today())
        self.form.addRow("Recei&ved on", self.received)
        self.method = combo("fast-entry-method", "How it came", [(m.label, m) for m in ConsentMethod])
        self.form.addRow("&How", self.method)
        self.error = FieldError(name="fast-entry-error")
        self.body.addWidget(self.error)
        self.log_label = plain_label("", name="fast-entry-log")
        self.body.addWidget(self.log_label)
        self.add_stretch()

        self.save_button = button("Save and next", "fast-entry-save", tooltip="Save this form and go on (Enter)")
        self.save_button.setAutoDefault(True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.buttons.addButton(self.save_button, self.buttons.ButtonRole.ActionRole)
        session.locked.connect(self.reject)
        self.setTabOrder(self.search, self.ticks[0] if self.ticks else self.given_by)
        self._update()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def tick_all(self) -> None:
        for tick in self.ticks:
            tick.setChecked(True)

    @staticmethod
    def _holder(layout: QGridLayout) -> QWidget:
        holder = QWidget()
        holder.setLayout(layout)
        layout.setContentsMargins(0, 0, 0, 0)
        return holder

    # -- choosing the pupil ------------------------------------------------------------------------------------

    def take_pupil(self) -> bool:
        """Take the highlighted match and go to the first purpose."""
        pupil_id = self.finder.chosen_id()
        if pupil_id is None:
            self.error.show_error("No pupil matches what you typed: try the surname or the admission number.")
            return False
        self.chosen = next(p for p in self.pupils if p.id == pupil_id)
        self.error.clear()
        again = " (a form is already recorded: this one is saved as an amendment)" if pupil_id in self.returned else ""
        self.pupil_label.setText(pupil_line(self.chosen) + again)
        for tick in self.ticks:
            tick.setChecked(False)
        self._update()
        (self.ticks[0] if self.ticks else self.given_by).setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _update(self) -> None:
        self.save_button.setEnabled(self.chosen is not None and not self.saving)

    # -- saving ------------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Record this form as the pupil's return, then clear for the next."""
        pupil = self.chosen
        if pupil is None or self.saving or not self.session.is_unlocked:
            if pupil is None:
                self.error.show_error("Choose the pupil first: type their name and press Enter.")
                self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        from smgov.data.services.consent import ConsentInput

        statuses = {
            p.id: (ConsentStatus.GRANTED if tick.isChecked() else ConsentStatus.REFUSED, "")
            for p, tick in zip(self.purposes, self.ticks, strict=True)
        }
        received = self.received.date() or dt.date.today()
        form = ConsentInput(
            pupil_id=pupil.id,
            academic_year=self.year,
            change=ConsentChange.AMENDMENT if pupil.id in self.returned else ConsentChange.RETURN,
            statuses=statuses,
            received_on=received,
            method=ConsentMethod(str(self.method.currentData())),
            given_by=self.given_by.text(),
            relationship=self.relationship.text(),
        )
        granted = sum(1 for s, _ in statuses.values() if s is ConsentStatus.GRANTED)
        self.error.clear()
        self.saving = True
        self._update()

        def write(workspace: Workspace) -> list[int]:
            from smgov.data.services.consent import record_consent

            return record_consent(workspace, form)

        def done(_ids: list[int]) -> None:
            self.returned.add(pupil.id)
            line = f"Saved {pupil.shown_name}: {granted} granted, {len(statuses) - granted} refused."
            self.done_lines.append(line)
            self.log_label.setText(f"{len(self.done_lines)} saved. Last: {line}")
            self.saved.emit(pupil.id)
            self.next_form()

        def refused(exc: ValidationError) -> bool:
            self.error.show_error(str(exc))
            target = {"given_by": self.given_by, "relationship": self.relationship}.get(exc.field or "")
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            return True

        def finished() -> None:
            self.saving = False
            self._update()

        return run_write(
            self, self.session, write, done, changes=(Change.CONSENT,), on_refused=refused, on_finished=finished
        )

    def next_form(self) -> None:
        self.chosen = None
        self.pupil_label.setText("No pupil chosen yet.")
        for tick in self.ticks:
            tick.setChecked(False)
        self.given_by.clear()
        self.relationship.clear()
        self.search.clear()
        self._update()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
