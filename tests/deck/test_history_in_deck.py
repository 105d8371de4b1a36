"""The deck with history: moved dates struck through, RAG trend arrows, achieved milestones listed
as completed actions, and the milestone slippage slide, read back from saved decks."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from pcxl.deck import draw_deck
from pcxl.history.diff import CHANGE_COLUMNS
from tests.deck.builders import (
    REGIONS,
    WEST,
    completed,
    highlight,
    make_dataset,
    milestone,
    workstream,
)
from tests.deck.reading import cells, fill, named, open_deck, row_of, table, titles

SMI = "Serious Mental Illness (SMI) LCS"
DATA = "Primary Care Data"
COPD = "High Risk Patients: COPD"
EAST = REGIONS[1]
TOP = 15  # the shipped highlight layout lists the 15 most late: ``first 15``
HEADING = "Open milestones forecast after their baseline date: most late first"
AMBER, RED = "FFB81C", "DA291C"
UP, DOWN, SAME = "\u25b2", "\u25bc", "\u25ba"
ACHIEVED = "Milestones achieved since last period: "


def change(ws: str, item: str, kind: str, before: object = None, after: object = None, *,
           region: str = WEST, days_moved: int | None = None,
           days_vs_baseline: int | None = None) -> dict:
    """One row of ``pcxl.history.diff``'s changes table."""
    return {"region": region, "workstream": ws, "item": item, "change": kind, "before": before,
            "after": after, "days_moved": days_moved, "days_vs_baseline": days_vs_baseline,
            "record_key": f"{region}|{ws}|{item}"}


def changes(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(CHANGE_COLUMNS), dtype=object)


WORKSTREAMS = [
    workstream(SMI, restoration_rag="Green", delivery_rag="Amber"),
    workstream(DATA, restoration_rag="Blue", delivery_rag="Red"),
    workstream(SMI, region=EAST, restoration_rag="Amber", delivery_rag="Green"),
    workstream(COPD, state="Closed", delivery_rag="Blue"),
]
MILESTONES = [
    milestone(SMI, "SOP issued", "30/10/20", "Delayed", forecast="04/12/20"),
    milestone(SMI, "Webinar held", "12/11/20", "Achieved"),
    milestone(SMI, "Pilot launched", "w/c 30/11/20", "On track", forecast="10/12/20"),
    milestone(SMI, "Assessment of data", "02/09/20", "Slipped", forecast="05/11/20"),
    milestone(DATA, "Data collected", "15/10/20", "Completed"),
    milestone(DATA, "Dashboard live", "01/10/20", "Achieved", forecast="20/11/20"),
    milestone(DATA, "Searches agreed", "30/11/20", "On track", forecast="20/11/20"),
    milestone(DATA, "Data sharing agreement", "November 2020", "At risk",
              forecast="December 2020"),  # labelled Nov 2020, Dec 2020; shown as written
    milestone(SMI, "Practice searches re-run", "13/11/20", "Achieved", region=EAST),
    milestone(SMI, "Q3 returns in", "30/11/20", "Revised date", forecast="09/12/20",
              region=EAST),
    milestone(COPD, "Closed but never done", "01/09/20", "On track", forecast="01/12/20"),
]
UPDATES = [highlight(SMI, "Baselines to be established"),
           completed(SMI, "Q2 returns submitted"),
           highlight(DATA, "Dashboards in testing"),
           highlight(SMI, "Searches re-run", region=EAST)]
HISTORY = changes(
    change(SMI, "Delivery RAG", "rating changed", "Green", "Amber"),
    change(SMI, "SOP issued", "forecast moved", "13/11/20", "04/12/20", days_moved=21,
           days_vs_baseline=35),
    change(SMI, "SOP issued", "status changed", "Slipped", "Delayed"),
    change(SMI, "Webinar held", "achieved", "On track", "Achieved"),
    change(SMI, "Pilot launched", "added", None, "10/12/20"),
    change(DATA, "Restoration RAG", "rating changed", "Green", "Blue"),
    change(DATA, "Data collected", "achieved", "On track", "Completed"),
    change(DATA, "Dashboard live", "achieved", "On track", "Achieved"),
    change(DATA, "Data sharing agreement", "forecast moved", "Nov 2020", "Dec 2020",
           days_moved=31, days_vs_baseline=31),
    change(SMI, "Delivery RAG", "rating changed", "Red", "Green", region=EAST),
    change(SMI, "Practice searches re-run", "achieved", "In progress", "Achieved",
           region=EAST),
)


