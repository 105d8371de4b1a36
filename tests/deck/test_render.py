"""Render decks with LibreOffice and check where the words landed on the page.

LibreOffice lays text out itself (it does not trust pcxl's measurements), so a word drawn
outside the slide, or body text pushed into the footer, means the layout under-measured.
Skipped where LibreOffice is missing, except in CI, which installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pcxl.deck import build_deck, theme
from pcxl.demo import run_demo
from tests.deck.builders import WEST, highlight, make_dataset, milestone, workstream
from tests.deck.seed001 import seed_dataset

pytestmark = pytest.mark.render

TOLERANCE = 0.5  # points
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, but CI installs LibreOffice and poppler")
        pytest.skip(f"{name} is not installed")
    return found


def render(decks: list[Path], out: Path) -> list[Path]:
    """Convert decks to PDF with LibreOffice, in a private profile so runs never clash."""
    soffice = _tool("soffice")
    profile = (out / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), *map(str, decks)],
                   check=True, capture_output=True, timeout=300,
                   env={**os.environ, "HOME": str(out)})
    pdfs = [out / f"{d.stem}.pdf" for d in decks]
    assert all(p.is_file() for p in pdfs), "LibreOffice wrote no PDF"
    return pdfs


def pages(pdf: Path) -> list[Page]:
    """Every page's size and word boxes, from ``pdftotext -bbox``."""
    html = pdf.with_suffix(".html")
    subprocess.run([_tool("pdftotext"), "-bbox", str(pdf), str(html)], check=True, timeout=120)
    found = []
    for width, height, body in _PAGE.findall(html.read_text(encoding="utf-8")):
        words = [Word(t, float(a), float(b), float(c), float(d))
                 for a, b, c, d, t in _WORD.findall(body)]
        found.append(Page(float(width), float(height), words))
    return found


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
    results = [build_deck(seed_dataset(), out / "seed.pptx"),
               build_deck(seed_dataset(), out / "by-region.pptx", by="region"),
               build_deck(long, out / "long.pptx"), demo]
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
            outside = [w.text for w in page.words
                       if w.x0 < -TOLERANCE or w.y0 < -TOLERANCE
                       or w.x1 > page.width + TOLERANCE or w.y1 > page.height + TOLERANCE]
            assert not outside, f"{result.path.name} slide {number}: {outside[:10]}"


def test_no_body_text_runs_into_the_footer(rendered):
    footer_top = theme.FOOTER_TOP
    for result, found in rendered:
        footer_words = set(" ".join(["Working in partnership across",
                                     "West Sussex, East Sussex and Brighton and Hove",
                                     "Nov 2020 Jan 2021"]).split())  # the demo's latest
        for number, page in enumerate(found[1:], start=2):
            allowed = footer_words | {str(number)}
            below = [w.text for w in page.words if w.y1 > footer_top + TOLERANCE
                     and (w.y0 < footer_top - TOLERANCE or w.text not in allowed)]
            assert not below, f"{result.path.name} slide {number}: {below[:10]}"


def _overlaps(words: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap, each box shrunk to its glyphs' core (a word box
    spans the font's whole ascent and descent, so lines set solid may touch)."""
    boxes = sorted(((w.y0 + 0.2 * (w.y1 - w.y0), w.y1 - 0.2 * (w.y1 - w.y0), w.x0 + 1.0,
                     w.x1 - 1.0, w.text) for w in words), key=lambda b: b[0])
    found = []
    for i, (_top, bottom, left, right, text) in enumerate(boxes):
        for other_top, _, other_left, other_right, other in boxes[i + 1:]:
            if other_top >= bottom:
                break
            if other_left < right and left < other_right:
                found.append((text, other))
    return found


def test_no_two_words_are_drawn_over_each_other(rendered):
    for result, found in rendered:
        for number, page in enumerate(found, start=1):
            clashes = _overlaps(page.words)
            assert not clashes, f"{result.path.name} slide {number}: {clashes[:5]}"
