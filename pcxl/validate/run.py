"""Validate returns: read each file, run its pandera schemas lazily, locate every problem.

A bad file never raises: whatever is wrong with it becomes problems in its FileReport, so one
broken return never stops the others.

Returns are validated in batches (``validate_paths``): the rows of up to ``BATCH_FILES`` returns
of the same shape go through each pandera schema in one call, their index naming each row's
return and Excel row (see ``pcxl.validate.schema``), and every failure is handed back to its own
file and cell. The problems are the same as validating each file alone (``validate_return``, a
batch of one); a check that fails outright in a batch is rerun file by file, so its
``check-failed`` problem names the right file. Memory holds one batch's raw values at a time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors as pa_errors

from pcxl.dates import DATE_FORMS, read_date
from pcxl.declaration import Column, Tracker, known_trackers, sheets_read
from pcxl.excel.dropdowns import dropdown_drift
from pcxl.excel.precheck import prechecked
from pcxl.excel.read import (
    ReadProblem,
    ReturnData,
    SheetData,
    UnreadableReturn,
    read_return,
)
from pcxl.scan import scan_returns
from pcxl.validate.problems import CATALOGUE, Problem, make_problem
from pcxl.validate.report import FileReport
from pcxl.validate.schema import (
    BUILTIN_CODES,
    CHECK_ORDER,
    ROW_SPAN,
    Context,
    about_schema,
    normaliser,
    rule_checks,
    sheet_schema,
)
from pcxl.vocab import Vocabulary

BATCH_FILES = 1000  # at most this many returns validated together, one pandera call per sheet
BATCH_ROWS = 200_000  # ... and at most about this many table rows: memory holds one batch


def find_returns(paths: Iterable[Path | str]) -> list[Path]:
    """The workbooks named, with folders expanded to the returns in them (sorted); the files
    of a folder that are not read, and why, are in ``pcxl.scan.scan_returns``."""
    return scan_returns(paths).files


def _failures(schema, frame: pd.DataFrame) -> pd.DataFrame:
    try:
        # A shallow copy validated in place: pandera neither copies the values nor keeps the
        # batch frame registered (it registers the copy, which goes when this returns).
        schema.validate(frame.copy(deep=False), lazy=True, inplace=True)
    except pa_errors.SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["check", "column", "index", "failure_case"])


def _read_problem(problem: ReadProblem, file: str) -> Problem:
    return make_problem(problem.code, file, sheet=problem.sheet, cell=problem.cell,
                        value=problem.value, detail=problem.detail)


def _normalised(vocab: Vocabulary, value: object) -> str | None:
    """``vocab.normalise(value)``, remembered: the same few misspellings recur in every return."""
    key = (id(vocab), value.__class__, value)
    if key not in _NORMALISED or _NORMALISED[key][0] is not vocab:
        if len(_NORMALISED) > 65536:
            _NORMALISED.clear()
        _NORMALISED[key] = (vocab, normaliser(vocab)(value))
    return _NORMALISED[key][1]


_NORMALISED: dict[tuple, tuple[Vocabulary, str | None]] = {}


def _cell_problem(code: str, column: Column, value: object, cell: str, sheet: str, file: str,
                  tracker: Tracker, context: Context) -> Problem:
    expected, detail = "", ""
    if code in ("not-in-vocabulary", "vocabulary-variant") and column.vocab:
        vocab = tracker.vocabulary(column.vocab)
        expected = ", ".join(vocab.words) if code == "not-in-vocabulary" else (
            _normalised(vocab, value) or "")
    elif code == "unreadable-date":
        expected = f"a date such as {DATE_FORMS}"
        detail = read_date(value, context.period_end).detail
    elif code == "impossible-date":
        detail = read_date(value, context.period_end).detail
        expected = f"a date that exists ({detail.partition(': ')[2] or detail})"
    elif code == "several-dates":
        reading = read_date(value, context.period_end)
        role = "baseline" if column.pick == "first" else "latest date"
        picked = reading.pick(column.pick)
        detail = (f"{picked.label if picked else '?'} was read as the {role}; give one date "
                  "per cell (the baseline in Baseline date, the new date in Forecast date)")
    elif code == "not-a-number":
        expected = "a whole number" if column.type == "integer" else "a number"
    elif code == "unknown-reference" and column.references:
        expected = f"the {column.references[1]} column of the {column.references[0]} sheet"
    elif code == "required":
        expected = "a value"
    return make_problem(code, file, sheet=sheet, cell=cell, column=column.header, value=value,
                        expected=expected, detail=detail)


class _OneByOne(Exception):
    """A failure in a batch that names no row: validate the batch's returns one by one."""


