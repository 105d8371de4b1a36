"""Scheme update slides, in the layout of seed 003's committee paper (Winter Access Plan, BNSSG).

The deck is the paper: a cover "<item>. <title> (OPEN)" with the committee, the meeting date and
the authors (all set on the returns' About sheet); the Overview, its numbered sections; then,
section by section, the aims ("1. Winter Access Plan aimed at:"), the section's own points,
"Scheme details" (Scheme: number, bold title, description / Update: bullets, the first next step
headed by a bold "Next steps:"), the headline figures the updates quote (from the typed
Figures sheet: a single figure as a tile, several of one unit as a native bar chart),
"Additional Schemes to be further scoped" (Option / Impact), "Key Risks and issues" with
"Mitigations:", "Next Steps", and any list a locality gave a heading of its own ("Key
Operational Plan Areas for Primary Care").

Everything is measured before it is drawn (``layout``): tables are real tables paginated by
``flow`` (header row repeated, a long row continuing with its scheme cell repeated), bullet lists
are set at the largest size from a short list that needs the fewest slides, never below the
minimum sizes; what does not fit continues on slides titled "... (cont.)".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.slide import Slide

from pcxl.dataset import Dataset
from pcxl.dates import read_date
from pcxl.deck import charts, chrome, flow, theme
from pcxl.deck import draw as shapes
from pcxl.deck.canvas import Canvas
from pcxl.deck.cell_bullets import bulletise, cell_paragraphs
from pcxl.deck.cell_text import text
from pcxl.deck.flow import CELL, CELL_BOLD
from pcxl.deck.layout import Block, Line, Segment, Slice, Style, clip, paginate, wrap_runs
from pcxl.vocab import fold

OVERVIEW = "Overview"
AIMED_AT = "aimed at:"
SCHEME_DETAILS = "Scheme details"
FIGURES = "Headline figures"
OPTIONS = "Additional Schemes to be further scoped"
RISKS = "Key Risks and issues"
MITIGATIONS = "Mitigations:"
NEXT_STEPS = "Next Steps"
NEXT_STEPS_LABEL = "Next steps:"
CREATED_BY = "Created by"
NO_UPDATE = "No update this period."

# The point kinds of validators/scheme_update.yaml (vocabulary point_kind).
AIM, UPDATE, RISK, MITIGATION, NEXT = "Aim", "Update", "Risk or issue", "Mitigation", "Next step"

BULLET = flow.BULLET
LIST_SIZES = (16.0, 14.0, 12.0, theme.MIN_BULLET_SIZE)   # largest that needs fewest slides
OVERVIEW_SIZES = (22.0, 20.0, 18.0, 16.0, 14.0, 12.0, theme.MIN_BULLET_SIZE)
LIST_SPACE = 6.0          # space before each point of a list, in points
SUBHEADING_SPACE = 10.0
SCHEME_SHARE = 0.45       # Scheme column's share of the table width
OPTION_SHARE = 0.50
CHART_COLUMNS = 3
CHART_ROWS = 2
CHART_TITLE = Style(theme.HEADING_SIZE, bold=True, colour=theme.WHITE)
CHART_TITLE_LINES = 2
LOCALITY = Style(theme.TABLE_SIZE, italic=True, colour=theme.MUTED)
UNIT_NAMES = {"%": "Per cent", "£": "Pounds (£)"}

COVER_TITLE = Style(theme.TITLE_SLIDE_SIZE, bold=True, colour=theme.WHITE, title=True)
COVER_COMMITTEE = Style(theme.TITLE_SIZE, colour=theme.WHITE)
COVER_DATE = Style(20.0, bold=True, colour=theme.WHITE)
COVER_AUTHORS = Style(16.0, colour=theme.WHITE)


# --- What the paper says --------------------------------------------------------------------


@dataclass(frozen=True)
class Scheme:
    """A row of the Scheme details table: the scheme and its updates and next steps."""

    region: str
    ref: str
    title: str
    description: str
    updates: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """``3b. Digital remote consultation offer:`` as the Scheme cell starts."""
        return f"{self.ref}. {self.title}" if self.ref else self.title


@dataclass(frozen=True)
class Figure:
    """A headline figure: a typed number, what it counts and the date it describes."""

    region: str
    scheme: str
    measure: str
    value: float
    unit: str
    as_at: str = ""


@dataclass(frozen=True)
class Option:
    """An additional scheme still to be scoped."""

    region: str
    option: str
    description: str
    impact: str


@dataclass(frozen=True)
class Point:
    """One point of a list: its kind (Aim, Risk or issue ...) and own heading, if any."""

    region: str
    kind: str
    heading: str
    text: str


@dataclass(frozen=True)
class Section:
    """A numbered section of the paper and everything reported under it."""

    number: str
    name: str
    schemes: tuple[Scheme, ...] = ()
    figures: tuple[Figure, ...] = ()
    options: tuple[Option, ...] = ()
    points: tuple[Point, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.number}. {self.name}" if self.number else self.name

    def points_of(self, kind: str) -> list[Point]:
        """Points of a kind listed on the section's usual slides (no heading of their own)."""
        return [p for p in self.points if p.kind == kind and not p.heading]

    @property
    def own_headings(self) -> list[str]:
        return list(dict.fromkeys(p.heading for p in self.points if p.heading))


