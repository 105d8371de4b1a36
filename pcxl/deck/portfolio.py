"""The portfolio RAG grid (the ``portfolio_rag_grid`` block): every workstream's headline RAG by
region as a real table, each cell the RAG word on its colour (with history, followed by its trend
arrow against last period: ▲ better, ▼ worse, ► the same), continuing on "(cont.)"
slides.
"""

from __future__ import annotations

from pcxl.deck import flow, theme
from pcxl.deck.changes import TREND_MARKS
from pcxl.deck.content import PortfolioView, Rating
from pcxl.deck.flow import CELL, CELL_NOTE, Item
from pcxl.deck.layout import Segment, Style

NOT_REPORTED = "\u2013"
WORKSTREAM_WIDTH = 200.0
REGION_WIDTH = (60.0, 92.0)
NOT_RATED = "Not rated"


def rag_text(rating: Rating | None) -> str:
    """What a RAG cell reads: the word (or "Not rated"), then its trend arrow when it has one."""
    word = rating.word if rating and rating.word else NOT_RATED
    if rating and rating.word and rating.trend:
        return f"{word} {TREND_MARKS[rating.trend]}"
    return word


def _rag_cell(rating: Rating | None) -> tuple[list[Segment], str | None]:
    if rating is None:
        return [(NOT_REPORTED, CELL)], None
    word = rag_text(rating)
    fill = rating.colour or theme.PALE_GREY
    return [(word, Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(fill)))], fill


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
