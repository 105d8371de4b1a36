"""``pcxl schema show``: print the pandera schemas built from a declaration."""

from __future__ import annotations

import click
from rich.table import Table

from pcxl.cli.common import console
from pcxl.declaration import load_tracker
from pcxl.validate.schema import tracker_schemas


@click.group("schema")
def schema_command() -> None:
    """Look at the validation schemas pcxl builds from a tracker declaration."""


@schema_command.command("show")
@click.argument("tracker")
def show(tracker: str) -> None:
    """Print each sheet's pandera schema: columns, nullability, uniqueness and checks."""
    for name, schema in tracker_schemas(load_tracker(tracker)).items():
        table = Table(title=f"[bold]{name}", title_justify="left", header_style="bold")
        for heading in ("Key", "Column", "Required", "Unique", "Checks"):
            table.add_column(heading, overflow="fold")
        for key, column in schema.columns.items():
            table.add_row(key, column.title or "", "required" if not column.nullable else
                          "optional", "unique" if column.unique else "",
                          ", ".join(c.name for c in column.checks))
        console.print(table)
        if schema.checks:
            console.print("  Rules across columns: "
                          + ", ".join(check.name for check in schema.checks))
