"""``block:portfolio_rag_grid``: every workstream's headline RAG by region as a real table, each
cell the RAG word on its colour (with history, followed by its trend arrow against last period:
▲ better, ▼ worse, ► the same), continuing on "(cont.)" slides.
"""

from __future__ import annotations

from pcxl.dataset import Dataset
from pcxl.deck import theme
from pcxl.deck.cell_text import text
from pcxl.deck.changes import TREND_MARKS, History
from pcxl.deck.content import DeckSpec, frame_of, regions_of
from pcxl.deck.engine.block_table import NOTE, Box, Cell, Page, Table, cell, header, table_pages
from pcxl.deck.engine.data import cached
from pcxl.deck.layout import Style

NOT_REPORTED = "\u2013"
WORKSTREAM_WIDTH = 200.0
REGION_WIDTH = (60.0, 92.0)
NOT_RATED = "Not rated"


def _rag_cell(word: str | None, colour: str | None, trend: str | None) -> Cell:
    """The word (or "Not rated") on its colour (else Pale Grey), then its trend arrow."""
    fill = colour or theme.PALE_GREY
    ink = Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(fill))
    shown = f"{word} {TREND_MARKS[trend]}" if word and trend else word or NOT_RATED
    return cell(shown, ink, fill=fill, align="centre")


def rag_rows(dataset: Dataset) -> tuple[str, list[str], list[list[Cell]]]:
    """The headline RAG's label, the regions, and a row per workstream: its name, then its
    rating in each region (a dash where the region has no row for it)."""
    spec = DeckSpec.of(dataset.tracker)
    regions = regions_of(dataset, spec)
    label, key = "", ""  # the headline RAG: Delivery's, else the last declared
    if spec.rags:
        label, key = next((r for r in spec.rags if "delivery" in r[0].lower()), spec.rags[-1])
    vocab = spec.vocab(spec.sheet.name, key) if key else None
    history = History.of(dataset.changes)
    named: dict[str, dict[str, Cell]] = {}  # workstream -> region -> its headline rating
    for row in cached(frame_of(dataset, spec.sheet.name)).rows:  # the deck's rows
        name = text(row.get(spec.title))
        if not name:
            continue
        ratings = named.setdefault(name, {})
        if not key:
            continue
        word = text(row.get(key))
        word = (vocab.normalise(word) or word) if vocab and word else (word or None)
        trend = None
        if history:
            trend = history.trend(row["region"], name, spec.sheet.column(key).header, word,
                                  vocab.normalise if vocab else None)
        colour = vocab.colour(word) if vocab and word else None
        ratings[text(row["region"])] = _rag_cell(word, colour, trend)
    rows = [[cell(name), *(ratings.get(r, cell(NOT_REPORTED, align="centre")) for r in regions)]
            for name, ratings in named.items()]
    return label, regions, rows


def portfolio_rag_grid(dataset: Dataset, box: Box) -> list[Page]:
    """The workstreams-by-region RAG table in the block's box."""
    label, regions, rows = rag_rows(dataset)
    _, _, width, height = box
    count = max(len(regions), 1)
    region_w = max(min((width - WORKSTREAM_WIDTH) / count, REGION_WIDTH[1]), REGION_WIDTH[0])
    widths = [max(min(WORKSTREAM_WIDTH, width - region_w * count), 60.0)]
    widths += [region_w] * len(regions)
    if not rows:
        rows = [[cell("No workstreams reported.", NOTE), *[Cell()] * len(regions)]]
    bar = f"{label} RAG by region" if label else "RAG by region"
    names = ["Workstream", *regions]
    table = Table("Portfolio RAG", widths, header(names, ["left"] + ["centre"] * count), rows, bar)
    return table_pages([table], height)
