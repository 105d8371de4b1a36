"""The layout engine: lists inside a table row's cells, lettered records, text around a field,
a word's plural, the period and dates as typed, and rows split in every tall cell."""

from __future__ import annotations

import datetime as dt

import pytest
from pptx import Presentation

from pcxl.deck.engine import check_layout, draw_layout
from pcxl.deck.engine.data import letters, record_scope, text
from pcxl.deck.engine.lang import LayoutError, parse_field
from pcxl.deck.engine.starter import new_layout
from pcxl.declaration import load_tracker
from tests.deck.builders import WEST, escalation, highlight, make_dataset, milestone, workstream
from tests.deck.layouts import table, text_box

SMI = "Serious Mental Illness (SMI) LCS"
LD = "Learning Disabilities"
ROW = ["{% each Workstreams %}{{ workstream }}",
       '{% each Milestones %}({{ letter }}) {{ milestone }}{{ " (" baseline_date ")" }}',
       "{% group by kind %}{{ kind | plural }}:"]


def layout(path, rows=None, *, widths=(150.0, 350.0, 380.0)):
    """A slide per report: a table with a row per workstream, its milestones lettered in one
    cell and its updates grouped by kind in the next."""
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["Workstreams {{ period | as typed }}"], (36, 10, 880, 36))
    frame = table(slide, "Board", rows or [["Workstream", "Milestones", "Updates"], ROW],
                  (36, 60, sum(widths), 40), list(widths))
    cell = frame.table.cell(1, 2)
    cell.text_frame.add_paragraph().text = "{% each Updates %}{{ text }}"
    prs.save(str(path))
    return path


def dataset(**extra):
    return make_dataset(
        [WEST],
        [workstream(SMI), workstream(LD)],
        [milestone(SMI, "Webinars held", "30/12/20", "Delayed"),
         milestone(SMI, "Data shared", None, "On track"),
         milestone(LD, "Health checks", "w/c 16/11/20", "On track")],
        [highlight(SMI, "ICS team engaged"), escalation(SMI, "Funding not confirmed"),
         highlight(SMI, "Links established"), highlight(LD, "Clinics booked")],
        **extra)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cells")
    result = draw_layout(dataset(), layout(folder / "layout.pptx"), folder / "deck.pptx")
    prs = Presentation(str(result.path))
    tbl = next(s.table for s in prs.slides[0].shapes if s.has_table)
    return result, [[c.text for c in row.cells] for row in tbl.rows]


def test_a_cell_lists_the_rows_records_lettered_in_order(drawn):
    _, rows = drawn
    assert rows[1][0] == SMI
    assert rows[1][1] == "(a) Webinars held (30/12/20)\n(b) Data shared"
    assert rows[2][1] == "(a) Health checks (w/c 16/11/20)"


def test_text_around_a_field_is_printed_only_when_it_has_a_value(drawn):
    _, rows = drawn
    assert "Data shared ()" not in rows[1][1] and "(b) Data shared" in rows[1][1]


def test_a_cells_list_groups_under_headings_with_the_vocabularys_plural(drawn):
    _, rows = drawn
    assert rows[1][2] == ("Highlights:\nICS team engaged\nLinks established\n"
                          "Escalate:\nFunding not confirmed")
    assert rows[2][2] == "Highlights:\nClinics booked"


def test_as_typed_gives_the_period_as_the_returns_wrote_it(drawn):
    result, _ = drawn
    assert result.titles[0].startswith("Workstreams ")


def test_letters_run_a_to_z_then_aa():
    assert [letters(n) for n in (1, 2, 26, 27, 28)] == ["a", "b", "z", "aa", "ab"]


def test_a_field_reads_its_text_around_it_and_its_formats():
    item = parse_field(' " (" baseline_date ")" | dd/mm/yy ', "")
    assert (item.before, item.name, item.after, item.format) == (" (", "baseline_date", ")",
                                                                 "dd/mm/yy")
    assert parse_field("kind | plural", "").plural


def test_a_date_prints_as_the_team_wrote_it_and_a_date_format_formats_its_date():
    milestones = load_tracker("highlight").sheet("Milestones")
    row = {"baseline_date": dt.date(2020, 10, 31), "baseline_date_precision": "month",
           "baseline_date_label": "Oct 2020", "baseline_date_written": "End of October"}
    value = record_scope(milestones, row)["baseline_date"]
    assert [text(value, fmt) for fmt in ("", "as typed", "Mmm yyyy", "dd/mm/yy")] == [
        "End of October", "End of October", "Oct 2020", "31/10/20"]
    older = {k: v for k, v in row.items() if k != "baseline_date_written"}  # consolidated before
    assert text(record_scope(milestones, older)["baseline_date"]) == "Oct 2020"


def test_a_cell_heading_with_no_list_after_it_is_one_clear_error(tmp_path):
    rows = [["Workstream", "Milestones", "Updates"],
            ["{% each Workstreams %}{{ workstream }}", "{% group by status %}{{ status }}", ""]]
    path = layout(tmp_path / "bad.pptx", rows)
    with pytest.raises(LayoutError, match=r"group by.*must stand directly before"):
        check_layout(path, load_tracker("highlight"))


def test_a_cell_list_of_a_column_its_sheet_lacks_is_one_clear_error(tmp_path):
    rows = [["Workstream", "Milestones", "Updates"],
            ["{% each Workstreams %}{{ workstream }}", "{% each Milestones %}{{ budget }}", ""]]
    with pytest.raises(LayoutError, match="budget"):
        check_layout(layout(tmp_path / "bad.pptx", rows), load_tracker("highlight"))


