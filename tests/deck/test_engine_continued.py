"""A workstream's list continuing on a "(cont.)" slide starts under its heading, repeated."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcxl.deck import draw_deck
from tests.deck.builders import WEST, completed, highlight, make_dataset, milestone, workstream
from tests.deck.reading import named, open_deck, titles

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
