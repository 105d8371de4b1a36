"""The declaration's ``deck:`` mapping (``DeckSpec``), the regions a deck covers, a sheet's rows
and the reporting period's first day, before any drawing.

``deck:`` says which sheet has one record per workstream (``slide_per``), which column names it
(``title``) and the RAG columns (``rags``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.dates import read_date
from pcxl.deck.cell_text import text
from pcxl.declaration import Sheet, Tracker
from pcxl.vocab import Vocabulary

MILESTONES = "Milestones"


@dataclass(frozen=True)
class DeckSpec:
    """The declaration's ``deck:`` mapping, resolved against the tracker's sheets."""

    tracker: Tracker
    sheet: Sheet
    title: str
    rags: tuple[tuple[str, str], ...]  # (box label, column key)

    @classmethod
    def of(cls, tracker: Tracker) -> DeckSpec:
        deck = tracker.deck
        sheet = tracker.sheet(str(deck.get("slide_per", "Workstreams")))
        return cls(tracker, sheet, str(deck.get("title", "workstream")),
                   tuple((str(k), str(v)) for k, v in (deck.get("rags") or {}).items()))

    def vocab(self, sheet: str, key: str) -> Vocabulary | None:
        try:
            name = self.tracker.sheet(sheet).column(key).vocab
        except KeyError:
            return None
        return self.tracker.vocabulary(name) if name else None

    def link(self, sheet: str) -> str | None:
        """The column of ``sheet`` that names the slide's row (references the title column)."""
        try:
            columns = self.tracker.sheet(sheet).columns
        except KeyError:
            return None
        target = (self.sheet.name, self.title)
        return next((c.key for c in columns if c.references == target), None)


def regions_of(dataset: Dataset, spec: DeckSpec) -> list[str]:
    """Accepted regions in the order read; the regions in the data when no returns are listed."""
    frame = dataset.frames.get(spec.sheet.name)
    present = [] if frame is None else [text(r) for r in frame["region"]]
    known = [r for r in dataset.regions if r in present] if len(dataset.returns) else []
    return list(dict.fromkeys([*known, *(r for r in present if r)]))


def frame_of(dataset: Dataset, sheet: str) -> pd.DataFrame:
    """A sheet's consolidated rows, or an empty frame when the dataset has none."""
    frame = dataset.frames.get(sheet)
    return frame if frame is not None else pd.DataFrame()


def period_start(dataset: Dataset) -> dt.date | None:
    """The first day of the reporting period (``Nov 2020`` -> 01/11/2020), if it reads as one."""
    reading = read_date(dataset.period) if dataset.period else None
    return reading.last.start if reading and reading.last else None
