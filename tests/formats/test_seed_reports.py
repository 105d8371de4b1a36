"""Each seed's own report (``pcxl demo``'s ``seed_reports/``) read back item for item against the
seed: the lists in ``seed_items`` (typed from the seed text) against the text of the deck.

The deck is read generically, as a reader would: each slide's title and the text of its tables
and text boxes, row by row. Nothing here depends on how shapes are drawn or named beyond the
slide title, so these tests hold for any engine that draws the same report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation

from pcxl.demo import make_seed_reports, run_demo
from tests.formats import seed_items as seed

CONT = " (cont.)"


@dataclass(frozen=True)
class SlideText:
    """One slide as text: its title, each table row (cells joined by " | ") and each text box."""

    title: str
    rows: list[list[str]]
    texts: list[str]

    @property
    def lines(self) -> list[str]:
        return [" | ".join(r) for r in self.rows] + self.texts


def _title(slide) -> str:
    shape = slide.shapes.title
    if shape is None:
        shape = next((s for s in slide.shapes if s.name == "Title"), None)
    return shape.text_frame.text.strip() if shape is not None else ""


def read_deck(path: Path) -> list[SlideText]:
    out = []
    for slide in Presentation(str(path)).slides:
        rows, texts = [], []
        for shape in slide.shapes:
            if shape.has_table:
                rows += [[_flat(c.text) for c in row.cells] for row in shape.table.rows]
            elif shape.has_text_frame and shape.text_frame.text.strip():
                texts.append(_flat(shape.text_frame.text))
        out.append(SlideText(_title(slide), rows, texts))
    return out


def _flat(text: str) -> str:
    """One line: paragraphs and line breaks joined by " / ", other white space single."""
    parts = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"[\n\v]", text))
    return " / ".join(p for p in parts if p)


def fold(text: str) -> str:
    return _flat(text).casefold()


def base(title: str) -> str:
    return title[: -len(CONT)] if title.endswith(CONT) else title


def in_order(haystack: list[str], needles: list[str]) -> list[int]:
    """The index of the first line containing each needle, each after the one before."""
    found, start = [], 0
    for needle in needles:
        hit = next((i for i in range(start, len(haystack)) if fold(needle) in fold(haystack[i])),
                   None)
        assert hit is not None, f"{needle!r} missing (or out of order) after line {start}"
        found.append(hit)
        start = hit + 1
    return found


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, list[SlideText]]:
    out = tmp_path_factory.mktemp("seed_reports")
    made = make_seed_reports(out)
    assert {p.path.name for p in made.values()} == {
        f"{t}_report.pptx" for t in ("highlight", "recovery_plan", "programme_report",
                                     "scheme_update", "delivery_plan")}
    return {name: read_deck(result.path) for name, result in made.items()}


# --- Seed 001 ---------------------------------------------------------------------------------

PREFIX = "Work stream: "


def test_seed_001_has_every_workstream_in_the_seeds_order_and_no_other(decks):
    titles = [s.title for s in decks["highlight"]]
    shown = list(dict.fromkeys(base(t)[len(PREFIX):] for t in titles if t.startswith(PREFIX)))
    assert shown == [w.name for w in seed.HIGHLIGHT_WORKSTREAMS]


def test_seed_001_families_come_in_the_seeds_order(decks):
    """Objectives and overview, the portfolio slides, the critical path and the closed work
    streams ("Celebrating Success") before the workstreams, as seed 001 has them; the
    task-and-finish roll-up last."""
    titles = [base(s.title) for s in decks["highlight"]]
    first = [next(i for i, t in enumerate(titles) if t.startswith(start)) for start in (
        "Strategic objectives", "Programme overview", "Portfolio summary", "Milestone slippage",
        "Critical path", "Closed Work streams", PREFIX, "Task and Finish Group Actions")]
    assert first == sorted(first)
    last_workstream = max(i for i, t in enumerate(titles) if t.startswith(PREFIX))
    assert last_workstream < first[-1]
    assert all(not t.startswith(("Critical path", "Closed Work streams"))
               for t in titles[first[6]:])


def test_seed_001_cover_names_the_area_and_the_date_as_the_seed_does(decks):
    cover = " / ".join(decks["highlight"][0].texts)
    assert "West Sussex" in cover
    assert "11th November 2020" in cover


@pytest.mark.parametrize("item", seed.HIGHLIGHT_WORKSTREAMS, ids=lambda w: w.name[:30])
def test_seed_001_workstream_rows_in_order_with_their_dates_and_statuses(decks, item):
    slides = [s for s in decks["highlight"] if base(s.title) == PREFIX + item.name]
    rows = [" | ".join(r) for s in slides for r in s.rows]
    for row, at in zip(item.rows, in_order(rows, [r.text for r in item.rows]), strict=True):
        for written in row.dates:
            assert written in rows[at], f"{row.text!r}: {written!r} not in {rows[at]!r}"
        if row.status:
            assert fold(row.status) in fold(rows[at]), f"{row.text!r}: {row.status!r}"
    first = " ".join(slides[0].lines)
    for fact in item.facts:
        assert fact in first, f"{item.name}: {fact!r} not on its slide"


def test_seed_001_milestone_tables_add_no_rows(decks):
    for item in seed.HIGHLIGHT_WORKSTREAMS:
        slides = [s for s in decks["highlight"] if base(s.title) == PREFIX + item.name]
        body = [r for s in slides for r in s.rows
                if r[0] not in ("Milestone", "Action") and len(r) >= 3]
        assert len(body) == len(item.rows), item.name


def test_seed_001_closed_projects_all_there_in_order_with_their_dates(decks):
    rows = [r for s in decks["highlight"] if base(s.title).startswith("Closed Work streams")
            for r in s.rows[1:]]
    assert [r[1] for r in rows] == [project for _, project in seed.HIGHLIGHT_CLOSED]
    for row, (written, _) in zip(rows, seed.HIGHLIGHT_CLOSED, strict=True):
        assert row[0] == written


# --- Seed 000 ---------------------------------------------------------------------------------

REF = re.compile(r"^\d+(\.\d+)?$")


def test_seed_000_has_every_section_and_ref_in_order_and_no_other(decks):
    rows = [r for s in decks["recovery_plan"] for r in s.rows if REF.match(r[0])]
    shown = list(dict.fromkeys((r[0], base(r[1])) for r in rows))
    assert shown == seed.RECOVERY_PLAN


def test_seed_000_columns_are_the_seeds_phases(decks):
    header = next(r for s in decks["recovery_plan"] for r in s.rows if r[0] == "Ref")
    assert header[1] == "Workstream"
    for cell, phase in zip(header[2:], seed.RECOVERY_PLAN_PHASES, strict=True):
        assert cell.startswith(phase)


# --- Seed 002 ---------------------------------------------------------------------------------

NOTE = "Note \u2013 "
LETTERED = re.compile(r"(?:^|\s)\(([a-z])\) ")


def _board(decks) -> list[list[str]]:
    return [r for s in decks["programme_report"]
            if base(s.title) == "WESTERN LOCALITY SYSTEM IMPROVEMENT BOARD"
            for r in s.rows[1:] if not r[0].startswith(NOTE)]  # the seed's closing note


def test_seed_002_header_shows_the_seeds_fields(decks):
    text = " ".join(line for s in decks["programme_report"] for line in s.lines)
    for value in seed.PROGRAMME_HEADER:
        assert value in text


def test_seed_002_has_every_workstream_and_activity_in_order_and_no_other(decks):
    rows = _board(decks)
    names = list(dict.fromkeys(base(r[0].split(" / ")[0]) for r in rows if r[0]))
    assert names == [name for name, _, _ in seed.PROGRAMME_REPORT]
    lines = [part for r in rows for cell in r for part in cell.split(" / ")]
    needles = [f"({letter}) {start}" for _, activities, _ in seed.PROGRAMME_REPORT
               for letter, start in activities]
    in_order(lines, needles)
    shown = [m for r in rows for m in LETTERED.findall(r[1])]
    assert len(shown) == len(needles)


def test_seed_002_activities_keep_their_dates(decks):
    rows = _board(decks)
    for name, _, dates in seed.PROGRAMME_REPORT:
        mine = " ".join(" | ".join(r) for r in _rows_of(rows, name))
        for written in dates:
            assert written in mine, f"{name}: {written!r} not in {mine!r}"


def _rows_of(rows: list[list[str]], name: str) -> list[list[str]]:
    """The board rows of one workstream: from its first row to the next workstream's."""
    out, mine = [], False
    for r in rows:
        if r[0]:
            mine = base(r[0].split(" / ")[0]) == name
        if mine:
            out.append(r)
    return out


