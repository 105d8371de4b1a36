"""The ``headline_figures`` block: a tracker's typed headline figures as KPI tiles and charts.

Reads the ``Figures`` sheet (``scheme``, ``measure``, ``value``, ``unit``, ``as_at``, as the scheme
update tracker declares it). Figures are grouped by unit: a unit with a single figure is a tile
(the value large, what it counts under it: a chart of one bar says nothing a number does not);
a unit with several is a native bar chart, values labelled on the bars. Tiles head the first
page, up to four a row; charts follow, up to six a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.slide import Slide

from pcxl.dataset import Dataset
from pcxl.deck import charts, theme
from pcxl.deck.cell_text import text
from pcxl.deck.engine.block_table import Box, Page, heading_bar, text_shape
from pcxl.deck.engine.data import as_number, natural_key
from pcxl.deck.layout import Style, clipped
from pcxl.vocab import fold

SHEET = "Figures"
TILE_HEIGHT = 74.0
TILE_COLUMNS = 4
TILE_VALUE = Style(28.0, bold=True, colour=theme.DARK_BLUE)
TILE_CAPTION = Style(theme.TABLE_SIZE, bold=True, colour=theme.TEXT)
CHART_COLUMNS = 3
CHARTS_PER_PAGE = 6
CHART_TITLE_LINES = 2
UNIT_NAMES = {"%": "Per cent", "\u00a3": "Pounds (\u00a3)"}
SIGNS = {"%": ("", "%"), "\u00a3": ("\u00a3", "")}  # the sign written before or after a number


@dataclass(frozen=True)
class Figure:
    """A headline figure: a typed number, what it counts and the date it describes."""

    scheme: str
    measure: str
    value: float
    unit: str
    as_at: str = ""


@dataclass(frozen=True)
class Chart:
    """The figures of one unit: a tile when there is one, else a chart."""

    title: str
    unit: str
    categories: tuple[str, ...]
    values: tuple[float, ...]


def figures_of(dataset: Dataset) -> list[Figure]:
    """The typed figures in the paper's order of their schemes (2, 3a, 3b ... 10), as read
    within a scheme; rows without a number are left out."""
    frame = dataset.frames.get(SHEET)
    if frame is None:
        return []
    found = []
    for _, row in frame.iterrows():
        value = as_number(row.get("value"))
        if value is not None:
            found.append(Figure(text(row.get("scheme")), text(row.get("measure")), value,
                                text(row.get("unit")), text(row.get("as_at_label"))))
    return sorted(found, key=lambda f: natural_key(fold(f.scheme)))


def _unit_name(unit: str) -> str:
    return UNIT_NAMES.get(unit, unit[:1].upper() + unit[1:]) if unit else "Figures"


def figure_charts(figures: Sequence[Figure]) -> list[Chart]:
    """The figures grouped by unit, in the order first given: one chart per unit.

    A chart whose figures share a measure is titled by it and has one bar per scheme; else it is
    titled by its unit and each bar names its scheme and measure. A date every figure shares
    goes in the title, other dates beside their bar.
    """
    units: dict[str, list[Figure]] = {}
    for f in figures:
        units.setdefault(fold(f.unit), []).append(f)
    found = []
    for group in units.values():
        shared = len({fold(f.measure) for f in group}) == 1
        dates = {f.as_at for f in group}
        title = group[0].measure if shared else _unit_name(group[0].unit)
        if len(dates) == 1 and group[0].as_at:
            title += f" ({group[0].as_at})"
        labels = []
        for f in group:
            label = f"Scheme {f.scheme}" if shared else f"{f.scheme}: {f.measure}"
            if len(dates) > 1 and f.as_at:
                label += f" ({f.as_at})"
            labels.append(label)
        found.append(Chart(title, group[0].unit, tuple(labels), tuple(f.value for f in group)))
    return found


def number_format(chart: Chart) -> str:
    """Excel number format for a chart's values: thousands separated, its unit's sign."""
    core = "#,##0" if all(float(v).is_integer() for v in chart.values) else "#,##0.0"
    before, after = (f'"{sign}"' if sign else "" for sign in SIGNS.get(chart.unit, ("", "")))
    return before + core + after


def figure_value(chart: Chart, value: float) -> str:
    """A figure as the paper writes it: ``6,664``, ``82.9%``, ``£120,000``."""
    before, after = SIGNS.get(chart.unit, ("", ""))
    return before + (f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}") + after


def _nice_top(value: float) -> float:
    """A round axis maximum with room for the value's label beyond its bar."""
    if value <= 0:
        return 1.0
    target = value * 1.3
    magnitude = 10 ** (len(str(int(target))) - 1)
    return float(next((step * magnitude for step in (1, 2, 2.5, 5) if step * magnitude >= target),
                      10 * magnitude))


