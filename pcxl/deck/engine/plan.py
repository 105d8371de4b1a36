"""Read a layout .pptx into a plan and check it against the tracker, before any data is read.

Each slide of the layout is a prototype. Its plan says how many slides it gives (its ``{% slide
%}`` rules, typed on the slide or in its notes), which tables and text boxes repeat rows and
paragraphs, which charts count records, which shapes are named blocks, and every field. A field
the tracker does not declare, a table using a sheet's fields with no prototype row, a block that
does not exist: one ``LayoutError`` naming the slide and the shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree
from pptx.slide import Slide

from pcxl.deck.engine import cells, tags
from pcxl.deck.engine.data import BUILT_INS, columns, group_fields, named_colour
from pcxl.deck.engine.lang import (
    FIELD,
    STRUCTURE,
    Chart,
    Each,
    Field,
    FirstSlide,
    Group,
    IfNone,
    LayoutError,
    SlideRule,
    is_date_format,
    parse_chart,
    parse_field,
    parse_structure,
)
from pcxl.deck.engine.tags import qn
from pcxl.declaration import Tracker

BLOCK = "block:"
CHART = "chart:"


@dataclass
class Para:
    """A paragraph of a flowing text box: its element, the tag that repeats it, if any, and
    the records whose absence it reports (``{% if no %}``), if any."""

    element: etree._Element
    repeat: Each | Group | None = None
    if_none: Each | None = None


@dataclass
class Flow:
    """A table (rows) or text box (paragraphs) that repeats and continues on later slides."""

    index: int  # the shape's position in the slide's shape tree
    kind: str  # "table", "columns" (a table whose column repeats) or "box"
    each: Each | None = None
    proto_row: int = -1  # (a repeated column's: the row holding its tag, ending the header)
    proto_col: int = -1  # the grid column of a table's ``{% each column %}``
    group: Group | None = None  # a table's group row, directly above its prototype row
    paras: list[Para] = field(default_factory=list)


@dataclass
class SlidePlan:
    number: int
    slide: Slide
    rules: list[SlideRule] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    charts: dict[int, Chart] = field(default_factory=dict)
    blocks: dict[int, str] = field(default_factory=dict)
    has_cont: bool = False
    first_only: set[int] = field(default_factory=set)  # shapes on the run's first slide only


def shape_name(element: etree._Element) -> str:
    nv = element.find(".//" + qn("p:cNvPr"))
    return nv.get("name", "") if nv is not None else ""


def _structures(p: etree._Element, where: str, *, cell: bool = False) -> list:
    """The tags of ``p``: ``{% each column %}`` only in a table's ``cell``."""
    found = [parse_structure(m.group(1), where) for m in STRUCTURE.finditer(tags.text_of(p))]
    if not cell and any(_is_column(s) for s in found):
        raise LayoutError(f"{where}: {{% each column %}} stands in a table's cell: the cell's "
                          "column repeats per record")
    return found


def _fields(p: etree._Element, where: str) -> list[Field]:
    return [parse_field(m.group(1), where) for m in FIELD.finditer(tags.text_of(p))]


def plan_slide(number: int, slide: Slide) -> SlidePlan:
    """The plan of one prototype slide (tags joined in place; fields parsed, not yet checked)."""
    plan = SlidePlan(number, slide)
    notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
    for p in tags.paragraphs(notes._txBody) if notes is not None else ():
        tags.join(p)
        plan.rules += [s for s in _structures(p, f"slide {number} notes")
                       if isinstance(s, SlideRule)]
    for index, element in enumerate(slide.shapes._spTree.iterchildren()):
        name = shape_name(element)
        where = f"slide {number}, shape {name!r}"
        if name.strip().lower().startswith(BLOCK):
            plan.blocks[index] = name.split(":", 1)[1].strip()
            continue
        is_chart = element.find(".//" + qn("c:chart")) is not None
        if name.strip().lower().startswith(CHART) and is_chart:
            plan.charts[index] = parse_chart(name, where)
            continue
        table = element.find(".//" + qn("a:tbl"))
        flow = Flow(index, "table" if table is not None else "box")
        group_row = -1
        for row_no, row in enumerate(table.findall(qn("a:tr")) if table is not None else ()):
            for p, col_no in ((p, n) for n, tc in enumerate(row.findall(qn("a:tc")))
                              for p in tags.paragraphs(tc)):
                tags.join(p)
                for s in _structures(p, where, cell=True):
                    if flow.kind == "columns" or (isinstance(s, Each) and s.column):
                        _column_tag(flow, s, row_no, col_no, where)
                        continue
                    if flow.each is not None and row_no == flow.proto_row:
                        continue  # a list inside a cell of the prototype row (cells.py)
                    if isinstance(s, Group) and flow.group is None:
                        flow.group, group_row = s, row_no
                    elif not isinstance(s, Each) or flow.each is not None:
                        raise LayoutError(f"{where}: a table takes one prototype row "
                                          "({% each Sheet %}) and one group row above it")
                    else:
                        flow.each, flow.proto_row = s, row_no
        if flow.group is not None and group_row != flow.proto_row - 1:
            raise LayoutError(f"{where}: the {{% group by %}} row must stand directly above the "
                              "{% each Sheet %} row")
        for p in tags.paragraphs(element) if table is None else ():
            tags.join(p)
            found = _structures(p, where)
            plan.rules += [s for s in found if isinstance(s, SlideRule)]
            if any(isinstance(s, FirstSlide) for s in found):
                plan.first_only.add(index)
            repeat = next((s for s in found if isinstance(s, Each | Group)), None)
            if_none = next((s.each for s in found if isinstance(s, IfNone)), None)
            flow.paras.append(Para(p, repeat, if_none))
            if repeat is not None:
                flow.each = flow.each or (repeat if isinstance(repeat, Each) else None)
        plan.has_cont |= any(f.name == "cont" for p in tags.paragraphs(element)
                             for f in _fields(p, where))
        if flow.each is not None:
            plan.flows.append(flow)
    return plan


