"""What goes on the slides: a Dataset read into plain views, before any layout or drawing.

The tracker declaration's ``deck:`` section says which sheet gives one slide per row
(``slide_per``), which column names it (``title``), which columns fill the header strip
(``header``) and the RAG boxes (``rags``). The sheets that hang off a workstream (Milestones,
Updates, Actions) are found by the column that ``references`` the title column, so a renamed
link column still works. Words are coloured from the vocabulary each column declares.

With history (``Dataset.changes``, see ``pcxl.deck.changes``) the views also carry what changed
since the previous period: a milestone's previous forecast when it moved, each RAG's trend, and,
for a region that listed no completed actions, the milestones it achieved (marked generated).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from pcxl.dataset import Dataset
from pcxl.dates import read_date
from pcxl.deck import theme
from pcxl.deck.cell_text import text
from pcxl.deck.changes import History, Trend
from pcxl.declaration import Sheet, Tracker
from pcxl.vocab import Vocabulary

MILESTONES = "Milestones"
UPDATES = "Updates"
ACTIONS = "Actions"
NO_STATUS = "No status"

Grouping = Literal["workstream", "region"]
UpdateKind = Literal["highlight", "escalation", "completed", "other"]


@dataclass(frozen=True)
class Rating:
    """One RAG box: its label (``Workstream Delivery``), region, word and fill colour, and with
    history its ``trend`` against last period (better / worse / same; None without history)."""

    label: str
    region: str
    word: str | None
    colour: str | None
    trend: Trend | None = None


@dataclass(frozen=True)
class Update:
    """One narrative point; ``heading`` names the group of an ``other`` kind (``Next steps``).

    ``generated`` marks a point pcxl wrote, not the team: a milestone achieved since last period,
    listed under completed actions when the region reported none.
    """

    region: str
    kind: UpdateKind
    text: str
    heading: str = ""
    generated: bool = False


@dataclass(frozen=True)
class Milestone:
    """A milestone row; ``revised`` is the forecast label when it differs from the baseline.

    With history, ``previous`` is last period's forecast label when the forecast has moved since
    (``moved`` days later, negative when brought forward). ``overdue``: not done and due before
    the reporting period began (lateness against the report date, not slippage).
    """

    region: str
    text: str
    baseline: str
    revised: str | None
    status: str | None
    colour: str | None
    comment: str = ""
    previous: str | None = None
    moved: int | None = None
    overdue: bool = False

    @property
    def due(self) -> str:
        """The date label the milestone is due by now: the forecast, else the baseline."""
        return self.revised or self.baseline


@dataclass(frozen=True)
class Action:
    """A key action outstanding (task-and-finish variant)."""

    region: str
    action: str
    group: str
    target: str
    owner: str
    status: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class WorkstreamView:
    """Everything one workstream's highlight slide shows, for one or several regions."""

    name: str
    regions: tuple[str, ...]
    header: tuple[tuple[str, str], ...]
    objective: str
    ratings: tuple[Rating, ...]
    updates: tuple[Update, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    actions: tuple[Action, ...] = ()

    @property
    def rag_labels(self) -> list[str]:
        return list(dict.fromkeys(r.label for r in self.ratings))

    def updates_of(self, kind: UpdateKind) -> list[Update]:
        return [u for u in self.updates if u.kind == kind]


@dataclass(frozen=True)
class PortfolioView:
    """The portfolio summary: a RAG per workstream and region, status counts, escalations."""

    regions: tuple[str, ...]
    rag_label: str
    rows: tuple[tuple[str, tuple[Rating | None, ...]], ...]
    statuses: tuple[tuple[str, str], ...]  # (word, colour) in vocabulary order, those present
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # status -> region -> n
    escalations: tuple[tuple[str, str, str], ...] = ()  # (region, workstream, text)


@dataclass(frozen=True)
class DeckSpec:
    """The declaration's ``deck:`` mapping, resolved against the tracker's sheets."""

    tracker: Tracker
    sheet: Sheet
    title: str
    header: tuple[tuple[str, str], ...]  # (column key, label)
    rags: tuple[tuple[str, str], ...]    # (box label, column key)
    footer: str

    @classmethod
    def of(cls, tracker: Tracker) -> DeckSpec:
        deck = tracker.deck
        sheet = tracker.sheet(str(deck.get("slide_per", "Workstreams")))
        header: list[tuple[str, str]] = []
        for item in deck.get("header", ()):
            if isinstance(item, dict):
                header.extend((str(k), str(v)) for k, v in item.items())
            else:
                header.append((str(item), sheet.column(str(item)).header))
        return cls(tracker, sheet, str(deck.get("title", "workstream")), tuple(header),
                   tuple((str(k), str(v)) for k, v in (deck.get("rags") or {}).items()),
                   str(deck.get("footer", "")))

    def vocab(self, sheet: str, key: str) -> Vocabulary | None:
        try:
            name = self.tracker.sheet(sheet).column(key).vocab
        except KeyError:
            return None
        return self.tracker.vocabulary(name) if name else None

    def link(self, sheet: str) -> str | None:
        """The column of ``sheet`` that names the slide's row (references the title column)."""
        try:
            columns = self.tracker.sheet(sheet).columns
        except KeyError:
            return None
        target = (self.sheet.name, self.title)
        return next((c.key for c in columns if c.references == target), None)

    @property
    def headline_rag(self) -> tuple[str, str] | None:
        """The RAG the portfolio shows: the one labelled Delivery, else the last declared."""
        if not self.rags:
            return None
        return next((r for r in self.rags if "delivery" in r[0].lower()), self.rags[-1])


def regions_of(dataset: Dataset, spec: DeckSpec) -> list[str]:
    """Accepted regions in the order read; the regions in the data when no returns are listed."""
    frame = dataset.frames.get(spec.sheet.name)
    present = [] if frame is None else [text(r) for r in frame["region"]]
    known = [r for r in dataset.regions if r in present] if len(dataset.returns) else []
    return list(dict.fromkeys([*known, *(r for r in present if r)]))


def _rows(dataset: Dataset, sheet: str) -> pd.DataFrame:
    frame = dataset.frames.get(sheet)
    return frame if frame is not None else pd.DataFrame()


def _is_closed(spec: DeckSpec, row: pd.Series) -> bool:
    vocab = spec.vocab(spec.sheet.name, "state")
    if vocab is None or "state" not in row:
        return False
    term = vocab.term(text(row["state"]))
    return bool(term and term.done)


def _combine(values: Iterable[tuple[str, str]]) -> str:
    """One header value from several regions: a shared value as is, else each named by region."""
    pairs = list(values)
    distinct = list(dict.fromkeys(v for _, v in pairs))
    if len(distinct) == 1:
        return distinct[0]
    return "; ".join(f"{value} ({region})" for region, value in pairs if value)


def _ratings(spec: DeckSpec, rows: list[Mapping],
             history: History | None = None) -> tuple[Rating, ...]:
    out = []
    for label, key in spec.rags:
        vocab = spec.vocab(spec.sheet.name, key)
        header = spec.sheet.column(key).header if history else key
        for row in rows:
            word = text(row.get(key))
            word = (vocab.normalise(word) or word) if vocab and word else (word or None)
            colour = vocab.colour(word) if vocab and word else None
            trend = (history.trend(row["region"], row.get(spec.title), header, word,
                                   vocab.normalise if vocab else None) if history else None)
            out.append(Rating(label, text(row["region"]), word, colour, trend))
    return tuple(out)


def _classify(vocab: Vocabulary | None, word: str) -> tuple[UpdateKind, str]:
    """An update's kind from its declared word: concern words escalate, done words completed."""
    term = vocab.term(word) if vocab and word else None
    if term is None or (vocab and term.term == vocab.words[0]):
        return "highlight", ""
    if term.concern:
        return "escalation", ""
    if term.done:
        return "completed", ""
    return "other", term.term if term.term.endswith("s") else term.term + "s"


def _updates(spec: DeckSpec, rows: pd.DataFrame) -> tuple[Update, ...]:
    vocab = spec.vocab(UPDATES, "kind")
    out = []
    for _, row in rows.iterrows():
        body = text(row.get("text"))
        if body:
            kind, heading = _classify(vocab, text(row.get("kind")))
            out.append(Update(text(row["region"]), kind, body, heading))
    return tuple(out)


def period_start(dataset: Dataset) -> dt.date | None:
    """The first day of the reporting period (``Nov 2020`` -> 01/11/2020), if it reads as one."""
    reading = read_date(dataset.period) if dataset.period else None
    return reading.last.start if reading and reading.last else None


def overdue(row: pd.Series, keys: Iterable[str], done: bool, start: dt.date | None) -> bool:
    """Open and due (by the first of ``keys`` that holds a date: forecast, else baseline)
    before the reporting period began: late against the report date, not slipped."""
    due = next((d for d in (row.get(k) for k in keys) if isinstance(d, dt.date)), None)
    return bool(start and due and not done and due < start)


def _milestones(spec: DeckSpec, rows: pd.DataFrame, history: History | None = None,
                start: dt.date | None = None) -> tuple[Milestone, ...]:
    vocab = spec.vocab(MILESTONES, "status")
    link = spec.link(MILESTONES)
    out = []
    for _, row in rows.iterrows():
        baseline = text(row.get("baseline_date_label"))
        forecast = text(row.get("forecast_date_label"))
        revised = forecast if forecast and forecast != baseline else None
        if revised and not baseline:
            baseline, revised = revised, None
        status = text(row.get("status")) or None
        colour = vocab.colour(status) if vocab and status else None
        move = (history.moved(row["region"], row.get(link) if link else "", row.get("milestone"))
                if history else None)
        term = vocab.term(status) if vocab and status else None
        out.append(Milestone(text(row["region"]), text(row.get("milestone")), baseline, revised,
                             status, colour, text(row.get("comment")),
                             (move.before or None) if move else None,
                             move.days if move else None,
                             overdue(row, ("forecast_date", "baseline_date"),
                                     bool(term and term.done), start)))
    return tuple(out)


ACHIEVED_PREFIX = "Achieved: "


def _achieved(history: History | None, name: str, regions: list[str],
              updates: tuple[Update, ...], milestones: tuple[Milestone, ...]) -> tuple[Update, ...]:
    """Completed actions written from the milestone tracker: for each region that listed none,
    the milestones it achieved since last period, in the order its milestone table lists them."""
    if history is None:
        return ()
    reported = {u.region for u in updates if u.kind == "completed"}
    out = []
    for region in regions:
        if region in reported:
            continue
        achieved = history.achievements(region, name)
        order = {m.text: i for i, m in enumerate(x for x in milestones if x.region == region)}
        achieved.sort(key=lambda item: order.get(item, len(order)))
        out += [Update(region, "completed", ACHIEVED_PREFIX + item, generated=True)
                for item in achieved]
    return tuple(out)


def _actions(spec: DeckSpec, rows: pd.DataFrame, start: dt.date | None) -> tuple[Action, ...]:
    vocab = spec.vocab(ACTIONS, "status")
    out = []
    for _, r in rows.iterrows():
        if not text(r.get("action")):
            continue
        status = text(r.get("status"))
        term = vocab.term(status) if vocab and status else None
        out.append(Action(text(r["region"]), text(r.get("action")), text(r.get("group")),
                          text(r.get("target_date_label")), text(r.get("owner")),
                          term.term if term else status,
                          overdue(r, ("target_date",), bool(term and term.done), start)))
    return tuple(out)


Children = dict[str, dict[str, pd.DataFrame]]


def _by_name(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
    """A sheet's rows grouped by the name in ``column`` (as shown), in order of appearance:
    grouped once per deck rather than filtered once per workstream."""
    if frame.empty:
        return {}
    return dict(tuple(frame.groupby(frame[column].map(text), sort=False)))


def _children_of(dataset: Dataset, spec: DeckSpec) -> Children:
    """The Updates, Milestones and Actions rows of each workstream they name."""
    found: Children = {}
    for sheet in (UPDATES, MILESTONES, ACTIONS):
        link = spec.link(sheet)
        frame = _rows(dataset, sheet)
        found[sheet] = _by_name(frame, link) if link is not None and link in frame else {}
    return found


def _children(dataset: Dataset, spec: DeckSpec, sheet: str, name: str,
              regions: list[str], children: Children) -> pd.DataFrame:
    frame = _rows(dataset, sheet)
    if frame.empty or spec.link(sheet) is None:
        return frame
    mine = children[sheet].get(name, frame.iloc[0:0])
    mine = mine[mine["region"].map(text).isin(regions)]
    order = {r: i for i, r in enumerate(regions)}
    return mine.sort_values("region", key=lambda s: s.map(lambda r: order[text(r)]),
                            kind="stable")


def workstream_views(dataset: Dataset, by: Grouping = "workstream") -> list[WorkstreamView]:
    """One view per slide: per workstream (regions together) or per region and workstream.

    Workstreams come in the order they first appear; closed ones are left out, and so are the
    closed regions of a workstream still open elsewhere. With history (``dataset.changes``) the
    views carry the changes since last period (see the module doc).
    """
    if by not in ("workstream", "region"):
        raise ValueError(f"by must be 'workstream' or 'region', not {by!r}")
    spec = DeckSpec.of(dataset.tracker)
    frame = _rows(dataset, spec.sheet.name)
    if frame.empty:
        return []
    regions = regions_of(dataset, spec)
    order = {r: i for i, r in enumerate(regions)}
    rows = frame[[text(r["region"]) in order and not _is_closed(spec, r)
                  for _, r in frame.iterrows()]]
    groups: list[tuple[str, pd.DataFrame]] = []
    for name, mine in _by_name(rows, spec.title).items():
        if not name:
            continue
        mine = mine.sort_values("region", key=lambda s: s.map(lambda r: order[text(r)]),
                                kind="stable")
        if by == "workstream":
            groups.append((name, mine))
        else:
            groups.extend((name, mine[mine["region"].map(text) == region])
                          for region in dict.fromkeys(mine["region"].map(text)))
    history = History.of(dataset.changes)
    children = _children_of(dataset, spec)
    return [_view(dataset, spec, name, mine, children, history) for name, mine in groups]


def _view(dataset: Dataset, spec: DeckSpec, name: str, rows: pd.DataFrame, children: Children,
          history: History | None = None) -> WorkstreamView:
    regions = list(dict.fromkeys(rows["region"].map(text)))
    pairs = [(text(r["region"]), r) for _, r in rows.iterrows()]
    header = tuple((label, _combine((region, text(row.get(key))) for region, row in pairs))
                   for key, label in spec.header)
    objective = _combine((region, text(row.get("objective"))) for region, row in pairs)
    updates = _updates(spec, _children(dataset, spec, UPDATES, name, regions, children))
    start = period_start(dataset)
    milestones = _milestones(spec, _children(dataset, spec, MILESTONES, name, regions, children),
                             history, start)
    updates += _achieved(history, name, regions, updates, milestones)
    return WorkstreamView(
        name=name, regions=tuple(regions), header=header, objective=objective,
        ratings=_ratings(spec, [r for _, r in rows.iterrows()], history),
        updates=updates,
        milestones=milestones,
        actions=_actions(spec, _children(dataset, spec, ACTIONS, name, regions, children),
                         start),
    )


def portfolio_view(dataset: Dataset) -> PortfolioView:
    """Every workstream's headline RAG by region (with its trend when there is history),
    milestone status counts, and escalations."""
    spec = DeckSpec.of(dataset.tracker)
    regions = regions_of(dataset, spec)
    frame = _rows(dataset, spec.sheet.name)
    headline = spec.headline_rag
    history = History.of(dataset.changes)
    rows: list[tuple[str, tuple[Rating | None, ...]]] = []
    if not frame.empty:
        named: dict[str, list[dict]] = {}  # rows by workstream, read at once (not a frame each)
        for row in frame.to_dict("records"):
            named.setdefault(text(row.get(spec.title)), []).append(row)
        for name, mine in named.items():
            if not name:
                continue
            found = {r.region: r for r in _ratings(spec, mine, history)
                     if headline and r.label == headline[0]}
            rows.append((name, tuple(found.get(region) for region in regions)))
    return PortfolioView(tuple(regions), headline[0] if headline else "", tuple(rows),
                         *_status_counts(dataset, spec, regions),
                         escalations=_escalations(dataset, spec, regions))


def _status_counts(dataset: Dataset, spec: DeckSpec,
                   regions: list[str]) -> tuple[tuple[tuple[str, str], ...], dict]:
    frame = _rows(dataset, MILESTONES)
    vocab = spec.vocab(MILESTONES, "status")
    if frame.empty:
        return (), {}
    words = frame["status"].map(lambda v: (vocab.normalise(text(v)) if vocab else None)
                                or text(v) or NO_STATUS)
    found = set(words)
    ordered = [w for w in (vocab.words if vocab else []) if w in found]
    ordered += sorted(w for w in found if w not in ordered and w != NO_STATUS)
    if NO_STATUS in found:
        ordered.append(NO_STATUS)
    region_of = frame["region"].map(text)
    counts = {w: {r: int(((words == w) & (region_of == r)).sum()) for r in regions}
              for w in ordered}
    statuses = tuple((w, (vocab.colour(w) if vocab else None) or theme.BORDER) for w in ordered)
    return statuses, counts


def _escalations(dataset: Dataset, spec: DeckSpec,
                 regions: list[str]) -> tuple[tuple[str, str, str], ...]:
    frame = _rows(dataset, UPDATES)
    link = spec.link(UPDATES)
    if frame.empty or link is None:
        return ()
    vocab = spec.vocab(UPDATES, "kind")
    found = [(text(row["region"]), text(row[link]), text(row.get("text")))
             for _, row in frame.iterrows()
             if text(row.get("text"))
             and _classify(vocab, text(row.get("kind")))[0] == "escalation"]
    order = {r: i for i, r in enumerate(regions)}
    return tuple(sorted(found, key=lambda e: order.get(e[0], len(order))))
