"""Items shared out among slides: the critical path's months, as many a slide as fit."""

from __future__ import annotations

import math


def chunks(count: int, most: int) -> list[range]:
    """``count`` items in as few slides as ``most`` a slide allows, shared out evenly."""
    if count <= 0:
        return []
    pages = math.ceil(count / most)
    size = math.ceil(count / pages)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]
