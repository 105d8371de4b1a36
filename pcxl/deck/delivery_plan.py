"""Delivery plan slides, in the layout of seed 004 (Delivery Plan Appendix 3, Worcestershire).

After the shared title slide, the plan's table on as many slides as it needs, every one under the
plan's title ("Delivery Plan Appendix 3 Worcestershire", from the About sheet's Plan title,
Appendix number and Plan area) with the plan's date beside it, and every one starting with the
header row: Schemes / Key deliverables / Baseline position / Investment (inc dates) / Action /
milestone / Action owner (organisation) / Milestone delivery date / Success measure / KPIs / Plan
trajectory (the headers as declared). Each theme ("GPFV – Model of care") is a full-width shaded
row; under it each scheme, in italics, is one cell spanning its action rows (a real vertical merge),
and so is any run of the same text on consecutive rows of the scheme in any other column (the
deliverables, baseline and investment an action shares with the next, an owner, a date, a success
measure), as the plan's own table merges them. Dates are the date column's label with its Date
note ("From 17/18", "Apr 2017 onwards", "a/a"). A line typed with a list mark ("•", "-", "o") is
a real bullet.

Nothing is shrunk below the table minimum (10 pt). A scheme that does not fit in what is left of a
slide moves to the next one if it fits there whole, else it is split between rows (or inside a
row taller than a slide): the next slide, titled "... (cont.)", repeats the header row, the theme
row marked "(cont.)" and the scheme's name, continues the text of every merged cell the break cut,
and repeats (cut to fit, with an ellipsis) the merged cells the break left behind, so the reader
of any slide knows which scheme, deliverable and owner its rows belong to.

``by="workstream"`` (the default) draws one plan joining every region's rows theme by theme, with
each scheme's region under its name when several regions return; ``by="region"`` draws each
region's plan on its own run of slides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.dates import read_date
from pcxl.deck import chrome, flow, theme
from pcxl.deck import draw as shapes
from pcxl.deck.build import title_slide
from pcxl.deck.canvas import Canvas
from pcxl.deck.cell_bullets import bulletise, cell_paragraphs, typed_paragraphs
from pcxl.deck.cell_text import text
from pcxl.deck.content import DeckSpec, regions_of
from pcxl.deck.flow import CELL
from pcxl.deck.layout import Line, Segment, Style, cell_lines, clip
from pcxl.vocab import fold

THEMES = "Themes"
PLAN = "Plan"
TABLE_NAME = "Delivery plan"
NO_ROWS = "No plan rows returned."
DEFAULT_TITLE = "Delivery Plan"

# The table's columns, left to right, and their share of the slide's width: the action and the
# narrative columns get the most room, the owner, date and KPIs the least.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("scheme", 0.100), ("deliverables", 0.125), ("baseline", 0.135), ("investment", 0.100),
    ("action", 0.158), ("owner", 0.090), ("milestone_date", 0.094), ("success", 0.120),
    ("kpis", 0.078),
)
DATE = "milestone_date"
NOTE = "date_note"
# A date note whose last word is one of these reads before the date ("From 17/18").
BEFORE_DATE = frozenset({"from", "by", "before", "until", "till", "after", "live", "due",
                         "starting", "commencing", "beginning", "w/c"})

SCHEME_STYLE = Style(theme.TABLE_SIZE, italic=True)
REGION_STYLE = Style(theme.TABLE_SIZE, colour=theme.DARK_BLUE)
THEME_STYLE = Style(theme.HEADER_SIZE, bold=True, colour=theme.DARK_BLUE)
THEME_FILL = theme.PALE_GREY
NOTE_STYLE = Style(theme.TABLE_SIZE, italic=True)

LINE = CELL.line_height
PAD = 2 * theme.CELL_MARGIN_Y
# A break inside a row leaves at least this many lines of it on the slide; and a break between
# rows that would leave more than this share of the slide empty breaks inside the next row instead.
MIN_CUT_LINES = 2
MAX_WASTE = 0.35
# A scheme is split at the foot of a slide only when at least this share of the slide is left;
# else it starts on the next slide.
MIN_SPLIT_ROOM = 0.3
_EPSILON = 0.01


# --- What the table shows -------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeBlock:
    """One scheme of one region under one theme: its action rows, each a text per column."""

    theme: str
    scheme: str
    region: str
    rows: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Section:
    """A theme and its schemes, in the plan's order."""

    theme: str
    blocks: tuple[SchemeBlock, ...]


