"""Look over a workbook pcxl did not make: what ``pcxl adopt`` needs to declare it.

For each sheet: whether it holds a table (its header row, wherever it is, from an Excel table or
found as the first row of several labels), the form fields above it or on a cover sheet (a label
cell and the value cell right of it), or whether it is a lookup sheet feeding dropdowns, a chart
sheet or nothing to read. For each table column: its header, the number formats and values
below it, and the words of the dropdown over it, from every kind of list validation Excel and
LibreOffice write (a literal list, a range, a defined name, ``INDIRECT("name")`` of a defined
name or an Excel table). Plain data out; deciding what it means is ``pcxl.adopt``'s job.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from pcxl.errors import InputError
from pcxl.excel.dropdowns import ListSource, list_validations
from pcxl.excel.read import address

SCAN_ROWS = 30          # rows looked at for a header row and form fields
SAMPLE_ROWS = 2000      # data rows looked at for a column's formats and values
LOOKUP_WORDS = ("lookup", "look up", "list", "ref data", "reference", "dropdown", "drop down")


@dataclass
class SurveyColumn:
    """One column of a table: its header, letter and what is below it."""

    header: str
    letter: str
    formats: list[str] = field(default_factory=list)
    values: list[object] = field(default_factory=list)
    dropdown: ListSource | None = None
    date_rule: bool = False
    wrapped: bool = False

    @property
    def main_format(self) -> str:
        """The number format most cells below the header have, other than General."""
        formats = Counter(f for f in self.formats if f and f != "General")
        return formats.most_common(1)[0][0] if formats else ""

    @property
    def date_format(self) -> bool:
        """Whether the cells below the header are mostly formatted as dates."""
        return bool(self.main_format) and is_date_format(self.main_format)


@dataclass
class SurveyField:
    """A label cell and the value cell right of it ("Project Manager:" | Jo Bloggs)."""

    label: str
    cell: str
    value: object = None
    is_date: bool = False


@dataclass
class SurveySheet:
    """One sheet as found: ``kind`` is table, form, lookup, chart or empty."""

    name: str
    kind: str
    header_row: int | None = None
    columns: list[SurveyColumn] = field(default_factory=list)
    fields: list[SurveyField] = field(default_factory=list)
    title: str = ""
    table_name: str = ""
    rows: int = 0
    reason: str = ""


@dataclass
class Survey:
    """Every sheet of the workbook, in tab order."""

    path: Path
    sheets: list[SurveySheet]

    @property
    def title(self) -> str:
        return next((s.title for s in self.sheets if s.title), "")


def survey_workbook(path: Path | str) -> Survey:
    """Look over the workbook at ``path``; InputError when openpyxl cannot open it."""
    path = Path(path)
    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: cannot be opened as an Excel workbook ({exc})") from None
    try:
        dropdowns = list_validations(path)
        feeding = {d.sheet for sheet, by_column in dropdowns.items()
                   for d in by_column.values() if d.sheet and d.sheet != sheet}
        sheets = []
        for sheet in book.chartsheets:
            sheets.append(SurveySheet(sheet.title, "chart", reason="chart sheet"))
        for ws in book.worksheets:
            sheets.append(_survey_sheet(ws, dropdowns.get(ws.title, {}), ws.title in feeding))
        order = {name: i for i, name in enumerate(book.sheetnames)}
        sheets.sort(key=lambda s: order.get(s.name, 0))
        return Survey(path, sheets)
    finally:
        book.close()


def _survey_sheet(ws: Worksheet, dropdowns: dict[int, ListSource], feeds: bool) -> SurveySheet:
    """One worksheet: a lookup sheet, a table with its fields above, a form, or nothing."""
    if ws._charts and ws.max_row <= 1:
        return SurveySheet(ws.title, "chart", reason="holds only a chart")
    if feeds or any(w in ws.title.casefold() for w in LOOKUP_WORDS):
        return SurveySheet(ws.title, "lookup", reason="feeds the dropdowns" if feeds else
                           "its name says it holds lists")
    merged = _merged_followers(ws)
    header, first_col, last_col, table_name = _header(ws, merged)
    fields = _fields(ws, merged, header - 1 if header else SCAN_ROWS)
    title = _title(ws, header or SCAN_ROWS, fields)
    if header is None:
        kind = "form" if fields else "empty"
        return SurveySheet(ws.title, kind, fields=fields, title=title,
                           reason="" if fields else "no table and no form fields")
    columns, rows = _columns(ws, header, first_col, last_col, dropdowns)
    return SurveySheet(ws.title, "table", header, columns, fields, title, table_name, rows)


def _header(ws: Worksheet, merged: set[tuple[int, int]]
            ) -> tuple[int | None, int, int, str]:
    """(header row, first column, last column, Excel table name): from the sheet's first Excel
    table, else the first row holding three or more short labels and nothing else."""
    for table in ws.tables.values():
        min_col, min_row, max_col, _ = range_boundaries(table.ref)
        return min_row, min_col, max_col, table.displayName or table.name
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, SCAN_ROWS)):
        filled = [c for c in row if c.value not in (None, "") and (c.row, c.column) not in merged]
        if len(filled) >= 3 and all(isinstance(c.value, str) and len(c.value) <= 80
                                    for c in filled):
            if any(str(c.value).strip().endswith(":") for c in filled):
                continue
            return filled[0].row, filled[0].column, filled[-1].column, ""
    return None, 0, 0, ""


def _columns(ws: Worksheet, header: int, first: int, last: int,
             dropdowns: dict[int, ListSource]) -> tuple[list[SurveyColumn], int]:
    """Each header cell's column, with the formats and values of the rows below it."""
    columns: dict[int, SurveyColumn] = {}
    for cell in ws[header][first - 1:last]:
        if cell.value not in (None, ""):
            columns[cell.column] = SurveyColumn(str(cell.value).strip(),
                                                get_column_letter(cell.column),
                                                dropdown=dropdowns.get(cell.column))
    date_columns = _date_rule_columns(ws)
    last_row = header
    for row in ws.iter_rows(min_row=header + 1, max_row=min(ws.max_row, header + SAMPLE_ROWS),
                            min_col=first, max_col=last):
        for cell in row:
            column = columns.get(cell.column)
            if column is None:
                continue
            column.formats.append(cell.number_format)
            column.wrapped = column.wrapped or bool(cell.alignment and cell.alignment.wrap_text)
            if cell.value not in (None, ""):
                column.values.append(cell.value)
                last_row = max(last_row, cell.row)
    for index, column in columns.items():
        column.date_rule = index in date_columns
    return list(columns.values()), last_row - header


