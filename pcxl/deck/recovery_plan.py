"""Recovery plan slides, in the layout of seed 000 (PCIP Recovery Plan, NHS Lanarkshire).

After the shared title slide, the plan: a title band "<plan name> - <plan date>", the plan's
introduction paragraph, then one real table, Ref / Workstream / one narrative column per phase.
The phase columns are headed with the titles set on the returns' About sheet (``Phase 1 title``
...), so each plan keeps its own wording; a phase with neither a title nor any text is left out.
Each numbered section is a full-width shaded row (its ref, then its title across every other
column); the rows sort by ref as numbers, so 1.10 follows 1.9.

Refs are typed as two whole numbers (Section, No.), which the declaration validates; the table
shows them as "1.10". The rows are measured and paginated before anything is drawn: a row that
does not fit continues on the next slide, titled "... (cont.)", under the repeated header row and
its section's row marked "(cont.)", with its Ref and Workstream repeated. A row is split only
between sentences or paragraphs, each split cell ending and resuming with "(continued)"; where no
sentence fits, or only one cell would continue, the whole row moves on (``readable_pages``). A
line the team started with a list mark ("o", "O", "•", "-") is a real bullet. Nothing is shrunk
below the table minimum (10 pt) and nothing runs off the slide.

``by="workstream"`` (the default) draws one plan joining every region's sections; where several
regions report the same ref, each row names its region. ``by="region"`` draws each region's plan
on its own run of slides.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.deck import chrome, flow, theme
from pcxl.deck import draw as shapes
from pcxl.deck.build import join_names, title_slide
from pcxl.deck.canvas import Canvas
from pcxl.deck.cell_bullets import bulletise, cell_paragraphs, typed_paragraphs
from pcxl.deck.cell_text import text
from pcxl.deck.content import DeckSpec, regions_of
from pcxl.deck.flow import CELL, CELL_BOLD, CELL_NOTE, Item
from pcxl.deck.layout import Block, Slice, Style, cell_lines, clip, text_width, wrap_runs

SECTIONS = "Sections"
WORKSTREAMS = "Workstreams"
PHASE_PREFIX = "phase_"
TITLE_SUFFIX = "_title"
REF = "Ref"
TABLE_NAME = "Recovery plan"
NO_ROWS = "No workstreams reported."
SEPARATOR = " - "

WORKSTREAM_WIDTH = 120.0
REF_MIN_WIDTH = 34.0
INTRO_LINES = 10
# A row that does not fit in what is left of a slide is split there (as the plan's own document
# breaks rows across pages) when at least SPLIT_LINES of it fit and at least TAIL_LINES follow.
SPLIT_LINES = 5
TAIL_LINES = 3
_EPSILON = 0.01

SECTION_FILL = theme.PALE_GREY
SECTION_STYLE = Style(theme.TABLE_SIZE, bold=True, colour=theme.DARK_BLUE)
SECTION_NOTE = Style(theme.TABLE_SIZE, colour=theme.DARK_BLUE)
REGION_NOTE = Style(theme.TABLE_SIZE, italic=True, colour=theme.MUTED)
INTRO_STYLE = Style(theme.BULLET_SIZE)

_REF = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
CONTINUED = "(continued)"
MAX_SPLITS = 200


# --- Refs ---------------------------------------------------------------------------------------


def ref_key(ref: str) -> tuple[int, ...]:
    """A ref's sort key, its numbers part by part: ``"1.10"`` -> ``(1, 10)``.

    So 1.10 sorts after 1.9, 2 before 10, and a section (``"1"``) before its first workstream.
    Raises ValueError for anything that is not numbers joined by dots.
    """
    cleaned = str(ref).strip()
    if not _REF.fullmatch(cleaned):
        raise ValueError(f"{ref!r} is not a ref such as 1, 1.2 or 1.10")
    return tuple(int(part) for part in cleaned.split("."))


def sort_refs(refs: Iterable[str]) -> list[str]:
    """Refs in plan order: as numbers, part by part (1, 1.1, 1.2 ... 1.9, 1.10, 2, 2.1 ...)."""
    return sorted(refs, key=ref_key)


def _whole(value: object) -> int | None:
    """A whole number as typed (``1``, ``1.0``, ``"1"``), or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _ref(*parts: object) -> str:
    """The ref the plan shows: its whole numbers joined by dots, else the values as typed."""
    numbers = [_whole(p) for p in parts]
    if all(n is not None for n in numbers):
        return ".".join(str(n) for n in numbers)
    return ".".join(text(p) for p in parts)


