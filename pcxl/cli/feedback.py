"""``pcxl feedback``: a marked-up copy of every return with problems, to send back to its team."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pcxl.cli.common import console, count, file_progress, returns_to_read, summary_line
from pcxl.feedback import feedback_returns


@click.command("feedback")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs/feedback"), show_default=True,
              help="The folder to write the feedback copies into.")
def feedback_command(paths: tuple[Path, ...], output: Path) -> None:
    """Write, for every return with problems, a copy marked up for its team to fix.

    Each problem cell of the copy is coloured (red error, amber warning) and has a comment
    saying what is wrong and what is expected; a first sheet, Issues, lists every problem with
    a link to its cell. The returns themselves are never changed. Exit code as for validate.
    """
    files = returns_to_read(paths)
    with file_progress(len(files), "Checking") as advance:
        result = feedback_returns(files, output, progress=advance)
    for f in result.report.files:
        if f.path in result.written:
            console.print(f"  {f.path.name}: {count(len(f.errors), 'error')}, "
                          f"{count(len(f.warnings), 'warning')} -> {result.written[f.path]}")
        elif f.path in result.skipped:
            console.print(f"  [red]{f.path.name}[/]: no feedback copy: {result.skipped[f.path]}")
        else:
            console.print(f"  {f.path.name}: no problems, nothing to send back")
    console.print(summary_line(result.report))
    sys.exit(result.exit_code)
