"""Programme report slides, in the layout of seed 002 (Primary Care Programme Report).

The deck is the report a programme sends its board:

- the title slide;
- "Programme Report": the header table (Programme Name, Programme Lead, Reporting Period, labelled
  as the About sheet labels them), "Programme Overview: Aims and Objectives" (the aim, then the
  objectives as bullets) and "Key Issues, Risks and Actions for Escalation" (grouped by kind and
  where they are reported, "Risks (as reported through Western Locality Risk Register):");
- under a banner with the board's name (the About sheet's Board, e.g. "WESTERN LOCALITY SYSTEM
  IMPROVEMENT BOARD"), the table Workstream / Activity (Projects) / Progress Updates and Key
  Milestones, ending with the About sheet's closing note ("Note – ...").

In the table each workstream's activities are lettered (a), (b) ... in the order of the
Activities sheet. A row of the Progress sheet names the activities it is about by those letters
("a, b and c"), or none for the whole workstream; each group of activities gets its own row, its
activities beside their "Progress updates:" and "Key milestones:" lists (headings from the
vocabulary's plurals), milestones with their date labels in brackets. The Workstream cell spans
its rows on a slide.

Rows are measured with real font metrics and split across slides before anything is drawn: a row
too long for what is left of a slide continues on the next, titled "... (cont.)", with the header
row repeated and the workstream's name repeated in its first column. Nothing is shrunk below the
minimum sizes (tables 10 pt, bullets 11 pt).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from pptx.slide import Slide

from pcxl.dataset import Dataset
from pcxl.deck import chrome, flow, theme
from pcxl.deck import draw as shapes
from pcxl.deck.build import title_slide
from pcxl.deck.canvas import Canvas
from pcxl.deck.content import DeckSpec, regions_of, text
from pcxl.deck.flow import CELL, CELL_BOLD, Item
from pcxl.deck.layout import Line, Segment, Style, clip, paginate, wrap_runs
from pcxl.vocab import Vocabulary, fold

TITLE = "Programme Report"
OVERVIEW = "Programme Overview: Aims and Objectives"
CONCERNS = "Key Issues, Risks and Actions for Escalation"
COLUMNS = ("Workstream", "Activity (Projects)", "Progress Updates and Key Milestones")
HEADER_FIELDS = ("programme", "programme_lead", "period")
AIM = "Aim: "
OBJECTIVES = "Objectives:"
NOTE = "Note \u2013 "
BOARD = "Programme board"  # the banner when a return names no board
NO_OVERVIEW = "No aim or objectives given."
NO_CONCERNS = "No key issues, risks or actions for escalation reported this period."
NO_WORKSTREAMS = "No workstreams reported this period."
NO_PROGRESS = "No progress update or milestone reported this period."
ALL_ACTIVITIES = "All activities"
SHOWN_ABOVE = "listed above"
NOT_LISTED = "not on the Activities sheet"
ESCALATION_MARK = "\u25ba"

# Sheets and columns of validators/programme_report.yaml this format reads.
OBJECTIVES_SHEET, RISKS_SHEET = "Objectives", "Risks"
WORKSTREAMS_SHEET, ACTIVITIES_SHEET, PROGRESS_SHEET = "Workstreams", "Activities", "Progress"

WORKSTREAM_WIDTH = 170.0
ACTIVITY_SHARE = 0.46  # of what the Workstream column leaves
LABEL_WIDTH = 150.0
HEADER_LINES = 3
SUBHEADING_SPACE = 6.0
MIN_SPLIT_LINES = 2  # never leave fewer lines of a split row at the foot of a slide

BOLD = Style(theme.BULLET_SIZE, bold=True)
PLAIN = Style(theme.BULLET_SIZE)
ITALIC = Style(theme.BULLET_SIZE, italic=True)
SUBHEAD = Style(theme.BULLET_SIZE, bold=True, colour=theme.DARK_BLUE)
HEAD_LABEL = Style(theme.HEADER_SIZE, bold=True, colour=theme.WHITE)
HEAD_VALUE = Style(theme.HEADER_SIZE)
WS_NAME = Style(theme.TABLE_SIZE, bold=True, colour=theme.DARK_BLUE)
WS_NOTE = Style(theme.TABLE_SIZE, italic=True)
REGION = Style(theme.TABLE_SIZE, italic=True, colour=theme.MUTED)
LETTER = Style(theme.TABLE_SIZE, bold=True, colour=theme.DARK_BLUE)
KIND_HEAD = Style(theme.TABLE_SIZE, bold=True, colour=theme.DARK_BLUE)
REFERS = Style(theme.TABLE_SIZE, italic=True)
NOTE_STYLE = Style(theme.BULLET_SIZE, italic=True)


# --- What the report says --------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A progress update or key milestone: its kind (the vocabulary word), text and date label."""

    kind: str
    text: str
    date: str = ""


