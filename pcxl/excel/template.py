"""Build the blank Excel template a team fills in, from the tracker declaration alone.

The template is generated, never edited by hand: a column added to ``validators/<tracker>.yaml``
appears here with its header, width, input message and dropdown, and the return reader
(``pcxl.excel.read``) finds it again through the shared positions in ``pcxl.excel.layout``.

What the workbook does for the team filling it in:

* an ``Instructions`` sheet saying what the return is for, in what order to fill it, how dates may
  be written and what every column wants;
* the About form and one sheet per declared table, with locked headers and unlocked input cells,
  so a team cannot break the shape the reader relies on but can type, sort and filter freely;
* a dropdown for every closed vocabulary (fed from the hidden ``Lists`` sheet) and for every
  column that refers to another sheet, and an input message on every input cell;
* a very-hidden marker sheet naming the tracker and version, so a returned file is recognised.

The same declaration always gives a byte-identical file (fixed document stamps and zip times), so
the committed copy in ``workbook_templates/`` can be checked against the declaration in tests.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from pcxl.declaration import MARKER_SHEET, Column, Sheet, Tracker
from pcxl.excel import layout
from pcxl.files import atomic_output, reproducible_zip

# NHS identity colours (see REPORT_FORMATS.md).
NHS_BLUE = "005EB8"
DARK_BLUE = "003087"
PALE_GREY = "E8EDEE"
MID_GREY = "768692"  # borders
DARK_GREY = "425563"  # NHS Dark Grey: notes (Mid Grey text reads 3.8:1 on white, under 4.5:1)
WHITE = "FFFFFF"

FONT_NAME = "Arial"
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"
INTEGER_FORMAT = "0"
FIXED_TIMESTAMP = dt.datetime(2000, 1, 1)
EARLIEST_DATE = dt.datetime(2000, 1, 1)
NUMBER_LIMIT = "1E+15"

_BARE_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[Rr]|[Cc]|true|false",
                        re.IGNORECASE)

# Excel's own limits on data-validation messages.
TITLE_LIMIT = 32
MESSAGE_LIMIT = 255

DATE_FORMS = "w/c 16/11/20, November 2020, Q2 20/21, 20/21 or TBC"

_THIN = Side(style="thin", color=MID_GREY)
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNDERLINE = Border(bottom=_THIN)

_BODY = Font(name=FONT_NAME, size=10)
_BOLD = Font(name=FONT_NAME, size=10, bold=True)
_HEADER = Font(name=FONT_NAME, size=10, bold=True, color=WHITE)
_TITLE = Font(name=FONT_NAME, size=16, bold=True, color=WHITE)
_HEADING = Font(name=FONT_NAME, size=12, bold=True, color=DARK_BLUE)
_NOTE = Font(name=FONT_NAME, size=10, italic=True, color=DARK_GREY)
_REQUIRED_NOTE = Font(name=FONT_NAME, size=10, italic=True, bold=True, color=DARK_BLUE)

_BLUE_FILL = PatternFill("solid", fgColor=NHS_BLUE)
_DARK_FILL = PatternFill("solid", fgColor=DARK_BLUE)
_GREY_FILL = PatternFill("solid", fgColor=PALE_GREY)

_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_WRAP_MIDDLE = Alignment(wrap_text=True, vertical="center")
_NOTE_ALIGN = Alignment(wrap_text=True, vertical="center", indent=1)
_TITLE_ALIGN = Alignment(vertical="center", indent=1)

_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)

# Instructions sheet: the column table's columns (heading, width).
_GUIDE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Sheet", 14), ("Column", 22), ("Required?", 11), ("Allowed values", 30),
    ("What to enter", 56), ("Example", 30),
)
_ABOUT_WIDTHS = {layout.ABOUT_LABEL_COL: 24.0, layout.ABOUT_VALUE_COL: 44.0,
                 layout.ABOUT_HELP_COL: 80.0}
_LINE_POINTS = 13.0
_CHARS_PER_WIDTH = 1.2  # Arial 10 characters per Excel width unit (a Calibri 11 digit), roughly


def build_template(tracker: Tracker) -> Workbook:
    """The blank template for ``tracker`` as an openpyxl Workbook (not yet saved)."""
    wb = Workbook()
    wb.remove(wb.active)
    lists = _VocabularyLists(tracker)
    _instructions_sheet(wb.create_sheet(layout.INSTRUCTIONS_SHEET), tracker)
    _about_sheet(wb.create_sheet(tracker.about_sheet), tracker, lists)
    for sheet in tracker.sheets:
        _table_sheet(wb.create_sheet(sheet.name), sheet, tracker, lists)
    lists.write(wb.create_sheet(layout.LISTS_SHEET))
    _marker_sheet(wb.create_sheet(MARKER_SHEET), tracker)
    for ws in wb.worksheets:
        _protect(ws)
    wb.active = 0
    wb.properties.creator = "pcxl"
    wb.properties.title = f"{tracker.title} (template version {tracker.version})"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    return wb


def write_template(tracker: Tracker, path: Path | str) -> Path:
    """Write the template for ``tracker`` to ``path``, atomically and byte-reproducibly."""
    path = Path(path)
    wb = build_template(tracker)
    with atomic_output(path) as tmp:
        wb.save(tmp)
        reproducible_zip(tmp)
    return path


# --- Lists and validations --------------------------------------------------------------------


class _VocabularyLists:
    """The hidden Lists sheet: one column per vocabulary the tracker uses, in order of first use."""

    def __init__(self, tracker: Tracker):
        self.tracker = tracker
        used = [c.vocab for c in _all_columns(tracker) if c.vocab]
        self.names: list[str] = list(dict.fromkeys(used))

    def range_for(self, vocab: str) -> str:
        """Absolute reference to a vocabulary's words, e.g. ``Lists!$A$2:$A$12``."""
        letter = get_column_letter(self.names.index(vocab) + 1)
        last = layout.HEADER_ROW + max(len(self.tracker.vocabulary(vocab).words), 1)
        return (f"{_sheet_ref(layout.LISTS_SHEET)}!"
                f"${letter}${layout.FIRST_DATA_ROW}:${letter}${last}")

    def write(self, ws: Worksheet) -> None:
        """Fill the sheet and hide it (structure protection stops it being unhidden)."""
        for index, name in enumerate(self.names, start=1):
            ws.cell(layout.HEADER_ROW, index, name).font = _BOLD
            for row, word in enumerate(self.tracker.vocabulary(name).words,
                                       start=layout.FIRST_DATA_ROW):
                ws.cell(row, index, word)
            ws.column_dimensions[get_column_letter(index)].width = 24
        ws.sheet_state = "hidden"


