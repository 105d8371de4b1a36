"""Excel through xlwings: the control workbook's buttons and "Check my return". The only module
that imports xlwings.

Every entry point takes an ``xw.Book`` and works on any xlwings engine: classic xlwings (Excel
on Windows and macOS, called from a ``RunPython`` button), xlwings Lite (Python in the workbook,
via Pyodide), and xlwings' remote engine, which is how the tests run them on Linux. Each one
reads its settings from the workbook, calls the same pcxl library functions as the CLI, and
writes the results back into sheets of the workbook. A failure never reaches Excel as a
traceback: it becomes a message box and, in the control workbook, the Status cell.

Control workbook (``workbook_templates/pcxl_control.xlsm``, see ``pcxl.excel.control``):
``validate_returns``, ``consolidate``, ``build_deck``, ``roll_forward``, ``open_outputs``, and
``main``, which its buttons call (through xlwings' quickstart macro and ``pcxl_control.py``):
it runs the action of the button clicked, read from the button's caption.

Submitters: ``check_my_return`` validates the workbook itself, lists the problems on an
``Issues`` sheet with links to their cells, and colours the cells (red errors, amber warnings);
run again after fixing, it clears the colour from the cells that are now right.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import xlwings as xw

from pcxl.config import history_location
from pcxl.dates import read_date
from pcxl.errors import InputError, PcxlError
from pcxl.excel import control as ctl
from pcxl.excel import layout
from pcxl.excel.feedback import (
    FILLS,
    ISSUE_HEADERS,
    ISSUE_WIDTHS,
    ISSUES_FIRST_ROW,
    ISSUES_HEADER_ROW,
    ISSUES_SHEET,
    Issue,
    by_cell,
    display_value,
    issues,
    summary_lines,
    worst,
)
from pcxl.excel.template import DARK_BLUE, NHS_BLUE
from pcxl.scan import scan_returns
from pcxl.validate.from_values import validate_values
from pcxl.validate.report import FORMULA_STARTS, FileReport, ValidationReport

T = TypeVar("T")
_CELL = re.compile(r"(.+)!([A-Z]{1,3})([1-9][0-9]*)")
POINTS_PER_CHARACTER = 5.6   # Office.js sets column widths in points, desktop Excel in characters


# --- Settings and reporting -------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the Control sheet's named cells say."""

    returns: Path
    outputs: Path
    period: str | None = None
    period_end: dt.date | None = None
    history: str | None = None


def settings(book: xw.Book) -> Settings:
    """Read the period and the folders from the control workbook's named cells.

    Folders may be relative to the workbook's own folder; a blank outputs folder means
    ``outputs`` beside the workbook.
    """
    base = _book_folder(book)
    returns_text = _text(_named_value(book, ctl.RETURNS_FOLDER))
    if not returns_text:
        raise InputError("type the folder holding the returns into the Returns folder box")
    returns = _resolve(returns_text, base)
    if not returns.is_dir():
        raise InputError(f"the returns folder {returns} does not exist")
    outputs = _resolve(_text(_named_value(book, ctl.OUTPUTS_FOLDER)) or "outputs", base)
    history = _history(book, base)
    period_value = _named_value(book, ctl.PERIOD)
    if period_value in (None, ""):
        return Settings(returns, outputs, history=history)
    reading = read_date(period_value)
    if reading.last is None:
        raise InputError(f"the reporting period {display_value(period_value)!r} is not a date: "
                         "write it as e.g. November 2020")
    return Settings(returns, outputs, reading.last.label, reading.last.end, history)


def _history(book: xw.Book, base: Path) -> str:
    """The History database box, else the project's one history seen from the workbook's
    folder (``pcxl.config.history_location``)."""
    typed = _text(book.names[ctl.HISTORY].refers_to_range.value) \
        if book.names.contains(ctl.HISTORY) else ""
    if typed and "://" not in typed:
        typed = str(_resolve(typed, base))
    return history_location(typed or None, base=base)


