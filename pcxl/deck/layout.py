"""Text measurement: decide what fits on a slide before anything is drawn.

Widths come from real font metrics (the bundled Liberation Sans, metric-compatible with Arial,
read with Pillow), so wrapping here matches what PowerPoint and LibreOffice draw. Every paragraph
the deck writes sets its line pitch exactly (``size * LINE_SPACING``), so a text's height is its
line count times that pitch plus fixed paddings; ``clipped`` cuts a text to a number of lines.
(The engine pages what it measures with ``pcxl.deck.engine.pages``.)

A layout (or a brand over it) brings its own font: ``measuring(files)`` swaps the font files
measured with until the block ends.

Nothing here imports python-pptx: all lengths are points, and the module is unit-testable alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from pcxl.deck import theme
from pcxl.resources import font_path

_REFERENCE_SIZE = 1000  # fonts are loaded once at this size and widths scaled
_EPSILON = 0.01
# Wrap a touch narrower than the box, so a renderer's rounding never pushes a word to a new line.
WRAP_SAFETY = 0.985


@dataclass(frozen=True)
class Style:
    """How a run of text is drawn; size, bold and italic change its width, the rest do not."""

    size: float = theme.BULLET_SIZE
    bold: bool = False
    italic: bool = False
    strike: bool = False
    colour: str | None = None

    @property
    def line_height(self) -> float:
        """The exact line pitch the deck sets for this size, in points."""
        return self.size * theme.LINE_SPACING


Segment = tuple[str, Style]  # a run of text and how it is drawn


FontFiles = Callable[[bool, bool], Path]  # (bold, italic) -> the font file to measure with

_FILES: list[FontFiles] = [font_path]  # the files measured with now


@contextmanager
def measuring(files: FontFiles) -> Iterator[None]:
    """Measure with ``files`` until the block ends; then with those before (Liberation Sans)."""
    _FILES.append(files)
    _forget_measures()
    try:
        yield
    finally:
        _FILES.pop()
        _forget_measures()


def _forget_measures() -> None:
    """Drop every width and wrap measured with the fonts before."""
    _font.cache_clear()
    _unit_width.cache_clear()
    _wrapped.cache_clear()


@lru_cache(maxsize=16)
def _font(bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FILES[-1](bold, italic)), _REFERENCE_SIZE)


@lru_cache(maxsize=65536)
def _unit_width(text: str, bold: bool, italic: bool) -> float:
    return _font(bold, italic).getlength(text) / _REFERENCE_SIZE


def text_width(text: str, style: Style = Style()) -> float:
    """The width of ``text`` drawn in ``style``, in points."""
    return _unit_width(text, style.bold, style.italic) * style.size


_WORD = re.compile(r"(\S+)(\s*)")

Token = tuple[str, Style, bool]  # a word, its style, whether a space follows it


def _tokens(runs: Sequence[Segment]) -> list[Token | None]:
    """Words of the runs with the spaces after them; None marks a hard (typed) line break."""
    tokens: list[Token | None] = []
    for text, style in runs:
        for i, part in enumerate(str(text).split("\n")):
            if i:
                tokens.append(None)
            if part[:1].isspace() and tokens and tokens[-1] is not None:
                word, prev_style, _ = tokens[-1]
                tokens[-1] = (word, prev_style, True)
            tokens.extend([(word, style, bool(space)) for word, space in _WORD.findall(part)])
    return tokens


def _break_word(word: str, style: Style, width: float) -> list[str]:
    """Split a word wider than ``width`` into pieces that fit, character by character."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch, style) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def wrap_runs(runs: Sequence[Segment], width: float) -> list[str]:
    """The lines styled runs wrap to, greedily, ``width`` points wide; newlines in the text are
    hard breaks.

    Runs of spaces count as one; a line keeps the space a soft break consumed, so joining the
    lines gives the text back. A word wider than the whole line is broken between characters.
    Always returns at least one line (an empty one for empty text). The same texts are measured
    again and again (a table's repeated cells, each column arrangement tried), so results are
    kept until the fonts measured with change.
    """
    return list(_wrapped(tuple(runs), width))


@lru_cache(maxsize=65536)
def _wrapped(runs: tuple[Segment, ...], width: float) -> tuple[str, ...]:
    limit = width * WRAP_SAFETY + _EPSILON
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    pending_space: Style | None = None  # the style of the space owed before the next word

    def finish() -> None:
        nonlocal current, used, pending_space
        if pending_space is not None and current:
            current.append(" ")  # the space a soft break consumes
        lines.append("".join(current))
        current, used, pending_space = [], 0.0, None

    for token in _tokens(runs):
        if token is None:
            pending_space = None
            finish()
            continue
        word, style, space_after = token
        space = text_width(" ", pending_space) if pending_space is not None else 0.0
        width_needed = text_width(word, style)
        if current and used + space + width_needed > limit:
            finish()
            space = 0.0
        if width_needed > limit:
            *heads, word = _break_word(word, style, limit)
            for head in heads:
                if current:
                    finish()
                current.append(head)
            if heads:
                finish()
            width_needed = text_width(word, style)
            space = 0.0
        if pending_space is not None and current:
            current.append(" ")
        current.append(word)
        used += space + width_needed
        pending_space = style if space_after else None
    pending_space = None
    finish()
    return tuple(lines)


ELLIPSIS = "\u2026"


def clipped(text: str, style: Style, width: float, lines: int) -> list[str]:
    """The lines ``text`` in ``style`` wraps to ``width`` points wide, at most ``lines``: when
    text is cut, the last kept line ends with an ellipsis."""
    found = wrap_runs([(text, style)], width)
    if len(found) <= lines:
        return found
    kept = found[:lines]
    last, limit = kept[-1], width * WRAP_SAFETY
    while last and text_width(last, style) + text_width(ELLIPSIS, style) > limit:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return kept
