"""Column widths, column order, sort and pane sizes are kept on this PC: a section opens as the user left it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from smgov.ui.frame import operations, state
from smgov.ui.sections.people.model import PersonTableModel
from smgov.ui.sections.people.view import PeopleView
from smgov.ui.shell.session import AppSession
from tests.data.registers import make_person


def test_people_opens_with_the_columns_sort_and_pane_the_user_left(
    qtbot: QtBot, app_session: AppSession, open_people_view: Callable[[], PeopleView]
) -> None:
    chosen = [make_person(app_session.workspace, name) for name in ("Ama Evans", "Zofia Nowak", "Mateus Murphy")][0]
    first = open_people_view()
    keeper = state.layout_keeper(first.table.horizontalHeader())
    assert keeper is not None
    with qtbot.waitSignal(keeper.saved):  # the layout is written a moment after the last change
        first.table.setColumnWidth(PersonTableModel.NAME, 333)
        first.table.sortByColumn(PersonTableModel.NAME, Qt.SortOrder.DescendingOrder)
    first.show_record(chosen)  # the pane shows beside the list
    total = sum(first.splitter.sizes())
    first.splitter.moveSplitter(total - 460, 1)
    left_width = first.splitter.sizes()[0]
    qtbot.waitUntil(lambda: state.pane_sizes("people-splitter") is not None)  # kept once the drag rests
    assert left_width < total - 300
    first.close()
    operations.wait_for_background()

    second = open_people_view()
    assert second.table.columnWidth(PersonTableModel.NAME) == 333
    header = second.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        PersonTableModel.NAME,
        Qt.SortOrder.DescendingOrder,
    )
    names = [second.proxy.row_at(r).full_name for r in range(second.proxy.rowCount())]
    assert names == ["Zofia Nowak", "Mateus Murphy", "Ama Evans"]
    second.show_record(chosen)
    assert abs(second.splitter.sizes()[0] - left_width) <= 2


def test_a_table_that_gained_a_column_starts_from_its_defaults(qtbot: QtBot) -> None:
    def table(columns: int) -> QTableView:
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(QStandardItemModel(3, columns, view))
        return view

    old = table(3)
    assert not state.remember_layout(old.horizontalHeader(), "grown")
    keeper = state.layout_keeper(old.horizontalHeader())
    assert keeper is not None
    with qtbot.waitSignal(keeper.saved):
        old.setColumnWidth(0, 250)
    again = table(3)
    assert state.remember_layout(again.horizontalHeader(), "grown") and again.columnWidth(0) == 250
    grown = table(4)
    assert not state.remember_layout(grown.horizontalHeader(), "grown") and grown.columnWidth(0) != 250


def test_a_column_hidden_from_the_header_menu_stays_hidden_and_the_last_one_cannot_go(
    qtbot: QtBot, open_people_view: Callable[[], PeopleView]
) -> None:
    first = open_people_view()
    menu = first.table.column_menu()
    titles = [action.text() for action in menu.actions()]
    assert titles[:3] == ["Name", "Kind", "Role"] and titles[-1] == "Reset columns"
    keeper = state.layout_keeper(first.table.horizontalHeader())
    assert keeper is not None
    with qtbot.waitSignal(keeper.saved):
        menu.actions()[PersonTableModel.KIND].setChecked(False)
    assert first.table.isColumnHidden(PersonTableModel.KIND)
    first.close()
    operations.wait_for_background()

    second = open_people_view()
    assert second.table.isColumnHidden(PersonTableModel.KIND)
    columns = second.table.model().columnCount()
    for action in second.table.column_menu().actions()[1:columns]:
        action.setChecked(False)
    last = second.table.column_menu().actions()[0]
    assert last.isChecked() and not last.isEnabled()  # one column always stays
    assert not second.table.isColumnHidden(0)
    second.table.setColumnWidth(0, 333)
    second.table.column_menu().actions()[-1].trigger()  # Reset columns
    assert not any(second.table.isColumnHidden(c) for c in range(columns))
    assert second.table.columnWidth(0) != 333
