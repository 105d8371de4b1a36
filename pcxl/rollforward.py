"""Roll a tracker forward: next period's return for every region, pre-filled from the history.

A team then edits what changed instead of retyping. What each written return holds, from the
region's latest recorded data (the period asked for, or the last one before it that the region
returned):

- About: programme, region, the next reporting period (``December 2020``) and who submitted
  last time (the store keeps no About values per region, so "Submitted by" is the region's
  workstream ``Slide updated by``; the team changes it if someone else sends the return);
- every sheet's rows as recorded, dates written back as the text the team typed or would see
  (``30/09/20``, ``w/c 16/11/20``, ``Nov 2020``, ``TBC``), so nothing is re-read differently;
- Milestones: every milestone, with a Milestone ID (an existing one kept; otherwise
  ``<workstream ID>-M<nn>``, the first number not yet used in the return), so next period's
  return is matched by ID even when a milestone's wording is edited (the IDs given are also
  recorded against the period's milestones in the history). Achieved and completed
  milestones are kept: next period's changes would otherwise report them dropped, and the deck
  reads "achieved since last report" from them; a team deletes them when the board no longer
  needs to see them;
- Actions: the open ones only (completed actions are this period's news, cleared);
- Updates (highlights, escalations, completed actions, next steps): cleared, they are this
  period's narrative;
- Risks, Workstreams and the programme-level sheets: kept as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pcxl.config import TrackerConfig
from pcxl.dataset import date_as_written
from pcxl.dates import DateReading, read_date
from pcxl.declaration import Sheet, Tracker
from pcxl.errors import InputError
from pcxl.excel.fill import write_return
from pcxl.history.store import list_periods, load_records, periods, records
from pcxl.vocab import fold

CLEARED_SHEETS = ("Updates",)
Rows = dict[str, list[dict[str, object]]]
Edit = Callable[[dict[str, object], Rows], None]
ID_KEY = "milestone_id"


def next_period_label(period: str) -> str:
    """The month after ``period`` as a team writes it: ``Nov 2020`` -> ``December 2020``."""
    reading = read_date(period)
    if not reading.last:
        raise InputError(f"{period!r} is not a reporting period pcxl can read")
    return (reading.last.end + dt.timedelta(days=1)).strftime("%B %Y")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _filled(value: object) -> bool:
    return value is not None and value == value and value != ""


def _programme(engine: Engine, tracker: str, period: str) -> str | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(periods.c.programme).where(
            periods.c.tracker == tracker, periods.c.period == period)).first()
    return row[0] if row else None


def _as_typed(sheet: Sheet, record: Mapping[str, object], reference: dt.date | None
              ) -> dict[str, object]:
    """A recorded row as the team would see it in the template: dates as they wrote them."""
    row: dict[str, object] = {}
    for column in sheet.columns:
        value = (_date_carried(record, column.key, column.pick, reference) if column.is_date
                 else record.get(column.key))
        if _filled(value):
            row[column.key] = value
    return row


def _date_carried(record: Mapping[str, object], key: str, pick: str,
                  reference: dt.date | None) -> object:
    """A recorded date for next period's return: as the team wrote it when it still reads as
    the same date in the next period (``End of October`` names no year), else its label."""
    written, label = date_as_written(record, key), record.get(f"{key}_label")
    if not isinstance(label, str) or written == label:
        return written
    now, was = (read_date(v, reference) for v in (written, label))
    return written if now.ok and _meaning(now, pick) == _meaning(was, pick) else label


def _meaning(reading: DateReading, pick: str) -> tuple[dt.date | None, bool]:
    picked = reading.pick(pick)
    return (picked.end if picked else None), reading.to_be_confirmed


def _done_terms(tracker: Tracker) -> set[str]:
    try:
        return {t.term for t in tracker.vocabulary("status").terms if t.done}
    except KeyError:
        return set()


def _with_ids(rows: list[dict[str, object]], workstream_ids: Mapping[str, str]) -> None:
    """Give every milestone without an ID ``<workstream ID>-M<nn>``, unique in the return."""
    used = {str(r[ID_KEY]).strip().casefold() for r in rows if _filled(r.get(ID_KEY))}
    for row in rows:
        if _filled(row.get(ID_KEY)):
            continue
        name = str(row.get("workstream") or "")
        prefix = workstream_ids.get(name) or _slug(name).upper()[:12] or "MS"
        number = 1
        while f"{prefix}-M{number:02d}".casefold() in used:
            number += 1
        row[ID_KEY] = f"{prefix}-M{number:02d}"
        used.add(row[ID_KEY].casefold())


def region_rows(tracker: Tracker, frames: Mapping[str, pd.DataFrame], region: str,
                assigned: dict[str, str] | None = None, reference: dt.date | None = None
                ) -> dict[str, list[dict[str, object]]]:
    """One region's rows for next period's return, from its recorded sheets (see module).

    ``assigned``, when given, receives the record key of every milestone given a new ID, and
    that ID. ``reference`` is the next period's end, which dates written without a year are
    read against there.
    """
    done = _done_terms(tracker)
    sheets: dict[str, list[dict[str, object]]] = {}
    keys: list[str] = []
    for sheet in tracker.sheets:
        frame = frames.get(sheet.name)
        if sheet.name in CLEARED_SHEETS or frame is None or frame.empty:
            sheets[sheet.name] = []
            continue
        mine = frame[frame["region"] == region]
        if "source_row" in mine:
            mine = mine.sort_values("source_row", kind="stable")
        rows = [_as_typed(sheet, r, reference) for r in mine.to_dict("records")]
        if sheet.name == "Actions":
            rows = [r for r in rows if r.get("status") not in done]
        sheets[sheet.name] = rows
        if sheet.name == "Milestones":
            keys = list(mine["record_key"])
    if _has_sheet(tracker, "Milestones") and ID_KEY in tracker.sheet("Milestones").keys:
        ids = {str(r.get("workstream")): str(r.get("id")) for r in sheets.get("Workstreams", [])
               if _filled(r.get("id"))}
        before = [r.get(ID_KEY) for r in sheets["Milestones"]]
        _with_ids(sheets["Milestones"], ids)
        if assigned is not None:
            assigned.update({key: row[ID_KEY] for key, row, was in
                             zip(keys, sheets["Milestones"], before, strict=True)
                             if not _filled(was)})
    return sheets


def record_assigned_ids(engine: Engine, tracker: str, period: str, region: str,
                        assigned: Mapping[str, str]) -> None:
    """Give the recorded milestones of ``period`` the IDs their rolled-forward rows carry, so
    next period's return (matched by ID) follows them even when its wording is edited."""
    if not assigned:
        return
    query = (sa.select(records.c.record_key, records.c.data, records.c.period_id)
             .join(periods, periods.c.id == records.c.period_id)
             .where(periods.c.tracker == tracker, periods.c.period == period,
                    records.c.sheet == "Milestones", records.c.record_key.in_(list(assigned))))
    with engine.begin() as conn:
        for key, data, period_id in conn.execute(query).all():
            data = dict(data if isinstance(data, dict) else json.loads(data))
            data[ID_KEY] = assigned[key]
            conn.execute(records.update().where(
                records.c.period_id == period_id, records.c.sheet == "Milestones",
                records.c.record_key == key).values(
                record_key=f"{fold(region)}|id:{fold(assigned[key])}", matched_by="id",
                data=data))


