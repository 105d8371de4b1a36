"""A workstream's list continuing on a "(cont.)" slide starts under its heading, repeated."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from pcxl.deck import draw_deck
from pcxl.deck.engine import draw_layout, tags
from tests.deck.builders import WEST, completed, highlight, make_dataset, milestone, workstream
from tests.deck.layouts import workstream_layout
from tests.deck.reading import named, open_deck, titles

render = importlib.import_module("pcxl.deck.engine.render")  # the module, not its function

SECTION = "Highlights and Areas for Escalation"


def _slides_of(prs, name: str) -> list:
    title = f"Work stream: {name}"
    return [s for s, t in zip(prs.slides, titles(prs), strict=True)
            if t in (title, title + " (cont.)")]


@pytest.fixture(scope="module")
def long_highlights(tmp_path_factory) -> tuple[Path, list[str]]:
    """Workstreams of one highlight each, from one that fits the first slide to ones that take
    two: among them, highlights that fit a "(cont.)" slide whole but not the first slide."""
    names = [f"Stream {words}" for words in range(150, 330, 10)]
    updates = [highlight(name, " ".join(["recovery"] * int(name.split()[1]))) for name in names]
    updates += [completed(name, "Q2 returns submitted") for name in names]
    data = make_dataset([WEST], [workstream(name, objective="Restore services " * 30)
                                 for name in names],
                        [milestone(name, "Agreed trajectories", "09/09/20", "Achieved")
                         for name in names], updates)
    path = tmp_path_factory.mktemp("flow") / "deck.pptx"
    draw_deck(data, path)
    return path, names


def test_a_highlight_continuing_on_a_cont_slide_started_under_its_heading(long_highlights):
    path, names = long_highlights
    prs = open_deck(path)
    continued = 0
    for name in names:
        slides = _slides_of(prs, name)
        first = named(slides[0], "Updates").text_frame.paragraphs
        assert first[0].text == SECTION, name
        if len(slides) == 1:
            continue
        continued += 1
        # The first slide shows the start of the highlight under its heading, never the
        # heading alone; the next slide continues under the heading repeated.
        assert len(first) > 1, name
        assert named(slides[1], "Updates").text_frame.paragraphs[0].text == SECTION, name
    assert 0 < continued < len(names)


def test_a_group_heading_is_copied_and_marked_cont_only_for_a_slide_its_records_go_on(
        tmp_path, monkeypatch):
    """A group that fits its slide (most) costs no "(cont.)" copy of its heading; one whose
    records continue has it atop the "(cont.)" slide."""
    marked: list[str] = []
    mark_cont = render.mark_cont
    monkeypatch.setattr(render, "mark_cont",
                        lambda e: marked.append(tags.all_text(e)) or mark_cont(e))
    updates = [highlight("Short", "ICS team engaged")]
    updates += [highlight("Long", f"Step {n}: " + "recovery " * 60) for n in range(8)]
    data = make_dataset([WEST], [workstream("Short"), workstream("Long")], [], updates)
    result = draw_layout(data, workstream_layout(tmp_path / "layout.pptx"), tmp_path / "d.pptx")
    slides = open_deck(result.path).slides
    continued = [s for s, t in zip(slides, result.titles, strict=True) if t == "Long (cont.)"]
    assert result.titles[:2] == ["Short", "Long"] and len(continued) > 1
    # the heading copied once, for Long, then each "(cont.)" slide's title marked
    assert marked == ["Highlight", *["Long"] * len(continued)]
    assert {named(s, "Updates").text_frame.paragraphs[0].text for s in continued} == {
        "Highlight (cont.)"}
