"""The layout engine: an office's own .pptx, with fields typed into it, filled from a tracker."""

from __future__ import annotations

import re

import pytest
from pptx import Presentation

from pcxl.deck.engine import check_layout, draw_layout, starter_layout
from pcxl.deck.engine.lang import LayoutError
from pcxl.declaration import shipped_trackers
from tests.deck.builders import (
    WEST,
    action,
    escalation,
    highlight,
    make_dataset,
    milestone,
    workstream,
)
from tests.deck.layouts import saved_by_libreoffice, workstream_layout
from tests.deck.rendering import outside, pages, render

SMI = "Serious Mental Illness (SMI) LCS"
LD = "Learning Disabilities"
FLU = "Patients Flu Vaccinations"
EAST = "East Sussex"
RED, BLUE = "DA291C", "005EB8"


def dataset(**extra):
    return make_dataset(
        [WEST, EAST],
        [workstream(SMI, pmo_support=""), workstream(LD, sro="Alex Palethorpe"),
         workstream("Closed work", state="Closed")],
        [milestone(SMI, "Webinars held", "30/12/20", "Delayed", comment="Waiting for dates."),
         milestone(SMI, "Agreed trajectories", "09/09/20", "Achieved"),
         milestone(SMI, "Data shared", "w/c 16/11/20", "On track"),
         milestone(SMI, "Plan signed off", "30/10/20", "At risk", region=EAST),
         milestone(LD, "Health checks", "31/01/21", "On track")],
        [highlight(SMI, "ICS team engaged"), escalation(SMI, "Funding not confirmed"),
         highlight(SMI, "Links established")],
        **extra)


def slide_texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def table_of(slide, name: str):
    return next(s.table for s in slide.shapes if s.has_table and s.name == name)


def rows_of(slide, name: str) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table_of(slide, name).rows]


def fill_of(cell) -> str | None:
    fill = cell._tc.tcPr.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}solidFill")
    return fill[0].get("val") if fill is not None else None


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    layout = workstream_layout(folder / "layout.pptx")
    result = draw_layout(dataset(), layout, folder / "deck.pptx")
    return result, Presentation(str(result.path))


def test_a_slide_per_open_workstream_then_the_portfolio(drawn):
    result, _ = drawn
    assert result.titles == [SMI, LD, "Portfolio Nov 2020"]


def test_a_tag_split_across_runs_is_read_whole(drawn):
    _, prs = drawn
    assert slide_texts(prs.slides[0])[1] == SMI


def test_the_milestone_table_holds_the_open_milestones_of_its_workstream_by_date(drawn):
    _, prs = drawn
    assert rows_of(prs.slides[0], "Milestones") == [
        ["Milestone", "Baseline", "Status", "Comment"],
        ["Plan signed off", "30/10/20", "At risk", ""],
        ["Data shared", "22/11/20", "On track", ""],
        ["Webinars held", "30/12/20", "Delayed", "Waiting for dates."]]
    assert rows_of(prs.slides[1], "Milestones")[1:] == [["Health checks", "31/01/21",
                                                         "On track", ""]]


def test_a_status_cell_takes_its_vocabulary_colour_and_keeps_its_word(drawn):
    _, prs = drawn
    cell = table_of(prs.slides[0], "Milestones").cell(3, 2)
    assert (cell.text, fill_of(cell)) == ("Delayed", RED)


def test_a_label_whose_field_is_empty_is_left_out(drawn):
    _, prs = drawn
    leads = next(s for s in prs.slides[0].shapes if s.name == "Leads").text_frame.text
    assert leads == "SRO: Karen Breen\nLead: Sarah Henley"


def test_updates_are_grouped_under_their_kind_in_vocabulary_order(drawn):
    _, prs = drawn
    updates = next(s for s in prs.slides[0].shapes if s.name == "Updates").text_frame.text
    assert updates.split("\n") == ["Highlight", "ICS team engaged", "Links established",
                                   "Escalation", "Funding not confirmed"]


