"""The programme report tracker (seed 002, Primary Care Programme Report, Western Locality, to
24/01/2018): its template, validation located to the cell, and the report's slides drawn from
real returns by its shipped layout (validators/layouts/programme_report.pptx): header, aims and
objectives, risks, then the board's lettered activity table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from pptx.util import Pt

from pcxl import pipeline
from pcxl.deck import theme
from pcxl.deck.engine import check_layout
from pcxl.deck.engine.data import letters
from pcxl.deck.engine.render import BOTTOM_MARGIN
from pcxl.declaration import load_tracker
from pcxl.demo import seed as demo_seed
from pcxl.demo import write_demo_returns
from pcxl.excel import layout
from pcxl.excel.template import write_template
from pcxl.pipeline import layout_for
from pcxl.resources import templates_dir
from pcxl.validate.run import validate_return
from tests.builders import make_workbook
from tests.deck.reading import (
    MIN_BULLET_SIZE,
    MIN_TABLE_SIZE,
    all_named,
    fill,
    open_deck,
    table,
    text_of,
    titles,
)

TRACKER = load_tracker("programme_report")
SEED = demo_seed("programme_report")
BOARD = "WESTERN LOCALITY SYSTEM IMPROVEMENT BOARD"
LAST_INPUT_ROW = layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1
PLYMOUTH, SHWD = "Plymouth", "South Hams and West Devon"
PERIOD_END = dt.date(2018, 1, 24)
CONT = " (cont.)"
COLUMNS = ("Workstream", "Activity (Projects)", "Progress Updates and Key Milestones")

# Seed 002's workstreams, in the seed's order.
SEED_WORKSTREAMS = [
    "Leadership and governance for transformation", "Model of Care", "Access and Workload",
    "Workforce", "Data, Quality and Safety", "Change Support", "Resource Enablers",
    "Communication and Engagement",
]
ABOUT = {"programme": "Primary Care", "region": PLYMOUTH, "period": "To 24 th January 2018",
         "submitted_by": "Nicola Jones", "programme_lead": "Nicola Jones", "board": BOARD,
         "aim": "To develop and redesign primary care"}
WORKSTREAMS = [{"workstream": "Model of Care"}]
ACTIVITIES = [{"workstream": "Model of Care", "activity": "Implement online consultation"}]


def point(**fields):
    return {"workstream": "Model of Care", "activities": "a", "kind": "Key milestone",
            "text": "Review interest from Practices", "date": "Dec 17", **fields}


def a_return(folder: Path, name: str = "return.xlsx", *, about: dict | None = None,
             **sheets) -> Path:
    """A filled programme report return: good by default, changed where a test says."""
    sheets = {"Workstreams": WORKSTREAMS, "Activities": ACTIVITIES, "Progress": [point()],
              **sheets}
    return make_workbook(folder, TRACKER, name, about={**ABOUT, **(about or {})}, **sheets)


def problems_by_cell(report):
    return {(p.code, p.cell): p for p in report.problems}


def norm(text: str) -> str:
    return " ".join(text.split())


# --- Validation, located to the cell ------------------------------------------------------------


def test_a_good_return_is_valid_with_no_problems(tmp_path):
    report = validate_return(a_return(tmp_path))
    assert report.problems == []
    assert (report.region, report.period) == (PLYMOUTH, "24/01/18")


def test_an_impossible_milestone_date_is_an_error_at_its_cell(tmp_path):
    path = a_return(tmp_path, Progress=[point(), point(date="31/11/17")])
    problem = problems_by_cell(validate_return(path))[("impossible-date", "Progress!E3")]
    assert problem.severity == "error"
    assert problem.value == "31/11/17"
    assert problem.column == "Date"
    assert "November 2017 has 30 days" in problem.message


def test_a_note_in_the_date_column_is_an_error_at_its_cell(tmp_path):
    path = a_return(tmp_path, Progress=[point(date="ongoing")])
    problem = problems_by_cell(validate_return(path))[("unreadable-date", "Progress!E2")]
    assert problem.value == "ongoing"


def test_a_kind_that_is_not_in_the_list_is_an_error_naming_the_two_kinds(tmp_path):
    path = a_return(tmp_path, Progress=[point(), point(kind="Achievement")])
    problem = problems_by_cell(validate_return(path))[("not-in-vocabulary", "Progress!C3")]
    assert problem.value == "Achievement"
    assert problem.expected == "Progress update, Key milestone"


def test_the_plural_heading_is_accepted_as_the_kind_with_a_warning(tmp_path):
    report = validate_return(a_return(tmp_path, Progress=[point(kind="Key milestones")]))
    problem = problems_by_cell(report)[("vocabulary-variant", "Progress!C2")]
    assert (problem.severity, problem.expected) == ("warning", "Key milestone")
    assert report.valid


def test_a_revised_cell_warns_and_says_which_date_the_report_shows(tmp_path):
    path = a_return(tmp_path, Progress=[point(date="Sep/Oct 17")])
    report = validate_return(path)
    problem = problems_by_cell(report)[("several-dates", "Progress!E2")]
    assert "Oct 2017 was read as the latest date" in problem.message
    assert report.valid


def test_an_activity_of_an_unlisted_workstream_is_an_error_at_its_cell(tmp_path):
    path = a_return(tmp_path, Activities=[*ACTIVITIES, {"workstream": "Workforce",
                                                        "activity": "Develop a plan"}])
    problem = problems_by_cell(validate_return(path))[("unknown-reference", "Activities!A3")]
    assert problem.value == "Workforce"


def test_a_point_without_its_text_is_an_error_at_its_cell(tmp_path):
    path = a_return(tmp_path, Progress=[point(text=None)])
    problem = problems_by_cell(validate_return(path))[("required", "Progress!D2")]
    assert problem.column == "Progress update or milestone"


def test_a_workstream_listed_twice_is_an_error_at_both_cells(tmp_path):
    path = a_return(tmp_path, Workstreams=[*WORKSTREAMS, {"workstream": "Model of Care"}])
    cells = {p.cell for p in validate_return(path).problems if p.code == "duplicate-value"}
    assert cells == {"Workstreams!A2", "Workstreams!A3"}


def test_a_risk_of_an_unknown_type_is_an_error_at_its_cell(tmp_path):
    path = a_return(tmp_path, Risks=[{"kind": "Opportunity", "description": "Funding"}])
    problem = problems_by_cell(validate_return(path))[("not-in-vocabulary", "Risks!A2")]
    assert problem.expected == "Risk, Issue, Action for escalation"


def test_a_return_without_its_board_is_an_error_on_the_about_sheet(tmp_path):
    report = validate_return(a_return(tmp_path, about={"board": None}))
    problem = problems_by_cell(report)[("required", "About!B6")]
    assert problem.column == "Board"
    assert not report.valid


def test_the_demo_returns_are_accepted_with_only_the_seeds_two_month_dates_questioned(tmp_path):
    paths = [p for p in write_demo_returns(tmp_path) if p.name.startswith("programme_report")]
    reports = [validate_return(p) for p in paths]
    assert [(r.region, r.valid) for r in reports] == [(PLYMOUTH, True), (SHWD, True)]
    warnings = [(p.code, p.value) for r in reports for p in r.problems]
    assert warnings == [("several-dates", "Sep/Oct 17")] * 3


# --- The template --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(TRACKER, tmp_path_factory.mktemp("template") / TRACKER.template_file)


def _validation_at(ws, coordinate: str) -> DataValidation:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


def test_the_committed_template_is_what_the_declaration_generates_now(template):
    committed = templates_dir() / TRACKER.template_file
    assert committed.read_bytes() == template.read_bytes(), (
        "workbook_templates/programme_report.xlsx is stale: run pcxl template programme_report")


def test_the_template_has_the_about_form_then_the_sheets_in_report_order(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [layout.INSTRUCTIONS_SHEET, "About", "Objectives", "Risks",
                             "Workstreams", "Activities", "Progress", layout.LISTS_SHEET,
                             "_pcxl"]
    labels = [wb["About"].cell(r, 1).value for r in range(3, 12)]
    assert labels[:4] == ["Programme Name", "Programme Lead", "Reporting Period", "Board"]


def test_the_kind_dropdown_offers_progress_update_and_key_milestone(template):
    wb = openpyxl.load_workbook(template)
    dv = _validation_at(wb["Progress"], "C2")
    assert dv.type == "list" and dv.errorStyle == "stop"
    sheet, _, ref = dv.formula1.partition("!")
    words = [c.value for row in wb[sheet][ref.replace("$", "")] for c in row]
    assert words == ["Progress update", "Key milestone"]


def test_activities_and_progress_pick_their_workstream_from_the_workstreams_sheet(template):
    wb = openpyxl.load_workbook(template)
    for sheet in ("Activities", "Progress"):
        dv = _validation_at(wb[sheet], "A2")
        assert dv.type == "list"
        assert dv.formula1 == f"Workstreams!$A$2:$A${LAST_INPUT_ROW}"


def test_the_date_column_and_the_reporting_period_warn_but_accept_the_seeds_forms(template):
    wb = openpyxl.load_workbook(template)
    for ws, cell in ((wb["Progress"], "E2"), (wb["About"], "B5")):
        dv = _validation_at(ws, cell)
        assert (dv.type, dv.operator, dv.errorStyle) == ("date", "greaterThan", "warning")
        assert "TBC" in dv.error


# --- The demo deck: the seed's report ------------------------------------------------------------


def test_the_shipped_layout_fits_the_tracker():
    path = layout_for(TRACKER)
    assert path is not None and path.name == "programme_report.pptx" and path.exists()
    check_layout(path, TRACKER)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    paths = [p for p in write_demo_returns(out / "returns")
             if p.name.startswith("programme_report")]
    result = pipeline.consolidate_returns(paths, out)
    deck = pipeline.make_deck(result.outputs["programme_report"], out / "programme_report.pptx",
                              area=SEED["area"])
    return deck, open_deck(deck.path)


def board_tables(prs):
    """Each board slide's table, in slide order."""
    return [table(s, "Workstreams") for s in prs.slides if all_named(s, "Workstreams")]