def draw_tiles(slide: Slide, box: Box, tiles: Sequence[Chart]) -> float:
    """Single figures as KPI tiles, up to four a row; returns the height used."""
    x0, top, width, _ = box
    tile_w = (width - (TILE_COLUMNS - 1) * theme.GUTTER) / TILE_COLUMNS
    inner = tile_w - 2 * theme.TEXT_INSET_X
    for n, tile in enumerate(tiles):
        x = x0 + (n % TILE_COLUMNS) * (tile_w + theme.GUTTER)
        y = top + (n // TILE_COLUMNS) * (TILE_HEIGHT + theme.GUTTER)
        caption = f"{tile.title} \u2013 {tile.categories[0]}"
        shown = "".join(clipped(caption, TILE_CAPTION, inner, 2))
        text_shape(slide, (x, y, tile_w, TILE_HEIGHT),
                   [[(figure_value(tile, tile.values[0]), TILE_VALUE)], [(shown, TILE_CAPTION)]],
                   theme.PALE_GREY, name="Figure")
    rows = -(-len(tiles) // TILE_COLUMNS)
    return rows * (TILE_HEIGHT + theme.GUTTER)


def bar_chart(slide: Slide, box: Box, chart: Chart) -> None:
    """A native clustered bar chart of one unit's figures, values labelled on the bars."""
    data = charts.chart_data(chart.categories, [(chart.title, chart.values)],
                             number_format(chart))
    plot_chart = charts.bar_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, box, data,
                                  name="Figures chart")
    plot_chart.has_legend = False
    plot = plot_chart.plots[0]
    plot.gap_width = 80 if len(chart.values) > 1 else 180
    plot.vary_by_categories = False
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = charts.rgb(theme.NHS_BLUE)
    plot.has_data_labels = True
    charts.label_values(plot.data_labels, number_format(chart), theme.DARK_BLUE)
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    values = plot_chart.value_axis
    values.minimum_scale = 0
    top = max(chart.values, default=0)
    values.maximum_scale = 100 if chart.unit == "%" and top <= 100 else _nice_top(top)
    values.has_major_gridlines = False
    values.visible = False  # each bar carries its value; the axis would only repeat them


def _draw_charts(slide: Slide, box: Box, page: Sequence[Chart]) -> None:
    x0, top, width, height = box
    columns = min(len(page), CHART_COLUMNS if len(page) > 4 else 2)
    rows = -(-len(page) // columns)
    cell_w = (width - (columns - 1) * theme.GUTTER) / columns
    cell_h = (height - (rows - 1) * theme.GUTTER) / rows
    for n, chart in enumerate(page):
        x = x0 + (n % columns) * (cell_w + theme.GUTTER)
        y = top + (n // columns) * (cell_h + theme.GUTTER)
        bar_h = heading_bar(slide, x, y, cell_w, chart.title, lines=CHART_TITLE_LINES,
                            name="Chart heading")
        bar_chart(slide, (x, y + bar_h, cell_w, cell_h - bar_h), chart)


def headline_figures(dataset: Dataset, box: Box) -> list[Page]:
    """The pages of the block: tiles then charts on the first, further charts after."""
    found = figure_charts(figures_of(dataset))
    tiles = [c for c in found if len(c.values) == 1]
    series = [c for c in found if len(c.values) > 1]
    pages = [series[i:i + CHARTS_PER_PAGE] for i in range(0, len(series), CHARTS_PER_PAGE)]

    def page(number: int, part: list[Chart]) -> Page:
        def drawn(slide: Slide, at: Box) -> None:
            x, y, w, h = at
            used = draw_tiles(slide, at, tiles) if number == 0 and tiles else 0.0
            if part:
                _draw_charts(slide, (x, y + used, w, h - used), part)
        return drawn

    if not found:
        return []
    return [page(n, p) for n, p in enumerate(pages or [[]])]

