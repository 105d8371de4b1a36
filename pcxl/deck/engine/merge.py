"""Merged cells down a table: ``{{ scheme | merge }}`` in a prototype row's cell.

Consecutive records showing the same text in a merged column share one cell spanning their rows
(``rowSpan`` / ``vMerge``), as a plan's table shows a scheme once beside its actions. A merged
cell stays within the rows of one cell of the first merged column (an owner shared by two
schemes is two cells). Those rows form one block, measured together: a merged cell taller
than its rows shares the extra height evenly among them. A block that does not fit is split
between rows (or inside its first row when no row fits); at the top of the next slide the first
merged cell is shown again whole and the other merged cells the break cut again as far as their
rows leave room (ending "…"), so every slide says which scheme its rows belong to.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from lxml import etree

from pcxl.deck import theme
from pcxl.deck.engine import measure, pages, tags
from pcxl.deck.engine.fill import ensure_paragraph
from pcxl.deck.engine.lang import FIELD, parse_field
from pcxl.deck.engine.pages import Piece
from pcxl.deck.engine.tags import qn

BLOCK = "pcxl-rows"  # a block's holder: its rows are written into the table in its place
_EPSILON = 0.01
_SPACE = re.compile(r"\s+")
RowPiece = Callable[[etree._Element, list[float]], Piece]


def merged_columns(proto: etree._Element) -> list[int]:
    """The cells of a prototype row holding a ``| merge`` field, left to right."""
    found = []
    for index, tc in enumerate(proto.findall(qn("a:tc"))):
        fields = [parse_field(m.group(1), "") for p in tags.paragraphs(tc)
                  for m in FIELD.finditer(tags.text_of(p))]
        if any(f.merge for f in fields):
            found.append(index)
    return found


def rows_of(element: etree._Element) -> list[etree._Element]:
    """The table rows a piece's element stands for: a block's rows, else the row itself."""
    return list(element) if element.tag == BLOCK else [element]


def cell_text(tc: etree._Element) -> str:
    """A cell's text, its paragraphs joined by newlines (as pages cut it)."""
    return "\n".join(tags.text_of(p) for p in tags.paragraphs(tc))


def _spans(rows: list[etree._Element], merged: list[int]) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of every merged cell spanning two rows or more: runs of
    the same text, each within the rows of one cell of the first merged column."""
    starts: set[int] = {0}
    spans = []
    for n, column in enumerate(merged):
        texts = [cell_text(r.findall(qn("a:tc"))[column]) for r in rows]
        mine = starts | {r for r in range(1, len(rows)) if texts[r] != texts[r - 1]}
        bounds = [*sorted(mine), len(rows)]
        spans += [(column, a, b - 1) for a, b in pairwise(bounds) if b - 1 > a]
        if n == 0:
            starts = mine
    return spans


def clear(tc: etree._Element, paras: Sequence[etree._Element] = ()) -> None:
    """Put ``paras`` in place of a cell's paragraphs; none: one empty paragraph, in the size of
    the cell's text."""
    body = tc.find(qn("a:txBody"))
    if body is None:
        return
    props = body.find(f"{qn('a:p')}/{qn('a:r')}/{qn('a:rPr')}")
    for p in body.findall(qn("a:p")):
        body.remove(p)
    body.extend(paras)
    ensure_paragraph(body, props.get("sz") if props is not None else None)


@lru_cache(maxsize=4096)
def _cell_height(xml: bytes, width: float, empty: bool) -> float:
    """A cell's height (``empty``: with its text cleared), measured once per text and width."""
    tc = etree.fromstring(xml)
    if empty:
        clear(tc)
    row = etree.Element(qn("a:tr"))
    row.append(tc)
    return measure.row_height(row, [width])


def _height(row: etree._Element, widths: list[float], least: float,
            drop: set[int] = frozenset()) -> float:
    """A row's height with the cells ``drop`` measured empty."""
    return max([least] + [_cell_height(etree.tostring(tc), widths[i], i in drop)
                          for i, tc in enumerate(row.findall(qn("a:tc")))])


def _clip(tc: etree._Element, room: float, width: float) -> None:
    """Cut a cell's text at a word so it fits ``room`` points, ending it with an ellipsis."""
    paras = tags.paragraphs(tc)
    whole = cell_text(tc)

    def cut(stop: int) -> list[etree._Element]:
        kept = pages.slice_paragraphs(paras, 0, stop)
        last = tags.runs(kept[-1]) if kept else []
        if last and stop < len(whole):
            tags.set_text(last[-1], (last[-1].findtext(qn("a:t")) or "").rstrip() + " \u2026")
        return kept

    def fits(stop: int) -> bool:
        probe = copy.deepcopy(tc)
        clear(probe, cut(stop))
        return _cell_height(etree.tostring(probe), width, False) <= room + _EPSILON

    if fits(len(whole)):
        return
    stops = [m.start() for m in _SPACE.finditer(whole)]
    fitting = bisect_left(stops, True, key=lambda stop: not fits(stop))  # a longer cut is taller
    clear(tc, cut(stops[fitting - 1]) if fitting and stops[fitting - 1] else [])


