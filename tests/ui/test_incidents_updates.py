"""The incident log after a write: the changed incident's row is read again and put back (the list is not reset,
the other rows stay as they were, the selection stays), a new incident appears in its place, and the search still
finds incidents by reference, category, platform, account, summary and who reported them, in any case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from smgov.data.areas import Change
from smgov.data.models import IncidentCategory, IncidentStatus
from smgov.data.services import incidents
from smgov.data.services.incidents import IncidentInput
from smgov.data.workspace import Workspace
from smgov.ui.frame.tables import RowTableModel
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.incidents import IncidentsView
from smgov.ui.sections.incidents.evidence_adding import EvidenceAdder
from smgov.ui.sections.incidents.evidence_incoming import files_incoming
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

HOSTILE = '<b>Bold</b> & "quoted" =cmd \u200fمرحبا 📸'


def _input(n: int, **changes: object) -> IncidentInput:
    data = IncidentInput(
        category=IncidentCategory.PARENT_POST,
        received_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=n + 1),
        reported_by=f"Mrs Patel {n}",
        description="A parent posted on the school page.",
        summary=f"Comment number {n} on the sports day post",
        platform="Facebook",
        account_name="@Brambleford",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def logged(app_session: AppSession) -> list[incidents.IncidentDetails]:
    made = [incidents.log_incident(app_session.workspace, _input(n)) for n in range(12)]
    made.append(
        incidents.log_incident(
            app_session.workspace,
            _input(
                12,
                category=IncidentCategory.CYBERBULLYING,
                platform="WhatsApp",
                account_name="Year 6 parents",
                summary=HOSTILE,
                reported_by="Mr Ó Briain",
            ),
        )
    )
    return made


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession, logged: list[incidents.IncidentDetails]) -> IncidentsView:
    page = IncidentsView(app_session)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitActive(page):
        page.show()
    qtbot.waitUntil(lambda: page.loaded_once and page.model.rowCount() == len(logged))
    return page


def _write(view: IncidentsView, session: AppSession, op: Callable[[Workspace], Any], *changes: Change) -> None:
    assert run_write(view, session, op, lambda _result: None, changes=changes or (Change.INCIDENTS,))


def _shown(view: IncidentsView) -> list[int]:
    return [row.id for row in view.shown_rows()]


def _resets(view: IncidentsView) -> list[str]:
    resets: list[str] = []
    view.model.modelReset.connect(lambda: resets.append("model"))
    view.proxy.modelReset.connect(lambda: resets.append("proxy"))
    return resets


def test_an_edit_updates_its_one_row_and_keeps_the_selection(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, logged: list[incidents.IncidentDetails]
) -> None:
    chosen = logged[4]
    view.show_record(chosen.id)
    qtbot.waitUntil(lambda: view.pane.incident_id == chosen.id)
    before = {row.id: row for row in view.model.rows()}
    resets = _resets(view)

    edited = _input(4, summary="Rude reply, now reported to Facebook")
    with qtbot.waitSignal(view.model.dataChanged, timeout=10_000) as changed:
        _write(view, app_session, lambda ws: incidents.update_incident(ws, chosen.id, edited))
    assert changed.args is not None and changed.args[0].row() == changed.args[1].row()
    assert view.model.row_at(changed.args[0].row()).summary == "Rude reply, now reported to Facebook"
    assert not resets
    assert all(row is before[row.id] for row in view.model.rows() if row.id != chosen.id)
    current = view.table.currentIndex()
    assert current.isValid() and view.proxy.row_at(current.row()).id == chosen.id
    assert view.count_label.text() == "13 incidents, all shown"

    # A status change moves nothing either; the Status column reads the new status.
    with qtbot.waitSignal(view.model.dataChanged, timeout=10_000):
        _write(
            view,
            app_session,
            lambda ws: incidents.set_status(ws, chosen.id, IncidentStatus.CLOSED, reason="", outcome="Removed."),
        )
    row = view.model.row_at(view.model.source_row_of(lambda r: r.id == chosen.id))
    assert row.status is IncidentStatus.CLOSED
    assert not resets


def test_a_new_incident_appears_in_its_place_without_reloading_the_others(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, logged: list[incidents.IncidentDetails]
) -> None:
    resets = _resets(view)
    before = {row.id: row for row in view.model.rows()}
    with qtbot.waitSignal(view.proxy.rowsInserted, timeout=10_000) as inserted:
        _write(view, app_session, lambda ws: incidents.log_incident(ws, _input(-1, summary="Newest of all")))
    assert inserted.args is not None and inserted.args[1] == 0  # received latest: first, as the list sorts
    assert view.proxy.row_at(0).summary == "Newest of all"
    assert view.count_label.text() == "14 incidents, all shown"
    assert not resets
    assert all(row is before[row.id] for row in view.model.rows() if row.id in before)

    # One received long ago goes to the bottom.
    old = _input(0, summary="Found in an old inbox", received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
    with qtbot.waitSignal(view.proxy.rowsInserted, timeout=10_000):
        _write(view, app_session, lambda ws: incidents.log_incident(ws, old))
    assert view.proxy.row_at(view.proxy.rowCount() - 1).summary == "Found in an old inbox"
    assert not resets


def test_an_edit_under_a_search_shows_or_hides_the_row_as_it_now_matches(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, logged: list[incidents.IncidentDetails]
) -> None:
    view.proxy.set_search_text("marigold")
    assert _shown(view) == []
    resets = _resets(view)
    with qtbot.waitSignal(view.proxy.rowsInserted, timeout=10_000):
        edited = _input(5, summary="Photo of the MARIGOLD class trip")
        _write(view, app_session, lambda ws: incidents.update_incident(ws, logged[5].id, edited))
    assert _shown(view) == [logged[5].id]
    assert view.count_label.text() == "13 incidents, 1 shown"
    with qtbot.waitSignal(view.proxy.rowsRemoved, timeout=10_000):
        _write(view, app_session, lambda ws: incidents.update_incident(ws, logged[5].id, _input(5, summary="Trip")))
    assert _shown(view) == []
    assert view.count_label.text() == "13 incidents, 0 shown"
    assert not resets


def test_a_pasted_screenshot_updates_its_incident_s_evidence_count(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, logged: list[incidents.IncidentDetails], tmp_path: Path
) -> None:
    picture = tmp_path / "comment.png"
    Image.new("RGB", (80, 60), "red").save(picture, "PNG")
    resets = _resets(view)
    adder = EvidenceAdder(view, app_session)
    with qtbot.waitSignal(view.model.dataChanged, timeout=10_000):
        assert adder.add(logged[2].id, files_incoming([str(picture)]))
    row = view.model.row_at(view.model.source_row_of(lambda r: r.id == logged[2].id))
    assert row.evidence_count == 1
    assert not resets


def test_a_change_the_section_cannot_pin_down_reloads_every_row(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, logged: list[incidents.IncidentDetails]
) -> None:
    # An account's name shows on its incidents: a write that changed accounts too reads the whole log again.
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        _write(
            view,
            app_session,
            lambda ws: incidents.update_incident(ws, logged[0].id, _input(0)),
            Change.INCIDENTS,
            Change.ACCOUNTS,
        )
    # So does a change announced by anything other than a write that names its incident.
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        app_session.changed.emit(Change.INCIDENTS.value)


def _old_haystack(view: IncidentsView, row: incidents.IncidentRow) -> str:
    """What the search matched before issue 13: the shown text, then the service's search text."""
    cells = tuple(column.text(row) for column in view.model.columns)
    return f"{RowTableModel.haystack(view.model, row, cells)}\x1f{row.search_text}"


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("INC-", range(13)),  # every reference
        ("reference", [7]),
        ("cyberbullying", [12]),  # the category
        ("Parent POST", range(12)),
        ("whatsapp", [12]),  # the platform
        ("@BRAMBLEFORD", range(12)),  # the account
        ("year 6 PARENTS", [12]),
        ("<b>bold</b>", [12]),  # the summary, markup and all
        ('"quoted" =CMD', [12]),
        ("\u200fمرحبا 📸", [12]),
        ("ó briain", [12]),  # who reported it
        ("Sports DAY", range(12)),
        ("zzz", []),
    ],
)
def test_the_search_finds_what_it_found_before(
    view: IncidentsView, logged: list[incidents.IncidentDetails], typed: str, wanted: range | list[int]
) -> None:
    if typed == "reference":
        typed = logged[7].reference.lower()
    words = typed.casefold().split()
    before = [row.id for row in view.model.rows() if all(word in _old_haystack(view, row) for word in words)]
    view.proxy.set_search_text(typed)
    assert _shown(view) == before
    assert sorted(_shown(view)) == sorted(logged[n].id for n in wanted)