def column_text(prs, column: int) -> str:
    """One column of the board table read down every slide (header rows left out)."""
    parts = [row.cells[column].text for tbl in board_tables(prs) for row in list(tbl.rows)[1:]]
    return norm(" ".join(parts))


def assert_in_order(haystack: str, needles: list[str]) -> None:
    at = 0
    for needle in needles:
        found = haystack.find(norm(needle), at)
        assert found >= 0, f"{needle!r} not found after position {at}"
        at = found + len(norm(needle))


def seed_rows(sheet: str) -> list[dict]:
    return [row for region in SEED["regions"] for row in region["sheets"].get(sheet, [])]


def test_the_deck_opens_with_the_report_then_the_board_slides(demo):
    deck, prs = demo
    assert titles(prs)[:3] == ["Primary Care", "Programme Report", BOARD]
    assert titles(prs)[3:] == [BOARD + CONT] * (deck.slides - 3)
    assert deck.slides >= 5


def test_the_cover_and_header_table_give_the_period_as_typed(demo):
    _, prs = demo
    assert "To 24 th January 2018" in text_of(prs.slides[0])
    tbl = table(prs.slides[1], "Header")
    rows = [[c.text for c in row.cells] for row in tbl.rows]
    assert rows == [
        ["Programme Name", "Primary Care"],
        ["Programme Lead", "SROs: Dr Shelagh McCormick and Mark Procter; "
                           "Programme Lead: Nicola Jones"],
        ["Reporting Period", "To 24 th January 2018"],
    ]
    assert {fill(row.cells[0]) for row in tbl.rows} == {theme.NHS_BLUE}


