"""Text that shrinks on overflow, where the layout's designer asked for it.

A text box set to "Shrink text on overflow" in PowerPoint or Impress (``<a:normAutofit/>``)
whose filled text is taller than the box gets smaller type, a tenth at a time down to half its
size, until it fits: a long workstream name in the title band, a title that "(cont.)" pushes
onto another line. The smaller size is written on every run (and an exact line spacing scaled
with it), not left for PowerPoint to work out when the file is next edited, so PowerPoint and
LibreOffice show the same and the size measured is the size drawn. A box that half size cannot
fit keeps half size; the render check names what still overflows.
"""

from __future__ import annotations

from lxml import etree

from pcxl.deck import theme
from pcxl.deck.engine import measure, tags
from pcxl.deck.engine.tags import qn

SMALLEST = 0.5  # of the layout's size
STEP = 0.1
_SP, _BODY, _BODY_PR, _AUTOFIT = qn("p:sp"), qn("p:txBody"), qn("a:bodyPr"), qn("a:normAutofit")
_P, _R, _BR = qn("a:p"), qn("a:r"), qn("a:br")
_EXT = f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}"
_EXACT = f"{qn('a:pPr')}/{qn('a:lnSpc')}/{qn('a:spcPts')}"


def shrink_overflowing(tree: etree._Element) -> None:
    """Shrink the type of each "shrink on overflow" text box of a filled slide that overflows."""
    for sp in tree.iterchildren(_SP):
        body = sp.find(_BODY)
        body_pr = body.find(_BODY_PR) if body is not None else None
        if body_pr is not None and body_pr.find(_AUTOFIT) is not None:
            _shrink(sp, body, body_pr)


def _shrink(sp: etree._Element, body: etree._Element, body_pr: etree._Element) -> None:
    ext = sp.find(_EXT)
    if ext is None:  # a placeholder placed by its layout: not measured here
        return
    w, h = int(ext.get("cx")) / theme.EMU_PER_POINT, int(ext.get("cy")) / theme.EMU_PER_POINT
    insets = measure.box_insets(body_pr)
    width = w - insets["lIns"] - insets["rIns"]
    room = h - insets["tIns"] - insets["bIns"] + 0.5  # half a point for rounding
    paras = body.findall(_P)
    if _height(paras, width) <= room:
        return
    sizes = [[style.size for _, style in measure.segments(p)] for p in paras]
    spacing = [(pts, int(pts.get("val"))) for p in paras
               if (pts := p.find(_EXACT)) is not None]  # an exact line spacing scales too
    scale = 1.0
    while scale - STEP >= SMALLEST - 1e-9:
        scale = round(scale - STEP, 2)
        for p, runs in zip(paras, sizes, strict=True):
            for r, size in zip(_sized(p), runs, strict=True):
                tags.first_child(r, "a:rPr").set("sz", str(round(size * scale * 100)))
        for pts, value in spacing:
            pts.set("val", str(round(value * scale)))
        if _height(paras, width) <= room:
            break
    autofit = body_pr.find(_AUTOFIT)
    autofit.attrib.pop("fontScale", None)  # the sizes are written: nothing left to scale
    autofit.attrib.pop("lnSpcReduction", None)


def _height(paras: list[etree._Element], width: float) -> float:
    return sum(measure.para_height(p, width) for p in paras)


def _sized(p: etree._Element) -> list[etree._Element]:
    """The runs and line breaks of ``p``, in the order ``measure.segments`` reads them."""
    return [child for child in p if child.tag in (_R, _BR)]
