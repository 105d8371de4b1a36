"""Stale narrative: highlights, escalations and risks carried unchanged from period to period.

A board that reads last month's words again learns nothing. An item is stale in a period when
the same words (compared folded: case, spacing and punctuation aside) were reported by the same
region for the same workstream in the periods just before it, for ``at_least`` periods in a row
(this one included). Highlights and escalations are compared on their text, risks on the risk
and its mitigation; next steps and completed actions are not flagged. ``pcxl stale`` lists them;
``stale_flags`` gives the consolidated workbook both the list and each row's periods unchanged,
matched by the same fingerprint.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from sqlalchemy.engine import Engine

from pcxl.dataset import Dataset
from pcxl.declaration import Tracker
from pcxl.history.store import list_periods, load_record_dicts, period_end_of, periods_before
from pcxl.vocab import fold

STALE_COLUMNS = ("region", "workstream", "kind", "text", "periods_unchanged", "since")
STALE_KINDS = ("Highlight", "Escalation")  # of the Updates sheet; risks come from Risks
STALE_SHEETS = {"Updates": "text", "Risks": "risk"}  # sheet -> the column its items need

Streaks = dict[tuple, dict[str, object]]


@dataclass
class StaleNarrative:
    """The stale items of one period (``STALE_COLUMNS``)."""

    tracker: str
    period: str
    table: pd.DataFrame


@dataclass
class StaleFlags:
    """A consolidation's stale narrative: the items (``STALE_COLUMNS``) and, for each of its
    narrative sheets, the periods each row has been unchanged (None where not stale)."""

    table: pd.DataFrame
    rows: dict[str, pd.Series]


def _words(value: object) -> str:
    """Text compared for staleness: folded, punctuation and spacing aside."""
    return _folded_words(value) if isinstance(value, str) else ""


@lru_cache(maxsize=1 << 16)
def _folded_words(text: str) -> str:
    """``_words`` of a text, remembered: workstreams and carried words repeat row after row."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def _fingerprint(sheet: str, row: Mapping[str, object]) -> tuple | None:
    """What must be unchanged for a row to be stale; None for rows never flagged."""
    if sheet == "Updates" and row.get("kind") in STALE_KINDS:
        return (row.get("region"), _words(row.get("workstream")), row["kind"],
                _words(row.get("text")))
    if sheet == "Risks":
        return (row.get("region"), _words(row.get("workstream")), "Risk",
                _words(row.get("risk")), _words(row.get("mitigation")))
    return None


Sheets = Mapping[str, pd.DataFrame | list[dict[str, object]]]


def _rows(frames: Sheets) -> list[tuple[str, int, tuple | None, dict]]:
    """Each row of the narrative sheets (frames, or records as loaded from the history):
    (sheet, position, fingerprint or None, row).

    A sheet without the column its items are read from (the programme report's Risks has no
    ``risk``) has no items: every row would share one empty fingerprint.
    """
    rows = []
    for sheet, needed in STALE_SHEETS.items():
        table = frames.get(sheet)
        if isinstance(table, pd.DataFrame):
            table = table.to_dict("records") if needed in table.columns else None
        if not table or needed not in table[0]:
            continue
        for position, row in enumerate(table):
            rows.append((sheet, position, _fingerprint(sheet, row), row))
    return rows


def _items(frames: Sheets) -> dict[tuple, dict[str, object]]:
    """The period's narrative items by fingerprint (what must be unchanged to be stale)."""
    items: dict[tuple, dict[str, object]] = {}
    for sheet, _, key, row in _rows(frames):
        if key is not None:
            items.setdefault(key, {"region": row.get("region"),
                                   "workstream": row.get("workstream"), "kind": key[2],
                                   "text": row.get("text" if sheet == "Updates" else "risk")})
    return items


