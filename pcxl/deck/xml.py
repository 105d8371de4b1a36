"""Slide XML written directly: text boxes, rectangles and tables as prepared DrawingML.

Setting each run's font, colour and spacing and each table cell's margins, borders and fill
through python-pptx's properties costs a search of the element's children and a new element per
call; at hundreds of slides that was most of the time a deck took to draw. Here a shape is one
XML string, built from fragments cached by style, and parsed once with python-pptx's own parser
(``pptx.oxml.parse_xml``): the slide holds python-pptx's element classes as before, python-pptx
still writes the file, and the XML is what its setters wrote, element for element and attribute
for attribute (``tests/deck/test_xml.py`` compares the two).

Lengths here are EMU (``theme.emu``), font sizes and line pitches points, colours hex strings
already resolved for the brand being applied. ``pcxl.deck.draw`` is the friendly side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, nsmap, qn
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.util import Pt

from pcxl.deck import theme
from pcxl.deck.layout import Line, Style

NS = nsdecls("a", "p")
# A shape marked decorative (Office 2019+): screen readers skip it; the Accessibility Checker
# asks it no alternative text.
DECORATIVE = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
              '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
              'decorative" val="1"/></a:ext></a:extLst>')
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
# python-pptx leaves out an inset or margin equal to its default (lIns/rIns, tIns/bIns).
DEFAULT_INSET_X = 91440
DEFAULT_INSET_Y = 45720
ALIGN = {"left": "l", "centre": "ctr", "right": "r"}
ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
BORDERS = ("a:lnL", "a:lnR", "a:lnT", "a:lnB")

_EXT_LST = qn("p:extLst")
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")
# The @ids python-pptx counts for a new shape id, without walking the tables' cells: the ids
# of the tree's own shapes, and any id inside other children (groups, alternate content).
_SHAPE_IDS = etree.XPath(
    "./*/p:cNvPr/@id | ./*/*/p:cNvPr/@id | ./*[not(self::p:sp or self::p:graphicFrame)]//@id",
    namespaces=nsmap("a", "p"))


def text(value: str) -> str:
    """``value`` as XML character data; control characters become python-pptx's ``_xHHHH_``."""
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value (whitespace kept, not normalised)."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;"))


@lru_cache(maxsize=256)
def centipoints(points: float) -> int:
    """Points as the hundredths python-pptx writes for a size or spacing (``Pt(x).centipoints``)."""
    return Pt(points).centipoints


@lru_cache(maxsize=256)
def colour(hex_colour: str) -> str:
    """A hex colour as python-pptx writes an ``RGBColor``: validated, upper case."""
    return str(RGBColor.from_string(hex_colour))


def solid_fill(hex_colour: str) -> str:
    """An ``a:solidFill`` of ``hex_colour`` (written as given)."""
    return f'<a:solidFill><a:srgbClr val="{attr(hex_colour)}"/></a:solidFill>'


@lru_cache(maxsize=1024)
def _run_props(size: float, bold: bool, italic: bool, strike: bool, hex_colour: str,
               typeface: str) -> str:
    struck = ' strike="sngStrike"' if strike else ""
    return (f'<a:rPr sz="{centipoints(size)}" b="{int(bold)}" i="{int(italic)}"{struck}>'
            f'{solid_fill(colour(hex_colour))}<a:latin typeface="{attr(typeface)}"/></a:rPr>')


def run_props(style: Style) -> str:
    """The ``a:rPr`` of a run in ``style``: size, weight, slant, strike, colour and typeface,
    the colour and typeface the brand's while one is applied."""
    return _run_props(style.size, style.bold, style.italic, style.strike,
                      theme.resolve(style.colour or theme.TEXT), theme.typeface(style.title))


def runs(lines: Sequence[Line]) -> str:
    """Wrapped lines as runs, one per styled segment; a hard break between lines is ``a:br``."""
    parts: list[str] = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        for value, style in line.segments:
            parts.append(f"<a:r>{run_props(style)}<a:t>{text(value)}</a:t></a:r>")
        if line.hard and i < last:
            parts.append("<a:br/>")
    return "".join(parts)


