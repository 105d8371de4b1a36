"""The programme report tracker (seed 002, Primary Care Programme Report, Western Locality, to
24/01/2018): its template, validation located to the cell, and the report's slides drawn from
real returns: header, aims and objectives, risks, then the board's lettered activity table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from pptx.util import Pt

from pcxl import pipeline
from pcxl.dates import read_date
from pcxl.deck import chrome, theme
from pcxl.deck.programme_report import (
    COLUMNS,
    NOT_LISTED,
    SHOWN_ABOVE,
    Point,
    activity_letter,
    group_activities,
    letters_label,
    letters_of,
)
from pcxl.declaration import load_tracker
from pcxl.demo import seed as demo_seed
from pcxl.demo import write_demo_returns
from pcxl.excel import layout
from pcxl.excel.template import write_template
from pcxl.resources import templates_dir
from pcxl.validate.run import validate_return
from tests.builders import make_workbook
from tests.deck.reading import all_named, fill, named, open_deck, table, text_of, titles

TRACKER = load_tracker("programme_report")
SEED = demo_seed("programme_report")
BOARD = "WESTERN LOCALITY SYSTEM IMPROVEMENT BOARD"
LAST_INPUT_ROW = layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1
PLYMOUTH, SHWD = "Plymouth", "South Hams and West Devon"
PERIOD_END = dt.date(2018, 1, 24)

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


def column_text_of(tbl, column: int = 0) -> str:
    return " ".join(row.cells[column].text for row in list(tbl.rows)[1:])


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
    assert titles(prs)[3:] == [BOARD + chrome.CONT] * (deck.slides - 3)
    assert deck.slides >= 5


def test_the_header_table_names_programme_lead_and_period_as_typed(demo):
    _, prs = demo
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
        n = counts.get(row["workstream"], 0)
        counts[row["workstream"]] = n + 1
        expected.append(f"({activity_letter(n)}) {row['activity']}")
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
            shown = read_date(date, PERIOD_END).last.label if date else ""
            expected.append(f"{row['text']} ({shown})" if date else row["text"])
        assert_in_order(progress, expected)
    dates = {read_date(d, PERIOD_END).last.label for d in ("Sep/Oct 17", "3/10/17", "by Mar 18")}
    assert dates == {"Oct 2017", "03/10/17", "Mar 2018"}
    assert len(seed_rows("Progress")) == 90
    assert "Second practice group GP Forum to review actions from first GP Forums and refresh " \
           "action plans (Mar 2018)" in progress
    assert "Supported and iterated at Primary Care Programme Group (03/10/17)" in progress


def test_each_activity_group_has_its_progress_updates_and_key_milestones(demo):
    _, prs = demo
    first = board_tables(prs)[0]
    body = [[c.text for c in row.cells] for row in list(first.rows)[1:]]
    leadership = body[0]
    assert leadership[1].startswith("(a) Improving practices' capacity")
    assert "\n(b) Aligning and strengthening" in leadership[1]
    assert leadership[2].startswith("Progress updates:\nProposal developed (Sep 2017)")
    assert "\nKey milestones:\nAgree use of £30k funding" in leadership[2]


def test_the_closing_note_is_under_the_table_on_the_last_slide(demo):
    _, prs = demo
    last = prs.slides[len(prs.slides) - 1]
    assert named(last, "Note").text_frame.text == \
        "Note \u2013 this plan is under review by the Western Primary Care Partnership."


# --- Layout ---------------------------------------------------------------------------------------


def test_every_board_slide_repeats_the_header_row(demo):
    _, prs = demo
    for tbl in board_tables(prs):
        assert [c.text for c in tbl.rows[0].cells] == list(COLUMNS)
        assert {fill(c) for c in tbl.rows[0].cells} == {theme.NHS_BLUE}


def test_a_workstream_continuing_on_a_slide_is_named_again_in_its_first_row(demo):
    _, prs = demo
    tables = board_tables(prs)
    firsts = [tbl.cell(1, 0).text.split("\n")[0] for tbl in tables]
    assert firsts[0] == SEED_WORKSTREAMS[0]
    assert "Model of Care" in column_text_of(tables[0])
    assert firsts[1] == "Model of Care"  # its twelve activities run onto a second slide
    assert firsts[2] == firsts[3] == "Access and Workload"


def test_the_workstream_cell_spans_its_rows_on_a_slide(demo):
    _, prs = demo
    tbl = board_tables(prs)[0]
    model = next(r for r in range(1, len(tbl.rows)) if tbl.cell(r, 0).text.startswith("Model"))
    assert tbl.cell(model, 0).is_merge_origin  # rows (a)-(c) and (d) of Model of Care
    assert tbl.cell(model + 1, 0).is_spanned
    assert tbl.cell(model + 1, 1).text.startswith("(d) Review benefits of Primary Care Home")
    assert not tbl.cell(1, 0).is_merge_origin  # Leadership and governance is one row


def test_letters_headings_and_dates_are_bold_and_text_never_below_the_minimum(demo):
    _, prs = demo
    runs = [run for tbl in board_tables(prs) for row in tbl.rows for cell in row.cells
            for para in cell.text_frame.paragraphs for run in para.runs]
    bold = {run.text.strip() for run in runs if run.font.bold}
    assert {"(a)", "(l)", "Progress updates:", "Key milestones:", "(Mar 2018)"} <= bold
    assert min(run.font.size for run in runs) >= Pt(theme.MIN_TABLE_SIZE)
    overview = [run for shape in all_named(prs.slides[1], "Bullets")
                for para in shape.text_frame.paragraphs for run in para.runs]
    assert min(run.font.size for run in overview) >= Pt(theme.MIN_BULLET_SIZE)


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
                 "text": f"Update {i}: " + "the group met and agreed next steps " * (1 + i % 4),
                 "date": "3/10/17"} for i in range(30)]
    progress.append({"workstream": name, "activities": "c", "kind": "Key milestone",
                     "text": "Evaluation " + "of the pilot with every practice group " * 60,
                     "date": "Q4 17/18"})
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
    assert len(tables) >= 4
    assert deck.titles[3:] == [BOARD + chrome.CONT] * (deck.slides - 3)
    for tbl in tables:
        assert [c.text for c in tbl.rows[0].cells] == list(COLUMNS)
        assert tbl.cell(1, 0).text.startswith(name)
    activities = column_text(prs, 1)
    assert_in_order(activities, [f"({activity_letter(i)}) Activity number {i}:"
                                 for i in range(40)])
    assert "(ad) Activity number 29:" in activities
    progress = column_text(prs, 2)
    assert_in_order(progress, [f"Update {i}:" for i in range(30)])
    assert ("of the pilot with every practice group " * 60).strip() + " (Q4 17/18)" in progress


def test_long_rows_fill_each_slide_without_running_into_the_footer(long_deck):
    _, _, prs = long_deck
    for slide in prs.slides:
        for shape in all_named(slide, "Workstreams"):
            height = sum(row.height for row in shape.table.rows)
            assert (shape.top + height) / 12700 <= theme.FOOTER_TOP - theme.GAP + 0.5


# --- How activities are grouped and lettered ---------------------------------------------------


def test_letters_run_a_to_z_then_aa():
    assert [activity_letter(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]
    assert letters_label(["a"]) == "(a)"
    assert letters_label(["a", "b", "c"]) == "(a), (b) and (c)"


@pytest.mark.parametrize(("typed", "letters"), [
    ("a", ("a",)), ("(a) and (b)", ("a", "b")), ("For (a) and (b):", ("a", "b")),
    ("a, b and c", ("a", "b", "c")), ("a-c", ("a", "b", "c")), ("(a) \u2013 (c)", ("a", "b", "c")),
    ("", ()), ("the care homes work", None),
])
def test_the_for_activities_cell_reads_as_the_team_writes_it(typed, letters):
    assert letters_of(typed) == letters


def test_activities_sharing_points_are_one_row_in_the_order_of_their_first_activity():
    acts = ["Care homes", "Home visits", "Telephone triage", "Primary Care Home"]
    scoping = Point("Progress update", "Scoping", "Sep 2017")
    groups = group_activities(acts, [("d", Point("Key milestone", "Evaluation")),
                                     ("a, b and c", scoping)])
    assert [[letter for letter, _ in g.activities] for g in groups] == [["a", "b", "c"], ["d"]]
    assert groups[0].points == (scoping,)


def test_points_for_the_whole_workstream_sit_beside_every_activity_no_group_names():
    groups = group_activities(["Plan", "Gap", "Passport"],
                              [("", Point("Progress update", "Leadership in place"))])
    assert len(groups) == 1
    assert [letter for letter, _ in groups[0].activities] == ["a", "b", "c"]


def test_points_about_letters_already_shown_or_not_listed_come_last_naming_them():
    groups = group_activities(["Plan", "Gap"], [("a, b", Point("Key milestone", "One")),
                                                ("a", Point("Key milestone", "Two")),
                                                ("z", Point("Key milestone", "Three"))])
    assert [g.refers for g in groups] == ["", f"(a), {SHOWN_ABOVE}", f"(z): {NOT_LISTED}"]


def test_by_region_puts_each_practice_groups_workstreams_together(tmp_path):
    shared = [{"workstream": "Model of Care"}, {"workstream": "Workforce"}]
    acts = [{"workstream": w["workstream"], "activity": "An activity"} for w in shared]
    points = [point(workstream=w["workstream"]) for w in shared]
    paths = [a_return(tmp_path, f"{n}.xlsx", about={"region": region}, Workstreams=shared,
                      Activities=acts, Progress=points)
             for n, region in enumerate((PLYMOUTH, SHWD))]
    result = pipeline.consolidate_returns(paths, tmp_path)
    orders = {}
    for by in ("workstream", "region"):
        deck = pipeline.make_deck(result.outputs["programme_report"], tmp_path / f"{by}.pptx",
                                  by=by)
        tbl = board_tables(open_deck(deck.path))[0]
        orders[by] = [re.sub(r"\s+", " ", tbl.cell(r, 0).text) for r in range(1, len(tbl.rows))]
    assert orders["workstream"] == [f"Model of Care {PLYMOUTH}", f"Model of Care {SHWD}",
                                    f"Workforce {PLYMOUTH}", f"Workforce {SHWD}"]
    assert orders["region"] == [f"Model of Care {PLYMOUTH}", f"Workforce {PLYMOUTH}",
                                f"Model of Care {SHWD}", f"Workforce {SHWD}"]


# --- Rendered with LibreOffice --------------------------------------------------------------------


@pytest.mark.render
def test_rendered_no_word_lies_outside_the_slide_or_runs_into_the_footer(demo, long_deck,
                                                                          tmp_path):
    from tests.deck.rendering import TOLERANCE, outside, pages, render

    decks = [demo[0].path, long_deck[1].path]
    pdfs = render(decks, tmp_path)
    footer = {"Working", "in", "partnership", "across", "Western", "Locality", "Plymouth",
              "24/01/18"}
    for deck, pdf in zip(decks, pdfs, strict=True):
        found = pages(pdf)
        assert len(found) == len(open_deck(deck).slides)
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{deck.name} slide {number}: {outside_words[:10]}"
            if number == 1:
                continue
            allowed = footer | {str(number)}
            below = [w.text for w in page.words if w.y1 > theme.FOOTER_TOP + TOLERANCE
                     and (w.y0 < theme.FOOTER_TOP - TOLERANCE or w.text not in allowed)]
            assert not below, f"{deck.name} slide {number}: {below[:10]}"
