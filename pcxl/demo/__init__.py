"""``pcxl demo``: sample returns from seed 001's real content, run through the whole pipeline.

Three regions' returns are built from ``highlight_seed.yaml`` (the seed report's workstreams,
milestones, highlights and actions, its messy dates included), written as filled templates,
then validated, consolidated and drawn as a deck, exactly as a programme office would run it.
One region's return is sent as typed and carries the seed's own mistakes (an impossible date,
statuses in another case, prose where a status belongs), so the demo shows a rejection too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pcxl import pipeline
from pcxl.deck import DeckResult
from pcxl.declaration import Tracker, load_tracker
from pcxl.excel.fill import write_return

SEED = Path(__file__).with_name("highlight_seed.yaml")
# What a team restricted to the template's status dropdown would pick for the seed's prose.
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
    """What the demo made: the returns, the consolidation and the deck."""

    returns: list[Path]
    consolidation: pipeline.ConsolidationResult
    deck: DeckResult


def _tidy_action(action: dict) -> dict:
    """The seed's flu actions give "complete" as a target date; the template has a Status."""
    if str(action.get("target_date", "")).strip().lower() != "complete":
        return action
    return {**{k: v for k, v in action.items() if k != "target_date"}, "status": "Completed"}


def _tidy(milestone: dict) -> dict:
    status = milestone.get("status")
    if status not in DROPDOWN_STATUS:
        return milestone
    note = f"Status as reported: {status}."
    comment = f"{note} {milestone['comment']}" if milestone.get("comment") else note
    return {**milestone, "status": DROPDOWN_STATUS[status], "comment": comment}


def region_sheets(region: dict) -> dict[str, list[dict]]:
    """One region's seed entries as rows per sheet (nested lists flattened with the workstream)."""
    sheets: dict[str, list[dict]] = {"Workstreams": [], **{s: [] for s in NESTED.values()}}
    for entry in region["workstreams"]:
        sheets["Workstreams"].append({k: v for k, v in entry.items() if k not in NESTED})
        for key, sheet in NESTED.items():
            for row in entry.get(key) or ():
                row = {"workstream": entry["workstream"], **row}
                if not region.get("as_typed"):
                    row = {"milestones": _tidy, "actions": _tidy_action}.get(key, dict)(row)
                sheets[sheet].append(row)
    return sheets


def write_demo_returns(folder: Path, tracker: Tracker | None = None) -> list[Path]:
    """Write one filled return per seed region into ``folder``."""
    tracker = tracker or load_tracker("highlight")
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    paths = []
    for region in seed["regions"]:
        about = {"programme": seed["programme"], "region": region["region"],
                 "period": seed["period"], "submitted_by": region.get("submitted_by")}
        name = region["region"].lower().replace(" ", "_") + ".xlsx"
        paths.append(write_return(tracker, folder / name, about, region_sheets(region)))
    return paths


def run_demo(output: Path | str = Path("outputs/demo")) -> DemoResult:
    """Build the demo returns in ``output/returns`` and run validate, consolidate and deck."""
    output = Path(output)
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    returns = write_demo_returns(output / "returns")
    consolidation = pipeline.consolidate_returns(returns, output / "consolidated.xlsx")
    deck = pipeline.make_deck(consolidation.outputs["highlight"],
                              output / "highlight_report.pptx", area=seed.get("area"))
    return DemoResult(returns, consolidation, deck)