def _shape(data: ReturnData) -> tuple:
    """What must match for returns to share a batch: tracker, About fields, sheets, columns."""
    return (id(data.tracker), tuple(f.key in data.about_cells for f in data.tracker.about),
            tuple((name, tuple(sheet.columns)) for name, sheet in data.sheets.items()))


def _batch_frame(sheets: Sequence[SheetData]) -> pd.DataFrame:
    """One sheet of every return of a batch as one frame, indexed by row key."""
    index = np.concatenate([np.asarray(s.rows, dtype="int64") + number * ROW_SPAN
                            for number, s in enumerate(sheets)])
    keys = list(sheets[0].columns)
    columns = {key: list(chain.from_iterable(s.columns[key] for s in sheets)) for key in keys}
    return pd.DataFrame(columns, index=pd.Index(index, dtype="int64", name="row"), dtype=object)


def _about_problems(batch: Sequence[ReturnData], files: Sequence[str], alone: bool
                    ) -> list[list[Problem]]:
    """Each return's About problems: one frame of one row per return, one pandera call."""
    tracker = batch[0].tracker
    present = [f for f in tracker.about if f.key in batch[0].about_cells]
    frame = pd.DataFrame({f.key: [data.about[f.key] for data in batch] for f in present},
                         index=pd.Index(np.arange(len(batch), dtype="int64") * ROW_SPAN),
                         dtype=object)
    failures = _failures(about_schema(tracker, present), frame)
    problems: list[list[Problem]] = [[] for _ in batch]
    context = Context()
    for check, column_key, index in failures[["check", "column", "index"]].itertuples(
            index=False):
        code = BUILTIN_CODES.get(str(check), str(check))
        if code == "missing-column" or code not in CATALOGUE:
            continue
        if index is None or pd.isna(index):
            if not alone:
                raise _OneByOne
            index = 0
        number = int(index) // ROW_SPAN
        data = batch[number]
        field = tracker.about_field(str(column_key))
        problems[number].append(_cell_problem(code, field, data.about[field.key],
                                              data.about_cells[field.key], tracker.about_sheet,
                                              files[number], tracker, context))
    return [_formula_errors_alone(these) for these in problems]


def _formula_errors_alone(problems: list[Problem]) -> list[Problem]:
    """A cell showing a formula error is that problem only (not also "not a date" and the like)."""
    broken = {p.cell for p in problems if p.code == "formula-error"}
    if not broken:
        return problems
    return [p for p in problems if p.code == "formula-error" or p.cell not in broken]


