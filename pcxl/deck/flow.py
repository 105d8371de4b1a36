"""Columns of content that run across slides: measured items, paginated, then drawn.

A column is a flow of ``Item`` objects: section headings and paragraphs (bullets), or heading
bars, table header rows and table rows. Each carries the ``layout.Block`` that paginates it and
what to draw. ``paginate`` decides the breaks; ``draw_flow`` draws one page, repeating a section
heading ("... (cont.)") or a table's header row above content that continues from the slide
before. Slide modules build items; this module places them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from pptx.slide import Slide

from pcxl.deck import draw, theme
from pcxl.deck.layout import Block, Segment, Slice, Style, cell_lines, measure_bullet, wrap_runs

BULLET = "\u2022"
SECTION_GAP = 8.0
CONT = " (cont.)"
HEADING_STYLE = Style(theme.HEADING_SIZE, bold=True, colour=theme.WHITE)
HEADING_HEIGHT = HEADING_STYLE.line_height + 2 * theme.HEADING_PAD

CELL = Style(theme.TABLE_SIZE)
CELL_BOLD = Style(theme.TABLE_SIZE, bold=True)
CELL_NOTE = Style(theme.TABLE_SIZE, italic=True)
TABLE_HEAD = Style(theme.TABLE_SIZE, bold=True, colour=theme.WHITE)


@dataclass(frozen=True)
class Table:
    """A table in a flow: column widths, header row, optional heading bar above it, and the
    cells (by index) repeated when a row continues on the next slide."""

    widths: tuple[float, ...]
    header: draw.Row
    bar: str | None = None
    repeat_cells: tuple[int, ...] = ()
    name: str = "Table"


@dataclass(frozen=True)
class Item:
    """One piece of a flow: what to draw and the measured block that paginates it."""

    block: Block
    kind: Literal["heading", "para", "bar", "header", "row"]
    section: str = ""
    para: draw.Para | None = None
    row: draw.Row | None = None
    table: Table | None = None


def _heading_block() -> Block:
    return Block(1, HEADING_STYLE.line_height, 2 * theme.HEADING_PAD,
                 keep_with_next=True, gap=SECTION_GAP)


def heading_item(text: str) -> Item:
    """A section heading bar, kept with what follows it."""
    return Item(_heading_block(), "heading", text)


def para_item(section: str, runs: Sequence[Segment], width: float, *, mark: str | None = BULLET,
              mark_colour: str = theme.NHS_BLUE, space: float = theme.BULLET_SPACE_BEFORE,
              keep: bool = False) -> Item:
    """A bullet (or, with ``mark=None``, a plain paragraph) of ``section`` in a column ``width``
    wide; ``keep`` keeps it with the next item (for subheadings)."""
    indent = theme.BULLET_INDENT if mark else 0.0
    measured = measure_bullet(runs, width, indent=indent, space_before=space)
    style = runs[0][1]
    para = draw.Para(measured.lines, style, mark, mark_colour, indent, space)
    block = Block(len(measured.lines), style.line_height, space, keep_with_next=keep,
                  repeat=HEADING_HEIGHT)
    return Item(block, "para", section, para=para)


def table_row(cells: Sequence[Sequence[Segment]], widths: Sequence[float], *,
              fills: Sequence[str | None] = (), aligns: Sequence[str] = (),
              anchors: Sequence[str] = (), header: bool = False) -> draw.Row:
    """A table row: each cell's runs wrapped to its column, the row as tall as its tallest."""
    drawn = []
    for i, (runs, width) in enumerate(zip(cells, widths, strict=True)):
        style = runs[0][1] if runs else CELL
        fill = fills[i] if i < len(fills) else None
        align = aligns[i] if i < len(aligns) else "left"
        anchor = anchors[i] if i < len(anchors) else "top"
        drawn.append(draw.Cell(cell_lines(runs, width) if runs else [], style, fill, align,
                               anchor))
    lines = max((len(c.lines) for c in drawn), default=1) or 1
    return draw.Row(drawn, lines * CELL.line_height + 2 * theme.CELL_MARGIN_Y, header=header)


def header_row(names: Sequence[str], widths: Sequence[float],
               aligns: Sequence[str] = ()) -> draw.Row:
    """A table's header row: white bold on NHS Blue."""
    return table_row([[(n, TABLE_HEAD)] for n in names], widths,
                     fills=[theme.NHS_BLUE] * len(names), aligns=aligns, header=True)


def _row_block(row: draw.Row, table: Table) -> Block:
    lines = max((len(c.lines) for c in row.cells), default=1) or 1
    bar = HEADING_HEIGHT if table.bar else 0.0
    return Block(lines, CELL.line_height, 2 * theme.CELL_MARGIN_Y,
                 repeat=0.0 if row.header else table.header.height + bar,
                 keep_with_next=row.header)


