"""Decks drawn by the layout engine pass ``pcxl check-access`` as the built-in formats do:
titles in the title placeholder ("(cont.)" on continuation slides), charts described from
their data, decorative shapes marked, readable text on field-driven fills, header rows marked,
en-GB; a layout whose own colours do not read is named pair by pair."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from pcxl import pipeline
from pcxl.access import check_files
from pcxl.access.contrast import contrast
from pcxl.deck import charts, theme
from pcxl.deck.engine import LayoutWarning, draw_layout, starter_layout
from pcxl.deck.engine.starter import new_layout
from pcxl.demo import write_demo_returns
from tests.adopt.builders import risk_register
from tests.deck.builders import WEST, highlight, make_dataset, milestone, workstream
from tests.deck.layouts import block, text_box, workstream_layout
from tests.deck.test_engine import SMI, dataset

PLANS = ("recovery_plan", "delivery_plan")  # the shipped layouts of the plan trackers


def failures(paths) -> list[str]:
    return [f"{f.path.name} {x.where} {x.item} {x.code}: {x.message}"
            for f in check_files(paths).files for x in f.failures]


def titles(path: Path) -> list[str]:
    """Each slide's title placeholder text ("" when the slide has none)."""
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else ""
            for s in Presentation(str(path)).slides]


