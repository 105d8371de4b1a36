"""The deck any tracker gets until the office gives it a layout of its own (``format: generic``).

A title slide; a summary of the records each region returned on each sheet, beside the chart of
the first column with a closed vocabulary; a native stacked bar chart of each other such
column's words by region, in the words' colours; then each sheet as one real table over as many
slides as it needs, with a Region column when several regions returned, and vocabulary words on
their colour (Red, Amber, Green, Complete, Open ... are coloured without being told: ``pcxl
adopt`` writes their colours).
"""

from __future__ import annotations

from pptx.slide import Slide

from pcxl.dataset import Dataset
from pcxl.deck import charts, chrome, flow, theme
from pcxl.deck import draw as shapes
from pcxl.deck.build import title_slide
from pcxl.deck.canvas import Canvas
from pcxl.deck.cell_text import text
from pcxl.deck.layout import Segment, paginate
from pcxl.deck.rollup import BODY_WIDTH, add_table_slides, frame_of, status_cell
from pcxl.declaration import Column, Sheet

SUMMARY = "Summary"
REGION_WIDTH = 90.0
SUMMARY_WIDTH = 200.0  # the summary table's Region column, beside a chart
NO_COLOUR = ("768692", "41B6E6", "005EB8", "AE2573", "ED8B00", "330072")  # words with none


def draw(canvas: Canvas, dataset: Dataset, *, by: str = "workstream") -> None:
    """Title; the summary (records per region, beside the first closed list's chart); a chart
    per other closed list; then every sheet as a table."""
    title_slide(canvas, dataset)
    regions = _regions(dataset)
    listed = [(sheet, column) for sheet in dataset.tracker.sheets for column in sheet.columns
              if column.vocab]
    add_summary_slides(canvas, dataset, regions, listed[0] if listed else None)
    for sheet, column in listed[1:]:
        add_vocabulary_chart(canvas, dataset, sheet, column, regions)
    for sheet in dataset.tracker.sheets:
        add_sheet_slides(canvas, dataset, sheet, len(regions) > 1)


def _regions(dataset: Dataset) -> list[str]:
    """The regions with rows on any sheet, in the order read."""
    found: list[str] = []
    for sheet in dataset.tracker.sheets:
        frame = frame_of(dataset, sheet.name)
        if "region" in frame:
            found += [text(r) for r in frame["region"] if text(r)]
    return list(dict.fromkeys(found))


def add_summary_slides(canvas: Canvas, dataset: Dataset, regions: list[str],
                       charted: tuple[Sheet, Column] | None = None) -> int:
    """Records per region on each sheet, with a total row; on the first slide, beside it, the
    chart of ``charted`` (a sheet's closed-list column). Returns how many slides were added."""
    sheets = dataset.tracker.sheets
    width = min(SUMMARY_WIDTH + 90.0 * len(sheets), BODY_WIDTH)
    if charted is None:
        width = BODY_WIDTH
    first = width - 90.0 * len(sheets) if charted else max(width - 110.0 * len(sheets), 160.0)
    widths = [first, *[(width - first) / len(sheets)] * len(sheets)]
    table = flow.Table(tuple(widths), flow.header_row(
        ["Region", *(f"{s.name} records" for s in sheets)], widths,
        ["left", *["right"] * len(sheets)]), "Records returned", (0,), name="Summary table")
    items = flow.table_items(table, _summary_rows(dataset, regions, widths))
    bottom = theme.FOOTER_TOP - theme.GAP
    top = chrome.band_height(SUMMARY + chrome.CONT, aside=canvas.period) + theme.GAP
    pages = paginate([i.block for i in items], bottom - top)
    for p, page in enumerate(pages):
        title = SUMMARY if p == 0 else SUMMARY + chrome.CONT
        slide = canvas.slide(title)
        y = chrome.title_band(slide, title, aside=canvas.period) + theme.GAP
        flow.draw_flow(slide, theme.MARGIN, y, width, items, page)
        if p == 0 and charted is not None:
            x = theme.MARGIN + width + theme.GUTTER
            w = theme.SLIDE_WIDTH - theme.MARGIN - x
            sheet, column = charted
            y += chrome.heading(slide, x, y, w, f"{sheet.name}: {column.header}")
            vocabulary_chart(slide, (x, y, w, bottom - y), dataset, sheet, column, regions)
    return len(pages)