def _order(ref: str) -> tuple[int, ...]:
    try:
        return ref_key(ref)
    except ValueError:
        return (sys.maxsize,)  # a malformed ref (only in unvalidated data) goes last


# --- What the plan shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    """One narrative column: its key in the Workstreams sheet and the title the plan gives it."""

    key: str
    title: str


@dataclass(frozen=True)
class PlanRow:
    """A row of the plan's table: a numbered section's heading, or a workstream."""

    ref: str
    title: str
    regions: tuple[str, ...]
    phases: tuple[str, ...] = ()
    section: bool = False
    whole: bool = False  # moved whole to the next slide rather than split
    lines: int = 0  # at least this tall: a split's first part fills its slide


@dataclass(frozen=True)
class PlanView:
    """Everything one run of plan slides shows."""

    title: str
    introduction: str
    phases: tuple[Phase, ...]
    rows: tuple[PlanRow, ...]
    regions: tuple[str, ...]


def plan_date(dataset: Dataset) -> str:
    """The plan's date as its title shows it: ``24/08/2020`` for a day, else the period label."""
    ends = set()
    if "period_end" in dataset.returns and len(dataset.returns):
        accepted = dataset.returns[dataset.returns["outcome"] == "accepted"]
        ends = {v for v in accepted["period_end"] if isinstance(v, dt.date)}
    if len(ends) == 1:
        (end,) = ends
        if isinstance(end, dt.datetime):
            end = end.date()
        if dataset.period == end.strftime("%d/%m/%y"):
            return end.strftime("%d/%m/%Y")
    return dataset.period


def plan_title(dataset: Dataset) -> str:
    """``<plan name> - <plan date>``, as the seed's title reads."""
    name = dataset.programme or dataset.tracker.title
    date = plan_date(dataset)
    return f"{name}{SEPARATOR}{date}" if date else name


def phases_of(dataset: Dataset) -> tuple[Phase, ...]:
    """The phase columns to show, in declared order, titled from the About sheet.

    A phase is shown when the plan gives it a title or any workstream has text in it; one with
    text but no title is headed with the column's own header (``Phase 4``).
    """
    sheet = dataset.tracker.sheet(WORKSTREAMS)
    frame = dataset.frames.get(WORKSTREAMS, pd.DataFrame())
    found = []
    for column in sheet.columns:
        if not column.key.startswith(PHASE_PREFIX):
            continue
        title = text(dataset.about.get(column.key + TITLE_SUFFIX))
        used = column.key in frame and any(text(v) for v in frame[column.key])
        if title or used:
            found.append(Phase(column.key, title or column.header))
    return tuple(found)


def _frame(dataset: Dataset, sheet: str, regions: Sequence[str]) -> pd.DataFrame:
    frame = dataset.frames.get(sheet)
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["region"])
    return frame[frame["region"].map(text).isin(list(regions))]


