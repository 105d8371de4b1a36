"""Feedback for submitters: their return marked up where it needs fixing, plus an Issues sheet.

``write_feedback`` writes a *copy* of a return (the original is only read) in which every cell
with a problem is filled (red for errors, amber for warnings) and carries a comment saying what is
wrong and what is expected, and a first sheet, ``Issues``, lists every problem with a link to its
cell. The same list, with the same wording and colours, is what ``pcxl.xl.check_my_return`` writes
into the workbook open in Excel, so this module also holds that shared model (``issues``,
``summary_lines``, ``ISSUE_HEADERS``), which needs no openpyxl.

Everything the return contributes to the Issues sheet (values found, column headers, messages
quoting them) is written as text, never as a formula: a value a team typed as ``=HYPERLINK(...)``
stays the characters they typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from pcxl.errors import InputError
from pcxl.excel import layout
from pcxl.excel.fill import set_value
from pcxl.excel.provenance import FEEDBACK, OUTPUT_PROPERTY
from pcxl.excel.template import DARK_BLUE, FONT_NAME, NHS_BLUE, PALE_GREY, WHITE
from pcxl.files import atomic_output, reproducible_zip
from pcxl.validate.problems import Problem
from pcxl.validate.report import FileReport

ISSUES_SHEET = "Issues"
ERROR_FILL = "FFC7CE"      # light red: must be fixed
WARNING_FILL = "FFE699"    # amber: worth a look
FILLS = {"error": ERROR_FILL, "warning": WARNING_FILL}
LINK_COLOUR = "0563C1"

# The Issues sheet: three lines of explanation, the header row, then one row per problem.
ISSUE_HEADERS = ("Cell", "Severity", "Problem", "Column", "Value found", "Expected",
                 "What to change")
ISSUE_WIDTHS = (18, 10, 26, 20, 28, 36, 70)
ISSUES_HEADER_ROW = 5
ISSUES_FIRST_ROW = ISSUES_HEADER_ROW + 1
COMMENT_LIMIT = 2000
CELL_TEXT_LIMIT = 32767

_CELL_REF = re.compile(r"[A-Z]{1,3}[1-9][0-9]*")
_ROW_REF = re.compile(r"([1-9][0-9]*):[1-9][0-9]*")


# --- The shared model: what the Issues sheet says ---------------------------------------------


def split_cell(cell: str) -> tuple[str, str]:
    """``Milestones!C7`` -> (``Milestones``, ``C7``), ``'Risk Register'!E7`` -> (``Risk
    Register``, ``E7``); without a sheet: ("", reference)."""
    sheet, _, ref = cell.rpartition("!")
    if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, ref


def single_cell(problem: Problem) -> tuple[str, str] | None:
    """(sheet, ``C7``) when the problem points at one cell, else None (a row, a sheet, the file)."""
    sheet, ref = split_cell(problem.cell)
    sheet = sheet or problem.sheet
    return (sheet, ref) if sheet and _CELL_REF.fullmatch(ref) else None


def quote_sheet(name: str) -> str:
    """A sheet name as a reference writes it, always quoted: ``'Milestones'``."""
    return "'" + name.replace("'", "''") + "'"


def internal_link(sheet: str, ref: str = "A1") -> str:
    """The in-workbook link to a cell, as Excel writes it: ``#'Milestones'!C7``."""
    return f"#{quote_sheet(sheet)}!{ref}"


def display_value(value: object) -> str:
    """A value found, as the team would recognise it: dates as dd/mm/yyyy, 7.0 as 7."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time(0) else \
            value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Issue:
    """One row of the Issues sheet: where the problem is, and what to do about it."""

    place: str             # what the Cell column shows: Milestones!C7, a sheet, or the file
    sheet: str             # the sheet a link goes to ("" when there is nowhere to go)
    ref: str               # the cell a link goes to
    severity: str
    title: str
    column: str
    value: str
    expected: str
    message: str

    @property
    def link(self) -> str | None:
        """``#'Milestones'!C7``, or None when the problem has no place in the workbook."""
        return internal_link(self.sheet, self.ref) if self.sheet else None

    @property
    def cells(self) -> tuple[str, ...]:
        """The text of each column of the Issues sheet, in ``ISSUE_HEADERS`` order."""
        return (self.place, self.severity.capitalize(), self.title, self.column, self.value,
                self.expected, self.message)