def _summary_rows(dataset: Dataset, regions: list[str], widths: list[float]
                  ) -> list[shapes.Row]:
    sheets = dataset.tracker.sheets
    counts = {s.name: frame_of(dataset, s.name) for s in sheets}
    rows = []
    for region in [*regions, "Total"]:
        cells: list[list[Segment]] = [[(region, flow.CELL_BOLD if region == "Total"
                                        else flow.CELL)]]
        for sheet in sheets:
            frame = counts[sheet.name]
            if "region" not in frame:
                number = 0
            elif region == "Total":
                number = len(frame)
            else:
                number = int((frame["region"].map(text) == region).sum())
            cells.append([(str(number), flow.CELL)])
        rows.append(flow.table_row(cells, widths, aligns=["left", *["right"] * len(sheets)]))
    return rows


def add_vocabulary_chart(canvas: Canvas, dataset: Dataset, sheet: Sheet, column: Column,
                         regions: list[str]) -> None:
    """A slide of ``column``'s words by region."""
    title = f"{sheet.name}: {column.header}"
    slide = canvas.slide(title)
    top = chrome.title_band(slide, title, aside=canvas.period) + theme.GAP
    box = (theme.MARGIN, top, BODY_WIDTH, theme.FOOTER_TOP - theme.GAP - top)
    vocabulary_chart(slide, box, dataset, sheet, column, regions)


def vocabulary_chart(slide: Slide, box: tuple[float, float, float, float], dataset: Dataset,
                     sheet: Sheet, column: Column, regions: list[str]) -> None:
    """A native stacked bar chart of ``column``'s words by region, each word in its colour
    (nothing when no region used any of its words)."""
    vocab = dataset.tracker.vocabulary(column.vocab or "")
    frame = frame_of(dataset, sheet.name)
    if frame.empty or column.key not in frame or not regions:
        return
    words = [w for w in vocab.words if (frame[column.key].map(text) == w).any()]
    if not words:
        return
    counts = {w: [int(((frame["region"].map(text) == r) & (frame[column.key].map(text) == w))
                       .sum()) for r in regions] for w in words}
    data = charts.chart_data(regions, [(w, counts[w]) for w in words], "0")
    chart = charts.stacked_bars(slide, box, data, name=f"{column.header} chart", gap_width=60)
    plot = chart.plots[0]
    most = max(sum(values) for values in zip(*counts.values(), strict=True))
    if most <= 10:
        chart.value_axis.major_unit = 1
    used: set[str] = set()
    for n, (series, word) in enumerate(zip(plot.series, words, strict=True)):
        colour = vocab.colour(word)
        if colour is None or colour in used:  # words of no colour, or sharing one: a palette
            colour = NO_COLOUR[n % len(NO_COLOUR)]
        used.add(colour)
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = shapes.rgb(colour)
        series.format.line.color.rgb = shapes.rgb(theme.WHITE)
        charts.label_values(series.data_labels, "0;-0;;@", theme.text_on(colour))


def _coloured(dataset: Dataset, columns: list[Column]) -> set[str]:
    """The vocabularies of ``columns`` with a word in a colour other than the default grey: only
    their cells are filled (a Yes/No list is not a status)."""
    found = set()
    for column in columns:
        if column.vocab:
            vocab = dataset.tracker.vocabulary(column.vocab)
            if any(t.colour != "grey" for t in vocab.terms):
                found.add(column.vocab)
    return found


def add_sheet_slides(canvas: Canvas, dataset: Dataset, sheet: Sheet, by_region: bool) -> int:
    """The sheet's rows as one native table over as many slides as they need."""
    frame = frame_of(dataset, sheet.name)
    if frame.empty:
        return 0
    columns = list(sheet.columns)
    weights = [c.width * (2 if c.type == "long_text" else 1) for c in columns]
    room = BODY_WIDTH - (REGION_WIDTH if by_region else 0)
    widths = [room * w / sum(weights) for w in weights]
    names = [c.header for c in columns]
    if by_region:
        widths.insert(0, REGION_WIDTH)
        names.insert(0, "Region")
    coloured = _coloured(dataset, columns)
    rows = []
    for _, record in frame.iterrows():
        cells: list[list[Segment]] = []
        fills: list[str | None] = []
        if by_region:
            cells.append([(text(record.get("region")), flow.CELL)])
            fills.append(None)
        for column in columns:
            value = text(record.get(f"{column.key}_label") if column.is_date
                         else record.get(column.key))
            if value.endswith(".0") and column.type in ("integer", "number"):
                value = value[:-2]
            fill = None
            if column.vocab and value and column.vocab in coloured:
                runs, fill = status_cell(value,
                                         dataset.tracker.vocabulary(column.vocab).colour(value))
            else:
                runs = [(value, flow.CELL)] if value else []
            cells.append(runs)
            fills.append(fill)
        rows.append(flow.table_row(cells, widths, fills=fills))
    table = flow.Table(tuple(widths), flow.header_row(names, widths), None,
                       (0,) if by_region else (), name=f"{sheet.name} table")
    return add_table_slides(canvas, sheet.name, table, rows, aside=canvas.period)