# --- Seed 003 ---------------------------------------------------------------------------------

SCHEME = re.compile(r"^(\d+[a-z]?)\. (.*)$")


def test_seed_003_has_every_scheme_in_order_and_no_other(decks):
    rows = [r for s in decks["scheme_update"] if base(s.title) == "Scheme details"
            for r in s.rows[1:]]
    shown = [SCHEME.match(r[0]).groups() for r in rows]
    assert [number for number, _ in shown] == [number for number, _ in seed.SCHEMES]
    for (_, title), (_, start) in zip(shown, seed.SCHEMES, strict=True):
        assert title.startswith(start)


def test_seed_003_additional_schemes_and_the_papers_headings_in_order(decks):
    rows = [r for s in decks["scheme_update"] if base(s.title).startswith("Additional Schemes")
            for r in s.rows[1:]]
    assert len(rows) == len(seed.SCHEME_OPTIONS)
    for row, option in zip(rows, seed.SCHEME_OPTIONS, strict=True):
        assert row[0].startswith(option)
    in_order([s.title for s in decks["scheme_update"]], seed.SCHEME_SLIDES)
    overview = next(s for s in decks["scheme_update"] if s.title == "Overview")
    in_order(" / ".join(overview.lines).split(" / "), seed.SCHEME_SECTIONS)