def _validation(column: Column, tracker: Tracker, lists: _VocabularyLists) -> DataValidation:
    """The data validation for one column: its dropdown or type check, and its input message.

    Every column gets one, so selecting any input cell shows the column's help text; plain text
    columns get an "any value" validation that only carries the message.
    """
    dv = DataValidation(allow_blank=True, showInputMessage=True,
                        promptTitle=_fit(column.header, TITLE_LIMIT),
                        prompt=_fit(column.help, MESSAGE_LIMIT) or None)
    if column.vocab:
        words = tracker.vocabulary(column.vocab).words
        _set_alert(dv, "stop", "Pick from the list",
                   f"{column.header} must be one of: {', '.join(words)}.")
        dv.type, dv.formula1 = "list", lists.range_for(column.vocab)
    elif column.references:
        ref_sheet, ref_key = column.references
        ref_header = tracker.sheet(ref_sheet).column(ref_key).header
        _set_alert(dv, "warning", f"Not on the {ref_sheet} sheet",
                   f"This {ref_header} is not listed on the {ref_sheet} sheet. Add it there "
                   f"first, or choose No and pick one from the list.")
        dv.type, dv.formula1 = "list", _column_range(tracker, ref_sheet, ref_key)
    elif column.is_date:
        _set_alert(dv, "warning", "Not a date",
                   f"Type a date as dd/mm/yyyy, e.g. 30/09/2020. If the date is not fixed you may "
                   f"write {DATE_FORMS}: choose Yes to keep it.")
        dv.type, dv.operator = "date", "greaterThan"
        dv.formula1 = str(int(to_excel(EARLIEST_DATE)))
    elif column.type in ("number", "integer"):
        whole = column.type == "integer"
        _set_alert(dv, "stop", "Not a number",
                   f"{column.header} takes a {'whole number' if whole else 'number'} only.")
        dv.type, dv.operator = ("whole" if whole else "decimal"), "between"
        dv.formula1, dv.formula2 = f"-{NUMBER_LIMIT}", NUMBER_LIMIT
    return dv


