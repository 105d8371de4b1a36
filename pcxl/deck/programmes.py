"""The programme overview slide, from the tracker's programme-level Programmes sheet.

Seed 001's "Recovery and Restoration Programme" table: one column per programme (A. Primary Care
& Community Services Joint Working, B. General Practice, C. Medicines Optimisation), against the
rows Purpose / Description, Key Objectives and Expected Outcomes / Benefits (the objectives and
outcomes as bullets). The row labels are the declared column headers. The programme office fills
the sheet; a programme several returns give (by its letter) is shown once, from the first region.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcxl.dataset import Dataset
from pcxl.deck.cell_text import text
from pcxl.deck.columns import ColumnTable, FieldRow, bulleted
from pcxl.deck.engine.block_table import CELL
from pcxl.deck.rollup import regional_rows

SHEET = "Programmes"
TITLE = "Programme overview"
MOST_PER_SLIDE = 4
LABEL_WIDTH = 118.0
ROWS = (("purpose", "Purpose / description", "text"),
        ("key_objectives", "Key objectives", "bullets"),
        ("outcomes", "Expected outcomes / benefits", "bullets"))


@dataclass(frozen=True)
class Programme:
    """One programme of the overview; objectives and outcomes one per line."""

    letter: str
    name: str
    purpose: str
    key_objectives: str
    outcomes: str

    @property
    def heading(self) -> str:
        """``A. Primary Care & Community Services Joint Working``."""
        letter = self.letter.rstrip(".")
        return f"{letter}. {self.name}" if letter else self.name


def programmes_of(dataset: Dataset) -> list[Programme]:
    """The programmes in the order given, each letter once (the first region to give it)."""
    found: dict[str, Programme] = {}
    for row in regional_rows(dataset, SHEET):
        name = text(row.get("programme"))
        letter = text(row.get("letter"))
        key = (letter or name).casefold().rstrip(".")
        if name and key not in found:
            found[key] = Programme(letter, name, text(row.get("purpose")),
                                   text(row.get("key_objectives")), text(row.get("outcomes")))
    return list(found.values())


def programme_table(programmes: list[Programme], headers: dict[str, str]) -> ColumnTable:
    """One column per programme, a labelled row per field."""
    rows = []
    for key, default, kind in ROWS:
        values = [getattr(p, key) for p in programmes]
        cells = [bulleted(v) if kind == "bullets" else ([(v, CELL)] if v else []) for v in values]
        rows.append(FieldRow(headers.get(key, default), cells))
    return ColumnTable(TITLE, [p.heading for p in programmes], rows, MOST_PER_SLIDE,
                       label_width=LABEL_WIDTH, name="Programmes")