def _has_sheet(tracker: Tracker, name: str) -> bool:
    return any(s.name == name for s in tracker.sheets)


def _latest_with(engine: Engine, tracker: Tracker, names: list[str], region: str
                 ) -> str | None:
    """The latest of ``names`` (newest last) in which ``region`` has recorded rows."""
    first = tracker.sheets[0].name
    for name in reversed(names):
        frame = load_records(engine, tracker.name, name, first)
        if not frame.empty and (frame["region"] == region).any():
            return name
    return None


def roll_forward(history: Engine, tracker: Tracker, period: str, output_dir: Path | str,
                 regions: Iterable[str] | TrackerConfig | None = None,
                 next_period: str | None = None, edit: Edit | None = None) -> list[Path]:
    """Write next period's pre-filled return for every expected region; the paths written.

    ``period`` is a recorded period label (``Nov 2020``). ``regions`` are the expected regions
    (names, or the tracker's configuration); by default every region recorded in ``period``,
    alphabetically. A
    region with nothing recorded in ``period`` gets its latest earlier data, or, never having
    returned, a blank template with its About filled. ``edit``, when given, is called with each
    region's About values and rows (to change in place) before its return is written: what a
    team would type, for demos and tests.
    """
    known = [p for p, _ in list_periods(history, tracker.name)]
    if period not in known:
        raise InputError(f"no {tracker.name} period {period!r} is recorded; recorded periods: "
                         f"{', '.join(known) or 'none'}")
    upto = known[:known.index(period) + 1]
    if isinstance(regions, TrackerConfig):
        regions = [r.name for r in regions.regions] or None
    if regions is None:
        first = load_records(history, tracker.name, period, tracker.sheets[0].name)
        regions = [] if first.empty else sorted({r for r in first["region"] if _filled(r)})
    label = next_period or next_period_label(period)
    last = read_date(label).last
    reference = last.end if last else None
    programme = _programme(history, tracker.name, period)
    cache: dict[str, dict[str, pd.DataFrame]] = {}
    written = []
    for region in regions:
        source = _latest_with(history, tracker, upto, region)
        if source is not None and source not in cache:
            cache[source] = {s.name: load_records(history, tracker.name, source, s.name)
                             for s in tracker.sheets}
        assigned: dict[str, str] = {}
        sheets = (region_rows(tracker, cache[source], region, assigned, reference) if source
                  else {})
        if source:
            record_assigned_ids(history, tracker.name, source, region, assigned)
        submitted = next((r.get("updated_by") for r in sheets.get("Workstreams", [])
                          if _filled(r.get("updated_by"))), None)
        about = {"programme": programme, "region": region, "period": label,
                 "submitted_by": submitted}
        if edit is not None:
            edit(about, sheets)
        path = Path(output_dir) / f"{tracker.name}_{_slug(region)}_{_slug(label)}.xlsx"
        if not any(f.key == "region" for f in tracker.about):  # its file name names the region
            path = Path(output_dir) / f"{tracker.name}_{_slug(label)}" / f"{_slug(region)}.xlsx"
        written.append(write_return(tracker, path, about, sheets))
    return written