@dataclass(frozen=True)
class Group:
    """One row of the board table: activities (letter, text) and the points about them.

    ``refers`` names activities without repeating them: those already listed in an earlier row,
    letters that are not on the Activities sheet, or "All activities".
    """

    activities: tuple[tuple[str, str], ...] = ()
    points: tuple[Point, ...] = ()
    refers: str = ""


@dataclass(frozen=True)
class Workstream:
    """A workstream as one practice group reports it, its rows in order."""

    name: str
    region: str
    scope: tuple[str, ...] = ()
    note: str = ""
    groups: tuple[Group, ...] = ()


@dataclass(frozen=True)
class Concerns:
    """Key issues, risks or actions for escalation of one kind, reported through one place."""

    heading: str
    escalate: bool
    items: tuple[str, ...]


@dataclass(frozen=True)
class ReportView:
    """Everything the programme report shows, before layout."""

    header: tuple[tuple[str, str], ...]  # (label, value)
    board: str
    aim: str
    objectives: tuple[str, ...]
    concerns: tuple[Concerns, ...]
    workstreams: tuple[Workstream, ...]
    regions: tuple[str, ...]
    kinds: tuple[tuple[str, str], ...]  # (vocabulary word, list heading) in vocabulary order
    note: str = ""


def activity_letter(index: int) -> str:
    """The letter of the ``index``-th activity (0-based): a ... z, then aa, ab ..."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(97 + rem) + letters
    return letters


def letters_label(letters: Sequence[str]) -> str:
    """``(a)``, ``(a) and (b)``, ``(a), (b) and (c)``: activities as the seed names them."""
    marks = [f"({letter})" for letter in letters]
    if len(marks) <= 1:
        return "".join(marks)
    return ", ".join(marks[:-1]) + " and " + marks[-1]


_SINGLE = re.compile(r"[a-z]{1,2}")
_RANGE = re.compile(r"([a-z]{1,2})-([a-z]{1,2})")


def letters_of(value: str) -> tuple[str, ...] | None:
    """The activity letters a Progress row names: ``a``, ``(a) and (b)``, ``a, b, c``, ``a-c``.

    Returns () for a blank cell (the whole workstream) and None when the cell is not a list of
    letters, so the report can show it as typed.
    """
    found: list[str] = []
    cleaned = value.lower().replace("\u2013", "-").replace("&", ",").replace(":", " ")
    cleaned = re.sub(r"\b(?:for|and|activities|activity)\b", ",", cleaned)
    cleaned = re.sub(r"[()]", " ", cleaned)
    cleaned = re.sub(r"\s*(?:-|\bto\b)\s*", "-", cleaned)
    for token in re.split(r"[\s,;/]+", cleaned):
        if not token:
            continue
        if _SINGLE.fullmatch(token):
            found.append(token)
            continue
        span = _RANGE.fullmatch(token)
        if not span:
            return None
        first, last = (_letter_index(t) for t in span.groups())
        if last < first:
            return None
        found.extend(activity_letter(i) for i in range(first, last + 1))
    return tuple(dict.fromkeys(found))


def _letter_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 96)
    return index - 1


def group_activities(activities: Sequence[str],
                     points: Sequence[tuple[str, Point]]) -> tuple[Group, ...]:
    """The rows of one workstream: each group of activities with the points about them.

    ``points`` pairs each point with its "For activities" cell as typed. Rows follow the
    activities' order; a group of several activities ("a, b and c") is one row at its first
    activity. Points for the whole workstream share a row with the activities no group names;
    activities nobody reports on share a row per run. Points about letters already shown, or
    letters with no activity, come last, naming their letters.
    """
    letters = [activity_letter(i) for i in range(len(activities))]
    known = set(letters)
    keyed: dict[tuple[str, ...] | str, list[Point]] = {}
    for raw, point in points:
        parsed = letters_of(raw)
        key: tuple[str, ...] | str = raw.strip() if parsed is None else tuple(
            sorted(parsed, key=lambda x: (x not in known, _letter_index(x))))
        keyed.setdefault(key, []).append(point)
    whole = keyed.pop((), None)
    claimed: dict[str, tuple[str, ...]] = {}
    for key in keyed:
        if isinstance(key, tuple):
            for letter in key:
                claimed.setdefault(letter, key)
    unclaimed = [i for i, letter in enumerate(letters) if letter not in claimed]
    groups: list[Group] = []
    emitted: set[tuple[str, ...] | str] = set()
    whole_done = False
    last_unclaimed = -2
    for i, letter in enumerate(letters):
        key = claimed.get(letter)
        if key is None:
            if whole is not None:
                if not whole_done:
                    groups.append(Group(tuple((letters[j], activities[j]) for j in unclaimed),
                                        tuple(whole)))
                    whole_done = True
            elif last_unclaimed == i - 1 and groups and not groups[-1].points:
                groups[-1] = Group((*groups[-1].activities, (letter, activities[i])))
            else:
                groups.append(Group(((letter, activities[i]),)))
            last_unclaimed = i
        elif key not in emitted:
            emitted.add(key)
            shown = tuple((x, activities[letters.index(x)]) for x in key if x in known)
            missing = [x for x in key if x not in known]
            refers = f"{letters_label(missing)}: {NOT_LISTED}" if missing else ""
            groups.append(Group(shown, tuple(keyed[key]), refers))
    for key, found in keyed.items():
        if key in emitted:
            continue
        if isinstance(key, str):
            refers = f"{key}: {NOT_LISTED}"
        else:
            shown = [x for x in key if x in known]
            missing = [x for x in key if x not in known]
            parts = [f"{letters_label(shown)}, {SHOWN_ABOVE}"] if shown else []
            parts += [f"{letters_label(missing)}: {NOT_LISTED}"] if missing else []
            refers = "; ".join(parts)
        groups.append(Group((), tuple(found), refers))
    if whole is not None and not whole_done:
        groups.append(Group((), tuple(whole), ALL_ACTIVITIES if letters else ""))
    return tuple(groups)


def _frame(dataset: Dataset, sheet: str) -> pd.DataFrame:
    frame = dataset.frames.get(sheet)
    return frame if frame is not None else pd.DataFrame(columns=["region"])


def _col(row: pd.Series, key: str) -> str:
    return text(row.get(key)) if key in row else ""


def _vocab(dataset: Dataset, sheet: str, key: str) -> Vocabulary | None:
    try:
        name = dataset.tracker.sheet(sheet).column(key).vocab
    except KeyError:
        return None
    return dataset.tracker.vocabulary(name) if name else None


def plural(vocab: Vocabulary | None, word: str) -> str:
    """A kind's list heading: the term's first synonym (its plural, by this tracker's
    convention), else the word itself."""
    term = vocab.term(word) if vocab and word else None
    if term is None:
        return word
    return term.synonyms[0] if term.synonyms else term.term


def _concerns(dataset: Dataset) -> tuple[Concerns, ...]:
    frame = _frame(dataset, RISKS_SHEET)
    vocab = _vocab(dataset, RISKS_SHEET, "kind")
    order = {w: i for i, w in enumerate(vocab.words)} if vocab else {}
    sections: dict[tuple[str, str], list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for _, row in frame.iterrows():
        body = _col(row, "description")
        if not body:
            continue
        word = _col(row, "kind")
        word = (vocab.normalise(word) or word) if vocab else word
        source = _col(row, "reported_through")
        key = (fold(word), fold(source), fold(body))
        if key in seen:
            continue  # the same risk returned by several practice groups
        seen.add(key)
        sections.setdefault((word, source), []).append(body)
    out = []
    for (word, source), items in sorted(sections.items(),
                                        key=lambda kv: order.get(kv[0][0], len(order))):
        heading = plural(vocab, word) or "Risks and issues"
        heading += f" (as reported through {source}):" if source else ":"
        term = vocab.term(word) if vocab and word else None
        out.append(Concerns(heading, bool(term and term.concern), tuple(items)))
    return tuple(out)


def _objectives(dataset: Dataset) -> tuple[str, ...]:
    frame = _frame(dataset, OBJECTIVES_SHEET)
    found: dict[str, str] = {}
    for _, row in frame.iterrows():
        body = _col(row, "objective")
        if body:
            found.setdefault(fold(body), body)
    return tuple(found.values())


def _scope(value: str) -> tuple[str, ...]:
    lines = (re.sub(r"^[\s\-\u2022*\u2013]+", "", line).strip() for line in value.splitlines())
    return tuple(line for line in lines if line)


def workstreams(dataset: Dataset, regions: Sequence[str], by: str) -> tuple[Workstream, ...]:
    """Each (workstream, practice group) in the report's order: by workstream (first appearance,
    then the groups in the order read) or by practice group."""
    frames = {name: _frame(dataset, name)
              for name in (WORKSTREAMS_SHEET, ACTIVITIES_SHEET, PROGRESS_SHEET)}
    keys: list[tuple[str, str]] = []
    for frame in frames.values():
        for _, row in frame.iterrows():
            name = _col(row, "workstream")
            if name:
                keys.append((name, text(row["region"])))
    keys = list(dict.fromkeys(keys))
    order = {r: i for i, r in enumerate(regions)}
    names = {n: i for i, n in enumerate(dict.fromkeys(n for n, _ in keys))}
    if by == "region":
        keys.sort(key=lambda k: (order.get(k[1], len(order)), names[k[0]]))
    else:
        keys.sort(key=lambda k: (names[k[0]], order.get(k[1], len(order))))
    kind_vocab = _vocab(dataset, PROGRESS_SHEET, "kind")
    out = []
    for name, region in keys:
        def mine(frame: pd.DataFrame, name: str = name, region: str = region) -> pd.DataFrame:
            if frame.empty or "workstream" not in frame:
                return frame.iloc[0:0]
            return frame[(frame["workstream"].map(text) == name)
                         & (frame["region"].map(text) == region)]

        detail = mine(frames[WORKSTREAMS_SHEET])
        first = detail.iloc[0] if len(detail) else pd.Series(dtype=object)
        activities = [_col(r, "activity") for _, r in mine(frames[ACTIVITIES_SHEET]).iterrows()
                      if _col(r, "activity")]
        points = []
        for _, r in mine(frames[PROGRESS_SHEET]).iterrows():
            body = _col(r, "text")
            if not body:
                continue
            word = _col(r, "kind")
            word = (kind_vocab.normalise(word) or word) if kind_vocab else word
            points.append((_col(r, "activities"), Point(word, body, _col(r, "date_label"))))
        out.append(Workstream(name, region, _scope(_col(first, "scope")), _col(first, "note"),
                              group_activities(activities, points)))
    return tuple(out)


def report_view(dataset: Dataset, by: str = "workstream") -> ReportView:
    """The report's content from a consolidated Dataset of programme report returns."""
    if by not in ("workstream", "region"):
        raise ValueError(f"by must be 'workstream' or 'region', not {by!r}")
    about = dataset.about
    tracker = dataset.tracker
    header = []
    for key in HEADER_FIELDS:
        try:
            label = tracker.about_field(key).header
        except KeyError:
            continue
        value = text(about.get(key))
        if key == "programme":
            value = value or dataset.programme
        elif key == "period":
            value = value or dataset.period
        header.append((label, value))
    regions = tuple(regions_of(dataset, DeckSpec.of(tracker)))
    kind_vocab = _vocab(dataset, PROGRESS_SHEET, "kind")
    kinds = tuple((w, plural(kind_vocab, w)) for w in (kind_vocab.words if kind_vocab else ()))
    return ReportView(tuple(header), text(about.get("board")) or BOARD, text(about.get("aim")),
                      _objectives(dataset), _concerns(dataset),
                      workstreams(dataset, regions, by), regions, kinds,
                      text(about.get("note")))


