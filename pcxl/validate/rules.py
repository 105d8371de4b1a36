"""Cross-field rules: what a reader of the report would question. Each gives warnings, not errors.

A declaration names the rules it wants and their columns (``rules:`` in validators/*.yaml); this
module says how each is checked. A rule's ``passes`` returns one boolean per row (False = flag
that row), run by pandera as a frame-level check named by the rule's code; ``detail`` words the
message for a flagged row and ``target`` is the column whose cell the problem points at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from pcxl.dates import ParsedDate, read_date
from pcxl.declaration import Rule, Tracker
from pcxl.vocab import Vocabulary, fold

if TYPE_CHECKING:
    from pcxl.validate.schema import Context


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


def _flag(frame: pd.DataFrame, key: str, vocab: Vocabulary, attribute: str) -> pd.Series:
    """Per row: does the column's word carry ``attribute`` (done, concern)?"""
    if key not in frame:
        return pd.Series(False, index=frame.index)
    words = vocab.normalise_series(frame[key])
    attrs = {t.term: getattr(t, attribute) for t in vocab.terms}
    return words.map(attrs).fillna(False).astype(bool)


def _due(frame: pd.DataFrame, keys: list[str], context: Context) -> pd.Series:
    """Per row: the latest date of the first of ``keys`` that holds one (a ParsedDate), or None."""
    due: dict[int, ParsedDate] = {}
    for key in reversed(keys):
        if key not in frame:
            continue
        for row, value in frame[key].dropna().items():
            reading = read_date(value, context.period_end)
            if reading.last is not None:
                due[row] = reading.last
    return pd.Series([due.get(row) for row in frame.index], index=frame.index, dtype=object)


def done_without_date(rule: Rule, tracker: Tracker, context: Context) -> RuleCheck:
    """A milestone marked achieved or completed with no date in any of its date columns."""
    status, dates = rule.params["status"], list(rule.params["dates"])
    vocab = _vocab_for(tracker, rule.sheet, status)

    def passes(frame: pd.DataFrame) -> pd.Series:
        done = _flag(frame, status, vocab, "done")
        return ~done | _due(frame, dates, context).notna()

    return RuleCheck("done-without-date", status, "a date when it was done", passes,
                     lambda frame, row: "")


def open_past_due(rule: Rule, tracker: Tracker, context: Context) -> RuleCheck:
    """A milestone not done whose date falls before the end of the reporting period."""
    status, dates = rule.params["status"], list(rule.params["dates"])
    vocab = _vocab_for(tracker, rule.sheet, status)
    end = context.period_end

    def passes(frame: pd.DataFrame) -> pd.Series:
        if end is None:
            return pd.Series(True, index=frame.index)
        due = _due(frame, dates, context)
        late = due.map(lambda d: isinstance(d, ParsedDate) and d.end < end).astype(bool)
        return _flag(frame, status, vocab, "done") | ~late

    def detail(frame: pd.DataFrame, row: int) -> str:
        return _due(frame.loc[[row]], dates, context)[row].label

    return RuleCheck("open-past-due", status, "marked done, or a new forecast date", passes,
                     detail)


def green_with_concerns(rule: Rule, tracker: Tracker, context: Context) -> RuleCheck:
    """A workstream rated Green whose milestones include Delayed or Off track ones."""
    rag, link = rule.params["rag"], rule.params["link"]
    children, status = rule.params["children"], rule.params["status"]
    rag_vocab = _vocab_for(tracker, rule.sheet, rag)
    status_vocab = _vocab_for(tracker, children, status)
    concern_words = [t.term for t in status_vocab.terms if t.concern]

    def counts() -> pd.Series:
        child = context.frames.get(children)
        if child is None or link not in child or child.empty:
            return pd.Series(dtype=int)
        concern = _flag(child, status, status_vocab, "concern")
        names = child[link].map(lambda v: fold(str(v)) if v is not None else None)
        return concern.groupby(names).sum()

    def passes(frame: pd.DataFrame) -> pd.Series:
        green = rag_vocab.normalise_series(frame[rag]).map(
            lambda w: rag_vocab.term(w).colour == "green" if isinstance(w, str) else False)
        per_workstream = counts()
        late = frame[link].map(lambda v: int(per_workstream.get(fold(str(v)), 0)) if v else 0)
        return ~(green.astype(bool) & (late > 0))

    def detail(frame: pd.DataFrame, row: int) -> str:
        n = int(counts().get(fold(str(frame.at[row, link])), 0))
        words = " or ".join(concern_words)
        return f"{n} of its milestones {'is' if n == 1 else 'are'} {words}"

    return RuleCheck("green-with-concerns", rag, "a rating that reflects the late milestones",
                     passes, detail)


RULES: dict[str, Callable[[Rule, Tracker, Context], RuleCheck]] = {
    "done-without-date": done_without_date,
    "open-past-due": open_past_due,
    "green-with-concerns": green_with_concerns,
}
