"""Table columns the data leaves empty: a column whose header and every cell are empty once
filled (a plan's unused phase, titled on the About sheet and written nowhere) is left out, its
width shared among the other columns in proportion, so the table keeps its width.
"""

from __future__ import annotations

import copy

from lxml import etree

from pcxl.deck.engine import tags
from pcxl.deck.engine.tags import qn


def _text(tc: etree._Element) -> str:
    return "".join(tags.text_of(p) for p in tags.paragraphs(tc)).strip()


def empty_columns(rows: list[etree._Element]) -> list[int]:
    """The grid columns with no text of their own in any of ``rows`` (a merged cell's text is
    its first column's: a column it only spans over may go, the merged cell narrowing)."""
    count = 0
    used: set[int] = set()
    for row in rows:
        column = 0
        for tc in row.findall(qn("a:tc")):
            if _text(tc):
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

