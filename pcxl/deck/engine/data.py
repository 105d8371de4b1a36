"""The data a layout's fields read: About values, slide groups and the records of each sheet.

A ``Scope`` maps a field name to its ``Value`` (the stored value, the date as typed, its declared
column). Records come from the consolidated frames (``pcxl.dataset``), filtered, sorted and
joined to the slide's group: on a slide per workstream, ``{% each Milestones %}`` takes the
milestones of that workstream (the same column, or a column that references the group's sheet).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.deck.engine.derived import derived_columns, derived_values
from pcxl.deck.engine.lang import AS_TYPED, Condition, Each, Field, format_date, format_number
from pcxl.declaration import Column, Sheet, Tracker
from pcxl.vocab import Vocabulary, fold

BUILT_INS = ("programme", "period", "report", "area", "cont")
REGION = Column("region", "Region")


@dataclass(frozen=True)
class Value:
    value: object
    label: str | None = None  # a date as the team typed it
    column: Column | None = None


Scope = dict[str, Value]
Join = dict[str, object]  # column -> the slide group's value


def empty(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value)) or (
        value is pd.NaT)


def columns(tracker: Tracker, sheet: str) -> dict[str, Column]:
    """A sheet's fields: ``region``, every declared column and the derived fields
    (``pcxl.deck.engine.derived``)."""
    declared = tracker.sheet(sheet)
    return {"region": REGION, **derived_columns(tracker, declared),
            **{c.key: c for c in declared.columns}}


def about_scope(dataset: Dataset, area: str) -> Scope:
    """The fields every slide may use: the built-ins and the About values."""
    scope: Scope = {c.key: Value(dataset.about.get(c.key), None, c) for c in dataset.tracker.about}
    # the programme, else the tracker's title (as the built-in formats title their cover)
    scope.update({"programme": Value(dataset.programme or dataset.tracker.title),
                  "period": _period(dataset),
                  "report": Value(dataset.tracker.title), "area": Value(area),
                  "cont": Value("")})
    return scope


def _period(dataset: Dataset) -> Value:
    """The reporting period: as the returns wrote it, and as a date (its end) when the returns
    agree on one, so ``{{ period | dd/mm/yyyy }}`` works."""
    ends: set = set()
    if "period_end" in dataset.returns and len(dataset.returns):
        accepted = dataset.returns[dataset.returns["outcome"] == "accepted"]
        ends = {pd.Timestamp(v).date() for v in accepted["period_end"] if not empty(v)}
    column = next((c for c in dataset.tracker.about if c.key == "period"), None)
    if len(ends) == 1:
        return Value(ends.pop(), dataset.period or None, column)
    return Value(dataset.period, None, column)


def record_scope(sheet: Sheet, row: pd.Series, dataset: Dataset | None = None) -> Scope:
    """A record's fields; with ``dataset``, its derived fields too (``derived``)."""
    scope: Scope = {"region": Value(row.get("region"), None, REGION)}
    if dataset is not None:
        scope |= {k: Value(v) for k, v in derived_values(dataset, sheet, row).items()}
    for c in sheet.columns:
        label = row.get(f"{c.key}_label") if c.is_date else None
        scope[c.key] = Value(row.get(c.key), None if empty(label) else str(label), c)
    return scope


def text(value: Value, fmt: str = "") -> str:
    """A value as the field's format writes it."""
    raw = value.value
    if empty(raw):
        return value.label or ""
    if isinstance(raw, pd.Timestamp):
        raw = raw.date()
    column = value.column
    if isinstance(raw, dt.date) and (not fmt or fmt == AS_TYPED) and value.label:
        return value.label
    if isinstance(raw, dt.date):
        return format_date(raw, fmt if fmt and fmt != AS_TYPED else "dd/mm/yy")
    if fmt and fmt != AS_TYPED and not any(t in fmt for t in "dmMy"):
        try:
            return format_number(float(str(raw)), fmt)
        except ValueError:
            return str(raw)
    if isinstance(raw, float) and raw.is_integer() and (column is None or column.type != "number"):
        return str(int(raw))
    return str(raw)


def fill_of(tracker: Tracker, value: Value) -> str | None:
    """The vocabulary colour of a value's word (None for blanks and unknown words)."""
    column = value.column
    if column is None or not column.vocab or empty(value.value):
        return None
    return _colour(tracker.vocabulary(column.vocab), str(value.value))


@lru_cache(maxsize=4096)
def _colour(vocabulary: Vocabulary, word: str) -> str | None:
    return vocabulary.colour(word)


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return fold(text)


def _fold(value: object) -> str:
    """A value folded for comparing (case and spacing ignored), each distinct text once."""
    return _folded(str(value))


def field_text(scope: Scope, item: Field) -> str:
    return text(scope[item.name], item.format)


# --- Records ---------------------------------------------------------------------------------


def _matches(frame: pd.DataFrame, condition: Condition) -> pd.Series:
    values = frame[condition.key] if condition.key in frame else pd.Series(None, frame.index)
    blank = values.map(empty)
    if not condition.values:
        hit = blank
    else:
        wanted = {fold(v) for v in condition.values}
        hit = values.map(lambda v: not empty(v) and _fold(v) in wanted)
    return ~hit if condition.negate else hit


