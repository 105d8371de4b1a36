"""List marks: typed ones as real bullets, written ones in bold.

A field marked ``| bullets`` ("o Discussion ...", "• ...", "- ...") gives one paragraph per typed
line, a line started with a list mark a paragraph with a real hanging bullet (``a:buChar``) and
no mark, so the receiver edits a list, not a typed "o". A field's lines written as a list
(``| numbered``, ``| bulleted``) have their numbers and bullets in bold, as the seed sets them
(``bold_marks``).
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from pcxl.deck import theme
from pcxl.deck.engine import tags
from pcxl.deck.engine.tags import qn

INDENT = 11.0  # the bullet's hanging indent, in points
BULLET = "\u2022"
# A list mark a team types at the start of a line: "o " / "O " / "- " / "– " / "* ", or a "•".
_MARK = re.compile(r"^\s*(?:[oO\-\u2013*]\s+|\u2022\s*)(?=\S)")
_AFTER = ("a:tabLst", "a:defRPr", "a:extLst")  # what follows a bullet in ``a:pPr``
_WRITTEN = re.compile(r"^(?:\d+\.|[a-z]\)|\u2022) ")  # a mark ``lang.as_list`` writes


def _bullet(p: etree._Element) -> None:
    props = tags.first_child(p, "a:pPr")
    props.set("marL", str(theme.emu(INDENT)))
    props.set("indent", str(-theme.emu(INDENT)))
    for old in props.findall(qn("a:buNone")):
        props.remove(old)
    char = etree.Element(qn("a:buChar"))
    char.set("char", BULLET)
    tags.place_before(props, char, _AFTER)


def bullet_paragraphs(p: etree._Element) -> list[etree._Element]:
    """``p``'s typed lines as paragraphs (blank lines left out), each started with a list mark
    bulleted; ``[p]`` when it holds no text."""
    lines: list[list[etree._Element]] = [[]]
    for child in p:
        if child.tag == qn("a:br"):
            lines.append([])
        elif child.tag == qn("a:r"):
            lines[-1].append(child)
    props, end = p.find(qn("a:pPr")), p.find(qn("a:endParaRPr"))
    out = []
    for runs in lines:
        if not "".join(r.findtext(qn("a:t")) or "" for r in runs).strip():
            continue
        q = etree.Element(qn("a:p"))
        if props is not None:
            q.append(copy.deepcopy(props))
        q.extend(copy.deepcopy(r) for r in runs)
        first = next(r for r in tags.runs(q) if (r.findtext(qn("a:t")) or "").strip())
        written = first.findtext(qn("a:t")) or ""
        mark = _MARK.match(written)
        if mark:
            tags.set_text(first, written[mark.end():])
            _bullet(q)
        if end is not None:
            q.append(copy.deepcopy(end))
        out.append(q)
    return out or [p]


def bold_marks(p: etree._Element) -> None:
    """The numbers and bullets starting the lines of a filled paragraph, in bold (a run of
    their own, in the line's formatting)."""
    start = True
    for child in list(p):
        if child.tag != qn("a:r"):
            start = start or child.tag == qn("a:br")
            continue
        written = child.findtext(qn("a:t")) or ""
        mark = _WRITTEN.match(written) if start else None
        start = False
        if mark is None:
            continue
        bold = copy.deepcopy(child)
        tags.set_text(bold, mark.group(0))
        tags.first_child(bold, "a:rPr").set("b", "1")
        child.addprevious(bold)
        tags.set_text(child, written[mark.end():])
