"""Build pandera schemas from a tracker declaration.

Each declared column becomes a ``pandera.Column`` over the raw values as typed (object dtype, index
= Excel row): ``required`` -> not nullable, ``unique`` -> unique, a vocabulary -> the checks
``not-in-vocabulary`` and ``vocabulary-variant``, a date -> ``unreadable-date``,
``impossible-date`` and ``several-dates``, a reference -> ``unknown-reference``. Each check is
named by its problem code (``pcxl.validate.problems``), so a failure maps straight to a message.
Checks are vectorised: every distinct value is examined once, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from pcxl.dates import DateReading, read_date
from pcxl.declaration import Column, Sheet, Tracker
from pcxl.validate.rules import RULES, RuleCheck
from pcxl.vocab import fold

EXCEL_ERRORS = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA"})
# pandera's own check names, as problem codes
BUILTIN_CODES = {"not_nullable": "required", "field_uniqueness": "duplicate-value",
                 "column_in_dataframe": "missing-column"}


@dataclass(frozen=True)
class Context:
    """What checks need beyond the sheet itself: the period's end and the other sheets' values."""

    period_end: dt.date | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def known(self, sheet: str, key: str) -> frozenset[str]:
        """Folded values of ``sheet.key``: what a reference to it may name."""
        frame = self.frames.get(sheet)
        if frame is None or key not in frame:
            return frozenset()
        return frozenset(fold(v) for v in frame[key].dropna().astype(str))


def _per_value(series: pd.Series, test: Callable[[object], bool]) -> pd.Series:
    """Apply ``test`` once per distinct non-blank value; blanks pass."""
    present = series.dropna()
    verdicts = {v: test(v) for v in present.unique()}
    return series.map(verdicts).fillna(True).astype(bool)


def readings(series: pd.Series, reference: dt.date | None) -> list[DateReading | None]:
    """The DateReading of every cell of a date column, None for blanks (each value read once)."""
    table = {v: read_date(v, reference) for v in series.dropna().unique()}
    return [table.get(v) if v is not None and v == v else None for v in series]


def _date_checks(reference: dt.date | None) -> list[pa.Check]:
    def problem_is_not(code: str) -> Callable[[pd.Series], pd.Series]:
        def check(s: pd.Series) -> pd.Series:
            return _per_value(s, lambda v: read_date(v, reference).problem != code)
        return check

    def single(s: pd.Series) -> pd.Series:
        return _per_value(s, lambda v: len(read_date(v, reference).dates) <= 1)

    return [pa.Check(problem_is_not("unreadable-date"), name="unreadable-date"),
            pa.Check(problem_is_not("impossible-date"), name="impossible-date"),
            pa.Check(single, name="several-dates")]


def _column_checks(column: Column, tracker: Tracker, context: Context) -> list[pa.Check]:
    checks = [pa.Check(lambda s: _per_value(s, lambda v: v not in EXCEL_ERRORS),
                       name="formula-error")]
    if column.vocab:
        vocab = tracker.vocabulary(column.vocab)
        checks += [
            pa.Check(lambda s: _per_value(s, lambda v: vocab.normalise(v) is not None),
                     name="not-in-vocabulary"),
            pa.Check(lambda s: _per_value(s, lambda v: vocab.normalise(v) in (None, v)),
                     name="vocabulary-variant"),
        ]
    if column.is_date:
        checks += _date_checks(context.period_end)
    if column.type in ("number", "integer"):
        whole = column.type == "integer"
        checks.append(pa.Check(lambda s: _per_value(s, lambda v: _is_number(v, whole)),
                               name="not-a-number"))
    if column.references:
        known = context.known(*column.references)
        checks.append(pa.Check(lambda s: _per_value(s, lambda v: fold(str(v)) in known),
                               name="unknown-reference"))
    return checks


def _is_number(value: object, whole: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not whole or float(value).is_integer()


def column_schema(column: Column, tracker: Tracker, context: Context) -> pa.Column:
    """The pandera Column for one declared column."""
    return pa.Column(object, nullable=not column.required, unique=column.unique,
                     required=False, checks=_column_checks(column, tracker, context),
                     title=column.header, description=column.help, metadata={"key": column.key})


def rule_checks(tracker: Tracker, sheet_name: str, context: Context) -> list[RuleCheck]:
    """The declared cross-field rules that apply to ``sheet_name``, ready to run."""
    return [RULES[r.rule](r, tracker, context) for r in tracker.rules if r.sheet == sheet_name]


def sheet_schema(tracker: Tracker, sheet: Sheet, context: Context) -> pa.DataFrameSchema:
    """The pandera schema for one table sheet, cross-field rules included as frame checks."""
    rules = rule_checks(tracker, sheet.name, context)
    return pa.DataFrameSchema(
        {c.key: column_schema(c, tracker, context) for c in sheet.columns},
        checks=[pa.Check(r.passes, name=r.code) for r in rules],
        name=sheet.name, title=sheet.name, description=sheet.help, strict=False, coerce=False,
        metadata={"tracker": tracker.name, "version": tracker.version},
    )


def about_schema(tracker: Tracker, fields: Iterable[Column] | None = None) -> pa.DataFrameSchema:
    """The pandera schema for the About form, checked as a one-row frame."""
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