def joined(tracker: Tracker, sheet: str, frame: pd.DataFrame, join: Join) -> pd.DataFrame:
    """The rows of ``frame`` that belong to the slide group ``join`` (same column, or one that
    references the group's sheet)."""
    for key, value in join.items():
        column = next((c.key for c in tracker.sheet(sheet).columns
                       if c.key == key or (c.references and c.references[1] == key)), None)
        if key == "region":
            column = "region"
        if column is not None and column in frame:
            wanted = _fold(value)
            frame = frame[frame[column].map(lambda v, wanted=wanted: _fold(v) == wanted)]
    return frame


def _sort_key(value: object) -> tuple:
    if empty(value):
        return (1, 0, "")
    if isinstance(value, (int, float)):
        return (0, 0, float(value))
    if isinstance(value, (dt.date, pd.Timestamp)):
        return (0, 1, pd.Timestamp(value).value)
    return (0, 2, _fold(value))


def records(dataset: Dataset, each: Each, join: Join) -> pd.DataFrame:
    """The records ``each`` repeats over, in its order, within the slide group ``join``."""
    frame = dataset.frames.get(each.sheet)
    if frame is None:
        return pd.DataFrame()
    frame = joined(dataset.tracker, each.sheet, frame, join)
    for condition in each.where:
        frame = frame[_matches(frame, condition)]
    if each.distinct:
        frame = _distinct(dataset.tracker.sheet(each.sheet), frame)
    for key, descending in reversed(each.sort):
        if key not in frame:
            continue  # a derived field: records keep their order
        order = sorted(range(len(frame)), key=lambda i, k=key: _sort_key(frame[k].iloc[i]),
                       reverse=descending)
        frame = frame.iloc[order]
    return frame


def _distinct(sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """Records alike in every declared column, once, in the order first seen; ``region``
    names every region that gives it ("West Sussex, East Sussex")."""
    keys = [c.key for c in sheet.columns if c.key in frame]
    if frame.empty or not keys or "region" not in frame:
        return frame
    alike = pd.Series(["\x1f".join(map(str, row)) for row in frame[keys].itertuples(index=False)],
                      index=frame.index)
    regions = frame.groupby(alike, sort=False)["region"].agg(
        lambda r: ", ".join(dict.fromkeys(str(v) for v in r)))
    first = ~alike.duplicated()
    kept = frame[first].copy()
    kept["region"] = alike[first].map(regions)
    return kept


def scopes(dataset: Dataset, each: Each, join: Join, outer: Scope) -> Iterator[Scope]:
    """One scope per record: the record's fields over ``outer``."""
    sheet = dataset.tracker.sheet(each.sheet)
    for _, row in records(dataset, each, join).iterrows():
        yield {**outer, **record_scope(sheet, row, dataset)}


def distinct(tracker: Tracker, sheet: str, key: str, values: list[object]) -> list[object]:
    """The distinct non-blank values of a column: in vocabulary order, else as first seen."""
    seen = list(dict.fromkeys(v for v in values if not empty(v)))
    column = columns(tracker, sheet).get(key)
    if column is not None and column.vocab:
        words = tracker.vocabulary(column.vocab).words
        return sorted(seen, key=lambda v: words.index(v) if v in words else len(words))
    return seen


# --- Groups ------------------------------------------------------------------------------------


def group_fields(tracker: Tracker, sheet: str, keys: tuple[str, ...]) -> dict[str, Column]:
    """The fields a group heading may use: its keys, and the fields of any sheet a key
    references (grouping milestones by section brings the section's title)."""
    known = columns(tracker, sheet)
    found: dict[str, Column] = {}
    for key in keys:
        column = known[key]
        if column.references:
            found |= columns(tracker, column.references[0])
    return found | {k: known[k] for k in keys}


def group_values(tracker: Tracker, sheet: str, frame: pd.DataFrame,
                 keys: tuple[str, ...]) -> list[tuple]:
    """The distinct values of ``keys`` in ``frame``: one key in vocabulary (or first-seen)
    order, several in the order first seen."""
    if frame.empty or any(k not in frame for k in keys):
        return []
    if len(keys) == 1:
        return [(v,) for v in distinct(tracker, sheet, keys[0], list(frame[keys[0]]))]
    rows = zip(*(frame[k] for k in keys), strict=True)
    return list(dict.fromkeys(r for r in rows if not all(empty(v) for v in r)))


def in_group(frame: pd.DataFrame, keys: tuple[str, ...], values: tuple) -> pd.DataFrame:
    hit = pd.Series(True, index=frame.index)
    for key, value in zip(keys, values, strict=True):
        hit &= frame[key].map(lambda v, value=value: v == value or (empty(v) and empty(value)))
    return frame[hit]


def group_scope(dataset: Dataset, sheet: str, keys: tuple[str, ...], values: tuple,
                outer: Scope) -> Scope:
    """A group heading's fields: the group's values, and the referenced sheet's record."""
    tracker = dataset.tracker
    known = columns(tracker, sheet)
    scope = dict(outer)
    mine = dict(zip(keys, values, strict=True))
    for key, value in mine.items():
        column = known[key]
        if not column.references:
            continue
        ref_sheet, ref_key = column.references
        frame = dataset.frames.get(ref_sheet)
        if frame is None:
            continue
        match = frame[frame[ref_key].map(lambda v, value=value: _fold(v) == _fold(value))]
        if "region" in mine and "region" in match:
            match = match[match["region"] == mine["region"]] if (
                (match["region"] == mine["region"]).any()) else match
        if len(match):
            scope |= record_scope(tracker.sheet(ref_sheet), match.iloc[0], dataset)
    scope |= {k: Value(v, None, known[k]) for k, v in mine.items()}
    return scope
