"""The look of every pcxl deck: NHS colours, Arial, type sizes and the slide grid.

One place for the numbers a brand template would change. Lengths are in points (1/72 inch);
``emu`` converts them for python-pptx. Minimum sizes come from the report formats: tables never
below 10 pt, bullets never below 11 pt; content that does not fit continues on a "(cont.)" slide.

The NHS identity colours are ``Identity`` strings: equal to their hex, but marked, so that while a
brand template is applied (``using(look)``, see ``pcxl.deck.brand``) the drawing code resolves them
to the brand's colours with ``resolve``. Status and RAG fills are plain strings from the
vocabulary and never change, even where their hex is the same (Blue #005EB8, Grey #768692).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from pcxl.access.contrast import NORMAL, contrast


class Identity(str):
    """An NHS identity colour (hex RRGGBB) that a brand template replaces."""

    __slots__ = ()


FONT = "Arial"

# NHS identity colours (hex RRGGBB).
NHS_BLUE = Identity("005EB8")
DARK_BLUE = Identity("003087")
PALE_GREY = Identity("E8EDEE")
MID_GREY = Identity("768692")  # rules and axis lines: too light for text (3.75:1 on white)
MUTED = Identity("425563")  # NHS Dark Grey: notes and superseded dates (7.8:1 on white)
WHITE = "FFFFFF"
TEXT = Identity("231F20")
BLACK = "000000"  # text on mid-tone fills (Green, Grey) where neither white nor TEXT reads
BORDER = "AEB7BD"

# Type sizes in points.
HEADING_SIZE = 12.0
BULLET_SIZE = 11.0
TABLE_SIZE = 10.0
LINE_SPACING = 1.2  # line pitch as a multiple of the font size, set exactly on every paragraph

# Slide and grid, in points: 16:9, 13.333 x 7.5 in.
SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0
GUTTER = 18.0

# Inner margins, in points.
TEXT_INSET_X = 4.0
CELL_MARGIN_X = 4.5
CELL_MARGIN_Y = 2.5
HEADING_PAD = 4.0

EMU_PER_POINT = 12700


def emu(points: float) -> int:
    """Points to English Metric Units, the length python-pptx takes."""
    return round(points * EMU_PER_POINT)


def tint(hex_colour: str, share: float, toward: str = WHITE) -> str:
    """``hex_colour`` mixed with ``toward`` (white unless told), ``share`` (0 to 1) of the way."""
    pairs = ((int(hex_colour[i:i + 2], 16), int(toward[i:i + 2], 16)) for i in (0, 2, 4))
    return "".join(f"{round(c * (1 - share) + t * share):02X}" for c, t in pairs)


def text_on(fill: str | None) -> str:
    """The text colour for ``fill``: white or dark text, whichever reads better, if it reaches
    4.5:1 (WCAG AA for table-sized text); else the other, else black (on NHS Green and Grey,
    where white reads 3.9:1 and 3.8:1). Dark text on no fill."""
    if not fill:
        return TEXT
    fill, text = resolve(fill), resolve(TEXT)
    better, other = ((WHITE, TEXT) if contrast(fill, WHITE) >= contrast(fill, text)
                     else (TEXT, WHITE))
    for colour in (better, other, BLACK):
        if contrast(fill, resolve(colour)) >= NORMAL:
            return colour
    return better


@dataclass(frozen=True)
class Look:
    """A brand applied to the deck being drawn: what replaces each identity colour (by hex),
    and the typeface of its text."""

    colours: Mapping[str, str] = field(default_factory=dict)
    font: str = FONT


_LOOK: ContextVar[Look | None] = ContextVar("pcxl_deck_look", default=None)


@contextmanager
def using(look: Look | None) -> Iterator[None]:
    """Draw with ``look`` (None: the NHS look) until the block ends."""
    token = _LOOK.set(look)
    try:
        yield
    finally:
        _LOOK.reset(token)


def resolve(colour: str) -> str:
    """The hex to draw ``colour`` in: a brand's colour for an identity colour, else itself."""
    look = _LOOK.get()
    if look is None or not isinstance(colour, Identity):
        return colour
    return look.colours.get(colour, colour)


def typeface() -> str:
    """The font family to write on a run: the brand's body font, else Arial."""
    look = _LOOK.get()
    return FONT if look is None else look.font