# --- Seed 004 ---------------------------------------------------------------------------------



def test_seed_004_has_every_theme_and_scheme_in_order_and_no_other(decks):
    rows = [r for s in decks["delivery_plan"] for r in s.rows[1:]]
    shown = list(dict.fromkeys(base(r[0]) for r in rows if r[0]))
    expected = [x for theme, schemes in seed.DELIVERY_PLAN
                for x in (theme, *(scheme for scheme, _ in schemes))]
    assert shown == expected


def test_seed_004_schemes_keep_their_milestone_dates(decks):
    rows = [r for s in decks["delivery_plan"] for r in s.rows[1:]]
    for _, schemes in seed.DELIVERY_PLAN:
        for scheme, dates in schemes:
            mine = " ".join(" | ".join(r) for r in _rows_of(rows, scheme))
            for written in dates:
                assert written in mine, f"{scheme}: {written!r} not in {mine!r}"


# --- Every demo deck: no label without a value ------------------------------------------------

DASH_VALUE = re.compile(r"^[^:]{1,60}:\s*[\u2013-]?\s*$")


def _empty_labels(path: Path) -> list[str]:
    """Each "Label:" with nothing after it (or only a dash), outside slide titles: a paragraph
    that is only a label and a dash, or the last paragraph of its text box or table cell."""
    found = []
    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        title = _title(slide)  # a title such as "1. Winter Access Plan aimed at:" heads a slide
        frames = [s.text_frame for s in slide.shapes
                  if s.has_text_frame and s.text_frame.text.strip() != title]
        frames += [c.text_frame for s in slide.shapes if s.has_table
                   for row in s.table.rows for c in row.cells]
        for frame in frames:
            paras = [p.text.strip() for p in frame.paragraphs if p.text.strip()]
            for n, para in enumerate(paras):
                dashed = re.search(r":\s*[\u2013-]\s*$", para)
                last = n == len(paras) - 1 and para.endswith(":")
                if DASH_VALUE.match(para) and (dashed or last):
                    found.append(f"{path.name} slide {number}: {para!r}")
    return found


@pytest.fixture(scope="module")
def demo_decks(tmp_path_factory) -> list[Path]:
    """Every deck ``pcxl demo`` writes: the latest period's and each seed's own."""
    result = run_demo(tmp_path_factory.mktemp("demo"))
    paths = [d.path for d in (*result.decks.values(), *result.seed_reports.values())]
    assert len(paths) == 10
    return paths


