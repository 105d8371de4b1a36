"""The presentation being drawn: a blank 16:9 deck, slides added in order with their titles.

python-pptx's default template is 4:3; the slide size is set to 16:9 here and every slide uses
the Blank layout, so every shape on it is placed by pcxl. A brand template (``pcxl.deck.brand``)
gives the presentation and the layout instead; any placeholder that layout has is removed from
each slide, so only its master's graphics show.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from functools import cached_property

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, SlideLayout

from pcxl.deck import accessible, chrome, theme
from pcxl.deck.frozen import SlideAdder, freeze_slide
from pcxl.errors import PcxlError

BLANK_LAYOUT = "Blank"
COLLECT_EVERY = 50  # slides: each drawn slide's tree is freed within this many


def new_presentation(title: str = "", base: PresentationType | None = None) -> PresentationType:
    """An empty 16:9 presentation (or ``base``, an emptied brand template) with fixed document
    properties (for reproducible bytes)."""
    prs = base
    if prs is None:
        prs = Presentation()
        prs.slide_width = theme.emu(theme.SLIDE_WIDTH)
        prs.slide_height = theme.emu(theme.SLIDE_HEIGHT)
    props = prs.core_properties
    props.title = title
    props.author = "pcxl"
    props.last_modified_by = "pcxl"
    props.revision = 1
    accessible.set_language(prs)
    return prs


@dataclass
class Canvas:
    """A presentation with the footer every content slide carries, numbering slides as added."""

    prs: PresentationType
    partnership: str
    period: str
    titles: list[str] = field(default_factory=list)
    layout: SlideLayout | None = None  # a brand's layout; None: the Blank layout
    max_slides: int | None = None  # more slides than this stop the deck (DeckTooLargeError)
    _drawing: str | None = field(default=None, init=False, repr=False)  # rId being drawn
    _last: tuple[Slide, list] | None = field(default=None, init=False, repr=False)

    @cached_property
    def _adder(self) -> SlideAdder:
        return SlideAdder(self.prs)

    @cached_property
    def _blank(self) -> SlideLayout:
        """The default template's Blank layout (looked up once, not for every slide)."""
        blank = next((lo for lo in self.prs.slide_layouts if lo.name == BLANK_LAYOUT),
                     self.prs.slide_layouts[6])
        accessible.ensure_title_placeholder(blank)
        return blank

    def slide(self, title: str, *, footer: bool = True) -> Slide:
        """A new blank slide recorded under ``title``, with the footer drawn unless told not;
        the slide before is finished (``finish``)."""
        if self.max_slides is not None and len(self.titles) >= self.max_slides:
            raise DeckTooLargeError(self.max_slides)
        self.finish()
        if self.layout is not None and not self.titles:
            accessible.ensure_title_placeholder(self.layout)
        slide, self._drawing = self._adder.add(self.layout or self._blank)
        for placeholder in list(slide.placeholders):
            placeholder._element.getparent().remove(placeholder._element)
        self.titles.append(title)
        tree = slide.shapes._spTree
        drawn = len(tree)
        if footer:
            chrome.footer(slide, self.partnership, self.period, len(self.titles))
        self._last = (slide, [e for e in tree[drawn:] if e.tag != accessible.EXT_LST])
        return slide

    def finish(self) -> None:
        """Finish the slide drawn last: readable (its title placeholder, its footer read after
        its content), then kept as bytes (``pcxl.deck.frozen``). Called before each new slide
        and before the deck is saved."""
        if self._last is not None:
            accessible.finish_slide(*self._last)
            self._last = None
        if self._drawing is not None:
            freeze_slide(self.prs, self._drawing)
            self._drawing = None
            if len(self.titles) % COLLECT_EVERY == 0:
                gc.collect()  # python-pptx's objects form cycles: free their XML trees now


class DeckTooLargeError(PcxlError):
    """The deck would have more slides than anyone could use."""

    def __init__(self, limit: int, advice: str = ""):
        super().__init__(f"the deck would have more than {limit:,} slides"
                         + (f": {advice}" if advice else ""))
        self.limit = limit
