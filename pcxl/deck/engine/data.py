"""The data a layout's fields read: About values, slide groups and the records of each sheet.

A ``Scope`` maps a field name to its ``Value`` (the stored value, the date as typed, its declared
column). Records come from the consolidated frames (``pcxl.dataset``), filtered, sorted and
joined to the slide's group: on a slide per workstream, ``{% each Milestones %}`` takes the
milestones of that workstream (the same column, or a column that references the group's sheet).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from pcxl.dataset import Dataset, date_as_written
from pcxl.dates import read_date
from pcxl.deck.engine.derived import derived_columns, derived_values
from pcxl.deck.engine.lang import (
    AS_TYPED,
    UPPER,
    Condition,
    Each,
    Field,
    as_list,
    format_date,
    format_number,
)
from pcxl.declaration import Column, Sheet, Tracker
from pcxl.vocab import Vocabulary, fold

BUILT_INS = ("programme", "period", "report", "area", "cont", "number", "letter", "page", "more",
             "last_period")
REGION = Column("region", "Region")
SEVERAL = "several values"  # not a field name: the columns whose records hold several values
# A note whose last word is one of these reads before its value ("From 17/18"), else after.
BEFORE = frozenset({"from", "by", "before", "until", "till", "after", "live", "due", "starting",
                    "commencing", "beginning", "w/c"})


@dataclass(frozen=True)
class Value:
    value: object
    label: str | None = None  # a date as the team typed it
    column: Column | None = None
    day: bool = True  # False: a month or quarter, which a day format prints as typed
    typed: str | None = None  # the period as the returns wrote it, for ``| as typed``


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


def of_region(dataset: Dataset, region: str) -> Dataset:
    """``dataset`` with only the records ``region`` returned (its About values kept)."""
    frames = {name: frame[frame["region"] == region] if "region" in frame else frame
              for name, frame in dataset.frames.items()}
    return replace(dataset, frames=frames)


def about_scope(dataset: Dataset, area: str) -> Scope:
    """The fields every slide may use: the built-ins and the About values."""
    scope: Scope = position(0) | {c.key: Value(dataset.about.get(c.key), None, c)
                                  for c in dataset.tracker.about}
    # the programme, else the tracker's title (as the built-in formats title their cover)
    scope.update({"programme": Value(dataset.programme or dataset.tracker.title),
                  "period": _period(dataset),
                  "report": Value(dataset.tracker.title), "area": Value(area),
                  "cont": Value(""), "page": Value(""), "more": Value(""),
                  "last_period": Value("" if dataset.changes is None else "last period")})
    scope[SEVERAL] = Value(frozenset(k for frame in dataset.frames.values()
                                     for k in frame.columns if frame[k].nunique() > 1))
    return scope


def several(scope: Scope, name: str) -> bool:
    """Whether the records hold several values of ``name`` (several regions in the deck)."""
    found = scope.get(SEVERAL)
    return found is None or name in found.value


def with_note(value: str, note: str) -> str:
    """A value with its note, as a plan writes them: ``From 17/18``, ``Apr 2017 onwards``,
    ``a/a`` (a note alone); the note before the value when it ends in "from", "by" ...

    >>> with_note("17/18", "From"), with_note("Apr 2017", "onwards"), with_note("", "a/a")
    ('From 17/18', 'Apr 2017 onwards', 'a/a')
    """
    value, note = value.strip(), note.strip()
    if not note or not value:
        return value or note
    if note[0] in ".,;:?!":
        return value + note
    if note.split()[-1].lower().strip(".,:;") in BEFORE:
        return f"{note} {value}"
    return f"{value} {note}"


def letters(number: int) -> str:
    """The letter of the ``number``-th item (1-based): a ... z, then aa, ab ..."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(97 + rest) + out
    return out


