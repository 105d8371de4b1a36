"""Validate returns: read each file, run its pandera schemas lazily, locate every problem.

A bad file never raises: whatever is wrong with it becomes problems in its FileReport, so one
broken return never stops the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from pcxl.dates import DATE_FORMS, read_date
from pcxl.declaration import Column, Tracker, shipped_trackers
from pcxl.errors import InputError
from pcxl.excel.read import ReadProblem, ReturnData, UnreadableReturn, read_return
from pcxl.validate.problems import CATALOGUE, Problem, make_problem
from pcxl.validate.report import FileReport
from pcxl.validate.schema import (
    BUILTIN_CODES,
    Context,
    about_schema,
    rule_checks,
    sheet_schema,
)

RETURN_SUFFIXES = (".xlsx", ".xlsm")


def find_returns(paths: Iterable[Path | str]) -> list[Path]:
    """The workbooks named, with folders expanded to the .xlsx/.xlsm files in them (sorted).

    Excel's lock files (``~$name.xlsx``) and hidden files are skipped; a path that does not exist
    is an InputError.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file()
                                and p.suffix.lower() in RETURN_SUFFIXES
                                and not p.name.startswith(("~$", "."))))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def _failures(schema, frame: pd.DataFrame) -> pd.DataFrame:
    try:
        schema.validate(frame, lazy=True)
    except pa_errors.SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["check", "column", "index", "failure_case"])


def _read_problem(problem: ReadProblem, file: str) -> Problem:
    return make_problem(problem.code, file, sheet=problem.sheet, cell=problem.cell,
                        value=problem.value, detail=problem.detail)


def _cell_problem(code: str, column: Column, value: object, cell: str, sheet: str, file: str,
                  tracker: Tracker, context: Context) -> Problem:
    expected, detail = "", ""
    if code in ("not-in-vocabulary", "vocabulary-variant") and column.vocab:
        vocab = tracker.vocabulary(column.vocab)
        expected = ", ".join(vocab.words) if code == "not-in-vocabulary" else (
            vocab.normalise(value) or "")
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


def _table_problems(data: ReturnData, context: Context, file: str) -> list[Problem]:
    tracker = data.tracker
    problems: list[Problem] = []
    for sheet in tracker.sheets:
        sheet_data = data.sheets.get(sheet.name)
        if sheet_data is None or sheet_data.frame.empty:
            continue
        frame = sheet_data.frame
        rules = {r.code: r for r in rule_checks(tracker, sheet.name, context)}
        failures = _failures(sheet_schema(tracker, sheet, context), frame)
        seen: set[tuple[str, str]] = set()
        for check, column_key, row, value in failures[
                ["check", "column", "index", "failure_case"]].itertuples(index=False):
            code = BUILTIN_CODES.get(str(check), str(check))
            if code == "missing-column":
                continue
            if row is None or pd.isna(row):
                problems.append(make_problem("check-failed", file, sheet=sheet.name, value=code,
                                             detail=str(value)))
                continue
            row = int(row)
            if code in rules:
                rule = rules[code]
                key = (code, sheet_data.cell(rule.target, row))
                if key in seen:
                    continue
                seen.add(key)
                problems.append(make_problem(
                    code, file, sheet=sheet.name, cell=key[1],
                    column=sheet.column(rule.target).header, value=frame.at[row, rule.target],
                    expected=rule.expected, detail=rule.detail(frame, row)))
                continue
            if code not in CATALOGUE:
                code = "not-in-vocabulary"
            column = sheet.column(str(column_key))
            cell = sheet_data.cell(column.key, row)
            if (code, cell) in seen:
                continue
            seen.add((code, cell))
            problems.append(_cell_problem(code, column, frame.at[row, column.key], cell,
                                          sheet.name, file, tracker, context))
    return problems


def _about_problems(data: ReturnData, file: str) -> tuple[list[Problem], dt.date | None]:
    tracker = data.tracker
    present = [f for f in tracker.about if f.key in data.about_cells]
    frame = pd.DataFrame([{f.key: data.about[f.key] for f in present}], index=[0], dtype=object)
    failures = _failures(about_schema(tracker, present), frame)
    problems = []
    context = Context()
    for check, column_key, _row, _value in failures[
            ["check", "column", "index", "failure_case"]].itertuples(index=False):
        code = BUILTIN_CODES.get(str(check), str(check))
        if code == "missing-column" or code not in CATALOGUE:
            continue
        field = tracker.about_field(str(column_key))
        problems.append(_cell_problem(code, field, data.about[field.key],
                                      data.about_cells[field.key], tracker.about_sheet, file,
                                      tracker, context))
    period = read_date(data.about.get("period")) if "period" in data.about else None
    return problems, period.last.end if period and period.last else None


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
    file = str(path)
    try:
        data = read_return(path, trackers or shipped_trackers())
    except UnreadableReturn as exc:
        return FileReport(path, [_read_problem(exc.problem, file)])
    problems = [_read_problem(p, file) for p in data.problems]
    about_problems, period_end = _about_problems(data, file)
    problems += about_problems
    context = Context(period_end, {name: s.frame for name, s in data.sheets.items()})
    problems += _table_problems(data, context, file)
    problems.sort(key=_reading_order(data.tracker))
    period = read_date(data.about.get("period")).last
    region = data.about.get("region")
    return FileReport(path, problems, data, str(region) if region else None,
                      period.label if period else None, period_end)

