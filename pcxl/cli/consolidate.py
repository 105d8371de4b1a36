"""``pcxl consolidate``: validate a folder of returns and write the consolidated workbook.

The worker that reads returns ahead starts before ``pcxl.pipeline`` (pandas, pandera,
SQLAlchemy) is imported, so it reads the first returns while this process starts.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from pcxl.cli.common import console, count, file_progress, reading_ahead, summary_line
from pcxl.config import history_location


@click.command("consolidate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              default=Path("outputs/consolidated.xlsx"), show_default=True,
              help="The consolidated workbook to write (or a folder for one per tracker).")
@click.option("--db", envvar="PCXL_DB", show_envvar=True,
              help="History database: a SQLite file or a database URL (default: history: in "
                   "pcxl.yaml, else outputs/pcxl_history.sqlite).")
@click.option("--no-history", is_flag=True, help="Do not record this period in the history.")
def consolidate_command(paths: tuple[Path, ...], output: Path, db: str | None,
                        no_history: bool) -> None:
    """Validate returns and write one consolidated workbook of every valid one.

    Returns with errors are left out and listed, with every problem, in the workbook's Summary
    and Validation sheets. When the returns are of several trackers, each gets its own
    workbook beside OUTPUT (``consolidated_highlight.xlsx``...). Exit code as for validate.
    """
    with reading_ahead(paths) as files:
        from pcxl import pipeline  # the slow imports, while the worker reads
        from pcxl.validate.run import gc_paused

        with gc_paused(), file_progress(len(files), "Consolidating") as advance:
            history = None if no_history else history_location(db)
            result = pipeline.consolidate_returns(files, output, progress=advance,
                                                  history=history)
            # What the run built stays until the command leaves, unfreed (processes.leave):
            # the collector, back on, need not go over it again (0.06 s at 1,000 returns).
            gc.freeze()
    for repaired in result.repaired:
        console.print(f"  [yellow]repaired[/]: {repaired}")
    if len(result.outputs) > 1:
        console.print(f"{len(result.outputs)} trackers found, so one workbook each instead of "
                      f"{output}:")
    for name, dataset in result.datasets.items():
        rows = sum(len(f) for f in dataset.frames.values())
        left_out = dataset.returns[dataset.returns["outcome"] != "accepted"]
        console.print(f"[bold]{name}[/]: {count(len(dataset.regions), 'region')} consolidated, "
                      f"{count(rows, 'row')} -> {result.outputs[name]}")
        changes = result.changes.get(name)
        if changes is not None:
            since = (f"; {count(len(changes.table), 'change')} since {changes.previous}"
                     if changes.previous else ", the first period there")
            console.print(f"  history: {dataset.period} recorded in {history}{since}")
        stale = result.stale.get(name)
        if stale is not None and len(stale.table):
            console.print(f"  stale narrative: {len(stale.table)} highlights, escalations or "
                          "risks unchanged for two or more periods (Stale narrative sheet)")
        unreadable = {f.path.name for f in result.report.unreadable}
        for row in left_out.itertuples():
            if row.file in unreadable:
                continue
            region = row.region if isinstance(row.region, str) and row.region else "no region"
            console.print(f"  left out: {row.file} ({region}): {row.outcome}, "
                          f"{count(int(row.errors), 'error')}")
    for f in result.report.unreadable:
        console.print(f"  [red]unreadable[/]: {f.path.name}: {f.problems[0].message}")
    console.print(summary_line(result.report))
    sys.exit(result.exit_code)
