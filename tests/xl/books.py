"""Real workbooks as xlwings' remote engine sees them, and the actions it sends back.

xlwings Lite (and xlwings Server) hand Python the whole workbook as JSON: for each sheet its
values from A1 (blank cells as "", dates as ISO strings ending in Z), plus the defined names; the
Python side answers with a list of actions (``setValues``, ``setRangeColor``, ``addSheet``...).
``book_json`` builds that JSON from a real .xlsx read with openpyxl, so the entry points run on
exactly what a filled template holds; ``Actions`` reads the answer back cell by cell.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlwings as xw
from openpyxl.utils import column_index_from_string, get_column_letter

VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def _json_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}T00:00:00.000Z"
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def book_json(path: Path, name: str | None = None) -> dict:
    """The JSON the xlwings Lite client sends for the workbook at ``path``."""
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        rows, cols = ws.max_row, ws.max_column
        values = [[_json_value(ws.cell(r, c).value) for c in range(1, cols + 1)]
                  for r in range(1, rows + 1)]
        sheets.append({
            "name": ws.title, "values": values, "visibility": VISIBILITY[ws.sheet_state],
            "used_range_address": f"A1:{get_column_letter(cols)}{rows}",
            "pictures": [], "shapes": [], "charts": [], "notes": [], "tables": [],
            "pivot_tables": [], "show_gridlines": True, "print_area": None,
        })
    names = []
    for defined in wb.defined_names.values():
        sheet_name, address = next(iter(defined.destinations))
        index = wb.sheetnames.index(sheet_name)
        names.append({"name": defined.name, "sheet_index": index,
                      "address": address.replace("$", ""), "book_scope": True,
                      "scope_sheet_index": None, "scope_sheet_name": None,
                      "refers_to": f"={defined.attr_text}"})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": name or path.name, "active_sheet_index": 0, "selection": "A1"},
            "names": names, "sheets": sheets}


def set_named_value(data: dict, name: str, value: object) -> None:
    """Type ``value`` into the named cell, as a user would before clicking a button."""
    entry = next(n for n in data["names"] if n["name"] == name)
    set_cell(data, data["sheets"][entry["sheet_index"]]["name"], entry["address"], value)


def open_book(data: dict) -> xw.Book:
    """The remote engine's Book for ``data`` (needs an xlwings licence key in the environment).

    The engine works on a copy: ``data`` stays the workbook as it was before the call.
    """
    return xw.Book(json=copy.deepcopy(data))


@dataclass(frozen=True)
class Action:
    func: str
    args: list
    values: list | None
    sheet: int | None
    row: int | None        # 0-based, as sent
    column: int | None
    rows: int | None
    columns: int | None


class Actions:
    """The actions a Book sent back, with lookups by sheet name and A1 cell."""

    def __init__(self, book: xw.Book, data: dict):
        self.sheet_names = [s["name"] for s in data["sheets"]]
        self.items = [Action(a["func"], a["args"], a["values"], a["sheet_position"],
                             a["start_row"], a["start_column"], a["row_count"],
                             a["column_count"]) for a in book.json()["actions"]]
        self._track_sheets()

    def _track_sheets(self) -> None:
        """Sheet positions shift when a sheet is added: remember each action's sheet by name."""
        names = list(self.sheet_names)
        self.by_name: list[tuple[str | None, Action]] = []
        for action in self.items:
            if action.func == "addSheet":
                names.insert(action.args[0], action.args[1])
                self.by_name.append((action.args[1], action))
            else:
                name = names[action.sheet] if action.sheet is not None else None
                self.by_name.append((name, action))

    def funcs(self) -> list[str]:
        return [a.func for a in self.items]

    def on(self, sheet: str, func: str | None = None) -> list[Action]:
        return [a for name, a in self.by_name if name == sheet and (func is None or
                                                                      a.func == func)]

    def colours(self, sheet: str) -> dict[str, str | None]:
        """A1 cell -> the last colour set on it (None: fill cleared), single cells only."""
        found: dict[str, str | None] = {}
        for a in self.on(sheet, "setRangeColor"):
            if a.rows == 1 and a.columns == 1:
                found[f"{get_column_letter(a.column + 1)}{a.row + 1}"] = a.args[0]
        return found

    def cells(self, sheet: str) -> dict[str, object]:
        """A1 cell -> the last value written to it (after any clearing of the sheet)."""
        written: dict[str, object] = {}
        for a in self.on(sheet):
            if a.func == "sheetClear":
                written.clear()
            if a.func != "setValues":
                continue
            for r, line in enumerate(a.values):
                for c, value in enumerate(line):
                    written[f"{get_column_letter(a.column + c + 1)}{a.row + r + 1}"] = value
        return written

    def hyperlinks(self, sheet: str) -> dict[str, list]:
        return {f"{get_column_letter(a.column + 1)}{a.row + 1}": a.args
                for a in self.on(sheet, "addHyperlink")}

    def alerts(self) -> list[list]:
        return [a.args for a in self.items if a.func == "alert"]


_HYPERLINK = re.compile(r'=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)')


def shown(value: object) -> object:
    """What Excel shows for a value written through xlwings: a link's text, text sans marker."""
    if isinstance(value, str):
        link = _HYPERLINK.fullmatch(value)
        if link:
            return link.group(1).replace('""', '"')
        if value.startswith("'"):
            return value[1:]
    return value


def apply_actions(data: dict, book: xw.Book) -> dict:
    """The workbook after Excel ran ``book``'s actions on ``data`` (values and sheets only).

    Enough of Excel to run an entry point a second time on what the first one left behind.
    """
    after = copy.deepcopy(data)
    sheets = after["sheets"]
    for a in book.json()["actions"]:
        if a["func"] == "addSheet":
            sheets.insert(a["args"][0], {**copy.deepcopy(sheets[0]), "name": a["args"][1],
                                         "values": [[""]], "visibility": "Visible",
                                         "used_range_address": "A1:A1"})
        elif a["func"] == "sheetClear":
            sheets[a["sheet_position"]]["values"] = [[""]]
            sheets[a["sheet_position"]]["used_range_address"] = "A1:A1"
        elif a["func"] == "setValues":
            sheet = sheets[a["sheet_position"]]
            values = sheet["values"]
            for r, line in enumerate(a["values"]):
                for c, value in enumerate(line):
                    row, col = a["start_row"] + r, a["start_column"] + c
                    while len(values) <= row:
                        values.append([""] * len(values[0]))
                    for existing in values:
                        existing.extend([""] * (col + 1 - len(existing)))
                    values[row][col] = shown(value)
            width = max(len(line) for line in values)
            sheet["used_range_address"] = f"A1:{get_column_letter(width)}{len(values)}"
    return after


def set_cell(data: dict, sheet: str, ref: str, value: object) -> None:
    """Type ``value`` into ``sheet!ref`` of the workbook JSON (growing its values if need be)."""
    entry = next(s for s in data["sheets"] if s["name"] == sheet)
    col_letters = "".join(ch for ch in ref if ch.isalpha())
    row, col = int(ref[len(col_letters):]), column_index_from_string(col_letters)
    values = entry["values"]
    while len(values) < row:
        values.append([""] * len(values[0]))
    for line in values:
        line.extend([""] * (col - len(line)))
    values[row - 1][col - 1] = _json_value(value)