@contextlib.contextmanager
def in_project(book: xw.Book) -> Iterator[None]:
    """Run with the control workbook's folder as the working folder, as ``pcxl`` runs from a
    project folder: its ``pcxl.yaml`` and ``trackers/`` (adopted trackers) are the ones used."""
    before = Path.cwd()
    os.chdir(_book_folder(book))
    try:
        yield
    finally:
        os.chdir(before)


def _book_folder(book: xw.Book) -> Path:
    full = Path(book.fullname)
    return full.parent if full.is_absolute() else Path.cwd()


def _resolve(text: str, base: Path) -> Path:
    path = Path(os.path.expandvars(os.path.expanduser(text)))
    return path if path.is_absolute() else base / path


def _named_value(book: xw.Book, name: str) -> object:
    if not book.names.contains(name):
        raise InputError(f"this workbook has no cell named {name}: start from "
                         f"workbook_templates/{ctl.CONTROL_FILE}")
    return book.names[name].refers_to_range.value


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def report_status(book: xw.Book, message: str) -> None:
    """Write ``message`` into the control workbook's Status cell, when it has one."""
    if book.names.contains(ctl.STATUS):
        book.names[ctl.STATUS].refers_to_range.value = as_text(message)


def reported(action: str) -> Callable[[Callable[..., T]], Callable[..., T | None]]:
    """Run an entry point so that any failure becomes a message box and a status, not a trace.

    A PcxlError's message is written for the user and shown as it is; anything else is a fault
    in pcxl, named as such. The entry point then returns None.
    """
    def decorate(func: Callable[..., T]) -> Callable[..., T | None]:
        @functools.wraps(func)
        def run(book: xw.Book, *args: object, **kwargs: object) -> T | None:
            try:
                with in_project(book):
                    return func(book, *args, **kwargs)
            except PcxlError as exc:
                message = f"{action} could not run: {exc}"
            except Exception as exc:  # a button must never show a Python traceback
                message = (f"{action} stopped: pcxl met a problem it did not expect "
                           f"({type(exc).__name__}: {exc}). Please report it with the "
                           "returns folder.")
            with contextlib.suppress(Exception):  # the status is a courtesy; the box shows
                report_status(book, message)
            book.app.alert(message, title=f"pcxl: {action}")
            return None
        return run
    return decorate