def dataset(history: pd.DataFrame | None = HISTORY, regions=(WEST, EAST)):
    return replace(make_dataset(regions, WORKSTREAMS, MILESTONES, UPDATES), changes=history)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """(with history, without history, by region with history), each opened."""
    out = tmp_path_factory.mktemp("history")
    built = [draw_deck(dataset(), out / "history.pptx"),
             draw_deck(dataset(None), out / "none.pptx"),
             draw_deck(dataset(), out / "by-region.pptx", by="region")]
    return [open_deck(b.path) for b in built]


def west(ws: str) -> str:
    """A workstream slide's title for West Sussex in a deck of two regions."""
    return f"Work stream: {ws} – {WEST}"


def slide(prs, title: str):
    return prs.slides[titles(prs).index(title)]


def date_cell(prs, ws: str, text: str):
    tbl = table(slide(prs, west(ws)), "Milestones")
    date = cells(tbl)[0].index("Date")  # after a Region column when several regions report
    return tbl.cell(row_of(tbl, text, column=date - 1), date)


def runs_of(cell) -> list[tuple[str, bool, bool]]:
    """(text, struck through, bold) of each run of a cell."""
    return [(r.text, r._r.rPr.get("strike") == "sngStrike", bool(r.font.bold))
            for p in cell.text_frame.paragraphs for r in p.runs]


# --- Milestone dates ----------------------------------------------------------------------------


def test_a_moved_forecast_shows_last_periods_date_struck_through_then_the_new_one(deck):
    cell = date_cell(deck[0], SMI, "SOP issued")
    assert runs_of(cell) == [("13/11/20", True, False), ("04/12/20", False, True)]
    assert cell.text == "13/11/20\n04/12/20"


def test_a_month_forecast_that_moved_is_struck_through_as_written(deck):
    cell = date_cell(deck[0], DATA, "Data sharing agreement")
    # last period's date as history recorded it, struck through, then this period's as written
    assert runs_of(cell) == [("Nov 2020", True, False), ("December 2020", False, True)]


def test_a_forecast_that_did_not_move_keeps_the_baseline_struck_through(deck):
    cell = date_cell(deck[0], SMI, "Assessment of data")
    assert runs_of(cell) == [("02/09/20", True, False), ("05/11/20", False, True)]


def test_without_history_the_baseline_is_struck_through_as_before(deck):
    cell = date_cell(deck[1], SMI, "SOP issued")
    assert runs_of(cell) == [("30/10/20", True, False), ("04/12/20", False, True)]


# --- RAG trend arrows ---------------------------------------------------------------------------


def rag(prs, title: str, nth: int = 0) -> list[str]:
    """The words of the two RAG boxes of the ``nth`` slide titled ``title``."""
    page = [p for p, t in zip(prs.slides, titles(prs), strict=True) if t == title][nth]
    return [named(page, box).text_frame.text for box in BOXES]


BOXES = ("Workstream Restoration", "Workstream Delivery")


def test_rag_boxes_carry_a_trend_arrow_against_last_period(deck):
    assert rag(deck[0], west(SMI)) == [f"Green {SAME}", f"Amber {DOWN}"]
    assert rag(deck[0], west(DATA)) == [f"Blue {UP}", f"Red {SAME}"]
    assert rag(deck[2], f"Work stream: {SMI}", 1) == [f"Amber {SAME}", f"Green {UP}"]  # East


def test_the_word_keeps_its_colour_and_size_beside_the_arrow(deck):
    page = slide(deck[0], west(SMI))
    assert [str(named(page, box).fill.fore_color.rgb) for box in BOXES] == ["009639", AMBER]
    sizes = [r.font.size.pt for box in BOXES for p in named(page, box).text_frame.paragraphs
             for r in p.runs]
    assert min(sizes) >= 9


