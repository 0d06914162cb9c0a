"""The pack's bar charts as vector drawings that read in greyscale: grouped, horizontal or stacked bars.

A series is told apart by how light it is and by its outline, never by hue alone: the first is a solid dark grey-blue,
the second a light fill with a dark outline, the third a middle grey. A value too small to show to governors (None in
the :class:`~smgov.reports.pack.model.Chart`) is an outlined, hatched bar up to 5 labelled "<5". Labels are wrapped
and shortened to the room they have, so they never run into each other; a chart with nothing in it is not drawn.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import BarChart, HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from smgov.reports.pack.model import SMALL_COUNT, Chart
from smgov.reports.pdf import FONT_REGULAR, INK, MUTED, clean_text, register_fonts

NOTHING_TO_CHART = "Nothing to chart in this period."
SMALL_NOTE = "Bars marked <5: fewer than 5."
SMALL_LABEL = "<5"

LABEL_SIZE = 7.5
VALUE_SIZE = 7.0
GRID = colors.HexColor("#D9DEE3")
DARK = colors.HexColor("#334E68")
MAX_VERTICAL_BARS = 30  # more bars than this are drawn across the page instead, one row each


@dataclass(frozen=True)
class SeriesStyle:
    fill: colors.Color
    stroke: colors.Color
    label_ink: colors.Color  # for a value printed inside the bar (stacked)


SERIES_STYLES = (
    SeriesStyle(DARK, DARK, colors.white),
    SeriesStyle(colors.HexColor("#DCE3EA"), DARK, INK),
    SeriesStyle(colors.HexColor("#8A9BAE"), DARK, INK),
    SeriesStyle(colors.HexColor("#0F1E2E"), DARK, colors.white),
)

# Bidirectional controls and other invisible format characters print as boxes: reportlab lays text left to right.
_FORMAT_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def drawing_text(text: str) -> str:
    """``text`` as it can be drawn on one line of a chart: cleaned, without invisible format characters."""
    return " ".join(_FORMAT_CHARACTERS.sub("", clean_text(text)).split())


def fit_lines(text: str, width: float, *, size: float = LABEL_SIZE, max_lines: int = 2) -> list[str]:
    """``text`` on one line, wrapped to ``width`` in at most ``max_lines`` lines (a word too long for a line is
    broken); the last line ends in "…" if the text was cut short."""
    words = drawing_text(text).split(" ")
    space = stringWidth(" ", FONT_REGULAR, size)
    lines: list[str] = []
    current, current_width = "", 0.0  # widths add up: reportlab sets no kerning

    for word in words:
        word_width = stringWidth(word, FONT_REGULAR, size)
        if current and current_width + space + word_width <= width:
            current, current_width = f"{current} {word}", current_width + space + word_width
            continue
        if current:
            lines.append(current)
        current, current_width = word, word_width
        while current_width > width and len(current) > 1:  # a word wider than the room is broken
            cut = _longest_prefix(current, width, size)
            lines.append(current[:cut])
            current = current[cut:]
            current_width = stringWidth(current, FONT_REGULAR, size)
        if len(lines) > max_lines:
            break
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and stringWidth(last + "…", FONT_REGULAR, size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def _longest_prefix(word: str, width: float, size: float) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(word[:middle], FONT_REGULAR, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def nice_axis(top: float) -> tuple[int, int]:
    """The top of a value axis from 0 and its whole-number step (1, 2, 5 × 10ⁿ), for values up to ``top``."""
    top = max(top, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(top / step) <= 6:
                return max(step, math.ceil(top / step) * step), step
        magnitude *= 10


def has_small_values(chart: Chart) -> bool:
    return any(value is None for _, values in chart.series for value in values)


def is_empty(chart: Chart) -> bool:
    """True when the chart has nothing to show: no labels, no series, or every value 0 (a hidden value is not 0)."""
    if not chart.labels or not chart.series:
        return True
    return all(value == 0 for _, values in chart.series for value in values[: len(chart.labels)])


def chart_note(chart: Chart) -> str:
    """The line under a chart: its own note, and what "<5" means when a bar is hidden."""
    note = chart.note.strip()
    parts = [note if note.endswith((".", "!", "?", ":", ";")) else f"{note}."] if note else []
    if has_small_values(chart):
        parts.append(SMALL_NOTE)
    return " ".join(parts)


def value_top(chart: Chart) -> int:
    """The longest bar (or stack) of the chart, a hidden value counting as 5."""
    shown: list[list[int]] = [
        [SMALL_COUNT if value is None else max(value, 0) for value in values] for _, values in chart.series
    ]
    if not shown or not chart.labels:
        return 0
    if chart.kind == "stacked":
        return int(max(sum(column) for column in zip(*shown, strict=False)))
    return max((max(row) for row in shown if row), default=0)


def chart_drawing(chart: Chart, width: float, *, axis_top: int = 0) -> Drawing | None:
    """The chart as a drawing ``width`` wide, or None when there is nothing to chart (see :func:`is_empty`).

    ``axis_top`` makes the value axis reach at least that far: the pieces of a chart too tall for a page share the
    whole chart's axis (and a piece is drawn even when its own values are all 0)."""
    if is_empty(chart) and not (axis_top and chart.labels and chart.series):
        return None
    register_fonts()
    labels = list(chart.labels)
    series = [(name, _padded(values, len(labels))) for name, values in chart.series]
    stacked = chart.kind == "stacked"
    horizontal = chart.kind == "hbar" or len(labels) * (1 if stacked else len(series)) > MAX_VERTICAL_BARS
    layout = _Layout(width, labels, series, stacked=stacked, horizontal=horizontal, axis_top=axis_top)
    return layout.draw()


