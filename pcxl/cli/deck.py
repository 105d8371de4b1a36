"""``pcxl deck``: draw the highlight slides from a consolidated workbook."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl import pipeline
from pcxl.cli.common import console


@click.command("deck")
@click.argument("consolidated", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              default=Path("outputs/highlight_report.pptx"), show_default=True,
              help="The PowerPoint file to write.")
@click.option("--by", type=click.Choice(["workstream", "region"]), default="workstream",
              show_default=True,
              help="One slide per workstream (regions side by side) or per region and workstream.")
@click.option("--area", help="Named in the footer: 'Working in partnership across AREA'.")
def deck_command(consolidated: Path, output: Path, by: str, area: str | None) -> None:
    """Draw the highlight report: a portfolio summary and a slide per workstream."""
    result = pipeline.make_deck(consolidated, output, by=by, area=area)
    console.print(f"{result.slides} slides -> {result.path}")
