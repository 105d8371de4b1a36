"""The portfolio summary: RAG by workstream and region, a native status chart, escalations."""

from __future__ import annotations

from pptx.enum.chart import XL_CHART_TYPE

from pcxl.deck import draw_deck
from tests.deck.builders import (
    REGIONS,
    escalation,
    highlight,
    make_dataset,
    milestone,
    workstream,
)
from tests.deck.reading import cells, fill, named, open_deck, table, titles

SMI = "Serious Mental Illness (SMI) LCS"
DATA = "Primary Care Data"
EAST, BRIGHTON = REGIONS[1], REGIONS[2]
PORTFOLIO_SLIDE = 1

WORKSTREAMS = [
    workstream(SMI, delivery_rag="Amber"),
    workstream(SMI, region=EAST, delivery_rag="Green"),
    workstream(SMI, region=BRIGHTON, delivery_rag="Red"),
    workstream(DATA, delivery_rag="Red"),
    workstream("BAME LCS", state="Closed", delivery_rag="Blue"),
]
MILESTONES = [
    milestone(SMI, "Agreed Trajectories", "09/09/20", "Achieved"),
    milestone(SMI, "SOP signed off", "20/10/20", "Off track"),
    milestone(SMI, "SOP issued", "30/10/20", "On track"),
    milestone(DATA, "Pilot completed", "TBC", "On track"),
    milestone(SMI, "Searches re-run", "13/11/20", "On track", region=EAST),
    milestone(SMI, "Recovery plan agreed", "30/11/20", "Off track", region=BRIGHTON),
    milestone(SMI, "Uptake reviewed", "30/11/20", "Off track", region=BRIGHTON),
]
UPDATES = [
    highlight(SMI, "Baselines to be established"),
    escalation(SMI, "Need assistance from the Digital Team", region=EAST),
    escalation(DATA, "Digital team may not be able to support the workstream"),
]


def portfolio(tmp_path, workstreams=WORKSTREAMS, milestones=MILESTONES, updates=UPDATES):
    result = draw_deck(make_dataset(REGIONS, workstreams, milestones, updates),
                        tmp_path / "deck.pptx")
    return open_deck(result.path)


def chart_of(slide):
    frames = [s for s in slide.shapes if s.has_chart]
    assert len(frames) == 1
    return frames[0].chart


def test_the_portfolio_summary_follows_the_title_slide(tmp_path):
    assert titles(portfolio(tmp_path))[:2] == [
        "Primary Care Restoration and Recovery Programme", "Portfolio summary"]


def test_every_workstream_by_region_with_its_delivery_rag_word_and_colour(tmp_path):
    slide = portfolio(tmp_path).slides[PORTFOLIO_SLIDE]
    rag = table(slide, "Portfolio RAG")
    assert cells(rag) == [
        ["Workstream", *REGIONS],
        [SMI, "Amber", "Green", "Red"],
        [DATA, "Red", "\u2013", "\u2013"],
        ["BAME LCS", "Blue", "\u2013", "\u2013"],
    ]
    assert [fill(rag.cell(1, c)) for c in (1, 2, 3)] == ["FFB81C", "009639", "DA291C"]
    assert fill(rag.cell(2, 2)) is None
    assert named(slide, "Table heading").text_frame.text == "Workstream Delivery RAG by region"


def test_the_status_chart_is_a_native_stacked_bar_chart_of_regions(tmp_path):
    chart = chart_of(portfolio(tmp_path).slides[PORTFOLIO_SLIDE])
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert list(chart.plots[0].categories) == list(REGIONS)


def test_each_status_is_a_series_of_counts_by_region(tmp_path):
    chart = chart_of(portfolio(tmp_path).slides[PORTFOLIO_SLIDE])
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series == {"On track": [2.0, 1.0, 0.0],
                      "Off track": [1.0, 0.0, 2.0],
                      "Achieved": [1.0, 0.0, 0.0]}
    assert list(series) == ["On track", "Off track", "Achieved"]  # vocabulary order


def test_each_status_series_is_drawn_in_its_vocabulary_colour(tmp_path):
    chart = chart_of(portfolio(tmp_path).slides[PORTFOLIO_SLIDE])
    colours = {s.name: str(s.format.fill.fore_color.rgb) for s in chart.plots[0].series}
    assert colours == {"On track": "009639", "Off track": "DA291C", "Achieved": "005EB8"}


def test_two_statuses_of_one_colour_in_the_vocabulary_are_told_apart(tmp_path):
    milestones = [milestone(SMI, "A", "09/09/20", "On track"),
                  milestone(SMI, "B", "09/09/20", "In progress")]
    chart = chart_of(portfolio(tmp_path, milestones=milestones).slides[PORTFOLIO_SLIDE])
    on_track, in_progress = chart.plots[0].series
    assert str(on_track.format.fill.fore_color.rgb) == "009639"
    assert str(in_progress.format.fill.fore_color.rgb) != "009639"


def test_escalations_are_listed_as_workstream_text_on_their_own_slide(tmp_path):
    prs = portfolio(tmp_path)
    slide = prs.slides[titles(prs).index("Escalations")]
    assert named(slide, "Escalations").text_frame.text.split("\n") == [
        f"{SMI}: Need assistance from the Digital Team",
        f"{DATA}: Digital team may not be able to support the workstream",
    ]


def test_a_long_portfolio_continues_on_cont_slides(tmp_path):
    names = [f"Workstream {i:02d}" for i in range(45)]
    prs = portfolio(tmp_path, [workstream(n) for n in names],
                    [milestone(n, "Plan agreed", "30/09/20", "On track") for n in names],
                    [escalation(n, "Decision needed on funding for the next phase of work")
                     for n in names])
    slides = dict(zip(titles(prs), prs.slides, strict=True))
    assert "Portfolio summary (cont.)" in slides and "Escalations (cont.)" in slides
    summary = [slides["Portfolio summary"], slides["Portfolio summary (cont.)"]]
    rows = [r[0] for s in summary for r in cells(table(s, "Portfolio RAG"))[1:]]
    assert rows == names
    listed = [p for title in ("Escalations", "Escalations (cont.)")
              for p in named(slides[title], "Escalations").text_frame.text.split("\n")]
    assert len(listed) == len(names)
    counts = {tuple(series.values) for s in summary for series in chart_of(s).plots[0].series}
    assert counts == {(45.0,)}  # the layout's chart is on each page, counting every milestone


def test_with_no_milestones_the_chart_counts_none(tmp_path):
    slide = portfolio(tmp_path, milestones=[]).slides[PORTFOLIO_SLIDE]
    (series,) = chart_of(slide).plots[0].series
    assert list(series.values) == [0.0]
    assert cells(table(slide, "Portfolio RAG"))[1][0] == SMI
