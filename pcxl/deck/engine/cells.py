"""Lists inside a table cell: paragraphs of a prototype row's cells that repeat per record.

In the prototype row of ``{% each Schemes %}``, a cell paragraph starting ``{% each Updates %}``
is drawn once per update of that row's scheme (a sheet joins to the row's record by a column that
references it, ``references: Schemes.ref``, and by region), bullet and formatting kept; a
paragraph ``{% group by kind %}`` directly before it is a heading printed once per value that
has records. The row is then measured, paginated and split as any other.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from lxml import etree

from pcxl.dataset import Dataset
from pcxl.deck.engine import tags
from pcxl.deck.engine.data import (
    Join,
    Scope,
    group_scope,
    group_values,
    in_group,
    record_scope,
    records,
    scopes,
)
from pcxl.deck.engine.fill import ensure_paragraph, fill_paragraph
from pcxl.deck.engine.lang import STRUCTURE, Each, Group, parse_structure
from pcxl.deck.engine.tags import qn


def repeat_of(p: etree._Element) -> Each | Group | None:
    """The ``{% each %}`` or ``{% group by %}`` a paragraph starts with, if any."""
    for match in STRUCTURE.finditer(tags.text_of(p)):
        found = parse_structure(match.group(1), "")
        if isinstance(found, Each | Group):
            return found
    return None


def record_join(dataset: Dataset, sheet: str, scope: Scope, join: Join) -> Join:
    """The slide's join narrowed to one record of ``sheet``: its region and every column that
    another sheet references."""
    referenced = {c.references[1] for s in dataset.tracker.sheets for c in s.columns
                  if c.references and c.references[0] == sheet}
    narrowed = dict(join)
    for key in referenced | {"region"}:
        if key in scope:
            narrowed[key] = scope[key].value
    return narrowed


def _filled(p: etree._Element, scope: Scope, dataset: Dataset) -> Iterator[etree._Element]:
    copied = copy.deepcopy(p)
    if fill_paragraph(copied, scope, dataset.tracker).keep:
        yield copied


def _expand(paras: list[etree._Element], scope: Scope, join: Join,
            dataset: Dataset) -> Iterator[etree._Element]:
    i = 0
    while i < len(paras):
        repeat = repeat_of(paras[i])
        following = repeat_of(paras[i + 1]) if i + 1 < len(paras) else None
        if isinstance(repeat, Group) and isinstance(following, Each):
            frame = records(dataset, following, join)
            sheet = dataset.tracker.sheet(following.sheet)
            for values in group_values(dataset.tracker, following.sheet, frame, repeat.keys):
                inner = group_scope(dataset, following.sheet, repeat.keys, values, scope)
                yield from _filled(paras[i], inner, dataset)
                for _, row in in_group(frame, repeat.keys, values).iterrows():
                    yield from _filled(paras[i + 1], {**inner, **record_scope(sheet, row)},
                                       dataset)
            i += 2
            continue
        if isinstance(repeat, Each):
            for record in scopes(dataset, repeat, join, scope):
                yield from _filled(paras[i], record, dataset)
        else:
            yield paras[i]
        i += 1


def expand_cells(row: etree._Element, sheet: str, scope: Scope, join: Join,
                 dataset: Dataset) -> None:
    """Repeat, in place, the cell paragraphs of a filled prototype row's copy that repeat per
    record of another sheet (the row's own ``{% each %}`` paragraph is left as it is)."""
    inner = record_join(dataset, sheet, scope, join)
    own = True  # the first repeat of the row is the row's own
    for tc in row.findall(qn("a:tc")):
        body = tc.find(qn("a:txBody"))
        if body is None:
            continue
        paras = body.findall(qn("a:p"))
        marks = [repeat_of(p) is not None for p in paras]
        if own and any(marks):
            own = False
            if sum(marks) == 1:
                continue
            paras_rest = paras[marks.index(True) + 1:]
            kept = paras[:marks.index(True) + 1]
        else:
            if not any(marks):
                continue
            paras_rest, kept = paras, []
        props = body.find(f"{qn('a:p')}/{qn('a:r')}/{qn('a:rPr')}")
        for p in paras:
            body.remove(p)
        body.extend(kept + list(_expand(paras_rest, scope, inner, dataset)))
        ensure_paragraph(body, props.get("sz") if props is not None else None)
