"""The shipped highlight layout (validators/layouts/highlight.pptx) drawn by the engine: the
derived fields (due, due_was, overdue, RAG trends), the blocks it names, and the slide rules
that leave a family out when it has no records."""

from __future__ import annotations

import zipfile
from collections import Counter

import pandas as pd
import pytest
from pptx import Presentation

from pcxl.deck.engine import check_layout, draw_layout
from pcxl.deck.engine.blocks import BLOCKS
from pcxl.declaration import load_tracker
from pcxl.history.diff import CHANGE_COLUMNS
from pcxl.pipeline import layout_for
from tests.deck.builders import (
    WEST,
    action,
    completed,
    escalation,
    highlight,
    make_dataset,
    milestone,
    workstream,
)
from tests.deck.layouts import saved_by_libreoffice

SMI = "Serious Mental Illness (SMI) LCS"
FLU = "Patients Flu Vaccinations"
PREFIX = "Work stream: "
TRACKER = load_tracker("highlight")
LAYOUT = layout_for(TRACKER)


def dataset(changes: pd.DataFrame | None = None):
    data = make_dataset(
        [WEST],
        [workstream(SMI, sro="", restoration_rag="Green", delivery_rag="Amber"),
         workstream(FLU),
         workstream("BAME LCS", state="Closed", date_closed="07/08/20", outcome="Delivered")],
        [milestone(SMI, "Final SOP signed off", "20/10/20", "Off track"),
         milestone(SMI, "SOP issued", "30/10/20", "Delayed", forecast="04/12/20"),
         milestone(SMI, "Agreed trajectories", "09/09/20", "Achieved"),
         milestone(SMI, "Webinars held", "30/11/20", "On track")],
        [highlight(SMI, "ICS team engaged"), escalation(SMI, "Funding not confirmed"),
         completed(SMI, "Trajectories agreed")],
        [action(FLU, "Contractual arrangements", target="05/10/20", owner="Hugo Luck"),
         action(FLU, "Homeless model", target="01/12/20", owner="Mandy Catchpole")])
    data.changes = changes
    return data


def rows(slide, name: str) -> list[list[str]]:
    table = next(s.table for s in slide.shapes if s.has_table and s.name == name)
    return [[c.text for c in row.cells] for row in table.rows]


def rating(slide, box: str) -> str:
    """The RAG word in the title band's box ``box`` (its trend arrow after it)."""
    return next(s for s in slide.shapes if s.name == box).text_frame.text.split()[0]


def texts(slide) -> str:
    return " / ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def draw(tmp_path, data) -> tuple[list[str], list]:
    result = draw_layout(data, LAYOUT, tmp_path / "deck.pptx")
    return result.titles, list(Presentation(str(result.path)).slides)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    return draw(tmp_path_factory.mktemp("highlight"), dataset())


def slide_of(deck, title: str):
    titles, slides = deck
    return slides[titles.index(title)]


def test_the_shipped_layout_fits_the_highlight_tracker():
    check_layout(LAYOUT, TRACKER)
    assert "critical_path" in BLOCKS
    assert not {"objectives", "objective_workstreams", "programmes", "slippage"} & set(
        BLOCKS)  # tables now


def test_the_shipped_layout_saved_by_impress_gives_a_deck_with_one_set_of_properties(tmp_path):
    # Impress's Office Open XML filter types the link to the document properties its own way
    # (".../officedocument/2006/..."), which python-pptx does not know
    layout = saved_by_libreoffice(LAYOUT, tmp_path / "saved", export="pptx")
    result = draw_layout(dataset(), layout, tmp_path / "deck.pptx")
    with zipfile.ZipFile(result.path) as deck:
        names = deck.namelist()
    assert names.count("docProps/core.xml") == 1  # a second one makes PowerPoint repair it
    assert Presentation(str(result.path)).core_properties.title == dataset().programme


