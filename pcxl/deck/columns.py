"""Tables with one column per item: the strategic objectives and the programme overview.

Seed 001 shows its five strategic objectives side by side, each a box of title, SRO and lead,
statement and numbered priorities, and its programmes A, B, C side by side against the rows
Purpose / Description, Key Objectives and Expected Outcomes / Benefits. Both are drawn here as one
real table: a header row naming each item, then a row per field (with a row-label column when
the rows are named), so corresponding fields line up across items and stay editable.

At most ``most`` items share a slide (more continue on the next, the row labels repeated); a row
too tall for the slide continues on the next one with the header row repeated. An optional strip
(the programme's vision) sits under the title band of the first slide.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pcxl.deck import theme
from pcxl.deck.engine.block_table import CELL, Cell, Table, header
from pcxl.deck.layout import Segment, Style

NUMBER = Style(theme.TABLE_SIZE, bold=True, colour=theme.NHS_BLUE)
LABEL = Style(theme.TABLE_SIZE, bold=True, colour=theme.DARK_BLUE)
BULLET = "\u2022 "
# "1." "2)" "(3)" typed before an item, and "a)" "(b)" "- c)" marking a sub-point.
_TYPED_NUMBER = re.compile(r"^\s*\(?\d+[.)]\s*")
_SUB_POINT = re.compile(r"^\s*(?:[-\u2013\u2022*]\s*)?\(?([a-z])\)\s*(.*)$", re.S)
_TYPED_BULLET = re.compile(r"^\s*[-\u2013\u2022*]\s+")


def lines_of(value: str) -> list[str]:
    """The non-blank lines of a cell written one item per line."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def numbered(value: str) -> list[Segment]:
    """Items one per line as a numbered list (1. 2. ...); sub-points (``a)``) keep their letter
    and are not numbered; numbers the author typed are replaced, not doubled."""
    runs: list[Segment] = []
    n = 0
    for line in lines_of(value):
        if runs:
            runs.append(("\n", CELL))
        sub = _SUB_POINT.match(line)
        if sub:
            runs += [(f"{sub.group(1)}) ", NUMBER), (sub.group(2), CELL)]
            continue
        n += 1
        runs += [(f"{n}. ", NUMBER), (_TYPED_NUMBER.sub("", line), CELL)]
    return runs


def bulleted(value: str) -> list[Segment]:
    """Items one per line as a bulleted list (a bullet the author typed is not doubled)."""
    runs: list[Segment] = []
    for line in lines_of(value):
        if runs:
            runs.append(("\n", CELL))
        runs += [(BULLET, NUMBER), (_TYPED_BULLET.sub("", line), CELL)]
    return runs


@dataclass(frozen=True)
class FieldRow:
    """One row of a column table: its label (None: no label column) and a cell per item."""

    label: str | None
    cells: Sequence[Sequence[Segment]]
    fill: str | None = None


@dataclass(frozen=True)
class ColumnTable:
    """Items side by side: a header per item and the rows of their fields."""

    title: str
    headers: Sequence[str]
    rows: Sequence[FieldRow]
    most: int = 5
    label_width: float = 0.0
    name: str = "Table"


def chunks(count: int, most: int) -> list[range]:
    """``count`` items in as few slides as ``most`` a slide allows, shared out evenly."""
    if count <= 0:
        return []
    pages = math.ceil(count / most)
    size = math.ceil(count / pages)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def column_table(spec: ColumnTable, items: range,
                 width: float = theme.SLIDE_WIDTH - 2 * theme.MARGIN) -> Table:
    """The table of ``spec``'s items ``items``, ``width`` wide."""
    labelled = spec.label_width > 0
    each = (width - spec.label_width) / len(items)
    widths = ([spec.label_width] if labelled else []) + [each] * len(items)
    names = ([""] if labelled else []) + [spec.headers[i] for i in items]
    rows = []
    for field in spec.rows:
        cells = [Cell([(field.label, LABEL)], theme.PALE_GREY)] if labelled else []
        rows.append(cells + [Cell(field.cells[i], field.fill) for i in items])
    return Table(spec.name, widths, header(names), rows)