@dataclass(frozen=True)
class Paper:
    """The committee paper: its cover and its sections in order."""

    title: str
    committee: str
    date: str
    authors: str
    sections: tuple[Section, ...]
    regions: tuple[str, ...] = ()
    locality: str = "Region"
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def header(self, sheet: str, key: str, default: str) -> str:
        return self.headers.get(sheet, {}).get(key, default)


def _frame(dataset: Dataset, sheet: str) -> pd.DataFrame:
    frame = dataset.frames.get(sheet)
    return frame if frame is not None else pd.DataFrame(columns=["region"])


def _rows(dataset: Dataset, sheet: str, regions: list[str], by: str) -> list[pd.Series]:
    """A sheet's rows in paper order; with ``by="region"``, grouped by region in read order."""
    rows = [row for _, row in _frame(dataset, sheet).iterrows()]
    if by == "region":
        order = {r: i for i, r in enumerate(regions)}
        rows.sort(key=lambda r: order.get(text(r.get("region")), len(order)))
    return rows


def ref_key(ref: str) -> tuple:
    """Sort key putting scheme numbers in the paper's order: 2 before 3a before 3b before 10."""
    parts = re.findall(r"\d+|[^\d\s.\-]+", fold(ref))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _meeting_date(value: object) -> str:
    """The meeting date as the team wrote it; a real date as ``25 January 2022``."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    written = text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", written):
        reading = read_date(written[:10])
        if reading.last is not None:
            day = reading.last.start
            return f"{day.day} {day:%B %Y}"
    return written


def cover_title(about: dict[str, object], programme: str) -> str:
    """``10. Winter Access Plan & Escalation (OPEN)`` from the About values."""
    title = text(about.get("programme")) or programme
    item = text(about.get("item_no"))
    session = text(about.get("session"))
    if item:
        title = f"{item.rstrip('.')}. {title}"
    return f"{title} ({session.upper()})" if session else title


def paper_view(dataset: Dataset, by: str = "workstream") -> Paper:
    """The paper a Dataset of scheme update returns makes.

    Sections come in the order first read (the same section from several localities once);
    schemes in the order of their numbers (1, 2, 3a, 3b ... 10), whichever locality reported
    them, and their figures with them; options and points in the order read. With
    ``by="region"`` each locality's schemes, figures, options and points come together, in the
    order the localities were read. Identical points from several localities are listed once.
    """
    if by not in ("workstream", "region"):
        raise ValueError(f"by must be 'workstream' or 'region', not {by!r}")
    tracker = dataset.tracker
    regions = list(dataset.regions) if len(dataset.returns) else []
    for sheet in ("Schemes", "Points", "Sections"):
        regions += [text(r) for r in _frame(dataset, sheet)["region"] if text(r)]
    regions = list(dict.fromkeys(regions))

    sections: dict[str, dict] = {}
    for row in _rows(dataset, "Sections", regions, "workstream"):
        name = text(row.get("section"))
        if name and fold(name) not in sections:
            sections[fold(name)] = {"number": text(row.get("number")), "name": name,
                                    "schemes": [], "figures": [], "options": [], "points": []}

    def section_of(name: str) -> dict:
        key = fold(name)
        if key not in sections:
            sections[key] = {"number": "", "name": name, "schemes": [], "figures": [],
                             "options": [], "points": []}
        return sections[key]

    updates: dict[str, list[tuple[str, str]]] = {}
    for row in _rows(dataset, "Updates", regions, "workstream"):
        body = text(row.get("text"))
        if body:
            updates.setdefault(fold(text(row.get("scheme"))), []).append(
                (text(row.get("kind")), body))
    scheme_section: dict[str, str] = {}
    schemes = _rows(dataset, "Schemes", regions, by)
    if by == "workstream":
        schemes.sort(key=lambda r: ref_key(text(r.get("ref"))))
    for row in schemes:
        ref = text(row.get("ref"))
        said = updates.get(fold(ref), [])
        scheme = Scheme(text(row.get("region")), ref, text(row.get("title")),
                        text(row.get("description")),
                        tuple(t for kind, t in said if fold(kind) != fold(NEXT)),
                        tuple(t for kind, t in said if fold(kind) == fold(NEXT)))
        name = text(row.get("section"))
        scheme_section[fold(ref)] = name
        section_of(name)["schemes"].append(scheme)
    position = {ref: i for i, ref in enumerate(scheme_section)}
    figures = _rows(dataset, "Figures", regions, by)
    figures.sort(key=lambda r: position.get(fold(text(r.get("scheme"))), len(position)))
    for row in figures:
        value = _number(row.get("value"))
        ref = text(row.get("scheme"))
        if value is None or fold(ref) not in scheme_section:
            continue
        section_of(scheme_section[fold(ref)])["figures"].append(Figure(
            text(row.get("region")), ref, text(row.get("measure")), value,
            text(row.get("unit")), text(row.get("as_at_label"))))
    for row in _rows(dataset, "Options", regions, by):
        if text(row.get("option")) or text(row.get("impact")):
            section_of(text(row.get("section")))["options"].append(Option(
                text(row.get("region")), text(row.get("option")), text(row.get("description")),
                text(row.get("impact"))))
    seen: set[tuple[str, ...]] = set()
    for row in _rows(dataset, "Points", regions, by):
        point = Point(text(row.get("region")), text(row.get("kind")), text(row.get("heading")),
                      text(row.get("text")))
        key = (fold(text(row.get("section"))), fold(point.kind), fold(point.heading),
               fold(point.text))
        if point.text and key not in seen:
            seen.add(key)
            section_of(text(row.get("section")))["points"].append(point)

    about = dataset.about
    try:
        locality = tracker.about_field("region").header
    except KeyError:
        locality = "Region"
    headers = {s.name: {c.key: c.header for c in s.columns} for s in tracker.sheets}
    return Paper(
        title=cover_title(about, dataset.programme or tracker.title),
        committee=text(about.get("committee")),
        date=_meeting_date(about.get("meeting_date")) or dataset.period,
        authors=text(about.get("authors")),
        sections=tuple(Section(s["number"], s["name"], tuple(s["schemes"]), tuple(s["figures"]),
                               tuple(s["options"]), tuple(s["points"]))
                       for s in sections.values()),
        regions=tuple(r for r in regions if r), locality=locality, headers=headers)


# --- Lists of points ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A measured paragraph of a list: a point, or a subheading kept with the points after it.

    ``group`` is the subheading a point is listed under, repeated as "<group> (cont.)" when the
    list continues on another slide.
    """

    para: shapes.Para
    block: Block
    group: str = ""
    subheading: bool = False


