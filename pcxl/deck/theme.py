"""The look of every pcxl deck: NHS colours, Arial, type sizes and the slide grid.

One place for the numbers a brand template would change. Lengths are in points (1/72 inch);
``emu`` converts them for python-pptx. Minimum sizes come from the report formats: tables never
below 10 pt, bullets never below 11 pt; content that does not fit continues on a "(cont.)" slide.
"""

from __future__ import annotations

FONT = "Arial"

# NHS identity colours (hex RRGGBB).
NHS_BLUE = "005EB8"
DARK_BLUE = "003087"
PALE_GREY = "E8EDEE"
MID_GREY = "768692"
WHITE = "FFFFFF"
TEXT = "231F20"
BORDER = "AEB7BD"
ESCALATION = "DA291C"

# Type sizes in points.
TITLE_SLIDE_SIZE = 36.0
TITLE_SIZE = 24.0
TITLE_MIN_SIZE = 18.0
HEADING_SIZE = 12.0
HEADER_SIZE = 11.0
BULLET_SIZE = 11.0
TABLE_SIZE = 10.0
FOOTER_SIZE = 10.0
MIN_BULLET_SIZE = 11.0
MIN_TABLE_SIZE = 10.0
LINE_SPACING = 1.2  # line pitch as a multiple of the font size, set exactly on every paragraph

# Slide and grid, in points: 16:9, 13.333 x 7.5 in.
SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0
MARGIN = 22.0
GUTTER = 18.0
GAP = 8.0
FOOTER_HEIGHT = 30.0
FOOTER_TOP = SLIDE_HEIGHT - FOOTER_HEIGHT - 4.0

# Inner margins, in points.
TEXT_INSET_X = 4.0
TEXT_INSET_Y = 2.0
CELL_MARGIN_X = 4.5
CELL_MARGIN_Y = 2.5
BULLET_INDENT = 12.0
BULLET_SPACE_BEFORE = 3.0
HEADING_PAD = 4.0

EMU_PER_POINT = 12700


def emu(points: float) -> int:
    """Points to English Metric Units, the length python-pptx takes."""
    return round(points * EMU_PER_POINT)


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def tint(hex_colour: str, share: float) -> str:
    """``hex_colour`` mixed with white, ``share`` (0 to 1) of the way to white."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(c + (255 - c) * share):02X}" for c in (r, g, b))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two hex colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str | None) -> str:
    """White or dark text, whichever reads better on ``fill`` (dark text on no fill)."""
    if not fill:
        return TEXT
    return WHITE if contrast(fill, WHITE) >= contrast(fill, TEXT) else TEXT
