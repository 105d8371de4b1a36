"""Shapes written as prepared XML are the shapes python-pptx's property setters write.

``pcxl.deck.draw`` writes each text box, rectangle and table as one XML string
(``pcxl.deck.xml``) instead of setting each run's font and each cell's margins, borders and fill
through python-pptx. The reference below is the drawing code as it was, setter by setter; both
draw the same shapes on their own slides, which must serialise to the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.slide import Slide
from pptx.util import Pt

from pcxl.deck import draw, theme
from pcxl.deck.layout import Line, Style, wrap_runs

ALIGN = {"left": PP_ALIGN.LEFT, "centre": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
BRAND = theme.Look(colours={theme.NHS_BLUE: "4b1e6e", theme.TEXT: "1A1423",
                            theme.BORDER: "000000"},
                   body_font="DejaVu Sans", title_font="DejaVu Serif")


# --- The reference: python-pptx's setters, as the deck used them -------------------------------

def ref_rect(slide: Slide, x: float, y: float, w: float, h: float, fill: str, *,
             name: str | None = None, line: str | None = None) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, theme.emu(x), theme.emu(y),
                                   theme.emu(w), theme.emu(h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = draw.rgb(fill)
    if line:
        shape.line.color.rgb = draw.rgb(line)
        shape.line.width = Pt(0.75)
    else:
        shape.line.fill.background()
    shape._element.remove(shape._element.find(qn("p:style")))
    if name:
        shape.name = name
    shape._element.nvSpPr.cNvPr.append(parse_xml(  # a band or rule: marked decorative
        f"<a:extLst {nsdecls('a')}><a:ext uri=\"{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}\">"
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
        'decorative" val="1"/></a:ext></a:extLst>'))


def ref_runs(paragraph, lines: Sequence[Line], default: Style) -> None:
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
            font.color.rgb = draw.rgb(style.colour or theme.TEXT)
            if style.strike:
                run._r.get_or_add_rPr().set("strike", "sngStrike")
        if line.hard and i < len(lines) - 1:
            paragraph.add_line_break()


def ref_paras(frame, paras: Sequence[draw.Para]) -> None:
    for i, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = ALIGN[para.align]
        paragraph.space_before = Pt(para.space_before)
        paragraph.space_after = Pt(0)
        ref_runs(paragraph, para.lines, para.style)
        p_pr = paragraph._p.get_or_add_pPr()
        if para.bullet:
            p_pr.set("marL", str(theme.emu(para.indent)))
            p_pr.set("indent", str(-theme.emu(para.indent)))
            bu_clr = etree.SubElement(p_pr, qn("a:buClr"))
            etree.SubElement(bu_clr, qn("a:srgbClr")).set(
                "val", theme.resolve(para.bullet_colour or theme.TEXT))
            etree.SubElement(p_pr, qn("a:buFont")).set("typeface", theme.typeface())
            etree.SubElement(p_pr, qn("a:buChar")).set("char", para.bullet)
        else:
            if para.indent:
                p_pr.set("marL", str(theme.emu(para.indent)))
                p_pr.set("indent", "0")
            etree.SubElement(p_pr, qn("a:buNone"))


def ref_text(slide: Slide, x: float, y: float, w: float, h: float, paras, *, name=None,
             anchor="top", inset_x=theme.TEXT_INSET_X, inset_y=0.0) -> None:
    box = slide.shapes.add_textbox(theme.emu(x), theme.emu(y), theme.emu(w), theme.emu(h))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = theme.emu(inset_x)
    frame.margin_top = frame.margin_bottom = theme.emu(inset_y)
    frame.vertical_anchor = ANCHOR[anchor]
    ref_paras(frame, paras)
    if name:
        box.name = name


def ref_table(slide: Slide, x: float, y: float, widths, rows, *, name=None,
              border=theme.BORDER, border_width=0.75):
    frame = slide.shapes.add_table(len(rows), len(widths), theme.emu(x), theme.emu(y),
                                   theme.emu(sum(widths)), theme.emu(sum(r.height for r in rows)))
    table = frame.table
    tbl_pr = frame._element.graphic.graphicData.tbl.tblPr
    tbl_pr.find(qn("a:tableStyleId")).text = draw.NO_STYLE_TABLE
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
            tc_pr = cell._tc.get_or_add_tcPr()
            for index, tag in enumerate(("a:lnL", "a:lnR", "a:lnT", "a:lnB")):
                ln = etree.Element(qn(tag), w=str(theme.emu(border_width)), cap="flat",
                                   cmpd="sng", algn="ctr")
                solid = etree.SubElement(ln, qn("a:solidFill"))
                etree.SubElement(solid, qn("a:srgbClr")).set("val", theme.resolve(border))
                etree.SubElement(ln, qn("a:prstDash")).set("val", "solid")
                tc_pr.insert(index, ln)
            if spec.fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = draw.rgb(spec.fill)
            else:
                cell.fill.background()
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = ALIGN[spec.align]
            ref_runs(paragraph, spec.lines, spec.style)
    if name:
        frame.name = name
    return frame


# --- What both draw ------------------------------------------------------------------------

BODY = Style(11.0)
BOLD = Style(11.0, bold=True, colour=theme.NHS_BLUE)
STATUS = Style(10.0, bold=True, colour="005EB8")  # a vocabulary colour: never a brand's
TITLE = Style(24.0, bold=True, colour=theme.WHITE, title=True)
STRUCK = Style(10.0, strike=True, italic=True)


def _lines(*texts: tuple[str, Style]) -> list[Line]:
    return [Line(((text, style),)) for text, style in texts]


ODD_TEXT = [
    Line((("Fish & chips < 5 > 3 \"quoted\" 'single' ", BODY), ("bold", BOLD))),
    Line(((" ", BODY),), hard=True),  # a run of one space
    Line((("bell\x07 and \x1f control", STRUCK), ("\u25ba \u2013 \u00e9", STATUS)), hard=True),
    Line((("last line after a hard break", BODY),), hard=True),
]
PARAS = [
    draw.Para(wrap_runs([("A bullet that wraps over more than one line in a narrow box, "
                          "twice over at least", BODY)], 120), BODY, "\u2022", theme.NHS_BLUE,
              theme.BULLET_INDENT, 3.0),
    draw.Para(ODD_TEXT, BODY, "\u25ba", theme.ESCALATION, theme.BULLET_INDENT, 6.0),
    draw.Para(_lines(("Indented, no bullet", BODY)), BODY, indent=12.0, align="right"),
    draw.Para(_lines(("Centred", BOLD)), BOLD, align="centre"),
    draw.Para([], BODY),
]
WIDTHS = [120.0, 74.5, 80.25]
ROWS = [
    draw.Row([draw.Cell(_lines((n, Style(10.0, bold=True, colour=theme.WHITE))),
                        Style(10.0, bold=True), theme.NHS_BLUE, "centre", "bottom")
              for n in ("Milestone", "Date", "Status")], 21.0, header=True),
    draw.Row([draw.Cell(ODD_TEXT, BODY),
              draw.Cell([Line((("09/09/20", STRUCK),), hard=True), Line((("05/11/20", BOLD),))],
                        BODY, None, "left", "middle"),
              draw.Cell(_lines(("Achieved", STATUS)), STATUS, "005EB8", "centre", "middle")],
             52.5),
    draw.Row([draw.Cell([], BODY, theme.PALE_GREY), draw.Cell([], BODY)], 17.0),  # short row
]


def _draw_all(slide: Slide, rect: Callable, text: Callable, table: Callable) -> None:
    rect(slide, 0, 0, 960, 60.5, theme.DARK_BLUE, name="Title band")
    rect(slide, 10, 70, 100, 2, theme.WHITE)
    rect(slide, 10, 80, 100, 20, theme.PALE_GREY, name='Odd "name" & <co>', line=theme.NHS_BLUE)
    text(slide, 22, 7, 700, 46, [draw.Para(_lines(("Work stream: Fish & chips", TITLE)), TITLE)],
         name="Title", anchor="middle")
    slide.shapes.add_textbox(0, 0, 10, 10)  # a shape python-pptx adds between ours
    text(slide, 22, 100, 400, 300, PARAS, name="Bullets")
    text(slide, 22, 420, 400, 20, PARAS[:1], inset_x=7.2, inset_y=3.6, anchor="bottom")
    text(slide, 22, 450, 400, 20, [])
    table(slide, 450, 100, WIDTHS, ROWS, name="Milestones")
    table(slide, 450, 300, WIDTHS[:2], ROWS[2:], border=theme.DARK_BLUE, border_width=1.5)
    frame = table(slide, 450, 400, WIDTHS, ROWS[1:])
    frame.table.cell(0, 0).merge(frame.table.cell(1, 0))


def _slide_xml(draw_all: Callable[[Slide], None]) -> bytes:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    draw_all(slide)
    return etree.tostring(slide._element)


@pytest.mark.parametrize("look", [None, BRAND], ids=["nhs", "brand"])
def test_drawn_xml_is_what_pythons_pptx_setters_write(look):
    with theme.using(look):
        expected = _slide_xml(lambda s: _draw_all(s, ref_rect, ref_text, ref_table))
        drawn = _slide_xml(lambda s: _draw_all(s, draw.add_rect, draw.add_text, draw.add_table))
    assert drawn == expected


def test_shapes_get_the_ids_python_pptx_would_give_them():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    draw.add_rect(slide, 0, 0, 10, 10, theme.WHITE)
    slide.shapes.add_textbox(0, 0, 10, 10)
    first = draw.add_text(slide, 0, 0, 10, 10, PARAS[:1])
    slide.shapes._spTree.remove(first._element)  # the largest id is gone: it may be given again
    draw.add_table(slide, 0, 0, WIDTHS, ROWS)
    other = Presentation()
    draw.add_rect(other.slides.add_slide(other.slide_layouts[6]), 0, 0, 10, 10, theme.WHITE)
    last = draw.add_rect(slide, 0, 0, 10, 10, theme.WHITE)
    ids = [shape.shape_id for shape in slide.shapes]
    assert ids == [2, 3, 4, 5]
    assert last.shape_id == slide.shapes._spTree.max_shape_id


def test_a_shape_tree_ending_in_an_extension_list_still_gets_fresh_ids():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    tree = slide.shapes._spTree
    tree.append(parse_xml(f"<p:extLst {nsdecls('p')}/>"))
    first = draw.add_rect(slide, 0, 0, 10, 10, theme.WHITE)
    slide.shapes.add_textbox(0, 0, 10, 10)  # before the extension list
    tree.remove(first._element)  # as many children as before, the last one the same
    assert draw.add_rect(slide, 0, 0, 10, 10, theme.WHITE).shape_id == 4
    assert tree[-1].tag == qn("p:extLst")


def test_a_row_of_more_cells_than_columns_is_refused():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    with pytest.raises(ValueError, match="3 cells in a table of 2 columns"):
        draw.add_table(slide, 0, 0, WIDTHS[:2], ROWS[:1])