def plan_rows(dataset: Dataset, regions: Sequence[str],
              phases: Sequence[Phase]) -> tuple[PlanRow, ...]:
    """The table's rows in plan order: each section's row, then its workstreams, by ref.

    A section several regions list is one row naming them all; rows of the same ref from
    several regions follow each other in the order the regions were read.
    """
    order = {r: i for i, r in enumerate(regions)}
    sections: dict[str, list[tuple[str, str]]] = {}
    for _, row in _frame(dataset, SECTIONS, regions).iterrows():
        ref = _ref(row.get("section"))
        sections.setdefault(ref, []).append((text(row["region"]), text(row.get("title"))))
    rows: list[tuple[tuple, int, PlanRow]] = []
    for ref, pairs in sections.items():
        titles = list(dict.fromkeys(t for _, t in pairs if t))
        names = tuple(sorted(dict.fromkeys(r for r, _ in pairs), key=lambda r: order[r]))
        rows.append((_order(ref), -1, PlanRow(ref, " / ".join(titles), names, section=True)))
    for _, row in _frame(dataset, WORKSTREAMS, regions).iterrows():
        ref = _ref(row.get("section"), row.get("item"))
        region = text(row["region"])
        rows.append((_order(ref), order[region], PlanRow(
            ref, text(row.get("workstream")), (region,),
            tuple(text(row.get(p.key)) for p in phases))))
    rows.sort(key=lambda r: (r[0], r[1]))  # stable: a region's rows keep the order typed
    return tuple(r for _, _, r in rows)


def plan_view(dataset: Dataset, regions: Sequence[str], title: str) -> PlanView:
    """The plan of ``regions`` (all of the dataset's, or one) under ``title``."""
    phases = phases_of(dataset)
    return PlanView(title, text(dataset.about.get("introduction")), phases,
                    plan_rows(dataset, regions, phases), tuple(regions))


# --- Layout -------------------------------------------------------------------------------------


def column_widths(view: PlanView, width: float) -> list[float]:
    """Ref as wide as its longest ref, Workstream fixed, the phases sharing the rest equally."""
    refs = [r.ref for r in view.rows] or ["0.00"]
    ref_w = max(text_width(REF, flow.TABLE_HEAD),
                *(text_width(r, CELL_BOLD) for r in refs)) + 2 * theme.CELL_MARGIN_X + 4
    ref_w = round(max(ref_w, REF_MIN_WIDTH), 1)
    phase_w = (width - ref_w - WORKSTREAM_WIDTH) / max(len(view.phases), 1)
    return [ref_w, WORKSTREAM_WIDTH, *([phase_w] * len(view.phases))]


def section_row(row: PlanRow, widths: Sequence[float], *, several: bool,
                cont: bool = False) -> shapes.Row:
    """A section's shaded row: the ref, then the title measured across every other column (the
    cells are merged once drawn); ``several`` names the regions, ``cont`` marks a repeat."""
    runs = [(row.title + (chrome.CONT if cont else ""), SECTION_STYLE)]
    if several and row.regions:
        runs.append((f" \u2013 {join_names(list(row.regions))}", SECTION_NOTE))
    title = cell_lines(runs, sum(widths[1:]))
    cells = [shapes.Cell(cell_lines([(row.ref, SECTION_STYLE)], widths[0]), SECTION_STYLE,
                         SECTION_FILL),
             shapes.Cell(title, SECTION_STYLE, SECTION_FILL)]
    cells += [shapes.Cell([], CELL, SECTION_FILL) for _ in widths[2:]]
    height = len(title) * CELL.line_height + 2 * theme.CELL_MARGIN_Y
    return shapes.Row(cells, height, meta={"section": row.ref})


def workstream_row(row: PlanRow, widths: Sequence[float], *, show_region: bool) -> shapes.Row:
    """A workstream's row: bold ref and name (with its region when a ref has several), then
    one cell per phase; typed line breaks are kept."""
    name: list = [(row.title, CELL_BOLD)]
    if show_region:
        name.append(("\n" + join_names(list(row.regions)), REGION_NOTE))
    drawn = flow.table_row([[(row.ref, CELL_BOLD)], name], widths[:2])
    for text_, width in zip(row.phases, widths[2:], strict=True):
        lines = cell_paragraphs(typed_paragraphs(text_), width)
        drawn.cells.append(shapes.Cell(lines, CELL))
    tallest = max([len(c.lines) for c in drawn.cells] + [row.lines, 1])
    return shapes.Row(drawn.cells, tallest * CELL.line_height + 2 * theme.CELL_MARGIN_Y)