def _merged_followers(ws: Worksheet) -> set[tuple[int, int]]:
    """(row, column) of every merged cell but the first of its range."""
    cells = set()
    for rng in ws.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                if (row, col) != (rng.min_row, rng.min_col):
                    cells.add((row, col))
    return cells


def _fields(ws: Worksheet, merged: set[tuple[int, int]], last_row: int) -> list[SurveyField]:
    """Label cells followed by their value cell, in the rows above the table (or the sheet)."""
    found = []
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, last_row, SCAN_ROWS)):
        cells = list(row)
        for i, cell in enumerate(cells):
            text = cell.value
            if not isinstance(text, str) or not text.strip() or len(text) > 60:
                continue
            value_cell = next((c for c in cells[i + 1:] if (c.row, c.column) not in merged),
                              None)
            if value_cell is None:
                continue
            labelled = text.strip().endswith(":")
            if not labelled and (value_cell.value in (None, "") or value_cell.column > i + 3):
                continue
            if not labelled and isinstance(value_cell.value, str) and any(
                    f.cell == address(ws.title, value_cell.coordinate) for f in found):
                continue
            found.append(SurveyField(
                text.strip().rstrip(":").strip(),
                address(ws.title, value_cell.coordinate),
                value_cell.value,
                isinstance(value_cell.value, (dt.date, dt.datetime))
                or is_date_format(value_cell.number_format)))
            break
    return found


def _title(ws: Worksheet, header: int, fields: list[SurveyField]) -> str:
    """The first text above the table that is not a form label: the sheet's title."""
    labels = {f.label for f in fields}
    for row in ws.iter_rows(min_row=1, max_row=max(header - 1, 0)):
        for cell in row:
            text = cell.value
            if isinstance(text, str) and text.strip() and text.strip().rstrip(":") not in labels:
                return text.strip()
            if text not in (None, ""):
                break
    return ""


def _date_rule_columns(ws: Worksheet) -> set[int]:
    """Columns under a date validation (Data > Validation > Date)."""
    columns: set[int] = set()
    for dv in ws.data_validations.dataValidation:
        if dv.type == "date":
            for rng in dv.sqref.ranges:
                columns.update(range(rng.min_col, rng.max_col + 1))
    return columns
