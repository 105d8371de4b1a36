"""The programme office's control workbook: where the Excel buttons live and write their results.

``workbook_templates/pcxl_control.xlsm`` is generated from this module (``python -m
pcxl.excel.control``), never edited by hand, and ``pcxl.xl`` finds everything in it through the
names below: the settings are *named cells*, so moving them does not break the buttons.

* ``Control``: the reporting period, the returns folder, the outputs folder and the history
  database (named cells), a status cell the buttons report into, and the buttons;
* ``Returns``: one row per return found (received, accepted or rejected), with links to the
  return and to its feedback copy;
* ``Problems``: every problem of every return, with a link to open the file.

The buttons need no VBA editor work: the workbook carries the VBA project of xlwings' own
quickstart workbook (``quickstart.xlsm`` in the installed xlwings package), byte for byte. Its
one macro, ``SampleCall``, runs ``main()`` of the Python module named like the workbook, so
``pcxl_control.py`` beside ``pcxl_control.xlsm`` hands each click to ``pcxl.xl.main``, which
runs the action of the button clicked (read from its caption). XlsxWriter draws the buttons.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # XlsxWriter only when writing: xlwings Lite imports the names above alone
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

CONTROL_FILE = "pcxl_control.xlsm"
CONTROL_MODULE = "pcxl_control.py"      # beside the workbook: what its macro imports
MACRO = "SampleCall"                    # the quickstart workbook's one macro
CONTROL_SHEET, RETURNS_SHEET, PROBLEMS_SHEET = "Control", "Returns", "Problems"

# Named cells on the Control sheet: (name, label, help).
PERIOD = "pcxl_period"
RETURNS_FOLDER = "pcxl_returns_folder"
OUTPUTS_FOLDER = "pcxl_outputs_folder"
HISTORY = "pcxl_history"
STATUS = "pcxl_status"
SETTINGS = (
    (PERIOD, "Reporting period",
     "The month being reported, e.g. November 2020. Returns for another period are flagged; "
     "Roll forward starts from this period."),
    (RETURNS_FOLDER, "Returns folder",
     "The folder holding the returns the teams sent, e.g. C:\\Returns\\2020-11. A folder "
     "relative to this workbook works too."),
    (OUTPUTS_FOLDER, "Outputs folder",
     "Where the consolidated workbook, the deck and the feedback copies go. Blank: an "
     "'outputs' folder beside this workbook."),
    (HISTORY, "History database",
     "Blank: the project's one history (history: in pcxl.yaml beside this workbook, else "
     "outputs\\pcxl_history.sqlite beside it), the one the pcxl command uses from this folder."),
)
SETTINGS_FIRST_ROW = 4                  # Excel row numbers (1-based)
STATUS_ROW = SETTINGS_FIRST_ROW + len(SETTINGS) + 1
LABEL_COL, VALUE_COL, HELP_COL = 1, 2, 3

# The buttons: (caption, what it does). ``pcxl.xl.ACTIONS`` maps each caption to its function.
BUTTONS = (
    ("Validate",
     "Checks every return in the returns folder, lists them on the Returns sheet and their "
     "problems on the Problems sheet, and writes a marked-up feedback copy of each return with "
     "problems into <outputs>\\feedback, to send back to its team."),
    ("Consolidate",
     "Validates, then writes one consolidated workbook of every accepted return into the "
     "outputs folder and records the period in the history database."),
    ("Build deck",
     "Draws each consolidated workbook's slides, in its tracker's report format."),
    ("Roll forward",
     "Writes next period's return for every region, pre-filled from the reporting period's "
     "recorded data, into <outputs>\\rollforward."),
    ("Open outputs", "Opens the outputs folder."),
)
BUTTONS_ROW = STATUS_ROW + 3
BUTTON_HEIGHT = 40                       # points: one row per button

RETURNS_HEADERS = ("File", "Region", "Period", "Tracker", "Outcome", "Errors", "Warnings",
                   "Feedback copy", "Note")
RETURNS_WIDTHS = (34, 20, 12, 12, 12, 9, 10, 34, 50)
PROBLEMS_HEADERS = ("File", "Cell", "Severity", "Problem", "Column", "Value found", "Expected",
                    "What to change")
PROBLEMS_WIDTHS = (30, 18, 10, 24, 18, 24, 32, 70)
HEADER_ROW, FIRST_ROW = 1, 2

FIXED_TIMESTAMP = dt.datetime(2000, 1, 1)


def quickstart_vba() -> bytes:
    """The VBA project of xlwings' quickstart workbook, from the installed xlwings package."""
    import xlwings  # only to find its folder: the workbook itself never imports xlwings here

    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart.xlsm") as book:
        return book.read("xl/vbaProject.bin")


def write_control_workbook(path: Path | str) -> Path:
    """Write the control workbook to ``path`` (.xlsm), atomically and byte-reproducibly, and
    the ``pcxl_control.py`` its macro imports beside it."""
    import xlsxwriter

    path = Path(path)
    with atomic_output(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                              "strings_to_urls": False})
        book.set_properties({"title": "pcxl control workbook", "author": "pcxl",
                             "created": FIXED_TIMESTAMP})
        book.set_vba_name("ThisWorkbook")
        book.add_vba_project(io.BytesIO(quickstart_vba()), is_stream=True)
        formats = _Formats(book)
        _control_sheet(book, formats)
        _table_sheet(book.add_worksheet(RETURNS_SHEET), formats, RETURNS_HEADERS,
                     RETURNS_WIDTHS)
        _table_sheet(book.add_worksheet(PROBLEMS_SHEET), formats, PROBLEMS_HEADERS,
                     PROBLEMS_WIDTHS)
        book.close()
        reproducible_zip(tmp)
    module = path.with_name(Path(path.stem).with_suffix(".py").name)
    with atomic_output(module) as tmp:
        tmp.write_text(CONTROL_MODULE_TEXT, encoding="utf-8")
    return path