def _units(value: str) -> list[str]:
    """A cell's text as the places a reader can follow a break: its paragraphs and, within
    each, its sentences (each unit keeps the new line or space that followed it)."""
    units: list[str] = []
    for line in value.splitlines(keepends=True):
        parts = _SENTENCE_END.split(line)
        units += [p + " " for p in parts[:-1]] + [parts[-1]]
    return [u for u in units if u]


def _lines(value: str, width: float) -> int:
    return len(cell_paragraphs(typed_paragraphs(value), width))


def _split_cell(value: str, width: float, fit: int) -> tuple[str, str]:
    """The most whole sentences of ``value`` that fit ``fit`` lines (with "(continued)" after
    them when more follows), and the rest (after "(continued)")."""
    if _lines(value, width) <= fit:
        return value, ""
    units = _units(value)
    for k in range(len(units) - 1, 0, -1):
        head = "".join(units[:k]).rstrip()
        if _lines(f"{head} {CONTINUED}", width) <= fit:
            return f"{head} {CONTINUED}", f"{CONTINUED} " + "".join(units[k:]).lstrip()
    return "", value


def split_row(row: PlanRow, widths: Sequence[float], fit: int, *,
              fragment: bool = False) -> tuple[PlanRow, PlanRow] | None:
    """``row`` in two at sentence or paragraph breaks, the first part at most ``fit`` lines
    (fewer, down to ``SPLIT_LINES``, when that keeps the rest from being a fragment); None when
    no sentence fits, or when only one cell would continue however it is cut (a fragment row:
    better the whole row on the next slide). With ``fragment`` (a row no slide holds whole)
    one cell may continue alone."""
    for lines in range(fit, SPLIT_LINES - 1, -1):
        heads, tails = [], []
        for text_, width in zip(row.phases, widths[2:], strict=True):
            head, tail = _split_cell(text_, width, lines)
            heads.append(head)
            tails.append(tail)
        if any(heads) and sum(1 for t in tails if t) >= (1 if fragment else 2):
            return (replace(row, phases=tuple(heads), lines=fit),
                    replace(row, phases=tuple(tails), lines=0))
    return None


def _block(row: shapes.Row, repeat: float, keep: bool = False, whole: bool = False) -> Block:
    """A row's block: split line by line, or (``whole``) one line as tall as the row."""
    if whole:
        return Block(1, row.height, 0.0, keep_with_next=keep, repeat=repeat)
    lines = max(round((row.height - 2 * theme.CELL_MARGIN_Y) / CELL.line_height), 1)
    return Block(lines, CELL.line_height, 2 * theme.CELL_MARGIN_Y, keep_with_next=keep,
                 repeat=repeat)


@dataclass(frozen=True)
class PlanTable:
    """The plan's table as flow items, with what each continuation page repeats."""

    table: flow.Table
    items: list[Item]
    sections: dict[int, Item]  # item index -> its section's "(cont.)" row

    def page_items(self, page: Sequence[Slice]) -> tuple[list[Item], list[Slice]]:
        """The items and slices to draw for one page: a page that starts inside a section
        starts with that section's row, marked "(cont.)", under the repeated header."""
        if not page:
            return self.items, list(page)
        first = self.items[page[0].index]
        cont = self.sections.get(page[0].index)
        if first.kind != "row" or cont is None:
            return self.items, list(page)
        return [*self.items, cont], [Slice(len(self.items), 0, -1), *page]