def date_text(label: str, note: str) -> str:
    """The date cell: the date's label with its note before or after it, as a plan writes it.

    >>> date_text("17/18", "From"), date_text("Apr 2017", "onwards"), date_text("", "a/a")
    ('From 17/18', 'Apr 2017 onwards', 'a/a')
    """
    label, note = label.strip(), note.strip()
    if not note or not label:
        return label or note
    if note[0] in ".,;:?!":
        return label + note
    if note.split()[-1].lower().strip(".,:;") in BEFORE_DATE:
        return f"{note} {label}"
    return f"{label} {note}"


def plan_title(dataset: Dataset) -> str:
    """``<Plan title> Appendix <n> <Plan area>`` from the About values the returns share."""
    about = dataset.about
    parts = [text(about.get("plan_title")) or DEFAULT_TITLE]
    appendix = text(about.get("appendix"))
    if appendix:
        parts.append(appendix if appendix.lower().startswith("appendix") else
                     f"Appendix {appendix}")
    area = text(about.get("plan_area"))
    if area:
        parts.append(area)
    return " ".join(parts)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def plan_date(dataset: Dataset) -> str:
    """The plan's date as its title shows it: ``21 February 2017`` (a month or quarter as its
    label), from the About sheet's Plan date; the reporting period when it cannot be read."""
    raw = text(dataset.about.get("period"))
    iso = _ISO.match(raw)
    reading = read_date(iso.group(0) if iso else raw)
    found = reading.last
    if found is None:
        return dataset.period
    if found.precision == "day":
        return f"{found.start.day} {found.start:%B %Y}"
    return found.label


def _theme_order(dataset: Dataset, rows: pd.DataFrame) -> list[str]:
    """Themes as the Themes sheets list them (first listing first), then any others as used."""
    listed = dataset.frames.get(THEMES)
    names = [text(v) for v in listed["theme"]] if listed is not None and len(listed) else []
    names += [text(v) for v in rows["theme"]] if len(rows) else []
    order: dict[str, str] = {}
    for name in names:
        if name:
            order.setdefault(fold(name), name)
    return list(order.values())


def _cell_texts(row: pd.Series, keys: Sequence[str]) -> dict[str, str]:
    texts = {k: text(row.get(k)) for k in keys if k != DATE}
    texts[DATE] = date_text(text(row.get(f"{DATE}_label")), text(row.get(NOTE)))
    return texts


def plan_sections(dataset: Dataset, regions: Sequence[str] | None = None) -> list[Section]:
    """The plan's sections: each theme in order, and under it each scheme's block of rows.

    Schemes keep the order they are first returned in (regions in the order read, rows in sheet
    order); the same scheme returned by several regions gives one block per region, together.
    """
    frame = dataset.frames.get(PLAN)
    if frame is None or frame.empty:
        return []
    if regions is not None:
        frame = frame[frame["region"].isin(list(regions))]
    keys = [k for k, _ in COLUMNS]
    sections = []
    for name in _theme_order(dataset, frame):
        rows = frame[frame["theme"].map(lambda v, n=name: fold(text(v)) == fold(n))]
        schemes: dict[str, dict[str, list[dict[str, str]]]] = {}
        for _, row in rows.iterrows():
            scheme = text(row["scheme"])
            schemes.setdefault(fold(scheme), {}).setdefault(text(row["region"]), []).append(
                _cell_texts(row, keys))
        blocks = [SchemeBlock(name, cells[0]["scheme"], region, tuple(cells))
                  for by_region in schemes.values() for region, cells in by_region.items()]
        if blocks:
            sections.append(Section(name, tuple(blocks)))
    return sections


def column_widths(width: float) -> list[float]:
    """Each column's width in points: its share of ``width``."""
    total = sum(share for _, share in COLUMNS)
    widths = [round(width * share / total, 1) for _, share in COLUMNS]
    widths[-1] = round(width - sum(widths[:-1]), 1)
    return widths


# --- Measured blocks: merged cells as spans over rows ---------------------------------------


@dataclass(frozen=True)
class Span:
    """A cell covering rows ``first`` to ``last`` of a part in ``column``: the lines it shows
    there, and its whole text (to repeat on a slide the break left it behind on)."""

    column: int
    first: int
    last: int
    lines: tuple[Line, ...]
    whole: tuple[Line, ...]
    style: Style
    repeat: bool = False  # the scheme column: always shown whole on a continuation


