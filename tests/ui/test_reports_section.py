"""The Reports section: the period and audience chosen, the pack in the built-in preview, and every output (PDF,
print, spreadsheet, registers, the calendar) written where the user chose and audited."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from smgov.data.services import audit_log
from smgov.data.terms import Term
from smgov.data.workspace import Workspace
from smgov.reports.pack.model import Audience
from smgov.ui.frame import operations
from smgov.ui.frame.crash_dialog import CrashDialog
from smgov.ui.sections.reports import ReportsView
from smgov.ui.sections.reports import view as view_module
from smgov.ui.shell.session import AppSession

WAIT_MS = 30_000  # a pack of the small demo takes well under a second here; the machine is shared


@pytest.fixture
def session(qtbot: QtBot, demo_as_opened: Workspace) -> Iterator[AppSession]:
    app_session = AppSession()
    app_session.set_workspace(demo_as_opened, demo=True)
    yield app_session
    operations.wait_for_background()
    app_session.lock()


@pytest.fixture
def view(qtbot: QtBot, session: AppSession) -> ReportsView:
    page = ReportsView(session)
    qtbot.addWidget(page)
    page.resize(1160, 660)
    with qtbot.waitSignal(page.built, timeout=WAIT_MS):
        page.show()
    return page


def choose_file(monkeypatch: pytest.MonkeyPatch, dest: Path) -> list[str]:
    """The save dialog answers ``dest``; returns the names it suggested."""
    suggested: list[str] = []

    def answer(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(Path(start).name)
        return str(dest), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return suggested


def events(workspace: Workspace, action: str) -> list[audit_log.AuditRow]:
    return [event for event in audit_log.list_events(workspace) if event.action == action]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pack_for_this_term_shows_every_page_in_the_preview(view: ReportsView) -> None:
    pages = view.preview.page_count()
    assert pages > 1
    assert view.preview.pages_label.text() == f"Page 1 of {pages}"
    assert view.preview.stack.currentWidget() is view.preview.view
    assert view.chooser.covers.text().startswith(view.shown.period.label if view.shown else "?")
    assert view.chooser.compared.text().startswith("Compared with ")
    assert view.outputs.save_pdf.isEnabled() and view.outputs.print_pdf.isEnabled()


def test_choosing_a_period_shows_the_dates_it_covers_and_the_one_before(qtbot: QtBot, view: ReportsView) -> None:
    with qtbot.waitSignal(view.built, timeout=WAIT_MS):
        view.chooser.choose("term", term=Term.SPRING, academic_year=2025)
    assert view.chooser.covers.text() == "Spring term 2026: 05/01/2026 to 12/04/2026"
    assert view.chooser.note.text().startswith("Teaching 05/01/2026 to ")
    assert view.chooser.compared.text() == "Compared with Autumn term 2025: 01/09/2025 to 04/01/2026"
    with qtbot.waitSignal(view.built, timeout=WAIT_MS):
        view.chooser.choose("year", academic_year=2025)
    assert view.chooser.covers.text() == "Academic year 2025–26: 01/09/2025 to 31/08/2026"
    assert view.chooser.compared.text() == "Compared with Academic year 2024–25: 01/09/2024 to 31/08/2025"
    assert not view.chooser.note.isVisibleTo(view)
    with qtbot.waitSignal(view.built, timeout=WAIT_MS):
        view.chooser.choose("dates", start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31))
    assert view.chooser.covers.text() == "01/09/2026 to 31/10/2026"
    assert view.chooser.compared.text() == "Compared with 02/07/2026 to 31/08/2026"
    assert view.shown is not None and view.shown.request.start == dt.date(2026, 9, 1)


def test_the_preview_pages_through_the_pack_and_says_which_page_is_shown(qtbot: QtBot, view: ReportsView) -> None:
    preview = view.preview
    pages = preview.page_count()
    assert not preview.previous_page.isEnabled() and preview.next_page.isEnabled()
    with qtbot.waitSignal(preview.view.pageNavigator().currentPageChanged, timeout=WAIT_MS):
        preview.next_page.click()
    assert preview.current_page() == 1 and preview.pages_label.text() == f"Page 2 of {pages}"
    assert preview.previous_page.isEnabled()
    with qtbot.waitSignal(preview.view.pageNavigator().currentPageChanged, timeout=WAIT_MS):
        preview.go_to_page(pages + 5)  # past the end: the last page
    assert preview.pages_label.text() == f"Page {pages} of {pages}" and not preview.next_page.isEnabled()


def test_a_period_of_dates_stays_within_the_years_a_report_can_cover(qtbot: QtBot, view: ReportsView) -> None:
    # The calendar once ran from 1752 to 9999: a period from 1800 made an unexpected error (the period before it fell
    # off the calendar) instead of a report.
    failed: list[str] = []
    view.failed.connect(failed.append)
    with qtbot.waitSignal(view.built, timeout=WAIT_MS):
        view.chooser.choose("dates", start=dt.date(1800, 1, 1), end=dt.date(9999, 12, 31))
    assert failed == []
    assert (view.chooser.start.date(), view.chooser.end.date()) == (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    assert view.chooser.covers.text() == f"01/01/2000 to {dt.date.today():%d/%m/%Y}"  # a period not over: to today


def test_only_the_fields_of_the_chosen_kind_of_period_show(view: ReportsView) -> None:
    chooser = view.chooser
    assert not chooser.start.isVisibleTo(view) and not chooser.term.isVisibleTo(view)
    chooser.choose("dates")
    assert chooser.start.isVisibleTo(view) and chooser.end.isVisibleTo(view) and not chooser.year.isVisibleTo(view)
    chooser.choose("year")
    assert chooser.year.isVisibleTo(view) and not chooser.term.isVisibleTo(view)
    assert chooser.term_caption.text() == "&Year"
    chooser.choose("term")
    assert chooser.year.isVisibleTo(view) and chooser.term.isVisibleTo(view)
    assert not chooser.start.isVisibleTo(view)


def test_dates_the_wrong_way_round_are_refused_beside_the_field_and_nothing_is_made(
    qtbot: QtBot, view: ReportsView
) -> None:
    made: list[int] = []
    view.built.connect(made.append)
    with qtbot.waitSignal(view.refused, timeout=WAIT_MS) as refused:
        view.chooser.choose("dates", start=dt.date(2026, 10, 31), end=dt.date(2026, 9, 1))
    message = "The period ends (01/09/2026) before it starts (31/10/2026)."
    assert refused.args == [message]
    error = view.chooser.form.errors["end"]
    assert error.isVisibleTo(view) and error.message == message
    assert view.chooser.error_text() == message
    operations.wait_for_background()
    QApplication.processEvents()
    assert made == []
    assert view.shown is None and view.preview.document is None
    assert view.preview.message.text() == "Correct the period on the left to see the report."
    assert not view.outputs.save_pdf.isEnabled() and not view.outputs.save_xlsx.isEnabled()
    # Put right, the error goes and the pack comes back.
    with qtbot.waitSignal(view.built, timeout=WAIT_MS):
        view.chooser.choose("dates", start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31))
    assert error.message == "" and view.shown is not None


def test_a_new_choice_holds_the_outputs_until_its_pack_is_shown(qtbot: QtBot, view: ReportsView) -> None:
    assert view.outputs.save_pdf.isEnabled()
    with qtbot.waitSignal(view.built, timeout=WAIT_MS):
        view.chooser.choose("this-term", audience=Audience.GOVERNORS)
        # Until the governors' pack is made, nothing may save the SLT pack still on screen.
        assert view.shown is None and not view.outputs.save_pdf.isEnabled()
    assert view.shown is not None and view.shown.request.audience is Audience.GOVERNORS
    assert view.outputs.save_pdf.isEnabled()


def test_only_the_newest_of_quick_changes_is_made(qtbot: QtBot, view: ReportsView) -> None:
    made: list[int] = []
    view.built.connect(made.append)
    for year in (2022, 2023, 2024):
        view.chooser.choose("year", academic_year=year)
        view.refresh()  # as if each pause had ended
    qtbot.waitUntil(lambda: not view.busy(), timeout=WAIT_MS)
    assert len(made) == 1
    assert view.shown is not None and view.shown.request.academic_year == 2024
    assert view.chooser.covers.text().startswith("Academic year 2024–25")


def test_save_as_pdf_writes_the_pack_previewed_and_audits_it(
    qtbot: QtBot, view: ReportsView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "pack.pdf"
    suggested = choose_file(monkeypatch, dest)
    shown = view.shown
    assert shown is not None
    with qtbot.waitSignal(view.outputs.done, timeout=WAIT_MS):
        view.outputs.save_pdf.click()
    assert suggested == [f"Social media report for SLT - {shown.period.label}.pdf"]
    assert dest.read_bytes() == shown.pdf
    assert "SLT version: CONFIDENTIAL" in pdf_text(dest.read_bytes())
    (event,) = events(session.workspace, "report.print")
    assert (event.entity_type, event.entity_id) == ("report", "slt")
    assert event.summary == f"Termly report for SLT, {shown.period.label}, saved as PDF"
    assert view.outputs.status.text() == "Saved pack.pdf."
    # Another choice: the line about the last pack's save goes (it is not about the pack now being made).
    view.chooser.choose("this-term", audience=Audience.GOVERNORS)
    assert not view.outputs.status.isVisibleTo(view)


def test_the_governors_version_is_marked_as_such_and_audited(
    qtbot: QtBot, view: ReportsView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(view.built, timeout=WAIT_MS):
        view.chooser.governors.click()
    dest = tmp_path / "governors.pdf"
    suggested = choose_file(monkeypatch, dest)
    with qtbot.waitSignal(view.outputs.done, timeout=WAIT_MS):
        view.outputs.save_pdf.click()
    text = pdf_text(dest.read_bytes())
    assert Audience.GOVERNORS.marking in text.replace("\n", " ")
    assert "CONFIDENTIAL; pupils appear as initials" not in text  # the SLT version's marking
    assert suggested[0].startswith("Social media report for governors - ")
    (event,) = events(session.workspace, "report.print")
    assert event.summary.startswith("Termly report for governors, ")


def test_print_sends_the_pack_to_the_printer_and_audits_it(
    qtbot: QtBot, view: ReportsView, session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smgov.ui.frame import pdf_output

    sent: list[bytes] = []

    def fake_print(_parent: object, pdf: bytes, on_printed: object) -> bool:
        sent.append(pdf)
        assert callable(on_printed)
        on_printed()
        return True

    monkeypatch.setattr(pdf_output, "print_pdf", fake_print)
    with qtbot.waitSignal(view.outputs.done, timeout=WAIT_MS):
        view.outputs.print_pdf.click()
    assert view.shown is not None and sent == [view.shown.pdf]
    (event,) = events(session.workspace, "report.print")
    assert event.summary == f"Termly report for SLT, {view.shown.period.label}, printed"


def test_save_as_spreadsheet_writes_the_workbook_and_audits_it(
    qtbot: QtBot, view: ReportsView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_file(monkeypatch, tmp_path / "termly")  # typed without .xlsx
    with qtbot.waitSignal(view.outputs.done, timeout=WAIT_MS):
        view.outputs.save_xlsx.click()
    dest = tmp_path / "termly.xlsx"
    book = openpyxl.load_workbook(dest, read_only=True)
    assert len(book.sheetnames) > 1
    book.close()
    (event,) = events(session.workspace, "report.print")
    assert view.shown is not None
    assert event.summary == f"Termly report for SLT, {view.shown.period.label}, saved as XLSX"
    assert view.outputs.save_xlsx.isEnabled()  # ready again for the next one


def test_open_in_spreadsheet_program_saves_then_opens_the_file(
    qtbot: QtBot, view: ReportsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    dest = tmp_path / "open me.xlsx"
    choose_file(monkeypatch, dest)
    with qtbot.waitSignal(view.outputs.done, timeout=WAIT_MS):
        view.outputs.open_xlsx.click()
    assert dest.read_bytes()[:2] == b"PK"
    assert [url.toLocalFile() for url in opened] == [str(dest)]


def test_a_pack_that_cannot_be_made_says_so_in_the_preview_without_a_traceback(
    qtbot: QtBot, session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> bytes:
        raise RuntimeError("<b>Okafor</b> & Traceback (most recent call last)")

    monkeypatch.setattr(view_module, "make_pack_pdf", broken)
    page = ReportsView(session)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.failed, timeout=WAIT_MS) as failed:
        page.show()
    assert failed.args == [view_module.UNEXPECTED]
    assert page.preview.message.text() == view_module.UNEXPECTED
    assert "Okafor" not in page.preview.message.text()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
    assert page.shown is None and not page.outputs.save_pdf.isEnabled()


def test_locking_forgets_the_pack_shown(qtbot: QtBot, view: ReportsView, session: AppSession) -> None:
    session.lock()
    assert view.shown is None and view.preview.document is None
    assert not view.outputs.save_pdf.isEnabled()
    assert view.preview.message.text() == "The report appears here."


def test_the_account_register_opens_the_one_print_dialog_and_its_save_is_audited(
    qtbot: QtBot, view: ReportsView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = view.registers.open_register()
    assert dialog is not None and dialog.objectName() == "register-print-dialog"
    dest = tmp_path / "register.pdf"
    suggested = choose_file(monkeypatch, dest)
    with qtbot.waitSignal(dialog.output, timeout=WAIT_MS):
        dialog.save_button.click()
    assert suggested[0].startswith("Account register ")
    assert dest.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: bool(events(session.workspace, "report.print")), timeout=WAIT_MS)
    (event,) = events(session.workspace, "report.print")
    assert (event.entity_type, event.summary) == ("report", "Account register saved as PDF")
    dialog.reject()


def test_the_training_matrix_opens_the_one_print_dialog(qtbot: QtBot, view: ReportsView) -> None:
    view.registers.training_button.click()
    dialog = view.registers.dialog
    assert dialog is not None and dialog.objectName() == "training-print-dialog"
    assert dialog.pdf.suggested_name().startswith("Staff training matrix ")
    dialog.reject()


def test_due_dates_are_exported_as_a_calendar_for_outlook_and_audited(
    qtbot: QtBot, view: ReportsView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_file(monkeypatch, tmp_path / "due")
    with qtbot.waitSignal(view.registers.done, timeout=WAIT_MS):
        view.registers.calendar_button.click()
    data = (tmp_path / "due.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" in data
    (event,) = events(session.workspace, "export")
    assert (event.entity_type, event.summary) == ("calendar", "Exported the due dates as a calendar (ICS)")
    assert view.registers.status.text().startswith("Saved due.ics.")