def test_a_row_too_tall_for_a_slide_is_cut_in_every_tall_cell(tmp_path):
    many = [milestone(SMI, f"Milestone {n}. It is long enough to wrap. Really it is.", "30/12/20")
            for n in range(40)]
    updates = [highlight(SMI, f"Update {n}. The group met and agreed the next steps.")
               for n in range(40)]
    data = make_dataset([WEST], [workstream(SMI)], many, updates)
    result = draw_layout(data, layout(tmp_path / "layout.pptx", widths=(150.0, 300.0, 300.0)),
                         tmp_path / "deck.pptx")
    prs = Presentation(str(result.path))
    assert result.slides >= 2
    cells = [[c.text for c in next(s.table for s in slide.shapes if s.has_table).rows[1].cells]
             for slide in prs.slides]
    assert all(row[0].startswith(SMI) for row in cells)  # the row's name repeats
    assert cells[0][1].endswith("(continued)") and cells[0][2].endswith("(continued)")
    assert cells[1][1].startswith("(continued)") and cells[1][2].startswith("(continued)")
    text = " ".join(row[1] for row in cells)
    assert all(f"Milestone {n}." in text for n in range(40))


def test_a_closing_row_whose_fields_are_all_empty_is_left_out(tmp_path):
    rows = [["Workstream", "Milestones", "Updates"], ROW, ["Vision: {{ vision }}", "", ""]]
    data = dataset()
    data.about["vision"] = ""
    result = draw_layout(data, layout(tmp_path / "layout.pptx", rows), tmp_path / "deck.pptx")
    tbl = next(s.table for s in Presentation(str(result.path)).slides[0].shapes if s.has_table)
    assert [row.cells[0].text for row in tbl.rows] == ["Workstream", SMI, LD]
    data.about["vision"] = "Care closer to home"
    result = draw_layout(data, layout(tmp_path / "layout.pptx", rows), tmp_path / "deck2.pptx")
    tbl = next(s.table for s in Presentation(str(result.path)).slides[0].shapes if s.has_table)
    assert tbl.rows[len(tbl.rows) - 1].cells[0].text == "Vision: Care closer to home"


def test_each_distinct_draws_a_record_several_regions_return_once(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["Highlights"], (36, 10, 880, 36))
    text_box(slide, "Every", ["{% each Updates where kind is Highlight %}{{ text }}"],
             (36, 60, 400, 200))
    text_box(slide, "Once", ["{% each distinct Updates where kind is Highlight %}{{ text }}"],
             (480, 60, 400, 200))
    prs.save(str(tmp_path / "layout.pptx"))
    data = make_dataset([WEST, "East Sussex"], [workstream(SMI), workstream(SMI, "East Sussex")],
                        [], [highlight(SMI, "ICS team engaged"),
                             highlight(SMI, "ICS  team engaged", region="East Sussex"),
                             highlight(SMI, "Clinics booked", region="East Sussex")])
    result = draw_layout(data, tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    boxes = {s.name: s.text_frame.text for s in Presentation(str(result.path)).slides[0].shapes
             if s.has_text_frame}
    assert boxes["Every"].count("engaged") == 2
    assert boxes["Once"] == "ICS team engaged\nClinics booked"


def test_records_with_no_group_value_come_first_under_no_heading(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Milestones", ["{% group by status %}{{ status }}:",
                                   "{% each Milestones %}{{ milestone }}"], (36, 60, 600, 300))
    prs.save(str(tmp_path / "layout.pptx"))
    data = make_dataset([WEST], [workstream(SMI)], [
        milestone(SMI, "Webinars held", None, "Delayed"), milestone(SMI, "Data shared")])
    result = draw_layout(data, tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    box = next(s for s in Presentation(str(result.path)).slides[0].shapes
               if s.name == "Milestones")
    assert [p.text for p in box.text_frame.paragraphs] == [
        "Data shared", "Delayed:", "Webinars held"]


def test_a_slide_per_workstream_of_the_milestones_follows_the_workstreams_sheets_order(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["{% slide per workstream in Milestones %}{{ workstream }}"],
             (36, 12, 800, 40))
    prs.save(str(tmp_path / "layout.pptx"))
    data = make_dataset([WEST], [workstream(SMI), workstream(LD)], [
        milestone(LD, "Health checks"), milestone(SMI, "Webinars held")])
    result = draw_layout(data, tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    assert result.titles == [SMI, LD]


def test_groups_by_two_columns_take_each_value_of_the_first_in_turn(tmp_path):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    heading = "{% group by workstream, status %}{{ workstream }}, {{ status }}:"
    text_box(slide, "Milestones", [heading, "{% each Milestones %}{{ milestone }}"],
             (36, 60, 600, 300))
    prs.save(str(tmp_path / "layout.pptx"))
    data = make_dataset([WEST], [workstream(SMI), workstream(LD)], [
        milestone(SMI, "Webinars held", None, "Delayed"),
        milestone(LD, "Health checks", None, "Delayed"),
        milestone(SMI, "Data shared", None, "On track")])
    result = draw_layout(data, tmp_path / "layout.pptx", tmp_path / "deck.pptx")
    box = next(s for s in Presentation(str(result.path)).slides[0].shapes
               if s.name == "Milestones")
    assert [p.text for p in box.text_frame.paragraphs] == [
        f"{SMI}, Delayed:", "Webinars held", f"{SMI}, On track:", "Data shared",
        f"{LD}, Delayed:", "Health checks"]
