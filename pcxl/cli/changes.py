"""``pcxl changes``: what moved since the previous reporting period."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from pcxl import pipeline
from pcxl.cli.common import console
from pcxl.declaration import tracker_names


@click.command("changes")
@click.option("--period", required=True, help="The reporting period, e.g. 'November 2020'.")
@click.option("--db", envvar="PCXL_DB", show_envvar=True,
              default=str(Path("outputs") / "pcxl_history.sqlite"), show_default=True,
              help="History database: a SQLite file or a database URL.")
@click.option("--tracker", type=click.Choice(tracker_names()), default="highlight",
              show_default=True)
def changes_command(period: str, db: str, tracker: str) -> None:
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
    console.print(f"{len(result.table)} changes")
