"""``block:slippage``: the open milestones forecast furthest past their baseline, most late first.

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

A block, not a layout table: the field language has no "the 15 most late of N", no condition on
another sheet's column (the workstream's state), and does not filter or sort by derived fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcxl.dataset import Dataset
from pcxl.deck import theme
from pcxl.deck.cell_text import text
from pcxl.deck.changes import History
from pcxl.deck.content import MILESTONES, DeckSpec
from pcxl.deck.engine.block_table import BOLD, Box, Page, Table, cell, header, table_pages
from pcxl.deck.layout import Style
from pcxl.deck.rollup import as_date, regional_rows, workstreams

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
    link = spec.link(MILESTONES) or "workstream"
    closed = workstreams(dataset, closed=True)
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


def slippage_table(dataset: Dataset, slips: list[Slip], total: int, width: float, *,
                   history: bool) -> Table:
    """The slippage table, ``width`` wide; the Moved column only when ``history`` is true."""
    names = list(HEADERS)
    fixed = [WIDTHS["date"], WIDTHS["date"], WIDTHS["late"]]
    if history:
        names.append(MOVED_HEADER)
        fixed.append(WIDTHS["moved"])
    milestone_w = width - WIDTHS["region"] - WIDTHS["workstream"] - sum(fixed)
    rows = []
    for s in slips:
        fill = _late_fill(dataset, s.days_late)
        late = Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(fill))
        row = [cell(s.region), cell(s.workstream), cell(s.milestone), cell(s.baseline),
               cell(s.forecast, BOLD), cell(str(s.days_late), late, fill=fill, align="centre",
                                            middle=True)]
        if history:
            row.append(cell(s.moved or "", align="centre", middle=True))
        rows.append(row)
    shown = f"the {len(slips)} most late of {total}" if total > len(slips) else "most late first"
    return Table("Slippage", [WIDTHS["region"], WIDTHS["workstream"], milestone_w, *fixed],
                 header(names, ["left"] * 5 + ["centre"] * (len(names) - 5)), rows,
                 f"Open milestones forecast after their baseline date: {shown}")


def slippage(dataset: Dataset, box: Box) -> list[Page]:
    """The slippage table in the block's box (no pages when nothing slipped)."""
    slips, total = slipped_milestones(dataset)
    if not slips:
        return []
    table = slippage_table(dataset, slips, total, box[2], history=dataset.changes is not None)
    return table_pages([table], box[3])
