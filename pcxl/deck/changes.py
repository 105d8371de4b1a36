"""What changed since the previous period, looked up the way the slides need it.

``Dataset.changes`` is the table ``pcxl.history.diff`` computes (``CHANGE_COLUMNS``: region,
workstream, item, change, before, after, days_moved, ...). The deck asks it three things: did this
milestone's forecast move (from which date, by how many days), which milestones of a workstream
were achieved, and how a RAG rating compares with last period. Rows are matched by region,
workstream and item (the milestone's text, or the rating column's header), spelled the way
``pcxl.vocab.fold`` folds them, so spacing and case do not matter.

No history (``changes`` None) gives no ``History`` at all, and the deck draws exactly what it drew
before history existed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from pcxl.deck.cell_text import text
from pcxl.vocab import fold

Trend = Literal["better", "worse", "same"]
TREND_MARKS: dict[str, str] = {"better": "\u25b2", "worse": "\u25bc", "same": "\u25ba"}
# A RAG's rank, worst first: Blue (complete) is the best a rating can be.
RAG_ORDER = ("Red", "Amber", "Green", "Blue")

MOVED = "forecast moved"
ACHIEVED = "achieved"
ADDED = "added"
RATING = "rating changed"

Key = tuple[str, str, str]
Normaliser = Callable[[object], "str | None"]


def _days(value: object) -> int | None:
    try:
        return None if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return None


def key(region: object, workstream: object, item: object) -> Key:
    """How a change and a slide's row are matched: region, workstream and item, folded."""
    return (fold(text(region)), fold(text(workstream)), fold(text(item)))


@dataclass(frozen=True)
class Move:
    """A milestone's forecast moved since last period: from ``before`` (a date label) by
    ``days`` (later when positive)."""

    before: str
    days: int | None


@dataclass(frozen=True)
class History:
    """The changes since the previous period, indexed for the slides."""

    moves: dict[Key, Move] = field(default_factory=dict)
    achieved: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    added: frozenset[Key] = frozenset()
    ratings: dict[Key, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, changes: pd.DataFrame | None) -> History | None:
        """The history in ``changes`` (a ``CHANGE_COLUMNS`` table); None when there is none."""
        if changes is None:
            return None
        moves: dict[Key, Move] = {}
        achieved: dict[tuple[str, str], list[str]] = {}
        added: set[Key] = set()
        ratings: dict[Key, tuple[str, str]] = {}
        for row in changes.to_dict("records"):
            found = key(row.get("region"), row.get("workstream"), row.get("item"))
            change = text(row.get("change"))
            if change == MOVED:
                moves.setdefault(found, Move(text(row.get("before")),
                                             _days(row.get("days_moved"))))
            elif change == ACHIEVED and text(row.get("item")):
                achieved.setdefault(found[:2], []).append(text(row.get("item")))
            elif change == ADDED:
                added.add(found)
            elif change == RATING:
                ratings.setdefault(found, (text(row.get("before")), text(row.get("after"))))
        return cls(moves, achieved, frozenset(added), ratings)

    def moved(self, region: object, workstream: object, milestone: object) -> Move | None:
        """How the milestone's forecast moved since last period, if it did."""
        return self.moves.get(key(region, workstream, milestone))

    def is_new(self, region: object, workstream: object, milestone: object) -> bool:
        """Whether the milestone was first reported this period."""
        return key(region, workstream, milestone) in self.added

    def achievements(self, region: object, workstream: object) -> list[str]:
        """The milestones of a workstream achieved since last period, as the change names them."""
        return list(self.achieved.get(key(region, workstream, "")[:2], ()))

    def trend(self, region: object, workstream: object, header: str, word: str | None,
              normalise: Normaliser | None = None) -> Trend | None:
        """How the rating ``header`` (``Delivery RAG``) now ``word`` compares with last period:
        better, worse or the same; None when either rating cannot be ranked (blank, unknown).
        ``normalise`` maps a spelling to its declared word (the rating's vocabulary)."""
        now = _rank(word, normalise)
        if now is None:
            return None
        change = self.ratings.get(key(region, workstream, header))
        if change is None:
            return "same"
        before = _rank(change[0], normalise)
        if before is None:
            return None
        return "better" if now > before else "worse" if now < before else "same"


def _rank(word: object, normalise: Normaliser | None = None) -> int | None:
    spelled = text(word)
    folded = fold((normalise(spelled) if normalise and spelled else None) or spelled)
    return next((i for i, w in enumerate(RAG_ORDER) if fold(w) == folded), None)
