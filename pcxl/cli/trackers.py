"""``pcxl trackers``: the trackers the commands know here, and where each comes from."""

from __future__ import annotations

import click
from rich.table import Table

from pcxl.cli.common import console
from pcxl.project import list_trackers


@click.command("trackers")
def trackers_command() -> None:
    """List every known tracker: the project's own (trackers/) and the shipped ones."""
    table = Table(header_style="bold")
    for name in ("Tracker", "Title", "Sheets", "From"):
        table.add_column(name, overflow="fold")
    for info in list_trackers():
        table.add_row(info.name, info.title, ", ".join(info.sheets), info.origin)
    console.print(table)
