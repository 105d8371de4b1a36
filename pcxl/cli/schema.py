"""``pcxl schema show``: print the pandera schemas built from a declaration."""

from __future__ import annotations

import click

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
        console.rule(f"[bold]{name}")
        for key, column in schema.columns.items():
            checks = ", ".join(c.name for c in column.checks)
            flags = [("required" if not column.nullable else "optional"),
                     *(["unique"] if column.unique else [])]
            console.print(f"  {key:<18} {column.title or '':<22} {' '.join(flags):<16} {checks}")
        for check in schema.checks:
            console.print(f"  [dim]rule[/] {check.name}")
