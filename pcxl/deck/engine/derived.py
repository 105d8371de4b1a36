"""Fields pcxl works out for each record, beside the sheet's own columns (docs/layouts.md).

On a sheet with dates and a status (a column whose vocabulary marks words done):

- ``due``: the date the record is due, as typed: the later date column (the forecast) when it
  holds a date, else the first (the baseline).
- ``due_was``: the date it was due before, to print struck through above ``due``: with history
  (``Dataset.changes``), last period's date when the forecast moved since; else the first date
  column when the forecast differs from it; else nothing.
- ``overdue``: "Overdue" when the record is not done and was due before the reporting period
  began (late against the report date, not slipped); else nothing.
- ``days_late``: how many days the forecast is after the baseline (a number, negative when
  earlier: the slip), when both hold dates; else nothing.
- ``moved``: with history, how far the forecast moved since last period ("+21 days"), "New" for
  a record first reported this period, else "Not moved"; nothing without history.

On the sheet the history names its rows by (the workstreams), each vocabulary column ``x`` gets
``x_trend``: with history, ▲ better, ▼ worse or ► the same as last period; else nothing; and
``achieved``: with history, the milestones achieved since last period, one a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pcxl.dataset import Dataset, date_as_written
from pcxl.deck.cell_text import as_date
from pcxl.deck.changes import TREND_MARKS, History, Move
from pcxl.deck.content import DeckSpec, period_start
from pcxl.declaration import Column, Sheet, Tracker

OVERDUE = "Overdue"
NOT_MOVED, NEW = "Not moved", "New"
Scope = dict  # field name -> data.Value (a dict here to keep this module below data.py)


@dataclass(frozen=True)
class Roles:
    """Which columns of a sheet say when a record is due and whether it is done."""

    status: str | None
    baseline: str | None
    forecast: str | None
    label: str
    link: str | None


def roles(tracker: Tracker, sheet: Sheet) -> Roles | None:
    """The due-date roles of ``sheet``'s columns; None for a sheet with no date column."""
    dates = [c for c in sheet.columns if c.is_date]
    if not dates:
        return None
    status = next((c.key for c in sheet.columns if c.vocab and any(
        t.done for t in tracker.vocabulary(c.vocab).terms)), None)
    baseline = next((c.key for c in dates if c.pick == "first"), dates[0].key)
    forecast = next((c.key for c in reversed(dates) if c.key != baseline), None)
    label = next((c.key for c in sheet.columns if c.required and not c.references
                  and not c.vocab and not c.is_date), sheet.columns[0].key)
    link = next((c.key for c in sheet.columns if c.references), None)
    return Roles(status, baseline, forecast, label, link)


def derived_columns(tracker: Tracker, sheet: Sheet) -> dict[str, Column]:
    """The fields this module adds to ``sheet``'s records, for checking a layout."""
    found: dict[str, Column] = {}
    if roles(tracker, sheet) is not None:
        found |= {k: Column(k, k.replace("_", " ").capitalize())
                  for k in ("due", "due_was", "overdue", "days_late", "moved")}
    spec = DeckSpec.of(tracker)
    if sheet.name == spec.sheet.name:
        found |= {f"{c.key}_trend": Column(f"{c.key}_trend", f"{c.header} trend")
                  for c in sheet.columns if c.vocab}
        found["achieved"] = Column("achieved", "Achieved since last period")
    return found


@dataclass(frozen=True)
class _Context:
    start: dt.date | None
    history: History | None
    spec: DeckSpec
    roles: dict[str, Roles | None]  # each sheet's, by name: worked out once per deck


_LAST: list[tuple[Dataset, _Context]] = []  # the dataset being drawn, worked out once


def _context(dataset: Dataset) -> _Context:
    if not _LAST or _LAST[0][0] is not dataset:
        tracker = dataset.tracker
        _LAST[:] = [(dataset, _Context(period_start(dataset), History.of(dataset.changes),
                                       DeckSpec.of(tracker),
                                       {s.name: roles(tracker, s) for s in tracker.sheets}))]
    return _LAST[0][1]


def _label(row: Mapping, key: str | None) -> str:
    if key is None:
        return ""
    return date_as_written(row, key) or ""


def _moved(history: History | None, move: Move | None, *key: object) -> str:
    if history is None:
        return ""
    if move is not None and move.days is not None:
        return f"{move.days:+d} day" + ("" if abs(move.days) == 1 else "s")
    return NEW if history.is_new(*key) else NOT_MOVED


def derived_values(dataset: Dataset, sheet: Sheet, row: Mapping) -> dict[str, object]:
    """The derived fields of one record: text ("" when a field has nothing to say), and
    ``days_late`` a number (None without one)."""
    tracker = dataset.tracker
    context = _context(dataset)
    found: dict[str, object] = {}
    role = context.roles[sheet.name]
    if role is not None:
        due_key = role.forecast if _label(row, role.forecast) else role.baseline
        due = _label(row, due_key)
        was = _label(row, role.baseline) if due_key != role.baseline else ""
        key = (row.get("region"), row.get(role.link) if role.link else "", row.get(role.label))
        move = context.history.moved(*key) if context.history else None
        if move is not None and move.before and move.before != due:
            was = move.before
        when = as_date(row.get(due_key)) or as_date(row.get(role.baseline))
        word = row.get(role.status) if role.status else None
        vocab = sheet.column(role.status).vocab if role.status else None
        term = tracker.vocabulary(vocab).term(word) if vocab and isinstance(word, str) else None
        done = bool(term and term.done)
        late = bool(context.start and when and when < context.start and not done)
        baseline = as_date(row.get(role.baseline))
        forecast = as_date(row.get(role.forecast)) if role.forecast else None
        found |= {"due": due, "due_was": "" if was == due else was,
                  "overdue": OVERDUE if late else "",
                  "days_late": (forecast - baseline).days if baseline and forecast else None,
                  "moved": _moved(context.history, move, *key)}
    if sheet.name == context.spec.sheet.name:
        for c in sheet.columns:
            if not c.vocab:
                continue
            trend = None
            if context.history is not None:
                vocab = tracker.vocabulary(c.vocab)
                word = row.get(c.key)
                spelled = (vocab.normalise(word) or word) if isinstance(word, str) else None
                trend = context.history.trend(row.get("region"), row.get(context.spec.title),
                                              c.header, spelled, vocab.normalise)
            found[f"{c.key}_trend"] = TREND_MARKS[trend] if trend else ""
        achieved = (context.history.achievements(row.get("region"), row.get(context.spec.title))
                    if context.history else [])
        found["achieved"] = "\n".join(achieved)
    return found