def issue_for(problem: Problem, sheet_names: Iterable[str]) -> Issue:
    """The Issues row for ``problem``; links only go to sheets the workbook has."""
    present = set(sheet_names)
    sheet, ref = split_cell(problem.cell)
    sheet = sheet or problem.sheet
    place = problem.cell or sheet or "the whole file"
    target = ""
    if sheet in present:
        target = sheet
        row = _ROW_REF.fullmatch(ref)
        ref = ref if _CELL_REF.fullmatch(ref) else f"A{row.group(1)}" if row else "A1"
    return Issue(place, target, ref if target else "", problem.severity, problem.title,
                 problem.column, display_value(problem.value), problem.expected, problem.message)


def issues(report: FileReport, sheet_names: Iterable[str]) -> list[Issue]:
    """Every problem of ``report`` as an Issues row, errors before warnings, in reading order."""
    names = list(sheet_names)
    ordered = sorted(report.problems, key=lambda p: p.severity != "error")
    return [issue_for(p, names) for p in ordered]


def summary_lines(report: FileReport) -> tuple[str, str, str]:
    """The title and the two lines of explanation above the Issues table."""
    errors, warnings = len(report.errors), len(report.warnings)
    who = ", ".join(x for x in (report.region, report.period) if x)
    title = f"Issues to fix in {report.path.name}" + (f" ({who})" if who else "")
    if not report.problems:
        counts = "No problems found: this return is ready to send."
    else:
        counts = (f"{_count(errors, 'error')} and {_count(warnings, 'warning')}. Errors (red) "
                  "must be fixed before the programme office can use this return; warnings "
                  "(amber) are worth checking.")
    how = ("Click a cell reference to go to that cell: it is coloured, and its note says what "
           "is wrong and what is expected. pcxl ignores this sheet when the return comes back.")
    return title, counts, how


def row_height(texts: Sequence[str], widths: Sequence[float]) -> float:
    """Points that show every text wrapped in its column (Excel does not size rows on opening)."""
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        per_line = max(int(width * 1.15) - 2, 1)
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line))
                               for part in str(text or "").split("\n")))
    return lines * 13.0 + 4


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def comment_text(problems: Sequence[Problem]) -> str:
    """The note on a problem cell: each problem's severity, what is wrong and what is expected."""
    parts = []
    for p in sorted(problems, key=lambda p: p.severity != "error"):
        lines = [f"{p.severity.capitalize()}: {p.title}", p.message]
        if p.expected and p.expected not in p.message:
            lines.append(f"Expected: {p.expected}")
        parts.append("\n".join(lines))
    text = "\n\n".join(parts)
    return text if len(text) <= COMMENT_LIMIT else text[:COMMENT_LIMIT - 1] + "\u2026"


def worst(problems: Iterable[Problem]) -> str:
    """``error`` if any problem is an error, else ``warning``."""
    return "error" if any(p.severity == "error" for p in problems) else "warning"


def by_cell(report: FileReport) -> dict[tuple[str, str], list[Problem]]:
    """The problems that point at one cell, grouped by (sheet, cell)."""
    found: dict[tuple[str, str], list[Problem]] = {}
    for p in report.problems:
        where = single_cell(p)
        if where:
            found.setdefault(where, []).append(p)
    return found


# --- The feedback workbook (openpyxl) ---------------------------------------------------------


def write_feedback(report: FileReport, path: Path | str) -> Path:
    """Write a marked-up copy of the validated return to ``path`` (atomically) and return it.

    The original (``report.path``) is only read. In the copy each problem cell is filled (red
    for errors, amber for warnings) and given a comment, and a first sheet ``Issues`` lists every
    problem with a link to its cell; the copy opens on that sheet.

    Protection: template sheets stay protected (their fills and comments are written into the
    file, which protection does not prevent), so the team still cannot break the shape pcxl
    reads. The workbook *structure* lock is lifted, because the copy gains a sheet and the team
    may want to delete it once everything is fixed; the Issues sheet itself is not protected.

    Raises InputError when there is nothing to mark up: the file could not be read as a return
    (``report.data`` is None), or openpyxl cannot open it.
    """
    path = Path(path)
    if report.data is None:
        reason = report.problems[0].message if report.problems else "it could not be read"
        raise InputError(f"{report.path}: no feedback workbook: {reason}")
    try:
        # Macros are never run and never copied: the copy is a plain .xlsx workbook.
        wb = openpyxl.load_workbook(report.path, keep_vba=False)
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError) as exc:
        raise InputError(f"{report.path}: no feedback workbook: openpyxl cannot open it "
                         f"({type(exc).__name__}: {exc})") from exc
    mark_cells(wb, report)
    issues_sheet(wb, report)
    print_setup(wb, {ISSUES_SHEET: ISSUES_HEADER_ROW,
                     **{s.name: layout.HEADER_ROW for s in report.data.tracker.sheets}})
    if wb.security is not None:
        wb.security.lockStructure = False
    if OUTPUT_PROPERTY in wb.custom_doc_props.names:
        del wb.custom_doc_props[OUTPUT_PROPERTY]
    wb.custom_doc_props.append(StringProperty(name=OUTPUT_PROPERTY, value=FEEDBACK))
    with atomic_output(path) as tmp:
        wb.save(tmp)
        reproducible_zip(tmp)
    return path


