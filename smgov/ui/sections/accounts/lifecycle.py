"""Where an account stands (its status, the story so far, what a draft still lacks, the steps it may take next)
and its history, newest first."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from smgov.data.models.accounts import AccountStatus
from smgov.data.services.accounts import AccountDetails, AccountForm
from smgov.ui.frame.forms import WarningNote, button, hint_label
from smgov.ui.frame.tables import local_time
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.accounts.steps import status_story, step_for

S = AccountStatus


def _clear_layout(layout: QHBoxLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


class LifecycleBox(QGroupBox):
    """The status, the story, a draft's checklist and a button for each step allowed now.

    Signals:
        step_chosen(object): the button of a step was pressed (the AccountStatus to move to).
    """

    step_chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__("Where it stands")
        self.setObjectName("account-lifecycle")
        self.step_buttons: dict[AccountStatus, QPushButton] = {}
        column = QVBoxLayout(self)
        column.setSpacing(8)
        self.status_label = plain_label("", name="account-status")
        font = self.status_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.status_label.setFont(font)
        self.story = plain_label("", name="account-story")
        self.checklist = WarningNote("", "account-checklist")
        self.ready_note = plain_label("", name="account-ready")
        self.steps_row = QHBoxLayout()
        self.steps_row.setSpacing(6)
        self.steps_hint = hint_label("", name="account-steps-hint")
        column.addWidget(self.status_label)
        column.addWidget(self.story)
        column.addWidget(self.checklist)
        column.addWidget(self.ready_note)
        column.addLayout(self.steps_row)
        column.addWidget(self.steps_hint)
        self.column = column

    def add_row(self, widget: QWidget, hint: str) -> None:
        """A button (printing the application) with a hint beside it, under the steps."""
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(widget)
        row.addWidget(hint_label(hint), 1)
        self.column.addLayout(row)

    def show_details(self, details: AccountDetails) -> None:
        from smgov.data.services.accounts import allowed_transitions

        self.setVisible(True)
        self.status_label.setText(f"Status: {details.status.label}")
        self.story.setText(status_story(details))
        self._clear_steps()
        allowed = allowed_transitions(details.status)
        for to in allowed:
            step = step_for(details.status, to)
            widget = button(step.button, f"account-step-{to.value.replace('_', '-')}", tooltip=step.help)
            widget.clicked.connect(lambda _checked=False, target=to: self.step_chosen.emit(target))
            self.step_buttons[to] = widget
            self.steps_row.addWidget(widget)
            widget.show()
        self.steps_row.addStretch(1)
        self.steps_hint.setText("" if allowed else "A closed account has no further steps.")
        self.steps_hint.setVisible(not allowed)

    def show_checklist(self, status: AccountStatus, form: AccountForm, current_staff: int) -> None:
        """Before "Submit to SLT": what the business case still lacks, worked out from the form as typed."""
        from smgov.data.services.accounts import business_case_gaps

        if status is not S.DRAFT:
            self.checklist.setVisible(False)
            self.ready_note.setVisible(False)
            return
        gaps = business_case_gaps(form, current_staff)
        if gaps:
            self.checklist.set_text("Before it can go to SLT it still needs:\n" + "\n".join(f"•  {g}" for g in gaps))
            self.ready_note.clear()
        else:
            self.checklist.set_text("")
            self.ready_note.setText("✓  The application is complete: it can be submitted to SLT.")
        self.checklist.setVisible(bool(gaps))
        self.ready_note.setVisible(not gaps)

    def missing_items(self) -> list[str]:
        """The checklist's lines as shown (empty when complete or not a draft)."""
        if self.checklist.isHidden():
            return []
        return [line.lstrip("• ").strip() for line in self.checklist.text().splitlines()[1:]]

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.step_buttons.values():
            widget.setEnabled(enabled)

    def clear(self) -> None:
        for label in (self.status_label, self.story, self.ready_note, self.steps_hint):
            label.clear()
        self.checklist.set_text("")
        self._clear_steps()

    def _clear_steps(self) -> None:
        _clear_layout(self.steps_row)
        self.step_buttons = {}


class HistoryBox(QGroupBox):
    """The account's history, newest first: added, then each step with who took it, who decided and why."""

    def __init__(self) -> None:
        super().__init__("History")
        self.setObjectName("account-history")
        self.entries = QVBoxLayout(self)
        self.entries.setSpacing(8)

    def show_details(self, details: AccountDetails) -> None:
        self.clear()
        self.setVisible(True)
        entries: list[tuple[str, str]] = [
            (f"{local_time(details.created_at)}   Added to the register as a draft", ""),
        ]
        for step in details.transitions:
            who = [f"By {step.actor}" if step.actor else ""]
            if step.decided_by:
                who.append(f"decided by {step.decided_by}")
            text = "; ".join(part for part in who if part)
            if step.reason:
                text += f"\nWhy: {step.reason}"
            entries.append((f"{local_time(step.at)}   {step.from_status.label} → {step.to_status.label}", text.strip()))
        for index, (headline, detail) in enumerate(reversed(entries)):
            entry = QWidget()
            entry.setObjectName(f"account-history-{index}")
            rows = QVBoxLayout(entry)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(1)
            head = plain_label(headline)
            head_font = head.font()
            head_font.setBold(True)
            head.setFont(head_font)
            rows.addWidget(head)
            if detail:
                rows.addWidget(plain_label(detail))
            self.entries.addWidget(entry)
            entry.show()

    def lines(self) -> list[str]:
        """The history as shown, newest first (one string per entry)."""
        lines = []
        for index in range(self.entries.count()):
            item = self.entries.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                lines.append("\n".join(label.text() for label in widget.findChildren(QLabel)))
        return lines

    def clear(self) -> None:
        _clear_layout(self.entries)
