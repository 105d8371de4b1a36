"""Consolidate validated returns: one frame per sheet across regions, with provenance.

Only returns without errors are consolidated; each of their values is normalised the way the
declaration says (vocabulary words to the declared spelling, dates to due date + precision +
label + the text as written, references to the referenced sheet's spelling). Two returns from
the same region for the same period: the later one is used and the other is marked superseded,
with a warning.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from pcxl.dataset import RETURNS_COLUMNS, Dataset, empty_frame, sheet_keys
from pcxl.dates import as_written, read_date
from pcxl.declaration import Column, Sheet, Tracker, known_trackers
from pcxl.validate.problems import make_problem
from pcxl.validate.report import FileReport, ValidationReport
from pcxl.validate.run import BATCH_ROWS, Batch, find_returns, gc_paused, validate_paths
from pcxl.validate.schema import (
    ROW_SPAN,
    Context,
    distinct_map,
    factorize,
    map_values,
    normaliser,
)
from pcxl.vocab import fold

FILE_KEY = "_file"  # a normalised batch frame's column naming each row's file (dropped at the end)
# Returns validated together by ``consolidate_paths``. The last batch is validated after the
# last return is read, while the worker reading ahead has nothing left to do, so it is kept
# small: at N=1,000 a batch of all the returns took 0.8 s of CPU there, batches of 250 0.4 s
# (most of it then assembling the datasets), at a cost of a few milliseconds a batch.
CONSOLIDATE_BATCH = 250


class _Spellings:
    """How each return's referenced column spells its values: (return, folded value) -> value.

    Kept as integer keys (return number * width + name id) so that a batch's rows are looked up
    in one vectorised step; the last spelling of a name in a return wins.
    """

    def __init__(self, values: np.ndarray, numbers: np.ndarray):
        folded = distinct_map(values, lambda v: fold(str(v)), None)
        named = pd.notna(folded)
        self.names = {n: i for i, n in enumerate(dict.fromkeys(folded[named].tolist()))}
        self.width = len(self.names) + 1
        ids = distinct_map(folded[named], self.names.__getitem__, -1).astype("int64")
        spelled = pd.Series(values[named], index=numbers[named] * self.width + ids)
        spelled = spelled[~spelled.index.duplicated(keep="last")]
        self.keys, self.values = spelled.index, spelled.to_numpy(dtype=object)

    def respell(self, raw: np.ndarray, numbers: np.ndarray, memo: dict | None = None
                ) -> np.ndarray:
        """Each non-blank value as its return's referenced column spells it (else as it is)."""
        folded = distinct_map(raw, lambda v: fold(str(v)) if v else None, None, memo)
        ids = distinct_map(folded, lambda f: self.names.get(f, -1), -1).astype("int64")
        at = np.where(ids >= 0, self.keys.get_indexer(numbers * self.width + ids), -1)
        out = raw.copy()
        found = at >= 0
        out[found] = self.values[at[found]]
        return out


def _normalise_column(column: Column, values: pd.Series, tracker: Tracker, context: Context,
                      spellings: Callable[[str, str], _Spellings],
                      out: dict[str, pd.Series]) -> None:
    """The consolidated column(s) of one declared column, for the rows of a batch of returns."""
    raw = values.to_numpy(dtype=object)
    index = values.index
    if column.vocab:
        normalise = normaliser(tracker.vocabulary(column.vocab))
        # Blanks become NaN, as ``Series.map`` of ``Vocabulary.normalise`` gives them.
        out[column.key] = pd.Series(distinct_map(raw, normalise, np.nan, context.memo), index,
                                    dtype=object)
    elif column.references:
        numbers = index.to_numpy() // ROW_SPAN
        # typed by ``_typed`` once the rows kept are known
        out[column.key] = pd.Series(
            spellings(*column.references).respell(raw, numbers, context.memo), index,
            dtype=object)
    elif column.is_date:
        which = column.pick

        def parts(value: object, reference) -> tuple:
            reading = read_date(value, reference)
            picked = reading.pick(which)
            written = as_written(value, picked)
            if picked:
                return picked.end, picked.precision, picked.label, written
            return None, None, "TBC" if reading.to_be_confirmed else None, written

        ends, precisions, labels, written = _columns_of(values, context, parts, 4)
        out[column.key] = pd.Series(ends, index, dtype=object)
        out[f"{column.key}_precision"] = pd.Series(precisions, index, dtype=object)
        out[f"{column.key}_label"] = pd.Series(labels, index, dtype=object)
        out[f"{column.key}_written"] = pd.Series(written, index, dtype=object)
    else:
        out[column.key] = pd.Series(raw, index, dtype=object)


