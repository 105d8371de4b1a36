"""``pcxl adopt``: declare a workbook the office already uses as a tracker, with no code."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl.adopt import adopt_workbook
from pcxl.cli.common import console


@click.command("adopt")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The declaration to write (default: trackers/<workbook name>.yaml).")
@click.option("--name", help="The tracker's name (default: from the file name).")
def adopt_command(workbook: Path, output: Path | None, name: str | None) -> None:
    """Read WORKBOOK's own layout (header rows, columns, dropdowns, form fields) and write the
    declaration that validates returns of it; a copy of WORKBOOK is kept beside it."""
    adoption = adopt_workbook(workbook, output, name)
    console.print(f"adopted {workbook.name} as tracker {adoption.plan.name!r} -> "
                  f"{adoption.declaration}")
    for line in adoption.summary:
        console.print(f"  {line}")
