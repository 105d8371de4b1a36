"""Build consolidated Datasets for deck tests, so a test reads as a sentence.

``make_dataset(regions=[...], workstreams=[workstream(...)], milestones=[milestone(...)], ...)``
fills every frame with the columns ``pcxl.dataset`` documents: ``region``, each declared key,
``<key>``/``<key>_precision``/``<key>_label``/``<key>_written`` for dates (read with
``pcxl.dates`` as written, e.g. ``"30/09/20"``, ``"w/c 16/11/20"``, ``"TBC"``) and provenance.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable

import pandas as pd

from pcxl.dataset import RETURNS_COLUMNS, Dataset, sheet_keys
from pcxl.dates import as_written, read_date
from pcxl.declaration import Sheet, Tracker, load_tracker

PROGRAMME = "Primary Care Restoration and Recovery Programme"
PERIOD = "Nov 2020"
PERIOD_END = dt.date(2020, 11, 30)
WEST = "West Sussex"
REGIONS = ("West Sussex", "East Sussex", "Brighton and Hove")


def workstream(name: str, region: str = WEST, **fields: object) -> dict:
    """A Workstreams row: open, Green/Green, General Practice leads unless told otherwise."""
    row = {"workstream": name, "region": region, "id": f"WS-{zlib.crc32(name.encode()) % 1000:03d}",
           "group": "General Practice", "type": "Restoration", "sro": "Karen Breen",
           "silver_lead": "Sarah Henley", "pmo_support": "DK / CK / AC",
           "updated_by": "Keith Hoare", "restoration_rag": "Green", "delivery_rag": "Green",
           "state": "Open"}
    row.update(fields)
    return row


def milestone(ws: str, text: str, baseline: str | None = None, status: str | None = None, *,
              forecast: str | None = None, region: str = WEST, comment: str | None = None) -> dict:
    """A Milestones row; dates as a team writes them."""
    return {"workstream": ws, "milestone": text, "baseline_date": baseline,
            "forecast_date": forecast, "status": status, "comment": comment, "region": region}


def update(ws: str, kind: str, text: str, *, region: str = WEST) -> dict:
    """An Updates row: kind Highlight, Escalation, Action completed or Next step."""
    return {"workstream": ws, "kind": kind, "text": text, "region": region}


def highlight(ws: str, text: str, *, region: str = WEST) -> dict:
    return update(ws, "Highlight", text, region=region)


def escalation(ws: str, text: str, *, region: str = WEST) -> dict:
    return update(ws, "Escalation", text, region=region)


def completed(ws: str, text: str, *, region: str = WEST) -> dict:
    return update(ws, "Action completed", text, region=region)


def action(ws: str, text: str, group: str = "Patients", target: str | None = None,
           owner: str = "", *, region: str = WEST) -> dict:
    """An Actions row (key action outstanding)."""
    return {"workstream": ws, "action": text, "group": group, "target_date": target,
            "owner": owner, "region": region}


def _frame(tracker: Tracker, sheet: Sheet, rows: Iterable[dict]) -> pd.DataFrame:
    records = []
    for n, given in enumerate(rows, start=2):
        record: dict[str, object] = {"region": given.get("region", WEST)}
        for column in sheet.columns:
            value = given.get(column.key)
            if column.is_date:
                reading = read_date(value, PERIOD_END)
                parsed = reading.pick(column.pick)
                record[column.key] = parsed.end if parsed else None
                record[f"{column.key}_precision"] = parsed.precision if parsed else None
                record[f"{column.key}_label"] = (parsed.label if parsed else
                                                 "TBC" if reading.to_be_confirmed else None)
                record[f"{column.key}_written"] = as_written(value, parsed)
            elif column.vocab and value is not None:
                vocab = tracker.vocabulary(column.vocab)
                record[column.key] = vocab.normalise(value) or value
            else:
                record[column.key] = value
        record.update(source_file=f"{record['region']}.xlsx", source_sheet=sheet.name,
                      source_row=n)
        records.append(record)
    return pd.DataFrame(records, columns=sheet_keys(sheet))


def make_dataset(regions: Iterable[str] = (WEST,), workstreams: Iterable[dict] = (),
                 milestones: Iterable[dict] = (), updates: Iterable[dict] = (),
                 actions: Iterable[dict] = (), *, tracker: Tracker | None = None,
                 period: str = PERIOD, programme: str = PROGRAMME) -> Dataset:
    """A Dataset of the highlight tracker with one accepted return per region."""
    tracker = tracker or load_tracker("highlight")
    given = {"Workstreams": list(workstreams), "Milestones": list(milestones),
             "Updates": list(updates), "Actions": list(actions)}
    frames = {s.name: _frame(tracker, s, given.get(s.name, ())) for s in tracker.sheets}
    returns = pd.DataFrame(
        [{"region": r, "programme": programme, "period": period, "period_end": PERIOD_END,
          "submitted_by": "Keith Hoare", "submitted_on": PERIOD_END, "file": f"{r}.xlsx",
          "tracker": tracker.name, "version": tracker.version, "outcome": "accepted",
          "errors": 0, "warnings": 0} for r in regions],
        columns=RETURNS_COLUMNS)
    return Dataset(tracker, frames, returns, period=period, programme=programme)