def _padded(values: Sequence[int | None], count: int) -> list[int | None]:
    return [*values[:count], *[0] * (count - len(values))]


class _Layout:
    def __init__(
        self,
        width: float,
        labels: list[str],
        series: list[tuple[str, list[int | None]]],
        *,
        stacked: bool,
        horizontal: bool,
        axis_top: int = 0,
    ) -> None:
        self.width = width
        self.labels = labels
        self.series = series
        self.stacked = stacked
        self.horizontal = horizontal
        shown = [[SMALL_COUNT if value is None else max(value, 0) for value in values] for _, values in series]
        self.data = shown
        columns = zip(*shown, strict=True)
        top = max(sum(column) for column in columns) if stacked else max(max(row) for row in shown)
        self.value_max, self.value_step = nice_axis(max(top, axis_top))
        # the chart's rows, as indexes into ``series``: across the page, reportlab puts the first row at the bottom
        # of each group, so the rows are turned over to read from the top as the legend does
        self.order = list(range(len(series)))
        if horizontal and not stacked:
            self.order.reverse()

    # -- the parts -----------------------------------------------------------------------------------------

    def draw(self) -> Drawing:
        legend_height = 14.0 if any(drawing_text(name) for name, _ in self.series) else 0.0
        chart: BarChart
        if self.horizontal:
            chart, height = self._horizontal(legend_height)
        else:
            chart, height = self._vertical(legend_height)
        self._style(chart)
        drawing = Drawing(self.width, height)
        drawing._chart = chart  # the drawn labels refer back to the chart's properties, weakly, until rendered
        drawing.add(chart.draw())
        self._hatch_small_bars(drawing, chart)
        if legend_height:
            drawing.add(self._legend(height - 10))
        return drawing

    def _vertical(self, legend_height: float) -> tuple[VerticalBarChart, float]:
        chart = VerticalBarChart()
        axis_width = stringWidth(f"{self.value_max:,}", FONT_REGULAR, LABEL_SIZE) + 8
        chart.x = axis_width
        plot_width = self.width - chart.x - 4
        group_width = plot_width / len(self.labels)
        label_lines = [fit_lines(label, group_width - 2) for label in self.labels]
        line_count = max(len(lines) for lines in label_lines)
        label_height = line_count * (LABEL_SIZE + 1.5) + 6
        chart.y = label_height
        chart.width = plot_width
        chart.height = 48 * mm
        chart.categoryAxis.categoryNames = ["\n".join(lines) for lines in label_lines]
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.dy = -4
        chart.categoryAxis.labels.leading = LABEL_SIZE + 1.5
        chart.barLabels.boxAnchor = "c" if self.stacked else "s"
        bars = len(self.labels) * (1 if self.stacked else len(self.series))
        chart.groupSpacing = max(4.0, min(14.0, plot_width / bars * 0.6))
        chart.barSpacing = 1.5
        return chart, chart.y + chart.height + 12 + legend_height

    def _horizontal(self, legend_height: float) -> tuple[HorizontalBarChart, float]:
        chart = HorizontalBarChart()
        label_room = min(self.width * 0.36, 62 * mm)
        label_lines = [fit_lines(label, label_room - 6) for label in self.labels]
        used = max(stringWidth(line, FONT_REGULAR, LABEL_SIZE) for lines in label_lines for line in lines)
        chart.x = used + 8
        chart.width = self.width - chart.x - 24  # room for the value printed after the longest bar
        bar_height = 9.0
        per_group = (1 if self.stacked else len(self.series)) * bar_height + (len(self.series) - 1) * 1.5
        group_height = max(per_group + 10, max(len(lines) for lines in label_lines) * (LABEL_SIZE + 1.5) + 6)
        chart.height = group_height * len(self.labels)
        chart.y = 14  # the value axis' labels below
        chart.categoryAxis.categoryNames = ["\n".join(lines) for lines in label_lines]
        chart.categoryAxis.reverseDirection = 1  # the first label at the top, as it reads
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.labels.leading = LABEL_SIZE + 1.5
        chart.barLabels.boxAnchor = "c" if self.stacked else "w"
        chart.groupSpacing = group_height - per_group
        chart.barSpacing = 1.5
        return chart, chart.y + chart.height + 6 + legend_height

    def _style(self, chart: BarChart) -> None:
        chart.data = [self.data[index] for index in self.order]
        if self.stacked:
            chart.categoryAxis.style = "stacked"
        for row, index in enumerate(self.order):
            style = SERIES_STYLES[index % len(SERIES_STYLES)]
            chart.bars[row].fillColor = style.fill
            chart.bars[row].strokeColor = style.stroke
            chart.bars[row].strokeWidth = 0.6
            if self.stacked:
                chart.barLabels[row].fillColor = style.label_ink
        for row, index in enumerate(self.order):
            for column, value in enumerate(self.series[index][1]):
                if value is None:
                    bar = chart.bars[(row, column)]
                    bar.fillColor = _tint(SERIES_STYLES[index % len(SERIES_STYLES)].fill)  # the series still shows
                    bar.strokeColor = DARK
                    bar.strokeWidth = 0.8
        value_axis, category_axis = chart.valueAxis, chart.categoryAxis
        value_axis.valueMin = 0
        value_axis.valueMax = self.value_max
        value_axis.valueStep = self.value_step
        value_axis.labelTextFormat = "{:,.0f}".format
        value_axis.labels.fontName = FONT_REGULAR
        value_axis.labels.fontSize = LABEL_SIZE
        value_axis.labels.fillColor = MUTED
        value_axis.visibleGrid = 1
        value_axis.gridStrokeColor = GRID
        value_axis.gridStrokeWidth = 0.5
        value_axis.visibleAxis = 0
        value_axis.visibleTicks = 0
        category_axis.labels.fontName = FONT_REGULAR
        category_axis.labels.fontSize = LABEL_SIZE
        category_axis.labels.fillColor = INK
        category_axis.strokeColor = MUTED
        category_axis.strokeWidth = 0.6
        category_axis.visibleTicks = 0
        chart.barLabels.fontName = FONT_REGULAR
        chart.barLabels.fontSize = VALUE_SIZE
        chart.barLabels.nudge = 3
        if self.stacked:
            chart.barLabels.boxTarget = "mid"
        chart.barLabelFormat = "values"
        chart.barLabelArray = self._value_labels(chart)

    def _value_labels(self, chart: BarChart) -> list[list[str]]:
        """The number on each bar ("<5" on a hidden one); in a stack only where the segment has room for it."""
        length = chart.width if self.horizontal else chart.height
        room = VALUE_SIZE + 2
        if self.horizontal:
            room = stringWidth("0000", FONT_REGULAR, VALUE_SIZE)
        labels: list[list[str]] = []
        for index in self.order:
            texts = []
            for column, value in enumerate(self.series[index][1]):
                text = SMALL_LABEL if value is None else f"{value:,}"
                if self.stacked and (value is None or self.data[index][column] / self.value_max * length < room):
                    text = ""  # too small to label; a hidden value's "<5" is printed over its hatching instead
                texts.append(text)
            labels.append(texts)
        return labels

    def _hatch_small_bars(self, drawing: Drawing, chart: BarChart) -> None:
        """Hatching over each hidden bar; in a stack, its "<5" on white over the hatching, where there is room."""
        positions: list[list[tuple[float, float, float, float]]] = chart._barPositions  # set by draw()
        label_width = stringWidth(SMALL_LABEL, FONT_REGULAR, VALUE_SIZE)
        for row, index in enumerate(self.order):
            for column, value in enumerate(self.series[index][1]):
                if value is not None:
                    continue
                x, y, width, height = positions[row][column]
                drawing.add(_hatching(x, y, width, height))
                if self.stacked and abs(height) >= VALUE_SIZE + 2 and abs(width) >= label_width + 3:
                    middle_x, middle_y = x + width / 2, y + height / 2
                    drawing.add(
                        Rect(
                            middle_x - label_width / 2 - 1.5,
                            middle_y - VALUE_SIZE / 2 - 1,
                            label_width + 3,
                            VALUE_SIZE + 2,
                            fillColor=colors.white,
                            strokeColor=None,
                        )
                    )
                    drawing.add(
                        String(
                            middle_x,
                            middle_y - VALUE_SIZE * 0.35,
                            SMALL_LABEL,
                            fontName=FONT_REGULAR,
                            fontSize=VALUE_SIZE,
                            fillColor=INK,
                            textAnchor="middle",
                        )
                    )

    def _legend(self, baseline: float) -> Group:
        legend = Group()
        x = 0.0
        swatch = 8.0
        for index, (name, _) in enumerate(self.series):
            style = SERIES_STYLES[index % len(SERIES_STYLES)]
            text = fit_lines(name, self.width * 0.4, max_lines=1)[0]
            legend.add(
                Rect(x, baseline - 1, swatch, swatch, fillColor=style.fill, strokeColor=style.stroke, strokeWidth=0.6)
            )
            legend.add(
                String(x + swatch + 3, baseline, text, fontName=FONT_REGULAR, fontSize=LABEL_SIZE, fillColor=INK)
            )
            x += swatch + 3 + stringWidth(text, FONT_REGULAR, LABEL_SIZE) + 12
            if x > self.width * 0.9:
                break
        return legend


def _tint(colour: colors.Color, strength: float = 0.3) -> colors.Color:
    """``colour`` mixed with white: a hidden bar's ground, light enough for its hatching, telling its series."""
    return colors.Color(*(1 - strength * (1 - part) for part in (colour.red, colour.green, colour.blue)))


def _hatching(x: float, y: float, width: float, height: float, spacing: float = 3.2) -> Group:
    """Diagonal lines filling the rectangle (x, y, width, height), for a hidden ("<5") bar."""
    if width < 0:
        x, width = x + width, -width
    if height < 0:
        y, height = y + height, -height
    x1, y1 = x + width, y + height
    group = Group()
    offset = y - x1  # lines y = x + offset, from the bottom right corner to the top left
    while offset < y1 - x:
        start = max(x, y - offset)
        end = min(x1, y1 - offset)
        if end > start:
            group.add(Line(start, start + offset, end, end + offset, strokeColor=DARK, strokeWidth=0.5))
        offset += spacing
    return group