def table_items(table: Table, rows: Sequence[draw.Row]) -> list[Item]:
    """A table as flow items: its heading bar (if any), header row, then rows."""
    items = []
    if table.bar:
        items.append(Item(_heading_block(), "bar", table.bar, table=table))
    items.append(Item(_row_block(table.header, table), "header", row=table.header, table=table))
    items += [Item(_row_block(r, table), "row", row=r, table=table) for r in rows]
    return items


def _slice_para(para: draw.Para, part: Slice) -> draw.Para:
    lines = [para.lines[i] for i in part.lines(len(para.lines))]
    return replace(para, lines=lines, bullet=para.bullet if part.start == 0 else None)


def _slice_row(row: draw.Row, part: Slice, repeat: Sequence[int]) -> draw.Row:
    if part.whole:
        return row
    count = len(part.lines(max(len(c.lines) for c in row.cells)))
    cells = []
    for i, cell in enumerate(row.cells):
        lines = list(cell.lines[part.start:part.start + count])
        if not lines and part.start and i in repeat:
            lines = list(cell.lines[:count])
        fill = cell.fill if (lines or part.start == 0 or i in repeat) else None
        cells.append(replace(cell, lines=lines, fill=fill))
    return replace(row, cells=cells, height=count * CELL.line_height + 2 * theme.CELL_MARGIN_Y)


def _continues(items: Sequence[Item], part: Slice) -> bool:
    """Whether the paragraph or row starting a page continues what an earlier page showed:
    its own first lines, or earlier paragraphs of its section (rows of its table). A section
    whose heading alone ended the page before starts here, and is not marked "(cont.)"."""
    item = items[part.index]
    if part.start > 0:
        return True
    if item.kind == "para":
        return any(e.kind == "para" and e.section == item.section for e in items[:part.index])
    return any(e.kind == "row" and e.table is item.table for e in items[:part.index])


def heading(slide: Slide, x: float, y: float, w: float, text: str, *,
            name: str = "Heading") -> float:
    """A section heading bar (NHS Blue, white bold); returns its height."""
    draw.add_rect(slide, x, y, w, HEADING_HEIGHT, theme.NHS_BLUE, name=f"{name} bar")
    lines = wrap_runs([(text, HEADING_STYLE)], 10_000)
    draw.add_text(slide, x, y, w, HEADING_HEIGHT, [draw.Para(lines, HEADING_STYLE)],
                  name=name, anchor="middle", inset_x=theme.TEXT_INSET_X + 2)
    return HEADING_HEIGHT


def draw_flow(slide: Slide, x: float, top: float, width: float, items: Sequence[Item],
              page: Sequence[Slice]) -> float:
    """Draw one page of a flow at ``x``, ``top``; returns where it ends.

    Consecutive paragraphs of a section share one text box, so they edit as one list; consecutive
    rows of a table are one table. Content continuing from the slide before is preceded by its
    section heading marked "(cont.)", or by its table's heading bar (marked the same) and header
    row again; a page that starts a section's or table's content repeats its heading unmarked.
    """
    y = top
    paras: list[draw.Para] = []
    rows: list[draw.Row] = []
    table: Table | None = None
    start = top

    def flush() -> None:
        nonlocal y
        if paras:
            height = sum(p.space_before + len(p.lines) * p.style.line_height for p in paras)
            draw.add_text(slide, x, start, width, height, list(paras), name="Bullets")
            paras.clear()
        if rows and table:
            draw.add_table(slide, x, y, table.widths, list(rows), name=table.name)
            y += sum(r.height for r in rows)
            rows.clear()

    def bar(text: str, name: str, first: bool) -> None:
        nonlocal y
        flush()
        y += 0.0 if first else SECTION_GAP
        y += heading(slide, x, y, width, text, name=name)

    for n, part in enumerate(page):
        item = items[part.index]
        if item.kind == "heading":
            bar(item.section, "Heading", n == 0)
        elif item.kind == "bar" and item.table:
            bar(item.section, "Table heading", n == 0)
        elif item.kind == "header" and item.table:
            flush()
            table = item.table
            rows.append(table.header)
        elif item.kind == "para" and item.para:
            if n == 0:
                cont = CONT if _continues(items, part) else ""
                bar(item.section + cont, "Heading", True)
            if rows:
                flush()
            para = _slice_para(item.para, part)
            if not paras:
                start = y
            paras.append(para)
            y += para.space_before + len(para.lines) * para.style.line_height
        elif item.kind == "row" and item.row and item.table:
            if n == 0:
                if item.table.bar:
                    cont = CONT if _continues(items, part) else ""
                    bar(item.table.bar + cont, "Table heading", True)
                table = item.table
                rows.append(table.header)
            rows.append(_slice_row(item.row, part, item.table.repeat_cells))
    flush()
    return y
