"""Paragraphs with real hanging bullets inside a table cell.

A cell's paragraphs are wrapped as drawn (``cell_paragraphs``): a bulleted one beside the
bullet's hanging indent, its first run the bullet mark, and a hard break after each paragraph.
The cell is drawn as one paragraph of runs; ``bulletise`` then turns it into one paragraph per
point, with a real bullet (``a:buChar``) where the point starts with the mark, so the receiver
edits a list, not a typed "o" or "-".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from lxml import etree
from pptx.oxml.ns import qn

from pcxl.deck import theme
from pcxl.deck.flow import BULLET, CELL
from pcxl.deck.layout import Line, Segment, Style, wrap_runs

BULLET_INDENT = 11.0  # the hanging indent of a bullet inside a table cell
# A list mark a team types at the start of a line: "o " / "O " / "- " / "– " / "* ", or a "•".
_MARK = re.compile(r"^\s*(?:[oO\-\u2013*]\s+|\u2022\s*)(\S.*)$")


def typed_paragraphs(value: str, style: Style = CELL) -> list[tuple[list[Segment], bool]]:
    """A cell's typed lines as ``(runs, bulleted)`` paragraphs: a line started with a list
    mark ("o", "O", "•", "-") is a bulleted paragraph without the mark."""
    out: list[tuple[list[Segment], bool]] = []
    for line in value.splitlines():
        if line.strip():
            marked = _MARK.match(line)
            out.append(([(marked.group(1) if marked else line.strip(), style)], bool(marked)))
    return out


def cell_paragraphs(items: Sequence[tuple[Sequence[Segment], bool]], width: float) -> list[Line]:
    """Each ``(runs, bulleted)`` paragraph wrapped to a cell ``width`` wide (a bulleted one
    beside the hanging indent), a hard break ending each."""
    out: list[Line] = []
    for runs, bulleted in items:
        inner = width - 2 * theme.CELL_MARGIN_X - (BULLET_INDENT if bulleted else 0.0)
        lines = wrap_runs(list(runs), inner)
        if not lines:
            continue
        if bulleted:
            lines[0] = Line(((BULLET, CELL), *lines[0].segments), lines[0].hard)
        lines[-1] = Line(lines[-1].segments, True)
        out += lines
    if out:
        out[-1] = Line(out[-1].segments, False)
    return out


def bulletise(cell, plain_indent: float = BULLET_INDENT) -> None:
    """Turn a drawn cell's lines into paragraphs with real hanging bullets.

    The cell was written as one paragraph of runs with a line break after each point; each
    point becomes its own paragraph, with a bullet where its first run is the bullet mark; a
    paragraph without the mark is indented ``plain_indent`` (a point continued from the slide
    before lines up with the text of the bullets above it).
    """
    body = cell._tc.txBody
    paragraphs = body.findall(qn("a:p"))
    if len(paragraphs) != 1:
        return
    p = paragraphs[0]
    p_pr = p.find(qn("a:pPr"))
    groups: list[list] = [[]]
    for child in list(p):
        if child.tag == qn("a:br"):
            groups.append([])
        elif child.tag == qn("a:r"):
            groups[-1].append(child)
    if not any(groups):
        return
    index = list(body).index(p)
    body.remove(p)
    for offset, runs in enumerate(g for g in groups if g):
        new = etree.Element(qn("a:p"))
        props = copy.deepcopy(p_pr) if p_pr is not None else etree.Element(qn("a:pPr"))
        new.append(props)
        mark = runs[0].find(qn("a:t"))
        if mark is not None and mark.text == BULLET:
            runs = runs[1:]
            props.set("marL", str(theme.emu(BULLET_INDENT)))
            props.set("indent", str(-theme.emu(BULLET_INDENT)))
            colour = etree.SubElement(props, qn("a:buClr"))
            etree.SubElement(colour, qn("a:srgbClr")).set("val", theme.resolve(theme.NHS_BLUE))
            etree.SubElement(props, qn("a:buFont")).set("typeface", theme.typeface())
            etree.SubElement(props, qn("a:buChar")).set("char", BULLET)
        else:
            props.set("marL", str(theme.emu(plain_indent)))
            props.set("indent", "0")
            etree.SubElement(props, qn("a:buNone"))
        for run in runs:
            new.append(run)
        body.insert(index + offset, new)
