"""Lists inside a table row: paragraphs of a prototype row's cells that repeat per record.

In a table repeating per workstream, a cell may hold ``{% each Activities %}({{ letter }})
{{ activity }}``: the paragraph repeats once per activity of that row's workstream (joined as a
slide joins its sheets: the same column, or one that references the row's sheet). Paragraphs
``{% group by ... %}`` directly before it (one or several, nested) are headings printed once per
value; records with no value come first, under no heading. The row is then measured and split like
any other row.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from lxml import etree

from pcxl.dataset import Dataset
from pcxl.deck.engine import tags
from pcxl.deck.engine.data import Join, Scope, grouped, record_rows
from pcxl.deck.engine.fill import fill_paragraph
from pcxl.deck.engine.lang import STRUCTURE, Each, Group, parse_structure
from pcxl.deck.engine.tags import qn


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