def test_the_overview_gives_the_aim_the_objectives_and_the_risks_in_the_seeds_order(demo):
    _, prs = demo
    overview = norm(text_of(prs.slides[1]))
    assert_in_order(overview, [
        "Programme Overview: Aims and Objectives",
        "Aim: To develop and redesign primary care as part of the system of health and wellbeing",
        "Objectives:",
        *(o["objective"] for o in seed_rows("Objectives")),
        "Key Issues, Risks and Actions for Escalation",
        "Risks (as reported through Western Locality Risk Register):",
        *(r["description"] for r in seed_rows("Risks")),
    ])
    assert len(seed_rows("Risks")) == 6 and len(seed_rows("Objectives")) == 3


def test_every_workstream_of_the_seed_is_in_the_first_column_in_the_seeds_order(demo):
    _, prs = demo
    assert [w["workstream"] for w in seed_rows("Workstreams")] == SEED_WORKSTREAMS
    assert_in_order(column_text(prs, 0), SEED_WORKSTREAMS)


def test_every_activity_is_lettered_in_order_within_its_workstream(demo):
    _, prs = demo
    expected, counts = [], {}
    for row in seed_rows("Activities"):
        n = counts.get(row["workstream"], 0) + 1
        counts[row["workstream"]] = n
        expected.append(f"({letters(n)}) {row['activity']}")
    assert len(expected) == 43
    assert_in_order(column_text(prs, 1), expected)
    assert "(m) Better understand, optimise and secure the role of clinical pharmacists" in \
        column_text(prs, 1)