def test_the_chart_counts_milestones_by_region_and_status_in_their_colours(drawn):
    _, prs = drawn
    chart = next(s for s in prs.slides[2].shapes if s.has_chart).chart
    assert list(chart.plots[0].categories) == [WEST, EAST]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series == {"On track": [2, 0], "At risk": [0, 1], "Delayed": [1, 0],
                      "Achieved": [1, 0]}
    achieved = next(s for s in chart.plots[0].series if s.name == "Achieved")
    assert str(achieved.format.fill.fore_color.rgb) == BLUE


def test_the_rag_grid_block_replaces_its_shape(drawn):
    _, prs = drawn
    names = [s.name for s in prs.slides[2].shapes]
    assert "block:portfolio_rag_grid" not in names and "Portfolio RAG" in names
    assert [row[0] for row in rows_of(prs.slides[2], "Portfolio RAG")] == ["Workstream", SMI, LD,
                                                                          "Closed work"]


def test_a_slide_whose_records_do_not_exist_is_left_out_and_drawn_when_they_do(tmp_path):
    layout = workstream_layout(tmp_path / "layout.pptx")
    result = draw_layout(dataset(actions=[action(SMI, "Book the venue", owner="KH")]), layout,
                         tmp_path / "deck.pptx")
    assert result.titles[-1] == "Actions"
    assert rows_of(Presentation(str(result.path)).slides[-1], "Actions")[1] == [
        "Book the venue", "KH"]


def test_a_long_table_continues_with_its_header_repeated(tmp_path):
    many = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, f"Milestone {n:02d} " + "with a longer name " * (n % 4),
                                   "30/12/20", "On track") for n in range(40)])
    result = draw_layout(many, workstream_layout(tmp_path / "layout.pptx"),
                         tmp_path / "deck.pptx")
    prs = Presentation(str(result.path))
    pages_of_smi = [t for t in result.titles if t.startswith(SMI)]
    assert len(pages_of_smi) >= 2 and pages_of_smi[1] == f"{SMI} (cont.)"
    drawn_rows = [rows_of(s, "Milestones") for s in list(prs.slides)[:len(pages_of_smi)]]
    assert all(rows[0] == ["Milestone", "Baseline", "Status", "Comment"] for rows in drawn_rows)
    assert sum(len(rows) - 1 for rows in drawn_rows) == 40


def test_a_cell_too_long_for_a_slide_is_split_between_sentences_marked_continued(tmp_path):
    long = " ".join(f"Sentence {n} says what happened at the meeting this month." for n in
                    range(60))
    data = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, "Short", "30/12/20", "On track", comment=long)])
    result = draw_layout(data, workstream_layout(tmp_path / "layout.pptx"),
                         tmp_path / "deck.pptx")
    prs = Presentation(str(result.path))
    parts = [rows_of(s, "Milestones")[1][3] for s in prs.slides
             if any(sh.name == "Milestones" for sh in s.shapes)]
    assert len(parts) >= 2
    assert parts[0].endswith("month. (continued)")
    assert parts[1].startswith("(continued) Sentence")
    assert all(p.count("Sentence") >= 2 for p in parts)
    words = " ".join(p.replace("(continued)", "") for p in parts).split()
    assert words == long.split()


@pytest.mark.parametrize(("extra", "rows", "message"), [
    ("Budget: {{ budget }}", None, "slide 1, shape 'Leads': {{ budget }} is not a field here"),
    (None, [["Milestone"], ["{{ milestone }}"]],
     "slide 1, shape 'Milestones': the table uses {{ milestone }} of a sheet but has no "
     "prototype row"),
    ("{{ sro | fill }}", None, "slide 1, shape 'Leads': {{ sro | fill }}: sro has no vocabulary"),
    ("{{ sro | dd/mm/yy }}", None, "sro is not a date"),
    ("{% each Nothing %}{{ x }}", None, "'Nothing' is not a sheet of 'highlight'"),
])
def test_a_layout_error_names_the_slide_and_the_shape(tmp_path, extra, rows, message):
    layout = workstream_layout(tmp_path / "layout.pptx", extra=extra, rows=rows)
    with pytest.raises(LayoutError, match=message.replace("|", r"\|").replace("(", r"\(")
                       .replace(")", r"\)").replace("{", r"\{").replace("}", r"\}")):
        check_layout(layout, dataset().tracker)


