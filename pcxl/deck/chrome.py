"""The frame every content slide shares: the Dark Blue title band, section headings, the footer.

The title band grows to fit its title (measured with real metrics: one line if it fits at or a
little under ``TITLE_SIZE``, else two lines at the largest size down to ``TITLE_MIN_SIZE``) and,
on a highlight slide, the RAG boxes on its right; ``title_band`` returns where the band ends so
the body starts below. ``band_height`` measures the same without drawing, for pagination.

With a brand template applied, the band, the footer and the cover background stay clear of the
logos on its master (``theme.Look.logos``): the band ends beside a logo in the top corners and is
at least as tall as it, the footer's texts and rule keep beside a logo in the bottom corners.

With history, a RAG box reads its word then its trend against last period (``rag_text``): ▲ better,
▼ worse, ► the same; the boxes are measured with the arrows, so the band still fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pptx.slide import Slide

from pcxl.deck import draw, theme
from pcxl.deck.changes import TREND_MARKS
from pcxl.deck.content import Rating
from pcxl.deck.layout import Style, cell_lines, text_width, wrap_runs

CONT = " (cont.)"
BAND_PAD = 7.0
NOT_RATED = "Not rated"
HEADING_STYLE = Style(theme.HEADING_SIZE, bold=True, colour=theme.WHITE)
HEADING_HEIGHT = HEADING_STYLE.line_height + 2 * theme.HEADING_PAD
RAG_STYLE = Style(theme.TABLE_SIZE, bold=True)
RAG_LABEL_STYLE = Style(theme.TABLE_SIZE, bold=True, colour=theme.WHITE)


@dataclass(frozen=True)
class RagGrid:
    """The RAG boxes of a title band: one row per label, one column per region."""

    labels: Sequence[str]
    regions: Sequence[str]
    ratings: Sequence[Rating]

    def rating(self, label: str, region: str) -> Rating | None:
        return next((r for r in self.ratings if r.label == label and r.region == region), None)


def rag_text(rating: Rating | None) -> str:
    """What a RAG box reads: the word (or "Not rated"), then its trend arrow when it has one."""
    word = rating.word if rating and rating.word else NOT_RATED
    if rating and rating.word and rating.trend:
        return f"{word} {TREND_MARKS[rating.trend]}"
    return word


def _rag_rows(grid: RagGrid) -> tuple[list[float], list[draw.Row]]:
    label_w = max(text_width(label, RAG_LABEL_STYLE) for label in grid.labels)
    label_w = label_w + 2 * theme.CELL_MARGIN_X + 4
    arrowed = [rag_text(r) for r in grid.ratings if r.word and r.trend]
    word_w = max(text_width(w, RAG_STYLE) for w in ("Amber", NOT_RATED, *arrowed))
    region_w = max(word_w + 2 * theme.CELL_MARGIN_X + 4, 62.0)
    if len(grid.regions) > 1:
        longest = max(text_width(r, RAG_LABEL_STYLE) for r in grid.regions)
        region_w = min(max(region_w, longest / 2 + 2 * theme.CELL_MARGIN_X + 8), 96.0)
    widths = [label_w] + [region_w] * len(grid.regions)
    rows: list[draw.Row] = []
    line = RAG_STYLE.line_height
    if len(grid.regions) > 1:
        cells = [draw.Cell([], RAG_LABEL_STYLE)]
        cells += [draw.Cell(cell_lines([(r, RAG_LABEL_STYLE)], region_w), RAG_LABEL_STYLE,
                            align="centre", anchor="bottom") for r in grid.regions]
        tallest = max(len(c.lines) for c in cells[1:])
        rows.append(draw.Row(cells, tallest * line + 2 * theme.CELL_MARGIN_Y, header=True))
    for label in grid.labels:
        cells = [draw.Cell(cell_lines([(label, RAG_LABEL_STYLE)], label_w), RAG_LABEL_STYLE,
                           align="right", anchor="middle")]
        for region in grid.regions:
            rating = grid.rating(label, region)
            word = rag_text(rating)
            fill = rating.colour if rating and rating.colour else theme.PALE_GREY
            style = Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(fill))
            cells.append(draw.Cell(cell_lines([(word, style)], region_w), style, fill, "centre",
                                   "middle"))
        tallest = max(len(c.lines) for c in cells)
        rows.append(draw.Row(cells, max(tallest * line + 2 * theme.CELL_MARGIN_Y + 4, 21.0)))
    return widths, rows


ONE_LINE_SIZES = (theme.TITLE_SIZE, theme.TITLE_SIZE - 2, theme.TITLE_SIZE - 4)


def fit_title(title: str, width: float) -> tuple[Style, list]:
    """The title's size and lines: one line if it fits at a size close to ``TITLE_SIZE``,
    else the largest size (down to ``TITLE_MIN_SIZE``) at which it wraps to two lines."""
    for size in ONE_LINE_SIZES:
        style = Style(size, bold=True, colour=theme.WHITE, title=True)
        lines = wrap_runs([(title, style)], width - 2 * theme.TEXT_INSET_X)
        if len(lines) == 1:
            return style, lines
    size = theme.TITLE_SIZE
    while True:
        style = Style(size, bold=True, colour=theme.WHITE, title=True)
        lines = wrap_runs([(title, style)], width - 2 * theme.TEXT_INSET_X)
        if len(lines) <= 2 or size <= theme.TITLE_MIN_SIZE:
            return style, lines
        size -= 2


def _logos(top: float, bottom: float) -> list[theme.Box]:
    """The brand's logos reaching into the stretch from ``top`` to ``bottom`` (points)."""
    look = theme.current()
    return [b for b in (look.logos if look else ()) if b[1] < bottom and b[3] > top]


