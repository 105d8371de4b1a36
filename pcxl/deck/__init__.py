"""PowerPoint highlight decks from consolidated tracker data (the only package using python-pptx).

``build_deck(dataset, path)`` writes a 16:9 deck: a title slide, the portfolio summary (RAG by
workstream and region, a native chart of milestone statuses, escalations), the milestone
slippage, then one highlight slide per workstream in the layout of the programme office's own
report (seed 001). With history (``Dataset.changes``) the slides also show what changed since the
previous period: moved dates, RAG trend arrows, milestones achieved. Modules:

- ``theme``: NHS colours, Arial, sizes and the slide grid;
- ``layout``: text measurement with real font metrics, wrapping and pagination (no python-pptx);
- ``content``: a Dataset read into per-slide views, driven by the declaration's ``deck:`` section;
  ``changes``: the changes since the previous period, looked up for those views;
- ``draw``, ``chrome``, ``flow``, ``canvas``: drawing primitives, the title band and footer,
  paginated columns, and the presentation being drawn;
- ``highlight``, ``portfolio``, ``slippage``: the slide families; ``build``: the deck, written
  reproducibly;
- ``brand``: an organisation's own 16:9 template (``build_deck(..., brand=path)``): its master,
  logo, theme colours and fonts replace the NHS identity; status colours never change.
"""

from pcxl.deck.build import DeckResult, build_deck

__all__ = ["DeckResult", "build_deck"]