def as_text(value: object) -> object:
    """A value to write through xlwings that Excel keeps exactly as it is.

    Text gets Excel's text marker (a leading apostrophe, not shown), so a value a team typed as
    ``=1+1`` or ``01/10/20`` stays those characters instead of becoming a formula or a date.
    Numbers pass through.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = display_value(value)
    return "'" + text if text else ""


def hyperlink_formula(target: str, text: str) -> str:
    """``=HYPERLINK("#'Milestones'!C7","Milestones!C7")``: a link every Excel follows.

    Used for links inside the workbook, which Excel on the web (xlwings Lite) does not accept as
    hyperlink addresses. Only pcxl's own references go in; quotes are doubled.
    """
    return '=HYPERLINK("{}","{}")'.format(target.replace('"', '""'), text.replace('"', '""'))


def _colour(hex_colour: str) -> str:
    return hex_colour if hex_colour.startswith("#") else f"#{hex_colour}"


def _width(rng: xw.Range, characters: float) -> None:
    remote = rng.sheet.book.app.engine.name == "remote"
    rng.column_width = characters * POINTS_PER_CHARACTER if remote else characters


def _write_table(sheet: xw.Sheet, rows: list[list[object]], width: int) -> None:
    """Replace the rows below the header of a Returns/Problems sheet with ``rows``."""
    last = sheet.used_range.last_cell.row
    if last >= ctl.FIRST_ROW:
        sheet.range((ctl.FIRST_ROW, 1), (last, width)).clear()
    if rows:
        sheet.range((ctl.FIRST_ROW, 1)).value = rows


def _link_file(cell: xw.Range, path: Path) -> None:
    name = path.name
    shown = name if name[:1] not in FORMULA_STARTS else None
    cell.add_hyperlink(str(path), shown, f"Open {name}")


# --- Control workbook -------------------------------------------------------------------------


def _outcome(report: FileReport, outcomes: dict[str, str]) -> str:
    if report.data is None:
        return "unreadable"
    return outcomes.get(report.path.name) or ("rejected" if report.errors else "accepted")


def _note(report: FileReport, period_end: dt.date | None, feedback: Path | None,
          skipped: str | None) -> str:
    notes = []
    if report.data is None and report.problems:
        notes.append(report.problems[0].message)
    elif (period_end and report.period_end
          and (report.period_end.year, report.period_end.month)
          != (period_end.year, period_end.month)):
        notes.append(f"reports {report.period}, not {period_end:%b %Y}")
    if skipped and report.data is not None:
        notes.append(f"no feedback copy: {skipped}")
    if feedback is None and report.data is not None and not report.problems:
        notes.append("no problems")
    return "; ".join(notes)


def write_results(book: xw.Book, report: ValidationReport, setup: Settings,
                  feedback: dict[Path, Path] | None = None,
                  skipped: dict[Path, str] | None = None,
                  outcomes: dict[str, str] | None = None) -> None:
    """Fill the Returns and Problems sheets: every return found, and every problem of each."""
    feedback, skipped, outcomes = feedback or {}, skipped or {}, outcomes or {}
    returns_sheet = book.sheets[ctl.RETURNS_SHEET]
    rows = []
    for f in report.files:
        copy = feedback.get(f.path)
        rows.append([as_text(f.path.name), as_text(f.region), as_text(f.period),
                     as_text(f.tracker), _outcome(f, outcomes), len(f.errors), len(f.warnings),
                     as_text(copy.name if copy else ""),
                     as_text(_note(f, setup.period_end, copy, skipped.get(f.path)))])
    _write_table(returns_sheet, rows, len(ctl.RETURNS_HEADERS))
    feedback_col = ctl.RETURNS_HEADERS.index("Feedback copy") + 1
    for row, f in enumerate(report.files, start=ctl.FIRST_ROW):
        _link_file(returns_sheet.range((row, 1)), f.path)
        if f.path in feedback:
            _link_file(returns_sheet.range((row, feedback_col)), feedback[f.path])
        colour = {"accepted": "#C6EFCE", "rejected": _colour(FILLS["error"]),
                  "unreadable": _colour(FILLS["error"])}.get(_outcome(f, outcomes))
        if colour:
            returns_sheet.range((row, ctl.RETURNS_HEADERS.index("Outcome") + 1)).color = colour
    problems_sheet = book.sheets[ctl.PROBLEMS_SHEET]
    problem_rows, files = [], []
    for f in report.files:
        for p in f.problems:
            problem_rows.append([as_text(f.path.name), as_text(p.cell or p.sheet),
                                 p.severity.capitalize(), as_text(p.title), as_text(p.column),
                                 as_text(p.value), as_text(p.expected), as_text(p.message)])
            files.append((f.path, p.severity))
    _write_table(problems_sheet, problem_rows, len(ctl.PROBLEMS_HEADERS))
    for row, (path, severity) in enumerate(files, start=ctl.FIRST_ROW):
        _link_file(problems_sheet.range((row, 1)), path)
        problems_sheet.range((row, 3)).color = _colour(FILLS[severity])


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(report: ValidationReport) -> str:
    """``3 returns found: 1 accepted, 1 rejected, 1 unreadable (2 errors, 0 warnings)``."""
    files = report.files
    unreadable = len(report.unreadable)
    rejected = sum(1 for f in files if not f.valid) - unreadable
    parts = [f"{len(files) - rejected - unreadable} accepted", f"{rejected} rejected"]
    if unreadable:
        parts.append(f"{unreadable} unreadable")
    return (f"{_count(len(files), 'return')} found: {', '.join(parts)} "
            f"({_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')})")


def _stamp() -> str:
    return dt.datetime.now().strftime("%d/%m/%Y %H:%M")


@reported("Validate")
def validate_returns(book: xw.Book):
    """Validate the returns folder, fill Returns and Problems, write feedback copies.

    Feedback copies of the returns with problems go into ``<outputs>/feedback``. Returns the
    FeedbackResult (None when it could not run).
    """
    from pcxl.feedback import feedback_returns

    setup = settings(book)
    result = feedback_returns([setup.returns], setup.outputs / "feedback")
    write_results(book, result.report, setup, result.written, result.skipped)
    copies = len(result.written)
    report_status(book, f"Validated at {_stamp()}: {_summary(result.report)}; {copies} feedback "
                        f"cop{'y' if copies == 1 else 'ies'} in {setup.outputs / 'feedback'}")
    return result


@reported("Consolidate")
def consolidate(book: xw.Book):
    """Validate, then write one consolidated workbook per tracker into the outputs folder.

    Returns the ConsolidationResult (None when it could not run).
    """
    from pcxl.pipeline import consolidate_returns

    setup = settings(book)
    files = _returns_in(setup.returns)
    history = setup.history
    result = consolidate_returns(files, setup.outputs, history=history)
    outcomes = {str(r.file): str(r.outcome) for d in result.datasets.values()
                for r in d.returns.itertuples()}
    write_results(book, result.report, setup, outcomes=outcomes)
    written = ", ".join(p.name for p in result.outputs.values()) or "nothing"
    report_status(book, f"Consolidated at {_stamp()}: {_summary(result.report)}; wrote "
                        f"{written} in {setup.outputs}; history in {history}")
    return result


def _returns_in(folder: Path) -> list[Path]:
    """The returns in ``folder``; an InputError naming every file not read when there are none."""
    scan = scan_returns([folder])
    if not scan.files:
        why = "; ".join(f"{p.name}: {reason}" for p, reason in scan.not_read)
        raise InputError(f"there are no returns (.xlsx or .xlsm files) in {folder}"
                         + (f" ({why})" if why else ""))
    return scan.files


@reported("Build deck")
def build_deck(book: xw.Book):
    """Draw the deck of each consolidated workbook in the outputs folder, in its tracker's
    format (``<tracker>_report.pptx``). Returns the decks' paths (None when it could not run).
    """
    from pcxl.pipeline import make_deck

    setup = settings(book)
    consolidated = sorted(setup.outputs.glob("consolidated*.xlsx"))
    if not consolidated:
        raise InputError(f"there is no consolidated workbook in {setup.outputs}: click "
                         "Consolidate first")
    decks = []
    for path in consolidated:
        tracker = _tracker_of(path)
        decks.append(make_deck(path, setup.outputs / f"{tracker}_report.pptx").path)
    report_status(book, f"Deck built at {_stamp()}: " + ", ".join(str(p) for p in decks))
    return decks


def _tracker_of(path: Path) -> str:
    """The tracker a consolidated workbook holds, from its name (``consolidated_<tracker>``)
    or, for a single-tracker workbook, by reading it."""
    from pcxl.declaration import known_trackers, tracker_names
    from pcxl.excel.read import read_consolidated

    name = path.stem.removeprefix("consolidated_")
    if name in tracker_names():
        return name
    return read_consolidated(path, known_trackers()).tracker.name


@reported("Roll forward")
def roll_forward(book: xw.Book):
    """Write next period's returns, pre-filled from the reporting period's recorded data, into
    ``<outputs>/rollforward``. Returns their paths (None when it could not run)."""
    from pcxl.pipeline import rollforward_returns

    setup = settings(book)
    if not setup.period:
        raise InputError("type the reporting period to roll forward from into the Reporting "
                         "period box, e.g. November 2020")
    written = []
    for tracker in _recorded_trackers(setup):
        written += rollforward_returns(setup.period, tracker, history=setup.history,
                                       output=setup.outputs / "rollforward")
    report_status(book, f"Rolled forward at {_stamp()}: {_count(len(written), 'return')} in "
                        f"{setup.outputs / 'rollforward'}")
    return written


def _recorded_trackers(setup: Settings) -> list[str]:
    """The trackers with the reporting period recorded in the history (at least one)."""
    from pcxl.declaration import tracker_names
    from pcxl.history.store import list_periods, open_store

    engine = open_store(setup.history, create=False)
    try:
        found = [name for name in tracker_names()
                 if setup.period in [p for p, _ in list_periods(engine, name)]]
    finally:
        engine.dispose()
    if not found:
        raise InputError(f"no period {setup.period} is recorded in {setup.history}: click "
                         "Consolidate first")
    return found


def open_folder(path: Path) -> None:
    """Show a folder in the system's file manager."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
    else:
        subprocess.run(["open" if sys.platform == "darwin" else "xdg-open", str(path)],
                       check=False)


