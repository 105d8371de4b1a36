"""Named blocks: what a layout should not spell out, drawn by pcxl into a shape's box.

A shape named ``block:portfolio_rag_grid`` is replaced by that block, sized to the shape. Each
block gives its pages (it may continue on the slide's continuation slides); a page draws itself
on a slide inside the box (x, y, width, height in points).
"""

from __future__ import annotations

from collections.abc import Callable

from pcxl.dataset import Dataset
from pcxl.deck.engine.block_critical_path import critical_path
from pcxl.deck.engine.block_figures import headline_figures
from pcxl.deck.engine.block_rag_grid import portfolio_rag_grid
from pcxl.deck.engine.block_records import records_by_region
from pcxl.deck.engine.block_table import Box, Page

BLOCKS: dict[str, Callable[[Dataset, Box], list[Page]]] = {
    "portfolio_rag_grid": portfolio_rag_grid,
    "headline_figures": headline_figures,
    "records_by_region": records_by_region,
    "critical_path": critical_path,
}
