"""What the portfolio blocks share: rows read across regions.

The critical path block gathers rows from every accepted region's return.
``regional_rows`` keeps the accepted regions' rows in the order read; ``merge_regions`` turns rows
that several regions report word for word into one row naming them all, so a workstream reported
by three regions is listed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.deck.cell_text import text
from pcxl.deck.content import DeckSpec, frame_of, regions_of

T = TypeVar("T")


def as_date(value: object) -> dt.date | None:
    """A consolidated date cell as a date (None for blanks, NaT and anything else)."""
    if isinstance(value, dt.datetime):  # a pandas Timestamp, and NaT, too
        return None if pd.isna(value) else value.date()
    return value if isinstance(value, dt.date) else None


def regional_rows(dataset: Dataset, sheet: str) -> list[dict]:
    """The rows of ``sheet`` from the deck's regions, region by region in the order read (as
    mappings of column to value: read at once, not a Series a row)."""
    frame = frame_of(dataset, sheet)
    if frame.empty or "region" not in frame:
        return []
    regions = regions_of(dataset, DeckSpec.of(dataset.tracker))
    order = {r: i for i, r in enumerate(regions)}
    rows = [row for row in frame.to_dict("records") if text(row["region"]) in order]
    return sorted(rows, key=lambda r: order[text(r["region"])])  # stable: sheet order kept


def workstreams(dataset: Dataset) -> dict[tuple[str, str], dict]:
    """(region, workstream) -> its Workstreams row, for every workstream not closed (its state
    not a ``done`` word)."""
    spec = DeckSpec.of(dataset.tracker)
    vocab = spec.vocab(spec.sheet.name, "state")
    found: dict[tuple[str, str], dict] = {}
    for row in regional_rows(dataset, spec.sheet.name):
        term = vocab.term(text(row.get("state"))) if vocab else None
        name = text(row.get(spec.title))
        if name and not (term is not None and term.done):
            found.setdefault((text(row["region"]), name), row)
    return found


def merge_regions(items: Iterable[tuple[str, T]], key: Callable[[T], Hashable]
                  ) -> list[tuple[tuple[str, ...], T]]:
    """Rows that several regions report identically, as one row with every region named.

    ``items`` are (region, row) pairs; rows with the same ``key`` are one row, kept where it
    first appears, with its regions in the order they report it.
    """
    merged: dict[Hashable, tuple[list[str], T]] = {}
    for region, item in items:
        k = key(item)
        if k in merged:
            if region not in merged[k][0]:
                merged[k][0].append(region)
        else:
            merged[k] = ([region], item)
    return [(tuple(regions), item) for regions, item in merged.values()]
