"""A brand over a layout: an organisation's theme, colours, fonts, background and logo applied to
a layout's own slides before they are filled (``pcxl deck --layout L --brand B``).

``rebrand(prs, slides, opened)`` changes the layout in memory, never the file:

- its theme's colour and font schemes become the brand's, so theme colours and theme fonts
  (what a layout made in PowerPoint mostly uses, and table styles) follow the brand;
- the NHS identity colours typed as hex on its slides (the starter layout's title bands, cover
  and headings, and inside its charts: axes, gridlines, a single series' colour) become the
  brand's (``brand.MAPPING``): they are the layout's own look, never data, so the status fills
  drawn later from the vocabulary keep their meaning; typefaces typed as the layout's theme
  fonts become the brand's;
- the brand master's background and decorations go onto the layout's masters, behind every
  slide, and its logos (pictures up to a quarter of the slide) on top of every slide, marked
  decorative, at the brand's place scaled to the layout's size; text boxes under a logo end or
  move beside it.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterable

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide

from pcxl.deck import theme
from pcxl.deck.brand import Brand, logos, read_theme, shown
from pcxl.deck.engine import readable
from pcxl.deck.engine.render import box_of

GAP = 6.0  # between a logo and the text box that ends beside it
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def rebrand(prs: PresentationType, slides: Iterable[Slide], opened: Brand) -> None:
    """Apply ``opened`` to the layout ``prs`` whose prototype slides are ``slides``."""
    master = prs.slide_masters[0].slide_layouts[0]
    _, body, title = read_theme(master)
    _, brand_body, brand_title = read_theme(opened.slide_layout)
    fonts = {title: brand_title, body: brand_body}
    scale = (prs.slide_width or 1) / (opened.prs.slide_width or 1)
    marks = [(shape._element, part) for shape, part in logos(opened.slide_layout)]
    for layout_master in prs.slide_masters:
        _swap_theme(layout_master.part, opened)
        _master_look(layout_master, opened, scale, [element for element, _ in marks])
    for slide in slides:
        _recolour(slide._element, opened.look.colours, fonts)
        for rel in slide.part.rels.values():
            if rel.reltype == RT.CHART:
                _recolour(rel.target_part._element, opened.look.colours, fonts)
        tree = slide.shapes._spTree
        for element, _ in marks:
            _clear_of(tree, tuple(v * scale for v in box_of(element)))
        for element, part in marks:
            tree.append(_logo(_placed(_linked(element, part, slide.part), tree, scale)))


def _logo(element: etree._Element) -> etree._Element:
    """A logo on top of a slide is decorative: it repeats on every slide, and is drawn last
    (screen readers would read it last, below the slide's content)."""
    for c_nv_pr in element.iter(qn("p:cNvPr")):
        c_nv_pr.attrib.pop("descr", None)
    props = element.find(".//" + qn("p:cNvPr"))
    if props is not None:
        readable.decorate(props)
    return element


def _theme_root(part) -> tuple[object, etree._Element]:
    theme_part = part.part_related_by(RT.THEME)
    return theme_part, etree.fromstring(theme_part.blob)


def _swap_theme(master_part, opened: Brand) -> None:
    """The layout's colour and font schemes replaced by the brand's."""
    _, source = _theme_root(opened.slide_layout.slide_master.part)
    target_part, target = _theme_root(master_part)
    for name in ("a:clrScheme", "a:fontScheme"):
        new, old = source.find(f".//{qn(name)}"), target.find(f".//{qn(name)}")
        if new is not None and old is not None:
            old.getparent().replace(old, copy.deepcopy(new))
    target_part._blob = etree.tostring(target, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)


def _recolour(tree: etree._Element, colours: dict[str, str], fonts: dict[str, str]) -> None:
    """Identity colours typed as hex, and the theme's typefaces typed by name, made the brand's."""
    mapping = {k.upper(): v for k, v in colours.items()}
    for colour in tree.iter(qn("a:srgbClr")):
        value = (colour.get("val") or "").upper()
        if value in mapping:
            colour.set("val", mapping[value])
    for tag in ("a:latin", "a:ea", "a:cs"):
        for font in tree.iter(qn(tag)):
            if font.get("typeface") in fonts:
                font.set("typeface", fonts[font.get("typeface")])


def _master_look(layout_master, opened: Brand, scale: float, marks: list) -> None:
    """The brand's background and decorations, not its logos (``marks``), onto a layout master."""
    c_sld = layout_master._element.find(qn("p:cSld"))
    chosen = opened.slide_layout
    for owner in (chosen, chosen.slide_master):
        bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if bg is not None:
            old = c_sld.find(qn("p:bg"))
            if old is not None:
                c_sld.remove(old)
            c_sld.insert(0, _linked(bg, owner.part, layout_master.part))
            break
    tree = layout_master.shapes._spTree
    kept = [(s._element, part) for s, part in shown(chosen) if s._element not in marks]
    for n, (element, part) in enumerate(kept, start=2):  # behind, in the brand's order
        tree.insert(n, _placed(_linked(element, part, layout_master.part), tree, scale))


def _linked(element: etree._Element, source, target) -> etree._Element:
    """A copy of ``element`` whose pictures are added to ``target`` (a slide or master part)."""
    copied = copy.deepcopy(element)
    for blip in copied.iter(qn("a:blip")):
        rid = blip.get(_R_EMBED)
        if rid:
            image = source.related_part(rid)
            _, new = target.get_or_add_image_part(io.BytesIO(image.blob))
            blip.set(_R_EMBED, new)
    return copied


def _placed(element: etree._Element, tree: etree._Element, scale: float) -> etree._Element:
    """``element`` scaled to the layout's size, with an id of its own in ``tree``."""
    ids = [int(v) for v in (e.get("id", "") for e in tree.iter(qn("p:cNvPr"))) if v.isdigit()]
    top = max(ids, default=1)
    for n, props in enumerate(element.iter(qn("p:cNvPr")), start=1):
        props.set("id", str(top + n))
    if scale != 1:
        for xfrm in element.iter(qn("a:xfrm"), qn("p:xfrm")):
            for child, names in ((xfrm.find(qn("a:off")), ("x", "y")),
                                 (xfrm.find(qn("a:ext")), ("cx", "cy"))):
                for name in names if child is not None else ():
                    child.set(name, str(round(int(child.get(name)) * scale)))
    return element


def _clear_of(tree: etree._Element, logo: tuple[float, ...]) -> None:
    """Text boxes the logo would cover are kept clear of it: one wider than twice the logo (a
    title) ends beside it (or starts after it, for a logo on the left); a smaller one (a RAG
    badge) moves beside it, taking along the small boxes it would land on (its label), and
    wider text in their way ends before them."""
    lx, ly, lw, lh = logo
    boxes = {sp: list(box_of(sp)) for sp in tree.iterchildren(qn("p:sp"))
             if "".join(sp.itertext()).strip()}
    before = {sp: tuple(box) for sp, box in boxes.items()}
    for sp, box in boxes.items():
        x, y, w, h = box
        if not (x < lx + lw and lx < x + w and y < ly + lh and ly < y + h):
            continue
        on_right = lx + lw / 2 > x + w / 2
        if w <= 2 * lw:
            _move(boxes, sp, lx - GAP - w if on_right else lx + lw + GAP, 2 * lw)
        else:
            _end_beside(box, lx - GAP if on_right else lx + lw + GAP, on_right)
    for sp, (x, _, w, _) in boxes.items():
        if (x, w) != before[sp][::2]:
            xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
            xfrm.find(qn("a:off")).set("x", str(theme.emu(max(x, 0.0))))
            xfrm.find(qn("a:ext")).set("cx", str(theme.emu(x + w - max(x, 0.0))))


def _end_beside(box: list[float], edge: float, leftward: bool) -> None:
    """``box`` made to end at ``edge`` (``leftward``) or to start there."""
    x, _, w, _ = box
    if leftward:
        box[2] = edge - x
    else:
        box[0], box[2] = edge, x + w - edge


def _move(boxes: dict, sp, left: float, small: float) -> None:
    """``sp`` moved to start at ``left``; the boxes of its row it now lands on move along if
    no wider than ``small``, else end (or start) beside it."""
    box = boxes[sp]
    leftward = left < box[0]
    box[0] = left
    x, y, w, h = box
    for other, (ox, oy, ow, oh) in boxes.items():
        if other is sp or not (oy < y + h and y < oy + oh):
            continue
        if leftward and ox < x < ox + ow + GAP:
            edge = x - GAP
        elif not leftward and ox < x + w + GAP < ox + ow:
            edge = x + w + GAP
        else:
            continue
        if ow <= small:
            _move(boxes, other, edge - ow if leftward else edge, small)
        else:
            _end_beside(boxes[other], edge, leftward)