def _columns_of(values: pd.Series, context: Context, fn: Callable[[object, object], tuple],
                width: int) -> list[np.ndarray]:
    """``fn(value, period end)`` (a ``width``-tuple, all None for blanks) as ``width`` columns,
    worked out once per distinct value and period end."""
    raw = values.to_numpy(dtype=object)
    refs, ref_codes = context.references(values.index)
    codes, uniques, mixed = factorize(raw, context.memo)
    if ref_codes is None and not mixed:
        tables = [np.empty(len(uniques) + 1, dtype=object) for _ in range(width)]
        for i, u in enumerate(uniques):
            for table, part in zip(tables, fn(u, refs[0]), strict=True):
                table[i] = part
        for table in tables:
            table[-1] = None  # code -1: blank
        return [table[codes] for table in tables]
    cells = map_values(values, context, fn, (None,) * width)
    return [np.array([c[k] for c in cells], dtype=object) for k in range(width)]


def _as_mapped(values: np.ndarray, starts: np.ndarray) -> pd.Series:
    """``values`` typed as ``Series.map`` types each return's part, the parts concatenated.

    ``starts`` are the positions where each return's part begins. pandas makes a part text
    (``str``, blanks NaN) when it holds text and only text, else ``object``; text parts next
    to object ones keep their NaN.
    """
    if len(values) == 0:
        return pd.Series(values, dtype=object)
    filled = pd.notna(values)
    if pd.api.types.infer_dtype(values, skipna=True) == "string" and \
            np.add.reduceat(filled, starts).all():
        return pd.Series(values)  # every part text: the text dtype
    values = values.copy()
    for start, stop in itertools.pairwise([*starts.tolist(), len(values)]):
        part = values[start:stop]
        kept = part[filled[start:stop]]
        if len(kept) and all(isinstance(v, str) for v in kept):
            values[start:stop] = [v if isinstance(v, str) else np.nan for v in part]
    return pd.Series(values, dtype=object)


def _as_repeated(values: np.ndarray) -> pd.Series:
    """``values`` (one per return, repeated) typed as concatenated ``Series(value)``s are."""
    series = pd.Series(values)
    if series.dtype != object and pd.isna(values).any():  # a return without the value
        return pd.Series(values, dtype=object)
    return series


def _typed(frame: pd.DataFrame, sheet: Sheet, files: np.ndarray) -> pd.DataFrame:
    """The columns pandas would have typed, had each return been normalised on its own and the
    frames concatenated: references by ``_as_mapped``, region and provenance as one value each.

    ``files`` names each row's return; a return's rows are together.
    """
    if frame.empty:
        return frame
    starts = np.flatnonzero(np.r_[True, files[1:] != files[:-1]])
    typed = {c.key: _as_mapped(frame[c.key].to_numpy(dtype=object), starts)
             for c in sheet.columns if c.references}
    typed.update({key: _as_repeated(frame[key].to_numpy(dtype=object))
                  for key in ("region", "source_file", "source_sheet")})
    for key, series in typed.items():
        frame[key] = series.set_axis(frame.index)
    return frame


