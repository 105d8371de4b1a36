"""``block:slippage``: the open milestones forecast furthest past their baseline, most late first
(``pcxl.deck.slippage``), with how far each moved since last period when there is history."""

from __future__ import annotations

from pcxl.dataset import Dataset
from pcxl.deck.engine.block_flow import Box, Page, flow_pages, table_items
from pcxl.deck.slippage import slippage_table, slipped_milestones


def slippage(dataset: Dataset, box: Box) -> list[Page]:
    """The slippage table in the block's box (no pages when nothing slipped)."""
    slips, total = slipped_milestones(dataset)
    if not slips:
        return []
    table = slippage_table(dataset, slips, total, history=dataset.changes is not None)
    items = table_items([table])
    return flow_pages(items, box, rows_from=len(items) - len(table[1]))
