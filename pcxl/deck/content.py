"""The declaration's ``deck:`` mapping (``DeckSpec``), the regions a deck covers, and the portfolio
RAG grid's view of a Dataset, before any drawing.

``deck:`` says which sheet has one record per workstream (``slide_per``), which column names it
(``title``) and the RAG columns (``rags``). With history (``Dataset.changes``, see
``pcxl.deck.changes``) each RAG carries its trend against last period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.dates import read_date
from pcxl.deck.cell_text import text
from pcxl.deck.changes import History, Trend
from pcxl.declaration import Sheet, Tracker
from pcxl.vocab import Vocabulary

MILESTONES = "Milestones"


@dataclass(frozen=True)
class Rating:
    """One RAG rating: its region, word and fill colour, and with history its ``trend`` against
    last period (better / worse / same; None without history)."""

    region: str
    word: str | None
    colour: str | None
    trend: Trend | None = None


@dataclass(frozen=True)
class PortfolioView:
    """The portfolio RAG grid: the headline RAG of each workstream in each region."""

    regions: tuple[str, ...]
    rag_label: str
    rows: tuple[tuple[str, tuple[Rating | None, ...]], ...]


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

    @property
    def headline_rag(self) -> tuple[str, str] | None:
        """The RAG the portfolio shows: the one labelled Delivery, else the last declared."""
        if not self.rags:
            return None
        return next((r for r in self.rags if "delivery" in r[0].lower()), self.rags[-1])


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


def _rating(spec: DeckSpec, key: str, vocab: Vocabulary | None, row: Mapping,
            history: History | None) -> Rating:
    """A row's rating in the RAG column ``key``, with its trend."""
    word = text(row.get(key))
    word = (vocab.normalise(word) or word) if vocab and word else (word or None)
    colour = vocab.colour(word) if vocab and word else None
    trend = (history.trend(row["region"], row.get(spec.title), spec.sheet.column(key).header,
                           word, vocab.normalise if vocab else None) if history else None)
    return Rating(text(row["region"]), word, colour, trend)


def period_start(dataset: Dataset) -> dt.date | None:
    """The first day of the reporting period (``Nov 2020`` -> 01/11/2020), if it reads as one."""
    reading = read_date(dataset.period) if dataset.period else None
    return reading.last.start if reading and reading.last else None


def portfolio_view(dataset: Dataset) -> PortfolioView:
    """Every workstream's headline RAG by region (with its trend when there is history)."""
    spec = DeckSpec.of(dataset.tracker)
    regions = regions_of(dataset, spec)
    headline = spec.headline_rag
    vocab = spec.vocab(spec.sheet.name, headline[1]) if headline else None
    history = History.of(dataset.changes)
    named: dict[str, dict[str, Rating]] = {}  # workstream -> region -> its headline rating
    for row in frame_of(dataset, spec.sheet.name).to_dict("records"):  # read at once
        name = text(row.get(spec.title))
        if name:
            found = named.setdefault(name, {})
            if headline:
                rating = _rating(spec, headline[1], vocab, row, history)
                found[rating.region] = rating
    rows = tuple((name, tuple(found.get(region) for region in regions))
                 for name, found in named.items())
    return PortfolioView(tuple(regions), headline[0] if headline else "", rows)
