"""What the portfolio slides share: rows read across regions, and tables that run over slides.

The critical path, the closed work streams and the task-and-finish actions each gather rows from
every accepted region's return. ``regional_rows`` keeps the accepted regions' rows in the order
read; ``merge_regions`` turns rows that several regions report word for word into one row naming
them all, so a workstream reported by three regions is listed once. ``add_table_slides`` draws
one real table under a title band, the header row (and heading bar) repeated on "(cont.)" slides,
and never leaves a last slide with a single row (``balance``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.deck import chrome, draw, flow, theme
from pcxl.deck.canvas import Canvas
from pcxl.deck.cell_text import text
from pcxl.deck.content import DeckSpec, regions_of
from pcxl.deck.layout import Block, Segment, Slice, Style, paginate

T = TypeVar("T")
BODY_WIDTH = theme.SLIDE_WIDTH - 2 * theme.MARGIN


def as_date(value: object) -> dt.date | None:
    """A consolidated date cell as a date (None for blanks, NaT and anything else)."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def frame_of(dataset: Dataset, sheet: str) -> pd.DataFrame:
    """A sheet's consolidated rows, or an empty frame when the dataset has none."""
    frame = dataset.frames.get(sheet)
    return frame if frame is not None else pd.DataFrame()


def regional_rows(dataset: Dataset, sheet: str) -> list[dict]:
    """The rows of ``sheet`` from the deck's regions, region by region in the order read (as
    mappings of column to value: read at once, not a Series a row)."""
    frame = frame_of(dataset, sheet)
    if frame.empty or "region" not in frame:
        return []
    regions = regions_of(dataset, DeckSpec.of(dataset.tracker))
    order = {r: i for i, r in enumerate(regions)}
    rows = [row for row in frame.to_dict("records") if text(row["region"]) in order]
    return sorted(rows, key=lambda r: order[text(r["region"])])  # stable: sheet order kept


def open_workstreams(dataset: Dataset) -> dict[tuple[str, str], dict]:
    """(region, workstream) -> its Workstreams row, for every workstream not closed."""
    spec = DeckSpec.of(dataset.tracker)
    vocab = spec.vocab(spec.sheet.name, "state")
    found: dict[tuple[str, str], dict] = {}
    for row in regional_rows(dataset, spec.sheet.name):
        term = vocab.term(text(row.get("state"))) if vocab else None
        if term is not None and term.done:
            continue
        name = text(row.get(spec.title))
        if name:
            found.setdefault((text(row["region"]), name), row)
    return found


def merge_regions(items: Iterable[tuple[str, T]], key: Callable[[T], Hashable]
                  ) -> list[tuple[tuple[str, ...], T]]:
    """Rows that several regions report identically, as one row with every region named.

    ``items`` are (region, row) pairs; rows with the same ``key`` are one row, kept where it
    first appears, with its regions in the order they report it.
    """
    merged: dict[Hashable, tuple[list[str], T]] = {}
    for region, item in items:
        k = key(item)
        if k in merged:
            if region not in merged[k][0]:
                merged[k][0].append(region)
        else:
            merged[k] = ([region], item)
    return [(tuple(regions), item) for regions, item in merged.values()]


def status_cell(word: str, colour: str | None) -> tuple[list[Segment], str | None]:
    """A status word on its vocabulary colour (bold, in the colour that reads on it)."""
    if not word:
        return [], None
    return [(word, Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(colour)))], colour


def balance(pages: list[list[Slice]], blocks: Sequence[Block], height: float, *,
            first_row: int) -> list[list[Slice]]:
    """Never a "(cont.)" slide carrying a single row: when the last page has one whole row
    and the page before several, move rows (items from ``first_row`` on) from that page to
    the last until they are about even, as long as they fit."""
    if len(pages) < 2 or len(pages[-1]) != 1 or not pages[-1][0].whole:
        return pages
    before, last = list(pages[-2]), list(pages[-1])

    def used(page: list[Slice]) -> float:
        return sum(blocks[s.index].height for s in page) + blocks[page[0].index].repeat

    while len(before) > len(last) + 1 and before[-1].whole and before[-1].index >= first_row:
        moved = [before[-1], *last]
        if used(moved) > height:
            break
        before, last = before[:-1], moved
    return [*pages[:-2], before, last]


def add_table_slides(canvas: Canvas, title: str, table: flow.Table, rows: Sequence[draw.Row],
                     *, continued: bool = False, aside: str = "") -> int:
    """One table over as many slides as it needs; returns how many were added.

    The first slide is titled ``title`` (``title (cont.)`` when ``continued``), the others
    ``title (cont.)``; each repeats the table's heading bar and header row, and a row too tall
    for what is left continues on the next. ``aside`` is a short note on the title band's right.
    """
    items = flow.table_items(table, rows)
    bottom = theme.FOOTER_TOP - theme.GAP
    first_top = chrome.band_height(title, aside=aside) + theme.GAP
    later_top = chrome.band_height(title + chrome.CONT, aside=aside) + theme.GAP
    blocks = [i.block for i in items]
    pages = balance(paginate(blocks, bottom - later_top,
                             first_height=bottom - (later_top if continued else first_top)),
                    blocks, bottom - later_top, first_row=len(items) - len(rows))
    for p, page in enumerate(pages):
        page_title = title if p == 0 and not continued else title + chrome.CONT
        slide = canvas.slide(page_title)
        top = chrome.title_band(slide, page_title, aside=aside) + theme.GAP
        if page:
            flow.draw_flow(slide, theme.MARGIN, top, sum(table.widths), items, page)
    return len(pages)