def test_every_update_and_milestone_is_there_in_order_with_its_date_in_brackets(demo):
    _, prs = demo
    progress = column_text(prs, 2)
    for kind in ("Progress update", "Key milestone"):
        expected = []
        for row in seed_rows("Progress"):
            if row["kind"] != kind:
                continue
            date = row.get("date")
            expected.append(f"{row['text']} ({' '.join(date.split())})" if date else row["text"])
        assert_in_order(progress, expected)
    assert len(seed_rows("Progress")) == 90
    assert "Second practice group GP Forum to review actions from first GP Forums and refresh " \
           "action plans (by Mar 18)" in progress
    assert "Supported and iterated at Primary Care Programme Group (3/10/17)" in progress


def test_progress_is_grouped_by_the_activities_it_is_about_then_by_kind(demo):
    _, prs = demo
    first = board_tables(prs)[0]
    leadership = [c.text for c in first.rows[1].cells]
    assert leadership[0] == SEED_WORKSTREAMS[0]
    assert leadership[1].startswith("(a) Improving practices' capacity")
    assert "\n(b) Aligning and strengthening" in leadership[1]
    assert leadership[2].startswith("For a and b:\nProgress updates:\nProposal developed "
                                    "(Sep 17)")
    assert "\nKey milestones:\nAgree use of £30k funding" in leadership[2]
    model = norm(column_text(prs, 2))
    assert_in_order(model, ["For a, b and c:", "Progress updates:", "Key milestones:",
                            "For d:", "Key milestones:", "Evaluation of Beacon Medical Group"])


def test_points_for_the_whole_workstream_come_first_under_no_activity_heading(demo):
    _, prs = demo
    rows = [[c.text for c in row.cells] for tbl in board_tables(prs) for row in list(tbl.rows)[1:]]
    workforce = next(r for r in rows if r[0].startswith("Workforce"))
    assert workforce[2].startswith("Progress updates:\nWorkforce workstream leadership in place")
    assert "For " not in workforce[2]


def test_the_closing_note_is_the_tables_last_row_on_the_last_slide(demo):
    _, prs = demo
    last = board_tables(prs)[-1]
    assert last.rows[len(last.rows) - 1].cells[0].text == \
        "Note \u2013 this plan is under review by the Western Primary Care Partnership."
    assert all("Note \u2013" not in column_text(prs, 0).replace(
        norm(last.rows[len(last.rows) - 1].cells[0].text), "") for _ in [0])


# --- Layout ---------------------------------------------------------------------------------------


def test_every_board_slide_repeats_the_header_row(demo):
    _, prs = demo
    for tbl in board_tables(prs):
        assert [c.text for c in tbl.rows[0].cells] == list(COLUMNS)
        assert {fill(c) for c in tbl.rows[0].cells} == {theme.NHS_BLUE}