# --- Table cells that hold lists -------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One paragraph of a table cell, wrapped to its column: a heading, plain text or a bullet."""

    lines: tuple[Line, ...]
    style: Style
    bullet: str | None = None
    indent: float = 0.0


def piece(runs: Sequence[Segment], width: float, *, bullet: str | None = None) -> Piece:
    """Wrap ``runs`` as a paragraph of a cell ``width`` wide (less margins and bullet indent)."""
    indent = theme.BULLET_INDENT if bullet else 0.0
    lines = wrap_runs(runs, width - 2 * theme.CELL_MARGIN_X - indent)
    return Piece(tuple(lines), runs[0][1], bullet, indent)


@dataclass(frozen=True)
class RichCell:
    """A table cell of several paragraphs, every line the table's exact line pitch."""

    pieces: tuple[Piece, ...] = ()

    @property
    def lines(self) -> int:
        return sum(len(p.lines) for p in self.pieces)

    def paras(self, start: int = 0, stop: int | None = None) -> list[shapes.Para]:
        """The paragraphs of lines ``start`` to ``stop``; a paragraph cut at ``start`` keeps its
        indent but not its bullet, so it reads as continuing."""
        stop = self.lines if stop is None else stop
        out: list[shapes.Para] = []
        at = 0
        for p in self.pieces:
            lo, hi = max(start, at), min(stop, at + len(p.lines))
            if lo < hi:
                out.append(shapes.Para(p.lines[lo - at:hi - at], p.style,
                                     p.bullet if lo == at else None, theme.NHS_BLUE, p.indent))
            at += len(p.lines)
        return out


