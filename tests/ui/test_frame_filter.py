"""The list frame's search and row updates: the proxy answers what a search over every row would (typing on,
backspacing, pasting, with filters), and a changed record is put back without resetting the list, the selection
staying on the same record."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from smgov.ui.frame.tables import Column, FilterProxy, PreparedRows, RowRole, RowTableModel, TableView


@dataclass(frozen=True)
class Note:
    id: int
    title: str
    kind: str
    size: int


class NoteModel(RowTableModel[Note]):
    TITLE, KIND, SIZE = range(3)
    columns = (
        Column[Note]("Title", lambda r: r.title),
        Column[Note]("Kind", lambda r: r.kind),
        Column[Note]("Size", lambda r: str(r.size), sort_key=lambda r: r.size, searchable=False),
    )


WORDS = ["Cyberbullying", "Facebook", "ÉCOLE", "sports day", "<b>&amp;", "=cmd", "\u200fRTL", "📸 shot", "inc-01"]


def _notes(count: int, seed: int = 1) -> list[Note]:
    rng = random.Random(seed)
    return [
        Note(n, " ".join(rng.sample(WORDS, 2)) + f" {n}", rng.choice(["post", "chat", "blog"]), rng.randint(0, 99))
        for n in range(1, count + 1)
    ]


def _expected(model: NoteModel, text: str, kind: str | None = None) -> list[int]:
    """What a search over every row, one row at a time, shows (in the model's order)."""
    words = text.casefold().split()
    return [
        row.id
        for n, row in enumerate(model.rows())
        if all(word in model.haystacks[n] for word in words) and (kind is None or row.kind == kind)
    ]


def _shown(proxy: FilterProxy) -> list[int]:
    return [proxy.row_at(n).id for n in range(proxy.rowCount())]


def _prepared(model: NoteModel, rows: list[Note]) -> PreparedRows[Note]:
    return model.prepare(rows)


def test_every_keystroke_shows_what_a_search_of_every_row_would(qtbot: QtBot) -> None:
    model = NoteModel()
    proxy = FilterProxy(model)
    model.set_rows(_notes(600))
    typed = ["c", "cy", "cyb", "cyber", "cyberbully", "cyber", "", "écol", "ÉCOLE 1", "école 12", "sports", "sports d"]
    typed += ["<b>", "&amp;", "=cmd", "\u200frtl", "📸", "inc-01 shot", "zzz", "ZZZ ", "  ", "s"]
    for text in typed:
        proxy.set_search_text(text)
        assert _shown(proxy) == _expected(model, text), text
        assert proxy.shown_count() == len(_expected(model, text))
    proxy.set_predicate("kind", lambda row: row.kind == "chat")
    for text in ["", "f", "fa", "facebook", "face", "Day"]:
        proxy.set_search_text(text)
        assert _shown(proxy) == _expected(model, text, "chat"), text
    proxy.set_predicate("kind", None)
    assert _shown(proxy) == _expected(model, "Day")


def test_a_sort_keeps_the_search_and_the_selection(qtbot: QtBot) -> None:
    model = NoteModel()
    proxy = FilterProxy(model)
    view = TableView("Notes")
    qtbot.addWidget(view)
    view.use_model(proxy)
    model.set_rows(_notes(300))
    proxy.set_search_text("facebook")
    chosen = proxy.row_at(5).id
    view.selectRow(5)
    view.sortByColumn(NoteModel.SIZE, Qt.SortOrder.DescendingOrder)
    assert _shown(proxy) == _expected(model, "facebook")
    sizes = [proxy.row_at(n).size for n in range(proxy.rowCount())]
    assert sizes == sorted(sizes, reverse=True)
    assert proxy.row_at(view.currentIndex().row()).id == chosen
    assert [proxy.row_at(i.row()).id for i in view.selectionModel().selectedRows()] == [chosen]


def test_a_changed_record_is_put_back_in_place_without_a_reset(qtbot: QtBot) -> None:
    model = NoteModel()
    proxy = FilterProxy(model)
    view = TableView("Notes")
    qtbot.addWidget(view)
    view.use_model(proxy)
    model.set_rows(_notes(200))
    view.sortByColumn(NoteModel.SIZE, Qt.SortOrder.AscendingOrder)
    proxy.set_search_text("facebook")
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    proxy.modelReset.connect(lambda: resets.append(True))
    before = model.rows()
    chosen = proxy.row_at(3)
    view.selectRow(3)

    # Changed where it stands (same size, so the same place): dataChanged on that row only.
    edited = Note(chosen.id, "Facebook reply edited", chosen.kind, chosen.size)
    with qtbot.waitSignal(proxy.dataChanged) as changed:
        model.update_rows(_prepared(model, [edited]), [chosen.id], lambda r: r.id)
    assert changed.args is not None and changed.args[0].row() == changed.args[1].row() == 3
    assert proxy.index(3, NoteModel.TITLE).data() == "Facebook reply edited"
    assert proxy.row_at(view.currentIndex().row()).id == chosen.id

    # Another record grows: it moves to its new place in the sort; the chosen one stays chosen.
    other = before[0]
    with qtbot.waitSignal(model.rowsInserted):
        model.update_rows(
            _prepared(model, [Note(other.id, "facebook big", other.kind, 1000)]), [other.id], lambda r: r.id
        )
    assert model.row_at(model.rowCount() - 1).id == other.id
    assert proxy.row_at(proxy.rowCount() - 1).id == other.id  # it now matches the search, at the end
    assert proxy.row_at(view.currentIndex().row()).id == chosen.id

    # A new record, a record gone, and one that no longer matches the search.
    gone = next(row for row in model.rows() if row.id not in _shown(proxy))
    leaving = next(proxy.row_at(n) for n in range(proxy.rowCount()) if proxy.row_at(n).id not in (chosen.id, other.id))
    new = Note(999, "Facebook newcomer", "post", 50)
    quiet = Note(leaving.id, "nothing here", leaving.kind, leaving.size)
    model.update_rows(_prepared(model, [new, quiet]), [new.id, gone.id, quiet.id], lambda r: r.id)
    ids = [row.id for row in model.rows()]
    assert new.id in ids and gone.id not in ids and len(ids) == 200
    assert [row.size for row in model.rows()] == sorted(row.size for row in model.rows())
    assert _shown(proxy) == _expected(model, "facebook")
    assert new.id in _shown(proxy) and leaving.id not in _shown(proxy)
    assert proxy.row_at(view.currentIndex().row()).id == chosen.id
    assert not resets
    # Rows nobody touched are the very same objects: nothing else was read again or rebuilt.
    untouched = {row.id: row for row in before if row.id not in (chosen.id, other.id, gone.id, leaving.id)}
    assert all(row is untouched[row.id] for row in model.rows() if row.id in untouched)


def test_the_proxy_maps_both_ways_and_passes_edits_through(qtbot: QtBot) -> None:
    edits: list[tuple[int, str]] = []

    class Editable(RowTableModel[Note]):
        columns = (Column[Note]("Title", lambda r: r.title, on_edit=lambda r, v: edits.append((r.id, v))),)

    model = Editable()
    proxy = FilterProxy(model)
    model.set_rows(_notes(50))
    proxy.set_search_text("facebook")
    index = proxy.index(2, 0)
    source = proxy.mapToSource(index)
    assert model.row_at(source.row()) is index.data(RowRole)
    assert proxy.mapFromSource(source) == index
    hidden = next(n for n, row in enumerate(model.rows()) if row.id not in _shown(proxy))
    assert not proxy.mapFromSource(model.index(hidden, 0)).isValid()
    assert not proxy.mapToSource(QModelIndex()).isValid()
    assert proxy.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert proxy.setData(index, "New title")
    assert edits == [(index.data(RowRole).id, "New title")]
    assert proxy.headerData(0, Qt.Orientation.Horizontal) == "Title"
    # A narrower search keeps a kept index on its record, or invalidates it when the record is hidden.
    for n in range(proxy.rowCount()):
        kept, record = QPersistentModelIndex(proxy.index(n, 0)), proxy.row_at(n).id
        proxy.set_search_text("facebook 1")
        assert proxy.row_at(kept.row()).id == record if kept.isValid() else record not in _shown(proxy)
        proxy.set_search_text("facebook")


class WideNoteModel(NoteModel):
    columns = (*NoteModel.columns, Column[Note]("Id", lambda r: str(r.id)), Column[Note]("Again", lambda r: r.title))


def test_a_header_restored_from_a_wider_list_does_not_ask_past_the_columns(qtbot: QtBot) -> None:
    """The consent grid's header is restored before its purposes load; the header asking for a column the model
    does not have yet must get nothing (an exception there ends the process from inside Qt)."""
    wide = TableView("Wide notes")
    qtbot.addWidget(wide)
    wide_model = WideNoteModel()
    wide_model.set_rows(_notes(5))
    wide.setModel(FilterProxy(wide_model, wide))
    wide.show()
    state = wide.horizontalHeader().saveState()

    narrow = TableView("Notes")
    qtbot.addWidget(narrow)
    model = NoteModel()
    model.set_rows(_notes(5))
    proxy = FilterProxy(model, narrow)
    narrow.setModel(proxy)
    narrow.horizontalHeader().restoreState(state)
    narrow.show()
    qtbot.waitExposed(narrow)
    assert proxy.headerData(4, Qt.Orientation.Horizontal) is None
    assert proxy.headerData(0, Qt.Orientation.Horizontal) == "Title"
    narrow.horizontalHeader().sizeHint()
