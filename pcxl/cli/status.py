"""``pcxl status``: the chase list for a period, with draft reminder emails."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from pcxl import pipeline
from pcxl.cli.common import console, history_options
from pcxl.config import load_config

STATE_STYLE = {"returned": "green", "rejected": "bold red", "late": "red",
               "not yet due": "yellow"}


@click.command("status")
@history_options("The reporting period, e.g. 'November 2020'.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Project configuration (default: ./pcxl.yaml): expected regions, contacts.")
@click.option("--reminders", type=click.Path(path_type=Path),
              default=Path("outputs/reminders"), show_default=True,
              help="Folder for the draft reminder emails (.eml).")
def status_command(period: str, tracker: str, config_path: Path | None, db: str | None,
                   reminders: Path) -> None:
    """List who has returned, who is late, and whose return was rejected and why, and draft a
    reminder email for each region to chase (open the .eml files in your mail client)."""
    result = pipeline.chase_list(period, tracker, config=load_config(config_path), history=db,
                                 reminders=reminders)
    status = result.status
    due = f", due {status.due:%d/%m/%Y}" if status.due else ""
    table = Table(title=f"{status.tracker.title}, {status.period}{due}", title_justify="left",
                  header_style="bold")
    for name in ("Region", "State", "Files", "Submitted by", "Why"):
        table.add_column(name, overflow="fold")
    for r in status.regions:
        why = "; ".join(r.reasons[:3]) + (f" (+{len(r.reasons) - 3} more)"
                                          if len(r.reasons) > 3 else "")
        table.add_row(r.region, f"[{STATE_STYLE[r.state]}]{r.state}[/]", ", ".join(r.files),
                      ", ".join(r.submitted_by), why)
    console.print(table)
    for path in result.reminders:
        console.print(f"reminder -> {path}")
