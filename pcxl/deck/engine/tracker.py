"""Which layout draws a tracker's deck, and the deck drawn from it: the one drawing path.

A tracker's deck is the layout its declaration names (``deck: layout:``, beside the
declaration), else the shipped layout of its ``deck: format:`` (``validators/layouts/``), else
(``format: generic`` or none) its starter layout filled (``draw_starter``).
"""

from __future__ import annotations

from pathlib import Path

from pcxl.config import MAX_SLIDES
from pcxl.dataset import Dataset
from pcxl.deck.engine import draw_layout, draw_starter
from pcxl.deck.result import DeckResult
from pcxl.declaration import Tracker
from pcxl.resources import declarations_dir

GENERIC = "generic"
GROUPINGS = ("workstream", "region")


def layout_of(tracker: Tracker) -> Path | None:
    """The layout named in ``tracker``'s declaration, else its format's shipped layout, else
    None (the starter layout)."""
    named = str(tracker.deck.get("layout") or "")
    if named:
        folder = tracker.source.parent if tracker.source is not None else declarations_dir()
        return folder / named
    shipped = str(tracker.deck.get("format") or GENERIC)
    return None if shipped == GENERIC else declarations_dir() / "layouts" / f"{shipped}.pptx"


def draw_deck(dataset: Dataset, output: Path | str, *, layout: Path | str | None = None,
              area: str | None = None, by: str = "workstream",
              brand: Path | str | None = None,
              max_slides: int | None = MAX_SLIDES) -> DeckResult:
    """Draw ``dataset``'s deck to ``output`` from ``layout`` (default: its tracker's, see
    ``layout_of``); the other options are ``draw_layout``'s."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    layout = layout or layout_of(dataset.tracker)
    if layout is None:
        return draw_starter(dataset, output, area=area, by=by, brand=brand,
                            max_slides=max_slides)
    return draw_layout(dataset, layout, output, area=area, by=by, brand=brand,
                       max_slides=max_slides)
