"""Which drawing function makes each report format's slides.

A declaration names its format (``deck: format: programme_report``), or a layout drawn by the
layout engine instead (``deck: layout: layouts/recovery_plan.pptx``); each format lives in its own
module with a ``draw(canvas, dataset, *, by)`` function that adds its slides to the canvas. The
modules are imported when first used, so one format's code never slows another's.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from pcxl.declaration import Tracker
from pcxl.errors import DeclarationError

if TYPE_CHECKING:
    from pcxl.dataset import Dataset
    from pcxl.deck.canvas import Canvas

Draw = Callable[..., None]

FORMATS: dict[str, str] = {
    "highlight": "pcxl.deck.build:draw_highlight",
}


def deck_format(tracker: Tracker) -> Callable[[Canvas, Dataset], None]:
    """The drawing function for ``tracker``'s report format."""
    name = str(tracker.deck.get("format", "highlight"))
    if name not in FORMATS:
        raise DeclarationError(f"tracker {tracker.name!r}: deck format {name!r} is not one of "
                               f"{', '.join(FORMATS)}")
    module, _, function = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module), function)
