"""The Pupils & consent section: the grid in words, its filters and search, the pupil's pane and history, the
never-publish reason on request, and the section in the navigation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smgov.data.areas import Section
from smgov.ui.sections.consent import ConsentView
from smgov.ui.sections.consent.model import FIXED_COLUMNS
from smgov.ui.shell.session import AppSession
from tests.ui.consent_support import add_pupils


@pytest.fixture
def pupil_ids(app_session: AppSession) -> dict[str, int]:
    return add_pupils(app_session.workspace)


@pytest.fixture
def open_view(qtbot: QtBot, app_session: AppSession, pupil_ids: dict[str, int]) -> Callable[[], ConsentView]:
    def make() -> ConsentView:
        view = ConsentView(app_session)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        qtbot.waitUntil(lambda: view.loaded_once)
        return view

    return make


def shown_cells(view: ConsentView) -> dict[str, list[str]]:
    """Surname -> the text of every cell of its row, as the table shows it."""
    proxy = view.proxy
    found = {}
    for row in range(proxy.rowCount()):
        cells = [str(proxy.index(row, c).data()) for c in range(proxy.columnCount())]
        found[view.proxy.row_at(row).pupil.legal_last_name] = cells
    return found


def column_of(view: ConsentView, title: str) -> int:
    return next(
        c for c in range(view.grid.columnCount()) if view.grid.headerData(c, Qt.Orientation.Horizontal) == title
    )


def test_the_grid_shows_each_status_as_a_symbol_and_a_word(open_view: Callable[[], ConsentView]) -> None:
    view = open_view()
    cells = shown_cells(view)
    assert set(cells) == {"Okafor", "Nowak", "Patel", "Smith"}
    press = column_of(view, "Press and local media")
    photos = column_of(view, "Social media photos")
    assert cells["Okafor"][press] == "✓* Restricted"
    assert cells["Okafor"][photos] == "✓ Granted"
    assert cells["Nowak"][photos] == "✗ Refused"
    assert cells["Smith"][photos] == "– Not returned"
    assert cells["Patel"][len(FIXED_COLUMNS) - 1] == "⊘ Never publish"
    assert cells["Smith"][len(FIXED_COLUMNS) - 1] == ""
    assert cells["Okafor"][0] == "Okafor, Chi"  # the preferred first name
    assert view.grid.columnCount() == len(FIXED_COLUMNS) + 6  # a column per purpose
    tip = view.grid.index(view.grid.source_row_of(lambda r: r.pupil.legal_last_name == "Okafor"), press).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "first name only" in tip
    assert view.count_label.text() == "4 pupils, all shown"


def test_filters_and_search_narrow_the_grid_in_memory(qtbot: QtBot, open_view: Callable[[], ConsentView]) -> None:
    view = open_view()
    status = view.status_filter.combo
    status.setCurrentIndex(status.findText("✗ Refused"))
    assert set(shown_cells(view)) == {"Nowak"}
    status.setCurrentIndex(status.findText("– Not returned"))
    assert set(shown_cells(view)) == {"Patel", "Smith"}
    status.setCurrentIndex(status.findText("✓* Restricted"))
    assert set(shown_cells(view)) == {"Okafor"}
    status.setCurrentIndex(0)

    classes = view.class_filter.combo
    assert [classes.itemText(i) for i in range(classes.count())] == ["All", "3A", "4B"]
    classes.setCurrentIndex(classes.findText("4B"))
    assert set(shown_cells(view)) == {"Patel", "Smith"}
    years = view.year_group_filter.combo
    assert [years.itemText(i) for i in range(years.count())] == ["All", "Year 3", "Year 4"]
    classes.setCurrentIndex(0)

    show = view.show_filter.combo
    show.setCurrentIndex(show.findData("never"))
    assert set(shown_cells(view)) == {"Patel"}
    show.setCurrentIndex(show.findData("on"))

    view.search.setText("000104")  # admission number
    qtbot.waitUntil(lambda: set(shown_cells(view)) == {"Smith"})
    view.search.setText("a820000000002")  # UPN, any case
    qtbot.waitUntil(lambda: set(shown_cells(view)) == {"Nowak"})
    view.search.setText("chidera")  # the legal first name of a pupil who goes by another
    qtbot.waitUntil(lambda: set(shown_cells(view)) == {"Okafor"})
    assert view.count_label.text() == "4 pupils, 1 shown"


def choose(view: ConsentView, surname: str) -> None:
    row = next(r for r in range(view.proxy.rowCount()) if view.proxy.row_at(r).pupil.legal_last_name == surname)
    view.table.setCurrentIndex(view.proxy.index(row, 0))


def test_the_pane_shows_the_pupil_and_their_history(open_view: Callable[[], ConsentView]) -> None:
    view = open_view()
    choose(view, "Okafor")
    pane = view.pane
    assert pane.isVisible()
    assert pane.title.text() == "Chi Okafor"
    assert pane.values["legal"].text() == "Chidera Okafor"
    assert pane.values["admission"].text() == "000101"
    assert pane.values["upn"].text() == "A820000000001"
    assert pane.values["roll"].text() == "Yes"
    history = "\n".join(pane.history_lines)
    assert "Consent form returned" in history
    assert "Press and local media: ✓* Restricted (first name only)" in history
    assert "Given by Ada Parent (Mother), by paper form." in history

    choose(view, "Smith")
    assert pane.history_lines == ["No consent has been recorded for this pupil yet."]


def test_the_never_publish_reason_is_hidden_until_asked(
    qtbot: QtBot, open_view: Callable[[], ConsentView], app_session: AppSession
) -> None:
    from smgov.data.services.audit_log import list_events

    view = open_view()
    choose(view, "Patel")
    pane = view.pane
    assert pane.never_value.text().startswith("⊘ Yes")
    assert pane.reason_value.isHidden() and pane.reason_value.text() == ""
    assert "Court order" not in "\n".join(label.text() for label in pane.findChildren(type(pane.reason_value)))
    before = len(list_events(app_session.workspace))
    qtbot.mouseClick(pane.show_reason_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.reason_value.isVisible())
    assert pane.reason_value.text() == "Court order: order of 3 May"
    assert len(list_events(app_session.workspace)) == before + 1  # showing it was recorded

    choose(view, "Smith")
    assert pane.show_reason_button.isHidden()
    assert pane.reason_value.isHidden()


def test_the_section_is_in_the_navigation() -> None:
    from smgov.ui.shell.sections import SECTIONS, section_key

    entry = next(e for e in SECTIONS if e.key is Section.CONSENT)
    assert entry.label == "Pupils & consent"
    assert entry.load() is ConsentView
    assert section_key("consent") is Section.CONSENT
    assert section_key("Pupils & consent") is Section.CONSENT


def test_the_never_publish_flag_is_set_and_cleared_through_its_dialog(
    qtbot: QtBot, open_view: Callable[[], ConsentView]
) -> None:
    from smgov.data.models.consent import NeverPublishReason
    from smgov.ui.sections.consent.record import NeverPublishDialog

    view = open_view()
    choose(view, "Smith")
    pane = view.pane
    assert pane.never_button.text() == "Set never publish…"
    qtbot.mouseClick(pane.never_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(NeverPublishDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData(NeverPublishReason.SAFEGUARDING))
    dialog.note.setPlainText("See the DSL")
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        dialog.save()
    qtbot.waitUntil(lambda: shown_cells(view)["Smith"][len(FIXED_COLUMNS) - 1] == "⊘ Never publish")
    assert pane.never_value.text().startswith("⊘ Yes")
    assert pane.reason_value.isHidden()  # still only on request
    assert pane.never_button.text() == "Clear never publish…"

    qtbot.mouseClick(pane.never_button, Qt.MouseButton.LeftButton)
    clearing = next(d for d in view.findChildren(NeverPublishDialog) if d.isVisible())
    assert clearing.clearing
    with qtbot.waitSignal(clearing.recorded, timeout=5000):
        clearing.save()
    qtbot.waitUntil(lambda: shown_cells(view)["Smith"][len(FIXED_COLUMNS) - 1] == "")
    assert pane.never_value.text() == "No"
