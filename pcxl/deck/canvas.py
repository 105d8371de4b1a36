"""The presentation being drawn: a blank 16:9 deck, slides added in order with their titles.

python-pptx's default template is 4:3; the slide size is set to 16:9 here and every slide uses
the Blank layout, so every shape on it is placed by pcxl. A brand template (``pcxl.deck.brand``)
gives the presentation and the layout instead; any placeholder that layout has is removed from
each slide, so only its master's graphics show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, SlideLayout

from pcxl.deck import accessible, chrome, theme

BLANK_LAYOUT = "Blank"


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
    _last: tuple[Slide, list] | None = field(default=None, init=False, repr=False)

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
        self.finish()
        if self.layout is not None and not self.titles:
            accessible.ensure_title_placeholder(self.layout)
        slide = self.prs.slides.add_slide(self.layout or self._blank)
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
        """Finish the slide drawn last for screen readers: its title placeholder, its footer
        read after its content. Called before each new slide and before the deck is saved."""
        if self._last is not None:
            accessible.finish_slide(*self._last)
            self._last = None
