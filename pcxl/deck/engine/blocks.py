"""Named blocks: what a layout should not spell out, drawn by pcxl into a shape's box.

A shape named ``block:portfolio_rag_grid`` is replaced by that block, sized to the shape. Each
block gives its pages (it may continue on the slide's continuation slides); a page draws itself
on a slide inside the box (x, y, width, height in points).
"""

from __future__ import annotations

from collections.abc import Callable

from pptx.slide import Slide

from pcxl.dataset import Dataset
from pcxl.deck import flow, layout
from pcxl.deck.content import portfolio_view
from pcxl.deck.engine.block_critical_path import critical_path
from pcxl.deck.engine.block_figures import headline_figures
from pcxl.deck.engine.block_records import records_by_region
from pcxl.deck.engine.block_slippage import slippage
from pcxl.deck.portfolio import REGION_WIDTH, WORKSTREAM_WIDTH, rag_items

Box = tuple[float, float, float, float]
Page = Callable[[Slide, Box], None]


def portfolio_rag_grid(dataset: Dataset, box: Box) -> list[Page]:
    """Every workstream's headline RAG by region, as the portfolio summary draws it."""
    view = portfolio_view(dataset)
    _, _, width, height = box
    regions = max(len(view.regions), 1)
    region_w = max(min((width - WORKSTREAM_WIDTH) / regions, REGION_WIDTH[1]), REGION_WIDTH[0])
    first = min(WORKSTREAM_WIDTH, width - region_w * regions)
    widths = [max(first, 60.0)] + [region_w] * len(view.regions)
    items = rag_items(view, widths)
    laid = layout.paginate([i.block for i in items], height)

    def page(part: list[layout.Slice]) -> Page:
        return lambda slide, at: flow.draw_flow(slide, at[0], at[1], sum(widths), items, part)

    return [page(p) for p in laid]


BLOCKS: dict[str, Callable[[Dataset, Box], list[Page]]] = {
    "portfolio_rag_grid": portfolio_rag_grid,
    "headline_figures": headline_figures,
    "records_by_region": records_by_region,
    "slippage": slippage,
    "critical_path": critical_path,
}
