"""The strategic objectives slides, from the tracker's programme-level Objectives sheet.

Seed 001 opens with the regional vision and its five strategic objectives side by side: each
with its title, SRO and lead, a statement and numbered priorities; a second slide lists, under
the same objectives, the local workstreams that deliver them. The programme office fills the
Objectives sheet (regions leave it blank); when several returns give the same objective (by its
number), the first region's row is used. Nothing is drawn when no return fills the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcxl.dataset import Dataset
from pcxl.deck.cell_text import text
from pcxl.deck.columns import LABEL, ColumnTable, FieldRow, numbered
from pcxl.deck.engine.block_table import CELL
from pcxl.deck.layout import Segment
from pcxl.deck.rollup import regional_rows

SHEET = "Objectives"
TITLE = "Strategic objectives"
WORKSTREAMS_TITLE = "Workstreams by strategic objective"
MOST_PER_SLIDE = 5
LEAD_GAP = " | "  # between SRO and Lead, on one line


@dataclass(frozen=True)
class Objective:
    """One strategic objective as the slides show it; priorities and workstreams one per line."""

    number: str
    title: str
    sro: str
    lead: str
    statement: str
    priorities: str
    workstreams: str


def _number(value: object) -> tuple[float, str]:
    shown = text(value)
    try:
        number = float(shown)
    except ValueError:
        return float("inf"), shown
    return number, (str(int(number)) if number.is_integer() else shown)


def objectives_of(dataset: Dataset) -> list[Objective]:
    """The objectives in number order, each once: the first region to give a number wins."""
    found: dict[str, tuple[float, int, Objective]] = {}
    for n, row in enumerate(regional_rows(dataset, SHEET)):
        title = text(row.get("objective"))
        if not title:
            continue
        order, number = _number(row.get("number"))
        key = number or title.casefold()
        if key in found:
            continue
        found[key] = (order, n, Objective(number, title, text(row.get("sro")),
                                          text(row.get("lead")), text(row.get("statement")),
                                          text(row.get("priorities")),
                                          text(row.get("workstreams"))))
    return [o for _, _, o in sorted(found.values(), key=lambda f: (f[0], f[1]))]


def _summary(objective: Objective, headers: dict[str, str]) -> list[Segment]:
    """SRO and lead on one line (each left out when not given), then the statement."""
    runs: list[Segment] = []
    for key, default, value in (("sro", "SRO", objective.sro), ("lead", "Lead", objective.lead)):
        if value:
            runs += [(LEAD_GAP, CELL)] if runs else []
            runs += [(f"{headers.get(key, default)}: ", LABEL), (value, CELL)]
    if objective.statement:
        runs += [("\n", CELL)] if runs else []
        runs.append((objective.statement, CELL))
    return runs


def objectives_table(objectives: list[Objective], headers: dict[str, str]) -> ColumnTable:
    """One column per objective: its title (the header), SRO and lead with the statement, then
    the numbered priorities."""
    rows = [FieldRow(None, [_summary(o, headers) for o in objectives]),
            FieldRow(None, [numbered(o.priorities) for o in objectives])]
    return ColumnTable(TITLE, [o.title for o in objectives], rows, MOST_PER_SLIDE,
                       name="Objectives")


def workstreams_table(objectives: list[Objective]) -> ColumnTable:
    """One column per objective, the local workstreams that deliver it numbered beneath."""
    return ColumnTable(WORKSTREAMS_TITLE, [o.title for o in objectives],
                       [FieldRow(None, [numbered(o.workstreams) for o in objectives])],
                       MOST_PER_SLIDE, name="Objective workstreams")
