"""``block:objectives``, ``block:objective_workstreams`` and ``block:programmes``: the programme
office's strategic objectives, the workstreams delivering each and the programme overview, side by
side in columns (``pcxl.deck.objectives``, ``pcxl.deck.programmes``),
as many columns a table as fit, the tables one under another."""

from __future__ import annotations

from pcxl.dataset import Dataset
from pcxl.deck.columns import ColumnTable, chunks, column_table
from pcxl.deck.engine.block_table import Box, Page, table_pages
from pcxl.deck.objectives import SHEET as OBJECTIVES
from pcxl.deck.objectives import objectives_of, objectives_table, workstreams_table
from pcxl.deck.programmes import SHEET as PROGRAMMES
from pcxl.deck.programmes import programme_table, programmes_of


def _headers(dataset: Dataset, sheet: str) -> dict[str, str]:
    return {c.key: c.header for c in dataset.tracker.sheet(sheet).columns}


def _pages(specs: list[ColumnTable], box: Box) -> list[Page]:
    return table_pages([column_table(spec, part, box[2]) for spec in specs
                        for part in chunks(len(spec.headers), spec.most)], box[3])


def objectives(dataset: Dataset, box: Box) -> list[Page]:
    """The strategic objectives: title, SRO and lead, statement, numbered priorities."""
    found = objectives_of(dataset)
    if not found:
        return []
    return _pages([objectives_table(found, _headers(dataset, OBJECTIVES))], box)


def objective_workstreams(dataset: Dataset, box: Box) -> list[Page]:
    """The workstreams delivering each strategic objective (nothing when none names them)."""
    found = objectives_of(dataset)
    if not any(o.workstreams for o in found):
        return []
    return _pages([workstreams_table(found)], box)


def programmes(dataset: Dataset, box: Box) -> list[Page]:
    """The programme overview: purpose, key objectives and outcomes per programme."""
    found = programmes_of(dataset)
    if not found:
        return []
    return _pages([programme_table(found, _headers(dataset, PROGRAMMES))], box)
