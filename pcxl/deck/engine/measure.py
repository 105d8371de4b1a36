"""Measure filled paragraphs, table rows and text boxes with the layout's own fonts.

The heights come from ``pcxl.deck.layout`` (real font metrics, exact line pitch). So that what is
measured is what PowerPoint and Impress draw, every paragraph the engine writes gets an exact
line spacing and every flowing box ``noAutofit``; insets and cell margins are read from the XML
(or PowerPoint's defaults).
"""

from __future__ import annotations

from lxml import etree

from pcxl.deck import layout, theme
from pcxl.deck.engine import tags
from pcxl.deck.engine.tags import qn

DEFAULT_SIZE = 18.0  # PowerPoint's size for text that sets none
_EMU = theme.EMU_PER_POINT
_INSETS = {"lIns": 7.2, "rIns": 7.2, "tIns": 3.6, "bIns": 3.6}
_MARGINS = {"marL": 7.2, "marR": 7.2, "marT": 3.6, "marB": 3.6}
_R, _BR, _T, _RPR = qn("a:r"), qn("a:br"), qn("a:t"), qn("a:rPr")


def _default_size(p: etree._Element) -> float:
    for holder in (p.find(qn("a:pPr")), p.find(qn("a:endParaRPr"))):
        if holder is None:
            continue
        node = holder if holder.get("sz") else holder.find(qn("a:defRPr"))
        if node is not None and node.get("sz"):
            return int(node.get("sz")) / 100
    body = p.getparent()
    lvl = body.find(f"{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}") if (
        body is not None) else None
    return int(lvl.get("sz")) / 100 if lvl is not None and lvl.get("sz") else DEFAULT_SIZE


def style_of(run: etree._Element, size: float) -> layout.Style:
    props = run.find(_RPR)
    get = props.get if props is not None else (lambda _k, _d=None: None)
    return layout.Style(int(get("sz")) / 100 if get("sz") else size, bold=get("b") in ("1", "true"),
                        italic=get("i") in ("1", "true"))


def segments(p: etree._Element) -> list[layout.Segment]:
    size: float | None = None  # the paragraph's default, looked up only for a run without one
    found: list[layout.Segment] = []
    for child in p:
        if child.tag not in (_R, _BR):
            continue
        props = child.find(_RPR)
        if size is None and (props is None or not props.get("sz")):
            size = _default_size(p)
        style = style_of(child, size or DEFAULT_SIZE)
        found.append((child.findtext(_T) or "" if child.tag == _R else "\n", style))
    return found


def pitch(p: etree._Element, found: list[layout.Segment] | None = None) -> float:
    """The paragraph's line pitch: its largest run's size times the deck's line spacing
    (``found``: its segments, when already read)."""
    sizes = _sizes(p) if found is None else [s.size for _, s in found]
    return max(sizes or [_default_size(p)]) * theme.LINE_SPACING


def _sizes(p: etree._Element) -> list[float]:
    """The size of each run and line break of ``p`` (``segments`` without their text)."""
    default: float | None = None
    sizes = []
    for child in p:
        if child.tag not in (_R, _BR):
            continue
        props = child.find(_RPR)
        size = props.get("sz") if props is not None else None
        if size:
            sizes.append(int(size) / 100)
            continue
        if default is None:
            default = _default_size(p)
        sizes.append(default)
    return sizes


def space_before(p: etree._Element) -> float:
    node = p.find(f"{qn('a:pPr')}/{qn('a:spcBef')}/{qn('a:spcPts')}")
    return int(node.get("val")) / 100 if node is not None else 0.0


def indent(p: etree._Element) -> float:
    props = p.find(qn("a:pPr"))
    return int(props.get("marL", 0)) / _EMU if props is not None else 0.0


def para_height(p: etree._Element, width: float) -> float:
    """The height of a paragraph in a column ``width`` points wide (inside the insets)."""
    found = segments(p)
    lines = layout.wrap_runs(found or [("", layout.Style(_default_size(p)))], width - indent(p))
    return space_before(p) + len(lines) * pitch(p, found)


def exact_spacing(p: etree._Element) -> None:
    """Give ``p`` the exact line pitch it was measured with."""
    props = p.find(qn("a:pPr"))
    if props is None:
        props = etree.Element(qn("a:pPr"))
        p.insert(0, props)
    for old in props.findall(qn("a:lnSpc")):
        props.remove(old)
    spacing = etree.Element(qn("a:lnSpc"))
    etree.SubElement(spacing, qn("a:spcPts")).set("val", str(round(pitch(p) * 100)))
    props.insert(0, spacing)


def box_insets(body_pr: etree._Element | None) -> dict[str, float]:
    get = body_pr.get if body_pr is not None else (lambda _k: None)
    return {k: int(get(k)) / _EMU if get(k) else v for k, v in _INSETS.items()}


def no_autofit(body_pr: etree._Element) -> None:
    """Text stays the size it was measured at: no shrinking, no growing box."""
    for tag in ("a:normAutofit", "a:spAutoFit", "a:noAutofit"):
        for old in body_pr.findall(qn(tag)):
            body_pr.remove(old)
    body_pr.append(etree.Element(qn("a:noAutofit")))


def cell_margins(tc: etree._Element) -> dict[str, float]:
    props = tc.find(qn("a:tcPr"))
    get = props.get if props is not None else (lambda _k: None)
    return {k: int(get(k)) / _EMU if get(k) else v for k, v in _MARGINS.items()}


def row_height(tr: etree._Element, widths: list[float]) -> float:
    """A table row's height: its tallest cell (a merged cell as wide as the columns it spans),
    at least the height the layout gave the row."""
    tallest = 0.0
    column = 0
    for tc in tr.findall(qn("a:tc")):
        span = int(tc.get("gridSpan", 1))
        width = sum(widths[column:column + span])
        column += span
        if tc.get("hMerge") in ("1", "true") or tc.get("vMerge") in ("1", "true"):
            continue
        m = cell_margins(tc)
        inner = width - m["marL"] - m["marR"]
        body = sum(para_height(p, inner) for p in tags.paragraphs(tc))
        tallest = max(tallest, body + m["marT"] + m["marB"])
    return max(tallest, int(tr.get("h", 0)) / _EMU)