class _Cells:
    """A frame's values by column and row position, each column taken out once."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.columns: dict[str, np.ndarray] = {}

    def at(self, key: str, position: int) -> object:
        if key not in self.columns:
            self.columns[key] = self.frame[key].to_numpy(dtype=object)
        return self.columns[key][position]


def _period_end(data: ReturnData) -> dt.date | None:
    period = read_date(data.about.get("period")) if "period" in data.about else None
    return period.last.end if period and period.last else None


def _table_problems(batch: Sequence[ReturnData], files: Sequence[str], context: Context,
                    alone: bool) -> list[list[tuple[tuple, Problem]]]:
    """Each return's problems in its table sheets, in reading order with their sort keys: one
    pandera call per sheet for the whole batch."""
    tracker = batch[0].tracker
    frames = context.frames
    singles = [Context(end) for end in context.period_ends]
    found: list[list[tuple[tuple, tuple, Problem]]] = [[] for _ in batch]
    order = _reading_order(tracker)
    for sheet in tracker.sheets:
        frame = frames.get(sheet.name)
        if frame is None or frame.empty:
            continue
        rule_list = rule_checks(tracker, sheet.name, context)
        rules = {r.code: r for r in rule_list}
        ranks = {code: (0, i) for i, code in enumerate(rules)}
        ranks.update({code: (1, i) for i, code in enumerate(CHECK_ORDER)})
        failures = _failures(sheet_schema(tracker, sheet, context, rule_list), frame)
        if failures.empty:
            continue
        labels = pd.to_numeric(failures["index"], errors="coerce")
        positions = frame.index.get_indexer(labels.fillna(-1).astype("int64"))
        cells = _Cells(frame)
        seen: set[tuple[int, str, str]] = set()
        for check, column_key, index, value, position in zip(
                failures["check"].tolist(), failures["column"].tolist(), labels.tolist(),
                failures["failure_case"].tolist(), positions.tolist(), strict=True):
            code = BUILTIN_CODES.get(str(check), str(check))
            if code == "missing-column":
                continue
            if index != index or position < 0:  # NaN: the failure names no row
                if not alone:
                    raise _OneByOne
                problem = make_problem("check-failed", files[0], sheet=sheet.name, value=code,
                                       detail=str(value))
                found[0].append((order(problem), (0,), problem))
                continue
            index = int(index)
            number, row = divmod(index, ROW_SPAN)
            file, sheet_data = files[number], batch[number].sheets[sheet.name]
            rank = ranks.get(code, (2, 0))
            if code in rules:
                rule = rules[code]
                cell = sheet_data.cell(rule.target, row)
                if (number, code, cell) in seen:
                    continue
                seen.add((number, code, cell))
                problem = make_problem(
                    code, file, sheet=sheet.name, cell=cell,
                    column=sheet.column(rule.target).header,
                    value=cells.at(rule.target, position), expected=rule.expected,
                    detail=rule.detail(frame, index))
            else:
                if code not in CATALOGUE:
                    code = "not-in-vocabulary"
                column = sheet.column(str(column_key))
                cell = sheet_data.cell(column.key, row)
                if (number, code, cell) in seen:
                    continue
                seen.add((number, code, cell))
                problem = _cell_problem(code, column, cells.at(column.key, position), cell,
                                        sheet.name, file, tracker, singles[number])
            found[number].append((order(problem), rank, problem))
    for number, these in enumerate(found):
        kept = {id(p) for p in _formula_errors_alone([p for _, _, p in these])}
        if len(kept) < len(these):
            found[number] = [item for item in these if id(item[2]) in kept]
    # Problems at one cell in a fixed order: the rules first, then the column's checks in order.
    return [[(key, p) for key, _, p in sorted(these, key=lambda item: item[:2])]
            for these in found]


def _reading_order(tracker: Tracker) -> Callable[[Problem], tuple]:
    """Sort key putting problems in the order a person reads the workbook: sheet, row, column."""
    sheets = {name: i for i, name in enumerate([tracker.about_sheet,
                                                 *(s.name for s in tracker.sheets)])}

    def key(problem: Problem) -> tuple:
        ref = problem.cell.partition("!")[2]
        letters = ref.rstrip("0123456789:")
        digits = ref[len(letters):].split(":")[0]
        return (sheets.get(problem.sheet, -1), int(digits) if digits.isdigit() else 0,
                len(letters), letters)

    return key


def validate_return(path: Path | str, trackers: Sequence[Tracker] | None = None) -> FileReport:
    """Validate one returned workbook against its tracker's schemas; never raises for bad input."""
    path = Path(path)
    try:
        data = read_return(path, trackers or known_trackers())
    except UnreadableReturn as exc:
        return unreadable_report(path, exc)
    return report_for(data, path)


def unreadable_report(path: Path, exc: UnreadableReturn) -> FileReport:
    """The report of a file that could not be read as a return: its one problem."""
    return FileReport(path, [_read_problem(exc.problem, str(path))])


def report_for(data: ReturnData, path: Path) -> FileReport:
    """Validate what was read from a return (from a file, or from values a workbook holds)."""
    return reports_for([(data, Path(path))])[0]


@dataclass
class Batch:
    """Returns of one shape validated together, as consolidation may take them on.

    ``frames`` holds each table sheet of every return (index: ``row_key(number, row)``, the
    number being the return's position in ``reports``), ``context`` the period ends and working
    memory the checks used, ``reports`` each return's FileReport.
    """

    reports: list[FileReport]
    frames: dict[str, pd.DataFrame]
    context: Context


BatchHook = Callable[[Batch], None]