def _is_column(s: object) -> bool:
    """Whether a tag repeats a table column (``each column``), wherever it stands."""
    each = s.each if isinstance(s, SlideRule | IfNone) else s
    return isinstance(each, Each) and each.column


def _column_tag(flow: Flow, s: object, row_no: int, col_no: int, where: str) -> None:
    """Take a table's ``{% each column %}``: one a table, and no other repeat beside it."""
    if flow.kind == "columns" or flow.each or flow.group or not isinstance(s, Each):
        raise LayoutError(f"{where}: a table repeats its rows or one column "
                          "({% each column Sheet %}), not both, and holds no other repeat")
    flow.kind, flow.each, flow.proto_row, flow.proto_col = "columns", s, row_no, col_no


# --- Checking against the declaration ----------------------------------------------------------


def _check_each(tracker: Tracker, each: Each, where: str,
                also: Iterable[str | None] = ()) -> dict:
    """The fields of ``each``'s sheet, once its conditions, sort, ``per`` and the keys ``also``
    (a rule's, a chart's, a group's) are found among them."""
    names = [s.name for s in tracker.sheets]
    if each.sheet not in names:
        raise LayoutError(f"{where}: {each.sheet!r} is not a sheet of {tracker.name!r} "
                          f"({', '.join(names)})")
    known = columns(tracker, each.sheet)
    for key in (c.key for c in each.where if "." in c.key):
        name, field = key.split(".", 1)
        column = known.get(name)
        if column is None or not column.references:
            raise LayoutError(f"{where}: {key!r}: {name!r} is not a column of {each.sheet} that "
                              "references another sheet")
        target = columns(tracker, column.references[0])
        if field not in target:
            raise LayoutError(f"{where}: {key!r}: {field!r} is not a column of "
                              f"{column.references[0]} ({', '.join(target)})")
    keys = [c.key for c in each.where if "." not in c.key] + [k for k, _ in each.sort]
    for key in [*keys, each.per, *also]:
        if key and key not in known:
            raise LayoutError(f"{where}: {key!r} is not a column of {each.sheet} "
                              f"({', '.join(known)})")
    return known


def _check_fields(tracker: Tracker, fields: Iterable[Field], scope: dict, where: str,
                  sheet_fields: set[str], in_table: bool) -> None:
    for item in fields:
        column = scope.get(item.name, "missing")
        if column == "missing":
            if in_table and item.name in sheet_fields:
                raise LayoutError(f"{where}: the table uses {{{{ {item.name} }}}} of a sheet but "
                                  "has no prototype row (type {% each Sheet %} in its first cell)")
            raise LayoutError(f"{where}: {{{{ {item.name} }}}} is not a field here; fields: "
                              f"{', '.join(sorted(scope))}")
        if item.note and item.note not in scope:
            raise LayoutError(f"{where}: {{{{ {item.name} | with {item.note} }}}}: {item.note} "
                              f"is not a field here; fields: {', '.join(sorted(scope))}")
        if item.fill and not item.steps and (column is None or not column.vocab):
            raise LayoutError(f"{where}: {{{{ {item.name} | fill }}}}: {item.name} has no "
                              "vocabulary, so no colour")
        for _, name in item.steps:
            if named_colour(tracker, name) is None:
                raise LayoutError(f"{where}: {{{{ {item.name} | fill ... }}}}: {name!r} is not a "
                                  "colour (a vocabulary's word or colour, or #RRGGBB)")
        if item.format and is_date_format(item.format) and column is not None and (
                not column.is_date):
            raise LayoutError(f"{where}: {{{{ {item.name} | {item.format} }}}}: {item.name} is "
                              "not a date")


