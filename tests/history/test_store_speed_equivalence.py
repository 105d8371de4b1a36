"""Recording column by column, in chunks, stores exactly what the per-row code stored.

``old_rows`` is the per-row code ``record_period`` used before it was made fast (a dict per row,
``_json_value`` per cell, ``json.dumps`` per record): the reference the fast path must match,
byte for byte, on awkward values.
"""

import datetime as dt
import json
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from pcxl.dataset import Dataset, empty_frame, sheet_keys
from pcxl.declaration import load_tracker
from pcxl.history import store
from pcxl.history.identity import _text_columns, map_distinct, record_keys
from pcxl.vocab import fold

HIGHLIGHT = load_tracker("highlight")
SMI = "Serious Mental Illness (SMI) LCS"
BST = dt.timezone(dt.timedelta(hours=1))
AWKWARD = 'Say "hi" \\ to Zoë – naïve ✓ \u00a0 \U0001f600'


def old_json_value(value):
    """A cell as the per-row code put it in JSON."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def old_record_keys(tracker, sheet_name, frame):
    """Row identities as the per-row code found them, a dict per row."""
    sheet = tracker.sheet(sheet_name)
    id_key = next((k for k in ("milestone_id", "id")
                   if k in sheet.keys and sheet.column(k).unique), None)
    keys, seen = [], Counter()
    for record in frame.to_dict("records"):
        region = fold(str(record.get("region") or ""))
        ident = record.get(id_key) if id_key else None
        if ident not in (None, "") and ident == ident:
            key, how = f"{region}|id:{fold(str(ident))}", "id"
        else:
            parts = [fold(str(record.get(k) or "")) for k in _text_columns(sheet)]
            key, how = f"{region}|" + "|".join(parts), "text"
        seen[key] += 1
        keys.append((key if seen[key] == 1 else f"{key}#{seen[key]}", how))
    return keys


def old_rows(dataset):
    """(sheet, record_key, matched_by, JSON text) as the per-row code stored each record."""
    rows = []
    for sheet in dataset.tracker.sheets:
        frame = dataset.frames[sheet.name]
        keys = old_record_keys(dataset.tracker, sheet.name, frame)
        for (key, how), record in zip(keys, frame.to_dict("records"), strict=True):
            rows.append((sheet.name, key, how,
                         json.dumps({k: old_json_value(v) for k, v in record.items()})))
    return rows


def milestone(text, **cells):
    """A consolidated Milestones row, its cells overridden by ``cells``."""
    return {"region": "West Sussex", "workstream": SMI, "milestone": text,
            "baseline_date": dt.date(2020, 12, 30), "baseline_date_precision": "day",
            "baseline_date_label": "30/12/20", "status": "On track",
            "source_file": "west.xlsx", "source_sheet": "Milestones",
            "source_row": np.int64(2), **cells}


MILESTONES = [
    milestone(AWKWARD, forecast_date=None, comment=np.nan, milestone_id=None),
    milestone(AWKWARD, forecast_date=np.nan, comment="", milestone_id=np.nan),
    milestone("SOP issued", milestone_id="WS-001-M01", comment=1,
              forecast_date=dt.datetime(2021, 1, 4, 9, 30)),
    milestone("SOP issued", milestone_id="", comment=1.0),
    milestone("SOP  ISSUED", comment=True, region="Brighton & Hove – Zoë"),
    milestone("Webinar", comment=np.float64(2.5), baseline_date=None, source_row=np.int64(7)),
    milestone("Webinar", comment=np.int64(7), region=None),
    milestone("Webinar", comment=-0.0, region=np.nan, status=None),
    milestone(AWKWARD, comment=[1, "two"], milestone_id="ws-001-m01"),
]


def awkward_dataset():
    """Every sheet of the highlight tracker, the Milestones full of awkward values."""
    frames = {s.name: empty_frame(s) for s in HIGHLIGHT.sheets}
    frames["Milestones"] = pd.DataFrame(
        MILESTONES, columns=sheet_keys(HIGHLIGHT.sheet("Milestones")), dtype=object,
    ).astype({"workstream": "str", "status": "str", "source_row": "int64"})
    frames["Updates"] = pd.DataFrame([
        {"region": "West Sussex", "workstream": SMI, "kind": "Highlight", "text": AWKWARD,
         "source_file": "west.xlsx", "source_sheet": "Updates", "source_row": 2}] * 3)
    returns = pd.DataFrame([{"region": "West Sussex", "file": "west.xlsx", "outcome": "accepted",
                             "errors": 0, "warnings": 1, "period_end": dt.date(2020, 11, 30),
                             "submitted_by": "Keith Hoare",
                             "submitted_on": dt.date(2020, 12, 3)}])
    return Dataset(HIGHLIGHT, frames, returns, period="Nov 2020", programme="Recovery")


def stored_rows(engine):
    text = sa.cast(store.records.c.data, sa.Text)
    with engine.connect() as conn:
        return conn.execute(sa.select(store.records.c.sheet, store.records.c.record_key,
                                      store.records.c.matched_by, text)).all()


@pytest.mark.parametrize("chunk", [2, store.CHUNK_ROWS])
def test_records_are_stored_byte_for_byte_as_the_per_row_code_stored_them(engine, monkeypatch,
                                                                         chunk):
    monkeypatch.setattr(store, "CHUNK_ROWS", chunk)
    dataset = awkward_dataset()
    recorded = store.record_period(engine, dataset)
    expected = old_rows(dataset)
    assert recorded.records == len(expected) == 12
    assert sorted(map(tuple, stored_rows(engine))) == sorted(expected)


def test_records_load_back_as_the_per_row_code_gave_them(engine, monkeypatch):
    monkeypatch.setattr(store, "CHUNK_ROWS", 4)
    dataset = awkward_dataset()
    store.record_period(engine, dataset)
    old = [r for r in old_rows(dataset) if r[0] == "Milestones"]
    expected = pd.DataFrame([{"record_key": k, "matched_by": m, **json.loads(d)}
                             for _, k, m, d in old], dtype=object)
    loaded = store.load_records(engine, "highlight", "Nov 2020", "Milestones")
    pd.testing.assert_frame_equal(loaded.sort_values("record_key", ignore_index=True),
                                  expected.sort_values("record_key", ignore_index=True))
    by_key = loaded.set_index("record_key")
    first = by_key.loc["west sussex|serious mental illness (smi) lcs|" + fold(AWKWARD)]
    assert first["milestone"] == AWKWARD
    assert (first["baseline_date"], first["forecast_date"], first["comment"]) == (
        "2020-12-30", None, None)
    assert first["source_row"] == 2
    by_id = "west sussex|id:" + fold("WS-001-M01")
    assert by_key.loc[by_id, "forecast_date"] == "2021-01-04T09:30:00"
    assert by_key.loc[f"{by_id}#2", "comment"] == [1, "two"]
    keys = [k for k, _ in record_keys(HIGHLIGHT, "Milestones", dataset.frames["Milestones"])]
    assert [type(c).__name__ for c in by_key.loc[keys[2:7], "comment"]] == [
        "int", "float", "bool", "float", "int"]


def test_duplicate_keys_are_numbered_across_chunks(engine, monkeypatch):
    monkeypatch.setattr(store, "CHUNK_ROWS", 1)
    store.record_period(engine, awkward_dataset())
    updates = store.load_records(engine, "highlight", "Nov 2020", "Updates")
    key = "west sussex|serious mental illness (smi) lcs|" + fold(AWKWARD)
    assert updates["record_key"].tolist() == [key, f"{key}#2", f"{key}#3"]


def test_record_keys_follow_the_per_row_rules_slice_by_slice():
    frame = awkward_dataset().frames["Milestones"]
    seen: Counter[str] = Counter()
    sliced = [k for start in range(0, len(frame), 2)
              for k in record_keys(HIGHLIGHT, "Milestones", frame.iloc[start:start + 2], seen)]
    assert sliced == record_keys(HIGHLIGHT, "Milestones", frame) == old_record_keys(
        HIGHLIGHT, "Milestones", frame)
    assert [how for _, how in sliced].count("id") == 2


def test_a_failure_in_a_later_chunk_leaves_the_database_as_it_was(engine, monkeypatch):
    monkeypatch.setattr(store, "CHUNK_ROWS", 2)
    dataset = awkward_dataset()
    store.record_period(engine, dataset)
    before = sorted(map(tuple, stored_rows(engine)))
    dataset.frames["Milestones"].loc[len(MILESTONES) - 1, "comment"] = object()
    with pytest.raises(store.HistoryError, match="left as it was"):
        store.record_period(engine, dataset)
    assert sorted(map(tuple, stored_rows(engine))) == before


def test_problems_are_stored_as_text_with_blanks_as_null(engine):
    found = pd.DataFrame([{"file": "west.xlsx", "sheet": "Milestones", "cell": None,
                           "column": np.nan, "value": 31, "expected": AWKWARD,
                           "severity": "error", "code": "impossible-date", "message": "x"}] * 3)
    store.record_period(engine, awkward_dataset(), found=found)
    problems = store.load_problems(engine, "highlight", "Nov 2020")
    assert len(problems) == 3
    assert problems.iloc[0].to_dict() == {
        "file": "west.xlsx", "sheet": "Milestones", "cell": None, "column": None, "value": "31",
        "expected": AWKWARD, "severity": "error", "code": "impossible-date", "message": "x"}


CELLS = st.one_of(st.none(), st.just(np.nan), st.just(pd.NaT), st.booleans(),
                  st.integers(-3, 3), st.sampled_from([0.0, -0.0, 1.0, 1.5]),
                  st.sampled_from(["", "a", "A", "1", "é"]),
                  st.integers(-3, 3).map(np.int64),
                  st.sampled_from([dt.date(2020, 1, 1), dt.datetime(2020, 1, 1),
                                   dt.datetime(2020, 1, 1, 12, tzinfo=dt.timezone.utc),
                                   dt.datetime(2020, 1, 1, 13, tzinfo=BST)]))


@settings(max_examples=200, deadline=None)
@given(st.lists(CELLS, max_size=12), st.sampled_from([object, "str", None]))
def test_mapping_distinct_values_gives_what_mapping_every_value_gives(values, dtype):
    try:
        column = pd.Series(values, dtype=dtype)
    except (TypeError, ValueError):
        column = pd.Series(values, dtype=object)
    assert map_distinct(column, shown) == [shown(v) for v in column.tolist()]


def shown(value):
    """A value as the store uses it: its text and its Python type (numpy scalars as Python's)."""
    return str(value), type(value.item() if isinstance(value, np.generic) else value)


def test_a_text_column_is_mapped_once_per_distinct_value_in_order_of_first_sight():
    seen = []
    column = pd.Series(["b", None, "a", "b", None, "a"], dtype=object)
    mapped = map_distinct(column, lambda value: seen.append(value) or f"<{value}>")
    assert mapped == ["<b>", "<None>", "<a>", "<b>", "<None>", "<a>"]
    assert seen == ["b", None, "a"]


def test_whole_numbers_and_truth_values_in_one_column_are_still_kept_apart():
    column = pd.Series([1, True, 0, False, 1], dtype=object)
    assert map_distinct(column, shown) == [("1", int), ("True", bool), ("0", int),
                                           ("False", bool), ("1", int)]
