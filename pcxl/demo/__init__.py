"""``pcxl demo``: sample returns built from the seed reports' real content, run end to end.

Each ``*_seed.yaml`` beside this module holds one report format's content (the seed's rows, its
messy dates included) split across the regions that return it. The demo writes every region's
return as a filled template into one folder, validates and consolidates them all (each return is
recognised by its template marker and routed to its tracker), and draws each format's deck, as
a programme office would run it. In seed 001's data, East Sussex's return is sent as typed, with
the seed's own mistakes (an impossible date, statuses in another case, prose where a status
belongs), so the demo shows a rejection too.

Each seed is also drawn as itself (``seed_reports/``): one return per seed holding every item of
every region, in the seed's order, for the seed's own period, so the deck can be read side by side
with the report it reproduces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pcxl import pipeline
from pcxl.dates import read_date
from pcxl.deck.result import DeckResult
from pcxl.declaration import load_tracker
from pcxl.demo.periods import demo_periods, period_edits
from pcxl.excel.fill import write_return
from pcxl.history.store import DEFAULT_DB_NAME, list_periods, open_store
from pcxl.rollforward import roll_forward

SEEDS = Path(__file__).parent
SEED_REPORTS = "seed_reports"
REFERENCE = dt.date(2020, 11, 11)  # seed 001's report date, for dates given without a year
# What a team restricted to the template's status dropdown would pick for seed 001's prose.
DROPDOWN_STATUS = {
    "Revised date On Track": "Revised date",
    "On-going On track": "On track",
    "Feedback sent": "Completed",
    "On track Completed": "Completed",
    "On track ?delayed": "At risk",
    "Decision to delay for improved outcome": "Delayed",
    "Delayed on track for new revised date": "Revised date",
    "Anticipate delay": "At risk",
    "Awaiting LMT outcome": "On hold",
}
NESTED = {"milestones": "Milestones", "updates": "Updates", "actions": "Actions",
          "risks": "Risks"}


@dataclass
class DemoResult:
    """What the demo made: the latest period's returns, its consolidation and a deck per
    format; ``earlier`` holds the consolidations of the highlight tracker's earlier periods
    (November, then December), oldest first; ``seed_reports`` each seed's own report."""

    returns: list[Path]
    consolidation: pipeline.ConsolidationResult
    decks: dict[str, DeckResult] = field(default_factory=dict)
    earlier: list[pipeline.ConsolidationResult] = field(default_factory=list)
    seed_reports: dict[str, DeckResult] = field(default_factory=dict)


def _tidy_action(action: dict) -> dict:
    """Seed 001's flu actions give "complete" as a target date; the template has a Status."""
    if str(action.get("target_date", "")).strip().lower() != "complete":
        return action
    return {**{k: v for k, v in action.items() if k != "target_date"}, "status": "Completed"}


def _noted(row: dict, note: str) -> dict:
    return {**row, "comment": f"{note} {row['comment']}" if row.get("comment") else note}


def _tidy(milestone: dict) -> dict:
    """A prose status becomes the dropdown word, and an impossible date (the seed's
    "31/11/20") is left blank, each kept as typed in the comment."""
    status = milestone.get("status")
    if status in DROPDOWN_STATUS:
        milestone = {**_noted(milestone, f"Status as reported: {status}."),
                     "status": DROPDOWN_STATUS[status]}
    for key in ("forecast_date", "baseline_date"):
        value = milestone.get(key)
        if value and read_date(value, REFERENCE).problem == "impossible-date":
            milestone = {**_noted(milestone, f"Date as reported: {value}."), key: None}
    return milestone


def region_sheets(region: dict) -> dict[str, list[dict]]:
    """One region's rows per sheet: given as ``sheets:``, or seed 001's nested workstreams
    flattened (each milestone, update, action and risk carrying its workstream)."""
    if "sheets" in region:
        return {name: list(rows or ()) for name, rows in region["sheets"].items()}
    sheets: dict[str, list[dict]] = {"Workstreams": [], **{s: [] for s in NESTED.values()}}
    for entry in region["workstreams"]:
        sheets["Workstreams"].append({k: v for k, v in entry.items() if k not in NESTED})
        for key, sheet in NESTED.items():
            for row in entry.get(key) or ():
                row = {"workstream": entry["workstream"], **row}
                if not region.get("as_typed"):
                    row = {"milestones": _tidy, "actions": _tidy_action}.get(key, dict)(row)
                sheets[sheet].append(row)
    for key, sheet in (("objectives", "Objectives"), ("programmes", "Programmes")):
        if region.get(key):  # programme-level sheets, given by the programme office's return
            sheets[sheet] = list(region[key])
    return sheets


def seeds() -> list[dict]:
    """Every demo seed, in file order (``highlight_seed.yaml``, ``recovery_plan_seed.yaml``...)."""
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(SEEDS.glob("*_seed.yaml"))]


def seed(tracker: str) -> dict:
    """The demo seed of one tracker (``<tracker>_seed.yaml``)."""
    return yaml.safe_load((SEEDS / f"{tracker}_seed.yaml").read_text(encoding="utf-8"))


