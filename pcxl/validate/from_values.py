"""Validate a return from the values its sheets hold, when there is no file to read.

``pcxl.xl.check_my_return`` validates the workbook open in Excel: classic xlwings or xlwings Lite
hand over each sheet's values, and there is no file for python-calamine to open (nor, in Lite's
Pyodide, any python-calamine at all). ``validate_values`` takes those values and runs exactly what
``validate_return`` runs on a file: the same reader turns the rows into frames indexed by Excel
row (``pcxl.excel.read``), the same pandera schemas check them (``pcxl.validate.run``), and the
problems name the same cells. A test checks that a file and its values give the same problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from pcxl.declaration import Tracker, known_trackers
from pcxl.excel.read import ReturnData, UnreadableReturn, read_book
from pcxl.validate.report import FileReport
from pcxl.validate.run import report_for, unreadable_report

Rows = Sequence[Sequence[object]]


def cell_value(value: object) -> object:
    """A value as python-calamine gives it: blanks as "", numbers as float, dates as dates.

    xlwings gives dates as datetimes and whole numbers as floats; openpyxl gives ints. Bringing
    them to one form makes the problems found in values identical to those found in a file.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


class _SheetValues:
    def __init__(self, rows: Rows):
        cleaned = [[cell_value(v) for v in row] for row in rows]
        while cleaned and all(v == "" for v in cleaned[-1]):
            cleaned.pop()
        width = max((len(r) for r in cleaned), default=0)
        self.rows = [r + [""] * (width - len(r)) for r in cleaned]

    def to_python(self, skip_empty_area: bool = False) -> list[list[object]]:
        return [list(r) for r in self.rows]


class ValuesBook:
    """Sheet values shaped like the python-calamine workbook ``pcxl.excel.read`` reads.

    Only the two things the reader uses: ``sheet_names`` and
    ``get_sheet_by_name(name).to_python()``, each row a list of values from column A.
    """

    def __init__(self, sheets: Mapping[str, Rows]):
        self._sheets = {name: _SheetValues(rows) for name, rows in sheets.items()}

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def get_sheet_by_name(self, name: str) -> _SheetValues:
        return self._sheets[name]


def read_values(sheets: Mapping[str, Rows], path: Path | str,
                trackers: Sequence[Tracker] | None = None) -> ReturnData:
    """Read sheet values (name -> rows from A1) as a return; UnreadableReturn when it is not one.

    The same steps as ``pcxl.excel.read.read_return``, on values instead of a file.
    """
    return read_book(ValuesBook(sheets), Path(path), trackers or known_trackers())


def validate_values(sheets: Mapping[str, Rows], path: Path | str = "open workbook",
                    trackers: Sequence[Tracker] | None = None) -> FileReport:
    """Validate a return given as its sheets' values (every sheet, hidden ones included).

    ``sheets`` maps each sheet name to its rows, starting at A1; ``path`` names the workbook in
    the problems. Never raises for bad input, like ``validate_return``.
    """
    path = Path(path)
    try:
        data = read_values(sheets, path, trackers)
    except UnreadableReturn as exc:
        return unreadable_report(path, exc)
    return report_for(data, path)
