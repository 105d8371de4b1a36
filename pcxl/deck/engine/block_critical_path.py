"""``block:critical_path``: each R&R workstream group's milestones against the months they fall in.

Seed 001's "Critical Path - Primary Care and Community Services – Joint Working": a table with a
row per milestone and a column per month, and in each row a marker in the month it is due,
labelled with the day ("30/09"). Here the marker cell is filled in the status's vocabulary colour
and also names the status (for readers who cannot tell the colours apart); a milestone whose date
was revised shows its baseline, struck through in grey, in the month first agreed.

One group of slides per R&R workstream group (the Workstreams sheet's ``group``; open
workstreams only; workstreams without a group come last, as "Other work streams"). Rows are
the milestones prefixed with their workstream ("Primary Care Networks: ..."), in date order;
a milestone several regions report identically is one row. The months are those the group's
dates span, at most ``MAX_MONTHS`` to a slide (a longer span continues on the next slide, each
slide showing the milestones due in its months); milestones without a date (TBC) sit in a last
"Date TBC" column. Each table starts a page of the block, headed by its group ("Critical Path -
General Practice", with "(cont.)" on its later months and pages); a table longer than the block
continues with its header row repeated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

from pcxl.dataset import Dataset
from pcxl.deck import theme
from pcxl.deck.cell_text import as_date, text
from pcxl.deck.content import MILESTONES, DeckSpec, frame_of, regions_of
from pcxl.deck.engine.block_table import (
    BOLD,
    CELL,
    NOTE,
    Box,
    Cell,
    Page,
    Table,
    header,
    table_pages,
)
from pcxl.deck.engine.columns import chunks
from pcxl.deck.engine.data import cached
from pcxl.deck.layout import Segment, Style

TITLE = "Critical Path - "
NO_GROUP = "Other work streams"
MILESTONE_HEADER = "Milestone"
TBC = "TBC"
TBC_HEADER = "Date TBC"
MAX_MONTHS = 8
MILESTONE_MIN_WIDTH = 340.0
MONTH_WIDTH = (72.0, 118.0)
GHOST = Style(theme.TABLE_SIZE, strike=True, colour=theme.MUTED)
_YEAR_SUFFIX = re.compile(r"/\d{2,4}$")

Month = tuple[int, int]  # (year, month)
When = tuple[dt.date | None, str, str]  # a date as read: the day, its precision, as typed
UNDATED: When = (None, "", "")  # no date the tracker gives (TBC), however it was typed


@dataclass(frozen=True)
class PathRow:
    """One milestone on the critical path: when it is due, what it was, its status."""

    workstream: str
    milestone: str
    due: When
    baseline: When
    status: str
    colour: str | None
    regions: tuple[str, ...] = ()
    show_regions: bool = False

    @property
    def month(self) -> Month | None:
        """The month whose column holds the marker."""
        return month_of(self.due)

    @property
    def moved_from(self) -> Month | None:
        """The baseline's month, when the date was revised into another month."""
        month = month_of(self.baseline)
        return month if self.due[0] is not None and month != self.month else None


def month_of(when: When) -> Month | None:
    """The month a date is shown in: a week's (``w/c 29/06/20``) is the month it starts in,
    any other date's the month it is due by (a quarter's last month)."""
    date, precision, _ = when
    if date is None:
        return None
    if precision == "week":
        date -= dt.timedelta(days=6)
    return date.year, date.month


def marker_text(when: When) -> str:
    """A marker's text: the day (``30/09``), ``w/c 16/11``, the month, ``Q3 20/21``; TBC."""
    date, precision, label = when
    if date is None:
        return TBC
    if precision == "day":
        return date.strftime("%d/%m")
    if precision == "week":
        return _YEAR_SUFFIX.sub("", label)
    if precision == "month":
        return date.strftime("%b")
    return label or date.strftime("%d/%m")


def _date(row, key: str) -> When:
    return (as_date(row.get(key)), text(row.get(f"{key}_precision")),
            text(row.get(f"{key}_label")))


def _regional_rows(dataset: Dataset, sheet: str, regions: list[str]) -> list[dict]:
    """The rows of ``sheet`` from ``regions``, region by region in the order read (the deck's
    rows as mappings of column to value, ``cached``)."""
    frame = frame_of(dataset, sheet)
    if frame.empty or "region" not in frame:
        return []
    order = {r: i for i, r in enumerate(regions)}
    rows = [row for row in cached(frame).rows if text(row["region"]) in order]
    return sorted(rows, key=lambda r: order[text(r["region"])])  # stable: sheet order kept


