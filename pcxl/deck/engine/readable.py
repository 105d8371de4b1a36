"""Make an engine deck readable by a screen reader: the rules ``pcxl check-access`` checks
(docs/accessibility.md).

- The title: each slide's title placeholder, else its shape named "Title", else its top-most
  text, becomes the slide's title placeholder, so the outline, the slide navigation and
  PowerPoint's Accessibility Checker see it. What the text box inherited as a text box (its
  alignment, anchor, size, font, colour, spacing) is written on it first, so it looks the same
  as a title; the layout gets a title placeholder (its master's) to inherit from when it has
  none.
- Reading order: the title is moved before the slide's other (not decorative) shapes when none
  of those it passes overlaps it, so moving it changes nothing drawn.
- Decorative marks: a shape with no text and no alternative text (a band, a rule, a panel) is
  marked decorative, so it is skipped rather than read as "rectangle".
- The language: every deck is marked en-GB (document properties and default text).
- Contrast: each text/fill pair the layout draws in its own colours is checked; each failing
  pair is named with its ratio (``layout_contrast``), as a brand's are.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator

from lxml import etree
from pptx.oxml.ns import nsdecls
from pptx.presentation import Presentation
from pptx.slide import Slide, SlideLayout

from pcxl.access import checks, facts
from pcxl.deck import facts as deck_facts
from pcxl.deck.engine import tags
from pcxl.deck.engine.data import columns
from pcxl.deck.engine.fill import AFTER_RUN_FILL, FILLS, colour_cell, colour_shape, colour_text
from pcxl.deck.engine.lang import FIELD, STRUCTURE, parse_field
from pcxl.deck.engine.measure import AUTOFITS
from pcxl.deck.engine.plan import SlidePlan
from pcxl.deck.engine.render import box_of
from pcxl.deck.engine.tags import qn
from pcxl.declaration import Tracker

LANGUAGE = "en-GB"
_INSETS = {"lIns": "91440", "tIns": "45720", "rIns": "91440", "bIns": "45720"}
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_LN_SPC = qn("a:lnSpc")
_SINGLE_SPACING = etree.fromstring(f'<a:lnSpc {nsdecls("a")}><a:spcPct val="100000"/></a:lnSpc>')
_TEXT_FILL = etree.fromstring(f'<a:solidFill {nsdecls("a")}><a:schemeClr val="tx1"/></a:solidFill>')
_LATIN, _AFTER_LATIN = qn("a:latin"), AFTER_RUN_FILL[AFTER_RUN_FILL.index("a:latin") + 1:]
_AFTER_AUTOFIT = ("a:scene3d", "a:sp3d", "a:flatTx", "a:extLst")


_PLACEHOLDER = (qn("p:nvSpPr"), qn("p:nvPr"), qn("p:ph"))
_C_NV_PR = qn("p:cNvPr")
_BR, _CONTENT = qn("a:br"), frozenset(qn(t) for t in ("a:r", "a:br", "a:fld"))


def _placeholder(element: etree._Element) -> etree._Element | None:
    return deck_facts.at(element, _PLACEHOLDER)


def _title_placeholder(tree: etree._Element) -> etree._Element | None:
    for sp in tree.iterchildren(qn("p:sp")):
        ph = _placeholder(sp)
        if ph is not None and ph.get("type") in deck_facts.TITLE_TYPES:
            return sp
    return None


def _has_text(element: etree._Element) -> bool:
    """Whether the shape shows any text."""
    return any(t.text and t.text.strip() for t in element.iter(qn("a:t")))


def _name(element: etree._Element) -> str:
    found = next(element.iter(_C_NV_PR), None)
    return found.get("name", "") if found is not None else ""


def title_shape(tree: etree._Element) -> etree._Element | None:
    """The shape that is a slide's title: its title placeholder, else the text shape named
    "Title" (or "Title ..." as the engine's "(cont.)" finds it), else its top-most text shape
    (left-most of those level with it)."""
    placeholder = _title_placeholder(tree)
    if placeholder is not None:
        return placeholder
    free = [sp for sp in tree.iterchildren(qn("p:sp"))
            if _has_text(sp) and _placeholder(sp) is None]
    names = [_name(sp).strip().lower() for sp in free]
    for named in (lambda n: n == "title", lambda n: n.startswith("title")):
        found = next((sp for sp, name in zip(free, names, strict=True) if named(name)), None)
        if found is not None:
            return found
    return min(free, key=lambda sp: box_of(sp)[1::-1], default=None)


def text_defaults(prs: Presentation) -> etree._Element | None:
    style = prs.part._element.find(qn("p:defaultTextStyle"))
    return style.find(qn("a:lvl1pPr")) if style is not None else None


def _pin(sp: etree._Element, defaults: etree._Element | None) -> None:
    """Write on a text box what it inherited as a text box, so a title placeholder's own
    defaults (centred, 44 pt, the heading font, anchored in the middle) do not change it.
    Elements are made with lxml, in the schema's places (python-pptx parses a string for each)."""
    body = sp.find(qn("p:txBody"))
    body_pr = body.find(qn("a:bodyPr"))
    body_pr.set("anchor", body_pr.get("anchor", "t"))
    for inset, value in _INSETS.items():
        body_pr.set(inset, body_pr.get(inset, value))
    if not tags.children_among(body_pr, AUTOFITS):
        tags.place_before(body_pr, etree.Element(qn("a:noAutofit")), _AFTER_AUTOFIT)
    default_run = defaults.find(qn("a:defRPr")) if defaults is not None else None
    align = defaults.get("algn", "l") if defaults is not None else "l"
    for p in tags.paragraphs(body):
        p_pr = tags.first_child(p, "a:pPr")
        p_pr.set("algn", p_pr.get("algn", align))
        if p_pr.find(_LN_SPC) is None:
            p_pr.insert(0, copy.copy(_SINGLE_SPACING))
        for props in [*(tags.first_child(r, "a:rPr") for r in p.iterfind(qn("a:r"))),
                      p.find(qn("a:endParaRPr"))]:
            if props is not None:
                _pin_run(props, default_run)


def _pin_run(props: etree._Element, default: etree._Element | None) -> None:
    props.set("sz", props.get("sz", default.get("sz", "1800") if default is not None else "1800"))
    props.set("b", props.get("b", "0"))
    if not tags.children_among(props, FILLS):
        fill = default.find(qn("a:solidFill")) if default is not None else None
        tags.place_before(props, copy.deepcopy(_TEXT_FILL if fill is None else fill),
                          AFTER_RUN_FILL)
    if deck_facts.child(props, _LATIN) is None:
        tags.place_before(props, etree.Element(_LATIN, typeface="+mn-lt"), _AFTER_LATIN)


def as_title(sp: etree._Element, defaults: etree._Element | None) -> None:
    """Make the text box ``sp`` its slide's title placeholder, looking as it did (``defaults``:
    the presentation's default text, ``text_defaults``): its own position, insets and runs, and
    no outline from the placeholder it now inherits from (a shape's own style keeps its own)."""
    _pin(sp, defaults)
    nv = sp.find(qn("p:nvSpPr"))
    c_nv_sp_pr, nv_pr = nv.find(qn("p:cNvSpPr")), nv.find(qn("p:nvPr"))
    c_nv_sp_pr.attrib.pop("txBox", None)
    if c_nv_sp_pr.find(qn("a:spLocks")) is None:
        c_nv_sp_pr.insert(0, c_nv_sp_pr.makeelement(qn("a:spLocks"), {"noGrp": "1"}))
    nv_pr.insert(0, nv_pr.makeelement(qn("p:ph"), {"type": "title"}))
    sp_pr = sp.find(qn("p:spPr"))
    if sp_pr is not None and sp_pr.find(qn("a:ln")) is None and sp.find(qn("p:style")) is None:
        sp_pr.append(sp_pr.makeelement(qn("a:ln"), {}))
        sp_pr[-1].append(sp_pr.makeelement(qn("a:noFill"), {}))


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


def set_language(prs: Presentation, language: str = LANGUAGE) -> None:
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
                tags.place_before(level, default, ("a:extLst",))
            default.set("lang", language)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return (min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 0
            and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 0)


def _read_title_first(tree: etree._Element, title: etree._Element) -> None:
    """Move ``title`` before the shapes read ahead of it, unless one it passes overlaps it."""
    shapes = list(tree)[2:]
    passed = [e for e in shapes[:shapes.index(title)] if not deck_facts.decorative(e)]
    if passed and not any(_overlaps(box_of(e), box_of(title)) for e in passed):
        passed[0].addprevious(title)


def _shapes(tree: etree._Element) -> Iterable[etree._Element]:
    for element in list(tree)[2:]:
        if element.tag == qn("p:grpSp"):
            yield from _shapes(element)
        elif element.tag in (qn("p:sp"), qn("p:cxnSp")):
            yield element


def mark_decorative(tree: etree._Element) -> None:
    """Mark decorative each shape with no text and no alternative text (bands, rules)."""
    for element in _shapes(tree):
        c_nv_pr = next(element.iter(_C_NV_PR), None)
        if c_nv_pr is None or c_nv_pr.get("descr") or _has_text(element) or (
                deck_facts.decorative(element)):
            continue
        decorate(c_nv_pr)


def decorate(c_nv_pr: etree._Element) -> None:
    """Mark the shape of these non-visual properties decorative (screen readers skip it)."""
    mark = etree.SubElement(tags.first_child(c_nv_pr, "a:extLst", last=True), qn("a:ext"))
    mark.set("uri", DECORATIVE_URI)
    etree.SubElement(mark, deck_facts.DECORATIVE).set("val", "1")


def _readable(tree: etree._Element, defaults: etree._Element | None) -> etree._Element | None:
    """Mark, title and order one slide's shapes; its title (None: it has none)."""
    mark_decorative(tree)
    title = title_shape(tree)
    if title is None:
        return None
    if _placeholder(title) is None:
        as_title(title, defaults)
    _read_title_first(tree, title)
    return title


def title_text(title: etree._Element | None) -> str:
    """A title's text as python-pptx's ``text_frame.text`` reads it: its paragraphs' runs,
    fields and line breaks (a vertical tab), the paragraphs joined by newlines."""
    body = title.find(qn("p:txBody")) if title is not None else None
    return "" if body is None else "\n".join("".join(
        "\v" if c.tag == _BR else deck_facts.run_text(c) for c in p if c.tag in _CONTENT)
        for p in body.iterchildren(qn("a:p")))


def finish(prs: Presentation, slides: Iterable[Slide]) -> list[str]:
    """Title, order and mark each drawn slide, and set the deck's language (en-GB); each
    slide's title text (``title_text``: "" for a slide without one)."""
    defaults = text_defaults(prs)
    layouts, titles = set(), []
    for slide in slides:
        title = _readable(slide.shapes._spTree, defaults)
        titles.append(title_text(title))
        if title is not None and slide.slide_layout.part.partname not in layouts:
            layouts.add(slide.slide_layout.part.partname)
            ensure_title_placeholder(slide.slide_layout)
    set_language(prs)
    return titles


def layout_contrast(prs: Presentation, plans: list[SlidePlan], made: list[tuple[int, Slide]],
                    tracker: Tracker) -> list[str]:
    """Each text/fill pair of the drawn slides under its contrast, named once by the layout's
    slide and shape: "slide 2, shape 'Notes': #A5A5A5 on #FFFFFF is 2.5:1, needs 4.5:1".

    A layout's slide draws its own pairs on every slide drawn from it, so it is read once (its
    ``{% %}`` tags gone and its title made as ``finish`` makes it), then once for each colour
    a ``| fill`` field can give its box (its text then white or dark, as when filled). A slide
    with blocks is read as drawn, slide by slide: pcxl draws what they show. Run after drawing,
    with the brand applied: the layout's slides are changed (then dropped)."""
    found: dict[tuple[int, str, str], str] = {}
    masters: dict = {}
    drawn: dict[int, list[Slide]] = {}
    for number, slide in made:
        drawn.setdefault(number, []).append(slide)
    defaults = text_defaults(prs)
    for plan in (plan for plan in plans if plan.number in drawn):
        read = ((deck_facts.read_slide(s, masters, distinct=True) for s in drawn[plan.number])
                if plan.blocks else _layout_readings(plan.slide, tracker, defaults, masters))
        for shapes in read:
            deck = facts.Deck(None, (facts.Slide(plan.number, "", shapes),))
            for finding in checks.deck_contrast(deck):
                pair = finding.message.split(" (", 1)[0]
                found.setdefault((plan.number, finding.item, pair),
                                 f"{finding.where}, shape {finding.item!r}: {pair}")
    return list(found.values())


def _layout_readings(slide: Slide, tracker: Tracker, defaults: etree._Element | None,
                     masters: dict) -> Iterator[tuple[facts.Shape, ...]]:
    """The shapes of a layout's slide as drawn: once as they stand, then once for each colour
    of each ``| fill`` field's box."""
    tree = slide.shapes._spTree
    for text in tree.iter(qn("a:t")):
        text.text = STRUCTURE.sub("", text.text or "")
    _readable(tree, defaults)
    yield deck_facts.read_slide(slide, masters, distinct=True)
    for body in tree.iter(qn("p:txBody"), qn("a:txBody")):
        for colour in _fill_colours(body, tracker):
            colour_text(body, colour)
            (colour_cell if body.tag == qn("a:txBody") else colour_shape)(body.getparent(),
                                                                          colour)
            yield deck_facts.read_slide(slide, masters, distinct=True)


def _fill_colours(body: etree._Element, tracker: Tracker) -> list[str]:
    """The colours the ``| fill`` fields of a text body can give: their vocabularies' (a
    field's own sheet is not known here, so every sheet's field of that name)."""
    names = {f.name for p in tags.paragraphs(body) for m in FIELD.finditer(tags.text_of(p))
             for f in [parse_field(m.group(1), "")] if f.fill}
    vocabularies = {column.vocab for name in names for sheet in tracker.sheets
                    for column in [columns(tracker, sheet.name).get(name)] if column is not None}
    return sorted({tracker.vocabulary(v).colour(word) for v in vocabularies if v
                   for word in tracker.vocabulary(v).words} - {None})
