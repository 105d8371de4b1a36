"""The native tables the blocks draw: critical path, slippage, RAG grid, records by region.

A block describes its tables as cells of styled runs (``Cell``); this module writes each row as
DrawingML and measures and pages it with the engine's own table code (``render``'s row pieces,
``pages.paginate``), as a layout's tables are: a row too tall for the room left is split between
paragraphs or sentences, marked "(continued)"; no last page is left holding a single row. Each
page holds real, editable tables in the "No Style, No Grid" style, each headed by its heading
bar (marked "(cont.)" where it continues) and its header row.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.slide import Slide

from pcxl.deck import theme
from pcxl.deck.engine import pages
from pcxl.deck.engine.render import CONT, row_piece
from pcxl.deck.layout import Segment, Style, clipped, wrap_runs

Box = tuple[float, float, float, float]
Page = Callable[[Slide, Box], None]

CELL = Style(theme.TABLE_SIZE)
BOLD = Style(theme.TABLE_SIZE, bold=True)
NOTE = Style(theme.TABLE_SIZE, italic=True)
HEAD = Style(theme.TABLE_SIZE, bold=True, colour=theme.WHITE)
HEADING = Style(theme.HEADING_SIZE, bold=True, colour=theme.WHITE)
HEADING_HEIGHT = HEADING.line_height + 2 * theme.HEADING_PAD
SPLIT_LINES = 2  # a row of two lines or fewer moves whole to the next page, never split
NO_STYLE_TABLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # PowerPoint's "No Style, No Grid"
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_ALIGN = {"left": "l", "centre": "ctr", "right": "r"}
_NS = nsdecls("a", "p")
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")


@dataclass(frozen=True)
class Cell:
    """A table cell: its runs, fill, alignment, and whether it is centred top to bottom."""

    runs: Sequence[Segment] = ()
    fill: str | None = None
    align: str = "left"
    middle: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "runs", tuple(self.runs))  # a cell is a key: its XML is reused


def cell(text: str, style: Style = CELL, **how: object) -> Cell:
    """A cell of one run (an empty cell for empty text)."""
    return Cell(((text, style),) if text else (), **how)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Table:
    """A block's table: column widths (points), header cells, body rows, optional heading bar."""

    name: str
    widths: Sequence[float]
    header: Sequence[Cell]
    rows: Sequence[Sequence[Cell]]
    heading: str = ""
    continued: bool = False  # its heading says "(cont.)" on every page, not only the later


def header(names: Sequence[str], aligns: Sequence[str] = ()) -> list[Cell]:
    """A header row's cells: white bold on NHS Blue."""
    return [cell(n, HEAD, fill=theme.NHS_BLUE, align=aligns[i] if i < len(aligns) else "left")
            for i, n in enumerate(names)]


def _text(value: str) -> str:
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{theme.resolve(colour)}"/></a:solidFill>'


def _runs(runs: Sequence[Segment]) -> str:
    parts = []
    for value, style in runs:
        strike = ' strike="sngStrike"' if style.strike else ""
        props = (f'<a:rPr lang="en-GB" sz="{round(style.size * 100)}" b="{int(style.bold)}" '
                 f'i="{int(style.italic)}"{strike}>'
                 f"{_fill(style.colour or theme.TEXT)}"
                 f'<a:latin typeface="{_text(theme.typeface())}"/></a:rPr>')
        parts.append("<a:br/>".join(f"<a:r>{props}<a:t>{_text(line)}</a:t></a:r>" if line else ""
                                    for line in value.split("\n")))
    return "".join(parts)


def _paragraph(runs: Sequence[Segment], align: str) -> str:
    size = max((s.size for _, s in runs), default=theme.TABLE_SIZE)
    return (f'<a:p><a:pPr algn="{_ALIGN[align]}"><a:lnSpc><a:spcPts '
            f'val="{round(size * theme.LINE_SPACING * 100)}"/></a:lnSpc></a:pPr>{_runs(runs)}'
            f'<a:endParaRPr lang="en-GB" sz="{round(size * 100)}"/></a:p>')


def _cell(spec: Cell) -> str:
    line = _fill(theme.BORDER)
    borders = "".join(f'<a:{s} w="9525">{line}</a:{s}>' for s in ("lnL", "lnR", "lnT", "lnB"))
    margins = (f'marL="{theme.emu(theme.CELL_MARGIN_X)}" marR="{theme.emu(theme.CELL_MARGIN_X)}" '
               f'marT="{theme.emu(theme.CELL_MARGIN_Y)}" marB="{theme.emu(theme.CELL_MARGIN_Y)}"')
    return (f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{_paragraph(spec.runs, spec.align)}"
            f'</a:txBody><a:tcPr {margins} anchor="{"ctr" if spec.middle else "t"}">{borders}'
            f"{_fill(spec.fill) if spec.fill else '<a:noFill/>'}</a:tcPr></a:tc>")


def _height(cells: Sequence[Cell], widths: Sequence[float]) -> float:
    """A row's height as ``measure.row_height`` finds it, from the cells' runs (no XML read)."""
    tallest = 0.0
    for spec, width in zip(cells, widths, strict=True):
        size = max((s.size for _, s in spec.runs), default=theme.TABLE_SIZE)
        lines = len(wrap_runs(spec.runs, width - 2 * theme.CELL_MARGIN_X)) if spec.runs else 1
        tallest = max(tallest, lines * size * theme.LINE_SPACING)
    return tallest + 2 * theme.CELL_MARGIN_Y


