"""``pcxl validate``: check returns and list every problem with its cell.

As for ``pcxl consolidate``, the worker that reads returns ahead starts before ``pcxl.pipeline``
(pandas, pandera) is imported.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from pcxl.cli.common import console, count, file_progress, reading_ahead, summary_line

if TYPE_CHECKING:
    from pcxl.validate.report import ValidationReport

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def problem_tables(report: ValidationReport, errors_only: bool = False) -> list[Table]:
    """One table per file with problems: cell, column, value found, expected, severity, problem.

    The full sentence for each problem is in ``--format csv``/``json`` and the Validation sheet.
    """
    tables = []
    for f in report.files:
        shown = [p for p in f.problems if not errors_only or p.severity == "error"]
        if not shown:
            continue
        region = f" ({f.region})" if f.region else ""
        title = (f"[bold]{f.path.name}[/]{region}: {count(len(f.errors), 'error')}, "
                 f"{count(len(f.warnings), 'warning')}")
        table = Table(title=title, title_justify="left", header_style="bold", expand=False)
        for name, ratio in (("Cell", None), ("Column", None), ("Value found", 2),
                            ("Expected", 3), ("Severity", None), ("Problem", None)):
            table.add_column(name, overflow="fold", ratio=ratio)
        for p in shown:
            value = "" if p.value is None else str(p.value)
            table.add_row(p.cell or p.sheet, p.column, value, p.expected,
                          f"[{SEVERITY_STYLE[p.severity]}]{p.severity}[/]", p.title)
        tables.append(table)
    return tables


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="How to print the problems.")
@click.option("--errors-only", is_flag=True, help="Leave warnings out of the table.")
def validate_command(paths: tuple[Path, ...], fmt: str, errors_only: bool) -> None:
    """Check returned workbooks (files or folders) and list every problem with its cell.

    Exit code 0 when no return has errors, 1 when any has, 2 when a file cannot be read.
    """
    with reading_ahead(paths) as files:
        from pcxl import pipeline  # the slow imports, while the worker reads

        with file_progress(len(files), "Validating") as advance:
            report = pipeline.validate(files, progress=advance)
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "csv":
        click.echo(report.to_csv(), nl=False)
    else:
        for table in problem_tables(report, errors_only):
            console.print(table)
        console.print(summary_line(report))
    sys.exit(report.exit_code)
