"""Measure filled paragraphs, table rows and text boxes with the layout's own fonts.

The heights come from ``pcxl.deck.layout`` (real font metrics, exact line pitch). So that what is
measured is what PowerPoint and Impress draw, every paragraph the engine writes gets an exact
line spacing and every flowing box ``noAutofit``; insets and cell margins are read from the XML
(or PowerPoint's defaults).
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from pcxl.deck import layout, theme
from pcxl.deck.engine import tags
from pcxl.deck.engine.tags import qn, run_text
from pcxl.deck.facts import child

DEFAULT_SIZE = 18.0  # PowerPoint's size for text that sets none
_EMU = theme.EMU_PER_POINT
_INSETS = {"lIns": 7.2, "rIns": 7.2, "tIns": 3.6, "bIns": 3.6}
_MARGINS = {"marL": 7.2, "marR": 7.2, "marT": 3.6, "marB": 3.6}
AUTOFITS = ("a:noAutofit", "a:normAutofit", "a:spAutoFit")
_R, _BR, _RPR = qn("a:r"), qn("a:br"), qn("a:rPr")
_P_PR, _END, _DEF_RPR, _TC, _TC_PR = (qn("a:pPr"), qn("a:endParaRPr"), qn("a:defRPr"), qn("a:tc"),
                                      qn("a:tcPr"))


def _default_size(p: etree._Element) -> float:
    for holder in (child(p, _P_PR), child(p, _END)):
        if holder is None:
            continue
        node = holder if holder.get("sz") else child(holder, _DEF_RPR)
        if node is not None and node.get("sz"):
            return int(node.get("sz")) / 100
    body = p.getparent()
    lvl = body.find(f"{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}") if (
        body is not None) else None
    return int(lvl.get("sz")) / 100 if lvl is not None and lvl.get("sz") else DEFAULT_SIZE


def _style_of(props: etree._Element | None, size: float) -> layout.Style:
    if props is None:
        return _style(size, False, False)
    sz = props.get("sz")
    return _style(int(sz) / 100 if sz else size, props.get("b") in ("1", "true"),
                  props.get("i") in ("1", "true"))


@lru_cache(maxsize=256)
def _style(size: float, bold: bool, italic: bool) -> layout.Style:
    """A style, made once for each size and weight (every run of every paragraph has one)."""
    return layout.Style(size, bold=bold, italic=italic)


def segments(p: etree._Element, text: bool = True) -> list[layout.Segment]:
    """Each run and line break of ``p`` with its style (``text``: with its text, else "")."""
    size: float | None = None  # the paragraph's default, looked up only for a run without one
    found: list[layout.Segment] = []
    for node in p:
        tag = node.tag
        if tag != _R and tag != _BR:
            continue
        props = child(node, _RPR)
        if size is None and (props is None or not props.get("sz")):
            size = _default_size(p)
        style = _style_of(props, size or DEFAULT_SIZE)
        found.append(((run_text(node) if tag == _R else "\n") if text else "", style))
    return found


def pitch(p: etree._Element, found: list[layout.Segment] | None = None) -> float:
    """The paragraph's line pitch: its largest run's size times the deck's line spacing
    (``found``: its segments, when already read)."""
    sizes = [s.size for _, s in (segments(p, text=False) if found is None else found)]
    return max(sizes or [_default_size(p)]) * theme.LINE_SPACING


_LN_SPC, _SPC_BEF, _SPC_PTS = qn("a:lnSpc"), qn("a:spcBef"), qn("a:spcPts")


def space_before(p: etree._Element) -> float:
    node = child(p, _P_PR)
    for tag in (_SPC_BEF, _SPC_PTS):
        node = child(node, tag) if node is not None else None
    return int(node.get("val")) / 100 if node is not None else 0.0


def indent(p: etree._Element) -> float:
    props = child(p, _P_PR)
    return int(props.get("marL", 0)) / _EMU if props is not None else 0.0


def para_height(p: etree._Element, width: float, exact: bool = False) -> float:
    """The height of a paragraph in a column ``width`` points wide (inside the insets);
    ``exact``: and give ``p`` the line pitch it is measured with (its runs read once)."""
    found = segments(p)
    line = pitch(p, found)
    if exact:
        exact_spacing(p, line)
    lines = layout.wrap_runs(found or [("", layout.Style(_default_size(p)))], width - indent(p))
    return space_before(p) + len(lines) * line


def exact_spacing(p: etree._Element, line: float | None = None) -> None:
    """Give ``p`` the exact line pitch it is measured with (``line``, when already known)."""
    props = tags.first_child(p, "a:pPr")
    for old in list(props.iterchildren(_LN_SPC)):
        props.remove(old)
    props.insert(0, _spacing(round((pitch(p) if line is None else line) * 100)).__copy__())


@lru_cache(maxsize=64)
def _spacing(hundredths: int) -> etree._Element:
    """A line spacing of exactly ``hundredths`` of a point: made once, then copied (a new
    element costs a document of its own, a copy half as much)."""
    spacing = etree.Element(_LN_SPC)
    etree.SubElement(spacing, _SPC_PTS).set("val", str(hundredths))
    return spacing


def _points(element: etree._Element | None, defaults: dict[str, float]) -> dict[str, float]:
    """The insets or margins ``element`` sets, in points, else PowerPoint's ``defaults``."""
    get = element.get if element is not None else (lambda _k: None)
    return {k: int(get(k)) / _EMU if get(k) else v for k, v in defaults.items()}


def box_insets(body_pr: etree._Element | None) -> dict[str, float]:
    return _points(body_pr, _INSETS)


def no_autofit(body_pr: etree._Element) -> None:
    """Text stays the size it was measured at: no shrinking, no growing box."""
    for old in tags.children_among(body_pr, AUTOFITS):
        body_pr.remove(old)
    body_pr.append(etree.Element(qn("a:noAutofit")))


def cell_margins(tc: etree._Element) -> dict[str, float]:
    return _points(child(tc, _TC_PR), _MARGINS)


def row_height(tr: etree._Element, widths: list[float], exact: bool = False) -> float:
    """A table row's height: its tallest cell (a merged cell as wide as the columns it spans),
    at least the height the layout gave the row; ``exact``: and every paragraph given the line
    pitch it is measured with (a filled row's)."""
    tallest = 0.0
    column = 0
    for tc in tr.iterchildren(_TC):
        span = int(tc.get("gridSpan", 1))
        width = sum(widths[column:column + span])
        column += span
        if tc.get("hMerge") in ("1", "true") or tc.get("vMerge") in ("1", "true"):
            for p in tags.paragraphs(tc) if exact else ():
                exact_spacing(p)
            continue
        m = cell_margins(tc)
        inner = width - m["marL"] - m["marR"]
        body = sum(para_height(p, inner, exact) for p in tags.paragraphs(tc))
        tallest = max(tallest, body + m["marT"] + m["marB"])
    return max(tallest, int(tr.get("h", 0)) / _EMU)