def _set_alert(dv: DataValidation, style: str, title: str, message: str) -> None:
    dv.showErrorMessage = True
    dv.errorStyle = style
    dv.errorTitle = _fit(title, TITLE_LIMIT)
    dv.error = _fit(message, MESSAGE_LIMIT)


def _column_range(tracker: Tracker, sheet_name: str, key: str) -> str:
    """Absolute reference to a table column's input rows, e.g. ``Workstreams!$B$2:$B$501``."""
    letter = get_column_letter(tracker.sheet(sheet_name).keys.index(key) + 1)
    return (f"{_sheet_ref(sheet_name)}!${letter}${layout.FIRST_DATA_ROW}"
            f":${letter}${_last_input_row()}")


def _sheet_ref(name: str) -> str:
    """A sheet name as a formula writes it: bare when Excel allows, else quoted (``'My sheet'``)."""
    if _BARE_SHEET.fullmatch(name) and not _CELL_LIKE.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _last_input_row() -> int:
    return layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1


# --- Cell styles --------------------------------------------------------------------------------


def _input_style(cell: Cell, column: Column) -> None:
    """Unlock an input cell and give it the alignment and number format its type wants."""
    cell.protection = _UNLOCKED
    cell.font = _BODY
    cell.alignment = _WRAP_TOP if column.type == "long_text" else _TOP
    if column.is_date:
        cell.number_format = DATE_FORMAT
    elif column.type == "integer":
        cell.number_format = INTEGER_FORMAT
    elif column.type in ("text", "long_text"):
        cell.number_format = TEXT_FORMAT


def _protect(ws: Worksheet) -> None:
    """Protect a sheet without a password, leaving column/row sizing, sorting and filtering free,
    and cell formatting, so "Check my return" (xlwings Lite, which cannot lift protection) can
    colour the cells to fix. The workbook structure is left unlocked for the same reason: Lite
    adds an Issues sheet (a renamed or deleted sheet is a clear error when the return is read)."""
    ws.protection = SheetProtection(sheet=True, formatCells=False, formatColumns=False,
                                    formatRows=False, sort=False, autoFilter=False)


