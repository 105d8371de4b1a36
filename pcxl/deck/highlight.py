"""Workstream highlight slides, in the layout of seed 001's "Work stream: ..." slides.

A slide has the Dark Blue title band with the RAG boxes on its right, a Pale Grey header strip
(the declaration's ``deck.header`` fields and the optional objective), then two columns: on the
left "Highlights and Areas for Escalation" (escalations grouped under "For escalation:") and
"Actions Completed since previous report"; on the right the Milestone / Date / Status table and,
for task-and-finish groups, the "Key Actions Outstanding" table.

With history (``Dataset.changes``): a milestone whose forecast moved since last period shows last
period's date struck through above the new one; a region that listed no completed actions gets
its milestones achieved since last period ("Achieved: ..."), with an italic note saying they come
from the milestone tracker; the RAG boxes carry trend arrows (``chrome``).

Both columns are measured and split into pages with ``layout`` before anything is drawn; what does
not fit continues on slides titled "... (cont.)", which repeat the section heading or table header
they continue. Nothing is shrunk below the minimum sizes and nothing runs off the slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pptx.slide import Slide

from pcxl.deck import chrome, draw, flow, theme
from pcxl.deck.canvas import Canvas
from pcxl.deck.content import Milestone, Update, WorkstreamView
from pcxl.deck.flow import CELL, CELL_BOLD, CELL_NOTE, Item
from pcxl.deck.layout import Segment, Slice, Style, clip, paginate, wrap_runs

TITLE_PREFIX = "Work stream: "
HIGHLIGHTS = "Highlights and Areas for Escalation"
COMPLETED = "Actions Completed since previous report"
KEY_ACTIONS = "Key Actions Outstanding"
FOR_ESCALATION = "For escalation:"
NO_HIGHLIGHTS = "No highlights reported this period."
NO_COMPLETED = "None reported this period."
NO_MILESTONES = "No milestones reported this period."
GENERATED_NOTE = ("Where no actions were reported, the milestones achieved since the previous "
                  "report are listed from the milestone tracker.")
ESCALATION_MARK = "\u25ba"
OVERDUE = "Overdue"
OVERDUE_STYLE = Style(theme.TABLE_SIZE, bold=True, italic=True)
SUBHEADING_SPACE = 6.0
STRIP_PAD = 5.0
HEADER_COLUMNS = 3
HEADER_LINES = 3
OBJECTIVE_LINES = 3

BULLET_STYLE = Style(theme.BULLET_SIZE)
BOLD_BULLET = Style(theme.BULLET_SIZE, bold=True)
NOTE_STYLE = Style(theme.BULLET_SIZE, italic=True)
ESCALATION_HEAD = Style(theme.BULLET_SIZE, bold=True, colour=theme.ESCALATION)
CELL_STRUCK = Style(theme.TABLE_SIZE, strike=True)
HEADER_LABEL = Style(theme.HEADER_SIZE, bold=True, colour=theme.DARK_BLUE)
HEADER_VALUE = Style(theme.HEADER_SIZE)
OBJECTIVE_VALUE = Style(theme.HEADER_SIZE, italic=True)

# Fixed column widths in points; the text column of each table takes what is left.
REGION_WIDTH = 78.0
DATE_WIDTH = 74.0
STATUS_WIDTH = 80.0
GROUP_WIDTH = 72.0
TARGET_WIDTH = 66.0
OWNER_WIDTH = 104.0


def _runs(update: Update, regions: Sequence[str]) -> list[Segment]:
    if len(regions) > 1:
        return [(f"{update.region}: ", BOLD_BULLET), (update.text, BULLET_STYLE)]
    return [(update.text, BULLET_STYLE)]


def _subheading(runs: Sequence[Segment], width: float) -> Item:
    return flow.para_item(HIGHLIGHTS, runs, width, mark=None, space=SUBHEADING_SPACE, keep=True)


def highlight_items(view: WorkstreamView, width: float) -> list[Item]:
    """The "Highlights and Areas for Escalation" section as a flow: escalations grouped under
    "For escalation:" and marked, other kinds (Next steps) under their own subheading."""
    items = [flow.heading_item(HIGHLIGHTS)]
    regions = view.regions
    highlights = view.updates_of("highlight")
    escalations = view.updates_of("escalation")
    others = view.updates_of("other")
    items += [flow.para_item(HIGHLIGHTS, _runs(u, regions), width) for u in highlights]
    if escalations:
        items.append(_subheading([(FOR_ESCALATION, ESCALATION_HEAD)], width))
        items += [flow.para_item(HIGHLIGHTS, _runs(u, regions), width, mark=ESCALATION_MARK,
                                 mark_colour=theme.ESCALATION) for u in escalations]
    for heading in dict.fromkeys(u.heading for u in others):
        items.append(_subheading([(f"{heading}:", BOLD_BULLET)], width))
        items += [flow.para_item(HIGHLIGHTS, _runs(u, regions), width)
                  for u in others if u.heading == heading]
    if len(items) == 1:
        items.append(flow.para_item(HIGHLIGHTS, [(NO_HIGHLIGHTS, NOTE_STYLE)], width, mark=None))
    return items


def completed_items(view: WorkstreamView, width: float) -> list[Item]:
    """The "Actions Completed since previous report" section as a flow; milestones achieved
    that pcxl listed for a region (``Update.generated``) are followed by a note saying so."""
    items = [flow.heading_item(COMPLETED)]
    regions = view.regions
    done = view.updates_of("completed")
    items += [flow.para_item(COMPLETED, _runs(u, regions), width) for u in done]
    if any(u.generated for u in done):
        items.append(flow.para_item(COMPLETED, [(GENERATED_NOTE, NOTE_STYLE)], width, mark=None))
    if not done:
        items.append(flow.para_item(COMPLETED, [(NO_COMPLETED, NOTE_STYLE)], width, mark=None))
    return items


def _date_runs(m: Milestone) -> list[Segment]:
    """Last period's date struck through above the new one when the forecast moved since;
    else the baseline struck through above a different forecast; else the one date."""
    if m.previous and m.due and m.previous != m.due:
        return [(m.previous, CELL_STRUCK), ("\n", CELL), (m.due, CELL_BOLD)]
    if m.revised:
        return [(m.baseline, CELL_STRUCK), ("\n", CELL), (m.revised, CELL_BOLD)]
    return [(m.baseline, CELL)] if m.baseline else []


def _status_cell(word: str | None, colour: str | None,
                 overdue: bool = False) -> tuple[list[Segment], str | None]:
    """The status word on its colour; an open milestone past its date at the reporting period
    also reads "Overdue" (lateness, distinct from slippage against the baseline)."""
    style = Style(theme.TABLE_SIZE, bold=True, colour=theme.text_on(colour))
    runs: list[Segment] = [(word, style)] if word else []
    if overdue:
        runs += [("\n", style)] if runs else []
        runs.append((OVERDUE, Style(theme.TABLE_SIZE, bold=True, italic=True,
                                    colour=theme.text_on(colour))))
    return runs, colour if word else None


def milestone_table(view: WorkstreamView, width: float, headers: dict[str, str]
                    ) -> tuple[flow.Table, list[draw.Row]]:
    """The Milestone / Date / Status table, with a Region column first when several report."""
    multi = len(view.regions) > 1
    text_w = width - DATE_WIDTH - STATUS_WIDTH - (REGION_WIDTH if multi else 0.0)
    widths = [text_w, DATE_WIDTH, STATUS_WIDTH]
    names = [headers.get("milestone", "Milestone"), "Date", headers.get("status", "Status")]
    aligns = ["left", "left", "centre"]
    anchors = ["top", "top", "middle"]
    if multi:
        widths.insert(0, REGION_WIDTH)
        names.insert(0, "Region")
        aligns.insert(0, "left")
        anchors.insert(0, "top")
    rows = []
    for m in view.milestones:
        text: list[Segment] = [(m.text, CELL)]
        if m.comment:
            text.append(("\n" + m.comment, CELL_NOTE))
        status, fill = _status_cell(m.status, m.colour, m.overdue)
        cells = [text, _date_runs(m), status]
        fills: list[str | None] = [None, None, fill]
        if multi:
            cells.insert(0, [(m.region, CELL)])
            fills.insert(0, None)
        rows.append(flow.table_row(cells, widths, fills=fills, aligns=aligns, anchors=anchors))
    if not rows:
        empty: list[list[Segment]] = [[] for _ in names]
        empty[int(multi)] = [(NO_MILESTONES, CELL_NOTE)]
        rows.append(flow.table_row(empty, widths))
    repeat = (0, len(names) - 1) if multi else (len(names) - 1,)
    table = flow.Table(tuple(widths), flow.header_row(names, widths, aligns), None, repeat,
                       name="Milestones")
    return table, rows


def actions_table(view: WorkstreamView, width: float, headers: dict[str, str]
                  ) -> tuple[flow.Table, list[draw.Row]]:
    """The Key Actions Outstanding table: Action / T&F Group / Target Date / Owner."""
    multi = len(view.regions) > 1
    fixed = [GROUP_WIDTH, TARGET_WIDTH, OWNER_WIDTH]
    widths = [width - sum(fixed) - (REGION_WIDTH if multi else 0.0), *fixed]
    keys = ("action", "group", "target_date", "owner")
    defaults = ("Action", "T&F group", "Target date", "Owner")
    names = [headers.get(k, d) for k, d in zip(keys, defaults, strict=True)]
    if multi:
        widths.insert(0, REGION_WIDTH)
        names.insert(0, "Region")
    rows = []
    for a in view.actions:
        cells: list[list[Segment]] = [[(v, CELL)] if v else []
                                      for v in (a.action, a.group, a.target, a.owner)]
        if not a.target and a.status:  # "complete" typed where the date goes: its status
            cells[2] = [(a.status, CELL)]
        if a.overdue:
            cells[2] += [("\n", CELL)] if cells[2] else []
            cells[2].append((OVERDUE, OVERDUE_STYLE))
        if multi:
            cells.insert(0, [(a.region, CELL)])
        rows.append(flow.table_row(cells, widths))
    table = flow.Table(tuple(widths), flow.header_row(names, widths), KEY_ACTIONS,
                       (0,) if multi else (), name="Key actions")
    return table, rows


def right_items(view: WorkstreamView, width: float,
                headers: dict[str, dict[str, str]]) -> list[Item]:
    """The tables column as a flow: the milestone table, then key actions if there are any."""
    items: list[Item] = []
    if view.milestones or not view.actions:
        items += flow.table_items(*milestone_table(view, width, headers.get("Milestones", {})))
    if view.actions:
        items += flow.table_items(*actions_table(view, width, headers.get("Actions", {})))
    return items


@dataclass(frozen=True)
class _Field:
    """One text of the header strip: its shape name, lines, and place inside the strip."""

    name: str
    lines: list
    x: float
    y: float
    width: float


def _strip(view: WorkstreamView, width: float) -> tuple[float, list[_Field]]:
    """Measure the header strip: its height and its fields, three to a row, then the objective.

    A field with no value is left out with its label; with no field and no objective there is
    no strip (height 0)."""
    col_w = width / HEADER_COLUMNS
    inner = col_w - 2 * theme.TEXT_INSET_X
    fields: list[_Field] = []
    header = [(label, value) for label, value in view.header if value]
    if not header and not view.objective:
        return 0.0, fields
    y = STRIP_PAD
    for start in range(0, len(header), HEADER_COLUMNS):
        tallest = 1
        for n, (label, value) in enumerate(header[start:start + HEADER_COLUMNS]):
            runs = [(f"{label}: ", HEADER_LABEL), (value, HEADER_VALUE)]
            lines = clip(wrap_runs(runs, inner), HEADER_LINES, inner)
            fields.append(_Field(f"Header: {label}", lines, n * col_w, y, col_w))
            tallest = max(tallest, len(lines))
        y += tallest * HEADER_VALUE.line_height
    if view.objective:
        runs = [("Objective: ", HEADER_LABEL), (view.objective, OBJECTIVE_VALUE)]
        inner = width - 2 * theme.TEXT_INSET_X
        lines = clip(wrap_runs(runs, inner), OBJECTIVE_LINES, inner)
        y += 2.0
        fields.append(_Field("Objective", lines, 0.0, y, width))
        y += len(lines) * HEADER_VALUE.line_height
    return y + STRIP_PAD, fields


def draw_strip(slide: Slide, top: float, view: WorkstreamView) -> float:
    """Draw the Pale Grey header strip under the band; returns its height."""
    height, fields = _strip(view, theme.SLIDE_WIDTH - 2 * theme.MARGIN)
    if not height:
        return 0.0
    draw.add_rect(slide, 0, top, theme.SLIDE_WIDTH, height, theme.PALE_GREY, name="Header strip")
    for f in fields:
        draw.add_text(slide, theme.MARGIN + f.x, top + f.y, f.width,
                      len(f.lines) * HEADER_VALUE.line_height, [draw.Para(f.lines, HEADER_VALUE)],
                      name=f.name)
    return height


@dataclass(frozen=True)
class Arrangement:
    """Where each section goes and how the columns paginate; the fewest slides wins."""

    left_x: float
    left_w: float
    right_x: float
    right_w: float
    left: list[Item]
    right: list[Item]
    left_pages: list[list[Slice]]
    right_pages: list[list[Slice]]

    @property
    def slides(self) -> int:
        return max(len(self.left_pages), len(self.right_pages))


# Candidates in order of preference: the column share of the highlights column, and whether
# "Actions Completed" sits under the highlights (the seed's usual place) or under the tables.
CANDIDATES = ((0.46, False), (0.52, False), (0.40, False), (0.46, True), (0.58, False),
              (0.52, True), (0.40, True))


def arrange(view: WorkstreamView, headers: dict[str, dict[str, str]], first: float,
            later: float) -> Arrangement:
    """Try each candidate arrangement; keep the first that needs the fewest slides.

    ``first`` and ``later`` are the body heights of the first slide and of "(cont.)" slides.
    """
    inner = theme.SLIDE_WIDTH - 2 * theme.MARGIN - theme.GUTTER
    best: Arrangement | None = None
    for share, completed_right in CANDIDATES:
        left_w = round(inner * share, 1)
        right_w = inner - left_w
        left = highlight_items(view, left_w)
        right = right_items(view, right_w, headers)
        if completed_right:
            right += completed_items(view, right_w)
        else:
            left += completed_items(view, left_w)
        candidate = Arrangement(
            theme.MARGIN, left_w, theme.MARGIN + left_w + theme.GUTTER, right_w, left, right,
            paginate([i.block for i in left], later, first_height=first),
            paginate([i.block for i in right], later, first_height=first))
        if best is None or candidate.slides < best.slides:
            best = candidate
        if best.slides == 1:
            break
    assert best is not None
    return best


def add_highlight_slides(canvas: Canvas, view: WorkstreamView, *, title: str,
                         headers: dict[str, dict[str, str]]) -> int:
    """Add one workstream's slide and any "(cont.)" slides; returns how many were added.

    ``headers`` maps sheet name -> column key -> declared header, for the tables' headings.
    """
    grid = chrome.RagGrid(view.rag_labels, view.regions, view.ratings)
    strip_h, _ = _strip(view, theme.SLIDE_WIDTH - 2 * theme.MARGIN)
    bottom = theme.FOOTER_TOP - theme.GAP
    first = bottom - (chrome.band_height(title, grid) + strip_h + theme.GAP)
    later = bottom - (chrome.band_height(title + chrome.CONT, grid) + theme.GAP)
    plan = arrange(view, headers, first, later)
    for p in range(plan.slides):
        page_title = title if p == 0 else title + chrome.CONT
        slide = canvas.slide(page_title)
        top = chrome.title_band(slide, page_title, grid)
        if p == 0:
            top += draw_strip(slide, top, view)
        top += theme.GAP
        if p < len(plan.left_pages) and plan.left_pages[p]:
            flow.draw_flow(slide, plan.left_x, top, plan.left_w, plan.left, plan.left_pages[p])
        if p < len(plan.right_pages) and plan.right_pages[p]:
            flow.draw_flow(slide, plan.right_x, top, plan.right_w, plan.right,
                           plan.right_pages[p])
    return plan.slides