def workstream_cell(ws: Workstream, width: float, regions: Sequence[str], *,
                    repeat: bool = False) -> RichCell:
    """The Workstream cell: name, scope bullets, note and (with several groups) the practice
    group; ``repeat`` gives the name alone, for a slide the workstream continues on."""
    pieces = [piece([(ws.name, WS_NAME)], width)]
    if not repeat:
        pieces += [piece([(s, CELL)], width, bullet=flow.BULLET) for s in ws.scope]
        if ws.note:
            pieces.append(piece([(ws.note, WS_NOTE)], width))
    if len(regions) > 1 and ws.region:
        pieces.append(piece([(ws.region, REGION)], width))
    return RichCell(tuple(pieces))


def activity_cell(group: Group, width: float) -> RichCell:
    """The Activity cell: each activity after its bold letter, "(a) ..."."""
    pieces = []
    if group.refers:
        pieces.append(piece([(group.refers, REFERS)], width))
    pieces += [piece([(f"({letter}) ", LETTER), (body, CELL)], width)
               for letter, body in group.activities]
    return RichCell(tuple(pieces))


def progress_cell(group: Group, width: float, kinds: Sequence[tuple[str, str]]) -> RichCell:
    """The Progress cell: a "Progress updates:" and a "Key milestones:" list (those present),
    each point with its date in brackets."""
    order = [w for w, _ in kinds]
    headings = dict(kinds)
    present = list(dict.fromkeys(p.kind for p in group.points))
    present.sort(key=lambda w: order.index(w) if w in order else len(order))
    pieces = []
    for kind in present:
        pieces.append(piece([(f"{headings.get(kind, kind or 'Updates')}:", KIND_HEAD)], width))
        for p in (p for p in group.points if p.kind == kind):
            runs: list[Segment] = [(p.text, CELL)]
            if p.date:
                runs.append((f" ({p.date})", CELL_BOLD))
            pieces.append(piece(runs, width, bullet=flow.BULLET))
    if not pieces:
        pieces.append(piece([(NO_PROGRESS, REFERS)], width))
    return RichCell(tuple(pieces))


