"""Workstream highlight slides of the shipped highlight layout, read back with python-pptx."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.util import Pt

from docs.layouts.make_examples import ESCALATION, FOOTER_TOP
from pcxl.deck import draw_deck, theme
from tests.deck.builders import (
    REGIONS,
    WEST,
    action,
    completed,
    escalation,
    highlight,
    make_dataset,
    milestone,
    update,
    workstream,
)
from tests.deck.reading import (
    all_named,
    bullet_runs,
    cells,
    fill,
    named,
    open_deck,
    row_of,
    table,
    table_runs,
    text_of,
    titles,
)

SMI = "Serious Mental Illness (SMI) LCS"
DATA = "Primary Care Data"
EAST, BRIGHTON = REGIONS[1], REGIONS[2]
FIRST_WORKSTREAM_SLIDE = 2  # after the title slide and the portfolio summary


def built(tmp_path: Path, *args, by: str = "workstream", **kwargs):
    """Build a deck of ``make_dataset(*args, **kwargs)`` and open it."""
    result = draw_deck(make_dataset(*args, **kwargs), tmp_path / "deck.pptx", by=by)
    return open_deck(result.path)


def smi_slide(tmp_path: Path, **fields):
    prs = built(
        tmp_path, [WEST], [workstream(SMI, **fields)],
        [milestone(SMI, "Agreed Trajectories", "09/09/20", "Achieved"),
         milestone(SMI, "Final SOP signed off at T&F Group", "20/10/20", "Off track"),
         milestone(SMI, "SOP issued", "End of October", "On track"),
         milestone(SMI, "Assessment of data currently available", "02/09/20", "Slipped",
                   forecast="05/11/20")],
        [highlight(SMI, "Baselines to be established"),
         escalation(SMI, "Need assistance with conversations with Digital Team"),
         completed(SMI, "Q2 returns submitted")])
    return prs.slides[titles(prs).index(f"Work stream: {SMI}")]  # after the slippage slide


def test_each_workstream_gets_a_slide_in_the_order_they_first_appear(tmp_path):
    prs = built(tmp_path, [WEST], [workstream(DATA), workstream(SMI)])
    assert titles(prs)[FIRST_WORKSTREAM_SLIDE:] == [f"Work stream: {DATA}",
                                                    f"Work stream: {SMI}"]


def test_the_title_band_is_dark_blue_with_white_bold_title(tmp_path):
    slide = smi_slide(tmp_path)
    assert str(named(slide, "Title band").fill.fore_color.rgb) == theme.DARK_BLUE
    run = named(slide, "Title").text_frame.paragraphs[0].runs[0]
    assert run.font.bold and str(run.font.color.rgb) == theme.WHITE


def test_the_header_strip_shows_the_declared_fields(tmp_path):
    slide = smi_slide(tmp_path, sro="Karen Breen", silver_lead="Sarah Henley",
                      pmo_support="DK / CK / AC", updated_by="Keith Hoare / Hollie Hughes",
                      type="BAU", group="General Practice",
                      objective="To review the LCS and produce an action plan")
    assert named(slide, "Header").text_frame.text.split("\n") == [
        "R&R workstream: General Practice", "PMO support: DK / CK / AC", "Type: BAU"]
    assert named(slide, "Leads").text_frame.text.split("\n") == [
        "System SRO: Karen Breen", "Slide updated by: Keith Hoare / Hollie Hughes"]
    assert named(slide, "Silver lead").text_frame.text == "Silver lead: Sarah Henley"
    assert named(slide, "Objective").text_frame.text == \
        "Objective: To review the LCS and produce an action plan"


def test_there_is_no_objective_line_without_an_objective(tmp_path):
    assert named(smi_slide(tmp_path), "Objective").text_frame.text == ""


def test_the_milestone_table_shows_milestone_date_label_and_status(tmp_path):
    rows = cells(table(smi_slide(tmp_path), "Milestones"))
    assert rows[0] == ["Milestone", "Date", "Status"]
    assert ["Agreed Trajectories", "09/09/20", "Achieved"] in rows
    # open and due before the November report: flagged overdue under its status
    assert ["Final SOP signed off at T&F Group", "20/10/20", "Off track\nOverdue"] in rows
    assert ["SOP issued", "End of October", "On track\nOverdue"] in rows  # as the team wrote it


def test_the_status_cell_is_filled_with_the_vocabulary_colour_and_readable_text(tmp_path):
    tbl = table(smi_slide(tmp_path), "Milestones")
    off = tbl.cell(row_of(tbl, "Final SOP"), 2)
    done = tbl.cell(row_of(tbl, "Agreed Trajectories"), 2)
    slipped = tbl.cell(row_of(tbl, "Assessment"), 2)
    assert fill(off) == "DA291C"
    assert fill(done) == "005EB8"
    assert fill(slipped) == "FFB81C"
    assert str(off.text_frame.paragraphs[0].runs[0].font.color.rgb) == theme.WHITE
    assert str(slipped.text_frame.paragraphs[0].runs[0].font.color.rgb) == theme.TEXT


def test_a_revised_date_shows_the_baseline_struck_through_then_the_forecast(tmp_path):
    tbl = table(smi_slide(tmp_path), "Milestones")
    cell = tbl.cell(row_of(tbl, "Assessment"), 1)
    assert cell.text == "02/09/20\n05/11/20"
    baseline, forecast = cell.text_frame.paragraphs
    assert [r._r.rPr.get("strike") for r in baseline.runs] == ["sngStrike"]
    assert not any(r._r.rPr.get("strike") for r in forecast.runs)
    unchanged = tbl.cell(row_of(tbl, "Agreed Trajectories"), 1)
    assert not any(r._r.rPr.get("strike") for r in unchanged.text_frame.paragraphs[0].runs)


def test_the_rag_boxes_hold_the_word_on_its_colour(tmp_path):
    slide = smi_slide(tmp_path, restoration_rag="Amber", delivery_rag="Red")
    assert named(slide, "Workstream Restoration label").text_frame.text == \
        "Workstream Restoration"
    assert named(slide, "Workstream Restoration").text_frame.text.strip() == "Amber"
    assert named(slide, "Workstream Delivery").text_frame.text.strip() == "Red"
    assert str(named(slide, "Workstream Restoration").fill.fore_color.rgb) == "FFB81C"
    assert str(named(slide, "Workstream Delivery").fill.fore_color.rgb) == "DA291C"


def test_a_missing_rating_leaves_its_box_pale_grey(tmp_path):
    box = named(smi_slide(tmp_path, restoration_rag=None), "Workstream Restoration")
    assert box.text_frame.text.strip() == ""
    assert str(box.fill.fore_color.rgb) == theme.PALE_GREY


def test_highlights_escalations_and_completed_actions_are_in_their_sections(tmp_path):
    paragraphs = named(smi_slide(tmp_path), "Updates").text_frame.text.split("\n")
    assert paragraphs == ["Highlights and Areas for Escalation", "Baselines to be established",
                          "For Escalation:",
                          "Need assistance with conversations with Digital Team",
                          "Actions Completed since previous report", "Q2 returns submitted"]


def test_escalations_are_marked_differently_from_highlights(tmp_path):
    paragraphs = named(smi_slide(tmp_path), "Updates").text_frame.paragraphs
    marks = [p._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar")
             for p in paragraphs]
    assert marks[1].get("char") == "\u2022"
    assert marks[2] is None  # the "For Escalation:" subheading has no bullet
    heading_run = paragraphs[2].runs[0]
    assert heading_run.font.bold and str(heading_run.font.color.rgb) == ESCALATION


def test_other_update_kinds_get_their_own_subheading(tmp_path):
    prs = built(tmp_path, [WEST], [workstream(SMI)], [],
                [highlight(SMI, "Baselines agreed"), update(SMI, "Next step", "Run webinar")])
    slide = prs.slides[titles(prs).index(f"Work stream: {SMI}")]
    assert named(slide, "Updates").text_frame.text.split("\n") == [
        "Highlights and Areas for Escalation", "Baselines agreed", "For Next step:",
        "Run webinar"]


def test_a_workstream_with_nothing_reported_shows_no_empty_sections(tmp_path):
    slide = built(tmp_path, [WEST], [workstream(SMI)]).slides[FIRST_WORKSTREAM_SLIDE]
    assert not all_named(slide, "Updates") and not all_named(slide, "Milestones")
    assert named(slide, "Silver lead").text_frame.text == "Silver lead: Sarah Henley"


def test_key_actions_outstanding_table_for_task_and_finish_groups(tmp_path):
    flu = "Patients Flu Vaccinations"
    prs = built(tmp_path, [WEST], [workstream(flu)], [], [highlight(flu, ">58% 65+ vaccinated")],
                [action(flu, "Establish vaccination model for homeless populations.", "Patients",
                        "01/11/20", "Hugo Luck / Mandy Catchpole")])
    slide = prs.slides[titles(prs).index(f"Work stream: {flu}")]
    assert cells(table(slide, "Key actions")) == [
        ["Action", "T&F group", "Target date", "Owner", "Status"],
        ["Establish vaccination model for homeless populations.", "Patients", "01/11/20",
         "Hugo Luck / Mandy Catchpole", ""]]
    assert not all_named(slide, "Milestones")


def test_closed_workstreams_get_no_highlight_slide(tmp_path):
    prs = built(tmp_path, [WEST], [workstream(SMI), workstream("BAME LCS", state="Closed")])
    assert [t for t in titles(prs)[FIRST_WORKSTREAM_SLIDE:]
            if t.startswith("Work stream: ")] == [f"Work stream: {SMI}"]


def several_regions(tmp_path: Path, by: str):
    return built(
        tmp_path, REGIONS,
        [workstream(SMI, delivery_rag="Amber"), workstream(SMI, region=EAST, delivery_rag="Green"),
         workstream(SMI, region=BRIGHTON, delivery_rag="Red"), workstream(DATA)],
        [milestone(SMI, "Agreed Trajectories", "09/09/20", "Achieved"),
         milestone(SMI, "Practice searches re-run", "13/11/20", "In progress", region=EAST)],
        [highlight(SMI, "Baselines to be established"),
         highlight(SMI, "Searches re-run", region=EAST)], by=by)


def workstream_slides(prs, name: str) -> list:
    return [s for s, t in zip(prs.slides, titles(prs), strict=True) if t == f"Work stream: {name}"]


def test_by_workstream_a_workstream_of_several_regions_has_a_slide_per_region_in_turn(tmp_path):
    prs = several_regions(tmp_path, "workstream")
    assert [t for t in titles(prs) if t.startswith("Work stream: ")] == [
        *(f"Work stream: {SMI} – {region}" for region in REGIONS), f"Work stream: {DATA} – {WEST}"]
    west, east, brighton = (workstream_slides(prs, f"{SMI} – {region}")[0] for region in REGIONS)
    assert [named(s, "Workstream Delivery").text_frame.text.split()[0]
            for s in (west, east, brighton)] == ["Amber", "Green", "Red"]  # each region's own
    assert cells(table(west, "Milestones"))[1:] == [["Agreed Trajectories", "09/09/20", "Achieved"]]
    assert cells(table(east, "Milestones"))[1:] == [
        ["Practice searches re-run", "13/11/20", "In progress"]]
    assert named(east, "Updates").text_frame.text.split("\n")[1:] == ["Searches re-run"]


def test_by_region_each_region_of_a_workstream_is_its_own_slide(tmp_path):
    prs = several_regions(tmp_path, "region")
    slides = workstream_slides(prs, SMI)
    assert [named(s, "Footer").text_frame.text for s in slides] == [
        f"Working in partnership across {region}" for region in REGIONS]
    east = slides[1]
    assert cells(table(east, "Milestones"))[1:] == [
        ["Practice searches re-run", "13/11/20", "In progress"]]
    assert named(east, "Workstream Delivery").text_frame.text.strip() == "Green"


def test_an_unknown_grouping_is_refused(tmp_path):
    with pytest.raises(ValueError, match="by must be"):
        draw_deck(make_dataset(), tmp_path / "deck.pptx", by="team")


LONG = "Population based care and management of long term conditions"
CONTINUED = "(continued)"


@pytest.fixture(scope="module")
def long_deck(tmp_path_factory):
    """40 highlights, 30 milestones and one very long update: several "(cont.)" slides."""
    texts = [f"Highlight {i:02d}: the working group reviewed progress against the plan and "
             f"agreed next steps with partners" + " and stakeholders" * (i % 4) for i in range(40)]
    endless = "One very long update " + "that keeps going without a break " * 70 + "END"
    updates = [highlight(LONG, t) for t in texts] + [highlight(LONG, endless)]
    milestones = [milestone(LONG, f"Milestone {i:02d}: deliver the agreed part of the plan"
                            + " with partners" * (i % 5), "30/09/20",
                            ["On track", "Delayed", "Achieved", "At risk"][i % 4])
                  for i in range(30)]
    path = tmp_path_factory.mktemp("long") / "deck.pptx"
    result = draw_deck(make_dataset([WEST], [workstream(LONG)], milestones, updates), path)
    prs = open_deck(path)
    slides = [s for s, t in zip(prs.slides, result.titles, strict=True)
              if t.startswith("Work stream: ")]
    return result, slides, texts, endless


def test_long_content_continues_on_cont_slides(long_deck):
    result, _, _, _ = long_deck
    names = [t for t in result.titles if t.startswith("Work stream: ")]
    assert len(names) >= 3
    assert names[0] == f"Work stream: {LONG}"
    assert all(t == f"Work stream: {LONG} (cont.)" for t in names[1:])


def test_every_highlight_and_milestone_appears_exactly_once(long_deck):
    _, slides, texts, endless = long_deck
    paragraphs = [p.text for s in slides for b in all_named(s, "Updates")
                  for p in b.text_frame.paragraphs]
    for text in texts:
        assert paragraphs.count(text) == 1, text
    milestone_rows = [row[0] for s in slides if all_named(s, "Milestones")
                      for row in cells(table(s, "Milestones"))[1:]]
    assert sorted(r[:12] for r in milestone_rows) == [f"Milestone {i:02d}" for i in range(30)]
    pieces = [p for p in paragraphs
              if p not in texts and p != "Highlights and Areas for Escalation"]
    assert len(pieces) >= 2
    words = " ".join(pieces).replace(CONTINUED, " ").split()
    assert words == endless.split()


def test_a_too_long_update_is_split_across_slides_under_a_repeated_heading(long_deck):
    _, slides, _, _ = long_deck
    holding = [s for s in slides if "END" in text_of(s) or "One very long" in text_of(s)]
    assert len(holding) >= 2
    first, *_, last = (named(s, "Updates").text_frame.paragraphs for s in holding)
    assert first[-1].text.endswith(CONTINUED) and last[1].text.startswith(CONTINUED)
    assert last[0].text == "Highlights and Areas for Escalation"


def test_continued_tables_repeat_their_header_row(long_deck):
    _, slides, _, _ = long_deck
    tables = [table(s, "Milestones") for s in slides if all_named(s, "Milestones")]
    assert len(tables) >= 2
    assert all(cells(t)[0] == ["Milestone", "Date", "Status"] for t in tables)


def test_no_text_is_shrunk_below_the_minimum_sizes(long_deck):
    _, slides, _, _ = long_deck
    table_sizes = [r.font.size for s in slides for r in table_runs(s)]
    bullet_sizes = [r.font.size for s in slides for r in bullet_runs(s)]
    assert table_sizes and bullet_sizes
    assert min(table_sizes) >= Pt(10)
    assert min(bullet_sizes) >= Pt(11)


def test_nothing_runs_into_the_footer_or_off_the_slide(long_deck):
    _, slides, _, _ = long_deck
    footer_top = theme.emu(FOOTER_TOP)
    footer = {"Footer", "Footer date", "Rule"}
    for slide in slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= theme.emu(theme.SLIDE_WIDTH)
            if shape.name not in footer:
                height = (sum(r.height for r in shape.table.rows) if shape.has_table
                          else shape.height)
                assert shape.top + height <= footer_top, shape.name
