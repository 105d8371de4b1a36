"""Read a deck (pcxl's or any other) into the facts an accessibility check needs
(``pcxl.access.facts``): slide titles, each shape's kind, place, alternative text and decorative
mark, every run of text with its colour, size and the fill behind it, tables' header rows.

Colours are resolved as PowerPoint draws them: an explicit RGB, or a theme colour through the
master's colour map (with its luminance, tint and shade changes); a run with no colour of its own
takes the theme's text colour. The fill behind a text is its table cell's or its shape's own, else
the topmost filled shape under its centre drawn before it, else the slide's background (the
slide's, its layout's or its master's; white when it is a picture or gradient).
"""

from __future__ import annotations

import colorsys
from functools import cache
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn as _qn
from pptx.slide import Slide, SlideLayout, SlideMaster

from pcxl.access import facts
from pcxl.deck import theme
from pcxl.errors import InputError

qn = cache(_qn)  # a tag's lxml spelling, worked out once (read for every run of every slide)
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
TITLE_TYPES = ("title", "ctrTitle")
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_PRESETS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "blue": "0000FF"}


class _Colours:
    """A master's theme colours through its colour map (``tx1`` -> ``dk1``...)."""

    def __init__(self, master: SlideMaster) -> None:
        root = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        self.scheme: dict[str, str] = {}
        scheme = root.find(f".//{qn('a:clrScheme')}")
        for slot in scheme if scheme is not None else ():
            value = next(iter(slot), None)
            if value is not None:
                found = value.get("val") if value.tag == qn("a:srgbClr") else value.get("lastClr")
                if found:
                    self.scheme[etree.QName(slot).localname] = found.upper()
        colour_map = master._element.find(qn("p:clrMap"))
        self.map = dict(colour_map.attrib) if colour_map is not None else {}

    def of(self, element) -> str | None:
        """The hex of a colour element (``a:srgbClr``, ``a:schemeClr``...), or None."""
        tag = element.tag
        if tag == qn("a:srgbClr"):
            hex_colour = element.get("val", "")
        elif tag == qn("a:schemeClr"):
            name = element.get("val", "")
            hex_colour = self.scheme.get(self.map.get(name, name), "")
        elif tag == qn("a:sysClr"):
            hex_colour = element.get("lastClr", "")
        elif tag == qn("a:prstClr"):
            hex_colour = _PRESETS.get(element.get("val", ""), "")
        else:
            return None
        if len(hex_colour) != 6:
            return None
        if not len(element):  # no lumMod, tint...: the colour as written (most runs)
            return hex_colour.upper()
        return _modified(hex_colour.upper(), element)

    def fill(self, parent) -> str | None:
        """The colour of ``parent``'s ``a:solidFill`` child, or None."""
        solid = parent.find(qn("a:solidFill")) if parent is not None else None
        if solid is None or not len(solid):
            return None
        return self.of(solid[0])

    def text(self) -> str:
        return self.scheme.get(self.map.get("tx1", "dk1"), theme.TEXT)

    def background(self) -> str:
        return self.scheme.get(self.map.get("bg1", "lt1"), theme.WHITE)