def test_families_come_in_the_seeds_order_and_those_without_records_are_left_out(deck):
    titles, _ = deck
    assert titles[1:] == ["Portfolio summary", "Escalations", "Milestone slippage",
                          "Critical path", "Closed Work streams and Projects",
                          PREFIX + SMI, PREFIX + FLU, "Task and Finish Group Actions"]


def test_an_open_milestone_due_before_the_period_reads_overdue_and_a_done_one_never(deck):
    table = {r[0]: r for r in rows(slide_of(deck, PREFIX + SMI), "Milestones")}
    assert table["Final SOP signed off"][1:] == ["20/10/20", "Off track\nOverdue"]
    assert table["Agreed trajectories"][2] == "Achieved"
    assert table["Webinars held"][2] == "On track"


def test_a_revised_date_shows_the_baseline_above_the_forecast(deck):
    table = {r[0]: r for r in rows(slide_of(deck, PREFIX + SMI), "Milestones")}
    assert table["SOP issued"][1] == "30/10/20\n04/12/20"
    assert table["SOP issued"][2] == "Delayed"  # due 04/12/20: not overdue in November


def test_key_actions_show_on_their_workstream_and_in_the_roll_up_with_the_overdue_flag(deck):
    for title in (PREFIX + FLU, "Task and Finish Group Actions"):
        name = "Key actions" if title.startswith(PREFIX) else "T&F actions"
        found = {r[0]: r for r in rows(slide_of(deck, title), name)}
        assert found["Contractual arrangements"][2] == "05/10/20\nOverdue"
        assert found["Homeless model"][2] == "01/12/20"


def test_a_workstream_slide_leaves_out_the_labels_of_empty_fields(deck):
    text = texts(slide_of(deck, PREFIX + SMI))
    assert "System SRO" not in text and "Silver lead: Sarah Henley" in text
    assert "For Escalation:" in text and "Funding not confirmed" in text
    assert "Actions Completed since previous report" in text


def test_the_closed_work_streams_list_the_closed_ones(deck):
    table = rows(slide_of(deck, "Closed Work streams and Projects"), "Closed work streams")
    assert table[1][:2] == ["07/08/20", "BAME LCS"]


def change(item: str, kind: str, before: object, after: object, days: int | None = None) -> dict:
    return {"region": WEST, "workstream": SMI, "item": item, "change": kind, "before": before,
            "after": after, "days_moved": days, "days_vs_baseline": None,
            "record_key": f"{WEST}|{SMI}|{item}"}


def test_with_history_a_moved_date_shows_last_periods_and_the_rags_their_trend(tmp_path):
    history = pd.DataFrame([change("SOP issued", "forecast moved", "13/11/20", "04/12/20", 21),
                            change("Delivery RAG", "rating changed", "Green", "Amber"),
                            change("Agreed trajectories", "achieved", "On track", "Achieved")],
                           columns=list(CHANGE_COLUMNS), dtype=object)
    titles, slides = draw(tmp_path, dataset(history))
    slide = slides[titles.index(PREFIX + SMI)]
    table = {r[0]: r for r in rows(slide, "Milestones")}
    assert table["SOP issued"][1] == "13/11/20\n04/12/20"
    boxes = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}
    assert boxes["Workstream Delivery"] == "Amber \u25bc"
    assert boxes["Workstream Restoration"] == "Green \u25ba"
    assert boxes["Updates"].endswith(
        "Milestones achieved since last period: Agreed trajectories")
    plain = draw(tmp_path / "plain", dataset())
    assert "achieved since" not in texts(slide_of(plain, PREFIX + SMI))


def test_a_table_beneath_one_left_out_moves_up_into_its_place(deck):
    slide = slide_of(deck, PREFIX + FLU)  # key actions, no milestones
    assert [s.name for s in slide.shapes if s.has_table] == ["Key actions"]
    frame = next(s for s in slide.shapes if s.name == "Key actions")
    assert round(frame.top / 12700) == 136  # where the Milestones table stands in the layout


