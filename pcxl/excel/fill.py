"""Fill a tracker's template with values: demo returns, test returns, rolled-forward returns.

Values land where a team would type them (About by label, tables under their headers), so a
filled template is exactly what a team sends back. Text is always written as text: a value that
begins with ``=`` is never turned into a formula.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook import Workbook

from pcxl.declaration import Tracker, split_at
from pcxl.excel import layout
from pcxl.excel.blank import write_blank
from pcxl.excel.template import build_template
from pcxl.files import atomic_output, reproducible_zip
from pcxl.vocab import fold

Row = Mapping[str, object]


def set_value(cell: Cell, value: object) -> None:
    """Write ``value`` into ``cell``; text stays text even when it looks like a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = "dd/mm/yyyy"


def fill_workbook(tracker: Tracker, about: Mapping[str, object],
                  sheets: Mapping[str, Sequence[Row]], workbook: Workbook | None = None
                  ) -> Workbook:
    """The template (or ``workbook``) with About values and table rows filled in.

    ``about`` maps About field keys to values; ``sheets`` maps sheet names to rows, each a mapping
    of column key (or, for tests of bad returns, header text) to value. Keys the sheet does not
    declare are an error, so a typo in demo data cannot pass silently.
    """
    wb = workbook or _start(tracker)
    for field in tracker.about:
        if field.at and about.get(field.key) is not None:
            sheet, row, column = split_at(field.at)
            set_value(wb[sheet].cell(row, column + 1), about[field.key])
    if any(not f.at for f in tracker.about):
        about_ws = wb[tracker.about_sheet]
        labels = {fold(f.header): f.key for f in tracker.about}
        for row in range(1, about_ws.max_row + 1):
            label = about_ws.cell(row, layout.ABOUT_LABEL_COL).value
            key = labels.get(fold(str(label))) if label else None
            if key in about and about[key] is not None:
                set_value(about_ws.cell(row, layout.ABOUT_VALUE_COL), about[key])
    for name, rows in sheets.items():
        ws = wb[name]
        top = tracker.sheet(name).header_row or layout.HEADER_ROW
        header = {fold(str(c.value)): c.column for c in ws[top] if c.value}
        by_key = {c.key: header[fold(c.header)] for c in tracker.sheet(name).columns
                  if fold(c.header) in header}
        for offset, record in enumerate(rows):
            for key, value in record.items():
                column = by_key.get(key) or header.get(fold(key))
                if column is None:
                    raise KeyError(f"{name} has no column {key!r}")
                if value is not None:
                    set_value(ws.cell(top + 1 + offset, column), value)
    return wb


def _start(tracker: Tracker) -> Workbook:
    """A blank to fill: pcxl's template, or an adopted tracker's own workbook emptied (read
    back with openpyxl, which keeps its sheets, dropdowns and names but not its charts)."""
    if tracker.recognise != "layout":
        return build_template(tracker)
    with tempfile.TemporaryDirectory() as folder:
        blank = write_blank(tracker, Path(folder) / "blank.xlsx")
        return load_workbook(blank)


def write_return(tracker: Tracker, path: Path | str, about: Mapping[str, object],
                 sheets: Mapping[str, Sequence[Row]]) -> Path:
    """Write a filled return to ``path`` (atomically, reproducibly) and return the path."""
    wb = fill_workbook(tracker, about, sheets)
    with atomic_output(path) as tmp:
        wb.save(tmp)
        reproducible_zip(tmp)
    return Path(path)
