"""``pcxl changes``: what moved since the previous reporting period."""

from __future__ import annotations

import click
from rich.table import Table

from pcxl import pipeline
from pcxl.cli.common import console, count, history_options


@click.command("changes")
@history_options("The reporting period, e.g. 'November 2020'.")
def changes_command(period: str, tracker: str, db: str | None) -> None:
    """List, per region and workstream, what changed since the previous period: forecast dates
    moved (days against the last forecast and the baseline), statuses, milestones achieved,
    added or dropped, and rating changes."""
    result = pipeline.changes_since_last(period, db, tracker)
    if result.previous is None:
        console.print(f"{result.period} is the first recorded period: nothing to compare with.")
        return
    table = Table(title=f"Changes from {result.previous} to {result.period}",
                  title_justify="left", header_style="bold")
    for name in ("Region", "Workstream", "Milestone or rating", "Change", "Before", "After",
                 "Days moved", "Days vs baseline"):
        table.add_column(name, overflow="fold")
    for row in result.table.itertuples():
        table.add_row(*(("" if v is None else str(v)) for v in (
            row.region, row.workstream, row.item, row.change, row.before, row.after,
            row.days_moved, row.days_vs_baseline)))
    console.print(table)
    console.print(count(len(result.table), "change"))
