"""The portfolio summary slide: every workstream's RAG by region, milestone status counts, and
the escalations, so a board sees the whole programme before the workstream slides.

Left: a real table, workstreams by region, each cell the headline RAG word on its colour (with
history, followed by its trend arrow against last period). Right: a native stacked bar chart
(editable in PowerPoint, its data in the embedded workbook) of milestone status counts by region,
each status in its vocabulary colour; below it, the escalations as "region: workstream: text".
Both columns continue on "(cont.)" slides.
"""

from __future__ import annotations

from pptx.enum.chart import XL_AXIS_CROSSES
from pptx.enum.dml import MSO_PATTERN
from pptx.slide import Slide
from pptx.util import Pt

from pcxl.deck import charts, chrome, draw, flow, theme
from pcxl.deck.canvas import Canvas
from pcxl.deck.content import PortfolioView, Rating
from pcxl.deck.flow import CELL, CELL_NOTE, Item
from pcxl.deck.layout import Segment, Style, paginate, wrap_runs

TITLE = "Portfolio summary"
CHART_HEADING = "Milestone status by region"
ESCALATIONS = "Escalations"
NO_ESCALATIONS = "No escalations this period."
NO_MILESTONES = "No milestones reported this period."
NOT_REPORTED = "\u2013"
CHART_HEIGHT = 210.0
WORKSTREAM_WIDTH = 200.0
REGION_WIDTH = (60.0, 92.0)
LEFT_SHARE_MAX = 0.56
PATTERNS = (MSO_PATTERN.WIDE_UPWARD_DIAGONAL, MSO_PATTERN.LARGE_CHECKER_BOARD)

BOLD = Style(theme.BULLET_SIZE, bold=True)
PLAIN = Style(theme.BULLET_SIZE)


def _rag_cell(rating: Rating | None) -> tuple[list[Segment], str | None]:
    if rating is None:
        return [(NOT_REPORTED, CELL)], None
    word = chrome.rag_text(rating)
    fill = rating.colour or theme.PALE_GREY
    return [(word, Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(fill)))], fill


def _widths(view: PortfolioView, available: float) -> list[float]:
    n = max(len(view.regions), 1)
    region_w = min(max((available * LEFT_SHARE_MAX - WORKSTREAM_WIDTH) / n, REGION_WIDTH[0]),
                   REGION_WIDTH[1])
    return [WORKSTREAM_WIDTH] + [region_w] * len(view.regions)


def rag_items(view: PortfolioView, widths: list[float]) -> list[Item]:
    """The workstreams-by-region RAG table as a flow."""
    names = ["Workstream", *view.regions]
    aligns = ["left"] + ["centre"] * len(view.regions)
    rows = []
    for name, ratings in view.rows:
        cells: list[list[Segment]] = [[(name, CELL)]]
        fills: list[str | None] = [None]
        for rating in ratings:
            runs, fill = _rag_cell(rating)
            cells.append(runs)
            fills.append(fill)
        rows.append(flow.table_row(cells, widths, fills=fills, aligns=aligns))
    if not rows:
        empty: list[list[Segment]] = [[] for _ in names]
        empty[0] = [("No workstreams reported.", CELL_NOTE)]
        rows.append(flow.table_row(empty, widths))
    bar = f"{view.rag_label} RAG by region" if view.rag_label else "RAG by region"
    table = flow.Table(tuple(widths), flow.header_row(names, widths, aligns), bar, (0,),
                       name="Portfolio RAG")
    return flow.table_items(table, rows)


def escalation_items(view: PortfolioView, width: float) -> list[Item]:
    """The escalations list as a flow: "region: workstream: text" bullets."""
    items = [flow.heading_item(ESCALATIONS)]
    for region, workstream, text in view.escalations:
        runs = [(f"{region}: ", BOLD), (f"{workstream}: ", BOLD), (text, PLAIN)]
        items.append(flow.para_item(ESCALATIONS, runs, width, mark="\u25ba",
                                    mark_colour=theme.ESCALATION))
    if not view.escalations:
        items.append(flow.para_item(ESCALATIONS, [(NO_ESCALATIONS, Style(italic=True))], width,
                                    mark=None))
    return items


