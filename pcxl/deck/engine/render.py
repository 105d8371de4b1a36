"""Fill a planned layout: a slide per group, rows and paragraphs per record, continuation slides.

For each prototype slide and each of its groups, every flow (a table with a prototype row or a
column that repeats, a text box with repeating paragraphs) is expanded and measured, then
paginated into the room the designer gave it: a table grows down to the next shape beneath it
(or to half an inch above the slide's bottom edge), a text box keeps its own size. The slide is
copied once per page; page 2 on repeat the table's header rows (and a box's leading paragraphs)
and carry "(cont.)" in the title; a repeated column's records beyond a slide's go on later
pages. A table or list with no records is left out (but for its ``{% if no %}`` lines). Charts
get their counts, blocks are drawn into their shapes, every other field is filled.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.presentation import Presentation
from pptx.slide import Slide

from pcxl.dataset import Dataset
from pcxl.deck import charts, theme
from pcxl.deck.engine import cells, fit, measure, merge, pages, tags
from pcxl.deck.engine.clone import Cloner, same_chart
from pcxl.deck.engine.columns import (
    chunks,
    drop_columns,
    empty_columns,
    grid_of,
    repeat_column,
)
from pcxl.deck.engine.data import (
    Join,
    Scope,
    Value,
    columns,
    distinct,
    empty,
    group_values,
    grouped,
    position,
    record_rows,
    record_scope,
)
from pcxl.deck.engine.fill import (
    colour_cell,
    colour_shape,
    ensure_paragraph,
    fill_body,
    fill_paragraph,
)
from pcxl.deck.engine.lang import Chart, Each, Group
from pcxl.deck.engine.pages import Piece
from pcxl.deck.engine.plan import Flow, Para, SlidePlan, shape_name
from pcxl.deck.engine.tags import qn
from pcxl.vocab import Vocabulary

CONT = "(cont.)"
SPARE_COLOURS = ("41B6E6", "AE2573", "ED8B00", "330072", "768692", "005EB8")  # NHS palette
BOTTOM_MARGIN = 36.0
MIN_COLUMN = 72.0  # the narrowest a repeated column is drawn, in points (an inch)
Box = tuple[float, float, float, float]
_XFRMS = (f"{qn('p:spPr')}/{qn('a:xfrm')}", qn("p:xfrm"), f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
BlockPages = Callable[[Dataset, Box], list[Callable[[Slide, Box], None]]]


@dataclass
class Laid:
    """A flow's pages: the rows or paragraphs each page holds, and what every page repeats."""

    flow: Flow
    head: list[etree._Element]
    pages: list[list[Piece]]
    tail: list[etree._Element]
    lift: float = 0.0  # how far up it moves after the first slide (first-slide shapes above)
    top: float | None = None  # moved up into the place of a table above it left out
    # each page's columns, when not the layout's (columns the data left empty gone, or copies
    # of a repeated column)
    grids: list[etree._Element] | None = None

    @cached_property
    def last_page(self) -> dict[etree._Element, int]:
        """The last page each row or paragraph is written on, once the pages are laid."""
        return {part: number for number, page in enumerate(self.pages) for piece in page
                for part in merge.rows_of(piece.element)}


def _pt(value: str | int | None) -> float:
    return int(value or 0) / theme.EMU_PER_POINT


def box_of(element: etree._Element) -> Box:
    """Where a shape is, in points: read from its own ``xfrm`` (a shape's, a graphic frame's or
    a group's), else nowhere (zeros)."""
    for path in _XFRMS:
        xfrm = element.find(path)
        if xfrm is not None:
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            return (_pt(off.get("x")), _pt(off.get("y")), _pt(ext.get("cx")), _pt(ext.get("cy")))
    return (0.0, 0.0, 0.0, 0.0)


@lru_cache(maxsize=64)
def _boxes(tree: etree._Element) -> tuple[Box, ...]:
    """Where each shape of a layout's slide is (read once: the layout's slides are not changed
    while they are filled; a filled copy is)."""
    return tuple(box_of(element) for element in tree.iterchildren())


