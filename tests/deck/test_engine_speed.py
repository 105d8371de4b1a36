"""The layout engine at scale: records found per slide group without rescanning the sheet,
continuation slides' charts copied rather than filled again, and a deck past the slide limit
stopped before it is drawn."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from pcxl.deck.engine import draw_layout
from pcxl.deck.engine.data import record_rows
from pcxl.deck.engine.lang import Condition, Each
from pcxl.deck.result import DeckTooLargeError
from tests.deck.builders import WEST, highlight, make_dataset, milestone, workstream
from tests.deck.layouts import workstream_layout

EAST = "East Sussex"
ADVICE = ("draw a deck for each region (consolidate its returns alone) or for fewer returns, "
          "or raise the limit with --max-slides")


def dataset(workstreams: int = 3):
    names = [f"Workstream {i:02d}" for i in range(workstreams)]
    return make_dataset(
        [WEST, EAST],
        [workstream(n, region=r) for n in names for r in (WEST, EAST)],
        [milestone(n, f"Step {k}", f"{10 + k}/11/20", status, region=r)
         for n in names for r in (WEST, EAST)
         for k, status in enumerate(["On track", "Achieved", "Delayed"])],
        [highlight(n, f"News of {n}", region=r) for n in names for r in (WEST, EAST)])


def test_a_deck_past_the_slide_limit_stops_with_advice_and_writes_nothing(tmp_path):
    layout = workstream_layout(tmp_path / "layout.pptx")
    with pytest.raises(DeckTooLargeError) as raised:
        draw_layout(dataset(), layout, tmp_path / "deck.pptx", max_slides=2)
    assert str(raised.value) == f"the deck would have more than 2 slides: {ADVICE}"
    assert not (tmp_path / "deck.pptx").exists()


def test_a_deck_as_long_as_the_limit_is_drawn(tmp_path):
    layout = workstream_layout(tmp_path / "layout.pptx")
    result = draw_layout(dataset(), layout, tmp_path / "deck.pptx", max_slides=4)
    assert result.titles == ["Workstream 00", "Workstream 01", "Workstream 02",
                             "Portfolio Nov 2020"]


def test_pcxl_deck_with_a_layout_stops_at_max_slides(run, tmp_path):
    from tests.builders import make_return

    make_return(tmp_path, "west.xlsx")
    run("consolidate", tmp_path / "west.xlsx", "-o", tmp_path / "out" / "c.xlsx")
    layout = workstream_layout(tmp_path / "layout.pptx")
    done = run("deck", tmp_path / "out" / "c.xlsx", "--layout", layout, "-o",
               tmp_path / "d.pptx", "--max-slides", "1")
    assert done.exit_code == 2
    assert f"the deck would have more than 1 slides: {ADVICE}" in " ".join(done.output.split())
    assert not (tmp_path / "d.pptx").exists()


def test_a_groups_records_are_found_by_its_values_case_and_spacing_aside_filtered_and_sorted():
    data = dataset(5)
    each = Each("Milestones", (Condition("status", ("Achieved",), negate=True),),
                (("baseline_date", True),))
    assert record_rows(data, each, {"workstream": "workstream 03 "}) == record_rows(
        data, each, {"workstream": "Workstream 03"})
    assert {r["region"] for r in record_rows(data, each, {"workstream": "Workstream 03",
                                                          "region": EAST})} == {EAST}
    assert len(record_rows(data, each, {})) == 5 * len(record_rows(
        data, each, {"workstream": "Workstream 03"}))
    found = record_rows(data, each, {"workstream": "Workstream 03"})
    assert [(r["region"], r["milestone"]) for r in found] == [
        (WEST, "Step 2"), (EAST, "Step 2"), (WEST, "Step 0"), (EAST, "Step 0")]


def test_a_continued_portfolio_slide_carries_the_same_chart_in_parts_of_its_own(tmp_path):
    layout = workstream_layout(tmp_path / "layout.pptx")
    result = draw_layout(dataset(40), layout, tmp_path / "deck.pptx")
    prs = Presentation(str(result.path))
    portfolio = [s for s in prs.slides if any(sh.has_chart for sh in s.shapes)]
    assert len(portfolio) >= 2
    frames = [next(sh for sh in s.shapes if sh.has_chart) for s in portfolio]
    charts = [frame.chart for frame in frames]
    described = {f._element.find(".//" + qn("p:cNvPr")).get("descr") for f in frames}
    assert len(described) == 1 and "milestones by region and status" in described.pop()
    counts = {(p.categories[0], tuple((s.name, s.values) for s in p.series))
              for p in (c.plots[0] for c in charts)}
    assert counts == {(WEST, (("On track", (40.0, 40.0)), ("Delayed", (40.0, 40.0)),
                              ("Achieved", (40.0, 40.0))))}
    assert len({c.part.partname for c in charts}) == len(charts)
    assert len({c.part.chart_workbook.xlsx_part.partname for c in charts}) == len(charts)
