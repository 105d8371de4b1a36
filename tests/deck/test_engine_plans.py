"""The engine's plan features, as the recovery and delivery plan layouts use them: cells merged
down (``| merge``), typed list marks as bullets (``| bullets``), a field shown only when there
are several values (``| if several``), a note written around a value (``| with``), groups in
the order their sheet lists them, ``by="region"``, and the shipped layouts checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from pcxl import pipeline
from pcxl.deck.engine import check_layout, draw_layout
from pcxl.deck.engine.data import with_note
from pcxl.deck.engine.lang import LayoutError
from pcxl.deck.engine.starter import new_layout
from pcxl.declaration import load_tracker
from pcxl.resources import declarations_dir
from tests.builders import make_workbook
from tests.deck.layouts import table, text_box

TRACKER = load_tracker("delivery_plan")
WF, SW = "Wyre Forest CCG", "South Worcestershire CCG"
THEMES = [{"theme": "GPFV – Workload"}, {"theme": "GPFV – Workforce"}]
ROW = ["{% each Plan %}{{ scheme | merge }}", "{{ owner | merge }}",
       "{{ action | bullets }}", "{{ milestone_date | with date_note }}"]


def plan_row(scheme: str, action: str, owner: str = "CCGs", theme: str = "GPFV – Workforce",
             **fields: object) -> dict:
    return {"theme": theme, "scheme": scheme, "action": action, "owner": owner,
            "milestone_date": "March 18", **fields}


def dataset(folder: Path, plans: dict[str, list[dict]]):
    """The consolidated delivery plan of one return per region (``plans``: region -> rows)."""
    about = {"programme": "GPFV", "plan_title": "Delivery Plan", "plan_area": "Worcestershire",
             "period": "21/02/2017"}
    paths = [make_workbook(folder, TRACKER, f"{n}.xlsx", about={**about, "region": region},
                           Themes=THEMES, Plan=rows)
             for n, (region, rows) in enumerate(plans.items())]
    return pipeline.consolidate_returns(paths, folder / "plan.xlsx").datasets["delivery_plan"]


def layout(folder: Path, rows: list[list[str]], widths: list[float] | None = None) -> Path:
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["Plan {{ area }}"], (36, 16, 880, 36), size=24)
    widths = widths or [200.0] * len(rows[0])
    table(slide, "Plan", rows, (36, 80, sum(widths), 0), widths)
    path = folder / "layout.pptx"
    prs.save(str(path))
    return path


def drawn(folder: Path, data, rows: list[list[str]], **options):
    result = draw_layout(data, layout(folder, rows), folder / "deck.pptx", **options)
    return result, Presentation(str(result.path))


def plan_tables(prs) -> list:
    return [s.table for slide in prs.slides for s in slide.shapes if s.has_table]


def test_a_merged_cell_spans_the_consecutive_records_showing_the_same_text(tmp_path):
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", "Scope options"),
                                   plan_row("GP Retention", "Recruit tutors"),
                                   plan_row("GP Retention", "Review", owner="LMC"),
                                   plan_row("Telephony", "Procure", owner="LMC")]})
    _, prs = drawn(tmp_path, data, [["Scheme", "Owner", "Action", "Date"], ROW])
    tbl = plan_tables(prs)[0]
    scheme, owner = tbl.cell(1, 0), tbl.cell(1, 1)
    assert scheme.text == "GP Retention" and scheme.is_merge_origin and scheme.span_height == 3
    assert owner.text == "CCGs" and owner.span_height == 2
    assert tbl.cell(3, 1).text == "LMC" and not tbl.cell(3, 1).is_merge_origin  # a new scheme
    assert tbl.cell(4, 0).text == "Telephony" and tbl.cell(4, 1).text == "LMC"
    assert [tbl.cell(r, 2).text for r in range(1, 5)] == ["Scope options", "Recruit tutors",
                                                         "Review", "Procure"]


def test_a_merged_block_that_does_not_fit_continues_with_its_merged_cells_shown_again(tmp_path):
    rows = [plan_row("GP Retention", f"Action {n:02d} with enough words to take two lines")
            for n in range(40)]
    data = dataset(tmp_path, {WF: rows})
    result, prs = drawn(tmp_path, data, [["Scheme", "Owner", "Action", "Date"], ROW])
    tables = plan_tables(prs)
    assert len(tables) >= 2 and result.titles[1] == f"Plan {WF} (cont.)"
    for tbl in tables:
        assert tbl.cell(1, 0).text == "GP Retention" and tbl.cell(1, 0).is_merge_origin
        assert tbl.cell(1, 1).text == "CCGs"
    actions = [tbl.cell(r, 2).text for tbl in tables for r in range(1, len(tbl.rows))]
    assert actions == [r["action"] for r in rows]


def test_typed_list_marks_become_real_bullets_in_a_bullets_field(tmp_path):
    typed = "Support:\no economies\n- resilience"
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", typed)]})
    _, prs = drawn(tmp_path, data, [["Scheme", "Owner", "Action", "Date"], ROW])
    paras = plan_tables(prs)[0].cell(1, 2).text_frame.paragraphs
    assert [p.text for p in paras] == ["Support:", "economies", "resilience"]
    marks = [p._p.find(qn("a:pPr")).find(qn("a:buChar")) for p in paras]
    assert [m is not None for m in marks] == [False, True, True]


def test_a_note_reads_before_or_after_its_value_as_a_plan_writes_it(tmp_path):
    assert with_note("17/18", "From") == "From 17/18"
    assert with_note("Apr 2017", "onwards") == "Apr 2017 onwards"
    assert with_note("Apr 2017", "Redditch Hub live") == "Redditch Hub live Apr 2017"
    assert with_note("Mar 2017", "?") == "Mar 2017?"
    assert with_note("", "a/a") == "a/a" and with_note("Q2 17/18", "") == "Q2 17/18"
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", "Scope", date_note="By")]})
    _, prs = drawn(tmp_path, data, [["Scheme", "Owner", "Action", "Date"], ROW])
    assert plan_tables(prs)[0].cell(1, 3).text == "By March 18"  # the date as the team wrote it


def test_an_if_several_field_shows_only_when_the_records_hold_several_values(tmp_path):
    row = ["{% each Plan %}{{ scheme }}", "{{ region | if several }}"]
    one = dataset(tmp_path / "one", {WF: [plan_row("GP Retention", "Scope")]})
    _, prs = drawn(tmp_path / "one", one, [["Scheme", "Region"], row])
    assert plan_tables(prs)[0].cell(1, 1).text == ""
    two = dataset(tmp_path / "two", {WF: [plan_row("GP Retention", "Scope")],
                                     SW: [plan_row("Telephony", "Procure")]})
    _, prs = drawn(tmp_path / "two", two, [["Scheme", "Region"], row])
    assert [plan_tables(prs)[0].cell(r, 1).text for r in (1, 2)] == [WF, SW]


def test_groups_by_a_referenced_column_follow_the_order_its_sheet_lists(tmp_path):
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", "Scope"),
                                   plan_row("Telephony", "Procure", theme="GPFV – Workload")]})
    rows = [["Scheme", "Action"], ["{% group by theme %}{{ theme }}", ""],
            ["{% each Plan %}{{ scheme }}", "{{ action }}"]]
    _, prs = drawn(tmp_path, data, rows)
    texts = [row.cells[0].text for row in plan_tables(prs)[0].rows]
    assert texts == ["Scheme", "GPFV – Workload", "Telephony", "GPFV – Workforce",
                     "GP Retention"]


def test_a_group_by_a_column_the_sheet_lacks_stops_the_run_naming_it(tmp_path):
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", "Scope")]})
    rows = [["Scheme", "Action"], ["{% group by colour %}{{ colour }}", ""],
            ["{% each Plan %}{{ scheme }}", "{{ action }}"]]
    with pytest.raises(LayoutError, match="'colour' is not a column of Plan"):
        drawn(tmp_path, data, rows)


def test_by_region_fills_the_whole_layout_once_per_region_from_its_records(tmp_path):
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", "Scope")],
                              SW: [plan_row("Telephony", "Procure")]})
    result, prs = drawn(tmp_path, data, [["Scheme", "Action"],
                                         ["{% each Plan %}{{ scheme }}", "{{ action }}"]],
                        by="region")
    assert result.titles == [f"Plan {WF}", f"Plan {SW}"]
    assert [t.cell(1, 0).text for t in plan_tables(prs)] == ["GP Retention", "Telephony"]


def test_a_note_that_is_not_a_field_stops_the_run_naming_the_shape(tmp_path):
    with pytest.raises(LayoutError, match=r"shape 'Plan'.*with nothing.*not a field"):
        check_layout(layout(tmp_path, [["Date"], ["{% each Plan %}{{ milestone_date | with "
                                                  "nothing }}"]]), TRACKER)


@pytest.mark.parametrize("tracker", ["recovery_plan", "delivery_plan"])
def test_each_shipped_plan_layout_fits_its_tracker(tracker):
    declared = load_tracker(tracker)
    path = pipeline.layout_for(declared)
    assert path == declarations_dir() / "layouts" / f"{tracker}.pptx" and path.is_file()
    check_layout(path, declared)


def test_a_sentence_taller_than_a_slide_is_cut_between_words_not_run_off(tmp_path):
    endless = "very long action " * 150
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", endless.strip())]})
    result, prs = drawn(tmp_path, data, [["Scheme", "Action"],
                                         ["{% each Plan %}{{ scheme }}", "{{ action }}"]])
    tables = plan_tables(prs)
    assert result.slides == len(tables) >= 2
    for tbl in tables:
        assert sum(row.height for row in tbl.rows) <= prs.slide_height - 80 * 12700
    parts = [tbl.cell(1, 1).text for tbl in tables]
    joined = " ".join(p.replace("(continued)", "") for p in parts)
    assert joined.split() == endless.split()


def test_a_first_slide_shape_is_left_off_continuations_and_the_table_moves_up(tmp_path):
    rows = [plan_row("GP Retention", f"Action {n:02d}") for n in range(60)]
    data = dataset(tmp_path, {WF: rows})
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Title", ["Plan"], (36, 16, 880, 36), size=24)
    text_box(slide, "Intro", ["{% first slide %}{{ programme }} plan"], (36, 60, 880, 60))
    table(slide, "Plan", [["Action"], ["{% each Plan %}{{ action }}"]], (36, 130, 400, 0),
          [400.0])
    prs.save(str(tmp_path / "first.pptx"))
    result = draw_layout(data, tmp_path / "first.pptx", tmp_path / "deck.pptx")
    deck = Presentation(str(result.path))
    intros = [[s for s in slide.shapes if s.name == "Intro"] for slide in deck.slides]
    assert intros[0][0].text_frame.text == "GPFV plan" and not any(intros[1:])
    frames = [s for slide in deck.slides for s in slide.shapes if s.has_table]
    assert frames[0].top == 130 * 12700 and all(f.top == 60 * 12700 for f in frames[1:])
    assert len(frames[1].table.rows) > len(frames[0].table.rows)  # the room it gained


def test_a_column_the_data_leaves_empty_header_and_all_is_left_out(tmp_path):
    data = dataset(tmp_path, {WF: [plan_row("GP Retention", "Scope")]})
    rows = [["Scheme", "{{ appendix }}", "Action"],
            ["{% each Plan %}{{ scheme }}", "{{ kpis }}", "{{ action }}"]]
    result = draw_layout(data, layout(tmp_path, rows, [200.0, 100.0, 200.0]),
                         tmp_path / "deck.pptx")
    tbl = plan_tables(Presentation(str(result.path)))[0]
    assert [[c.text for c in row.cells] for row in tbl.rows] == [["Scheme", "Action"],
                                                                ["GP Retention", "Scope"]]
    assert [round(c.width / 12700) for c in tbl.columns] == [250, 250]  # the width shared
