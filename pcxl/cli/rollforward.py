"""``pcxl rollforward``: next period's returns, pre-filled from the history."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl import pipeline
from pcxl.cli.common import console, count, history_options
from pcxl.config import load_config


@click.command("rollforward")
@history_options("The recorded period to roll forward from, e.g. 'November 2020'.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Project configuration (default: ./pcxl.yaml): the expected regions.")
@click.option("--next-period", help="The next period's name (default: the following month).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              default=Path("outputs/rollforward"), show_default=True,
              help="Folder for the pre-filled returns.")
def rollforward_command(period: str, tracker: str, config_path: Path | None, db: str | None,
                        next_period: str | None, output: Path) -> None:
    """Write next period's return for every expected region, pre-filled with its latest data:
    workstreams, milestones with IDs and forecast dates, open actions and risks. This period's
    highlights, escalations and completed actions are cleared, so a team edits what changed."""
    written = pipeline.rollforward_returns(period, tracker, config=load_config(config_path),
                                           history=db, output=output, next_period=next_period)
    for path in written:
        console.print(f"rolled forward -> {path}")
    console.print(f"{count(len(written), 'return')} written")
