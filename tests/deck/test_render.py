"""Render decks with LibreOffice and check where the words landed on the page.

LibreOffice lays text out itself (it does not trust pcxl's measurements), so a word drawn
outside the slide, or body text pushed into the footer, means the layout under-measured.
Skipped where LibreOffice is missing, except in CI, which installs it.
"""

from __future__ import annotations

import pytest

from docs.layouts.make_examples import FOOTER_TOP
from pcxl.deck import draw_deck, theme
from pcxl.demo import run_demo
from tests.deck.builders import WEST, highlight, make_dataset, milestone, workstream
from tests.deck.rendering import TOLERANCE, outside, overlaps, pages, render
from tests.deck.seed001 import seed_dataset

pytestmark = pytest.mark.render

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    name = "Population based care and management of long term conditions"
    long = make_dataset(
        [WEST], [workstream(name)],
        [milestone(name, f"Milestone {i:02d}: deliver the agreed part of the plan"
                   + " with partners" * (i % 5), "30/09/20", "On track",
                   forecast="w/c 16/11/20" if i % 3 else None) for i in range(30)],
        [highlight(name, f"Highlight {i:02d}: the group reviewed progress and agreed next steps"
                   + " with partners and stakeholders" * (i % 4)) for i in range(40)]
        + [highlight(name, "A very long update " + "that keeps on going " * 150)])
    demo = run_demo(out / "demo").decks["highlight"]  # what `pcxl demo` gives a new user
    results = [draw_deck(seed_dataset(), out / "seed.pptx"),
               draw_deck(seed_dataset(), out / "by-region.pptx", by="region"),
               draw_deck(long, out / "long.pptx"), demo]
    pdfs = render([r.path for r in results], out)
    return [(r, pages(pdf)) for r, pdf in zip(results, pdfs, strict=True)]


def test_every_slide_is_rendered(rendered):
    for result, found in rendered:
        assert len(found) == result.slides
        assert all(page.words for page in found)


def test_slides_render_at_16_by_9(rendered):
    for _, found in rendered:
        for page in found:
            assert (page.width, page.height) == pytest.approx((theme.SLIDE_WIDTH,
                                                               theme.SLIDE_HEIGHT), abs=1)


def test_no_word_lies_outside_the_slide(rendered):
    for result, found in rendered:
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{result.path.name} slide {number}: {outside_words[:10]}"


def test_no_body_text_runs_into_the_footer(rendered):
    footer_top = FOOTER_TOP
    for result, found in rendered:
        footer_words = set(" ".join(["Working in partnership across",
                                     "West Sussex, East Sussex and Brighton and Hove",
                                     "Nov 2020 Jan 2021"]).split())  # the demo's latest
        for number, page in enumerate(found[1:], start=2):
            allowed = footer_words | {str(number)}
            below = [w.text for w in page.words if w.y1 > footer_top + TOLERANCE
                     and (w.y0 < footer_top - TOLERANCE or w.text not in allowed)]
            assert not below, f"{result.path.name} slide {number}: {below[:10]}"


def test_no_two_words_are_drawn_over_each_other(rendered):
    for result, found in rendered:
        for number, page in enumerate(found, start=1):
            clashes = overlaps(page.words)
            assert not clashes, f"{result.path.name} slide {number}: {clashes[:5]}"