@dataclass(frozen=True)
class Part:
    """Rows of one scheme block on one slide (all of it, or a piece), with measured heights."""

    spans: tuple[Span, ...]
    heights: tuple[float, ...]
    scheme: str = ""

    @property
    def height(self) -> float:
        return sum(self.heights)

    @property
    def rows(self) -> int:
        return len(self.heights)


def solve_heights(rows: int, spans: Sequence[Span]) -> list[float]:
    """Row heights that fit every span: single-row cells set their row, and a merged cell longer
    than its rows together shares the extra height evenly among them."""
    heights = [PAD + LINE] * rows
    for span in spans:
        if span.first == span.last:
            heights[span.first] = max(heights[span.first], PAD + len(span.lines) * LINE)
    for span in sorted((s for s in spans if s.last > s.first), key=lambda s: s.last - s.first):
        need = PAD + len(span.lines) * LINE
        have = sum(heights[span.first:span.last + 1])
        if need > have + _EPSILON:
            extra = (need - have) / (span.last - span.first + 1)
            for r in range(span.first, span.last + 1):
                heights[r] += extra
    return heights


def _runs(block: SchemeBlock, key: str, value: str, show_region: bool) -> list[Segment]:
    if key == "scheme":
        runs: list[Segment] = [(block.scheme, SCHEME_STYLE)]
        if show_region and block.region:
            runs.append(("\n" + block.region, REGION_STYLE))
        return runs
    return [(value, CELL)] if value else []


def measure_block(block: SchemeBlock, widths: Sequence[float], *, show_region: bool) -> Part:
    """The block as spans: the scheme across every row; in every other column each run of the
    same text on consecutive rows one merged cell."""
    spans: list[Span] = []
    count = len(block.rows)
    for column, ((key, _), width) in enumerate(zip(COLUMNS, widths, strict=True)):
        runs_of: list[tuple[int, int, str]] = []
        for r, cells in enumerate(block.rows):
            value = cells.get(key, "")
            if runs_of and (key == "scheme" or runs_of[-1][2] == value):
                runs_of[-1] = (runs_of[-1][0], r, value)
            else:
                runs_of.append((r, r, value))
        for first, last, value in runs_of:
            runs = _runs(block, key, value, show_region)
            if key == "scheme" or not runs:
                lines = tuple(cell_lines(runs, width)) if runs else ()
            else:  # typed list marks become real bullets (``bullet_cells``)
                lines = tuple(cell_paragraphs(typed_paragraphs(value), width))
            style = runs[0][1] if runs else CELL
            spans.append(Span(column, first, last, lines, lines, style, repeat=key == "scheme"))
    return Part(tuple(spans), tuple(solve_heights(count, spans)), block.scheme)


def _tops(heights: Sequence[float]) -> list[float]:
    tops, y = [], 0.0
    for h in heights:
        tops.append(y)
        y += h
    return tops


def split_part(part: Part, cut: float, widths: Sequence[float]) -> tuple[Part, Part]:
    """Split ``part`` at ``cut`` points from its top (between rows, or inside a row).

    Each merged cell the cut crosses keeps the lines that fit above it and continues with the
    rest below; a cell whose text all fits above is repeated below (the scheme whole, any other
    cut to the room its rows have, ending in an ellipsis).
    """
    tops = _tops(part.heights)
    ends = [t + h for t, h in zip(tops, part.heights, strict=True)]
    last_top = max(r for r in range(part.rows) if tops[r] < cut - _EPSILON)
    inside = ends[last_top] > cut + _EPSILON
    start = last_top if inside else last_top + 1
    top_heights = [*part.heights[:last_top],
                   cut - tops[last_top] if inside else part.heights[last_top]]
    top_spans: list[Span] = []
    rest_spans: list[Span] = []
    repeats: list[Span] = []
    for span in part.spans:
        begin, end = tops[span.first], ends[span.last]
        if end <= cut + _EPSILON:
            top_spans.append(span)
            continue
        shifted_first = max(span.first, start) - start
        shifted = replace(span, first=shifted_first, last=span.last - start)
        if begin >= cut - _EPSILON:
            rest_spans.append(shifted)
            continue
        if span.repeat:  # the scheme: whole above the cut (the row grows if need be), and below
            need = PAD + len(span.lines) * LINE - (cut - begin)
            if need > _EPSILON:
                top_heights[-1] += need
            top_spans.append(replace(span, last=last_top))
            rest_spans.append(replace(shifted, lines=span.whole))
            continue
        used = max(0, min(len(span.lines), math.floor((cut - begin - PAD) / LINE + _EPSILON)))
        top_spans.append(replace(span, last=last_top, lines=span.lines[:used]))
        remaining = span.lines[used:]
        if remaining:
            rest_spans.append(replace(shifted, lines=remaining))
        else:
            repeats.append(replace(shifted, lines=()))
    rows = part.rows - start
    heights = solve_heights(rows, rest_spans)
    for span in repeats:
        room = sum(heights[span.first:span.last + 1]) - PAD
        fit = math.floor(room / LINE + _EPSILON)
        lines = tuple(clip(span.whole, fit, widths[span.column] - 2 * theme.CELL_MARGIN_X)) \
            if fit >= 1 and span.whole else ()
        rest_spans.append(replace(span, lines=lines))
    rest_spans.sort(key=lambda s: (s.column, s.first))
    return (Part(tuple(top_spans), tuple(top_heights), part.scheme),
            Part(tuple(rest_spans), tuple(heights), part.scheme))