def reports_for(items: Sequence[tuple[ReturnData, Path]],
                on_batch: BatchHook | None = None) -> list[FileReport]:
    """Validate what was read from many returns, returns of the same shape in one batch.

    ``on_batch`` is called with each batch once validated, while its frames are at hand.
    """
    groups: dict[tuple, list[int]] = {}
    for i, (data, _) in enumerate(items):
        groups.setdefault(_shape(data), []).append(i)
    reports: list[FileReport | None] = [None] * len(items)
    for members in groups.values():
        try:
            batches = [_validate_batch([items[i] for i in members])]
        except _OneByOne:
            batches = [_validate_batch([items[i]]) for i in members]
        found = [r for b in batches for r in b.reports]
        for batch in batches:
            if on_batch:
                on_batch(batch)
        for i, report in zip(members, found, strict=True):
            reports[i] = report
    return [r for r in reports if r is not None]


def _validate_batch(items: Sequence[tuple[ReturnData, Path]]) -> Batch:
    batch = [data for data, _ in items]
    files = [str(path) for _, path in items]
    alone = len(items) == 1
    about = _about_problems(batch, files, alone)
    period_ends = [_period_end(data) for data in batch]
    frames = {name: _batch_frame([data.sheets[name] for data in batch])
              for name in batch[0].sheets}
    context = Context(None, frames, tuple(period_ends))
    tables = _table_problems(batch, files, context, alone)
    reports = []
    for (data, path), file, about_problems, table_problems, period_end in zip(
            items, files, about, tables, period_ends, strict=True):
        order = _reading_order(data.tracker)
        first = [_read_problem(p, file) for p in data.problems] + about_problems
        keyed = [(order(p), p) for p in first] + table_problems
        keyed.sort(key=lambda item: item[0])  # stable: reading order, as found within a cell
        problems = [p for _, p in keyed]
        period = read_date(data.about.get("period")).last
        region = data.about.get("region") or _region_by_name(data, path)
        reports.append(FileReport(path, problems, data, str(region) if region else None,
                                  period.label if period else None, period_end))
    return Batch(reports, frames, context)


def _region_by_name(data: ReturnData, path: Path | str) -> str | None:
    """A tracker declaring no region field (an adopted one, say) names each return's region
    by its file name: ``north.xlsx`` is North's."""
    if any(f.key == "region" for f in data.tracker.about):
        return None
    return Path(path).stem.replace("_", " ")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a batch run, as it was afterwards.

    Reading and checking returns makes millions of short-lived lists and values and no cycles
    to speak of; the collector's full passes over them cost about a tenth of the run.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_each(paths: Iterable[Path | str], trackers: Sequence[Tracker]
               ) -> Iterator[tuple[Path, ReturnData | UnreadableReturn]]:
    """Each path with what was read from it: its ReturnData, or why it could not be read.

    Files are guarded and scanned ahead (``pcxl.excel.precheck``), on the other core when
    there are enough of them, which then also parses every other file's sheets.
    """
    for path, checked in prechecked([Path(p) for p in paths], sheets_read(trackers)):
        try:
            data = read_return(path, trackers, checked)
            if data.tracker.recognise == "layout":
                data.problems += dropdown_drift(path, data.tracker, data.sheets)
            yield path, data
        except UnreadableReturn as exc:
            yield path, exc


def validate_paths(paths: Iterable[Path | str], trackers: Sequence[Tracker] | None = None,
                   progress: Callable[[Path], None] | None = None,
                   batch: int = BATCH_FILES, rows: int = BATCH_ROWS,
                   on_batch: BatchHook | None = None) -> Iterator[list[FileReport]]:
    """Validate returns in batches; yields each batch's FileReports, in file order.

    A batch closes at ``batch`` returns or once its table sheets hold ``rows`` rows, so memory
    holds one batch's raw values whatever the number of files. ``progress`` is called with each
    path as soon as it has been read; ``on_batch`` with each group of returns validated together
    (see ``Batch``), before their FileReports are yielded.
    """
    known = trackers or known_trackers()
    pending: list[tuple[Path, ReturnData | UnreadableReturn]] = []
    held = 0

    def flush() -> list[FileReport]:
        readable = [(data, path) for path, data in pending if isinstance(data, ReturnData)]
        validated = iter(reports_for(readable, on_batch))
        done = [next(validated) if isinstance(data, ReturnData) else unreadable_report(path, data)
                for path, data in pending]
        pending.clear()
        return done

    for path, data in _read_each(paths, known):
        pending.append((path, data))
        if isinstance(data, ReturnData):
            held += sum(len(s) for s in data.sheets.values())
        if progress:
            progress(path)
        if len(pending) >= batch or held >= rows:
            yield flush()
            held = 0
    if pending:
        yield flush()
