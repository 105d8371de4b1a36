"""Tags as PowerPoint stores them: joined per paragraph, each whole in one run.

PowerPoint and Impress split a typed ``{{ status }}`` over several runs (a spelling mark, a
language change, an edit in the middle). ``join(p)`` works on one ``a:p`` with lxml: every
character of a tag moves into the run where the tag starts, whose formatting the value takes;
runs left empty go. Nothing here uses regular expressions over whole-document XML.
"""

from __future__ import annotations

import copy
from functools import cache
from itertools import pairwise

from lxml import etree
from pptx.oxml.ns import qn as _qn

from pcxl.deck.engine.lang import TAG
from pcxl.deck.facts import child, run_text


@cache
def qn(tag: str) -> str:
    """python-pptx's ``qn`` (a prefixed tag as lxml spells it), worked out once per tag."""
    return _qn(tag)


@cache
def _tag_set(tags: tuple[str, ...]) -> frozenset[str]:
    return frozenset(qn(t) for t in tags)


def children_among(parent: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """``parent``'s children whose tag is one of ``tags`` (prefixed: "a:solidFill"), in their
    order: one pass over the children, not a search for each tag."""
    found = _tag_set(tags)
    return [c for c in parent.iterchildren() if c.tag in found]


_R, _T = qn("a:r"), qn("a:t")
_ALL_TEXT = etree.XPath("string()")


def all_text(element: etree._Element) -> str:
    """Every text under ``element``, joined: what ``"".join(element.itertext())`` gives for a
    plain lxml element. python-pptx's elements answer ``itertext`` with their own ``text``
    properties, so a row's text comes back four times over, a hundred times slower."""
    return str(_ALL_TEXT(element))


def runs(p: etree._Element) -> list[etree._Element]:
    return list(p.iterchildren(_R))


def text_of(p: etree._Element) -> str:
    """The paragraph's text, its runs joined (line breaks as newlines)."""
    parts = []
    for node in p:
        if node.tag == _R:
            parts.append(run_text(node))
        elif node.tag == qn("a:br"):
            parts.append("\n")
    return "".join(parts)


def join(p: etree._Element) -> bool:
    """Move every tag of ``p`` whole into the run it starts in; True when ``p`` has tags."""
    pieces = [(r, run_text(r)) for r in runs(p)]
    full = "".join(text for _, text in pieces)
    if "{" not in full:
        return False
    spans = [m.span() for m in TAG.finditer(full)]
    if not spans:
        return False
    starts, at = [], 0
    for _, text in pieces:
        starts.append(at)
        at += len(text)
    # a run starting inside a tag starts after it: the tag stays whole in the run it began in
    bounds, k = [], 0
    for start in starts:
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        inside = k < len(spans) and spans[k][0] < start
        bounds.append(spans[k][1] if inside else start)
    bounds.append(len(full))
    texts = [full[a:b] for a, b in pairwise(bounds)]
    for (run, _), text in zip(pieces, texts, strict=True):
        if text:
            set_text(run, text)
        else:
            p.remove(run)
    return True


def set_text(run: etree._Element, text: str) -> None:
    """Set a run's text (lxml escapes it: a value can never become markup)."""
    node = child(run, _T)
    if node is None:
        node = etree.SubElement(run, _T)
    node.text = text


def break_lines(run: etree._Element) -> None:
    """A run whose text holds newlines becomes runs joined by line breaks (``a:br``), which
    PowerPoint draws (it does not break a line at a newline inside ``a:t``)."""
    text = run_text(run)
    if "\n" not in text:
        return
    parts = text.replace("\r\n", "\n").split("\n")
    set_text(run, parts[0])
    at = run
    for part in parts[1:]:
        br = etree.Element(qn("a:br"))
        props = run.find(qn("a:rPr"))
        if props is not None:
            br.append(copy.deepcopy(props))
        at.addnext(br)
        at = copy.deepcopy(run)
        set_text(at, part)
        br.addnext(at)


def place_before(parent: etree._Element, element: etree._Element, after: tuple[str, ...]) -> None:
    """Put ``element`` in ``parent`` before its first child among ``after`` (the tags the schema
    orders after it), or last when it has none."""
    anchor = next(iter(children_among(parent, after)), None)
    if anchor is None:
        parent.append(element)
    else:
        anchor.addprevious(element)


def first_child(parent: etree._Element, tag: str, *, last: bool = False) -> etree._Element:
    """``parent``'s first child ``tag`` (such as a run's ``a:rPr``), made when missing: first
    (``last``: last) among its children, where the schema wants it."""
    found = child(parent, qn(tag))
    if found is None:
        found = etree.Element(qn(tag))
        parent.insert(len(parent) if last else 0, found)
    return found


def paragraphs(element: etree._Element) -> list[etree._Element]:
    return list(element.iter(qn("a:p")))
