"""The recovery plan tracker (seed 000, PCIP Recovery Plan, NHS Lanarkshire, 24/08/2020): its
template, validation located to the cell, and the plan's slides drawn from real returns."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from pptx.oxml.ns import qn

from docs.layouts.make_examples import FOOTER_TOP
from pcxl import pipeline
from pcxl.deck import theme
from pcxl.deck.engine.pages import CONTINUED
from pcxl.declaration import load_tracker
from pcxl.demo import seed as demo_seed
from pcxl.demo import write_demo_returns
from pcxl.excel import layout
from pcxl.excel.template import write_template
from pcxl.resources import templates_dir
from pcxl.validate.run import validate_return
from tests.builders import make_workbook
from tests.deck.reading import (
    MIN_TABLE_SIZE,
    cells,
    fill,
    named,
    open_deck,
    table,
    text_of,
    titles,
)

TRACKER = load_tracker("recovery_plan")
TABLE = "Recovery plan"
LAST_INPUT_ROW = layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1
NORTH, SOUTH = "North Lanarkshire", "South Lanarkshire"

# Every section and workstream of seed 000, in the seed's order (it has no 2.5).
SEED_ROWS = [
    ("1", "Community Treatment & Care and Urgent Care"),
    ("1.1", "MDT Model"),
    ("1.2", "Phlebotomy Services"),
    ("1.3", "Treatment Room Services"),
    ("1.4", "Advanced Practice Physiotherapists (APPs)"),
    ("1.5", "Community Link Workers"),
    ("1.6", "Chronic Disease Management"),
    ("1.7", "ANPs"),
    ("1.8", "GPNs"),
    ("1.9", "CTAC Digital Requirements"),
    ("1.10", "CTAC Property Requirements"),
    ("2", "Digital"),
    ("2.1", "Remote working and appointment booking"),
    ("2.2", "Treatment Room Services"),
    ("2.3", "Information Sharing Agreements between GP practices and the Health Board"),
    ("2.4", "Vision Anywhere"),
    ("2.6", "Serial Prescribing"),
    ("2.7", "Scanning contact"),
    ("3", "Pharmacotherapy"),
    ("3.1", "Pharmacists in Practice"),
    ("3.2", "Implementation of Hub model"),
    ("3.3", "Serial Prescribing"),
    ("4", "Premises"),
    ("4.1", "Leases"),
    ("4.2", "Administration of Sustainability Loans"),
    ("5", "VTP"),
    ("5.1", "Influenza"),
    ("5.2", "Travel Vaccinations"),
    ("6", "Primary Care Improvement Team"),
    ("6.1", "PCIT Team"),
    ("7", "PCIP Aligned"),
    ("7.1", "Near Me Roll Out"),
    ("7.2", "OT in GP Practices Test"),
    ("7.3", "Scoping Accommodation"),
    ("7.4", "GP IT Re-provisioning"),
    ("7.5", "Action 15 - Primary Care Mental Health & Wellbeing service"),
]
SEED_PHASES = [
    "Pre COVID position and next steps plan",
    "Position during COVD pause",
    "Step up options and considerations post COVID pause – transition to parallel health "
    "provision during COVID",
    "Progress – update on transition to parallel health provision post COVID pause",
    "Step down considerations during continuation of parallel healthcare provision during COVID",
]
PHASE_TITLES = {f"phase_{n}_title": f"Phase title {n}" for n in range(1, 6)}


# --- Builders -----------------------------------------------------------------------------------


def seed() -> dict:
    return demo_seed(TRACKER.name)


def write_seed_returns(folder: Path) -> list[Path]:
    """The demo's returns of this tracker, written as ``pcxl demo`` writes them."""
    return write_demo_returns(folder, [TRACKER.name])


def plan_return(folder: Path, name: str = "return.xlsx", *, region: str = NORTH,
                about: dict | None = None, sections=None, workstreams=None) -> Path:
    """A filled recovery plan return: one section, one workstream, unless a test says."""
    fields = {"programme": "PCIP Recovery Plan", "region": region, "period": "24/08/2020",
              "introduction": "This is a live working document.", **PHASE_TITLES, **(about or {})}
    sections = [{"section": 1, "title": "Community Treatment & Care and Urgent Care"}] \
        if sections is None else sections
    workstreams = [workstream(1, 1, "MDT Model")] if workstreams is None else workstreams
    return make_workbook(folder, TRACKER, name, about=fields, Sections=sections,
                         Workstreams=workstreams)


