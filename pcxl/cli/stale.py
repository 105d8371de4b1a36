"""``pcxl stale``: highlights, escalations and risks carried unchanged for several periods."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from pcxl import pipeline
from pcxl.cli.common import console
from pcxl.declaration import tracker_names


@click.command("stale")
@click.option("--period", required=True, help="The reporting period, e.g. 'January 2021'.")
@click.option("--db", envvar="PCXL_DB", show_envvar=True,
              default=str(Path("outputs") / "pcxl_history.sqlite"), show_default=True,
              help="History database: a SQLite file or a database URL.")
@click.option("--tracker", type=click.Choice(tracker_names()), default="highlight",
              show_default=True)
@click.option("--periods", "at_least", type=click.IntRange(min=2), default=2, show_default=True,
              help="Flag what is unchanged for at least this many periods in a row.")
def stale_command(period: str, db: str, tracker: str, at_least: int) -> None:
    """List the highlights, escalations and risks reported in the same words for two or more
    periods in a row, so boards stop reading last month's words."""
    result = pipeline.stale_items(period, db, tracker, at_least)
    table = Table(title=f"Unchanged for {at_least}+ periods, as of {result.period}",
                  title_justify="left", header_style="bold")
    for name in ("Region", "Workstream", "Kind", "Text", "Periods", "Since"):
        table.add_column(name, overflow="fold")
    for row in result.table.itertuples():
        table.add_row(*(("" if v is None else str(v)) for v in (
            row.region, row.workstream, row.kind, row.text, row.periods_unchanged, row.since)))
    console.print(table)
    console.print(f"{len(result.table)} stale items")