def position(number: int, outer: Scope | None = None) -> Scope:
    """``{{ number }}`` and ``{{ letter }}``: a record's place in its repeat (1 and a for the
    first; blank outside a repeat), unless ``outer`` holds a declared field of that name."""
    found = {"number": Value(number or None), "letter": Value(letters(number))}
    return {k: v for k, v in found.items()
            if outer is None or k not in outer or outer[k].column is None}


def _period(dataset: Dataset) -> Value:
    """The reporting period: as the returns wrote it, and as a date (its end) when the returns
    agree on one, so ``{{ period | dd/mm/yyyy }}`` works (a month, ``Mar 2018``, is written as
    typed by a format naming a day)."""
    ends: set = set()
    if "period_end" in dataset.returns and len(dataset.returns):
        accepted = dataset.returns[dataset.returns["outcome"] == "accepted"]
        ends = {pd.Timestamp(v).date() for v in accepted["period_end"] if not empty(v)}
    column = next((c for c in dataset.tracker.about if c.key == "period"), None)
    typed = dataset.about.get("period")
    typed = None if empty(typed) else str(typed)
    if len(ends) == 1:
        reading = read_date(dataset.period).last if dataset.period else None
        return Value(ends.pop(), dataset.period or None, column,
                     day=reading is None or reading.precision == "day", typed=typed)
    return Value(dataset.period, None, column, typed=typed)


def record_scope(sheet: Sheet, row: Mapping, dataset: Dataset | None = None) -> Scope:
    """A record's fields; with ``dataset``, its derived fields too (``derived``)."""
    scope: Scope = {"region": Value(row.get("region"), None, REGION)}
    if dataset is not None:
        scope |= {k: Value(v) for k, v in derived_values(dataset, sheet, row).items()}
    for c in sheet.columns:
        scope[c.key] = Value(row.get(c.key), date_as_written(row, c.key) if c.is_date else None, c)
    return scope


def text(value: Value, fmt: str = "") -> str:
    """A value as the field's format writes it."""
    if fmt == UPPER:
        return text(value).upper()
    raw = value.value
    if fmt == AS_TYPED and value.typed:
        return value.typed
    if empty(raw):
        return value.label or ""
    if isinstance(raw, pd.Timestamp):
        raw = raw.date()
    column = value.column
    if isinstance(raw, dt.date) and value.label and (not fmt or fmt == AS_TYPED or (
            not value.day and "d" in fmt)):
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


def fill_of(tracker: Tracker, value: Value, item: Field | None = None) -> str | None:
    """The colour of a value: by the field's thresholds (``| fill Amber, over 30 Red``), else
    its word's in the vocabulary (None for blanks, unknown words and numbers passing none)."""
    if item is not None and item.steps:
        number = as_number(value.value)
        passed = [(over, name) for over, name in item.steps
                  if number is not None and (over is None or number > over)]
        best = max(passed, key=lambda s: -math.inf if s[0] is None else s[0], default=None)
        return named_colour(tracker, best[1]) if best else None
    column = value.column
    if column is None or not column.vocab or empty(value.value):
        return None
    return _colour(tracker.vocabulary(column.vocab), str(value.value))


def named_colour(tracker: Tracker, name: str) -> str | None:
    """A colour a layout names: ``#RRGGBB``, a vocabulary's word (``Amber``, ``Delayed``) or a
    name of the vocabularies' palette (``amber``); None for any other name."""
    if re.fullmatch(r"#?[0-9A-Fa-f]{6}", name):
        return name.lstrip("#").upper()
    return next((found for vocab in tracker.vocabularies.values()
                 for found in (vocab.colour(name), vocab.colours.get(name.lower())) if found),
                None)


def as_number(value: object) -> float | None:
    """A value as a number (None for blanks, booleans and text that is not one)."""
    try:
        return None if empty(value) else float(str(value))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _colour(vocabulary: Vocabulary, word: str) -> str | None:
    return vocabulary.colour(word)


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return fold(text)


