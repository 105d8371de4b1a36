"""``pcxl layout``: write a starter layout .pptx for a tracker, to restyle in PowerPoint."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl import pipeline
from pcxl.cli.common import console


@click.command("layout")
@click.argument("tracker")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("my_report.pptx"),
              show_default=True, help="The layout .pptx to write.")
def layout_command(tracker: str, output: Path) -> None:
    """Write a starter layout for TRACKER with every field placed.

    Restyle it in PowerPoint or Impress (move, resize, recolour, retitle; keep the {{ fields }}
    and {% tags %}), then draw with `pcxl deck CONSOLIDATED --layout my_report.pptx`.
    """
    path = pipeline.make_layout(tracker, output)
    console.print(f"layout -> {path}")