def test_without_history_rag_boxes_have_no_arrow(deck):
    assert [w.strip() for w in rag(deck[1], west(SMI))] == ["Green", "Amber"]


def test_the_portfolio_summary_shows_the_headline_trend(deck):
    rows = cells(table(slide(deck[0], "Portfolio summary"), "Portfolio RAG"))
    assert [SMI, f"Amber {DOWN}", f"Green {UP}"] in rows
    assert [SMI, "Amber", "Green"] in cells(table(slide(deck[1], "Portfolio summary"),
                                                 "Portfolio RAG"))


# --- Actions completed --------------------------------------------------------------------------


def updates(prs, title: str, nth: int = 0) -> list[str]:
    """The paragraphs of the updates list of the ``nth`` slide titled ``title``."""
    page = [p for p, t in zip(prs.slides, titles(prs), strict=True) if t == title][nth]
    return named(page, "Updates").text_frame.text.split("\n")


def test_milestones_achieved_since_last_period_are_listed_after_the_updates(deck):
    assert updates(deck[0], west(DATA))[-1] == (
        f"{ACHIEVED}Data collected\vDashboard live")
    assert updates(deck[0], west(SMI))[-3:] == [
        "Actions Completed since previous report", "Q2 returns submitted",
        f"{ACHIEVED}Webinar held"]


def test_by_region_each_region_lists_its_own_achievements(deck):
    assert updates(deck[2], f"Work stream: {SMI}", 0)[-1] == f"{ACHIEVED}Webinar held"
    assert updates(deck[2], f"Work stream: {SMI}", 1)[-1] == (
        f"{ACHIEVED}Practice searches re-run")


def test_without_history_nothing_is_generated(deck):
    assert updates(deck[1], west(DATA)) == [
        "Highlights and Areas for Escalation", "Dashboards in testing"]


# --- Slippage slide -----------------------------------------------------------------------------


def test_the_slippage_slide_follows_the_portfolio_summary(deck):
    for prs in deck:
        names = titles(prs)
        assert names[names.index("Portfolio summary") + 1] == "Milestone slippage"


def test_the_slippage_slide_lists_open_milestones_most_late_first(deck):
    tbl = table(slide(deck[0], "Milestone slippage"), "Slippage")
    assert cells(tbl)[0][0] == HEADING
    assert cells(tbl)[1:] == [
        ["Region", "Workstream", "Milestone", "Baseline", "Forecast", "Days vs baseline",
         "Moved since last period"],
        [WEST, SMI, "Assessment of data", "02/09/20", "05/11/20", "64", "Not moved"],
        [WEST, SMI, "SOP issued", "30/10/20", "04/12/20", "35", "+21 days"],
        [WEST, DATA, "Data sharing agreement", "November 2020", "December 2020", "31",
         "+31 days"],  # dates as the team wrote them, as on the workstream slides
        [EAST, SMI, "Q3 returns in", "30/11/20", "09/12/20", "9", "Not moved"],
        [WEST, SMI, "Pilot launched", "w/c 30/11/20", "10/12/20", "4", "New"],
    ]
    assert [fill(tbl.cell(r, 5)) for r in range(2, 7)] == [RED, RED, RED, AMBER, AMBER]
    assert [fill(tbl.cell(r, c)) for r in range(2, 7) for c in (0, 1, 2, 3, 4, 6)] == [None] * 30


def test_without_history_the_slippage_slide_has_no_moved_column(deck):
    rows = cells(table(slide(deck[1], "Milestone slippage"), "Slippage"))[1:]
    assert rows[0] == ["Region", "Workstream", "Milestone", "Baseline", "Forecast",
                       "Days vs baseline"]
    assert [r[2] for r in rows[1:]] == ["Assessment of data", "SOP issued",
                                        "Data sharing agreement", "Q3 returns in",
                                        "Pilot launched"]


