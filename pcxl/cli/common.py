"""What the subcommands share: error handling, the console, progress bars, the summary line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pcxl.errors import PcxlError
from pcxl.validate.report import ValidationReport

console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


class PcxlGroup(click.Group):
    """A click group that turns PcxlError into one plain message and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PcxlError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            errors.print(f"[bold red]pcxl:[/] {exc}")
            sys.exit(exc.exit_code)


@contextmanager
def file_progress(total: int, verb: str) -> Iterator[callable]:
    """A progress bar over ``total`` files; yields the callback to call after each file."""
    columns = (TextColumn(f"{verb}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=errors, transient=True,
                  disable=total < 2 or not errors.is_terminal) as progress:
        task = progress.add_task("", total=total)

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        yield advance


def summary_line(report: ValidationReport) -> str:
    """``3 files read: 2 valid, 1 with errors (4 errors, 9 warnings)``."""
    files = report.files
    bad = sum(1 for f in files if not f.valid)
    return (f"{len(files)} file{'s' if len(files) != 1 else ''} read: {len(files) - bad} valid, "
            f"{bad} with errors ({len(report.errors)} errors, {len(report.warnings)} warnings)")


def history_options(period_help: str) -> Callable[[Callable], Callable]:
    """``--period``, ``--tracker`` and ``--db``, as every command reading the history takes them."""
    options = [
        click.option("--period", required=True, help=period_help),
        click.option("--tracker", default="highlight", show_default=True,
                     help="The tracker's name (see pcxl trackers)."),
        click.option("--db", envvar="PCXL_DB", show_envvar=True,
                     help="History database: a SQLite file or a database URL (default: the "
                          "config's, else outputs/pcxl_history.sqlite)."),
    ]

    def decorate(command: Callable) -> Callable:
        for option in reversed(options):
            command = option(command)
        return command
    return decorate