def test_an_unknown_block_is_a_layout_error(tmp_path):
    layout = workstream_layout(tmp_path / "layout.pptx")
    prs = Presentation(str(layout))
    next(s for s in prs.slides[1].shapes if s.name.startswith("block:")).name = "block:gantt"
    prs.save(str(layout))
    with pytest.raises(LayoutError, match="slide 2, shape 'block:gantt': there is no block"):
        check_layout(layout, dataset().tracker)


def test_values_are_text_never_markup(tmp_path):
    data = make_dataset([WEST], [workstream("<b>&amp; \"x\" =1+1")],
                        [milestone("<b>&amp; \"x\" =1+1", "Fine", "30/12/20", "On track")])
    result = draw_layout(data, workstream_layout(tmp_path / "layout.pptx"),
                         tmp_path / "deck.pptx")
    assert result.titles[0] == "<b>&amp; \"x\" =1+1"


@pytest.fixture(scope="module")
def impress(tmp_path_factory):
    """The layout as LibreOffice Impress saved it, filled, and rendered by LibreOffice."""
    folder = tmp_path_factory.mktemp("impress")
    layout = saved_by_libreoffice(workstream_layout(folder / "office.pptx"), folder / "saved")
    long = " ".join(f"Sentence {n} says what happened." for n in range(80))
    data = dataset(actions=[action(SMI, "Book the venue", owner="KH")])
    data.frames["Milestones"].loc[0, "comment"] = long
    result = draw_layout(data, layout, folder / "deck.pptx")
    return result, Presentation(str(result.path)), pages(render([result.path], folder)[0])


def test_a_layout_saved_by_impress_is_filled_the_same(impress):
    result, prs, _ = impress
    assert result.titles[0] == SMI and result.titles[-1] == "Actions"
    assert f"{SMI} (cont.)" in result.titles
    cells = [row for slide in prs.slides for row in rows_of_any(slide, "Milestones")]
    assert ["Plan signed off", "30/10/20", "At risk", ""] in cells
    delayed = next(c for s in prs.slides for c in cells_named(s, "Milestones")
                   if c.text == "Delayed")
    assert fill_of(delayed) == RED


def rows_of_any(slide, name):
    return rows_of(slide, name) if any(s.name == name for s in slide.shapes) else []


def cells_named(slide, name):
    if not any(s.name == name for s in slide.shapes):
        return []
    return [c for row in table_of(slide, name).rows for c in row.cells]


@pytest.mark.render
def test_libreoffice_draws_every_word_inside_the_slide(impress):
    result, _, found = impress
    assert len(found) == result.slides
    for number, page in enumerate(found, start=1):
        assert not outside(page), f"slide {number}: {outside(page)[:10]}"


@pytest.mark.parametrize("tracker", shipped_trackers(), ids=lambda t: t.name)
def test_the_starter_layout_places_every_field_of_every_tracker(tmp_path, tracker):
    path = starter_layout(tracker, tmp_path / "starter.pptx")
    check_layout(path, tracker)
    text = "\n".join(sh.text_frame.text if sh.has_text_frame else
                     " ".join(c.text for r in sh.table.rows for c in r.cells) if sh.has_table
                     else "" for slide in Presentation(str(path)).slides for sh in slide.shapes)
    for field in [c.key for c in tracker.about] + [c.key for s in tracker.sheets
                                                   for c in s.columns]:
        assert f"{{{{ {field}" in text


