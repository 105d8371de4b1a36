"""What the subcommands share: error handling, the console, progress bars, the summary line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pcxl.errors import InputError, PcxlError
from pcxl.scan import scan_returns

if TYPE_CHECKING:
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


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner with ``message`` while a long step runs, on a terminal only."""
    if not errors.is_terminal:
        yield
        return
    with errors.status(message):
        yield


def count(n: int, word: str, plural: str | None = None) -> str:
    """``1 error``, ``2 errors``, ``0 copies`` (``plural`` when it is not ``word + s``)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def summary_line(report: ValidationReport) -> str:
    """``3 files read: 2 valid, 1 with errors (4 errors, 9 warnings)``."""
    files = report.files
    bad = sum(1 for f in files if not f.valid)
    return (f"{count(len(files), 'file')} read: {len(files) - bad} valid, "
            f"{bad} with errors ({count(len(report.errors), 'error')}, "
            f"{count(len(report.warnings), 'warning')})")


@contextmanager
def reading_ahead(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """The returns to read (``returns_to_read``), with the read-ahead worker started on them
    (``pcxl.excel.precheck.started_ahead``) before each is opened to leave out pcxl's own
    outputs: it starts on the files their names tell are returns, and is taken over only if
    that is all of them (else it ends as soon as that is known)."""
    from pcxl.declaration import known_trackers, sheets_read
    from pcxl.excel.precheck import drop_ahead, started_ahead

    named = scan_returns(paths, look_inside=False).files
    with started_ahead(named, sheets_read(known_trackers())):
        files = returns_to_read(paths)
        if files != named:
            drop_ahead()
        yield files


def returns_to_read(paths: Sequence[Path]) -> list[Path]:
    """The returns among ``paths`` (folders expanded); names every file of a folder that is not
    read, with why, and stops the run (exit 2) when there is nothing to read."""
    scan = scan_returns(paths)
    for path, reason in scan.not_read:
        errors.print(f"[yellow]not read[/]: {path}: {reason}")
    if not scan.files:
        raise InputError(f"no returns to read in {', '.join(str(p) for p in paths)}: returns are "
                         "Excel workbooks (.xlsx or .xlsm) made from a pcxl template")
    return scan.files


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