Group = tuple[str, list[list[Segment]]]   # (subheading or "", each point's runs)


def _sub_para(label: str, width: float, size: float, space: float) -> tuple[shapes.Para, Block]:
    style = Style(size, bold=True, colour=theme.DARK_BLUE)
    lines = wrap_runs([(label, style)], width - 2 * theme.TEXT_INSET_X)
    return (shapes.Para(lines, style, space_before=space),
            Block(len(lines), style.line_height, space, keep_with_next=True))


def _continued(label: str) -> str:
    """``Mitigations: (cont.)`` reads badly: ``Mitigations (cont.)``."""
    return label.rstrip().rstrip(":") + chrome.CONT


def list_entries(groups: Sequence[Group], width: float, size: float, *,
                 mark: str | None = BULLET) -> list[Entry]:
    """Measure a list of (subheading, points) groups at ``size`` in a column ``width`` wide."""
    entries: list[Entry] = []
    indent = theme.BULLET_INDENT * size / theme.BULLET_SIZE if mark else 0.0
    for label, points in groups:
        repeat = 0.0
        if label:
            para, block = _sub_para(label, width, size, SUBHEADING_SPACE if entries else 0.0)
            entries.append(Entry(para, block, label, subheading=True))
            repeat = _sub_para(_continued(label), width, size, 0.0)[1].height
        for runs in points:
            runs = [(t, Style(size, s.bold, s.italic, s.strike, s.colour)) for t, s in runs]
            lines = wrap_runs(runs, width - 2 * theme.TEXT_INSET_X - indent)
            style = runs[0][1]
            space = LIST_SPACE * size / theme.BULLET_SIZE if entries else 0.0
            para = shapes.Para(lines, style, mark, theme.NHS_BLUE, indent, space)
            entries.append(Entry(para, Block(len(lines), style.line_height, space, repeat=repeat),
                                 label))
    return entries