@lru_cache(maxsize=256)
def line_spacing(points: float) -> str:
    """An exact line pitch, ``a:lnSpc``."""
    return f'<a:lnSpc><a:spcPts val="{centipoints(points)}"/></a:lnSpc>'


@lru_cache(maxsize=256)
def text_spacing(before: float) -> str:
    """Space before a paragraph, and none after: ``a:spcBef`` and ``a:spcAft``."""
    return (f'<a:spcBef><a:spcPts val="{centipoints(before)}"/></a:spcBef>'
            '<a:spcAft><a:spcPts val="0"/></a:spcAft>')


def bullet(char: str, hex_colour: str, typeface: str) -> str:
    """A bullet character in a colour and typeface: ``a:buClr``, ``a:buFont``, ``a:buChar``."""
    return (f'<a:buClr><a:srgbClr val="{attr(hex_colour)}"/></a:buClr>'
            f'<a:buFont typeface="{attr(typeface)}"/><a:buChar char="{attr(char)}"/>')


def paragraph(body: str, *, align: str, line_height: float, spacing: str = "",
              margin: str = "", marks: str = "") -> str:
    """An ``a:p``: its properties (alignment, ``margin`` attributes, exact pitch, ``spacing``,
    bullet ``marks``) then ``body``, its runs."""
    return (f'<a:p><a:pPr algn="{ALIGN[align]}"{margin}>{line_spacing(line_height)}{spacing}'
            f"{marks}</a:pPr>{body}</a:p>")


def _inset(name: str, value: int, default: int) -> str:
    return "" if value == default else f' {name}="{value}"'


def _shape_name(name: str | None, default: str) -> str:
    return attr(name) if name else default


def text_box(shape_id: int, name: str | None, x: int, y: int, cx: int, cy: int, *,
             inset_x: int, inset_y: int, anchor: str, paragraphs: str) -> str:
    """A text box (``p:sp`` with ``txBox``): word-wrapped, not autofitted, insets and anchor as
    given, holding ``paragraphs`` (an empty paragraph when there are none)."""
    insets = (_inset("lIns", inset_x, DEFAULT_INSET_X) + _inset("rIns", inset_x, DEFAULT_INSET_X)
              + _inset("tIns", inset_y, DEFAULT_INSET_Y) + _inset("bIns", inset_y, DEFAULT_INSET_Y))
    return (f"<p:sp {NS}><p:nvSpPr>"
            f'<p:cNvPr id="{shape_id}" name="{_shape_name(name, f"TextBox {shape_id - 1}")}"/>'
            '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
            f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square"{insets} anchor="{ANCHOR[anchor]}"><a:noAutofit/>'
            f"</a:bodyPr><a:lstStyle/>{paragraphs or '<a:p/>'}</p:txBody></p:sp>")


def rectangle(shape_id: int, name: str | None, x: int, y: int, cx: int, cy: int, *,
              fill: str, line: str | None = None, line_width: int = 0,
              decorative: bool = False) -> str:
    """A filled rectangle (``p:sp``) without theme style: no outline unless ``line``; marked
    ``DECORATIVE`` when it only decorates (a band, a rule)."""
    outline = (f'<a:ln w="{line_width}">{solid_fill(line)}</a:ln>' if line
               else "<a:ln><a:noFill/></a:ln>")
    marks = f">{DECORATIVE}</p:cNvPr>" if decorative else "/>"
    return (f"<p:sp {NS}><p:nvSpPr>"
            f'<p:cNvPr id="{shape_id}" name="{_shape_name(name, f"Rectangle {shape_id - 1}")}"'
            f"{marks}<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>"
            f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{solid_fill(fill)}{outline}'
            '</p:spPr><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
            '<a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>')


