"""``pcxl demo``: build sample returns from seed 001 and run the whole pipeline on them."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl.cli.common import console, summary_line
from pcxl.cli.validate import problem_tables
from pcxl.demo import run_demo


@click.command("demo")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("outputs/demo"),
              show_default=True, help="Folder to write the returns, workbook and deck into.")
def demo_command(output: Path) -> None:
    """Make sample returns from the seed reports, then validate, consolidate and draw them."""
    result = run_demo(output)
    report = result.consolidation.report
    console.print(f"[bold]Returns[/] ({len(result.returns)}) -> {output / 'returns'}")
    for f in report.files:
        verdict = "[green]accepted[/]" if f.valid else "[red]rejected[/]"
        console.print(f"  {f.path.name:<40} {f.region or '':<24} {verdict}  "
                      f"{len(f.errors)} errors, {len(f.warnings)} warnings")
    rejected = [f for f in report.files if not f.valid]
    if rejected:
        console.print("[bold]Why returns were rejected[/] (errors only; warnings are in the "
                      "workbook's Validation sheet)")
        for table in problem_tables(report, errors_only=True):
            console.print(table)
    for name, path in result.consolidation.outputs.items():
        rows = sum(len(f) for f in result.consolidation.datasets[name].frames.values())
        console.print(f"[bold]Consolidated[/] {rows} rows -> {path}")
    for deck in result.decks.values():
        console.print(f"[bold]Deck[/] {deck.slides} slides -> {deck.path}")
    console.print(summary_line(report))