def fit_list(groups: Sequence[Group], width: float, first: float, later: float,
             sizes: Sequence[float] = LIST_SIZES, *, mark: str | None = BULLET
             ) -> tuple[list[Entry], list[list[Slice]]]:
    """The largest size of ``sizes`` whose pages are fewest, with its entries and pages."""
    best: tuple[list[Entry], list[list[Slice]]] | None = None
    for size in sizes:
        entries = list_entries(groups, width, size, mark=mark)
        pages = paginate([e.block for e in entries], later, first_height=first)
        if best is None or len(pages) < len(best[1]):
            best = (entries, pages)
        if len(pages) == 1:
            break
    assert best is not None
    return best


def draw_list_page(slide: Slide, x: float, top: float, width: float, entries: Sequence[Entry],
                   page: Sequence[Slice]) -> float:
    """Draw one page of a list as one text box; a point continuing under a subheading from
    the slide before is preceded by "<subheading> (cont.)"."""
    paras: list[shapes.Para] = []
    for n, part in enumerate(page):
        entry = entries[part.index]
        if n == 0 and entry.group and not entry.subheading:
            size = entry.para.style.size
            paras.append(_sub_para(_continued(entry.group), width, size, 0.0)[0])
        lines = [entry.para.lines[i] for i in part.lines(len(entry.para.lines))]
        first = part.start == 0
        paras.append(shapes.Para(lines, entry.para.style,
                               entry.para.bullet if first else None, entry.para.bullet_colour,
                               entry.para.indent, entry.para.space_before if n else 0.0))
    if not paras:
        return top
    height = sum(p.space_before + len(p.lines) * p.style.line_height for p in paras)
    shapes.add_text(slide, x, top, width, height, paras, name="Bullets")
    return top + height


def _body(title: str) -> tuple[float, float]:
    """The body heights of a slide titled ``title`` and of its "(cont.)" slides."""
    bottom = theme.FOOTER_TOP - theme.GAP
    return (bottom - chrome.band_height(title) - theme.GAP,
            bottom - chrome.band_height(title + chrome.CONT) - theme.GAP)