# --- The board table, paginated ------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    """One row of the board table, measured: its workstream (index) and its two list cells."""

    workstream: int
    first: bool
    activity: RichCell
    progress: RichCell

    @property
    def lines(self) -> int:
        return max(self.activity.lines, self.progress.lines, 1)


@dataclass(frozen=True)
class Part:
    """The lines ``start``..``stop`` of a row on a slide, and how its Workstream cell shows:
    in full (the workstream's first row), by name (continuing on a new slide) or not at all
    (spanned by the cell above)."""

    row: int
    start: int
    stop: int
    show: str  # "full" | "name" | ""


def row_height(lines: int) -> float:
    return lines * CELL.line_height + 2 * theme.CELL_MARGIN_Y


def board_widths() -> tuple[float, float, float]:
    rest = theme.SLIDE_WIDTH - 2 * theme.MARGIN - WORKSTREAM_WIDTH
    activity = round(rest * ACTIVITY_SHARE, 1)
    return WORKSTREAM_WIDTH, activity, rest - activity


def board_rows(view: ReportView, widths: Sequence[float]
               ) -> tuple[list[BoardRow], list[RichCell], list[RichCell]]:
    """Every row of the table, and each workstream's full and repeated (name only) cell."""
    rows: list[BoardRow] = []
    full: list[RichCell] = []
    names: list[RichCell] = []
    for index, ws in enumerate(view.workstreams):
        full.append(workstream_cell(ws, widths[0], view.regions))
        names.append(workstream_cell(ws, widths[0], view.regions, repeat=True))
        groups = ws.groups or (Group(),)
        for n, group in enumerate(groups):
            rows.append(BoardRow(index, n == 0, activity_cell(group, widths[1]),
                                 progress_cell(group, widths[2], view.kinds)))
    return rows, full, names