CONTROL_MODULE_TEXT = '''"""What the buttons of pcxl_control.xlsm run.

Written by python -m pcxl.excel.control. The workbook's macro (xlwings' quickstart
SampleCall) imports the module named like the workbook and calls its main(): keep this file
beside the workbook, with the same name.
"""

from pcxl.xl import main  # noqa: F401
'''


def cell_address(name: str) -> str:
    """Where a named setting lives, e.g. ``Control!$B$5``."""
    rows = {key: SETTINGS_FIRST_ROW + i for i, (key, _, _) in enumerate(SETTINGS)}
    rows[STATUS] = STATUS_ROW
    return f"{CONTROL_SHEET}!${chr(ord('A') + VALUE_COL - 1)}${rows[name]}"


class _Formats:
    def __init__(self, book: Workbook) -> None:
        base = {"font_name": FONT_NAME, "font_size": 10}
        box = {"border": 1, "border_color": f"#{MID_GREY}"}
        self.title = book.add_format({**base, "font_size": 16, "bold": True,
                                      "font_color": f"#{WHITE}", "bg_color": f"#{NHS_BLUE}",
                                      "valign": "vcenter", "indent": 1})
        self.band = book.add_format({"bg_color": f"#{NHS_BLUE}"})
        self.note = book.add_format({**base, "italic": True, "font_color": f"#{DARK_GREY}"})
        self.help = book.add_format({**base, "italic": True, "font_color": f"#{DARK_GREY}",
                                     "text_wrap": True, "valign": "vcenter", "indent": 1})
        self.label = book.add_format({**base, **box, "bold": True,
                                      "bg_color": f"#{PALE_GREY}", "valign": "vcenter"})
        self.value = book.add_format({**base, **box, "num_format": "@", "text_wrap": True,
                                      "valign": "vcenter", "locked": False})
        self.status = book.add_format({**base, **box, "text_wrap": True, "valign": "vcenter",
                                       "bg_color": f"#{PALE_GREY}"})
        self.heading = book.add_format({**base, "font_size": 12, "bold": True,
                                        "font_color": f"#{DARK_BLUE}"})
        self.header = book.add_format({**base, "bold": True, "font_color": f"#{WHITE}",
                                       "bg_color": f"#{DARK_BLUE}", "valign": "vcenter"})
        self.what = book.add_format({**base, "text_wrap": True, "valign": "vcenter"})


def _control_sheet(book: Workbook, f: _Formats) -> None:
    ws = book.add_worksheet(CONTROL_SHEET)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 54)
    ws.set_column(2, 2, 90)
    ws.set_row(0, 30)
    ws.write_string(0, 0, "pcxl: programme office control", f.title)
    ws.write_blank(0, 1, None, f.band)
    ws.write_blank(0, 2, None, f.band)
    ws.write_string(1, 0, "Fill in the white boxes, then click a button. Results land on the "
                          "Returns and Problems sheets; the Status box says how the last run "
                          "went.", f.note)
    for offset, (name, label, help_text) in enumerate(SETTINGS):
        row = SETTINGS_FIRST_ROW - 1 + offset
        _setting(ws, f, row, label, help_text)
        book.define_name(name, f"={cell_address(name)}")
    _setting(ws, f, STATUS_ROW - 1, "Status", "What the last button did, or why it could not.",
             f.status)
    book.define_name(STATUS, f"={cell_address(STATUS)}")
    ws.write_string(BUTTONS_ROW - 2, 0, "Buttons", f.heading)
    for offset, (caption, what) in enumerate(BUTTONS):
        row = BUTTONS_ROW - 1 + offset
        ws.set_row(row, BUTTON_HEIGHT)
        ws.write_string(row, 0, caption, f.label)   # under the button; shown where it is not
        ws.insert_button(row, 0, {"macro": MACRO, "caption": caption, "width": 150,
                                  "height": BUTTON_HEIGHT - 6, "x_offset": 2, "y_offset": 3,
                                  "description": f"pcxl: {caption}"})
        ws.merge_range(row, 1, row, 2, what, f.what)
    last = BUTTONS_ROW + len(BUTTONS)
    ws.write_string(last, 0, "The buttons run pcxl through xlwings: pcxl and xlwings installed "
                             "(pip install pcxl), the xlwings add-in installed (xlwings addin "
                             f"install), and {CONTROL_MODULE} kept beside this workbook. See "
                             "docs/excel.md.", f.note)
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.activate()


def _setting(ws: Worksheet, f: _Formats, row: int, label: str, help_text: str,
             value_format: object = None) -> None:
    ws.set_row(row, 30)
    ws.write_string(row, LABEL_COL - 1, label, f.label)
    ws.write_blank(row, VALUE_COL - 1, None, value_format or f.value)
    ws.write_string(row, HELP_COL - 1, help_text, f.help)


def _table_sheet(ws: Worksheet, f: _Formats, headers: tuple[str, ...],
                 widths: tuple[int, ...]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(HEADER_ROW - 1, col, text, f.header)
        ws.set_column(col, col, width)
    ws.freeze_panes(FIRST_ROW - 1, 0)
    ws.set_tab_color(f"#{NHS_BLUE}")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("workbook_templates") / CONTROL_FILE
    print(write_control_workbook(target))
