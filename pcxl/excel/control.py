"""The programme office's control workbook: where the Excel buttons live and write their results.

``workbook_templates/pcxl_control.xlsx`` is generated from this module (``python -m
pcxl.excel.control``), never edited by hand, and ``pcxl.xl`` finds everything in it through the
names below: the settings are *named cells*, so moving them does not break the buttons.

* ``Control``: the reporting period, the returns folder and the outputs folder (named cells),
  a status cell the buttons report into, and which macro each button runs;
* ``Returns``: one row per return found (received, accepted or rejected), with links to the
  return and to its feedback copy;
* ``Problems``: every problem of every return, with a link to open the file.

openpyxl cannot write VBA or form buttons: ``docs/excel.md`` says how to add them (save as
.xlsm, one ``RunPython`` macro per button).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from pcxl.excel.template import (
    DARK_BLUE,
    DARK_GREY,
    FONT_NAME,
    MID_GREY,
    NHS_BLUE,
    PALE_GREY,
    WHITE,
)
from pcxl.files import atomic_output, reproducible_zip

CONTROL_FILE = "pcxl_control.xlsx"
CONTROL_SHEET, RETURNS_SHEET, PROBLEMS_SHEET = "Control", "Returns", "Problems"

# Named cells on the Control sheet: (name, label, help, row).
PERIOD = "pcxl_period"
RETURNS_FOLDER = "pcxl_returns_folder"
OUTPUTS_FOLDER = "pcxl_outputs_folder"
STATUS = "pcxl_status"
SETTINGS = (
    (PERIOD, "Reporting period",
     "The month being reported, e.g. November 2020. Returns for another period are flagged."),
    (RETURNS_FOLDER, "Returns folder",
     "The folder holding the returns the teams sent, e.g. C:\\Returns\\2020-11. A folder "
     "relative to this workbook works too."),
    (OUTPUTS_FOLDER, "Outputs folder",
     "Where the consolidated workbook, the deck and the feedback copies go. Blank: an "
     "'outputs' folder beside this workbook."),
)
SETTINGS_FIRST_ROW = 4
STATUS_ROW = SETTINGS_FIRST_ROW + len(SETTINGS) + 1
LABEL_COL, VALUE_COL, HELP_COL = 1, 2, 3

# The buttons: (caption, VBA macro name, pcxl.xl function RunPython calls, what it does).
BUTTONS = (
    ("Validate", "PcxlValidate", "validate_button",
     "Checks every return in the returns folder, lists them on the Returns sheet and their "
     "problems on the Problems sheet, and writes a marked-up feedback copy of each return "
     "with problems into <outputs>\\feedback."),
    ("Consolidate", "PcxlConsolidate", "consolidate_button",
     "Validates, then writes one consolidated workbook of every accepted return into the "
     "outputs folder."),
    ("Build deck", "PcxlBuildDeck", "deck_button",
     "Draws the highlight slides from the consolidated workbook in the outputs folder."),
    ("Open outputs", "PcxlOpenOutputs", "open_outputs_button",
     "Opens the outputs folder."),
)
ROLL_FORWARD_NOTE = ("Roll forward (next month's returns pre-filled from this month's) is not "
                     "available yet.")

RETURNS_HEADERS = ("File", "Region", "Period", "Tracker", "Outcome", "Errors", "Warnings",
                   "Feedback copy", "Note")
RETURNS_WIDTHS = (34, 20, 12, 12, 12, 9, 10, 34, 50)
PROBLEMS_HEADERS = ("File", "Cell", "Severity", "Problem", "Column", "Value found", "Expected",
                    "What to change")
PROBLEMS_WIDTHS = (30, 18, 10, 24, 18, 24, 32, 70)
HEADER_ROW, FIRST_ROW = 1, 2

FIXED_TIMESTAMP = dt.datetime(2000, 1, 1)
_THIN = Side(style="thin", color=MID_GREY)
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name=FONT_NAME, size=10)
_BOLD = Font(name=FONT_NAME, size=10, bold=True)
_WHITE_BOLD = Font(name=FONT_NAME, size=10, bold=True, color=WHITE)
_NOTE = Font(name=FONT_NAME, size=10, italic=True, color=DARK_GREY)
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_control_workbook() -> Workbook:
    """The control workbook as an openpyxl Workbook (not yet saved)."""
    wb = Workbook()
    control = wb.active
    control.title = CONTROL_SHEET
    _control_sheet(wb, control)
    _table_sheet(wb.create_sheet(RETURNS_SHEET), RETURNS_HEADERS, RETURNS_WIDTHS)
    _table_sheet(wb.create_sheet(PROBLEMS_SHEET), PROBLEMS_HEADERS, PROBLEMS_WIDTHS)
    wb.active = 0
    wb.properties.creator = "pcxl"
    wb.properties.title = "pcxl control workbook"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    return wb


def write_control_workbook(path: Path | str) -> Path:
    """Write the control workbook to ``path``, atomically and byte-reproducibly."""
    path = Path(path)
    wb = build_control_workbook()
    with atomic_output(path) as tmp:
        wb.save(tmp)
        reproducible_zip(tmp)
    return path


def cell_address(name: str) -> str:
    """Where a named setting lives, e.g. ``Control!$B$5``."""
    rows = {key: SETTINGS_FIRST_ROW + i for i, (key, _, _) in enumerate(SETTINGS)}
    rows[STATUS] = STATUS_ROW
    return f"{CONTROL_SHEET}!${get_column_letter(VALUE_COL)}${rows[name]}"


def _control_sheet(wb: Workbook, ws) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 54
    ws.column_dimensions["C"].width = 90
    title = ws.cell(1, 1, "pcxl: programme office control")
    title.font = Font(name=FONT_NAME, size=16, bold=True, color=WHITE)
    for col in range(1, 4):
        ws.cell(1, col).fill = PatternFill("solid", fgColor=NHS_BLUE)
    ws.row_dimensions[1].height = 30
    title.alignment = Alignment(vertical="center", indent=1)
    ws.cell(2, 1, "Fill in the white boxes, then click a button. Results land on the Returns "
                  "and Problems sheets; the Status box says how the last run went.").font = _NOTE
    for offset, (name, label, help_text) in enumerate(SETTINGS):
        row = SETTINGS_FIRST_ROW + offset
        _setting(ws, row, label, help_text)
        wb.defined_names[name] = DefinedName(name, attr_text=cell_address(name))
    _setting(ws, STATUS_ROW, "Status", "What the last button did, or why it could not.")
    ws.cell(STATUS_ROW, VALUE_COL).fill = PatternFill("solid", fgColor=PALE_GREY)
    wb.defined_names[STATUS] = DefinedName(STATUS, attr_text=cell_address(STATUS))
    row = STATUS_ROW + 2
    heading = ws.cell(row, 1, "Buttons")
    heading.font = Font(name=FONT_NAME, size=12, bold=True, color=DARK_BLUE)
    row += 1
    for col, text in enumerate(("Button", "Macro (VBA) it runs", "What it does"), start=1):
        cell = ws.cell(row, col, text)
        cell.font, cell.fill, cell.border = _WHITE_BOLD, PatternFill("solid", fgColor=DARK_BLUE), \
            _BOX
    for caption, macro, function, what in BUTTONS:
        row += 1
        values = (caption, f'{macro}: RunPython "import pcxl.xl; pcxl.xl.{function}()"', what)
        for col, text in enumerate(values, start=1):
            cell = ws.cell(row, col, text)
            cell.font, cell.alignment, cell.border = (_BOLD if col == 1 else _BODY), _WRAP, _BOX
        ws.row_dimensions[row].height = 40
    row += 2
    ws.cell(row, 1, ROLL_FORWARD_NOTE).font = _NOTE
    ws.cell(row + 1, 1, "Setting up the buttons: see docs/excel.md (pip install pcxl, "
                        "xlwings addin install, save this workbook as .xlsm and add one macro "
                        "per button).").font = _NOTE
    ws.sheet_view.showGridLines = False


def _setting(ws, row: int, label: str, help_text: str) -> None:
    name = ws.cell(row, LABEL_COL, label)
    name.font, name.fill, name.border = _BOLD, PatternFill("solid", fgColor=PALE_GREY), _BOX
    value = ws.cell(row, VALUE_COL)
    value.font, value.border, value.number_format = _BODY, _BOX, "@"
    value.alignment = Alignment(vertical="center", wrap_text=True)
    note = ws.cell(row, HELP_COL, help_text)
    note.font, note.alignment = _NOTE, Alignment(wrap_text=True, vertical="center", indent=1)
    ws.row_dimensions[row].height = 30


def _table_sheet(ws, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, col, text)
        cell.font, cell.fill = _WHITE_BOLD, PatternFill("solid", fgColor=DARK_BLUE)
        cell.alignment = Alignment(vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.sheet_properties.tabColor = NHS_BLUE


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("workbook_templates") / CONTROL_FILE
    print(write_control_workbook(target))