def free_span(lo: float, hi: float, logos: Sequence[theme.Box]) -> tuple[float, float]:
    """The widest stretch of ``lo``..``hi`` that no logo covers (with a ``GAP`` around each)."""
    spans = [(lo, hi)]
    for left, _, right, _ in logos:
        cut_lo, cut_hi = left - theme.GAP, right + theme.GAP
        spans = [piece for a, b in spans for piece in ((a, min(b, cut_lo)), (max(a, cut_hi), b))
                 if piece[1] > piece[0]]
    return max(spans, key=lambda span: span[1] - span[0], default=(lo, hi))


def _band_logos() -> list[theme.Box]:
    """Logos in the top corners: within the top quarter of the slide, above its middle."""
    return [b for b in _logos(0.0, theme.SLIDE_HEIGHT / 4) if b[3] <= theme.SLIDE_HEIGHT / 2]


@dataclass(frozen=True)
class _Band:
    title: Style
    lines: list
    title_width: float
    widths: list[float]
    rows: list[draw.Row]
    aside: str
    aside_width: float
    height: float
    left: float = 0.0
    right: float = theme.SLIDE_WIDTH


_ASIDE_STYLE = Style(theme.HEADER_SIZE, bold=True, colour=theme.WHITE)


def _band(title: str, grid: RagGrid | None, aside: str) -> _Band:
    logos = _band_logos()
    left, right = free_span(0.0, theme.SLIDE_WIDTH, logos)
    width = right - left - 2 * theme.MARGIN
    widths: list[float] = []
    rows: list[draw.Row] = []
    if grid and grid.labels and grid.regions:
        widths, rows = _rag_rows(grid)
    aside_w = text_width(aside, _ASIDE_STYLE) + 2 * theme.TEXT_INSET_X + 2 if aside else 0.0
    right_w = sum(widths) or aside_w
    title_w = width - right_w - (theme.GUTTER if right_w else 0)
    style, lines = fit_title(title, title_w)
    height = max(len(lines) * style.line_height, sum(r.height for r in rows), 40.0)
    height = max([height + 2 * BAND_PAD] + [b[3] + theme.GAP for b in logos])
    return _Band(style, lines, title_w, widths, rows, aside, aside_w, height, left, right)


def band_height(title: str, grid: RagGrid | None = None, *, aside: str = "") -> float:
    """How tall the title band for ``title`` (and its RAG boxes) will be, in points."""
    return _band(title, grid, aside).height


