"""The termly pack as an XLSX workbook: the same figures as the PDF, for governors and SLT to sort and re-use.

A "Summary" sheet (the key figures with the previous period and the change, then the actions needed), one sheet per
area of the pack (its figures, each chart as a small table of label by series, then each table), then, in the SLT
version, one sheet per set of underlying rows. The pack is already safe for its audience (see
:mod:`smgov.reports.pack.model`): values are written as they are, "fewer than 5" included. The audience's marking
is at the top of every sheet, under a title naming the period and its dates.
"""

from __future__ import annotations

from collections.abc import Sequence

from smgov.reports.pack.model import FEWER_THAN_5, Audience, Chart, Figure, Pack, Part, Period, Table
from smgov.reports.spreadsheet import Cell, SheetWriter, WorkbookWriter

FIGURE_HEADERS = ("Figure", "This period", "Previous period", "Change", "Detail")
# a change with its sign ("+6", "-1.5"), as the PDF says "up 6" or "down 1.5"
CHANGE_FORMATS = {3: '+General;-General;"no change"'}
NOTHING_TO_CHART = "Nothing to chart in this period."  # as the PDF says it
_BETTER = {"up": "higher is better", "down": "lower is better"}


def _dates(period: Period) -> str:
    return f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}"


def _named(period: Period) -> str:
    """ "Autumn term 2026 (01/09/2026 to 03/01/2027)"; only the dates when they are the period's name."""
    dates = _dates(period)
    return dates if period.label == dates else f"{period.label} ({dates})"


def _title(pack: Pack, what: str) -> str:
    """ "Incidents: Autumn term 2026 (01/09/2026 to 03/01/2027)", the period named once even when ``what`` names
    it already ("Incidents received, Autumn term 2026")."""
    dates = _dates(pack.period)
    if pack.period.label.casefold() in what.casefold():
        return what if dates in what else f"{what} ({dates})"
    return f"{what}: {_named(pack.period)}"


def _figure_row(figure: Figure) -> list[Cell]:
    label = figure.label + (" (%)" if figure.percent else "")
    detail = "; ".join(part for part in (figure.detail, _BETTER.get(figure.good_when, "")) if part)
    return [label, figure.value, figure.previous, figure.change, detail]


def _figures(writer: SheetWriter, figures: Sequence[Figure], heading: str) -> None:
    if figures:
        writer.heading(heading)
        writer.table(FIGURE_HEADERS, [_figure_row(f) for f in figures], wrap=(0, 4), number_formats=CHANGE_FORMATS)


def _chart(writer: SheetWriter, chart: Chart) -> None:
    writer.heading(chart.title)
    if not chart.labels or not chart.series:
        writer.line(NOTHING_TO_CHART)
        if chart.note:
            writer.line(chart.note)
        return
    names = [name for name, _ in chart.series]
    rows: list[list[Cell]] = []
    for index, label in enumerate(chart.labels):
        values: list[Cell] = [label]
        for _, series in chart.series:
            value = series[index] if index < len(series) else None
            values.append(FEWER_THAN_5 if value is None else value)
        rows.append(values)
    writer.table(["", *names], rows, wrap=(0,))
    if chart.note:
        writer.line(chart.note)


def _table(writer: SheetWriter, table: Table) -> None:
    writer.heading(table.title)
    if table.rows:
        writer.table(table.headers, table.rows)
    else:
        writer.line(table.empty)


def _summary(book: WorkbookWriter, pack: Pack) -> None:
    writer = book.sheet("Summary", _title(pack, f"{pack.school_name}: {pack.title}"), pack.audience.marking)
    writer.line(f"Compared with {_named(pack.previous)}. Prepared by {pack.prepared_by}.")
    if pack.period.note:
        writer.line(pack.period.note)
    _figures(writer, pack.summary, "Key figures")
    writer.heading("Actions needed")
    if pack.actions:
        writer.table(["Action (most urgent first)"], [[action] for action in pack.actions], wrap=(0,))
    else:
        writer.line("No actions needed.")
    if pack.seal:
        writer.heading("Audit seal")
        writer.line(f"{pack.seal} (check the file with: smgov verify FILE --seal {pack.seal})")


def _part(book: WorkbookWriter, pack: Pack, part: Part) -> None:
    writer = book.sheet(part.title, _title(pack, part.title), pack.audience.marking)
    if part.intro:
        writer.line(part.intro)
    _figures(writer, part.figures, "Figures")
    for chart in part.charts:
        _chart(writer, chart)
    for table in part.tables:
        _table(writer, table)
    if part.notes:
        writer.heading("Notes")
        for note in part.notes:
            writer.line(note)


def pack_xlsx(pack: Pack, *, exported_by: str) -> bytes:
    """The pack's workbook: Summary, one sheet per part, then the underlying rows (one sheet per set).

    ``exported_by`` names who exported it on every sheet of the SLT version; the governors' version names a role
    instead (``pack.prepared_by``), as it names no member of staff anywhere."""
    governors = pack.audience is Audience.GOVERNORS
    book = WorkbookWriter(exported_by=pack.prepared_by if governors else exported_by)
    _summary(book, pack)
    for part in pack.parts:
        _part(book, pack, part)
    areas = {part.title.casefold() for part in pack.parts} | {"summary"}
    for rows in pack.rows:
        name = f"{rows.name} (rows)" if rows.name.casefold() in areas else rows.name  # not "Incidents (2)"
        writer = book.sheet(name, _title(pack, rows.title), pack.audience.marking)
        writer.table(rows.headers, rows.rows, wrap=rows.wrap, main=True)
    return book.close()