def plan_table(view: PlanView, width: float) -> PlanTable:
    """Measure the table: header row, section rows kept with their first workstream, rows."""
    widths = column_widths(view, width)
    names = [REF, "Workstream", *(p.title for p in view.phases)]
    table = flow.Table(tuple(widths), flow.header_row(names, widths), None, (0, 1),
                       name=TABLE_NAME)
    items = flow.table_items(table, [])
    several = len(view.regions) > 1
    counts: dict[str, set] = {}  # the regions reporting each ref (a split row counts once)
    for row in view.rows:
        if not row.section:
            counts.setdefault(row.ref, set()).add(row.regions)
    sections: dict[int, Item] = {}
    current: PlanRow | None = None
    for row in view.rows:
        if row.section:
            current = row
            drawn = section_row(row, widths, several=several)
            items.append(Item(_block(drawn, table.header.height, keep=True), "row", row=drawn,
                              table=table))
            continue
        cont = section_row(current, widths, several=several, cont=True) if current else None
        drawn = workstream_row(row, widths, show_region=several and len(counts[row.ref]) > 1)
        repeat = table.header.height + (cont.height if cont else 0.0)
        items.append(Item(_block(drawn, repeat, whole=row.whole), "row", row=drawn,
                          table=table))
        if cont:
            sections[len(items) - 1] = Item(_block(cont, table.header.height), "row", row=cont,
                                            table=table)
    if len(items) == 1:
        empty = flow.table_row([[], [(NO_ROWS, CELL_NOTE)], *([] for _ in view.phases)], widths)
        items.append(Item(_block(empty, table.header.height), "row", row=empty, table=table))
    return PlanTable(table, items, sections)


def paginate_rows(blocks: Sequence[Block], height: float, *, first_height: float,
                  split: int = SPLIT_LINES, tail: int = TAIL_LINES) -> list[list[Slice]]:
    """Split the table's rows into pages ``height`` tall (the first ``first_height``).

    Unlike ``layout.paginate``, which moves a row that fits a fresh slide to the next one whole,
    a long row fills what is left of the slide and continues on the next (so a plan of long
    cells does not leave half-empty slides), as long as ``split`` lines fit here and ``tail``
    lines are left for the next slide; shorter rows move whole. A row's ``repeat`` (the header
    and section rows drawn above a continuation) is reserved when it starts a page, and a row
    ``keep_with_next`` (a section) moves on unless the start of the next row fits after it.
    """
    pages: list[list[Slice]] = [[]]
    room = first_height

    def new_page() -> None:
        nonlocal room
        pages.append([])
        room = height

    for i, block in enumerate(blocks):
        if block.keep_with_next and pages[-1] and i + 1 < len(blocks):
            following = blocks[i + 1]
            start_of = min(following.lines, split)
            if block.height + following.height_of(start_of) > room + _EPSILON:
                new_page()
        start = 0
        while start < block.lines:
            reserve = block.repeat if not pages[-1] else 0.0
            left = block.lines - start
            if block.height_of(left) + reserve <= room + _EPSILON:
                pages[-1].append(Slice(i, start, -1))
                room -= block.height_of(left) + reserve
                break
            fit = math.floor((room - reserve - block.padding + _EPSILON) / block.line_height)
            fit = min(fit, left - tail)
            if fit < (split if pages[-1] else 1):
                if pages[-1]:
                    new_page()
                    continue
                fit = 1  # a slide too short even for this: place a line, never loop
            pages[-1].append(Slice(i, start, start + fit))
            room -= block.height_of(fit) + reserve
            start += fit
            new_page()
    return pages


def intro_lines(view: PlanView, width: float) -> list:
    """The introduction wrapped to the slide's width (at most ``INTRO_LINES`` lines)."""
    if not view.introduction:
        return []
    inner = width - 2 * theme.TEXT_INSET_X
    return clip(wrap_runs([(view.introduction, INTRO_STYLE)], inner), INTRO_LINES, inner)


def _drawn_rows(slide, items: Sequence[Item], page: Sequence[Slice]):
    """The plan table drawn on ``slide`` and, for each of its rows below the header, the row's
    index there and whether it is a section's row."""
    tbl = next(s for s in slide.shapes if s.name == TABLE_NAME).table
    drawn = [items[part.index].row for part in page
             if items[part.index].kind != "header" and items[part.index].row is not None]
    return tbl, [(n, row.meta.get("section") is not None) for n, row in enumerate(drawn, 1)]


def merge_section_rows(slide, items: Sequence[Item], page: Sequence[Slice]) -> None:
    """Merge each drawn section row's title cell across the phase columns."""
    tbl, rows = _drawn_rows(slide, items, page)
    last = len(tbl.columns) - 1
    for n, section in rows:
        if section and last > 1:
            tbl.cell(n, 1).merge(tbl.cell(n, last))