def check(tracker: Tracker, plans: list[SlidePlan], blocks: Iterable[str]) -> None:
    """Raise ``LayoutError`` for the first thing in the layout the tracker cannot fill."""
    every = {k for s in tracker.sheets for k in columns(tracker, s.name)}
    base = {k: None for k in BUILT_INS} | {c.key: c for c in tracker.about}
    blocks = set(blocks)
    for plan in plans:
        slide_scope = dict(base)
        if sum(rule.kind == "per" for rule in plan.rules) > 1:
            raise LayoutError(f"slide {plan.number}: a slide takes one {{% slide per %}} rule")
        for rule in plan.rules:
            known = _check_each(tracker, rule.each, f"slide {plan.number}", rule.keys)
            if rule.kind == "per":
                slide_scope |= known
        flows = {f.index: f for f in plan.flows}
        for index, element in enumerate(plan.slide.shapes._spTree.iterchildren()):
            where = f"slide {plan.number}, shape {shape_name(element)!r}"
            if index in plan.blocks and plan.blocks[index] not in blocks:
                raise LayoutError(f"{where}: there is no block {plan.blocks[index]!r} (blocks: "
                                  f"{', '.join(sorted(blocks))})")
            if index in plan.charts:
                chart = plan.charts[index]
                _check_each(tracker, chart.each, where, (chart.category, chart.series))
                continue
            flow = flows.get(index)
            grouping = flow.group.keys if flow and flow.group else ()
            record = _check_each(tracker, flow.each, where, grouping) if flow else {}
            if element.find(".//" + qn("a:tbl")) is not None:
                # a repeated column's cells read its sheet's fields; a prototype row's cells
                # hold lists, each reading its own sheet's
                column = flow.proto_col if flow and flow.kind == "columns" else None
                for row_no, row in enumerate(element.iter(qn("a:tr"))):
                    if flow and column is None and row_no == flow.proto_row:
                        for _, paras, found in cells.cell_lists(row):
                            _check_paras(tracker, paras, found, slide_scope | record, where,
                                         every, in_table=True)
                        continue
                    heading = grouping and row_no == flow.proto_row - 1  # a group row's fields
                    scope = slide_scope | (group_fields(tracker, flow.each.sheet, grouping)
                                           if heading else {})
                    for col_no, tc in enumerate(row.findall(qn("a:tc"))):
                        fields = [f for p in tags.paragraphs(tc) for f in _fields(p, where)]
                        _check_fields(tracker, fields, scope | (record if col_no == column else {}),
                                      where, every, in_table=column is None)
                continue
            paras = tags.paragraphs(element)
            for s in (s for p in paras for s in _structures(p, where)):
                if isinstance(s, IfNone) and flow is None:
                    raise LayoutError(f"{where}: {{% if no %}} stands in a text box with "
                                      "repeating paragraphs ({% each Sheet %})")
                if isinstance(s, IfNone):
                    _check_each(tracker, s.each, where)
            _check_paras(tracker, paras, [cells.repeats(p) for p in paras], slide_scope, where,
                         every, in_table=False)


def _check_paras(tracker: Tracker, paras: list[etree._Element], found: list, scope: dict,
                 where: str, every: set[str], *, in_table: bool) -> None:
    """Check paragraphs that may repeat (``found``: the repeat each holds): an ``{% each %}``
    paragraph reads its sheet's fields, and a ``{% group by %}`` heading, directly before it
    (in a table's cell, other headings between), the group's."""
    for n, (p, repeat) in enumerate(zip(paras, found, strict=True)):
        inner = scope
        if repeat is not None:
            each = next((f for f in found[n:] if not isinstance(f, Group)), None)
            if not isinstance(each, Each) or (not in_table and found.index(each, n) > n + 1):
                raise LayoutError(f"{where}: {{% group by %}} must stand directly before an "
                                  "{% each Sheet %} paragraph")
            keys = () if isinstance(repeat, Each) else repeat.keys
            known = _check_each(tracker, each, where, keys)
            inner = scope | (group_fields(tracker, each.sheet, keys) if keys else known)
        _check_fields(tracker, _fields(p, where), inner, where, every, in_table)
