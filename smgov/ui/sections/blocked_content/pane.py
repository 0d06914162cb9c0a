"""The chosen request: the requester's part of the form (edited in place while the request waits for a decision),
the decision, ICT's part, the next steps the register allows and the printed form.

The form is a :class:`RecordPane`: Save (Ctrl+S) runs off the UI thread, a refused field is explained beside it and
leaving with unsaved changes asks first (Cancel by default). Once decided, what was asked cannot change: the fields
turn read-only and the pane offers only the next steps (``RequestDetails.next_states``), each a step dialog.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.models import RequestStatus
from smgov.data.services.blocked_content import RequestDetails, RequestInput
from smgov.data.services.incidents import school_today
from smgov.ui.frame.forms import WarningNote, button, hint_label, value_label
from smgov.ui.frame.pane import RecordPane
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.frame.tables import uk_date
from smgov.ui.frame.widgets import DateField
from smgov.ui.sections.blocked_content.printing import print_request_form
from smgov.ui.sections.blocked_content.steps import (
    DecisionDialog,
    ExpireDialog,
    ExtendDialog,
    ImplementDialog,
    RequestStep,
    StepKind,
)
from smgov.ui.sections.blocked_content.words import attention_text, next_step_text, requested_by, site_of

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

S = RequestStatus
LINES = ("requester", "staff_name", "url")
TEXTS = ("site_content", "reasons", "risks_and_controls")
NEW_NOTE = "Fill in the request as on the paper form. The date is when the member of staff asked."
OPEN_NOTE = "You can correct the request until the decision is recorded."
DECIDED_NOTE = (
    "The request has been decided, so what was asked cannot change. If something is different, submit a new request."
)


class RequestPane(RecordPane[RequestDetails]):
    """One request, or a new one to fill in (``start_new``)."""

    prefix = "request"
    noun = "request"
    empty_title = "No request chosen"
    empty_hint = "Choose a request in the list to see it, or press New request (Ctrl+N)."
    changes = (Change.BLOCKED_CONTENT,)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        self.step_dialog: RequestStep | None = None
        self.print_dialog: PrintDialog | None = None
        self.hints: list[QLabel] = []
        super().__init__(session, parent)

    # -- the page ----------------------------------------------------------------------------------------------

    @override
    def build(self) -> None:
        self.attention = WarningNote("", "request-attention")
        self.attention.setVisible(False)
        self.body.addWidget(self.attention)
        self.body.addWidget(self._steps())
        self._request_group()
        self._decision_group()
        self._access_group()

    def _steps(self) -> QFrame:
        self.step_text = hint_label("", name="request-next-step")
        self.step_text.setForegroundRole(QPalette.ColorRole.WindowText)
        self.step_text.setAccessibleName("Next step")
        self.decide_button = button("Record decision…", "request-decide", tooltip="Record the authoriser's decision.")
        self.implement_button = button(
            "Record access given…",
            "request-implement",
            tooltip="Record when the ICT technician gave access, and until when.",
        )
        self.extend_button = button("Extend access…", "request-extend", tooltip="Set a later expiry or review date.")
        self.expire_button = button(
            "Mark expired…", "request-expire", tooltip="Record that ICT has blocked the site again."
        )
        self.decide_button.clicked.connect(lambda: self.open_step(DecisionDialog))
        self.implement_button.clicked.connect(lambda: self.open_step(ImplementDialog))
        self.extend_button.clicked.connect(lambda: self.open_step(ExtendDialog))
        self.expire_button.clicked.connect(lambda: self.open_step(ExpireDialog))
        self.step_buttons = (self.decide_button, self.implement_button, self.extend_button, self.expire_button)
        self.print_button = button(
            "Print form…",
            "request-print",
            "Print the request form (Appendix A)",
            tooltip="The policy's Appendix A form filled in from this request, to sign and file (Ctrl+P).",
        )
        self.print_button.clicked.connect(self.print_form)
        row = QHBoxLayout()
        row.setSpacing(6)
        for step in self.step_buttons:
            row.addWidget(step)
        row.addStretch(1)
        row.addWidget(self.print_button)  # the first step of every request, and a copy to file at any time
        self.steps_frame = QFrame()
        self.steps_frame.setObjectName("request-steps")
        self.steps_frame.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self.steps_frame)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(6)
        column.addWidget(self.step_text)
        column.addLayout(row)
        return self.steps_frame

    def _row(self, layout: QFormLayout, label: str, key: str, hint: str = "") -> None:
        extra = None
        if hint:
            extra = hint_label(hint, name=f"request-hint-{key.replace('_', '-')}")
            self.hints.append(extra)  # advice on filling in, hidden once the request cannot change
        self.form.add_row(layout, label, key, extra=extra)

    def _request_group(self) -> None:
        f = self.form
        _box, layout = self.group("The request", "request-group")
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: long labels, narrow pane
        self.read_only_note = hint_label("", name="request-read-only-note")
        layout.addRow(self.read_only_note)
        f.line("requester", "Requester", "Class, department or group (optional)")
        self._row(layout, "Re&quester", "requester", "Who the site is for, when not only the staff member.")
        f.line("staff_name", "Staff name", "The member of staff asking")
        self._row(layout, "&Staff name", "staff_name")
        f.date("requested_on", "Date of the request", optional=False)
        self._row(layout, "Da&te", "requested_on")
        url = f.line("url", "Full URL", "https://www.example.org/page")
        url.editingFinished.connect(self.check_url)
        self._row(layout, "Full &URL", "url", "Copy it from the browser's address bar.")
        f.text("site_content", "Site content", "What the site or page contains", lines=2)
        self._row(layout, "Site &content", "site_content")
        f.text("reasons", "Reasons for access", "Why it is needed, for which lessons", lines=4)
        self._row(layout, "&Reasons for access", "reasons")
        f.text(
            "risks_and_controls",
            "Identified risks and control measures",
            "What could go wrong, and how it is prevented",
            lines=4,
        )
        self._row(layout, "Identified risks and control &measures", "risks_and_controls")

    def _decision_group(self) -> None:
        self.decision_group, layout = self.group("The decision", "decision-group")
        self.decision_approved = value_label("request-decision-approved", "Approved?")
        self.decision_reasons = value_label("request-decision-reasons-shown", "Reasons")
        self.decision_by = value_label("request-decision-by-shown", "Decided by")
        self.decision_authoriser = value_label("request-decision-authoriser-shown", "Authoriser")
        self.decision_date = value_label("request-decision-date-shown", "Date of the decision")
        for label, value in (
            ("Approved?", self.decision_approved),
            ("Reasons", self.decision_reasons),
            ("Decided by", self.decision_by),
            ("Authoriser", self.decision_authoriser),
            ("Date", self.decision_date),
        ):
            layout.addRow(label, value)

    def _access_group(self) -> None:
        self.access_group, layout = self.group("Access (ICT technician)", "access-group")
        self.access_given = value_label("request-access-given", "Access given on")
        self.access_by = value_label("request-access-by", "Given by")
        self.access_expires = value_label("request-access-expires", "Expires or review on")
        self.access_ended = value_label("request-access-ended", "Access ended on")
        self.access_ended_label = QLabel("Access ended")
        layout.addRow("Access given on", self.access_given)
        layout.addRow("Given by", self.access_by)
        layout.addRow("Expires or review", self.access_expires)
        layout.addRow(self.access_ended_label, self.access_ended)

    def _values(self) -> tuple[QLabel, ...]:
        return (
            self.decision_approved,
            self.decision_reasons,
            self.decision_by,
            self.decision_authoriser,
            self.decision_date,
            self.access_given,
            self.access_by,
            self.access_expires,
            self.access_ended,
        )

    # -- reading and writing -----------------------------------------------------------------------------------

    @override
    def read(self, workspace: Workspace, record_id: int) -> RequestDetails:
        from smgov.data.services.blocked_content import get_request

        return get_request(workspace, record_id)

    @override
    def values(self, record: RequestDetails | None) -> dict[str, Any]:
        if record is None:
            return {"requested_on": school_today()}
        return dataclasses.asdict(record.as_input())

    @override
    def write(self, workspace: Workspace, record_id: int | None, values: dict[str, Any]) -> RequestDetails:
        from smgov.data.services.blocked_content import submit_request, update_request

        data = RequestInput(**values)
        if record_id is None:
            return submit_request(workspace, data)
        return update_request(workspace, record_id, data)

    @override
    def saved_id(self, result: Any) -> int:
        assert isinstance(result, RequestDetails)
        return result.id

    @override
    def _refused(self, exc: ValidationError) -> bool:
        if self.form.show_error(exc):
            if exc.field != "url":
                self.check_url()  # the service stops at the first problem; say at once if the address is wrong too
            return True
        if self.record_id is not None and not self.is_new:
            self.open(self.record_id)  # it moved on meanwhile (decided elsewhere): show it as it is now
        return super()._refused(exc)

    def check_url(self) -> None:
        """Say at once what is wrong with an address when the cursor leaves the field (saving checks again)."""
        from smgov.data.services.blocked_content import check_url

        text = str(self.form.value("url")).strip()
        if not self.is_editable() or not text:
            return
        try:
            check_url(text)
        except ValidationError as exc:
            self.form.errors["url"].show_error(str(exc))
        else:
            self.form.errors["url"].clear()

    # -- showing -----------------------------------------------------------------------------------------------

    def is_editable(self) -> bool:
        return self.is_new or (self.record is not None and self.record.status is S.SUBMITTED)

    @override
    def show_record_details(self, record: RequestDetails | None) -> None:
        if record is None:
            self.title.setText("New request")
            self.subtitle.setText("Not saved yet.")
            self.set_state("")
            for part in (self.attention, self.steps_frame, self.decision_group, self.access_group):
                part.setVisible(False)
            self.print_button.setEnabled(False)
            self._set_editable(True, NEW_NOTE)
            return
        self.title.setText(record.reference)
        self.title.setAccessibleName(f"Request {record.reference}")
        self.subtitle.setText(
            f"{site_of(record.url)}  ·  {requested_by(record)}  ·  asked on {uk_date(record.requested_on)}"
        )
        self.set_state(record.status.label)
        self._show_steps(record)
        self._show_decision(record)
        self._show_access(record)
        self.print_button.setEnabled(True)
        editable = record.status is S.SUBMITTED
        self._set_editable(editable, OPEN_NOTE if editable else DECIDED_NOTE)

    @override
    def clear(self) -> None:
        self._close_step()
        super().clear()
        for label in (self.step_text, self.read_only_note, *self._values()):
            label.clear()
        self.attention.set_text("")
        self.print_button.setEnabled(False)

    def _set_editable(self, editable: bool, note: str) -> None:
        # Read-only boxes take the window's colour, so they read as a record rather than a form to fill in.
        palette = self.palette()
        if not editable:
            palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        for key in (*LINES, *TEXTS):
            field = self.form.fields[key]
            assert isinstance(field, QLineEdit | QPlainTextEdit)
            field.setReadOnly(not editable)
            field.setPalette(palette)
        date = self.form.fields["requested_on"]
        assert isinstance(date, DateField)
        date.edit.setReadOnly(not editable)
        date.edit.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.UpDownArrows if editable else QAbstractSpinBox.ButtonSymbols.NoButtons
        )
        date.edit.setCalendarPopup(editable)
        date.edit.setPalette(palette)
        for hint in self.hints:
            hint.setVisible(editable)
        self.save_button.setVisible(editable)
        self.discard_button.setVisible(editable)
        self.read_only_note.setText(note)

    def _show_steps(self, details: RequestDetails) -> None:
        allowed = details.next_states
        self.decide_button.setVisible(S.APPROVED in allowed or S.REJECTED in allowed)
        self.implement_button.setVisible(S.IMPLEMENTED in allowed)
        self.expire_button.setVisible(S.EXPIRED in allowed)
        self.extend_button.setVisible(S.EXPIRED in allowed)  # only access in place can be extended
        self.step_text.setText(next_step_text(details))
        self.steps_frame.setVisible(True)
        note = attention_text(details, school_today())
        self.attention.set_text(note)
        self.attention.setVisible(bool(note))

    def _show_decision(self, details: RequestDetails) -> None:
        decided = details.approved is not None
        self.decision_group.setVisible(decided)
        self.decision_approved.setText("" if not decided else "Yes" if details.approved else "No")
        self.decision_reasons.setText(details.decision_reasons or "None given" if decided else "")
        self.decision_by.setText(details.decision_by if decided else "")
        self.decision_authoriser.setText(details.authoriser or "Not recorded" if decided else "")
        self.decision_date.setText(uk_date(details.decided_on))

    def _show_access(self, details: RequestDetails) -> None:
        given = details.implemented_on is not None
        self.access_group.setVisible(given)
        self.access_given.setText(uk_date(details.implemented_on))
        self.access_by.setText(details.implemented_by if given else "")
        self.access_expires.setText(uk_date(details.expires_on) if given else "")
        self.access_ended.setText(uk_date(details.expired_on))
        self.access_ended.setVisible(details.expired_on is not None)
        self.access_ended_label.setVisible(details.expired_on is not None)

    # -- steps and printing ------------------------------------------------------------------------------------

    def open_step(self, kind: StepKind) -> RequestStep | None:
        """Open the dialog for one step (not blocking) and return it; unsaved changes are asked about first."""
        if self.record is None or self.is_new or not self.session.is_unlocked:
            return None
        if self.has_unsaved_changes():
            self.ask_unsaved(lambda: self.open_step(kind))
            return None
        self._close_step()
        dialog = kind(self, self.session, self.record)
        dialog.recorded.connect(self._step_recorded)
        dialog.finished.connect(lambda _result: self._step_finished(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _step_recorded(self, details: object) -> None:
        assert isinstance(details, RequestDetails)
        self.step_dialog = None  # it closes itself
        self.display(details, details.id)
        self.say("Recorded.")
        self.saved.emit(details.id)

    def _step_finished(self, dialog: RequestStep) -> None:
        if self.step_dialog is dialog:
            self.step_dialog = None

    def _close_step(self) -> None:
        dialog, self.step_dialog = self.step_dialog, None
        if dialog is not None:
            dialog.reject()

    def print_form(self) -> PrintDialog | None:
        """The print dialog for this request's Appendix A form (what is saved)."""
        if self.record is None or self.is_new or not self.session.is_unlocked:
            return None
        dialog = print_request_form(self, self.session, self.record, unsaved=self.has_unsaved_changes())
        dialog.finished.connect(lambda _result: self._print_closed(dialog))
        self.print_dialog = dialog
        return dialog

    def _print_closed(self, dialog: PrintDialog) -> None:
        if self.print_dialog is dialog:
            self.print_dialog = None