def test_a_workstream_continuing_on_a_slide_is_named_again_in_its_first_row(demo):
    _, prs = demo
    firsts = [tbl.cell(1, 0).text.split("\n")[0] for tbl in board_tables(prs)]
    assert firsts[0] == SEED_WORKSTREAMS[0]
    assert firsts[1] == "Model of Care"  # its twelve activities run onto a second slide
    assert all(first in SEED_WORKSTREAMS for first in firsts)


def test_letters_headings_and_dates_are_bold_and_text_never_below_the_minimum(demo):
    _, prs = demo
    runs = [run for tbl in board_tables(prs) for row in tbl.rows for cell in row.cells
            for para in cell.text_frame.paragraphs for run in para.runs]
    bold = {run.text.strip() for run in runs if run.font.bold}
    assert {"(a)", "(l)", "Progress updates:", "Key milestones:", "(by Mar 18)"} <= bold
    assert min(run.font.size for run in runs) >= Pt(MIN_TABLE_SIZE)
    overview = [run for name in ("Aims and objectives", "Key issues and risks")
                for shape in all_named(prs.slides[1], name)
                for para in shape.text_frame.paragraphs for run in para.runs]
    assert overview and min(run.font.size for run in overview) >= Pt(MIN_BULLET_SIZE)


def test_the_progress_lists_are_real_bullets_with_a_hanging_indent(demo):
    _, prs = demo
    cell = board_tables(prs)[0].cell(1, 2)
    paragraphs = cell.text_frame.paragraphs
    bullet = next(p for p in paragraphs if p.text.startswith("Proposal developed"))
    ppr = bullet._p.pPr
    assert ppr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar") is not None
    assert int(ppr.get("indent")) < 0 < int(ppr.get("marL"))


def test_the_banner_is_the_board_named_on_the_about_sheet(tmp_path):
    path = a_return(tmp_path, about={"board": "NORTH PLACE PRIMARY CARE BOARD"})
    result = pipeline.consolidate_returns([path], tmp_path)
    deck = pipeline.make_deck(result.outputs["programme_report"], tmp_path / "d.pptx")
    assert deck.titles[2] == "NORTH PLACE PRIMARY CARE BOARD"


@pytest.fixture(scope="module")
def long_deck(tmp_path_factory):
    """One workstream whose activities and updates run over several slides."""
    folder = tmp_path_factory.mktemp("long")
    name = "Population health and prevention at scale"
    activities = [{"workstream": name, "activity": f"Activity number {i}: develop, agree and "
                   + "deliver the plan with partners and practices " * (1 + i % 3)}
                  for i in range(40)]
    progress = [{"workstream": name, "activities": "a-z", "kind": "Progress update",
                 "text": f"Update {i}: " + "the group met and agreed next steps. " * (1 + i % 4),
                 "date": "3/10/17"} for i in range(30)]
    path = a_return(folder, Workstreams=[{"workstream": name, "scope": "Prevention\nScale",
                                          "note": "(aligned with the STP plan)"}],
                    Activities=activities, Progress=progress,
                    Objectives=[{"objective": "Objective " + "to improve care " * 12}] * 1)
    result = pipeline.consolidate_returns([path], folder)
    deck = pipeline.make_deck(result.outputs["programme_report"], folder / "long.pptx")
    return name, deck, open_deck(deck.path)


def test_a_long_workstream_continues_over_slides_with_its_name_and_header_repeated(long_deck):
    name, deck, prs = long_deck
    tables = board_tables(prs)
    assert len(tables) >= 3
    assert deck.titles[3:] == [BOARD + CONT] * (deck.slides - 3)
    for tbl in tables:
        assert [c.text for c in tbl.rows[0].cells] == list(COLUMNS)
        assert tbl.cell(1, 0).text.startswith(name)
    activities = column_text(prs, 1)
    assert_in_order(activities, [f"({letters(i + 1)}) Activity number {i}:" for i in range(40)])
    assert "(ad) Activity number 29:" in activities
    assert_in_order(column_text(prs, 2), [f"Update {i}:" for i in range(30)])


