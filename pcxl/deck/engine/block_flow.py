"""A block made of a flow of tables and paragraphs (``pcxl.deck.flow``), paginated into its box.

The portfolio-level blocks (slippage, critical path, objectives) reuse the drawing code of the
built-in formats: they build flow items and this module pages them into the block's shape, each
page drawn on the slide or continuation slide it falls on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pptx.slide import Slide

from pcxl.deck import flow, layout
from pcxl.deck.rollup import balance

Box = tuple[float, float, float, float]
Page = Callable[[Slide, Box], None]


def flow_pages(items: Sequence[flow.Item], box: Box, *, rows_from: int | None = None
               ) -> list[Page]:
    """``items`` split into pages as tall as ``box``; each page draws itself at the box's
    top left (a table keeps its own column widths). ``rows_from``: the items of one table from
    that index are its rows, shared out so that the last page is not left near empty."""
    if not items:
        return []
    width = box[2]
    blocks = [i.block for i in items]
    laid = layout.paginate(blocks, box[3])
    if rows_from is not None:
        laid = balance(laid, blocks, box[3], first_row=rows_from)

    def page(part: list[layout.Slice]) -> Page:
        return lambda slide, at: flow.draw_flow(slide, at[0], at[1], width, items, part)

    return [page(p) for p in laid if p]


def table_items(tables: Sequence[tuple[flow.Table, Sequence]]) -> list[flow.Item]:
    """The items of several tables one after the other."""
    return [item for table, rows in tables for item in flow.table_items(table, rows)]
