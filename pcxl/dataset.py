"""The shape of consolidated data: what consolidation produces and what the deck and workbook use.

Each table sheet of a tracker becomes one DataFrame with these columns, in this order:

- ``region`` the submitting area (from the return's About sheet);
- every declared column by its ``key``, vocabulary values normalised to the declared word;
  a date column ``<key>`` holds the date it is due by (a ``datetime.date``, the end of the range
  the team wrote, so ``November 2020`` is 30/11/2020) and is followed by ``<key>_precision``
  (day / week / month / quarter / financial_year), ``<key>_label`` (the short form: ``Oct 2020``
  where the team wrote ``End of October``, ``w/c 16/11/20``, ``Q2 17/18``; ``TBC`` for a date to
  be confirmed) and ``<key>_written`` (the date as the team wrote it, ``End of October``, which a
  slide prints; a real Excel date as its label, a cell of several dates whole);
- ``source_file``, ``source_sheet``, ``source_row``: where the row came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from pcxl.declaration import Column, Sheet, Tracker

PROVENANCE = ("source_file", "source_sheet", "source_row")
PROVENANCE_HEADERS = {"region": "Region", "source_file": "Source file",
                      "source_sheet": "Source sheet", "source_row": "Source row"}
RETURNS_COLUMNS = ("region", "programme", "period", "period_end", "submitted_by", "submitted_on",
                   "file", "tracker", "version", "outcome", "errors", "warnings")
# The Changes sheet of a consolidated workbook (pcxl.history.diff columns).
CHANGES_HEADERS = {"region": "Region", "workstream": "Workstream", "item": "Milestone or rating",
                   "change": "Change", "before": "Before", "after": "After",
                   "days_moved": "Days moved", "days_vs_baseline": "Days vs baseline"}
RETURNS_HEADERS = {"region": "Region", "programme": "Programme", "period": "Reporting period",
                   "period_end": "Period end", "submitted_by": "Submitted by",
                   "submitted_on": "Date submitted", "file": "File", "tracker": "Tracker",
                   "version": "Template version", "outcome": "Outcome", "errors": "Errors",
                   "warnings": "Warnings"}



def derived_keys(column: Column) -> list[str]:
    """The consolidated columns one declared column becomes."""
    if column.is_date:
        return [column.key, f"{column.key}_precision", f"{column.key}_label",
                f"{column.key}_written"]
    return [column.key]


def date_as_written(row: Mapping[str, object], key: str) -> str | None:
    """A record's date column ``key`` as the team wrote it (``End of October``); its label for
    data consolidated before the written text was kept. None when blank."""
    for name in (f"{key}_written", f"{key}_label"):
        value = row.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def sheet_keys(sheet: Sheet) -> list[str]:
    """Every consolidated column of a sheet, in order."""
    return ["region", *(k for c in sheet.columns for k in derived_keys(c)), *PROVENANCE]


def sheet_headers(sheet: Sheet) -> dict[str, str]:
    """Consolidated column key -> the heading a person sees in the consolidated workbook."""
    headers = dict(PROVENANCE_HEADERS)
    for c in sheet.columns:
        headers[c.key] = c.header
        if c.is_date:
            headers[f"{c.key}_precision"] = f"{c.header} precision"
            headers[f"{c.key}_label"] = f"{c.header} label"
            headers[f"{c.key}_written"] = f"{c.header} as written"
    return {k: headers[k] for k in sheet_keys(sheet)}


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    """A consolidated frame with no rows and every column."""
    return pd.DataFrame({k: pd.Series(dtype=object) for k in sheet_keys(sheet)})


@dataclass
class Dataset:
    """Consolidated returns of one tracker for one reporting period.

    ``frames`` maps each table sheet's name to its consolidated frame (see the module doc);
    ``returns`` has one row per return read (``RETURNS_COLUMNS``), with ``outcome`` one of
    accepted / rejected / superseded; ``period`` is the reporting period's label (``Nov 2020``).
    ``about`` holds the About values the accepted returns share (the most common value of each
    field): per-plan wording such as a board's name or phase titles, set in the return, not code.
    ``changes`` is what changed since the previous reporting period, from ``pcxl.history.diff``
    (one row per change, ``CHANGE_COLUMNS``: forecast dates moved, statuses, milestones achieved,
    added or dropped, RAG ratings); None when there is no history to compare with (no database,
    or the first period recorded). The deck draws slips, trend arrows and achieved milestones
    from it.
    """

    tracker: Tracker
    frames: dict[str, pd.DataFrame]
    returns: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RETURNS_COLUMNS))
    period: str = ""
    programme: str = ""
    about: dict[str, object] = field(default_factory=dict)
    changes: pd.DataFrame | None = None

    def frame(self, sheet: str) -> pd.DataFrame:
        return self.frames[sheet]

    @property
    def regions(self) -> list[str]:
        """Accepted regions, in the order their returns were read."""
        accepted = self.returns[self.returns["outcome"] == "accepted"]
        return list(dict.fromkeys(accepted["region"]))
