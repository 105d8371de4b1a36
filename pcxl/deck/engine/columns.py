"""Table columns the data decides: columns it leaves empty go, a column that repeats is copied.

A column whose header and every cell are empty once filled (a plan's unused phase, titled on the
About sheet and written nowhere) is left out, its width shared among the other columns in
proportion, so the table keeps its width. A column holding ``{% each column Sheet %}`` is copied
once per record a slide shows, the copies sharing its width (the other columns keep theirs, so
the table keeps its width too); ``chunks`` shares items out among as few slides as hold them.
"""

from __future__ import annotations

import copy
import math

from lxml import etree

from pcxl.deck.engine import tags
from pcxl.deck.engine.tags import qn


def empty_columns(rows: list[etree._Element]) -> list[int]:
    """The grid columns with no text of their own in any of ``rows`` (a merged cell's text is
    its first column's: a column it only spans over may go, the merged cell narrowing)."""
    count = 0
    used: set[int] = set()
    for row in rows:
        column = 0
        for tc in row.findall(qn("a:tc")):
            if tags.all_text(tc).strip():
                used.add(column)
            column += 1
        count = max(count, column)
    return [c for c in range(count) if c not in used]


def _drop(row: etree._Element, column: int) -> None:
    """Remove grid column ``column`` from a row: its cell, or one column of a merged cell."""
    cells = row.findall(qn("a:tc"))
    tc = cells[column]
    if tc.get("hMerge") in ("1", "true"):
        origin = next(c for c in reversed(cells[:column]) if c.get("hMerge") not in ("1", "true"))
        origin.set("gridSpan", str(int(origin.get("gridSpan", 1)) - 1))
    elif int(tc.get("gridSpan", 1)) > 1:
        tc.set("gridSpan", str(int(tc.get("gridSpan")) - 1))
        tc = cells[column + 1]  # the merged cell loses its next (covered) column instead
    for origin in cells:
        if origin.get("gridSpan") == "1":
            del origin.attrib["gridSpan"]
    row.remove(tc)


def drop_columns(frame: etree._Element, columns: list[int]) -> etree._Element:
    """A copy of the table's graphic frame without ``columns``, the others widened to keep
    the table's width."""
    frame = copy.deepcopy(frame)
    table = frame.find(".//" + qn("a:tbl"))
    grid = table.find(qn("a:tblGrid")).findall(qn("a:gridCol"))
    widths = [int(c.get("w")) for c in grid]
    kept = sum(w for i, w in enumerate(widths) if i not in columns)
    for i, col in enumerate(grid):
        if i in columns:
            col.getparent().remove(col)
        else:
            col.set("w", str(round(widths[i] * sum(widths) / kept)))
    for row in table.findall(qn("a:tr")):
        for column in sorted(columns, reverse=True):
            _drop(row, column)
    return frame


def grid_of(frame: etree._Element) -> etree._Element:
    return frame.find(f".//{qn('a:tbl')}/{qn('a:tblGrid')}")


def repeat_column(frame: etree._Element, column: int, count: int) -> etree._Element:
    """A copy of the table's graphic frame with grid column ``column`` repeated ``count`` times,
    side by side, sharing its width; a merged cell spanning it spans every copy."""
    frame = copy.deepcopy(frame)
    table = frame.find(".//" + qn("a:tbl"))
    grid = table.find(qn("a:tblGrid")).findall(qn("a:gridCol"))
    width = int(grid[column].get("w"))
    grid[column].set("w", str(width // count))
    for _ in range(count - 1):
        grid[column].addnext(copy.deepcopy(grid[column]))
    for row in table.findall(qn("a:tr")):
        cells = row.findall(qn("a:tc"))
        tc = cells[column]
        spanning = tc.get("hMerge") in ("1", "true") or int(tc.get("gridSpan", 1)) > 1
        if spanning:
            origin = next(c for c in reversed(cells[:column + 1])
                          if c.get("hMerge") not in ("1", "true"))
            origin.set("gridSpan", str(int(origin.get("gridSpan", 1)) + count - 1))
        for _ in range(count - 1):
            again = copy.deepcopy(tc)
            if spanning:
                again.attrib.pop("gridSpan", None)
                again.set("hMerge", "1")
            tc.addnext(again)
    return frame


def chunks(count: int, most: int) -> list[range]:
    """``count`` items in as few slides as ``most`` a slide allows, shared out evenly."""
    if count <= 0:
        return []
    pages = math.ceil(count / most)
    size = math.ceil(count / pages)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]
