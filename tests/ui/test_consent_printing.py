"""The section's printouts go through the one print dialog (audited without names), and the export for SLT."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from smgov.data.services import audit_log
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.sections.consent import ConsentView
from smgov.ui.sections.consent.printing import ConsentExportDialog
from smgov.ui.shell.session import AppSession
from tests.ui.consent_support import add_pupils
from tests.ui.test_consent_section import choose


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession) -> ConsentView:
    add_pupils(app_session.workspace)
    made = ConsentView(app_session)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    qtbot.waitUntil(lambda: made.loaded_once)
    return made


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_print_menu_offers_forms_and_lists_for_the_school_or_a_class(view: ConsentView) -> None:
    menu = view.print_button.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    assert texts(menu) == [
        "Consent form for the chosen pupil…",
        "Consent forms for a class",
        "Blank consent form…",
        "Chase list",
        "Do-not-publish list",
        "Consent summary",
        "Export the register for SLT…",
    ]
    assert not menu.actions()[0].isEnabled()  # no pupil chosen
    chase = next(a.menu() for a in menu.actions() if a.text() == "Chase list")
    assert isinstance(chase, QMenu)
    assert texts(chase) == ["Whole school…", "Class 3A…", "Class 4B…"]
    choose(view, "Smith")
    menu.aboutToShow.emit()
    assert menu.actions()[0].isEnabled()


def test_a_class_chase_list_is_saved_and_audited_without_names(
    qtbot: QtBot, view: ConsentView, app_session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "chase.pdf"
    monkeypatch.setattr("smgov.ui.frame.pdf_output.choose_pdf_destination", lambda *_args, **_kw: dest)
    menu = view.print_button.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    chase = next(a.menu() for a in menu.actions() if a.text() == "Chase list")
    assert isinstance(chase, QMenu)
    next(a for a in chase.actions() if a.text() == "Class 4B…").trigger()
    dialog = view.findChild(PrintDialog, "consent-print-chase")
    assert dialog is not None
    with qtbot.waitSignal(dialog.pdf.saved, timeout=20_000):
        dialog.save_button.click()
    assert dest.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: any(e.action == "report.print" for e in audit_log.list_events(app_session.workspace)))
    event = next(e for e in audit_log.list_events(app_session.workspace) if e.action == "report.print")
    assert "Chase list for class 4B" in event.summary and "Smith" not in event.summary


def test_the_register_is_exported_for_slt(
    qtbot: QtBot, view: ConsentView, app_session: AppSession, tmp_path: Path
) -> None:
    dialog = view.export()
    assert isinstance(dialog, ConsentExportDialog)
    dialog.csv.setChecked(True)
    dest = tmp_path / "register.csv"
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        assert dialog.export(dest)
    text = dest.read_text(encoding="utf-8-sig")
    assert "Okafor" not in text  # initials unless asked
    event = next(e for e in audit_log.list_events(app_session.workspace) if e.action == "export")
    assert event.entity_type == "consent" and "(initials)" in event.summary


def test_the_do_not_publish_list_is_on_screen_by_class_without_the_reason(
    qtbot: QtBot, view: ConsentView, app_session: AppSession
) -> None:
    from smgov.ui.sections.consent.do_not_publish import DoNotPublishDialog, ListedModel

    menu = view.print_button.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    never = next(a.menu() for a in menu.actions() if a.text() == "Do-not-publish list")
    assert isinstance(never, QMenu) and texts(never)[0] == "On screen…"
    never.actions()[0].trigger()
    dialog = view.findChild(DoNotPublishDialog)
    assert isinstance(dialog, DoNotPublishDialog)
    qtbot.waitUntil(lambda: bool(dialog.rows))
    by_name = {r.name: r for r in dialog.rows}
    patel = next(r for name, r in by_name.items() if "Patel" in name)
    nowak = next(r for name, r in by_name.items() if "Nowak" in name)
    assert patel.never_publish and "Social media photos" in nowak.refused
    shown = [dialog.model.index(n, ListedModel.NEVER).data() for n in range(dialog.model.rowCount())]
    assert "⊘ Never publish" in shown
    assert "court" not in " ".join(str(r) for r in dialog.rows).lower()  # the reason stays hidden
    dialog.class_choice.setCurrentIndex(1)
    chosen = dialog.chosen_class()
    assert chosen is not None and all(r.class_name == chosen for r in dialog.model.rows())
    dialog.reject()