@pytest.fixture
def consolidated(run, tmp_path):
    from tests.builders import make_return

    make_return(tmp_path, "west.xlsx")
    run("consolidate", tmp_path / "west.xlsx", "-o", tmp_path / "out" / "c.xlsx")
    return tmp_path / "out" / "c.xlsx"


def test_pcxl_layout_writes_a_starter_that_pcxl_deck_draws_with(run, tmp_path, consolidated):
    made = run("layout", "highlight", "-o", tmp_path / "mine.pptx")
    assert made.exit_code == 0
    deck = run("deck", consolidated, "--layout", tmp_path / "mine.pptx", "-o",
               tmp_path / "d.pptx")
    assert deck.exit_code == 0, deck.output
    prs = Presentation(str(tmp_path / "d.pptx"))
    assert slide_texts(prs.slides[0])[1] == "Primary Care Restoration and Recovery Programme"
    milestones = next(s for s in prs.slides if any(sh.name == "Milestones table"
                                                    for sh in s.shapes))
    assert rows_of(milestones, "Milestones table")[1][2] == "Agreed Trajectories"


def test_a_layout_named_in_pcxl_yaml_is_used(run, tmp_path, consolidated, monkeypatch):
    run("layout", "highlight", "-o", tmp_path / "mine.pptx")
    (tmp_path / "pcxl.yaml").write_text("trackers:\n  highlight:\n    layout: mine.pptx\n")
    monkeypatch.chdir(tmp_path)
    deck = run("deck", consolidated, "-o", tmp_path / "d.pptx")
    assert deck.exit_code == 0, deck.output
    assert slide_texts(Presentation(str(tmp_path / "d.pptx")).slides[1])[1] == "About this report"


def test_a_layout_error_stops_pcxl_deck_with_one_message(run, tmp_path, consolidated):
    layout = workstream_layout(tmp_path / "layout.pptx", extra="{{ budget }}")
    deck = run("deck", consolidated, "--layout", layout, "-o", tmp_path / "d.pptx")
    assert deck.exit_code == 2
    assert "slide 1, shape 'Leads': {{ budget }} is not a field here" in deck.output
    assert not (tmp_path / "d.pptx").exists()


@pytest.fixture(scope="module")
def starters(tmp_path_factory):
    """Every shipped tracker's starter layout, filled from the demo's returns, rendered."""
    from pcxl import pipeline
    from pcxl.demo import write_demo_returns

    folder = tmp_path_factory.mktemp("starters")
    returns = write_demo_returns(folder / "returns")
    datasets = pipeline.consolidate_returns(returns, folder / "all.xlsx").datasets
    results = [draw_layout(dataset, starter_layout(dataset.tracker, folder / f"{name}.pptx"),
                           folder / f"{name}-deck.pptx") for name, dataset in datasets.items()]
    return results, [pages(pdf) for pdf in render([r.path for r in results], folder)]


@pytest.mark.render
def test_every_starter_layout_draws_its_trackers_demo_inside_the_slides(starters):
    results, rendered = starters
    assert len(results) == len(shipped_trackers())
    for result, found in zip(results, rendered, strict=True):
        assert len(found) == result.slides > 3
        for number, page in enumerate(found, start=1):
            assert not outside(page), f"{result.path.name} slide {number}: {outside(page)[:10]}"


