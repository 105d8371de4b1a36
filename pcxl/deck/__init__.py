"""PowerPoint decks from consolidated tracker data (the only package using python-pptx).

Every deck is a layout filled by one engine: ``draw_deck(dataset, path)`` fills the tracker's
layout (its declaration's ``deck: layout:``, else the shipped layout of its ``deck: format:``,
else its starter layout; see docs/layouts.md) and writes the deck reproducibly. Modules:

- ``engine``: the layout engine (the field language, planning, rendering, pagination, blocks,
  brand, readability; its own docstring maps it); ``engine.tracker``: which layout a tracker's
  deck is drawn from;
- ``result``: what drawing gives back (``DeckResult``) and ``DeckTooLargeError``;
- ``theme``: NHS colours, Arial, sizes and the slide grid; ``layout``: text measurement with real
  font metrics and wrapping (no python-pptx);
- ``content``, ``changes``, ``cell_text``: a Dataset read into the rows the blocks read, and
  the changes since the previous period;
- ``charts``: native charts (the blocks themselves are ``engine.block_*``, their tables written
  by ``engine.block_table``);
- ``brand``: an organisation's own 16:9 template (``draw_deck(..., brand=path)``); ``facts``:
  reading a deck back for the accessibility checks (the readable markup is
  ``engine.readable``'s); ``frozen``: adding slides in constant time.
"""

from pcxl.deck.engine.tracker import draw_deck
from pcxl.deck.result import DeckResult

__all__ = ["DeckResult", "draw_deck"]
