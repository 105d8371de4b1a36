"""``block:portfolio_rag_grid``: every workstream's headline RAG by region as a real table, each
cell the RAG word on its colour (with history, followed by its trend arrow against last period:
▲ better, ▼ worse, ► the same), continuing on "(cont.)" slides.
"""

from __future__ import annotations

from pcxl.dataset import Dataset
from pcxl.deck import theme
from pcxl.deck.changes import TREND_MARKS
from pcxl.deck.content import Rating, portfolio_view
from pcxl.deck.engine.block_table import NOTE, Box, Cell, Page, Table, cell, header, table_pages
from pcxl.deck.layout import Style

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


def _rag_cell(rating: Rating | None) -> Cell:
    if rating is None:
        return cell(NOT_REPORTED, align="centre")
    fill = rating.colour or theme.PALE_GREY
    ink = Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(fill))
    return cell(rag_text(rating), ink, fill=fill, align="centre")


def portfolio_rag_grid(dataset: Dataset, box: Box) -> list[Page]:
    """The workstreams-by-region RAG table in the block's box."""
    view = portfolio_view(dataset)
    _, _, width, height = box
    count = max(len(view.regions), 1)
    region_w = max(min((width - WORKSTREAM_WIDTH) / count, REGION_WIDTH[1]), REGION_WIDTH[0])
    widths = [max(min(WORKSTREAM_WIDTH, width - region_w * count), 60.0)]
    widths += [region_w] * len(view.regions)
    rows = [[cell(name), *map(_rag_cell, ratings)] for name, ratings in view.rows]
    if not rows:
        rows = [[cell("No workstreams reported.", NOTE), *[Cell()] * len(view.regions)]]
    bar = f"{view.rag_label} RAG by region" if view.rag_label else "RAG by region"
    names = ["Workstream", *view.regions]
    table = Table("Portfolio RAG", widths, header(names, ["left"] + ["centre"] * count), rows, bar)
    return table_pages([table], height)