def block(rows: list[etree._Element], merged: list[int], widths: list[float],
          least: float, clipped: frozenset[int] = frozenset()) -> tuple[etree._Element, float]:
    """The rows merged as a block (copies) and its height; ``least`` is a row's own height.
    The first row's cells in ``clipped`` columns (shown whole on the slide before) take no
    height of their own: their text is cut to the room their rows have."""
    spans = _spans(rows, merged)
    spans += [(c, 0, 0) for c in clipped if not any(s[0] == c and s[1] == 0 for s in spans)]
    heights = [_height(r, widths, least, drop={c for c, a, b in spans if a <= n <= b})
               for n, r in enumerate(rows)]
    for column, first, last in sorted(spans, key=lambda s: s[2] - s[1]):
        if first == 0 and column in clipped:
            continue
        need = _height(rows[first], widths, 0.0, drop=set(range(len(widths))) - {column})
        have = sum(heights[first:last + 1])
        if need > have + _EPSILON:
            extra = (need - have) / (last - first + 1)
            for r in range(first, last + 1):
                heights[r] += extra
    holder = etree.Element(BLOCK)
    for n, row in enumerate(rows):
        copied = copy.deepcopy(row)
        copied.set("h", str(theme.emu(heights[n])))
        holder.append(copied)
    for column in clipped:
        last = next(s[2] for s in spans if s[0] == column and s[1] == 0)
        _clip(holder[0].findall(qn("a:tc"))[column], sum(heights[:last + 1]), widths[column])
    for column, first, last in spans:
        if last == first:
            continue
        holder[first].findall(qn("a:tc"))[column].set("rowSpan", str(last - first + 1))
        for r in range(first + 1, last + 1):
            tc = holder[r].findall(qn("a:tc"))[column]
            tc.set("vMerge", "1")
            clear(tc)
    return holder, sum(heights)


def block_piece(rows: list[etree._Element], merged: list[int], widths: list[float],
                least: float, row_piece: RowPiece,
                clipped: frozenset[int] = frozenset()) -> Piece:
    """A block of rows as one piece, split between rows: below the break the first merged
    cell is shown again whole, the other merged cells the break cut again as far as their rows
    leave room."""
    if len(rows) == 1 and not clipped:
        return row_piece(rows[0], widths)
    holder, height = block(rows, merged, widths, least, clipped)
    spans = _spans(rows, merged)

    def split(room: float, words: bool = False) -> tuple[Piece, Piece] | None:
        # the most rows that fit, found by halves (more rows are never shorter)
        k = bisect_left(range(1, len(rows)), True, key=lambda n: block(
            rows[:n], merged, widths, least, clipped)[1] > room + _EPSILON)
        if k:
            head, tall = block(rows[:k], merged, widths, least, clipped)
            cut = frozenset(c for c, a, b in spans if a < k <= b and c != merged[0])
            return Piece(head, tall), block_piece(rows[k:], merged, widths, least, row_piece,
                                                  cut)
        first = row_piece(copy.deepcopy(rows[0]), widths)
        parts = first.split(room, words) if first.split else None
        if parts is None:
            return None
        top, rest = parts
        return top, block_piece(_carry(rest.element, rows, spans), merged, widths, least,
                                row_piece)

    return Piece(holder, height, split=split)


def _carry(rest: etree._Element, rows: list[etree._Element],
           spans: list[tuple[int, int, int]]) -> list[etree._Element]:
    """The rows after the first was split (``rest`` its continuation): a merged cell it
    shared with them continues there as it continues in ``rest``."""
    after = [copy.deepcopy(r) for r in rows[1:]]
    for column, first, last in spans:
        if first != 0:
            continue
        part = rest.findall(qn("a:tc"))[column]
        for row in after[:last]:
            old = row.findall(qn("a:tc"))[column]
            old.getparent().replace(old, copy.deepcopy(part))
    return [rest, *after]


def merge_pieces(pieces: list[Piece], merged: list[int], widths: list[float], least: float,
                 row_piece: RowPiece) -> list[Piece]:
    """``pieces`` with each run of records sharing the first merged cell's text as a block
    (headings, ``keep_with_next``, stay pieces of their own)."""
    out: list[Piece] = []
    run: list[Piece] = []

    def close() -> None:
        if len(run) > 1:
            piece = block_piece([p.element for p in run], merged, widths, least, row_piece)
            piece.again = run[0].again
            out.append(piece)
        else:
            out.extend(run)
        run.clear()

    first = merged[0]
    for piece in pieces:
        if piece.keep_with_next:
            close()
            out.append(piece)
            continue
        if run and cell_text(run[-1].element.findall(qn("a:tc"))[first]) != cell_text(
                piece.element.findall(qn("a:tc"))[first]):
            close()
        run.append(piece)
    close()
    return out
