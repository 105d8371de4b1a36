"""The ``block:records_by_region`` block: how many records each region returned on each sheet.

A native table (Region, then a column per sheet, then a Total row), continuing on the slide's
continuation slides with its header repeated: the summary an adopted tracker's starter layout
opens with, for any tracker.
"""

from __future__ import annotations

from collections.abc import Callable

from pptx.slide import Slide

from pcxl.dataset import Dataset
from pcxl.deck import draw, flow, layout
from pcxl.deck.cell_text import text
from pcxl.deck.layout import Segment
from pcxl.deck.rollup import frame_of

Box = tuple[float, float, float, float]
Page = Callable[[Slide, Box], None]
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


def _rows(dataset: Dataset, widths: list[float]) -> list[draw.Row]:
    sheets = dataset.tracker.sheets
    frames = {s.name: frame_of(dataset, s.name) for s in sheets}
    aligns = ["left", *["right"] * len(sheets)]
    rows = []
    for region in [*regions(dataset), "Total"]:
        cells: list[list[Segment]] = [[(region, flow.CELL_BOLD if region == "Total"
                                        else flow.CELL)]]
        for sheet in sheets:
            frame = frames[sheet.name]
            if "region" not in frame:
                number = 0
            elif region == "Total":
                number = len(frame)
            else:
                number = int((frame["region"].map(text) == region).sum())
            cells.append([(str(number), flow.CELL)])
        rows.append(flow.table_row(cells, widths, aligns=aligns))
    return rows


def records_by_region(dataset: Dataset, box: Box) -> list[Page]:
    """The records each region returned on each sheet, with a total row."""
    sheets = dataset.tracker.sheets
    _, _, width, height = box
    first = max(width - COUNT_WIDTH * len(sheets), min(FIRST_LEAST, width / 2))
    widths = [first, *[(width - first) / len(sheets)] * len(sheets)]
    header = flow.header_row(["Region", *(f"{s.name} records" for s in sheets)], widths,
                             ["left", *["right"] * len(sheets)])
    table = flow.Table(tuple(widths), header, "Records returned", (0,), name="Summary table")
    items = flow.table_items(table, _rows(dataset, widths))
    laid = layout.paginate([i.block for i in items], height)

    def page(part: list[layout.Slice]) -> Page:
        return lambda slide, at: flow.draw_flow(slide, at[0], at[1], sum(widths), items, part)

    return [page(p) for p in laid]
