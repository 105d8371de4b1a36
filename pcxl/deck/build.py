"""Build the highlight deck from a consolidated Dataset and write it atomically and reproducibly.

Order: a title slide (programme, reporting period, area), the strategic objectives and programme
overview (when a return fills those sheets), the portfolio summary, the milestone slippage, then
one slide (plus any "(cont.)" slides) per open workstream in the order workstreams first appear,
then the critical paths, the closed work streams and the task-and-finish actions (see
``draw_highlight``). The same data gives byte-identical files: the package's zip entries and
document stamps are fixed, and so are those of the workbook embedded behind each chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from pptx.presentation import Presentation as PresentationType

from pcxl.config import MAX_SLIDES
from pcxl.dataset import Dataset
from pcxl.deck import brand as brands
from pcxl.deck import chrome, draw, theme
from pcxl.deck.canvas import Canvas, DeckTooLargeError, new_presentation
from pcxl.deck.closed import add_closed_slides
from pcxl.deck.content import (
    DeckSpec,
    Grouping,
    portfolio_view,
    regions_of,
    workstream_views,
)
from pcxl.deck.critical_path import add_critical_path_slides
from pcxl.deck.formats import deck_format
from pcxl.deck.frozen import new_objects_collected
from pcxl.deck.highlight import TITLE_PREFIX, add_highlight_slides
from pcxl.deck.layout import Style, clip, wrap_runs
from pcxl.deck.objectives import add_objective_slides
from pcxl.deck.portfolio import add_portfolio_slides
from pcxl.deck.programmes import add_programme_slides
from pcxl.deck.slippage import add_slippage_slides
from pcxl.deck.tf_actions import add_tf_action_slides
from pcxl.files import atomic_output, reproducible_bytes, reproducible_zip

TOO_LARGE_ADVICE = {
    False: "draw a deck for each region (consolidate its returns alone) or for fewer returns, "
           "or raise the limit with --max-slides",
    True: "draw it --by workstream, or a deck for each region (consolidate its returns "
          "alone), or raise the limit with --max-slides"}


@dataclass(frozen=True)
class DeckResult:
    """What was written: the file, how many slides, and each slide's title in order."""

    path: Path
    slides: int
    titles: list[str]


def join_names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: how a report names the areas it covers."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _title_slide(canvas: Canvas, programme: str, subtitle: str, period: str,
                 partnership: str) -> None:
    slide = canvas.slide(programme or subtitle, footer=False)
    chrome.cover_background(slide)
    width = theme.SLIDE_WIDTH - 4 * theme.MARGIN
    x = 2 * theme.MARGIN
    y = 150.0
    blocks = [(programme, Style(theme.TITLE_SLIDE_SIZE, bold=True, colour=theme.WHITE,
                                  title=True), 3, "Title"),
              (subtitle, Style(theme.TITLE_SIZE, colour=theme.WHITE), 2, "Subtitle"),
              (period, Style(20.0, bold=True, colour=theme.WHITE), 1, "Period"),
              (partnership, Style(16.0, colour=theme.WHITE), 2, "Partnership")]
    for text, style, most, name in blocks:
        if not text:
            continue
        lines = clip(wrap_runs([(text, style)], width - 2 * theme.TEXT_INSET_X), most, width)
        height = len(lines) * style.line_height
        draw.add_text(slide, x, y, width, height, [draw.Para(lines, style)], name=name)
        y += height + 14.0
    draw.add_rect(slide, x + theme.TEXT_INSET_X, 132.0, 120.0, 4.0, theme.WHITE, name="Rule")


def _fix_embedded_workbooks(prs: PresentationType) -> None:
    """Give the workbooks behind charts fixed zip times and document stamps too, in the
    presentation before it is written (rather than rewriting the whole written package)."""
    for part in prs.part.package.iter_parts():
        name = str(part.partname)
        if name.startswith("/ppt/embeddings/") and name.endswith(".xlsx"):
            part.blob = reproducible_bytes(part.blob)


