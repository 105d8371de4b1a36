"""``pcxl stale``: highlights, escalations and risks carried unchanged for several periods."""

from __future__ import annotations

import click
from rich.table import Table

from pcxl import pipeline
from pcxl.cli.common import console, count, history_options


@click.command("stale")
@history_options("The reporting period, e.g. 'January 2021'.")
@click.option("--periods", "at_least", type=click.IntRange(min=2), default=2, show_default=True,
              help="Flag what is unchanged for at least this many periods in a row.")
def stale_command(period: str, tracker: str, db: str | None, at_least: int) -> None:
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
    console.print(count(len(result.table), "stale item"))
