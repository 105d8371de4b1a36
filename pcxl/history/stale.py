"""Stale narrative: highlights, escalations and risks carried unchanged from period to period.

A board that reads last month's words again learns nothing. An item is stale in a period when
the same words (compared folded: case, spacing and punctuation aside) were reported by the same
region for the same workstream in the periods just before it, for ``at_least`` periods in a row
(this one included). Highlights and escalations are compared on their text, risks on the risk
and its mitigation; next steps and completed actions are not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from pcxl.declaration import Tracker
from pcxl.history.store import list_periods, load_records
from pcxl.vocab import fold

STALE_COLUMNS = ("region", "workstream", "kind", "text", "periods_unchanged", "since")
STALE_KINDS = ("Highlight", "Escalation")  # of the Updates sheet; risks come from Risks


@dataclass
class StaleNarrative:
    """The stale items of one period (``STALE_COLUMNS``)."""

    tracker: str
    period: str
    table: pd.DataFrame


def _words(value: object) -> str:
    """Text compared for staleness: folded, punctuation and spacing aside."""
    if not isinstance(value, str):
        return ""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(value)).split())


def _items(frames: dict[str, pd.DataFrame]) -> dict[tuple, dict[str, object]]:
    """The period's narrative items by fingerprint (what must be unchanged to be stale)."""
    items: dict[tuple, dict[str, object]] = {}
    updates = frames.get("Updates")
    if updates is not None and not updates.empty:
        for row in updates.to_dict("records"):
            if row.get("kind") in STALE_KINDS:
                key = (row.get("region"), _words(row.get("workstream")), row["kind"],
                       _words(row.get("text")))
                items.setdefault(key, {"region": row.get("region"),
                                       "workstream": row.get("workstream"),
                                       "kind": row["kind"], "text": row.get("text")})
    risks = frames.get("Risks")
    if risks is not None and not risks.empty:
        for row in risks.to_dict("records"):
            key = (row.get("region"), _words(row.get("workstream")), "Risk",
                   _words(row.get("risk")), _words(row.get("mitigation")))
            items.setdefault(key, {"region": row.get("region"),
                                   "workstream": row.get("workstream"), "kind": "Risk",
                                   "text": row.get("risk")})
    return items


def stale_narrative(engine: Engine, tracker: Tracker, period: str, at_least: int = 2
                    ) -> pd.DataFrame:
    """The items of ``period`` reported unchanged for ``at_least`` recorded periods in a row
    (``STALE_COLUMNS``: ``periods_unchanged`` counts this period, ``since`` is the first of
    them), by region, workstream and kind."""
    names = [p for p, _ in list_periods(engine, tracker.name)]
    sheets = [s.name for s in tracker.sheets if s.name in ("Updates", "Risks")]
    if period not in names or not sheets:
        return pd.DataFrame(columns=list(STALE_COLUMNS), dtype=object)
    upto = names[:names.index(period) + 1]

    def items_of(name: str) -> dict[tuple, dict[str, object]]:
        return _items({s: load_records(engine, tracker.name, name, s) for s in sheets})

    current = items_of(period)
    count = {key: 1 for key in current}
    since = {key: period for key in current}
    alive = set(current)
    for name in reversed(upto[:-1]):
        if not alive:
            break
        earlier = items_of(name)
        alive &= set(earlier)
        for key in alive:
            count[key] += 1
            since[key] = name
    rows = [{**item, "periods_unchanged": count[key], "since": since[key]}
            for key, item in current.items() if count[key] >= at_least]
    table = pd.DataFrame(rows, columns=list(STALE_COLUMNS), dtype=object)
    if not table.empty:
        table = table.sort_values(["region", "workstream", "kind", "text"], kind="stable",
                                  key=lambda s: s.fillna("").astype(str))
    return table.reset_index(drop=True)
