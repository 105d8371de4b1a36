"""Cross-field rules: what a reader of the report would question. Each gives warnings, not errors.

A declaration names the rules it wants and their columns (``rules:`` in validators/*.yaml); this
module says how each is checked. A rule's ``passes`` returns one boolean per row (False = flag
that row), run by pandera as a frame-level check named by the rule's code; ``detail`` words the
message for a flagged row and ``target`` is the column whose cell the problem points at. A frame
may hold many returns' rows (see ``pcxl.validate.schema``): each row is judged within its return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pcxl.dates import ParsedDate, read_date
from pcxl.declaration import Rule, Tracker
from pcxl.vocab import Vocabulary, fold

if TYPE_CHECKING:
    from pcxl.validate.schema import Context


# --- Batch frames ------------------------------------------------------------------------------

# A batch frame's index: return number * ROW_SPAN + Excel row (Excel has 1,048,576 rows).
ROW_SPAN = 10_000_000


def row_key(number: int, row: int) -> int:
    """The index of Excel row ``row`` of the ``number``-th return of a batch."""
    return number * ROW_SPAN + row


def returns_of(index: pd.Index) -> np.ndarray:
    """The return number (in its batch) of each row of a frame; 0 for a one-return frame."""
    if index.dtype.kind in "iu":
        return index.to_numpy() // ROW_SPAN
    return np.zeros(len(index), dtype="int64")


def factorize(values: np.ndarray, memo: dict | None = None
              ) -> tuple[np.ndarray, np.ndarray, bool]:
    """(codes, distinct values, whether booleans are among them) of an object array.

    Blanks get code -1. ``memo`` (a batch's Context cache) remembers the answer for an array
    several checks look at, such as a status column checked against its vocabulary twice.
    """
    key = None
    if memo is not None and values.dtype == object:
        key = ("factorize", values.__array_interface__["data"][0], len(values), values.strides)
        if key in memo:
            return memo[key][1]
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    found = (codes, uniques, len(uniques) > 1 and any(u.__class__ is bool for u in uniques))
    if key is not None:
        memo[key] = (values, found)  # the array is kept so that its address is not reused
    return found


def _by_type(values: np.ndarray, codes: np.ndarray, fn: Callable[[object], object],
             blank: object) -> list[object]:
    """``fn`` per distinct (type, value): True, 1 and 1.0 hash alike but are not one value."""
    results: dict[tuple[type, object], object] = {}
    out: list[object] = []
    for v, c in zip(values, codes, strict=True):
        if c < 0:
            out.append(blank)
            continue
        key = (v.__class__, v)
        if key not in results:
            results[key] = fn(v)
        out.append(results[key])
    return out


def distinct_map(values: np.ndarray, fn: Callable[[object], object], blank: object,
                 memo: dict | None = None) -> np.ndarray:
    """``fn`` of every value (object array), called once per distinct value; blanks -> ``blank``.

    Distinct values are found by hashing, where ``True == 1 == 1.0``: when a column holds booleans
    they are kept apart by type, so ``True`` and ``1.0`` are never judged as one value.
    """
    codes, uniques, mixed = factorize(values, memo)
    if mixed:
        out = np.empty(len(values), dtype=object)
        out[:] = _by_type(values, codes, fn, blank)
        return out
    table = np.empty(len(uniques) + 1, dtype=object)
    for i, u in enumerate(uniques):
        table[i] = fn(u)
    table[-1] = blank  # code -1 (blank) picks the last entry
    return table[codes]


def distinct_test(values: np.ndarray, test: Callable[[object], bool],
                  memo: dict | None = None) -> np.ndarray:
    """``test`` of every value as a boolean array, once per distinct value; blanks pass."""
    codes, uniques, mixed = factorize(values, memo)
    if mixed:
        return np.array(_by_type(values, codes, test, True), dtype=bool)
    verdicts = [bool(test(u)) for u in uniques]
    if all(verdicts):
        return np.ones(len(values), dtype=bool)
    table = np.array([*verdicts, True], dtype=bool)
    return table[codes]


_NORMALISERS: dict[int, tuple[Vocabulary, Callable[[object], str | None]]] = {}


def normaliser(vocab: Vocabulary) -> Callable[[object], str | None]:
    """``vocab.normalise`` with its lookup table built once (per vocabulary object)."""
    known = _NORMALISERS.get(id(vocab))
    if known is not None and known[0] is vocab:
        return known[1]
    lookup = vocab.lookup

    def normalise(value: object) -> str | None:
        if value is None or (isinstance(value, float) and value != value):
            return None
        return lookup.get(fold(str(value)))

    if len(_NORMALISERS) > 256:
        _NORMALISERS.clear()
    _NORMALISERS[id(vocab)] = (vocab, normalise)  # the vocabulary is kept: its id stays its own
    return normalise


def map_values(series: pd.Series, context: Context,
               fn: Callable[[object, dt.date | None], object], blank: object = None
               ) -> np.ndarray:
    """``fn(value, period end)`` for every cell, once per distinct value and period end."""
    values = series.to_numpy(dtype=object)
    refs, codes = context.references(series.index)
    if codes is None:
        ref = refs[0]
        return distinct_map(values, lambda v: fn(v, ref), blank, context.memo)
    out = np.empty(len(values), dtype=object)
    for code, ref in enumerate(refs):
        mask = codes == code
        if mask.any():
            out[mask] = distinct_map(values[mask], lambda v, ref=ref: fn(v, ref), blank)
    return out


def test_values(series: pd.Series, context: Context,
                test: Callable[[object, dt.date | None], bool]) -> np.ndarray:
    """``test(value, period end)`` of every cell as booleans, once per distinct value; blanks
    pass."""
    values = series.to_numpy(dtype=object)
    refs, codes = context.references(series.index)
    if codes is None:
        ref = refs[0]
        return distinct_test(values, lambda v: test(v, ref), context.memo)
    out = np.ones(len(values), dtype=bool)
    for code, ref in enumerate(refs):
        mask = codes == code
        if mask.any():
            out[mask] = distinct_test(values[mask], lambda v, ref=ref: test(v, ref))
    return out


@dataclass(frozen=True)
class RuleCheck:
    """A declared rule bound to its tracker and context, ready for pandera."""

    code: str
    target: str
    expected: str
    passes: Callable[[pd.DataFrame], pd.Series]
    detail: Callable[[pd.DataFrame, int], str]


def _vocab_for(tracker: Tracker, sheet: str, key: str) -> Vocabulary:
    name = tracker.sheet(sheet).column(key).vocab
    if not name:
        raise ValueError(f"{sheet}.{key} has no vocabulary")
    return tracker.vocabulary(name)


def _flag(frame: pd.DataFrame, key: str, vocab: Vocabulary, attribute: str,
          memo: dict | None = None) -> pd.Series:
    """Per row: does the column's word carry ``attribute`` (done, concern)?"""
    if key not in frame:
        return pd.Series(False, index=frame.index)
    normalise = normaliser(vocab)
    attrs = {t.term: bool(getattr(t, attribute)) for t in vocab.terms}
    flags = distinct_map(frame[key].to_numpy(dtype=object),
                         lambda v: attrs.get(normalise(v), False), False, memo)
    return pd.Series(flags.astype(bool), index=frame.index)


def _due(frame: pd.DataFrame, keys: list[str], context: Context) -> pd.Series:
    """Per row: the latest date of the first of ``keys`` that holds one (a ParsedDate), or None.

    Each distinct value is read once per period end (a batch's returns may have several).
    """
    present = [frame[key] for key in keys if key in frame]
    memo_key = ("due", *(s.to_numpy(dtype=object).__array_interface__["data"][0]
                         for s in present), len(frame))
    if memo_key in context.memo:  # the same frame, for another rule
        return pd.Series(context.memo[memo_key][1], index=frame.index, dtype=object)
    due = np.full(len(frame), None, dtype=object)
    for series in reversed(present):
        last = map_values(series, context, lambda v, ref: read_date(v, ref).last)
        found = pd.notna(last)
        due[found] = last[found]
    context.memo[memo_key] = ([s.to_numpy(dtype=object) for s in present], due)
    return pd.Series(due, index=frame.index, dtype=object)


def _due_at(frame: pd.DataFrame, row: int, keys: list[str], context: Context) -> ParsedDate | None:
    """``_due`` of one row (keyed ``row``), without going through the whole frame."""
    reference = context.reference_of(row)
    for key in keys:
        if key not in frame:
            continue
        value = frame.at[row, key]
        if value is None or (isinstance(value, float) and value != value):
            continue
        reading = read_date(value, reference)
        if reading.last is not None:
            return reading.last
    return None


def done_without_date(rule: Rule, tracker: Tracker, context: Context) -> RuleCheck:
    """A milestone marked achieved or completed with no date in any of its date columns."""
    status, dates = rule.params["status"], list(rule.params["dates"])
    vocab = _vocab_for(tracker, rule.sheet, status)

    def passes(frame: pd.DataFrame) -> pd.Series:
        done = _flag(frame, status, vocab, "done", context.memo)
        return ~done | _due(frame, dates, context).notna()

    return RuleCheck("done-without-date", status, "a date when it was done", passes,
                     lambda frame, row: "")


def open_past_due(rule: Rule, tracker: Tracker, context: Context) -> RuleCheck:
    """A milestone not done whose date falls before the end of the reporting period."""
    status, dates = rule.params["status"], list(rule.params["dates"])
    vocab = _vocab_for(tracker, rule.sheet, status)

    found: dict[str, object] = {}

    def passes(frame: pd.DataFrame) -> pd.Series:
        if not context.period_ends:
            if context.period_end is None:
                return pd.Series(True, index=frame.index)
            ends = np.full(len(frame), context.period_end, dtype=object)
        else:
            ends = np.asarray(context.period_ends, dtype=object)[returns_of(frame.index)]
        due = _due(frame, dates, context).to_numpy(dtype=object)
        found.update(index=frame.index, due=due)
        late = np.array([d is not None and end is not None and d.end < end
                         for d, end in zip(due, ends, strict=True)], dtype=bool)
        done = _flag(frame, status, vocab, "done", context.memo)
        return done | ~pd.Series(late, index=frame.index)

    def detail(frame: pd.DataFrame, row: int) -> str:
        index = found.get("index")
        if index is not None and index.equals(frame.index):  # the frame just checked
            due = found["due"][index.get_loc(row)]
        else:
            due = _due_at(frame, row, dates, context)
        return due.label if due else ""

    return RuleCheck("open-past-due", status, "marked done, or a new forecast date", passes,
                     detail)


def green_with_concerns(rule: Rule, tracker: Tracker, context: Context) -> RuleCheck:
    """A workstream rated Green whose milestones include Delayed or Off track ones."""
    rag, link = rule.params["rag"], rule.params["link"]
    children, status = rule.params["children"], rule.params["status"]
    rag_vocab = _vocab_for(tracker, rule.sheet, rag)
    status_vocab = _vocab_for(tracker, children, status)
    concern_words = [t.term for t in status_vocab.terms if t.concern]
    counted: dict[tuple[int, str], int] = {}
    done: list[bool] = []

    def counts() -> dict[tuple[int, str], int]:
        """(return number, folded workstream) -> how many of its milestones are a concern."""
        if done:
            return counted
        done.append(True)
        child = context.frames.get(children)
        if child is None or link not in child or child.empty:
            return counted
        concern = _flag(child, status, status_vocab, "concern", context.memo).to_numpy()
        names = distinct_map(child[link].to_numpy(dtype=object), lambda v: fold(str(v)), None,
                             context.memo)
        named = pd.notna(names)
        sums = pd.Series(concern[named].astype("int64")).groupby(
            [returns_of(child.index)[named], names[named]], sort=False).sum()
        counted.update(zip(((int(n), name) for n, name in sums.index), sums.tolist(),
                           strict=True))
        return counted

    def passes(frame: pd.DataFrame) -> pd.Series:
        normalise = normaliser(rag_vocab)
        colours = {t.term: t.colour == "green" for t in rag_vocab.terms}
        green = distinct_map(frame[rag].to_numpy(dtype=object),
                             lambda v: colours.get(normalise(v), False), False,
                             context.memo).astype(bool)
        per_workstream = counts()
        names = distinct_map(frame[link].to_numpy(dtype=object),
                             lambda v: fold(str(v)) if v else None, None)
        late = np.array([name is not None and per_workstream.get((int(n), name), 0) > 0
                         for n, name in zip(returns_of(frame.index), names, strict=True)],
                        dtype=bool)
        return pd.Series(~(green & late), index=frame.index)

    def detail(frame: pd.DataFrame, row: int) -> str:
        n = counts().get((row // ROW_SPAN, fold(str(frame.at[row, link]))), 0)
        words = " or ".join(concern_words)
        return f"{n} of its milestones {'is' if n == 1 else 'are'} {words}"

    return RuleCheck("green-with-concerns", rag, "a rating that reflects the late milestones",
                     passes, detail)


RULES: dict[str, Callable[[Rule, Tracker, Context], RuleCheck]] = {
    "done-without-date": done_without_date,
    "open-past-due": open_past_due,
    "green-with-concerns": green_with_concerns,
}
