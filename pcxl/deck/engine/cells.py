"""Lists inside a table row: paragraphs of a prototype row's cells that repeat per record.

In a table repeating per workstream, a cell may hold ``{% each Activities %}({{ letter }})
{{ activity }}``: the paragraph repeats once per activity of that row's workstream (joined as a
slide joins its sheets: the same column, or one that references the row's sheet). Paragraphs
``{% group by ... %}`` directly before it (one or several, nested) are headings printed once per
value; records with no value come first, under no heading. The row is then measured and split like
any other row.

A field's lines written as a list (``| numbered``, ``| bulleted``) have their numbers and bullets
in bold, as the seed sets them (``bold_marks``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from pcxl.dataset import Dataset
from pcxl.deck.engine import tags
from pcxl.deck.engine.data import Join, Scope, grouped, record_rows
from pcxl.deck.engine.fill import fill_paragraph
from pcxl.deck.engine.lang import STRUCTURE, Each, Group, parse_structure
from pcxl.deck.engine.tags import qn

_LISTED = re.compile(r"\|\s*(?:numbered|bulleted)\s*(?:\||\}\})")
_MARK = re.compile(r"^(?:\d+\.|[a-z]\)|\u2022) ")
_T = qn("a:t")


def repeats(p: etree._Element) -> Each | Group | None:
    """The repeat a cell paragraph starts with, if any."""
    for match in STRUCTURE.finditer(tags.text_of(p)):
        found = parse_structure(match.group(1), "")
        if isinstance(found, Each | Group):
            return found
    return None


def cell_lists(row: etree._Element) -> Iterator[tuple[etree._Element, list[etree._Element],
                                                     list[Each | Group | None]]]:
    """Each text body of a prototype row, its paragraphs and the repeat each starts with; the
    row's own ``{% each %}`` (its first tag) is the row's, not a list's."""
    own = True
    for body in row.iter(qn("a:txBody")):
        paras = tags.paragraphs(body)
        found = [repeats(p) for p in paras]
        if own and any(found):
            found[next(i for i, f in enumerate(found) if f)] = None
            own = False
        yield body, paras, found


def record_join(dataset: Dataset, sheet: str, scope: Scope, outer: Join) -> Join:
    """How the row's record joins the sheets of its cells: its region and every column another
    sheet references."""
    referenced = {c.references[1] for s in dataset.tracker.sheets for c in s.columns
                  if c.references and c.references[0] == sheet}
    return outer | {k: scope[k].value for k in referenced | {"region"} if k in scope}


def expand_row(row: etree._Element, own: Each, scope: Scope, join: Join,
               dataset: Dataset) -> etree._Element:
    """A copy of the prototype ``row`` with its cells' repeating paragraphs expanded for the
    record ``scope`` (the row's own ``{% each %}`` is left for the row)."""
    copied = copy.deepcopy(row)
    inner = record_join(dataset, own.sheet, scope, join)
    for body, paras, found in cell_lists(copied):
        i = 0
        while i < len(paras):
            if found[i] is None:
                i += 1
                continue
            end = i
            while isinstance(found[end], Group) and end + 1 < len(paras) and found[end + 1]:
                end += 1
            each = found[end]
            assert isinstance(each, Each)  # plan.check_cell has made sure
            groups = [g.keys for g in found[i:end] if isinstance(g, Group)]
            rows = record_rows(dataset, each, inner)
            for depth, filled in grouped(dataset, each, groups, rows, scope):
                made = copy.deepcopy(paras[i + depth])
                if fill_paragraph(made, filled, dataset.tracker).keep:
                    paras[i].addprevious(made)
            for p in paras[i:end + 1]:
                body.remove(p)
            i = end + 1
    return copied


def listed(element: etree._Element) -> bool:
    """Whether an unfilled shape or cell holds a ``| numbered`` or ``| bulleted`` field."""
    return any("|" in (t.text or "") and _LISTED.search(t.text) for t in element.iter(_T))


def bold_marks(body: etree._Element) -> None:
    """The numbers and bullets starting the lines of a filled text body, in bold (a run of
    their own, in the line's formatting)."""
    for p in body.iter(qn("a:p")):
        start = True
        for child in list(p):
            if child.tag != qn("a:r"):
                start = start or child.tag == qn("a:br")
                continue
            written = child.findtext(qn("a:t")) or ""
            mark = _MARK.match(written) if start else None
            start = False
            if mark is None:
                continue
            bold = copy.deepcopy(child)
            tags.set_text(bold, mark.group(0))
            props = bold.find(qn("a:rPr"))
            if props is None:
                props = etree.Element(qn("a:rPr"))
                bold.insert(0, props)
            props.set("b", "1")
            child.addprevious(bold)
            tags.set_text(child, written[mark.end():])