def test_no_slide_of_any_demo_deck_shows_a_label_with_no_value(demo_decks):
    assert [p for path in demo_decks for p in _empty_labels(path)] == []


FULL_ROW = 150  # words: a row filling a slide (seed 002's workstream rows) is no fragment


def test_no_continuation_slide_of_any_demo_deck_carries_a_single_table_row(demo_decks):
    lonely = []
    for path in demo_decks:
        for number, slide in enumerate(read_deck(path), start=1):
            body = [r for r in slide.rows[1:] if not r[1:] or any(r[1:])]  # not a section row
            prose = [t for t in slide.texts if t != slide.title and len(t.split()) > 8]
            full = any(len(" ".join(r).split()) >= FULL_ROW for r in body)
            if slide.title.endswith(CONT) and slide.rows and len(body) <= 1 and not (
                    prose or full):
                lonely.append(f"{path.name} slide {number}: {slide.title}")
    assert lonely == []


def test_seed_001_open_milestones_past_their_date_in_november_read_overdue(decks):
    rows = {r[0].split(" / ")[0]: r for s in decks["highlight"]
            if base(s.title) == PREFIX + "Serious Mental Illness (SMI) LCS" for r in s.rows}
    assert rows["Final SOP signed off at T&F Group"][2] == "Off track / Overdue"  # 20/10/20
    assert rows["Agreed Trajectories"][2] == "Achieved"  # done: never overdue
    assert rows["Place based webinars to take place lead by clinicians"][2] == "On track"
    slippage = next(s for s in decks["highlight"] if s.title == "Milestone slippage")
    assert slippage.rows[1][-1] == "Days vs baseline"


# The slippage slide as the slippage block drew it before it became a layout table: region,
# workstream, milestone and days late, most late first (ties in the order read).
SLIPPED = [
    ("Primary Care Data", "Assessment of qualitative and quantitative data currently available",
     "64"),
    ("Heart Failure", "All Actions completed, project closure", "59"),
    ("High Risk Patients: Shielded",
     "Support and advice for CEV/ CV patients developed and distributed.", "40"),
    ("Winter Planning and Urgent Care interface", "Ratification of Key work streams and leads",
     "28"),
    ("Winter Planning and Urgent Care interface",
     "Project plan and timescales completed.(to inform more detailed milestones).", "28"),
    ("Heart Failure",
     "Heart Failure Pathway presented to and approved by CCG Medical Directors", "25"),
    ("High Risk Patients: COPD", "Guidance / SOP to practices published", "21"),
    ("Winter Planning and Urgent Care interface", "Warning Signs and Triggers", "21"),
    ("Primary Care Data", "Options Appraisal presented to LMTs. Preferred option identified.",
     "14"),
    ("Enhanced Health in Care Homes (EHCH)", "EHCH Model agreed by interface group (Detailed, "
     "Costed and Funding arrangements agreed);", "1"),
]


def test_seed_001_slippage_lists_the_same_milestones_as_the_block_did(decks):
    slippage = next(s for s in decks["highlight"] if s.title == "Milestone slippage")
    assert slippage.rows[0][0] == ("Open milestones forecast after their baseline date: "
                                   "most late first")
    assert [(r[0], r[1], r[2], r[5]) for r in slippage.rows[2:]] == [
        ("West Sussex", *row[:2], row[2]) for row in SLIPPED]


def test_seed_001_open_actions_past_their_target_read_overdue_and_done_ones_completed(decks):
    flu = [s for s in decks["highlight"]
           if base(s.title) in (PREFIX + "Patients Flu Vaccinations",
                                "Task and Finish Group Actions")]
    rows = [" | ".join(r) for s in flu for r in s.rows]
    contractual = [r for r in rows if r.startswith("Contractual arrangements")]
    homeless = [r for r in rows if r.startswith("Establish vaccination model")]
    mixed = [r for r in rows if r.startswith("Development of a mixed model")]
    assert len(contractual) == len(homeless) == len(mixed) == 2  # the slide and the roll-up
    assert all("05/10/20 / Overdue" in r for r in contractual)  # due 05/10/20, November report
    assert not any("Overdue" in r for r in homeless)  # due 01/11/20: not yet
    assert all("Completed" in r and "Overdue" not in r for r in mixed)  # seed: "complete"
