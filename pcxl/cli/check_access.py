"""``pcxl check-access``: the accessibility rules run on decks and workbooks."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from pcxl.access import check_files
from pcxl.cli.common import console


@click.command("check-access")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=True, path_type=Path))
def check_access_command(paths: tuple[Path, ...]) -> None:
    """Check decks (.pptx) and workbooks (.xlsx), pcxl's or any other, against the
    accessibility rules (after PowerPoint's and Excel's Accessibility Checker and WCAG 2.2 AA;
    see docs/accessibility.md). Each failure is listed with its slide or sheet, shape or cell
    and rule; exits 1 when any fails. A folder stands for the decks and workbooks in it."""
    report = check_files(paths)
    for file in report.files:
        if file.passed:
            console.print(f"{file.path.name}: passes")
            continue
        table = Table(title=f"{file.path.name}: {len(file.failures)} failures",
                      title_justify="left", header_style="bold")
        for name in ("Where", "Shape or cell", "Rule", "Failure"):
            table.add_column(name, overflow="fold")
        for failure in file.failures:
            table.add_row(failure.where, failure.item, failure.code, failure.message)
        console.print(table)
    files, bad = len(report.files), sum(1 for f in report.files if not f.passed)
    console.print(f"{files} file{'s' if files != 1 else ''} checked: {files - bad} pass, "
                  f"{bad} fail ({report.failures} failure{'s' if report.failures != 1 else ''})")
    if not report.passed:
        sys.exit(1)