def test_long_rows_fill_each_slide_without_running_off_it(long_deck):
    _, _, prs = long_deck
    for slide in prs.slides:
        for shape in all_named(slide, "Workstreams"):
            height = sum(row.height for row in shape.table.rows)
            assert (shape.top + height) / 12700 <= theme.SLIDE_HEIGHT - BOTTOM_MARGIN + 0.5


def test_by_region_gives_each_locality_its_own_run_of_the_report(tmp_path):
    plymouth = a_return(tmp_path, "plymouth.xlsx")
    shwd = a_return(tmp_path, "shwd.xlsx", about={"region": SHWD},
                    Workstreams=[{"workstream": "Workforce"}],
                    Activities=[{"workstream": "Workforce", "activity": "Recruit GPs"}],
                    Progress=[point(workstream="Workforce")])
    result = pipeline.consolidate_returns([plymouth, shwd], tmp_path)
    deck = pipeline.make_deck(result.outputs["programme_report"], tmp_path / "d.pptx",
                              by="region")
    prs = open_deck(deck.path)
    runs = [[text_of(s) for s in prs.slides if "Model of Care" in text_of(s)],
            [text_of(s) for s in prs.slides if "Workforce" in text_of(s)]]
    assert all(len(run) >= 1 for run in runs)
    assert not any("Workforce" in t for t in runs[0])
    assert not any("Model of Care" in t for t in runs[1])


def test_objectives_and_risks_two_practice_groups_return_appear_once(tmp_path):
    risk = {"kind": "Risk", "description": "Insufficient change capacity at all levels",
            "reported_through": "Western Locality Risk Register"}
    objective = {"objective": "To achieve sustainability in primary care"}
    paths = [a_return(tmp_path, f"{n}.xlsx", about={"region": region},
                      Risks=[risk, {**risk, "description": f"A risk only {region} has"}],
                      Objectives=[objective])
             for n, region in enumerate((PLYMOUTH, SHWD))]
    result = pipeline.consolidate_returns(paths, tmp_path)
    deck = pipeline.make_deck(result.outputs["programme_report"], tmp_path / "d.pptx")
    overview = norm(text_of(open_deck(deck.path).slides[1]))
    assert overview.count("Insufficient change capacity") == 1
    assert overview.count("To achieve sustainability") == 1
    assert_in_order(overview, ["Risks (as reported through Western Locality Risk Register):",
                               "Insufficient change capacity", f"A risk only {PLYMOUTH} has",
                               f"A risk only {SHWD} has"])


def test_concerns_are_headed_risks_issues_then_actions_whatever_order_they_came_in(tmp_path):
    def concern(kind: str, description: str) -> dict:
        return {"kind": kind, "description": description, "reported_through": "The Register"}

    path = a_return(tmp_path, Risks=[concern("Action for escalation", "Sign off the estates plan"),
                                     concern("Issue", "A practice closed its list"),
                                     concern("Risk", "Locum costs keep rising")])
    result = pipeline.consolidate_returns([path], tmp_path)
    deck = pipeline.make_deck(result.outputs["programme_report"], tmp_path / "d.pptx")
    overview = norm(text_of(open_deck(deck.path).slides[1]))
    assert_in_order(overview, [
        "Risks (as reported through The Register):", "Locum costs keep rising",
        "Issues (as reported through The Register):", "A practice closed its list",
        "Actions for escalation (as reported through The Register):", "Sign off the estates plan",
    ])


# --- Rendered with LibreOffice --------------------------------------------------------------------


@pytest.mark.render
def test_rendered_no_word_lies_outside_the_slide(demo, long_deck, tmp_path):
    from tests.deck.rendering import outside, pages, render

    decks = [demo[0].path, long_deck[1].path]
    pdfs = render(decks, tmp_path)
    for deck, pdf in zip(decks, pdfs, strict=True):
        found = pages(pdf)
        assert len(found) == len(open_deck(deck).slides)
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{deck.name} slide {number}: {outside_words[:10]}"