def _fill_copy(element: etree._Element, scope: Scope, dataset: Dataset,
               own: dict[int, Scope] | None = None) -> etree._Element:
    """A filled copy of a table row (each cell coloured as its fields ask); the cells ``own``
    numbers take their own scopes (a repeated column's records)."""
    row = copy.deepcopy(element)
    for n, tc in enumerate(row.findall(qn("a:tc"))):
        body = tc.find(qn("a:txBody"))
        if body is None:
            continue
        colour = fill_body(body, (own or {}).get(n, scope), dataset.tracker)
        if colour:
            colour_cell(tc, colour)
    return row


def _fixed_row(row: etree._Element, scope: Scope, dataset: Dataset,
               widths: list[float]) -> etree._Element:
    """A filled, measured copy of a table's header or closing row; a row with no field (most
    header rows) is filled and measured once per deck, then copied."""
    if "{" in tags.all_text(row):
        return _measured(_fill_copy(row, scope, dataset), widths)
    key = (row, tuple(widths))
    if key not in _FIXED:
        _FIXED[key] = _measured(_fill_copy(row, scope, dataset), widths)
    return copy.deepcopy(_FIXED[key])


def _measured(row: etree._Element, widths: list[float]) -> etree._Element:
    """``row`` with its measured height (and its paragraphs' exact line pitch) set."""
    row.set("h", str(theme.emu(measure.row_height(row, widths, exact=True))))
    return row


_FIXED: dict[tuple[etree._Element, tuple[float, ...]], etree._Element] = {}  # this deck's


def _emptied(row: etree._Element, filled: etree._Element) -> bool:
    """Whether a row that held fields is left with no text (a closing note with no note)."""
    return "{{" in tags.all_text(row) and not tags.all_text(filled).strip()


def row_piece(row: etree._Element, widths: list[float], exact: bool = False) -> Piece:
    """A table row measured for pagination (``exact``: given the line pitch it is measured with),
    split across pages between cells' lines when taller than the room left (its short leading
    cells repeated on the continuation)."""
    height = measure.row_height(row, widths, exact)
    row.set("h", str(theme.emu(height)))

    def split(room: float, words: bool = False) -> tuple[Piece, Piece] | None:
        tcs = row.findall(qn("a:tc"))
        heights = [measure.row_height(_only(row, i), widths) for i in range(len(tcs))]
        longest = max(range(len(tcs)), key=heights.__getitem__)
        texts = [merge.cell_text(tc) for tc in tcs]
        keys = 0  # the row's leading short cells (a ref, a name), repeated on its continuation
        while keys < len(tcs) and _short(tcs[keys], widths, keys):
            keys += 1

        def build(cut: dict[int, int], first: bool) -> etree._Element:
            piece = copy.deepcopy(row)
            piece.set("h", "0")
            for i, tc in enumerate(piece.findall(qn("a:tc"))):
                if i in cut:
                    paras = tags.paragraphs(tcs[i])
                    kept = (pages.slice_paragraphs(paras, 0, cut[i]) if first else
                            pages.slice_paragraphs(paras, cut[i], len(texts[i])))
                    pages.mark(kept, end=first)
                elif first or i < keys:
                    continue  # kept whole on the first part; a leading key cell repeats
                elif i == 0:  # the first cell names the row: its first paragraph repeats
                    kept = _name_of(tcs[0], widths)
                else:
                    kept = []
                merge.clear(tc, kept)
            return piece

        # the longest cell is cut, and so is every other cell taller than the room
        cut: dict[int, int] = {}
        for i in sorted(range(len(tcs)), key=lambda i: i != longest):
            if i != longest and heights[i] <= room + 0.01:
                continue
            at = pages.best_cut(pages.cuts(texts[i], words), lambda c, i=i: measure.row_height(
                _only(build({i: c}, True), i), widths) <= room + 0.01)
            if at is None:
                return None
            cut[i] = at
        head = build(cut, True)
        rest = row_piece(build(cut, False), widths)
        head.set("h", str(theme.emu(measure.row_height(head, widths))))
        return Piece(head, measure.row_height(head, widths)), rest

    return Piece(row, height, split=split)


