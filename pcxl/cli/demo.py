"""``pcxl demo``: build sample returns from the seed reports and run the whole pipeline on them."""

from __future__ import annotations

from pathlib import Path

import click

from pcxl.cli.common import console, count, summary_line, working
from pcxl.cli.validate import problem_tables
from pcxl.demo import SEED_REPORTS, run_demo
from pcxl.pipeline import ConsolidationResult
from pcxl.validate.report import ValidationReport


def _period_heading(result: ConsolidationResult) -> str:
    """``November 2020`` for one tracker's run; ``highlight Jan 2021, recovery_plan ...`` else."""
    periods = {name: str(d.period or "") for name, d in result.datasets.items()}
    if len(periods) == 1:
        return next(iter(periods.values()))
    return ", ".join(f"{name} {period}" for name, period in periods.items())


def _print_run(result: ConsolidationResult) -> None:
    """One period's returns, each accepted or rejected, then why any were rejected."""
    report = result.report
    accepted = sum(1 for f in report.files if f.valid)
    console.print(f"[bold]{_period_heading(result)}[/]: {accepted} of {len(report.files)} "
                  "returns accepted")
    for f in report.files:
        verdict = "[green]accepted[/]" if f.valid else "[red]rejected[/]"
        console.print(f"  {f.path.name:<48} {f.region or '':<26} {verdict}  "
                      f"{count(len(f.errors), 'error')}, {count(len(f.warnings), 'warning')}")
    if any(not f.valid for f in report.files):
        console.print("  [bold]Why returns were rejected[/] (errors only; warnings are in the "
                      "workbook's Validation sheet)")
        for table in problem_tables(report, errors_only=True):
            console.print(table)
    for name, path in result.outputs.items():
        rows = sum(len(f) for f in result.datasets[name].frames.values())
        console.print(f"  [bold]Consolidated[/] {rows} rows -> {path}")


@click.command("demo")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("outputs/demo"),
              show_default=True, help="Folder to write the returns, workbook and deck into.")
def demo_command(output: Path) -> None:
    """Make sample returns from the seed reports, then validate, consolidate and draw them.

    The highlight tracker runs over three periods (November 2020 from the seed, then December
    and January rolled forward with declared edits), recorded in a history database in the
    output folder, so its deck shows what changed since the previous report. Each seed is also
    drawn as itself, for its own period, in the seed_reports folder."""
    with working(f"Making the demo in {output}"):
        result = run_demo(output)
    runs = [*result.earlier, result.consolidation]
    for run in runs:
        _print_run(run)
    console.print(f"[bold]History[/] -> {output / 'pcxl_history.sqlite'} (try pcxl changes "
                  f"--db {output / 'pcxl_history.sqlite'} --period 'January 2021')")
    for deck in result.decks.values():
        console.print(f"[bold]Deck[/] {deck.slides} slides -> {deck.path}")
    for deck in result.seed_reports.values():
        console.print(f"[bold]Seed report[/] {deck.slides} slides -> {deck.path}")
    every = ValidationReport([f for run in runs for f in run.report.files])
    console.print(f"All {len(runs)} periods: {summary_line(every)}")
    console.print(f"Each seed's own report: {output / SEED_REPORTS}")