def _fold(value: object) -> str:
    """A value folded for comparing (case and spacing ignored), each distinct text once."""
    return _folded(str(value))


def field_text(scope: Scope, item: Field, tracker: Tracker) -> str:
    """A field as printed: its value in its format (or its vocabulary plural), with its note,
    inside the field's own text when it has a value; empty for a field printed only when there
    are several values (``| if several``) and there is one."""
    if item.several and not several(scope, item.name):
        return ""
    value = scope[item.name]
    written = text(value, item.format)
    if item.plural and written and value.column is not None and value.column.vocab:
        term = tracker.vocabulary(value.column.vocab).term(written)
        written = term.synonyms[0] if term is not None and term.synonyms else written
    if item.note:
        written = with_note(written, text(scope[item.note]))
    written = as_list(written, item.listed) if item.listed else written
    return f"{item.before}{written}{item.after}" if written else ""


# --- Records ---------------------------------------------------------------------------------


def _hit(value: object, condition: Condition) -> bool:
    """Whether a record's ``value`` passes ``condition``."""
    if condition.compare:
        number = as_number(value)
        return number is not None and _COMPARE[condition.compare](
            number, float(condition.values[0]))
    if not condition.values:
        hit = empty(value)
    else:
        hit = not empty(value) and _fold(value) in _wanted(condition.values)
    return hit != condition.negate


_COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


@lru_cache(maxsize=256)
def _wanted(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(v) for v in values)


def _through(dataset: Dataset, sheet: str, key: str) -> Callable[[Mapping], object]:
    """What a condition's ``key`` reads of a record: its own field, or for ``column.field`` the
    ``field`` of the record its ``column`` references (in the same region when that sheet has
    regions), e.g. an action's ``workstream.state``."""
    if "." not in key:
        return lambda r: r.get(key)
    name, field = key.split(".", 1)
    target, target_key = columns(dataset.tracker, sheet)[name].references
    frame = dataset.frames.get(target)
    if frame is None:
        return lambda r: None
    regional = "region" in frame
    found = cached(frame).lookup(target_key, field)
    return lambda r: found.get(
        (_fold(r.get("region")) if regional else "", _fold(r.get(name))))


def _kept(tracker: Tracker, sheet: str, frame: pd.DataFrame, join: Join) -> list[int] | None:
    """The positions of the rows of ``frame`` in the slide group ``join`` (None: every row)."""
    kept: list[int] | None = None
    for key, value in join.items():
        column = "region" if key == "region" else next(
            (c.key for c in tracker.sheet(sheet).columns
             if c.key == key or (c.references and c.references[1] == key)), None)
        if column is not None and column in frame:
            hits = cached(frame).positions(column).get(_fold(value), [])
            kept = hits if kept is None else sorted(set(kept) & set(hits))
    return kept


