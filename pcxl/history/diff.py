"""What changed since the previous reporting period: dates moved, statuses, ratings, rows.

Works from the declaration: the milestone-like sheet is the one with a status vocabulary and
date columns (its due date is the forecast where given, else the baseline), ratings are the
columns of the ``rag`` vocabulary. Rows are matched across periods by their identity
(``pcxl.history.identity``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from pcxl.dataset import Dataset, date_as_written
from pcxl.declaration import Sheet, Tracker
from pcxl.history.store import load_record_dicts, period_end_of, periods_before, record_dicts

CHANGE_COLUMNS = ("region", "workstream", "item", "change", "before", "after", "days_moved",
                  "days_vs_baseline", "record_key")


@dataclass
class PeriodChanges:
    """Changes from ``previous`` to ``period`` (``previous`` is None for the first period)."""

    tracker: str
    period: str
    previous: str | None
    table: pd.DataFrame


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


@dataclass(frozen=True)
class _Roles:
    """Which columns of a sheet play which part in a change."""

    sheet: Sheet
    status: str | None
    baseline: str | None
    forecast: str | None
    label: str
    group: str | None


def _milestone_roles(tracker: Tracker) -> _Roles | None:
    for sheet in tracker.sheets:
        status = next((c.key for c in sheet.columns if c.vocab == "status"), None)
        dates = [c for c in sheet.columns if c.is_date]
        if status and dates:
            baseline = next((c.key for c in dates if c.pick == "first"), dates[0].key)
            forecast = next((c.key for c in dates if c.key != baseline), None)
            label = next((c.key for c in sheet.columns if c.required and not c.references
                          and not c.vocab and not c.is_date), sheet.columns[0].key)
            group = next((c.key for c in sheet.columns if c.references), None)
            return _Roles(sheet, status, baseline, forecast, label, group)
    return None


Record = dict[str, object]


def _due(row: Record, roles: _Roles) -> dt.date | None:
    forecast = _date(row.get(roles.forecast)) if roles.forecast else None
    return forecast or _date(row.get(roles.baseline))


def _due_label(row: Record, roles: _Roles) -> str:
    for key in (roles.forecast, roles.baseline):
        label = date_as_written(row, key) if key else None
        if label:
            return label
    return ""


def _row(row: Record, roles: _Roles, change: str, before: object, after: object,
         **extra: object) -> dict[str, object]:
    return {"region": row.get("region"), "workstream": row.get(roles.group) if roles.group else "",
            "item": row.get(roles.label), "change": change, "before": before, "after": after,
            "days_moved": extra.get("days_moved"),
            "days_vs_baseline": extra.get("days_vs_baseline"), "record_key": row["record_key"]}


def _milestone_changes(tracker: Tracker, roles: _Roles, rows: list[Record],
                       before: list[Record]) -> list[dict[str, object]]:
    done = {t.term for t in tracker.vocabulary("status").terms if t.done}
    found: list[dict[str, object]] = []
    old = {row["record_key"]: row for row in before}
    new_keys = {row["record_key"] for row in rows}
    for row in rows:
        prev = old.get(row["record_key"])
        if prev is None:
            found.append(_row(row, roles, "added", None, _due_label(row, roles)))
            continue
        was, is_ = prev.get(roles.status), row.get(roles.status)
        if is_ in done and was not in done:
            found.append(_row(row, roles, "achieved", was, is_))
        elif was != is_:
            found.append(_row(row, roles, "status changed", was, is_))
        due_now, due_before = _due(row, roles), _due(prev, roles)
        if due_now and due_before and due_now != due_before:
            baseline = _date(row.get(roles.baseline))
            found.append(_row(row, roles, "forecast moved", _due_label(prev, roles),
                              _due_label(row, roles),
                              days_moved=(due_now - due_before).days,
                              days_vs_baseline=(due_now - baseline).days if baseline else None))
    for key, prev in old.items():
        if key not in new_keys:
            found.append(_row(prev, roles, "dropped", _due_label(prev, roles), None))
    return found


def _rating_changes(tracker: Tracker, now: list[Record], before: list[Record],
                    sheet: Sheet) -> list[dict[str, object]]:
    rags = [c for c in sheet.columns if c.vocab == "rag"]
    if not rags or not now or not before:
        return []
    name = "workstream" if "workstream" in sheet.keys else sheet.columns[0].key
    old = {row["record_key"]: row for row in before}
    found = []
    for row in now:
        prev = old.get(row["record_key"])
        if prev is None:
            continue
        for column in rags:
            was, is_ = prev.get(column.key), row.get(column.key)
            if was != is_:
                found.append({"region": row.get("region"), "workstream": row.get(name),
                              "item": column.header, "change": "rating changed",
                              "before": was, "after": is_, "days_moved": None,
                              "days_vs_baseline": None, "record_key": row["record_key"]})
    return found


def period_changes(engine: Engine, tracker: Tracker, period: str,
                   dataset: Dataset | None = None) -> PeriodChanges:
    """Every change from the previous recorded period to ``period``, per region and workstream.

    ``dataset`` is the period's consolidation when it is at hand: its rows are compared as they
    are (or will be) recorded, so the changes need not wait for the period to be stored.
    """
    end = period_end_of(dataset) if dataset is not None else None
    earlier = periods_before(engine, tracker.name, period, end)
    previous = earlier[-1] if earlier else None
    rows: list[dict[str, object]] = []
    if previous is not None:
        def both(sheet: str) -> tuple[list[Record], list[Record]]:
            now = (record_dicts(dataset, sheet) if dataset is not None
                   else load_record_dicts(engine, tracker.name, period, sheet))
            return now, load_record_dicts(engine, tracker.name, previous, sheet)

        roles = _milestone_roles(tracker)
        if roles:
            rows += _milestone_changes(tracker, roles, *both(roles.sheet.name))
        for sheet in tracker.sheets:
            if any(c.vocab == "rag" for c in sheet.columns):
                rows += _rating_changes(tracker, *both(sheet.name), sheet)
    table = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS), dtype=object)
    order = {"rating changed": 0, "forecast moved": 1, "status changed": 2, "achieved": 3,
             "added": 4, "dropped": 5}
    if not table.empty:
        table = table.assign(_o=table["change"].map(order)).sort_values(
            ["region", "workstream", "_o", "item"], kind="stable").drop(columns="_o")
    return PeriodChanges(tracker.name, period, previous, table.reset_index(drop=True))