def readable_pages(view: PlanView, width: float, first: float,
                   later: float) -> tuple[PlanTable, list[list[Slice]]]:
    """Paginate the plan, splitting a row only where a reader can follow.

    Where a row would break mid-line, it is split instead between sentences or paragraphs
    (``split_row``: "(continued)" on both sides), or, when no sentence fits or only one cell
    would continue, moved whole to the next slide (if it fits one; a row taller than a slide
    may continue in one cell). Repeated until no row breaks mid-line; a row no slide can hold
    that has no such break still breaks by lines.
    """
    rows = list(view.rows)
    widths = column_widths(view, width)
    by_lines: set[int] = set()  # rows no readable break fits: they break by lines
    for _ in range(MAX_SPLITS):
        plan = plan_table(replace(view, rows=tuple(rows)), width)
        pages = paginate_rows([i.block for i in plan.items], later, first_height=first)
        cut = next(((part.index, part.stop) for page in pages for part in page
                    if part.start == 0 and part.stop != -1 and part.index not in by_lines),
                   None)
        if cut is None:
            break
        index, fit = cut
        row = rows[index - 1]  # item 0 is the header row
        block = plan.items[index].block
        fits = block.height + block.repeat <= later
        parts = split_row(row, widths, fit, fragment=not fits)
        if parts is not None:
            rows[index - 1:index] = parts
        elif not row.whole and fits:
            rows[index - 1] = replace(row, whole=True)
        else:
            by_lines.add(index)
    return plan, pages


def bullet_cells(slide, items: Sequence[Item], page: Sequence[Slice]) -> None:
    """Give the drawn workstream rows' narrative cells real bullets (``cell_bullets``)."""
    tbl, rows = _drawn_rows(slide, items, page)
    for n, section in rows:
        if not section:
            for cell in list(tbl.rows[n].cells)[2:]:
                bulletise(cell, plain_indent=0.0)


def add_plan_slides(canvas: Canvas, view: PlanView) -> int:
    """Add one plan's slides (the first with the introduction); returns how many were added."""
    width = theme.SLIDE_WIDTH - 2 * theme.MARGIN
    bottom = theme.FOOTER_TOP - theme.GAP
    intro = intro_lines(view, width)
    intro_h = len(intro) * INTRO_STYLE.line_height + (theme.GAP if intro else 0.0)
    first = bottom - (chrome.band_height(view.title) + theme.GAP + intro_h)
    later = bottom - (chrome.band_height(view.title + chrome.CONT) + theme.GAP)
    plan, pages = readable_pages(view, width, first, later)
    for p, page in enumerate(pages):
        title = view.title if p == 0 else view.title + chrome.CONT
        slide = canvas.slide(title)
        top = chrome.title_band(slide, title) + theme.GAP
        if p == 0 and intro:
            height = len(intro) * INTRO_STYLE.line_height
            shapes.add_text(slide, theme.MARGIN, top, width, height,
                            [shapes.Para(intro, INTRO_STYLE)], name="Introduction")
            top += height + theme.GAP
        if page:
            items, slices = plan.page_items(page)
            flow.draw_flow(slide, theme.MARGIN, top, width, items, slices)
            merge_section_rows(slide, items, slices)
            bullet_cells(slide, items, slices)
    return len(pages)


def draw(canvas: Canvas, dataset: Dataset, *, by: str = "workstream") -> None:
    """The recovery plan: the title slide, then the plan's slides (one run per region when
    ``by="region"``)."""
    if by not in ("workstream", "region"):
        raise ValueError(f"by must be 'workstream' or 'region', not {by!r}")
    regions = regions_of(dataset, DeckSpec.of(dataset.tracker))
    title_slide(canvas, dataset, text(dataset.about.get("board")) or None)
    title = plan_title(dataset)
    if by == "region" and len(regions) > 1:
        for region in regions:
            add_plan_slides(canvas, plan_view(dataset, [region], f"{title} \u2013 {region}"))
    else:
        add_plan_slides(canvas, plan_view(dataset, regions, title))