def workstream(section: object, item: object, name: str | None, **phases: str) -> dict:
    return {"section": section, "item": item, "workstream": name, **phases}


def deck_of(folder: Path, returns: list[Path], *, by: str = "workstream", name: str = "plan"):
    """The deck ``pcxl deck`` draws: the shipped layout (validators/layouts/recovery_plan.pptx)
    filled by the layout engine."""
    result = pipeline.consolidate_returns(returns, folder / f"{name}.xlsx")
    assert result.exit_code == 0, [p.message for p in result.report.problems]
    built = pipeline.make_deck(folder / f"{name}.xlsx", folder / f"{name}-{by}.pptx", by=by)
    return built, open_deck(built.path)


def ref_key(ref: str) -> tuple[int, ...]:
    """A ref's numbers, part by part: 1.10 after 1.9."""
    return tuple(int(part) for part in ref.split("."))


def problems_by_cell(report):
    return {(p.code, p.cell): p for p in report.problems}


def plan_slides(prs):
    return [s for s in prs.slides if any(sh.name == TABLE for sh in s.shapes)]


def table_rows(prs) -> list[tuple[list[str], bool]]:
    """Every body row of the plan's tables across slides: its cells' text, and whether it is a
    section row (its title cell merged across the phase columns)."""
    found = []
    for slide in plan_slides(prs):
        tbl = table(slide, TABLE)
        for r, row in enumerate(tbl.rows):
            if r == 0:
                continue
            merged = tbl.cell(r, 1).is_merge_origin
            found.append(([c.text for c in row.cells], merged))
    return found


def joined(prs) -> dict[str, list[str]]:
    """Each workstream row's cells with the parts continued on later slides joined."""
    rows: dict[str, list[str]] = {}
    for texts, section in table_rows(prs):
        if section:
            continue
        ref = texts[0]
        if ref in rows:
            rows[ref] = [rows[ref][0], rows[ref][1],
                         *(_unmark(a, b) for a, b in zip(rows[ref][2:], texts[2:], strict=True))]
        else:
            rows[ref] = texts
    return rows