def _modified(hex_colour: str, element) -> str:
    """``hex_colour`` with the element's ``lumMod``/``lumOff``/``tint``/``shade`` applied."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    for change in element:
        name, value = etree.QName(change).localname, int(change.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = min(1.0, lum * value if name == "lumMod" else lum + value)
            r, g, b = colorsys.hls_to_rgb(h, lum, s)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - value) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * value for c in (r, g, b))
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def background(layout: SlideLayout, slide: Slide | None = None) -> str:
    """The colour a slide on ``layout`` shows where nothing is drawn: the slide's background,
    else its layout's, else its master's (white for a picture or gradient)."""
    return _background([slide, layout, layout.slide_master], _Colours(layout.slide_master))


def _background(owners: list, colours: _Colours) -> str:
    for owner in owners:
        if owner is None:
            continue
        bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if bg is None:
            continue
        props, ref = bg.find(qn("p:bgPr")), bg.find(qn("p:bgRef"))
        found = colours.fill(props) if props is not None else None
        if found is None and ref is not None and len(ref):
            found = colours.of(ref[0])
        return found or colours.background()
    return colours.background()


def _points(value: int | None) -> float:
    return (value or 0) / theme.EMU_PER_POINT


_XFRM_PATHS = tuple("/".join(qn(t) for t in path.split("/"))
                    for path in ("p:spPr/a:xfrm", "p:xfrm", "p:grpSpPr/a:xfrm"))


def _box(element, shape) -> facts.Box:
    """Where a shape is: read from its own ``xfrm`` when it has one (python-pptx's properties
    look it up again for each side), else as python-pptx gives it (``shape()``, the shape's
    python-pptx object: a placeholder inherits)."""
    for path in _XFRM_PATHS:
        xfrm = element.find(path)
        if xfrm is not None:
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            if off is not None and ext is not None:
                return (_points(int(off.get("x"))), _points(int(off.get("y"))),
                        _points(int(ext.get("cx"))), _points(int(ext.get("cy"))))
            break
    shape = shape()
    return (_points(shape.left), _points(shape.top), _points(shape.width), _points(shape.height))


_RUN_TAGS, _T, _RPR = (qn("a:r"), qn("a:fld")), qn("a:t"), qn("a:rPr")


def _runs(body, colours: _Colours, background: str, default: str) -> list[facts.Text]:
    texts = []
    for run in body.iter(*_RUN_TAGS):
        found = run.findall(_T)  # one a:t a run, as PowerPoint writes them
        value = (found[0].text or "") if len(found) == 1 else "".join(
            t.text or "" for t in run.iter(_T))
        props = run.find(_RPR)
        colour = colours.fill(props) if props is not None else None
        size = props.get("sz") if props is not None else None
        bold = props is not None and props.get("b") in ("1", "true")
        texts.append(facts.Text(value, colour or default, background,
                                int(size) / 100 if size else None, bold))
    return texts


def _centre_in(box: facts.Box, under: facts.Box) -> bool:
    x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
    return under[0] <= x <= under[0] + under[2] and under[1] <= y <= under[1] + under[3]


def _decorative(c_nv_pr) -> bool:
    return any(d.get("val") in ("1", "true") for d in c_nv_pr.iter(DECORATIVE))


def _kind(element) -> str:
    tag = element.tag
    if tag == qn("p:pic"):
        return "picture"
    if tag == qn("p:graphicFrame"):
        data = element.find(f".//{qn('a:graphicData')}")
        uri = data.get("uri") if data is not None else ""
        return {_TABLE_URI: "table", _CHART_URI: "chart"}.get(uri, "graphic")
    if tag == qn("p:sp"):
        ph = element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None and ph.get("type") in TITLE_TYPES:
            return "title"
        body = element.find(qn("p:txBody"))
        has_text = body is not None and any((t.text or "").strip() for t in body.iter(qn("a:t")))
        return "text" if has_text else "shape"
    return "shape"


def _table(element, colours: _Colours, background: str, default: str
           ) -> tuple[facts.Table, list[facts.Text]]:
    tbl = element.find(f".//{qn('a:tbl')}")
    props = tbl.find(qn("a:tblPr"))
    first_row, first_col = (props is not None and props.get(a) in ("1", "true")
                            for a in ("firstRow", "firstCol"))
    texts: list[facts.Text] = []
    for tc in tbl.iter(qn("a:tc")):
        body = tc.find(qn("a:txBody"))
        fill = colours.fill(tc.find(qn("a:tcPr"))) or background
        if body is not None:
            texts += _runs(body, colours, fill, default)
    return facts.Table(len(tbl.findall(qn("a:tr"))), first_row, first_col), texts


def _shapes(shapes, colours: _Colours, slide_bg: str) -> list[facts.Shape]:
    found: list[facts.Shape] = []
    fills: list[tuple[facts.Box, str]] = []
    default = colours.text()
    for element in shapes._iter_member_elms():  # python-pptx's objects made only if needed
        if element.tag == qn("p:grpSp"):
            found += _shapes(shapes._shape_factory(element).shapes, colours, slide_bg)
            continue
        c_nv_pr = element.find(f".//{qn('p:cNvPr')}")
        box = _box(element, lambda element=element: shapes._shape_factory(element))
        kind = _kind(element)
        own = colours.fill(element.find(qn("p:spPr")))
        behind = own or next((f for b, f in reversed(fills) if _centre_in(box, b)), slide_bg)
        table, texts = None, []
        if kind == "table":
            table, texts = _table(element, colours, behind, default)
        else:
            body = element.find(qn("p:txBody"))
            texts = _runs(body, colours, behind, default) if body is not None else []
        if own:
            fills.append((box, own))
        found.append(facts.Shape(
            c_nv_pr.get("name", "") if c_nv_pr is not None else "", kind, box,
            (c_nv_pr.get("descr") or c_nv_pr.get("title") or "") if c_nv_pr is not None else "",
            c_nv_pr is not None and _decorative(c_nv_pr), tuple(texts), table))
    return found


def _language(prs) -> str | None:
    """The deck's language: its document properties', else its default text's, else that of
    the text on its slides (LibreOffice marks each run, and files its document properties
    where python-pptx does not look)."""
    if prs.core_properties.language:
        return prs.core_properties.language
    default = prs.part._element.find(f"{qn('p:defaultTextStyle')}//{qn('a:defRPr')}")
    if default is not None and default.get("lang"):
        return default.get("lang")
    return next((props.get("lang") for slide in prs.slides
                 for props in slide._element.iter(qn("a:rPr")) if props.get("lang")), None)


def _slide_shapes(slide: Slide, colours: _Colours) -> tuple[facts.Shape, ...]:
    layout = slide.slide_layout
    return tuple(_shapes(slide.shapes, colours,
                         _background([slide, layout, layout.slide_master], colours)))


def read_slide(slide: Slide, masters: dict | None = None) -> tuple[facts.Shape, ...]:
    """The accessibility facts of the shapes of one slide of an open presentation (``masters``
    keeps each master's colours between calls)."""
    masters = {} if masters is None else masters
    master = slide.slide_layout.slide_master
    if master.part.partname not in masters:
        masters[master.part.partname] = _Colours(master)
    return _slide_shapes(slide, masters[master.part.partname])


def read_deck(path: Path | str) -> facts.Deck:
    """The accessibility facts of the deck at ``path``."""
    path = Path(path)
    try:
        prs = Presentation(str(path))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError, OSError) as exc:
        raise InputError(f"{path.name} is not a PowerPoint deck that can be read: {exc}") from exc
    slides = []
    masters: dict[object, _Colours] = {}  # each master's colours, read once
    for number, slide in enumerate(prs.slides, start=1):
        layout = slide.slide_layout
        master = layout.slide_master
        if master.part.partname not in masters:
            masters[master.part.partname] = _Colours(master)
        colours = masters[master.part.partname]
        title = slide.shapes.title
        text = title.text_frame.text.strip() if title is not None and title.has_text_frame else ""
        slides.append(facts.Slide(number, text or None, _slide_shapes(slide, colours)))
    return facts.Deck(_language(prs), tuple(slides))
