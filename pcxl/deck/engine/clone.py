"""Copy a prototype slide: its shapes, background, pictures, links and charts.

python-pptx has no ``Slide.duplicate`` (its issue 132): a slide's pictures and charts are parts of
their own, named by relationship ids. The copy adds a slide on the prototype's own slide layout
(so its master shows), deep-copies the shape tree, relates the same pictures and links under new
ids, and gives every chart a part of its own (with its own embedded workbook), so each slide's
chart data can be replaced without touching another's.
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import _Relationship
from pptx.opc.packuri import PackURI
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.presentation import Presentation
from pptx.slide import Slide

from pcxl.deck.engine.tags import qn
from pcxl.deck.frozen import SlideAdder
from pcxl.deck.result import DeckTooLargeError

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SKIP = (RT.SLIDE_LAYOUT, RT.NOTES_SLIDE)
_LINKED = etree.XPath(f".//*[@*[namespace-uri() = '{_R}']]")  # elements naming a related part


class Cloner:
    """Copies slides into one presentation in constant time each: slides are added as
    ``pcxl.deck.frozen.SlideAdder`` adds them, and the next chart and workbook part names are
    counted rather than looked for among every part (python-pptx walks the whole package for
    each), with the same names python-pptx would give. A copy past ``max_slides`` copies (None:
    no limit) raises ``DeckTooLargeError`` before it is made."""

    def __init__(self, prs: Presentation, max_slides: int | None = None):
        self._prs = prs
        self._adder = SlideAdder(prs)
        self._names: dict[str, set[str]] = {}
        self._max_slides = max_slides
        self._made = 0

    def _next_partname(self, template: str) -> PackURI:
        """``package.next_partname(template)``, remembering the names it has given."""
        prefix = template[:(template % 42).find("42")]
        names = self._names.get(template)
        if names is None:
            names = self._names[template] = {
                p.partname for p in self._prs.part.package.iter_parts()
                if p.partname.startswith(prefix)}
        name = next(template % n for n in range(len(names) + 1, 0, -1)
                    if template % n not in names)
        names.add(name)
        return PackURI(name)

    def _copy_chart(self, part: ChartPart) -> ChartPart:
        package = part.package
        element = copy.deepcopy(part._element)
        new = ChartPart(self._next_partname(ChartPart.partname_template), part.content_type,
                        package, element)
        for rel in part.rels.values():
            if rel.is_external:
                continue
            if rel.reltype == RT.PACKAGE:
                xlsx = EmbeddedXlsxPart(self._next_partname(EmbeddedXlsxPart.partname_template),
                                        EmbeddedXlsxPart.content_type, package,
                                        rel.target_part.blob)
                rid = new.relate_to(xlsx, RT.PACKAGE)
                data = element.find(qn("c:externalData"))
                if data is not None:
                    data.set(f"{{{_R}}}id", rid)
            else:
                new.relate_to(rel.target_part, rel.reltype)
        return new

    def __call__(self, proto: Slide) -> Slide:
        """A new last slide that is a copy of ``proto`` (its notes are not copied)."""
        if self._max_slides is not None and self._made >= self._max_slides:
            raise DeckTooLargeError(self._max_slides)
        self._made += 1
        slide, _ = self._adder.add(proto.slide_layout, placeholders=False)
        tree = slide.shapes._spTree
        ids: dict[str, str] = {}
        for rid, rel in proto.part.rels.items():
            if rel.reltype in _SKIP:
                continue
            if rel.is_external:
                ids[rid] = slide.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
            elif rel.reltype == RT.CHART:
                ids[rid] = slide.part.relate_to(self._copy_chart(rel.target_part), RT.CHART)
            else:
                ids[rid] = slide.part.relate_to(rel.target_part, rel.reltype)
        source_cSld = proto._element.find(qn("p:cSld"))
        background = source_cSld.find(qn("p:bg"))
        if background is not None:
            slide._element.find(qn("p:cSld")).insert(0, copy.deepcopy(background))
        for child in list(proto.shapes._spTree)[2:]:
            tree.append(copy.deepcopy(child))
        if ids:
            for element in _LINKED(slide._element):
                for name, value in element.attrib.items():
                    if name.startswith(f"{{{_R}}}") and value in ids:
                        element.set(name, ids[value])
        return slide


def _chart_part(slide: Slide, frame: etree._Element) -> ChartPart:
    rid = frame.find(f".//{qn('c:chart')}").get(f"{{{_R}}}id")
    return slide.part.related_part(rid)


def _workbook_rel(part: ChartPart) -> _Relationship | None:
    return next((r for r in part.rels.values() if r.reltype == RT.PACKAGE and
                 not r.is_external), None)


def same_chart(slide: Slide, frame: etree._Element, drawn_slide: Slide,
               drawn: etree._Element) -> bool:
    """Give the chart in ``frame`` (a copy of the same prototype as ``drawn``) the data,
    workbook and description of the chart ``drawn`` already filled on ``drawn_slide``: a
    continuation slide's chart is copied, not filled again. False when it cannot be."""
    source, target = _chart_part(drawn_slide, drawn), _chart_part(slide, frame)
    source_book, target_book = _workbook_rel(source), _workbook_rel(target)
    if (source_book is None) != (target_book is None):
        return False
    chart_space = copy.deepcopy(source._element)
    if source_book is not None and target_book is not None:
        target_book.target_part.blob = source_book.target_part.blob
        data = chart_space.find(qn("c:externalData"))
        if data is not None:
            data.set(f"{{{_R}}}id", target_book.rId)
    target._element = chart_space
    descr = drawn.find(f".//{qn('p:cNvPr')}").get("descr")
    if descr is not None:
        frame.find(f".//{qn('p:cNvPr')}").set("descr", descr)
    return True


def drop(prs: Presentation, slides: list[Slide]) -> None:
    """Remove ``slides`` (the prototypes) from the presentation."""
    ids = prs.slides._sldIdLst
    parts = {s.part for s in slides}
    for slide_id in list(ids):
        if prs.part.related_part(slide_id.rId) in parts:
            ids.remove(slide_id)
            prs.part.drop_rel(slide_id.rId)