@lru_cache(maxsize=256)
def cell_props(anchor: str, fill: str | None, border: str, border_width: int) -> str:
    """A table cell's ``a:tcPr``: fixed margins, ``anchor``, a ``border`` on every side and a
    solid ``fill`` or none."""
    margin_x, margin_y = theme.emu(theme.CELL_MARGIN_X), theme.emu(theme.CELL_MARGIN_Y)
    margins = (_inset("marL", margin_x, DEFAULT_INSET_X) + _inset("marR", margin_x, DEFAULT_INSET_X)
               + _inset("marT", margin_y, DEFAULT_INSET_Y)
               + _inset("marB", margin_y, DEFAULT_INSET_Y))
    side = (f'w="{border_width}" cap="flat" cmpd="sng" algn="ctr">{solid_fill(border)}'
            '<a:prstDash val="solid"/>')
    lines = "".join(f"<{tag} {side}</{tag}>" for tag in BORDERS)
    filled = solid_fill(colour(fill)) if fill else "<a:noFill/>"
    return f'<a:tcPr{margins} anchor="{ANCHOR[anchor]}">{lines}{filled}</a:tcPr>'


def cell(paragraph_xml: str, props: str) -> str:
    """A table cell (``a:tc``) holding one paragraph, with ``props`` (``cell_props``)."""
    return (f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraph_xml}</a:txBody>{props}"
            "</a:tc>")


EMPTY_CELL = "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody><a:tcPr/></a:tc>"


def table(shape_id: int, name: str | None, x: int, y: int, widths: Sequence[int],
          rows: Sequence[tuple[int, str]], *, style_id: str, first_row: bool,
          first_col: bool = False) -> str:
    """A table's ``p:graphicFrame``: columns ``widths`` wide, ``rows`` of (height, cells XML),
    table style ``style_id``, no banding, the first row a header when ``first_row``, the first
    column when ``first_col`` (a table of labels beside values). The frame
    is as wide and tall as its columns and rows add up to, as python-pptx keeps it."""
    cx, cy = sum(widths), sum(h for h, _ in rows)
    header = (' firstRow="1"' if first_row else "") + (' firstCol="1"' if first_col else "")
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    body = "".join(f'<a:tr h="{h}">{cells}</a:tr>' for h, cells in rows)
    return (f"<p:graphicFrame {NS}><p:nvGraphicFramePr>"
            f'<p:cNvPr id="{shape_id}" name="{_shape_name(name, f"Table {shape_id - 1}")}"/>'
            '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>'
            "<p:nvPr/></p:nvGraphicFramePr>"
            f'<p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></p:xfrm>'
            f'<a:graphic><a:graphicData uri="{TABLE_URI}"><a:tbl><a:tblPr{header}>'
            f"<a:tableStyleId>{text(style_id)}</a:tableStyleId></a:tblPr>"
            f"<a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic>"
            "</p:graphicFrame>")


@dataclass
class _Ids:
    """The shape tree drawn on last, its size then, the shape added last and the largest id:
    while that shape is still the tree's last and nothing was added or taken, the next id needs
    no search of the tree."""

    tree: BaseOxmlElement | None = None
    size: int = 0
    shape: BaseOxmlElement | None = None
    largest: int = 0

    def next_for(self, tree: BaseOxmlElement) -> int:
        """The id python-pptx would give a new shape in ``tree``: one more than the largest."""
        if not self._unchanged(tree):
            self.largest = max((int(i) for i in _SHAPE_IDS(tree) if i.isdigit()), default=0)
        return self.largest + 1

    def added(self, tree: BaseOxmlElement, shape: BaseOxmlElement, shape_id: int) -> None:
        """Note that ``shape`` with ``shape_id`` was just added to ``tree``."""
        self.tree, self.size, self.shape = tree, len(tree), shape
        self.largest = max(self.largest, shape_id)

    def _unchanged(self, tree: BaseOxmlElement) -> bool:
        if tree is not self.tree or len(tree) != self.size or self.shape is None:
            return False
        after = self.shape.getnext()
        return self.shape.getparent() is tree and (after is None or after.tag == _EXT_LST)


_IDS = _Ids()


def add_shape(tree: BaseOxmlElement, build: Callable[[int], str]) -> BaseOxmlElement:
    """Add a shape to a slide's shape ``tree`` (before any ``p:extLst``): ``build`` writes its
    XML for the shape id python-pptx would give it, parsed with python-pptx's parser. Returns
    the shape's element."""
    shape_id = _IDS.next_for(tree)
    element = parse_xml(build(shape_id))
    tree.insert_element_before(element, "p:extLst")
    _IDS.added(tree, element, shape_id)
    return element
