"""``pcxl demo``: build sample returns from seed 001 and run the whole pipeline on them."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl.cli.common import console, count, summary_line, working
from pcxl.cli.validate import problem_tables
from pcxl.demo import run_demo


@click.command("demo")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("outputs/demo"),
              show_default=True, help="Folder to write the returns, workbook and deck into.")
def demo_command(output: Path) -> None:
    """Make sample returns from the seed reports, then validate, consolidate and draw them.

    The highlight tracker runs over three periods (November 2020 from the seed, then December
    and January rolled forward with declared edits), recorded in a history database in the
    output folder, so its deck shows what changed since the previous report."""
    with working(f"Making the demo in {output}"):
        result = run_demo(output)
    for earlier in result.earlier:
        for name, path in earlier.outputs.items():
            dataset = earlier.datasets[name]
            accepted = sum(1 for f in earlier.report.files if f.valid)
            console.print(f"[bold]{dataset.period}[/] {accepted} of {len(earlier.report.files)} "
                          f"returns accepted -> {path}")
    if result.earlier:
        console.print(f"[bold]History[/] -> {output / 'pcxl_history.sqlite'} (try pcxl changes "
                      f"--db {output / 'pcxl_history.sqlite'} --period 'January 2021')")
    report = result.consolidation.report
    console.print(f"[bold]Returns[/] ({len(result.returns)}) -> {output / 'returns'}")
    for f in report.files:
        verdict = "[green]accepted[/]" if f.valid else "[red]rejected[/]"
        console.print(f"  {f.path.name:<40} {f.region or '':<24} {verdict}  "
                      f"{count(len(f.errors), 'error')}, {count(len(f.warnings), 'warning')}")
    for each in [*(e.report for e in result.earlier), report]:
        if any(not f.valid for f in each.files):
            console.print("[bold]Why returns were rejected[/] (errors only; warnings are in the "
                          "workbook's Validation sheet)")
            for table in problem_tables(each, errors_only=True):
                console.print(table)
    for name, path in result.consolidation.outputs.items():
        rows = sum(len(f) for f in result.consolidation.datasets[name].frames.values())
        console.print(f"[bold]Consolidated[/] {rows} rows -> {path}")
    for deck in result.decks.values():
        console.print(f"[bold]Deck[/] {deck.slides} slides -> {deck.path}")
    console.print(summary_line(report))
