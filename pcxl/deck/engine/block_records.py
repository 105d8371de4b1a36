"""The ``block:records_by_region`` block: how many records each region returned on each sheet.

A native table (Region, then a column per sheet, then a Total row), continuing on the slide's
continuation slides with its header repeated: the summary an adopted tracker's starter layout
opens with, for any tracker.
"""

from __future__ import annotations

from pcxl.dataset import Dataset
from pcxl.deck.cell_text import text
from pcxl.deck.content import frame_of
from pcxl.deck.engine.block_table import BOLD, CELL, Box, Page, Table, cell, header, table_pages

COUNT_WIDTH = 90.0  # each sheet's column
FIRST_LEAST = 120.0  # the Region column, at least


def regions(dataset: Dataset) -> list[str]:
    """The regions with rows on any sheet, in the order read."""
    found: list[str] = []
    for sheet in dataset.tracker.sheets:
        frame = frame_of(dataset, sheet.name)
        if "region" in frame:
            found += [text(r) for r in frame["region"] if text(r)]
    return list(dict.fromkeys(found))


def records_by_region(dataset: Dataset, box: Box) -> list[Page]:
    """The records each region returned on each sheet, with a total row."""
    sheets = dataset.tracker.sheets
    frames = {s.name: frame_of(dataset, s.name) for s in sheets}
    _, _, width, height = box
    first = max(width - COUNT_WIDTH * len(sheets), min(FIRST_LEAST, width / 2))
    rows = []
    for region in [*regions(dataset), "Total"]:
        row = [cell(region, BOLD if region == "Total" else CELL)]
        for sheet in sheets:
            frame = frames[sheet.name]
            number = (0 if "region" not in frame else len(frame) if region == "Total"
                      else int((frame["region"].map(text) == region).sum()))
            row.append(cell(str(number), align="right"))
        rows.append(row)
    names = ["Region", *(f"{s.name} records" for s in sheets)]
    table = Table("Summary table", [first, *[(width - first) / len(sheets)] * len(sheets)],
                  header(names, ["left", *["right"] * len(sheets)]), rows, "Records returned")
    return table_pages([table], height)