def _short(tc: etree._Element, widths: list[float], index: int,
           paras: list[etree._Element] | None = None) -> bool:
    """Whether a cell's paragraphs (else ``paras`` of it) take at most two lines: a ref or a
    name, repeated on a continued row."""
    margins = measure.cell_margins(tc)
    inner = widths[index] - margins["marL"] - margins["marR"]
    lines = [(measure.para_height(p, inner), measure.pitch(p))
             for p in (tags.paragraphs(tc) if paras is None else paras)]
    return sum(h for h, _ in lines) <= 2 * max((p for _, p in lines), default=0) + 0.01


def _name_of(tc: etree._Element, widths: list[float]) -> list[etree._Element]:
    """The first paragraph of a row's first cell when it is short enough to name the row on
    its continuation (two lines at most), else nothing."""
    first = tags.paragraphs(tc)[:1]
    return [copy.deepcopy(first[0])] if first and _short(tc, widths, 0, first) else []


def _only(row: etree._Element, index: int) -> etree._Element:
    """A copy of ``row`` with only cell ``index`` holding text (to find the tallest cell)."""
    probe = copy.deepcopy(row)
    probe.set("h", "0")
    for i, tc in enumerate(probe.findall(qn("a:tc"))):
        if i != index:
            body = tc.find(qn("a:txBody"))
            for p in body.findall(qn("a:p")) if body is not None else ():
                body.remove(p)
    return probe


def _tops(plan: SlidePlan, box: Box, others: Iterable[int], *, above: bool) -> list[float]:
    """The tops of the ``others`` shapes standing above ``box`` (else beneath it) across some
    of its width."""
    x, y, w, h = box
    boxes = _boxes(plan.slide.shapes._spTree)
    across = [(oy, oh) for ox, oy, ow, oh in (boxes[i] for i in others)
              if ox < x + w and x < ox + ow]
    if above:
        return [oy for oy, oh in across if oy + oh <= y + 0.5]
    return [oy for oy, _ in across if oy >= y + h - 0.5]


def _limit(plan: SlidePlan, index: int, box: Box, slide_height: float,
           gone: frozenset[int] = frozenset()) -> float:
    """How far down a table may grow: to the next shape beneath it (other than the ``gone``
    ones, left out for want of records), else the bottom margin."""
    others = set(range(len(_boxes(plan.slide.shapes._spTree)))) - gone - {index}
    return min([slide_height - BOTTOM_MARGIN, *_tops(plan, box, others, above=False)])


def _room(plan: SlidePlan, flow: Flow, box: Box, slide_height: float,
          gone: frozenset[int]) -> tuple[float | None, float, float]:
    """Where a table starts (moved up to the top of the tables above it left out, else None:
    where the layout put it), how tall it may grow, and how far up it moves after the first
    slide (to the top of the first-slide-only shapes above it)."""
    top = min(_tops(plan, box, gone - {flow.index}, above=True), default=None)
    room = _limit(plan, flow.index, box, slide_height, gone) - (box[1] if top is None else top)
    first_only = min(_tops(plan, box, plan.first_only, above=True), default=None)
    return top, room, 0.0 if first_only is None else box[1] - first_only