def add_list_slides(canvas: Canvas, title: str, groups: Sequence[Group], *,
                    sizes: Sequence[float] = LIST_SIZES, mark: str | None = BULLET) -> int:
    """A list's slide and any "(cont.)" slides; returns how many were added."""
    width = theme.SLIDE_WIDTH - 2 * theme.MARGIN
    first, later = _body(title)
    entries, pages = fit_list(groups, width, first, later, sizes, mark=mark)
    for p, page in enumerate(pages):
        page_title = title if p == 0 else title + chrome.CONT
        slide = canvas.slide(page_title)
        top = chrome.title_band(slide, page_title) + theme.GAP
        draw_list_page(slide, theme.MARGIN, top, width, entries, page)
    return len(pages)


def _plain(points: Iterable[Point]) -> list[list[Segment]]:
    return [[(p.text, Style())] for p in points]


# --- Tables ---------------------------------------------------------------------------------


def _update_items(scheme: Scheme) -> list[list[Segment]]:
    items: list[list[Segment]] = [[(u, CELL)] for u in scheme.updates]
    for i, step in enumerate(scheme.next_steps):
        items.append([(NEXT_STEPS_LABEL + " ", CELL_BOLD), (step, CELL)] if i == 0
                     else [(step, CELL)])
    return items


def _title_cell(heading: str, description: str, region: str, paper: Paper,
                width: float) -> list[Line]:
    runs: list[Segment] = [(heading, CELL_BOLD)]
    if description:
        runs.append(("\n" + description, CELL))
    if len(paper.regions) > 1 and region:
        runs.append((f"\n{paper.locality}: {region}", LOCALITY))
    return flow.cell_lines(runs, width)


def _row(cells: Sequence[Sequence[Line]], styles: Sequence[Style]) -> shapes.Row:
    lines = max((len(c) for c in cells), default=1) or 1
    return shapes.Row([shapes.Cell(list(c), s) for c, s in zip(cells, styles, strict=True)],
                    lines * CELL.line_height + 2 * theme.CELL_MARGIN_Y)


def scheme_table(paper: Paper, schemes: Sequence[Scheme],
                 width: float) -> tuple[flow.Table, list[shapes.Row]]:
    """The Scheme / Update table: the scheme cell repeats when its row continues."""
    widths = (round(width * SCHEME_SHARE, 1), width - round(width * SCHEME_SHARE, 1))
    names = [paper.header("Schemes", "title", "Scheme"), paper.header("Updates", "text", "Update")]
    rows = []
    for s in schemes:
        title = _title_cell(s.heading, s.description, s.region, paper, widths[0])
        items = _update_items(s)
        update = (cell_paragraphs([(i, True) for i in items], widths[1]) if items
                  else flow.cell_lines([(NO_UPDATE, flow.CELL_NOTE)], widths[1]))
        rows.append(_row([title, update], [CELL, CELL]))
    table = flow.Table(widths, flow.header_row(names, widths), None, (0,), name=SCHEME_DETAILS)
    return table, rows


def option_table(paper: Paper, options: Sequence[Option],
                 width: float) -> tuple[flow.Table, list[shapes.Row]]:
    """The Option / Impact table of the additional schemes to be scoped."""
    widths = (round(width * OPTION_SHARE, 1), width - round(width * OPTION_SHARE, 1))
    names = [paper.header("Options", "option", "Option"),
             paper.header("Options", "impact", "Impact")]
    rows = [_row([_title_cell(o.option, o.description, o.region, paper, widths[0]),
                  flow.cell_lines([(o.impact, CELL)], widths[1])], [CELL, CELL])
            for o in options]
    table = flow.Table(widths, flow.header_row(names, widths), None, (0,), name="Options")
    return table, rows