def _unmark(before: str, after: str) -> str:
    """A cell's two parts joined again, without the "(continued)" marking the split."""
    return (before.removesuffix(CONTINUED).rstrip() + " "
            + after.removeprefix(CONTINUED).lstrip())


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def unmarked(text: str) -> str:
    """Typed text as the deck shows it: the list marks at line starts became real bullets."""
    return re.sub(r"(?m)^\s*[oO\u2022\-\u2013*]\s+", "", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("recovery_plan")
    returns = write_seed_returns(folder / "returns")
    built, prs = deck_of(folder, returns)
    return returns, built, prs


# --- Template -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(TRACKER, tmp_path_factory.mktemp("template") / TRACKER.template_file)


def _validation_at(ws, coordinate: str) -> DataValidation:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


def test_the_committed_template_is_what_the_declaration_generates_now(template):
    committed = templates_dir() / "recovery_plan.xlsx"
    assert committed.read_bytes() == template.read_bytes(), (
        "workbook_templates/recovery_plan.xlsx is stale: run pcxl template recovery_plan")


def test_the_template_has_about_sections_and_workstreams_with_generic_phase_columns(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames[:4] == ["Instructions", "About", "Sections", "Workstreams"]
    header = [c.value for c in wb["Workstreams"][1]]
    assert header == ["Section", "No.", "Workstream", "Phase 1", "Phase 2", "Phase 3", "Phase 4",
                      "Phase 5"]
    labels = [wb["About"].cell(r, 1).value for r in range(3, 15)]
    assert labels[-5:] == [f"Phase {n} title" for n in range(1, 6)]
    assert "Plan date" in labels and "Introduction" in labels


def test_a_workstreams_section_is_picked_from_the_sections_sheet(template):
    dv = _validation_at(openpyxl.load_workbook(template)["Workstreams"], "A2")
    assert dv.type == "list"
    assert dv.formula1 == f"Sections!$A$2:$A${LAST_INPUT_ROW}"
    assert dv.errorStyle == "warning"


def test_section_numbers_and_workstream_numbers_take_whole_numbers_only(template):
    wb = openpyxl.load_workbook(template)
    for sheet, cell in (("Sections", "A2"), ("Workstreams", "B2")):
        dv = _validation_at(wb[sheet], cell)
        assert (dv.type, dv.errorStyle) == ("whole", "stop")
        assert wb[sheet][cell].number_format == "0"
    assert _validation_at(wb["Workstreams"], "B2").prompt.startswith(
        "The workstream's number within its section")


def test_the_plan_date_has_a_date_validation_and_phase_cells_wrap_as_text(template):
    wb = openpyxl.load_workbook(template)
    row = layout.ABOUT_FIRST_ROW + [f.key for f in TRACKER.about].index("period")
    dv = _validation_at(wb["About"], f"B{row}")
    assert (dv.type, dv.errorStyle) == ("date", "warning")
    phase = wb["Workstreams"]["D2"]
    assert phase.alignment.wrap_text and phase.alignment.vertical == "top"
    assert phase.number_format == "@"


# --- Validation: problems located to the cell ---------------------------------------------------


def test_a_good_plan_return_is_valid_with_no_problems(tmp_path):
    report = validate_return(plan_return(tmp_path))
    assert report.valid and report.problems == []
    assert (report.region, report.period) == (NORTH, "24/08/20")


def test_the_demo_returns_of_both_partnerships_are_valid_and_hold_every_seed_row(demo):
    returns, _, _ = demo
    reports = [validate_return(p) for p in returns]
    assert [r.region for r in reports] == [NORTH, SOUTH]
    assert all(r.valid and r.problems == [] for r in reports)
    rows = {r.region: (len(r.data.sheets["Sections"].frame),
                       len(r.data.sheets["Workstreams"].frame)) for r in reports}
    assert rows == {NORTH: (4, 20), SOUTH: (3, 9)}


def test_a_ref_typed_as_text_in_the_section_column_is_an_error_at_its_cell(tmp_path):
    path = plan_return(tmp_path, workstreams=[workstream(1, 1, "MDT Model"),
                                              workstream("1.10", 1, "CTAC Property")])
    problem = problems_by_cell(validate_return(path))[("not-a-number", "Workstreams!A3")]
    assert problem.severity == "error"
    assert problem.value == "1.10"
    assert problem.message == "'1.10' is not a whole number"


def test_a_workstream_number_that_is_not_whole_is_an_error_at_its_cell(tmp_path):
    path = plan_return(tmp_path, workstreams=[workstream(1, 1, "MDT Model"),
                                              workstream(1, 1.1, "Phlebotomy Services"),
                                              workstream(1, "2a", "Treatment Room Services")])
    found = problems_by_cell(validate_return(path))
    assert found[("not-a-number", "Workstreams!B3")].value == 1.1
    assert found[("not-a-number", "Workstreams!B4")].value == "2a"


def test_a_workstream_in_a_section_that_is_not_listed_is_an_error(tmp_path):
    path = plan_return(tmp_path, workstreams=[workstream(1, 1, "MDT Model"),
                                              workstream(9, 1, "Near Me Roll Out")])
    problem = problems_by_cell(validate_return(path))[("unknown-reference", "Workstreams!A3")]
    assert problem.value == 9
    assert problem.expected == "the section column of the Sections sheet"


def test_a_section_number_used_twice_is_an_error_at_each_cell(tmp_path):
    path = plan_return(tmp_path, sections=[{"section": 1, "title": "Digital"},
                                           {"section": 1, "title": "Premises"}])
    cells_flagged = {p.cell for p in validate_return(path).problems
                     if p.code == "duplicate-value"}
    assert cells_flagged == {"Sections!A2", "Sections!A3"}


def test_a_workstream_without_a_name_or_a_number_is_an_error(tmp_path):
    path = plan_return(tmp_path, workstreams=[workstream(1, 1, None, phase_1="Paused."),
                                              workstream(1, None, "GPNs")])
    found = problems_by_cell(validate_return(path))
    assert found[("required", "Workstreams!C2")].column == "Workstream"
    assert found[("required", "Workstreams!B3")].column == "No."


def test_a_section_without_a_title_is_an_error(tmp_path):
    path = plan_return(tmp_path, sections=[{"section": 1, "title": None}])
    assert problems_by_cell(validate_return(path))[("required", "Sections!B2")].column == \
        "Section title"


def test_the_first_phase_title_is_required_on_the_about_sheet(tmp_path):
    report = validate_return(plan_return(tmp_path, about={"phase_1_title": None}))
    row = layout.ABOUT_FIRST_ROW + [f.key for f in TRACKER.about].index("phase_1_title")
    problem = problems_by_cell(report)[("required", f"About!B{row}")]
    assert problem.column == "Phase 1 title"
    assert not report.valid


def test_an_impossible_plan_date_is_an_error_on_the_about_sheet(tmp_path):
    report = validate_return(plan_return(tmp_path, about={"period": "31/11/20"}))
    row = layout.ABOUT_FIRST_ROW + [f.key for f in TRACKER.about].index("period")
    problem = problems_by_cell(report)[("impossible-date", f"About!B{row}")]
    assert "November 2020 has 30 days" in problem.message


# --- Refs ---------------------------------------------------------------------------------------


# --- The deck reproduces the seed ---------------------------------------------------------------


def test_the_deck_has_every_section_and_workstream_of_the_seed_in_its_order(demo):
    _, _, prs = demo
    first_seen: list[tuple[str, str]] = []
    refs_seen: set[str] = set()
    for texts, section in table_rows(prs):
        ref, title = texts[0], texts[1].split("\n")[0]
        if section:
            title = re.sub(r" \(cont\.\)", "", title).rsplit(" \u2013 ", 1)[0]
        if ref not in refs_seen:
            refs_seen.add(ref)
            first_seen.append((ref, title))
    assert first_seen == SEED_ROWS


def test_rows_never_go_back_in_ref_order(demo):
    _, _, prs = demo
    rows = table_rows(prs)
    keys = [ref_key(texts[0]) for texts, section in rows
            if not (section and "(cont.)" in texts[1])]  # a section repeated over a continuation
    assert keys == sorted(keys)


def test_every_cell_of_the_seed_is_in_the_deck_in_full(demo):
    _, _, prs = demo
    rows = joined(prs)
    for region in seed()["regions"]:
        for ws in region["sheets"]["Workstreams"]:
            ref = f"{ws['section']}.{ws['item']}"
            assert rows[ref][1].split("\n")[0] == ws["workstream"]
            for n, drawn in enumerate(rows[ref][2:], start=1):
                assert squash(drawn) == squash(unmarked(ws.get(f"phase_{n}", ""))), \
                    f"{ref} phase {n}"


def test_a_row_continues_only_between_sentences_with_continued_on_both_sides(demo):
    _, _, prs = demo
    parts: dict[str, list[list[str]]] = {}
    for texts, section in table_rows(prs):
        if not section:
            parts.setdefault(texts[0], []).append(texts[2:])
    split = {ref: rows for ref, rows in parts.items() if len(rows) > 1}
    assert split, "the seed's long rows continue on later slides"
    for ref, rows in split.items():
        for column in zip(*rows, strict=True):  # one phase's text, part by part
            for here, there in pairwise([cell for cell in column if cell]):
                assert here.endswith(CONTINUED) == there.startswith(CONTINUED), (ref, here)
                if here.endswith(CONTINUED):
                    # a sentence's end, or a paragraph's (between a list's lines)
                    kept = here.removesuffix(CONTINUED).rstrip()
                    assert kept[-1] in ".!?;" or "\n" in kept, (ref, here)
        for there in rows[1:]:  # a continued part goes on with the row's longest cell
            assert any(cell.startswith(CONTINUED) for cell in there), (ref, there)


def test_typed_list_marks_become_real_bullets(demo):
    _, _, prs = demo
    cell = next(row.cells[2] for slide in prs.slides for shape in slide.shapes
                if shape.has_table for row in shape.table.rows
                if row.cells[0].text == "1.1")
    paras = cell.text_frame.paragraphs
    assert [p.text for p in paras][1:] == [
        "Discussion to progress operational implementation of the MDT model working closely "
        "with each locality.",
        "Staffing levels agreed and recruitment to extend spread of the model across "
        "Lanarkshire."]
    bullets = [p._p.find(qn("a:pPr")).find(qn("a:buChar")) for p in paras]
    assert [b is not None for b in bullets] == [False, True, True]


def test_the_seeds_dated_wording_is_kept_as_written(demo):
    _, _, prs = demo
    rows = joined(prs)
    assert "Revised date end of November." in squash(rows["1.5"][4])
    assert "Feb 2020" in squash(rows["1.6"][3])
    assert "Framework contract awarded to Ricoh in January 2020." in squash(rows["2.7"][2])
    assert "(plus 0.8 WTE on Maternity Leave – 25 July)" in squash(rows["6.1"][2])
    assert "expand into a further 13 by December 2020." in squash(rows["7.5"][2])


def test_the_plan_is_titled_with_its_name_and_date_and_opens_with_its_introduction(demo):
    _, built, prs = demo
    names = titles(prs)
    assert names[0] == "PCIP Recovery Plan"
    assert names[1] == "PCIP Recovery Plan - 24/08/2020"
    assert set(names[2:]) == {"PCIP Recovery Plan - 24/08/2020 (cont.)"}
    assert built.slides == len(prs.slides) > 10
    intro = [s for s in prs.slides if any(sh.name == "Introduction" for sh in s.shapes)]
    assert intro == [prs.slides[1]]  # {% first slide %}: the table moves up after it
    intro_bottom = named(prs.slides[1], "Introduction").top + named(
        prs.slides[1], "Introduction").height
    assert named(prs.slides[2], TABLE).top < intro_bottom < named(prs.slides[1], TABLE).top
    assert named(prs.slides[1], "Introduction").text_frame.text.startswith(
        "This is a live working document that captures each area of the PCIP")
    assert "NHS Lanarkshire" in text_of(prs.slides[0])


def test_every_plan_slide_repeats_the_header_with_the_phase_titles_from_about(demo):
    _, _, prs = demo
    for slide in plan_slides(prs):
        header = cells(table(slide, TABLE))[0]
        assert header == ["Ref", "Workstream", *SEED_PHASES]


def test_sections_are_shaded_full_width_rows_joining_the_partnerships(demo):
    _, _, prs = demo
    tbl = table(plan_slides(prs)[0], TABLE)
    section = tbl.cell(1, 1)
    assert tbl.cell(1, 0).text == "1"
    assert section.text == "Community Treatment & Care and Urgent Care"
    assert section.is_merge_origin and section.span_width == len(tbl.columns) - 1
    assert {fill(tbl.cell(1, c)) for c in range(len(tbl.columns))} == {theme.PALE_GREY}
    assert fill(tbl.cell(2, 0)) is None and tbl.cell(2, 0).text == "1.1"
    runs = list(section.text_frame.paragraphs[0].runs)
    assert runs[0].font.bold and str(runs[0].font.color.rgb) == theme.DARK_BLUE
    sections = [texts[1] for texts, merged in table_rows(prs) if merged]
    assert "Digital" in sections  # South Lanarkshire's section, among North's


def test_the_header_row_is_white_bold_on_nhs_blue_and_no_table_text_is_below_10pt(demo):
    _, _, prs = demo
    for slide in plan_slides(prs):
        tbl = table(slide, TABLE)
        assert {fill(c) for c in tbl.rows[0].cells} == {theme.NHS_BLUE}
        for row in tbl.rows:
            for cell in row.cells:
                for run in (r for p in cell.text_frame.paragraphs for r in p.runs):
                    assert run.font.size.pt >= MIN_TABLE_SIZE
                    assert run.font.name == "Arial"


def test_a_long_row_continues_under_the_repeated_header_section_ref_and_workstream(tmp_path):
    long = " ".join(f"Sentence {n:03d} of a very long pre COVID position." for n in range(260))
    path = plan_return(tmp_path, workstreams=[
        workstream(1, 1, "MDT Model", phase_1=long, phase_2="Paused."),
        workstream(1, 2, "Phlebotomy Services", phase_1="Implemented.")])
    _, prs = deck_of(tmp_path, [path])
    slides = plan_slides(prs)
    assert len(slides) >= 3
    for slide in slides[1:]:
        assert titles(prs)[list(prs.slides).index(slide)].endswith(" (cont.)")
        grid = cells(table(slide, TABLE))
        assert grid[0][:2] == ["Ref", "Workstream"]
        assert grid[1][:2] == ["1", "Community Treatment & Care and Urgent Care (cont.)"]
    continued = [cells(table(s, TABLE))[2] for s in slides[1:-1]]
    assert all(row[:2] == ["1.1", "MDT Model"] for row in continued)
    assert squash(joined(prs)["1.1"][2]) == long
    assert joined(prs)["1.2"][2] == "Implemented."


def test_refs_typed_out_of_order_are_drawn_as_numbers_with_1_10_after_1_9(tmp_path):
    path = plan_return(tmp_path, sections=[
        {"section": 2, "title": "Digital"},
        {"section": 1, "title": "Community Treatment & Care and Urgent Care"}],
        workstreams=[workstream(1, 10, "CTAC Property Requirements"),
                     workstream(2, 1, "Remote working and appointment booking"),
                     workstream(1, 9, "CTAC Digital Requirements"),
                     workstream(1, 2, "Phlebotomy Services"),
                     workstream(1, 1, "MDT Model")])
    _, prs = deck_of(tmp_path, [path])
    assert [texts[0] for texts, _ in table_rows(prs)] == ["1", "1.1", "1.2", "1.9", "1.10", "2",
                                                          "2.1"]


def test_each_plan_sets_its_own_phase_titles_and_unused_phases_are_left_out(tmp_path):
    about = {"phase_1_title": "Before", "phase_2_title": "During", "phase_3_title": "After",
             "phase_4_title": None, "phase_5_title": None}
    path = plan_return(tmp_path, about=about, workstreams=[
        workstream(1, 1, "MDT Model", phase_1="a", phase_2="b", phase_3="c")])
    _, prs = deck_of(tmp_path, [path])
    grid = cells(table(plan_slides(prs)[0], TABLE))
    assert grid[0] == ["Ref", "Workstream", "Before", "During", "After"]
    assert grid[1][:2] == ["1", "Community Treatment & Care and Urgent Care"]  # still merged
    assert table(plan_slides(prs)[0], TABLE).cell(1, 1).span_width == 4


def test_a_ref_both_partnerships_report_names_the_partnership_under_the_workstream(tmp_path):
    north = plan_return(tmp_path, "north.xlsx", workstreams=[
        workstream(1, 1, "MDT Model", phase_1="North text")])
    south = plan_return(tmp_path, "south.xlsx", region=SOUTH, workstreams=[
        workstream(1, 1, "MDT Model", phase_1="South text")])
    _, prs = deck_of(tmp_path, [north, south])
    rows = table_rows(prs)
    assert rows[0] == (["1", "Community Treatment & Care and Urgent Care", "", "", "", "", ""],
                       True)
    assert [r[0][:3] for r in rows[1:]] == [["1.1", "MDT Model\nNorth Lanarkshire", "North text"],
                                           ["1.1", "MDT Model\nSouth Lanarkshire", "South text"]]


def test_by_region_gives_each_partnership_its_own_plan(tmp_path, demo):
    returns, _, _ = demo
    _, prs = deck_of(tmp_path, returns, by="region")
    covers = [n for n, slide in enumerate(prs.slides) if "Partnership" in
              [s.name for s in slide.shapes]]
    north, south = covers
    assert named(prs.slides[north], "Partnership").text_frame.text == NORTH
    assert named(prs.slides[south], "Partnership").text_frame.text == SOUTH
    assert titles(prs)[north + 1] == "PCIP Recovery Plan - 24/08/2020"
    assert 0 == north < south
    north_refs = {c[0] for s in list(prs.slides)[north + 1:south]
                  for c in cells(table(s, TABLE))[1:]}
    assert {"1", "1.10", "3", "5", "7.5"} <= north_refs
    assert not {"2", "2.1", "4", "6.1"} & north_refs


# --- Rendered -----------------------------------------------------------------------------------


@pytest.mark.render
def test_the_rendered_demo_deck_keeps_every_word_on_the_slide_clear_of_the_footer(
        demo, tmp_path):
    from tests.deck.rendering import TOLERANCE, outside, overlaps, pages, render

    _, built, _ = demo
    long = " ".join(f"Sentence {n:03d} of a very long pre COVID position." for n in range(260))
    path = plan_return(tmp_path, workstreams=[workstream(1, 1, "MDT Model", phase_1=long)])
    long_deck, _ = deck_of(tmp_path, [path], name="long")
    for result, pdf in zip([built, long_deck], render([built.path, long_deck.path], tmp_path),
                           strict=True):
        found = pages(pdf)
        assert len(found) == result.slides
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{result.path.name} slide {number}: {outside_words[:10]}"
            footer = f"Working in partnership across {NORTH} and {SOUTH} 24/08/20 {number}"
            allowed = set(footer.split())
            below = [w.text for w in page.words if number > 1
                     and w.y1 > FOOTER_TOP + TOLERANCE
                     and (w.y0 < FOOTER_TOP - TOLERANCE or w.text not in allowed)]
            assert not below, f"{result.path.name} slide {number}: {below[:10]}"
            clashes = overlaps(page.words)  # e.g. a section title left in its narrow cell
            assert not clashes, f"{result.path.name} slide {number}: {clashes[:5]}"
