"""The layout engine: a list inside a table cell, text in capitals, and the headline figures
block (the scheme update paper's needs, drawn from the scheme update tracker)."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from pcxl.deck.engine import check_layout, draw_layout
from pcxl.deck.engine.lang import LayoutError
from pcxl.deck.engine.starter import new_layout
from pcxl.declaration import load_tracker
from tests.deck.builders import WEST, _frame, make_dataset
from tests.deck.layouts import block, table, text_box

TRACKER = load_tracker("scheme_update")
EAST = "East Sussex"
SCHEME_ROW = ["{% each Schemes %}{{ ref }}. {{ title }}",
              "{% each Updates where kind is Update %}{{ text }}\n"
              "{% group by kind %}Next steps:\n"
              "{% each Updates where kind is Next step %}{{ text }}"]


def dataset(figures: list[dict] | None = None):
    sheets = {
        "Sections": [{"number": "1", "section": "Winter Access Plan"}],
        "Schemes": [{"section": "Winter Access Plan", "ref": "1", "title": "Resilience"},
                    {"section": "Winter Access Plan", "ref": "2", "title": "Staff bank"},
                    {"section": "Winter Access Plan", "ref": "1", "title": "Resilience East",
                     "region": EAST}],
        "Updates": [{"scheme": "1", "kind": "Update", "text": "Practices onboarded."},
                    {"scheme": "2", "kind": "Update", "text": "Requirements drafted."},
                    {"scheme": "1", "kind": "Next step", "text": "Stocktakes to finish."},
                    {"scheme": "1", "kind": "Update", "text": "Plans drafted."},
                    {"scheme": "1", "kind": "Update", "text": "East practices met.",
                     "region": EAST}],
        "Figures": figures or [],
    }
    found = make_dataset([WEST, EAST], tracker=TRACKER)
    found.frames.update({s.name: _frame(TRACKER, s, sheets.get(s.name, ()))
                         for s in TRACKER.sheets})
    found.about.update({"session": "Open", "item_no": "10"})
    return found


def scheme_layout(path, row: list[str] = SCHEME_ROW):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["{{ item_no }}. {{ programme }} ({{ session | upper }})"],
             (36, 10, 880, 40))
    table(slide, "Schemes", [["Scheme", "Update"], row], (36, 60, 880, 40), [300, 580])
    prs.save(str(path))
    return path


def cell_paragraphs(path) -> list[list[str]]:
    shape = next(s for s in Presentation(str(path)).slides[0].shapes if s.name == "Schemes")
    return [[p.text for p in row.cells[1].text_frame.paragraphs]
            for row in list(shape.table.rows)[1:]]


def test_a_cell_lists_its_rows_records_of_another_sheet_with_a_heading_where_they_exist(
        tmp_path):
    result = draw_layout(dataset(), scheme_layout(tmp_path / "layout.pptx"), tmp_path / "d.pptx")
    assert cell_paragraphs(result.path) == [
        ["Practices onboarded.", "Plans drafted.", "Next steps:", "Stocktakes to finish."],
        ["Requirements drafted."],
        ["East practices met."]]


def test_a_cell_lists_bullets_are_bold_and_the_cells_other_paragraphs_are_not(tmp_path):
    data = dataset()
    updates = data.frames["Updates"]
    updates["text"] = updates["text"].replace("Stocktakes to finish.", "1. Stocktakes to finish.")
    row = [SCHEME_ROW[0], "{% each Updates where kind is Update %}{{ text | bulleted }}\n"
                          "{% group by kind %}Next steps:\n"
                          "{% each Updates where kind is Next step %}{{ text }}"]
    result = draw_layout(data, scheme_layout(tmp_path / "layout.pptx", row), tmp_path / "d.pptx")
    shape = next(s for s in Presentation(str(result.path)).slides[0].shapes
                 if s.name == "Schemes")
    assert [[(r.text, r.font.bold) for r in p.runs]
            for p in shape.table.cell(1, 1).text_frame.paragraphs] == [
        [("\u2022 ", True), ("Practices onboarded.", None)],
        [("\u2022 ", True), ("Plans drafted.", None)],
        [("Next steps:", None)],
        [("1. Stocktakes to finish.", None)]]


def test_a_field_in_capitals(tmp_path):
    result = draw_layout(dataset(), scheme_layout(tmp_path / "layout.pptx"), tmp_path / "d.pptx")
    assert result.titles == ["10. Primary Care Restoration and Recovery Programme (OPEN)"]


def test_a_cell_lists_fields_are_checked_against_its_own_sheet(tmp_path):
    check_layout(scheme_layout(tmp_path / "good.pptx"), TRACKER)
    bad = scheme_layout(tmp_path / "bad.pptx",
                        [SCHEME_ROW[0], "{% each Updates %}{{ measure }}"])
    with pytest.raises(LayoutError, match=r"slide 1, shape 'Schemes': .*\{\{ measure \}\}"):
        check_layout(bad, TRACKER)
    heading = scheme_layout(tmp_path / "heading.pptx", [SCHEME_ROW[0], "{% group by kind %}x"])
    with pytest.raises(LayoutError, match="must stand directly before an"):
        check_layout(heading, TRACKER)


FIGURES = [
    {"scheme": "3b", "measure": "Appointments funded", "value": 6664, "unit": "appointments"},
    {"scheme": "3b", "measure": "Practices responding", "value": 10, "unit": "practices"},
    {"scheme": "5a", "measure": "Practices responding", "value": 71, "unit": "practices"},
    {"scheme": "5b", "measure": "Assessed elsewhere", "value": 82.9, "unit": "%",
     "as_at": "w/c 13/12/21"},
]


def test_headline_figures_are_tiles_for_a_single_figure_and_a_chart_for_a_series(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["Headline figures"], (36, 10, 880, 40))
    block(slide, "block:headline_figures", (22, 66, 916, 430))
    prs.save(str(tmp_path / "layout.pptx"))
    result = draw_layout(dataset(FIGURES), tmp_path / "layout.pptx", tmp_path / "d.pptx")
    shapes = list(Presentation(str(result.path)).slides[0].shapes)
    assert [s.text_frame.text for s in shapes if s.name == "Figure"] == [
        "6,664\nAppointments funded \u2013 Scheme 3b",
        "82.9%\nAssessed elsewhere (w/c 13/12/21) \u2013 Scheme 5b"]
    (chart,) = [s.chart for s in shapes if s.has_chart]
    assert list(chart.plots[0].categories) == ["Scheme 3b", "Scheme 5a"]
    assert list(chart.plots[0].series[0].values) == [10.0, 71.0]
    assert [s.text_frame.text for s in shapes if s.name == "Chart heading"] == [
        "Practices responding"]


def test_text_sorts_with_its_numbers_by_value_and_page_numbers_each_slide(tmp_path):
    data = dataset()
    schemes = [{"section": "Winter Access Plan", "ref": ref, "title": f"Scheme {ref}"}
               for ref in ("10", "3b", "2", "3a")]
    data.frames["Schemes"] = _frame(TRACKER, TRACKER.sheet("Schemes"), schemes)
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["{{ title }}"], (36, 10, 880, 40))
    text_box(slide, "Rule", ["{% slide per Schemes sorted by ref %}"], (36, 60, 200, 20))
    text_box(slide, "Page number", ["{{ page }}"], (880, 500, 40, 20))
    prs.save(str(tmp_path / "layout.pptx"))
    result = draw_layout(data, tmp_path / "layout.pptx", tmp_path / "d.pptx")
    assert result.titles == ["Scheme 2", "Scheme 3a", "Scheme 3b", "Scheme 10"]
    numbers = [next(s.text_frame.text for s in slide.shapes if s.name == "Page number")
               for slide in Presentation(str(result.path)).slides]
    assert numbers == ["1", "2", "3", "4"]


def test_a_split_row_repeats_its_name_and_its_list_goes_on_without_a_second_bullet(tmp_path):
    data = dataset()
    long = " ".join(f"Sentence {n} says what the practices did this week." for n in range(120))
    data.frames["Schemes"] = _frame(TRACKER, TRACKER.sheet("Schemes"), [
        {"section": "Winter Access Plan", "ref": "1", "title": "Resilience",
         "description": "What the scheme is for, told at length. " * 12}])
    data.frames["Updates"] = _frame(TRACKER, TRACKER.sheet("Updates"), [
        {"scheme": "1", "kind": "Update", "text": long}])
    layout = scheme_layout(tmp_path / "layout.pptx",
                           ["{% each Schemes %}{{ ref }}. {{ title }}\n{{ description }}",
                            "{% each Updates %}{{ text }}"])
    prs = Presentation(str(layout))
    cell = prs.slides[0].shapes[1].table.cell(1, 1).text_frame.paragraphs[0]
    props = cell._p.get_or_add_pPr()
    props.set("marL", "152400")
    props.set("indent", "-152400")
    props.append(props.makeelement(qn("a:buChar"), {"char": "\u2022"}))
    prs.save(str(layout))
    result = draw_layout(data, layout, tmp_path / "d.pptx")
    rows = [list(next(s for s in slide.shapes if s.name == "Schemes").table.rows)[1]
            for slide in Presentation(str(result.path)).slides]
    assert len(rows) > 1
    for row in rows[1:]:
        assert row.cells[0].text_frame.paragraphs[0].text == "1. Resilience"
        props = row.cells[1].text_frame.paragraphs[0]._p.pPr
        assert props.find(qn("a:buChar")) is None and props.find(qn("a:buNone")) is not None
