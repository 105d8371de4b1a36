"""The closed work streams slide, "Celebrating Success", as in seed 001.

A table of every workstream the returns mark Closed: Date agreed as closed by Oversight Group /
Project / Original objective / Outcome, from the Workstreams sheet's ``date_closed``,
``workstream``, ``objective`` and ``outcome``, in the order they were closed (undated last).
When the deck covers several regions a Region column says who closed it; a workstream several
regions closed identically is one row naming them all. No slide when nothing is closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pcxl.dataset import Dataset
from pcxl.deck import draw, flow
from pcxl.deck.canvas import Canvas
from pcxl.deck.cell_text import text
from pcxl.deck.content import DeckSpec, regions_of
from pcxl.deck.layout import Segment
from pcxl.deck.rollup import BODY_WIDTH, add_table_slides, as_date, merge_regions, regional_rows

TITLE = "Closed Work streams and Projects"
BAR = "Celebrating Success"
HEADERS = ("Date agreed as closed by Oversight Group", "Project", "Original objective", "Outcome")
REGION_HEADER = "Region"
WIDTHS = {"region": 92.0, "date": 112.0, "project": 172.0, "outcome": 190.0}


@dataclass(frozen=True)
class ClosedWorkstream:
    """A closed workstream: when it was agreed closed, what it set out to do and delivered."""

    date: dt.date | None
    label: str
    workstream: str
    objective: str
    outcome: str


def closed_workstreams(dataset: Dataset) -> list[tuple[tuple[str, ...], ClosedWorkstream]]:
    """(regions, closed workstream) in the order closed; identical rows of regions merged."""
    spec = DeckSpec.of(dataset.tracker)
    vocab = spec.vocab(spec.sheet.name, "state")
    if vocab is None:
        return []
    found = []
    for row in regional_rows(dataset, spec.sheet.name):
        term = vocab.term(text(row.get("state")))
        name = text(row.get(spec.title))
        if name and term is not None and term.done:
            found.append((text(row["region"]), ClosedWorkstream(
                as_date(row.get("date_closed")), text(row.get("date_closed_label")), name,
                text(row.get("objective")), text(row.get("outcome")))))
    merged = merge_regions(found, key=lambda c: c)
    return sorted(merged, key=lambda m: (m[1].date is None, m[1].date or dt.date.max))


def closed_table(rows: list[tuple[tuple[str, ...], ClosedWorkstream]], *, by_region: bool
                 ) -> tuple[flow.Table, list[draw.Row]]:
    """The Celebrating Success table, with a Region column first when ``by_region``."""
    fixed = [WIDTHS["date"], WIDTHS["project"]]
    names = list(HEADERS)
    if by_region:
        fixed.insert(0, WIDTHS["region"])
        names.insert(0, REGION_HEADER)
    widths = [*fixed, BODY_WIDTH - sum(fixed) - WIDTHS["outcome"], WIDTHS["outcome"]]
    drawn = []
    for regions, c in rows:
        cells: list[list[Segment]] = [[(c.label, flow.CELL)] if c.label else [],
                                      [(c.workstream, flow.CELL_BOLD)],
                                      [(c.objective, flow.CELL)] if c.objective else [],
                                      [(c.outcome, flow.CELL)] if c.outcome else []]
        if by_region:
            cells.insert(0, [(", ".join(regions), flow.CELL)])
        drawn.append(flow.table_row(cells, widths))
    repeat = (0, 1, 2) if by_region else (0, 1)
    table = flow.Table(tuple(widths), flow.header_row(names, widths), BAR, repeat,
                       name="Closed work streams")
    return table, drawn


def add_closed_slides(canvas: Canvas, dataset: Dataset) -> int:
    """The Celebrating Success slide(s); returns how many were added (none if nothing closed)."""
    rows = closed_workstreams(dataset)
    if not rows:
        return 0
    by_region = len(regions_of(dataset, DeckSpec.of(dataset.tracker))) > 1
    return add_table_slides(canvas, TITLE, *closed_table(rows, by_region=by_region))