def paginate_rows(rows: Sequence[BoardRow], full: Sequence[RichCell], names: Sequence[RichCell],
                  first: float, later: float) -> list[list[Part]]:
    """Split the table's rows into slides: ``first`` and ``later`` are the heights left for body
    rows (below the repeated header row) on the first and following slides.

    A row that fits on a fresh slide is never split: if it does not fit in what is left it starts
    the next slide. A longer row fills what is left (at least ``MIN_SPLIT_LINES`` lines, and
    enough for its Workstream cell) and continues on the next. A row starting a slide shows its
    workstream's name, and is at least as tall as that name.
    """
    pages: list[list[Part]] = [[]]
    room = first

    def ws_lines(row: BoardRow, start: int, top: bool) -> tuple[int, str]:
        if row.first and start == 0:
            return full[row.workstream].lines, "full"
        if top:
            return names[row.workstream].lines, "name"
        return 0, ""

    def new_page() -> None:
        nonlocal room
        pages.append([])
        room = later

    for index, row in enumerate(rows):
        start = 0
        while start < row.lines:
            top = not pages[-1]
            need_ws, show = ws_lines(row, start, top)
            left = row.lines - start
            height = row_height(max(left, need_ws))
            if height <= room + 0.01:
                pages[-1].append(Part(index, start, row.lines, show))
                room -= height
                break
            fresh_ws = ws_lines(row, start, True)[0]
            if not top and row_height(max(left, fresh_ws)) <= later + 0.01:
                new_page()
                continue
            fit = math.floor((room - row_height(0) + 0.01) / CELL.line_height)
            if not top and (fit < max(need_ws, MIN_SPLIT_LINES)):
                new_page()
                continue
            fit = max(min(fit, left), 1)
            pages[-1].append(Part(index, start, start + fit, show))
            start += fit
            new_page()
    return pages