def test_a_workstream_several_regions_report_gets_a_slide_per_region_with_its_own_ratings(
        tmp_path):
    east = "East Sussex"
    data = make_dataset([WEST, east],
                        [workstream(SMI, delivery_rag="Amber"),
                         workstream(SMI, region=east, delivery_rag="Red", sro="Ann East")],
                        [milestone(SMI, "SOP issued", "30/10/20", "Delayed"),
                         milestone(SMI, "SOP issued", "30/10/20", "Delayed", region=east),
                         milestone(SMI, "Webinar held", "12/11/20", "On track", region=east)])
    titles, slides = draw(tmp_path, data)  # a deck of one region names none: slide_of(deck, ..)
    west_slide = slides[titles.index(f"{PREFIX}{SMI} – {WEST}")]
    east_slide = slides[titles.index(f"{PREFIX}{SMI} – {east}")]
    assert rating(west_slide, "Workstream Delivery") == "Amber"
    assert rating(east_slide, "Workstream Delivery") == "Red"
    assert "Ann East" in texts(east_slide) and "Ann East" not in texts(west_slide)
    assert [r[0] for r in rows(west_slide, "Milestones")[1:]] == ["SOP issued"]
    assert [r[0] for r in rows(east_slide, "Milestones")[1:]] == ["SOP issued", "Webinar held"]


def test_the_default_deck_is_the_layout_and_by_region_fills_it_once_per_region(tmp_path):
    from pcxl import pipeline
    from tests.builders import make_return

    returns = [make_return(tmp_path, "w.xlsx", region=WEST),
               make_return(tmp_path, "e.xlsx", region="East Sussex")]
    consolidated = pipeline.consolidate_returns(returns, tmp_path / "c.xlsx")
    workbook = consolidated.outputs["highlight"]
    default = pipeline.make_deck(workbook, tmp_path / "default.pptx")
    by_region = pipeline.make_deck(workbook, tmp_path / "region.pptx", by="region")
    assert "Critical path" in default.titles  # the layout's one critical path family
    assert by_region.titles.count("Critical path") == 2  # the whole layout, once per region
    assert by_region.slides > default.slides


def test_with_history_the_slippage_table_says_how_far_each_forecast_moved(tmp_path):
    history = pd.DataFrame([change("SOP issued", "forecast moved", "13/11/20", "04/12/20", 21)],
                           columns=list(CHANGE_COLUMNS), dtype=object)
    titles, slides = draw(tmp_path, dataset(history))
    table = rows(slides[titles.index("Milestone slippage")], "Slippage")
    assert table[1][-2:] == ["Days vs baseline", "Moved since last period"]
    assert table[2][2:] == ["SOP issued", "30/10/20", "04/12/20", "35", "+21 days"]
    plain = draw(tmp_path / "plain", dataset())
    assert rows(slide_of(plain, "Milestone slippage"), "Slippage")[1][-1] == "Days vs baseline"


def test_the_blocks_take_the_rows_the_slides_read_each_sheet_read_once(tmp_path, monkeypatch):
    """The critical path and RAG grid blocks read the deck's cached rows (``data.cached``), as
    the slides do, rather than converting the Workstreams and Milestones frames again."""
    read: Counter = Counter()
    to_dict = pd.DataFrame.to_dict

    def counted(frame, *args, **kwargs):
        read[id(frame)] += 1
        return to_dict(frame, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_dict", counted)
    data = dataset()
    deck = draw_layout(data, LAYOUT, tmp_path / "deck.pptx")
    prs = Presentation(str(deck.path))
    assert SMI in [row[0] for row in rows(prs.slides[1], "Portfolio RAG")]
    assert any(row[0] == f"{SMI}: SOP issued" for row in rows(prs.slides[4], "Critical path"))
    assert {name: read[id(data.frames[name])] for name in ("Workstreams", "Milestones")} == {
        "Workstreams": 1, "Milestones": 1}
