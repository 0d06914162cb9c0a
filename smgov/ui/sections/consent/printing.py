"""The section's printouts, each through the one print dialog (consent forms for a pupil, a class or blank; the
chase list, the do-not-publish list and the consent summary for the school or a class), and the register's export
for SLT. Every save and print is audited by what and which class, never by a pupil's name."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QMenu, QRadioButton, QWidget

from smgov.data.areas import Change
from smgov.data.audit_actions import AuditAction
from smgov.data.services.consent import year_bounds, year_label
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.printing import Choices, Output, PrintDialog, open_print_dialog, warning_label
from smgov.ui.frame.widgets import busy_bar, plain_label
from smgov.ui.frame.writes import run_write

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)
EXPORT_FILTERS = {"xlsx": "Excel workbook (*.xlsx)", "csv": "CSV file (*.csv)"}
Maker = Callable[[Any], bytes]


def _dialog(
    parent: QWidget, session: AppSession, title: str, intro: str, make: Maker, file_name: str, output: Output, name: str
) -> PrintDialog:
    def audit(_chosen: Choices, how: str) -> Output:
        return Output(output.action, output.entity_type, output.entity_id, f"{output.summary} {how}")

    return open_print_dialog(
        parent,
        session,
        title=title,
        intro=intro,
        make_pdf=lambda workspace, _chosen: make(workspace),
        file_name=lambda _chosen: file_name,
        audit=audit,
        name=name,
    )


def pupil_form(parent: QWidget, session: AppSession, pupil_id: int, reference: str, year: int) -> PrintDialog:
    def make(workspace: Any) -> bytes:
        from smgov.documents.consent import consent_form_for_pupil

        return consent_form_for_pupil(workspace, pupil_id, year)

    return _dialog(
        parent,
        session,
        f"Consent form for {reference}",
        "The Images and Videos Parental Consent Form, filled in with the pupil's details, ready to send home.",
        make,
        f"Consent form {reference} {year_label(year)}.pdf",
        Output(AuditAction.FORM_PRINT, "pupil", pupil_id, f"Consent form for {reference} ({year_label(year)})"),
        "consent-print-pupil",
    )


def class_forms(parent: QWidget, session: AppSession, class_name: str, year: int) -> PrintDialog:
    def make(workspace: Any) -> bytes:
        from smgov.documents.consent import consent_forms_for_class

        return consent_forms_for_class(workspace, class_name, year)

    return _dialog(
        parent,
        session,
        f"Consent forms for class {class_name}",
        "One filled-in consent form a page for every pupil on roll in the class, in one PDF to print and send home.",
        make,
        f"Consent forms {class_name} {year_label(year)}.pdf",
        Output(AuditAction.FORM_PRINT, "consent", None, f"Consent forms for class {class_name} ({year_label(year)})"),
        "consent-print-class",
    )


def blank_form(parent: QWidget, session: AppSession, year: int) -> PrintDialog:
    def make(workspace: Any) -> bytes:
        from smgov.documents.consent import consent_form_blank_for

        return consent_form_blank_for(workspace, year)

    return _dialog(
        parent,
        session,
        "Blank consent form",
        "The Images and Videos Parental Consent Form with the school's purposes, for a parent to fill in by hand.",
        make,
        f"Consent form blank {year_label(year)}.pdf",
        Output(AuditAction.FORM_PRINT, "consent", None, "Blank consent form"),
        "consent-print-blank",
    )


def _on(year: int) -> dt.date:
    start, end = year_bounds(year)
    return min(max(dt.date.today(), start), end)


LISTS = {
    "chase": ("Chase list", "Pupils on roll whose consent form has not come back, by class, to chase."),
    "never": (
        "Do-not-publish list",
        "For staff: by class, with preferred names, who must not appear and what is refused. Marked CONFIDENTIAL.",
    ),
    "summary": ("Consent summary", "Pupils × purposes by class, each status as a symbol and a word, for staff."),
}


def list_dialog(parent: QWidget, session: AppSession, kind: str, year: int, class_name: str | None) -> PrintDialog:
    """The chase list, the do-not-publish list or the consent summary, for the school or one class."""
    title, intro = LISTS[kind]
    where = f"class {class_name}" if class_name else "the whole school"

    def make(workspace: Any) -> bytes:
        from smgov.documents import consent as documents

        if kind == "chase":
            return documents.chase_list(workspace, year, class_name)
        if kind == "never":
            return documents.do_not_publish_list(workspace, _on(year), class_name)
        return documents.consent_summary(workspace, _on(year), class_name)

    return _dialog(
        parent,
        session,
        f"{title}: {where}",
        intro,
        make,
        f"{title} {class_name or 'whole school'} {year_label(year)}.pdf",
        Output(AuditAction.REPORT_PRINT, "consent", None, f"{title} for {where} ({year_label(year)})"),
        f"consent-print-{kind}",
    )


def show_do_not_publish(parent: QWidget, session: AppSession, year: int) -> QDialog:
    """The do-not-publish list on screen, by class, with Print for the paper copy."""
    from smgov.ui.sections.consent.do_not_publish import DoNotPublishDialog

    dialog = DoNotPublishDialog(parent, session, year, _on(year))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def print_menu(
    parent: QWidget,
    session: AppSession,
    year: Callable[[], int],
    classes: Callable[[], Sequence[str]],
    chosen_pupil: Callable[[], tuple[int, str] | None],
    export: Callable[[], object],
) -> QMenu:
    """The section's Print & export menu; its class lists are filled each time it opens."""
    menu = QMenu(parent)
    menu.setObjectName("consent-print-menu")

    def fill() -> None:
        menu.clear()
        pupil = chosen_pupil()
        one = menu.addAction("Consent form for the chosen pupil…")
        one.setEnabled(pupil is not None)
        if pupil is not None:
            one.triggered.connect(lambda: pupil_form(parent, session, pupil[0], pupil[1], year()))
        per_class = menu.addMenu("Consent forms for a class")
        for name in classes():
            per_class.addAction(name).triggered.connect(
                lambda _c=False, n=name: class_forms(parent, session, n, year())
            )
        per_class.setEnabled(bool(classes()))
        menu.addAction("Blank consent form…").triggered.connect(lambda: blank_form(parent, session, year()))
        menu.addSeparator()
        for kind, (title, _intro) in LISTS.items():
            sub = menu.addMenu(title)
            if kind == "never":
                sub.addAction("On screen…").triggered.connect(lambda: show_do_not_publish(parent, session, year()))
            sub.addAction("Whole school…").triggered.connect(
                lambda _c=False, k=kind: list_dialog(parent, session, k, year(), None)
            )
            sub.addSeparator()
            for name in classes():
                sub.addAction(f"Class {name}…").triggered.connect(
                    lambda _c=False, k=kind, n=name: list_dialog(parent, session, k, year(), n)
                )
        menu.addSeparator()
        menu.addAction("Export the register for SLT…").triggered.connect(export)

    menu.aboutToShow.connect(fill)
    return menu