def narrative_streaks(engine: Engine, tracker: Tracker, period: str,
                      frames: Mapping[str, pd.DataFrame] | None = None,
                      end: dt.date | None = None) -> Streaks:
    """Each narrative item of ``period`` by fingerprint, as a ``STALE_COLUMNS`` row: for how
    many recorded periods in a row it has been reported unchanged (this one counted) and since
    which. ``frames`` are the period's consolidated frames when they are at hand, so the period
    need not be recorded yet (``end``, its period end, places it); without them it must be."""
    sheets = [s.name for s in tracker.sheets if s.name in STALE_SHEETS]
    recorded = [p for p, _ in list_periods(engine, tracker.name)]
    if not sheets or (frames is None and period not in recorded):
        return {}
    upto = [*periods_before(engine, tracker.name, period, end), period]

    def items_of(name: str) -> dict[tuple, dict[str, object]]:
        return _items({s: load_record_dicts(engine, tracker.name, name, s) for s in sheets})

    current = _items(frames) if frames is not None else items_of(period)
    count = {key: 1 for key in current}
    since = {key: period for key in current}
    alive = set(current)
    for name in reversed(upto[:-1]):
        if not alive:
            break
        alive &= set(items_of(name))
        for key in alive:
            count[key] += 1
            since[key] = name
    return {key: {**item, "periods_unchanged": count[key], "since": since[key]}
            for key, item in current.items()}


def stale_table(streaks: Streaks, at_least: int = 2) -> pd.DataFrame:
    """The items of ``streaks`` unchanged for ``at_least`` periods or more (``STALE_COLUMNS``),
    by region, workstream and kind."""
    rows = [row for row in streaks.values() if row["periods_unchanged"] >= at_least]
    table = pd.DataFrame(rows, columns=list(STALE_COLUMNS), dtype=object)
    if not table.empty:
        table = table.sort_values(["region", "workstream", "kind", "text"], kind="stable",
                                  key=lambda s: s.fillna("").astype(str))
    return table.reset_index(drop=True)


def stale_narrative(engine: Engine, tracker: Tracker, period: str, at_least: int = 2
                    ) -> pd.DataFrame:
    """The items of ``period`` reported unchanged for ``at_least`` recorded periods in a row
    (``STALE_COLUMNS``: ``periods_unchanged`` counts this period, ``since`` is the first of
    them), by region, workstream and kind."""
    return stale_table(narrative_streaks(engine, tracker, period), at_least)


def unchanged_for(frames: Mapping[str, pd.DataFrame], streaks: Streaks, at_least: int = 2
                  ) -> dict[str, pd.Series]:
    """For each narrative sheet of ``frames`` (Updates, Risks), the periods each row has been
    reported unchanged, on the frame's index: None where fewer than ``at_least``, and no entry
    for a sheet without narrative to judge. Rows are matched to ``streaks`` by the fingerprint
    the stale listing uses, so the workbook flags exactly the rows behind the listed items."""
    periods: dict[str, list[object]] = {
        sheet: [None] * len(frames[sheet]) for sheet, needed in STALE_SHEETS.items()
        if sheet in frames and needed in frames[sheet].columns}
    for sheet, position, key, _ in _rows(frames):
        streak = streaks.get(key) if key is not None else None
        if streak is not None and streak["periods_unchanged"] >= at_least:
            periods[sheet][position] = int(streak["periods_unchanged"])
    return {sheet: pd.Series(values, index=frames[sheet].index, dtype=object,
                             name="unchanged_for") for sheet, values in periods.items()}


def stale_flags(engine: Engine, dataset: Dataset, at_least: int = 2) -> StaleFlags:
    """What of ``dataset`` is stale, items and rows, from one walk back through the periods
    recorded before it (it need not be recorded itself); nothing is stale in a first period."""
    end = period_end_of(dataset)
    if not periods_before(engine, dataset.tracker.name, dataset.period, end):
        return StaleFlags(stale_table({}, at_least), {})
    streaks = narrative_streaks(engine, dataset.tracker, dataset.period, dataset.frames, end)
    return StaleFlags(stale_table(streaks, at_least),
                      unchanged_for(dataset.frames, streaks, at_least))