def test_a_slide_rule_may_stand_in_the_notes_and_cont_be_placed_by_the_layout(tmp_path):
    from pcxl.deck.engine.starter import new_layout
    from tests.deck.layouts import table, text_box

    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.notes_slide.notes_text_frame.text = "{% slide per Workstreams %}"
    text_box(slide, "Title", ["{{ workstream }} \u2013 {{ region }} {{ cont }}"], (36, 16, 880, 36))
    table(slide, "Milestones", [["Milestone"], ["{% each Milestones %}{{ milestone }}"]],
          (36, 80, 400, 0), [400])
    prs.save(str(tmp_path / "notes.pptx"))
    data = make_dataset([WEST, EAST], [workstream(SMI), workstream(SMI, region=EAST)],
                        [milestone(SMI, f"Step {n}", "30/12/20", "On track", region=EAST)
                         for n in range(30)])
    result = draw_layout(data, tmp_path / "notes.pptx", tmp_path / "deck.pptx")
    assert result.titles == [f"{SMI} \u2013 {WEST} ", f"{SMI} \u2013 {EAST} ",
                             f"{SMI} \u2013 {EAST} (cont.)"]
    first = Presentation(str(result.path)).slides[0]
    assert not any(s.name == "Milestones" for s in first.shapes)  # West has no milestones


def per_pair_layout(path, rule: str):
    from pcxl.deck.engine.starter import new_layout
    from tests.deck.layouts import text_box

    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Rules", [rule], (700, 500, 250, 20), size=8)
    text_box(slide, "Title", ["{{ workstream }} in {{ region }}: {{ delivery_rag }}"],
             (36, 16, 880, 36))
    prs.save(str(path))
    return path


def test_slide_per_two_columns_gives_each_pair_a_slide_the_first_column_s_in_turn(tmp_path):
    layout = per_pair_layout(tmp_path / "pairs.pptx",
                             "{% slide per workstream, region in Workstreams %}")
    data = make_dataset([WEST, EAST], [workstream(SMI, delivery_rag="Amber"),
                                       workstream(FLU),
                                       workstream(SMI, region=EAST, delivery_rag="Red")])
    result = draw_layout(data, layout, tmp_path / "deck.pptx")
    assert result.titles == [f"{SMI} in {WEST}: Amber", f"{SMI} in {EAST}: Red",
                             f"{FLU} in {WEST}: Green"]


def test_slide_per_a_column_the_sheet_lacks_is_a_layout_error(tmp_path):
    layout = per_pair_layout(tmp_path / "pairs.pptx",
                             "{% slide per workstream, place in Workstreams %}")
    with pytest.raises(LayoutError, match="slide 1: 'place' is not a column of Workstreams"):
        check_layout(layout, dataset().tracker)


def actions_layout(path, condition: str):
    from pcxl.deck.engine.starter import new_layout
    from tests.deck.layouts import table

    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    row = f"{{% each Actions where {condition} %}}{{{{ action }}}}"
    table(slide, "Actions", [["Action"], [row]], (36, 80, 400, 0), [400])
    prs.save(str(path))
    return path


def test_a_condition_may_read_a_field_of_the_record_a_column_references(tmp_path):
    data = make_dataset([WEST, EAST],
                        [workstream(SMI), workstream(FLU, state="Closed"),
                         workstream(FLU, region=EAST)],
                        actions=[action(SMI, "Run webinar"), action(FLU, "Order vaccine"),
                                 action(FLU, "Book clinics", region=EAST)])
    layout = actions_layout(tmp_path / "a.pptx", "workstream.state is not Closed")
    prs = Presentation(str(draw_layout(data, layout, tmp_path / "deck.pptx").path))
    assert [r[0] for r in rows_of(prs.slides[0], "Actions")[1:]] == [
        "Run webinar", "Book clinics"]  # West's flu workstream is closed, East's open


@pytest.mark.parametrize(("condition", "message"), [
    ("owner.state is Open", "'owner.state': 'owner' is not a column of Actions that references"),
    ("workstream.colour is Open", "'workstream.colour': 'colour' is not a column of Workstreams"),
])
def test_a_condition_through_a_column_that_references_nothing_is_a_layout_error(
        tmp_path, condition, message):
    with pytest.raises(LayoutError, match=message):
        check_layout(actions_layout(tmp_path / "a.pptx", condition), dataset().tracker)


