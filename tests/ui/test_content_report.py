"""The inappropriate content report (Appendix B) on an incident: recorded through its dialog with the URL checked
beside the field, the ICT technician's part added after, and the filled form saved as a PDF (audited)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from smgov.data.models import IncidentCategory
from smgov.data.services import audit_log, content_reports, incidents
from smgov.data.services.incidents import IncidentInput
from smgov.ui.frame import operations
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.sections.incidents import IncidentsView
from smgov.ui.sections.incidents.content_report import ContentReportDialog, IctActionDialog
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

HOSTILE = 'Nature: <b>"gambling" & =cmd</b> \u202eevil'
STORED = HOSTILE.replace("\u202e", "")  # a bidi override is dropped (it would reverse the app's words)


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession) -> IncidentsView:
    details = incidents.log_incident(
        app_session.workspace,
        IncidentInput(
            category=IncidentCategory.INAPPROPRIATE_CONTENT,
            received_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
            reported_by="Mr Evans",
            description="A pupil reached a gambling site on a library laptop.",
        ),
    )
    page = IncidentsView(app_session)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitUntil(lambda: page._loaded_once)
    page.show_record(details.id)
    assert page.pane.incident_id == details.id
    return page


def test_a_report_is_recorded_with_its_url_checked_then_the_ict_action_then_printed(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = view.pane
    pane.tabs.setCurrentIndex(pane.REPORTS_TAB)
    qtbot.waitUntil(pane.reports_panel.new_button.isVisible)
    pane.reports_panel.new_button.click()
    [dialog] = pane.findChildren(ContentReportDialog)
    assert dialog.ok_button is not None
    qtbot.keyClicks(dialog.staff_name, "Mr Evans")
    qtbot.keyClicks(dialog.urls, "www.example-casino.test/slots")
    dialog.nature.insertPlainText(HOSTILE)  # pasted: QTest cannot type a right-to-left mark
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "https://" in dialog.errors["urls"].message)
    assert dialog.isVisible(), "a URL without https:// is refused"
    assert content_reports.list_content_reports(app_session.workspace, view.pane.incident_id) == []

    dialog.urls.setPlainText("https://www.example-casino.test/slots?a=1&b=2")
    with qtbot.waitSignal(pane.saved):
        dialog.ok_button.click()
    assert len(pane.reports_panel.boxes) == 1 and pane.tabs.currentIndex() == pane.REPORTS_TAB
    box = pane.reports_panel.boxes[0]
    saved = content_reports.list_content_reports(app_session.workspace, view.pane.incident_id)
    assert [r.nature for r in saved] == [STORED] and saved[0].urls == ("https://www.example-casino.test/slots?a=1&b=2",)
    assert not saved[0].ict_done

    box.ict_button.click()
    [ict] = pane.findChildren(IctActionDialog)
    qtbot.keyClicks(ict.action, "Domain added to the filter's block list")
    ict.by.setText("Ms Jones (ICT)")
    assert ict.ok_button is not None
    with qtbot.waitSignal(pane.saved):
        ict.ok_button.click()
    assert pane.reports_panel.boxes[0].report.ict_done
    assert pane.reports_panel.boxes[0].ict_button.text() == "Change ICT action…"

    dest = tmp_path / "appendix-b.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(dest), ""))
    pane.reports_panel.boxes[0].print_button.click()
    [printing] = pane.findChildren(PrintDialog)
    with qtbot.waitSignal(printing.output, timeout=20_000):
        printing.save_button.click()
    text = "".join(page.extract_text() for page in PdfReader(dest).pages)
    assert "https://www.example-casino.test/slots?a=1&b=2" in text
    assert '<b>"gambling" & =cmd</b>' in text
    assert "Domain added to the filter's block list" in text
    operations.wait_for_background()
    printed = [e for e in audit_log.list_events(app_session.workspace) if e.action == "form.print"]
    assert len(printed) == 1 and "saved as PDF" in printed[0].summary