@reported("Open outputs")
def open_outputs(book: xw.Book, opener: Callable[[Path], None] = open_folder):
    """Open the outputs folder (``opener`` shows it; the system file manager by default)."""
    setup = settings(book)
    if not setup.outputs.is_dir():
        raise InputError(f"the outputs folder {setup.outputs} does not exist yet: click "
                         "Validate or Consolidate first")
    opener(setup.outputs)
    report_status(book, f"Opened {setup.outputs} at {_stamp()}")
    return setup.outputs


ACTIONS: dict[str, Callable[[xw.Book], object]] = {
    "Validate": validate_returns, "Consolidate": consolidate, "Build deck": build_deck,
    "Roll forward": roll_forward, "Open outputs": open_outputs}


def clicked_caption(book: xw.Book) -> str | None:
    """The caption of the button that ran the macro (classic Excel: ``Application.Caller``)."""
    try:
        caller = book.app.api.Caller
        return str(book.sheets[ctl.CONTROL_SHEET].api.Buttons(caller).Caption)
    except Exception:  # not a button (the ribbon's Run main), or an engine without COM
        return None


def main(book: xw.Book | None = None, caption: str | None = None) -> object:
    """What every button of the control workbook runs: the action of the button clicked."""
    book = book or xw.Book.caller()
    caption = caption or clicked_caption(book)
    action = ACTIONS.get(caption or "")
    if action is None:
        message = ("Click one of the buttons on the Control sheet (Validate, Consolidate, "
                   "Build deck, Roll forward, Open outputs).")
        report_status(book, message)
        book.app.alert(message, title="pcxl")
        return None
    return action(book)