def _normalise_frames(tracker: Tracker, frames: dict[str, pd.DataFrame], context: Context,
                      reports: Sequence[FileReport], keep: np.ndarray | None = None
                      ) -> dict[str, pd.DataFrame]:
    """The consolidated rows of ``frames``: raw values of a batch of returns by sheet, indexed
    by row key, the return numbers being positions in ``reports``; only the rows of the
    returns ``keep`` marks, when given.

    Each column is worked out in one pass over the batch: each distinct value is normalised
    once (dates once per period end). References, region and provenance come out as plain
    objects (see ``_typed``); each frame gets a ``_file`` column: the row's return number.
    """
    regions = np.array([r.region for r in reports], dtype=object)
    names = np.array([r.path.name for r in reports], dtype=object)
    known: dict[tuple[str, str], _Spellings] = {}

    def spellings(sheet: str, key: str) -> _Spellings:
        """How each return's ``sheet.key`` spells its values."""
        if (sheet, key) not in known:
            ref = frames.get(sheet)
            if ref is None or key not in ref:
                known[(sheet, key)] = _Spellings(np.empty(0, dtype=object),
                                                 np.empty(0, dtype="int64"))
            else:
                known[(sheet, key)] = _Spellings(ref[key].to_numpy(dtype=object),
                                                 ref.index.to_numpy() // ROW_SPAN)
        return known[(sheet, key)]

    out_frames: dict[str, pd.DataFrame] = {}
    for sheet in tracker.sheets:
        frame = frames.get(sheet.name)
        if frame is None or frame.empty:
            out_frames[sheet.name] = _with_file(empty_frame(sheet), [])
            continue
        index = frame.index
        numbers, rows = np.divmod(index.to_numpy(), ROW_SPAN)
        out: dict[str, pd.Series] = {"region": pd.Series(regions[numbers], index, dtype=object)}
        for column in sheet.columns:
            values = (frame[column.key] if column.key in frame
                      else pd.Series(None, index=index, dtype=object))
            _normalise_column(column, values, tracker, context, spellings, out)
        out["source_file"] = pd.Series(names[numbers], index, dtype=object)
        out["source_sheet"] = pd.Series(sheet.name, index=index, dtype=object)
        out["source_row"] = pd.Series(rows, index=index)
        rows_kept = None if keep is None else keep[numbers]
        if rows_kept is not None and rows_kept.all():
            rows_kept = None
        columns = {}
        for key in sheet_keys(sheet):
            values = out[key].to_numpy()
            if rows_kept is not None:
                values = values[rows_kept]
            # object stays object: no text dtype inferred here (see ``_typed``)
            columns[key] = pd.Series(values, dtype=values.dtype, copy=False)
        out_frames[sheet.name] = _with_file(
            pd.DataFrame(columns), numbers if rows_kept is None else numbers[rows_kept])
    return out_frames


def _frames_of(reports: Sequence[FileReport]) -> tuple[dict[str, pd.DataFrame], Context]:
    """What was read from ``reports`` as batch frames (index: row key) and their context."""
    for report in reports:
        if report.data is None:
            raise ValueError(f"{report.path} was not read")
    frames = {}
    for sheet in reports[0].data.tracker.sheets:
        present = [(n, r.data.sheets[sheet.name]) for n, r in enumerate(reports)
                   if sheet.name in r.data.sheets and len(r.data.sheets[sheet.name])]
        if not present:
            continue
        index = np.concatenate([np.asarray(s.rows, dtype="int64") + n * ROW_SPAN
                                for n, s in present])
        frames[sheet.name] = pd.DataFrame(
            {c.key: list(chain.from_iterable(s.columns.get(c.key) or [None] * len(s)
                                             for _, s in present)) for c in sheet.columns},
            index=pd.Index(index, dtype="int64"), dtype=object)
    return frames, Context(None, frames, tuple(r.period_end for r in reports))


def normalise_returns(reports: Sequence[FileReport]) -> dict[str, pd.DataFrame]:
    """The consolidated frames of many valid returns of one tracker, rows in file order.

    The same frames as ``normalise_return`` of each, concatenated, worked out in one pass per
    column. Each frame also has a ``_file`` column: the position in ``reports`` of the return
    each row came from.
    """
    tracker = reports[0].data.tracker if reports and reports[0].data else None
    frames, context = _frames_of(reports)
    normalised = _normalise_frames(tracker, frames, context, reports)
    return {name: _typed(frame, tracker.sheet(name), frame[FILE_KEY].to_numpy())
            for name, frame in normalised.items()}


def _with_file(frame: pd.DataFrame, numbers: Sequence[int] | np.ndarray) -> pd.DataFrame:
    frame[FILE_KEY] = np.asarray(numbers, dtype="int64")
    return frame


def normalise_return(report: FileReport) -> dict[str, pd.DataFrame]:
    """The consolidated frames of one valid return (see ``pcxl.dataset`` for the columns)."""
    data = report.data
    if data is None:
        raise ValueError(f"{report.path} was not read")
    frames = normalise_returns([report])
    return {s.name: (frames[s.name].drop(columns=FILE_KEY)
                     if s.name in data.sheets and len(data.sheets[s.name]) else empty_frame(s))
            for s in data.tracker.sheets}


def _day(value: object) -> object:
    """A date as typed (``24/08/2020``) as a real date, so Excel shows and sorts it as one;
    anything that is not one day is kept as it was."""
    reading = read_date(value)
    one = reading.dates[0] if reading.ok and len(reading.dates) == 1 else None
    return one.start if one is not None and one.precision == "day" else value


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


class _Normalised:
    """Normalised rows of valid returns, batch by batch, to be put together once duplicates are
    known: frames per sheet whose ``_file`` column numbers each row's return in its batch."""

    def __init__(self, tracker: Tracker):
        self.tracker = tracker
        # per batch: its frames, its reports, and the sheets each report left empty
        self.parts: list[tuple[dict[str, pd.DataFrame], list[FileReport], list[set[str]]]] = []

    def add_batch(self, frames: dict[str, pd.DataFrame], context: Context,
                  reports: Sequence[FileReport]) -> None:
        """Normalise a validated batch (see ``pcxl.validate.run.Batch``): its valid returns'
        rows are the ones that may be kept."""
        if not any(r.valid for r in reports):
            return
        empty = [{s.name for s in self.tracker.sheets
                  if len(r.data.sheets.get(s.name) or ()) == 0} for r in reports]
        valid = np.array([r.valid for r in reports], dtype=bool)
        self.parts.append((_normalise_frames(self.tracker, frames, context, reports, valid),
                           list(reports), empty))

    def add(self, reports: Sequence[FileReport]) -> None:
        """Normalise returns from what was read from them."""
        if reports:
            self.add_batch(*_frames_of(reports), reports)

    def frames(self, positions: dict[int, int], accepted: set[int]) -> dict[str, pd.DataFrame]:
        """The consolidated frame of each sheet: the accepted files' rows, in file order.

        ``positions`` maps ``id(report)`` to its position in the report; ``accepted`` holds
        the positions of the files consolidated.
        """
        frames = {}
        for sheet in self.tracker.sheets:
            parts, files, empty = [], [], False
            for normalised, reports, empties in self.parts:
                where = np.array([positions[id(r)] for r in reports], dtype="int64")
                taken = np.isin(where, np.fromiter(accepted, "int64", len(accepted)))
                empty = empty or any(sheet.name in e
                                     for e, t in zip(empties, taken, strict=True) if t)
                frame = normalised[sheet.name]
                keep = taken[frame[FILE_KEY].to_numpy()]
                if keep.any():
                    part = frame if keep.all() else frame[keep]
                    files.append(where[part[FILE_KEY].to_numpy()])
                    parts.append(part.drop(columns=FILE_KEY))
            if not parts:
                frames[sheet.name] = empty_frame(sheet)
                continue
            frame = _typed(pd.concat(parts, ignore_index=True) if len(parts) > 1
                           else parts[0].reset_index(drop=True), sheet, np.concatenate(files))
            if empty:  # as concatenating each return's frame, empty ones included, would type it
                frame = pd.concat([frame, empty_frame(sheet)], ignore_index=True)
            frames[sheet.name] = frame
        return frames


def consolidate(report: ValidationReport, tracker: Tracker) -> Dataset:
    """The Dataset of every valid return of ``tracker`` in ``report``.

    Adds a ``duplicate-return`` warning to each superseded return's FileReport, so the
    Validation sheet and the console say which file was used instead.
    """
    normalised = _Normalised(tracker)
    batch: list[FileReport] = []
    held = 0
    for f in report.files:
        if f.valid and f.tracker == tracker.name:
            batch.append(f)
            held += sum(len(s) for s in f.data.sheets.values())
            if held >= BATCH_ROWS:
                normalised.add(batch)
                batch, held = [], 0
    normalised.add(batch)
    return _dataset(report, tracker, normalised)


def _dataset(report: ValidationReport, tracker: Tracker, normalised: _Normalised) -> Dataset:
    """Mark duplicates, list every return and put the accepted ones' rows together."""
    indexed = [(i, f) for i, f in enumerate(report.files) if f.tracker in (None, tracker.name)]
    files = [f for _, f in indexed]
    superseded = mark_duplicates(files)
    for i, replacement in superseded.items():
        f = files[i]
        f.problems.append(make_problem(
            "duplicate-return", str(f.path), sheet=tracker.about_sheet,
            detail=f"another return for {f.region}, {f.period} was received ({replacement}); "
                   "that later one is used and this one is left out"))
    shared: list[dict[str, object]] = []
    accepted: set[int] = set()
    rows = []
    for i, (position, f) in enumerate(indexed):
        outcome = _outcome(f, superseded, i)
        about = f.data.about if f.data else {}
        rows.append({"region": f.region, "programme": about.get("programme"),
                     "period": f.period, "period_end": f.period_end,
                     "submitted_by": about.get("submitted_by"),
                     "submitted_on": _day(about.get("submitted_on")), "file": f.path.name,
                     "tracker": f.tracker, "version": f.data.version if f.data else None,
                     "outcome": outcome, "errors": len(f.errors), "warnings": len(f.warnings)})
        if outcome == "accepted":
            shared.append(about)
            accepted.add(position)
    frames = normalised.frames({id(f): i for i, f in enumerate(report.files)}, accepted)
    returns = pd.DataFrame(rows, columns=list(RETURNS_COLUMNS))
    accepted_rows = returns[returns["outcome"] == "accepted"]
    about = {field.key: _most_common(pd.Series([a.get(field.key) for a in shared], dtype=object))
             for field in tracker.about}
    return Dataset(tracker, frames, returns, period=_most_common(accepted_rows["period"]),
                   programme=_most_common(accepted_rows["programme"]),
                   about={k: v for k, v in about.items() if v})


def _most_common(values: pd.Series) -> str:
    counts = Counter(v for v in values if isinstance(v, str) and v)
    return counts.most_common(1)[0][0] if counts else ""


def consolidate_paths(paths: Iterable[Path | str], trackers: Sequence[Tracker] | None = None,
                      progress: Callable[[Path], None] | None = None
                      ) -> tuple[ValidationReport, dict[str, Dataset]]:
    """Validate returns (folders expanded) and consolidate each tracker found, in one pass.

    What ``pipeline.validate`` then ``consolidate`` per tracker give, but each batch of valid
    returns is normalised as soon as it is validated and its raw values let go: memory holds
    one batch of raw values plus the consolidated rows, whatever the number of files. The
    FileReports keep their About values, so their ``data.sheets`` are empty afterwards.
    """
    trackers = trackers or known_trackers()
    report = ValidationReport()
    normalised = {t.name: _Normalised(t) for t in trackers}

    def consolidate_batch(batch: Batch) -> None:
        name = batch.reports[0].tracker
        if name in normalised:
            normalised[name].add_batch(batch.frames, batch.context, batch.reports)

    with gc_paused():
        for reports in validate_paths(find_returns(paths), trackers, progress,
                                      batch=CONSOLIDATE_BATCH, on_batch=consolidate_batch):
            report.files.extend(reports)
            for f in reports:
                if f.data is not None:
                    f.data = replace(f.data, sheets={})
        found = [t for t in trackers if any(f.tracker == t.name for f in report.files)]
        return report, {t.name: _dataset(report, t, normalised[t.name]) for t in found}