def _scheme_need(part: Part) -> float:
    """The height the scheme's cell needs at the top of a part: it is never cut."""
    return max((PAD + len(s.lines) * LINE for s in part.spans if s.repeat), default=0.0)


def choose_cut(part: Part, room: float, fresh: float) -> float | None:
    """Where to break ``part`` so its top fits in ``room``: after the last whole row that fits,
    unless that wastes much of the slide or no row fits, then inside the next row (keeping at
    least MIN_CUT_LINES of it). None when nothing sensible fits: start a new slide."""
    tops = _tops(part.heights)
    whole = 0
    while whole < part.rows and tops[whole] + part.heights[whole] <= room + _EPSILON:
        whole += 1
    boundary = tops[whole] if whole < part.rows else part.height
    left = room - boundary
    row_fits_fresh = whole < part.rows and part.heights[whole] <= fresh + _EPSILON
    lines = math.floor((left - PAD) / LINE + _EPSILON)
    if whole and row_fits_fresh and left <= MAX_WASTE * fresh:
        cut: float | None = boundary
    elif whole < part.rows and lines >= MIN_CUT_LINES:
        cut = boundary + PAD + lines * LINE
    else:
        cut = boundary if whole else None
    if cut is None or max(cut, _scheme_need(part)) > room + _EPSILON:
        return None
    return cut


# --- Pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    cont: bool = False

    @property
    def label(self) -> str:
        return self.theme + (chrome.CONT if self.cont else "")


@dataclass
class Page:
    entries: list[ThemeRow | Part] = field(default_factory=list)

    @property
    def has_rows(self) -> bool:
        return any(isinstance(e, Part) for e in self.entries)


def theme_row_height(label: str, width: float) -> float:
    return PAD + len(cell_lines([(label, THEME_STYLE)], width)) * THEME_STYLE.line_height


def paginate_plan(sections: Sequence[Section], widths: Sequence[float], body: float, *,
                  show_region: bool) -> list[Page]:
    """Lay the sections out on pages ``body`` points tall (below the header row).

    Every page starts with a theme row (the theme's own, or "(cont.)" when it carries on). A
    scheme goes whole where it fits, else whole on a new page if it fits one, else is split.
    """
    width = sum(widths)
    pages: list[Page] = []
    room = 0.0

    def new_page(row: ThemeRow) -> None:
        nonlocal room
        pages.append(Page([row]))
        room = body - theme_row_height(row.label, width)

    for section in sections:
        parts = [measure_block(b, widths, show_region=show_region) for b in section.blocks]
        own = ThemeRow(section.theme)
        fresh = body - theme_row_height(ThemeRow(section.theme, True).label, width)
        head = theme_row_height(own.label, width)
        first = parts[0]
        if not pages:
            new_page(own)
        elif first.height <= room - head + _EPSILON or (
                first.height > fresh and room - head >= MIN_SPLIT_ROOM * fresh
                and choose_cut(first, room - head, fresh) is not None):
            pages[-1].entries.append(own)
            room -= head
        else:
            new_page(own)
        for part in parts:
            for _ in range(10_000):
                if part.height <= room + _EPSILON:
                    pages[-1].entries.append(part)
                    room -= part.height
                    break
                if pages[-1].has_rows and (part.height <= fresh + _EPSILON
                                           or room < MIN_SPLIT_ROOM * fresh):
                    new_page(ThemeRow(section.theme, True))
                    continue
                cut = choose_cut(part, room, fresh)
                if cut is None and not pages[-1].has_rows:
                    cut = PAD + max(MIN_CUT_LINES, math.floor((room - PAD) / LINE)) * LINE
                if cut is None:
                    new_page(ThemeRow(section.theme, True))
                    continue
                top, part = split_part(part, cut, widths)
                pages[-1].entries.append(top)
                new_page(ThemeRow(section.theme, True))
            else:  # pragma: no cover - a layout that cannot progress is a bug, not a slide
                raise RuntimeError(f"cannot lay out the scheme {part.scheme!r}")
    return pages or [Page()]


