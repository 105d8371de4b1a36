"""python-pptx drawing primitives: boxes, text boxes and tables placed exactly where layout says.

Every length is in points (converted with ``theme.emu``). Text is written from wrapped
``layout.Line`` objects, so what is drawn is what was measured: the same runs, the same styles,
the same exact line pitch. Nothing here decides a position; callers do.

Each shape is written as prepared XML (``pcxl.deck.xml``) and added to the slide's shape tree in
one step, rather than run by run and cell by cell through python-pptx's property setters: the
same XML, several times faster. The functions return python-pptx shape objects as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pptx.dml.color import RGBColor
from pptx.shapes.autoshape import Shape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Pt

from pcxl.deck import theme, xml
from pcxl.deck.layout import Line, Style

# PowerPoint's built-in "No Style, No Grid" table style: every fill and border is set here.
NO_STYLE_TABLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"


@dataclass(frozen=True)
class Para:
    """A paragraph to draw: wrapped lines, an optional bullet character and its colour."""

    lines: Sequence[Line]
    style: Style
    bullet: str | None = None
    bullet_colour: str | None = None
    indent: float = 0.0
    space_before: float = 0.0
    align: str = "left"


@dataclass(frozen=True)
class Cell:
    """A table cell: wrapped lines, fill and alignment."""

    lines: Sequence[Line]
    style: Style
    fill: str | None = None
    align: str = "left"
    anchor: str = "top"


@dataclass(frozen=True)
class Row:
    """A table row and the height layout measured for it."""

    cells: Sequence[Cell]
    height: float
    header: bool = False
    meta: dict = field(default_factory=dict, compare=False)


def rgb(hex_colour: str) -> RGBColor:
    """The colour to draw: identity colours become a brand's while one is applied."""
    return RGBColor.from_string(theme.resolve(hex_colour))


def _add(slide: Slide, build: Callable[[int], str]) -> Shape:
    """Add a shape to ``slide`` from its XML (``build`` writes it for the shape's id)."""
    shapes = slide.shapes
    return Shape(xml.add_shape(shapes._spTree, build), shapes)


def add_rect(slide: Slide, x: float, y: float, w: float, h: float, fill: str,
             *, name: str | None = None, line: str | None = None) -> Shape:
    """A plain filled rectangle (no outline unless ``line``), no text, and no theme style: that
    style adds a shadow some renderers draw anyway. It is a band or a rule, so it is marked
    decorative (skipped by screen readers)."""
    fill_hex, line_hex = str(rgb(fill)), str(rgb(line)) if line else None
    return _add(slide, lambda shape_id: xml.rectangle(
        shape_id, name, theme.emu(x), theme.emu(y), theme.emu(w), theme.emu(h),
        fill=fill_hex, line=line_hex, line_width=Pt(0.75), decorative=True))


def _para_xml(para: Para) -> str:
    """One paragraph: alignment, exact pitch, space before, its bullet (hanging by ``indent``)
    or none (indented by ``indent``), then its runs."""
    indent = theme.emu(para.indent)
    if para.bullet:
        margin = f' marL="{indent}" indent="{-indent}"'
        marks = xml.bullet(para.bullet, theme.resolve(para.bullet_colour or theme.TEXT),
                           theme.typeface())
    else:
        margin = f' marL="{indent}" indent="0"' if para.indent else ""
        marks = "<a:buNone/>"
    return xml.paragraph(xml.runs(para.lines), align=para.align,
                         line_height=para.style.line_height,
                         spacing=xml.text_spacing(para.space_before), margin=margin, marks=marks)


def add_text(slide: Slide, x: float, y: float, w: float, h: float, paras: Sequence[Para], *,
             name: str | None = None, anchor: str = "top", inset_x: float = theme.TEXT_INSET_X,
             inset_y: float = 0.0) -> Shape:
    """A text box holding ``paras``, sized by the caller from layout's measurements."""
    body = "".join(_para_xml(p) for p in paras)
    return _add(slide, lambda shape_id: xml.text_box(
        shape_id, name, theme.emu(x), theme.emu(y), theme.emu(w), theme.emu(h),
        inset_x=theme.emu(inset_x), inset_y=theme.emu(inset_y), anchor=anchor,
        paragraphs=body))


def _cell_xml(spec: Cell, props: str) -> str:
    """A table cell: one paragraph of its lines, aligned, at the exact pitch of its style."""
    return xml.cell(xml.paragraph(xml.runs(spec.lines), align=spec.align,
                                  line_height=spec.style.line_height), props)


def _row_xml(row: Row, columns: int, border: str, border_width: int) -> str:
    """A table row's cells, each with its anchor, fill and the table's border; columns the row
    has no cell for stay empty, as python-pptx makes them."""
    if len(row.cells) > columns:
        raise ValueError(f"a row of {len(row.cells)} cells in a table of {columns} columns")
    cells = [_cell_xml(spec, xml.cell_props(spec.anchor, theme.resolve(spec.fill)
                                            if spec.fill else None, border, border_width))
             for spec in row.cells]
    return "".join(cells) + xml.EMPTY_CELL * (columns - len(row.cells))


def add_table(slide: Slide, x: float, y: float, widths: Sequence[float], rows: Sequence[Row], *,
              name: str | None = None, border: str = theme.BORDER,
              border_width: float = 0.75, header_column: bool = False) -> GraphicFrame:
    """A real PowerPoint table: column ``widths`` and row heights in points, every cell styled
    (margins, anchor, a ``border`` on every side, fill), in the "No Style, No Grid" style. Its
    first row is marked a header row when it is one (``Row.header``), its first column a header
    column when ``header_column`` (labels beside values), for screen readers."""
    line_colour, line_width = theme.resolve(border), theme.emu(border_width)
    drawn = [(theme.emu(row.height), _row_xml(row, len(widths), line_colour, line_width))
             for row in rows]
    header = any(r.header for r in rows[:1])
    shapes = slide.shapes
    return GraphicFrame(xml.add_shape(shapes._spTree, lambda shape_id: xml.table(
        shape_id, name, theme.emu(x), theme.emu(y), [theme.emu(w) for w in widths], drawn,
        style_id=NO_STYLE_TABLE, first_row=header, first_col=header_column)), shapes)
