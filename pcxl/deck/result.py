"""What drawing a deck gives back, and the one way it stops: too many slides.

Shared by the engine and its callers (the pipeline, the demo, the Excel control sheet), so none
of them imports the engine's drawing code to name a result or catch the error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pcxl.errors import PcxlError

TOO_LARGE_ADVICE = {
    False: "draw a deck for each region (consolidate its returns alone) or for fewer returns, "
           "or raise the limit with --max-slides",
    True: "draw it --by workstream, or a deck for each region (consolidate its returns "
          "alone), or raise the limit with --max-slides"}


@dataclass(frozen=True)
class DeckResult:
    """What was written: the file, how many slides, and each slide's title in order."""

    path: Path
    slides: int
    titles: list[str]


class DeckTooLargeError(PcxlError):
    """The deck would have more slides than anyone could use."""

    def __init__(self, limit: int, advice: str = ""):
        super().__init__(f"the deck would have more than {limit:,} slides"
                         + (f": {advice}" if advice else ""))
        self.limit = limit


def join_names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: how a report names the areas it covers."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
