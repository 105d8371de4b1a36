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
from pptx.slide import Slide, SlideMaster

from pcxl.access import facts
from pcxl.deck import theme
from pcxl.errors import InputError

qn = cache(_qn)  # a tag's lxml spelling, worked out once (read for every run of every slide)
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
TITLE_TYPES = ("title", "ctrTitle")
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_PRESETS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "blue": "0000FF"}
_SRGB, _SCHEME, _SYS, _PRST = (qn("a:srgbClr"), qn("a:schemeClr"), qn("a:sysClr"),
                               qn("a:prstClr"))
_SOLID = qn("a:solidFill")


def child(element, tag: str):
    """``element``'s first child ``tag`` (a plain tag, no path), or None: ``find`` without
    ElementPath, twice as fast where every run of every slide is read."""
    return next(element.iterchildren(tag), None)


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
        if tag == _SRGB:
            hex_colour = element.get("val", "")
        elif tag == _SCHEME:
            name = element.get("val", "")
            hex_colour = self.scheme.get(self.map.get(name, name), "")
        elif tag == _SYS:
            hex_colour = element.get("lastClr", "")
        elif tag == _PRST:
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
        solid = child(parent, _SOLID) if parent is not None else None
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


_XFRM_PATHS = tuple(tuple(qn(t) for t in path.split("/"))
                    for path in ("p:spPr/a:xfrm", "p:xfrm", "p:grpSpPr/a:xfrm"))
_OFF, _EXT = qn("a:off"), qn("a:ext")
_GRAPHIC_DATA, _NV_PR, _PH, _TBL = qn("a:graphicData"), qn("p:nvPr"), qn("p:ph"), qn("a:tbl")
_C_NV_PR, _SP_PR, _TX_BODY = qn("p:cNvPr"), qn("p:spPr"), qn("p:txBody")


def at(element, path: tuple[str, ...]):
    """The element down ``path`` (plain child tags) from ``element``, or None."""
    for tag in path:
        element = child(element, tag)
        if element is None:
            break
    return element


def _box(element, shape) -> facts.Box:
    """Where a shape is: read from its own ``xfrm`` when it has one (python-pptx's properties
    look it up again for each side), else as python-pptx gives it (``shape()``, the shape's
    python-pptx object: a placeholder inherits)."""
    for path in _XFRM_PATHS:
        xfrm = at(element, path)
        if xfrm is not None:
            off, ext = child(xfrm, _OFF), child(xfrm, _EXT)
            if off is not None and ext is not None:
                return (_points(int(off.get("x"))), _points(int(off.get("y"))),
                        _points(int(ext.get("cx"))), _points(int(ext.get("cy"))))
            break
    shape = shape()
    return (_points(shape.left), _points(shape.top), _points(shape.width), _points(shape.height))


_RUN_TAGS, _T, _RPR = (qn("a:r"), qn("a:fld")), qn("a:t"), qn("a:rPr")
_TC, _TCPR = qn("a:tc"), qn("a:tcPr")


def run_text(run) -> str:
    """A run's text: its one ``a:t`` (``findtext`` without ElementPath: read for every run of
    every slide, and every run the engine fills or measures)."""
    node = child(run, _T)
    return (node.text or "") if node is not None else ""


def _runs(root, colours: _Colours, background: str, default: str,
          seen: set | None = None) -> list[facts.Text]:
    """The runs of text under ``root`` (a text body, or a table: each run on its cell's fill,
    else ``background``). With ``seen``, only runs with text whose colour, fill, size and
    weight are not in it yet (added as they are read)."""
    texts = []
    fill = background
    for run in root.iter(_TC, *_RUN_TAGS):
        if run.tag == _TC:
            fill = colours.fill(child(run, _TCPR)) or background
            continue
        props = child(run, _RPR)
        colour = colours.fill(props) if props is not None else None
        size = props.get("sz") if props is not None else None
        bold = props is not None and props.get("b") in ("1", "true")
        key = (colour, fill, size, bold)
        if seen is not None and key in seen:
            continue  # read already, from a run with text
        value = run_text(run)
        if seen is not None:
            if not value.strip():
                continue
            seen.add(key)
        texts.append(facts.Text(value, colour or default, fill,
                                int(size) / 100 if size else None, bold))
    return texts


