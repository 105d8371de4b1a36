"""``block:critical_path``: each R&R workstream group's milestones against the months they fall
in (``pcxl.deck.critical_path``): a table per group and window of months, each starting a slide
and headed by its group ("Critical Path - General Practice"); the date first agreed is struck
through in the month it was due when the milestone moved."""

from __future__ import annotations

from dataclasses import replace

from pcxl.dataset import Dataset
from pcxl.deck.critical_path import critical_paths, path_table, windows
from pcxl.deck.engine.block_flow import Box, Page, flow_pages, table_items


def critical_path(dataset: Dataset, box: Box) -> list[Page]:
    """Every group's critical path tables in the block's box, each table starting a page."""
    pages = []
    for path in critical_paths(dataset):
        for months, tbc, rows in windows(path):
            table, drawn = path_table(months, tbc, rows)
            items = table_items([(replace(table, bar=path.title), drawn)])
            pages += flow_pages(items, box, rows_from=len(items) - len(drawn))
    return pages