def add_table_slides(canvas: Canvas, title: str, table: flow.Table, rows: Sequence[shapes.Row],
                     *, bullets: int | None = None) -> int:
    """A table's slides, the header row on each, "(cont.)" after the first; ``bullets`` is
    the column whose cells hold bulleted points."""
    width = sum(table.widths)
    first, later = _body(title)
    items = flow.table_items(table, rows)
    pages = paginate([i.block for i in items], later, first_height=first)
    for p, page in enumerate(pages):
        page_title = title if p == 0 else title + chrome.CONT
        slide = canvas.slide(page_title)
        top = chrome.title_band(slide, page_title) + theme.GAP
        flow.draw_flow(slide, theme.MARGIN, top, width, items, page)
        if bullets is not None:
            for shape in slide.shapes:
                if shape.has_table and shape.name == table.name:
                    for row in list(shape.table.rows)[1:]:
                        bulletise(row.cells[bullets])
    return len(pages)


# --- Headline figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """One chart of the figures slide: the figures of one unit."""

    title: str
    unit: str
    categories: tuple[str, ...]
    values: tuple[float, ...]


def _unit_name(unit: str) -> str:
    return UNIT_NAMES.get(unit, unit[:1].upper() + unit[1:]) if unit else "Figures"


def figure_charts(figures: Sequence[Figure]) -> list[Chart]:
    """The figures grouped by unit, in the order first given: one chart per unit.

    A chart whose figures share a measure is titled by it and has one bar per scheme; else it is
    titled by its unit and each bar names its scheme and measure. A date every figure shares
    goes in the title, other dates beside their bar.
    """
    units: dict[str, list[Figure]] = {}
    for f in figures:
        units.setdefault(fold(f.unit), []).append(f)
    charts = []
    for group in units.values():
        measures = {fold(f.measure) for f in group}
        dates = {f.as_at for f in group}
        shared = len(measures) == 1
        title = group[0].measure if shared else _unit_name(group[0].unit)
        if len(dates) == 1 and group[0].as_at:
            title += f" ({group[0].as_at})"
        labels = []
        for f in group:
            label = f"Scheme {f.scheme}" if shared else f"{f.scheme}: {f.measure}"
            if len(dates) > 1 and f.as_at:
                label += f" ({f.as_at})"
            labels.append(label)
        charts.append(Chart(title, group[0].unit, tuple(labels), tuple(f.value for f in group)))
    return charts


def number_format(chart: Chart) -> str:
    """Excel number format for a chart's values: thousands separated, its unit's sign."""
    whole = all(float(v).is_integer() for v in chart.values)
    core = "#,##0" if whole else "#,##0.0"
    if chart.unit == "%":
        return core + '"%"'
    if chart.unit == "£":
        return '"£"' + core
    return core


def _chart_title(slide: Slide, x: float, y: float, w: float, title: str) -> float:
    lines = clip(wrap_runs([(title, CHART_TITLE)], w - 2 * theme.TEXT_INSET_X - 4),
                 CHART_TITLE_LINES, w - 2 * theme.TEXT_INSET_X - 4)
    h = len(lines) * CHART_TITLE.line_height + 2 * theme.HEADING_PAD
    shapes.add_rect(slide, x, y, w, h, theme.NHS_BLUE, name="Chart heading bar")
    shapes.add_text(slide, x, y, w, h, [shapes.Para(lines, CHART_TITLE)], name="Chart heading",
                  anchor="middle", inset_x=theme.TEXT_INSET_X + 2)
    return h


def bar_chart(slide: Slide, x: float, y: float, w: float, h: float, chart: Chart) -> None:
    """A native clustered bar chart of one unit's figures, values labelled on the bars."""
    data = charts.chart_data(chart.categories, [(chart.title, chart.values)],
                             number_format(chart))
    plot_chart = charts.bar_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, (x, y, w, h), data,
                                  name="Figures chart")
    plot_chart.has_legend = False
    plot = plot_chart.plots[0]
    plot.gap_width = 80 if len(chart.values) > 1 else 180
    plot.vary_by_categories = False
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = shapes.rgb(theme.NHS_BLUE)
    plot.has_data_labels = True
    charts.label_values(plot.data_labels, number_format(chart), theme.DARK_BLUE)
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    values = plot_chart.value_axis
    values.minimum_scale = 0
    top = max(chart.values, default=0)
    values.maximum_scale = 100 if chart.unit == "%" and top <= 100 else _nice_top(top)
    values.has_major_gridlines = False
    values.visible = False  # each bar carries its value; the axis would only repeat them