class _Read:
    """A frame's rows as mappings, and where each folded value of a column is: read once."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._rows: list[dict] | None = None
        self._derived: list[dict] | None = None
        self._positions: dict[str, dict[str, list[int]]] = {}
        self._lookups: dict[tuple[str, str], dict[tuple[str, str], object]] = {}

    @property
    def rows(self) -> list[dict]:
        if self._rows is None:
            self._rows = self.frame.to_dict("records")
        return self._rows

    def derived(self, dataset: Dataset, sheet: Sheet) -> list[dict]:
        """The rows with their derived fields (``derived``) beside their own, worked out once."""
        if self._derived is None:
            self._derived = [{**derived_values(dataset, sheet, r), **r} for r in self.rows]
        return self._derived

    def lookup(self, key: str, field: str) -> dict[tuple[str, str], object]:
        """``field`` of the first record of each (region, ``key``), both folded ("" for the
        region of a sheet without one)."""
        found = self._lookups.get((key, field))
        if found is None:
            regional = "region" in self.frame
            found = self._lookups[(key, field)] = {}
            for row in self.rows:
                found.setdefault((_fold(row["region"]) if regional else "",
                                  _fold(row.get(key))), row.get(field))
        return found

    def positions(self, column: str) -> dict[str, list[int]]:
        found = self._positions.get(column)
        if found is None:
            found = self._positions[column] = {}
            for i, v in enumerate(self.frame[column].tolist()):
                found.setdefault(_fold(v), []).append(i)
        return found


_reads: dict[int, _Read] | None = None


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """While a deck is drawn (its frames unchanged), read each frame's rows once, so a slide
    per group finds its records without scanning every row of the sheet again."""
    global _reads
    outer, _reads = _reads, {}
    try:
        yield
    finally:
        _reads = outer


def cached(frame: pd.DataFrame) -> _Read:
    """``frame`` read once while a deck is drawn (``reading``; else read now): its rows, as
    mappings shared by every slide and block (not to be changed), and its lookups."""
    if _reads is None:
        return _Read(frame)
    found = _reads.get(id(frame))
    if found is None or found.frame is not frame:
        found = _reads[id(frame)] = _Read(frame)
    return found


def _sort_key(value: object) -> tuple:
    if empty(value):
        return (1, 0, ())
    if isinstance(value, (int, float)):
        return (0, 0, float(value))
    if isinstance(value, (dt.date, pd.Timestamp)):
        return (0, 1, pd.Timestamp(value).value)
    return (0, 2, natural_key(_fold(value)))


@lru_cache(maxsize=65536)
def natural_key(text: str) -> tuple:
    """Text in reading order, its numbers by value: 2 before 3a before 3b before 10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", text))


def record_rows(dataset: Dataset, each: Each, join: Join, *, every: bool = False) -> list[dict]:
    """The records ``each`` repeats over, in its order, within the slide group ``join``, as
    mappings of their fields (found without building frames: a few microseconds a slide); the
    first ``first N`` of them unless ``every``; with ``per key``, each value's first record. A
    derived field it filters or sorts by is worked out for the group's records (``derived``)."""
    frame = dataset.frames.get(each.sheet)
    if frame is None:
        return []
    read = cached(frame)
    sheet = dataset.tracker.sheet(each.sheet)
    keys = ({c.key for c in each.where} | {k for k, _ in each.sort}) - set(frame.columns)
    rows = read.derived(dataset, sheet) if keys & set(
        derived_columns(dataset.tracker, sheet)) else read.rows
    kept = _kept(dataset.tracker, each.sheet, frame, join)
    found = rows if kept is None else [rows[i] for i in kept]
    for condition in each.where:
        value = _through(dataset, each.sheet, condition.key)
        found = [r for r in found if _hit(value(r), condition)]
    if each.distinct:
        found = _distinct(sheet, found)
    for key, descending in reversed(each.sort):
        found = sorted(found, key=lambda r, k=key: _sort_key(r.get(k)), reverse=descending)
    if each.per is not None:  # the first record of each value
        firsts = {_fold(r.get(each.per)): r for r in reversed(found) if not empty(r.get(each.per))}
        found = [r for r in found if firsts.get(_fold(r.get(each.per))) is r]
    return found if every or not each.first else found[:each.first]


def _distinct(sheet: Sheet, found: list[dict]) -> list[dict]:
    """Records alike in every declared column (case and spacing aside), once, in the order
    first seen; ``region`` names every region that gives it ("West Sussex, East Sussex")."""
    keys = [c.key for c in sheet.columns if found and c.key in found[0]]
    if not keys:
        return found
    first: dict[tuple[str, ...], dict] = {}
    regions: dict[tuple[str, ...], list[str]] = {}
    for row in found:
        alike = tuple("" if empty(row[k]) else _fold(row[k]) for k in keys)
        first.setdefault(alike, row)
        region = row.get("region")
        if not empty(region):
            regions.setdefault(alike, []).append(str(region))
    return [{**row, "region": ", ".join(dict.fromkeys(regions[k]))} if k in regions else row
            for k, row in first.items()]