def seed_report_sheets(seed: dict) -> dict[str, list[dict]]:
    """The seed as one report: every region's rows, in the seed's order, tidied as the other
    regions' are. Seed 001's workstreams come by ``seed_order`` (the first region's copy of
    each); other seeds' sheets are joined region after region, a row given twice kept once."""
    regions = seed["regions"]
    if "seed_order" in seed:
        found: dict[str, dict] = {}
        for region in regions:
            for entry in region["workstreams"]:
                found.setdefault(entry["id"], entry)
        merged: dict = {"workstreams": [found[i] for i in seed["seed_order"]]}
        for region in regions:
            merged.update({k: region[k] for k in ("objectives", "programmes") if region.get(k)})
        return region_sheets(merged)
    sheets: dict[str, list[dict]] = {}
    for region in regions:
        for name, rows in region_sheets(region).items():
            kept = sheets.setdefault(name, [])
            kept += [row for row in rows if row not in kept]
    return sheets


def write_seed_report_returns(folder: Path) -> list[Path]:
    """Write one return per seed into ``folder``: the seed's whole report, for its own period,
    from the seed's region (``report_region``, else its area), dated as the seed is
    (``report_about``: the seed's own About values, over the regions')."""
    paths = []
    for seed in seeds():
        tracker = load_tracker(seed["tracker"])
        first = seed["regions"][0]
        about = {"programme": seed.get("programme"), "period": seed.get("period"),
                 **(seed.get("about") or {}),
                 **{k: v for r in seed["regions"] for k, v in (r.get("about") or {}).items()},
                 **(seed.get("report_about") or {}),
                 "region": seed.get("report_region") or seed["area"],
                 "submitted_by": first.get("submitted_by")}
        paths.append(write_return(tracker, folder / f"{tracker.name}_seed.xlsx", about,
                                  seed_report_sheets(seed)))
    return paths


def make_seed_reports(output: Path) -> dict[str, DeckResult]:
    """Each seed's own report, ``output/<tracker>_report.pptx`` (returns and consolidated
    workbooks beside it), with no history: the seed as it was sent."""
    returns = write_seed_report_returns(output / "returns")
    consolidation = pipeline.consolidate_returns(returns, output)
    areas = {seed["tracker"]: seed.get("report_region") or seed.get("area") for seed in seeds()}
    return {name: pipeline.make_deck(path, output / f"{name}_report.pptx", area=areas.get(name))
            for name, path in consolidation.outputs.items()}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def write_demo_returns(folder: Path, trackers: Sequence[str] | None = None) -> list[Path]:
    """Write one filled return per region of every seed (or of ``trackers``) into ``folder``."""
    paths = []
    for seed in seeds():
        if trackers is not None and seed["tracker"] not in trackers:
            continue
        tracker = load_tracker(seed["tracker"])
        for region in seed["regions"]:
            about = {"programme": seed.get("programme"), "period": seed.get("period"),
                     **(seed.get("about") or {}), "region": region["region"],
                     "submitted_by": region.get("submitted_by"), **(region.get("about") or {})}
            name = f"{tracker.name}_{_slug(region['region'])}.xlsx"
            paths.append(write_return(tracker, folder / name, about, region_sheets(region)))
    return paths


def run_demo(output: Path | str = Path("outputs/demo")) -> DemoResult:
    """Run the demo over three reporting periods, with a history database in ``output``.

    Seed 001's November returns are consolidated in ``output/periods/2020-11``; each later
    period of ``periods.yaml`` (December 2020 in ``output/periods/2020-12``, then January 2021)
    is the previous one rolled forward (``pcxl.rollforward``) with the declared edits. The
    latest period's highlight returns and every other format's returns are written to
    ``output/returns`` and consolidated into ``output`` (``consolidated_<tracker>.xlsx``), and
    each format's deck is drawn from them (``<tracker>_report.pptx``), so the highlight deck shows
    what changed since December. Each seed's own report is drawn in ``output/seed_reports``
    (see ``make_seed_reports``).
    """
    output = Path(output)
    history = output / DEFAULT_DB_NAME
    history.unlink(missing_ok=True)  # the demo's own database: every run starts afresh
    highlight = load_tracker("highlight")
    later = demo_periods()
    folder = output / "periods" / "2020-11"
    latest = write_demo_returns(folder / "returns", trackers=["highlight"])
    earlier = []
    for step in later:
        earlier.append(pipeline.consolidate_returns(latest, folder, history=history))
        engine = open_store(history)
        try:
            previous = list_periods(engine, highlight.name)[-1][0]
            last = step is later[-1]
            folder = output if last else output / "periods" / _month_folder(step.period)
            latest = roll_forward(engine, highlight, previous, folder / "returns",
                                  next_period=step.period, edit=period_edits(step))
        finally:
            engine.dispose()
    others = [s["tracker"] for s in seeds() if s["tracker"] != "highlight"]
    returns = latest + write_demo_returns(output / "returns", trackers=others)
    consolidation = pipeline.consolidate_returns(returns, output, history=history)
    areas = {seed["tracker"]: seed.get("area") for seed in seeds()}
    decks = {name: pipeline.make_deck(path, output / f"{name}_report.pptx", area=areas.get(name))
             for name, path in consolidation.outputs.items()}
    return DemoResult(returns, consolidation, decks, earlier,
                      make_seed_reports(output / SEED_REPORTS))


def _month_folder(period: str) -> str:
    """``December 2020`` -> ``2020-12``."""
    end = read_date(period).last.end
    return f"{end:%Y-%m}"