# --- Check my return --------------------------------------------------------------------------


def sheet_values(book: xw.Book, skip: Sequence[str] = (ISSUES_SHEET,)) -> dict[str, list[list]]:
    """Every sheet's values from A1 to the end of its used range (hidden sheets included)."""
    values: dict[str, list[list]] = {}
    for sheet in book.sheets:
        if sheet.name in skip:
            continue
        last = sheet.used_range.last_cell
        rows = sheet.range((1, 1), (last.row, last.column)).options(
            ndim=2, err_to_str=True).value
        values[sheet.name] = rows or []
    return values


def _colourable(book_sheets: set[str], sheet: str, row: int) -> bool:
    """Cells pcxl may colour and later clear: input cells, not the template's header rows."""
    return sheet in book_sheets and row > layout.HEADER_ROW


def _issues_sheet(book: xw.Book) -> xw.Sheet | None:
    names = [s.name for s in book.sheets]
    if ISSUES_SHEET not in names:
        return None
    sheet = book.sheets[ISSUES_SHEET]
    header = sheet.range((ISSUES_HEADER_ROW, 1), (ISSUES_HEADER_ROW, len(ISSUE_HEADERS))).value
    if [_text(h) for h in header] != list(ISSUE_HEADERS):
        raise InputError(f"this workbook already has a sheet called {ISSUES_SHEET} that pcxl did "
                         "not write: rename it, then check again")
    return sheet


def _previous_marks(sheet: xw.Sheet | None, book_sheets: set[str]) -> set[tuple[str, str]]:
    """The cells the last check coloured, read back from its Issues sheet."""
    if sheet is None:
        return set()
    last = sheet.used_range.last_cell.row
    if last < ISSUES_FIRST_ROW:
        return set()
    places = sheet.range((ISSUES_FIRST_ROW, 1), (last, 1)).options(ndim=1).value
    marks = set()
    for place in places:
        found = _CELL.fullmatch(_text(place))
        if found and _colourable(book_sheets, found.group(1), int(found.group(3))):
            marks.add((found.group(1), found.group(2) + found.group(3)))
    return marks


