"""The demo's later reporting periods: declared edits (``periods.yaml``) to rolled-forward returns.

Each later period starts from ``pcxl.rollforward`` (so milestone IDs flow from month to month)
and applies the region's edits from ``periods.yaml``: forecasts slip by a number of days,
milestones become achieved or are reworded, added or dropped, a RAG rating changes, and the
period's narrative is typed. An edit naming a milestone or workstream that is not there is an
error, so the data cannot drift from the seed silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from pcxl.dates import read_date
from pcxl.rollforward import Edit, Rows
from pcxl.vocab import fold

PERIODS_FILE = Path(__file__).parent / "periods.yaml"


@dataclass(frozen=True)
class DemoPeriod:
    """One later period: its name and each region's edits, in order."""

    period: str
    regions: dict[str, list[dict]]


def demo_periods(path: Path = PERIODS_FILE) -> list[DemoPeriod]:
    """The declared later periods, oldest first."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [DemoPeriod(str(p["period"]), {str(k): list(v or ()) for k, v in
                                          p["regions"].items()})
            for p in data["periods"]]


def _milestone(rows: list[dict], text: str, workstream: str | None = None) -> dict:
    """The milestone named by ``text`` (exactly, else a unique beginning of it)."""
    pool = [r for r in rows if workstream is None or r.get("workstream") == workstream]
    wanted = fold(text)
    exact = [r for r in pool if fold(str(r.get("milestone") or "")) == wanted]
    found = exact or [r for r in pool if fold(str(r.get("milestone") or "")).startswith(wanted)]
    if len(found) != 1:
        raise ValueError(f"demo period edit: {len(found)} milestones match {text!r}")
    return found[0]


def _due(row: dict, reference: dt.date | None) -> dt.date:
    for key in ("forecast_date", "baseline_date"):
        reading = read_date(row.get(key), reference) if row.get(key) else None
        if reading and reading.last:
            return reading.last.end
    raise ValueError(f"demo period edit: {row.get('milestone')!r} has no date to slip from")


def apply_edit(edit: dict, sheets: Rows, reference: dt.date | None = None) -> None:
    """Apply one declared edit to a region's rows (see ``periods.yaml``); ``reference``, the
    period's end, gives a year to dates written without one (``End of October``)."""
    milestones = sheets["Milestones"]
    if "add" in edit:
        workstreams = {w["workstream"] for w in sheets["Workstreams"]}
        if edit["workstream"] not in workstreams:
            raise ValueError(f"demo period edit: no workstream {edit['workstream']!r}")
        milestones.append({"workstream": edit["workstream"], "milestone": edit["add"],
                           "baseline_date": edit["baseline_date"], "status": edit["status"]})
    elif "slip" in edit:
        row = _milestone(milestones, edit["slip"], edit.get("workstream"))
        row["forecast_date"] = (_due(row, reference) + dt.timedelta(days=int(edit["days"]))
                                ).strftime("%d/%m/%y")
    elif "status" in edit:
        _milestone(milestones, edit["status"], edit.get("workstream"))["status"] = edit["to"]
    elif "rename" in edit:
        _milestone(milestones, edit["rename"], edit.get("workstream"))["milestone"] = edit["to"]
    elif "drop" in edit:
        milestones.remove(_milestone(milestones, edit["drop"], edit.get("workstream")))
    elif "rag" in edit:
        [row] = [w for w in sheets["Workstreams"] if w["workstream"] == edit["rag"]]
        row[edit["column"]] = edit["value"]
    elif "update" in edit:
        sheets["Updates"].append({"workstream": edit["update"], "kind": edit["kind"],
                                  "text": edit["text"]})
    else:
        raise ValueError(f"demo period edit: unknown edit {edit!r}")


def period_edits(period: DemoPeriod) -> Edit:
    """The ``roll_forward`` hook applying ``period``'s edits to each region's return."""

    def edit(about: dict[str, object], sheets: Rows) -> None:
        last = read_date(about["period"]).last
        for change in period.regions.get(str(about["region"]), ()):
            apply_edit(change, sheets, last.end if last else None)

    return edit