def status_chart(slide: Slide, x: float, y: float, w: float, h: float,
                 view: PortfolioView) -> None:
    """A native stacked bar chart: one bar per region, one series per status, vocabulary colours."""
    if not view.statuses or not view.regions:
        note = Style(theme.BULLET_SIZE, italic=True)
        draw.add_text(slide, x, y, w, note.line_height,
                      [draw.Para(wrap_runs([(NO_MILESTONES, note)], w), note)],
                      name="Status chart")
        return
    data = charts.chart_data(view.regions, [(word, [view.counts[word][r] for r in view.regions])
                                            for word, _ in view.statuses], "0")
    chart = charts.stacked_bars(slide, (x, y, w, h), data, name="Status chart",
                                about="milestone status by region")
    plot = chart.plots[0]
    plot.vary_by_categories = False
    chart.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM  # keeps the value axis at the bottom
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = draw.rgb(theme.PALE_GREY)
    value_axis.tick_labels.font.size = Pt(theme.TABLE_SIZE)
    value_axis.format.line.fill.background()
    seen: dict[str, int] = {}
    for series, (_, colour) in zip(plot.series, view.statuses, strict=True):
        repeat = seen.get(colour, 0)
        seen[colour] = repeat + 1
        fill = series.format.fill
        if repeat:  # a second status of the same colour: hatched, so the legend tells them apart
            fill.patterned()
            fill.pattern = PATTERNS[(repeat - 1) % len(PATTERNS)]
            fill.fore_color.rgb = draw.rgb(colour)
            fill.back_color.rgb = draw.rgb(theme.tint(colour, 0.6))
        else:
            fill.solid()
            fill.fore_color.rgb = draw.rgb(colour)
        series.format.line.color.rgb = draw.rgb(theme.WHITE)
        label_colour = theme.text_on(colour if not repeat else theme.tint(colour, 0.6))
        charts.label_values(series.data_labels, "0;-0;;@", label_colour)  # no label for zero


def add_portfolio_slides(canvas: Canvas, view: PortfolioView, *, aside: str = "") -> int:
    """Add the portfolio summary and any "(cont.)" slides; returns how many were added."""
    inner = theme.SLIDE_WIDTH - 2 * theme.MARGIN - theme.GUTTER
    widths = _widths(view, inner)
    left_x, left_w = theme.MARGIN, sum(widths)
    right_x = left_x + left_w + theme.GUTTER
    right_w = theme.SLIDE_WIDTH - theme.MARGIN - right_x
    bottom = theme.FOOTER_TOP - theme.GAP
    top_first = chrome.band_height(TITLE, aside=aside) + theme.GAP
    top_later = chrome.band_height(TITLE + chrome.CONT, aside=aside) + theme.GAP
    chart_block = chrome.HEADING_HEIGHT + CHART_HEIGHT + flow.SECTION_GAP
    left = rag_items(view, widths)
    right = escalation_items(view, right_w)
    left_pages = paginate([i.block for i in left], bottom - top_later,
                          first_height=bottom - top_first)
    right_pages = paginate([i.block for i in right], bottom - top_later,
                           first_height=bottom - top_first - chart_block)
    count = max(len(left_pages), len(right_pages))
    for p in range(count):
        title = TITLE if p == 0 else TITLE + chrome.CONT
        slide = canvas.slide(title)
        top = chrome.title_band(slide, title, aside=aside) + theme.GAP
        if p < len(left_pages) and left_pages[p]:
            flow.draw_flow(slide, left_x, top, left_w, left, left_pages[p])
        right_top = top
        if p == 0:
            right_top += chrome.heading(slide, right_x, top, right_w, CHART_HEADING)
            status_chart(slide, right_x, right_top, right_w, CHART_HEIGHT, view)
            right_top += CHART_HEIGHT + flow.SECTION_GAP
        if p < len(right_pages) and right_pages[p]:
            flow.draw_flow(slide, right_x, right_top, right_w, right, right_pages[p])
    return count