def descr(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or ""


@pytest.fixture(scope="module")
def demo_decks(tmp_path_factory):
    """Every shipped tracker's starter layout, and the shipped plan layouts, filled from the
    demo's returns."""
    folder = tmp_path_factory.mktemp("engine-access")
    returns = write_demo_returns(folder / "returns")
    datasets = pipeline.consolidate_returns(returns, folder / "all.xlsx").datasets
    decks = {name: draw_layout(data, starter_layout(data.tracker, folder / f"{name}.pptx"),
                               folder / f"{name}-deck.pptx").path
             for name, data in datasets.items()}
    for name in PLANS:
        decks[f"{name} layout"] = draw_layout(
            datasets[name], pipeline.layout_for(datasets[name].tracker),
            folder / f"{name}-layout-deck.pptx").path
    return decks


def test_every_starter_deck_and_the_shipped_plan_layout_decks_pass_check_access(demo_decks):
    assert len(demo_decks) == 7
    assert failures(demo_decks.values()) == []


def test_the_starter_layout_itself_has_its_titles_in_title_placeholders(tmp_path):
    from pcxl.declaration import load_tracker

    path = starter_layout(load_tracker("highlight"), tmp_path / "starter.pptx")
    slides = Presentation(str(path)).slides
    assert all(s.shapes.title is not None for s in slides)
    assert slides[0].shapes.title.text_frame.text == "{{ programme }}"
    assert slides[2].shapes.title.placeholder_format.type == PP_PLACEHOLDER.TITLE


def test_every_slide_is_titled_and_continuation_slides_say_cont(demo_decks):
    found = titles(demo_decks["highlight"])
    assert all(found)
    assert found[0] == "Primary Care Restoration and Recovery Programme"
    assert "Milestones (cont.)" in found
    plan = titles(demo_decks["recovery_plan layout"])
    assert plan[1] == "PCIP Recovery Plan - 24/08/2020"
    assert set(plan[2:]) == {"PCIP Recovery Plan - 24/08/2020 (cont.)"}


def test_the_title_keeps_its_look_as_a_placeholder(demo_decks):
    """Left-aligned, top-anchored, 24 pt bold white, where the title text box was."""
    slide = Presentation(str(demo_decks["highlight"])).slides[2]
    title = slide.shapes.title
    assert (title.left, title.top) == (theme.emu(36.0), theme.emu(12.0))
    paragraph = title.text_frame.paragraphs[0]
    assert paragraph._p.pPr.get("algn") == "l"
    assert title.text_frame._txBody.bodyPr.get("anchor") == "t"
    run = paragraph.runs[0]
    assert (run.font.size.pt, run.font.bold, str(run.font.color.rgb)) == (24, True, "FFFFFF")


def test_the_chart_is_described_from_the_data_that_filled_it(demo_decks):
    prs = Presentation(str(demo_decks["highlight"]))
    chart = next(s for slide in prs.slides for s in slide.shapes if s.has_chart)
    plot = chart.chart.plots[0]
    alt = descr(chart)
    assert alt.startswith("Stacked bar chart of workstreams by region and ")
    first = plot.categories[0]
    counts = [f"{int(s.values[0])} {s.name}" for s in plot.series if s.values[0]]
    assert f"{first} {', '.join(counts)}" in alt


def test_bands_and_backgrounds_are_decorative_and_the_language_is_en_gb(demo_decks):
    prs = Presentation(str(demo_decks["highlight"]))
    band = next(s for s in prs.slides[2].shapes if s.name == "Title band")
    assert b"decorative" in band._element.xml.encode() and 'val="1"' in band._element.xml
    assert prs.core_properties.language == "en-GB"


def test_the_header_row_of_a_repeating_table_is_marked(demo_decks):
    prs = Presentation(str(demo_decks["recovery_plan layout"]))
    table = next(s.table for s in prs.slides[1].shapes if s.has_table)
    assert table.first_row


def test_every_word_in_a_field_coloured_cell_reads_on_its_colour(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["{% slide per Workstreams %}{{ workstream }}"], (36, 12, 800, 40))
    text_box(slide, "Status", [["RAG: ", "{{ delivery_rag | fill }}"]], (36, 80, 200, 40))
    prs.save(str(tmp_path / "layout.pptx"))
    deck = draw_layout(dataset(), tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    shape = next(s for s in Presentation(str(deck.path)).slides[0].shapes if s.name == "Status")
    fill = str(shape.fill.fore_color.rgb)
    runs = shape.text_frame.paragraphs[0].runs
    assert [r.text for r in runs] == ["RAG: ", "Green"]
    assert {str(r.font.color.rgb) for r in runs} == {theme.text_on(fill)}
    assert failures([deck.path]) == []


def test_a_person_s_top_most_text_becomes_the_title(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Leads", ["SRO: {{ sro }}"], (36, 90, 400, 30))
    text_box(slide, "Heading", ["{% slide per Workstreams %}{{ workstream }}"],
             (36, 20, 800, 40), size=20)
    prs.save(str(tmp_path / "layout.pptx"))
    deck = draw_layout(dataset(), tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    first = Presentation(str(deck.path)).slides[0]
    assert first.shapes.title.name == "Heading"
    assert first.shapes[0].name == "Heading"  # read first: it overlaps nothing it passed
    assert failures([deck.path]) == []


def test_the_result_names_each_slide_by_its_title_as_python_pptx_reads_it(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Heading", ["{% slide per Workstreams %}{{ workstream }}", "SRO: {{ sro }}"],
             (36, 20, 800, 60), size=20)
    block(prs.slides.add_slide(prs.slide_layouts[6]), "Band", (0, 0, 960, 40))  # no text
    prs.save(str(tmp_path / "layout.pptx"))
    data = make_dataset([WEST], [workstream("Stroke\nrecovery", sro="Karen Breen")])
    deck = draw_layout(data, tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    assert deck.titles == ["Stroke\vrecovery\nSRO: Karen Breen", ""] == titles(deck.path)


def test_a_layout_whose_colours_do_not_read_names_the_pair_and_ratio(tmp_path, run):
    layout = workstream_layout(tmp_path / "layout.pptx")
    prs = Presentation(str(layout))
    note = text_box(prs.slides[0], "Note", ["Figures are provisional"], (500, 500, 300, 20))
    note.text_frame.paragraphs[0].runs[0].font.color.rgb = charts.rgb("AAAAAA")
    prs.save(str(layout))
    with pytest.warns(LayoutWarning, match=r"slide 1, shape 'Note': #AAAAAA on #FFFFFF is "
                                           r"2\.3:1, needs 4\.5:1"):
        draw_layout(dataset(), layout, tmp_path / "deck.pptx")
    from tests.builders import make_return

    make_return(tmp_path, "west.xlsx")
    run("consolidate", tmp_path / "west.xlsx", "-o", tmp_path / "c.xlsx")
    result = run("deck", tmp_path / "c.xlsx", "--layout", layout, "-o", tmp_path / "d.pptx")
    assert result.exit_code == 0
    assert ("warning: layout layout.pptx: slide 1, shape 'Note': #AAAAAA on #FFFFFF is 2.3:1, "
            "needs 4.5:1") in " ".join(result.output.split())
    assert any("contrast" in f and "Note" in f for f in failures([tmp_path / "d.pptx"]))


def _coloured(shape, colour: str) -> None:
    for p in shape.text_frame.paragraphs:
        for r in p.runs:
            r.font.color.rgb = charts.rgb(colour)


def _layout_warnings(layout: Path, data, out: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw_layout(data, layout, out)
    return [str(w.message).split(": ", 1)[1] for w in caught if w.category is LayoutWarning]


def _pair(colour: str, fill: str, need: float = 4.5) -> str:
    return f"#{colour} on #{fill} is {contrast(colour, fill):.1f}:1, needs {need:g}:1"


def test_a_bad_pair_on_first_and_continuation_slides_is_named_once_as_the_deck_shows_it(
        tmp_path):
    """The layout's slide is checked once: its table row's grey comment (on every slide of
    the workstream) and a "(cont.)" note (on its continuation slides only) are each named
    once, as ``pcxl check-access`` finds them on the drawn slides."""
    layout = workstream_layout(tmp_path / "layout.pptx")
    prs = Presentation(str(layout))
    table = next(s for s in prs.slides[0].shapes if s.has_table)
    _coloured(table.table.cell(1, 3), "999999")
    _coloured(text_box(prs.slides[0], "Page", ["{{ cont }}"], (36, 500, 200, 20)), "BBBBBB")
    prs.save(str(layout))
    many = [milestone(SMI, f"Step {n}", f"{n % 28 + 1:02d}/11/20", "On track",
                      comment="Waiting for dates.") for n in range(40)]
    data = make_dataset([WEST], [workstream(SMI)], many, [highlight(SMI, "Engaged")])
    found = _layout_warnings(layout, data, tmp_path / "deck.pptx")
    assert found == [f"slide 1, shape 'Milestones': {_pair('999999', 'FFFFFF')}",
                     f"slide 1, shape 'Page': {_pair('BBBBBB', 'FFFFFF')}"]
    drawn = check_files([tmp_path / "deck.pptx"]).files[0].failures
    assert {x.where for x in drawn if x.item == "Page"} == {"slide 2", "slide 3"}
    assert {f"shape {x.item!r}: {x.message.split(' (')[0]}" for x in drawn
            if x.code == "contrast"} == {f.split(", ", 1)[1] for f in found}


def test_text_over_a_field_coloured_box_is_checked_on_each_colour_the_box_can_take(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["{% slide per Workstreams %}{{ workstream }}"], (36, 12, 800, 40))
    text_box(slide, "RAG", ["{{ delivery_rag | fill }}"], (36, 80, 200, 60))
    _coloured(text_box(slide, "Label", ["Delivery"], (40, 84, 100, 20)), "FFFFFF")
    prs.save(str(tmp_path / "layout.pptx"))
    found = _layout_warnings(tmp_path / "layout.pptx", dataset(), tmp_path / "deck.pptx")
    amber = next(c for w, c in _rag_colours() if w == "Amber")
    assert f"slide 1, shape 'Label': {_pair('FFFFFF', amber)}" in found  # no record is Amber
    assert not any("'RAG'" in f for f in found)  # its own text is white or dark as it reads


def _rag_colours() -> list[tuple[str, str]]:
    from pcxl.declaration import load_tracker

    rag = load_tracker("highlight").vocabulary("rag")
    return [(word, rag.colour(word)) for word in rag.words]


def test_an_adopted_tracker_s_starter_layout_draws_a_readable_deck(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    run("init", ".")
    original = risk_register(tmp_path / "register.xlsx")
    assert run("adopt", original, "--name", "risks").exit_code == 0
    returns = tmp_path / "returns"
    returns.mkdir()
    for region in ("north", "south", "east"):
        shutil.copy(original, returns / f"{region}.xlsx")
    assert run("consolidate", returns, "-o", tmp_path / "risks.xlsx").exit_code == 0
    assert run("layout", "risks", "-o", tmp_path / "mine.pptx").exit_code == 0
    drawn = run("deck", tmp_path / "risks.xlsx", "--layout", tmp_path / "mine.pptx",
                "-o", tmp_path / "risks.pptx")
    assert drawn.exit_code == 0, drawn.output
    prs = Presentation(str(tmp_path / "risks.pptx"))
    found = titles(tmp_path / "risks.pptx")
    assert found[0] == "Sussex Primary Care Risk Register"
    assert found[1:3] == ["About this report", "Summary"]
    assert found[-1].strip() == "Risk Register"
    grid = next(s.table for s in list(prs.slides)[-1].shapes if s.has_table)
    assert [c.text for c in grid.rows[0].cells][:6] == ["Region", "ID", "Risk", "Owner",
                                                        "Status", "RAG"]
    second = grid.rows[2].cells
    assert [c.text for c in second][:6] == ["east", "2", "Recruitment of pharmacists",
                                            "Sam Patel", "In progress", "Red"]
    assert str(second[5].fill.fore_color.rgb) == "DA291C"
    assert str(second[5].text_frame.paragraphs[0].runs[0].font.color.rgb) == theme.text_on(
        "DA291C")
    assert [r.cells[0].text for r in list(grid.rows)[1:]] == ["east"] * 3 + ["north"] * 3 + [
        "south"] * 3
    checked = run("check-access", tmp_path / "risks.pptx")
    assert checked.exit_code == 0, checked.output
    assert "risks.pptx: passes" in checked.output