def draw_board_page(slide: Slide, top: float, widths: Sequence[float], rows: Sequence[BoardRow],
                    full: Sequence[RichCell], names: Sequence[RichCell],
                    parts: Sequence[Part]) -> float:
    """Draw one slide's part of the table (header row first); returns where it ends."""
    header = flow.header_row(COLUMNS, widths)
    drawn: list[shapes.Row] = [header]
    contents: list[list[list[shapes.Para]]] = []
    for part in parts:
        row = rows[part.row]
        ws = {"full": full, "name": names}.get(part.show)
        ws_cell = ws[row.workstream] if ws else RichCell()
        lines = max(part.stop - part.start, ws_cell.lines)
        cells = [shapes.Cell([], CELL) for _ in widths]
        drawn.append(shapes.Row(cells, row_height(lines)))
        contents.append([ws_cell.paras(), row.activity.paras(part.start, part.stop),
                         row.progress.paras(part.start, part.stop)])
    if not parts:
        note = flow.table_row([[(NO_WORKSTREAMS, flow.CELL_NOTE)], [], []], widths)
        drawn.append(note)
    frame = shapes.add_table(slide, theme.MARGIN, top, widths, drawn, name="Workstreams")
    table = frame.table
    # The Workstream cell spans the workstream's rows on this slide.
    r = 0
    while r < len(parts):
        end = r
        while end + 1 < len(parts) and not parts[end + 1].show and \
                rows[parts[end + 1].row].workstream == rows[parts[r].row].workstream:
            end += 1
        if end > r:
            table.cell(r + 1, 0).merge(table.cell(end + 1, 0))
        r = end + 1
    for r, cells in enumerate(contents, start=1):
        for c, paras in enumerate(cells):
            if paras:
                shapes.write_paras(table.cell(r, c).text_frame, paras)
    return top + sum(row.height for row in drawn)


def _note_height(note: str, width: float) -> tuple[float, list[Line]]:
    lines = wrap_runs([(NOTE + note, NOTE_STYLE)], width - 2 * theme.TEXT_INSET_X)
    return len(lines) * NOTE_STYLE.line_height, lines


def add_board_slides(canvas: Canvas, view: ReportView) -> int:
    """The banner with the board's name over the workstream table, continued as needed, and the
    closing note under the table; returns how many slides were added."""
    widths = board_widths()
    rows, full, names = board_rows(view, widths)
    header_h = flow.header_row(COLUMNS, widths).height
    bottom = theme.FOOTER_TOP - theme.GAP
    first = bottom - (chrome.band_height(view.board) + theme.GAP) - header_h
    later = bottom - (chrome.band_height(view.board + chrome.CONT) + theme.GAP) - header_h
    pages = paginate_rows(rows, full, names, first, later)
    note_w = sum(widths)
    note_h, note_lines = _note_height(view.note, note_w) if view.note else (0.0, [])
    added = len(pages)
    for p, parts in enumerate(pages):
        title = view.board if p == 0 else view.board + chrome.CONT
        slide = canvas.slide(title)
        top = chrome.title_band(slide, title) + theme.GAP
        end = draw_board_page(slide, top, widths, rows, full, names, parts)
        if view.note and p == len(pages) - 1:
            if end + theme.GAP + note_h > bottom:
                title = view.board + chrome.CONT
                slide = canvas.slide(title)
                end = chrome.title_band(slide, title)
                added += 1
            shapes.add_text(slide, theme.MARGIN, end + theme.GAP, note_w, note_h,
                          [shapes.Para(note_lines, NOTE_STYLE)], name="Note")
    return added


# --- The overview slide ----------------------------------------------------------------------