def _print_setup(ws: Worksheet, title_rows: str | None = None) -> None:
    """Landscape A4, fitted to one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


# --- Sheets -------------------------------------------------------------------------------------


def _table_sheet(ws: Worksheet, sheet: Sheet, tracker: Tracker,
                 lists: _VocabularyLists) -> None:
    """Header row 1 as declared (locked), input rows 2..501 unlocked and validated."""
    last_row = _last_input_row()
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        header = ws.cell(layout.HEADER_ROW, index, column.header)
        header.font = _HEADER
        header.fill = _DARK_FILL if column.required else _BLUE_FILL
        header.alignment = _WRAP_MIDDLE
        header.protection = _LOCKED
        ws.column_dimensions[letter].width = column.width
        for row in range(layout.FIRST_DATA_ROW, last_row + 1):
            _input_style(ws.cell(row, index), column)
        dv = _validation(column, tracker, lists)
        dv.add(f"{letter}{layout.FIRST_DATA_ROW}:{letter}{last_row}")
        ws.add_data_validation(dv)
    ws.row_dimensions[layout.HEADER_ROW].height = max(
        _text_height(c.header, c.width, minimum=2) for c in sheet.columns)
    last_letter = get_column_letter(len(sheet.columns))
    ws.freeze_panes = f"A{layout.FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{layout.HEADER_ROW}:{last_letter}{last_row}"
    ws.sheet_properties.tabColor = NHS_BLUE
    _print_setup(ws, title_rows=f"{layout.HEADER_ROW}:{layout.HEADER_ROW}")


def _about_sheet(ws: Worksheet, tracker: Tracker, lists: _VocabularyLists) -> None:
    """Title in A1; one field per row from row 3: label in A, input in B, help in C.

    Labels stay exactly as declared because the reader finds fields by label; a required field
    is marked by "Required." at the start of its help text instead.
    """
    last = get_column_letter(layout.ABOUT_HELP_COL)
    title = ws.cell(layout.ABOUT_TITLE_ROW, 1, tracker.title)
    ws.merge_cells(f"A{layout.ABOUT_TITLE_ROW}:{last}{layout.ABOUT_TITLE_ROW}")
    _band(ws, layout.ABOUT_TITLE_ROW, layout.ABOUT_HELP_COL)
    title.font, title.alignment = _TITLE, _TITLE_ALIGN
    ws.row_dimensions[layout.ABOUT_TITLE_ROW].height = 30
    intro = ws.cell(layout.ABOUT_TITLE_ROW + 1, 1,
                    "Type in the white boxes in column B. Select a box to see what it needs.")
    intro.font = _NOTE
    help_width = _ABOUT_WIDTHS[layout.ABOUT_HELP_COL]
    for row, field in enumerate(tracker.about, start=layout.ABOUT_FIRST_ROW):
        label = ws.cell(row, layout.ABOUT_LABEL_COL, field.header)
        label.font, label.fill, label.alignment = _BOLD, _GREY_FILL, _WRAP_MIDDLE
        label.border = _BOX
        value = ws.cell(row, layout.ABOUT_VALUE_COL)
        _input_style(value, field)
        value.alignment = _WRAP_MIDDLE
        value.border = _BOX
        note = f"Required. {field.help}" if field.required else field.help
        help_cell = ws.cell(row, layout.ABOUT_HELP_COL, note)
        help_cell.font = _REQUIRED_NOTE if field.required else _NOTE
        help_cell.alignment = _NOTE_ALIGN
        dv = _validation(field, tracker, lists)
        dv.add(value.coordinate)
        ws.add_data_validation(dv)
        ws.row_dimensions[row].height = max(24.0, _text_height(note, help_width))
    for col, width in _ABOUT_WIDTHS.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = NHS_BLUE
    _print_setup(ws)


def _marker_sheet(ws: Worksheet, tracker: Tracker) -> None:
    """Very hidden: which tracker and version this template is, for the return reader."""
    facts = ((layout.MARKER_TRACKER, tracker.name), (layout.MARKER_VERSION, int(tracker.version)),
             (layout.MARKER_TEMPLATE, tracker.template_file))
    for row, (label, value) in enumerate(facts, start=1):
        ws.cell(row, 1, label)
        ws.cell(row, 2, value)
    ws.sheet_state = "veryHidden"


# --- Instructions -------------------------------------------------------------------------------


class _Writer:
    """Writes the Instructions sheet top to bottom, one block at a time."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1
        self.text_width = sum(width for _, width in _GUIDE_COLUMNS[:-1])

    def title(self, text: str) -> None:
        cell = self._merged(text, 1)
        _band(self.ws, self.row, len(_GUIDE_COLUMNS))
        cell.font, cell.alignment = _TITLE, _TITLE_ALIGN
        self.ws.row_dimensions[self.row].height = 32
        self.row += 1

    def note(self, text: str) -> None:
        cell = self._merged(text, 1)
        cell.font, cell.alignment = _NOTE, _WRAP_TOP
        self.row += 1

    def heading(self, text: str) -> None:
        self.row += 1
        cell = self._merged(text, 1)
        cell.font = _HEADING
        for col in range(1, len(_GUIDE_COLUMNS) + 1):
            self.ws.cell(self.row, col).border = _UNDERLINE
        self.ws.row_dimensions[self.row].height = 20
        self.row += 1

    def paragraph(self, text: str) -> None:
        """Body text across the table's columns but the last, so lines stay a readable length."""
        cell = self._merged(text, 1, last_col=len(_GUIDE_COLUMNS) - 1)
        cell.font, cell.alignment = _BODY, _WRAP_TOP
        self.ws.row_dimensions[self.row].height = _text_height(text, self.text_width)
        self.row += 1

    def step(self, number: int, text: str) -> None:
        self.paragraph(f"{number}.  {text}")

    def table_header(self, headings: Iterable[str], merge_from: int | None = None) -> None:
        for col, text in enumerate(headings, start=1):
            cell = self.ws.cell(self.row, col, text)
            cell.font, cell.fill, cell.alignment = _HEADER, _BLUE_FILL, _WRAP_MIDDLE
            cell.border = _BOX
        if merge_from:
            self._merge(merge_from)
        self.ws.row_dimensions[self.row].height = 18
        self.row += 1

    def table_row(self, values: list[str], shaded: bool, merge_from: int | None = None) -> None:
        widths = [w for _, w in _GUIDE_COLUMNS]
        if merge_from:
            widths[merge_from - 1] = sum(widths[merge_from - 1:])
        for col, text in enumerate(values, start=1):
            cell = self.ws.cell(self.row, col, text)
            cell.font = _BOLD if col == 1 else _BODY
            cell.alignment = _WRAP_TOP
        for col in range(1, len(_GUIDE_COLUMNS) + 1):
            cell = self.ws.cell(self.row, col)
            cell.border = _BOX
            if shaded:
                cell.fill = _GREY_FILL
        if merge_from:
            self._merge(merge_from)
        self.ws.row_dimensions[self.row].height = max(
            _text_height(text, widths[i]) for i, text in enumerate(values))
        self.row += 1

    def _merged(self, text: str, first_col: int, last_col: int | None = None) -> Cell:
        cell = self.ws.cell(self.row, first_col, text)
        self._merge(first_col, last_col)
        return cell

    def _merge(self, first_col: int, last_col: int | None = None) -> None:
        first = get_column_letter(first_col)
        last = get_column_letter(last_col or len(_GUIDE_COLUMNS))
        self.ws.merge_cells(f"{first}{self.row}:{last}{self.row}")


