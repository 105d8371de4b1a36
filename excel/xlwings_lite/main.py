"""xlwings Lite: "Check my return", for teams filling in a pcxl template without Python.

Paste this file into the main.py tab of the xlwings Lite add-in (and requirements.txt into its
requirements.txt tab), then run "Check my return" from the add-in's script list. It validates the
open workbook with pcxl's own schemas, writes an Issues sheet listing every problem with a link
to its cell, and colours the cells to fix (red: errors, amber: warnings). Run it again after
fixing: the cells that are now right lose their colour. See docs/excel.md.

pcxl itself is installed here at run time, without its dependencies: the ones validation needs
are in requirements.txt, and python-calamine (pcxl's file reader, a compiled package Pyodide does
not have) is not needed because Lite hands pcxl the workbook's values, not a file.
"""

from __future__ import annotations

import sys
import types

import xlwings as xw

# What micropip installs: a version on PyPI, or the URL of a pcxl wheel your IT team hosts.
PCXL = "pcxl"


def _without_calamine() -> None:
    """Let pcxl import where python-calamine does not exist: Lite never reads files with it."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        sys.modules["python_calamine"] = types.ModuleType("python_calamine")


async def _pcxl_ready() -> None:
    """Install pcxl (without dependencies) unless it is already there."""
    _without_calamine()
    try:
        import pcxl  # noqa: F401
    except ImportError:
        import micropip  # Pyodide's installer: only inside xlwings Lite

        await micropip.install(PCXL, deps=False)


@xw.script
async def check_my_return(book: xw.Book):
    """Check this return: list its problems on the Issues sheet and colour the cells to fix."""
    await _pcxl_ready()
    from pcxl.xl import check_my_return as check

    report = check(book)
    if report is None:
        return  # pcxl has shown a message box saying why
    if report.problems:
        errors, warnings = len(report.errors), len(report.warnings)
        print(f"{errors} error{'s' * (errors != 1)} and {warnings} warning"
              f"{'s' * (warnings != 1)}: see the Issues sheet. Fix the coloured cells, then run "
              "Check my return again.")
    else:
        print("No problems found: this return is ready to send.")
