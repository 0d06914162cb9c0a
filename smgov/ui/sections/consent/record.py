"""Recording consent: a return, an amendment or a withdrawal for one pupil (appended, never edited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.models.consent import ConsentChange, ConsentMethod, ConsentStatus, NeverPublishReason
from smgov.data.services.consent import PurposeRow
from smgov.data.services.pupils import PupilRow
from smgov.ui.frame import pdf_output
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import button, line_edit, text_edit
from smgov.ui.frame.widgets import DateField, plain_label

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

FORM_FILTER = "Scanned forms (*.pdf *.png *.jpg *.jpeg);;All files (*)"
STATUS_CHOICES: tuple[tuple[str, ConsentStatus | None], ...] = (
    ("No change", None),
    ("✓ Granted", ConsentStatus.GRANTED),
    ("✗ Refused", ConsentStatus.REFUSED),
    ("✓* Granted with restrictions", ConsentStatus.RESTRICTED),
)


def combo(name: str, accessible: str, choices: Sequence[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never focused (or changed) by the mouse wheel
    for text, data in choices:
        box.addItem(text, data)
    return box


def read_form_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path.name} cannot be read ({exc.strerror or type(exc).__name__}).", "form") from exc


class PurposeChoice:
    """One purpose's row: the status and, for granted with restrictions, what they are."""

    def __init__(self, purpose: PurposeRow) -> None:
        self.purpose = purpose
        key = purpose.key.replace("_", "-")
        self.status = combo(f"record-consent-status-{key}", f"{purpose.label}: consent", STATUS_CHOICES)
        self.restriction = line_edit(
            f"record-consent-restriction-{key}", f"{purpose.label}: restriction", "e.g. first name only"
        )
        self.restriction.setEnabled(False)
        self.status.currentIndexChanged.connect(self._changed)

    def _changed(self) -> None:
        restricted = self.status.currentData() == ConsentStatus.RESTRICTED
        self.restriction.setEnabled(restricted)
        if restricted:
            self.restriction.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> tuple[ConsentStatus, str] | None:
        data = self.status.currentData()
        if data is None:
            return None
        return ConsentStatus(str(data)), self.restriction.text()

    def set(self, status: ConsentStatus | None) -> None:
        self.status.setCurrentIndex(self.status.findData(status))