class ConsentExportDialog(Dialog):
    """The register as an Excel workbook or CSV for SLT: one row per pupil and purpose, initials unless chosen.

    Signals:
        exported(object): the file was saved (its Path).
    """

    exported = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession, year: int) -> None:
        buttons = QDialogButtonBox.StandardButton
        super().__init__(
            parent,
            f"Export the consent register ({year_label(year)})",
            name="consent-export",
            intro="Every pupil's consent for each purpose, for a spreadsheet.",
            buttons=buttons.Save | buttons.Close,
            min_width=560,
        )
        self.session = session
        self.year = year
        self.xlsx = QRadioButton("Excel workbook (.xlsx)")
        self.xlsx.setObjectName("consent-export-xlsx")
        self.xlsx.setChecked(True)
        self.csv = QRadioButton("CSV file (.csv)")
        self.csv.setObjectName("consent-export-csv")
        group = QButtonGroup(self)
        group.addButton(self.xlsx)
        group.addButton(self.csv)
        self.body.addWidget(self.xlsx)
        self.body.addWidget(self.csv)
        self.full_names = QCheckBox("Pupils' full names instead of initials")
        self.full_names.setObjectName("consent-export-full-names")
        warning = warning_label(
            "A spreadsheet is easily copied and emailed. Include full names only when whoever gets it needs them.",
            "consent-export-full-names-warning",
        )
        warning.hide()
        self.full_names.toggled.connect(warning.setVisible)
        self.body.addWidget(self.full_names)
        self.body.addWidget(warning)
        self.busy = busy_bar("Exporting", width=None)
        self.body.addWidget(self.busy)
        self.status = plain_label("", name="consent-export-status")
        self.body.addWidget(self.status)
        self.add_stretch()
        save = self.buttons.button(buttons.Save)
        assert save is not None
        self.export_button = save
        save.setText("Export…")
        save.setObjectName("consent-export-save")
        self.buttons.accepted.connect(lambda: self.export())
        session.locked.connect(self.reject)

    def export(self, dest: Path | None = None) -> bool:
        from smgov.ui.frame import pdf_output

        if not self.session.is_unlocked or not self.export_button.isEnabled():
            return False
        fmt = "csv" if self.csv.isChecked() else "xlsx"
        full_names, year = self.full_names.isChecked(), self.year
        if dest is None:
            name = f"Consent register {year_label(year)}"
            dest = pdf_output.choose_save_path(
                self, "Export the consent register", name, EXPORT_FILTERS[fmt], f".{fmt}"
            )
            if dest is None:
                return False
        target = dest

        def work(workspace: Workspace) -> Path:
            from smgov.data.services.audit_log import record_output
            from smgov.documents.consent import export_consent

            workspace.check_pages()  # nothing is exported from, or audited into, a damaged file
            pdf_output.write_atomically(target, export_consent(workspace, fmt, full_names, year))
            names = "full names" if full_names else "initials"
            record_output(
                workspace,
                AuditAction.EXPORT,
                "consent",
                None,
                f"Consent register {year_label(year)} exported as {fmt.upper()} ({names})",
            )
            return target

        def done(path: Path) -> None:
            self.status.setText(f"Saved {path.name}.")
            self.exported.emit(path)

        self.busy.show()
        self.export_button.setEnabled(False)

        def finished() -> None:
            self.busy.hide()
            self.export_button.setEnabled(True)

        return run_write(
            self, self.session, work, done, changes=(Change.AUDIT,), on_finished=finished, refused_title="Not exported"
        )