def _rows(rows: Sequence[Sequence[Cell]], widths: Sequence[float]) -> list[pages.Piece]:
    """Measured table rows (``a:tr``, parsed at once) that split as a layout table's rows do,
    those taller than ``SPLIT_LINES`` lines; a cell's XML is written once however often it
    recurs (the critical path's empty months)."""
    written = {spec: _cell(spec) for spec in {c for row in rows for c in row}}
    body = "".join(f'<a:tr h="0">{"".join(written[c] for c in row)}</a:tr>' for row in rows)
    found = []
    for row, tr in zip(rows, parse_xml(f"<a:tbl {_NS}>{body}</a:tbl>"), strict=True):
        height = _height(row, widths)
        tr.set("h", str(theme.emu(height)))
        tall = height > SPLIT_LINES * CELL.line_height + 2 * theme.CELL_MARGIN_Y
        found.append(pages.Piece(tr, height, split=_splitter(tr, widths) if tall else None))
    return found


def _splitter(tr: etree._Element, widths: Sequence[float]) -> Callable:
    """How ``tr`` splits: as the engine splits a layout table's row (measured only then)."""
    def split(room: float, words: bool = False) -> tuple[pages.Piece, pages.Piece] | None:
        piece = row_piece(tr, list(widths))
        return piece.split(room, words) if piece.split else None
    return split


def text_shape(slide: Slide, box: Box, paras: Sequence[Sequence[Segment]], fill: str, *,
               name: str, inset: float = theme.TEXT_INSET_X) -> None:
    """A filled rectangle holding ``paras`` (each a paragraph's runs) centred top to bottom:
    a heading bar, a figure tile."""
    x, y, w, h = (theme.emu(v) for v in box)
    side = theme.emu(inset)
    slide.shapes._spTree.append(parse_xml(
        f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{slide.shapes._next_shape_id}" name="{_text(name)}"/>'
        f'<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/>'
        f'<a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'{_fill(fill)}<a:ln><a:noFill/></a:ln></p:spPr><p:txBody><a:bodyPr wrap="square" '
        f'lIns="{side}" tIns="0" rIns="{side}" bIns="0" anchor="ctr"><a:noAutofit/></a:bodyPr>'
        f"<a:lstStyle/>{''.join(_paragraph(runs, 'left') for runs in paras)}</p:txBody></p:sp>"))


def heading_bar(slide: Slide, x: float, y: float, w: float, text: str, *, lines: int = 1,
                name: str = "Table heading") -> float:
    """A heading bar (white bold on NHS Blue) at ``x``, ``y``, ``w`` wide, its text wrapped to
    at most ``lines`` lines (one: as typed); returns its height."""
    shown = clipped(text, HEADING, w - 2 * theme.TEXT_INSET_X - 4, lines) if lines > 1 else [text]
    height = len(shown) * HEADING.line_height + 2 * theme.HEADING_PAD
    text_shape(slide, (x, y, w, height), [[("".join(shown), HEADING)]], theme.NHS_BLUE,
               name=name, inset=theme.TEXT_INSET_X + 2)
    return height


def _frame(slide: Slide, x: float, y: float, table: Table, rows: list[etree._Element]) -> float:
    """A table of ``rows`` at ``x``, ``y``; returns its height."""
    grid = "".join(f'<a:gridCol w="{theme.emu(w)}"/>' for w in table.widths)
    height = sum(int(r.get("h")) for r in rows)
    frame = parse_xml(
        f'<p:graphicFrame {_NS}><p:nvGraphicFramePr><p:cNvPr id="{slide.shapes._next_shape_id}" '
        f'name="{_text(table.name)}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
        f"</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm>"
        f'<a:off x="{theme.emu(x)}" y="{theme.emu(y)}"/>'
        f'<a:ext cx="{sum(theme.emu(w) for w in table.widths)}" cy="{height}"/></p:xfrm>'
        f'<a:graphic><a:graphicData uri="{TABLE_URI}"><a:tbl><a:tblPr firstRow="1" bandRow="0">'
        f"<a:tableStyleId>{NO_STYLE_TABLE}</a:tableStyleId></a:tblPr><a:tblGrid>{grid}"
        f"</a:tblGrid></a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
    frame.find(".//{*}tbl").extend(rows)
    slide.shapes._spTree.append(frame)
    return height / theme.EMU_PER_POINT


Part = tuple[Table, bool, list[etree._Element]]  # a table, whether it continues, its rows here


def table_pages(tables: Sequence[Table], height: float) -> list[Page]:
    """``tables`` one under another, paged into a block ``height`` points tall; each page
    draws itself at the top left of the box it is given."""
    heads: dict[int, Table] = {}
    pieces: list[pages.Piece] = []
    for table in tables:
        header, *rows = _rows([table.header, *table.rows], table.widths)
        head = pages.Piece(header.element, header.height + (HEADING_HEIGHT if table.heading
                                                            else 0.0), True)
        heads[id(head)] = table
        pieces.append(head)
        for piece in rows:
            piece.again = head
            pieces.append(piece)
    laid: list[list[Part]] = []
    seen: set[int] = set()
    for page in pages.paginate(pieces, height) if pieces else []:
        parts: list[Part] = []
        for piece in page:
            if id(piece) in heads:
                parts.append((heads[id(piece)], id(piece) in seen,
                              [copy.deepcopy(piece.element)]))  # a header: on every page
                seen.add(id(piece))
            elif parts:
                parts[-1][2].append(piece.element)
        laid.append(parts)
    return [_page(parts) for parts in laid]


def _page(parts: list[Part]) -> Page:
    def drawn(slide: Slide, at: Box) -> None:
        x, y = at[0], at[1]
        for table, more, rows in parts:
            if table.heading:
                cont = f" {CONT}" if more or table.continued else ""
                y += heading_bar(slide, x, y, sum(table.widths), table.heading + cont)
            y += _frame(slide, x, y, table, rows)
    return drawn
