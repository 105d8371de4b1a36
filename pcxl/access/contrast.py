"""WCAG 2.2 contrast: the ratio between two colours, and the least a text must have."""

from __future__ import annotations

from functools import lru_cache

NORMAL = 4.5  # WCAG 1.4.3, AA
LARGE = 3.0  # large text: 18 pt, or 14 pt bold
LARGE_SIZE = 18.0
LARGE_BOLD_SIZE = 14.0


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@lru_cache(maxsize=1024)
def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two hex colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def least(size: float | None, bold: bool) -> float:
    """The contrast text of ``size`` points (None: not known) must have: 3:1 when large."""
    if size is not None and (size >= LARGE_SIZE or (bold and size >= LARGE_BOLD_SIZE)):
        return LARGE
    return NORMAL