def test_thirty_days_late_is_amber_and_thirty_one_red(tmp_path):
    data = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, "Thirty", "01/10/20", "On track", forecast="31/10/20"),
                         milestone(SMI, "Thirty-one", "01/10/20", "On track",
                                   forecast="01/11/20")])
    tbl = table(slide(open_deck(draw_deck(data, tmp_path / "d.pptx").path),
                      "Milestone slippage"), "Slippage")
    assert [(r[2], r[5]) for r in cells(tbl)[2:]] == [("Thirty-one", "31"), ("Thirty", "30")]
    assert [fill(tbl.cell(r, 5)) for r in (2, 3)] == [RED, AMBER]


def test_only_the_most_slipped_are_listed_and_a_closing_row_says_how_many_more(tmp_path):
    many = [milestone(SMI, f"Milestone {i:02d}", "01/10/20", "On track",
                      forecast=f"{i + 2:02d}/10/20") for i in range(TOP + 5)]
    prs = open_deck(draw_deck(make_dataset([WEST], [workstream(SMI)], many),
                               tmp_path / "d.pptx").path)
    rows = [row for n, name in enumerate(titles(prs)) if name.startswith("Milestone slippage")
            for row in cells(table(prs.slides[n], "Slippage"))[2:]]
    assert [r[2] for r in rows[:-1]] == [f"Milestone {i:02d}" for i in range(TOP + 4, 4, -1)]
    assert rows[-1][0] == "5 more slipped milestones, less late, are not listed."


def test_the_closing_row_is_left_out_when_every_slipped_milestone_is_listed(deck):
    rows = cells(table(slide(deck[1], "Milestone slippage"), "Slippage"))
    assert rows[-1][2] == "Pilot launched"


def test_no_slippage_slide_when_nothing_slipped(tmp_path):
    data = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, "On time", "01/10/20", "On track"),
                         milestone(SMI, "Early", "01/10/20", "On track", forecast="20/09/20"),
                         milestone(SMI, "Late but done", "01/10/20", "Achieved",
                                   forecast="01/11/20"),
                         milestone(SMI, "To be confirmed", "01/10/20", "On track",
                                   forecast="TBC")])
    assert "Milestone slippage" not in draw_deck(data, tmp_path / "d.pptx").titles


# --- Rendered -----------------------------------------------------------------------------------


@pytest.mark.render
def test_a_deck_with_history_renders_inside_its_boxes(tmp_path):
    from tests.deck.rendering import outside, overlaps, pages, render

    decks = [draw_deck(dataset(), tmp_path / "history.pptx"),
             draw_deck(dataset(), tmp_path / "by-region.pptx", by="region")]
    for result, pdf in zip(decks, render([d.path for d in decks], tmp_path), strict=True):
        found = pages(pdf)
        assert len(found) == result.slides
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{result.path.name} slide {number}: {outside_words[:10]}"
            assert not overlaps(page.words), f"{result.path.name} slide {number}"
        arrows = [w.text for page in found for w in page.words if w.text in (UP, DOWN, SAME)]
        assert {UP, DOWN, SAME} <= set(arrows)


def test_the_dataset_carries_no_history_by_default():
    assert make_dataset().changes is None


def test_an_empty_changes_table_is_history_with_nothing_changed(tmp_path):
    prs = open_deck(draw_deck(dataset(changes()), tmp_path / "d.pptx").path)
    assert rag(prs, west(DATA)) == [f"Blue {SAME}", f"Red {SAME}"]
    assert "Not moved" in cells(table(slide(prs, "Milestone slippage"), "Slippage"))[2]


def test_changes_read_back_from_a_workbook_match_too(tmp_path):
    """Blank cells read back as NaN, days as floats and spellings may differ in case: all match."""
    read_back = HISTORY.copy()
    read_back["days_moved"] = read_back["days_moved"].astype(float)
    read_back["item"] = read_back["item"].str.upper()
    prs = open_deck(draw_deck(dataset(read_back), tmp_path / "d.pptx").path)
    assert runs_of(date_cell(prs, SMI, "SOP issued"))[0] == ("13/11/20", True, False)
    assert rag(prs, west(DATA))[0] == f"Blue {UP}"
