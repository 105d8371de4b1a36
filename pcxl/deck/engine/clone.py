"""Copy a prototype slide: its shapes, background, pictures, links and charts.

python-pptx has no ``Slide.duplicate`` (its issue 132): a slide's pictures and charts are parts of
their own, named by relationship ids. The copy adds a slide on the prototype's own slide layout
(so its master shows), deep-copies the shape tree, relates the same pictures and links under new
ids, and gives every chart a part of its own (with its own embedded workbook), so each slide's
chart data can be replaced without touching another's.
"""

from __future__ import annotations

import copy

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.presentation import Presentation
from pptx.slide import Slide

from pcxl.deck.engine.tags import qn

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SKIP = (RT.SLIDE_LAYOUT, RT.NOTES_SLIDE)


def _copy_chart(part: ChartPart) -> ChartPart:
    package = part.package
    element = copy.deepcopy(part._element)
    new = ChartPart(package.next_partname(ChartPart.partname_template), part.content_type,
                    package, element)
    for rel in part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == RT.PACKAGE:
            xlsx = EmbeddedXlsxPart.new(rel.target_part.blob, package)
            rid = new.relate_to(xlsx, RT.PACKAGE)
            data = element.find(qn("c:externalData"))
            if data is not None:
                data.set(f"{{{_R}}}id", rid)
        else:
            new.relate_to(rel.target_part, rel.reltype)
    return new


def clone(prs: Presentation, proto: Slide) -> Slide:
    """A new last slide that is a copy of ``proto`` (its notes are not copied)."""
    slide = prs.slides.add_slide(proto.slide_layout)
    tree = slide.shapes._spTree
    for child in list(tree)[2:]:
        tree.remove(child)
    ids: dict[str, str] = {}
    for rid, rel in proto.part.rels.items():
        if rel.reltype in _SKIP:
            continue
        if rel.is_external:
            ids[rid] = slide.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        elif rel.reltype == RT.CHART:
            ids[rid] = slide.part.relate_to(_copy_chart(rel.target_part), RT.CHART)
        else:
            ids[rid] = slide.part.relate_to(rel.target_part, rel.reltype)
    source_cSld = proto._element.find(qn("p:cSld"))
    background = source_cSld.find(qn("p:bg"))
    if background is not None:
        slide._element.find(qn("p:cSld")).insert(0, copy.deepcopy(background))
    for child in list(proto.shapes._spTree)[2:]:
        tree.append(copy.deepcopy(child))
    for element in slide._element.iter():
        for name, value in element.attrib.items():
            if name.startswith(f"{{{_R}}}") and value in ids:
                element.set(name, ids[value])
    return slide


def drop(prs: Presentation, slides: list[Slide]) -> None:
    """Remove ``slides`` (the prototypes) from the presentation."""
    ids = prs.slides._sldIdLst
    parts = {s.part for s in slides}
    for slide_id in list(ids):
        if prs.part.related_part(slide_id.rId) in parts:
            ids.remove(slide_id)
            prs.part.drop_rel(slide_id.rId)