def lay_table(plan: SlidePlan, flow: Flow, element: etree._Element, scope: Scope, join: Join,
              dataset: Dataset, slide_height: float, gone: frozenset[int] = frozenset(), *,
              narrowed: bool = False) -> Laid:
    table = element.find(".//" + qn("a:tbl"))
    widths = [_pt(c.get("w")) for c in table.find(qn("a:tblGrid")).findall(qn("a:gridCol"))]
    rows = table.findall(qn("a:tr"))
    first = flow.proto_row - (flow.group is not None)
    assert flow.each is not None
    each = flow.each
    if each.first:  # how many records ``first N`` leaves out, for the other rows to say
        more = len(record_rows(dataset, each, join, every=True)) - each.first
        scope = {**scope, "more": Value(more if more > 0 else "")}
    head = [_fixed_row(r, scope, dataset, widths) for r in rows[:first]]
    tail = [filled for r in rows[flow.proto_row + 1:]
            for filled in [_fixed_row(r, scope, dataset, widths)] if not _emptied(r, filled)]
    proto = rows[flow.proto_row]
    nested = sum(cells.repeats(p) is not None for p in tags.paragraphs(proto)) > 1

    def record_row(s: Scope) -> Piece:
        row = cells.expand_row(proto, each, s, join, dataset) if nested else proto
        return row_piece(_fill_copy(row, s, dataset), widths, exact=True)

    pieces = list(_grouped(
        dataset, each, [flow.group.keys] if flow.group else [], join, scope,
        lambda s: [row_piece(_fill_copy(rows[first], s, dataset), widths, exact=True)],
        lambda s: [record_row(s)]))
    empty = empty_columns([*head, *tail, *(p.element for p in pieces)])
    if empty and len(empty) < len(widths) and not narrowed:  # a column the data left empty
        return lay_table(plan, flow, drop_columns(element, empty), scope, join, dataset,
                         slide_height, gone, narrowed=True)
    merged = merge.merged_columns(proto)
    if merged:
        pieces = merge.merge_pieces(pieces, merged, widths, _pt(proto.get("h")), row_piece)
    top, room, lift = _room(plan, flow, box_of(element), slide_height, gone)
    room -= sum(_pt(r.get("h")) for r in head)
    laid = pages.paginate(pieces, room, room + lift)
    grids = [grid_of(element)] * len(laid) if narrowed else None
    return Laid(flow, head, laid, tail, lift=lift, top=top, grids=grids)


