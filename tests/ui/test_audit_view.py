"""The audit log view, and the table base every list uses: search, filters, counts, sorting, clearing on lock."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from pytestqt.qtbot import QtBot

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.services.audit_log import AuditRow, list_events
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.frame.tables import FilterProxy, RowRole, SortRole, local_time, uk_date
from smgov.ui.sections.audit.view import AuditTableModel, AuditView, action_label
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

UTC = dt.UTC


@pytest.fixture
def session(qtbot: QtBot, demo_as_opened: Workspace) -> Iterator[AppSession]:
    app_session = AppSession()
    app_session.set_workspace(demo_as_opened, demo=True)
    yield app_session
    operations.wait_for_background()
    app_session.lock()


@pytest.fixture
def view(qtbot: QtBot, session: AppSession) -> AuditView:
    audit_view = AuditView(session)
    qtbot.addWidget(audit_view)
    audit_view.resize(1000, 600)
    with qtbot.waitActive(audit_view):
        audit_view.show()
    qtbot.waitUntil(lambda: audit_view.model.rowCount() > 0)
    return audit_view


def _shown(view: AuditView) -> list[AuditRow]:
    return [view.proxy.row_at(row) for row in range(view.proxy.rowCount())]


def test_events_are_listed_newest_first_with_a_count(view: AuditView, session: AppSession) -> None:
    events = list_events(session.workspace)
    assert view.model.rowCount() == len(events)
    assert [row.id for row in _shown(view)] == [event.id for event in events]  # newest first
    assert view.count_label.text() == f"{len(events):,} events, all shown"
    first = view.proxy.index(0, AuditTableModel.WHEN)
    assert first.data() == local_time(events[0].at)
    assert first.data(SortRole) == events[0].at
    assert view.proxy.index(0, AuditTableModel.ACTION).data() == action_label(events[0].action)


def test_search_filters_as_you_type_and_the_count_follows(qtbot: QtBot, view: AuditView) -> None:
    total = view.model.rowCount()
    qtbot.keyClicks(view.search, "CLOSURE")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 4)  # the demo's four closure days
    assert all(row.action == "closure_day.set" for row in _shown(view))
    assert view.count_label.text() == f"{total:,} events, 4 shown"

    view.search.clear()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == total)
    assert view.count_label.text().endswith("all shown")


def test_every_word_must_match_in_any_column(qtbot: QtBot, view: AuditView) -> None:
    qtbot.keyClicks(view.search, "history demo")  # "Demo history entry n", words in another order
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 40)
    assert all(row.action == "demo.note" for row in _shown(view))
    qtbot.keyClicks(view.search, " nowhere")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 0)
    assert view.count_label.text().endswith(", 0 shown")


def test_the_action_filter_lists_distinct_actions_and_filters(qtbot: QtBot, view: AuditView) -> None:
    actions = [view.action_filter.itemData(i) for i in range(view.action_filter.count())]
    assert actions[0] is None  # All actions
    assert len(set(actions[1:])) == len(actions) - 1
    index = view.action_filter.findData("closure_day.set")
    assert index > 0
    view.action_filter.setCurrentIndex(index)
    shown = _shown(view)
    assert len(shown) == 4 and {row.action for row in shown} == {"closure_day.set"}
    view.action_filter.setCurrentIndex(0)
    assert view.proxy.rowCount() == view.model.rowCount()


def test_the_date_filter_keeps_events_between_the_dates(qtbot: QtBot, view: AuditView, session: AppSession) -> None:
    with session.workspace.write() as db:
        old = audit.record(db, AuditAction.KIT_PRINT, "school", 1, "An old event")
        old.at = dt.datetime(2020, 5, 6, 10, 0, tzinfo=UTC)  # (breaks the chain: this view does not check it)
    total = view.model.rowCount()
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == total + 1)
    view.date_to.setDate(QDate(2020, 12, 31))
    assert [row.summary for row in _shown(view)] == ["An old event"]
    view.date_to.setDate(view.date_to.minimumDate())
    view.date_from.setDate(QDate(2021, 1, 1))
    assert "An old event" not in {row.summary for row in _shown(view)}
    assert view.proxy.rowCount() == view.model.rowCount() - 1


def test_clicking_a_header_sorts_and_keeps_the_filter(qtbot: QtBot, view: AuditView) -> None:
    qtbot.keyClicks(view.search, "demo entry")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 40)
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(AuditTableModel.SUMMARY) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    summaries = [row.summary for row in _shown(view)]
    assert len(summaries) == 40
    assert summaries == sorted(summaries, key=str.casefold)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [row.summary for row in _shown(view)] == sorted(summaries, key=str.casefold, reverse=True)


def test_locking_clears_the_view(qtbot: QtBot, view: AuditView, session: AppSession) -> None:
    qtbot.keyClicks(view.search, "entry")
    session.lock()
    assert view.model.rowCount() == 0
    assert view.search.text() == ""
    assert view.count_label.text() == ""
    assert view.action_filter.count() == 1


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot: QtBot, view: AuditView) -> None:
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


# -- the table base ----------------------------------------------------------------------------------------------


def _row(n: int, at: dt.datetime, action: str = "demo.note", summary: str = "") -> AuditRow:
    return AuditRow(n, at, "bm", action, "demo", str(n), summary or f"Row {n}")


def test_uk_formats() -> None:
    assert uk_date(dt.date(2026, 3, 5)) == "05/03/2026"
    assert uk_date(None) == ""
    moment = dt.datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    assert local_time(moment) == moment.astimezone().strftime("%d/%m/%Y %H:%M")


def test_the_model_sorts_by_raw_values_not_by_the_text(qtbot: QtBot) -> None:
    model = AuditTableModel()
    proxy = FilterProxy(model)
    # As text, 02/01/2026 would sort before 10/12/2025; as dates it is later.
    rows = [
        _row(1, dt.datetime(2025, 12, 10, 12, tzinfo=UTC)),
        _row(2, dt.datetime(2026, 1, 2, 12, tzinfo=UTC)),
        _row(3, dt.datetime(2024, 6, 1, 12, tzinfo=UTC)),
    ]
    model.set_rows(rows)
    proxy.sort(AuditTableModel.WHEN, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data(RowRole).id for r in range(3)] == [3, 1, 2]
    proxy.sort(AuditTableModel.WHEN, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data(RowRole).id for r in range(3)] == [2, 1, 3]
    model.set_rows([*rows, _row(4, dt.datetime(2030, 1, 1, tzinfo=UTC))])  # new rows keep the sort
    assert proxy.index(0, 0).data(RowRole).id == 4


def test_predicates_combine_with_the_search_and_report_counts(qtbot: QtBot) -> None:
    model = AuditTableModel()
    proxy = FilterProxy(model)
    counts: list[tuple[int, int]] = []
    proxy.counts_changed.connect(lambda total, shown: counts.append((total, shown)))
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    colours = ["red", "green", "blue", "amber"]
    model.set_rows([_row(n, now, "a.x" if n % 2 else "b.y", f"Flag {colours[n % 4]}") for n in range(1, 21)])
    assert counts[-1] == (20, 20)
    proxy.set_search_text("flag GREEN")
    assert counts[-1] == (20, 5)  # n % 4 == 1: 1, 5, 9, 13, 17
    proxy.set_predicate("action", lambda row: row.action == "b.y")
    assert counts[-1] == (20, 0)  # all the green ones are odd
    proxy.set_predicate("action", None)
    assert counts[-1] == (20, 5)
    proxy.set_search_text("")
    assert proxy.rowCount() == 20


def test_twenty_thousand_rows_filter_through_precomputed_haystacks(qtbot: QtBot) -> None:
    model = AuditTableModel()
    proxy = FilterProxy(model)
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    model.set_rows([_row(n, now, summary=f"Incident {n} on Instagram") for n in range(20_000)])
    assert len(model.haystacks) == 20_000
    assert all(h == h.casefold() for h in model.haystacks[:100])
    proxy.set_search_text("INCIDENT 1999")
    assert proxy.rowCount() == 12  # each word anywhere: 1999, 11999 and 19990-19999


def test_verify_audit_chain_reports_what_was_checked(qtbot: QtBot, view: AuditView) -> None:
    from PySide6.QtWidgets import QMessageBox

    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "smgov-msgbox") is not None, timeout=10_000)
    box = view.findChild(QMessageBox, "smgov-msgbox")
    assert "passed every check" in box.text()
    box.close()


def test_every_action_in_the_demo_reads_as_words_and_records_show_their_reference(session: AppSession) -> None:
    from smgov.data.audit_actions import AuditAction
    from smgov.ui.sections.audit.view import record_label

    rows = list_events(session.workspace)
    assert {row.action for row in rows} - set(AuditAction) == set()
    assert action_label("report.print") == "Report printed or saved"
    assert action_label("bench.insert") == "Bench insert"  # an action this version does not know still reads
    incident = next(row for row in rows if row.entity_type == "incident")
    assert record_label(incident) == f"INC-{int(incident.entity_id or 0):05d}"
    request = next(row for row in rows if row.entity_type == "blocked_content_request")
    assert record_label(request).startswith("BCR-")


def test_records_read_as_the_school_knows_them_not_as_table_rows(session: AppSession) -> None:
    """Accounts by reference, people by name, the school as its settings: never "Account 4" or "Person 27"."""
    from smgov.data.services import people
    from smgov.ui.sections.audit.view import record_label

    rows = list_events(session.workspace)
    labels = {record_label(row) for row in rows}
    assert not {label for label in labels if re.fullmatch(r"(Account|Person|School) \d+", label)}
    account = next(row for row in rows if row.entity_type == "account")
    assert record_label(account) == f"ACC-{int(account.entity_id or 0):05d}"
    person = next(row for row in rows if row.entity_type == "person")
    assert record_label(person) == people.get_person(session.workspace, int(person.entity_id or 0)).full_name
    school_row = next(row for row in rows if row.entity_type == "school")
    assert record_label(school_row) == "School settings"


def test_new_events_name_the_person_and_the_account_reference(session: AppSession) -> None:
    from smgov.data.models.accounts import StaffRole
    from smgov.data.models.people import PersonKind
    from smgov.data.services import accounts, people

    workspace = session.workspace
    account_id = next(row.id for row in accounts.list_accounts(workspace))
    person_id = people.add_person(workspace, people.PersonForm(full_name="Amira Haddad", kind=PersonKind.STAFF))
    accounts.add_staff(workspace, account_id, person_id, StaffRole.POSTER, "Head", dt.date.today())
    summaries = [row.summary for row in list_events(workspace, limit=2)]
    assert summaries == ["Amira Haddad named as poster", "Amira Haddad added (Staff)"]