def draw_highlight(canvas: Canvas, dataset: Dataset, *, by: str = "workstream") -> None:
    """The highlight report, in the order a programme board reads it.

    Title slide; the strategic objectives (and the workstreams that deliver each) and the
    programme overview, when the programme office's return fills those sheets; the portfolio
    summary and the milestone slippage (when any open milestone is forecast after its baseline);
    a slide per open workstream; then the portfolio roll-ups: the critical path of each
    R&R workstream group, the closed work streams ("Celebrating Success") and the
    task-and-finish group actions. A family with nothing to show draws no slide.
    """
    views = workstream_views(dataset, cast(Grouping, by))
    regions = regions_of(dataset, DeckSpec.of(dataset.tracker))
    title_slide(canvas, dataset)
    add_objective_slides(canvas, dataset)
    add_programme_slides(canvas, dataset)
    add_portfolio_slides(canvas, portfolio_view(dataset), aside=canvas.period)
    add_slippage_slides(canvas, dataset)
    headers = {s.name: {c.key: c.header for c in s.columns} for s in dataset.tracker.sheets}
    for view in views:
        title = TITLE_PREFIX + view.name
        if by == "region" and len(regions) > 1:
            title += f" \u2013 {view.regions[0]}"
        add_highlight_slides(canvas, view, title=title, headers=headers)
    add_critical_path_slides(canvas, dataset)
    add_closed_slides(canvas, dataset)
    add_tf_action_slides(canvas, dataset)


def title_slide(canvas: Canvas, dataset: Dataset, subtitle: str | None = None) -> None:
    """The opening slide every format shares: programme, report title, period, partnership."""
    _title_slide(canvas, dataset.programme, subtitle or dataset.tracker.title, canvas.period,
                 canvas.partnership)


def build_deck(dataset: Dataset, path: Path | str, *, by: str = "workstream",
               area: str | None = None, brand: Path | str | None = None,
               max_slides: int | None = MAX_SLIDES) -> DeckResult:
    """Write the deck for ``dataset`` to ``path`` in its tracker's report format.

    The format comes from the declaration (``deck: format:``, default ``highlight``; see
    ``pcxl.deck.formats``). For the highlight report, ``by="workstream"`` gives one slide per
    workstream with every region reporting it, ``by="region"`` one slide per region and
    workstream. ``area`` names the partnership in the footer; it defaults to the regions joined
    ("West Sussex, East Sussex and Brighton and Hove"). ``brand`` is an organisation's own 16:9
    PowerPoint template whose master, theme colours and fonts the deck takes (see
    ``pcxl.deck.brand``); without it the deck is in the NHS identity, Arial. A deck that would
    pass ``max_slides`` slides (None: no limit) stops with a DeckTooLargeError saying how to
    draw a smaller one. Each slide is kept as compressed bytes once drawn
    (``pcxl.deck.frozen``), so memory stays flat however many slides there are.
    """
    spec = DeckSpec.of(dataset.tracker)
    regions = regions_of(dataset, spec)
    area = area if area is not None else join_names(regions)
    partnership = spec.footer.format(area=area) if spec.footer else ""
    template = brands.open_brand(brand) if brand is not None else None
    prs = new_presentation(dataset.programme or dataset.tracker.title,
                           template.prs if template else None)
    canvas = Canvas(prs, partnership, dataset.period,
                    layout=template.slide_layout if template else None, max_slides=max_slides)
    try:
        with brands.applied(template), new_objects_collected():
            deck_format(dataset.tracker)(canvas, dataset, by=by)
    except DeckTooLargeError as exc:
        raise DeckTooLargeError(exc.limit, TOO_LARGE_ADVICE[by == "region"]) from None
    canvas.finish()
    path = Path(path)
    with atomic_output(path) as tmp:
        _fix_embedded_workbooks(prs)
        prs.save(str(tmp))
        reproducible_zip(tmp)
    return DeckResult(path, len(canvas.titles), list(canvas.titles))