def test_the_layouts_master_positions_and_sizes_are_kept(tmp_path):
    layout = workstream_layout(tmp_path / "layout.pptx")
    result = draw_layout(dataset(), layout, tmp_path / "deck.pptx")
    designed, drawn = Presentation(str(layout)), Presentation(str(result.path))

    def unmarked(master) -> bytes:  # the deck's language (en-GB) is marked on the master
        return re.sub(rb' lang="[^"]*"', b"", master.part.blob)

    assert [unmarked(m) for m in drawn.slide_masters] == [unmarked(m)
                                                          for m in designed.slide_masters]
    boxes = {s.name: (s.left, s.top, s.width) for s in designed.slides[0].shapes}
    for shape in drawn.slides[0].shapes:
        assert (shape.left, shape.top, shape.width) == boxes[shape.name], shape.name


def test_a_layout_named_in_the_declaration_is_found_beside_the_declarations():
    import dataclasses

    from pcxl.config import Config
    from pcxl.pipeline import layout_for
    from pcxl.resources import declarations_dir

    tracker = dataclasses.replace(dataset().tracker, deck={"layout": "ours.pptx"})
    assert layout_for(tracker, Config()) == declarations_dir() / "ours.pptx"
    assert layout_for(dataset().tracker, Config()) == declarations_dir() / "layouts" / (
        "highlight.pptx")
    assert layout_for(dataclasses.replace(dataset().tracker, deck={}), Config()) is None


def test_the_layout_benchmark_ends_with_its_json_line(capsys):
    import json

    from benchmarks import layout as benchmark

    benchmark.main(["--workstreams", "3"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(result) == {"workstreams", "slides", "layout_s", "peak_rss_mb"}
    assert result["workstreams"] == 3 and result["slides"] >= 4


def test_a_file_that_is_not_a_layout_and_an_unknown_tag_are_refused(tmp_path):
    from pcxl.errors import InputError

    (tmp_path / "notes.pptx").write_text("not a deck")
    with pytest.raises(InputError, match="is not a PowerPoint file"):
        check_layout(tmp_path / "notes.pptx", dataset().tracker)
    layout = workstream_layout(tmp_path / "layout.pptx", extra="{% foreach Milestones %}")
    with pytest.raises(LayoutError, match=r"slide 1, shape 'Leads': .* is not a tag pcxl knows"):
        check_layout(layout, dataset().tracker)


LEADS = ["SRO: ", "{{ sro }}", " | Lead: ", "{{ silver_lead }}"]


@pytest.mark.parametrize(("runs", "sro", "lead", "shown"), [
    (LEADS, "Karen Breen", "Sarah Henley", "SRO: Karen Breen | Lead: Sarah Henley"),
    (LEADS, "Karen Breen", "", "SRO: Karen Breen"),
    (LEADS, "", "Sarah Henley", "Lead: Sarah Henley"),
    (["SRO: ", "{{ sro }}", "{{ silver_lead }}"], "", "-5 acting", "-5 acting"),  # its own dash
])
def test_an_empty_field_s_label_goes_with_it_inside_a_paragraph(tmp_path, runs, sro, lead,
                                                                 shown):
    from pcxl.deck.engine.starter import new_layout
    from tests.deck.layouts import text_box

    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Rules", ["{% slide per Workstreams %}"], (700, 500, 250, 20), size=8)
    text_box(slide, "Title", ["{{ workstream }}"], (36, 16, 880, 36))
    text_box(slide, "Leads", [runs], (36, 80, 880, 36))
    prs.save(str(tmp_path / "leads.pptx"))
    data = make_dataset([WEST], [workstream(SMI, sro=sro, silver_lead=lead)])
    result = draw_layout(data, tmp_path / "leads.pptx", tmp_path / "deck.pptx")
    leads = next(s for s in Presentation(str(result.path)).slides[0].shapes if s.name == "Leads")
    assert leads.text_frame.text == shown
