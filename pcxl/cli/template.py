"""``pcxl template``: write a tracker's blank Excel template."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl import pipeline
from pcxl.cli.common import console


@click.command("template")
@click.argument("tracker")  # any known tracker: see pcxl trackers
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write it (default: workbook_templates/<tracker's file>).")
def template_command(tracker: str, output: Path | None) -> None:
    """Write the blank template teams fill in, with dropdowns, checks and instructions."""
    path = pipeline.make_template(tracker, output)
    console.print(f"template -> {path}")
