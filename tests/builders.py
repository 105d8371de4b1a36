"""Small builders for returns, so tests read as sentences: ``make_return(tmp, region=...)``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pcxl.declaration import Tracker, load_tracker
from pcxl.excel.fill import write_return

HIGHLIGHT = load_tracker("highlight")

DEFAULT_WORKSTREAMS = [
    {"id": "GP-01", "workstream": "Serious Mental Illness (SMI) LCS", "group": "General Practice",
     "type": "Restoration", "sro": "Karen Breen", "silver_lead": "Sarah Henley",
     "pmo_support": "DK / CK", "updated_by": "Keith Hoare", "restoration_rag": "Green",
     "delivery_rag": "Amber", "state": "Open"},
]
DEFAULT_MILESTONES = [
    {"workstream": "Serious Mental Illness (SMI) LCS", "milestone": "Agreed Trajectories",
     "baseline_date": "09/09/20", "status": "Achieved"},
    {"workstream": "Serious Mental Illness (SMI) LCS", "milestone": "Place based webinars",
     "baseline_date": "30/12/20", "status": "On track"},
]
DEFAULT_UPDATES = [
    {"workstream": "Serious Mental Illness (SMI) LCS", "kind": "Highlight",
     "text": "ICS team engaged and links established"},
]


def make_return(folder: Path, name: str = "return.xlsx", *, region: str = "West Sussex",
                period: object = "November 2020", tracker: Tracker = HIGHLIGHT,
                about: Mapping[str, object] | None = None,
                workstreams: Sequence[Mapping[str, object]] = DEFAULT_WORKSTREAMS,
                milestones: Sequence[Mapping[str, object]] = DEFAULT_MILESTONES,
                updates: Sequence[Mapping[str, object]] = DEFAULT_UPDATES,
                actions: Sequence[Mapping[str, object]] = (),
                risks: Sequence[Mapping[str, object]] = ()) -> Path:
    """A filled highlight return in ``folder``: good by default, broken where a test says."""
    fields = {"programme": "Primary Care Restoration and Recovery Programme", "region": region,
              "period": period, "submitted_by": "Keith Hoare", **(about or {})}
    sheets = {"Workstreams": workstreams, "Milestones": milestones, "Updates": updates,
              "Actions": actions, "Risks": risks}
    return write_return(tracker, folder / name, fields, sheets)


def make_workbook(folder: Path, tracker: Tracker, name: str = "return.xlsx", *,
                  about: Mapping[str, object] | None = None,
                  **sheets: Sequence[Mapping[str, object]]) -> Path:
    """A filled return of any tracker: About values plus rows per sheet (by sheet name)."""
    fields = {"programme": "Demo programme", "region": "North", "period": "November 2020",
              "submitted_by": "A. Tester", **(about or {})}
    return write_return(tracker, folder / name, fields, sheets)