def _centre_in(box: facts.Box, under: facts.Box) -> bool:
    x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
    return under[0] <= x <= under[0] + under[2] and under[1] <= y <= under[1] + under[3]


def decorative(element) -> bool:
    """Whether ``element`` (a shape, or its ``cNvPr``) holds a decorative mark."""
    return any(d.get("val") in ("1", "true") for d in element.iter(DECORATIVE))


def _kind(element) -> str:
    """What a shape is ("text" for any shape but a title that could hold text: with no text it
    is a "shape", which its runs tell)."""
    tag = element.tag
    if tag == qn("p:pic"):
        return "picture"
    if tag == qn("p:graphicFrame"):
        data = next(element.iter(_GRAPHIC_DATA), None)
        uri = data.get("uri") if data is not None else ""
        return {_TABLE_URI: "table", _CHART_URI: "chart"}.get(uri, "graphic")
    if tag == qn("p:sp"):
        ph = next((ph for nv in element.iter(_NV_PR) for ph in nv.iterchildren(_PH)), None)
        if ph is not None and ph.get("type") in TITLE_TYPES:
            return "title"
        return "text"
    return "shape"


def _table(element, colours: _Colours, background: str, default: str,
           seen: set | None = None) -> tuple[facts.Table, list[facts.Text]]:
    tbl = next(element.iter(_TBL))
    props = tbl.find(qn("a:tblPr"))
    first_row, first_col = (props is not None and props.get(a) in ("1", "true")
                            for a in ("firstRow", "firstCol"))
    texts = _runs(tbl, colours, background, default, seen)
    return facts.Table(len(tbl.findall(qn("a:tr"))), first_row, first_col), texts


def _shapes(shapes, colours: _Colours, slide_bg: str, distinct: bool = False
            ) -> list[facts.Shape]:
    found: list[facts.Shape] = []
    fills: list[tuple[facts.Box, str]] = []
    default = colours.text()
    for element in shapes._iter_member_elms():  # python-pptx's objects made only if needed
        if element.tag == qn("p:grpSp"):
            found += _shapes(shapes._shape_factory(element).shapes, colours, slide_bg, distinct)
            continue
        c_nv_pr = next(element.iter(_C_NV_PR), None)
        box = _box(element, lambda element=element: shapes._shape_factory(element))
        kind = _kind(element)
        own = colours.fill(child(element, _SP_PR))
        behind = own or next((f for b, f in reversed(fills) if _centre_in(box, b)), slide_bg)
        table, texts, seen = None, [], set() if distinct else None
        if kind == "table":
            table, texts = _table(element, colours, behind, default, seen)
        else:
            body = child(element, _TX_BODY)
            texts = _runs(body, colours, behind, default, seen) if body is not None else []
        if kind == "text" and not any(t.text.strip() for t in texts):
            kind = "shape"
        if own:
            fills.append((box, own))
        found.append(facts.Shape(
            c_nv_pr.get("name", "") if c_nv_pr is not None else "", kind, box,
            (c_nv_pr.get("descr") or c_nv_pr.get("title") or "") if c_nv_pr is not None else "",
            c_nv_pr is not None and decorative(c_nv_pr), tuple(texts), table))
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


def read_slide(slide: Slide, masters: dict | None = None, *,
               distinct: bool = False) -> tuple[facts.Shape, ...]:
    """The accessibility facts of the shapes of one slide of an open presentation (``masters``
    keeps each master's colours between calls). ``distinct``: each shape's texts only those
    runs with text whose colour, fill, size and weight differ, what a contrast check needs (a
    filled table repeats the same few thousands of times)."""
    masters = {} if masters is None else masters
    layout = slide.slide_layout
    if layout.slide_master.part.partname not in masters:
        masters[layout.slide_master.part.partname] = _Colours(layout.slide_master)
    colours = masters[layout.slide_master.part.partname]
    return tuple(_shapes(slide.shapes, colours,
                         _background([slide, layout, layout.slide_master], colours), distinct))


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
        title = slide.shapes.title
        text = title.text_frame.text.strip() if title is not None and title.has_text_frame else ""
        slides.append(facts.Slide(number, text or None, read_slide(slide, masters)))
    return facts.Deck(_language(prs), tuple(slides))