def critical_paths(dataset: Dataset) -> list[tuple[str, list[PathRow]]]:
    """Each R&R workstream group's title and milestones in date order, groups in the order
    first seen (workstreams without a group last, as "Other work streams"); open
    workstreams only (their state not a ``done`` word); a milestone several regions report
    identically is one row naming them all."""
    spec = DeckSpec.of(dataset.tracker)
    link = spec.link(MILESTONES)
    if link is None:
        return []
    regions = regions_of(dataset, spec)
    state = spec.vocab(spec.sheet.name, "state")
    open_rows: set[tuple[str, str]] = set()
    group_of: dict[str, str] = {}
    for row in _regional_rows(dataset, spec.sheet.name, regions):
        term = state.term(text(row.get("state"))) if state else None
        region, name = text(row["region"]), text(row.get(spec.title))
        if name and (region, name) not in open_rows and not (term is not None and term.done):
            open_rows.add((region, name))
            group_of[name] = group_of.get(name) or text(row.get("group"))
    order = {name: i for i, name in enumerate(group_of)}
    vocab = spec.vocab(MILESTONES, "status")
    merged: dict[PathRow, list[str]] = {}  # each row, with the regions reporting it
    for row in _regional_rows(dataset, MILESTONES, regions):
        region, name = text(row["region"]), text(row.get(link))
        if (region, name) not in open_rows or not text(row.get("milestone")):
            continue
        baseline = _date(row, "baseline_date")
        due = next((w for w in (_date(row, "forecast_date"), baseline) if w[0]), UNDATED)
        status = text(row.get("status"))
        word = (vocab.normalise(status) if vocab else None) or status
        colour = vocab.colour(word) if vocab and word else None
        reporting = merged.setdefault(
            PathRow(name, text(row.get("milestone")), due, baseline, word, colour), [])
        if region not in reporting:
            reporting.append(region)
    variants = Counter((r.workstream, r.milestone) for r in merged)
    rows = [replace(r, regions=tuple(named), show_regions=variants[(r.workstream, r.milestone)] > 1)
            for r, named in merged.items()]
    groups = sorted(dict.fromkeys(group_of.values()), key=lambda g: not g)  # no group: last
    paths = [(TITLE + (group or NO_GROUP), sorted(  # stable: rows due alike stay as read
        (r for r in rows if group_of[r.workstream] == group),
        key=lambda r: (r.due[0] is None, r.due[0] or dt.date.max, order[r.workstream])))
        for group in groups]
    return [(title, group_rows) for title, group_rows in paths if group_rows]


def windows(rows: list[PathRow]) -> list[tuple[list[Month], bool, list[PathRow]]]:
    """The slides' columns: (months, whether a TBC column follows, the rows due in them).

    The months the dates span are shared evenly among as few slides as ``MAX_MONTHS`` allows;
    a slide none of whose months has a milestone is left out.
    """
    dated = [r.month for r in rows if r.month]
    found: list[tuple[list[Month], bool, list[PathRow]]] = []
    if dated:  # the span's months, counted from January of year 0
        first, last = (year * 12 + month - 1 for year, month in (min(dated), max(dated)))
        span = [(n // 12, n % 12 + 1) for n in range(first, last + 1)]
        for part in chunks(len(span), MAX_MONTHS):
            months = [span[i] for i in part]
            shown = [r for r in rows if r.month in months]
            if shown:
                found.append((months, False, shown))
    undated = [r for r in rows if not r.month]
    if undated:  # in a last column of the last slide
        months, _, shown = found.pop() if found else ([], False, [])
        found.append((months, True, shown + undated))
    return found


def _label(row: PathRow) -> Cell:
    runs: list[Segment] = [(f"{row.workstream}: ", BOLD), (row.milestone, CELL)]
    if row.show_regions:
        runs.append((f" ({', '.join(row.regions)})", NOTE))
    return Cell(runs)


def marker_cell(row: PathRow) -> Cell:
    """The marker: the day in bold and the status word, on the status colour."""
    fill = row.colour or theme.PALE_GREY
    ink = theme.text_on(fill)
    runs: list[Segment] = [(marker_text(row.due), Style(theme.TABLE_SIZE, bold=True, colour=ink))]
    if row.status:
        runs.append(("\n" + row.status, Style(theme.TABLE_SIZE, colour=ink)))
    return Cell(runs, fill, "centre", middle=True)


def path_table(title: str, months: list[Month], tbc: bool, rows: list[PathRow],
               width: float, continued: bool = False) -> Table:
    """The table of one slide: a Milestone column, a column per month (and Date TBC)."""
    columns = len(months) + int(tbc)
    each = min(max((width - MILESTONE_MIN_WIDTH) / columns, MONTH_WIDTH[0]), MONTH_WIDTH[1])
    names = [MILESTONE_HEADER, *(f"{dt.date(*month, 1):%b %Y}" for month in months)]
    names += [TBC_HEADER] if tbc else []
    empty = Cell(align="centre", middle=True)
    drawn = []
    for row in rows:
        cells = [_label(row)] + [empty] * columns
        at = months.index(row.month) + 1 if row.month in months else columns if tbc else None
        if at is not None:
            cells[at] = marker_cell(row)
        moved = row.moved_from
        if moved in months:
            ghost = marker_text(row.baseline)
            cells[months.index(moved) + 1] = Cell([(ghost, GHOST)], align="centre", middle=True)
        drawn.append(cells)
    return Table("Critical path", [width - columns * each] + [each] * columns,
                 header(names, ["left"] + ["centre"] * columns), drawn, title, continued)


def critical_path(dataset: Dataset, box: Box) -> list[Page]:
    """Every group's critical path tables in the block's box, each table starting a page; a
    group's later months are headed as its continuation ("Critical Path - ... (cont.)")."""
    return [page for title, rows in critical_paths(dataset)
            for n, (months, tbc, shown) in enumerate(windows(rows))
            for page in table_pages([path_table(title, months, tbc, shown, box[2], n > 0)],
                                    box[3])]