def _nice_top(value: float) -> float:
    """A round axis maximum with room for the value's label beyond its bar."""
    if value <= 0:
        return 1.0
    target = value * 1.3
    magnitude = 10 ** (len(str(int(target))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= target:
            return float(step * magnitude)
    return float(10 * magnitude)


TILE_HEIGHT = 74.0
TILE_COLUMNS = 4
TILE_VALUE = Style(28.0, bold=True, colour=theme.DARK_BLUE)
TILE_CAPTION = Style(theme.TABLE_SIZE, bold=True, colour=theme.TEXT)


def figure_value(chart: Chart, value: float) -> str:
    """A figure as the paper writes it: ``6,664``, ``82.9%``, ``£120,000``."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return {"%": number + "%", "\u00a3": "\u00a3" + number}.get(chart.unit, number)


def figure_tiles(slide: Slide, top: float, tiles: Sequence[Chart]) -> float:
    """Single figures as KPI tiles, up to four a row: the value large, what it counts under it
    (a chart of one bar says nothing a number does not). Returns the height used."""
    width = theme.SLIDE_WIDTH - 2 * theme.MARGIN
    tile_w = (width - (TILE_COLUMNS - 1) * theme.GUTTER) / TILE_COLUMNS
    inner = tile_w - 2 * theme.TEXT_INSET_X
    for n, tile in enumerate(tiles):
        x = theme.MARGIN + (n % TILE_COLUMNS) * (tile_w + theme.GUTTER)
        y = top + (n // TILE_COLUMNS) * (TILE_HEIGHT + theme.GUTTER)
        caption = f"{tile.title} \u2013 {tile.categories[0]}"
        paras = [shapes.Para(wrap_runs([(figure_value(tile, tile.values[0]), TILE_VALUE)],
                                       inner), TILE_VALUE),
                 shapes.Para(clip(wrap_runs([(caption, TILE_CAPTION)], inner), 2, inner),
                             TILE_CAPTION)]
        shapes.add_rect(slide, x, y, tile_w, TILE_HEIGHT, theme.PALE_GREY, name="Figure tile")
        shapes.add_text(slide, x, y, tile_w, TILE_HEIGHT, paras, name="Figure",
                        anchor="middle")
    rows = -(-len(tiles) // TILE_COLUMNS)
    return rows * TILE_HEIGHT + (rows - 1) * theme.GUTTER if tiles else 0.0


def add_figure_slides(canvas: Canvas, title: str, figures: Sequence[Figure]) -> int:
    """The headline figures: each single figure as a tile, then up to six native charts a
    slide, one per unit that has several figures."""
    found = figure_charts(figures)
    tiles = [c for c in found if len(c.values) == 1]
    charts = [c for c in found if len(c.values) > 1]
    per_slide = CHART_COLUMNS * CHART_ROWS
    pages = [charts[i:i + per_slide] for i in range(0, len(charts), per_slide)] or [[]]
    width = theme.SLIDE_WIDTH - 2 * theme.MARGIN
    for p, page in enumerate(pages):
        page_title = title if p == 0 else title + chrome.CONT
        slide = canvas.slide(page_title)
        top = chrome.title_band(slide, page_title) + theme.GAP
        if p == 0 and tiles:
            top += figure_tiles(slide, top, tiles) + theme.GUTTER
        if not page:
            continue
        bottom = theme.FOOTER_TOP - theme.GAP
        columns = min(len(page), CHART_COLUMNS if len(page) > 4 else 2)
        rows = -(-len(page) // columns)
        cell_w = (width - (columns - 1) * theme.GUTTER) / columns
        cell_h = (bottom - top - (rows - 1) * theme.GUTTER) / rows
        for n, chart in enumerate(page):
            x = theme.MARGIN + (n % columns) * (cell_w + theme.GUTTER)
            y = top + (n // columns) * (cell_h + theme.GUTTER)
            bar_h = _chart_title(slide, x, y, cell_w, chart.title)
            bar_chart(slide, x, y + bar_h, cell_w, cell_h - bar_h, chart)
    return len(pages)


# --- The deck -------------------------------------------------------------------------------


def add_cover(canvas: Canvas, paper: Paper) -> None:
    """The cover: "<item>. <title> (OPEN)", the committee, the meeting date and the authors."""
    slide = canvas.slide(paper.title, footer=False)
    chrome.cover_background(slide)
    x = 2 * theme.MARGIN
    width = theme.SLIDE_WIDTH - 4 * theme.MARGIN
    inner = width - 2 * theme.TEXT_INSET_X
    y = 132.0
    shapes.add_rect(slide, x + theme.TEXT_INSET_X, y, 120.0, 4.0, theme.WHITE, name="Rule")
    y += 18.0
    authors = f"{CREATED_BY} {paper.authors}" if paper.authors else ""
    blocks = [(paper.title, COVER_TITLE, 3, "Title", 18.0),
              (paper.committee, COVER_COMMITTEE, 2, "Committee", 8.0),
              (paper.date, COVER_DATE, 1, "Date", 26.0),
              (authors, COVER_AUTHORS, 3, "Authors", 0.0)]
    for words, style, most, name, after in blocks:
        if not words:
            continue
        lines = clip(wrap_runs([(words, style)], inner), most, inner)
        height = len(lines) * style.line_height
        shapes.add_text(slide, x, y, width, height, [shapes.Para(lines, style)], name=name)
        y += height + after


def _titled(base: str, section: Section, several: bool) -> str:
    return f"{base} \u2013 {section.title}" if several else base


def draw(canvas: Canvas, dataset: Dataset, *, by: str = "workstream") -> None:
    """The scheme update paper: cover, Overview, then each section's slides in order."""
    paper = paper_view(dataset, by)
    add_cover(canvas, paper)
    if paper.sections:
        add_list_slides(canvas, OVERVIEW,
                        [("", [[(f"{s.number}.  " if s.number else "", Style(bold=True)),
                                (s.name, Style())] for s in paper.sections])],
                        sizes=OVERVIEW_SIZES, mark=None)
    several = {kind: sum(1 for s in paper.sections if getattr(s, kind)) > 1
               for kind in ("schemes", "figures", "options")}
    for section in paper.sections:
        aims = section.points_of(AIM)
        if aims:
            add_list_slides(canvas, f"{section.title} {AIMED_AT}", [("", _plain(aims))])
        own = section.points_of(UPDATE)
        if own:
            add_list_slides(canvas, section.title, [("", _plain(own))])
        width = theme.SLIDE_WIDTH - 2 * theme.MARGIN
        if section.schemes:
            add_table_slides(canvas, _titled(SCHEME_DETAILS, section, several["schemes"]),
                             *scheme_table(paper, section.schemes, width), bullets=1)
        if section.figures:
            add_figure_slides(canvas, _titled(FIGURES, section, several["figures"]),
                              section.figures)
        if section.options:
            add_table_slides(canvas, _titled(OPTIONS, section, several["options"]),
                             *option_table(paper, section.options, width))
        risks, mitigations = section.points_of(RISK), section.points_of(MITIGATION)
        if risks or mitigations:
            groups: list[Group] = [("", _plain(risks))] if risks else []
            groups.append((MITIGATIONS if risks else "", _plain(mitigations)))
            add_list_slides(canvas, RISKS if risks else MITIGATIONS.rstrip(":"),
                            [g for g in groups if g[1]])
        steps = section.points_of(NEXT)
        if steps:
            add_list_slides(canvas, NEXT_STEPS, [("", _plain(steps))])
        for heading in section.own_headings:
            add_list_slides(canvas, heading,
                            [("", _plain(p for p in section.points if p.heading == heading))])