class RecordConsentDialog(StepDialog):
    """A return, amendment or withdrawal: per purpose granted, refused or granted with restrictions; who gave it,
    when it was received and from when it counts (never earlier), how, and the scanned form.

    Signals: those of StepDialog (``recorded`` with the new entries' ids).
    """

    ok_text = "Record"
    changes = (Change.CONSENT,)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        pupil: PupilRow,
        purposes: Sequence[PurposeRow],
        year: int,
        years: Sequence[tuple[str, int]],
        change: ConsentChange = ConsentChange.RETURN,
    ) -> None:
        super().__init__(
            parent,
            session,
            f"Record consent: {pupil.shown_name}",
            "Consent is added to the pupil's history, never changed: an amendment or withdrawal takes effect from "
            "its date and does not undo what was used before.",
            name="record-consent",
        )
        self.pupil = pupil
        self.form_path: Path | None = None
        self._last_received: dt.date | None = dt.date.today()
        self.field_aliases = {"pupil": "change", "restriction": "statuses"}

        self.change = combo("record-consent-change", "What this is", [(c.label, c) for c in ConsentChange])
        self.change.setCurrentIndex(self.change.findData(change))
        self.add_field("change", "&What", self.change)
        self.year = combo("record-consent-year", "Academic year", [(label, y) for label, y in years])
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.add_field("academic_year", "&Year", self.year)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.choices: list[PurposeChoice] = []
        for row, purpose in enumerate(purposes):
            choice = PurposeChoice(purpose)
            label = QLabel(purpose.label)
            label.setBuddy(choice.status)
            grid.addWidget(label, row, 0)
            grid.addWidget(choice.status, row, 1)
            grid.addWidget(choice.restriction, row, 2)
            self.choices.append(choice)
        holder = QWidget()
        holder.setObjectName("record-consent-purposes")
        self.set_all = button("All granted", "record-consent-all-granted", tooltip="Set every purpose to granted")
        self.set_all.clicked.connect(lambda: self._set_every(ConsentStatus.GRANTED))
        self.refuse_all = button("All refused", "record-consent-all-refused", tooltip="Set every purpose to refused")
        self.refuse_all.clicked.connect(lambda: self._set_every(ConsentStatus.REFUSED))
        quick = QHBoxLayout()
        quick.addWidget(self.set_all)
        quick.addWidget(self.refuse_all)
        quick.addStretch(1)
        grid.addLayout(quick, len(purposes), 0, 1, 3)
        self.add_field("statuses", "&Consent", holder, layout=grid)

        self.given_by = line_edit("record-consent-given-by", "Given by", "Name of the parent or carer")
        self.add_field("given_by", "&Given by", self.given_by)
        self.relationship = line_edit("record-consent-relationship", "Relationship", "e.g. Mother, Foster carer")
        self.add_field("relationship", "&Relationship", self.relationship)
        self.responsibility = QCheckBox("Has parental responsibility")
        self.responsibility.setObjectName("record-consent-responsibility")
        self.responsibility.setChecked(True)
        self.by_pupil = QCheckBox("The pupil's own consent (where the school accepts it)")
        self.by_pupil.setObjectName("record-consent-by-pupil")
        self.by_pupil.toggled.connect(self._by_pupil)
        checks = QHBoxLayout()
        checks.addWidget(self.responsibility)
        checks.addWidget(self.by_pupil)
        checks.addStretch(1)
        self.add_field("by_pupil", "", self.by_pupil, layout=checks)

        today = dt.date.today()
        self.received = DateField(accessible_name="Received on", name="record-consent-received", default=today)
        self.add_field("received_on", "Recei&ved on", self.received)
        self.effective = DateField(accessible_name="Effective from", name="record-consent-effective", default=today)
        self.add_field("effective_on", "&Effective from", self.effective, "Never earlier than it was received.")
        self.received.dateChanged.connect(self._received_changed)
        self.method = combo("record-consent-method", "How it came", [(m.label, m) for m in ConsentMethod])
        self.add_field("method", "&How", self.method)

        self.attach = button("Attach the scanned form…", "record-consent-attach", "Attach the scanned form")
        self.attach.clicked.connect(self.choose_form)
        self.form_label = plain_label("No form attached (PDF, PNG or JPEG).", name="record-consent-form-file")
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attach)
        attach_row.addWidget(self.form_label, 1)
        self.add_field("form", "Scanned &form", self.attach, layout=attach_row)
        self.note = text_edit("record-consent-note", "Note", 2, "A withdrawal must be in writing: where is it kept?")
        self.add_field("note", "&Note", self.note)
        self.add_stretch()
        self.change.currentIndexChanged.connect(self._change_changed)
        self._change_changed()

    # -- behaviour ---------------------------------------------------------------------------------------------

    def _set_every(self, status: ConsentStatus) -> None:
        for choice in self.choices:
            choice.set(status)

    def _by_pupil(self, own: bool) -> None:
        self.given_by.setEnabled(not own)
        self.relationship.setEnabled(not own)
        self.responsibility.setEnabled(not own)

    def _received_changed(self, received: dt.date | None) -> None:
        if received is None:
            return
        effective = self.effective.date()
        if effective is None or effective < received or effective == self._last_received:
            self.effective.setDate(received)  # follows the received date until set apart from it
        self.effective.edit.setMinimumDate(self.received.edit.date())
        self._last_received = received

    def _change_changed(self) -> None:
        withdrawal = self.change.currentData() == ConsentChange.WITHDRAWAL
        for choice in self.choices:
            for status in (ConsentStatus.GRANTED, ConsentStatus.RESTRICTED):
                index = choice.status.findData(status)
                item = choice.status.model().index(index, 0)
                # A withdrawal only refuses; an amendment changes a restriction.
                choice.status.model().setData(item, 0 if withdrawal else 33, Qt.ItemDataRole.UserRole - 1)
            if withdrawal and choice.chosen() is not None and choice.status.currentData() != ConsentStatus.REFUSED:
                choice.set(ConsentStatus.REFUSED)
        self.set_all.setEnabled(not withdrawal)
        if withdrawal:
            self.method.setCurrentIndex(self.method.findData(ConsentMethod.LETTER))

    def choose_form(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the scanned form", str(pdf_output.default_folder()), FORM_FILTER
        )
        if chosen:
            self.set_form(Path(chosen))

    def set_form(self, path: Path | None) -> None:
        self.form_path = path
        self.form_label.setText(path.name if path is not None else "No form attached (PDF, PNG or JPEG).")

    # -- saving ------------------------------------------------------------------------------------------------

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        from smgov.data.services.consent import ConsentInput

        statuses = {c.purpose.id: chosen for c in self.choices if (chosen := c.chosen()) is not None}
        received = self.received.date()
        assert received is not None
        form = ConsentInput(
            pupil_id=self.pupil.id,
            academic_year=int(self.year.currentData()),
            change=ConsentChange(str(self.change.currentData())),
            statuses=statuses,
            received_on=received,
            method=ConsentMethod(str(self.method.currentData())),
            effective_on=self.effective.date(),
            given_by=self.given_by.text(),
            relationship=self.relationship.text(),
            parental_responsibility=self.responsibility.isChecked(),
            by_pupil=self.by_pupil.isChecked(),
            note=self.note.toPlainText(),
        )
        path = self.form_path

        def record(workspace: Workspace) -> list[int]:
            from smgov.data.services.consent import record_consent

            if path is not None:
                form.form_bytes = read_form_file(path)
                form.form_filename = path.name
            return record_consent(workspace, form)

        return record


class NeverPublishDialog(StepDialog):
    """Set the never-publish flag with its reason (kept, shown only on request), or clear it."""

    changes = (Change.CONSENT,)

    def __init__(self, parent: QWidget, session: AppSession, pupil: PupilRow) -> None:
        clearing = pupil.never_publish
        super().__init__(
            parent,
            session,
            "Clear never publish" if clearing else "Never publish this pupil",
            (
                f"Images of {pupil.shown_name} may then be used as their consent allows."
                if clearing
                else f"No image of {pupil.shown_name} will be cleared for posting, whatever the consent says. The "
                "reason is kept but shown only when someone asks, and each time is recorded in the audit log."
            ),
            name="never-publish",
        )
        self.pupil = pupil
        self.clearing = clearing
        if self.ok_button is not None:
            self.ok_button.setText("Clear the flag" if clearing else "Set the flag")
        self.reason = combo("never-publish-reason", "Reason", [(r.label, r) for r in NeverPublishReason])
        self.note = text_edit("never-publish-note", "Details", 3, "Optional: what staff need not know stays here")
        if not clearing:
            self.add_field("never_publish_reason", "&Reason", self.reason)
            self.add_field("never_publish_note", "&Details", self.note)
        else:
            self.reason.hide()
            self.note.hide()
        self.add_stretch()

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        reason = None if self.clearing else NeverPublishReason(str(self.reason.currentData()))
        note = "" if self.clearing else self.note.toPlainText()
        pupil_id = self.pupil.id

        def write(workspace: Workspace) -> None:
            from smgov.data.services.pupils import set_never_publish

            set_never_publish(workspace, pupil_id, reason, note)

        return write
