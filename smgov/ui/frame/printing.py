"""The one print path: a printout's dialog with its choices, then Save as PDF, Open in PDF viewer, Print preview or
Print. The PDF is built in the background; each save and print is audited (without names) in the background.

Every printout in the UI opens a :class:`PrintDialog` through :func:`open_print_dialog`: the incident report and
Appendix B forms with their choices (redacted copies and pupils' initials unless the user chooses otherwise, with
a warning beside each choice), an account application or an Appendix A form with none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QHBoxLayout, QLabel, QWidget

from smgov.data.areas import Change
from smgov.data.audit_actions import AuditAction
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.forms import button
from smgov.ui.frame.pdf_output import PdfActions
from smgov.ui.frame.widgets import busy_bar, plain_label, set_text_colour, warning_colour
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.ui.shell.session import AppSession

Choices = dict[str, bool]


@dataclass(frozen=True)
class PrintChoice:
    """A tick box on a print dialog (off by default), with the caution shown while it is ticked."""

    key: str
    text: str
    warning: str


@dataclass(frozen=True)
class Output:
    """What the audit log records for a printout: no names, only references and the choices made."""

    action: AuditAction
    entity_type: str
    entity_id: int | str | None
    summary: str


def warning_label(text: str, name: str) -> QLabel:
    """A caution in the warning colour (and words: never colour alone)."""
    label = plain_label(text, name=name)
    set_text_colour(label, warning_colour(label))
    return label


class PrintDialog(Dialog):
    """Choices, then Save as PDF, Open in PDF viewer, Print preview or Print.

    Signals:
        output(str): the PDF was "saved as PDF" or "printed" (the audit event is written in the background).
    """

    output = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        *,
        title: str,
        intro: str,
        choices: list[PrintChoice],
        make_pdf: Callable[[Any, Choices], bytes],
        file_name: Callable[[Choices], str],
        audit: Callable[[Choices, str], Output],
        name: str,
    ) -> None:
        super().__init__(parent, title, name=name, intro=intro, buttons=QDialogButtonBox.StandardButton.Close)
        self.session = session
        self._audit = audit
        self.chosen: Choices = {choice.key: False for choice in choices}
        workspace = session.workspace

        def build() -> bytes:
            workspace.check_pages()  # nothing is printed from a damaged file: one refusal, before any output
            return make_pdf(workspace, dict(self.chosen))

        self.pdf = PdfActions(self, build, lambda: file_name(self.chosen))
        self.pdf.saved.connect(lambda _path: self._done("saved as PDF"))
        self.pdf.printed.connect(lambda: self._done("printed"))
        self.pdf.busyChanged.connect(self._busy)

        self.boxes: dict[str, QCheckBox] = {}
        self.warnings: dict[str, QLabel] = {}
        for choice in choices:
            box = QCheckBox(choice.text)
            box.setObjectName(f"{name}-{choice.key}")
            box.setAccessibleName(choice.text)
            caution = warning_label(choice.warning, f"{name}-{choice.key}-warning")
            caution.setContentsMargins(24, 0, 0, 0)
            caution.setVisible(False)
            box.toggled.connect(lambda on, key=choice.key: self._chose(key, on))
            self.boxes[choice.key] = box
            self.warnings[choice.key] = caution
            self.body.addWidget(box)
            self.body.addWidget(caution)

        self.save_button = button("Save as PDF…", f"{name}-save")
        self.open_button = button("Open in PDF viewer…", f"{name}-open")
        self.preview_button = button("Print preview…", f"{name}-preview")
        self.print_button = button("Print…", f"{name}-print")
        self.save_button.clicked.connect(self.pdf.save)
        self.open_button.clicked.connect(self.pdf.save_and_open)
        self.preview_button.clicked.connect(self.pdf.preview)
        self.print_button.clicked.connect(self.pdf.print)
        self.busy = busy_bar("Preparing the PDF", width=80)
        row = QHBoxLayout()
        row.setSpacing(6)
        for widget in (self.save_button, self.open_button, self.preview_button, self.print_button):
            row.addWidget(widget)
        row.addWidget(self.busy)
        row.addStretch(1)
        self.body.addSpacing(6)
        self.body.addLayout(row)
        self.status = plain_label("", name=f"{name}-status")
        self.status.hide()
        self.body.addWidget(self.status)
        self.add_stretch()
        self.setMinimumWidth(600)
        self.preview_button.setFocus()
        session.locked.connect(self.reject)

    def _chose(self, key: str, on: bool) -> None:
        self.chosen[key] = on
        self.warnings[key].setVisible(on)
        self.pdf.invalidate()

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (
            *self.boxes.values(),
            self.save_button,
            self.open_button,
            self.preview_button,
            self.print_button,
        ):
            widget.setEnabled(not busy)

    def _done(self, how: str) -> None:
        from smgov.data.services.audit_log import record_output

        self.status.setText("Saved." if how == "saved as PDF" else "Sent to the printer.")
        self.status.show()
        self.output.emit(how)
        entry = self._audit(dict(self.chosen), how)
        run_write(
            self,
            self.session,
            lambda workspace: record_output(workspace, entry.action, entry.entity_type, entry.entity_id, entry.summary),
            lambda _result: None,
            changes=(Change.AUDIT,),
        )

    def force_close(self) -> None:
        self.reject()


def open_print_dialog(
    parent: QWidget,
    session: AppSession,
    *,
    title: str,
    intro: str,
    make_pdf: Callable[[Any, Choices], bytes],
    file_name: Callable[[Choices], str],
    audit: Callable[[Choices, str], Output],
    name: str,
    choices: list[PrintChoice] | None = None,
) -> PrintDialog:
    """Open (not blocking) a :class:`PrintDialog` that deletes itself when closed, and return it."""
    dialog = PrintDialog(
        parent,
        session,
        title=title,
        intro=intro,
        choices=choices or [],
        make_pdf=make_pdf,
        file_name=file_name,
        audit=audit,
        name=name,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