def distinct(tracker: Tracker, sheet: str, key: str, values: list[object],
             listed: dict[str, list[int]] | None = None) -> list[object]:
    """The distinct non-blank values of a column: in vocabulary order, else in the order
    another sheet lists them (``listed``: each folded value's positions there; values not
    listed after), else as first seen."""
    seen = list(dict.fromkeys(v for v in values if not empty(v)))
    column = columns(tracker, sheet).get(key)
    if column is not None and column.vocab:
        words = tracker.vocabulary(column.vocab).words
        return sorted(seen, key=lambda v: words.index(v) if v in words else len(words))
    if listed:
        return sorted(seen, key=lambda v: listed.get(_fold(v), [math.inf])[0])
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


def group_values(dataset: Dataset, each: Each, found: list[dict],
                 keys: tuple[str, ...]) -> list[tuple]:
    """The distinct values of ``keys`` in ``each``'s records ``found``, blanks first when some
    records have none: the first key's values in vocabulary order, else (unless the records are
    sorted by it) in the order the sheet it references lists them, else first seen; each with
    the other keys' values as first seen (each section's regions in turn)."""
    if not found or any(k not in found[0] for k in keys):
        return []
    blank = tuple(None for _ in keys)
    column = columns(dataset.tracker, each.sheet).get(keys[0])
    ref = column.references if column and keys[0] not in {k for k, _ in each.sort} else None
    frame = dataset.frames.get(ref[0]) if ref else None
    listed = cached(frame).positions(ref[1]) if frame is not None and ref[1] in frame else None
    order = {v: n for n, v in enumerate(distinct(dataset.tracker, each.sheet, keys[0],
                                                 [r[keys[0]] for r in found], listed))}
    seen = dict.fromkeys(tuple(r[k] for k in keys) for r in found)
    ordered = sorted((v for v in seen if not all(empty(x) for x in v)),
                     key=lambda v: order.get(v[0], -1))
    return [blank, *ordered] if in_group(found, keys, blank) else ordered


def in_group(found: list[dict], keys: tuple[str, ...], values: tuple) -> list[dict]:
    """The records of ``found`` whose ``keys`` hold ``values``."""
    return [r for r in found if all(
        r[key] == value or (empty(r[key]) and empty(value))
        for key, value in zip(keys, values, strict=True))]


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
        rows = [r for r in (cached(frame).rows if frame is not None else ())
                if _fold(r.get(ref_key)) == _fold(value)]
        same = [r for r in rows if "region" in mine and r.get("region") == mine["region"]]
        if rows:  # the referenced record, from the group's region when it has one there
            scope |= record_scope(tracker.sheet(ref_sheet), (same or rows)[0], dataset)
    scope |= {k: Value(v, None, known[k]) for k, v in mine.items()}
    return scope


def grouped(dataset: Dataset, each: Each, groups: list[tuple[str, ...]], rows: list[dict],
            outer: Scope) -> Iterator[tuple[int, Scope]]:
    """``each``'s ``rows`` grouped by each of ``groups`` in turn, in print order: (its depth,
    its scope) for a group's heading, (``len(groups)``, its scope) for a record. Records with
    no value come first, under no heading; groups follow the records' order when sorted by
    their key, else the order a referenced sheet lists them (``group_values``)."""
    sheet = dataset.tracker.sheet(each.sheet)
    if not groups:
        for number, row in enumerate(rows, start=1):
            yield 0, {**outer, **position(number, outer), **record_scope(sheet, row, dataset)}
        return
    keys = groups[0]
    for values in group_values(dataset, each, rows, keys):
        inner = group_scope(dataset, each.sheet, keys, values, outer)
        if not all(empty(v) for v in values):
            yield 0, inner
        for depth, scope in grouped(dataset, each, groups[1:], in_group(rows, keys, values),
                                    inner):
            yield depth + 1, scope
