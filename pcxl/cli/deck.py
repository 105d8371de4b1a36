"""``pcxl deck``: draw the highlight slides from a consolidated workbook."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from pcxl import pipeline
from pcxl.cli.common import console, count, errors, working
from pcxl.deck.brand import BrandWarning


@click.command("deck")
@click.argument("consolidated", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The PowerPoint file to write (default: outputs/<tracker>_report.pptx, "
                   "e.g. outputs/highlight_report.pptx).")
@click.option("--by", type=click.Choice(["workstream", "region"]), default="workstream",
              show_default=True,
              help="workstream: the layout as designed (a workstream's slide once per region "
                   "reporting it); region: the whole layout once per region, in turn.")
@click.option("--area", help="Named in the footer of a format that has one (the highlight "
                              "report: 'Working in partnership across AREA').")
@click.option("--brand", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An organisation's own 16:9 PowerPoint template (.pptx or .potx): the deck "
                   "(or the layout) takes its master, logo, theme colours and fonts (status "
                   "colours stay).")
@click.option("--layout", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An office's own layout .pptx with fields (see `pcxl layout`).")
@click.option("--max-slides", type=click.IntRange(min=1), default=pipeline.MAX_SLIDES, metavar="N",
              show_default=True,
              help="Stop, rather than draw a deck longer than this.")
def deck_command(consolidated: Path, output: Path | None, by: str, area: str | None,
                 brand: Path | None, layout: Path | None, max_slides: int) -> None:
    """Draw the report deck of a consolidated workbook, in its tracker's format.

    Each tracker has its report format (see docs/formats.md): the highlight report (a portfolio
    summary and a slide per workstream), the recovery plan, the programme report, the scheme
    update and the delivery plan. ``--layout`` draws an office's own layout instead.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BrandWarning)
        with working(f"Drawing the slides of {consolidated.name}"):
            result = pipeline.make_deck(consolidated, output, by=by, area=area, brand=brand,
                                        layout=layout, max_slides=max_slides)
    for warning in caught:
        if issubclass(warning.category, BrandWarning):
            errors.print(f"[yellow]warning:[/] {warning.message}")
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename,
                                 warning.lineno)
    console.print(f"{count(result.slides, 'slide')} -> {result.path}")
