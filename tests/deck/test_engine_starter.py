"""The starter layout filled, as an adopted tracker's deck: the records-by-region block, a chart
per closed list whose series never look alike, counted in whole steps, and the sheets' tables."""

from __future__ import annotations

import pytest
from pptx import Presentation

from pcxl.deck.engine import draw_layout, draw_starter, starter_layout
from pcxl.deck.engine.starter import new_layout
from pcxl.declaration import tracker_from_dict
from tests.deck.builders import make_dataset, milestone, workstream
from tests.deck.layouts import block, chart, text_box
from tests.deck.test_engine import EAST, SMI, WEST, dataset, rows_of


def _layout(path, *names):
    """One slide holding the given block and chart shapes."""
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["Summary"], (36, 16, 880, 36), size=24)
    for n, name in enumerate(names):
        (block if name.startswith("block:") else chart)(slide, name, (36 + 450 * n, 80, 420, 400))
    prs.save(str(path))
    return path


def test_the_records_block_counts_each_region_s_records_on_each_sheet(tmp_path):
    layout = _layout(tmp_path / "layout.pptx", "block:records_by_region")
    prs = Presentation(str(draw_layout(dataset(), layout, tmp_path / "deck.pptx").path))
    rows = rows_of(prs.slides[0], "Summary table")
    assert rows[0][:3] == ["Region", "Workstreams records", "Milestones records"]
    assert [row[:3] for row in rows[1:]] == [[WEST, "3", "4"], [EAST, "0", "1"],
                                             ["Total", "3", "5"]]


def test_a_block_is_read_where_its_shape_was(tmp_path):
    layout = _layout(tmp_path / "layout.pptx", "block:records_by_region")
    prs = Presentation(str(layout))
    text_box(prs.slides[0], "Note", ["Counts are records, not workstreams."], (36, 500, 880, 20))
    prs.save(str(layout))
    drawn = Presentation(str(draw_layout(dataset(), layout, tmp_path / "deck.pptx").path))
    names = [s.name for s in drawn.slides[0].shapes]
    assert names.index("Summary table") < names.index("Note")


def test_series_sharing_a_colour_take_a_spare_one_and_counts_step_by_one(tmp_path):
    layout = _layout(tmp_path / "layout.pptx", "chart: Milestones by region, status")
    data = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, "A", "30/12/20", "On track"),
                         milestone(SMI, "B", "30/12/20", "In progress"),
                         milestone(SMI, "C", "30/12/20", "Completed")])
    prs = Presentation(str(draw_layout(data, layout, tmp_path / "deck.pptx").path))
    drawn = next(s for s in prs.slides[0].shapes if s.has_chart).chart
    fills = [str(s.format.fill.fore_color.rgb) for s in drawn.plots[0].series]
    assert [s.name for s in drawn.plots[0].series] == ["On track", "In progress", "Completed"]
    assert fills[0] == "009639" and len(set(fills)) == 3
    assert drawn.value_axis.major_unit == 1


def _tracker(about: bool):
    spec = {"tracker": "log", "title": "Action log", "version": 1,
            "deck": {"format": "generic"},
            "recognise": "layout", "template_file": "log.xlsx",
            "sheets": [{"name": "Actions", "header_row": 1, "columns": [
                {"key": "action", "header": "Action", "type": "text"},
                {"key": "done", "header": "Done?", "vocab": "yes_no"}]}],
            "vocabularies": {"yes_no": {"terms": [{"term": "Yes"}, {"term": "No"}]}}}
    if about:
        spec["about"] = {"fields": [{"key": "owner", "label": "Owner", "at": "Actions!B2",
                                     "type": "text"}]}
    return tracker_from_dict(spec)


@pytest.mark.parametrize("about", [True, False])
def test_the_starter_has_an_about_slide_only_for_about_fields(tmp_path, about):
    prs = Presentation(str(starter_layout(_tracker(about), tmp_path / "starter.pptx")))
    titles = [s.shapes.title.text_frame.text for s in list(prs.slides)[1:]]
    assert titles == ["About this report"] * about + ["Summary", "Actions"]
    summary = [s.name for s in list(prs.slides)[1 + about].shapes]
    assert "block:records_by_region" in summary
    assert "chart: Actions by region, done" in summary  # beside it: one sheet leaves room
    table = next(s for s in list(prs.slides)[-1].shapes if s.has_table).table
    assert table.cell(1, 2).text == "{{ done }}"  # a grey-only list is no status: not filled


def test_draw_starter_fills_the_starter_layout(tmp_path):
    data = dataset()
    result = draw_starter(data, tmp_path / "deck.pptx")
    assert result.titles[:3] == [data.programme, "About this report", "Summary"]
    assert "Milestones" in result.titles
    assert not any(t.startswith("Programmes") for t in result.titles)  # no records, no slide


def test_a_chart_of_a_column_nobody_filled_is_kept_with_no_counts(tmp_path):
    layout = _layout(tmp_path / "layout.pptx", "chart: Milestones by region, status")
    data = make_dataset([WEST], [workstream(SMI)], [milestone(SMI, "A", "30/12/20")])
    prs = Presentation(str(draw_layout(data, layout, tmp_path / "deck.pptx").path))
    drawn = next(s for s in prs.slides[0].shapes if s.has_chart).chart
    assert [(s.name, list(s.values)) for s in drawn.plots[0].series] == [("Count", [0])]
