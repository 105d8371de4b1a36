"""The milestone slippage slide: the open milestones forecast furthest past their baseline.

A portfolio slide after the portfolio summary. From the Milestones sheet, every milestone not done
(its status is not a ``done`` word) of a workstream not closed, whose forecast due date is later
than its baseline due date; days late is the forecast due date minus the baseline due date (both
the end of what the team wrote, so "November 2020" is due 30/11/2020). The ``TOP`` most late are
listed, most late first (ties in the order the regions and their rows were read): Region /
Workstream / Milestone / Baseline / Forecast / Days vs baseline (slippage, not lateness against
the report date: that is the "Overdue" flag on the workstream slides), filled amber up to
``RED_AFTER`` days and red beyond. With history (``Dataset.changes``) a last column says how far
the forecast moved since the previous period ("+21 days", "Not moved", "New"); without history
that column is left out. No slide when nothing has slipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcxl.dataset import Dataset
from pcxl.deck import draw, flow, theme
from pcxl.deck.cell_text import text
from pcxl.deck.changes import History
from pcxl.deck.content import MILESTONES, DeckSpec
from pcxl.deck.layout import Segment, Style
from pcxl.deck.rollup import BODY_WIDTH, as_date, regional_rows

TITLE = "Milestone slippage"
TOP = 15
RED_AFTER = 30
HEADERS = ("Region", "Workstream", "Milestone", "Baseline", "Forecast", "Days vs baseline")
MOVED_HEADER = "Moved since last period"
NOT_MOVED = "Not moved"
NEW = "New"
WIDTHS = {"region": 92.0, "workstream": 190.0, "date": 74.0, "late": 60.0, "moved": 84.0}
AMBER, RED = "FFB81C", "DA291C"  # the rag vocabulary's Amber and Red, when it declares none


@dataclass(frozen=True)
class Slip:
    """An open milestone forecast ``days_late`` days after its baseline."""

    region: str
    workstream: str
    milestone: str
    baseline: str
    forecast: str
    days_late: int
    moved: str | None = None  # with history: "+21 days", "Not moved", "New"


def _moved(history: History | None, region: str, workstream: str, milestone: str) -> str | None:
    if history is None:
        return None
    move = history.moved(region, workstream, milestone)
    if move is not None and move.days is not None:
        return f"{move.days:+d} day" + ("" if abs(move.days) == 1 else "s")
    if history.is_new(region, workstream, milestone):
        return NEW
    return NOT_MOVED


def slipped_milestones(dataset: Dataset) -> tuple[list[Slip], int]:
    """The ``TOP`` most-slipped open milestones, most late first, and how many slipped in all."""
    spec = DeckSpec.of(dataset.tracker)
    status = spec.vocab(MILESTONES, "status")
    state = spec.vocab(spec.sheet.name, "state")
    link = spec.link(MILESTONES) or "workstream"
    closed = set()
    for row in regional_rows(dataset, spec.sheet.name):
        term = state.term(text(row.get("state"))) if state else None
        if term is not None and term.done:
            closed.add((text(row["region"]), text(row.get(spec.title))))
    history = History.of(dataset.changes)
    found = []
    for row in regional_rows(dataset, MILESTONES):
        region, workstream = text(row["region"]), text(row.get(link))
        term = status.term(text(row.get("status"))) if status else None
        if (term is not None and term.done) or (region, workstream) in closed:
            continue
        baseline, forecast = as_date(row.get("baseline_date")), as_date(row.get("forecast_date"))
        if baseline is None or forecast is None or forecast <= baseline:
            continue
        milestone = text(row.get("milestone"))
        found.append(Slip(region, workstream, milestone, text(row.get("baseline_date_label")),
                          text(row.get("forecast_date_label")), (forecast - baseline).days,
                          _moved(history, region, workstream, milestone)))
    ranked = sorted(found, key=lambda s: -s.days_late)  # stable: regions and rows as read
    return ranked[:TOP], len(found)


def _late_fill(dataset: Dataset, days: int) -> str:
    word = "Red" if days > RED_AFTER else "Amber"
    try:
        colour = dataset.tracker.vocabulary("rag").colour(word)
    except KeyError:
        colour = None
    return colour or (RED if word == "Red" else AMBER)


def slippage_table(dataset: Dataset, slips: list[Slip], total: int, *, history: bool
                   ) -> tuple[flow.Table, list[draw.Row]]:
    """The slippage table; the Moved column only when ``history`` is true."""
    names = list(HEADERS)
    fixed = [WIDTHS["date"], WIDTHS["date"], WIDTHS["late"]]
    if history:
        names.append(MOVED_HEADER)
        fixed.append(WIDTHS["moved"])
    milestone_w = BODY_WIDTH - WIDTHS["region"] - WIDTHS["workstream"] - sum(fixed)
    widths = [WIDTHS["region"], WIDTHS["workstream"], milestone_w, *fixed]
    aligns = ["left"] * 5 + ["centre"] * (len(names) - 5)
    anchors = ["top"] * 5 + ["middle"] * (len(names) - 5)
    rows = []
    for s in slips:
        fill = _late_fill(dataset, s.days_late)
        late = Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(fill))
        cells: list[list[Segment]] = [
            [(s.region, flow.CELL)], [(s.workstream, flow.CELL)], [(s.milestone, flow.CELL)],
            [(s.baseline, flow.CELL)], [(s.forecast, flow.CELL_BOLD)],
            [(str(s.days_late), late)]]
        fills: list[str | None] = [None] * 5 + [fill]
        if history:
            cells.append([(s.moved, flow.CELL)] if s.moved else [])
            fills.append(None)
        rows.append(flow.table_row(cells, widths, fills=fills, aligns=aligns, anchors=anchors))
    shown = f"the {len(slips)} most late of {total}" if total > len(slips) else "most late first"
    bar = f"Open milestones forecast after their baseline date: {shown}"
    table = flow.Table(tuple(widths), flow.header_row(names, widths, aligns), bar, (0, 1, 2),
                       name="Slippage")
    return table, rows
