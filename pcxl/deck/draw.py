"""python-pptx drawing primitives: boxes, text boxes and tables placed exactly where layout says.

Every length is in points (converted with ``theme.emu``). Text is written from wrapped
``layout.Line`` objects, so what is drawn is what was measured: the same runs, the same styles,
the same exact line pitch. Nothing here decides a position; callers do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Pt

from pcxl.deck import theme
from pcxl.deck.layout import Line, Style

# PowerPoint's built-in "No Style, No Grid" table style: every fill and border is set here.
NO_STYLE_TABLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"

ALIGN = {"left": PP_ALIGN.LEFT, "centre": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


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


def add_rect(slide: Slide, x: float, y: float, w: float, h: float, fill: str,
             *, name: str | None = None, line: str | None = None) -> object:
    """A plain filled rectangle (no outline unless ``line``), no text, no shadow."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, theme.emu(x), theme.emu(y),
                                   theme.emu(w), theme.emu(h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    if line:
        shape.line.color.rgb = rgb(line)
        shape.line.width = Pt(0.75)
    else:
        shape.line.fill.background()
    style = shape._element.find(qn("p:style"))
    if style is not None:  # the theme style adds a shadow some renderers draw anyway
        shape._element.remove(style)
    if name:
        shape.name = name
    return shape


def write_runs(paragraph: _Paragraph, lines: Sequence[Line], default: Style) -> None:
    """Write wrapped lines into a paragraph as runs; hard breaks become line breaks."""
    paragraph.line_spacing = Pt(default.line_height)
    for i, line in enumerate(lines):
        for text, style in line.segments:
            run = paragraph.add_run()
            run.text = text
            font = run.font
            font.name = theme.typeface(style.title)
            font.size = Pt(style.size)
            font.bold = style.bold
            font.italic = style.italic
            font.color.rgb = rgb(style.colour or theme.TEXT)
            if style.strike:
                run._r.get_or_add_rPr().set("strike", "sngStrike")
        if line.hard and i < len(lines) - 1:
            paragraph.add_line_break()


def _bullet(paragraph: _Paragraph, char: str, colour: str, indent: float) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(theme.emu(indent)))
    p_pr.set("indent", str(-theme.emu(indent)))
    bu_clr = etree.SubElement(p_pr, qn("a:buClr"))
    etree.SubElement(bu_clr, qn("a:srgbClr")).set("val", theme.resolve(colour))
    etree.SubElement(p_pr, qn("a:buFont")).set("typeface", theme.typeface())
    etree.SubElement(p_pr, qn("a:buChar")).set("char", char)


def _no_bullet(paragraph: _Paragraph, indent: float) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    if indent:
        p_pr.set("marL", str(theme.emu(indent)))
        p_pr.set("indent", "0")
    etree.SubElement(p_pr, qn("a:buNone"))


def write_paras(frame: TextFrame, paras: Sequence[Para]) -> None:
    """Replace a text frame's text with paragraphs, bullets and spacing as measured."""
    for i, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = ALIGN[para.align]
        paragraph.space_before = Pt(para.space_before)
        paragraph.space_after = Pt(0)
        write_runs(paragraph, para.lines, para.style)
        if para.bullet:
            _bullet(paragraph, para.bullet, para.bullet_colour or theme.TEXT, para.indent)
        else:
            _no_bullet(paragraph, para.indent)


def add_text(slide: Slide, x: float, y: float, w: float, h: float, paras: Sequence[Para], *,
             name: str | None = None, anchor: str = "top", inset_x: float = theme.TEXT_INSET_X,
             inset_y: float = 0.0) -> object:
    """A text box holding ``paras``, sized by the caller from layout's measurements."""
    box = slide.shapes.add_textbox(theme.emu(x), theme.emu(y), theme.emu(w), theme.emu(h))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = theme.emu(inset_x)
    frame.margin_top = frame.margin_bottom = theme.emu(inset_y)
    frame.vertical_anchor = ANCHOR[anchor]
    write_paras(frame, paras)
    if name:
        box.name = name
    return box


def _border(cell: _Cell, colour: str, width: float) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        for old in tc_pr.findall(qn(tag)):
            tc_pr.remove(old)
    for index, tag in enumerate(("a:lnL", "a:lnR", "a:lnT", "a:lnB")):
        ln = etree.Element(qn(tag), w=str(theme.emu(width)), cap="flat", cmpd="sng", algn="ctr")
        fill = etree.SubElement(ln, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", theme.resolve(colour))
        etree.SubElement(ln, qn("a:prstDash")).set("val", "solid")
        tc_pr.insert(index, ln)


def add_table(slide: Slide, x: float, y: float, widths: Sequence[float], rows: Sequence[Row], *,
              name: str | None = None, border: str = theme.BORDER,
              border_width: float = 0.75) -> object:
    """A real PowerPoint table: column ``widths`` and row heights in points, every cell styled."""
    frame = slide.shapes.add_table(len(rows), len(widths), theme.emu(x), theme.emu(y),
                                   theme.emu(sum(widths)), theme.emu(sum(r.height for r in rows)))
    table = frame.table
    tbl_pr = frame._element.graphic.graphicData.tbl.tblPr
    style_id = tbl_pr.find(qn("a:tableStyleId"))
    if style_id is None:
        style_id = etree.SubElement(tbl_pr, qn("a:tableStyleId"))
    style_id.text = NO_STYLE_TABLE
    table.first_row = any(r.header for r in rows[:1])
    table.horz_banding = False
    for i, width in enumerate(widths):
        table.columns[i].width = theme.emu(width)
    for r, row in enumerate(rows):
        table.rows[r].height = theme.emu(row.height)
        for c, spec in enumerate(row.cells):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = theme.emu(theme.CELL_MARGIN_X)
            cell.margin_top = cell.margin_bottom = theme.emu(theme.CELL_MARGIN_Y)
            cell.vertical_anchor = ANCHOR[spec.anchor]
            _border(cell, border, border_width)
            if spec.fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(spec.fill)
            else:
                cell.fill.background()
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = ALIGN[spec.align]
            write_runs(paragraph, spec.lines, spec.style)
    if name:
        frame.name = name
    return frame
