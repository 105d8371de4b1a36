"""The highlight report's portfolio slides (seed 001, Primary Care Restoration and Recovery,
West Sussex, 11/11/2020): strategic objectives, programme overview, critical path, closed work
streams ("Celebrating Success") and task-and-finish actions, drawn from real returns."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from docs.layouts.make_examples import FOOTER_TOP
from pcxl import pipeline
from pcxl.deck import draw_deck
from pcxl.declaration import load_tracker
from pcxl.demo import seed as demo_seed
from pcxl.demo import write_demo_returns
from pcxl.validate.run import validate_return
from tests.builders import (
    DEFAULT_MILESTONES,
    DEFAULT_UPDATES,
    DEFAULT_WORKSTREAMS,
    make_return,
    make_workbook,
)
from tests.deck.builders import (
    PROGRAMME,
    REGIONS,
    WEST,
    action,
    make_dataset,
    milestone,
    workstream,
)
from tests.deck.reading import cells, fill, named, open_deck, table

TRACKER = load_tracker("highlight")
EAST, BRIGHTON = REGIONS[1], REGIONS[2]
SMI = "Serious Mental Illness (SMI) LCS"
BLUE, GREEN, RED, AMBER = "005EB8", "009639", "DA291C", "FFB81C"

# The seed's five strategic objectives, in its order.
OBJECTIVES = [
    "Delivering access to safe, high quality & effective services",
    "Capturing & building on innovation & transformation",
    "Six systems delivering world class, place based health & care",
    "Resilient & supported health & care workforce",
    "Financially sustainable systems",
]
PROGRAMMES = ["A. Primary Care & Community Services Joint Working", "B. General Practice",
              "C. Medicines Optimisation"]


# --- Builders -----------------------------------------------------------------------------------


def seed() -> dict:
    return demo_seed(TRACKER.name)


def write_seed_returns(folder: Path) -> list[Path]:
    """The demo's returns of this tracker, written as ``pcxl demo`` writes them."""
    return write_demo_returns(folder, [TRACKER.name])


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo deck as ``pcxl demo`` draws it: from the consolidated workbook read back."""
    folder = tmp_path_factory.mktemp("highlight_portfolio")
    result = pipeline.consolidate_returns(write_seed_returns(folder / "returns"), folder)
    built = pipeline.make_deck(result.outputs["highlight"], folder / "highlight_report.pptx",
                               area=seed()["area"])
    return result, built, open_deck(built.path)


def slides_of(prs, title: str) -> list:
    """The slides titled ``title`` and its "(cont.)" slides, in order; on the engine's deck
    also the slides whose table is headed so (the critical path's groups, one block)."""
    wanted = (title, f"{title} (cont.)")

    def heads(slide) -> list[str]:
        found = [slide.shapes.title] if slide.shapes.title is not None else []
        found += [s for s in slide.shapes if s.name in ("Title", "Table heading")]
        return [s.text_frame.text for s in found]

    return [s for s in prs.slides if any(h in wanted for h in heads(s))]


def rows_of(prs, title: str, name: str) -> list[list[str]]:
    """The body rows of table ``name`` on every slide of ``title``, header rows left out."""
    return [row for s in slides_of(prs, title) for row in cells(table(s, name))[1:]]


def deck_of(folder: Path, returns: list[Path], name: str = "deck"):
    result = pipeline.consolidate_returns(returns, folder / f"{name}.xlsx")
    built = draw_deck(result.datasets["highlight"], folder / f"{name}.pptx")
    return built, open_deck(built.path)


def problems_by_cell(report):
    return {(p.code, p.cell): p for p in report.problems}


def objective(number: object, title: str, **fields) -> dict:
    return {"number": number, "objective": title, **fields}


def programme(letter: str, name: str, **fields) -> dict:
    return {"letter": letter, "programme": name, **fields}


def programme_office_return(folder: Path, name: str = "office.xlsx", *, region: str = WEST,
                            objectives=(), programmes=()) -> Path:
    """A good highlight return that also fills the programme-level sheets."""
    about = {"programme": PROGRAMME, "region": region, "period": "November 2020",
             "submitted_by": "Keith Hoare"}
    return make_workbook(folder, TRACKER, name, about=about, Workstreams=DEFAULT_WORKSTREAMS,
                         Milestones=DEFAULT_MILESTONES, Updates=DEFAULT_UPDATES,
                         Objectives=objectives, Programmes=programmes)


# --- Declaration and template -------------------------------------------------------------------


def test_the_programme_level_sheets_follow_the_five_regional_sheets():
    assert [s.name for s in TRACKER.sheets] == ["Workstreams", "Milestones", "Updates", "Actions",
                                                "Risks", "Objectives", "Programmes"]
    assert TRACKER.sheet("Objectives").keys == ["number", "objective", "sro", "lead",
                                                "statement", "priorities", "workstreams"]
    assert TRACKER.sheet("Programmes").keys == ["letter", "programme", "purpose",
                                                "key_objectives", "outcomes"]
    assert TRACKER.about_field("vision").required is False


def test_the_template_takes_whole_objective_numbers_and_wraps_the_priorities(tmp_path):
    from pcxl.excel.template import write_template

    wb = openpyxl.load_workbook(write_template(TRACKER, tmp_path / "t.xlsx"))
    ws = wb["Objectives"]
    assert [c.value for c in ws[1]][:7] == ["No.", "Strategic objective", "SRO", "Lead",
                                            "Statement", "Priorities", "Local workstreams"]
    number = [dv for dv in ws.data_validations.dataValidation if "A2" in dv.sqref]
    assert [dv.type for dv in number] == ["whole"]
    assert ws["F2"].alignment.wrap_text
    assert [c.value for c in wb["Programmes"][1]][:5] == [
        "Letter", "Programme", "Purpose / description", "Key objectives",
        "Expected outcomes / benefits"]


# --- Validation ---------------------------------------------------------------------------------


def test_a_regional_return_may_leave_the_programme_sheets_blank(tmp_path):
    report = validate_return(make_return(tmp_path))
    assert report.valid and report.problems == []


def test_a_programme_office_return_with_objectives_and_programmes_is_valid(tmp_path):
    path = programme_office_return(
        tmp_path, objectives=[objective(1, OBJECTIVES[0], sro="TBC", priorities="One\nTwo")],
        programmes=[programme("A", "General Practice", key_objectives="First\nSecond")])
    report = validate_return(path)
    assert report.valid and report.problems == [], report.problems


def test_an_objective_without_its_number_is_an_error_at_its_cell(tmp_path):
    path = programme_office_return(tmp_path, objectives=[objective(1, OBJECTIVES[0]),
                                                         objective(None, OBJECTIVES[1])])
    report = validate_return(path)
    problem = problems_by_cell(report)[("required", "Objectives!A3")]
    assert problem.severity == "error"
    assert problem.column == "No."
    assert not report.valid


def test_an_objective_number_in_words_is_an_error_at_its_cell(tmp_path):
    path = programme_office_return(tmp_path, objectives=[objective("one", OBJECTIVES[0])])
    problem = problems_by_cell(validate_return(path))[("not-a-number", "Objectives!A2")]
    assert problem.value == "one"


def test_a_programme_letter_given_twice_is_an_error_at_each_cell(tmp_path):
    path = programme_office_return(tmp_path, programmes=[programme("A", "General Practice"),
                                                         programme("A", "Medicines")])
    found = problems_by_cell(validate_return(path))
    assert ("duplicate-value", "Programmes!A2") in found
    assert ("duplicate-value", "Programmes!A3") in found


# --- The demo deck: order -----------------------------------------------------------------------


def test_the_demo_returns_give_the_programme_content_from_west_sussex(demo):
    result, _, _ = demo
    dataset = result.datasets["highlight"]
    assert set(dataset.frames["Objectives"]["region"]) == {WEST}
    assert set(dataset.frames["Programmes"]["region"]) == {WEST}
    assert dataset.about["vision"].startswith("In restoring & recovering services")


def test_the_report_runs_framework_portfolio_roll_ups_workstreams_then_the_actions(demo):
    """Seed 001's order: the framework, the portfolio, the critical path and the closed work
    streams before the workstreams; the task-and-finish actions last."""
    _, built, prs = demo
    names = built.titles
    assert names[:5] == [PROGRAMME, "Strategic objectives", "Workstreams by strategic objective",
                         "Programme overview", "Portfolio summary"]
    assert names[5:8] == ["Escalations", "Milestone slippage", "Critical path"]
    closed = names.index("Closed Work streams and Projects")
    assert all(t == "Critical path (cont.)" for t in names[8:closed])
    assert all(t.startswith("Work stream: ") for t in names[closed + 1:-1])
    assert names[-1] == "Task and Finish Group Actions"
    paths = [s.text_frame.text for slide in prs.slides for s in slide.shapes
             if s.name == "Table heading" and s.text_frame.text.startswith("Critical Path")
             and not s.text_frame.text.endswith("(cont.)")]
    assert paths == ["Critical Path - General Practice", "Critical Path - Other work streams"]


# --- Strategic objectives and programme overview ------------------------------------------------


def test_strategic_objectives_are_one_column_each_in_the_seeds_order(demo):
    _, _, prs = demo
    slide = slides_of(prs, "Strategic objectives")[0]
    header, summary, priorities = cells(table(slide, "Objectives"))
    assert header == OBJECTIVES
    assert all(s.startswith("SRO: TBC | Lead: TBC\v") for s in summary)
    assert summary[0].endswith("future surge pressures (Covid-19, Seasonal Flu)")
    assert priorities[4].split("\v") == [
        "1. Introduce adjusted QOF payment for remainder of 20/21",
        "2. Continue with GPFV investment",
        "3. LCS Payment protection covering historic activity extended until the end of the "
        "financial year 20/21"]


def test_priorities_are_numbered_and_sub_points_keep_their_letter(demo):
    _, _, prs = demo
    priorities = cells(table(slides_of(prs, "Strategic objectives")[0], "Objectives"))[2]
    lines = priorities[0].split("\v")
    assert lines[0].startswith("1. Continue to safely reinstate General Practice services")
    assert lines[1:3] == ["a) Long-term conditions; and", "b) Identified as Vulnerable"]
    assert lines[3].startswith("2. Consolidate 'hot sites'")
    assert lines[4].startswith("3. Ensure a seamless transition")
    assert [line.split(".")[0] for line in priorities[2].split("\v")] == list("123456")


def test_the_vision_sits_above_the_objectives(demo):
    _, _, prs = demo
    vision = named(slides_of(prs, "Strategic objectives")[0], "Vision").text_frame.text
    assert vision.startswith("Vision: In restoring & recovering services we will take")
    assert vision.endswith("with a focus on the most vulnerable")


def test_each_objective_lists_the_workstreams_that_deliver_it(demo):
    _, _, prs = demo
    header, listed = cells(table(slides_of(prs, "Workstreams by strategic objective")[0],
                                 "Objective workstreams"))
    assert header == OBJECTIVES
    assert listed[2].split("\v") == [
        "1. Shielded and High risk patients", "2. Additional General Practice support to Care "
        "Homes", "3. Primary Care Networks", "4. Additional Roles Reimbursement Scheme (ARRS) "
        "and work force planning", "5. Pharmacy and medicines support to care homes",
        "6. Early Cancer Diagnoses DES", "7. Rollout of the RESPECT tool (interface with "
        "Planned Care)"]


def test_the_programme_overview_has_a_column_per_programme_and_the_seeds_rows(demo):
    _, _, prs = demo
    rows = cells(table(slides_of(prs, "Programme overview")[0], "Programmes"))
    assert rows[0] == ["", *PROGRAMMES]
    assert [r[0] for r in rows[1:]] == ["Purpose / description", "Key objectives",
                                        "Expected outcomes / benefits"]
    assert rows[1][2].startswith("To develop a framework that describes a new model of care")
    assert rows[2][1].split("\v")[0] == ("\u2022 Enhance existing joint ways of working "
                                        "between Primary Care and Community Service teams.")
    assert rows[3][3].split("\v") == [
        "\u2022 Improved Primary Care quality and resilience",
        "\u2022 Improved patient safety and outcomes.",
        "\u2022 Improved efficiencies to the Primary Care Prescribing budget"]


def test_objectives_and_programmes_several_regions_give_are_drawn_once(tmp_path):
    west = programme_office_return(
        tmp_path, "west.xlsx", objectives=[objective(2, "Second"), objective(1, "First")],
        programmes=[programme("A", "Joint Working"), programme("B", "General Practice")])
    east = programme_office_return(
        tmp_path, "east.xlsx", region=EAST,
        objectives=[objective(1, "First, as East Sussex words it"), objective(3, "Third")],
        programmes=[programme("B", "General Practice"), programme("C", "Medicines")])
    _, prs = deck_of(tmp_path, [west, east])
    objectives = cells(table(slides_of(prs, "Strategic objectives")[0], "Objectives"))[0]
    assert objectives == ["First", "Second", "Third"]
    overview = cells(table(slides_of(prs, "Programme overview")[0], "Programmes"))[0]
    assert overview == ["", "A. Joint Working", "B. General Practice", "C. Medicines"]


def test_without_objectives_or_programmes_there_are_no_framework_slides(tmp_path):
    built = draw_deck(make_dataset([WEST], [workstream(SMI)]), tmp_path / "d.pptx")
    assert built.titles == [PROGRAMME, "Portfolio summary", f"Work stream: {SMI}"]


def test_more_objectives_than_fit_continue_on_the_next_slide_with_their_rows(tmp_path):
    path = programme_office_return(tmp_path, objectives=[
        objective(n, f"Objective {n}", priorities=f"Priority of {n}") for n in range(1, 8)])
    _, prs = deck_of(tmp_path, [path])
    slides = slides_of(prs, "Strategic objectives")
    assert [s.shapes.title.text for s in slides] == ["Strategic objectives",
                                                     "Strategic objectives (cont.)"]
    first, second = (cells(table(s, "Objectives")) for s in slides)
    assert first[0] == [f"Objective {n}" for n in range(1, 5)]
    assert second[0] == [f"Objective {n}" for n in range(5, 8)]
    assert second[2] == [f"1. Priority of {n}" for n in range(5, 8)]


# --- Critical path ------------------------------------------------------------------------------


def _marker(prs, title: str, label: str) -> tuple[str, str, str | None]:
    """(month header, marker text, fill) of the critical path row starting ``label``."""
    for slide in slides_of(prs, title):
        tbl = table(slide, "Critical path")
        header = [c.text for c in tbl.rows[0].cells]
        for row in list(tbl.rows)[1:]:
            if row.cells[0].text.startswith(label):
                marked = [(i, c) for i, c in enumerate(row.cells) if i and fill(c)]
                assert len(marked) == 1, [c.text for c in row.cells]
                i, cell = marked[0]
                return header[i], cell.text, fill(cell)
    raise AssertionError(f"no critical path row {label!r}")


def test_critical_path_markers_sit_in_the_due_month_labelled_with_the_day(demo):
    _, _, prs = demo
    gp = "Critical Path - General Practice"
    assert _marker(prs, gp, f"{SMI}: Agreed Trajectories") == ("Sep 2020", "09/09\vAchieved", BLUE)
    assert _marker(prs, gp, f"{SMI}: Final SOP signed off at T&F Group") == (
        "Oct 2020", "20/10\vOff track", RED)
    assert _marker(prs, gp, f"{SMI}: SOP issued") == ("Oct 2020", "Oct\vOn track", GREEN)
    assert _marker(prs, gp, "Care Home supplementary LCS (NEW): Project Closure") == (
        "Dec 2020", "04/12\vOn track", GREEN)
    assert _marker(prs, gp, "Prevention \u2013 Screening: Work stream documentation") == (
        "Jun 2020", "w/c 29/06\vAchieved", BLUE)
    other = "Critical Path - Other work streams"
    assert _marker(prs, other, "Primary Care Networks: PCNs have detailed the arrangements "
                               "with local community services") == ("Sep 2020", "30/09\vDelayed",
                                                                    RED)
    assert _marker(prs, other, "Primary Care Networks: Transfer of Improved Access") == (
        "Apr 2021", "01/04\vOn track", GREEN)
    assert _marker(prs, other, "Winter Planning and Urgent Care interface: Ratification") == (
        "Oct 2020", "07/10\vAt risk", AMBER)


def test_a_revised_date_shows_the_baseline_struck_through_in_its_month(demo):
    _, _, prs = demo
    phase_2 = "Quality, Education and sharing of good practice: Phase 2"
    slide, row = next((s, r) for s in slides_of(prs, "Critical Path - General Practice")
                      for r in list(table(s, "Critical path").rows)[1:]
                      if r.cells[0].text.startswith(phase_2))
    header = [c.text for c in table(slide, "Critical path").rows[0].cells]
    texts = dict(zip(header, (c.text for c in row.cells), strict=True))
    assert texts["Sep 2020"] == "30/09"
    assert texts["Oct 2020"] == "13/10\vAchieved"
    baseline = row.cells[header.index("Sep 2020")]
    assert baseline.text_frame.paragraphs[0].runs[0]._r.get_or_add_rPr().get("strike") == \
        "sngStrike"
    assert fill(baseline) is None
    assert named(slide, "Aside").text_frame.text == "Struck through: the date first agreed"


def test_a_milestone_without_a_date_is_marked_tbc_in_the_last_column(demo):
    _, _, prs = demo
    assert _marker(prs, "Critical Path - General Practice",
                   "Prevention \u2013 Screening: To be completed") == ("Date TBC", "TBC", "E8EDEE")
    assert _marker(prs, "Critical Path - General Practice",
                   "Self-refer into services: Directorate responsibility confirmed") == (
        "Date TBC", "TBC\vDelayed", RED)


def test_every_open_milestone_is_on_the_critical_path_once_in_date_order(demo):
    result, _, prs = demo
    dataset = result.datasets["highlight"]
    closed = set(dataset.frames["Workstreams"].query("state == 'Closed'")["workstream"])
    milestones = dataset.frames["Milestones"]
    expected = {f"{m.workstream}: {m.milestone}" for m in milestones.itertuples()
                if m.workstream not in closed}
    found = [r[0] for t in ("Critical Path - General Practice",
                            "Critical Path - Other work streams")
             for r in rows_of(prs, t, "Critical path")]
    assert sorted(found) == sorted(expected)  # SMI LCS, reported by two regions alike, once
    for title in ("Critical Path - General Practice", "Critical Path - Other work streams"):
        columns = [next(i for i, c in enumerate(row.cells) if i and fill(c))
                   for slide in slides_of(prs, title)
                   for row in list(table(slide, "Critical path").rows)[1:]]
        assert columns == sorted(columns), title


def test_a_long_span_of_months_is_shared_between_slides(tmp_path):
    dates = ["15/04/20", "15/06/20", "15/09/20", "15/11/20", "15/01/21", "15/03/21"]
    data = make_dataset([WEST], [workstream(SMI)],
                        [milestone(SMI, f"Step {n}", d, "On track") for n, d in enumerate(dates)])
    built = draw_deck(data, tmp_path / "d.pptx")
    prs = open_deck(built.path)
    slides = slides_of(prs, "Critical Path - General Practice")
    assert [named(s, "Title").text_frame.text for s in slides] == [
        "Critical path", "Critical path (cont.)"]
    assert [named(s, "Table heading").text_frame.text for s in slides] == [
        "Critical Path - General Practice", "Critical Path - General Practice (cont.)"]
    first, second = (cells(table(s, "Critical path")) for s in slides)
    assert first[0] == ["Milestone", "Apr 2020", "May 2020", "Jun 2020", "Jul 2020", "Aug 2020",
                        "Sep 2020"]
    assert second[0] == ["Milestone", "Oct 2020", "Nov 2020", "Dec 2020", "Jan 2021",
                         "Feb 2021", "Mar 2021"]
    assert [r[0] for r in first[1:]] == [f"{SMI}: Step {n}" for n in range(3)]
    assert [r[0] for r in second[1:]] == [f"{SMI}: Step {n}" for n in range(3, 6)]


def test_regions_reporting_a_milestone_differently_are_named(tmp_path):
    data = make_dataset(REGIONS[:2], [workstream(SMI), workstream(SMI, region=EAST)],
                        [milestone(SMI, "Agreed Trajectories", "09/09/20", "Achieved"),
                         milestone(SMI, "Agreed Trajectories", "09/10/20", "Delayed",
                                   region=EAST)])
    prs = open_deck(draw_deck(data, tmp_path / "d.pptx").path)
    labels = [r[0] for r in rows_of(prs, "Critical Path - General Practice", "Critical path")]
    assert labels == [f"{SMI}: Agreed Trajectories ({WEST})",
                      f"{SMI}: Agreed Trajectories ({EAST})"]


def test_closed_workstreams_have_no_critical_path_or_actions(tmp_path):
    data = make_dataset([WEST], [workstream("BAME LCS", state="Closed")],
                        [milestone("BAME LCS", "Launch", "07/08/20", "Completed")],
                        actions=[action("BAME LCS", "Write to practices")])
    built = draw_deck(data, tmp_path / "d.pptx")
    assert built.titles == [PROGRAMME, "Portfolio summary", "Closed Work streams and Projects"]


# --- Closed work streams and task-and-finish actions --------------------------------------------


def test_celebrating_success_lists_closed_work_streams_in_the_order_closed(demo):
    _, _, prs = demo
    slide = slides_of(prs, "Closed Work streams and Projects")[0]
    assert named(slide, "Table heading").text_frame.text == "Celebrating Success"
    rows = cells(table(slide, "Closed work streams"))
    assert rows[0] == ["Date agreed as closed by Oversight Group", "Project",
                       "Original objective", "Outcome", "Region"]
    assert [r[:2] + r[3:] for r in rows[1:]] == [
        ["7 th Aug 2020", "BAME LCS", "Delivered", WEST],  # each date as the team wrote it
        ["August 2020", "Diabetes Standard Operating Procedure", "Delivered", BRIGHTON],
        ["19 th Sept 2020", "Consolidation of hot sites", "Delivered", WEST]]
    assert rows[1][2].startswith("Introduce an LCS to maximum possible practices")
    assert rows[3][2].split("\v")[1] == ("- The work stream established the operating model "
                                         "design for General Practice moving forward in the "
                                         "context of the ongoing pandemic response.")


def test_task_and_finish_actions_list_action_group_target_owner_and_status(demo):
    _, _, prs = demo
    slide = slides_of(prs, "Task and Finish Group Actions")[0]
    tbl = table(slide, "T&F actions")
    rows = cells(tbl)
    assert rows[0] == ["Action", "T&F group", "Target date", "Owner", "Status", "Region"]
    owner = "Hugo Luck / Mandy Catchpole"
    assert [r[1:] for r in rows[1:]] == [["Patients", "", owner, "Completed", WEST],
                                         ["Patients", "05/10/20\nOverdue", owner, "", WEST],
                                         ["Patients", "01/11/20", owner, "", WEST],
                                         ["Patients", "01/11/20", owner, "", WEST],
                                         ["Patients", "", owner, "Completed", WEST]]
    assert [r[0][:40] for r in rows[1:]] == [
        "Development of a mixed model for vaccina", "Contractual arrangements to be developed",
        "Establish vaccination model for homeless", "Review of NHS Provider vaccination progr",
        "Development of mechanisms to allocate ad"]
    assert fill(tbl.cell(1, 4)) == BLUE


def test_actions_several_regions_report_alike_are_one_row_naming_them(tmp_path):
    flu = "Patients Flu Vaccinations"
    data = make_dataset(REGIONS, [workstream(flu, region=r) for r in REGIONS],
                        actions=[action(flu, "Establish vaccination model", target="01/11/20",
                                        owner="Hugo Luck", region=r) for r in (WEST, BRIGHTON)]
                        + [action(flu, "Review provider programme", group="", region=EAST)])
    prs = open_deck(draw_deck(data, tmp_path / "d.pptx").path)
    rows = rows_of(prs, "Task and Finish Group Actions", "T&F actions")
    assert rows == [["Establish vaccination model", "Patients", "01/11/20", "Hugo Luck", "",
                     f"{WEST}, {BRIGHTON}"],
                    ["Review provider programme", "", "", "", "", EAST]]  # no group given


# --- Rendered -----------------------------------------------------------------------------------


@pytest.mark.render
def test_the_rendered_portfolio_slides_keep_every_word_on_the_slide(demo, tmp_path):
    from tests.deck.rendering import TOLERANCE, outside, overlaps, pages, render

    _, built, _ = demo
    long = "\n".join(f"Priority {n}: agree and deliver the plan with partners across the system"
                     for n in range(40))
    path = programme_office_return(tmp_path, objectives=[
        objective(n, f"Objective {n}", statement="A statement " * 30, priorities=long)
        for n in range(1, 7)], programmes=[programme("A", "Joint Working", purpose=long)])
    long_deck, _ = deck_of(tmp_path, [path], name="long")
    portfolio = ("Strategic", "Workstreams by", "Programme", "Critical", "Closed", "Task")
    for result, pdf in zip([built, long_deck], render([built.path, long_deck.path], tmp_path),
                           strict=True):
        found = pages(pdf)
        assert len(found) == result.slides
        for number, (title, page) in enumerate(zip(result.titles, found, strict=True), start=1):
            if not title.startswith(portfolio):
                continue
            outside_words = outside(page)
            assert not outside_words, f"{result.path.name} slide {number}: {outside_words[:10]}"
            footer = "Working in partnership across Sussex West Sussex Nov 2020 " + str(number)
            below = [w.text for w in page.words if w.y1 > FOOTER_TOP + TOLERANCE
                     and (w.y0 < FOOTER_TOP - TOLERANCE or w.text not in footer.split())]
            assert not below, f"{result.path.name} slide {number}: {below[:10]}"
            clashes = overlaps(page.words)
            assert not clashes, f"{result.path.name} slide {number}: {clashes[:5]}"
