"""What makes a drawn slide readable by a screen reader (the engine's ``readable`` applies it).

- The title: the shape named "Title" (the title band's, a cover's) becomes the slide's title
  placeholder (``as_title``), so the outline, the slide navigation and PowerPoint's
  Accessibility Checker see it. It keeps its own position, insets and runs, so it looks as
  before. The layout gets a title placeholder to inherit from when it has none.
- Decorative marks: bands and rules (``draw.add_rect``) are written marked decorative
  (``xml.DECORATIVE``), so they are skipped rather than read as "rectangle".
- The language: every deck is marked en-GB (document properties and default text).
"""

from __future__ import annotations

import copy

from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout

LANGUAGE = "en-GB"
TITLE = "Title"


def _title_placeholder(tree) -> object | None:
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None and ph.get("type") in ("title", "ctrTitle"):
            return sp
    return None


def ensure_title_placeholder(layout: SlideLayout) -> None:
    """Give ``layout`` a title placeholder (its master's) if it has none, for slide titles to
    inherit from. Placeholders on a layout are not drawn on its slides."""
    tree = layout.shapes._spTree
    if _title_placeholder(tree) is not None:
        return
    master_title = _title_placeholder(layout.slide_master.shapes._spTree)
    if master_title is None:
        return
    placeholder = copy.deepcopy(master_title)
    ids = [int(i) for i in tree.xpath(".//p:cNvPr/@id") if i.isdigit()]
    placeholder.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", str(max(ids, default=1) + 1))
    tree.insert_element_before(placeholder, "p:extLst")


def as_title(sp) -> None:
    """Turn a text box into the slide's title placeholder, keeping how it looks."""
    nv = sp.find(qn("p:nvSpPr"))
    c_nv_sp_pr, nv_pr = nv.find(qn("p:cNvSpPr")), nv.find(qn("p:nvPr"))
    c_nv_sp_pr.attrib.pop("txBox", None)
    if c_nv_sp_pr.find(qn("a:spLocks")) is None:
        locks = c_nv_sp_pr.makeelement(qn("a:spLocks"), {"noGrp": "1"})
        c_nv_sp_pr.insert(0, locks)
    nv_pr.insert(0, nv_pr.makeelement(qn("p:ph"), {"type": "title"}))
    sp_pr = sp.find(qn("p:spPr"))
    if sp_pr is not None and sp_pr.find(qn("a:ln")) is None and sp.find(qn("p:style")) is None:
        # no outline from a brand's title (a shape's own style keeps its outline)
        sp_pr.append(sp_pr.makeelement(qn("a:ln"), {}))
        sp_pr[-1].append(sp_pr.makeelement(qn("a:noFill"), {}))


def set_language(prs: PresentationType, language: str = LANGUAGE) -> None:
    """Mark the deck's language: document properties and the default text of every level."""
    prs.core_properties.language = language
    styles = [prs.part._element.find(qn("p:defaultTextStyle"))]
    for master in prs.slide_masters:
        text_styles = master._element.find(qn("p:txStyles"))
        styles += list(text_styles) if text_styles is not None else []
    for style in styles:
        for level in style if style is not None else ():
            if level.tag == qn("a:extLst"):
                continue
            default = level.find(qn("a:defRPr"))
            if default is None:
                default = level.makeelement(qn("a:defRPr"), {})
                ext = level.find(qn("a:extLst"))
                if ext is None:
                    level.append(default)
                else:
                    ext.addprevious(default)
            default.set("lang", language)
