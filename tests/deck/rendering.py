"""Render decks with LibreOffice and read back where each word landed (``pdftotext -bbox``).

LibreOffice lays text out itself (it does not trust pcxl's measurements), so the tests that
render decks use these helpers to find words outside the slide, in the footer, or drawn over
each other. A missing LibreOffice skips them, except in CI, which installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

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


def outside(page: Page) -> list[str]:
    """The words drawn (partly) off the page."""
    return [w.text for w in page.words
            if w.x0 < -TOLERANCE or w.y0 < -TOLERANCE
            or w.x1 > page.width + TOLERANCE or w.y1 > page.height + TOLERANCE]


def overlaps(words: list[Word]) -> list[tuple[str, str]]:
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