def _instructions_sheet(ws: Worksheet, tracker: Tracker) -> None:
    """The sheet a busy team member reads first: purpose, steps, dates, sheets and columns."""
    out = _Writer(ws)
    out.title(f"{tracker.title}: how to fill in this return")
    out.note(f"Template {tracker.template_file}, version {tracker.version} "
             f"(tracker \u2018{tracker.name}\u2019).")
    if tracker.description:
        out.heading("What this return is for")
        out.paragraph(tracker.description)
    out.heading("How to fill it in")
    for number, text in enumerate(_steps(tracker), start=1):
        out.step(number, text)
    if any(c.is_date for c in _all_columns(tracker)):
        out.heading("Writing dates")
        for text in _date_guidance(tracker):
            out.paragraph(text)
    out.heading("The sheets")
    out.table_header(("Sheet", "What it is for"), merge_from=2)
    fields = _join(c.header for c in tracker.about)
    about_help = f"Who is sending this return and for which period: {fields}."
    rows = [(tracker.about_sheet, about_help)] + [(s.name, s.help) for s in tracker.sheets]
    for index, (name, text) in enumerate(rows):
        out.table_row([name, text], shaded=index % 2 == 1, merge_from=2)
    out.heading("The columns")
    out.table_header(heading for heading, _ in _GUIDE_COLUMNS)
    groups = [(tracker.about_sheet, tracker.about)] + [(s.name, s.columns) for s in tracker.sheets]
    for index, (name, columns) in enumerate(groups):
        for column in columns:
            out.table_row([name, column.header, "Yes" if column.required else "",
                           _allowed(column, tracker), column.help, column.example],
                          shaded=index % 2 == 1)
    for col, (_, width) in enumerate(_GUIDE_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = DARK_BLUE
    _print_setup(ws)


def _steps(tracker: Tracker) -> list[str]:
    """Numbered steps: About first, then the sheets others' dropdowns come from, then the rest."""
    required = [c.header for c in tracker.about if c.required]
    steps = [f"Fill in the {tracker.about_sheet} sheet: type in the white boxes in column B"
             + (f" ({_join(required)} must be given)." if required else ".")]
    sources = [s for s in tracker.sheets if _users_of(tracker, s)]
    for sheet in sources:
        users = _users_of(tracker, sheet)
        headers = _join(dict.fromkeys(c.header for _, c in users))
        names = _join(dict.fromkeys(s.name for s, _ in users))
        source_headers = _join(dict.fromkeys(
            sheet.column(c.references[1]).header for _, c in users if c.references))
        steps.append(
            f"Fill in the {sheet.name} sheet next. {sheet.help} The {headers} dropdowns on the "
            f"{names} sheets are filled from its {source_headers} column, so list each one there "
            f"before you pick it elsewhere.")
    rest = [s.name for s in tracker.sheets if s not in sources]
    if rest:
        steps.append(f"Then fill in {_join(rest)}: one row per item, starting in row 2, with no "
                     f"blank rows in between. Add as many rows as you need.")
    steps += [
        "Select any cell to see a note on what it needs. Where a cell has a dropdown arrow, pick "
        "from the list: those are the only words the programme office can count.",
        "Columns with a dark blue heading (Required? = Yes below) must be filled in on every row "
        "you use. You can widen columns, sort and filter as you like.",
        "Do not rename, add or delete sheets or change the headings: the return is read "
        "automatically. Save the file and send it back to the programme office.",
    ]
    return steps


def _date_guidance(tracker: Tracker) -> list[str]:
    """How dates may be written, and (where a sheet has one) the baseline/forecast rule."""
    texts = [
        "Type a date as dd/mm/yyyy, e.g. 30/09/2020 (30/09/20 is fine too). When a date is not "
        "fixed you may instead write w/c 16/11/20 for a week, November 2020 for a month, Q2 20/21 "
        "for a quarter of the financial year, 20/21 for a financial year, or TBC. Excel will warn "
        "that it is not a date: choose Yes to keep what you typed."
    ]
    for sheet in tracker.sheets:
        dates = [c for c in sheet.columns if c.is_date]
        baselines = [c for c in dates if c.pick == "first"]
        forecasts = [c for c in dates if c.pick != "first"]
        if baselines and forecasts:
            texts.append(
                f"On the {sheet.name} sheet, when a date moves keep the {baselines[0].header} as "
                f"first agreed and put the new date in {forecasts[0].header}.")
    return texts


def _allowed(column: Column, tracker: Tracker) -> str:
    """What the Instructions table says a column may hold."""
    if column.vocab:
        return ", ".join(tracker.vocabulary(column.vocab).words)
    if column.references:
        ref_sheet, ref_key = column.references
        header = tracker.sheet(ref_sheet).column(ref_key).header
        return f"A {header} listed on the {ref_sheet} sheet"
    return {
        "date": "A date, or a form from \u2018Writing dates\u2019",
        "number": "A number",
        "integer": "A whole number",
        "long_text": "Text (a sentence or two)",
    }.get(column.type, "Text")


# --- Small helpers ------------------------------------------------------------------------------


def _all_columns(tracker: Tracker) -> list[Column]:
    return [*tracker.about, *(c for s in tracker.sheets for c in s.columns)]


def _users_of(tracker: Tracker, source: Sheet) -> list[tuple[Sheet, Column]]:
    """The (sheet, column) pairs whose dropdown is fed from ``source``."""
    return [(s, c) for s in tracker.sheets for c in s.columns
            if c.references and c.references[0] == source.name and s is not source]


def _band(ws: Worksheet, row: int, columns: int) -> None:
    for col in range(1, columns + 1):
        ws.cell(row, col).fill = _BLUE_FILL


def _join(items: Iterable[str]) -> str:
    """``a, b and c``."""
    words = list(items)
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _fit(text: str, limit: int) -> str:
    """``text`` cut to Excel's ``limit`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _text_height(text: str, width: float, minimum: int = 1) -> float:
    """Row height in points that shows ``text`` wrapped in a column ``width`` characters wide.

    Excel does not size rows for merged cells, and only some readers size the rest on opening,
    so heights are set from a slightly generous estimate of the wrapped line count.
    """
    per_line = max(int(width * _CHARS_PER_WIDTH) - 2, 1)
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
    return max(lines, minimum) * _LINE_POINTS + 4
