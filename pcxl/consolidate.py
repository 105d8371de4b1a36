"""Consolidate validated returns: one frame per sheet across regions, with provenance.

Only returns without errors are consolidated; each of their values is normalised the way the
declaration says (vocabulary words to the declared spelling, dates to due date + precision +
label, references to the referenced sheet's spelling). Two returns from the same region for the
same period: the later one is used and the other is marked superseded, with a warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from pcxl.dataset import RETURNS_COLUMNS, Dataset, empty_frame, sheet_keys
from pcxl.dates import read_date
from pcxl.declaration import Column, Tracker
from pcxl.excel.read import ReturnData
from pcxl.validate.problems import make_problem
from pcxl.validate.report import FileReport, ValidationReport
from pcxl.validate.schema import readings
from pcxl.vocab import fold


def _normalise_column(column: Column, values: pd.Series, data: ReturnData,
                      period_end, out: dict[str, pd.Series]) -> None:
    tracker = data.tracker
    if column.vocab:
        out[column.key] = tracker.vocabulary(column.vocab).normalise_series(values)
    elif column.references:
        ref_sheet, ref_key = column.references
        ref = data.sheets.get(ref_sheet)
        spelling = ({fold(str(v)): v for v in ref.frame[ref_key].dropna()}
                    if ref is not None and ref_key in ref.frame else {})
        out[column.key] = values.map(lambda v: spelling.get(fold(str(v)), v) if v else v)
    elif column.is_date:
        cells = readings(values, period_end)
        picked = [r.pick(column.pick) if r else None for r in cells]
        index = values.index
        out[column.key] = pd.Series([p.end if p else None for p in picked], index, dtype=object)
        out[f"{column.key}_precision"] = pd.Series(
            [p.precision if p else None for p in picked], index, dtype=object)
        out[f"{column.key}_label"] = pd.Series(
            [p.label if p else ("TBC" if r and r.to_be_confirmed else None)
             for p, r in zip(picked, cells, strict=True)], index, dtype=object)
    else:
        out[column.key] = values


def normalise_return(report: FileReport) -> dict[str, pd.DataFrame]:
    """The consolidated frames of one valid return (see ``pcxl.dataset`` for the columns)."""
    data = report.data
    if data is None:
        raise ValueError(f"{report.path} was not read")
    frames: dict[str, pd.DataFrame] = {}
    for sheet in data.tracker.sheets:
        sheet_data = data.sheets.get(sheet.name)
        if sheet_data is None or sheet_data.frame.empty:
            frames[sheet.name] = empty_frame(sheet)
            continue
        raw = sheet_data.frame
        out: dict[str, pd.Series] = {"region": pd.Series(report.region, index=raw.index)}
        for column in sheet.columns:
            values = raw[column.key] if column.key in raw else pd.Series(None, index=raw.index)
            _normalise_column(column, values.astype(object), data, report.period_end, out)
        out["source_file"] = pd.Series(report.path.name, index=raw.index)
        out["source_sheet"] = pd.Series(sheet.name, index=raw.index)
        out["source_row"] = pd.Series(raw.index, index=raw.index)
        frames[sheet.name] = pd.DataFrame(out)[sheet_keys(sheet)].reset_index(drop=True)
    return frames


def _submitted_key(report: FileReport) -> tuple:
    """Sort key for 'which return came later': date submitted, then file time, then name."""
    submitted = report.data.about.get("submitted_on") if report.data else None
    reading = read_date(submitted)
    date = reading.last.end if reading.last else None
    return (date is not None, date or 0, report.path.stat().st_mtime, report.path.name)


def mark_duplicates(files: Sequence[FileReport]) -> dict[int, str]:
    """Index of each superseded return -> the file that replaces it (same region and period)."""
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(files):
        if f.valid:
            groups.setdefault((fold(f.region or ""), f.period, f.tracker), []).append(i)
    superseded: dict[int, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda i: _submitted_key(files[i]))
        for i in ordered[:-1]:
            superseded[i] = files[ordered[-1]].path.name
    return superseded


def _outcome(f: FileReport, superseded: dict[int, str], i: int) -> str:
    if not f.valid:
        return "rejected"
    return "superseded" if i in superseded else "accepted"


def consolidate(report: ValidationReport, tracker: Tracker) -> Dataset:
    """The Dataset of every valid return of ``tracker`` in ``report``.

    Adds a ``duplicate-return`` warning to each superseded return's FileReport, so the
    Validation sheet and the console say which file was used instead.
    """
    files = [f for f in report.files if f.tracker in (None, tracker.name)]
    superseded = mark_duplicates(files)
    for i, replacement in superseded.items():
        f = files[i]
        f.problems.append(make_problem(
            "duplicate-return", str(f.path), sheet=tracker.about_sheet,
            detail=f"another return for {f.region}, {f.period} was received ({replacement}); "
                   "that later one is used and this one is left out"))
    parts: dict[str, list[pd.DataFrame]] = {s.name: [] for s in tracker.sheets}
    shared: list[dict[str, object]] = []
    rows = []
    for i, f in enumerate(files):
        outcome = _outcome(f, superseded, i)
        about = f.data.about if f.data else {}
        rows.append({"region": f.region, "programme": about.get("programme"),
                     "period": f.period, "period_end": f.period_end,
                     "submitted_by": about.get("submitted_by"),
                     "submitted_on": about.get("submitted_on"), "file": f.path.name,
                     "tracker": f.tracker, "version": f.data.version if f.data else None,
                     "outcome": outcome, "errors": len(f.errors), "warnings": len(f.warnings)})
        if outcome == "accepted":
            shared.append(about)
            for name, frame in normalise_return(f).items():
                parts[name].append(frame)
    frames = {s.name: (pd.concat(parts[s.name], ignore_index=True) if parts[s.name]
                       else empty_frame(s)) for s in tracker.sheets}
    returns = pd.DataFrame(rows, columns=list(RETURNS_COLUMNS))
    accepted = returns[returns["outcome"] == "accepted"]
    about = {field.key: _most_common(pd.Series([a.get(field.key) for a in shared], dtype=object))
             for field in tracker.about}
    return Dataset(tracker, frames, returns, period=_most_common(accepted["period"]),
                   programme=_most_common(accepted["programme"]),
                   about={k: v for k, v in about.items() if v})


def _most_common(values: pd.Series) -> str:
    counts = Counter(v for v in values if isinstance(v, str) and v)
    return counts.most_common(1)[0][0] if counts else ""