def title_band(slide: Slide, title: str, grid: RagGrid | None = None, *,
               aside: str = "") -> float:
    """Draw the title band (and RAG boxes, or a short ``aside`` text); return its bottom edge."""
    band = _band(title, grid, aside)
    height = band.height
    draw.add_rect(slide, band.left, 0, band.right - band.left, height, theme.DARK_BLUE,
                  name="Title band")
    draw.add_text(slide, band.left + theme.MARGIN, BAND_PAD, band.title_width,
                  height - 2 * BAND_PAD, [draw.Para(band.lines, band.title)], name="Title",
                  anchor="middle")
    if band.rows:
        rag_h = sum(r.height for r in band.rows)
        draw.add_table(slide, band.right - theme.MARGIN - sum(band.widths),
                       (height - rag_h) / 2, band.widths, band.rows, name="RAG",
                       border=theme.DARK_BLUE, border_width=1.5, header_column=True)
    elif aside:
        draw.add_text(slide, band.right - theme.MARGIN - band.aside_width, BAND_PAD,
                      band.aside_width, height - 2 * BAND_PAD,
                      [draw.Para(wrap_runs([(aside, _ASIDE_STYLE)], band.aside_width * 2),
                                 _ASIDE_STYLE, align="right")], name="Aside", anchor="middle")
    return height


def heading(slide: Slide, x: float, y: float, w: float, text: str, *,
            name: str = "Heading") -> float:
    """A section heading bar (NHS Blue, white bold); returns its height."""
    draw.add_rect(slide, x, y, w, HEADING_HEIGHT, theme.NHS_BLUE, name=f"{name} bar")
    lines = wrap_runs([(text, HEADING_STYLE)], 10_000)
    draw.add_text(slide, x, y, w, HEADING_HEIGHT, [draw.Para(lines, HEADING_STYLE)],
                  name=name, anchor="middle", inset_x=theme.TEXT_INSET_X + 2)
    return HEADING_HEIGHT


def footer(slide: Slide, partnership: str, period: str, page: int) -> None:
    """The footer: partnership line left, reporting period and page number right."""
    top = theme.FOOTER_TOP
    logos = [b for b in _logos(top, theme.SLIDE_HEIGHT) if b[1] >= theme.SLIDE_HEIGHT / 2]
    left, right = free_span(theme.MARGIN, theme.SLIDE_WIDTH - theme.MARGIN, logos)
    width = right - left
    draw.add_rect(slide, left, top, width, 1.5, theme.NHS_BLUE, name="Footer rule")
    y, h = top + 4, theme.FOOTER_HEIGHT - 4
    strong = Style(theme.FOOTER_SIZE, bold=True, colour=theme.NHS_BLUE)
    plain = Style(theme.FOOTER_SIZE, colour=theme.TEXT)
    page_w = 40.0
    period_w = text_width(period, plain) + 2 if period else 0.0
    part_w = width - page_w - period_w - 2 * theme.GUTTER
    if partnership:  # only a footer the declaration gives (deck: footer:)
        draw.add_text(slide, left, y, part_w, h,
                      [draw.Para(wrap_runs([(partnership, strong)], part_w)[:2], strong)],
                      name="Footer", inset_x=0)
    if period:
        draw.add_text(slide, right - page_w - theme.GUTTER - period_w,
                      y, period_w, h, [draw.Para(wrap_runs([(period, plain)], period_w * 2),
                                                 plain, align="right")],
                      name="Period", inset_x=0)
    draw.add_text(slide, right - page_w, y, page_w, h,
                  [draw.Para(wrap_runs([(str(page), plain)], page_w * 2), plain, align="right")],
                  name="Page number", inset_x=0)


def cover_background(slide: Slide) -> None:
    """The full-bleed NHS Blue background of a title slide, short of a brand's corner logos."""
    half = theme.SLIDE_HEIGHT / 2
    top = max([0.0] + [b[3] + theme.GAP for b in _logos(0.0, half) if b[1] < half / 2])
    bottom = min([theme.SLIDE_HEIGHT] + [b[1] - theme.GAP for b in _logos(half, theme.SLIDE_HEIGHT)
                                         if b[3] > 1.5 * half])
    draw.add_rect(slide, 0, top, theme.SLIDE_WIDTH, bottom - top, theme.NHS_BLUE,
                  name="Background")
