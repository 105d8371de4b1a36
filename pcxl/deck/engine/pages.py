"""Split measured pieces (table rows, paragraphs) into pages, and long ones between sentences.

A piece that fits the room left goes on the page. One that does not is split when a third of the
page is left (else it starts the next page, or is split there when taller than a page), between
its paragraphs or sentences, marked "(continued)" at the end of one part and the start of the
next; each part holds two sentences or more where the text allows. A sentence taller than a
whole page is cut between words. Headings (``keep_with_next``)
move on with what follows them; a page that starts inside a group repeats its heading
(``again``), marked "(cont.)". No continuation page is left near-empty where splitting a piece in
the room before it saves the page, nor holding a single row (or the end of a cut one) where the
page before can spare rows.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from pcxl.deck.engine import tags
from pcxl.deck.engine.tags import qn

CONTINUED = "(continued)"
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=\S)")
_SPACE = re.compile(r"(?<=\S)\s+(?=\S)")
_EPSILON = 0.01
SPLIT_ROOM = 1 / 3  # a piece that does not fit is split when this share of a page is left
LIGHT = 1 / 4  # a last page holding less than this share of its room is near-empty


@dataclass
class Piece:
    """A measured row or paragraph; ``split(room)`` gives a head fitting ``room`` and the rest
    (``split(room, True)``: cut between words, for a sentence taller than a page)."""

    element: etree._Element
    height: float
    keep_with_next: bool = False
    split: Callable[..., tuple[Piece, Piece] | None] | None = None
    again: Piece | None = None  # its group heading, repeated when it starts a page
    part: bool = False  # the rest of a piece cut at a page's foot


def paginate(pieces: list[Piece], room: float, later: float | None = None) -> list[list[Piece]]:
    """Pages of ``pieces``, the first at most ``room`` tall, the others ``later`` (``room``
    unless given); a piece that cannot split overflows. A near-empty last page is avoided
    where cutting a piece in the room left before it saves the page, and a last page holding
    a single row (or the end of a cut one) takes rows from the page before while it keeps
    two."""
    later = room if later is None else later
    pages = _fill(pieces, room, later)
    if len(pages) > 1 and _light(pages[-1], later):
        eager = _fill(pieces, room, later, split_room=0.0)
        pages = eager if len(eager) < len(pages) else pages
    for _ in range(2):  # the page before gives up its last row, then one more if need be
        if len(pages) < 2 or not _lonely(pages[-1]) or _rows(pages[-2]) <= 2:
            break
        cap = sum(p.height for p in pages[-2][:-1])
        moved = _fill(pieces, room, later, caps={len(pages) - 2: cap})
        if len(moved) != len(pages) or _lonely(moved[-1]) >= _lonely(pages[-1]):
            break
        pages = moved
    return pages


def _rows(page: list[Piece]) -> int:
    """How many pieces of ``page`` are content, not headings."""
    return sum(not p.keep_with_next for p in page)


def _lonely(page: list[Piece]) -> int:
    """How lonely a last page's content is: 2 a single part of a cut piece, 1 a single whole
    piece, else 0."""
    content = [p for p in page if not p.keep_with_next]
    return 0 if len(content) != 1 else 2 if content[0].part else 1


def _light(page: list[Piece], room: float) -> bool:
    """A page holding one row, or less than ``LIGHT`` of its room."""
    return _rows(page) <= 1 or sum(p.height for p in page) < room * LIGHT


def _fill(pieces: list[Piece], first: float, room: float, split_room: float = SPLIT_ROOM,
          caps: dict[int, float] | None = None) -> list[list[Piece]]:
    """Pages filled greedily; a piece that does not fit is split when ``split_room`` of the
    page is left; ``caps``: a lower room for some pages (by number)."""
    caps = caps or {}
    pages: list[list[Piece]] = [[]]
    left = min(first, caps.get(0, first))
    queue = list(pieces)

    def new_page(carried: list[Piece]) -> None:
        nonlocal left
        pages.append(carried)
        left = min(room, caps.get(len(pages) - 1, room)) - sum(p.height for p in carried)

    while queue:
        piece = queue.pop(0)
        page = pages[-1]
        if not page and len(pages) > 1 and piece.again is not None:
            page.append(piece.again)
            left -= piece.again.height
        if piece.height <= left + _EPSILON:
            page.append(piece)
            left -= piece.height
            continue
        movable = any(not p.keep_with_next for p in page)
        fresh = room - (piece.again.height if piece.again is not None else 0.0)
        size = first if len(pages) == 1 else room
        parts = piece.split(left) if piece.split and left >= size * split_room else None
        if parts is None and movable and piece.height <= fresh + _EPSILON:
            new_page(_carried(page))
            queue.insert(0, piece)
            continue
        if parts is None and piece.split and left < size * split_room:
            parts = piece.split(left)
        if parts is None and not movable and piece.split:
            parts = piece.split(left, True)  # no sentence fits a whole page: cut between words
        if parts is None and movable:
            new_page(_carried(page))  # headings move on with what they head
            queue.insert(0, piece)
        elif parts is None:
            page.append(piece)  # taller than a page and nowhere to cut: it overflows
            left = 0.0
        else:
            head, rest = parts
            rest.again = rest.again or piece.again
            rest.part = True
            page.append(head)
            new_page([])
            queue.insert(0, rest)
    return pages


def _carried(page: list[Piece]) -> list[Piece]:
    """The headings (``keep_with_next``) ending ``page``, taken off it to start the next."""
    carried: list[Piece] = []
    while page and page[-1].keep_with_next:
        carried.insert(0, page.pop())
    return carried


def cuts(text: str, words: bool = False) -> list[int]:
    """Where a text may be split: after each sentence and between paragraphs (``words``:
    between any two words), but never after a line ending in a colon (a heading stays with
    what it introduces)."""
    points = {m.start() for m in (_SPACE if words else _SENTENCE).finditer(text)} | {
        i for i, ch in enumerate(text) if ch == "\n"}
    return sorted(p for p in points if 0 < p < len(text) and not text[:p].rstrip().endswith(":"))


def slice_paragraphs(paras: list[etree._Element], start: int, stop: int) -> list[etree._Element]:
    """Copies of ``paras`` holding only characters ``start`` to ``stop`` of their text (the
    paragraphs joined with newlines), each run keeping its formatting."""
    kept = []
    offset = 0
    for p in paras:
        text = tags.text_of(p)
        lo, hi = max(start - offset, 0), min(stop - offset, len(text))
        offset += len(text) + 1
        if hi <= lo:
            continue
        part = copy.deepcopy(p)
        position = 0
        for run in list(part):
            if run.tag not in (qn("a:r"), qn("a:br")):
                continue
            value = run.findtext(qn("a:t")) or "" if run.tag == qn("a:r") else "\n"
            a, b = max(lo - position, 0), min(hi - position, len(value))
            position += len(value)
            if b <= a:
                part.remove(run)
            elif run.tag == qn("a:r"):
                tags.set_text(run, value[a:b].strip() if (a, b) != (0, len(value)) else value)
        _trim_breaks(part)
        if lo > 0:
            _no_bullet(part)
        kept.append(part)
    return kept


def _no_bullet(p: etree._Element) -> None:
    """The rest of a cut paragraph goes on under its text: no second bullet or number."""
    props = p.find(qn("a:pPr"))
    if props is None or not tags.children_among(props, ("a:buChar", "a:buAutoNum", "a:buBlip")):
        return
    for old in tags.children_among(props, ("a:buClr", "a:buClrTx", "a:buSzTx", "a:buSzPct",
                                           "a:buSzPts", "a:buFontTx", "a:buFont", "a:buChar",
                                           "a:buAutoNum", "a:buBlip")):
        props.remove(old)
    tags.place_before(props, etree.Element(qn("a:buNone")), ("a:tabLst", "a:defRPr", "a:extLst"))
    props.set("indent", "0")


def _trim_breaks(p: etree._Element) -> None:
    """Drop line breaks a cut left at the start or end of a paragraph."""
    content = [c for c in p if c.tag in (qn("a:r"), qn("a:br"))]
    for edge in (content, content[::-1]):
        for child in edge:
            if child.tag != qn("a:br"):
                break
            if child.getparent() is p:
                p.remove(child)


def mark(paras: list[etree._Element], *, end: bool) -> None:
    """Add "(continued)" at the end of the last paragraph or the start of the first."""
    if not paras:
        return
    p = paras[-1] if end else paras[0]
    runs = tags.runs(p)
    if not runs:
        return
    run = copy.deepcopy(runs[-1] if end else runs[0])
    props = run.find(qn("a:rPr"))
    if props is not None:
        props.set("i", "1")
    tags.set_text(run, f" {CONTINUED}" if end else f"{CONTINUED} ")
    if end:
        runs[-1].addnext(run)
    else:
        runs[0].addprevious(run)


def best_cut(points: list[int], fits: Callable[[int], bool]) -> int | None:
    """The furthest cut whose head ``fits`` and holds two sentences or more; one earlier when it
    would leave a single sentence behind and the head keeps two."""
    fitting = [i for i, p in enumerate(points) if i >= 1 and fits(p)]
    if not fitting:
        return None
    chosen = fitting[-1]
    if chosen == len(points) - 1 and chosen >= 1:
        chosen -= 1
    return points[chosen]