@contextlib.contextmanager
def _unprotected(book: xw.Book) -> Iterator[None]:
    """Lift the template's protection while pcxl writes, and put it back (classic Excel only).

    pcxl's templates protect their sheets with cell formatting allowed and leave the structure
    unlocked, which is all this needs. A workbook protected more strictly has its protection
    lifted through COM (Windows) and restored afterwards. xlwings Lite and the remote engine have
    no protection API: there the workbook must allow it already (see docs/excel.md).
    """
    if book.app.engine.name == "remote" or sys.platform != "win32":
        yield
        return
    api = book.api
    structure = bool(api.ProtectStructure)
    protected = [s for s in book.sheets if s.api.ProtectContents]
    if structure:
        api.Unprotect()
    for sheet in protected:
        sheet.api.Unprotect()
    try:
        yield
    finally:
        for sheet in protected:
            sheet.api.Protect(DrawingObjects=True, Contents=True, Scenarios=True,
                              AllowFormattingColumns=True, AllowFormattingRows=True,
                              AllowSorting=True, AllowFiltering=True)
        if structure:
            api.Protect(Structure=True)


def _issue_row(issue: Issue) -> list[object]:
    place = hyperlink_formula(issue.link, issue.place) if issue.link else as_text(issue.place)
    return [place, *(as_text(text) for text in issue.cells[1:])]


def _write_issues(book: xw.Book, sheet: xw.Sheet | None, report: FileReport) -> xw.Sheet:
    if sheet is None:
        sheet = book.sheets.add(ISSUES_SHEET, before=book.sheets[0])
    else:
        sheet.clear()
    width = len(ISSUE_HEADERS)
    sheet.range((1, 1)).value = [[as_text(line)] for line in summary_lines(report)]
    sheet.range((1, 1), (1, width)).color = _colour(NHS_BLUE)
    title = sheet.range((1, 1)).font
    title.bold, title.size, title.color = True, 14, "#FFFFFF"
    header = sheet.range((ISSUES_HEADER_ROW, 1), (ISSUES_HEADER_ROW, width))
    header.value = [list(ISSUE_HEADERS)]
    header.color = _colour(DARK_BLUE)
    header.font.bold, header.font.color = True, "#FFFFFF"
    found = issues(report, [s.name for s in book.sheets])
    if found:
        sheet.range((ISSUES_FIRST_ROW, 1)).value = [_issue_row(i) for i in found]
        for row, issue in enumerate(found, start=ISSUES_FIRST_ROW):
            sheet.range((row, 2)).color = _colour(FILLS[issue.severity])
    for col, chars in enumerate(ISSUE_WIDTHS, start=1):
        _width(sheet.range((ISSUES_HEADER_ROW, col)), chars)
    sheet.activate()
    return sheet


@reported("Check my return")
def check_my_return(book: xw.Book):
    """Validate the open workbook as a return; list its problems on an Issues sheet, colour them.

    Runs on the values the workbook holds (no file is read), with pcxl's own schemas. Each
    problem gets a row on the ``Issues`` sheet (the first sheet, added on the first run) with a
    link to its cell; each problem cell is filled red (error) or amber (warning). A second run
    clears the fill of every cell the first run coloured that is now right. Returns the
    FileReport (None when it could not run).
    """
    report = validate_values(sheet_values(book), book.name)
    with _unprotected(book):
        existing = _issues_sheet(book)
        book_sheets = {s.name for s in book.sheets}
        previous = _previous_marks(existing, book_sheets)
        current = {}
        for (sheet, ref), problems in by_cell(report).items():
            found = _CELL.fullmatch(f"{sheet}!{ref}")
            if found and _colourable(book_sheets, sheet, int(found.group(3))):
                current[(sheet, ref)] = worst(problems)
        for sheet, ref in sorted(previous - current.keys()):
            book.sheets[sheet][ref].color = None
        for (sheet, ref), severity in current.items():
            book.sheets[sheet][ref].color = _colour(FILLS[severity])
        _write_issues(book, existing, report)
    return report