def print_setup(wb: Workbook, header_rows: dict[str, int]) -> None:
    """Every visible sheet prints landscape on A4, one page wide, its header row (if it has
    one) repeated on each page."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        row = header_rows.get(ws.title)
        if row:
            ws.print_title_rows = f"{row}:{row}"


def mark_cells(wb: Workbook, report: FileReport) -> None:
    """Fill each problem cell by its worst severity and give it a comment listing its problems.

    A comment the team wrote themselves is kept, below pcxl's.
    """
    for (sheet, ref), problems in by_cell(report).items():
        if sheet not in wb.sheetnames:
            continue
        cell = wb[sheet][ref]
        if isinstance(cell, MergedCell):
            continue
        cell.fill = PatternFill("solid", fgColor=FILLS[worst(problems)])
        text = comment_text(problems)
        if cell.comment is not None and cell.comment.author != "pcxl":
            text = f"{text}\n\n(Your note: {cell.comment.text})"
        lines = sum(1 + len(line) // 48 for line in text.splitlines())
        cell.comment = Comment(text, "pcxl", height=min(20 + 15 * lines, 600), width=340)


def issues_sheet(wb: Workbook, report: FileReport) -> Worksheet:
    """Add (or replace) the Issues sheet as the first sheet, and open the workbook on it."""
    if ISSUES_SHEET in wb.sheetnames:
        wb.remove(wb[ISSUES_SHEET])
    names = list(wb.sheetnames)
    ws = wb.create_sheet(ISSUES_SHEET, 0)
    title, counts, how = summary_lines(report)
    width = len(ISSUE_HEADERS)
    last = get_column_letter(width)
    for row, (text, font, height) in enumerate(
            ((title, Font(name=FONT_NAME, size=14, bold=True, color=WHITE), 26),
             (counts, Font(name=FONT_NAME, size=10, bold=True, color=DARK_BLUE), 30),
             (how, Font(name=FONT_NAME, size=10, italic=True), 30)), start=1):
        cell = ws.cell(row, 1)
        set_value(cell, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center", indent=1)
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = height
    for col in range(1, width + 1):
        ws.cell(1, col).fill = PatternFill("solid", fgColor=NHS_BLUE)
    for col, (heading, col_width) in enumerate(zip(ISSUE_HEADERS, ISSUE_WIDTHS, strict=True),
                                               start=1):
        cell = ws.cell(ISSUES_HEADER_ROW, col, heading)
        cell.font = Font(name=FONT_NAME, size=10, bold=True, color=WHITE)
        cell.fill = PatternFill("solid", fgColor=DARK_BLUE)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = col_width
    body = Font(name=FONT_NAME, size=10)
    for row, issue in enumerate(issues(report, names), start=ISSUES_FIRST_ROW):
        for col, text in enumerate(issue.cells, start=1):
            cell = ws.cell(row, col)
            set_value(cell, text[:CELL_TEXT_LIMIT] if text else None)
            cell.font = body
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        place = ws.cell(row, 1)
        if issue.link:
            place.hyperlink = Hyperlink(ref=place.coordinate, location=issue.link[1:],
                                        display=issue.place, tooltip=f"Go to {issue.place}")
            place.font = Font(name=FONT_NAME, size=10, color=LINK_COLOUR, underline="single")
        ws.cell(row, 2).fill = PatternFill("solid", fgColor=FILLS[issue.severity])
        ws.row_dimensions[row].height = row_height(issue.cells, ISSUE_WIDTHS)
        if row % 2 == 0:
            for col in (3, 4, 5, 6, 7):
                ws.cell(row, col).fill = PatternFill("solid", fgColor=PALE_GREY)
    last_row = max(ISSUES_HEADER_ROW, ISSUES_HEADER_ROW + len(report.problems))
    ws.freeze_panes = f"A{ISSUES_FIRST_ROW}"
    ws.auto_filter.ref = f"A{ISSUES_HEADER_ROW}:{last}{last_row}"
    ws.sheet_properties.tabColor = ERROR_FILL if report.errors else WARNING_FILL
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    wb.active = 0
    return ws
