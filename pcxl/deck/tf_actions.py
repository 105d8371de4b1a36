"""Task-and-finish group actions: every open workstream's key actions in one table.

Seed 001's task-and-finish slides (Patients Flu Vaccinations) carry a "Key Actions Outstanding"
table: Action / T&F Group / Target Date / Owner. This slide gathers those rows from the Actions
sheet of every return, with their status on its vocabulary colour (an open action whose target
date is before the reporting period also reads "Overdue" under its date), grouped by T&F group
(a row without a group falls under its workstream's name) in the order the groups first appear. When
the deck covers several regions a Region column comes first; an action several regions report
identically is one row naming them all. No slide when no open workstream has an action.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcxl.dataset import Dataset
from pcxl.deck import draw, flow
from pcxl.deck.canvas import Canvas
from pcxl.deck.cell_text import text
from pcxl.deck.content import ACTIONS, DeckSpec, overdue, period_start, regions_of
from pcxl.deck.highlight import OVERDUE, OVERDUE_STYLE
from pcxl.deck.layout import Segment
from pcxl.deck.rollup import (
    BODY_WIDTH,
    add_table_slides,
    merge_regions,
    open_workstreams,
    regional_rows,
    status_cell,
)

TITLE = "Task and Finish Group Actions"
REGION_HEADER = "Region"
DEFAULT_HEADERS = {"action": "Action", "group": "T&F group", "target_date": "Target date",
                   "owner": "Owner", "status": "Status"}
WIDTHS = {"region": 92.0, "group": 110.0, "target_date": 76.0, "owner": 150.0, "status": 84.0}


@dataclass(frozen=True)
class TFAction:
    """One key action of a task-and-finish group."""

    action: str
    group: str
    target: str
    owner: str
    status: str
    colour: str | None
    overdue: bool = False


def tf_actions(dataset: Dataset) -> list[tuple[tuple[str, ...], TFAction]]:
    """(regions, action) grouped by T&F group, identical rows of several regions merged."""
    spec = DeckSpec.of(dataset.tracker)
    link = spec.link(ACTIONS)
    if link is None:
        return []
    open_rows = open_workstreams(dataset)
    vocab = spec.vocab(ACTIONS, "status")
    start = period_start(dataset)
    found = []
    for row in regional_rows(dataset, ACTIONS):
        region, name = text(row["region"]), text(row.get(link))
        if (region, name) not in open_rows or not text(row.get("action")):
            continue
        status = text(row.get("status"))
        word = (vocab.normalise(status) if vocab else None) or status
        term = vocab.term(word) if vocab and word else None
        found.append((region, TFAction(text(row.get("action")), text(row.get("group")) or name,
                                       text(row.get("target_date_label")),
                                       text(row.get("owner")), word,
                                       vocab.colour(word) if vocab and word else None,
                                       overdue(row, ("target_date",), bool(term and term.done),
                                               start))))
    merged = merge_regions(found, key=lambda a: a)
    groups = {g: i for i, g in enumerate(dict.fromkeys(a.group for _, a in merged))}
    return sorted(merged, key=lambda m: groups[m[1].group])  # stable: given order kept


def actions_table(rows: list[tuple[tuple[str, ...], TFAction]], headers: dict[str, str], *,
                  by_region: bool) -> tuple[flow.Table, list[draw.Row]]:
    """Action / T&F group / Target date / Owner / Status, with Region first when ``by_region``."""
    keys = ["action", "group", "target_date", "owner", "status"]
    names = [headers.get(k, DEFAULT_HEADERS[k]) for k in keys]
    fixed = [WIDTHS[k] for k in keys[1:]]
    widths = [BODY_WIDTH - sum(fixed) - (WIDTHS["region"] if by_region else 0.0), *fixed]
    aligns = ["left"] * 4 + ["centre"]
    if by_region:
        widths.insert(0, WIDTHS["region"])
        names.insert(0, REGION_HEADER)
        aligns.insert(0, "left")
    drawn = []
    for regions, a in rows:
        status, fill = status_cell(a.status, a.colour)
        cells: list[list[Segment]] = [[(v, flow.CELL)] if v else []
                                      for v in (a.action, a.group, a.target, a.owner)]
        if a.overdue:
            cells[2] += [("\n", flow.CELL)] if cells[2] else []
            cells[2].append((OVERDUE, OVERDUE_STYLE))
        cells.append(status)
        fills: list[str | None] = [None] * 4 + [fill]
        if by_region:
            cells.insert(0, [(", ".join(regions), flow.CELL)])
            fills.insert(0, None)
        anchors = ["top"] * (len(cells) - 1) + ["middle"]
        drawn.append(flow.table_row(cells, widths, fills=fills, aligns=aligns, anchors=anchors))
    repeat = (0, 1) if by_region else (0,)
    table = flow.Table(tuple(widths), flow.header_row(names, widths, aligns), None, repeat,
                       name="T&F actions")
    return table, drawn


def add_tf_action_slides(canvas: Canvas, dataset: Dataset) -> int:
    """The task-and-finish actions slide(s); returns how many were added (none without any)."""
    rows = tf_actions(dataset)
    if not rows:
        return 0
    headers = {c.key: c.header for c in dataset.tracker.sheet(ACTIONS).columns}
    by_region = len(regions_of(dataset, DeckSpec.of(dataset.tracker))) > 1
    return add_table_slides(canvas, TITLE, *actions_table(rows, headers, by_region=by_region))
