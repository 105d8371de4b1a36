"""Flows over slides: a section heading is marked "(cont.)" only where its content continues."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from pcxl.deck import draw_deck, flow, theme
from pcxl.deck.layout import Slice, Style, paginate
from tests.deck.builders import WEST, completed, highlight, make_dataset, milestone, workstream
from tests.deck.reading import all_named, named, open_deck, titles

SECTION = "Highlights and Areas for Escalation"
CONT = SECTION + flow.CONT
WIDTH = 400.0
TEXT = "The working group reviewed progress against the plan and agreed next steps " * 6


def _items() -> list[flow.Item]:
    return [flow.heading_item(SECTION),
            flow.para_item(SECTION, [(TEXT, Style(theme.BULLET_SIZE))], WIDTH),
            flow.para_item(SECTION, [("A second highlight", Style(theme.BULLET_SIZE))], WIDTH)]


def _headings(page: list[Slice]) -> list[str]:
    """The section headings ``draw_flow`` draws for one page of the items."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    flow.draw_flow(slide, theme.MARGIN, 60.0, WIDTH, _items(), page)
    return [shape.text_frame.text for shape in all_named(slide, "Heading")]


def test_a_page_starting_with_a_sections_first_paragraph_has_its_heading_unmarked():
    # Its heading ended the page before, alone: nothing of the section was shown yet.
    assert _headings([Slice(1, 0, -1), Slice(2, 0, -1)]) == [SECTION]


def test_a_page_continuing_a_section_has_its_heading_marked_cont():
    assert _headings([Slice(1, 3, -1), Slice(2, 0, -1)]) == [CONT]  # the rest of a paragraph
    assert _headings([Slice(2, 0, -1)]) == [CONT]  # the next paragraph


def test_a_page_starting_with_the_heading_has_it_unmarked():
    assert _headings([Slice(0, 0, -1), Slice(1, 0, -1)]) == [SECTION]


def test_a_heading_starting_a_short_first_page_is_not_left_alone():
    items = _items()
    heading, para = items[0].block, items[1].block
    # The first page holds the heading and half the paragraph; a later page, all of it.
    first = heading.height + para.height / 2
    pages = paginate([i.block for i in items], 3 * para.height, first_height=first)
    assert pages[0][0] == Slice(0, 0, -1)
    assert pages[0][1].index == 1 and pages[0][1].start == 0 and pages[0][1].stop > 0
    assert pages[1][0] == Slice(1, pages[0][1].stop, -1)


def _slides_of(prs, name: str) -> list:
    title = f"Work stream: {name}"
    return [s for s, t in zip(prs.slides, titles(prs), strict=True)
            if t in (title, title + flow.CONT)]


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