# --- Drawing --------------------------------------------------------------------------------


def _page_rows(page: Page, widths: Sequence[float], header: shapes.Row
               ) -> tuple[list[shapes.Row], list[tuple[int, int, int, int]]]:
    """The table rows of a page and the cell ranges to merge (row, column, last row, column)."""
    count = len(widths)
    rows = [header]
    merges: list[tuple[int, int, int, int]] = []
    width = sum(widths)
    for entry in page.entries:
        r = len(rows)
        if isinstance(entry, ThemeRow):
            lines = cell_lines([(entry.label, THEME_STYLE)], width)
            cells = [shapes.Cell(lines, THEME_STYLE, THEME_FILL, anchor="middle")]
            cells += [shapes.Cell([], THEME_STYLE, THEME_FILL) for _ in range(count - 1)]
            rows.append(shapes.Row(cells, theme_row_height(entry.label, width),
                                   meta={"theme": entry.theme, "cont": entry.cont}))
            merges.append((r, 0, r, count - 1))
            continue
        grid = [[shapes.Cell([], CELL) for _ in range(count)] for _ in entry.heights]
        for span in entry.spans:
            grid[span.first][span.column] = shapes.Cell(list(span.lines), span.style)
            if span.last > span.first:
                merges.append((r + span.first, span.column, r + span.last, span.column))
        for cells, height in zip(grid, entry.heights, strict=True):
            rows.append(shapes.Row(cells, height, meta={"scheme": entry.scheme}))
    if len(rows) == 1:
        empty = [shapes.Cell([], CELL) for _ in range(count)]
        empty[0] = shapes.Cell(cell_lines([(NO_ROWS, NOTE_STYLE)], widths[0] * 3), NOTE_STYLE)
        rows.append(shapes.Row(empty, PAD + 2 * LINE))
        merges.append((1, 0, 1, min(2, count - 1)))
    return rows, merges


def add_plan_slides(canvas: Canvas, dataset: Dataset, sections: Sequence[Section], *,
                    title: str, show_region: bool) -> int:
    """Add the plan's table slides under ``title``; returns how many were added."""
    width = theme.SLIDE_WIDTH - 2 * theme.MARGIN
    widths = column_widths(width)
    plan = dataset.tracker.sheet(PLAN)
    names = [plan.column(k).header for k, _ in COLUMNS]
    header = flow.header_row(names, widths)
    aside = plan_date(dataset)
    bottom = theme.FOOTER_TOP - theme.GAP
    band = max(chrome.band_height(title, aside=aside),
               chrome.band_height(title + chrome.CONT, aside=aside))
    body = bottom - band - theme.GAP - header.height
    pages = paginate_plan(sections, widths, body, show_region=show_region)
    for number, page in enumerate(pages):
        page_title = title if number == 0 else title + chrome.CONT
        slide = canvas.slide(page_title)
        top = chrome.title_band(slide, page_title, aside=aside) + theme.GAP
        rows, merges = _page_rows(page, widths, header)
        frame = shapes.add_table(slide, theme.MARGIN, top, widths, rows, name=TABLE_NAME)
        table = frame.table
        for r0, c0, r1, c1 in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
        for row, drawn in zip(list(table.rows)[1:], rows[1:], strict=True):
            if "scheme" in drawn.meta:
                for cell in list(row.cells)[1:]:
                    bulletise(cell, plain_indent=0.0)
    return len(pages)


def draw(canvas: Canvas, dataset: Dataset, *, by: str = "workstream") -> None:
    """The delivery plan: the shared title slide, then the plan's table theme by theme."""
    title = plan_title(dataset)
    title_slide(canvas, dataset, title)
    regions = regions_of(dataset, DeckSpec.of(dataset.tracker))
    if by == "region" and len(regions) > 1:
        for region in regions:
            add_plan_slides(canvas, dataset, plan_sections(dataset, [region]),
                            title=f"{title} \u2013 {region}", show_region=False)
        return
    add_plan_slides(canvas, dataset, plan_sections(dataset), title=title,
                    show_region=len(regions) > 1)
