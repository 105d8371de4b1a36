"""Build pandera schemas from a tracker declaration.

Each declared column becomes a ``pandera.Column`` over the raw values as typed (object dtype):
``required`` -> not nullable, ``unique`` -> the check ``duplicate-value``, a vocabulary -> the
checks ``not-in-vocabulary`` and ``vocabulary-variant``, a date -> ``unreadable-date``,
``impossible-date`` and ``several-dates``, a reference -> ``unknown-reference``. Each check is
named by its problem code (``pcxl.validate.problems``), so a failure maps straight to a message.
Checks are vectorised: every distinct value is examined once, whatever the number of rows.

A frame may hold one return (index: the Excel row) or the rows of many returns at once, which
is how ``pcxl.validate.run`` validates a folder: one pandera call per sheet for a whole batch of
returns instead of one per sheet per return. The index of a batch frame is ``row_key(return,
row)``: the return's number in the batch times ``ROW_SPAN`` plus the Excel row, so every value
still names its return and its cell, and every check that depends on the return (the year of a
date written without one, the workstreams a milestone may name, a value repeated within one
return) is worked out per return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pcxl.dates import DateReading, read_date
from pcxl.declaration import Column, Sheet, Tracker
from pcxl.validate.rules import (
    ROW_SPAN,
    RULES,
    RuleCheck,
    distinct_map,
    distinct_test,
    factorize,
    map_values,
    normaliser,
    returns_of,
    test_values,
)
from pcxl.vocab import fold

EXCEL_ERRORS = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA"})
# pandera's own check names, as problem codes
BUILTIN_CODES = {"not_nullable": "required", "field_uniqueness": "duplicate-value",
                 "column_in_dataframe": "missing-column"}


@dataclass(frozen=True)
class Context:
    """What checks need beyond the sheet itself: the period's end and the other sheets' values.

    For a batch of returns, ``period_ends`` holds each return's period end (by its number in the
    batch) and ``frames`` the batch frames; ``period_end`` serves a frame of one return.
    """

    period_end: dt.date | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    period_ends: Sequence[dt.date | None] = ()
    _cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def memo(self) -> dict[Any, Any]:
        """Working memory of the checks run with this context (one batch)."""
        return self._cache

    def known(self, sheet: str, key: str) -> frozenset[str]:
        """Folded values of ``sheet.key``: what a reference to it may name (one return)."""
        frame = self.frames.get(sheet)
        if frame is None or key not in frame:
            return frozenset()
        return frozenset(fold(v) for v in frame[key].dropna().astype(str))

    def known_by_return(self, sheet: str, key: str) -> frozenset[tuple[int, str]]:
        """(return number, folded value) of every value of ``sheet.key``: what each may name."""
        cache_key = ("known", sheet, key)
        if cache_key not in self._cache:
            frame = self.frames.get(sheet)
            if frame is None or key not in frame:
                found: frozenset[tuple[int, str]] = frozenset()
            else:
                values = frame[key].to_numpy(dtype=object)
                folded = distinct_map(values, lambda v: fold(str(v)), None, self._cache)
                named = pd.notna(folded)
                pairs = pd.DataFrame({"n": returns_of(frame.index)[named],
                                      "f": folded[named]}).drop_duplicates()
                found = frozenset(zip(pairs["n"].tolist(), pairs["f"].tolist(), strict=True))
            self._cache[cache_key] = found
        return self._cache[cache_key]

    def known_codes(self, sheet: str, key: str) -> tuple[dict[str, int], int, np.ndarray]:
        """``known_by_return`` as integers: (folded name -> id, width, return * width + id)."""
        cache_key = ("known codes", sheet, key)
        if cache_key not in self._cache:
            known = self.known_by_return(sheet, key)
            names = {name: i for i, name in enumerate(dict.fromkeys(n for _, n in known))}
            width = len(names) + 1
            allowed = np.fromiter((n * width + names[name] for n, name in known),
                                  dtype="int64", count=len(known))
            self._cache[cache_key] = (names, width, allowed)
        return self._cache[cache_key]

    def references(self, index: pd.Index) -> tuple[list[dt.date | None], np.ndarray | None]:
        """The distinct period ends of the rows of ``index`` and, when several, each row's."""
        if not self.period_ends:
            return [self.period_end], None
        if "references" not in self._cache:
            uniques = list(dict.fromkeys(self.period_ends))
            number = {u: i for i, u in enumerate(uniques)}
            codes = np.array([number[p] for p in self.period_ends], dtype="int64")
            self._cache["references"] = (uniques, codes)
        uniques, codes = self._cache["references"]
        if len(uniques) == 1:
            return uniques, None
        return uniques, codes[returns_of(index)]

    def reference_of(self, row: int) -> dt.date | None:
        """The period end that dates in the row keyed ``row`` are read against."""
        if not self.period_ends:
            return self.period_end
        return self.period_ends[row // ROW_SPAN]


def _passes(series: pd.Series, test: Callable[..., bool],
            context: Context | None = None, dated: bool = False) -> pd.Series:
    """Apply ``test`` once per distinct non-blank value (and period end when ``dated``)."""
    context = context or Context()
    if dated:
        verdicts = test_values(series, context, test)
    else:
        verdicts = distinct_test(series.to_numpy(dtype=object), test, context.memo)
    return pd.Series(verdicts, index=series.index, dtype=bool, copy=False)


def _per_value(series: pd.Series, test: Callable[[object], bool]) -> pd.Series:
    """Apply ``test`` once per distinct non-blank value; blanks pass."""
    return _passes(series, test)


def readings(series: pd.Series, reference: dt.date | Context | None
             ) -> list[DateReading | None]:
    """The DateReading of every cell of a date column, None for blanks (each value read once).

    ``reference`` is the period end, or a Context giving each return of a batch its own.
    """
    context = reference if isinstance(reference, Context) else Context(reference)
    return list(map_values(series, context, read_date, None))


def duplicated_within_return(series: pd.Series, memo: dict | None = None) -> pd.Series:
    """True for every value that appears more than once in its own return (blanks: False)."""
    values = series.to_numpy(dtype=object)
    codes, _, mixed = factorize(values, memo)
    if mixed:  # True and 1.0 are not one value
        keyed: dict[tuple[type, object], int] = {}
        codes = np.array([-1 if c < 0 else keyed.setdefault((v.__class__, v), len(keyed))
                          for v, c in zip(values, codes, strict=True)], dtype="int64")
    pairs = returns_of(series.index) * (int(codes.max(initial=-1)) + 2) + codes
    repeated = pd.Series(pairs).duplicated(keep=False).to_numpy() & (codes >= 0)
    return pd.Series(repeated, index=series.index)


def _check(fn: Callable[[pd.Series], pd.Series], name: str) -> pa.Check:
    """A check named by its problem code. Every check passes blanks itself (a blank is only ever
    the ``required`` problem), so pandera need not take the blanks out first."""
    return pa.Check(fn, name=name, ignore_na=False)


def _date_checks(context: Context) -> list[pa.Check]:
    def problem_is_not(code: str) -> Callable[[pd.Series], pd.Series]:
        def check(s: pd.Series) -> pd.Series:
            return _passes(s, lambda v, ref: read_date(v, ref).problem != code, context, True)
        return check

    def single(s: pd.Series) -> pd.Series:
        return _passes(s, lambda v, ref: len(read_date(v, ref).dates) <= 1, context, True)

    return [_check(problem_is_not("unreadable-date"), "unreadable-date"),
            _check(problem_is_not("impossible-date"), "impossible-date"),
            _check(single, "several-dates")]


_EXCEL_ERROR_LIST = sorted(EXCEL_ERRORS)


def _not_excel_error(s: pd.Series) -> pd.Series:
    return ~s.isin(_EXCEL_ERROR_LIST)


def _no_excel_error(context: Context) -> Callable[[pd.Series], pd.Series]:
    """The formula-error check, on the column's distinct values (shared with its other checks)."""
    return lambda s: _passes(s, lambda v: v not in EXCEL_ERRORS, context)


def _column_checks(column: Column, tracker: Tracker, context: Context) -> list[pa.Check]:
    checks = []
    if column.unique:
        # Per return, so that many returns can be checked in one frame (blanks pass, as they
        # do pandera's own uniqueness check: a blank is the "required" problem).
        checks.append(_check(lambda s: ~duplicated_within_return(s, context.memo),
                             "duplicate-value"))
    several = column.vocab or column.is_date or column.references or \
        column.type in ("number", "integer")
    checks.append(_check(_no_excel_error(context) if several else _not_excel_error,
                         "formula-error"))
    if column.vocab:
        normalise = normaliser(tracker.vocabulary(column.vocab))
        checks += [
            _check(lambda s: _passes(s, lambda v: normalise(v) is not None, context),
                   "not-in-vocabulary"),
            _check(lambda s: _passes(s, lambda v: normalise(v) in (None, v), context),
                   "vocabulary-variant"),
        ]
    if column.is_date:
        checks += _date_checks(context)
    if column.type in ("number", "integer"):
        whole = column.type == "integer"
        checks.append(_check(lambda s: _passes(s, lambda v: _is_number(v, whole), context),
                             "not-a-number"))
    if column.references:
        checks.append(_check(lambda s: _known(s, column.references, context),
                             "unknown-reference"))
    return checks


def _known(series: pd.Series, references: tuple[str, str], context: Context) -> pd.Series:
    """Each value names a value of the referenced column of its own return."""
    names, width, allowed = context.known_codes(*references)
    values = series.to_numpy(dtype=object)
    codes, uniques, mixed = factorize(values, context.memo)
    if mixed:  # True and 1.0 kept apart: name by name
        ids = distinct_map(values, lambda v: names.get(fold(str(v)), -1), -1).astype("int64")
    else:
        table = np.array([names.get(fold(str(u)), -1) for u in uniques] + [-1], dtype="int64")
        ids = table[codes]
    blank = pd.isna(values)
    verdicts = blank | ((ids >= 0) & np.isin(returns_of(series.index) * width + ids, allowed))
    return pd.Series(verdicts, index=series.index, dtype=bool)


def _is_number(value: object, whole: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not whole or float(value).is_integer()


# The order of a column's checks: problems at one cell are listed in this order.
CHECK_ORDER = ("required", "duplicate-value", "formula-error", "not-in-vocabulary",
               "vocabulary-variant", "unreadable-date", "impossible-date", "several-dates",
               "not-a-number", "unknown-reference")


def column_schema(column: Column, tracker: Tracker, context: Context) -> pa.Column:
    """The pandera Column for one declared column."""
    return pa.Column(object, nullable=not column.required, required=False,
                     checks=_column_checks(column, tracker, context), title=column.header,
                     description=column.help,
                     metadata={"key": column.key, "unique": column.unique})


def rule_checks(tracker: Tracker, sheet_name: str, context: Context) -> list[RuleCheck]:
    """The declared cross-field rules that apply to ``sheet_name``, ready to run."""
    return [RULES[r.rule](r, tracker, context) for r in tracker.rules if r.sheet == sheet_name]


def sheet_schema(tracker: Tracker, sheet: Sheet, context: Context,
                 rules: Sequence[RuleCheck] | None = None) -> pa.DataFrameSchema:
    """The pandera schema for one table sheet, cross-field rules included as frame checks.

    ``rules`` are the sheet's ``rule_checks`` when the caller already has them.
    """
    rules = rule_checks(tracker, sheet.name, context) if rules is None else rules
    return pa.DataFrameSchema(
        {c.key: column_schema(c, tracker, context) for c in sheet.columns},
        checks=[_check(r.passes, r.code) for r in rules],
        name=sheet.name, title=sheet.name, description=sheet.help, strict=False, coerce=False,
        metadata={"tracker": tracker.name, "version": tracker.version},
    )


def about_schema(tracker: Tracker, fields: Iterable[Column] | None = None) -> pa.DataFrameSchema:
    """The pandera schema for the About form, checked as a frame of one row per return."""
    context = Context()
    return pa.DataFrameSchema(
        {c.key: column_schema(c, tracker, context) for c in (fields or tracker.about)},
        name=tracker.about_sheet, title=tracker.about_sheet)


def tracker_schemas(tracker: Tracker, context: Context | None = None
                    ) -> dict[str, pa.DataFrameSchema]:
    """Every schema of a tracker, About first: what ``pcxl schema show`` prints."""
    context = context or Context()
    schemas = {tracker.about_sheet: about_schema(tracker)}
    schemas.update({s.name: sheet_schema(tracker, s, context) for s in tracker.sheets})
    return schemas


def date_reading(value: object, context: Context) -> DateReading:
    """The reading behind a date problem, for its message."""
    return read_date(value, context.period_end)