def header_table_rows(view: ReportView, width: float) -> tuple[list[float], list[shapes.Row]]:
    """The header table: each About label (white on NHS Blue) beside its value; a label with
    no value is left out."""
    widths = [LABEL_WIDTH, width - LABEL_WIDTH]
    rows = []
    for label, value in view.header:
        if not value:
            continue
        label_lines = wrap_runs([(label, HEAD_LABEL)], widths[0] - 2 * theme.CELL_MARGIN_X)
        inner = widths[1] - 2 * theme.CELL_MARGIN_X
        value_lines = clip(wrap_runs([(value, HEAD_VALUE)], inner), HEADER_LINES, inner)
        lines = max(len(label_lines), len(value_lines))
        rows.append(shapes.Row([
            shapes.Cell(label_lines, HEAD_LABEL, theme.NHS_BLUE, anchor="middle"),
            shapes.Cell(value_lines, HEAD_VALUE, anchor="middle"),
        ], lines * HEAD_VALUE.line_height + 2 * theme.CELL_MARGIN_Y + 4))
    return widths, rows


def overview_items(view: ReportView, width: float) -> list[Item]:
    """The overview and the key issues as a flow: headings, the aim, bulleted lists."""
    items = [flow.heading_item(OVERVIEW)]
    if view.aim:
        items.append(flow.para_item(OVERVIEW, [(AIM, BOLD), (view.aim, PLAIN)], width,
                                    mark=None))
    if view.objectives:
        items.append(flow.para_item(OVERVIEW, [(OBJECTIVES, SUBHEAD)], width, mark=None,
                                    space=SUBHEADING_SPACE, keep=True))
        items += [flow.para_item(OVERVIEW, [(o, PLAIN)], width) for o in view.objectives]
    if len(items) == 1:
        items.append(flow.para_item(OVERVIEW, [(NO_OVERVIEW, ITALIC)], width, mark=None))
    items.append(flow.heading_item(CONCERNS))
    for section in view.concerns:
        items.append(flow.para_item(CONCERNS, [(section.heading, SUBHEAD)], width,
                                    mark=None, space=SUBHEADING_SPACE, keep=True))
        mark, colour = ((ESCALATION_MARK, theme.ESCALATION) if section.escalate
                        else (flow.BULLET, theme.NHS_BLUE))
        items += [flow.para_item(CONCERNS, [(t, PLAIN)], width, mark=mark, mark_colour=colour)
                  for t in section.items]
    if not view.concerns:
        items.append(flow.para_item(CONCERNS, [(NO_CONCERNS, ITALIC)], width, mark=None))
    return items


def add_overview_slides(canvas: Canvas, view: ReportView) -> int:
    """"Programme Report": the header table, aims and objectives, key issues and risks."""
    width = theme.SLIDE_WIDTH - 2 * theme.MARGIN
    widths, header = header_table_rows(view, width)
    header_h = sum(r.height for r in header) + (theme.GAP if header else 0.0)
    bottom = theme.FOOTER_TOP - theme.GAP
    first = bottom - (chrome.band_height(TITLE) + theme.GAP + header_h)
    later = bottom - (chrome.band_height(TITLE + chrome.CONT) + theme.GAP)
    items = overview_items(view, width)
    pages = paginate([i.block for i in items], later, first_height=first)
    for p, page in enumerate(pages):
        title = TITLE if p == 0 else TITLE + chrome.CONT
        slide = canvas.slide(title)
        top = chrome.title_band(slide, title) + theme.GAP
        if p == 0 and header:
            shapes.add_table(slide, theme.MARGIN, top, widths, header, name="Header",
                             header_column=True)
            top += header_h
        if page:
            flow.draw_flow(slide, theme.MARGIN, top, width, items, page)
    return len(pages)


def draw(canvas: Canvas, dataset: Dataset, *, by: str = "workstream") -> None:
    """The programme report: title slide, the overview, then the board's workstream table.

    ``by="workstream"`` orders the table by workstream (practice groups reporting the same one
    side by side), ``by="region"`` by practice group.
    """
    view = report_view(dataset, by)
    title_slide(canvas, dataset, TITLE)
    add_overview_slides(canvas, view)
    add_board_slides(canvas, view)