def lay_columns(plan: SlidePlan, flow: Flow, element: etree._Element, scope: Scope,
                join: Join, dataset: Dataset, slide_height: float,
                gone: frozenset[int] = frozenset()) -> Laid:
    """A table whose column repeats: as many records side by side a slide as ``max N`` and a
    readable width (``MIN_COLUMN``) allow, shared out evenly; the rest on continuation slides.
    Each slide's table keeps the layout's width, the header rows (down to the row holding the
    tag) repeated where a tall table's rows continue."""
    assert flow.each is not None
    each, column = flow.each, flow.proto_col
    sheet = dataset.tracker.sheet(each.sheet)
    found = record_rows(dataset, each, join)
    grid = element.find(f".//{qn('a:tbl')}/{qn('a:tblGrid')}").findall(qn("a:gridCol"))
    readable = max(1, int(_pt(grid[column].get("w")) // MIN_COLUMN))
    most = min(each.most or readable, readable)
    top, room, lift = _room(plan, flow, box_of(element), slide_height, gone)
    laid = Laid(flow, [], [], [], lift=lift, top=top, grids=[])
    for part in chunks(len(found), most):
        frame = repeat_column(element, column, len(part))
        table = frame.find(".//" + qn("a:tbl"))
        widths = [_pt(c.get("w")) for c in table.find(qn("a:tblGrid")).findall(qn("a:gridCol"))]
        own = {column + n: {**scope, **position(i + 1, scope),
                            **record_scope(sheet, found[i], dataset)}
               for n, i in enumerate(part)}
        rows = []
        for row in table.findall(qn("a:tr")):
            spanning = row.findall(qn("a:tc"))[column].get("gridSpan", "1") != "1" or (
                row.findall(qn("a:tc"))[column].get("hMerge") in ("1", "true"))
            rows.append(row_piece(_fill_copy(row, scope, dataset, None if spanning else own),
                                  widths, exact=True))
        head = [Piece(r.element, r.height, True) for r in rows[:flow.proto_row + 1]]
        tall = sum(r.height for r in head)
        pages_of = pages.paginate(rows[flow.proto_row + 1:], room - tall, room - tall + lift)
        for page in pages_of or [[]]:
            laid.pages.append([*head, *page])
            laid.grids.append(table.find(qn("a:tblGrid")))
    return laid


def _para_piece(p: etree._Element, width: float, keep: bool = False) -> Piece:
    height = measure.para_height(p, width, exact=True)

    def split(room: float, words: bool = False) -> tuple[Piece, Piece] | None:
        text = tags.text_of(p)

        def part(start: int, stop: int) -> etree._Element:
            kept = pages.slice_paragraphs([p], start, stop)
            pages.mark(kept, end=start == 0)
            return kept[0]

        cut = pages.best_cut(pages.cuts(text, words),
                             lambda c: measure.para_height(part(0, c), width) <= room + 0.01)
        if cut is None:
            return None
        head = part(0, cut)
        return (Piece(head, measure.para_height(head, width)),
                _para_piece(part(cut, len(text)), width))

    return Piece(p, height, keep, split)


def mark_cont(element: etree._Element) -> bool:
    """Add " (cont.)" to the last words of a title or heading ("Mitigations (cont.)", a colon
    dropped); False when it has no words."""
    runs = [r for r in element.iter(qn("a:r")) if (r.findtext(qn("a:t")) or "").strip()]
    if runs:
        words = (runs[-1].findtext(qn("a:t")) or "").rstrip().removesuffix(":")
        tags.set_text(runs[-1], words + " " + CONT)
    return bool(runs)


class _Cont(Piece):
    """A group heading repeated, marked "(cont.)", atop a page its records go on: copied when
    first read (``write_flow``, before the heading is written), so most groups cost no copy."""

    @property
    def element(self) -> etree._Element:
        if self._copy is None:
            self._copy = copy.deepcopy(self._heading)
            mark_cont(self._copy)
        return self._copy

    @element.setter
    def element(self, heading: etree._Element) -> None:
        self._heading, self._copy = heading, None


def _grouped(dataset: Dataset, each: Each, groups: list[tuple[str, ...]], join: Join,
             scope: Scope, heading: Callable[[Scope], list[Piece]],
             item: Callable[[Scope], list[Piece]]) -> Iterator[Piece]:
    """``each``'s records, under a heading per group of them when grouped (kept with what
    follows; repeated, marked "(cont.)", atop a page its records continue on: ``_Cont``)."""
    again = None
    for depth, inner in grouped(dataset, each, groups, record_rows(dataset, each, join), scope):
        if depth < len(groups):
            heads = heading(inner)
            for piece in heads:
                piece.keep_with_next = True
                yield piece
            again = _Cont(heads[0].element, heads[0].height, True) if heads else None
            continue
        for piece in item(inner):
            piece.again = again
            yield piece


def _expand_paras(paras: list[Para], scope: Scope, join: Join, dataset: Dataset,
                  width: float) -> Iterator[Piece]:
    i = 0
    while i < len(paras):
        para, repeat = paras[i], paras[i].repeat
        grouping = isinstance(repeat, Group) and i + 1 < len(paras) and isinstance(
            paras[i + 1].repeat, Each)
        if grouping or isinstance(repeat, Each):
            items = paras[i + grouping]
            assert isinstance(items.repeat, Each)
            yield from _grouped(
                dataset, items.repeat, [repeat.keys] if grouping else [], join, scope,
                lambda s, el=para.element: list(_filled(el, s, dataset, width, keep=True)),
                lambda s, el=items.element: list(_filled(el, s, dataset, width)))
            i += 1 + grouping
            continue
        if repeat is None and (para.if_none is None
                               or not record_rows(dataset, para.if_none, join)):
            yield from _filled(para.element, scope, dataset, width)
        i += 1


def _filled(p: etree._Element, scope: Scope, dataset: Dataset, width: float, *,
            keep: bool = False) -> Iterator[Piece]:
    copied = copy.deepcopy(p)
    if fill_paragraph(copied, scope, dataset.tracker).keep:
        yield _para_piece(copied, width, keep)


def lay_box(plan: SlidePlan, flow: Flow, element: etree._Element, scope: Scope, join: Join,
            dataset: Dataset, slide_height: float, gone: frozenset[int] = frozenset()) -> Laid:
    """A text box keeps its size; one set to grow with its text (Impress's default) grows
    down like a table (over the ``gone`` tables, left out for want of records)."""
    body = element.find(qn("p:txBody"))
    body_pr = body.find(qn("a:bodyPr"))
    insets = measure.box_insets(body_pr)
    box = box_of(element)
    _, y, w, h = box
    if body_pr is not None and body_pr.find(qn("a:spAutoFit")) is not None:
        h = _limit(plan, flow.index, box, slide_height, gone) - y
    width = w - insets["lIns"] - insets["rIns"]
    first = next(i for i, p in enumerate(flow.paras) if p.repeat is not None)
    lead, rest = flow.paras[:first], flow.paras[first:]
    head = [piece.element for piece in _expand_paras(lead, scope, join, dataset, width)]
    room = h - insets["tIns"] - insets["bIns"] - sum(
        measure.para_height(p, width) for p in head)
    laid = pages.paginate(list(_expand_paras(rest, scope, join, dataset, width)), room)
    return Laid(flow, head, laid, [])


# --- Writing one page --------------------------------------------------------------------------


def write_flow(element: etree._Element, laid: Laid, page: int) -> None:
    """Write a flow's page into its shape: a table's rows (sized to them) or a box's
    paragraphs, between the heads every page repeats and the tails the last page closes with."""
    table = element.find(".//" + qn("a:tbl"))
    if table is not None:
        holder, part = table, qn("a:tr")
    else:
        holder, part = element.find(qn("p:txBody")), qn("a:p")
    for old in holder.findall(part):
        holder.remove(old)
    last = page == len(laid.pages) - 1
    parts = [*laid.head, *(r for p in laid.pages[page] for r in merge.rows_of(p.element)),
             *(laid.tail if last else [])]
    # each part is moved in where it is last written, copied where a later page repeats it
    # (the heads: on every page but the last)
    final = laid.last_page
    holder.extend(e if last or final.get(e, len(laid.pages)) <= page else copy.deepcopy(e)
                  for e in parts)
    if table is None:
        measure.no_autofit(holder.find(qn("a:bodyPr")))
        ensure_paragraph(holder)
        return
    if laid.grids:
        table.replace(table.find(qn("a:tblGrid")), copy.deepcopy(laid.grids[page]))
    marked = laid.head or laid.flow.kind == "columns"
    if marked and table.find(qn("a:tblPr")) is not None:  # marked for screen readers
        table.find(qn("a:tblPr")).set("firstRow", "1")
    element.find(f"{qn('p:xfrm')}/{qn('a:ext')}").set(
        "cy", str(sum(int(r.get("h", 0)) for r in parts)))
    if laid.top is not None or (page and laid.lift):  # moved up: see ``_room``
        off = element.find(f"{qn('p:xfrm')}/{qn('a:off')}")
        top = int(off.get("y", 0)) if laid.top is None else theme.emu(laid.top)
        off.set("y", str(top - (theme.emu(laid.lift) if page else 0)))


def fill_static(element: etree._Element, scope: Scope, dataset: Dataset) -> None:
    """Fill the fields of a shape that does not repeat (text box, shape or fixed table) and
    that filling changes (not ``_unchanged``)."""
    if element.find(".//" + qn("a:tbl")) is not None:
        for row in element.iter(qn("a:tr")):
            row.getparent().replace(row, _fill_copy(row, scope, dataset))
        for p in tags.paragraphs(element):
            measure.exact_spacing(p)
        return
    for body in element.iter(qn("p:txBody")):
        colour = fill_body(body, scope, dataset.tracker)
        if colour:
            colour_shape(body.getparent(), colour)


def _unchanged(element: etree._Element) -> bool:
    """Whether filling would leave a shape as it is: no field, no newline to break, and a
    paragraph in each text body (most of a slide: bands, rules, labels, footers)."""
    written = tags.all_text(element)
    return "{" not in written and "\n" not in written and all(
        body.find(qn("a:p")) is not None for body in element.iter(qn("p:txBody")))


def mark_title(slide: Slide) -> None:
    """Add " (cont.)" to the title: the title placeholder, else the shape named Title."""
    for element in slide.shapes._spTree.iterchildren():
        ph = element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
        is_title = (ph is not None and ph.get("type") in ("title", "ctrTitle")) or (
            shape_name(element).strip().lower().startswith("title"))
        if is_title and mark_cont(element):
            return


def chart_data(plan_chart: Chart, dataset: Dataset,
               join: Join) -> tuple[list[str], list[tuple[str, list[int]]], str | None]:
    """Categories, series of counts, and the series column's vocabulary (if any)."""
    found = record_rows(dataset, plan_chart.each, join)
    tracker, sheet = dataset.tracker, plan_chart.each.sheet
    category, by = plan_chart.category, plan_chart.series
    counts = Counter((str(r.get(category)), str(r.get(by)) if by else "Count") for r in found)
    cats = [str(c) for c in distinct(tracker, sheet, category, [r.get(category) for r in found])]
    names = ([str(v) for v in distinct(tracker, sheet, by, [r.get(by) for r in found])]
             if by else ["Count"])
    series = [(name, [counts[(c, name)] for c in cats]) for name in names]
    return cats, series, columns(tracker, sheet)[by].vocab if by else None


def _header(dataset: Dataset, sheet: str, key: str) -> str:
    column = columns(dataset.tracker, sheet).get(key)
    return (column.header if column is not None else key.replace("_", " ")).lower()


def draw_chart(slide: Slide, element: etree._Element, plan_chart: Chart, dataset: Dataset,
               join: Join) -> None:
    """Replace the chart's data with counts (formatting kept); series from a vocabulary take
    its colours."""
    shape = next(s for s in slide.shapes if s._element is element)
    cats, series, vocab = chart_data(plan_chart, dataset, join)
    if not cats:
        cats, series = ["(none)"], [(n, [0]) for n, _ in series] or [("Count", [0])]
    series = series or [("Count", [0] * len(cats))]  # a chart keeps a series, or it is lost
    data = charts.chart_data(cats, series, "0")
    shape.chart.replace_data(data)
    about = " and ".join(_header(dataset, plan_chart.each.sheet, key) for key in
                         (plan_chart.category, plan_chart.series) if key)
    element.find(".//" + qn("p:cNvPr")).set("descr", charts.describe(
        shape.chart.chart_type, data, f"{plan_chart.each.sheet.lower()} by {about}"))
    totals = [sum(counts[n] for _, counts in series) for n in range(len(cats))]
    _whole_numbers(shape.chart, max(totals, default=0))
    if vocab:
        _vocabulary_colours(shape.chart, [name for name, _ in series],
                            dataset.tracker.vocabulary(vocab))


def _whole_numbers(chart, most: int) -> None:
    """Counts are whole numbers: a value axis left automatic steps by 1 up to 10."""
    try:
        axis = chart.value_axis
    except ValueError:  # a pie has no axis
        return
    if axis.major_unit is None and most <= 10:
        axis.major_unit = 1


def _vocabulary_colours(chart, names: list[str], words: Vocabulary) -> None:
    """Each series named by a vocabulary word takes the word's colour; a word sharing its
    colour with an earlier series takes a spare colour, so no two series look alike. Where the
    layout labels the values, each series' labels are white or dark, whichever reads on it."""
    plot = chart.plots[0]
    used: set[str] = set()
    for plot_series, name in zip(plot.series, names, strict=False):
        colour = words.colour(name)
        if colour in used:
            colour = next((c for c in SPARE_COLOURS if c not in used), colour)
        if colour:
            used.add(colour)
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = RGBColor.from_string(colour)
            if plot.has_data_labels:
                labels = plot.data_labels
                charts.label_values(plot_series.data_labels, labels.number_format,
                                    theme.resolve(theme.text_on(colour)))


def _draw_block(slide: Slide, element: etree._Element,
                pages_of: list[Callable[[Slide, Box], None]], page: int) -> None:
    """Draw a block's page in place of its shape, keeping its place in the reading order."""
    tree = element.getparent()
    at = tree.index(element)
    box = box_of(element)
    tree.remove(element)
    if page >= len(pages_of):
        return
    before = len(tree)
    pages_of[page](slide, box)
    for n, added in enumerate(list(tree)[before:]):
        tree.insert(at + n, added)


def groups(plan: SlidePlan, dataset: Dataset, scope: Scope) -> Iterator[tuple[Join, Scope]]:
    """The slide's groups: one per record or value of its ``slide per`` rule (else one), each
    kept only when every ``slide if`` rule finds records in it."""
    per = next((r for r in plan.rules if r.kind == "per"), None)
    found: list[tuple[Join, Scope]] = []
    if per is None:
        found = [({}, scope)]
    elif not per.keys:
        sheet = dataset.tracker.sheet(per.each.sheet)
        for row in record_rows(dataset, per.each, {}):
            record = {**scope, **record_scope(sheet, row, dataset)}
            found.append((cells.record_join(dataset, sheet.name, record, {}), record))
    else:  # per value, in the order group headings take (``group_values``), a blank left out
        rows = record_rows(dataset, per.each, {})
        sheet = dataset.tracker.sheet(per.each.sheet)
        firsts: dict = {}  # the group's other fields: its first record's
        for row in rows:
            firsts.setdefault(tuple(row[k] for k in per.keys), row)
        for values in group_values(dataset, per.each, rows, per.keys):
            if not empty(values[0]):
                found.append((dict(zip(per.keys, values, strict=True)),
                              {**scope, **record_scope(sheet, firsts[values], dataset)}))
    for join, inner in found:
        if all(record_rows(dataset, r.each, join) for r in plan.rules if r.kind == "if"):
            yield join, inner


def _left_out(flow: Flow, dataset: Dataset, join: Join) -> bool:
    """Whether a flow draws nothing: no records, and no ``{% if no %}`` line saying so."""
    return flow.each is not None and not record_rows(dataset, flow.each, join) and not any(
        p.if_none is not None and not record_rows(dataset, p.if_none, join) for p in flow.paras)


def render(prs: Presentation, plans: list[SlidePlan], dataset: Dataset, scope: Scope,
           blocks: dict[str, BlockPages],
           max_slides: int | None = None) -> list[tuple[int, Slide]]:
    """Add the filled slides of every prototype to ``prs``; returns them in order, each with
    the number of the layout's slide it was drawn from. More than ``max_slides`` slides (None:
    no limit) stop with ``DeckTooLargeError``."""
    _boxes.cache_clear()  # no other deck's slides kept alive, nor read
    _FIXED.clear()
    made: list[tuple[int, Slide]] = []
    height = _pt(prs.slide_height)
    clone = Cloner(prs, max_slides)
    for plan in plans:
        children = list(plan.slide.shapes._spTree.iterchildren())
        kept = {i for i, c in enumerate(children)  # what filling leaves as it is, found once
                if c.find(".//" + qn("a:tbl")) is None and _unchanged(c)}
        for join, inner in groups(plan, dataset, scope):
            laid = {}
            gone = frozenset(f.index for f in plan.flows if _left_out(f, dataset, join))
            for flow in plan.flows:
                element = children[flow.index]
                lay = {"table": lay_table, "columns": lay_columns, "box": lay_box}[flow.kind]
                laid[flow.index] = lay(plan, flow, element, inner, join, dataset, height, gone)
            drawn = {i: blocks[name](dataset, box_of(children[i]))
                     for i, name in plan.blocks.items()}
            if drawn and not any(drawn.values()) and gone >= {f.index for f in plan.flows}:
                continue  # a slide for its blocks, and they have nothing to draw
            count = max([1, *(len(v.pages) for v in laid.values()),
                         *(len(v) for v in drawn.values())])
            charted: dict[int, tuple[Slide, etree._Element]] = {}  # drawn once, then copied
            for page in range(count):
                slide = clone(plan.slide)
                page_scope = {**inner, "cont": Value(CONT if page else ""),
                              "page": Value(str(len(made) + 1))}  # its number in the deck
                elements = list(slide.shapes._spTree.iterchildren())
                for index, element in enumerate(elements):
                    if index < 2:
                        continue
                    if page and index in plan.first_only:
                        element.getparent().remove(element)
                    elif index in laid:
                        if page < len(laid[index].pages) and any(laid[index].pages):
                            write_flow(element, laid[index], page)
                        else:
                            element.getparent().remove(element)
                    elif index in plan.charts:
                        if index not in charted or not same_chart(slide, element,
                                                                  *charted[index]):
                            draw_chart(slide, element, plan.charts[index], dataset, join)
                            charted[index] = (slide, element)
                    elif index in drawn:
                        _draw_block(slide, element, drawn[index], page)
                    elif index not in kept:
                        fill_static(element, page_scope, dataset)
                if page and not plan.has_cont:
                    mark_title(slide)
                fit.shrink_overflowing(slide.shapes._spTree)
                made.append((plan.number, slide))
    return made
