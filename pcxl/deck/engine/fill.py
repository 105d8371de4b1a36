"""Fill one paragraph's fields from a scope, in place, and colour the box a ``| fill`` names
(its text then white or dark, whichever reads on that colour: ``theme.text_on``).

Values are set as text through lxml, so they are always escaped: a value can never become markup.
A paragraph whose fields are all empty is left out with its label ("SRO: {{ sro }}" with no SRO
draws nothing); a paragraph that only held ``{% %}`` tags is left out too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from pcxl.deck import theme
from pcxl.deck.engine import tags
from pcxl.deck.engine.bullets import bold_marks, bullet_paragraphs
from pcxl.deck.engine.data import Scope, field_text, fill_of
from pcxl.deck.engine.lang import FIELD, STRUCTURE, parse_field
from pcxl.deck.engine.tags import qn
from pcxl.deck.facts import child
from pcxl.declaration import Tracker

_R, _P, _RPR = qn("a:r"), qn("a:p"), qn("a:rPr")
_SEPARATOR = re.compile(r"^\s*(?:[|,;\u00b7]|[\u2013\u2014-](?=\s))\s*")  # "-5" keeps its sign
FILLS = ("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")
AFTER_RUN_FILL = ("a:effectLst", "a:effectDag", "a:highlight", "a:uLnTx", "a:uLn", "a:uFillTx",
                   "a:uFill", "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick",
                   "a:hlinkMouseOver", "a:rtl", "a:extLst")  # what follows a run's fill


@dataclass
class Filled:
    keep: bool
    colour: str | None = None
    bullets: bool = False  # a ``| bullets`` field: typed list marks become real bullets


def fill_paragraph(p: etree._Element, scope: Scope, tracker: Tracker) -> Filled:
    """Replace ``p``'s fields by their values; whether to keep it, and the colour it asks for."""
    count = blank = 0
    colour: str | None = None
    tagged = bullets = broken = unlabelled = listed = False
    pieces: list[tuple[etree._Element, str, list[str]]] = []
    label: list[tuple[list[str], int]] = []  # the text since the last field: (piece, index)
    for run in p.iterchildren(_R):
        before = tags.run_text(run)
        parts = _template(before) if "{" in before else (before,)
        written = [parts[0]]
        pieces.append((run, before, written))
        label.append((written, 0))
        for item, after in zip(parts[1::2], parts[2::2], strict=True):
            bullets |= item.bullets
            listed |= bool(item.listed)
            value = field_text(scope, item, tracker)
            if item.name != "cont":  # "(cont.)" is no label's value
                count += 1
                blank += not value
                if not value and _is_label("".join(w[i] for w, i in label)):
                    for w, i in label:
                        w[i] = ""
                    unlabelled = True
            if item.fill:
                colour = fill_of(tracker, scope[item.name], item) or colour
            written += (value, after)
            label = [(written, len(written) - 1)]
    for run, before, written in pieces:
        after = "".join(written)
        if "{%" in after:
            after = STRUCTURE.sub("", after)
        if after != before:
            tagged = True
            tags.set_text(run, after)
        broken = broken or "\n" in after
    if unlabelled:
        _drop_leading_separator(p)
    if tagged and (count == 0 or blank == count) and not tags.text_of(p).strip():
        return Filled(False)
    for run in tags.runs(p) if broken else ():  # only a text with a newline breaks
        tags.break_lines(run)
    if listed:  # a list's numbers and bullets in bold
        bold_marks(p)
    return Filled(not (count and blank == count), colour, bullets)


def _is_label(text: str) -> bool:
    """Text typed before a field that names it: "SRO: ", " | Lead: "."""
    return text.rstrip().endswith(":")


def _drop_leading_separator(p: etree._Element) -> None:
    """A paragraph left starting with a separator (its first label gone) starts after it."""
    for run in p.iterchildren(_R):
        text = tags.run_text(run)
        if text.strip():
            tags.set_text(run, _SEPARATOR.sub("", text, count=1))
            return


@lru_cache(maxsize=4096)
def _template(text: str) -> tuple:
    """A run's text as its literal parts with the fields between them, ``(text, field, text,
    ..., text)``: split and parsed once however many records fill it (checked when planned)."""
    parts = FIELD.split(text)
    return tuple(part if n % 2 == 0 else parse_field(part, "") for n, part in enumerate(parts))


def set_fill(props: etree._Element, colour: str, before: tuple[str, ...]) -> None:
    """Replace the fill of ``props`` (an ``spPr``, ``tcPr`` or ``rPr``), placed before
    ``before``."""
    for old in tags.children_among(props, FILLS):
        props.remove(old)
    solid = etree.Element(qn("a:solidFill"))
    etree.SubElement(solid, qn("a:srgbClr")).set("val", colour)
    tags.place_before(props, solid, before)


def fill_body(body: etree._Element, scope: Scope, tracker: Tracker) -> str | None:
    """Fill every paragraph of a text body (a shape's or a cell's), dropping those left out;
    returns the colour a ``| fill`` field asked for."""
    colour = None
    size = None
    for p in list(body.iterchildren(_P)):
        props = next((props for run in p.iterchildren(_R) for props in run.iterchildren(_RPR)),
                     None)
        size = size or (props.get("sz") if props is not None else None)
        filled = fill_paragraph(p, scope, tracker)
        colour = filled.colour or colour
        if not filled.keep:
            body.remove(p)
        elif filled.bullets:
            parts = bullet_paragraphs(p)
            if parts != [p]:
                for q in parts:
                    p.addprevious(q)
                body.remove(p)
    ensure_paragraph(body, size)
    if colour:
        colour_text(body, colour)
    return colour


def colour_text(body: etree._Element, colour: str) -> None:
    """Every word of a text body in white or dark, whichever reads on the fill ``colour``."""
    for run in body.iter(_R):
        set_fill(tags.first_child(run, "a:rPr"), theme.resolve(theme.text_on(colour)),
                 AFTER_RUN_FILL)


def ensure_paragraph(body: etree._Element, size: str | None = None) -> None:
    """A text body must hold a paragraph, even an empty one (at the size its text had)."""
    if child(body, _P) is None:
        p = etree.SubElement(body, qn("a:p"))
        if size:
            etree.SubElement(p, qn("a:endParaRPr")).set("sz", size)


def colour_cell(tc: etree._Element, colour: str) -> None:
    props = tags.first_child(tc, "a:tcPr", last=True)
    set_fill(props, colour, ("a:cell3D", "a:headers", "a:extLst"))


def colour_shape(shape: etree._Element, colour: str) -> None:
    props = shape.find(qn("p:spPr"))
    if props is not None:
        set_fill(props, colour, ("a:ln", "a:effectLst", "a:effectDag", "a:scene3d", "a:sp3d",
                                 "a:extLst"))
